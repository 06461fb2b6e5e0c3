"""The observer hook: graphs and sessions tell weakly held subscribers what happened.

A subscriber is any callable taking one event. Bound methods are held through
`weakref.WeakMethod`, so a widget that goes away stops receiving events without
unsubscribing. With no subscriber, notifying costs one truth test.
"""

import collections
import warnings
import weakref

OpCreated = collections.namedtuple("OpCreated", "graph op")
CollectionChanged = collections.namedtuple("CollectionChanged", "graph key")
RunStarted = collections.namedtuple("RunStarted", "session fetches")
RunFinished = collections.namedtuple("RunFinished", "session ops")
SessionClosed = collections.namedtuple("SessionClosed", "session")
# After a run that wrote variables (assigns, initializers, optimizer steps, restores), whether it
# finished or failed part-way: `changes` lists VariableChange(name, old, new), old/new being the
# arrays before and after (None while uninitialised). They are the session's own arrays: read only.
VariablesChanged = collections.namedtuple("VariablesChanged", "session changes")
VariableChange = collections.namedtuple("VariableChange", "name old new")
# A `get_variable` call (directly or through a layer) that created or reused the variable `name`.
VariableRequested = collections.namedtuple("VariableRequested", "graph name created")


class Subscribers:
    """Weak references to callbacks, called in subscription order."""

    __slots__ = ("_refs",)

    def __init__(self):
        self._refs = []

    def __bool__(self):
        return bool(self._refs)

    def __len__(self):
        return sum(1 for ref in self._refs if ref() is not None)

    def add(self, callback):
        if not callable(callback):
            raise TypeError("A subscriber must be callable, got %r" % (callback,))
        self.remove(callback)
        if hasattr(callback, "__self__") and hasattr(callback, "__func__"):
            self._refs.append(weakref.WeakMethod(callback))
        elif getattr(callback, "__self__", None) is not None and not isinstance(callback, type):
            # A bound built-in (`events.append`): no weak reference can follow it, so it is held.
            self._refs.append(lambda: callback)
        else:
            self._refs.append(weakref.ref(callback))
        return callback

    def remove(self, callback):
        self._refs = [ref for ref in self._refs if ref() is not None and ref() != callback]

    def notify(self, event):
        """Calls every live subscriber; a failing subscriber warns and never breaks the engine."""
        dead = False
        for ref in tuple(self._refs):
            callback = ref()
            if callback is None:
                dead = True
                continue
            try:
                callback(event)
            except Exception as error:  # a view's bug must not break the user's program
                warnings.warn("tfvars observer %r failed on %s: %r" % (callback, type(event).__name__, error),
                              RuntimeWarning, stacklevel=2)
        if dead:
            self._refs = [ref for ref in self._refs if ref() is not None]
