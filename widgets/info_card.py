"""A GraphView's info cards: TensorBoard's card for a picked node, as plain text.

An op's card lists its type, device, inputs, outputs and their consumers,
control inputs, collections and, for a variable, its value in the view's
session; a collapsed scope's or folded series' card lists what it holds and
what crosses its border. Each function takes the GraphView showing the node
(its graph, drawing and session).
"""

import html

from widgets import values
from widgets.roles import VARIABLE_TYPES, format_shape, variable_summary

_MAX_LISTED = 20


def op_card(view, op):
    """TensorBoard's info card for one op, as text."""
    lines = [op.name, "type: %s" % op.type, "device: %s" % (op.device or "(not placed)")]
    if view.drawing is not None and op.name in view.drawing.owner and view.drawing.owner[op.name] != op.name:
        lines.append("drawn as: %s" % view.drawing.owner[op.name])
    lines.append("inputs:" if op.inputs else "inputs: (none)")
    lines.extend("  " + _tensor_line(tensor) for tensor in op.inputs)
    lines.append("outputs:" if op.outputs else "outputs: (none)")
    for tensor in op.outputs:
        consumers = [consumer.name for consumer in tensor.consumers()]
        lines.append("  %s%s" % (_tensor_line(tensor), " -> " + ", ".join(consumers) if consumers else ""))
    controls = [control.name for control in op.control_inputs]
    lines.append("control inputs: %s" % (", ".join(controls) if controls else "(none)"))
    keys = _collections_of(view.graph, op)
    lines.append("collections: %s" % (", ".join(keys) if keys else "(none)"))
    if op.type in VARIABLE_TYPES:
        lines.append("variable: %s" % variable_summary(op))
        lines.append("value: %s" % _value_text(view, op))
    return "\n".join(lines)


def group_card(view, node):
    """The info card of a collapsed scope or a folded series: what it holds and what crosses its border."""
    drawing = view.drawing
    inside = set(node.ops)
    lines = ["%s %s" % (node.id, drawing.describe(node))]
    counts = {}
    for op in node.ops:
        counts[op.type] = counts.get(op.type, 0) + 1
    lines.append("op types: %s" % ", ".join("%s ×%d" % item for item in sorted(counts.items())))
    lines.append("devices: %s" % ", ".join("%s %d%%" % (device, round(100 * share)) for device, share in node.devices))
    entering = [tensor for op in node.ops for tensor in op.inputs if tensor.op not in inside]
    leaving = [tensor for op in node.ops for tensor in op.outputs
               if any(consumer not in inside for consumer in tensor.consumers())]
    lines.append("inputs from outside:" + _listed([_tensor_line(t) for t in dict.fromkeys(entering)]))
    lines.append("outputs to outside:" + _listed([_tensor_line(t) for t in leaving]))
    lines.append("ops:" + _listed([op.name for op in node.ops]))
    return "\n".join(lines)


def as_html(text):
    """A card (or an error shown in its place) as the HTML of the view's info panel."""
    return '<pre class="tfvars-info">%s</pre>' % html.escape(text)


def _tensor_line(tensor):
    return "%s  %s %s" % (tensor.name, tensor.dtype.name, format_shape(tensor.shape))


def _value_text(view, op):
    if view.session is None:
        return "(no session bound)"
    if view.session_closed:
        return "(session closed)"
    return values.format_value(values.read_value(view.session, op))


def _collections_of(graph, op):
    keys = []
    for key in sorted(graph.get_all_collection_keys(), key=str):
        for member in graph.get_collection(key):
            member_op = member if member is op else getattr(member, "op", None)
            if member_op is op:
                keys.append(str(key))
                break
    return keys


def _listed(items):
    if not items:
        return " (none)"
    shown = items[:_MAX_LISTED]
    more = len(items) - len(shown)
    return "".join("\n  " + item for item in shown) + ("\n  ... %d more" % more if more else "")
