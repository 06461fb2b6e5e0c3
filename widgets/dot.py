"""`to_dot`: a tfvars graph as deterministic Graphviz DOT text, drawn like TensorBoard's graph dashboard.

`draw(graph, ...)` decides what is drawn (a `Drawing`: nodes, nested name-scope
clusters, aggregated edges); `Drawing.to_dot()` and `Drawing.to_text()` write
it out. Both are pure: the same graph and options give the same text, every
time, in every process. Node ids are op names (collapsed scopes end in "/",
folded series read `add_[1-5]`); in the DOT each node and edge carries an `id`
("n:<node id>", "e:<src>|<dst>|<kind>") that Graphviz copies into the SVG, so a
view can restyle a rendered SVG by id without laying it out again.

What is drawn:

- one `cluster` per name scope, nested; an op whose name is also a scope
  (`layer/w` next to `layer/w/read`) sits inside that scope's cluster;
- variables as cylinders labelled with shape, dtype and device; placeholders
  as houses; NoOps as boxes; collapsed scopes as bold boxes; folded series as
  dashed boxes;
- data edges solid and labelled with the tensor's shape (`?×3`, as an
  `xlabel`: placed once the layout is done, so a big graph lays out about
  three times faster than with edge labels), control edges
  dashed, reference edges (an op writing a variable through a Ref(T) input or
  a resource handle: Assign*, Scatter*, Apply*, AssignVariableOp...) bold and
  orange, with the arrow pointing at the variable;
- colour by device (a collapsed scope or series split in stripes by the share
  of its ops on each device) or by role, with a legend.

Views (`view=`): "full" draws every op; "architecture" folds each variable's
machinery (its initializer and initial value, Assign, read, IsInitialized and
ReadVariableOp ops) into the variable node; "state" draws every op and brings
the variables and the ops that read, write or initialise them forward,
dimming the rest.
"""

import re

from tfvars.framework import tensor_shape
from widgets import live, values

VARIABLE_TYPES = frozenset({"VariableV2", "Variable", "VarHandleOp"})
_READ_TYPES = frozenset({"ReadVariableOp", "VarIsInitializedOp", "IsVariableInitialized", "VariableShape"})
_OVERWRITE_TYPES = frozenset({"Assign", "AssignVariableOp"})
_INITIALIZED_TYPES = frozenset({"VarIsInitializedOp", "IsVariableInitialized"})
_RESOURCE_WRITERS = ("Assign", "ResourceApply", "ResourceSparseApply", "ResourceScatter")

VIEWS = ("full", "architecture", "state")
COLOR_BY = ("device", "role")
ROLES = ("variable", "assign", "read", "initializer", "input", "constant", "compute", "control", "scope")
ROLE_COLORS = {
    "variable": "#9ecae1", "assign": "#fdae6b", "read": "#c6dbef", "initializer": "#e5f5e0",
    "input": "#fff3bf", "constant": "#eeeeee", "compute": "#ffffff", "control": "#dddddd", "scope": "#d0d0e8",
}
DEVICE_COLORS = ("#a6cee3", "#b2df8a", "#fb9a99", "#fdbf6f", "#cab2d6", "#ffff99", "#8dd3c7", "#fccde5")
NO_DEVICE = "(no device)"
_NO_DEVICE_COLOR = "#ffffff"
_REF_COLOR = "#d9480f"
_DIM_COLOR = "#bbbbbb"
_UNINITIALIZED_COLOR = "#c92a2a"
_SERIES = re.compile(r"^(.*?)_(\d+)$")
_NUMBERED = re.compile(r"_\d+(?:/|$)")  # a name with a `name_N` part: there may be series
_SHAPES = {"variable": "cylinder", "input": "invhouse", "control": "box"}
_STATE_ROLES = frozenset({"variable", "assign", "read", "initializer"})


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


def format_shape(shape):
    """A static shape as TensorBoard writes it: `?×3`, `scalar`, or `?` for an unknown rank."""
    dims = shape.dims
    if dims is None:
        return "?"
    if not dims:
        return "scalar"
    return "×".join("?" if dim.value is None else str(dim.value) for dim in dims)


def variable_summary(op):
    """`3×2 float32` for a variable op (`(resource)` appended for a resource variable)."""
    text = "%s %s" % (format_shape(tensor_shape.as_shape(op.get_attr("shape"))), op.get_attr("dtype").base_dtype.name)
    return text + " (resource)" if op.type == "VarHandleOp" else text


