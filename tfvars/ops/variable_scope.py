"""Variable scopes and `tf.get_variable`: sharing variables by name.

Each graph keeps, as plain attributes, a variable store (`graph._variable_store`:
full name -> variable) and a scope stack (`graph._variable_scopes`: the current
`VariableScope` and how often each scope name was opened). `get_variable`
looks the full name up in the store and creates or reuses by this rule:

    reuse of the scope   name in store          name not in store
    -------------------  ---------------------  ---------------------
    False (the default)  ValueError "already    create
                         exists, disallowed"
    True                 reuse (shape and       ValueError "does not
                         dtype must agree)      exist"
    AUTO_REUSE           reuse                  create

`variable_scope(..., reuse=None)` inherits the enclosing scope's reuse;
`reuse=True` or `AUTO_REUSE` sticks for every sub-scope (False is treated as
None: a sub-scope cannot turn reuse off). Variable names depend only on
variable scopes; `tf.name_scope` does not change them.
"""

import copy
import enum
import inspect
import traceback

from tfvars import initializers, variables
from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.framework import observers
from tfvars.framework import tensor_shape
from tfvars.framework.graph_keys import GraphKeys
from tfvars.framework.tensor_conversion import convert_to_tensor

__all__ = [
    "AUTO_REUSE", "VariableScope", "get_local_variable", "get_variable", "get_variable_scope",
    "variable_op_scope", "variable_scope",
]


class _ReuseMode(enum.Enum):
    AUTO_REUSE = 1


AUTO_REUSE = _ReuseMode.AUTO_REUSE


class VariableScope:
    """What a variable scope holds: its name, its reuse flag and the defaults for `get_variable`."""

    def __init__(self, reuse, name="", initializer=None, regularizer=None, caching_device=None, partitioner=None,
                 custom_getter=None, name_scope="", dtype=_dtypes.float32, use_resource=None, constraint=None):
        self._name = name
        self._reuse = reuse
        self._initializer = initializer
        self._regularizer = regularizer
        self._caching_device = caching_device
        self._partitioner = partitioner
        self._custom_getter = custom_getter
        self._name_scope = name_scope
        self._dtype = dtype
        self._use_resource = use_resource
        self._constraint = constraint

    @property
    def name(self):
        return self._name

    @property
    def original_name_scope(self):
        """The name scope opened when this scope was first entered (with its trailing slash)."""
        return self._name_scope

    @property
    def reuse(self):
        return self._reuse

    @property
    def initializer(self):
        return self._initializer

    @property
    def regularizer(self):
        return self._regularizer

    @property
    def caching_device(self):
        return self._caching_device

    @property
    def partitioner(self):
        return self._partitioner

    @property
    def custom_getter(self):
        return self._custom_getter

    @property
    def dtype(self):
        return self._dtype

    @property
    def use_resource(self):
        return self._use_resource

    @property
    def constraint(self):
        return self._constraint

    def reuse_variables(self):
        """From now on, `get_variable` in this scope reuses existing variables."""
        self._reuse = True

    def set_initializer(self, initializer):
        self._initializer = initializer

    def set_dtype(self, dtype):
        self._dtype = dtype

    def set_use_resource(self, use_resource):
        self._use_resource = use_resource

    def set_regularizer(self, regularizer):
        self._regularizer = regularizer

    def set_caching_device(self, caching_device):
        self._caching_device = caching_device

    def set_partitioner(self, partitioner):
        self._partitioner = partitioner

    def set_custom_getter(self, custom_getter):
        self._custom_getter = custom_getter

    def get_collection(self, name):
        """The items of collection `name` whose names start with this scope's name and a slash."""
        scope = self._name + "/" if self._name else ""
        return _graph.get_collection(name, scope)

    def trainable_variables(self):
        return self.get_collection(GraphKeys.TRAINABLE_VARIABLES)

    def global_variables(self):
        return self.get_collection(GraphKeys.GLOBAL_VARIABLES)

    def local_variables(self):
        return self.get_collection(GraphKeys.LOCAL_VARIABLES)

    def get_variable(self, var_store, name, shape=None, dtype=None, initializer=None, regularizer=None,
                     reuse=None, trainable=None, collections=None, caching_device=None, partitioner=None,
                     validate_shape=True, use_resource=None, custom_getter=None, constraint=None,
                     synchronization=0, aggregation=0):
        """Gets or creates `name` in this scope, filling unset arguments from the scope's defaults."""
        full_name = self._name + "/" + name if self._name else name
        graph = _graph.get_default_graph()
        # `name_scope(None)`, without the block's objects: every get_variable call passes here.
        name_stack, graph._name_stack = graph._name_stack, ""
        try:
            if dtype is not None and initializer is not None and not callable(initializer):
                init_dtype = convert_to_tensor(initializer).dtype.base_dtype
                if init_dtype != dtype:
                    raise ValueError("Initializer type '%s' and explicit dtype '%s' don't match."
                                     % (init_dtype, dtype))
            return var_store.get_variable(
                full_name, shape=shape, dtype=self._dtype if dtype is None else dtype,
                initializer=self._initializer if initializer is None else initializer,
                regularizer=self._regularizer if regularizer is None else regularizer,
                reuse=self._reuse if reuse is None else reuse, trainable=trainable, collections=collections,
                caching_device=self._caching_device if caching_device is None else caching_device,
                partitioner=self._partitioner if partitioner is None else partitioner,
                validate_shape=validate_shape,
                use_resource=self._use_resource if use_resource is None else use_resource,
                custom_getter=self._custom_getter if custom_getter is None else custom_getter,
                constraint=self._constraint if constraint is None else constraint,
                synchronization=synchronization, aggregation=aggregation)
        finally:
            graph._name_stack = name_stack

    def __repr__(self):
        return "<tf.VariableScope %r reuse=%s>" % (self._name, self._reuse)


