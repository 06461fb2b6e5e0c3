"""`Dashboard`: a session's graph, collections and variable scopes in one display.

>>> import tfvars as tf
>>> from widgets import Dashboard
>>> v = tf.Variable(1.0, name="v")
>>> sess = tf.Session()
>>> board = Dashboard(sess)           # the last line of a cell shows it
>>> _ = sess.run(v.initializer)
>>> board.refresh()
>>> print(repr(board.scope_view).splitlines()[-1])
  = 1  initialised
"""

import ipywidgets

from widgets import live
from widgets.collections_view import CollectionsView
from widgets.graph_view import GraphView
from widgets.scope_view import ScopeView


class Dashboard:
    """A GraphView of the session's graph above a CollectionsView (linked to it) and a ScopeView of the session.

    Picking a collection highlights its members in the graph; all three follow
    the graph and the session live. The views are the attributes
    `graph_view`, `collections_view` and `scope_view`; `widget` holds them.

    Args:
      session: an open tfvars Session.
      min_interval: the least time in seconds between two live updates of each view.

    Raises:
      TypeError: if `session` is not a Session.
      ValueError: if it is closed.
    """

    def __init__(self, session, min_interval=0.1):
        live.check_session(session, what="Dashboard")
        self.session = session
        self.graph = session.graph
        self.graph_view = GraphView(session=session, min_interval=min_interval)
        self.collections_view = CollectionsView(self.graph, graph_view=self.graph_view, min_interval=min_interval)
        self.scope_view = ScopeView(session, min_interval=min_interval)
        lower = ipywidgets.HBox([self.collections_view, self.scope_view.widget])
        self.widget = ipywidgets.VBox([self.graph_view, lower])

    def refresh(self):
        """Shows the current state in all three views now (what throttling held back included)."""
        self.graph_view.refresh()
        self.scope_view.refresh()

    def progress(self, iterable, total=None):
        """`ScopeView.progress`: yields `iterable`'s items with a progress bar; all views show the end state."""
        try:
            yield from self.scope_view.progress(iterable, total)
        finally:
            self.graph_view.refresh()

    def close(self):
        """Stops the three views and closes the widgets."""
        self.scope_view.close()
        self.collections_view.close()
        self.graph_view.close()
        self.widget.children[1].close()
        self.widget.close()

    def __repr__(self):
        return "\n\n".join(["Dashboard: %d ops, %s session" % (len(self.graph.get_operations()),
                                                              "closed" if self.session.closed else "open"),
                            repr(self.graph_view), repr(self.collections_view), repr(self.scope_view)])

    __str__ = __repr__

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = repr(self)
        return bundle
