"""Metrics of scores in [0, 1] counted at thresholds: `auc` and the `*_at_thresholds` family.

A prediction counts as positive at threshold t when it is greater than t. For
each threshold the metric keeps running totals of true/false positives and
negatives in variables of shape [num_thresholds] (`<name>/true_positives`, ...).
"""

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.metrics.metric_variables import add_to_collections, float_weights, metric_variable, remove_squeezable
from tfvars.ops import array_ops
from tfvars.ops import check_ops
from tfvars.ops import constant_op
from tfvars.ops import math_ops
from tfvars.ops import state_ops
from tfvars.ops.variable_scope import variable_scope
from tfvars.platform import tf_logging

_ALL_INCLUDES = ("tp", "fn", "tn", "fp")
_VARIABLE_NAMES = {"tp": "true_positives", "fn": "false_negatives", "tn": "true_negatives", "fp": "false_positives"}


def _check_in_unit_interval(predictions):
    """The run-time checks that `predictions` lie in [0, 1]."""
    message = "predictions must be in [0, 1]"
    predictions = convert_to_tensor(predictions)
    return [check_ops.assert_greater_equal(predictions, math_ops.cast(0.0, predictions.dtype), message=message),
            check_ops.assert_less_equal(predictions, math_ops.cast(1.0, predictions.dtype), message=message)]


def _predictions_above(predictions_2d, thresholds):
    """[num_thresholds, num_predictions]: whether each prediction is above each threshold; and the thresholds tiled."""
    num_predictions = predictions_2d.shape.as_list()[0]
    if num_predictions is None:
        num_predictions = array_ops.shape(predictions_2d)[0]
    thresh_tiled = array_ops.tile(array_ops.expand_dims(constant_op.constant(thresholds), [1]),
                                  array_ops.stack([1, num_predictions]))
    pred_is_pos = math_ops.greater(
        array_ops.tile(array_ops.transpose(predictions_2d), [len(thresholds), 1]), thresh_tiled)
    return pred_is_pos, thresh_tiled


def confusion_matrix_at_thresholds(labels, predictions, thresholds, weights=None, includes=None):
    """Running tp/fn/tn/fp counts per threshold: two dicts keyed by `includes`, of variables and of update ops.

    Raises:
      ValueError: for a key of `includes` not in ('tp', 'fn', 'tn', 'fp'), or
        incompatible shapes.
    """
    if includes is None:
        includes = _ALL_INCLUDES
    for include in includes:
        if include not in _ALL_INCLUDES:
            raise ValueError("Invalid key: %s." % include)
    with _graph.control_dependencies(_check_in_unit_interval(predictions)):
        predictions, labels, weights = remove_squeezable(
            math_ops.cast(predictions, _dtypes.float32), math_ops.cast(labels, dtype=_dtypes.bool_), weights)
    num_thresholds = len(thresholds)
    predictions_2d = array_ops.reshape(predictions, [-1, 1])
    labels_2d = array_ops.reshape(math_ops.cast(labels, _dtypes.bool_), [1, -1])
    pred_is_pos, thresh_tiled = _predictions_above(predictions_2d, thresholds)
    pred_is_neg = math_ops.logical_not(pred_is_pos) if "fn" in includes or "tn" in includes else None
    label_is_pos = array_ops.tile(labels_2d, [num_thresholds, 1])
    label_is_neg = math_ops.logical_not(label_is_pos) if "fp" in includes or "tn" in includes else None
    weights_tiled = None
    if weights is not None:
        weights = float_weights(weights, predictions)
        weights_tiled = array_ops.tile(array_ops.reshape(weights, [1, -1]), [num_thresholds, 1])
        thresh_tiled.shape.assert_is_compatible_with(weights_tiled.shape)
    outcomes = {"tp": (label_is_pos, pred_is_pos), "fn": (label_is_pos, pred_is_neg),
                "tn": (label_is_neg, pred_is_neg), "fp": (label_is_neg, pred_is_pos)}
    values, update_ops = {}, {}
    for key in _ALL_INCLUDES:
        if key in includes:
            variable = metric_variable([num_thresholds], _dtypes.float32, name=_VARIABLE_NAMES[key])
            is_outcome = math_ops.cast(math_ops.logical_and(*outcomes[key]), _dtypes.float32)
            if weights_tiled is not None:
                is_outcome *= weights_tiled
            update_ops[key] = state_ops.assign_add(variable, math_ops.reduce_sum(is_outcome, 1))
            values[key] = variable
    return values, update_ops