# --- Facts about ops ----------------------------------------------------------------------

_DTYPE_KINDS = {}  # DType -> "ref", "resource" or ""


def _dtype_kind(dtype):
    kind = _DTYPE_KINDS.get(dtype)
    if kind is None:
        name = dtype.name
        kind = _DTYPE_KINDS[dtype] = "ref" if name.endswith("_ref") else "resource" if name == "resource" else ""
    return kind


def mutated_inputs(op):
    """The indices of `op`'s inputs it writes through: Ref(T) arguments, and resource handles of writers."""
    indices = []
    for index, tensor in enumerate(op.inputs):
        kind = _dtype_kind(tensor.dtype)
        if kind == "ref" and op.type not in _READ_TYPES and _is_ref_argument(op, index):
            indices.append(index)
        elif kind == "resource" and op.type.startswith(_RESOURCE_WRITERS):
            indices.append(index)
    return indices


def _is_ref_argument(op, index):
    """Whether input `index` of `op` is a Ref(T) argument (Identity of a ref only reads it)."""
    args = op.op_def.input_arg if op.op_def is not None else ()
    if len(args) == len(op.inputs) and not any(arg.number_attr or arg.type_list_attr for arg in args):
        return args[index].is_ref
    return op.type != "Identity"


def variable_owners(ops):
    """{op name: name of the variable whose machinery it is}; variables own themselves.

    An op belongs to the variable under whose name it was made (`w/Assign`,
    `w/read`, `w/Initializer/...`; the innermost variable for slots like
    `w/Adam`), or to the variable it reads (a ReadVariableOp where a resource
    variable is used), or, failing that, to the one variable all its consumers
    belong to (an initial value made outside the variable's scope).
    """
    variables = {op.name for op in ops if op.type in VARIABLE_TYPES}
    owners = {}
    if not variables:
        return owners
    for op in ops:
        name = op.name
        if name in variables:
            owners[name] = name
            continue
        cut = name.rfind("/")
        while cut > 0:
            if name[:cut] in variables:
                owners[name] = name[:cut]
                break
            cut = name.rfind("/", 0, cut)
        else:
            if op.type in _READ_TYPES and op.inputs and op.inputs[0].op.name in variables:
                owners[name] = op.inputs[0].op.name
    dependents = {}
    for op in ops:
        for control in op.control_inputs:
            dependents.setdefault(control.name, []).append(op.name)
    for op in reversed(ops):
        if op.name in owners:
            continue
        users = [consumer.name for tensor in op.outputs for consumer in tensor.consumers()]
        users.extend(dependents.get(op.name, ()))
        found = {owners.get(user) for user in users}
        if len(found) == 1 and None not in found:
            owners[op.name] = found.pop()
    return owners


def op_role(op, owners, mutating):
    """The role an op plays, for colouring by role: one of ROLES."""
    op_type = op.type
    if op_type in VARIABLE_TYPES:
        return "variable"
    if op.name in mutating:
        return "assign"
    if op_type in _READ_TYPES or (op_type == "Identity" and op.inputs and _dtype_kind(op.inputs[0].dtype) == "ref"):
        return "read"
    if op.name in owners:
        return "initializer"
    if op_type in ("Placeholder", "PlaceholderWithDefault"):
        return "input"
    if op_type == "Const":
        return "constant"
    if op_type == "NoOp" or not op.outputs:
        return "control"
    return "compute"


# --- Session state ------------------------------------------------------------------------


def uninitialized(session, ops):
    """The names of the variable ops whose value is not set in `session`, in creation order."""
    return [op.name for op in ops if op.type in VARIABLE_TYPES and values.read_value(session, op) is None]


def readers_of(ops, variables):
    """The names of ops that would fail because they read one of `variables` (by data flow, transitively).

    An overwrite (Assign, AssignVariableOp) and an is-initialized check do not
    read the old value, so they and what follows them are not counted.
    """
    reached = set(variables)
    readers = []
    if not reached:
        return readers
    for op in ops:
        if op.type in _OVERWRITE_TYPES or op.type in _INITIALIZED_TYPES or op.name in reached:
            continue
        if any(tensor.op.name in reached for tensor in op.inputs):
            reached.add(op.name)
            readers.append(op.name)
    return readers


