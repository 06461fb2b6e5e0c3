"""tf.nn.conv2d_transpose (op Conv2DBackpropInput): names, shapes, values against TF's."""

import numpy as np
import pytest

import tfvars as tf

# tf.nn.conv2d_transpose of x = arange(96).reshape(2, 4, 4, 3) / 10 with f = arange(135).reshape(3, 3, 5, 3) / 100,
# strides 2, SAME, output [2, 8, 8, 5]: a few elements as the oracle computed them.
_SAME_SAMPLES = {(0, 0, 0, 0): 0.004999999888241291, (1, 7, 7, 4): 20.588001251220703, (0, 3, 5, 2): 3.821000099182129}


def _inputs():
    x = tf.placeholder(tf.float32, [2, 4, 4, 3])
    f = tf.constant(np.arange(135, dtype=np.float32).reshape(3, 3, 5, 3) / 100)
    return x, f, np.arange(96, dtype=np.float32).reshape(2, 4, 4, 3) / 10


def test_graph_and_static_shapes():
    x, f, _ = _inputs()
    y = tf.nn.conv2d_transpose(x, f, [2, 8, 8, 5], strides=2)
    y2 = tf.nn.conv2d_transpose(x, f, tf.constant([2, 9, 9, 5]), strides=[1, 2, 2, 1], padding="VALID")
    assert [(op.name, op.type) for op in tf.get_default_graph().get_operations()] == [
        ("Placeholder", "Placeholder"), ("Const", "Const"), ("conv2d_transpose/output_shape", "Const"),
        ("conv2d_transpose", "Conv2DBackpropInput"), ("Const_1", "Const"),
        ("conv2d_transpose_1", "Conv2DBackpropInput")]
    assert y.shape.as_list() == [2, 8, 8, 5] and y2.shape.as_list() == [2, 9, 9, 5]
    dynamic = tf.nn.conv2d_transpose(x, f, tf.placeholder(tf.int32, [4]), strides=2)
    assert dynamic.shape.as_list() == [None, None, None, None]


def test_values_as_tf_computes_them():
    x, f, xv = _inputs()
    y = tf.nn.conv2d_transpose(x, f, [2, 8, 8, 5], strides=2)
    with tf.Session() as session:
        value = session.run(y, {x: xv})
    for index, expected in _SAME_SAMPLES.items():
        np.testing.assert_allclose(value[index], expected, rtol=1e-5)


def test_nchw_matches_nhwc():
    x, f, xv = _inputs()
    nhwc = tf.nn.conv2d_transpose(x, f, [2, 8, 8, 5], strides=2)
    nchw = tf.nn.conv2d_transpose(tf.transpose(x, [0, 3, 1, 2]), f, [2, 5, 8, 8], strides=2, data_format="NCHW")
    with tf.Session() as session:
        a, b = session.run([nhwc, nchw], {x: xv})
    np.testing.assert_allclose(a, b.transpose(0, 2, 3, 1), rtol=1e-5)


def test_static_errors():
    x, f, _ = _inputs()
    with pytest.raises(ValueError, match="input channels does not match filter's input channels, 3 != 4"):
        tf.nn.conv2d_transpose(x, tf.zeros([3, 3, 5, 4]), [2, 8, 8, 5], strides=2)
    with pytest.raises(ValueError, match="output_shape does not match filter's output channels, 6 != 5"):
        tf.nn.conv2d_transpose(x, f, [2, 8, 8, 6], strides=2)
    with pytest.raises(ValueError, match=r"output_shape must have shape \(4,\), got \(3,\)"):
        tf.nn.conv2d_transpose(x, f, [2, 8, 8], strides=2)
    with pytest.raises(ValueError, match="padding must be either VALID or SAME"):
        tf.nn.conv2d_transpose(x, f, [2, 8, 8, 5], strides=2, padding="FULL")


def test_output_size_that_does_not_fit_fails_at_run_time():
    x, f, xv = _inputs()
    sizes = tf.placeholder(tf.int32, [4])
    y = tf.nn.conv2d_transpose(x, f, sizes, strides=2)
    with tf.Session() as session:
        with pytest.raises(tf.errors.InvalidArgumentError, match="Size of out_backprop doesn't match computed"):
            session.run(y, {x: xv, sizes: [2, 12, 12, 5]})
