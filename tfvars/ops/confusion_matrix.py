"""`tf.confusion_matrix` and the squeezing of a trailing size-1 axis that labels and predictions share."""

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.ops import array_ops
from tfvars.ops import check_ops
from tfvars.ops import control_flow_ops
from tfvars.ops import math_ops
from tfvars.ops.control_flow_primitives import with_dependencies

__all__ = ["confusion_matrix"]


def remove_squeezable_dimensions(labels, predictions, expected_rank_diff=0, name=None):
    """`(labels, predictions)` with a trailing size-1 axis squeezed from the one whose rank is one too high.

    Static ranks decide when known; otherwise a `tf.cond` on the run-time
    ranks does.
    """
    with _graph.op_scope(name, "remove_squeezable_dimensions", [labels, predictions]):
        predictions = convert_to_tensor(predictions)
        labels = convert_to_tensor(labels)
        predictions_rank = predictions.shape.ndims
        labels_rank = labels.shape.ndims
        if labels_rank is not None and predictions_rank is not None:
            rank_diff = predictions_rank - labels_rank
            if rank_diff == expected_rank_diff + 1 and predictions.shape[-1].is_compatible_with(1):
                predictions = array_ops.squeeze(predictions, [-1])
            elif rank_diff == expected_rank_diff - 1 and labels.shape[-1].is_compatible_with(1):
                labels = array_ops.squeeze(labels, [-1])
            return labels, predictions
        rank_diff = array_ops.rank(predictions) - array_ops.rank(labels)
        if predictions_rank is None or predictions.shape[-1].is_compatible_with(1):
            predictions = _squeeze_if(math_ops.equal(expected_rank_diff + 1, rank_diff), predictions)
        if labels_rank is None or labels.shape[-1].is_compatible_with(1):
            labels = _squeeze_if(math_ops.equal(expected_rank_diff - 1, rank_diff), labels)
        return labels, predictions


def _squeeze_if(pred, tensor):
    """`tensor` without its last axis when `pred` holds at run time."""
    return control_flow_ops.cond(pred, lambda: array_ops.squeeze(tensor, [-1]), lambda: tensor)


def confusion_matrix(labels, predictions, num_classes=None, weights=None, dtype=_dtypes.int32, name=None):
    """The [num_classes, num_classes] matrix counting (or summing `weights` of) each (label, prediction) pair.

    Rows are labels, columns predictions; `num_classes` defaults to one more
    than the largest label or prediction. Running it raises
    InvalidArgumentError for negative or out-of-range classes.

    TF 1.x: builds the matrix with a SparseTensor and SparseTensorDenseAdd;
    here an UnsortedSegmentSum over the flattened pair indices fills it (same
    values, different internal ops).
    """
    with _graph.op_scope(name, "confusion_matrix", (predictions, labels, num_classes, weights)) as scope:
        labels, predictions = remove_squeezable_dimensions(
            convert_to_tensor(labels, name="labels"), convert_to_tensor(predictions, name="predictions"))
        predictions = math_ops.cast(predictions, _dtypes.int64)
        labels = math_ops.cast(labels, _dtypes.int64)
        labels = with_dependencies(
            [check_ops.assert_non_negative(labels, message="`labels` contains negative values")], labels)
        predictions = with_dependencies(
            [check_ops.assert_non_negative(predictions, message="`predictions` contains negative values")],
            predictions)
        if num_classes is None:
            num_classes = math_ops.maximum(math_ops.reduce_max(predictions), math_ops.reduce_max(labels)) + 1
        else:
            num_classes_int64 = math_ops.cast(num_classes, _dtypes.int64)
            labels = with_dependencies(
                [check_ops.assert_less(labels, num_classes_int64, message="`labels` out of bound")], labels)
            predictions = with_dependencies(
                [check_ops.assert_less(predictions, num_classes_int64, message="`predictions` out of bound")],
                predictions)
            num_classes = num_classes_int64
        if weights is not None:
            weights = convert_to_tensor(weights, name="weights")
            predictions.shape.assert_is_compatible_with(weights.shape)
            values = math_ops.cast(weights, dtype)
        else:
            values = array_ops.ones_like(predictions, dtype)
        pairs = labels * num_classes + predictions
        counts = math_ops.unsorted_segment_sum(values, pairs, num_classes * num_classes)
        return array_ops.reshape(counts, array_ops.stack([num_classes, num_classes]), name=scope)
