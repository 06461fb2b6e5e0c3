"""tf.metrics: values against numpy over several update calls, variables, collections and op names (checked
against TensorFlow's compat.v1 metrics)."""

import numpy as np
import pytest

import tfvars as tf


def _run_updates(metric, batches, placeholders):
    """Runs `metric`'s update op once per batch; returns (update results, final value)."""
    value, update_op = metric
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        updates = [sess.run(update_op, dict(zip(placeholders, batch))) for batch in batches]
        return updates, sess.run(value)


def _batches(seed, count=3, size=20):
    rng = np.random.RandomState(seed)
    return [(rng.randint(0, 2, size), rng.rand(size).astype(np.float32), rng.rand(size).astype(np.float32))
            for _ in range(count)]


@pytest.fixture
def inputs():
    return (tf.placeholder(tf.int32, [None], name="labels"), tf.placeholder(tf.float32, [None], name="scores"),
            tf.placeholder(tf.float32, [None], name="weights"))


def test_accuracy_variables_collections_and_names():
    acc, update = tf.metrics.accuracy([1, 2, 3], [1, 2, 0])
    assert (acc.name, update.name) == ("accuracy/value:0", "accuracy/update_op:0")
    assert acc.op.type == update.op.type == "DivNoNan"
    names = ["accuracy/total:0", "accuracy/count:0"]
    assert [v.name for v in tf.local_variables()] == names
    assert [v.name for v in tf.get_collection(tf.GraphKeys.METRIC_VARIABLES)] == names
    assert tf.trainable_variables() == [] and tf.global_variables() == []
    update_ops = [op.name for op in tf.get_default_graph().get_operations() if op.type == "AssignAdd"]
    assert update_ops == ["accuracy/AssignAdd", "accuracy/AssignAdd_1"]


def test_metric_needs_local_variables_initializer():
    _, update = tf.metrics.mean([1.0, 2.0])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(tf.errors.FailedPreconditionError):
            sess.run(update)


def test_collections_and_name_arguments():
    value, update = tf.metrics.mean([1.0], metrics_collections=["m"], updates_collections=["u"], name="my")
    assert tf.get_collection("m") == [value] and tf.get_collection("u") == [update]
    assert value.name == "my/value:0"


def test_mean_and_accuracy_weighted_over_updates(inputs):
    labels, scores, weights = inputs
    batches = _batches(0)
    updates, value = _run_updates(tf.metrics.mean(scores, weights=weights), batches, inputs)
    all_scores = np.concatenate([b[1] for b in batches])
    all_weights = np.concatenate([b[2] for b in batches])
    np.testing.assert_allclose(value, np.sum(all_scores * all_weights) / np.sum(all_weights), rtol=1e-5)
    first = batches[0]
    np.testing.assert_allclose(updates[0], np.sum(first[1] * first[2]) / np.sum(first[2]), rtol=1e-5)
    tf.reset_default_graph()
    labels, scores, weights = inputs = (tf.placeholder(tf.int32, [None]), tf.placeholder(tf.float32, [None]),
                                        tf.placeholder(tf.float32, [None]))
    predictions = tf.cast(scores > 0.5, tf.int32)
    _, value = _run_updates(tf.metrics.accuracy(labels, predictions, weights=weights), batches, inputs)
    correct = np.concatenate([(b[1] > 0.5).astype(int) == b[0] for b in batches])
    np.testing.assert_allclose(value, np.sum(correct * all_weights) / np.sum(all_weights), rtol=1e-5)


def test_regression_errors(inputs):
    labels, scores, _ = inputs
    batches = _batches(1)
    float_labels = tf.cast(labels, tf.float32)
    metrics = {"mse": tf.metrics.mean_squared_error(float_labels, scores),
               "rmse": tf.metrics.root_mean_squared_error(float_labels, scores),
               "mae": tf.metrics.mean_absolute_error(float_labels, scores)}
    errors = np.concatenate([b[1] - b[0] for b in batches])
    expected = {"mse": np.mean(errors ** 2), "rmse": np.sqrt(np.mean(errors ** 2)), "mae": np.mean(np.abs(errors))}
    for key, metric in metrics.items():
        _, value = _run_updates(metric, batches, inputs)
        np.testing.assert_allclose(value, expected[key], rtol=1e-5)
    assert metrics["rmse"][0].op.type == "Sqrt"
    assert "root_mean_squared_error/total:0" in [v.name for v in tf.local_variables()]


