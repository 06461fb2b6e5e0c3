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

This module is where the drawing's public names live; each part is written in its own module:

| module | what |
| --- | --- |
| `drawing` | `draw` and the `Drawing` it returns: nodes, clusters, merged edges, collapse, devices, legend |
| `series` | which runs `add`, `add_1`, ... fold into one series node |
| `roles` | what each op is: its role, its variable, the inputs it writes; uninitialised variables and their readers |
| `palette` | the colours of roles and devices |
| `dot_writer` | `Drawing.to_dot()`: the DOT text |
| `text_outline` | `Drawing.to_text()`: the plain-text outline views show as their `repr` |
"""

from widgets import live
from widgets.drawing import COLOR_BY, VIEWS, Drawing, Edge, Node, check_option, draw
from widgets.palette import DEVICE_COLORS, NO_DEVICE, ROLE_COLORS, device_color
from widgets.roles import (ROLES, VARIABLE_TYPES, format_shape, mutated_inputs, op_role, readers_of, uninitialized,
                           variable_owners, variable_summary)

__all__ = [
    "to_dot", "draw", "Drawing", "Node", "Edge", "check_option", "VIEWS", "COLOR_BY",
    "ROLES", "ROLE_COLORS", "DEVICE_COLORS", "NO_DEVICE", "device_color", "VARIABLE_TYPES",
    "format_shape", "variable_summary", "mutated_inputs", "variable_owners", "op_role", "uninitialized", "readers_of",
]


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
