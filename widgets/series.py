"""Series: runs `add`, `add_1`, ..., `add_n` of one scope that a drawing folds into one node `add_[0-n]`.

TensorBoard's graph dashboard groups such runs the same way; the unnumbered
name counts as number 0.
"""

import re

from widgets.roles import VARIABLE_TYPES

_SERIES = re.compile(r"^(.*?)_(\d+)$")
_NUMBERED = re.compile(r"_\d+(?:/|$)")  # a name with a `name_N` part: there may be series


def find_series(nodes, min_series):
    """The series among drawn `nodes` ({node id: Node}): [(series id, parent scope, (count, kind), member ids)].

    The members are a scope's direct children (ops, or sub-scopes with all
    they hold) of one kind: the same op type (for a sub-scope, the type of the
    op named like it, as `add_1` holding `add_1/y`), or scopes without such an
    op. Variables are never folded; outer series come before inner ones, and a
    node is a member of one series at most. Fewer than `min_series` (and never
    fewer than 2) members make no series.
    """
    if not any(_NUMBERED.search(node_id) for node_id in nodes):
        return []
    items = {}  # path of a scope's child -> [node id under it]
    for node_id in nodes:
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
        kind = _series_kind(nodes, path)
        if kind is not None:
            base, number = (match.group(1), int(match.group(2))) if match else (child, 0)
            groups.setdefault((path[:cut] if cut > 0 else "", base, kind), []).append((number, members))
    found, taken = [], set()
    for (parent, base, kind), group in sorted(groups.items(), key=_depth_of_group):
        members = [member for _, under in group for member in under]
        if len(group) < max(min_series, 2) or any(member in taken for member in members):
            continue
        taken.update(members)
        name = "%s_[%s]" % (base, _ranges(sorted(number for number, _ in group)))
        found.append((parent + "/" + name if parent else name, parent, (len(group), kind), members))
    return found


def _scope_paths(name):
    """Every scope path of a node id, outermost first: "a/b/c" gives "a", "a/b", "a/b/c"."""
    paths = []
    cut = name.find("/")
    while cut > 0:
        paths.append(name[:cut])
        cut = name.find("/", cut + 1)
    paths.append(name)
    return paths


def _depth_of_group(item):
    parent = item[0][0]
    return parent.count("/") + 1 if parent else 0


def _series_kind(nodes, path):
    """What a series member at `path` must share with the others, or None if it cannot be one."""
    node = nodes.get(path)
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
