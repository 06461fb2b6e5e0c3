"""2-D convolution layers: Conv2D and Conv2DTranspose, as classes and functions."""

from tfvars import initializers
from tfvars.framework import tensor_shape
from tfvars.layers.base import InputSpec, Layer
from tfvars.layers.utils import (
    conv_output_length, convert_data_format, deconv_output_length, normalize_data_format, normalize_padding,
    normalize_tuple,
)
from tfvars.ops import array_ops
from tfvars.ops import nn_conv
from tfvars.ops.math_util import all_or_nothing


class _Conv2DBase(Layer):
    """What both 2-D convolution layers hold: filters, window, strides, padding, data format, weights' options."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
                 dilation_rate=(1, 1), activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=initializers.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
                 **kwargs):
        super().__init__(trainable=trainable, name=name, activity_regularizer=activity_regularizer, **kwargs)
        self.filters = int(filters)
        self.kernel_size = normalize_tuple(kernel_size, 2, "kernel_size")
        self.strides = normalize_tuple(strides, 2, "strides")
        self.padding = normalize_padding(padding)
        self.data_format = normalize_data_format(data_format)
        self.dilation_rate = normalize_tuple(dilation_rate, 2, "dilation_rate")
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer
        self.kernel_regularizer = kernel_regularizer
        self.bias_regularizer = bias_regularizer
        self.kernel_constraint = kernel_constraint
        self.bias_constraint = bias_constraint
        self.input_spec = InputSpec(ndim=4)

    def _channel_axis(self):
        return 1 if self.data_format == "channels_first" else -1

    def _input_channels(self, input_shape):
        input_shape = tensor_shape.as_shape(input_shape)
        dim = input_shape[self._channel_axis()].value if input_shape.ndims is not None else None
        if dim is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
        return dim

    def _add_weights(self, kernel_shape, input_dim):
        self.input_spec = InputSpec(ndim=4, axes={self._channel_axis(): input_dim})
        self.kernel = self.add_weight("kernel", shape=kernel_shape, initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.kernel_constraint,
                                      trainable=True, dtype=self.dtype)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight("bias", shape=(self.filters,), initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                                        trainable=True, dtype=self.dtype)
        self.built = True

    def _finish(self, outputs):
        if self.use_bias:
            outputs = nn_conv.bias_add(outputs, self.bias, data_format=convert_data_format(self.data_format))
        if self.activation is not None:
            return self.activation(outputs)
        return outputs


class Conv2D(_Conv2DBase):
    """A 2-D convolution (cross-correlation) with a [kh, kw, in, filters] kernel, a bias and an activation.

    TF 1.x: dilation_rate > 1 was built with SpaceToBatchND around the
    Conv2D; here it is the Conv2D's `dilations` attr (same values).

    Raises (on the first call): ValueError for inputs whose channel dimension is unknown.
    """

    def build(self, input_shape):
        input_dim = self._input_channels(input_shape)
        self._add_weights(self.kernel_size + (input_dim, self.filters), input_dim)

    def call(self, inputs):
        outputs = nn_conv.conv2d(inputs, self.kernel, strides=self.strides, padding=self.padding.upper(),
                                 data_format=convert_data_format(self.data_format), dilations=self.dilation_rate)
        return self._finish(outputs)

    def compute_output_shape(self, input_shape):
        dims = tensor_shape.as_shape(input_shape).with_rank(4).as_list()
        spatial = (2, 3) if self.data_format == "channels_first" else (1, 2)
        for index, axis in enumerate(spatial):
            dims[axis] = conv_output_length(dims[axis], self.kernel_size[index], self.padding, self.strides[index],
                                            self.dilation_rate[index])
        dims[1 if self.data_format == "channels_first" else 3] = self.filters
        return tensor_shape.TensorShape(dims)


def conv2d(inputs, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
           dilation_rate=(1, 1), activation=None, use_bias=True, kernel_initializer=None,
           bias_initializer=initializers.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
           activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
           reuse=None):
    """`Conv2D(filters, kernel_size, ...)(inputs)`: a new layer applied once."""
    with all_or_nothing([inputs]):  # a failed call leaves no layer name or scope used
        layer = Conv2D(filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
                       data_format=data_format, dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
                       kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                       kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                       activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                       bias_constraint=bias_constraint, trainable=trainable, name=name, _reuse=reuse, _scope=name)
        return layer.apply(inputs)


class Conv2DTranspose(_Conv2DBase):
    """The transpose of Conv2D (a "deconvolution"), with a [kh, kw, filters, in] kernel.

    The output's spatial size is `input * stride` ("same") or
    `input * stride + max(kernel - stride, 0)` ("valid").

    TF 1.x: for "channels_first" its Keras backend first asked a session
    which devices exist (building IsVariableInitialized ops); that is not done here.

    Raises (on the first call): ValueError for inputs not of rank 4 or whose channel dimension is unknown.
    """

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
                 activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=initializers.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
                 **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
                         activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                         bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                         bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                         kernel_constraint=kernel_constraint, bias_constraint=bias_constraint, trainable=trainable,
                         name=name, **kwargs)

    def build(self, input_shape):
        input_shape = tensor_shape.as_shape(input_shape)
        if input_shape.ndims != 4:
            raise ValueError("Inputs should have rank 4. Received input shape: " + str(input_shape))
        input_dim = self._input_channels(input_shape)
        self._add_weights(self.kernel_size + (self.filters, input_dim), input_dim)

    def call(self, inputs):
        inputs_shape = array_ops.shape(inputs)
        batch_size = inputs_shape[0]
        channels_first = self.data_format == "channels_first"
        height, width = (inputs_shape[2], inputs_shape[3]) if channels_first else (inputs_shape[1], inputs_shape[2])
        out_height = deconv_output_length(height, self.kernel_size[0], self.padding, self.strides[0])
        out_width = deconv_output_length(width, self.kernel_size[1], self.padding, self.strides[1])
        if channels_first:
            output_shape = (batch_size, self.filters, out_height, out_width)
        else:
            output_shape = (batch_size, out_height, out_width, self.filters)
        outputs = self._transpose_convolution(inputs, array_ops.stack(output_shape))
        outputs.set_shape(self.compute_output_shape(inputs.shape))
        return self._finish(outputs)

    def _transpose_convolution(self, inputs, output_shape):
        """Keras's backend `conv2d_transpose`: NCHW inputs are transposed to NHWC and back, as on CPU."""
        if self.data_format == "channels_first":
            inputs = array_ops.transpose(inputs, (0, 2, 3, 1))
            output_shape = (output_shape[0], output_shape[2], output_shape[3], output_shape[1])
        output_shape[0]  # noqa: B018 (the backend reads it, building the StridedSlice TF's graph has)
        if isinstance(output_shape, tuple):
            output_shape = array_ops.stack(list(output_shape))
        outputs = nn_conv.conv2d_transpose(inputs, self.kernel, output_shape, (1,) + self.strides + (1,),
                                           padding=self.padding.upper(), data_format="NHWC")
        if self.data_format == "channels_first":
            outputs = array_ops.transpose(outputs, (0, 3, 1, 2))
        return outputs

    def compute_output_shape(self, input_shape):
        dims = tensor_shape.as_shape(input_shape).with_rank(4).as_list()
        channel, rows, cols = (1, 2, 3) if self.data_format == "channels_first" else (3, 1, 2)
        dims[channel] = self.filters
        dims[rows] = deconv_output_length(dims[rows], self.kernel_size[0], self.padding, self.strides[0])
        dims[cols] = deconv_output_length(dims[cols], self.kernel_size[1], self.padding, self.strides[1])
        return tensor_shape.TensorShape(dims)


def conv2d_transpose(inputs, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
                     activation=None, use_bias=True, kernel_initializer=None,
                     bias_initializer=initializers.zeros_initializer(), kernel_regularizer=None,
                     bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                     trainable=True, name=None, reuse=None):
    """`Conv2DTranspose(filters, kernel_size, ...)(inputs)`: a new layer applied once."""
    with all_or_nothing([inputs]):  # a failed call leaves no layer name or scope used
        layer = Conv2DTranspose(filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
                                data_format=data_format, activation=activation, use_bias=use_bias,
                                kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                                kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                                activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                                bias_constraint=bias_constraint, trainable=trainable, name=name, _reuse=reuse,
                                _scope=name)
        return layer.apply(inputs)
