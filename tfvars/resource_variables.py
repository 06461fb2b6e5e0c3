"""Resource variables: `tf.Variable(..., use_resource=True)`, TF 1.x's `ResourceVariable`.

A resource variable is a handle ("VarHandleOp", dtype `resource`) to its
storage in each session. Nothing reads it implicitly: every read is an op of
its own ("ReadVariableOp"), every write too ("AssignVariableOp",
"AssignAddVariableOp", ...). `tf.Variable(1.0, name="v", use_resource=True)`
builds, as TF 1.15 does:

    v/Initializer/initial_value   Const               the initial value
    v                             VarHandleOp         the handle; v.name is "v:0"
    v/IsInitialized/VarIsInitializedOp
    v/Assign                      AssignVariableOp    v.initializer
    v/Read/ReadVariableOp         ReadVariableOp      what sess.run(v) fetches

and each use of the variable as a tensor (`v + 1`, `v.value()`) adds a new
"ReadVariableOp". `v.assign(x)` returns an `_UnreadVariable`: a variable-like
object whose reads carry a control dependency on the assignment, so they see
the new value.

Reads and writes in one `Session.run`: what tfvars guarantees
--------------------------------------------------------------
1. Ops run one at a time, in a deterministic order. A run's plan (built by
   `tfvars.executor`) takes the fetched tensors in the order given, then the
   fetched operations, and places each op after everything it depends on
   (its inputs and control inputs, depth first), each op once. The same
   graph, fetches and feeds always run the same ops in the same order;
   `Plan.source` shows it.
2. A resource variable's reads are snapshots: a "ReadVariableOp" gets the
   array the variable holds when that op runs, and keeps it (writes rebind
   the variable to a new array, never change one in place).
   A ref variable's reads alias it, as in TF 1.x: an Identity of its ref
   ("v/read", `read_value()`) stands for the variable itself, so every op
   that takes the read, and a fetch of it, sees the variable as it is when
   that op runs (or when the run ends). A ref fetched as such
   (`sess.run(v)`, the output of `tf.assign`) is also read when the run ends.
3. So, for a read and an assignment of the same variable in one run:
   - if the read depends on the assignment (a data or control edge, as the
     reads of `v.assign(...)`'s result do), it sees the assigned value;
   - if the assignment depends on the read, a resource read sees the value
     before; a ref read taken by an op that ran before the assignment saw
     the value before, but the read fetched sees the value after;
   - with no dependency either way, the plan's order decides a resource
     read, the same way every time. With v = 1.0 and `assign = v.assign(2.0)`:
       sess.run([v.read_value(), assign])     -> [1.0, 2.0] resource, [2.0, 2.0] ref
       sess.run([assign, v.read_value()])     -> [2.0, 2.0]   (either kind)
       sess.run([v.read_value(), assign.op])  -> [1.0, None] resource, [2.0, None] ref
       sess.run([v, assign])                  -> [1.0, 2.0] resource, [2.0, 2.0] ref

TF 1.x: independent ops run concurrently, so without a dependency a resource
read may see either value, run by run. A ref read aliases the variable's
buffer, which "Assign" and the optimizers overwrite in place: that is how an
optimizer's `constraint` projects the updated value through "v/read", and why
the tf.Variable docstring warns that ref variables "can non-deterministically
alias other Tensors" and calls `tf.cond(v, lambda: v.assign(False),
my_false_fn)` broken for them. tfvars runs ops one at a time, so its aliasing
is deterministic; resource variables remove it.
"""

import contextlib

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.framework import tensor_shape
from tfvars.framework.tensor_conversion import convert_to_tensor, register_tensor_conversion_function
from tfvars.ops import array_ops, state_ops
from tfvars.ops import resource_variable_ops
from tfvars.variables import (
    Variable, VariableAggregation, VariableSynchronization, _checked_collections,
)


