"""Argument checks and size arithmetic the convolution and pooling layers share (Keras's conv_utils)."""

import numbers


def normalize_tuple(value, n, name):
    """An int or `n` ints as a tuple of `n` ints; ValueError as Keras words it otherwise."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return (int(value),) * n
    try:
        values = tuple(value)
    except TypeError:
        raise ValueError("The `%s` argument must be a tuple of %d integers. Received: %s" % (name, n, value)) from None
    if len(values) != n or not all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in values):
        raise ValueError("The `%s` argument must be a tuple of %d integers. Received: %s" % (name, n, value))
    return tuple(int(v) for v in values)


def normalize_padding(value):
    """"valid" or "same" (any case); ValueError otherwise."""
    padding = value.lower() if isinstance(value, str) else value
    if padding not in ("valid", "same"):
        raise ValueError('The `padding` argument must be one of "valid", "same" (or "causal", only for `Conv1D). '
                         "Received: " + str(padding))
    return padding


def normalize_data_format(value):
    """"channels_last" (the default) or "channels_first"; ValueError otherwise."""
    if value is None:
        return "channels_last"
    data_format = value.lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError('The `data_format` argument must be one of "channels_first", "channels_last". Received: '
                         + str(value))
    return data_format


def convert_data_format(data_format):
    """A layer's data format as the 4-D ops' attr: "NHWC" or "NCHW"."""
    return "NCHW" if data_format == "channels_first" else "NHWC"


def conv_output_length(input_length, filter_size, padding, stride, dilation=1):
    """The output size of a convolution or pooling along one axis (None if the input's is unknown)."""
    if input_length is None:
        return None
    dilated = filter_size + (filter_size - 1) * (dilation - 1)
    length = input_length if padding == "same" else input_length - dilated + 1
    return (length + stride - 1) // stride


def deconv_output_length(input_length, filter_size, padding, stride, dilation=1):
    """The output size of a transposed convolution along one axis; `input_length` may be a tensor."""
    if input_length is None:
        return None
    dilated = filter_size + (filter_size - 1) * (dilation - 1)
    if padding == "valid":
        return input_length * stride + max(dilated - stride, 0)
    return input_length * stride
