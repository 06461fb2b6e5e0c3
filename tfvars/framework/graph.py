"""`tf.Graph`: operations, names, collections, control dependencies and devices.

The graph is inert data: it holds operations in creation order, the names in
use, the name-scope stack, the control-dependency and device stacks, and the
collections. Sessions hold values; the variable store and scopes live beside
the graph as plain attributes.
"""

import contextlib
import copy
import re

from tfvars.framework import device as _device
from tfvars.framework import observers
from tfvars.framework.operation import Operation
from tfvars.framework.tensor import Tensor

_VALID_OP_NAME_REGEX = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_.\-/>]*$")
_VALID_SCOPE_NAME_REGEX = re.compile(r"^[A-Za-z0-9_.\-/>]*$")


class _ControlDependencies:
    """One `control_dependencies` block: its ops, and the ops built inside it (kept only if it has ops)."""

    __slots__ = ("_graph", "control_inputs", "_new_stack", "_seen_ops", "_saved")

    def __init__(self, graph, control_inputs):
        self._graph = graph
        self.control_inputs = control_inputs or []
        self._new_stack = control_inputs is None
        self._seen_ops = set()

    def op_in_group(self, op):
        return op in self._seen_ops

    def add_op(self, op):
        if self.control_inputs:  # only a block with control inputs asks which ops it saw
            self._seen_ops.add(op)

    def __enter__(self):
        graph = self._graph
        self._saved = None
        if self._new_stack:
            if not graph._control_dependencies_stack and graph._control_flow_context is None:
                return  # nothing to clear (every variable's construction clears them): the block does nothing
            self._saved = (graph._control_dependencies_stack, graph._control_flow_context)
            graph._control_dependencies_stack = []
            graph._control_flow_context = None
        graph._control_dependencies_stack.append(self)

    def __exit__(self, *exc_info):
        graph = self._graph
        if self._new_stack:
            if self._saved is not None:
                graph._control_dependencies_stack, graph._control_flow_context = self._saved
        else:
            graph._control_dependencies_stack.pop()


class _Block(contextlib.ContextDecorator):
    """The base of the graph's `with` blocks below.

    They are classes, not `contextlib.contextmanager` generators, because
    graph construction enters thousands of them; like those, each one also
    decorates a function, entering a fresh copy of itself at every call.
    """

    __slots__ = ()

    def _recreate_cm(self):
        return copy.copy(self)


class _Atomic(_Block):
    """The block of `Graph._atomic()`."""

    __slots__ = ("_graph", "_outermost")

    def __init__(self, graph):
        self._graph = graph

    def __enter__(self):
        self._outermost = self._graph._begin_atomic()

    def __exit__(self, exc_type, exc_value, traceback):
        if self._outermost:
            self._graph._end_atomic(exc_type is not None)
        return False


class _NameScope(_Block):
    """The block of `Graph.name_scope(name)`; the name is checked and made unique on entering."""

    __slots__ = ("_graph", "_name", "_old_stack")

    def __init__(self, graph, name):
        self._graph = graph
        self._name = name

    def __enter__(self):
        self._old_stack = self._graph._name_stack
        return self._graph._open_name_scope(self._name)

    def __exit__(self, exc_type, exc_value, traceback):
        self._graph._name_stack = self._old_stack
        return False


class _DeviceScope(_Block):
    """The block of `Graph.device(...)`: a device entry pushed on entering, popped on leaving."""

    __slots__ = ("_graph", "_device")

    def __init__(self, graph, device_name_or_function):
        self._graph = graph
        self._device = device_name_or_function

    def __enter__(self):
        self._graph._device_stack.append(_device.device_entry(self._device))

    def __exit__(self, exc_type, exc_value, traceback):
        self._graph._device_stack.pop()
        return False


