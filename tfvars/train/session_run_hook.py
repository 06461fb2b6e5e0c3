"""`tf.train.SessionRunHook`: code that a MonitoredSession runs around each `run` call.

A MonitoredSession calls its hooks in this order:

    begin()                                  before the graph is finalized: a hook may add ops here
    after_create_session(session, coord)     once the session exists and its variables are ready
    for each run(fetches, feed_dict):
        before_run(run_context)              may return SessionRunArgs to fetch or feed more
        (the one session.run of the caller's fetches and all hooks' fetches)
        after_run(run_context, run_values)   run_values.results: what this hook asked for
    end(session)                             when the session closes without an error

A hook stops the loop with `run_context.request_stop()`; the session's `should_stop()`
is then True.
"""

import collections

__all__ = ["SessionRunArgs", "SessionRunContext", "SessionRunHook", "SessionRunValues"]


class SessionRunHook:
    """The base hook: every method does nothing, so a hook overrides only what it needs."""

    def begin(self):
        """Called once before the session is made; the graph can still be changed."""

    def after_create_session(self, session, coord):
        """Called once the session is made and initialised (`coord` is None here: no queue runners)."""

    def before_run(self, run_context):
        """Called before each run; returns None or a `SessionRunArgs` to add fetches and feeds."""
        return None

    def after_run(self, run_context, run_values):
        """Called after each successful run with the values this hook's `before_run` asked for."""

    def end(self, session):
        """Called when the session closes without an error (an OutOfRangeError counts as none)."""


class SessionRunArgs(collections.namedtuple("SessionRunArgs", ["fetches", "feed_dict", "options"])):
    """What a hook adds to a run: `fetches` (any fetch structure), `feed_dict` and `options`."""

    def __new__(cls, fetches, feed_dict=None, options=None):
        return super().__new__(cls, fetches, feed_dict, options)


class SessionRunValues(collections.namedtuple("SessionRunValues", ["results", "options", "run_metadata"])):
    """What a hook gets after a run: `results` has the structure of the fetches it asked for (or None)."""


class SessionRunContext:
    """The run in progress, as hooks see it: the caller's arguments, the session, and a stop flag."""

    def __init__(self, original_args, session):
        self._original_args = original_args
        self._session = session
        self._stop_requested = False

    @property
    def original_args(self):
        """The caller's `SessionRunArgs` (its fetches and feed_dict)."""
        return self._original_args

    @property
    def session(self):
        """The raw `tf.Session` (a run on it bypasses the hooks)."""
        return self._session

    @property
    def stop_requested(self):
        return self._stop_requested

    def request_stop(self):
        """Ends the loop: the MonitoredSession's `should_stop()` is True after this run."""
        self._stop_requested = True
