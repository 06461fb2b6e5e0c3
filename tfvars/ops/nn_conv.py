"""2-D convolution (`tf.nn.conv2d`) and `tf.nn.bias_add`, the channel-wise bias that follows it.

conv2d's kernel gathers patches with stride tricks and does one matrix
product (im2col); `nn_windows` holds the size and padding arithmetic it
shares with pooling.
"""

import numpy as np
from numpy.lib.stride_tricks import as_strided

from tfvars.framework import common_shapes
from tfvars.framework import errors
from tfvars.framework import graph as _graph
from tfvars.framework import tensor_shape
from tfvars.framework.common_shapes import with_rank, with_rank_at_least
from tfvars.framework.op_def_registry import REQUIRED, TypeAttr, apply_op, register_op
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.ops.nn_util import (
    FLOATS, REAL_NUMBERS, dim_values, int_list_attr, merge_dim, shape_string, string_attr,
)
from tfvars.ops.nn_windows import (
    from_nhwc, from_nhwc_dims, nhwc, pad_spatial, runtime_window, spatial_attr, static_window, to_nhwc,
)
from tfvars.util.deprecation import deprecated_argument_lookup

# conv2d gathers its patches in batch chunks of at most this many elements, to bound memory.
_PATCH_ELEMENTS_PER_CHUNK = 1 << 22


def _check_explicit_paddings(op, explicit, data_format):
    """The (before, after) paddings of H and W from Conv2D's explicit_paddings, checked as TF checks them."""
    negative = [p for p in explicit if p < 0]
    if negative:
        raise common_shapes.shape_error(op, "All explicit padding values must nonnegative, got %d" % negative[0])
    n, h, w, c = nhwc([explicit[2 * i:2 * i + 2] for i in range(4)], data_format)
    if any(n) or any(c):
        raise common_shapes.shape_error(
            op, "Nonzero explicit padding in the batch or depth dimensions is not supported")
    return h, w


def _conv2d_shape(op):
    data_format = op.get_attr("data_format")
    input_shape = with_rank(op, op.inputs[0].shape, 4)
    filter_shape = with_rank(op, op.inputs[1].shape, 4)
    batch, rows, cols, depth = nhwc(dim_values(input_shape, 4), data_format)
    filter_rows, filter_cols, filter_depth, out_depth = dim_values(filter_shape, 4)
    merge_dim(op, depth, filter_depth)
    padding = op.get_attr("padding")
    pads = ((0, 0), (0, 0))
    if padding == "EXPLICIT":
        pads = _check_explicit_paddings(op, op.get_attr("explicit_paddings"), data_format)
    _, stride_rows, stride_cols, _ = nhwc(op.get_attr("strides"), data_format)
    _, dilation_rows, dilation_cols, _ = nhwc(op.get_attr("dilations"), data_format)
    out_rows = static_window(op, rows, filter_rows, dilation_rows, stride_rows, padding, pads[0])
    out_cols = static_window(op, cols, filter_cols, dilation_cols, stride_cols, padding, pads[1])
    return [from_nhwc_dims([batch, out_rows, out_cols, out_depth], data_format)]


def conv2d_attrs(op):
    """A Conv2D-family op's (data_format, padding, strides, dilations, explicit paddings), all in NHWC order."""
    data_format = op.get_attr("data_format")
    explicit = op.get_attr("explicit_paddings")
    explicit = nhwc([tuple(explicit[2 * i:2 * i + 2]) for i in range(4)], data_format) if explicit else None
    return (data_format, op.get_attr("padding"), nhwc(op.get_attr("strides"), data_format),
            nhwc(op.get_attr("dilations"), data_format), explicit)


