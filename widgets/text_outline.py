"""A drawing as plain text: one line per node, indented by cluster, then the edge counts.

This is what a view's `repr` shows (and a saved notebook compares), so it
holds no ids and no layout, only names, kinds and marks.
"""

from widgets.roles import VARIABLE_TYPES, variable_summary


def outline(drawing, marks):
    """The outline of `drawing`; `marks` ({node id: [word]}) adds the words in brackets after a node's line."""
    lines = []
    _cluster_lines(drawing, "", 0, marks, lines)
    kinds = [edge.kind for edge in drawing.edges.values()]
    lines.append("edges: %d (%d data, %d control, %d ref)" % (
        len(kinds), kinds.count("data"), kinds.count("control"), kinds.count("ref")))
    return "\n".join(lines)


def _cluster_lines(drawing, scope, depth, marks, lines):
    indent = "  " * depth
    for is_scope, child in drawing.clusters.get(scope, ()):
        if is_scope:
            lines.append("%s%s/" % (indent, child[len(scope) + 1:] if scope else child))
            _cluster_lines(drawing, child, depth + 1, marks, lines)
        else:
            node = drawing.nodes[child]
            words = marks.get(child)
            lines.append("%s%s %s%s" % (indent, node.label_name, describe(node),
                                        " [%s]" % ", ".join(words) if words else ""))


def describe(node):
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