class _ColocationScope(_Block):
    """The block of `Graph.colocate_with(op, ignore_existing)`; `op` is checked on entering."""

    __slots__ = ("_graph", "_op", "_ignore_existing", "_saved")

    def __init__(self, graph, op, ignore_existing):
        self._graph = graph
        self._op = op
        self._ignore_existing = ignore_existing

    def __enter__(self):
        op, ignore_existing, graph = self._op, self._ignore_existing, self._graph
        if op is None and not ignore_existing:
            raise ValueError("Trying to reset colocation (op is None) but ignore_existing is not True")
        op = _op_to_colocate_with(op)
        self._saved = (graph._colocation_stack, graph._device_stack)
        graph._device_stack = []
        graph._colocation_stack = ([] if ignore_existing else list(graph._colocation_stack)) + ([op] if op else [])

    def __exit__(self, exc_type, exc_value, traceback):
        graph = self._graph
        graph._colocation_stack, graph._device_stack = self._saved
        return False


class _MapScope(_Block):
    """A block that overlays entries on one of the graph's dict attributes, restored on leaving.

    `Graph._attr_scope` (attrs every op gets) and `Graph.gradient_override_map` (gradient
    functions by op type) are both such blocks; a None value removes an entry.
    """

    __slots__ = ("_graph", "_attribute", "_overlay", "_saved")

    def __init__(self, graph, attribute, overlay):
        self._graph = graph
        self._attribute = attribute
        self._overlay = overlay

    def __enter__(self):
        current = getattr(self._graph, self._attribute)
        self._saved = current
        merged = dict(current)
        for key, value in self._overlay.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        setattr(self._graph, self._attribute, merged)

    def __exit__(self, exc_type, exc_value, traceback):
        setattr(self._graph, self._attribute, self._saved)
        return False