def _conv2d_kernel(op, state):
    data_format, padding, strides, dilations, explicit = conv2d_attrs(op)
    if strides[0] != 1 or strides[3] != 1:
        raise errors.InvalidArgumentError(
            None, op, "Current implementation does not yet support strides in the batch and depth dimensions.")
    if dilations[0] != 1 or dilations[3] != 1:
        raise errors.InvalidArgumentError(
            None, op, "Current implementation does not yet support dilations in the batch and depth dimensions.")

    def conv2d(input, filter):  # noqa: A002 (TF's argument names)
        if np.ndim(input) != 4:
            raise errors.InvalidArgumentError(None, None, "input must be 4-dimensional%s" % shape_string(input))
        if np.ndim(filter) != 4:
            raise errors.InvalidArgumentError(
                None, None, "filter must be 4-dimensional: %s" % shape_string(filter))
        value = to_nhwc(input, data_format)
        if value.shape[3] != filter.shape[2]:
            raise errors.InvalidArgumentError(None, None, "input and filter must have the same depth: %d vs %d"
                                              % (value.shape[3], filter.shape[2]))
        windows = [runtime_window(value.shape[d], filter.shape[d - 1], dilations[d], strides[d], padding,
                                  explicit[d] if explicit else (0, 0)) for d in (1, 2)]
        (out_rows, pad_rows), (out_cols, pad_cols) = windows
        value = pad_spatial(value, (pad_rows, pad_cols), 0)
        return from_nhwc(_correlate(value, filter, (out_rows, out_cols), strides[1:3], dilations[1:3]), data_format)
    return conv2d


