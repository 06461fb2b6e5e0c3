"""tf.layers.batch_normalization and tf.layers.dropout: variables, UPDATE_OPS, training as bool or tensor."""

import numpy as np
import pytest

import tfvars as tf
from layers_testing import collection_names, names, non_initializer_ops, run_initialized, unchanged_after_failure

_VARIABLES = ["batch_normalization/gamma:0", "batch_normalization/beta:0", "batch_normalization/moving_mean:0",
              "batch_normalization/moving_variance:0"]


def test_training_builds_moments_and_two_moving_average_updates():
    x = tf.placeholder(tf.float32, [None, 4])
    y = tf.layers.batch_normalization(x, training=True)
    assert collection_names(tf.GraphKeys.GLOBAL_VARIABLES) == _VARIABLES
    assert collection_names(tf.GraphKeys.TRAINABLE_VARIABLES) == _VARIABLES[:2]
    assert collection_names(tf.GraphKeys.UPDATE_OPS) == ["batch_normalization/AssignMovingAvg",
                                                         "batch_normalization/AssignMovingAvg_1"]
    listed = non_initializer_ops()
    start = listed.index(("batch_normalization/moments/mean/reduction_indices", "Const"))
    assert listed[start:] == [
        ("batch_normalization/moments/mean/reduction_indices", "Const"),
        ("batch_normalization/moments/mean", "Mean"),
        ("batch_normalization/moments/StopGradient", "StopGradient"),
        ("batch_normalization/moments/SquaredDifference", "SquaredDifference"),
        ("batch_normalization/moments/variance/reduction_indices", "Const"),
        ("batch_normalization/moments/variance", "Mean"),
        ("batch_normalization/moments/Squeeze", "Squeeze"),
        ("batch_normalization/moments/Squeeze_1", "Squeeze"),
        ("batch_normalization/AssignMovingAvg/decay", "Const"),
        ("batch_normalization/AssignMovingAvg/sub", "Sub"),
        ("batch_normalization/AssignMovingAvg/mul", "Mul"),
        ("batch_normalization/AssignMovingAvg", "AssignSub"),
        ("batch_normalization/AssignMovingAvg_1/decay", "Const"),
        ("batch_normalization/AssignMovingAvg_1/sub", "Sub"),
        ("batch_normalization/AssignMovingAvg_1/mul", "Mul"),
        ("batch_normalization/AssignMovingAvg_1", "AssignSub"),
        ("batch_normalization/batchnorm/add/y", "Const"),
        ("batch_normalization/batchnorm/add", "Add"),
        ("batch_normalization/batchnorm/Rsqrt", "Rsqrt"),
        ("batch_normalization/batchnorm/mul", "Mul"),
        ("batch_normalization/batchnorm/mul_1", "Mul"),
        ("batch_normalization/batchnorm/mul_2", "Mul"),
        ("batch_normalization/batchnorm/sub", "Sub"),
        ("batch_normalization/batchnorm/add_1", "Add"),
    ]
    assert y.name == "batch_normalization/batchnorm/add_1:0" and y.shape.as_list() == [None, 4]
    ops = [op.name for op in tf.get_default_graph().get_operations()]
    assert "batch_normalization/gamma/Initializer/ones" in ops
    assert "batch_normalization/moving_variance/Initializer/ones" in ops


def test_inference_uses_the_moving_statistics_and_builds_no_update():
    x = tf.placeholder(tf.float32, [None, 4])
    layer = tf.layers.BatchNormalization()
    y = layer(x)
    assert collection_names(tf.GraphKeys.UPDATE_OPS) == [] and layer.updates == []
    assert y.op.inputs[1].op.inputs[1].op.inputs[0].name == "batch_normalization/moving_mean/read:0"
    assert names(layer.trainable_weights) == _VARIABLES[:2]
    assert names(layer.non_trainable_weights) == _VARIABLES[2:]


