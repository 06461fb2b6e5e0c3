"""The standard hooks: stop at a step, log tensors, save checkpoints, count steps, catch a NaN loss.

Hooks that need the step read the global step through one cached tensor,
"global_step/add:0" (its value plus 0, read only once the variable is
initialised), made at their `begin()`, as TF 1.x does.

TF 1.x: nothing writes event files here (there is no summary writer), so
`CheckpointSaverHook` and `StepCounterHook` log what TF would also record as
summaries.
"""

import os
import time

import numpy as np

from tfvars.framework import graph as _graph
from tfvars.framework.graph_io import write_graph
from tfvars.framework.graph_keys import GraphKeys
from tfvars.platform import tf_logging as logging
from tfvars.train import training_util
from tfvars.train.session_run_hook import SessionRunArgs, SessionRunHook
from tfvars.variables import Variable

__all__ = [
    "CheckpointSaverHook", "CheckpointSaverListener", "FeedFnHook", "FinalOpsHook", "LoggingTensorHook",
    "NanLossDuringTrainingError", "NanTensorHook", "SecondOrStepTimer", "StepCounterHook", "StopAtStepHook",
]

# TF's training_util.GLOBAL_STEP_READ_KEY: the collection caching the global step's read tensor.
GLOBAL_STEP_READ_KEY = "global_step_read_op_cache"


def get_or_create_global_step_read(graph=None):
    """The tensor "global_step/add:0": the global step's value (+ 0), once it is initialised; None without one.

    Made once per graph (kept in the "global_step_read_op_cache" collection), outside
    any name scope, as TF 1.x's `training_util._get_or_create_global_step_read`.
    """
    graph = graph or _graph.get_default_graph()
    cached = graph.get_collection(GLOBAL_STEP_READ_KEY)
    if cached:
        return cached[0]
    global_step_tensor = training_util.get_global_step(graph)
    if global_step_tensor is None:
        return None
    with graph.as_default(), graph.name_scope(None), graph.name_scope(global_step_tensor.op.name + "/"):
        # An initialised read lets a model built under a dependency on it read the step at step 0.
        value = (global_step_tensor.initialized_value() if isinstance(global_step_tensor, Variable)
                 else global_step_tensor)
        read_tensor = value + 0
    graph.add_to_collection(GLOBAL_STEP_READ_KEY, read_tensor)
    return read_tensor


def _global_step_read_or_raise(hook_name):
    tensor = get_or_create_global_step_read()
    if tensor is None:
        raise RuntimeError("Global step should be created to use %s." % hook_name)
    return tensor


class SecondOrStepTimer:
    """Tells whether `every_secs` seconds or `every_steps` steps have passed since it last triggered.

    Raises:
      ValueError: unless exactly one of `every_secs` and `every_steps` is given.
    """

    def __init__(self, every_secs=None, every_steps=None):
        if every_secs is None and every_steps is None:
            raise ValueError("Either every_secs or every_steps should be provided.")
        if every_secs is not None and every_steps is not None:
            raise ValueError("Can not provide both every_secs and every_steps.")
        self._every_secs = every_secs
        self._every_steps = every_steps
        self.reset()

    def reset(self):
        self._last_triggered_step = None
        self._last_triggered_time = None

    def should_trigger_for_step(self, step):
        """True at the first call, then once the interval has passed (never twice for one step)."""
        if self._last_triggered_step is None:
            return True
        if self._last_triggered_step == step:
            return False
        if self._every_secs is not None and time.time() >= self._last_triggered_time + self._every_secs:
            return True
        return self._every_steps is not None and step >= self._last_triggered_step + self._every_steps

    def update_last_triggered_step(self, step):
        """Records a trigger at `step`; returns (seconds, steps) since the previous one, or (None, None)."""
        now = time.time()
        if self._last_triggered_time is None:
            elapsed = (None, None)
        else:
            elapsed = (now - self._last_triggered_time, step - self._last_triggered_step)
        self._last_triggered_time = now
        self._last_triggered_step = step
        return elapsed

    def last_triggered_step(self):
        return self._last_triggered_step


class _NeverTriggerTimer(SecondOrStepTimer):
    """A timer that never triggers (for a LoggingTensorHook that logs only at the end)."""

    def __init__(self):
        self.reset()

    def should_trigger_for_step(self, step):
        return False