class _VariableScopes:
    """A graph's current variable scope and how many times each scope name has been opened.

    Count changes are undone with a failed construction, like the names it used.
    """

    def __init__(self, graph):
        self._graph = graph
        self.current_scope = VariableScope(False)
        self.counts = {}

    def open(self, name):
        self._set_count(name, self.counts.get(name, 0) + 1)

    def close_subscopes(self, name):
        prefix = name + "/"
        for key in [key for key in self.counts if key.startswith(prefix)]:
            self._set_count(key, 0)

    def restore_counts(self, saved):
        """Puts back the counts saved when a scope object was re-entered."""
        old, self.counts = self.counts, saved
        self._graph._record_undo(lambda: setattr(self, "counts", old))

    def _set_count(self, name, count):
        counts = self.counts
        if name in counts:
            old = counts[name]
            self._graph._record_undo(lambda: counts.__setitem__(name, old))
        else:
            self._graph._record_undo(lambda: counts.pop(name, None))
        counts[name] = count

    def count(self, name):
        return self.counts.get(name, 0)


def _scopes(graph=None):
    graph = graph or _graph.get_default_graph()
    scopes = getattr(graph, "_variable_scopes", None)
    if scopes is None:
        scopes = graph._variable_scopes = _VariableScopes(graph)
    return scopes


def _store(graph=None):
    graph = graph or _graph.get_default_graph()
    store = getattr(graph, "_variable_store", None)
    if store is None:
        store = graph._variable_store = _VariableStore(graph)
    return store


def get_variable_scope():
    """The current VariableScope of the default graph."""
    return _scopes().current_scope


