"""Core layers: Dense (a matrix product and bias), Dropout and Flatten, as classes and functions."""

from tfvars import initializers
from tfvars.framework import dtypes as _dtypes
from tfvars.framework import tensor_shape
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.framework.tensor_util import constant_value
from tfvars.layers.base import InputSpec, Layer
from tfvars.layers.utils import normalize_data_format
from tfvars.ops import array_ops
from tfvars.ops import control_flow_ops
from tfvars.ops import math_ops
from tfvars.ops import nn_ops
from tfvars.ops import random_ops
from tfvars.ops.math_util import all_or_nothing


class Dense(Layer):
    """`outputs = activation(inputs @ kernel + bias)`, with `kernel` [last input dim, units] and `bias` [units].

    Inputs of rank > 2 are multiplied along their last axis (tensordot).
    The kernel defaults to glorot_uniform, the bias to zeros.

    Raises (on the first call):
      TypeError: for inputs of a non-floating dtype.
      ValueError: for inputs whose last dimension is unknown.
    """

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=initializers.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
                 **kwargs):
        super().__init__(trainable=trainable, name=name, activity_regularizer=activity_regularizer, **kwargs)
        self.units = int(units)
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer
        self.kernel_regularizer = kernel_regularizer
        self.bias_regularizer = bias_regularizer
        self.kernel_constraint = kernel_constraint
        self.bias_constraint = bias_constraint
        self.input_spec = InputSpec(min_ndim=2)

    def build(self, input_shape):
        dtype = _dtypes.as_dtype(self.dtype or "float32")
        if not (dtype.is_floating or dtype.is_complex):
            raise TypeError("Unable to build `Dense` layer with non-floating point dtype %s" % (dtype,))
        input_shape = tensor_shape.as_shape(input_shape)
        last_dim = input_shape[-1].value if input_shape.ndims is not None else None
        if last_dim is None:
            raise ValueError("The last dimension of the inputs to `Dense` should be defined. Found `None`.")
        self.input_spec = InputSpec(min_ndim=2, axes={-1: last_dim})
        self.kernel = self.add_weight("kernel", shape=[last_dim, self.units], initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.kernel_constraint,
                                      dtype=self.dtype, trainable=True)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight("bias", shape=[self.units], initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                                        dtype=self.dtype, trainable=True)
        self.built = True

    def call(self, inputs):
        rank = inputs.shape.ndims
        if rank is not None and rank > 2:
            outputs = math_ops.tensordot(inputs, self.kernel, [[rank - 1], [0]])
            outputs.set_shape(inputs.shape.as_list()[:-1] + [self.units])
        else:
            outputs = math_ops.matmul(inputs, self.kernel)
        if self.use_bias:
            outputs = nn_ops.bias_add(outputs, self.bias)
        if self.activation is not None:
            return self.activation(outputs)
        return outputs

    def compute_output_shape(self, input_shape):
        input_shape = tensor_shape.as_shape(input_shape).with_rank_at_least(2)
        return input_shape[:-1].concatenate(self.units)


def dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None,
          bias_initializer=initializers.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
          activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
          reuse=None):
    """`Dense(units, ...)(inputs)`: a new layer (named `name`, sharing variables under `reuse`) applied once."""
    with all_or_nothing([inputs]):  # a failed call leaves no layer name or scope used
        layer = Dense(units, activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                      bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                      bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                      kernel_constraint=kernel_constraint, bias_constraint=bias_constraint, trainable=trainable,
                      name=name, _scope=name, _reuse=reuse)
        return layer.apply(inputs)


def smart_cond(pred, true_fn, false_fn, name=None):
    """`true_fn()` or `false_fn()` now if `pred` is a Python bool or a constant tensor, else `tf.cond`."""
    if isinstance(pred, bool):
        return true_fn() if pred else false_fn()
    value = constant_value(pred) if hasattr(pred, "op") else None
    if value is not None:
        return true_fn() if bool(value) else false_fn()
    return control_flow_ops.cond(pred, true_fn, false_fn, name=name)


class Dropout(Layer):
    """Each input element zeroed with probability `rate` (the rest scaled by 1 / (1 - rate)) when training.

    `training` (a Python bool or a scalar bool tensor) chooses between
    `tf.nn.dropout` and the inputs unchanged (an Identity); a tensor builds
    both in a `tf.cond`. `noise_shape` entries that are None take the
    inputs' size.
    """

    def __init__(self, rate=0.5, noise_shape=None, seed=None, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.rate = rate
        self.noise_shape = noise_shape
        self.seed = seed

    def _get_noise_shape(self, inputs):
        if self.noise_shape is None:
            return None
        dynamic_shape = array_ops.shape(inputs)
        return [dynamic_shape[i] if value is None else value for i, value in enumerate(self.noise_shape)]

    def call(self, inputs, training=False):
        def dropped_inputs():
            noise_shape = self._get_noise_shape(inputs)
            if noise_shape is not None:
                noise_shape = convert_to_tensor(noise_shape)
            return random_ops.dropout(inputs, noise_shape=noise_shape, seed=self.seed, rate=self.rate)
        return smart_cond(training, dropped_inputs, lambda: array_ops.identity(inputs))

    def compute_output_shape(self, input_shape):
        return tensor_shape.as_shape(input_shape)


def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None):
    """`Dropout(rate, ...)(inputs, training=training)`; with the default training=False, an Identity."""
    with all_or_nothing([inputs]):  # a failed call leaves no layer name or scope used
        layer = Dropout(rate, noise_shape=noise_shape, seed=seed, name=name)
        return layer.apply(inputs, training=training)


class Flatten(Layer):
    """The inputs reshaped to [batch, everything else] (channels moved last first for "channels_first")."""

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = normalize_data_format(data_format)
        self.input_spec = InputSpec(min_ndim=2)

    def call(self, inputs):
        rank = inputs.shape.ndims
        if self.data_format == "channels_first" and rank is not None and rank > 1:
            inputs = array_ops.transpose(inputs, perm=[0] + list(range(2, rank)) + [1])
        batch = inputs.shape[0].value if rank is not None else None
        outputs = array_ops.reshape(inputs, (batch or array_ops.shape(inputs)[0], -1))
        outputs.set_shape(self.compute_output_shape(inputs.shape))
        return outputs

    def compute_output_shape(self, input_shape):
        input_shape = tensor_shape.as_shape(input_shape)
        if input_shape.ndims is None:
            return tensor_shape.unknown_shape()
        rest = input_shape[1:].num_elements() if input_shape[1:].is_fully_defined() else None
        return tensor_shape.TensorShape([input_shape[0].value, rest])


def flatten(inputs, name=None, data_format="channels_last"):
    """`Flatten(data_format)(inputs)`: [batch, ...] reshaped to [batch, product of the rest]."""
    with all_or_nothing([inputs]):  # a failed call leaves no layer name or scope used
        layer = Flatten(name=name, data_format=data_format)
        return layer.apply(inputs)
