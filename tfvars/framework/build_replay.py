"""Recorded builds: the ops a self-contained build made once, made again under another name scope.

Building a variable runs its initializer, converts constants, binds attrs and
infers shapes for about ten ops. When the same build runs again (same
initializer, shape and dtype) under another scope, the ops it makes differ only
in their names. `build(graph, key, body)` records what `body()` built the first
time and, for later calls with the same key, makes the same ops directly: same
types, attrs, inputs, shapes, tracebacks and events, with the names the op
builders would have given them. At its first replay a recording is compiled
into straight-line Python that sets each field of each op (as the executor
compiles a run), which costs a third of walking the recorded specs.

A recording is kept only when the build was self-contained: every op it made
is named under its name scope and takes only ops it made, no attr but the
colocation attr mentions the scope, no device was set, and every name it
looked up was free before it started. A replay happens only where the build
would run the same way: no device, colocation, control-dependency or control-flow
block around it, no graph seed (op seeds would follow the op count), and every
name it would look up still free. Anywhere else `body()` runs as usual.
"""

import numpy as np

from tfvars.framework import observers
from tfvars.framework.operation import Operation, _user_frame
from tfvars.framework.tensor import Tensor

_MAX_RECORDINGS = 1024
_MAX_CONSTANT_BYTES = 16384  # a recording keeps its constants' arrays: big ones (a constant fill) are not kept
_recordings = {}  # key -> _Recording, or None for a build that was not self-contained
_UNRECORDED = object()
enabled = True  # tests turn replay off to compare it with building from scratch


def build(graph, key, body):
    """`body()`'s result, its ops replayed from the recording for `key` when one fits (key None: never)."""
    if key is None or not enabled or not _plain(graph):
        return body()
    try:
        recording = _recordings.get(key, _UNRECORDED)
    except TypeError:  # the key holds an unhashable value (an initializer attribute): nothing to replay
        return body()
    if recording is _UNRECORDED:
        return _record(graph, key, body)
    result = recording.replay(graph) if recording is not None else None
    return body() if result is None else result


def _plain(graph):
    """Whether nothing around the build changes how its ops are made but the name scope."""
    if (graph._control_flow_context is not None or graph._device_stack or graph._colocation_stack
            or graph._attr_scope_map or graph._gradient_override_map or graph._seed is not None
            or graph._finalized or not graph._name_stack):
        return False
    for controller in graph._control_dependencies_stack:
        if controller.control_inputs:
            return False
    return True


def _record(graph, key, body):
    base = graph._name_stack
    start = len(graph._ops)
    names = graph._names_in_use
    graph._names_in_use = probe = _ProbedNames(names)
    try:
        result = body()
    finally:
        graph._names_in_use = names
        probe.active = False  # undoing a failed outer construction later writes through it
    if len(_recordings) >= _MAX_RECORDINGS:
        _recordings.clear()
    _recordings[key] = _Recording.of(base, graph._ops[start:], probe, result)
    return result


class _ProbedNames:
    """The graph's used-names dict, logging every name the build looks up or marks."""

    __slots__ = ("names", "active", "log", "marked", "outside")

    def __init__(self, names):
        self.names = names
        self.active = True
        self.log = []
        self.marked = {}  # key -> count, in the order the build marked them
        self.outside = False  # a looked-up name was in use before the build: it depends on other names

    def _probe(self, key):
        found = key in self.names
        if self.active:
            self.log.append(key)
            self.outside = self.outside or (found and key not in self.marked)
        return found

    def get(self, key, default=None):
        return self.names[key] if self._probe(key) else default

    def __contains__(self, key):
        return self._probe(key)

    def __getitem__(self, key):
        return self.names[key]

    def __setitem__(self, key, count):
        if self.active:
            self.log.append(key)
            self.marked[key] = count
        self.names[key] = count

    def pop(self, key, default=None):
        return self.names.pop(key, default)