# --- Drawing ------------------------------------------------------------------------------


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
        """The drawing as DOT text (see the module docstring)."""
        return _DotWriter(self).write()

    def to_text(self, marks=None):
        """A plain-text outline: one line per node, indented by cluster, then the edge counts.

        `marks` ({node id: [word]}) adds the words in brackets after a node's line.
        """
        lines = []
        self._outline("", 0, marks or {}, lines)
        kinds = [edge.kind for edge in self.edges.values()]
        lines.append("edges: %d (%d data, %d control, %d ref)" % (
            len(kinds), kinds.count("data"), kinds.count("control"), kinds.count("ref")))
        return "\n".join(lines)

    def _outline(self, scope, depth, marks, lines):
        indent = "  " * depth
        for is_scope, child in self.clusters.get(scope, ()):
            if is_scope:
                lines.append("%s%s/" % (indent, child[len(scope) + 1:] if scope else child))
                self._outline(child, depth + 1, marks, lines)
            else:
                node = self.nodes[child]
                words = marks.get(child)
                lines.append("%s%s %s%s" % (indent, node.label_name, self.describe(node),
                                            " [%s]" % ", ".join(words) if words else ""))

    def describe(self, node):
        """A node's kind in one short phrase: `(MatMul)`, `(scope, 12 ops)`, `(series of 5 Add, 5 ops)`."""
        if node.kind == "scope":
            return "(scope, %d ops)" % len(node.ops)
        if node.kind == "series":
            count, kind = node.series_of
            return "(series of %d %s, %d ops)" % (count, "scopes" if kind == "scope" else kind, len(node.ops))
        op = node.lead
        text = "(%s)" % op.type
        if op.type in VARIABLE_TYPES:
            text += " " + variable_summary(op)
        if len(node.ops) > 1:
            text += " +%d ops" % (len(node.ops) - 1)
        return text


def draw(graph, session=None, view="full", collapsed=(), fold_series=True, min_series=3, color_by="device",
         legend=True, edge_labels=True, rankdir="BT"):
    """Decides what to draw for `graph`; returns a `Drawing` (see `to_dot` for the arguments)."""
    check_option("view", view, VIEWS)
    check_option("color_by", color_by, COLOR_BY)
    if isinstance(collapsed, str):
        collapsed = (collapsed,)
    collapsed = tuple(sorted({scope.rstrip("/") for scope in collapsed}))
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


def _scope_paths(name):
    """Every scope path of a node id, outermost first: "a/b/c" gives "a", "a/b", "a/b/c"."""
    paths = []
    cut = name.find("/")
    while cut > 0:
        paths.append(name[:cut])
        cut = name.find("/", cut + 1)
    paths.append(name)
    return paths


def _fold_series(drawing, min_series):
    """Folds runs `base`, `base_1`, ... `base_n` of one scope into one series node each.

    The members are a scope's direct children (ops, or sub-scopes with all
    they hold) of one kind: the same op type (for a sub-scope, the type of the
    op named like it, as `add_1` holding `add_1/y`), or scopes without such an
    op. Variables are never folded; outer series are folded before inner ones.
    """
    if not any(_NUMBERED.search(node_id) for node_id in drawing.nodes):
        return
    items = {}  # path of a scope's child -> [node id under it]
    for node_id in drawing.nodes:
        for path in _scope_paths(node_id.rstrip("/")):
            members = items.get(path)
            if members is None:
                items[path] = [node_id]
            else:
                members.append(node_id)
    groups = {}
    for path, members in items.items():
        cut = path.rfind("/")
        child = path[cut + 1:]
        match = _SERIES.match(child)
        if match is None and path + "_1" not in items:
            continue  # neither `name_N` nor the `name` of a `name_1`
        kind = _series_kind(drawing, path)
        if kind is not None:
            base, number = (match.group(1), int(match.group(2))) if match else (child, 0)
            groups.setdefault((path[:cut] if cut > 0 else "", base, kind), []).append((number, members))
    replaced = {}
    for (parent, base, kind), group in sorted(groups.items(), key=_depth_of_group):
        if len(group) < max(min_series, 2) or any(member in replaced for _, members in group for member in members):
            continue
        name = "%s_[%s]" % (base, _ranges(sorted(number for number, _ in group)))
        series = Node(parent + "/" + name if parent else name, "series")
        series.home, series.series_of = parent, (len(group), kind)
        for _, members in group:
            for member in members:
                replaced[member] = series
                series.ops.extend(drawing.nodes[member].ops)
        series.ops.sort(key=drawing.position.__getitem__)
    if replaced:
        _replace_nodes(drawing, replaced)


