"""Metrics of class labels over `num_classes` classes: `mean_iou` and `mean_per_class_accuracy`."""

from tfvars.framework import dtypes as _dtypes
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.metrics.metric_variables import add_to_collections, metric_variable
from tfvars.ops import array_ops
from tfvars.ops import math_ops
from tfvars.ops import state_ops
from tfvars.ops.confusion_matrix import confusion_matrix
from tfvars.ops.variable_scope import variable_scope


def _flatten(tensor):
    """`tensor` as a vector if its rank is above 1."""
    return array_ops.reshape(tensor, [-1]) if tensor.shape.ndims > 1 else tensor


def _streaming_confusion_matrix(labels, predictions, num_classes, weights=None):
    """The running float64 confusion matrix `total_confusion_matrix` and the op adding a batch to it."""
    total_cm = metric_variable([num_classes, num_classes], _dtypes.float64, name="total_confusion_matrix")
    predictions = math_ops.cast(predictions, _dtypes.int64)
    labels = math_ops.cast(labels, _dtypes.int64)
    num_classes = math_ops.cast(num_classes, _dtypes.int64)
    predictions = _flatten(predictions)
    labels = _flatten(labels)
    if weights is not None:
        weights = convert_to_tensor(weights)
        if weights.shape.ndims > 1:
            weights = array_ops.reshape(weights, [-1])
    current_cm = confusion_matrix(labels, predictions, num_classes, weights=weights, dtype=_dtypes.float64)
    return total_cm, state_ops.assign_add(total_cm, current_cm)


def _mean_iou_of(total_cm):
    """The mean over classes that occur of TP / (TP + FP + FN), from a confusion matrix."""
    sum_over_row = math_ops.cast(math_ops.reduce_sum(total_cm, 0), _dtypes.float32)
    sum_over_col = math_ops.cast(math_ops.reduce_sum(total_cm, 1), _dtypes.float32)
    cm_diag = math_ops.cast(array_ops.diag_part(total_cm), _dtypes.float32)
    denominator = sum_over_row + sum_over_col - cm_diag
    # Classes absent from both labels and predictions have no IoU and are left out of the mean.
    num_valid_entries = math_ops.reduce_sum(math_ops.cast(math_ops.not_equal(denominator, 0), _dtypes.float32))
    denominator = array_ops.where(math_ops.greater(denominator, 0), denominator, array_ops.ones_like(denominator))
    iou = math_ops.divide(cm_diag, denominator)
    return array_ops.where(math_ops.greater(num_valid_entries, 0),
                           math_ops.reduce_sum(iou, name="mean_iou") / num_valid_entries, 0)


def mean_iou(labels, predictions, num_classes, weights=None, metrics_collections=None, updates_collections=None,
             name=None):
    """The mean intersection-over-union of class labels: `(mean_iou, update_op)`.

    `update_op` adds the batch to the running confusion matrix
    (`<name>/total_confusion_matrix`, float64) and returns it.

    Raises:
      ValueError: if `labels` and `predictions` have incompatible shapes.
    """
    with variable_scope(name, "mean_iou", (predictions, labels, weights)):
        predictions = convert_to_tensor(predictions)
        labels = convert_to_tensor(labels)
        predictions.shape.assert_is_compatible_with(labels.shape)
        total_cm, update_op = _streaming_confusion_matrix(labels, predictions, num_classes, weights)
        value = add_to_collections(metrics_collections, _mean_iou_of(total_cm))
        return value, add_to_collections(updates_collections, update_op)


def mean_per_class_accuracy(labels, predictions, num_classes, weights=None, metrics_collections=None,
                            updates_collections=None, name=None):
    """The mean over classes of each class's accuracy: `(mean_accuracy, update_op)`.

    Keeps per-class `total` (weight of each label) and `count` (weight of its
    correct predictions) of shape [num_classes]; `update_op` returns the
    per-class accuracies.
    """
    with variable_scope(name, "mean_accuracy", (predictions, labels, weights)):
        labels = _flatten(math_ops.cast(labels, _dtypes.int64))
        predictions = _flatten(convert_to_tensor(predictions))
        predictions.shape.assert_is_compatible_with(labels.shape)
        total = metric_variable([num_classes], _dtypes.float32, name="total")
        count = metric_variable([num_classes], _dtypes.float32, name="count")
        ones = array_ops.ones([array_ops.size(labels)], _dtypes.float32)
        if labels.dtype != predictions.dtype:
            predictions = math_ops.cast(predictions, labels.dtype)
        is_correct = math_ops.cast(math_ops.equal(predictions, labels), _dtypes.float32)
        if weights is not None:
            weights = math_ops.cast(_flatten(convert_to_tensor(weights)), _dtypes.float32)
            is_correct *= weights
            ones *= weights
        update_total = state_ops.scatter_add(total, labels, ones)
        update_count = state_ops.scatter_add(count, labels, is_correct)
        per_class_accuracy = math_ops.div_no_nan(count, math_ops.maximum(total, 0))
        value = math_ops.reduce_mean(per_class_accuracy, name="mean_accuracy")
        update_op = math_ops.div_no_nan(update_count, math_ops.maximum(update_total, 0), name="update_op")
        return add_to_collections(metrics_collections, value), add_to_collections(updates_collections, update_op)
