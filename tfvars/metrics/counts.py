"""Streaming counts of binary outcomes (`true_positives`, ...) and the `precision` and `recall` built on them.

Labels and predictions are cast to bool; each count is the (weighted) number
of elements where both match the outcome, kept in the variable `<name>/count`.
"""

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.framework.tensor_util import constant_value
from tfvars.metrics.metric_variables import add_to_collections, metric_variable, remove_squeezable
from tfvars.ops import array_ops
from tfvars.ops import check_ops
from tfvars.ops import control_flow_ops
from tfvars.ops import math_ops
from tfvars.ops import state_ops
from tfvars.ops.variable_scope import variable_scope


def _assert_rank_in(x, ranks):
    """A NoOp if `x`'s static rank is one of `ranks`, else a run-time Assert on it.

    Raises:
      ValueError: now, if the static ranks show it is none of them.

    TF 1.x: `tf.assert_rank_in`, which check_ops does not have yet.
    """
    with _graph.op_scope(None, "assert_rank_in", (x,) + tuple(ranks)):
        x = convert_to_tensor(x, name="x")
        ranks = tuple(convert_to_tensor(rank, name="rank") for rank in ranks)
        data = ["Tensor %s must have rank in" % x.name] + list(ranks) + ["Received shape: ", array_ops.shape(x)]
        for rank in ranks:
            check_ops.assert_type(rank, _dtypes.int32)
        static_ranks = tuple(constant_value(rank) for rank in ranks)
        if x.shape.ndims is not None and all(rank is not None for rank in static_ranks):
            if x.shape.ndims not in [int(rank) for rank in static_ranks]:
                raise ValueError("Tensor %s must have rank in %s.  Received rank %d, shape %s"
                                 % (x.name, tuple(int(rank) for rank in static_ranks), x.shape.ndims, x.shape))
            return control_flow_ops.no_op(name="static_checks_determined_all_ok")
        matches = math_ops.reduce_any(math_ops.equal(array_ops.rank(x), array_ops.stack(ranks)))
        return control_flow_ops.Assert(matches, data)


def _count_condition(values, weights, metrics_collections, updates_collections):
    """The running (weighted) count of true elements of the bool tensor `values`, in the variable `count`."""
    check_ops.assert_type(values, _dtypes.bool_)
    count = metric_variable([], _dtypes.float32, name="count")
    values = math_ops.cast(values, _dtypes.float32)
    if weights is not None:
        with _graph.control_dependencies((_assert_rank_in(weights, (0, array_ops.rank(values))),)):
            weights = math_ops.cast(weights, _dtypes.float32)
            values = math_ops.multiply(values, weights)
    value = add_to_collections(metrics_collections, array_ops.identity(count))
    update_op = add_to_collections(updates_collections, state_ops.assign_add(count, math_ops.reduce_sum(values)))
    return value, update_op


def _outcome_count(name, default_name, labels, predictions, weights, metrics_collections, updates_collections,
                   label_value, prediction_value):
    """The running (weighted) count of elements whose label is `label_value` and prediction `prediction_value`."""
    with variable_scope(name, default_name, (predictions, labels, weights)):
        predictions, labels, weights = remove_squeezable(
            math_ops.cast(predictions, _dtypes.bool_), math_ops.cast(labels, _dtypes.bool_), weights)
        is_outcome = math_ops.logical_and(math_ops.equal(labels, label_value),
                                          math_ops.equal(predictions, prediction_value))
        return _count_condition(is_outcome, weights, metrics_collections, updates_collections)


def true_positives(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
                   name=None):
    """The running (weighted) number of elements with label and prediction True: `(value, update_op)`."""
    return _outcome_count(name, "true_positives", labels, predictions, weights, metrics_collections,
                          updates_collections, True, True)


def false_positives(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
                    name=None):
    """The running (weighted) number of elements with label False and prediction True: `(value, update_op)`."""
    return _outcome_count(name, "false_positives", labels, predictions, weights, metrics_collections,
                          updates_collections, False, True)


def true_negatives(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
                   name=None):
    """The running (weighted) number of elements with label and prediction False: `(value, update_op)`."""
    return _outcome_count(name, "true_negatives", labels, predictions, weights, metrics_collections,
                          updates_collections, False, False)


def false_negatives(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
                    name=None):
    """The running (weighted) number of elements with label True and prediction False: `(value, update_op)`."""
    return _outcome_count(name, "false_negatives", labels, predictions, weights, metrics_collections,
                          updates_collections, True, False)


def _safe_ratio(numerator, other, name):
    """numerator / (numerator + other), 0 where both are 0."""
    return array_ops.where(math_ops.greater(numerator + other, 0),
                           math_ops.divide(numerator, numerator + other), 0, name)


def _ratio_of_counts(name, default_name, labels, predictions, weights, metrics_collections, updates_collections,
                     other_count):
    """tp / (tp + other) for the running counts of true positives and `other_count`."""
    with variable_scope(name, default_name, (predictions, labels, weights)):
        predictions, labels, weights = remove_squeezable(
            math_ops.cast(predictions, _dtypes.bool_), math_ops.cast(labels, _dtypes.bool_), weights)
        true_p, update_true_p = true_positives(labels, predictions, weights)
        other, update_other = other_count(labels, predictions, weights)
        value = add_to_collections(metrics_collections, _safe_ratio(true_p, other, "value"))
        update_op = add_to_collections(updates_collections, _safe_ratio(update_true_p, update_other, "update_op"))
        return value, update_op


def precision(labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """The running precision tp / (tp + fp) of bool predictions: `(precision, update_op)` (0 when undefined).

    Its counts live in `<name>/true_positives/count` and `<name>/false_positives/count`.
    """
    return _ratio_of_counts(name, "precision", labels, predictions, weights, metrics_collections,
                            updates_collections, false_positives)


def recall(labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """The running recall tp / (tp + fn) of bool predictions: `(recall, update_op)` (0 when undefined).

    Its counts live in `<name>/true_positives/count` and `<name>/false_negatives/count`.
    """
    return _ratio_of_counts(name, "recall", labels, predictions, weights, metrics_collections,
                            updates_collections, false_negatives)