def _correlate(value, filters, out_size, strides, dilations):
    """The cross-correlation of padded NHWC `value` with HWIO `filters`: im2col and a matrix product.

    The patches are a strided view [N, out_h, out_w, kh, kw, C] of `value`,
    copied in batch chunks to bound memory.
    """
    batch, _, _, depth = value.shape
    filter_rows, filter_cols, _, out_depth = filters.shape
    out_rows, out_cols = out_size
    step_n, step_h, step_w, step_c = value.strides
    patches = as_strided(value, (batch, out_rows, out_cols, filter_rows, filter_cols, depth),
                         (step_n, step_h * strides[0], step_w * strides[1], step_h * dilations[0],
                          step_w * dilations[1], step_c), writeable=False)
    matrix = filters.reshape(-1, out_depth)
    output = np.empty((batch, out_rows, out_cols, out_depth), dtype=value.dtype)
    per_image = max(1, out_rows * out_cols * matrix.shape[0])
    chunk = max(1, _PATCH_ELEMENTS_PER_CHUNK // per_image)
    for start in range(0, batch, chunk):
        stop = min(batch, start + chunk)
        columns = patches[start:stop].reshape(-1, matrix.shape[0])
        output[start:stop] = np.matmul(columns, matrix).reshape(stop - start, out_rows, out_cols, out_depth)
    return output


register_op("Conv2D", inputs=["input: T", "filter: T"], outputs=["output: T"],
            attrs={"T": TypeAttr(FLOATS), "strides": REQUIRED, "use_cudnn_on_gpu": True, "padding": REQUIRED,
                   "explicit_paddings": [], "data_format": "NHWC", "dilations": [1, 1, 1, 1]},
            shape_fn=_conv2d_shape, kernel=_conv2d_kernel)


def _convert_padding(padding):
    """(padding, explicit_paddings): a list of 4 [before, after] pairs means "EXPLICIT" padding."""
    explicit_paddings = []
    if padding == "EXPLICIT":
        raise ValueError('"EXPLICIT" is not a valid value for the padding parameter. To use explicit padding, the '
                         "padding parameter must be a list.")
    if isinstance(padding, (list, tuple)):
        for i, dim_paddings in enumerate(padding):
            if not isinstance(dim_paddings, (list, tuple)):
                raise ValueError("When padding is a list, each element of padding must be a list/tuple of size 2. "
                                 "Element with index %d of padding is not a list/tuple" % i)
            if len(dim_paddings) != 2:
                raise ValueError("When padding is a list, each element of padding must be a list/tuple of size 2. "
                                 "Element with index %d of padding has size %d" % (i, len(dim_paddings)))
            explicit_paddings.extend(dim_paddings)
        if len(padding) != 4:
            raise ValueError("When padding is a list, it must be of size 4. Got padding of size: %d" % len(padding))
        padding = "EXPLICIT"
    return padding, explicit_paddings


def conv2d(input, filter=None, strides=None, padding=None, use_cudnn_on_gpu=True,  # noqa: A002 (TF's names)
           data_format="NHWC", dilations=[1, 1, 1, 1], name=None, filters=None):  # noqa: B006 (TF's default)
    """2-D cross-correlation of a 4-D `input` with a [height, width, in, out] `filter` (op type "Conv2D").

    `strides` and `dilations` take 1, 2 or 4 values; `padding` is "SAME"
    (output ceil(in / stride), the odd extra padding at the bottom/right),
    "VALID", or a list of 4 [before, after] pairs. `data_format` "NHWC" or
    "NCHW". Raises ValueError for incompatible shapes (e.g. input depth not
    the filter's in_channels) or bad attrs.

    TF 1.x: its CPU kernel rejected dilations > 1 at run time; here they work, as on GPU.
    """
    filter = deprecated_argument_lookup("filters", filters, "filter", filter)  # noqa: A001
    padding, explicit_paddings = _convert_padding(padding)
    if data_format is None:
        data_format = "NHWC"
    strides = spatial_attr("strides", strides, data_format)
    dilations = spatial_attr("dilations", dilations, data_format)
    string_attr("Conv2D", "padding", padding, ("SAME", "VALID", "EXPLICIT"))
    string_attr("Conv2D", "data_format", data_format, ("NHWC", "NCHW"))
    explicit_paddings = int_list_attr("explicit_paddings", explicit_paddings)
    return apply_op("Conv2D", input=input, filter=filter, strides=strides, padding=padding,
                    use_cudnn_on_gpu=use_cudnn_on_gpu,
                    explicit_paddings=explicit_paddings, data_format=data_format, dilations=dilations,
                    name=name).outputs[0]


def _bias_add_shape(op):
    nchw = op.get_attr("data_format") == "NCHW"
    value = with_rank_at_least(op, op.inputs[0].shape, 3 if nchw else 2)
    bias = with_rank(op, op.inputs[1].shape, 1)
    if value.ndims is None:
        return [tensor_shape.unknown_shape()]
    dims = value.as_list()
    channel = 1 if nchw else -1
    dims[channel] = merge_dim(op, dims[channel], bias.as_list()[0])
    return [dims]


def _bias_add_kernel(op, state):
    nchw = op.get_attr("data_format") == "NCHW"

    def bias_add(value, bias):
        if np.ndim(value) < 2:
            raise errors.InvalidArgumentError(
                None, None, "Input tensor must be at least 2D: %s" % shape_string(value))
        if np.ndim(bias) != 1:
            raise errors.InvalidArgumentError(None, None, "Biases must be 1D: %s" % shape_string(bias))
        channel = 1 if nchw else value.ndim - 1
        if bias.shape[0] != value.shape[channel]:
            raise errors.InvalidArgumentError(
                None, None, "Must provide as many biases as the last dimension of the input tensor: %s vs. %s"
                % (shape_string(bias), shape_string(value)))
        if nchw:
            return value + bias.reshape((-1,) + (1,) * (value.ndim - 2))
        return value + bias
    return bias_add


register_op("BiasAdd", inputs=["value: T", "bias: T"], outputs=["output: T"],
            attrs={"T": TypeAttr(REAL_NUMBERS), "data_format": "NHWC"},
            shape_fn=_bias_add_shape, kernel=_bias_add_kernel)


def bias_add(value, bias, data_format=None, name=None):
    """value + bias, with the 1-D `bias` along the channel axis: last ("N...C") or second ("NC...").

    Raises ValueError for a data_format of neither form, or shapes that do not fit.
    """
    with _graph.op_scope(name, "BiasAdd", [value, bias]) as scope:
        if data_format is not None:
            if data_format.startswith("NC"):
                data_format = "NCHW"
            elif data_format.startswith("N") and data_format.endswith("C"):
                data_format = "NHWC"
            else:
                raise ValueError("data_format must be of the form `N...C` or `NC...`")
        value = convert_to_tensor(value, name="input")
        bias = convert_to_tensor(bias, dtype=value.dtype.base_dtype, name="bias")
        return apply_op("BiasAdd", value=value, bias=bias, data_format=data_format, name=scope).outputs[0]


def _conv2d_backprop_input_shape(op):
    from tfvars.framework.tensor_util import constant_value_as_shape
    with_rank(op, op.inputs[0].shape, 1)
    filter_shape = with_rank(op, op.inputs[1].shape, 4)
    with_rank(op, op.inputs[2].shape, 4)
    output = with_rank(op, constant_value_as_shape(op.inputs[0]), 4)
    depth = nhwc(dim_values(output, 4), op.get_attr("data_format"))[3]
    merge_dim(op, depth, dim_values(filter_shape, 4)[2])
    return [output]


def _conv2d_backprop_input_kernel(op, state):
    data_format, padding, strides, dilations, explicit = conv2d_attrs(op)

    def conv2d_backprop_input(input_sizes, filter, out_backprop):  # noqa: A002 (TF's argument names)
        if np.ndim(input_sizes) != 1 or np.size(input_sizes) != 4:
            raise errors.InvalidArgumentError(
                None, None, "Conv2DCustomBackpropInput: input_sizes input must be 1-dim, not %d" % np.ndim(input_sizes))
        sizes = nhwc([int(s) for s in input_sizes], data_format)
        grad = to_nhwc(out_backprop, data_format)
        if filter.shape[2] != sizes[3]:
            raise errors.InvalidArgumentError(None, None, "Conv2DCustomBackpropInput: input and filter must have the "
                                              "same depth: %d vs %d" % (sizes[3], filter.shape[2]))
        pads = []
        for d in (1, 2):
            out, pad = runtime_window(sizes[d], filter.shape[d - 1], dilations[d], strides[d], padding,
                                      explicit[d] if explicit else (0, 0))
            if out != grad.shape[d]:
                raise errors.InvalidArgumentError(
                    None, None, "Conv2DCustomBackpropInput: Size of out_backprop doesn't match computed: actual = %d, "
                    "computed = %d spatial_dim: %d input: %d filter: %d output: %d stride: %d dilation: %d"
                    % (grad.shape[d], out, d, sizes[d], filter.shape[d - 1], grad.shape[d], strides[d], dilations[d]))
            pads.append(pad)
        result = _scatter_patches(grad, filter, sizes, pads, strides[1:3], dilations[1:3])
        return from_nhwc(result, data_format)
    return conv2d_backprop_input


def _scatter_patches(grad, filters, sizes, pads, strides, dilations):
    """The transpose of `_correlate`: each output gradient spread back over the input window it came from."""
    batch, out_rows, out_cols, out_depth = grad.shape
    filter_rows, filter_cols, depth, _ = filters.shape
    (top, bottom), (left, right) = pads
    padded = np.zeros((batch, sizes[1] + top + bottom, sizes[2] + left + right, depth), dtype=grad.dtype)
    # [N, out_h, out_w, kh, kw, C]: what each output position sends to each tap of its window.
    taps = np.matmul(grad.reshape(-1, out_depth), filters.reshape(-1, out_depth).T)
    taps = taps.reshape(batch, out_rows, out_cols, filter_rows, filter_cols, depth)
    row_span = (out_rows - 1) * strides[0] + 1
    col_span = (out_cols - 1) * strides[1] + 1
    for i in range(filter_rows):
        for j in range(filter_cols):
            row, col = i * dilations[0], j * dilations[1]
            padded[:, row:row + row_span:strides[0], col:col + col_span:strides[1], :] += taps[:, :, :, i, j, :]
    return padded[:, top:top + sizes[1], left:left + sizes[2], :]


register_op("Conv2DBackpropInput", inputs=["input_sizes: int32", "filter: T", "out_backprop: T"],
            outputs=["output: T"],
            attrs={"T": TypeAttr(FLOATS), "strides": REQUIRED, "use_cudnn_on_gpu": True, "padding": REQUIRED,
                   "explicit_paddings": [], "data_format": "NHWC", "dilations": [1, 1, 1, 1]},
            shape_fn=_conv2d_backprop_input_shape, kernel=_conv2d_backprop_input_kernel)


def conv2d_backprop_input(input_sizes, filter=None, out_backprop=None, strides=None, padding=None,  # noqa: A002
                          use_cudnn_on_gpu=True, data_format="NHWC", dilations=[1, 1, 1, 1],  # noqa: B006 (TF's)
                          name=None, filters=None):
    """The gradient of conv2d with respect to its input, of shape `input_sizes` (op type "Conv2DBackpropInput")."""
    filter = deprecated_argument_lookup("filters", filters, "filter", filter)  # noqa: A001
    padding, explicit_paddings = _convert_padding(padding)
    strides = spatial_attr("strides", strides, data_format)
    dilations = spatial_attr("dilations", dilations, data_format)
    string_attr("Conv2DBackpropInput", "padding", padding, ("SAME", "VALID", "EXPLICIT"))
    string_attr("Conv2DBackpropInput", "data_format", data_format, ("NHWC", "NCHW"))
    return apply_op("Conv2DBackpropInput", input_sizes=input_sizes, filter=filter, out_backprop=out_backprop,
                    strides=strides, padding=padding, use_cudnn_on_gpu=use_cudnn_on_gpu,
                    explicit_paddings=int_list_attr("explicit_paddings", explicit_paddings),
                    data_format=data_format, dilations=dilations, name=name).outputs[0]


def conv2d_transpose(value=None, filter=None, output_shape=None, strides=None, padding="SAME",  # noqa: A002
                     data_format="NHWC", name=None, input=None, filters=None, dilations=None):  # noqa: A002
    """The transpose of conv2d (a "deconvolution"): `value` spread to `output_shape` through `filter`.

    `filter` is [height, width, output_channels, in_channels]; the op is a
    Conv2DBackpropInput named `name` (default "conv2d_transpose").

    Raises:
      ValueError: for a data_format other than "NHWC"/"NCHW", channels of `value` or `output_shape` that do not
        match the filter's, an `output_shape` that is not a 4-vector, or a padding other than "SAME"/"VALID".
    """
    value = deprecated_argument_lookup("input", input, "value", value)
    filter = deprecated_argument_lookup("filters", filters, "filter", filter)  # noqa: A001
    with _graph.op_scope(name, "conv2d_transpose", [value, filter, output_shape]) as scope:
        if data_format not in ("NCHW", "NHWC"):
            raise ValueError("data_format has to be either NCHW or NHWC.")
        value = convert_to_tensor(value, name="value")
        filter = convert_to_tensor(filter, name="filter")  # noqa: A001
        axis = 3 if data_format == "NHWC" else 1
        if not value.shape.with_rank(4)[axis].is_compatible_with(filter.shape.with_rank(4)[3]):
            raise ValueError("input channels does not match filter's input channels, {} != {}".format(
                value.shape[axis], filter.shape[3]))
        output_shape_ = convert_to_tensor(output_shape, name="output_shape")
        if not output_shape_.shape.is_compatible_with(tensor_shape.TensorShape([4])):
            raise ValueError("output_shape must have shape (4,), got {}".format(output_shape_.shape))
        if isinstance(output_shape, (list, np.ndarray)) and not filter.shape[2].is_compatible_with(output_shape[axis]):
            raise ValueError("output_shape does not match filter's output channels, {} != {}".format(
                output_shape[axis], filter.shape[2]))
        if padding not in ("VALID", "SAME"):
            raise ValueError("padding must be either VALID or SAME: {}".format(padding))
        return conv2d_backprop_input(output_shape_, filter, value, strides, padding, data_format=data_format,
                                     dilations=[1, 1, 1, 1] if dilations is None else dilations, name=scope)