class BaseResourceVariable(Variable):
    """What every variable on a resource handle offers: reads, writes and the Variable API.

    Subclasses set the state in `_set_state`: the handle, the variable's
    static shape and dtype, and the tensor `sess.run(variable)` fetches.
    """

    def _set_state(self, handle, shape, dtype, handle_name, graph_element, trainable=True, initial_value=None,
                   initializer_op=None, cached_value=None, caching_device=None,
                   constraint=None, synchronization=VariableSynchronization.AUTO,
                   aggregation=VariableAggregation.NONE, save_slice_info=None):
        self._handle = handle
        self._shape = tensor_shape.as_shape(shape)
        self._dtype = _dtypes.as_dtype(dtype).base_dtype
        self._handle_name = handle_name
        self._graph_element = graph_element
        self._trainable = trainable
        self._initial_value = initial_value
        self._initializer_op = initializer_op
        self._cached_value = cached_value
        self._caching_device = caching_device
        self._constraint = constraint
        self._synchronization = synchronization
        self._aggregation = aggregation
        self._save_slice_info = save_slice_info

    # What the variable is made of.
    @property
    def name(self):
        """The handle's tensor name, e.g. "v:0"."""
        return self._handle_name

    @property
    def dtype(self):
        """The value's dtype (float32, never a ref type)."""
        return self._dtype

    @property
    def shape(self):
        return self._shape

    @property
    def handle(self):
        """The "VarHandleOp" output (dtype `resource`) every op on the variable takes."""
        return self._handle

    @property
    def op(self):
        return self._handle.op

    @property
    def device(self):
        return self._handle.device

    @property
    def graph(self):
        return self._handle.graph

    @property
    def create(self):
        """The initializer (TF 1.x's older name for it)."""
        return self._initializer_op

    def _as_graph_element(self):
        """What `sess.run(variable)` fetches: the read made with the variable ("v/Read/ReadVariableOp:0")."""
        return self._graph_element

    # Reading.
    def _read_variable_op(self):
        return resource_variable_ops.read_variable_op(self._handle, self._dtype)

    def value(self):
        """The cached read (with a `caching_device`), else a new "ReadVariableOp" on the variable's device."""
        if self._cached_value is not None:
            return self._cached_value
        graph = self.graph
        with graph.colocate_with(None, ignore_existing=True), graph.device(self._handle.device):
            return self._read_variable_op()

    def read_value(self):
        """A new read: "Read/ReadVariableOp" on the variable's device, then an Identity where the caller is."""
        graph = self.graph
        with graph._atomic():
            with graph.name_scope("Read"), graph.device(self._handle.device):
                value = self._read_variable_op()
            return array_ops.identity(value)

    def sparse_read(self, indices, name=None):
        """The rows `indices` of the variable: a "ResourceGather" (named `name` or "Gather"), then an Identity."""
        graph = self.graph
        with graph._atomic():
            with _graph.op_scope("Gather" if name is None else name, None, [self._handle]) as scope:
                value = resource_variable_ops.resource_gather(self._handle, indices, dtype=self._dtype, name=scope)
            return array_ops.identity(value)

    def eval(self, session=None):
        """The variable's value in `session` (default: the default session)."""
        return self._graph_element.eval(session=session)

    def is_initialized(self, name=None):
        """A bool tensor ("VarIsInitializedOp"): whether the variable holds a value in the running session."""
        return resource_variable_ops.var_is_initialized_op(self._handle, name=name)

    def initialized_value(self):
        """The value once initialised: a cond on `is_initialized` that falls back to the initial value.

        Built outside any control dependencies or control-flow context, as TF's `init_scope` does.
        """
        from tfvars.ops import control_flow_ops
        with self.graph.control_dependencies(None):
            return control_flow_ops.cond(state_ops.is_variable_initialized(self), self.read_value,
                                         lambda: self.initial_value)

    # Writing.
    def _lazy_read(self, op):
        return _UnreadVariable(self._handle, self._dtype, self._shape, op)

    def _assign_dependencies(self):
        """Updates wait for the cached read, if any, so that it never sees them."""
        if self._cached_value is not None:
            return self.graph.control_dependencies([self._cached_value])
        return contextlib.nullcontext()

    def assign(self, value, use_locking=None, name=None, read_value=True):
        """Sets the value ("AssignVariableOp"); returns an `_UnreadVariable` of the new value, or the op.

        Raises:
          ValueError: if `value`'s static shape does not fit the variable's.
        """
        with _graph.get_default_graph()._atomic():
            value_tensor = convert_to_tensor(value, dtype=self._dtype)
            self._shape.assert_is_compatible_with(value_tensor.shape)
            assign_op = resource_variable_ops.assign_variable_op(self._handle, value_tensor, name=name)
            return self._lazy_read(assign_op) if read_value else assign_op

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        """Adds `delta` ("AssignAddVariableOp"); returns an `_UnreadVariable` of the new value, or the op."""
        return self._update(resource_variable_ops.assign_add_variable_op, delta, name, read_value)

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        """Subtracts `delta` ("AssignSubVariableOp"); returns an `_UnreadVariable` of the new value, or the op."""
        return self._update(resource_variable_ops.assign_sub_variable_op, delta, name, read_value)

    def _update(self, op_function, delta, name, read_value):
        with _graph.get_default_graph()._atomic():
            with self._assign_dependencies():
                update_op = op_function(self._handle, convert_to_tensor(delta, dtype=self._dtype), name=name)
            return self._lazy_read(update_op) if read_value else update_op

    def scatter_update(self, sparse_delta, use_locking=False, name=None):
        """Sets the rows `sparse_delta.indices` to `sparse_delta.values` (an IndexedSlices)."""
        return self._scatter_slices("ScatterUpdate", sparse_delta, name)

    def scatter_add(self, sparse_delta, use_locking=False, name=None):
        return self._scatter_slices("ScatterAdd", sparse_delta, name)

    def scatter_sub(self, sparse_delta, use_locking=False, name=None):
        return self._scatter_slices("ScatterSub", sparse_delta, name)

    def scatter_mul(self, sparse_delta, use_locking=False, name=None):
        return self._scatter_slices("ScatterMul", sparse_delta, name)

    def scatter_div(self, sparse_delta, use_locking=False, name=None):
        return self._scatter_slices("ScatterDiv", sparse_delta, name)

    def scatter_min(self, sparse_delta, use_locking=False, name=None):
        return self._scatter_slices("ScatterMin", sparse_delta, name)

    def scatter_max(self, sparse_delta, use_locking=False, name=None):
        return self._scatter_slices("ScatterMax", sparse_delta, name)

    def _scatter_slices(self, op_type, sparse_delta, name):
        if not (hasattr(sparse_delta, "indices") and hasattr(sparse_delta, "values")):
            raise TypeError("sparse_delta is not IndexedSlices: %s" % (sparse_delta,))
        return self._scatter(op_type, sparse_delta.indices, sparse_delta.values, name=name)

    def _scatter(self, op_type, indices, updates, name=None):
        """The "Resource<op_type>" update (op_type as "ScatterAdd"), as `tf.scatter_add(variable, ...)` builds it.

        Returns an `_UnreadVariable` of the updated variable.
        """
        with _graph.get_default_graph()._atomic():
            updates = convert_to_tensor(updates, dtype=self._dtype)
            scatter_op = resource_variable_ops.resource_scatter("Resource" + op_type, self._handle, indices, updates,
                                                                name=name)
            return self._lazy_read(scatter_op)

    def count_up_to(self, limit):
        """Increments the variable until `limit` ("ResourceCountUpTo"); returns the value before the increment."""
        return resource_variable_ops.resource_count_up_to(self._handle, limit=limit, T=self._dtype)

    # Serialisation.
    def to_proto(self, export_scope=None):
        """The variable as a plain-data VariableDef (is_resource=True); None if outside `export_scope`."""
        if export_scope is not None and not self._handle.name.startswith(export_scope):
            return None

        snapshot = self._cached_value if self._cached_value is not None else self._graph_element
        return self._variable_def(self._handle, snapshot, True, export_scope)

    @staticmethod
    def from_proto(variable_def, import_scope=None):
        """A ResourceVariable for the existing nodes a VariableDef names (the graph is not changed)."""
        return ResourceVariable(variable_def=variable_def, import_scope=import_scope)

    # Python protocols.
    def __bool__(self):
        # TF 1.x builds a read and asks it for its truth, which raises in a graph; nothing is left behind here.
        with self.graph._atomic():
            return bool(self.read_value())

    def __iadd__(self, other):
        raise RuntimeError("Variable += value not supported. Use variable.assign_add(value) to modify the variable "
                           "value and variable = variable + value to get a new Tensor object.")

    def __isub__(self, other):
        raise RuntimeError("Variable -= value not supported. Use variable.assign_sub(value) to modify the variable "
                           "value and variable = variable - value to get a new Tensor object.")

    def __imul__(self, other):
        raise RuntimeError("Variable *= value not supported. Use `var.assign(var * value)` to modify the variable "
                           "or `var = var * value` to get a new Tensor object.")

    def __itruediv__(self, other):
        raise RuntimeError("Variable /= value not supported. Use `var.assign(var / value)` to modify the variable "
                           "or `var = var / value` to get a new Tensor object.")

    def __ipow__(self, other):
        raise RuntimeError("Variable **= value not supported. Use `var.assign(var ** value)` to modify the "
                           "variable or `var = var ** value` to get a new Tensor object.")


