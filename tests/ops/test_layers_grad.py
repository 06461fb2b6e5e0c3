"""Gradients of DivNoNan, FusedBatchNormV3 and DynamicPartition (values checked against TF's)."""

import numpy as np
import pytest

import tfvars as tf


def _run(fetches):
    with tf.Session() as session:
        return session.run(fetches)


def test_div_no_nan_gradients_as_tf_computes_them():
    a, b = tf.constant([1., 2., 3.]), tf.constant([2., 0., 4.])
    grads = tf.gradients(tf.reduce_sum(tf.div_no_nan(a, b) * tf.constant([1., 2., 3.])), [a, b])
    da, db = _run(grads)
    np.testing.assert_allclose(da, [0.5, 0., 0.75])
    np.testing.assert_allclose(db, [-0.25, 0., -0.5625])


def test_dynamic_partition_gradient_stitches_back():
    data = tf.constant([[1., 2.], [3., 4.], [5., 6.]])
    parts = tf.dynamic_partition(data, tf.constant([1, 0, 1]), 2)
    grad, = tf.gradients(tf.reduce_sum(parts[0] * 2.0) + tf.reduce_sum(parts[1] * 3.0), [data])
    np.testing.assert_array_equal(_run(grad), [[3., 3.], [2., 2.], [3., 3.]])


@pytest.mark.parametrize("data_format", ["NHWC", "NCHW"])
@pytest.mark.parametrize("is_training", [True, False])
def test_fused_batch_norm_gradients_match_the_composite_ops(data_format, is_training):
    rng = np.random.RandomState(7)
    xv = rng.randn(2, 3, 2, 3).astype(np.float32)
    weights = tf.constant(rng.randn(2, 3, 2, 3).astype(np.float32))
    x = tf.constant(xv)
    scale, offset = tf.constant([1.5, 0.5, 2.0]), tf.constant([0.1, 0.2, 0.3])
    axes, shape = ([0, 1, 2], [1, 1, 1, 3]) if data_format == "NHWC" else ([0, 2, 3], [1, 3, 1, 1])
    if is_training:
        y, _, _ = tf.nn.fused_batch_norm(x, scale, offset, epsilon=0.001, data_format=data_format)
        mean, variance = tf.nn.moments(x, axes, keep_dims=True)
    else:
        mean_v, variance_v = tf.constant([0.1, 0.0, -0.2]), tf.constant([1., 2., 0.5])
        y, _, _ = tf.nn.fused_batch_norm(x, scale, offset, mean=mean_v, variance=variance_v, epsilon=0.001,
                                         data_format=data_format, is_training=False)
        mean, variance = tf.reshape(mean_v, shape), tf.reshape(variance_v, shape)
    composite = tf.nn.batch_normalization(x, mean, variance, tf.reshape(offset, shape), tf.reshape(scale, shape),
                                          0.001)
    fused_grads = tf.gradients(tf.reduce_sum(y * weights), [x, scale, offset])
    composite_grads = tf.gradients(tf.reduce_sum(composite * weights), [x, scale, offset])
    assert fused_grads[0].op.type in ("FusedBatchNormGradV3", "Transpose")
    for fused, expected in zip(_run(fused_grads), _run(composite_grads)):
        np.testing.assert_allclose(fused, expected, rtol=1e-4, atol=1e-5)


def test_fused_batch_norm_training_gradient_values_as_tf_computes_them():
    rng = np.random.RandomState(7)
    x = tf.constant(rng.randn(2, 3, 2, 3).astype(np.float32))
    weights = tf.constant(rng.randn(2, 3, 2, 3).astype(np.float32))
    scale, offset = tf.constant([1.5, 0.5, 2.0]), tf.constant([0.1, 0.2, 0.3])
    y, _, _ = tf.nn.fused_batch_norm(x, scale, offset, epsilon=0.001)
    dx, dscale, doffset = _run(tf.gradients(tf.reduce_sum(y * weights), [x, scale, offset]))
    np.testing.assert_allclose(dscale, [-7.148697, -1.814964, -1.668586], rtol=1e-5)
    np.testing.assert_allclose(doffset, [-2.935565, -0.7366, 2.475853], rtol=1e-5)
    np.testing.assert_allclose(dx[0, 0, 0], [1.031372e-01, 7.647617e-01, 3.184811e+00], rtol=1e-4)


def test_one_hot_is_not_differentiable():
    indices = tf.constant([0, 1])
    assert tf.gradients(tf.reduce_sum(tf.one_hot(indices, 2)), [indices]) == [None]
