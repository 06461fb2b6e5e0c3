"""`tf.train`: device placement for distributed graphs, clusters and in-process servers."""

from tfvars.framework.graph_io import write_graph
from tfvars.train.device_setter import replica_device_setter
from tfvars.train.server_lib import ClusterDef, ClusterSpec, JobDef, Server, ServerDef
from tfvars.train.adadelta import AdadeltaOptimizer
from tfvars.train.adagrad import AdagradOptimizer
from tfvars.train.adam import AdamOptimizer
from tfvars.train.ftrl import FtrlOptimizer
from tfvars.train.gradient_descent import GradientDescentOptimizer
from tfvars.train.learning_rate_decay import (
    cosine_decay, exponential_decay, inverse_time_decay, natural_exp_decay, piecewise_constant, polynomial_decay,
)
from tfvars.train.momentum import MomentumOptimizer
from tfvars.train.moving_averages import ExponentialMovingAverage
from tfvars.train.optimizer import Optimizer
from tfvars.train.rmsprop import RMSPropOptimizer
from tfvars.train.checkpoint_management import (
    CheckpointState, checkpoint_exists, generate_checkpoint_state_proto, get_checkpoint_mtimes, get_checkpoint_state,
    latest_checkpoint, remove_checkpoint, update_checkpoint_state,
)
from tfvars.train.checkpoint_utils import (
    NewCheckpointReader, init_from_checkpoint, list_variables, load_checkpoint, load_variable,
)
from tfvars.train.saver import Saver, SaverDef
from tfvars.train.basic_session_run_hooks import (
    CheckpointSaverHook, CheckpointSaverListener, FeedFnHook, FinalOpsHook, LoggingTensorHook,
    NanLossDuringTrainingError, NanTensorHook, SecondOrStepTimer, StepCounterHook, StopAtStepHook,
)
from tfvars.train.monitored_session import MonitoredSession, MonitoredTrainingSession, SingularMonitoredSession
from tfvars.train.scaffold import ChiefSessionCreator, Scaffold, SessionCreator, WorkerSessionCreator
from tfvars.train.session_manager import SessionManager
from tfvars.train.session_run_hook import SessionRunArgs, SessionRunContext, SessionRunHook, SessionRunValues
from tfvars.train.training_util import (
    assert_global_step, create_global_step, get_global_step, get_or_create_global_step, global_step,
)

__all__ = ["ClusterDef", "ClusterSpec", "JobDef", "Server", "ServerDef", "replica_device_setter", "write_graph"]
# Optimizers and the global step.
__all__ += [
    "AdadeltaOptimizer", "AdagradOptimizer", "AdamOptimizer", "FtrlOptimizer", "GradientDescentOptimizer",
    "MomentumOptimizer", "Optimizer", "RMSPropOptimizer",
    "assert_global_step", "create_global_step", "get_global_step", "get_or_create_global_step", "global_step",
    "cosine_decay", "exponential_decay", "inverse_time_decay", "natural_exp_decay", "piecewise_constant",
    "polynomial_decay", "ExponentialMovingAverage",
]
# Checkpoints.
__all__ += [
    "CheckpointState", "NewCheckpointReader", "Saver", "SaverDef", "checkpoint_exists",
    "generate_checkpoint_state_proto", "get_checkpoint_mtimes", "get_checkpoint_state", "init_from_checkpoint",
    "latest_checkpoint", "list_variables", "load_checkpoint", "load_variable", "remove_checkpoint",
    "update_checkpoint_state",
]
# Monitored sessions and hooks.
__all__ += [
    "CheckpointSaverHook", "CheckpointSaverListener", "ChiefSessionCreator", "FeedFnHook", "FinalOpsHook",
    "LoggingTensorHook", "MonitoredSession", "MonitoredTrainingSession", "NanLossDuringTrainingError",
    "NanTensorHook", "Scaffold", "SecondOrStepTimer", "SessionCreator", "SessionManager", "SessionRunArgs",
    "SessionRunContext", "SessionRunHook", "SessionRunValues", "SingularMonitoredSession", "StepCounterHook",
    "StopAtStepHook", "WorkerSessionCreator",
]