class ResourceVariable(BaseResourceVariable):
    """A variable on a resource handle, as `tf.Variable(..., use_resource=True)` makes it (see the module docstring).

    Args:
      initial_value: a Tensor, or a value convertible to one, or a callable
        returning it (its ops are then built under "name/Initializer/").
      trainable: adds the variable to TRAINABLE_VARIABLES too (default: True,
        False for `synchronization=ON_READ`).
      collections: where to add the variable (default [GLOBAL_VARIABLES]).
      validate_shape: ignored, as in TF 1.x: the shape is the initial value's
        static shape, or `shape`.
      caching_device: if set, `value()` is one Identity of the variable's
        read ("name/Read/Identity") on that device.
      name: the handle's name (default "Variable", made unique).
      variable_def, import_scope: rebuild the object from a VariableDef
        (`to_proto`) instead of building ops.
      dtype: the dtype to convert the initial value to.
      constraint: kept for optimizers; must be callable.
      shape: the variable's static shape (default: the initial value's);
        `tf.TensorShape(None)` lets assignments change the shape.
      expected_shape, use_resource: accepted from `tf.Variable(...)` and
        ignored, as TF 1.x's variable creator drops them.

    TF 1.x: the positional arguments follow `tf.Variable`'s order (the way
    `tf.Variable(..., use_resource=True)` passes them), not the order of TF's
    internal `ResourceVariable` class.

    Raises:
      ValueError: if `initial_value` is missing (or given with
        `variable_def`), `collections` is not a list, tuple or set,
        `constraint` is not callable, `shape` does not fit the initial value,
        or a tensor initial value comes from inside a cond or while loop.
    """

    def __init__(self, initial_value=None, trainable=None, collections=None, validate_shape=True,
                 caching_device=None, name=None, variable_def=None, dtype=None, expected_shape=None,
                 import_scope=None, constraint=None, use_resource=None,
                 synchronization=VariableSynchronization.AUTO, aggregation=VariableAggregation.NONE, shape=None,
                 distribute_strategy=None):
        if variable_def:
            if initial_value is not None:
                raise ValueError("variable_def and initial_value are mutually exclusive.")
            self._init_from_proto(variable_def, import_scope)
        else:
            self._init_from_args(initial_value, trainable, collections, caching_device, name, dtype, constraint,
                                 synchronization, aggregation, shape)

    def _init_from_args(self, initial_value, trainable, collections, caching_device, name, dtype, constraint,
                        synchronization, aggregation, shape):
        if trainable is None:
            trainable = synchronization != VariableSynchronization.ON_READ
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        from_fn = callable(initial_value)
        collections = _checked_collections(collections, trainable)
        if constraint is not None and not callable(constraint):
            raise ValueError("The `constraint` argument must be a callable.")
        with _graph.op_scope(name, "Variable", [] if from_fn else [initial_value]) as scope:
            graph = _graph.get_default_graph()
            # TF builds the variable in an init_scope: outside any control dependencies and control flow.
            with graph.control_dependencies(None):
                self._build(graph, scope, initial_value, from_fn, trainable, collections, caching_device, dtype,
                            constraint, synchronization, aggregation, shape)

    def _build(self, graph, scope, initial_value, from_fn, trainable, collections, caching_device, dtype,
               constraint, synchronization, aggregation, shape):
        handle_name = scope[:-1]
        # Ops made before the handle exists are colocated with it by name, as TF does.
        with graph._attr_scope({"_class": [("loc:@%s" % handle_name).encode()]}):
            with graph.name_scope("Initializer"), graph.device(None):
                initial_value = convert_to_tensor(initial_value() if from_fn else initial_value,
                                                  name="initial_value", dtype=dtype)
            if shape is not None:
                if not initial_value.shape.is_compatible_with(shape):
                    raise ValueError("The initial value's shape (%s) is not compatible with the explicitly supplied "
                                     "`shape` argument (%s)." % (initial_value.shape, shape))
            else:
                shape = initial_value.shape
            handle = resource_variable_ops.var_handle_op(shape=shape, dtype=initial_value.dtype.base_dtype,
                                                         shared_name=handle_name, name=scope)
        if initial_value.op._control_flow_context is not None:
            raise ValueError("Initializer for variable %s is from inside a control-flow construct, such as a loop or "
                             "conditional. When creating a variable inside a loop or conditional, use a lambda as "
                             "the initializer." % scope)
        dtype = initial_value.dtype.base_dtype
        with graph.name_scope("IsInitialized"):
            resource_variable_ops.var_is_initialized_op(handle)
        with graph.name_scope("Assign") as assign_scope, graph.colocate_with(None, ignore_existing=True), \
                graph.device(handle.device):
            initial = _guard_uninitialized_dependencies(scope, initial_value)
            initializer_op = resource_variable_ops.assign_variable_op(handle, initial, name=assign_scope)
        with graph.name_scope("Read"):
            with graph.device(handle.device):
                value = resource_variable_ops.read_variable_op(handle, dtype)
            cached_value = None
            if caching_device is not None:
                with graph.colocate_with(None, ignore_existing=True), graph.device(caching_device):
                    cached_value = array_ops.identity(value)
        graph.add_to_collections(collections, self)
        self._set_state(handle, shape, dtype, handle_name + ":0", value, trainable=trainable,
                        initial_value=initial_value, initializer_op=initializer_op, cached_value=cached_value,
                        caching_device=caching_device, constraint=constraint, synchronization=synchronization,
                        aggregation=aggregation)

    def _init_from_proto(self, variable_def, import_scope):
        if not variable_def.is_resource:
            raise ValueError("Trying to restore Variable as ResourceVariable.")
        graph = _graph.get_default_graph()

        def element(name):
            return graph.as_graph_element(_prepend_name_scope(name, import_scope))
        handle = element(variable_def.variable_name)
        snapshot = element(variable_def.snapshot_name) if variable_def.snapshot_name else None
        cached_value = snapshot if snapshot is not None and snapshot.op.type != "ReadVariableOp" else None
        if snapshot is None:
            graph_element = graph.get_tensor_by_name(handle.op.name + "/Read/ReadVariableOp:0")
        else:
            graph_element = snapshot
            while graph_element.op.type != "ReadVariableOp":
                graph_element = graph_element.op.inputs[0]
        self._set_state(handle, handle.op.get_attr("shape"), handle.op.get_attr("dtype"), handle.name,
                        graph_element, trainable=variable_def.trainable,
                        initial_value=element(variable_def.initial_value_name)
                        if variable_def.initial_value_name else None,
                        initializer_op=element(variable_def.initializer_name), cached_value=cached_value)


