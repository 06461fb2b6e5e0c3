"""`tf.train.MonitoredSession` and `MonitoredTrainingSession`: a session that initialises itself and runs hooks.

    with tf.train.MonitoredTrainingSession(checkpoint_dir=d, hooks=[tf.train.StopAtStepHook(last_step=100)]) as sess:
        while not sess.should_stop():
            sess.run(train_op)

What happens behind the scenes, in order:

1. each hook's `begin()` (the graph can still change);
2. the session creator finalizes the Scaffold, which builds the init, ready and local-init ops and
   a Saver, then finalizes the graph (building an op now raises RuntimeError "Graph is finalized
   and cannot be modified.");
3. a `tf.Session` is made and restored from the latest checkpoint of `checkpoint_dir`, or
   initialised with the init op; then the local init op runs and the ready op is checked;
4. each hook's `after_create_session(session, coord)`;
5. each `run()` asks every hook's `before_run` for more fetches and feeds, runs them all in one
   `Session.run`, and hands each hook its results in `after_run`; a hook's `request_stop()` makes
   `should_stop()` True;
6. leaving the `with` block without an error (an OutOfRangeError, the end of the input, counts as
   none and is swallowed) calls each hook's `end(session)`, e.g. the last checkpoint save;
   then the session closes and the graph is unfinalized if it was not finalized before.

TF 1.x: there are no queue runners or coordinator threads (`coord` is None in
`after_create_session`), and MonitoredSession does not recreate the session after an
AbortedError or UnavailableError (nothing raises them in one process).
"""

from tfvars.framework import errors
from tfvars.framework import graph as _graph
from tfvars.session import RunMetadata, RunOptions
from tfvars.train import basic_session_run_hooks
from tfvars.train.scaffold import ChiefSessionCreator, Scaffold, WorkerSessionCreator
from tfvars.train.session_run_hook import SessionRunArgs, SessionRunContext, SessionRunValues

__all__ = ["MonitoredSession", "MonitoredTrainingSession", "SingularMonitoredSession"]

# TF's marker for "argument not given", so that giving one of a pair of intervals turns the other off.
USE_DEFAULT = object()


class _HookedSession:
    """A tf.Session whose `run` also runs the hooks' before_run/after_run and their fetches and feeds."""

    def __init__(self, sess, hooks):
        self._sess = sess
        self._hooks = hooks
        self._should_stop = False

    def should_stop(self):
        return self._should_stop

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        if self._should_stop:
            raise RuntimeError("Run called even after should_stop requested.")
        run_context = SessionRunContext(original_args=SessionRunArgs(fetches, feed_dict), session=self._sess)
        all_fetches = {"caller": fetches}
        options = options or RunOptions()
        feed_dict = self._call_hooks_before_run(run_context, all_fetches, feed_dict, options)
        run_metadata = run_metadata or RunMetadata()
        outputs = self._sess.run(all_fetches, feed_dict=feed_dict, options=options, run_metadata=run_metadata)
        for hook in self._hooks:
            hook.after_run(run_context, SessionRunValues(results=outputs.get(hook), options=options,
                                                         run_metadata=run_metadata))
        self._should_stop = self._should_stop or run_context.stop_requested
        return outputs["caller"]

    def _call_hooks_before_run(self, run_context, all_fetches, user_feed_dict, options):
        """Adds each hook's requested fetches to `all_fetches` (keyed by hook); returns the merged feeds."""
        hook_feeds = {}
        for hook in self._hooks:
            request = hook.before_run(run_context)
            if request is None:
                continue
            if request.fetches is not None:
                all_fetches[hook] = request.fetches
            if request.feed_dict:
                _raise_if_feeds_intersect(hook_feeds, request.feed_dict, "Same tensor is fed by two hooks.")
                hook_feeds.update(request.feed_dict)
            if request.options:
                _merge_run_options(options, request.options)
        if not hook_feeds:
            return user_feed_dict
        if not user_feed_dict:
            return hook_feeds
        _raise_if_feeds_intersect(user_feed_dict, hook_feeds, "Same tensor is fed by a SessionRunHook and user.")
        hook_feeds.update(user_feed_dict)
        return hook_feeds


