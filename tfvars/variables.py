"""`tf.Variable`: state that outlives a single `Session.run`.

`tf.Variable(...)` builds a ref variable (TF 1.x's default): a "VariableV2"
op, an "Assign" initializer fed by the initial value, and a "read" Identity
that every use of the variable goes through. With `use_resource=True` (or a
variable scope set to use resources) it builds a `ResourceVariable` instead.
"""

import collections

from tfvars.framework import build_replay
from tfvars.framework import graph as _graph
from tfvars.framework import tensor_shape
from tfvars.framework.graph_keys import GraphKeys
from tfvars.framework.tensor_conversion import convert_to_tensor, register_tensor_conversion_function
from tfvars.ops import array_ops, state_ops

VariableDef = collections.namedtuple(
    "VariableDef", "variable_name initial_value_name initializer_name snapshot_name is_resource trainable")
VariableDef.__new__.__defaults__ = (False, True)


class VariableSynchronization:
    AUTO, NONE, ON_WRITE, ON_READ = 0, 1, 2, 3


class VariableAggregation:
    NONE, SUM, MEAN, ONLY_FIRST_REPLICA = 0, 1, 2, 3
    ONLY_FIRST_TOWER = ONLY_FIRST_REPLICA


class Variable:
    """A mutable tensor whose value lives in each session (see the module docstring).

    `tf.Variable(...)` returns a `RefVariable` unless resource variables are
    asked for, by `use_resource=True` or by the enclosing variable scope.
    """

    # numpy defers to our reflected operators.
    __array_priority__ = 100

    def __new__(cls, *args, **kwargs):
        if cls is Variable:
            use_resource = kwargs.get("use_resource")
            if use_resource is None:
                use_resource = _variable_scope.get_variable_scope().use_resource
            if use_resource:
                from tfvars.resource_variables import ResourceVariable
                cls = ResourceVariable
            else:
                cls = RefVariable
        return super().__new__(cls)

    # What both kinds of variable keep alike.
    @property
    def initializer(self):
        """The op that assigns the initial value."""
        return self._initializer_op

    @property
    def initial_value(self):
        return self._initial_value

    @property
    def trainable(self):
        return self._trainable

    @property
    def constraint(self):
        return self._constraint

    @property
    def caching_device(self):
        return self._caching_device

    @property
    def synchronization(self):
        return self._synchronization

    @property
    def aggregation(self):
        return self._aggregation

    def get_shape(self):
        return self.shape

    def _set_save_slice_info(self, save_slice_info):
        self._save_slice_info = save_slice_info

    def _get_save_slice_info(self):
        return self._save_slice_info

    def load(self, value, session=None):
        """Writes `value` into the variable in `session` by feeding its initializer."""
        from tfvars import session as session_lib
        session = session or session_lib.get_default_session()
        if session is None:
            raise ValueError("Either session argument should be provided or default session should be "
                             "established")
        session.run(self._initializer_op, {self._initializer_op.inputs[1]: value})

    def _variable_def(self, variable, snapshot, is_resource, export_scope):
        """A VariableDef of this variable's tensor and op names, relative to `export_scope`."""
        def strip(name):
            if export_scope and name.startswith(export_scope + "/"):
                return name[len(export_scope) + 1:]
            return name
        initial_value = strip(self._initial_value.name) if self._initial_value is not None else ""
        return VariableDef(strip(variable.name), initial_value, strip(self._initializer_op.name), strip(snapshot.name),
                           is_resource, self._trainable)

    # Operators: a variable takes part in arithmetic through its value, as TF 1.x's Variable does.
    def _as_tensor(self):
        return self.value()

    def __add__(self, other):
        return self._as_tensor().__add__(other)

    def __radd__(self, other):
        return self._as_tensor().__radd__(other)

    def __sub__(self, other):
        return self._as_tensor().__sub__(other)

    def __rsub__(self, other):
        return self._as_tensor().__rsub__(other)

    def __mul__(self, other):
        return self._as_tensor().__mul__(other)

    def __rmul__(self, other):
        return self._as_tensor().__rmul__(other)

    def __truediv__(self, other):
        return self._as_tensor().__truediv__(other)

    def __rtruediv__(self, other):
        return self._as_tensor().__rtruediv__(other)

    def __floordiv__(self, other):
        return self._as_tensor().__floordiv__(other)

    def __rfloordiv__(self, other):
        return self._as_tensor().__rfloordiv__(other)

    def __mod__(self, other):
        return self._as_tensor().__mod__(other)

    def __rmod__(self, other):
        return self._as_tensor().__rmod__(other)

    def __pow__(self, other):
        return self._as_tensor().__pow__(other)

    def __rpow__(self, other):
        return self._as_tensor().__rpow__(other)

    def __matmul__(self, other):
        return self._as_tensor().__matmul__(other)

    def __rmatmul__(self, other):
        return self._as_tensor().__rmatmul__(other)

    def __and__(self, other):
        return self._as_tensor().__and__(other)

    def __rand__(self, other):
        return self._as_tensor().__rand__(other)

    def __or__(self, other):
        return self._as_tensor().__or__(other)

    def __ror__(self, other):
        return self._as_tensor().__ror__(other)

    def __xor__(self, other):
        return self._as_tensor().__xor__(other)

    def __rxor__(self, other):
        return self._as_tensor().__rxor__(other)

    def __lt__(self, other):
        return self._as_tensor().__lt__(other)

    def __le__(self, other):
        return self._as_tensor().__le__(other)

    def __gt__(self, other):
        return self._as_tensor().__gt__(other)

    def __ge__(self, other):
        return self._as_tensor().__ge__(other)

    def __neg__(self):
        return self._as_tensor().__neg__()

    def __abs__(self):
        return self._as_tensor().__abs__()

    def __invert__(self):
        return self._as_tensor().__invert__()

    def __getitem__(self, slice_spec):
        return self._as_tensor().__getitem__(slice_spec)

    def __hash__(self):
        return id(self)

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __iter__(self):
        raise TypeError("'Variable' object is not iterable.")

    def __repr__(self):
        return "<tf.Variable '%s' shape=%s dtype=%s>" % (self.name, self.shape, self.dtype.name)