def _as_graph_element(obj):
    """`obj` (a tensor, or a tensor's or one-output op's name) as an element of the default graph.

    Raises:
      ValueError: for an element of another graph, or an op name with several outputs.
    """
    graph = _graph.get_default_graph()
    if not isinstance(obj, str):
        if getattr(obj, "graph", None) is not graph:
            raise ValueError("Passed %s should have graph attribute that is equal to current graph %s."
                             % (obj, graph))
        return obj
    if ":" in obj:
        return graph.as_graph_element(obj)
    element = graph.as_graph_element(obj + ":0")
    try:
        graph.as_graph_element(obj + ":1")
    except (KeyError, ValueError):
        return element
    raise ValueError("Name %s is ambiguous, as this `Operation` has multiple outputs (at least 2)." % obj)


class LoggingTensorHook(SessionRunHook):
    """Logs (at INFO) the values of `tensors` every N runs or seconds, and/or at the end.

    The line reads "loss = 0.25, step = 10 (0.004 sec)": tags in the order of
    the list given (sorted, for a dict), then the time since the last line.

    Args:
      tensors: a dict {tag: tensor or name}, or a list of tensors or names (each its own tag).
      every_n_iter: log every N runs of the session (counting from the first).
      every_n_secs: log every N seconds.
      at_end: log once more when the session ends.
      formatter: a function from {tag: value} to the string to log.

    Raises:
      ValueError: unless at_end or exactly one of every_n_iter and every_n_secs is given, or
        for every_n_iter <= 0.
    """

    def __init__(self, tensors, every_n_iter=None, every_n_secs=None, at_end=False, formatter=None):
        only_log_at_end = at_end and every_n_iter is None and every_n_secs is None
        if not only_log_at_end and (every_n_iter is None) == (every_n_secs is None):
            raise ValueError("either at_end and/or exactly one of every_n_iter and every_n_secs must be provided.")
        if every_n_iter is not None and every_n_iter <= 0:
            raise ValueError("invalid every_n_iter=%s." % every_n_iter)
        if isinstance(tensors, dict):
            self._tag_order = sorted(tensors.keys())
        else:
            self._tag_order = list(tensors)
            tensors = {item: item for item in tensors}
        self._tensors = tensors
        self._formatter = formatter
        self._timer = (_NeverTriggerTimer() if only_log_at_end
                       else SecondOrStepTimer(every_secs=every_n_secs, every_steps=every_n_iter))
        self._log_at_end = at_end

    def begin(self):
        self._timer.reset()
        self._iter_count = 0
        self._current_tensors = {tag: _as_graph_element(tensor) for tag, tensor in self._tensors.items()}

    def before_run(self, run_context):
        self._should_trigger = self._timer.should_trigger_for_step(self._iter_count)
        return SessionRunArgs(self._current_tensors) if self._should_trigger else None

    def after_run(self, run_context, run_values):
        if self._should_trigger:
            self._log_tensors(run_values.results)
        self._iter_count += 1

    def end(self, session):
        if self._log_at_end:
            self._log_tensors(session.run(self._current_tensors))

    def _log_tensors(self, tensor_values):
        elapsed_secs, _ = self._timer.update_last_triggered_step(self._iter_count)
        with np.printoptions(suppress=True):
            if self._formatter:
                logging.info(self._formatter(tensor_values))
                return
            stats = ", ".join("%s = %s" % (tag, tensor_values[tag]) for tag in self._tag_order)
            if elapsed_secs is not None:
                logging.info("%s (%.3f sec)", stats, elapsed_secs)
            else:
                logging.info("%s", stats)


class StopAtStepHook(SessionRunHook):
    """Requests a stop once the global step reaches `last_step` (or the start step + `num_steps`).

    Raises:
      ValueError: unless exactly one of num_steps and last_step is given.
      RuntimeError: at `begin()`, if the graph has no global step.
    """

    def __init__(self, num_steps=None, last_step=None):
        if num_steps is None and last_step is None:
            raise ValueError("One of num_steps or last_step must be specified.")
        if num_steps is not None and last_step is not None:
            raise ValueError("Only one of num_steps or last_step can be specified.")
        self._num_steps = num_steps
        self._last_step = last_step

    def begin(self):
        self._global_step_tensor = _global_step_read_or_raise("StopAtStepHook")

    def after_create_session(self, session, coord):
        if self._last_step is None:
            self._last_step = session.run(self._global_step_tensor) + self._num_steps

    def before_run(self, run_context):
        return SessionRunArgs(self._global_step_tensor)

    def after_run(self, run_context, run_values):
        # The value fetched is the step before this run's train op; read it again to be sure it moved.
        if run_values.results + 1 >= self._last_step:
            if run_context.session.run(self._global_step_tensor) >= self._last_step:
                run_context.request_stop()