class _VariableStore:
    """Variables by full name, and the get-or-create rule (see the module docstring)."""

    def __init__(self, graph):
        self._graph = graph
        self._vars = {}
        self._partitioned_vars = {}
        self.requests = []  # VariableRequested, one per successful get_single_variable, in call order

    def get_variable(self, name, shape=None, dtype=_dtypes.float32, initializer=None, regularizer=None,
                     reuse=None, trainable=None, collections=None, caching_device=None, partitioner=None,
                     validate_shape=True, use_resource=None, custom_getter=None, constraint=None,
                     synchronization=0, aggregation=0):
        if custom_getter is not None and not callable(custom_getter):
            raise ValueError("Passed a custom_getter which is not callable: %s" % custom_getter)
        dtype = _dtypes.as_dtype(dtype).base_dtype
        trainable = True if trainable is None else trainable
        if custom_getter is None:
            return self._true_getter(name, shape, dtype, initializer, regularizer, reuse, trainable, collections,
                                     caching_device, partitioner, validate_shape, use_resource, constraint,
                                     synchronization, aggregation)
        arguments = dict(name=name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                         reuse=reuse, trainable=trainable, collections=collections,
                         caching_device=caching_device, partitioner=partitioner, validate_shape=validate_shape,
                         use_resource=use_resource, constraint=constraint, synchronization=synchronization,
                         aggregation=aggregation)
        parameters = inspect.signature(custom_getter).parameters
        if not any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
            arguments = {key: value for key, value in arguments.items() if key in parameters}
        with self._graph._atomic():  # a getter failing after creating a variable leaves no trace of it
            return custom_getter(self._true_getter, **arguments)

    def _true_getter(self, name, shape=None, dtype=_dtypes.float32, initializer=None, regularizer=None,
                     reuse=None, trainable=None, collections=None, caching_device=None, partitioner=None,
                     validate_shape=True, use_resource=None, constraint=None, synchronization=0, aggregation=0):
        is_scalar = shape is not None and isinstance(shape, (list, tuple)) and not shape
        if partitioner is not None and not is_scalar:
            if not callable(partitioner):
                raise ValueError("Partitioner must be callable, but received: %s" % partitioner)
            from tfvars import partitioned_variables
            with _graph.name_scope(None):
                return partitioned_variables.get_partitioned_variable(
                    self, name, shape, dtype, initializer, regularizer, reuse, trainable, collections,
                    caching_device, partitioner, validate_shape, use_resource, constraint)
        if reuse is True and partitioner is None and name in self._partitioned_vars:
            from tfvars import partitioned_variables
            return partitioned_variables.get_partitioned_variable(
                self, name, shape, dtype, initializer, regularizer, reuse, trainable, collections,
                caching_device, None, validate_shape, use_resource, constraint)
        if "%s/part_0" % name in self._vars:
            raise ValueError("No partitioner was provided, but a partitioned version of the variable was found: "
                             "%s/part_0. Perhaps a variable of the same name was already created with "
                             "partitioning?" % name)
        return self.get_single_variable(name, shape, dtype, initializer, regularizer, None, reuse, trainable,
                                        collections, caching_device, validate_shape, use_resource, constraint)

    def get_single_variable(self, name, shape, dtype, initializer, regularizer, partition_info, reuse,
                            trainable, collections, caching_device, validate_shape, use_resource, constraint):
        """Gets `name` from the store or creates it, by the reuse rule."""
        from_value = initializer is not None and not callable(initializer)
        if shape is not None and from_value:
            raise ValueError("If initializer is a constant, do not specify shape.")
        dtype = _dtypes.as_dtype(dtype)
        shape = tensor_shape.as_shape(shape)
        if name in self._vars:
            variable = self._existing(name, shape, dtype, reuse)
            self._record_request(name, False)
            return variable
        if reuse is True:
            raise ValueError("Variable %s does not exist, or was not created with tf.get_variable(). Did you mean "
                             "to set reuse=tf.AUTO_REUSE in VarScope?" % name)
        initial_value, variable_dtype = self._initial_value(name, shape, dtype, initializer, from_value,
                                                            partition_info)
        with self._graph._atomic():
            # TF 1.x's default: a ref variable unless resources were asked for (the current scope is not asked).
            if use_resource:
                variable = variables.Variable(initial_value=initial_value, name=name, trainable=trainable,
                                              collections=collections, caching_device=caching_device,
                                              dtype=variable_dtype, validate_shape=validate_shape,
                                              constraint=constraint, use_resource=True)
            else:
                variable = variables.RefVariable._create(initial_value, trainable, collections, validate_shape,
                                                         caching_device, name, variable_dtype, constraint)
            self._vars[name] = variable
            self._graph._record_undo(lambda: self._vars.pop(name, None))
            if regularizer:
                self._regularize(name, variable, regularizer)
            self._record_request(name, True)
        return variable

    def _record_request(self, name, created):
        """Keeps (and tells observers) that `name` was created or reused, undone with a failed construction."""
        request = observers.VariableRequested(self._graph, name, created)
        self.requests.append(request)
        self._graph._record_undo(self.requests.pop)
        self._graph._emit(request)

    def _existing(self, name, shape, dtype, reuse):
        found = self._vars[name]
        if reuse is False:
            message = ("Variable %s already exists, disallowed. Did you mean to set reuse=True or "
                       "reuse=tf.AUTO_REUSE in VarScope?" % name)
            where = found.op.traceback
            if where:
                message += " Originally defined at:\n\n%s" % "".join(traceback.format_list([where[-1] + ("",)]))
            raise ValueError(message)
        if not shape.is_compatible_with(found.get_shape()):
            raise ValueError("Trying to share variable %s, but specified shape %s and found shape %s."
                             % (name, shape, found.get_shape()))
        if not dtype.is_compatible_with(found.dtype):
            raise ValueError("Trying to share variable %s, but specified dtype %s and found dtype %s."
                             % (name, dtype.name, found.dtype.name))
        return found

    @staticmethod
    def _initial_value(name, shape, dtype, initializer, from_value, partition_info):
        """The initial value (or a function making it) and the dtype to pass to Variable."""
        if initializer is None:
            initializer, from_value = _default_initializer(name, dtype), False
        if from_value:
            return initializer, None
        if inspect.isclass(initializer):
            initializer = initializer(dtype=dtype)
        if shape.is_fully_defined():
            return initializers.InitializerCall(initializer, shape.as_list(), dtype, partition_info), dtype.base_dtype
        try:
            parameters = inspect.signature(initializer).parameters.values()
        except (TypeError, ValueError):
            parameters = ()
        if all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in parameters):
            return initializer, None
        raise ValueError("The initializer passed is not valid. It should be a callable with no arguments and the "
                         "shape should not be provided or an instance of `tf.keras.initializers.*' and `shape` "
                         "should be fully defined.")

    def _regularize(self, name, variable, regularizer):
        with self._graph.colocate_with(variable.op), _graph.name_scope(name + "/Regularizer/"):
            loss = regularizer(variable)
        if loss is not None:
            self._graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)