class Graph:
    """A TensorFlow computation, as a graph of `Operation`s and `Tensor`s.

    >>> g = Graph()
    >>> with g.as_default():
    ...     with g.name_scope("outer") as scope:
    ...         scope
    'outer/'
    """

    def __init__(self):
        self._ops = []
        self._ops_by_name = {}
        self._names_in_use = {}
        self._name_stack = ""
        self._control_dependencies_stack = []
        self._device_stack = []
        self._colocation_stack = []
        self._attr_scope_map = {}
        self._gradient_override_map = {}
        self._collections = {}
        self._control_flow_context = None
        self._finalized = False
        self._seed = None
        self._last_id = 0
        self._structure_version = 0
        self._unfeedable_tensors = set()
        self._unfetchable_ops = set()
        self._journal = None
        self._pending_events = None
        self._subscribers = observers.Subscribers()

    # Default graph.
    def as_default(self):
        """A context manager that makes this graph the default graph."""
        return _default_graph_stack.get_controller(self)

    # Observers.
    def subscribe(self, callback):
        """Calls `callback(event)` on OpCreated and CollectionChanged; held weakly."""
        return self._subscribers.add(callback)

    def unsubscribe(self, callback):
        self._subscribers.remove(callback)

    def _emit(self, event):
        if not self._subscribers:
            return
        if self._pending_events is not None:
            self._pending_events.append(event)
        else:
            self._subscribers.notify(event)

    # All-or-nothing construction.
    def _atomic(self):
        """Everything done to the graph inside is undone if the block raises.

        Nested blocks join the outermost one; events reach subscribers only
        once the outermost block succeeds.
        """
        return _Atomic(self)

    def _begin_atomic(self):
        """Opens an all-or-nothing block; True if it is the outermost one (which must be ended)."""
        if self._journal is not None:
            return False
        self._journal, self._pending_events = [], []
        return True

    def _end_atomic(self, failed):
        """Ends the outermost block: undoes everything it did if it `failed`, else sends its events."""
        if failed:
            journal, self._journal, self._pending_events = self._journal, None, None
            for undo in reversed(journal):
                undo()
            return
        events, self._journal, self._pending_events = self._pending_events, None, None
        for event in events:
            self._subscribers.notify(event)

    def _record_undo(self, undo):
        if self._journal is not None:
            self._journal.append(undo)

    def _structure_changed(self):
        """An existing op changed (a control input was added): cached run plans are stale."""
        self._structure_version += 1

    # Names.
    def unique_name(self, name, mark_as_used=True):
        """`name` under the current name scope, suffixed `_1`, `_2`, ... if already used.

        Names are compared case-insensitively, as in TF 1.x.
        """
        if self._name_stack:
            name = self._name_stack + "/" + name
        key = name.lower()
        count = self._names_in_use.get(key, 0)
        if mark_as_used:
            self._mark_name_used(key, count + 1)
        if count > 0:
            base_key = key
            while key in self._names_in_use:
                key = "%s_%d" % (base_key, count)
                count += 1
            if mark_as_used:
                self._mark_name_used(key, 1)
            name = "%s_%d" % (name, count - 1)
        return name

    def _mark_name_used(self, key, count):
        names = self._names_in_use
        if self._journal is not None:
            if key in names:
                old = names[key]
                self._journal.append(lambda: names.__setitem__(key, old))
            else:
                self._journal.append(lambda: names.pop(key, None))
        names[key] = count

    def get_name_scope(self):
        """The current name scope, without a trailing slash ('' at the top)."""
        return self._name_stack

    def name_scope(self, name):
        """Opens a name scope: `name` uniquified, `name/` re-entered as is, None or '' reset to the top."""
        return _NameScope(self, name)

    def _open_name_scope(self, name):
        """Makes `name` (see `name_scope`) the current name scope; returns it as "scope/" ('' at the top).

        The caller restores `_name_stack` when the scope closes.
        """
        if name:
            if not isinstance(name, str):
                name = name.decode() if isinstance(name, bytes) else name
            if not isinstance(name, str):
                raise TypeError("Name scope must be a string, got %r" % (name,))
            regex = _VALID_SCOPE_NAME_REGEX if self._name_stack else _VALID_OP_NAME_REGEX
            if not regex.match(name):
                raise ValueError("'%s' is not a valid scope name" % name)
        if not name:
            new_stack = ""
        elif name[-1] == "/":
            new_stack = name[:-1]
        else:
            new_stack = self.unique_name(name)
        self._name_stack = new_stack
        return new_stack + "/" if new_stack else ""

    # Control dependencies.
    def control_dependencies(self, control_inputs):
        """Ops built inside run only after `control_inputs`; None clears the outer ones."""
        if control_inputs is None:
            return _ControlDependencies(self, None)
        current = set(self._current_control_dependencies())
        control_ops = []
        for item in control_inputs:
            if hasattr(item, "_handle") and hasattr(item, "op"):
                item = item.op  # a resource variable: depend on its op without reading it, as TF does
            element = self.as_graph_element(_indexed_slices_op(item))
            if isinstance(element, Tensor):
                element = element.op
            elif not isinstance(element, Operation):
                raise TypeError("Control input must be Operation or Tensor: %s" % (element,))
            if element not in current:
                control_ops.append(element)
                current.add(element)
        return _ControlDependencies(self, control_ops)

    def _current_control_dependencies(self):
        ops = []
        for controller in self._control_dependencies_stack:
            ops.extend(controller.control_inputs)
        return ops

    def _control_dependencies_for_inputs(self, input_ops):
        """Control inputs for a new op; a block is skipped if an input was built inside it."""
        result = []
        for controller in self._control_dependencies_stack:
            if not controller.control_inputs or any(controller.op_in_group(op) for op in input_ops):
                continue
            for op in controller.control_inputs:
                if op not in input_ops and op not in result:
                    result.append(op)
        return result

    # Devices.
    def device(self, device_name_or_function):
        """Ops built inside are placed on this device (merged with the outer ones, TF's way)."""
        return _DeviceScope(self, device_name_or_function)

    def colocate_with(self, op, ignore_existing=False):
        """Ops built inside are placed with `op` (same device, `_class: loc:@op`); device scopes are ignored.

        `colocate_with(None, ignore_existing=True)` clears the colocation.
        """
        return _ColocationScope(self, op, ignore_existing)

    def _attr_scope(self, attr_map):
        """Ops built inside get these attrs (a None value removes one), as TF's variables use for `_class`."""
        return _MapScope(self, "_attr_scope_map", attr_map)

    def gradient_override_map(self, op_type_map):
        """Ops of these types built inside use another type's gradient function.

        `with g.gradient_override_map({"Square": "MySquareGrad"}):` records the attr
        `_gradient_op_type: b"MySquareGrad"` on every Square op built in the block, and
        `tf.gradients` looks that name up instead of the op's type.
        """
        if not isinstance(op_type_map, dict):
            raise TypeError("op_type_map must be a dictionary mapping strings to strings")
        for op_type, mapped in op_type_map.items():
            if not isinstance(op_type, str) or not isinstance(mapped, str):
                raise TypeError("op_type_map must be a dictionary mapping strings to strings")
        return _MapScope(self, "_gradient_override_map", op_type_map)

    def _apply_colocation(self, op):
        groups = set()
        for colocated in self._colocation_stack:
            groups.update(colocated.colocation_groups())
            if colocated.device:
                op._set_device(colocated.device)
        op._attrs["_class"] = sorted(groups)

    # Operations.
    def create_op(self, op_type, inputs, dtypes, input_types=None, name=None, attrs=None,
                  op_def=None, compute_shapes=True, compute_device=True):
        """Adds an op; raises before touching the graph if anything about it is wrong."""
        self._check_not_finalized()
        for tensor in inputs:
            if not isinstance(tensor, Tensor):
                raise TypeError("Input #%d is not a tensor: %r" % (inputs.index(tensor), tensor))
            if tensor._op._graph is not self:
                raise ValueError("Tensor %s must be from the same graph as the op being created." % tensor)
        if op_def is None:
            from tfvars.framework import op_def_registry
            op_def = op_def_registry.get(op_type)
        # As `with self._atomic():`, without the block object (most ops are built inside an outer block).
        outermost = self._journal is None and self._begin_atomic()
        try:
            if name is None:
                name = op_type
            if name and name[-1] == "/":
                name = name[:-1]  # a scope's name, taken verbatim
            else:
                name = self.unique_name(name)
            if not _VALID_OP_NAME_REGEX.match(name):
                raise ValueError("'%s' is not a valid node name" % name)
            if name in self._ops_by_name:
                raise ValueError("Duplicate node name in graph: '%s'" % name)
            context = self._control_flow_context
            if self._control_dependencies_stack:
                control_inputs = self._control_dependencies_for_inputs([t.op for t in inputs])
            else:
                control_inputs = []
            if self._attr_scope_map:
                attrs = dict(attrs or {}, **self._attr_scope_map)
            if op_type in self._gradient_override_map:
                attrs = dict(attrs or {}, _gradient_op_type=self._gradient_override_map[op_type].encode())
            op = Operation(self, op_type, name, inputs, dtypes, attrs, control_inputs, op_def)
            op._create_outputs(op_def.infer_shapes(op) if compute_shapes else [_unknown()] * len(dtypes))
            if compute_device and self._device_stack:
                _device.apply_device_stack(self._device_stack, op, op._set_device)
            if self._colocation_stack:
                self._apply_colocation(op)
            self._add_op(op)
            if context is not None:
                context.add_op(op)
        except BaseException:
            if outermost:
                self._end_atomic(True)
            raise
        if outermost:
            self._end_atomic(False)
        return op

    def _add_op(self, op):
        self._last_id += 1
        op._id = self._last_id
        self._ops.append(op)
        self._ops_by_name[op._name] = op
        for tensor in op._inputs:
            tensor._consumers.append(op)
        for controller in self._control_dependencies_stack:
            controller.add_op(op)
        if self._journal is not None:
            self._journal.append(lambda: self._remove_last_op(op))
        if self._subscribers:
            self._emit(observers.OpCreated(self, op))

    def _remove_last_op(self, op):
        self._ops.remove(op)
        del self._ops_by_name[op.name]
        for tensor in op.inputs:
            tensor._consumers.remove(op)
        for controller in self._control_dependencies_stack:
            controller._seen_ops.discard(op)
        self._last_id -= 1

    def get_operations(self):
        """Every op, in creation order (a copy)."""
        return list(self._ops)

    def get_operation_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError("Operation names are strings (or similar), not %s." % type(name).__name__)
        return self.as_graph_element(name, allow_tensor=False, allow_operation=True)

    def get_tensor_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError("Tensor names are strings (or similar), not %s." % type(name).__name__)
        return self.as_graph_element(name, allow_tensor=True, allow_operation=False)

    def as_graph_element(self, obj, allow_tensor=True, allow_operation=True):
        """The Tensor or Operation that `obj` (an element, a name, or a Variable) stands for."""
        if allow_tensor and allow_operation:
            kinds = "Tensor or Operation"
        elif allow_tensor:
            kinds = "Tensor"
        elif allow_operation:
            kinds = "Operation"
        else:
            raise ValueError("allow_tensor and allow_operation can't both be False.")
        as_element = getattr(obj, "_as_graph_element", None)
        if as_element is not None and not isinstance(obj, (Tensor, Operation)):
            obj = as_element()
        if isinstance(obj, bytes):
            obj = obj.decode()
        if isinstance(obj, str):
            return self._element_by_name(obj, allow_tensor, allow_operation, kinds)
        if isinstance(obj, Tensor) and allow_tensor:
            if obj.graph is not self:
                raise ValueError("Tensor %s is not an element of this graph." % obj)
            return obj
        if isinstance(obj, Operation) and allow_operation:
            if obj.graph is not self:
                raise ValueError("Operation %s is not an element of this graph." % obj)
            return obj
        raise TypeError("Can not convert a %s into a %s." % (type(obj).__name__, kinds))

    def _element_by_name(self, name, allow_tensor, allow_operation, kinds):
        if ":" in name:
            if not allow_tensor:
                raise ValueError("Name %r appears to refer to a Tensor, not a %s." % (name, kinds))
            op_name, _, index = name.rpartition(":")
            if not index.isdigit():
                raise ValueError("The name %r looks a like a Tensor name, but is not a valid one. Tensor "
                                 "names must be of the form \"<op_name>:<output_index>\"." % name)
            op = self._ops_by_name.get(op_name)
            if op is None:
                raise KeyError("The name %r refers to a Tensor which does not exist. The operation, %r, "
                               "does not exist in the graph." % (name, op_name))
            if int(index) >= len(op._outputs):
                raise KeyError("The name %r refers to a Tensor which does not exist. The operation, %r, "
                               "exists but only has %d outputs." % (name, op_name, len(op._outputs)))
            return op._outputs[int(index)]
        if allow_operation:
            if name not in self._ops_by_name:
                raise KeyError("The name %r refers to an Operation not in the graph." % name)
            return self._ops_by_name[name]
        if name in self._ops_by_name:
            message = "The name %r refers to an Operation, not a %s." % (name, kinds)
        else:
            message = "The name %r looks like an (invalid) Operation name, not a %s." % (name, kinds)
        raise ValueError(message + " Tensor names must be of the form \"<op_name>:<output_index>\".")

    # Collections.
    def add_to_collection(self, name, value):
        """Appends `value` to the collection `name` (any hashable key; created on first use)."""
        self._check_not_finalized()
        collection = self._collections.setdefault(name, [])
        collection.append(value)
        self._record_undo(lambda: self._undo_collection_append(name, collection))
        if self._subscribers:
            self._emit(observers.CollectionChanged(self, name))

    def _undo_collection_append(self, name, collection):
        collection.pop()
        if not collection and self._collections.get(name) is collection:
            del self._collections[name]

    def add_to_collections(self, names, value):
        """Adds `value` to each collection in `names` (a string counts as one name), once each."""
        names = (names,) if isinstance(names, str) else dict.fromkeys(names)
        for name in names:
            self.add_to_collection(name, value)

    def get_collection_ref(self, name):
        """The collection's own list (created if absent): changes to it change the graph."""
        collection = self._collections.get(name)
        if collection is None:
            collection = self._collections[name] = []
            self._record_undo(lambda: self._collections.pop(name, None))
        return collection

    def get_collection(self, name, scope=None):
        """A copy of the collection; with `scope`, only items whose `name` matches it from the start."""
        collection = self._collections.get(name)
        if collection is None:
            return []
        if scope is None:
            return list(collection)
        pattern = re.compile(scope)
        return [item for item in collection
                if isinstance(getattr(item, "name", None), str) and pattern.match(item.name)]

    def get_all_collection_keys(self):
        """The names (strings) of the collections the graph has, empty ones included, as TF lists them."""
        return [key for key in self._collections if isinstance(key, str)]

    def clear_collection(self, name):
        self._check_not_finalized()
        if name in self._collections:
            items = self._collections.pop(name)
            self._record_undo(lambda: self._collections.__setitem__(name, items))
            self._emit(observers.CollectionChanged(self, name))

    # Finalizing, seeds, feeding.
    def finalize(self):
        """Makes the graph read-only: adding ops or collection items raises RuntimeError."""
        self._finalized = True

    @property
    def finalized(self):
        return self._finalized

    def _unsafe_unfinalize(self):
        self._finalized = False

    def _check_not_finalized(self):
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")

    @property
    def seed(self):
        """The graph-level random seed (set by `tf.set_random_seed`), or None."""
        return self._seed

    @seed.setter
    def seed(self, seed):
        self._seed = seed

    @property
    def version(self):
        """The id of the newest op; grows as ops are added."""
        return self._last_id

    @property
    def building_function(self):
        return False

    def is_feedable(self, tensor):
        return tensor not in self._unfeedable_tensors

    def prevent_feeding(self, tensor):
        self._unfeedable_tensors.add(tensor)

    def is_fetchable(self, tensor_or_op):
        op = tensor_or_op.op if isinstance(tensor_or_op, Tensor) else tensor_or_op
        return op not in self._unfetchable_ops

    def prevent_fetching(self, op):
        self._unfetchable_ops.add(op)

    def as_graph_def(self, from_version=None, add_shapes=False):
        """The graph as plain data: a GraphDef of NodeDefs (see `tfvars.framework.graph_def`)."""
        from tfvars.framework import graph_def
        return graph_def.graph_def(self, from_version=from_version, add_shapes=add_shapes)

    def __repr__(self):
        return "<tf.Graph with %d ops>" % len(self._ops)