def test_training_updates_moving_averages_and_normalizes_by_batch_statistics():
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.layers.batch_normalization(x, training=True, momentum=0.9, epsilon=1e-3)
    xv = np.random.RandomState(0).randn(6, 3).astype(np.float32) * 2 + 1
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        out, _ = session.run([y, tf.get_collection(tf.GraphKeys.UPDATE_OPS)], {x: xv})
        mean, variance = session.run(_VARIABLES[2:])
    np.testing.assert_allclose(out, (xv - xv.mean(0)) / np.sqrt(xv.var(0) + 1e-3), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(mean, 0.1 * xv.mean(0), rtol=1e-5)
    np.testing.assert_allclose(variance, 0.9 + 0.1 * xv.var(0), rtol=1e-5)


def test_training_tensor_builds_conds_and_updates_only_when_true():
    x = tf.placeholder(tf.float32, [None, 2])
    training = tf.placeholder(tf.bool, [])
    y = tf.layers.batch_normalization(x, training=training, momentum=0.5)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    assert names(updates) == ["batch_normalization/cond_2/Merge", "batch_normalization/cond_3/Merge"]
    xv = np.array([[1., 2.], [3., 6.]], np.float32)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        inferred, _ = session.run([y, updates], {x: xv, training: False})
        np.testing.assert_allclose(inferred, xv / np.sqrt(1 + 1e-3), rtol=1e-5)
        np.testing.assert_allclose(session.run(_VARIABLES[2]), [0, 0])
        trained, _ = session.run([y, updates], {x: xv, training: True})
        np.testing.assert_allclose(trained, (xv - xv.mean(0)) / np.sqrt(xv.var(0) + 1e-3), rtol=1e-5)
        np.testing.assert_allclose(session.run(_VARIABLES[2]), 0.5 * xv.mean(0))


def test_four_dimensional_inputs_channels_first_and_no_center():
    x = tf.placeholder(tf.float32, [None, 3, 2, 2])
    y = tf.layers.batch_normalization(x, axis=1, training=True, center=False)
    assert collection_names(tf.GraphKeys.GLOBAL_VARIABLES) == [_VARIABLES[0]] + _VARIABLES[2:]
    xv = np.random.RandomState(2).randn(4, 3, 2, 2).astype(np.float32)
    out = run_initialized(y, {x: xv})
    mean = xv.mean(axis=(0, 2, 3), keepdims=True)
    variance = xv.var(axis=(0, 2, 3), keepdims=True)
    np.testing.assert_allclose(out, (xv - mean) / np.sqrt(variance + 1e-3), rtol=1e-4, atol=1e-5)


def test_reuse_by_name_shares_all_four_variables():
    x = tf.placeholder(tf.float32, [None, 4])
    tf.layers.batch_normalization(x, training=True, name="bn")
    tf.layers.batch_normalization(x, training=True, name="bn", reuse=True)
    assert collection_names(tf.GraphKeys.GLOBAL_VARIABLES) == [v.replace("batch_normalization", "bn")
                                                               for v in _VARIABLES]
    assert collection_names(tf.GraphKeys.UPDATE_OPS) == ["bn/AssignMovingAvg", "bn/AssignMovingAvg_1",
                                                         "bn_1/AssignMovingAvg", "bn_1/AssignMovingAvg_1"]


def test_undefined_axis_dimension_and_bad_axis_raise():
    x = tf.placeholder(tf.float32, [None, None])
    unchanged_after_failure(lambda: tf.layers.batch_normalization(x), ValueError, "Input has undefined `axis`")
    y = tf.placeholder(tf.float32, [None, 3])
    unchanged_after_failure(lambda: tf.layers.batch_normalization(y, axis=2), ValueError, "Invalid axis: 2")


def test_dropout_identity_when_not_training():
    x = tf.placeholder(tf.float32, [None, 4])
    y = tf.layers.dropout(x, 0.3)
    assert y.name == "dropout/Identity:0" and y.op.type == "Identity"


def test_dropout_training_true_scales_kept_elements():
    x = tf.placeholder(tf.float32, [None, 100])
    y = tf.layers.dropout(x, 0.5, training=True, seed=1)
    assert y.name.startswith("dropout/dropout/")
    xv = np.ones((4, 100), np.float32)
    out = run_initialized(y, {x: xv})
    assert set(np.unique(out)) <= {0.0, 2.0} and 0 < np.count_nonzero(out) < out.size


def test_dropout_training_tensor_builds_a_cond():
    x = tf.placeholder(tf.float32, [None, 50])
    training = tf.placeholder(tf.bool, [])
    y = tf.layers.dropout(x, 0.5, training=training)
    assert y.name == "dropout/cond/Merge:0"
    xv = np.ones((2, 50), np.float32)
    with tf.Session() as session:
        np.testing.assert_array_equal(session.run(y, {x: xv, training: False}), xv)
        assert set(np.unique(session.run(y, {x: xv, training: True}))) <= {0.0, 2.0}


def test_dropout_noise_shape_with_none_takes_the_input_size():
    x = tf.placeholder(tf.float32, [None, 30])
    y = tf.layers.Dropout(0.5, noise_shape=[None, 1], seed=3)(x, training=True)
    out = run_initialized(y, {x: np.ones((20, 30), np.float32)})
    assert all(len(set(row)) == 1 for row in out)  # whole rows kept or dropped together


def test_layer_without_variables_still_takes_unique_name_scopes():
    x = tf.placeholder(tf.float32, [None, 4])
    tf.layers.dropout(x)
    tf.layers.dropout(x)
    assert [op.name for op in tf.get_default_graph().get_operations()][1:] == ["dropout/Identity",
                                                                               "dropout_1/Identity"]


def test_unsupported_options_raise():
    with pytest.raises(ValueError, match="renorm"):
        tf.layers.BatchNormalization(renorm=True)


def test_four_dimensional_inputs_use_one_fused_op():
    x = tf.placeholder(tf.float32, [None, 5, 5, 3])
    y = tf.layers.batch_normalization(x, training=True)
    assert y.name == "batch_normalization/FusedBatchNormV3:0"
    listed = non_initializer_ops()
    start = listed.index(("batch_normalization/Const", "Const"))
    assert listed[start:] == [
        ("batch_normalization/Const", "Const"), ("batch_normalization/Const_1", "Const"),
        ("batch_normalization/FusedBatchNormV3", "FusedBatchNormV3"), ("batch_normalization/Const_2", "Const"),
        ("batch_normalization/AssignMovingAvg/sub/x", "Const"), ("batch_normalization/AssignMovingAvg/sub", "Sub"),
        ("batch_normalization/AssignMovingAvg/sub_1", "Sub"), ("batch_normalization/AssignMovingAvg/mul", "Mul"),
        ("batch_normalization/AssignMovingAvg", "AssignSub"),
        ("batch_normalization/AssignMovingAvg_1/sub/x", "Const"),
        ("batch_normalization/AssignMovingAvg_1/sub", "Sub"), ("batch_normalization/AssignMovingAvg_1/sub_1", "Sub"),
        ("batch_normalization/AssignMovingAvg_1/mul", "Mul"), ("batch_normalization/AssignMovingAvg_1", "AssignSub"),
    ]
    assert collection_names(tf.GraphKeys.UPDATE_OPS) == ["batch_normalization/AssignMovingAvg",
                                                         "batch_normalization/AssignMovingAvg_1"]


def test_fused_training_updates_the_moving_variance_with_the_unbiased_variance():
    x = tf.placeholder(tf.float32, [None, 2, 2, 3])
    y = tf.layers.batch_normalization(x, training=True, momentum=0.5)
    xv = np.random.RandomState(4).randn(2, 2, 2, 3).astype(np.float32)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        out, _ = session.run([y, tf.get_collection(tf.GraphKeys.UPDATE_OPS)], {x: xv})
        mean, variance = session.run(_VARIABLES[2:])
    flat = xv.reshape(-1, 3)
    np.testing.assert_allclose(out, (xv - flat.mean(0)) / np.sqrt(flat.var(0) + 1e-3), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(mean, 0.5 * flat.mean(0), rtol=1e-5)
    np.testing.assert_allclose(variance, 0.5 + 0.5 * flat.var(0, ddof=1), rtol=1e-5)


def test_fused_with_a_training_tensor_updates_only_when_training():
    x = tf.placeholder(tf.float32, [None, 3, 2, 2])
    training = tf.placeholder(tf.bool, [])
    y = tf.layers.batch_normalization(x, axis=1, training=training, momentum=0.5, center=False)
    assert y.name == "batch_normalization/cond/Merge:0"
    xv = np.random.RandomState(5).randn(2, 3, 2, 2).astype(np.float32)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        inferred, _ = session.run([y, updates], {x: xv, training: False})
        np.testing.assert_allclose(inferred, xv / np.sqrt(1 + 1e-3), rtol=1e-5)
        np.testing.assert_allclose(session.run(_VARIABLES[2]), np.zeros(3))
        session.run(updates, {x: xv, training: True})
        np.testing.assert_allclose(session.run(_VARIABLES[2]), 0.5 * xv.mean(axis=(0, 2, 3)), rtol=1e-5)


def test_fused_true_on_two_dimensional_inputs_raises():
    x = tf.placeholder(tf.float32, [None, 3])
    unchanged_after_failure(lambda: tf.layers.batch_normalization(x, fused=True), ValueError,
                            "fused=True only support 4D input tensors")


def test_nn_fused_batch_norm_graph_and_values():
    x = tf.placeholder(tf.float32, [None, 2, 2, 3])
    y, mean, variance = tf.nn.fused_batch_norm(x, tf.ones([3]), tf.zeros([3]))
    assert [(op.name, op.type) for op in tf.get_default_graph().get_operations()][3:] == [
        ("Const", "Const"), ("Const_1", "Const"), ("FusedBatchNormV3", "FusedBatchNormV3")]
    assert mean.shape.as_list() == [3] and y.shape.as_list() == [None, 2, 2, 3]
    xv = np.random.RandomState(6).randn(3, 2, 2, 3).astype(np.float32)
    with tf.Session() as session:
        yv, mv, vv = session.run([y, mean, variance], {x: xv})
    flat = xv.reshape(-1, 3)
    np.testing.assert_allclose(mv, flat.mean(0), rtol=1e-5)
    np.testing.assert_allclose(vv, flat.var(0, ddof=1), rtol=1e-5)
    np.testing.assert_allclose(yv, (xv - flat.mean(0)) / np.sqrt(flat.var(0) + 1e-3), rtol=1e-4, atol=1e-5)
