"""`draw`: what a drawing of a tfvars graph shows: nodes, nested name-scope clusters and aggregated edges.

A `Drawing` is the model behind `to_dot` and the views: which op is drawn as
which node (an op, a collapsed scope "layer/" or a folded series
"add_[1-5]"), the cluster each node sits in, the edges between nodes (data,
control and reference edges of one kind between two nodes merged into one),
each node's role and devices, the legend, and a session's marks. Writing it
out is done elsewhere: `Drawing.to_dot()` (`widgets.dot_writer`) and
`Drawing.to_text()` (`widgets.text_outline`).
"""

from widgets import dot_writer, text_outline
from widgets.palette import NO_DEVICE, ROLE_COLORS, device_color
from widgets.roles import ROLES, format_shape, mutated_inputs, op_role, readers_of, uninitialized, variable_owners
from widgets.series import find_series

VIEWS = ("full", "architecture", "state")
COLOR_BY = ("device", "role")


class Node:
    """One drawn node: an op, a collapsed scope ("layer/") or a folded series ("add_[1-5]")."""

    __slots__ = ("id", "kind", "ops", "home", "series_of", "devices")

    def __init__(self, node_id, kind):
        self.id = node_id
        self.kind = kind  # "op", "scope" or "series"
        self.ops = []  # the Operations it stands for, in creation order
        self.home = None  # the name scope whose cluster holds it ("" at top level)
        self.series_of = None  # for a series: (number of members, their op type or "scope")
        self.devices = None  # [(device, share of its ops)], in order of first appearance

    @property
    def lead(self):
        """The op the node is named after (a variable stands for its machinery); None for a scope."""
        if self.kind == "scope":
            return None
        for op in self.ops:
            if op.name == self.id:
                return op
        return self.ops[0]

    @property
    def label_name(self):
        """The id relative to its cluster: what the node's label shows first."""
        if not self.home:
            return self.id
        if self.id.startswith(self.home + "/"):
            return self.id[len(self.home) + 1:]
        return self.id[self.id.rfind("/") + 1:]  # an op drawn inside the cluster of its own name


class Edge:
    """The edges of one kind ("data", "control" or "ref") between two drawn nodes, aggregated."""

    __slots__ = ("src", "dst", "kind", "tensors", "id")

    def __init__(self, src, dst, kind):
        self.src, self.dst, self.kind = src, dst, kind
        self.tensors = []
        self.id = "e:%s|%s|%s" % (src, dst, kind)

    @property
    def label(self):
        """The tensor's shape (`?×3`), "N tensors" for several, "" for a control edge."""
        if self.kind == "control":
            return ""
        if len(self.tensors) == 1:
            return format_shape(self.tensors[0].shape)
        return "%d tensors" % len(self.tensors)


class Drawing:
    """What `draw` decided to show: nodes by id, clusters, edges, legend and the options used."""

    def __init__(self, graph, options):
        self.graph = graph
        self.options = options
        self.nodes = {}  # id -> Node, in order of their first op
        self.owner = {}  # op name -> node id
        self.edges = {}  # (src, dst, kind) -> Edge, in order of first occurrence
        self.clusters = {}  # scope -> [(is_scope, scope or node id)], in order of first appearance
        self.roles = {}  # op name -> role
        self.position = {}  # op -> its index in creation order
        self.devices = []  # every device, in order of first appearance (NO_DEVICE for unplaced ops)
        self.legend = []  # [(label, color)]
        self.marks = {}  # node id -> "uninitialized" or "reads-uninitialized", from a session's state

    def role(self, node):
        """A node's role: its lead op's, or "scope" for a collapsed scope."""
        return "scope" if node.kind == "scope" else self.roles[node.lead.name]

    def to_dot(self):
        """The drawing as DOT text (see `widgets.dot`)."""
        return dot_writer.write_dot(self)

    def to_text(self, marks=None):
        """A plain-text outline: one line per node, indented by cluster, then the edge counts.

        `marks` ({node id: [word]}) adds the words in brackets after a node's line.
        """
        return text_outline.outline(self, marks or {})

    def describe(self, node):
        """A node's kind in one short phrase: `(MatMul)`, `(scope, 12 ops)`, `(series of 5 Add, 5 ops)`."""
        return text_outline.describe(node)

    def nodes_of(self, op_names):
        """The ids of the nodes showing `op_names`, once each, in order (ops not drawn are skipped)."""
        owner = self.owner
        return list(dict.fromkeys(owner[name] for name in op_names if name in owner))

    def sources_of(self, node_id):
        """The nodes `node_id` depends on (by data, reference and control edges), nearest first."""
        sources = {}
        for edge in self.edges.values():
            sources.setdefault(edge.dst, []).append(edge.src)
        found, frontier = {}, [node_id]
        while frontier:
            following = []
            for target in frontier:
                for source in sources.get(target, ()):
                    if source not in found and source != node_id:
                        found[source] = True
                        following.append(source)
            frontier = following
        return list(found)