def _unknown():
    from tfvars.framework.tensor_shape import unknown_shape
    return unknown_shape()


def _op_to_colocate_with(value):
    """The op a Tensor, Variable or Operation stands for in `colocate_with`."""
    if value is None or isinstance(value, Operation):
        return value
    if isinstance(value, Tensor):
        return value.op
    as_element = getattr(value, "_as_graph_element", None)
    if as_element is not None:
        return as_element().op
    raise TypeError("Can not colocate with %r: expected an Operation, Tensor or Variable." % (value,))


def _indexed_slices_op(item):
    """An IndexedSlices stands for the op that made its values."""
    values = getattr(item, "values", None)
    return values.op if isinstance(values, Tensor) and hasattr(item, "indices") else item


class _DefaultGraphController(_Block):
    """The block of `Graph.as_default()`."""

    __slots__ = ("_stack", "_graph")

    def __init__(self, stack, graph):
        self._stack = stack
        self._graph = graph

    def __enter__(self):
        self._stack.stack.append(self._graph)
        return self._graph

    def __exit__(self, exc_type, exc_value, traceback):
        self._stack.pop(self._graph)
        return False


class _DefaultGraphStack:
    """The stack of `as_default()` graphs, over one global default graph."""

    def __init__(self):
        self.stack = []
        self.global_default = None

    def get_default(self):
        if self.stack:
            return self.stack[-1]
        if self.global_default is None:
            self.global_default = Graph()
        return self.global_default

    def get_controller(self, graph):
        return _DefaultGraphController(self, graph)

    def pop(self, graph):
        """Takes `graph` off the stack: the top entry, or (blocks left out of order) its first entry."""
        self.stack.remove(graph) if self.stack[-1] is not graph else self.stack.pop()

    def reset(self):
        if self.stack:
            raise AssertionError(
                "Do not use tf.reset_default_graph() to clear nested graphs. If you need a cleared "
                "graph, exit the nesting and create a new graph.")
        self.global_default = None