def _depth_of_group(item):
    parent = item[0][0]
    return parent.count("/") + 1 if parent else 0


def _series_kind(drawing, path):
    """What a series member at `path` must share with the others, or None if it cannot be one."""
    node = drawing.nodes.get(path)
    if node is None:
        return "scope"
    if len(node.ops) != 1 or node.kind != "op":
        return None
    op_type = node.ops[0].type
    return None if op_type in VARIABLE_TYPES else op_type


def _ranges(numbers):
    """`0-3,5` for [0, 1, 2, 3, 5]."""
    parts, start = [], numbers[0]
    for previous, number in zip(numbers, numbers[1:] + [None]):
        if number is None or number != previous + 1:
            parts.append(str(start) if start == previous else "%d-%d" % (start, previous))
            start = number
    return ",".join(parts)


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


def device_color(devices, device):
    """The colour of `device` given every device in order of first appearance (unplaced ops: white)."""
    if device == NO_DEVICE:
        return _NO_DEVICE_COLOR
    placed = [name for name in devices if name != NO_DEVICE]
    return DEVICE_COLORS[placed.index(device) % len(DEVICE_COLORS)]


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


# --- DOT text -----------------------------------------------------------------------------


class _DotWriter:
    """Writes a Drawing as DOT; one instance per call."""

    def __init__(self, drawing):
        self.drawing = drawing
        self.options = drawing.options
        self.lines = []
        self.colors = ({device: device_color(drawing.devices, device) for device in drawing.devices}
                       if self.options["color_by"] == "device" else None)

    def write(self):
        drawing, options, lines = self.drawing, self.options, self.lines
        lines.append("// tfvars graph: %d ops, %d nodes, view=%s, color_by=%s"
                     % (len(drawing.owner), len(drawing.nodes), options["view"], options["color_by"]))
        lines.append("digraph tfvars {")
        lines.append('  graph [rankdir=%s, compound=true, fontname="Helvetica", fontsize=11, nodesep=0.25, '
                     'ranksep=0.35, margin=0.1, forcelabels=true];' % options["rankdir"])
        lines.append('  node [fontname="Helvetica", fontsize=10, height=0.3, style=filled, color="#555555"];')
        lines.append('  edge [fontname="Helvetica", fontsize=8, color="#666666", arrowsize=0.6];')
        self._cluster_body("", "  ")
        labels = options["edge_labels"]
        for edge in drawing.edges.values():
            lines.append('  "%s" -> "%s" [%s];' % (edge.src, edge.dst, _edge_attributes(edge, labels)))
        if drawing.legend:
            self._legend()
        lines.append("}")
        return "\n".join(lines) + "\n"

    def _cluster_body(self, scope, indent):
        nodes, lines = self.drawing.nodes, self.lines
        for is_scope, child in self.drawing.clusters.get(scope, ()):
            if is_scope:
                label = child[len(scope) + 1:] if scope else child
                lines.append('%ssubgraph "cluster:%s" {' % (indent, child))
                lines.append('%s  id="c:%s"; label="%s"; style="rounded"; color="#999999"; fontsize=10;'
                             % (indent, child, label))
                self._cluster_body(child, indent + "  ")
                lines.append(indent + "}")
            else:
                lines.append('%s"%s" [%s];' % (indent, child, self._node_attributes(nodes[child])))

    def _node_attributes(self, node):
        drawing = self.drawing
        role = drawing.role(node)
        lead = node.lead
        kind = node.kind
        if kind == "scope":
            label, shape, style = "%s\\n%d ops" % (node.label_name, len(node.ops)), "box", "rounded,filled,bold"
            tooltip = "%s (%d ops)" % (node.id, len(node.ops))
        elif kind == "series":
            label, shape, style = "%s\\n%d ops" % (node.label_name, len(node.ops)), "box", "filled,dashed"
            tooltip = "%s: %s" % (node.id, ", ".join(op.name for op in node.ops))
        else:
            if role == "variable":
                label = "%s\\n%s" % (node.label_name, variable_summary(lead))
                if lead.device:
                    label += "\\n" + lead.device
            else:
                label = node.label_name
            shape, style = _SHAPES.get(role, "ellipse"), "filled"
            tooltip = "%s (%s)%s" % (lead.name, lead.type, " on " + lead.device if lead.device else "")
        fill = self._fill(node, role)
        if ";" in fill:
            style = style.replace("rounded,", "") + ",striped"
        extra = ""
        if self.options["view"] == "state":
            extra = ", penwidth=2" if role in _STATE_ROLES else ', color="%s", fontcolor="#888888"' % _DIM_COLOR
        mark = drawing.marks.get(node.id)
        if mark == "uninitialized":
            extra += ', color="%s", penwidth=2.5' % _UNINITIALIZED_COLOR
        elif mark == "reads-uninitialized":
            extra += ', color="%s", penwidth=1.5' % _UNINITIALIZED_COLOR
            style += ",dashed"
        return 'id="n:%s", label="%s", shape=%s, style="%s", fillcolor="%s", tooltip="%s"%s' % (
            node.id, label, shape, style, fill, tooltip, extra)

    def _fill(self, node, role):
        if self.colors is None:
            return ROLE_COLORS[role]
        shares = node.devices
        if len(shares) == 1:
            return self.colors[shares[0][0]]
        return ":".join("%s;%.2f" % (self.colors[device], share) for device, share in shares)

    def _legend(self):
        lines = self.lines
        lines.append('  subgraph "cluster legend" {')
        lines.append('    id="c:legend"; label="%s"; style="rounded"; color="#999999"; fontsize=10;'
                     % self.options["color_by"])
        for index, (label, color) in enumerate(self.drawing.legend):
            lines.append('    "legend:%d" [id="legend:%d", label="%s", shape=box, style=filled, fillcolor="%s"];'
                         % (index, index, label, color))
            if index:  # the first entry on top: with rankdir=BT, edges go from the later entry to the earlier
                pair = (index, index - 1) if self.options["rankdir"] == "BT" else (index - 1, index)
                lines.append('    "legend:%d" -> "legend:%d" [style=invis];' % pair)
        lines.append("  }")


