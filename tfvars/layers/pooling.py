"""2-D pooling layers: MaxPooling2D and AveragePooling2D, as classes and functions."""

from tfvars.framework import tensor_shape
from tfvars.layers.base import InputSpec, Layer
from tfvars.layers.utils import (
    conv_output_length, convert_data_format, normalize_data_format, normalize_padding, normalize_tuple,
)
from tfvars.ops import nn_pooling
from tfvars.ops.math_util import all_or_nothing


class _Pooling2D(Layer):
    """A pooling function over `pool_size` windows moved by `strides` along the two spatial axes."""

    _pool_function = None

    def __init__(self, pool_size, strides, padding="valid", data_format="channels_last", name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.pool_size = normalize_tuple(pool_size, 2, "pool_size")
        self.strides = normalize_tuple(strides, 2, "strides")
        self.padding = normalize_padding(padding)
        self.data_format = normalize_data_format(data_format)
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        if self.data_format == "channels_last":
            pool_shape, strides = (1,) + self.pool_size + (1,), (1,) + self.strides + (1,)
        else:
            pool_shape, strides = (1, 1) + self.pool_size, (1, 1) + self.strides
        return type(self)._pool_function(inputs, ksize=pool_shape, strides=strides, padding=self.padding.upper(),
                                         data_format=convert_data_format(self.data_format))

    def compute_output_shape(self, input_shape):
        dims = tensor_shape.as_shape(input_shape).with_rank(4).as_list()
        spatial = (2, 3) if self.data_format == "channels_first" else (1, 2)
        for index, axis in enumerate(spatial):
            dims[axis] = conv_output_length(dims[axis], self.pool_size[index], self.padding, self.strides[index])
        return tensor_shape.TensorShape(dims)


class MaxPooling2D(_Pooling2D):
    """The maximum of each window ("MaxPool")."""

    _pool_function = nn_pooling.max_pool


class AveragePooling2D(_Pooling2D):
    """The mean of each window ("AvgPool"); with "same" padding, of its elements inside the input."""

    _pool_function = nn_pooling.avg_pool


def max_pooling2d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    """`MaxPooling2D(pool_size, strides, ...)(inputs)`."""
    with all_or_nothing([inputs]):  # a failed call leaves no layer name or scope used
        layer = MaxPooling2D(pool_size=pool_size, strides=strides, padding=padding, data_format=data_format, name=name)
        return layer.apply(inputs)


def average_pooling2d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    """`AveragePooling2D(pool_size, strides, ...)(inputs)`."""
    with all_or_nothing([inputs]):  # a failed call leaves no layer name or scope used
        layer = AveragePooling2D(pool_size=pool_size, strides=strides, padding=padding, data_format=data_format,
                                 name=name)
        return layer.apply(inputs)