_default_graph_stack = _DefaultGraphStack()


def get_default_graph():
    """The innermost `as_default()` graph, or the global default graph."""
    stack = _default_graph_stack.stack
    return stack[-1] if stack else _default_graph_stack.get_default()


def reset_default_graph():
    """Replaces the global default graph by a new, empty one.

    Raises AssertionError inside a `with graph.as_default():` block. Objects of
    the old graph stay usable only with sessions of the old graph.
    """
    _default_graph_stack.reset()


def builds_without_scope(graph, name):
    """Whether an op named `name` (a str) gets the same name without opening its name scope.

    True for a valid name, made unique as the scope would make it, and for a
    scope's own name ("mul/", taken verbatim) that the scope would accept.
    """
    if not name:
        return False
    if name[-1] != "/":
        return _VALID_OP_NAME_REGEX.match(name) is not None
    regex = _VALID_SCOPE_NAME_REGEX if graph._name_stack else _VALID_OP_NAME_REGEX
    return regex.match(name) is not None


def _get_graph_from_inputs(values):
    """The graph of the first graph element among `values`; ValueError on a mix of graphs."""
    graph = None
    first = None
    for value in values:
        if value.__class__ is Tensor:  # the common case, without the lookups below
            element, element_graph = value, value._op._graph
        else:
            element = value
            as_element = getattr(value, "_as_graph_element", None)
            if as_element is not None and not isinstance(value, (Tensor, Operation)):
                element = as_element()
            if not isinstance(element, (Tensor, Operation)):
                continue
            element_graph = element.graph
        if graph is None:
            graph, first = element_graph, element
        elif element_graph is not graph:
            raise ValueError("%s must be from the same graph as %s." % (element, first))
    return graph if graph is not None else get_default_graph()