def _auc_thresholds(num_thresholds, thresholds):
    """The sorted thresholds auc counts at: (given or evenly spaced ones) between just below 0 and just above 1."""
    epsilon = 1e-7  # so that predictions of exactly 0 and 1 fall inside the outer thresholds
    if thresholds is not None:
        inner = sorted(thresholds)
    else:
        inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    return [0.0 - epsilon] + inner + [1.0 + epsilon]


def _riemann_sum(x, y, num_thresholds, summation_method, name):
    """The area under the curve of points (x[i], y[i]), x decreasing with i."""
    widths = x[:num_thresholds - 1] - x[1:]
    if summation_method in ("trapezoidal", "careful_interpolation"):
        heights = (y[:num_thresholds - 1] + y[1:]) / 2.
    elif summation_method == "minoring":
        heights = math_ops.minimum(y[:num_thresholds - 1], y[1:])
    else:
        heights = math_ops.maximum(y[:num_thresholds - 1], y[1:])
    return math_ops.reduce_sum(math_ops.multiply(widths, heights), name=name)


def _interpolate_pr_auc(tp, fp, fn, num_thresholds):
    """PR-AUC with precision interpolated between thresholds as Davis & Goadrich (2006) derive it."""
    dtp = tp[:num_thresholds - 1] - tp[1:]
    p = tp + fp
    prec_slope = math_ops.div_no_nan(dtp, math_ops.maximum(p[:num_thresholds - 1] - p[1:], 0), name="prec_slope")
    intercept = tp[1:] - math_ops.multiply(prec_slope, p[1:])
    safe_p_ratio = array_ops.where(
        math_ops.logical_and(p[:num_thresholds - 1] > 0, p[1:] > 0),
        math_ops.div_no_nan(p[:num_thresholds - 1], math_ops.maximum(p[1:], 0), name="recall_relative_ratio"),
        array_ops.ones_like(p[1:]))
    return math_ops.reduce_sum(
        math_ops.div_no_nan(prec_slope * (dtp + intercept * math_ops.log(safe_p_ratio)),
                            math_ops.maximum(tp[1:] + fn[1:], 0), name="pr_auc_increment"),
        name="interpolate_pr_auc")


def _compute_auc(counts, curve, summation_method, num_thresholds, name):
    """The ROC or PR AUC of the per-threshold counts (a dict of tensors keyed 'tp', 'fn', 'tn', 'fp')."""
    epsilon = 1.0e-6  # keeps the rates defined where a count is 0
    tp, fn, tn, fp = counts["tp"], counts["fn"], counts["tn"], counts["fp"]
    if curve == "PR":
        if summation_method == "trapezoidal":
            tf_logging.warning("Trapezoidal rule is known to produce incorrect PR-AUCs; "
                               'please switch to "careful_interpolation" instead.')
        elif summation_method == "careful_interpolation":
            return _interpolate_pr_auc(tp, fp, fn, num_thresholds)
    rec = math_ops.divide(tp + epsilon, tp + fn + epsilon)
    if curve == "ROC":
        x, y = math_ops.divide(fp, fp + tn + epsilon), rec
    else:
        x, y = rec, math_ops.divide(tp + epsilon, tp + fp + epsilon)
    return _riemann_sum(x, y, num_thresholds, summation_method, name)


def auc(labels, predictions, weights=None, num_thresholds=200, metrics_collections=None, updates_collections=None,
        curve="ROC", name=None, summation_method="trapezoidal", thresholds=None):
    """The area under the ROC or precision-recall curve, by a Riemann sum over thresholds: `(auc, update_op)`.

    Args:
      labels: a tensor cast to bool, of `predictions`' shape.
      predictions: float scores in [0, 1] (checked when run).
      num_thresholds: how many evenly spaced thresholds discretize the curve
        (ignored when `thresholds` is given).
      curve: "ROC" or "PR".
      summation_method: "trapezoidal", "careful_interpolation" (interpolates
        the PR curve properly), "minoring" or "majoring" (lower and upper
        Riemann sums).
      thresholds: explicit thresholds in [0, 1] to count at.

    Raises:
      ValueError: for an unknown `curve` or `summation_method`.
    """
    with variable_scope(name, "auc", (labels, predictions, weights)):
        if curve != "ROC" and curve != "PR":
            raise ValueError("curve must be either ROC or PR, %s unknown" % curve)
        if summation_method not in ("trapezoidal", "careful_interpolation", "minoring", "majoring"):
            raise ValueError("Invalid summation_method: %s" % summation_method)
        thresholds = _auc_thresholds(num_thresholds, thresholds)
        num_thresholds = len(thresholds)
        values, update_ops = confusion_matrix_at_thresholds(labels, predictions, thresholds, weights)
        auc_value = _compute_auc(values, curve, summation_method, num_thresholds, "value")
        update_op = _compute_auc(update_ops, curve, summation_method, num_thresholds, "update_op")
        return add_to_collections(metrics_collections, auc_value), add_to_collections(updates_collections, update_op)