class RefVariable(Variable):
    """A TF 1.x ref variable: "VariableV2", its "Assign" initializer and its "read" snapshot."""

    def __init__(self, initial_value=None, trainable=True, collections=None, validate_shape=True,
                 caching_device=None, name=None, variable_def=None, dtype=None, expected_shape=None,
                 import_scope=None, constraint=None, use_resource=None,
                 synchronization=VariableSynchronization.AUTO, aggregation=VariableAggregation.NONE):
        if variable_def is not None:
            if initial_value is not None:
                raise ValueError("variable_def and initial_value are mutually exclusive.")
            self._init_from_proto(variable_def, import_scope)
        else:
            self._init_from_args(initial_value, trainable, collections, validate_shape, caching_device, name,
                                 dtype, expected_shape, constraint)
        self._synchronization = synchronization
        self._aggregation = aggregation

    @classmethod
    def _create(cls, initial_value, trainable, collections, validate_shape, caching_device, name, dtype, constraint):
        """`RefVariable(initial_value=..., ...)` as `tf.get_variable` makes it, without the keyword dispatch
        through `Variable.__new__` and `__init__` (every get_variable call creates one)."""
        variable = object.__new__(cls)
        variable._init_from_args(initial_value, trainable, collections, validate_shape, caching_device, name,
                                 dtype, None, constraint)
        variable._synchronization = VariableSynchronization.AUTO
        variable._aggregation = VariableAggregation.NONE
        return variable

    def _init_from_args(self, initial_value, trainable, collections, validate_shape, caching_device, name,
                        dtype, expected_shape, constraint):
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        from_fn = callable(initial_value)
        collections = _checked_collections(collections, trainable)
        if constraint is not None and not callable(constraint):
            raise ValueError("The `constraint` argument must be a callable.")
        graph = _graph.get_default_graph()
        # TF builds variables in an init scope: outside any control_dependencies block or cond/while.
        with graph.control_dependencies(None), \
                (_graph._op_scope_in(graph, name, "Variable") if from_fn
                 else _graph.op_scope(name, "Variable", [initial_value])) as scope:
            replay_key = None
            if from_fn and caching_device is None and expected_shape is None:
                initializer_key = getattr(initial_value, "replay_key", None)
                replay_key = initializer_key and ("RefVariable", initializer_key, dtype, validate_shape)
            self._initial_value, self._variable, self._initializer_op, self._snapshot = build_replay.build(
                graph, replay_key, lambda: self._build_ops(graph, scope, initial_value, from_fn, validate_shape,
                                                           caching_device, dtype, expected_shape))
            graph.add_to_collections(collections, self)
        self._caching_device = caching_device
        self._trainable = trainable
        self._constraint = constraint
        self._save_slice_info = None

    @staticmethod
    def _build_ops(graph, scope, initial_value, from_fn, validate_shape, caching_device, dtype, expected_shape):
        """Builds the variable's ops under `scope`: (initial value, VariableV2 output, Assign op, read)."""
        if from_fn:
            # Ops made before the variable exists are colocated with it by name, as TF does.
            with graph._attr_scope({"_class": [("loc:@%s" % scope[:-1]).encode()]}):
                with graph.name_scope("Initializer"), graph.device(None):
                    initial = convert_to_tensor(initial_value(), name="initial_value", dtype=dtype)
                shape = initial.shape if validate_shape else tensor_shape.unknown_shape()
                variable = state_ops.variable_op_v2(shape, initial.dtype.base_dtype, name=scope)
        else:
            initial = convert_to_tensor(initial_value, name="initial_value", dtype=dtype)
            if initial.op._control_flow_context is not None:
                raise ValueError(
                    "Initializer for variable %s is from inside a control-flow construct, such as a loop or "
                    "conditional. When creating a variable inside a loop or conditional, use a lambda as the "
                    "initializer." % scope)
            shape = initial.shape if validate_shape else tensor_shape.unknown_shape()
            variable = state_ops.variable_op_v2(shape, initial.dtype.base_dtype, name=scope)
        if expected_shape is not None and not initial.shape.is_compatible_with(expected_shape):
            # TF 1.x: later 1.x releases ignore expected_shape; the documented check is kept.
            raise ValueError("initial_value has shape %s, but expected_shape is %s."
                             % (initial.shape, tensor_shape.as_shape(expected_shape)))
        if validate_shape and not initial.shape.is_fully_defined():
            raise ValueError("initial_value must have a shape specified: %s" % initial)
        with graph.colocate_with(variable.op):
            guarded = _guard_uninitialized_dependencies(scope, initial)
            initializer_op = state_ops.assign(variable, guarded, validate_shape=validate_shape).op
        if caching_device is not None:
            with graph.device(caching_device):
                snapshot = array_ops.identity(variable, name="read")
        else:
            with graph.colocate_with(variable.op):
                snapshot = array_ops.identity(variable, name="read")
        return initial, variable, initializer_op, snapshot

    def _init_from_proto(self, variable_def, import_scope):
        graph = _graph.get_default_graph()
        prefix = (import_scope + "/") if import_scope else ""
        self._variable = graph.as_graph_element(prefix + variable_def.variable_name)
        self._initializer_op = graph.as_graph_element(prefix + variable_def.initializer_name)
        self._initial_value = (graph.as_graph_element(prefix + variable_def.initial_value_name)
                               if variable_def.initial_value_name else None)
        self._snapshot = graph.as_graph_element(prefix + variable_def.snapshot_name)
        self._trainable = variable_def.trainable
        self._caching_device = None
        self._constraint = None
        self._save_slice_info = None

    # What the variable is made of.
    @property
    def name(self):
        return self._variable.name

    @property
    def op(self):
        return self._variable.op

    @property
    def dtype(self):
        return self._variable.dtype

    @property
    def shape(self):
        return self._variable.shape

    @property
    def device(self):
        return self._variable.device

    @property
    def graph(self):
        return self._variable.graph

    def _ref(self):
        return self._variable

    def _as_graph_element(self):
        return self._variable

    # Reading.
    def value(self):
        """The variable's snapshot tensor ("name/read"), shared by every use of the variable."""
        return self._snapshot

    def read_value(self):
        """A new read of the variable (an Identity named "read"), e.g. to order it after an assign."""
        return array_ops.identity(self._variable, name="read")

    def initialized_value(self):
        """The value once initialised: a cond on `is_variable_initialized` that falls back to the initial value."""
        from tfvars.ops import control_flow_ops
        return control_flow_ops.cond(state_ops.is_variable_initialized(self), self.read_value,
                                     lambda: self.initial_value)

    def eval(self, session=None):
        """The variable's value in `session` (default: the default session)."""
        return self._variable.eval(session=session)

    def is_initialized(self, name=None):
        return state_ops.is_variable_initialized(self._variable, name=name)

    # Writing.
    def assign(self, value, use_locking=False, name=None, read_value=True):
        """Sets the value; returns the new value's tensor (or the op if `read_value=False`)."""
        result = state_ops.assign(self._variable, value, use_locking=use_locking, name=name)
        return result if read_value else result.op

    def assign_add(self, delta, use_locking=False, name=None, read_value=True):
        """Adds `delta`; returns the new value's tensor (or the op if `read_value=False`)."""
        result = state_ops.assign_add(self._variable, delta, use_locking=use_locking, name=name)
        return result if read_value else result.op

    def assign_sub(self, delta, use_locking=False, name=None, read_value=True):
        """Subtracts `delta`; returns the new value's tensor (or the op if `read_value=False`)."""
        result = state_ops.assign_sub(self._variable, delta, use_locking=use_locking, name=name)
        return result if read_value else result.op

    def scatter_update(self, sparse_delta, use_locking=False, name=None):
        """Sets the rows `sparse_delta.indices` to `sparse_delta.values` (an IndexedSlices)."""
        return self._scatter_slices(state_ops.scatter_update, sparse_delta, use_locking, name)

    def scatter_add(self, sparse_delta, use_locking=False, name=None):
        return self._scatter_slices(state_ops.scatter_add, sparse_delta, use_locking, name)

    def scatter_sub(self, sparse_delta, use_locking=False, name=None):
        return self._scatter_slices(state_ops.scatter_sub, sparse_delta, use_locking, name)

    def scatter_mul(self, sparse_delta, use_locking=False, name=None):
        return self._scatter_slices(state_ops.scatter_mul, sparse_delta, use_locking, name)

    def scatter_div(self, sparse_delta, use_locking=False, name=None):
        return self._scatter_slices(state_ops.scatter_div, sparse_delta, use_locking, name)

    def scatter_min(self, sparse_delta, use_locking=False, name=None):
        return self._scatter_slices(state_ops.scatter_min, sparse_delta, use_locking, name)

    def scatter_max(self, sparse_delta, use_locking=False, name=None):
        return self._scatter_slices(state_ops.scatter_max, sparse_delta, use_locking, name)

    def _scatter_slices(self, scatter, sparse_delta, use_locking, name):
        if not (hasattr(sparse_delta, "indices") and hasattr(sparse_delta, "values")):
            raise TypeError("sparse_delta is not IndexedSlices: %s" % (sparse_delta,))
        return scatter(self._variable, sparse_delta.indices, sparse_delta.values, use_locking=use_locking,
                       name=name)

    def count_up_to(self, limit):
        """Increments the variable until `limit`; returns the value before the increment."""
        return state_ops.count_up_to(self._variable, limit=limit)

    # Serialisation.
    def to_proto(self, export_scope=None):
        """The variable as a plain-data VariableDef of tensor and op names."""
        return self._variable_def(self._variable, self._snapshot, False, export_scope)

    @staticmethod
    def from_proto(variable_def, import_scope=None):
        """A Variable object for the existing nodes a VariableDef names (the graph is not changed)."""
        if variable_def.is_resource:
            from tfvars.resource_variables import ResourceVariable
            return ResourceVariable(variable_def=variable_def, import_scope=import_scope)
        return RefVariable(variable_def=variable_def, import_scope=import_scope)