class _GraphScope(_Block):
    """The block of `name_scope` and `op_scope`: a graph made the default, then a name scope in it.

    With `atomic`, the block is also all-or-nothing (`Graph._atomic`). The
    graph is `graph`, or (None) the graph of `values`, found on entering.
    """

    __slots__ = ("_graph", "_name", "_default_name", "_values", "_atomic", "_entered", "_outermost", "_old_stack")

    def __init__(self, graph, name, default_name, values, atomic):
        self._graph = graph
        self._name = name
        self._default_name = default_name
        self._values = values
        self._atomic = atomic

    def __enter__(self):
        name = self._name
        if name is None:
            if not self._atomic and self._values is not None and self._default_name is None:
                raise ValueError("At least one of name (%s) and default_name (%s) must be provided."
                                 % (name, self._default_name))
            name = self._default_name
        graph = self._graph
        if graph is None:
            graph = _get_graph_from_inputs(self._values or ())
        self._entered = graph
        _default_graph_stack.stack.append(graph)
        self._outermost = outermost = self._atomic and graph._journal is None and graph._begin_atomic()
        self._old_stack = graph._name_stack
        try:
            return graph._open_name_scope(name)
        except BaseException:
            try:
                if outermost:
                    graph._end_atomic(True)
            finally:
                _default_graph_stack.pop(graph)
            raise

    def __exit__(self, exc_type, exc_value, traceback):
        graph = self._entered
        graph._name_stack = self._old_stack
        try:
            if self._outermost:
                graph._end_atomic(exc_type is not None)
        finally:
            _default_graph_stack.pop(graph)
        return False


