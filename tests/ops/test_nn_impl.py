"""tf.nn.moments, l2_normalize, batch_normalization and embedding_lookup: graphs as TF builds them, values."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tfvars as tf


def _listing():
    return [(op.name, op.type, [t.name for t in op.inputs]) for op in tf.get_default_graph().get_operations()]


def _run(fetches, feed_dict=None):
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        return session.run(fetches, feed_dict)


def test_moments_graph():
    x = tf.placeholder(tf.float32, [None, 3])
    mean, variance = tf.nn.moments(x, [0])
    assert _listing()[1:] == [
        ("moments/mean/reduction_indices", "Const", []),
        ("moments/mean", "Mean", ["Placeholder:0", "moments/mean/reduction_indices:0"]),
        ("moments/StopGradient", "StopGradient", ["moments/mean:0"]),
        ("moments/SquaredDifference", "SquaredDifference", ["Placeholder:0", "moments/StopGradient:0"]),
        ("moments/variance/reduction_indices", "Const", []),
        ("moments/variance", "Mean", ["moments/SquaredDifference:0", "moments/variance/reduction_indices:0"]),
        ("moments/Squeeze", "Squeeze", ["moments/mean:0"]),
        ("moments/Squeeze_1", "Squeeze", ["moments/variance:0"]),
    ]
    assert mean.shape.as_list() == [3] and variance.shape.as_list() == [3]
    kept_mean, _ = tf.nn.moments(x, [0, 1], keep_dims=True)
    assert kept_mean.name == "moments_1/mean:0" and kept_mean.shape.as_list() == [1, 1]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=3), st.data(), st.booleans())
def test_moments_values(shape, data, keep_dims):
    tf.reset_default_graph()
    axes = sorted(data.draw(st.sets(st.integers(0, len(shape) - 1), min_size=1)))
    xv = np.random.RandomState(len(shape)).randn(*shape).astype(np.float64)
    mean, variance = _run(tf.nn.moments(tf.constant(xv), axes, keepdims=keep_dims))
    np.testing.assert_allclose(mean, xv.mean(tuple(axes), keepdims=keep_dims), atol=1e-12)
    np.testing.assert_allclose(variance, xv.var(tuple(axes), keepdims=keep_dims), atol=1e-12)


def test_moments_of_float16_computes_in_float32():
    mean, variance = tf.nn.moments(tf.constant([1., 2., 3.], tf.float16), [0])
    assert mean.dtype == tf.float16 and variance.dtype == tf.float16
    np.testing.assert_allclose(_run([mean, variance]), [2.0, 2 / 3], rtol=1e-3)


def test_l2_normalize_graph_and_values():
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.nn.l2_normalize(x, 1)
    z = tf.nn.l2_normalize(x, axis=[0, 1], epsilon=1e-3)
    assert [name for name, _, _ in _listing()[1:8]] == [
        "l2_normalize/Square", "l2_normalize/Sum/reduction_indices", "l2_normalize/Sum", "l2_normalize/Maximum/y",
        "l2_normalize/Maximum", "l2_normalize/Rsqrt", "l2_normalize"]
    assert y.op.type == "Mul" and z.name == "l2_normalize_1:0"
    xv = np.array([[3., 4., 0.], [0., 0., 0.]], np.float32)
    yv, zv = _run([y, z], {x: xv})
    np.testing.assert_allclose(yv, [[0.6, 0.8, 0.], [0., 0., 0.]], rtol=1e-6)
    np.testing.assert_allclose(zv, xv / 5, rtol=1e-6)
    with pytest.raises(ValueError, match="Cannot specify both 'dim' and 'axis'"):
        tf.nn.l2_normalize(x, axis=1, dim=1)


def test_batch_normalization_graph_and_values():
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.nn.batch_normalization(x, tf.zeros([3]), tf.ones([3]), None, None, 1e-3)
    assert [(name, kind) for name, kind, _ in _listing()[3:]] == [
        ("batchnorm/add/y", "Const"), ("batchnorm/add", "Add"), ("batchnorm/Rsqrt", "Rsqrt"),
        ("batchnorm/mul", "Mul"), ("batchnorm/Neg", "Neg"), ("batchnorm/mul_1", "Mul"), ("batchnorm/add_1", "Add")]
    mean, variance = np.array([1., 2., 3.], np.float32), np.array([1., 4., 9.], np.float32)
    offset, scale = np.array([0.5, 0., -1.], np.float32), np.array([2., 1., 0.5], np.float32)
    z = tf.nn.batch_normalization(x, mean, variance, offset, scale, 0.01, name="bn")
    assert z.name == "bn/add:0"  # variance + epsilon is numpy's sum here, not an op
    xv = np.random.RandomState(0).randn(4, 3).astype(np.float32)
    yv, zv = _run([y, z], {x: xv})
    np.testing.assert_allclose(yv, xv / np.sqrt(1.001), rtol=1e-5)
    np.testing.assert_allclose(zv, scale * (xv - mean) / np.sqrt(variance + 0.01) + offset, rtol=1e-5, atol=1e-6)


def test_embedding_lookup_one_tensor():
    params = tf.placeholder(tf.float32, [10, 4])
    ids = tf.placeholder(tf.int32, [None, 2])
    result = tf.nn.embedding_lookup(params, ids)
    assert _listing()[2:] == [
        ("embedding_lookup/axis", "Const", []),
        ("embedding_lookup", "GatherV2", ["Placeholder:0", "Placeholder_1:0", "embedding_lookup/axis:0"]),
        ("embedding_lookup/Identity", "Identity", ["embedding_lookup:0"]),
    ]
    assert result.shape.as_list() == [None, 2, 4]
    assert tf.get_default_graph().get_operation_by_name("embedding_lookup").get_attr("_class") == [
        b"loc:@Placeholder"]
    pv = np.arange(40, dtype=np.float32).reshape(10, 4)
    np.testing.assert_array_equal(_run(result, {params: pv, ids: [[0, 9], [4, 4]]}), pv[[[0, 9], [4, 4]]])


def test_embedding_lookup_of_a_variable_reads_it():
    table = tf.get_variable("table", initializer=tf.constant(np.eye(3, dtype=np.float32)))
    result = tf.nn.embedding_lookup(table, [2, 0])
    assert result.op.inputs[0].op.inputs[0].name == "table/read:0"
    np.testing.assert_array_equal(_run(result), np.eye(3)[[2, 0]])


@pytest.mark.parametrize("strategy, shards", [
    ("mod", lambda pv: [pv[0::3], pv[1::3], pv[2::3]]),
    ("div", lambda pv: [pv[0:4], pv[4:7], pv[7:10]]),
])
def test_embedding_lookup_sharded(strategy, shards):
    pv = np.arange(40, dtype=np.float32).reshape(10, 4)
    parts = [tf.placeholder(tf.float32, [None, 4]) for _ in range(3)]
    ids = tf.placeholder(tf.int32, [None, 2])
    result = tf.nn.embedding_lookup(parts, ids, partition_strategy=strategy)
    assert result.name == "embedding_lookup/Reshape_1:0" and result.shape.as_list() == [None, 2, 4]
    types = [op.type for op in tf.get_default_graph().get_operations()]
    assert types.count("DynamicPartition") == 2 and "ParallelDynamicStitch" in types
    feed = dict(zip(parts, shards(pv)))
    feed[ids] = [[0, 9], [5, 3], [7, 1]]
    np.testing.assert_array_equal(_run(result, feed), pv[feed[ids]])


def test_embedding_lookup_div_with_static_sizes_builds_tf_ops():
    parts = [tf.placeholder(tf.float32, [4, 4]), tf.placeholder(tf.float32, [3, 4]), tf.placeholder(tf.float32, [3, 4])]
    tf.nn.embedding_lookup(parts, tf.placeholder(tf.int32, [None]), partition_strategy="div")
    names = [op.name for op in tf.get_default_graph().get_operations()]
    start = names.index("embedding_lookup/Const")
    assert names[start:start + 6] == ["embedding_lookup/Const", "embedding_lookup/floordiv/y",
                                      "embedding_lookup/floordiv", "embedding_lookup/mod/y", "embedding_lookup/mod",
                                      "embedding_lookup/add/y"]


def test_embedding_lookup_bad_arguments():
    with pytest.raises(ValueError, match="Need at least one param"):
        tf.nn.embedding_lookup([], [0])
    with pytest.raises(ValueError, match="Unrecognized partition strategy: random"):
        tf.nn.embedding_lookup([tf.zeros([2, 2]), tf.zeros([2, 2])], [0], partition_strategy="random")


def test_xw_plus_b_and_relu_layer():
    x = tf.constant([[1., -2.]])
    weights = tf.constant([[1., 0.], [0., 1.]])
    biases = tf.constant([0.5, 0.5])
    affine = tf.nn.xw_plus_b(x, weights, biases)
    rectified = tf.nn.relu_layer(x, weights, biases)
    assert (affine.name, affine.op.type) == ("xw_plus_b:0", "BiasAdd")
    assert affine.op.inputs[0].name == "xw_plus_b/MatMul:0"
    assert (rectified.name, rectified.op.type) == ("relu_layer:0", "Relu")
    assert rectified.op.inputs[0].name == "relu_layer/BiasAdd:0"
    np.testing.assert_allclose(_run([affine, rectified]), [[[1.5, -1.5]], [[1.5, 0.]]])


def test_embedding_lookup_max_norm_clips_each_embedding():
    params = tf.placeholder(tf.float32, [10, 4])
    ids = tf.placeholder(tf.int32, [None, 2])
    result = tf.nn.embedding_lookup(params, ids, max_norm=1.0)
    assert result.name == "embedding_lookup/Identity:0"
    assert result.op.inputs[0].name == "embedding_lookup/clip_by_norm:0"
    pv = np.arange(40, dtype=np.float32).reshape(10, 4) / 40
    value = _run(result, {params: pv, ids: [[0, 9], [1, 2]]})
    rows = pv[[[0, 9], [1, 2]]]
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    np.testing.assert_allclose(value, rows / np.maximum(norms, 1.0), rtol=1e-5)