def _raise_if_feeds_intersect(feeds_1, feeds_2, message):
    if set(feeds_1) & set(feeds_2):
        raise RuntimeError(message)


def _merge_run_options(options, incoming):
    """Takes the larger trace level and timeout, and any request for partition graphs."""
    options.trace_level = max(options.trace_level, incoming.trace_level)
    options.timeout_in_ms = max(options.timeout_in_ms, incoming.timeout_in_ms)
    options.output_partition_graphs = options.output_partition_graphs or incoming.output_partition_graphs


class _MonitoredSession:
    """What MonitoredSession and SingularMonitoredSession share: hooks, creation, run, close."""

    def __init__(self, session_creator, hooks, stop_grace_period_secs=120):
        # stop_grace_period_secs is TF's wait for queue-runner threads; there are none here.
        self._graph_was_finalized = _graph.get_default_graph().finalized
        self._hooks = list(hooks or [])
        for hook in self._hooks:
            hook.begin()
        self._tf_sess = (session_creator or ChiefSessionCreator()).create_session()
        for hook in self._hooks:
            hook.after_create_session(self._tf_sess, None)
        self._sess = _HookedSession(self._tf_sess, self._hooks)

    @property
    def graph(self):
        """The graph the session runs."""
        return self._tf_sess.graph if self._tf_sess is not None else None

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Runs `fetches` like `Session.run`, with every hook's before_run/after_run around it.

        Raises:
          RuntimeError: after `should_stop()` became True, or once closed.
          OutOfRangeError: when an input is exhausted (the `with` block swallows it).
        """
        if self._sess is None:
            raise RuntimeError("Session is already closed.")
        return self._sess.run(fetches, feed_dict=feed_dict, options=options, run_metadata=run_metadata)

    def should_stop(self):
        """True once a hook requested a stop, or the session is closed."""
        return self._sess is None or self._sess.should_stop()

    def close(self):
        """Calls each hook's `end()`, then closes the session.

        Raises:
          RuntimeError: if already closed.
        """
        self._close_internal()

    def __enter__(self):
        return self

    def __exit__(self, exception_type, exception_value, traceback):
        if exception_type in (errors.OutOfRangeError, StopIteration):
            exception_type = None
        self._close_internal(exception_type)
        return exception_type is None

    def _close_internal(self, exception_type=None):
        try:
            if not exception_type and self._tf_sess is not None:
                for hook in self._hooks:
                    hook.end(self._tf_sess)
        finally:
            try:
                if self._sess is None:
                    raise RuntimeError("Session is already closed.")
                self._tf_sess.close()
            finally:
                self._sess = None
                self._tf_sess = None
                if not self._graph_was_finalized:
                    _graph.get_default_graph()._unsafe_unfinalize()


class MonitoredSession(_MonitoredSession):
    """A session that is made ready by `session_creator` (default: ChiefSessionCreator) and runs `hooks`.

    See the module docstring for the order of events.

    Args:
      session_creator: a SessionCreator (ChiefSessionCreator or WorkerSessionCreator).
      hooks: SessionRunHooks.
      stop_grace_period_secs: accepted for TF's signature (there are no threads to wait for).
    """

    def __init__(self, session_creator=None, hooks=None, stop_grace_period_secs=120):
        super().__init__(session_creator, hooks, stop_grace_period_secs=stop_grace_period_secs)


class SingularMonitoredSession(_MonitoredSession):
    """A MonitoredSession for one process, made by a ChiefSessionCreator, with access to the raw session.

    Args:
      hooks: SessionRunHooks.
      scaffold: the Scaffold.
      master: the session target.
      config: a ConfigProto.
      checkpoint_dir: restore its latest checkpoint, if any.
      stop_grace_period_secs: accepted for TF's signature.
      checkpoint_filename_with_path: restore this checkpoint.
    """

    def __init__(self, hooks=None, scaffold=None, master="", config=None, checkpoint_dir=None,
                 stop_grace_period_secs=120, checkpoint_filename_with_path=None):
        session_creator = ChiefSessionCreator(scaffold=scaffold, master=master, config=config,
                                              checkpoint_dir=checkpoint_dir,
                                              checkpoint_filename_with_path=checkpoint_filename_with_path)
        super().__init__(session_creator, hooks, stop_grace_period_secs=stop_grace_period_secs)

    def raw_session(self):
        """The underlying `tf.Session` (its runs bypass the hooks)."""
        return self._tf_sess


def MonitoredTrainingSession(master="", is_chief=True, checkpoint_dir=None, scaffold=None, hooks=None,  # noqa: N802
                             chief_only_hooks=None, save_checkpoint_secs=USE_DEFAULT,
                             save_summaries_steps=USE_DEFAULT, save_summaries_secs=USE_DEFAULT, config=None,
                             stop_grace_period_secs=120, log_step_count_steps=100, max_wait_secs=7200,
                             save_checkpoint_steps=USE_DEFAULT, summary_dir=None):
    """A MonitoredSession for training: restores from or saves checkpoints in `checkpoint_dir`.

    On the chief it adds, before `hooks`: `chief_only_hooks`, a StepCounterHook logging
    "global_step/sec" every `log_step_count_steps` steps (with a `summary_dir` or
    `checkpoint_dir`), and a CheckpointSaverHook saving every `save_checkpoint_secs` seconds
    (600 unless `save_checkpoint_steps` is given) or `save_checkpoint_steps` steps.
    A non-chief waits up to `max_wait_secs` for the chief to make the model ready.

    TF 1.x: also adds a SummarySaverHook (every `save_summaries_steps`, 100); there is no summary
    writer here, so the summary arguments are accepted and unused.
    """
    if save_checkpoint_steps is USE_DEFAULT and save_checkpoint_secs is USE_DEFAULT:
        save_checkpoint_steps, save_checkpoint_secs = None, 600
    elif save_checkpoint_secs is USE_DEFAULT:
        save_checkpoint_secs = None
    elif save_checkpoint_steps is USE_DEFAULT:
        save_checkpoint_steps = None
    scaffold = scaffold or Scaffold()
    if not is_chief:
        session_creator = WorkerSessionCreator(scaffold=scaffold, master=master, config=config,
                                               max_wait_secs=max_wait_secs)
        return MonitoredSession(session_creator=session_creator, hooks=hooks or [],
                                stop_grace_period_secs=stop_grace_period_secs)
    all_hooks = list(chief_only_hooks or [])
    session_creator = ChiefSessionCreator(scaffold=scaffold, checkpoint_dir=checkpoint_dir, master=master,
                                          config=config)
    if (summary_dir or checkpoint_dir) and log_step_count_steps and log_step_count_steps > 0:
        all_hooks.append(basic_session_run_hooks.StepCounterHook(output_dir=summary_dir or checkpoint_dir,
                                                                 every_n_steps=log_step_count_steps))
    if checkpoint_dir and ((save_checkpoint_secs and save_checkpoint_secs > 0)
                           or (save_checkpoint_steps and save_checkpoint_steps > 0)):
        all_hooks.append(basic_session_run_hooks.CheckpointSaverHook(
            checkpoint_dir, save_steps=save_checkpoint_steps, save_secs=save_checkpoint_secs, scaffold=scaffold))
    all_hooks.extend(hooks or [])
    return MonitoredSession(session_creator=session_creator, hooks=all_hooks,
                            stop_grace_period_secs=stop_grace_period_secs)
