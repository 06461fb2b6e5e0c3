"""`tf.train.SessionManager`: makes a session whose variables are ready, from a checkpoint or by initialising.

`prepare_session` is what frameworks (MonitoredSession, Estimator) do for you:

    1. make a Session, and restore the latest checkpoint of `checkpoint_dir` if there is one;
    2. otherwise run `init_op` (and `init_fn`);
    3. run `local_init_op` once `ready_for_local_init_op` reports no uninitialised variable;
    4. check `ready_op` reports no uninitialised variable, else raise RuntimeError.
"""

import time

import numpy as np

from tfvars.framework import errors
from tfvars.framework import graph as _graph
from tfvars.platform import tf_logging as logging
from tfvars.session import Session
from tfvars.train import checkpoint_management

__all__ = ["SessionManager"]


class SessionManager:
    """Makes sessions whose model is ready: restored from a checkpoint, or initialised.

    Args:
      local_init_op: run in every new session (after the restore or init).
      ready_op: a 1-D string tensor naming what is still uninitialised (empty: ready).
      ready_for_local_init_op: the same, checked before running `local_init_op`.
      graph: the graph (default: the default graph).
      recovery_wait_secs: the pause between checks while waiting.
      local_init_run_options: RunOptions for `local_init_op`.
      local_init_feed_dict: the feed_dict for `local_init_op`.

    Raises:
      ValueError: for a ready_for_local_init_op without a local_init_op.
    """

    def __init__(self, local_init_op=None, ready_op=None, ready_for_local_init_op=None, graph=None,
                 recovery_wait_secs=30, local_init_run_options=None, local_init_feed_dict=None):
        if ready_for_local_init_op is not None and local_init_op is None:
            raise ValueError("If you pass a ready_for_local_init_op you must also pass a local_init_op , "
                             "ready_for_local_init_op [%s]" % ready_for_local_init_op)
        self._local_init_op = local_init_op
        self._ready_op = ready_op
        self._ready_for_local_init_op = ready_for_local_init_op
        self._graph = graph or _graph.get_default_graph()
        self._recovery_wait_secs = recovery_wait_secs
        self._local_init_run_options = local_init_run_options
        self._local_init_feed_dict = local_init_feed_dict

    def prepare_session(self, master, init_op=None, saver=None, checkpoint_dir=None,
                        checkpoint_filename_with_path=None, wait_for_checkpoint=False, max_wait_secs=7200,
                        config=None, init_feed_dict=None, init_fn=None):
        """A new Session, restored from a checkpoint if one is given or found, else initialised.

        Raises:
          ValueError: for both checkpoint_dir and checkpoint_filename_with_path.
          RuntimeError: with nothing to initialise the model with, or if it is still not
            ready afterwards ("Init operations did not make model ready...").
        """
        sess, is_loaded_from_checkpoint = self._restore_checkpoint(
            master, saver, checkpoint_dir, checkpoint_filename_with_path, wait_for_checkpoint, max_wait_secs,
            config)
        if not is_loaded_from_checkpoint:
            if init_op is None and not init_fn and self._local_init_op is None:
                raise RuntimeError("Model is not initialized and no init_op or init_fn or local_init_op was given")
            if init_op is not None:
                sess.run(init_op, feed_dict=init_feed_dict)
            if init_fn:
                init_fn(sess)
        local_init_success, message = self._try_run_local_init_op(sess)
        if not local_init_success:
            raise RuntimeError("Init operations did not make model ready for local_init.  Init op: %s, init fn: %s, "
                               "error: %s" % (_maybe_name(init_op), init_fn, message))
        is_ready, message = _ready(self._ready_op, sess, "Model not ready")
        if not is_ready:
            raise RuntimeError("Init operations did not make model ready.  Init op: %s, init fn: %s, local_init_op: "
                               "%s, error: %s" % (_maybe_name(init_op), init_fn, self._local_init_op, message))
        return sess

    def wait_for_session(self, master, config=None, max_wait_secs=float("Inf")):
        """A new Session once another process (e.g. the chief, on a shared server) has made the model ready.

        Raises:
          DeadlineExceededError: if it is not ready within `max_wait_secs`.
        """
        max_wait_secs = float("Inf") if max_wait_secs is None else max_wait_secs
        deadline = time.time() + max_wait_secs
        while True:
            sess = Session(master, graph=self._graph, config=config)
            is_ready, not_ready_message = False, None
            local_init_success, not_ready_local_message = self._try_run_local_init_op(sess)
            if local_init_success:
                is_ready, not_ready_message = _ready(self._ready_op, sess, "Model not ready")
                if is_ready:
                    return sess
            sess.close()
            if deadline - time.time() - self._recovery_wait_secs < 0:
                raise errors.DeadlineExceededError(None, None, "Session was not ready after waiting %d secs."
                                                   % (max_wait_secs,))
            logging.info("Waiting for model to be ready.  Ready_for_local_init_op:  %s, ready: %s",
                         not_ready_local_message, not_ready_message)
            time.sleep(self._recovery_wait_secs)

    def _restore_checkpoint(self, master, saver, checkpoint_dir, checkpoint_filename_with_path,
                            wait_for_checkpoint, max_wait_secs, config):
        """(a new Session, whether it was restored from a checkpoint)."""
        sess = Session(master, graph=self._graph, config=config)
        if checkpoint_dir and checkpoint_filename_with_path:
            raise ValueError("Can not provide both checkpoint_dir and checkpoint_filename_with_path.")
        if not saver or not (checkpoint_dir or checkpoint_filename_with_path):
            return sess, False
        if checkpoint_filename_with_path:
            saver.restore(sess, checkpoint_filename_with_path)
            return sess, True
        waited = 0
        state = checkpoint_management.get_checkpoint_state(checkpoint_dir)
        while not state or not state.model_checkpoint_path:
            if not (wait_for_checkpoint and waited < max_wait_secs):
                return sess, False
            logging.info("Waiting for checkpoint to be available.")
            time.sleep(self._recovery_wait_secs)
            waited += self._recovery_wait_secs
            state = checkpoint_management.get_checkpoint_state(checkpoint_dir)
        saver.restore(sess, state.model_checkpoint_path)
        saver.recover_last_checkpoints(list(state.all_model_checkpoint_paths))
        return sess, True

    def _try_run_local_init_op(self, sess):
        """(whether local_init_op ran or there is none, why not)."""
        if self._local_init_op is None:
            return True, None
        is_ready, message = _ready(self._ready_for_local_init_op, sess, "Model not ready for local init")
        if not is_ready:
            return False, message
        logging.info("Running local_init_op.")
        sess.run(self._local_init_op, feed_dict=self._local_init_feed_dict, options=self._local_init_run_options)
        logging.info("Done running local_init_op.")
        return True, None


def _ready(op, sess, message):
    """(whether `op` reports nothing uninitialised, "Variables not initialized: a, b" otherwise)."""
    if op is None:
        return True, None
    try:
        ready_value = sess.run(op)
    except errors.FailedPreconditionError as error:
        if "uninitialized" not in str(error):
            logging.warning("%s : error [%s]", message, str(error))
            raise
        return False, str(error)
    # TF also takes None or an int32 tensor as ready, for old custom ready ops.
    if ready_value is None or ready_value.dtype == np.int32 or ready_value.size == 0:
        return True, None
    names = ", ".join(name.decode("utf-8") if isinstance(name, bytes) else str(name) for name in ready_value)
    return False, "Variables not initialized: " + names


def _maybe_name(obj):
    if obj is None:
        return "None"
    return getattr(obj, "name", "<no name for %s>" % type(obj))