def test_counts_precision_and_recall(inputs):
    labels, scores, weights = inputs
    batches = _batches(2)
    predicted = scores > 0.5
    metrics = {"tp": tf.metrics.true_positives(labels, predicted, weights=weights),
               "fp": tf.metrics.false_positives(labels, predicted, weights=weights),
               "tn": tf.metrics.true_negatives(labels, predicted, weights=weights),
               "fn": tf.metrics.false_negatives(labels, predicted, weights=weights),
               "precision": tf.metrics.precision(labels, predicted, weights=weights),
               "recall": tf.metrics.recall(labels, predicted, weights=weights)}
    y = np.concatenate([b[0] for b in batches]).astype(bool)
    p = np.concatenate([b[1] > 0.5 for b in batches])
    w = np.concatenate([b[2] for b in batches])
    tp, fp, tn, fn = (np.sum(w * (y & p)), np.sum(w * (~y & p)), np.sum(w * (~y & ~p)), np.sum(w * (y & ~p)))
    expected = {"tp": tp, "fp": fp, "tn": tn, "fn": fn, "precision": tp / (tp + fp), "recall": tp / (tp + fn)}
    for key, metric in metrics.items():
        _, value = _run_updates(metric, batches, inputs)
        np.testing.assert_allclose(value, expected[key], rtol=1e-5)
    local_names = [v.name for v in tf.local_variables()]
    assert "true_positives/count:0" in local_names
    assert "precision/true_positives/count:0" in local_names and "recall/false_negatives/count:0" in local_names
    assert metrics["precision"][0].op.type == "Select"


def test_precision_is_zero_before_any_positive():
    value, _ = tf.metrics.precision([True], [False])
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert sess.run(value) == 0.0


def _numpy_roc_auc(y, scores, num_thresholds=200):
    """TF's discretized ROC AUC: trapezoids between thresholds, with TF's epsilons."""
    thresholds = np.array([-1e-7] + [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
                          + [1 + 1e-7], np.float32)
    above = scores[None, :] > thresholds[:, None]
    tp = np.sum(above & y, 1).astype(np.float64)
    fn = np.sum(~above & y, 1)
    fp = np.sum(above & ~y, 1)
    tn = np.sum(~above & ~y, 1)
    tpr = (tp + 1e-6) / (tp + fn + 1e-6)
    fpr = fp / (fp + tn + 1e-6)
    return np.sum((fpr[:-1] - fpr[1:]) * (tpr[:-1] + tpr[1:]) / 2)


def test_auc_roc_matches_numpy_and_exact_auc(inputs):
    labels, scores, _ = inputs
    batches = _batches(3, count=4, size=50)
    metric = tf.metrics.auc(labels, scores)
    _, value = _run_updates(metric, batches, inputs)
    y = np.concatenate([b[0] for b in batches]).astype(bool)
    s = np.concatenate([b[1] for b in batches])
    np.testing.assert_allclose(value, _numpy_roc_auc(y, s), rtol=1e-4)
    pairs = s[y][:, None] > s[~y][None, :]
    assert abs(value - pairs.mean()) < 0.02  # the discretized AUC approximates the exact one
    assert [v.name for v in tf.local_variables()] == [
        "auc/true_positives:0", "auc/false_negatives:0", "auc/true_negatives:0", "auc/false_positives:0"]
    assert tf.local_variables()[0].shape.as_list() == [200]


def test_auc_values_checked_against_tensorflow():
    # Values computed by TensorFlow's tf.compat.v1.metrics on the same inputs.
    labels = tf.constant([1, 0, 1, 1, 0, 0, 1])
    scores = tf.constant([0.9, 0.2, 0.4, 0.7, 0.6, 0.1, 0.35])
    weights = tf.constant([1., 2., 3., 4., 1., 1., 2.])
    roc = tf.metrics.auc(labels, scores, num_thresholds=5)
    pr = tf.metrics.auc(labels, scores, weights=weights, curve="PR", summation_method="careful_interpolation")
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        sess.run([roc[1], pr[1]])
        np.testing.assert_allclose(sess.run([roc[0], pr[0]]), [0.7916665, 0.93938637], rtol=1e-5)


def test_auc_rejects_unknown_curve_and_leaves_no_trace():
    before = tf.get_default_graph().get_operations()
    with pytest.raises(ValueError, match="ROC or PR"):
        tf.metrics.auc([1], [0.5], curve="XY")
    assert tf.get_default_graph().get_operations() == before and tf.local_variables() == []


def test_auc_checks_prediction_range_when_run():
    _, update = tf.metrics.auc([1, 0], [0.5, 1.5])
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"predictions must be in \[0, 1\]"):
            sess.run(update)


