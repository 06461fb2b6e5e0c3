"""`tf.layers.Layer`: a callable object that creates its variables on first call, under its own variable scope.

A layer's life, as in TF 1.x:

- constructed: it gets a name (`dense_1`, `dense_2`... per graph, from the
  class name, unless `name=` is given); nothing is built in the graph.
- first call: it opens its variable scope (`dense`, `dense_1`... made unique
  among variable scopes, or `name`), `build(input_shape)` creates its
  variables there with `add_weight` (through `tf.get_variable`, so
  `reuse=`, enclosing scopes and custom getters apply), then `call(inputs)`
  builds its ops in the scope's name scope.
- later calls reuse the variables and build ops under the same name scope
  (`dense/MatMul_1`).

Regularization losses go to the layer's `losses` and REGULARIZATION_LOSSES,
update ops (batch normalization's moving averages) to `updates` and
UPDATE_OPS. A call that raises leaves the graph, the scope counts and the
layer as they were.
"""

import re

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.framework import tensor_shape
from tfvars.framework.graph_keys import GraphKeys
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.ops import variable_scope as vs
from tfvars.util import nest


class InputSpec:
    """What a layer accepts: a dtype, a rank (`ndim`, `max_ndim`, `min_ndim`) and fixed sizes of some `axes`."""

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None, axes=None):
        self.dtype = dtype
        self.shape = shape
        self.ndim = len(shape) if shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = axes or {}

    def __repr__(self):
        return "InputSpec(%s)" % ", ".join("%s=%s" % (key, value) for key, value in (
            ("dtype", self.dtype), ("shape", self.shape), ("ndim", self.ndim), ("max_ndim", self.max_ndim),
            ("min_ndim", self.min_ndim), ("axes", self.axes or None)) if value is not None)


def _check_input(spec, inputs, layer_name):
    """Raises TF 1.x's ValueError when `inputs` (one tensor) does not fit `spec`."""
    if spec is None:
        return
    shape = inputs.shape
    prefix = "Input 0 of layer " + layer_name + " is incompatible with the layer: "
    ndim = shape.ndims
    if spec.ndim is not None and ndim != spec.ndim:
        raise ValueError(prefix + "expected ndim=%d, found ndim=%s. Full shape received: %s"
                         % (spec.ndim, ndim, _shape_list(shape)))
    if spec.max_ndim is not None and ndim is not None and ndim > spec.max_ndim:
        raise ValueError(prefix + "expected max_ndim=%d, found ndim=%d" % (spec.max_ndim, ndim))
    if spec.min_ndim is not None and ndim is not None and ndim < spec.min_ndim:
        raise ValueError(prefix + ": expected min_ndim=%d, found ndim=%d. Full shape received: %s"
                         % (spec.min_ndim, ndim, _shape_list(shape)))
    if ndim is None:
        return
    for axis, value in spec.axes.items():
        if value is not None and shape[int(axis)].value not in (value, None):
            raise ValueError(prefix + "expected axis %s of input shape to have value %s but received input with "
                             "shape %s" % (axis, value, shape))


def _shape_list(shape):
    return None if shape.ndims is None else shape.as_list()


def _to_snake_case(name):
    """`Conv2DTranspose` -> `conv2d_transpose`, as Keras derives default layer names."""
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    insecure = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
    return insecure if insecure[0] != "_" else "private" + insecure


def _unique_layer_name(base_name):
    """`base_1`, `base_2`, ... counted per default graph (TF 1.x's layer names start at 1)."""
    graph = _graph.get_default_graph()
    counts = getattr(graph, "_layer_name_uids", None)
    if counts is None:
        counts = graph._layer_name_uids = {}
    counts[base_name] = counts.get(base_name, 0) + 1
    graph._record_undo(lambda: counts.__setitem__(base_name, counts[base_name] - 1))
    return "%s_%d" % (base_name, counts[base_name])