class CheckpointSaverListener:
    """Code run around each save of a CheckpointSaverHook; `after_save` returning True stops training."""

    def begin(self):
        pass

    def before_save(self, session, global_step_value):
        pass

    def after_save(self, session, global_step_value):
        pass

    def end(self, session, global_step_value):
        pass


class CheckpointSaverHook(SessionRunHook):
    """Saves a checkpoint "<checkpoint_dir>/model.ckpt-<step>" every N seconds or steps, first and last.

    It saves once the session is made (the state at the start step), then whenever the
    timer triggers after a run, and at `end()` unless the last step is already saved. It
    also writes "graph.pbtxt" into `checkpoint_dir` once the session is made.

    Args:
      checkpoint_dir: the directory for the checkpoints.
      save_secs, save_steps: the interval (exactly one of them).
      saver: the Saver to save with (default: the scaffold's, else the one in the SAVERS collection).
      checkpoint_basename: the checkpoints' base name.
      scaffold: a Scaffold whose saver to use.
      listeners: CheckpointSaverListeners.
      save_graph_def: also write each checkpoint's ".meta" file.

    Raises:
      ValueError: for both `saver` and `scaffold`, or unless exactly one interval is given.
      RuntimeError: at `begin()` without a global step; at the first save with no saver to find.
    """

    def __init__(self, checkpoint_dir, save_secs=None, save_steps=None, saver=None,
                 checkpoint_basename="model.ckpt", scaffold=None, listeners=None, save_graph_def=True):
        logging.info("Create CheckpointSaverHook.")
        if saver is not None and scaffold is not None:
            raise ValueError("You cannot provide both saver and scaffold.")
        self._saver = saver
        self._checkpoint_dir = checkpoint_dir
        self._save_path = os.path.join(checkpoint_dir, checkpoint_basename)
        self._scaffold = scaffold
        self._timer = SecondOrStepTimer(every_secs=save_secs, every_steps=save_steps)
        self._listeners = listeners or []
        self._steps_per_run = 1
        self._save_graph_def = save_graph_def

    def begin(self):
        self._global_step_tensor = _global_step_read_or_raise("CheckpointSaverHook")
        for listener in self._listeners:
            listener.begin()

    def after_create_session(self, session, coord):
        global_step = session.run(self._global_step_tensor)
        # Written here, not at begin(): other hooks may still add ops in their begin().
        write_graph(_graph.get_default_graph().as_graph_def(add_shapes=True), self._checkpoint_dir, "graph.pbtxt")
        self._save(session, global_step)
        self._timer.update_last_triggered_step(global_step)

    def before_run(self, run_context):
        return SessionRunArgs(self._global_step_tensor)

    def after_run(self, run_context, run_values):
        if self._timer.should_trigger_for_step(run_values.results + self._steps_per_run):
            global_step = run_context.session.run(self._global_step_tensor)
            if self._timer.should_trigger_for_step(global_step):
                self._timer.update_last_triggered_step(global_step)
                if self._save(run_context.session, global_step):
                    run_context.request_stop()

    def end(self, session):
        last_step = session.run(self._global_step_tensor)
        if last_step != self._timer.last_triggered_step():
            self._save(session, last_step)
        for listener in self._listeners:
            listener.end(session, last_step)

    def _save(self, session, step):
        """Saves a checkpoint for `step`; returns whether a listener asked to stop."""
        logging.info("Calling checkpoint listeners before saving checkpoint %d...", step)
        for listener in self._listeners:
            listener.before_save(session, step)
        logging.info("Saving checkpoints for %d into %s.", step, self._save_path)
        self._get_saver().save(session, self._save_path, global_step=int(step),
                               write_meta_graph=self._save_graph_def)
        logging.info("Calling checkpoint listeners after saving checkpoint %d...", step)
        should_stop = False
        for listener in self._listeners:
            if listener.after_save(session, step):
                logging.info("A CheckpointSaverListener requested that training be stopped. listener: %s", listener)
                should_stop = True
        return should_stop

    def _get_saver(self):
        if self._saver is not None:
            return self._saver
        if self._scaffold is not None:
            return self._scaffold.saver
        savers = _graph.get_collection(GraphKeys.SAVERS)
        if not savers:
            raise RuntimeError("No items in collection {}. Please add a saver to the collection or provide a saver "
                               "or scaffold.".format(GraphKeys.SAVERS))
        if len(savers) > 1:
            raise RuntimeError("More than one item in collection {}. Please indicate which one to use by passing it "
                               "to the constructor.".format(GraphKeys.SAVERS))
        self._saver = savers[0]
        return self._saver