def _ratio_at_thresholds(name, default_name, labels, predictions, thresholds, weights, metrics_collections,
                         updates_collections, other):
    """tp / (tp + other + 1e-7) per threshold, for `other` 'fp' (precision) or 'fn' (recall)."""
    with variable_scope(name, default_name, (predictions, labels, weights)):
        values, update_ops = confusion_matrix_at_thresholds(labels, predictions, thresholds, weights,
                                                            includes=("tp", other))
        epsilon = 1e-7  # avoids dividing by zero
        prefix = default_name.split("_")[0] + "_"

        def ratio(counts, suffix):
            return math_ops.divide(counts["tp"], epsilon + counts["tp"] + counts[other], name=prefix + suffix)

        value = add_to_collections(metrics_collections, ratio(values, "value"))
        update_op = add_to_collections(updates_collections, ratio(update_ops, "update_op"))
        return value, update_op


def precision_at_thresholds(labels, predictions, thresholds, weights=None, metrics_collections=None,
                            updates_collections=None, name=None):
    """Running precision per threshold, a [len(thresholds)] tensor: `(precision, update_op)`."""
    return _ratio_at_thresholds(name, "precision_at_thresholds", labels, predictions, thresholds, weights,
                                metrics_collections, updates_collections, "fp")


def recall_at_thresholds(labels, predictions, thresholds, weights=None, metrics_collections=None,
                         updates_collections=None, name=None):
    """Running recall per threshold, a [len(thresholds)] tensor: `(recall, update_op)`."""
    return _ratio_at_thresholds(name, "recall_at_thresholds", labels, predictions, thresholds, weights,
                                metrics_collections, updates_collections, "fn")


def _count_at_thresholds(name, default_name, key, labels, predictions, thresholds, weights, metrics_collections,
                         updates_collections):
    """The running count of one outcome ('tp', 'fn', 'tn' or 'fp') per threshold."""
    with variable_scope(name, default_name, (predictions, labels, weights)):
        values, update_ops = confusion_matrix_at_thresholds(labels, predictions, thresholds, weights,
                                                            includes=(key,))
        value = add_to_collections(metrics_collections, array_ops.identity(values[key]))
        return value, add_to_collections(updates_collections, update_ops[key])


def true_positives_at_thresholds(labels, predictions, thresholds, weights=None, metrics_collections=None,
                                 updates_collections=None, name=None):
    """Running true positives per threshold: `(tp, update_op)`."""
    return _count_at_thresholds(name, "true_positives", "tp", labels, predictions, thresholds, weights,
                                metrics_collections, updates_collections)


def false_positives_at_thresholds(labels, predictions, thresholds, weights=None, metrics_collections=None,
                                  updates_collections=None, name=None):
    """Running false positives per threshold: `(fp, update_op)`."""
    return _count_at_thresholds(name, "false_positives", "fp", labels, predictions, thresholds, weights,
                                metrics_collections, updates_collections)


def true_negatives_at_thresholds(labels, predictions, thresholds, weights=None, metrics_collections=None,
                                 updates_collections=None, name=None):
    """Running true negatives per threshold: `(tn, update_op)`."""
    return _count_at_thresholds(name, "true_negatives", "tn", labels, predictions, thresholds, weights,
                                metrics_collections, updates_collections)


def false_negatives_at_thresholds(labels, predictions, thresholds, weights=None, metrics_collections=None,
                                  updates_collections=None, name=None):
    """Running false negatives per threshold: `(fn, update_op)`."""
    return _count_at_thresholds(name, "false_negatives", "fn", labels, predictions, thresholds, weights,
                                metrics_collections, updates_collections)
