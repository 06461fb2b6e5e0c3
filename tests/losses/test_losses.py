"""tf.losses: each loss's value against numpy, its op names, reductions, weights and the LOSSES collection."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tfvars as tf

Reduction = tf.losses.Reduction


def _run(fetches, feed_dict=None):
    with tf.Session() as session:
        return session.run(fetches, feed_dict)


def _collection(key=tf.GraphKeys.LOSSES):
    return [t.name for t in tf.get_collection(key)]


def _ops():
    return [(op.name, op.type, [c.name for c in op.control_inputs]) for op in tf.get_default_graph().get_operations()]


def _sigmoid_xent(labels, logits):
    return np.maximum(logits, 0) - logits * labels + np.log1p(np.exp(-np.abs(logits)))


def _softmax_xent(labels, logits):
    shifted = logits - logits.max(-1, keepdims=True)
    return -(labels * (shifted - np.log(np.exp(shifted).sum(-1, keepdims=True)))).sum(-1)


def test_mean_squared_error_graph_as_tf_builds_it():
    labels = tf.placeholder(tf.float32, [None, 3])
    predictions = tf.placeholder(tf.float32, [None, 3])
    loss = tf.losses.mean_squared_error(labels, predictions)
    check = "mean_squared_error/assert_broadcastable/static_scalar_check_success"
    assert _ops()[2:] == [
        ("mean_squared_error/SquaredDifference", "SquaredDifference", []),
        ("mean_squared_error/assert_broadcastable/weights", "Const", []),
        ("mean_squared_error/assert_broadcastable/weights/shape", "Const", []),
        ("mean_squared_error/assert_broadcastable/weights/rank", "Const", []),
        ("mean_squared_error/assert_broadcastable/values/shape", "Shape", []),
        ("mean_squared_error/assert_broadcastable/values/rank", "Const", []),
        (check, "NoOp", []),
        ("mean_squared_error/Cast/x", "Const", [check]),
        ("mean_squared_error/Mul", "Mul", []),
        ("mean_squared_error/Const", "Const", [check]),
        ("mean_squared_error/Sum", "Sum", []),
        ("mean_squared_error/num_present/Equal/y", "Const", [check]),
        ("mean_squared_error/num_present/Equal", "Equal", []),
        ("mean_squared_error/num_present/zeros_like", "Const", [check]),
        ("mean_squared_error/num_present/ones_like/Shape", "Const", [check]),
        ("mean_squared_error/num_present/ones_like/Const", "Const", [check]),
        ("mean_squared_error/num_present/ones_like", "Fill", []),
        ("mean_squared_error/num_present/Select", "Select", []),
        ("mean_squared_error/num_present/broadcast_weights/assert_broadcastable/weights/shape", "Const", [check]),
        ("mean_squared_error/num_present/broadcast_weights/assert_broadcastable/weights/rank", "Const", [check]),
        ("mean_squared_error/num_present/broadcast_weights/assert_broadcastable/values/shape", "Shape", [check]),
        ("mean_squared_error/num_present/broadcast_weights/assert_broadcastable/values/rank", "Const", [check]),
        ("mean_squared_error/num_present/broadcast_weights/assert_broadcastable/static_scalar_check_success", "NoOp",
         [check]),
        ("mean_squared_error/num_present/broadcast_weights/ones_like/Shape", "Shape",
         [check, "mean_squared_error/num_present/broadcast_weights/assert_broadcastable/static_scalar_check_success"]),
        ("mean_squared_error/num_present/broadcast_weights/ones_like/Const", "Const",
         [check, "mean_squared_error/num_present/broadcast_weights/assert_broadcastable/static_scalar_check_success"]),
        ("mean_squared_error/num_present/broadcast_weights/ones_like", "Fill", []),
        ("mean_squared_error/num_present/broadcast_weights", "Mul", []),
        ("mean_squared_error/num_present/Const", "Const", [check]),
        ("mean_squared_error/num_present", "Sum", []),
        ("mean_squared_error/Const_1", "Const", [check]),
        ("mean_squared_error/Sum_1", "Sum", []),
        ("mean_squared_error/value", "DivNoNan", []),
    ]
    assert loss.name == "mean_squared_error/value:0" and loss.shape.ndims == 0
    assert _collection() == ["mean_squared_error/value:0"]
    lv = np.array([[1, 2, 3], [4, 5, 6]], np.float32)
    pv = np.array([[1, 1, 1], [0, 0, 0]], np.float32)
    np.testing.assert_allclose(_run(loss, {labels: lv, predictions: pv}), np.mean((lv - pv) ** 2))


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.sampled_from(Reduction.all()), st.booleans())
def test_weighted_reductions_match_numpy(rows, cols, reduction, per_row_weights):
    tf.reset_default_graph()
    rng = np.random.RandomState(rows * 10 + cols)
    lv, pv = rng.randn(rows, cols).astype(np.float32), rng.randn(rows, cols).astype(np.float32)
    wv = (rng.randint(0, 3, (rows, 1)) if per_row_weights else np.array(2.0)).astype(np.float32)
    loss = tf.losses.absolute_difference(tf.constant(lv), tf.constant(pv), weights=tf.constant(wv),
                                         reduction=reduction)
    weighted = np.abs(pv - lv) * wv
    expected = {
        Reduction.NONE: weighted,
        Reduction.SUM: weighted.sum(),
        Reduction.MEAN: weighted.sum() / (np.ones_like(lv) * wv).sum() if (np.ones_like(lv) * wv).sum() else 0,
        Reduction.SUM_OVER_BATCH_SIZE: weighted.sum() / lv.size,
        Reduction.SUM_BY_NONZERO_WEIGHTS: (weighted.sum() / np.count_nonzero(np.broadcast_to(wv, lv.shape))
                                           if np.any(wv) else 0),
    }[reduction]
    np.testing.assert_allclose(_run(loss), expected, rtol=1e-5, atol=1e-6)
    assert _collection() == [loss.name]


def test_reduction_outputs_are_named_as_in_tf():
    labels, predictions = tf.constant([[1., 2.]]), tf.constant([[0., 0.]])
    names = [tf.losses.huber_loss(labels, predictions, reduction=Reduction.SUM).name,
             tf.losses.absolute_difference(labels, predictions, reduction=Reduction.NONE).name,
             tf.losses.log_loss(labels, predictions, reduction=Reduction.SUM_OVER_BATCH_SIZE).name,
             tf.losses.hinge_loss(labels, predictions).name,
             tf.losses.cosine_distance(labels, predictions, axis=1, reduction=Reduction.MEAN).name]
    assert names == ["huber_loss/Sum:0", "absolute_difference/Mul:0", "log_loss/value:0", "hinge_loss/value:0",
                     "cosine_distance_loss/value:0"]
    assert _collection() == names
    assert "log_loss/num_elements" in [op.name for op in tf.get_default_graph().get_operations()]


def test_elementwise_losses_match_numpy():
    rng = np.random.RandomState(3)
    lv = rng.rand(4, 3).astype(np.float32)
    pv = rng.rand(4, 3).astype(np.float32) * 0.9 + 0.05
    binary = (lv > 0.5).astype(np.float32)
    labels, predictions, zero_one = tf.constant(lv), tf.constant(pv), tf.constant(binary)
    fetches = [tf.losses.huber_loss(labels, predictions * 4, delta=1.0, reduction=Reduction.NONE),
               tf.losses.log_loss(labels, predictions, reduction=Reduction.NONE),
               tf.losses.hinge_loss(zero_one, predictions * 4 - 2, reduction=Reduction.NONE),
               tf.losses.cosine_distance(tf.nn.l2_normalize(labels, 1), tf.nn.l2_normalize(predictions, 1), axis=1,
                                         reduction=Reduction.NONE),
               tf.losses.sigmoid_cross_entropy(zero_one, predictions * 4 - 2, label_smoothing=0.2,
                                               reduction=Reduction.NONE)]
    huber, log, hinge, cosine, sigmoid = _run(fetches)
    error = np.abs(pv * 4 - lv)
    np.testing.assert_allclose(huber, np.where(error <= 1, 0.5 * error ** 2, error - 0.5), rtol=1e-5)
    np.testing.assert_allclose(log, -lv * np.log(pv + 1e-7) - (1 - lv) * np.log(1 - pv + 1e-7), rtol=1e-5)
    np.testing.assert_allclose(hinge, np.maximum(0, 1 - (2 * binary - 1) * (pv * 4 - 2)), rtol=1e-5, atol=1e-6)
    unit = lambda a: a / np.linalg.norm(a, axis=1, keepdims=True)  # noqa: E731
    np.testing.assert_allclose(cosine, 1 - (unit(lv) * unit(pv)).sum(1, keepdims=True), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(sigmoid, _sigmoid_xent(binary * 0.8 + 0.1, pv * 4 - 2), rtol=1e-5)


def test_softmax_cross_entropy_with_label_smoothing_and_weights():
    logits = np.array([[1., 2., 3.], [1., 0., -1.]], np.float32)
    onehot = np.array([[0, 0, 1], [1, 0, 0]], np.float32)
    loss = tf.losses.softmax_cross_entropy(tf.constant(onehot), tf.constant(logits), weights=[1., 3.],
                                           label_smoothing=0.3)
    smoothed = onehot * 0.7 + 0.1
    per_example = _softmax_xent(smoothed, logits)
    np.testing.assert_allclose(_run(loss), (per_example * [1, 3]).sum() / 2, rtol=1e-5)
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert "softmax_cross_entropy_loss/labels_stop_gradient" in names
    assert "softmax_cross_entropy_loss/xentropy" in names
    assert loss.name == "softmax_cross_entropy_loss/value:0"


def test_sparse_softmax_cross_entropy_squeezes_trailing_label_axis():
    logits = np.array([[1., 2., 3.], [1., 0., -1.]], np.float32)
    loss = tf.losses.sparse_softmax_cross_entropy(tf.constant([[2], [0]]), tf.constant(logits))
    assert loss.name == "sparse_softmax_cross_entropy_loss/value:0"
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert "sparse_softmax_cross_entropy_loss/remove_squeezable_dimensions/Squeeze" in names
    assert "sparse_softmax_cross_entropy_loss/Const" in names
    expected = _softmax_xent(np.eye(3)[[2, 0]], logits).mean()
    np.testing.assert_allclose(_run(loss), expected, rtol=1e-5)


def test_sparse_softmax_cross_entropy_with_unknown_ranks_uses_conds():
    labels = tf.placeholder(tf.int32)
    logits = tf.placeholder(tf.float32)
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits, reduction=Reduction.SUM)
    value = _run(loss, {labels: [[1], [0]], logits: [[0., 1.], [2., 0.]]})
    np.testing.assert_allclose(value, _softmax_xent(np.eye(2)[[1, 0]], np.array([[0., 1.], [2., 0.]])).sum(),
                               rtol=1e-5)


def test_weights_that_cannot_broadcast_raise_and_leave_no_trace():
    losses = tf.constant(np.ones((2, 3), np.float32))
    square, vector = tf.constant(np.ones((2, 2), np.float32)), tf.constant([1., 2.])
    before = _ops()
    with pytest.raises(ValueError, match=r"weights can not be broadcast to values. Mismatch at dim 1"):
        tf.losses.compute_weighted_loss(losses, weights=square)
    with pytest.raises(ValueError, match=r"values.rank=2. weights.rank=1"):
        tf.losses.compute_weighted_loss(losses, weights=vector)
    assert _ops() == before and _collection() == []


def test_incompatible_shapes_and_bad_arguments_raise():
    with pytest.raises(ValueError, match=r"Shapes \(3,\) and \(2,\) are incompatible"):
        tf.losses.mean_squared_error(tf.constant([1., 2.]), tf.constant([1., 2., 3.]))
    with pytest.raises(ValueError, match="labels must not be None"):
        tf.losses.mean_squared_error(None, tf.constant([1.]))
    with pytest.raises(ValueError, match="You must specify 'axis'"):
        tf.losses.cosine_distance(tf.constant([1.]), tf.constant([1.]))
    with pytest.raises(ValueError, match="Invalid Reduction Key"):
        tf.losses.compute_weighted_loss(tf.constant([1.]), reduction="average")


def test_loss_collection_none_keeps_the_loss_out_of_losses():
    tf.losses.mean_squared_error(tf.constant([1.]), tf.constant([2.]), loss_collection=None)
    assert _collection() == []


def test_dynamic_weights_shapes_build_without_an_assertion():
    weights = tf.placeholder(tf.float32, [None, 1])
    loss = tf.losses.mean_squared_error(tf.constant([[1., 2.], [3., 4.]]), tf.constant([[0., 0.], [0., 0.]]),
                                        weights=weights)
    np.testing.assert_allclose(_run(loss, {weights: [[1.], [0.]]}), 2.5)