class _Recording:
    """A build's ops relative to its name scope; `replay` makes them again under the current scope."""

    def __init__(self, specs, suffixes, probed, marked, outputs, returns_tuple):
        # Per op: (type, input indexes over all outputs, control input indexes, attrs, colocated, output types,
        # (index, dtype, shape) per output, op_def).
        self._specs = specs
        self._suffixes = suffixes  # per op: its name after the scope's
        self._probed = probed  # name-key suffixes the build looked up
        self._marked = marked  # (index in _probed, count) of the names it marked
        self._outputs = outputs  # (op index, output index or None for the op) per result item
        self._returns_tuple = returns_tuple
        self._make = None  # the compiled replay, made at the first replay

    @classmethod
    def of(cls, base, ops, probe, result):
        """The recording of `ops`, built under `base` with `probe`'s names; None if not self-contained."""
        if probe.outside:
            return None
        key_prefix = base.lower()
        if not all(key.startswith(key_prefix + "/") for key in probe.log):
            return None
        if sum(value.nbytes for op in ops for value in op._attrs.values() if isinstance(value, np.ndarray)) \
                > _MAX_CONSTANT_BYTES:
            return None
        index = {op: i for i, op in enumerate(ops)}
        first_output, count = {}, 0  # op -> the index of its first output among all the ops' outputs
        for op in ops:
            first_output[op], count = count, count + len(op._outputs)
        colocation = [("loc:@%s" % base).encode()]
        specs, suffixes = [], []
        for op in ops:
            if op._name != base and not op._name.startswith(base + "/"):
                return None
            if op._device or op._control_flow_context is not None:
                return None
            if not all(t._op in index for t in op._inputs) or not all(c in index for c in op._control_inputs):
                return None
            attrs = dict(op._attrs)
            colocated = attrs.pop("_class", None)
            if colocated is not None and colocated != colocation or _mentions(attrs.values(), base):
                return None
            suffixes.append(op._name[len(base):])
            specs.append((op._type, tuple(first_output[t._op] + t._value_index for t in op._inputs),
                          tuple(index[c] for c in op._control_inputs), attrs, colocated is not None,
                          op._output_types, tuple((t._value_index, t._dtype, t._shape) for t in op._outputs),
                          op._op_def))
        returns_tuple = isinstance(result, tuple)
        items = result if returns_tuple else (result,)
        outputs = []
        for item in items:
            if isinstance(item, Tensor) and item._op in index:
                outputs.append((index[item._op], item._value_index))
            elif isinstance(item, Operation) and item in index:
                outputs.append((index[item], None))
            else:
                return None
        probed = sorted({key[len(key_prefix):] for key in probe.log})
        marked = [(probed.index(key[len(key_prefix):]), count) for key, count in probe.marked.items()]
        return cls(specs, suffixes, probed, marked, outputs, returns_tuple)

    def replay(self, graph):
        """The build's result with its ops made under the current name scope; None if a name is taken."""
        make = self._make or self._compile()
        base = graph._name_stack
        # One colocation list for all the ops, as the attr scope of a build shares it.
        made = make(graph, base, _user_frame(), [("loc:@%s" % base).encode()])
        if made is None:
            return None
        made, marked = made  # no block around a replay has control inputs (`_plain`): none keeps its ops
        if graph._subscribers:
            for op in made:
                graph._emit(observers.OpCreated(graph, op))
        graph._record_undo(lambda: _unmake(graph, made, marked))
        result = [made[i] if k is None else made[i]._outputs[k] for i, k in self._outputs]
        return tuple(result) if self._returns_tuple else result[0]

    def _compile(self):
        """`make(graph, base, traceback, colocation)`: the ops made by straight-line code, one statement per field.

        What `Operation.__init__` and `Graph._add_op` do, for ops whose every
        part is known but the name scope: no loop, no look-up of the recorded
        specs, every op's consumers known. It returns None if a name the build
        would use is taken, else (the ops made, the name keys marked used).
        """
        constants = {"new": object.__new__, "Operation": Operation, "Tensor": Tensor}
        lines = ["def make(graph, base, traceback, colocation):",
                 "    key_prefix = base.lower()",
                 "    names = graph._names_in_use",
                 "    ops_by_name = graph._ops_by_name"]
        keys = ["k%d" % j for j in range(len(self._probed))]
        lines += ["    %s = key_prefix + %r" % (key, suffix) for key, suffix in zip(keys, self._probed)]
        op_names = ["n%d" % i for i in range(len(self._specs))]
        lines += ["    %s = base + %r" % (name, suffix) for name, suffix in zip(op_names, self._suffixes)]
        taken = ["%s in names" % key for key in keys] + ["%s in ops_by_name" % name for name in op_names]
        lines += ["    if %s:" % " or ".join(taken), "        return None"]
        tensors = ["t%d_%d" % (i, index) for i, spec in enumerate(self._specs) for index, _, _ in spec[6]]
        consumers = {tensor: [] for tensor in tensors}
        for i, spec in enumerate(self._specs):
            for flat in spec[1]:
                consumers[tensors[flat]].append("op%d" % i)
        lines += ["    op%d = new(Operation)" % i for i in range(len(self._specs))]
        lines += ["    %s = new(Tensor)" % tensor for tensor in tensors]
        lines.append("    last_id = graph._last_id")
        for i, (op_type, inputs, control_inputs, attrs, colocated, output_types, output_specs, op_def) in enumerate(
                self._specs):
            op = "op%d" % i
            constants.update({"ATTRS_%d" % i: attrs, "OUTPUT_TYPES_%d" % i: output_types, "OP_DEF_%d" % i: op_def})
            outputs = ["t%d_%d" % (i, index) for index, _, _ in output_specs]
            lines += ["    %s._graph = graph" % op,
                      "    %s._type = %r" % (op, op_type),
                      "    %s._name = n%d" % (op, i),
                      "    %s._inputs = %s" % (op, _tuple(tensors[flat] for flat in inputs)),
                      "    %s._output_types = OUTPUT_TYPES_%d" % (op, i),
                      "    %s._attrs = attrs = ATTRS_%d.copy()" % (op, i)]
            if colocated:
                lines.append('    attrs["_class"] = colocation')
            lines += ["    %s._control_inputs = %s" % (op, _tuple("op%d" % c for c in control_inputs)),
                      "    %s._op_def = OP_DEF_%d" % (op, i),
                      '    %s._device = ""' % op,
                      "    %s._outputs = [%s]" % (op, ", ".join(outputs)),
                      "    %s._id = last_id + %d" % (op, i + 1),
                      "    %s._control_flow_context = None" % op,
                      "    %s._traceback = traceback" % op]
            for tensor, (index, dtype, shape) in zip(outputs, output_specs):
                constants.update({"DTYPE_%s" % tensor: dtype, "SHAPE_%s" % tensor: shape})
                lines += ["    %s._op = %s" % (tensor, op),
                          "    %s._value_index = %d" % (tensor, index),
                          "    %s._dtype = DTYPE_%s" % (tensor, tensor),
                          "    %s._shape = SHAPE_%s" % (tensor, tensor),
                          "    %s._consumers = [%s]" % (tensor, ", ".join(consumers[tensor]))]
        lines.append("    graph._last_id = last_id + %d" % len(self._specs))
        lines += ["    ops_by_name[n%d] = op%d" % (i, i) for i in range(len(self._specs))]
        lines += ["    made = [%s]" % ", ".join("op%d" % i for i in range(len(self._specs))),
                  "    graph._ops += made"]
        lines += ["    names[k%d] = %d" % (j, count) for j, count in self._marked]
        lines.append("    return made, [%s]" % ", ".join("k%d" % j for j, _ in self._marked))
        exec(compile("\n".join(lines) + "\n", "<tfvars build replay>", "exec"), constants)  # noqa: S102 (our code)
        self._make = constants["make"]
        return self._make


def _tuple(items):
    """Python source of a tuple of the names `items`."""
    items = list(items)
    return "(%s,)" % items[0] if len(items) == 1 else "(%s)" % ", ".join(items)


def _unmake(graph, made, marked):
    """Undoes a replay (the replayed ops are the graph's newest when it is undone)."""
    del graph._ops[len(graph._ops) - len(made):]
    for op in made:
        del graph._ops_by_name[op._name]
    graph._last_id -= len(made)
    for key in marked:
        graph._names_in_use.pop(key, None)


def _mentions(values, base):
    """Whether any string attr value (or list item) names something under `base`."""
    for value in values:
        items = value if isinstance(value, (list, tuple)) else (value,)
        for item in items:
            if isinstance(item, bytes):
                item = item.decode("utf-8", "replace")
            if isinstance(item, str) and base in item:
                return True
    return False