def draw(graph, session=None, view="full", collapsed=(), fold_series=True, min_series=3, color_by="device",
         legend=True, edge_labels=True, rankdir="BT"):
    """Decides what to draw for `graph`; returns a `Drawing` (see `to_dot` for the arguments)."""
    check_option("view", view, VIEWS)
    check_option("color_by", color_by, COLOR_BY)
    collapsed = tuple(sorted(scope_set(collapsed)))
    drawing = Drawing(graph, dict(view=view, collapsed=collapsed, fold_series=fold_series, min_series=min_series,
                                  color_by=color_by, legend=legend, edge_labels=edge_labels, rankdir=rankdir))
    ops = graph.get_operations()
    drawing.position = {op: index for index, op in enumerate(ops)}
    owners = variable_owners(ops)
    mutations = {}
    for op in ops:
        indices = mutated_inputs(op)
        if indices:
            mutations[op.name] = indices
    drawing.roles = {op.name: op_role(op, owners, mutations) for op in ops}
    names = [op.name for op in ops]
    bases = [owners.get(name, name) for name in names] if view == "architecture" else names
    if collapsed:
        bases = [_collapsed_scope(base, collapsed) for base in bases]
    _place_nodes(drawing, ops, names, bases)
    if fold_series:
        _fold_series(drawing, min_series)
    _place_in_clusters(drawing)
    _build_clusters(drawing)
    _connect(drawing, ops, mutations)
    _count_devices(drawing)
    if legend:
        drawing.legend = _legend(drawing)
    if session is not None:
        _mark_session_state(drawing, session, ops)
    return drawing


def check_option(name, value, allowed):
    """Raises ValueError unless `value` is one of `allowed` (the values of option `name`)."""
    if value not in allowed:
        raise ValueError("%s must be one of %s, got %r" % (name, ", ".join(map(repr, allowed)), value))


def scope_set(scopes):
    """The name scopes `scopes` (one name, or several; "layer" or "layer/") as a frozenset of names without "/"."""
    if isinstance(scopes, str):
        scopes = (scopes,)
    return frozenset(scope.rstrip("/") for scope in scopes)


def _collapsed_scope(name, collapsed):
    """The outermost collapsed scope holding op `name` (as a node id ending in "/"), else `name`."""
    for scope in collapsed:
        if name.startswith(scope) and (len(name) == len(scope) or name[len(scope)] == "/"):
            return scope + "/"
    return name


def _place_nodes(drawing, ops, names, bases):
    nodes, owner = drawing.nodes, drawing.owner
    for op, name, base in zip(ops, names, bases):
        node = nodes.get(base)
        if node is None:
            node = nodes[base] = Node(base, "scope" if base[-1] == "/" else "op")
        node.ops.append(op)
        owner[name] = base