# The default initializers keep nothing a call changes, and no seed (the variable's dtype is passed at each call):
# one instance of each serves every variable.
_GLOROT_UNIFORM = initializers.glorot_uniform_initializer()
_ZEROS = initializers.zeros_initializer()


def _default_initializer(name, dtype):
    """glorot_uniform for floats, zeros for integers, bools and strings (TF 1.x's defaults)."""
    if dtype.is_floating:
        return _GLOROT_UNIFORM
    if dtype.is_integer or dtype.is_bool or dtype.base_dtype is _dtypes.string:
        return _ZEROS
    raise ValueError("An initializer for variable %s of %s is required" % (name, dtype.base_dtype))


def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=None,
                 collections=None, caching_device=None, partitioner=None, validate_shape=True, use_resource=None,
                 custom_getter=None, constraint=None, synchronization=0, aggregation=0):
    """Gets the variable `<scope>/name` or creates it, by the reuse rule of the module docstring.

    Defaults: float32; glorot_uniform for floats, zeros for integers and bools;
    collections GLOBAL_VARIABLES (+ TRAINABLE_VARIABLES when trainable).
    """
    graph = _graph.get_default_graph()
    return _scopes(graph).current_scope.get_variable(
        _store(graph), name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
        trainable=trainable, collections=collections, caching_device=caching_device, partitioner=partitioner,
        validate_shape=validate_shape, use_resource=use_resource, custom_getter=custom_getter,
        constraint=constraint, synchronization=synchronization, aggregation=aggregation)


