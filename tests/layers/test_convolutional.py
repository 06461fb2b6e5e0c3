"""tf.layers.conv2d, conv2d_transpose, max_pooling2d, average_pooling2d and flatten."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tfvars as tf
from layers_testing import collection_names, non_initializer_ops, run_initialized, unchanged_after_failure


def _conv_reference(x, kernel, stride, padding):
    """NHWC cross-correlation in plain numpy loops."""
    batch, rows, cols, _ = x.shape
    kh, kw, _, out = kernel.shape
    if padding == "same":
        out_rows, out_cols = -(-rows // stride), -(-cols // stride)
        pad_rows = max(0, (out_rows - 1) * stride + kh - rows)
        pad_cols = max(0, (out_cols - 1) * stride + kw - cols)
        x = np.pad(x, ((0, 0), (pad_rows // 2, pad_rows - pad_rows // 2), (pad_cols // 2, pad_cols - pad_cols // 2),
                       (0, 0)))
    else:
        out_rows, out_cols = (rows - kh) // stride + 1, (cols - kw) // stride + 1
    result = np.zeros((batch, out_rows, out_cols, out), x.dtype)
    for i in range(out_rows):
        for j in range(out_cols):
            window = x[:, i * stride:i * stride + kh, j * stride:j * stride + kw, :]
            result[:, i, j, :] = np.tensordot(window, kernel, axes=([1, 2, 3], [0, 1, 2]))
    return result


def test_conv_pool_transpose_flatten_graph():
    x = tf.placeholder(tf.float32, [None, 8, 8, 3])
    y = tf.layers.conv2d(x, 4, 3, padding="same", activation=tf.nn.relu)
    y = tf.layers.max_pooling2d(y, 2, 2)
    y = tf.layers.average_pooling2d(y, [2, 2], 1, padding="same")
    z = tf.layers.conv2d_transpose(y, 2, 3, strides=2, padding="same")
    z2 = tf.layers.conv2d_transpose(y, 2, [3, 2], strides=(2, 1), padding="valid", use_bias=False)
    f = tf.layers.flatten(z)
    assert collection_names(tf.GraphKeys.TRAINABLE_VARIABLES) == [
        "conv2d/kernel:0", "conv2d/bias:0", "conv2d_transpose/kernel:0", "conv2d_transpose/bias:0",
        "conv2d_transpose_1/kernel:0"]
    graph = tf.get_default_graph()
    assert graph.get_tensor_by_name("conv2d/kernel:0").shape.as_list() == [3, 3, 3, 4]
    assert graph.get_tensor_by_name("conv2d_transpose/kernel:0").shape.as_list() == [3, 3, 2, 4]
    assert graph.get_tensor_by_name("conv2d_transpose_1/kernel:0").shape.as_list() == [3, 2, 2, 4]
    listed = non_initializer_ops()
    for expected in [("conv2d/Conv2D", "Conv2D"), ("conv2d/BiasAdd", "BiasAdd"), ("conv2d/Relu", "Relu"),
                     ("max_pooling2d/MaxPool", "MaxPool"), ("average_pooling2d/AvgPool", "AvgPool"),
                     ("conv2d_transpose/Shape", "Shape"), ("conv2d_transpose/stack", "Pack"),
                     ("conv2d_transpose/conv2d_transpose", "Conv2DBackpropInput"),
                     ("conv2d_transpose/BiasAdd", "BiasAdd"),
                     ("conv2d_transpose_1/conv2d_transpose", "Conv2DBackpropInput"),
                     ("flatten/Reshape", "Reshape")]:
        assert expected in listed
    assert y.shape.as_list() == [None, 4, 4, 4]
    assert z.name == "conv2d_transpose/BiasAdd:0" and z.shape.as_list() == [None, 8, 8, 2]
    assert z2.name == "conv2d_transpose_1/conv2d_transpose:0" and z2.shape.as_list() == [None, 9, 5, 2]
    assert f.shape.as_list() == [None, 128]
    out, out2, flat = run_initialized([z, z2, f], {x: np.ones((2, 8, 8, 3), np.float32)})
    assert out.shape == (2, 8, 8, 2) and out2.shape == (2, 9, 5, 2)
    np.testing.assert_array_equal(flat, out.reshape(2, -1))


def test_channels_first_graph_and_values():
    x = tf.placeholder(tf.float32, [2, 3, 8, 8])
    y = tf.layers.conv2d(x, 4, 3, data_format="channels_first")
    p = tf.layers.max_pooling2d(y, 2, 2, data_format="channels_first")
    z = tf.layers.conv2d_transpose(p, 2, 3, strides=2, data_format="channels_first")
    assert y.shape.as_list() == [2, 4, 6, 6] and p.shape.as_list() == [2, 4, 3, 3]
    assert z.shape.as_list() == [2, 2, 7, 7]
    assert y.op.inputs[0].op.type == "Conv2D" and y.op.inputs[0].op.get_attr("data_format") == "NCHW"
    xv = np.random.RandomState(0).randn(2, 3, 8, 8).astype(np.float32)
    out, kernel, bias = run_initialized([y, "conv2d/kernel:0", "conv2d/bias:0"], {x: xv})
    expected = _conv_reference(xv.transpose(0, 2, 3, 1), kernel, 1, "valid") + bias
    np.testing.assert_allclose(out, expected.transpose(0, 3, 1, 2), rtol=1e-4, atol=1e-5)


@settings(max_examples=25, deadline=None)
@given(st.integers(3, 7), st.integers(1, 3), st.integers(1, 2), st.sampled_from(["same", "valid"]),
       st.integers(1, 3))
def test_conv2d_values_match_numpy(size, kernel_size, stride, padding, filters):
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, size, size, 2])
    y = tf.layers.conv2d(x, filters, kernel_size, strides=stride, padding=padding,
                         bias_initializer=tf.constant_initializer(0.5))
    xv = np.random.RandomState(size).randn(2, size, size, 2).astype(np.float32)
    out, kernel = run_initialized([y, "conv2d/kernel:0"], {x: xv})
    np.testing.assert_allclose(out, _conv_reference(xv, kernel, stride, padding) + 0.5, rtol=1e-4, atol=1e-5)
    assert list(out.shape[1:]) == y.shape.as_list()[1:]


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 5), st.integers(1, 3), st.integers(1, 3), st.sampled_from(["same", "valid"]))
def test_conv2d_transpose_is_the_adjoint_of_conv2d(size, kernel_size, stride, padding):
    tf.reset_default_graph()
    y = tf.placeholder(tf.float32, [2, size, size, 3])
    z = tf.layers.conv2d_transpose(y, 2, kernel_size, strides=stride, padding=padding, use_bias=False)
    yv = np.random.RandomState(size * 3 + stride).randn(2, size, size, 3).astype(np.float32)
    out, kernel = run_initialized([z, "conv2d_transpose/kernel:0"], {y: yv})
    assert list(out.shape) == z.shape.as_list()
    # <conv2d(x), y> == <x, conv2d_transpose(y)> for the same kernel, the defining property of the transpose.
    xv = np.random.RandomState(size).randn(*out.shape).astype(np.float32)
    forward = _conv_reference(np.asarray(xv, np.float64), np.asarray(kernel, np.float64), stride, padding)
    np.testing.assert_allclose(np.sum(forward * yv), np.sum(xv * out), rtol=1e-4)


def test_pooling_values_and_shapes():
    x = tf.placeholder(tf.float32, [None, 4, 4, 1])
    m = tf.layers.max_pooling2d(x, 2, 2)
    a = tf.layers.AveragePooling2D(pool_size=(2, 2), strides=(2, 2), name="avg")(x)
    assert m.name == "max_pooling2d/MaxPool:0" and a.name == "avg/AvgPool:0"
    xv = np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1)
    mv, av = run_initialized([m, a], {x: xv})
    np.testing.assert_array_equal(mv[0, :, :, 0], [[5, 7], [13, 15]])
    np.testing.assert_array_equal(av[0, :, :, 0], [[2.5, 4.5], [10.5, 12.5]])


def test_flatten_with_unknown_dimensions():
    x = tf.placeholder(tf.float32, [None, None, 3])
    f = tf.layers.flatten(x)
    assert f.shape.as_list() == [None, None]
    assert [op.type for op in tf.get_default_graph().get_operations()][-1] == "Reshape"
    out = run_initialized(f, {x: np.ones((2, 5, 3), np.float32)})
    assert out.shape == (2, 15)


def test_flatten_channels_first_moves_channels_last():
    x = tf.placeholder(tf.float32, [None, 2, 3])
    f = tf.layers.flatten(x, data_format="channels_first")
    xv = np.arange(12, dtype=np.float32).reshape(2, 2, 3)
    np.testing.assert_array_equal(run_initialized(f, {x: xv}), xv.transpose(0, 2, 1).reshape(2, -1))


def test_conv2d_unknown_channels_raises_and_leaves_no_trace():
    x = tf.placeholder(tf.float32, [None, 8, 8, None])
    unchanged_after_failure(lambda: tf.layers.conv2d(x, 4, 3), ValueError,
                            "The channel dimension of the inputs should be defined. Found `None`.")


def test_conv2d_wrong_rank_raises():
    x = tf.placeholder(tf.float32, [None, 8, 3])
    unchanged_after_failure(lambda: tf.layers.conv2d(x, 4, 3), ValueError, "expected ndim=4, found ndim=3")


def test_bad_arguments_raise_value_errors():
    with pytest.raises(ValueError, match="The `kernel_size` argument must be a tuple of 2 integers"):
        tf.layers.Conv2D(4, (3, 3, 3))
    with pytest.raises(ValueError, match='The `padding` argument must be one of "valid", "same"'):
        tf.layers.Conv2D(4, 3, padding="full")
    with pytest.raises(ValueError, match='The `data_format` argument must be one of "channels_first"'):
        tf.layers.MaxPooling2D(2, 2, data_format="NHWC")
