"""`tf.estimator`: Estimator, EstimatorSpec, ModeKeys, RunConfig, and the numpy input function."""

from tfvars.estimator import export
from tfvars.estimator import inputs
from tfvars.estimator.estimator import Estimator
from tfvars.estimator.model_fn import EstimatorSpec, ModeKeys
from tfvars.estimator.run_config import RunConfig
from tfvars.train.basic_session_run_hooks import (
    CheckpointSaverHook, CheckpointSaverListener, FeedFnHook, FinalOpsHook, LoggingTensorHook,
    NanLossDuringTrainingError, NanTensorHook, SecondOrStepTimer, StepCounterHook, StopAtStepHook,
)
from tfvars.train.session_run_hook import SessionRunArgs, SessionRunContext, SessionRunHook, SessionRunValues

__all__ = [
    "CheckpointSaverHook", "CheckpointSaverListener", "Estimator", "EstimatorSpec", "FeedFnHook", "FinalOpsHook",
    "LoggingTensorHook", "ModeKeys", "NanLossDuringTrainingError", "NanTensorHook", "RunConfig", "SecondOrStepTimer",
    "SessionRunArgs", "SessionRunContext", "SessionRunHook", "SessionRunValues", "StepCounterHook", "StopAtStepHook",
    "export", "inputs",
]
