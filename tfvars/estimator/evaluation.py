"""An evaluation's loop: count the batches in a local "eval_step", run the update ops, read the metrics at the end.

TF 1.x keeps this in tensorflow/python/training/evaluation.py (private to Estimator).
"""

import math
import time

from tfvars import initializers
from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.framework.graph_keys import GraphKeys
from tfvars.ops import array_ops, state_ops, variable_scope
from tfvars.platform import tf_logging as logging
from tfvars.train import basic_session_run_hooks as hooks_lib
from tfvars.train.monitored_session import MonitoredSession
from tfvars.train.scaffold import ChiefSessionCreator
from tfvars.train.session_run_hook import SessionRunArgs, SessionRunHook


def get_or_create_eval_step():
    """The local int64 variable "eval_step", in the EVAL_STEP collection, counting evaluated batches.

    Raises:
      ValueError: if EVAL_STEP holds several.
    """
    eval_steps = _graph.get_collection(GraphKeys.EVAL_STEP)
    if len(eval_steps) == 1:
        return eval_steps[0]
    if len(eval_steps) > 1:
        raise ValueError("Multiple tensors added to tf.GraphKeys.EVAL_STEP")
    return variable_scope.get_variable("eval_step", shape=[], dtype=_dtypes.int64,
                                       initializer=initializers.zeros_initializer(), trainable=False,
                                       collections=[GraphKeys.LOCAL_VARIABLES, GraphKeys.EVAL_STEP])


class StopAfterNEvalsHook(SessionRunHook):
    """Stops an evaluation after `num_evals` batches, logging "Evaluation [i/n]"."""

    def __init__(self, num_evals, log_progress=True):
        self._num_evals = num_evals
        self._evals_completed = None
        self._log_progress = log_progress
        self._log_frequency = 1 if num_evals is None or num_evals < 20 else math.floor(num_evals / 10.0)

    def _set_evals_completed_tensor(self, updated_eval_step):
        self._evals_completed = updated_eval_step

    def before_run(self, run_context):
        return SessionRunArgs({"evals_completed": self._evals_completed})

    def after_run(self, run_context, run_values):
        evals_completed = run_values.results["evals_completed"]
        if self._log_progress:
            if self._num_evals is None:
                logging.info("Evaluation [%d]", evals_completed)
            elif evals_completed % self._log_frequency == 0 or self._num_evals == evals_completed:
                logging.info("Evaluation [%d/%d]", evals_completed, self._num_evals)
        if self._num_evals is not None and evals_completed >= self._num_evals:
            run_context.request_stop()


def evaluate_once(checkpoint_path, master, scaffold, eval_ops, final_ops, hooks, config):
    """Runs `eval_ops` until the input ends or a hook stops; returns the values of `final_ops` then."""
    eval_step = get_or_create_eval_step()
    hooks = list(hooks)
    update_eval_step = state_ops.assign_add(eval_step, 1, use_locking=True)
    eval_ops = [eval_ops, update_eval_step]
    with _graph.control_dependencies(eval_ops):
        eval_step_value = array_ops.identity(eval_step.read_value())
    for hook in hooks:
        if isinstance(hook, StopAfterNEvalsHook):
            hook._set_evals_completed_tensor(eval_step_value)
    logging.info("Starting evaluation at " + time.strftime("%Y-%m-%dT%H:%M:%SZ", time.localtime()))
    start = time.time()
    session_creator = ChiefSessionCreator(scaffold=scaffold, checkpoint_filename_with_path=checkpoint_path,
                                          master=master, config=config)
    final_ops_hook = hooks_lib.FinalOpsHook(final_ops)
    hooks.append(final_ops_hook)
    with MonitoredSession(session_creator=session_creator, hooks=hooks) as session:
        while not session.should_stop():
            session.run(eval_ops)
    logging.info("Inference Time : {:0.5f}s".format(time.time() - start))
    logging.info("Finished evaluation at " + time.strftime("%Y-%m-%d-%H:%M:%S", time.localtime()))
    return final_ops_hook.final_ops_values


def log_results(results):
    """Logs "Saving dict for global step 50: global_step = 50, loss = 0.25" as TF does for each evaluation.

    TF 1.x: the values are also written as summaries to the eval directory; not here.
    """
    logging.info("Saving dict for global step %d: %s", results[GraphKeys.GLOBAL_STEP],
                 ", ".join("%s = %s" % (key, value) for key, value in sorted(results.items())
                           if not isinstance(value, bytes)))