class StepCounterHook(SessionRunHook):
    """Logs "global_step/sec: <rate>" every N steps or seconds, and warns when the step does not move.

    TF 1.x: also writes the rate as a summary to `output_dir`; here it only logs it.

    Raises:
      ValueError: unless exactly one of every_n_steps and every_n_secs is given (every_n_steps
        counts as given unless None).
      RuntimeError: at `begin()`, if the graph has no global step.
    """

    def __init__(self, every_n_steps=100, every_n_secs=None, output_dir=None, summary_writer=None):
        if (every_n_steps is None) == (every_n_secs is None):
            raise ValueError("exactly one of every_n_steps and every_n_secs should be provided.")
        self._timer = SecondOrStepTimer(every_steps=every_n_steps, every_secs=every_n_secs)
        self._output_dir = output_dir
        self._summary_writer = summary_writer
        self._last_global_step = None
        self._steps_per_run = 1

    def begin(self):
        self._global_step_tensor = _global_step_read_or_raise("StepCounterHook")
        self._summary_tag = training_util.get_global_step().op.name + "/sec"

    def before_run(self, run_context):
        return SessionRunArgs(self._global_step_tensor)

    def after_run(self, run_context, run_values):
        stale_global_step = run_values.results
        if self._timer.should_trigger_for_step(stale_global_step + self._steps_per_run):
            global_step = run_context.session.run(self._global_step_tensor)
            if self._timer.should_trigger_for_step(global_step):
                elapsed_time, elapsed_steps = self._timer.update_last_triggered_step(global_step)
                if elapsed_time:  # a zero interval (a coarse clock) has no rate
                    logging.info("%s: %g", self._summary_tag, elapsed_steps / elapsed_time)
        if stale_global_step == self._last_global_step:
            # Some optimizers move the step only now and then, so warn only the first few times.
            logging.log_first_n(
                logging.WARN,
                "It seems that global step (tf.train.get_global_step) has not been increased. Current value "
                "(could be stable): %s vs previous value: %s. You could increase the global step by passing "
                "tf.train.get_global_step() to Optimizer.apply_gradients or Optimizer.minimize.",
                5, stale_global_step, self._last_global_step)
        self._last_global_step = stale_global_step


class NanLossDuringTrainingError(RuntimeError):
    """Raised by NanTensorHook when the loss is NaN."""

    def __str__(self):
        return "NaN loss during training."


class NanTensorHook(SessionRunHook):
    """Fetches `loss_tensor` each run and fails (or stops, if not `fail_on_nan_loss`) when it is NaN."""

    def __init__(self, loss_tensor, fail_on_nan_loss=True):
        self._loss_tensor = loss_tensor
        self._fail_on_nan_loss = fail_on_nan_loss

    def before_run(self, run_context):
        return SessionRunArgs(self._loss_tensor)

    def after_run(self, run_context, run_values):
        if np.isnan(run_values.results):
            message = "Model diverged with loss = NaN."
            if self._fail_on_nan_loss:
                logging.error(message)
                raise NanLossDuringTrainingError
            logging.warning(message)
            run_context.request_stop()


class FinalOpsHook(SessionRunHook):
    """Runs `final_ops` when the session ends; their values are then in `final_ops_values`."""

    def __init__(self, final_ops, final_ops_feed_dict=None):
        self._final_ops = final_ops
        self._final_ops_feed_dict = final_ops_feed_dict
        self._final_ops_values = None

    @property
    def final_ops_values(self):
        return self._final_ops_values

    def end(self, session):
        if self._final_ops is not None:
            self._final_ops_values = session.run(self._final_ops, feed_dict=self._final_ops_feed_dict)


class FeedFnHook(SessionRunHook):
    """Feeds each run the feed_dict that `feed_fn()` returns."""

    def __init__(self, feed_fn):
        self.feed_fn = feed_fn

    def before_run(self, run_context):
        return SessionRunArgs(fetches=None, feed_dict=self.feed_fn())
