"""`GraphView`: a tfvars graph as a live Graphviz picture in the notebook, with TensorBoard's controls.

The picture is `widgets.to_dot`'s drawing laid out by Graphviz's `dot` and
shown as inline SVG in an `ipywidgets.HTML`. Only a change of structure (new
ops, another view, collapsing a scope, folding series, another colouring)
lays it out again; a run, a variable write, a search, a selection or a
collection highlight restyles the last SVG (CSS classes on its node groups,
found by their stable ids), which moves nothing.

Clicking inside the SVG needs JavaScript, which `ipywidgets.HTML` does not
run: pick a node by name in the "node" box (or call `select(name)`) to see its
info card, as TensorBoard shows for a clicked node.

Live: with a session, the view highlights the ops the session's last `run`
executed and fades the rest, and marks uninitialised variables (red border)
and the ops that read them (red dashed border). Events come through a
`widgets.live.Binding`, throttled during long loops. In a kernel (a running
asyncio loop) a new layout starts once the cell has finished and runs `dot`
from a worker thread, so neither building a graph nor the kernel waits for
Graphviz: the picture shows "Laying out..." until it is done.

The view's ipywidgets are in `widgets.graph_controls`, its info cards in
`widgets.info_card`; what it draws is `widgets.drawing`'s `Drawing`.
"""

import asyncio
import html
import re

import ipywidgets

from tfvars.framework import graph as _graph
from tfvars.framework import observers
from tfvars.session import Session
from widgets import info_card, live, render
from widgets.drawing import COLOR_BY, VIEWS, check_option, draw, scope_set
from widgets.graph_controls import GraphControls
from widgets.roles import readers_of, uninitialized