def test_at_thresholds(inputs):
    labels, scores, _ = inputs
    batches = _batches(4)
    thresholds = [0.2, 0.5, 0.8]
    y = np.concatenate([b[0] for b in batches]).astype(bool)
    s = np.concatenate([b[1] for b in batches])
    above = s[None, :] > np.array(thresholds, np.float32)[:, None]
    tp, fp, fn = np.sum(above & y, 1), np.sum(above & ~y, 1), np.sum(~above & y, 1)
    cases = [(tf.metrics.precision_at_thresholds(labels, scores, thresholds), tp / (tp + fp + 1e-7)),
             (tf.metrics.recall_at_thresholds(labels, scores, thresholds), tp / (tp + fn + 1e-7)),
             (tf.metrics.true_positives_at_thresholds(labels, scores, thresholds), tp),
             (tf.metrics.false_positives_at_thresholds(labels, scores, thresholds), fp),
             (tf.metrics.false_negatives_at_thresholds(labels, scores, thresholds), fn)]
    for metric, expected in cases:
        _, value = _run_updates(metric, batches, inputs)
        np.testing.assert_allclose(value, expected, rtol=1e-5)
    assert cases[0][0][0].name == "precision_at_thresholds/precision_value:0"


def test_mean_iou_and_mean_per_class_accuracy():
    labels = tf.placeholder(tf.int32, [None])
    predictions = tf.placeholder(tf.int32, [None])
    rng = np.random.RandomState(5)
    batches = [(rng.randint(0, 4, 30), rng.randint(0, 4, 30)) for _ in range(3)]
    y = np.concatenate([b[0] for b in batches])
    p = np.concatenate([b[1] for b in batches])
    cm = np.zeros((4, 4))
    np.add.at(cm, (y, p), 1)
    iou = np.diag(cm) / (cm.sum(0) + cm.sum(1) - np.diag(cm))
    updates, value = _run_updates(tf.metrics.mean_iou(labels, predictions, 4), batches, (labels, predictions))
    np.testing.assert_allclose(value, iou.mean(), rtol=1e-5)
    np.testing.assert_allclose(updates[-1], cm)
    assert tf.local_variables()[0].name == "mean_iou/total_confusion_matrix:0"
    assert tf.local_variables()[0].dtype == tf.float64_ref
    tf.reset_default_graph()
    labels = tf.placeholder(tf.int32, [None])
    predictions = tf.placeholder(tf.int32, [None])
    _, value = _run_updates(tf.metrics.mean_per_class_accuracy(labels, predictions, 4), batches,
                            (labels, predictions))
    np.testing.assert_allclose(value, np.mean(np.diag(cm) / cm.sum(1)), rtol=1e-5)
    assert [v.name for v in tf.local_variables()] == ["mean_accuracy/total:0", "mean_accuracy/count:0"]


def test_confusion_matrix():
    cm = tf.confusion_matrix([0, 1, 2, 1], [0, 2, 2, 1], num_classes=4, weights=[1, 2, 3, 4])
    with tf.Session() as sess:
        expected = np.zeros((4, 4), np.int32)
        expected[0, 0], expected[1, 2], expected[2, 2], expected[1, 1] = 1, 2, 3, 4
        np.testing.assert_array_equal(sess.run(cm), expected)
        with pytest.raises(tf.errors.InvalidArgumentError, match="`labels` out of bound"):
            sess.run(tf.confusion_matrix([5], [0], num_classes=3))
    assert cm.name == "confusion_matrix:0"


def test_remove_squeezable_dimensions_of_predictions():
    value, update = tf.metrics.mean_squared_error([1.0, 2.0], [[1.0], [4.0]])
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert sess.run(update) == pytest.approx(2.0)