class Layer:
    """The base of `tf.layers`: subclasses define `build(input_shape)` (creating weights) and `call(inputs)`.

    Args:
      trainable: whether its variables go to TRAINABLE_VARIABLES.
      name: the layer's name and variable scope (default: from the class name).
      dtype: the dtype of its variables (default: the first input's).
      activity_regularizer: a function of the outputs whose value (divided by
        the batch size) is added to the layer's losses.
    """

    def __init__(self, trainable=True, name=None, dtype=None, activity_regularizer=None, _scope=None, _reuse=None,
                 **kwargs):
        unknown = sorted(set(kwargs) - {"input_shape", "batch_input_shape", "batch_size", "weights"})
        if unknown:
            raise TypeError("Keyword argument not understood:", unknown[0])
        self.trainable = trainable
        self.built = False
        self._dtype = None if dtype is None else _dtypes.as_dtype(dtype).base_dtype.name
        self._activity_regularizer = activity_regularizer
        self.input_spec = None
        self._trainable_weights = []
        self._non_trainable_weights = []
        self._losses = []
        self._updates = []
        self._reuse = _reuse
        self._scope = None
        self._current_scope = None
        if isinstance(name, vs.VariableScope):
            self._base_name = name.name
            self._name = _unique_layer_name(_to_snake_case(type(self).__name__))
        elif name:
            self._base_name = self._name = name
        else:
            self._base_name = _to_snake_case(type(self).__name__)
            self._name = _unique_layer_name(self._base_name)
        if _scope is not None:
            with vs.variable_scope(_scope) as captured:
                self._scope = captured

    # Properties.
    @property
    def name(self):
        return self._name

    @property
    def dtype(self):
        return self._dtype

    @property
    def scope_name(self):
        if self._scope is None:
            raise ValueError("No name available for layer scope because the layer \"" + self._name +
                             "\" has not been used yet. The scope name  is determined the first time the layer "
                             "instance is called. You must therefore call the layer before querying `scope_name`.")
        return self._scope.name

    @property
    def activity_regularizer(self):
        return self._activity_regularizer

    @property
    def trainable_weights(self):
        return list(self._trainable_weights) if self.trainable else []

    @property
    def non_trainable_weights(self):
        if self.trainable:
            return list(self._non_trainable_weights)
        return self._trainable_weights + self._non_trainable_weights

    @property
    def weights(self):
        """The trainable weights, then the others."""
        return self.trainable_weights + self.non_trainable_weights

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights
    variables = weights

    @property
    def losses(self):
        """The regularization losses of the weights and outputs (scalar tensors)."""
        return list(self._losses)

    @property
    def updates(self):
        """The ops that update the layer's state (moving averages) when run."""
        return list(self._updates)

    def get_losses_for(self, inputs):
        return self.losses

    def get_updates_for(self, inputs):
        return self.updates

    # Building.
    def build(self, input_shape):
        """Creates the layer's variables (nothing, here); called once, before the first `call`."""
        self.built = True

    def call(self, inputs, **kwargs):
        """The layer's computation; the inputs as they are, here."""
        return inputs

    def compute_output_shape(self, input_shape):
        raise NotImplementedError("Layer %s does not compute output shapes." % type(self).__name__)

    def add_weight(self, name, shape, dtype=None, initializer=None, regularizer=None, trainable=None,
                   constraint=None, partitioner=None, use_resource=None, **kwargs):
        """A variable `<layer scope>/name`, got or created with `tf.get_variable` (reused after the first build).

        Regularizer losses are built once, when the variable is created, in
        the name scope `<layer>/name/Regularizer`.
        """
        trainable = True if trainable is None else trainable
        dtype = _dtypes.as_dtype(dtype or self._dtype or _dtypes.float32)
        graph = _graph.get_default_graph()
        existing = set(graph.get_collection(GraphKeys.GLOBAL_VARIABLES))
        self._set_scope()
        with vs.variable_scope(self._scope, reuse=self.built or self._reuse, auxiliary_name_scope=False) as scope:
            self._current_scope = scope
            with _graph.name_scope(scope.original_name_scope):
                variable = vs.get_variable(
                    name, shape=shape, dtype=dtype, initializer=initializer, trainable=trainable and self.trainable,
                    constraint=constraint, partitioner=partitioner, use_resource=use_resource)
                if regularizer is not None and variable not in existing:
                    with _graph.name_scope(name + "/Regularizer"):
                        loss = regularizer(variable)
                    self._add_losses([loss])
        trainables = graph.get_collection(GraphKeys.TRAINABLE_VARIABLES)
        if trainable and self.trainable and variable in trainables:
            self._trainable_weights.append(variable)
        else:
            self._non_trainable_weights.append(variable)
        return variable

    def add_loss(self, losses, inputs=None):
        """Adds loss tensors (or None) to the layer's losses and to REGULARIZATION_LOSSES."""
        self._add_losses(nest.flatten(losses))

    def _add_losses(self, losses):
        graph = _graph.get_default_graph()
        collection = graph.get_collection(GraphKeys.REGULARIZATION_LOSSES)
        for loss in losses:
            if loss is None:
                continue
            loss = convert_to_tensor(loss)
            self._losses.append(loss)
            if loss not in collection:
                graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)

    def add_update(self, updates, inputs=None):
        """Adds update ops (or tensors, standing for their ops) to the layer's updates and to UPDATE_OPS."""
        graph = _graph.get_default_graph()
        collection = graph.get_collection(GraphKeys.UPDATE_OPS)
        for update in nest.flatten(updates):
            update = update() if callable(update) else update
            update = getattr(update, "op", update)
            self._updates.append(update)
            if update not in collection:
                graph.add_to_collection(GraphKeys.UPDATE_OPS, update)

    # Calling.
    def _set_scope(self, scope=None):
        """Opens the layer's variable scope once: `name` as given, else its base name made unique."""
        if self._scope is not None:
            return
        if self._reuse:
            with vs.variable_scope(scope if scope is not None else self._base_name) as captured:
                self._scope = captured
        else:
            with vs.variable_scope(scope, default_name=self._base_name) as captured:
                self._scope = captured

    def __call__(self, inputs, *args, **kwargs):
        """Builds the layer (first call) and its computation on `inputs`; returns the outputs.

        Raises:
          ValueError: if `inputs` do not fit the layer's input spec (e.g. another size on the last
            axis than the first inputs had).
        """
        scope = kwargs.pop("scope", None)
        graph = _graph._get_graph_from_inputs(nest.flatten(inputs))
        saved = self._state()
        with graph.as_default():
            try:
                with graph._atomic():
                    return self._call_in_scope(inputs, scope, args, kwargs)
            except BaseException:
                self._restore(saved)
                raise

    def _call_in_scope(self, inputs, scope, args, kwargs):
        self._set_scope(scope)
        reuse = True if self.built else self._reuse
        with vs.variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False) as current:
            self._current_scope = current
            with _graph.name_scope(current.original_name_scope):
                if not self.built:
                    inputs = self._convert_inputs(inputs)
                    _check_input(self.input_spec, _first(inputs), self._name)
                    if self._dtype is None:
                        self._dtype = _first(inputs).dtype.base_dtype.name
                    self.build(_shapes(inputs))
                    self.built = True
                else:
                    inputs = self._convert_inputs(inputs)
                    _check_input(self.input_spec, _first(inputs), self._name)
                outputs = self.call(inputs, *args, **kwargs)
                if self._activity_regularizer is not None:
                    self._regularize_activity(outputs)
        return outputs

    @staticmethod
    def _convert_inputs(inputs):
        return nest.map_structure(convert_to_tensor, inputs)

    def _regularize_activity(self, outputs):
        """Adds the activity regularizer's value of each output, divided by its batch size, to the losses."""
        from tfvars.ops import array_ops, math_ops
        with _graph.name_scope("ActivityRegularizer"):
            for output in nest.flatten(outputs):
                loss = self._activity_regularizer(output)
                batch_size = math_ops.cast(array_ops.shape(output)[0], loss.dtype)
                self._add_losses([loss / batch_size])

    _LISTS = ("_trainable_weights", "_non_trainable_weights", "_losses", "_updates")

    def _state(self):
        """The layer's attributes (lists copied), to restore if a call fails."""
        return dict(self.__dict__), {key: list(getattr(self, key)) for key in self._LISTS}

    def _restore(self, saved):
        attributes, lists = saved
        self.__dict__.clear()
        self.__dict__.update(attributes)
        for key, items in lists.items():
            getattr(self, key)[:] = items

    def apply(self, inputs, *args, **kwargs):
        """The same as calling the layer."""
        return self.__call__(inputs, *args, **kwargs)

    def __repr__(self):
        return "<tf.layers.%s %r>" % (type(self).__name__, self._name)


def _first(inputs):
    return nest.flatten(inputs)[0]


def _shapes(inputs):
    shapes = nest.map_structure(lambda tensor: tensor.shape, inputs)
    return shapes if isinstance(shapes, (list, tuple)) else tensor_shape.as_shape(shapes)
