"""A `Drawing` written as Graphviz DOT text: clusters, node and edge styles, legend (see `widgets.dot`).

Every node, edge and cluster carries an `id` ("n:<node id>", "e:<src>|<dst>|<kind>",
"c:<scope>") that Graphviz copies into the SVG, so a view can restyle a
rendered SVG by id without laying it out again.
"""

from widgets.palette import ROLE_COLORS, device_color
from widgets.roles import variable_summary

_REF_COLOR = "#d9480f"
_DIM_COLOR = "#bbbbbb"
_UNINITIALIZED_COLOR = "#c92a2a"
_SHAPES = {"variable": "cylinder", "input": "invhouse", "control": "box"}
_STATE_ROLES = frozenset({"variable", "assign", "read", "initializer"})


def write_dot(drawing):
    """The DOT text of `drawing`."""
    return _DotWriter(drawing).write()


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
                lines.append('%ssubgraph "cluster:%s" {' % (indent, child))
                lines.append(_cluster_attributes(indent + "  ", child, child[len(scope) + 1:] if scope else child))
                self._cluster_body(child, indent + "  ")
                lines.append(indent + "}")
            else:
                lines.append('%s"%s" [%s];' % (indent, child, self._node_attributes(nodes[child])))

    def _node_attributes(self, node):
        role = self.drawing.role(node)
        label, shape, style, tooltip = _node_look(node, role)
        fill = self._fill(node, role)
        if ";" in fill:
            style = style.replace("rounded,", "") + ",striped"
        extra = ""
        if self.options["view"] == "state":
            extra = ", penwidth=2" if role in _STATE_ROLES else ', color="%s", fontcolor="#888888"' % _DIM_COLOR
        mark = self.drawing.marks.get(node.id)
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
        lines.append(_cluster_attributes("    ", "legend", self.options["color_by"]))
        for index, (label, color) in enumerate(self.drawing.legend):
            lines.append('    "legend:%d" [id="legend:%d", label="%s", shape=box, style=filled, fillcolor="%s"];'
                         % (index, index, label, color))
            if index:  # the first entry on top: with rankdir=BT, edges go from the later entry to the earlier
                pair = (index, index - 1) if self.options["rankdir"] == "BT" else (index - 1, index)
                lines.append('    "legend:%d" -> "legend:%d" [style=invis];' % pair)
        lines.append("  }")


def _cluster_attributes(indent, cluster_id, label):
    return '%sid="c:%s"; label="%s"; style="rounded"; color="#999999"; fontsize=10;' % (indent, cluster_id, label)


def _node_look(node, role):
    """(label, shape, style, tooltip) of a node before colouring and marks."""
    if node.kind == "scope":
        label = "%s\\n%d ops" % (node.label_name, len(node.ops))
        return label, "box", "rounded,filled,bold", "%s (%d ops)" % (node.id, len(node.ops))
    if node.kind == "series":
        label = "%s\\n%d ops" % (node.label_name, len(node.ops))
        return label, "box", "filled,dashed", "%s: %s" % (node.id, ", ".join(op.name for op in node.ops))
    lead = node.lead
    label = node.label_name
    if role == "variable":
        label += "\\n" + variable_summary(lead)
        if lead.device:
            label += "\\n" + lead.device
    tooltip = "%s (%s)%s" % (lead.name, lead.type, " on " + lead.device if lead.device else "")
    return label, _SHAPES.get(role, "ellipse"), "filled", tooltip


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