def name_scope(name, default_name=None, values=None):
    """`tf.name_scope`: opens `name` (or `default_name`) in the graph of `values`."""
    return _GraphScope(None, name, default_name, values, atomic=False)


def op_scope(name, default_name, values=None):
    """The scope an op-library function builds in: a name scope whose work is undone if it raises.

    A failed construction thus leaves no op, no consumed name and no
    collection entry behind.
    """
    return _GraphScope(None, name, default_name, values, atomic=True)


def _op_scope_in(graph, name, default_name):
    """`op_scope` in a graph the caller has already found from the values."""
    return _GraphScope(graph, name, default_name, None, atomic=True)


def control_dependencies(control_inputs):
    """`tf.control_dependencies` on the default graph."""
    return get_default_graph().control_dependencies(control_inputs)


def device(device_name_or_function):
    """`tf.device` on the default graph."""
    return get_default_graph().device(device_name_or_function)


def colocate_with(op, ignore_existing=False):
    """`tf.colocate_with` on the default graph."""
    return get_default_graph().colocate_with(op, ignore_existing)


def add_to_collection(name, value):
    get_default_graph().add_to_collection(name, value)


def add_to_collections(names, value):
    get_default_graph().add_to_collections(names, value)


def get_collection(key, scope=None):
    return get_default_graph().get_collection(key, scope)


def get_collection_ref(key):
    return get_default_graph().get_collection_ref(key)


def get_all_collection_keys():
    return get_default_graph().get_all_collection_keys()