def _checked_collections(collections, trainable):
    if collections is None:
        collections = [GraphKeys.GLOBAL_VARIABLES]
    if not isinstance(collections, (list, tuple, set)):
        raise ValueError("collections argument to Variable constructor must be a list, tuple, or set. Got %s of "
                         "type %s" % (collections, type(collections)))
    collections = list(collections)
    if trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
        collections.append(GraphKeys.TRAINABLE_VARIABLES)
    return collections


def _guard_uninitialized_dependencies(name, initial_value):
    """The initial value, with reads of other variables made safe before those are initialised.

    TF 1.x rewrites an initial value that reads variables so that each read
    falls back to that variable's own initial value while it is uninitialised;
    `global_variables_initializer` then works in any order.
    """
    from tfvars import variable_initialization
    return variable_initialization.guard_uninitialized_dependencies(name, initial_value)


def _variable_conversion(variable, dtype=None, name=None, as_ref=False):
    if dtype is not None and not dtype.is_compatible_with(variable.dtype):
        raise ValueError("Incompatible type conversion requested to type '%s' for variable of type '%s'"
                         % (dtype.name, variable.dtype.name))
    return variable._ref() if as_ref else variable.value()


register_tensor_conversion_function(Variable, _variable_conversion)

from tfvars.ops import variable_scope as _variable_scope  # noqa: E402 (it builds on this module's classes)
