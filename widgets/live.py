"""Live views: binding a view to a graph and a session, with throttled, batched updates.

A `Binding` subscribes to the engine's observer hook (`tfvars.framework.observers`)
and hands the events it gathered to the view's `on_event(events)`:

- at once, when the graph changes or a run finishes and `min_interval` has
  passed since the last hand-over;
- otherwise later, in one batch: at the next event after the interval, on
  `binding.flush()`, or (in a kernel, whose asyncio loop runs between cells)
  from a callback scheduled on the running event loop, so the final state of a
  training loop always shows once the loop ends.

No thread is started: `on_event` always runs in the thread that ran the
session or built the graph. The engine holds the binding weakly; the binding
holds a bound-method `on_event` weakly too, so a view that is no longer
referenced stops receiving events without being closed.

`check_graph` and `check_session` are the argument checks every view shares.
"""

import asyncio
import time
import warnings
import weakref

from tfvars.framework import graph as _graph
from tfvars.framework import observers
from tfvars.session import Session

# Events that only announce or accompany a run: the run's RunFinished follows them.
_INSIDE_RUN = (observers.RunStarted, observers.VariablesChanged)


def check_graph(obj, what="view"):
    """`obj` if it is a tfvars `Graph`; raises TypeError naming `what` otherwise."""
    if not isinstance(obj, _graph.Graph):
        raise TypeError("A %s needs a tf.Graph (of tfvars), got %s." % (what, _describe(obj)))
    return obj


def check_session(obj, graph=None, what="view"):
    """`obj` if it is an open tfvars `Session` (of `graph`, when given).

    Raises:
      TypeError: if `obj` is not a tfvars Session.
      ValueError: if the session is closed, or runs a graph other than `graph`.
    """
    if not isinstance(obj, Session):
        raise TypeError("A %s needs a tf.Session (of tfvars), got %s." % (what, _describe(obj)))
    if obj._closed:
        raise ValueError("A %s cannot show a closed Session: its variables are gone. Open a new one." % what)
    if graph is not None and obj.graph is not graph:
        raise ValueError("A %s was given a Session of another graph: the session must run the graph shown." % what)
    return obj


def _describe(obj):
    kind = type(obj)
    module = kind.__module__
    return "%s.%s" % (module, kind.__qualname__) if module != "builtins" else kind.__qualname__


class Binding:
    """Gathers a graph's and a session's events and hands them to `on_event(events)`, throttled.

    Args:
      graph: the tfvars Graph to follow (OpCreated, CollectionChanged,
        VariableRequested); None to take the session's graph.
      session: the tfvars Session to follow (RunStarted, VariablesChanged,
        RunFinished, SessionClosed), or None.
      on_event: called with the list of events gathered since its last call.
        A bound method is held weakly (its object's lifetime is the view's);
        any other callable strongly.
      min_interval: the least time, in seconds, between two calls of
        `on_event` during a burst of events (a training loop).
      clock: the time source, seconds as a float (tests pass a fake one).

    Raises:
      TypeError, ValueError: as `check_graph` and `check_session` do.
    """

    def __init__(self, graph, session, on_event, min_interval=0.1, clock=time.monotonic):
        if session is not None:
            check_session(session, graph)
            graph = session.graph if graph is None else graph
        self.graph = check_graph(graph)
        self.session = session
        if hasattr(on_event, "__self__") and hasattr(on_event, "__func__"):
            self._on_event = weakref.WeakMethod(on_event)
        elif callable(on_event):
            self._on_event = lambda: on_event
        else:
            raise TypeError("on_event must be callable, got %s." % _describe(on_event))
        self.min_interval = min_interval
        self._clock = clock
        self._pending = []
        self._last_flush = None
        self._scheduled = None
        self.closed = False
        self.graph.subscribe(self._receive)
        if session is not None:
            session.subscribe(self._receive)

    @property
    def pending(self):
        """The events gathered and not yet handed over."""
        return list(self._pending)

    def _receive(self, event):
        self._pending.append(event)
        if isinstance(event, _INSIDE_RUN):
            return
        if isinstance(event, observers.SessionClosed) or self._interval_passed():
            self.flush()
        else:
            self._schedule_trailing_flush()

    def _interval_passed(self):
        return self._last_flush is None or self._clock() - self._last_flush >= self.min_interval

    def _schedule_trailing_flush(self):
        """Flushes once the running event loop gets control back (in a kernel: after the cell)."""
        if self._scheduled is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no loop (a script, a test): the next event or an explicit flush() shows the state
        self._scheduled = loop.call_later(self.min_interval, _flush_if_alive, weakref.ref(self))

    def flush(self):
        """Hands the gathered events over now (nothing happens if there are none).

        A failing `on_event` warns (RuntimeWarning) and never raises: a view's
        bug must break neither the engine nor the notebook.
        """
        if self._scheduled is not None:
            self._scheduled.cancel()
            self._scheduled = None
        events, self._pending = self._pending, []
        self._last_flush = self._clock()
        on_event = self._on_event()
        if not events or on_event is None:
            return
        try:
            on_event(events)
        except Exception as error:  # the same rule as observers.Subscribers.notify
            warnings.warn("tfvars view update failed: %r" % (error,), RuntimeWarning, stacklevel=2)

    def close(self):
        """Stops following the graph and the session; pending events are dropped."""
        if self.closed:
            return
        self.closed = True
        self.graph.unsubscribe(self._receive)
        if self.session is not None:
            self.session.unsubscribe(self._receive)
        if self._scheduled is not None:
            self._scheduled.cancel()
            self._scheduled = None
        self._pending = []

    def __repr__(self):
        state = "closed" if self.closed else "%d pending" % len(self._pending)
        target = "graph and session" if self.session is not None else "graph"
        return "<Binding to a %s, min_interval=%gs, %s>" % (target, self.min_interval, state)


def _flush_if_alive(binding_ref):
    binding = binding_ref()
    if binding is not None and not binding.closed:
        binding._scheduled = None
        binding.flush()