def _fold_series(drawing, min_series):
    """Replaces the members of each series (see `widgets.series`) by one series node."""
    replaced = {}
    for series_id, parent, series_of, members in find_series(drawing.nodes, min_series):
        series = Node(series_id, "series")
        series.home, series.series_of = parent, series_of
        for member in members:
            replaced[member] = series
            series.ops.extend(drawing.nodes[member].ops)
        series.ops.sort(key=drawing.position.__getitem__)
    if replaced:
        _replace_nodes(drawing, replaced)


def _replace_nodes(drawing, replaced):
    nodes = {}
    for node_id, node in drawing.nodes.items():
        node = replaced.get(node_id, node)
        nodes.setdefault(node.id, node)
    drawing.nodes = nodes
    drawing.owner = {name: replaced[node_id].id if node_id in replaced else node_id
                     for name, node_id in drawing.owner.items()}


def _place_in_clusters(drawing):
    """Sets each node's home: its name scope, or its own name when other nodes are drawn under that name."""
    prefixes = set()
    for node_id in drawing.nodes:
        name = node_id.rstrip("/")
        cut = name.rfind("/")
        while cut > 0 and name[:cut] not in prefixes:
            prefixes.add(name[:cut])
            cut = name.rfind("/", 0, cut)
    for node in drawing.nodes.values():
        if node.home is not None:
            continue
        name = node.id.rstrip("/")
        if node.kind == "op" and name in prefixes:
            node.home = name
        else:
            cut = name.rfind("/")
            node.home = name[:cut] if cut > 0 else ""


def _build_clusters(drawing):
    """Fills `drawing.clusters`: {scope: [(is_scope, name)]}, children in order of first appearance."""
    clusters = drawing.clusters
    clusters[""] = []
    for node in drawing.nodes.values():
        child, scope = (False, node.id), node.home
        while True:
            members = clusters.get(scope)
            if members is not None:
                members.append(child)
                break
            clusters[scope] = [child]
            child = (True, scope)
            cut = scope.rfind("/")
            scope = scope[:cut] if cut > 0 else ""


def _connect(drawing, ops, mutations):
    by_name = drawing.owner
    owner = {op: by_name[op.name] for op in ops}  # the same, by op: one name look-up per op, not per input
    edges = drawing.edges
    for op in ops:
        dst = owner[op]
        refs = mutations.get(op.name, ())
        for index, tensor in enumerate(op.inputs):
            src = owner[tensor.op]
            if src != dst:
                key = (src, dst, "ref" if index in refs else "data")
                edge = edges.get(key)
                if edge is None:
                    edge = edges[key] = Edge(*key)
                if tensor not in edge.tensors:
                    edge.tensors.append(tensor)
        for control in op.control_inputs:
            src = owner[control]
            if src != dst and (src, dst, "control") not in edges:
                edges[(src, dst, "control")] = Edge(src, dst, "control")


def _count_devices(drawing):
    """Sets each node's `devices` and the drawing's `devices`, in order of first appearance."""
    seen = {}
    for node in drawing.nodes.values():
        if len(node.ops) == 1:
            device = node.ops[0].device or NO_DEVICE
            node.devices = [(device, 1.0)]
            seen[device] = True
            continue
        counts = {}
        for op in node.ops:
            device = op.device or NO_DEVICE
            counts[device] = counts.get(device, 0) + 1
        node.devices = [(device, count / len(node.ops)) for device, count in counts.items()]
        seen.update(dict.fromkeys(counts, True))
    drawing.devices = list(seen)


def _legend(drawing):
    if drawing.options["color_by"] == "role":
        present = {drawing.role(node) for node in drawing.nodes.values()}
        return [(role, ROLE_COLORS[role]) for role in ROLES if role in present]
    return [(device, device_color(drawing.devices, device)) for device in drawing.devices]


def _mark_session_state(drawing, session, ops):
    """Marks the nodes of uninitialised variables, and of the ops that read them."""
    missing = uninitialized(session, ops)
    for name in readers_of(ops, missing):
        drawing.marks[drawing.owner[name]] = "reads-uninitialized"
    for name in missing:
        drawing.marks[drawing.owner[name]] = "uninitialized"