def get_local_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=False,
                       collections=None, caching_device=None, partitioner=None, validate_shape=True,
                       use_resource=None, custom_getter=None, constraint=None, synchronization=0, aggregation=0):
    """`get_variable` for a local variable: in LOCAL_VARIABLES (plus `collections`), not trainable."""
    collections = [GraphKeys.LOCAL_VARIABLES] + list(collections or [])
    return get_variable(name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                        trainable=trainable, collections=collections, caching_device=caching_device,
                        partitioner=partitioner, validate_shape=validate_shape, use_resource=use_resource,
                        custom_getter=custom_getter, constraint=constraint, synchronization=synchronization,
                        aggregation=aggregation)


def _wrap_custom_getter(custom_getter, old_getter):
    """Nested custom getters compose: the inner one receives the outer one as its `getter`."""
    if old_getter is None:
        return custom_getter

    def wrapped(getter, *args, **kwargs):
        return custom_getter(lambda *a, **k: old_getter(getter, *a, **k), *args, **kwargs)
    return wrapped


class _PureVariableScope:
    """Switches the current VariableScope (no name scope); restores it and the scope counts on exit."""

    def __init__(self, name_or_scope, reuse=None, initializer=None, regularizer=None, caching_device=None,
                 partitioner=None, custom_getter=None, old_name_scope=None, dtype=None, use_resource=None,
                 constraint=None):
        self._name_or_scope = name_or_scope
        self._reuse = reuse
        self._overrides = dict(initializer=initializer, regularizer=regularizer, caching_device=caching_device,
                               partitioner=partitioner, dtype=dtype, use_resource=use_resource)
        self._custom_getter = custom_getter
        self._old_name_scope = old_name_scope
        self._constraint = constraint
        self._scopes = _scopes()

    def __enter__(self):
        scopes = self._scopes
        self._old = old = scopes.current_scope
        if isinstance(self._name_or_scope, VariableScope):
            base = self._name_or_scope
            self._new_name = base.name
            scope = VariableScope(self._reuse or base.reuse, name=base.name, initializer=base.initializer,
                                  regularizer=base.regularizer, caching_device=base.caching_device,
                                  partitioner=base.partitioner, dtype=base.dtype, custom_getter=base.custom_getter,
                                  name_scope=base.original_name_scope, use_resource=base.use_resource,
                                  constraint=self._constraint)
            self._saved_counts = copy.copy(scopes.counts)
        else:
            base = old
            self._new_name = old.name + "/" + self._name_or_scope if old.name else self._name_or_scope
            scope = VariableScope(self._reuse or old.reuse, name=self._new_name, initializer=old.initializer,
                                  regularizer=old.regularizer, caching_device=old.caching_device,
                                  partitioner=old.partitioner, dtype=old.dtype, custom_getter=old.custom_getter,
                                  name_scope=self._name_or_scope if self._old_name_scope is None else self._old_name_scope,
                                  use_resource=old.use_resource, constraint=self._constraint)
        for key, value in self._overrides.items():
            if value is not None:
                getattr(scope, "set_" + key)(value)
        if self._custom_getter is not None:
            scope.set_custom_getter(_wrap_custom_getter(self._custom_getter, base.custom_getter))
        scopes.open(self._new_name)
        scopes.current_scope = self._last = scope
        return scope

    def __exit__(self, *exc_info):
        scopes = self._scopes
        if scopes.current_scope is not self._last:
            raise RuntimeError("Improper nesting of variable_scope.")
        if isinstance(self._name_or_scope, VariableScope):
            scopes.restore_counts(self._saved_counts)
        else:
            scopes.close_subscopes(self._new_name)
        scopes.current_scope = self._old


def _unique_variable_scope(prefix):
    """`prefix`, or `prefix_N`, unused as a variable scope in the current scope."""
    scopes = _scopes()
    current = scopes.current_scope
    name = current.name + "/" + prefix if current.name else prefix
    if scopes.count(name) == 0:
        return prefix
    index = 1
    while scopes.count(name + "_%d" % index) > 0:
        index += 1
    return prefix + "_%d" % index