class GraphView(ipywidgets.VBox):
    """The graph as SVG, with controls for scopes, views, colours, search and an info card.

    Args:
      graph: the tfvars Graph to show; by default the session's graph, or the
        default graph.
      session: an open Session of `graph` whose runs and variable values the
        view shows (optional).
      view: "full", "architecture" (variable machinery folded away) or
        "state" (variables and their readers and writers brought forward).
      color_by: "device" or "role".
      collapsed: name scopes drawn as one node each.
      fold_series: fold `add`, `add_1`, ..., `add_n` into one node.
      min_interval: the least time in seconds between two live updates.

    Raises:
      TypeError: if `graph` is not a Graph or `session` not a Session.
      ValueError: if the session is closed or runs another graph, or for an
        unknown `view` or `color_by`.

    `repr(view)` is a plain-text rendering of what the view shows: a summary,
    then one line per drawn node (indented by name scope) with its marks.
    """

    def __init__(self, graph=None, session=None, view="full", color_by="device", collapsed=(), fold_series=True,
                 min_interval=0.1):
        if graph is None:
            graph = session.graph if isinstance(session, Session) else _graph.get_default_graph()
        live.check_graph(graph, "GraphView")
        if session is not None:
            live.check_session(session, graph, "GraphView")
        check_option("view", view, VIEWS)
        check_option("color_by", color_by, COLOR_BY)
        self.graph, self.session = graph, session
        self.options = {"view": view, "color_by": color_by, "collapsed": scope_set(collapsed),
                        "fold_series": fold_series}
        self.executed = None  # op names the session's last run executed, once a run was seen
        self.session_closed = False
        self.pattern = ""
        self.matches = []  # node ids whose name matches the search
        self.selected = None  # (op name or node id picked, its node id)
        self.members, self.members_label = [], None  # ops highlighted for a CollectionsView
        self.traced = None  # node id whose inputs are traced
        self.status = ""
        self.layouts = 0  # how many times `dot` laid the graph out
        self.restyles = 0  # how many times the picture was restyled
        self.drawing = None
        self._dot_text = None
        self._svg = None
        self._layout_task = None
        self._controls = GraphControls(self)
        super().__init__(children=self._controls.children())
        self._redraw()
        self._binding = live.Binding(graph, session, self._on_events, min_interval=min_interval)

    # Public controls.
    def set_view(self, view):
        """Shows the "full", "architecture" or "state" view."""
        self._set_option("view", view)

    def set_color_by(self, color_by):
        """Colours nodes by "device" or by "role"."""
        self._set_option("color_by", color_by)

    def set_fold_series(self, fold):
        self._set_option("fold_series", bool(fold))

    def collapse(self, *scopes):
        """Draws each name scope in `scopes` as one node."""
        self._set_option("collapsed", self.options["collapsed"] | scope_set(scopes))

    def expand(self, *scopes):
        """Draws the ops of each scope in `scopes` again (inner collapsed scopes stay collapsed)."""
        self._set_option("collapsed", self.options["collapsed"] - scope_set(scopes))

    def collapse_all(self):
        """Collapses every top-level name scope, as TensorBoard first shows a graph."""
        self._set_option("collapsed", frozenset(scope for scope in self.scopes() if "/" not in scope))

    def expand_all(self):
        self._set_option("collapsed", frozenset())

    def scopes(self):
        """Every name scope of the graph, in order of first appearance."""
        found = {}
        for op in self.graph.get_operations():
            name = op.name
            cut = name.find("/")
            while cut > 0:
                found.setdefault(name[:cut], True)
                cut = name.find("/", cut + 1)
        return list(found)

    def search(self, pattern):
        """Highlights the nodes whose id or ops' names match the regular expression `pattern` ("" clears).

        Returns the matching node ids. Raises re.error for a bad pattern.
        """
        matches = self._matching(pattern) if pattern else []
        self.pattern, self.matches = pattern or "", matches
        self._restyle()
        return list(self.matches)

    def select(self, name):
        """Selects a node (by node id or by the name of an op it shows) and returns its info card."""
        if name is None:
            self.selected = None
            self._controls.show_selection()
            self._restyle()
            return ""
        node_id = self._node_id(name)
        self.selected = (name, node_id)
        self._controls.show_selection()
        if self._controls.trace.value:
            self.traced = node_id
        self._restyle()
        return self.info(name)

    def trace(self, name):
        """Marks every node the node `name` (node id or op name) depends on, as TensorBoard's "trace inputs".

        None clears. Returns the traced node ids, nearest first.
        """
        self.traced = None if name is None else self._node_id(name)
        self._restyle()
        return self._traced_nodes()

    def highlight(self, op_names, label=None):
        """Marks the nodes showing the ops `op_names` (a CollectionsView's selection); None clears."""
        self.members = list(op_names or ())
        self.members_label = label if self.members else None
        self._restyle()

    def info(self, name):
        """The info card of a node id or op name, as plain text (type, device, inputs, outputs...)."""
        if self.drawing is not None and name in self.drawing.nodes and self.drawing.nodes[name].kind != "op":
            return info_card.group_card(self, self.drawing.nodes[name])
        return info_card.op_card(self, self._op(name))

    def refresh(self):
        """Shows the current state now: hands over events held back by throttling, then draws again
        from scratch (a new layout only if the DOT text changed)."""
        binding = getattr(self, "_binding", None)
        if binding is not None:
            binding.flush()
        self._redraw()

    def close(self):
        """Stops following the graph and session, and closes the widgets."""
        for part in (getattr(self, "_binding", None), getattr(self, "_controls", None)):
            if part is not None:
                part.close()
        super().close()

    # What the view shows.
    def marks(self):
        """{node id: [word]}: what the view marks on each node (run, uninitialised, match, ...)."""
        marks = {}

        def add(node_id, word):
            marks.setdefault(node_id, []).append(word)
        drawing = self.drawing
        for node_id in self._executed_nodes() or ():
            add(node_id, "run")
        missing, readers = self._uninitialized()
        for node_id in missing:
            add(node_id, "uninitialised")
        for node_id in readers:
            add(node_id, "reads uninitialised")
        for node_id in self.matches:
            add(node_id, "match")
        for node_id in drawing.nodes_of(self.members):
            add(node_id, "member")
        for node_id in self._traced_nodes():
            add(node_id, "input")
        if self.selected is not None and self.selected[1] in drawing.nodes:
            add(self.selected[1], "selected")
        return {node_id: marks[node_id] for node_id in drawing.nodes if node_id in marks}  # in drawing order

    def _traced_nodes(self):
        """The nodes the traced node depends on (by data, reference and control edges), nearest first."""
        if self.traced is None or self.traced not in self.drawing.nodes:
            return []
        return self.drawing.sources_of(self.traced)

    def __repr__(self):
        drawing = self.drawing
        lines = ["GraphView: %d ops as %d nodes, view=%s, color_by=%s%s" % (
            len(drawing.owner), len(drawing.nodes), self.options["view"], self.options["color_by"],
            ", series folded" if self.options["fold_series"] else "")]
        if self.options["collapsed"]:
            lines.append("collapsed: %s" % ", ".join(sorted(self.options["collapsed"])))
        lines.extend(self._session_lines())
        if self.pattern:
            lines.append("search %r: %d nodes" % (self.pattern, len(self.matches)))
        if self.members_label:
            lines.append("highlighted: %s (%d ops)" % (self.members_label, len(self.members)))
        if self.selected is not None:
            lines.append("selected: %s" % self.selected[0])
        if self.traced is not None:
            lines.append("tracing the inputs of: %s" % self.traced)
        if self.status:
            lines.append("picture: %s" % self.status)
        lines.append(drawing.to_text(self.marks()))
        return "\n".join(lines)

    def _session_lines(self):
        if self.session is None:
            return []
        if self.session_closed:
            return ["session: closed"]
        missing = uninitialized(self.session, self.graph.get_operations())
        text = "session: open, %d uninitialised variable%s" % (len(missing), "" if len(missing) == 1 else "s")
        if self.executed is not None:
            text += "; last run executed %d ops" % len(self.executed)
        return [text]

    # Drawing and restyling.
    def _set_option(self, name, value):
        if self.options[name] == value:
            return
        if name == "view":
            check_option(name, value, VIEWS)
        elif name == "color_by":
            check_option(name, value, COLOR_BY)
        self.options[name] = value
        self._controls.show_options()
        self._redraw()

    def _draw_options(self):
        options = dict(self.options)
        options["collapsed"] = sorted(options["collapsed"])
        return options

    def _redraw(self):
        """Draws the graph, lays it out if its DOT text changed, and restyles."""
        self.drawing = draw(self.graph, **self._draw_options())
        if self.pattern:
            self.matches = self._matching(self.pattern)
        text = self.drawing.to_dot()
        if text != self._dot_text:
            self._dot_text = text
            self._request_layout(text)
        self._controls.show_nodes()
        self._restyle()

    def _request_layout(self, text):
        if render.find_dot() is None:
            self._svg, self.status = None, "Graphviz's dot not found (%s)" % render.INSTALL_HINT
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:
            self._apply_layout(_safely_render(text))
        elif self._layout_task is None or self._layout_task.done():
            self._layout_task = loop.create_task(self._layout_until_current())

    async def _layout_until_current(self):
        """Lays out the latest DOT text without blocking the loop; again if it changed meanwhile."""
        text = None
        while text != self._dot_text:
            text = self._dot_text
            try:
                result = await render.render_svg_async(text)
            except (render.RenderError, render.DotNotFound) as error:
                result = error
            if text == self._dot_text:
                self._apply_layout(result)
                self._restyle()

    def _apply_layout(self, result):
        """Keeps a new layout (an SVG text), or the error that prevented it."""
        self.layouts += 1
        if isinstance(result, Exception):
            self._svg, self.status = None, str(result)
        else:
            self._svg, self.status = render.StyledSvg(result), ""

    def _restyle(self):
        """Shows the last SVG with the current marks, without a new layout."""
        self.restyles += 1
        classes = self._svg_classes()
        if self._svg is not None:
            picture = '<div class="tfvars-graph">%s%s</div>' % (render.SVG_STYLE, self._svg.restyle(classes))
        elif self.status.startswith("Graphviz's dot not found"):
            picture = render.dot_missing_html()
        else:
            picture = '<div class="tfvars-render-error">%s</div>' % html.escape(self.status or "Laying out...")
        self._controls.show(picture, self._info_html())

    def _svg_classes(self):
        """{SVG group id: CSS classes} for the current marks (see render.SVG_STYLE)."""
        classes = {}
        executed = self._executed_nodes()
        if executed is not None:
            for node_id in self.drawing.nodes:
                classes["n:" + node_id] = ["executed" if node_id in executed else "faded"]
            for edge in self.drawing.edges.values():
                ran = edge.src in executed and edge.dst in executed
                classes[edge.id] = ["executed" if ran else "faded"]
        for node_id, words in self.marks().items():
            names = [_CLASS_OF_MARK[word] for word in words if word != "run"]
            if names:
                classes.setdefault("n:" + node_id, []).extend(names)
        return {group_id: " ".join(names) for group_id, names in classes.items()}

    def _executed_nodes(self):
        if self.executed is None or self.session_closed:
            return None
        return set(self.drawing.nodes_of(self.executed))

    def _uninitialized(self):
        """(node ids of uninitialised variables, node ids of ops that read them) in the bound session."""
        if self.session is None or self.session_closed:
            return [], []
        ops = self.graph.get_operations()
        missing = uninitialized(self.session, ops)
        readers = readers_of(ops, missing)
        missing_nodes = self.drawing.nodes_of(missing)
        return missing_nodes, [node for node in self.drawing.nodes_of(readers) if node not in missing_nodes]

    # Live updates.
    def _on_events(self, events):
        structure = False
        for event in events:
            if isinstance(event, observers.OpCreated):
                structure = True
            elif isinstance(event, observers.RunFinished) and event.session is self.session:
                self.executed = [op.name for op in event.ops]
            elif isinstance(event, observers.SessionClosed) and event.session is self.session:
                self.session_closed = True
        if structure:
            self._redraw()
        else:
            self._restyle()

    # Names.
    def _matching(self, pattern):
        regex = re.compile(pattern)
        return [node.id for node in self.drawing.nodes.values()
                if regex.search(node.id) or any(regex.search(op.name) for op in node.ops)]

    def _node_id(self, name):
        drawing = self.drawing
        if name in drawing.nodes:
            return name
        if name in drawing.owner:
            return drawing.owner[name]
        raise _no_such_node(name)

    def _op(self, name):
        node = self.drawing.nodes.get(name)
        if node is not None:
            return node.lead
        try:
            return self.graph.get_operation_by_name(name)
        except (KeyError, ValueError):
            raise _no_such_node(name) from None

    def _info_html(self):
        if self.selected is None:
            return ""
        try:
            text = self.info(self.selected[0])
        except ValueError as error:
            text = str(error)
        return info_card.as_html(text)


_CLASS_OF_MARK = {"uninitialised": "uninitialized", "reads uninitialised": "reads-uninitialized",
                  "match": "match", "member": "member", "selected": "selected", "input": "traced"}


def _no_such_node(name):
    return ValueError("GraphView shows no node or op named %r." % (name,))


def _safely_render(text):
    try:
        return render.render_svg(text)
    except (render.RenderError, render.DotNotFound) as error:
        return error
