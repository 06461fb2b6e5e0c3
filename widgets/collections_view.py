"""`CollectionsView`: every collection of a graph with its members; picking one highlights them in GraphViews."""

import html
import re
import weakref

import ipywidgets

from tfvars.framework import graph as _graph
from tfvars.framework import observers
from tfvars.framework.operation import Operation
from widgets import live

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def member_name(member):
    """How a collection member is listed: its name (`layer/w:0`, `init`), else its type.

    A Python object without a name is listed by its type, never by its
    address, so the text is the same in every run.
    """
    name = getattr(member, "name", None)
    if isinstance(name, str):
        return name
    if isinstance(member, (str, bytes, int, float)):
        return repr(member)
    return "<%s>" % _ADDRESS.sub("", type(member).__name__)


def member_op(member):
    """The Operation a member stands for (a Variable's or Tensor's op, an op itself), or None."""
    if isinstance(member, Operation):
        return member
    op = getattr(member, "op", None)
    return op if isinstance(op, Operation) else None


class CollectionsView(ipywidgets.VBox):
    """Every collection of `graph` with its members; selecting one highlights its ops in linked GraphViews.

    Args:
      graph: the tfvars Graph (default: the default graph).
      graph_view: optional GraphView to highlight the selected collection in
        (more with `link(view)`).

    Raises:
      TypeError: if `graph` is not a Graph or `graph_view` not a GraphView.
      ValueError: if `graph_view` shows another graph.

    The list follows the graph: a collection added to later shows up (through
    a `widgets.live.Binding`). `repr(view)` lists every collection and its
    members as plain text.
    """

    def __init__(self, graph=None, graph_view=None, min_interval=0.1):
        graph = _graph.get_default_graph() if graph is None else graph
        self.graph = live.check_graph(graph, "CollectionsView")
        self.selected = None
        self._views = []  # weak references to linked GraphViews
        self.picker = ipywidgets.Select(options=[], description="collection", rows=6)
        self.listing = ipywidgets.HTML()
        super().__init__(children=[self.picker, self.listing])
        self.picker.observe(self._on_pick, "value")
        if graph_view is not None:
            self.link(graph_view)
        self._show()
        self._binding = live.Binding(graph, None, self._on_events, min_interval=min_interval)

    def collections(self):
        """{key: [member]} for every collection, keys sorted by their text."""
        return {key: self.graph.get_collection(key) for key in sorted(self.graph.get_all_collection_keys(), key=str)}

    def link(self, graph_view):
        """Highlights the selected collection in `graph_view` too."""
        from widgets.graph_view import GraphView
        if not isinstance(graph_view, GraphView):
            raise TypeError("CollectionsView.link needs a GraphView, got %s." % type(graph_view).__name__)
        if graph_view.graph is not self.graph:
            raise ValueError("CollectionsView.link was given a GraphView of another graph.")
        self._views.append(weakref.ref(graph_view))
        self._highlight_in(graph_view)

    def select(self, key):
        """Selects collection `key` (None clears) and highlights its members' ops in the linked views.

        Raises:
          KeyError: if the graph has no collection `key`.
        """
        if key is not None and key not in self.graph.get_all_collection_keys():
            raise KeyError("The graph has no collection %r." % (key,))
        self.selected = key
        self._show()
        for ref in self._views:
            view = ref()
            if view is not None:
                self._highlight_in(view)

    def member_ops(self, key):
        """The names of the ops the members of collection `key` stand for (members without one skipped)."""
        names = []
        for member in self.graph.get_collection(key):
            op = member_op(member)
            if op is not None and op.graph is self.graph and op.name not in names:
                names.append(op.name)
        return names

    def close(self):
        binding = getattr(self, "_binding", None)
        if binding is not None:
            binding.close()
        super().close()

    def _highlight_in(self, view):
        if self.selected is None:
            view.highlight(None)
        else:
            view.highlight(self.member_ops(self.selected), label="collection %r" % (self.selected,))

    def _on_pick(self, change):
        if getattr(self, "_showing", False):
            return
        try:
            self.select(change["new"])
        except KeyError as error:
            self.listing.value = "<pre>%s</pre>" % html.escape(str(error))

    def _on_events(self, events):
        if any(isinstance(event, observers.CollectionChanged) for event in events):
            if self.selected is not None and self.selected not in self.graph.get_all_collection_keys():
                self.selected = None
            self.select(self.selected)

    def _show(self):
        collections = self.collections()
        options = [("%s (%d)" % (key, len(members)), key) for key, members in collections.items()]
        self._showing = True
        try:
            if list(self.picker.options) != options:
                self.picker.options = options
            self.picker.value = self.selected
        finally:
            self._showing = False
        if self.selected is None:
            self.listing.value = ""
        else:
            names = [member_name(member) for member in collections[self.selected]]
            self.listing.value = "<pre>%s</pre>" % html.escape("\n".join(names) or "(empty)")

    def __repr__(self):
        collections = self.collections()
        lines = ["CollectionsView: %d collections" % len(collections)]
        for key, members in collections.items():
            lines.append("%s%s (%d): %s" % ("* " if key == self.selected else "  ", key, len(members),
                                            ", ".join(member_name(member) for member in members)))
        return "\n".join(lines)