class _UnreadVariable(BaseResourceVariable):
    """The result of an assignment: the variable, read only after the assignment `op` has run.

    It stands in for the new value wherever a tensor is expected: each use
    builds a "ReadVariableOp" with a control dependency on `op`, and
    `sess.run` fetches the one made with it. Its name is the op's name.
    """

    def __init__(self, handle, dtype, shape, parent_op):
        graph = handle.graph
        with graph.control_dependencies([parent_op]):
            graph_element = resource_variable_ops.read_variable_op(handle, dtype)
        self._set_state(handle, shape, dtype, handle.name, graph_element)
        self._parent_op = parent_op

    @property
    def name(self):
        """The assignment op's name, e.g. "AssignVariableOp"."""
        return self._parent_op.name

    @property
    def op(self):
        """The assignment op."""
        return self._parent_op

    def _read_variable_op(self):
        with self.graph.control_dependencies([self._parent_op]):
            return resource_variable_ops.read_variable_op(self._handle, self._dtype)

    def value(self):
        """A new read, after the assignment."""
        return self._read_variable_op()

    def read_value(self):
        """A new read, after the assignment."""
        return self._read_variable_op()


def _prepend_name_scope(name, import_scope):
    return "%s/%s" % (import_scope, name) if import_scope else name


def _guard_uninitialized_dependencies(scope, initial_value):
    from tfvars import variable_initialization
    return variable_initialization.guard_uninitialized_dependencies(scope, initial_value)


def _dense_var_to_tensor(variable, dtype=None, name=None, as_ref=False):
    """A resource variable as a tensor: its `value()` (as a "ref": a new read's ReadVariableOp, as TF 1.x gives)."""
    if dtype is not None and not dtype.is_compatible_with(variable.dtype):
        raise ValueError("Incompatible type conversion requested to type '%s' for variable of type '%s'"
                         % (dtype.name, variable.dtype.name))
    if as_ref:
        return variable.read_value().op.inputs[0]
    return variable.value()


# Tried before the conversion registered for every Variable, which would ask for a ref variable's ref.
register_tensor_conversion_function(BaseResourceVariable, _dense_var_to_tensor, priority=90)