def _edge_attributes(edge, labels):
    kind = edge.kind
    if kind == "control":
        return 'id="%s", style=dashed' % edge.id
    text = 'id="%s"' % edge.id
    if kind == "ref":
        text += ', color="%s", penwidth=1.8, dir=back, arrowtail=normal, arrowhead=none' % _REF_COLOR
    if labels:
        text += ', xlabel="%s"' % edge.label  # placed after the layout: true labels would make it ~3x slower
    return text


def to_dot(graph, session=None, **options):
    """The graph as deterministic DOT text: what TensorBoard's graph dashboard draws, for Graphviz.

    Op names never hold quotes or backslashes, so they go into the DOT as they are.

    Args:
      graph: a tfvars `tf.Graph`.
      session: optional `tf.Session` of `graph`: its uninitialised variables
        get a red border, and the ops that read them a red dashed one.
      view: "full" (default), "architecture" or "state" (see the module docstring).
      collapsed: name scopes drawn as one node each ("layer" or "layer/"),
        their edges to the rest aggregated.
      fold_series: fold same-type ops `add`, `add_1`, ..., `add_n` (or scopes
        `dense`, `dense_1`, ...) of one scope into one node `add_[0-n]`; the
        unnumbered one counts as 0 (default True).
      min_series: the fewest members folded into a series (default 3).
      color_by: "device" (default; unplaced ops are white) or "role".
      legend: draw a legend of the colours (default True).
      edge_labels: label data and reference edges with shapes (default True).
      rankdir: Graphviz's rank direction; "BT" (inputs at the bottom, as TensorBoard).

    Raises:
      TypeError: if `graph` is not a tf.Graph or `session` not a tf.Session.
      ValueError: for an unknown `view` or `color_by`, or a session that is
        closed or runs another graph.

    >>> import tfvars as tf
    >>> g = tf.Graph()
    >>> with g.as_default():
    ...     x = tf.placeholder(tf.float32, [None, 3], name="x")
    ...     y = tf.identity(x, name="y")
    >>> print(to_dot(g, legend=False).splitlines()[-2])
      "x" -> "y" [id="e:x|y|data", xlabel="?×3"];
    """
    live.check_graph(graph, "DOT drawing")
    if session is not None:
        live.check_session(session, graph, "DOT drawing")
    return draw(graph, session, **options).to_dot()