class variable_scope:  # noqa: N801 (TF's name)
    """Opens a variable scope (and, by default, a name scope of the same name).

    `name_or_scope` is a string or a VariableScope to re-open; with None,
    `default_name` is made unique. See the module docstring for `reuse`.
    """

    def __init__(self, name_or_scope, default_name=None, values=None, initializer=None, regularizer=None,
                 caching_device=None, partitioner=None, custom_getter=None, reuse=None, dtype=None,
                 use_resource=None, constraint=None, auxiliary_name_scope=True):
        if default_name is None and name_or_scope is None:
            raise TypeError("If default_name is None then name_or_scope is required")
        if reuse is False:
            reuse = None
        if not (reuse is True or reuse is None or reuse is AUTO_REUSE):
            raise ValueError("The reuse parameter must be True or False or None.")
        if not isinstance(auxiliary_name_scope, bool):
            raise TypeError("The auxiliary_name_scope must be `True` or `False`, while get {}"
                            .format(auxiliary_name_scope))
        if name_or_scope is not None and not isinstance(name_or_scope, (VariableScope, str)):
            raise TypeError("VariableScope: name_or_scope must be a string or VariableScope.")
        self._name_or_scope = name_or_scope
        self._default_name = default_name
        self._values = values or []
        self._options = dict(initializer=initializer, regularizer=regularizer, caching_device=caching_device,
                             partitioner=partitioner, custom_getter=custom_getter, dtype=dtype,
                             use_resource=use_resource, constraint=constraint)
        self._reuse = reuse
        self._auxiliary_name_scope = auxiliary_name_scope
        self._entered = []

    def __enter__(self):
        graph = _graph._get_graph_from_inputs(self._values)
        graph_manager = graph.as_default()
        graph_manager.__enter__()
        self._entered.append(graph_manager)
        try:
            return self._enter_scopes(graph)
        except BaseException:
            self.__exit__(None, None, None)
            raise

    def _enter_scopes(self, graph):
        if self._auxiliary_name_scope:
            name_scope = None
        else:
            current = graph.get_name_scope()
            name_scope = graph.name_scope(current + "/" if current else "")
        if self._name_or_scope is None:
            if self._reuse:
                raise ValueError("reuse=True cannot be used without a name_or_scope")
            opened = self._enter(name_scope or graph.name_scope(self._default_name))
            pure = _PureVariableScope(_unique_variable_scope(self._default_name), old_name_scope=opened,
                                      **self._options)
        else:
            if isinstance(self._name_or_scope, str):
                short_name = self._name_or_scope
            else:
                short_name = self._name_or_scope.name.split("/")[-1]
            old_name_scope = None
            if short_name or name_scope is not None:
                opened = self._enter(name_scope or graph.name_scope(short_name))
                old_name_scope = opened if isinstance(self._name_or_scope, str) \
                    else self._name_or_scope.original_name_scope
            pure = _PureVariableScope(self._name_or_scope, reuse=self._reuse, old_name_scope=old_name_scope,
                                      **self._options)
        return self._enter(pure)

    def _enter(self, manager):
        result = manager.__enter__()
        self._entered.append(manager)
        return result

    def __exit__(self, exc_type, exc_value, traceback_):
        while self._entered:
            self._entered.pop().__exit__(exc_type, exc_value, traceback_)


def variable_op_scope(values, name_or_scope, default_name=None, initializer=None, regularizer=None,
                      caching_device=None, partitioner=None, custom_getter=None, reuse=None, dtype=None,
                      use_resource=None, constraint=None):
    """Deprecated: `variable_scope(name_or_scope, default_name, values, ...)`."""
    return variable_scope(name_or_scope, default_name=default_name, values=values, initializer=initializer,
                          regularizer=regularizer, caching_device=caching_device, partitioner=partitioner,
                          custom_getter=custom_getter, reuse=reuse, dtype=dtype, use_resource=use_resource,
                          constraint=constraint)
