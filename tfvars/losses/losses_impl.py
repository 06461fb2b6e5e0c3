"""The `tf.losses` loss functions: each builds its per-element losses, weights and reduces them, and adds the result
to the LOSSES collection.

Every function works in its own name scope (`mean_squared_error`,
`softmax_cross_entropy_loss`...); the reduced loss is named `value`
(or `Sum`, `Mul` for Reduction.SUM and NONE), as in TF 1.x.
"""

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.framework.graph_keys import GraphKeys
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.losses.util import add_loss
from tfvars.losses.weights_broadcast import assert_broadcastable, broadcast_weights, control_dependencies_on
from tfvars.ops import array_ops
from tfvars.ops import confusion_matrix
from tfvars.ops import math_ops
from tfvars.ops import nn_ops
from tfvars.util.deprecation import deprecated_argument_lookup


class Reduction:
    """How `compute_weighted_loss` reduces the weighted losses.

    NONE: the weighted losses as they are. SUM: their sum. MEAN: their sum
    divided by the sum of the weights. SUM_OVER_BATCH_SIZE: their sum divided
    by the number of losses. SUM_BY_NONZERO_WEIGHTS (the default, also
    SUM_OVER_NONZERO_WEIGHTS): their sum divided by the number of nonzero weights.
    """

    NONE = "none"
    SUM = "weighted_sum"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    MEAN = "weighted_mean"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls):
        return (cls.NONE, cls.SUM, cls.MEAN, cls.SUM_OVER_BATCH_SIZE, cls.SUM_OVER_NONZERO_WEIGHTS,
                cls.SUM_BY_NONZERO_WEIGHTS)

    @classmethod
    def validate(cls, key):
        if key not in cls.all():
            raise ValueError("Invalid Reduction Key %s." % key)


def _safe_mean(losses, num_present):
    """The sum of `losses` divided by `num_present` (0 when that is 0), named "value"."""
    total_loss = math_ops.reduce_sum(losses)
    return math_ops.div_no_nan(total_loss, num_present, name="value")


def _num_present(losses, weights):
    """The number of elements of `losses` whose (broadcast) weight is nonzero, as a float32."""
    if isinstance(weights, float) and weights != 0.0:
        return _num_elements(losses)
    with _graph.op_scope(None, "num_present", (losses, weights)) as scope:
        weights = math_ops.cast(weights, _dtypes.float32)
        present = array_ops.where(math_ops.equal(weights, 0.0), array_ops.zeros_like(weights),
                                  array_ops.ones_like(weights))
        present = broadcast_weights(present, losses)
        return math_ops.reduce_sum(present, name=scope)


def _num_elements(losses):
    """The number of elements of `losses`, in its dtype."""
    with _graph.op_scope(None, "num_elements", (losses,)) as scope:
        return math_ops.cast(array_ops.size(losses, name=scope), losses.dtype)


def compute_weighted_loss(losses, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """`losses * weights` reduced by `reduction`, added to `loss_collection`; returned in the losses' dtype.

    `weights` is a scalar or broadcasts to `losses` (each dimension 1 or the losses' size).

    Raises:
      ValueError: for an unknown reduction, or weights that statically cannot broadcast to the losses.
    """
    Reduction.validate(reduction)
    with _graph.op_scope(scope, "weighted_loss", (losses, weights)):
        with control_dependencies_on(assert_broadcastable(weights, losses)):
            losses = convert_to_tensor(losses)
            input_dtype = losses.dtype
            losses = math_ops.cast(losses, _dtypes.float32)
            weights = math_ops.cast(weights, _dtypes.float32)
            weighted_losses = math_ops.multiply(losses, weights)
            if reduction == Reduction.NONE:
                loss = weighted_losses
            else:
                loss = math_ops.reduce_sum(weighted_losses)
                if reduction == Reduction.MEAN:
                    loss = _safe_mean(loss, math_ops.reduce_sum(array_ops.ones_like(losses) * weights))
                elif reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
                    loss = _safe_mean(loss, _num_present(losses, weights))
                elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
                    loss = _safe_mean(loss, _num_elements(losses))
            loss = math_ops.cast(loss, input_dtype)
            add_loss(loss, loss_collection)
            return loss


def _check_not_none(**arguments):
    for name, value in arguments.items():
        if value is None:
            raise ValueError("%s must not be None." % name)


def _as_float32_pair(predictions, labels):
    """Both cast to float32; ValueError if their static shapes are incompatible."""
    predictions = math_ops.cast(predictions, _dtypes.float32)
    labels = math_ops.cast(labels, _dtypes.float32)
    predictions.shape.assert_is_compatible_with(labels.shape)
    return predictions, labels


def absolute_difference(labels, predictions, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                        reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """The weighted |predictions - labels|, reduced (see `compute_weighted_loss`)."""
    _check_not_none(labels=labels, predictions=predictions)
    with _graph.op_scope(scope, "absolute_difference", (predictions, labels, weights)) as scope:
        predictions, labels = _as_float32_pair(predictions, labels)
        losses = math_ops.abs(math_ops.subtract(predictions, labels))
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def cosine_distance(labels, predictions, axis=None, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS, dim=None):
    """The weighted `1 - sum(predictions * labels, axis)` of unit-normalized inputs, reduced.

    Raises:
      ValueError: if `axis` is missing.
    """
    axis = deprecated_argument_lookup("axis", axis, "dim", dim)
    if axis is None:
        raise ValueError("You must specify 'axis'.")
    _check_not_none(labels=labels, predictions=predictions)
    with _graph.op_scope(scope, "cosine_distance_loss", (predictions, labels, weights)) as scope:
        predictions, labels = _as_float32_pair(predictions, labels)
        radial_diffs = math_ops.multiply(predictions, labels)
        losses = 1 - math_ops.reduce_sum(radial_diffs, axis=(axis,), keepdims=True)
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def hinge_loss(labels, logits, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
               reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """The weighted `max(0, 1 - (2 * labels - 1) * logits)` of 0/1 labels, reduced."""
    _check_not_none(labels=labels, logits=logits)
    with _graph.op_scope(scope, "hinge_loss", (logits, labels, weights)) as scope:
        logits, labels = _as_float32_pair(logits, labels)
        all_ones = array_ops.ones_like(labels)
        labels = math_ops.subtract(2 * labels, all_ones)
        losses = nn_ops.relu(math_ops.subtract(all_ones, math_ops.multiply(labels, logits)))
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def huber_loss(labels, predictions, weights=1.0, delta=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
               reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """The weighted Huber loss: `0.5 * e ** 2` for |e| <= delta, `delta * (|e| - 0.5 * delta)` beyond; reduced."""
    _check_not_none(labels=labels, predictions=predictions)
    with _graph.op_scope(scope, "huber_loss", (predictions, labels, weights)) as scope:
        predictions, labels = _as_float32_pair(predictions, labels)
        abs_error = math_ops.abs(math_ops.subtract(predictions, labels))
        # min and a difference, not maximum(x, delta): its gradient at x == delta would be wrong.
        quadratic = math_ops.minimum(abs_error, delta)
        linear = math_ops.subtract(abs_error, quadratic)
        losses = math_ops.add(
            math_ops.multiply(convert_to_tensor(0.5, dtype=quadratic.dtype), math_ops.multiply(quadratic, quadratic)),
            math_ops.multiply(delta, linear))
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def log_loss(labels, predictions, weights=1.0, epsilon=1e-7, scope=None, loss_collection=GraphKeys.LOSSES,
             reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """The weighted `-labels * log(p + eps) - (1 - labels) * log(1 - p + eps)`, reduced."""
    _check_not_none(labels=labels, predictions=predictions)
    with _graph.op_scope(scope, "log_loss", (predictions, labels, weights)) as scope:
        predictions, labels = _as_float32_pair(predictions, labels)
        losses = -math_ops.multiply(labels, math_ops.log(predictions + epsilon)) - math_ops.multiply(
            (1 - labels), math_ops.log(1 - predictions + epsilon))
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def mean_squared_error(labels, predictions, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                       reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """The weighted `(predictions - labels) ** 2`, reduced (by default, its mean over nonzero weights)."""
    _check_not_none(labels=labels, predictions=predictions)
    with _graph.op_scope(scope, "mean_squared_error", (predictions, labels, weights)) as scope:
        predictions, labels = _as_float32_pair(predictions, labels)
        losses = math_ops.squared_difference(predictions, labels)
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def sigmoid_cross_entropy(multi_class_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """The weighted `sigmoid_cross_entropy_with_logits`, labels smoothed toward 1/2 by `label_smoothing`; reduced."""
    _check_not_none(multi_class_labels=multi_class_labels, logits=logits)
    with _graph.op_scope(scope, "sigmoid_cross_entropy_loss", (logits, multi_class_labels, weights)) as scope:
        logits = convert_to_tensor(logits)
        multi_class_labels = math_ops.cast(multi_class_labels, logits.dtype)
        logits.shape.assert_is_compatible_with(multi_class_labels.shape)
        if label_smoothing > 0:
            multi_class_labels = multi_class_labels * (1 - label_smoothing) + 0.5 * label_smoothing
        losses = nn_ops.sigmoid_cross_entropy_with_logits(labels=multi_class_labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def softmax_cross_entropy(onehot_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """The weighted softmax cross-entropy of one-hot labels (smoothed toward 1/classes by `label_smoothing`).

    The labels are behind a StopGradient, as in TF 1.x.
    """
    _check_not_none(onehot_labels=onehot_labels, logits=logits)
    with _graph.op_scope(scope, "softmax_cross_entropy_loss", (logits, onehot_labels, weights)) as scope:
        logits = convert_to_tensor(logits)
        onehot_labels = math_ops.cast(onehot_labels, logits.dtype)
        logits.shape.assert_is_compatible_with(onehot_labels.shape)
        if label_smoothing > 0:
            num_classes = math_ops.cast(array_ops.shape(onehot_labels)[-1], logits.dtype)
            smooth_positives = 1.0 - label_smoothing
            smooth_negatives = label_smoothing / num_classes
            onehot_labels = onehot_labels * smooth_positives + smooth_negatives
        onehot_labels = array_ops.stop_gradient(onehot_labels, name="labels_stop_gradient")
        losses = nn_ops.softmax_cross_entropy_with_logits_v2(labels=onehot_labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def _remove_squeezable_dimensions(labels, predictions, weights, expected_rank_diff):
    """Labels, predictions and weights with a trailing size-1 axis squeezed where ranks say it is extra."""
    labels, predictions = confusion_matrix.remove_squeezable_dimensions(labels, predictions, expected_rank_diff)
    weights = convert_to_tensor(weights)
    labels_rank, weights_rank = labels.shape.ndims, weights.shape.ndims
    if labels_rank is not None and weights_rank is not None and weights_rank - labels_rank == 1:
        weights = array_ops.squeeze(weights, [-1])
    return labels, predictions, weights


def sparse_softmax_cross_entropy(labels, logits, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                                 reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """The weighted softmax cross-entropy of integer class labels (one rank below `logits`), reduced.

    A trailing size-1 axis of labels or weights is squeezed first.
    """
    _check_not_none(labels=labels, logits=logits)
    with _graph.op_scope(scope, "sparse_softmax_cross_entropy_loss", (logits, labels, weights)) as scope:
        labels, logits, weights = _remove_squeezable_dimensions(labels, logits, weights, expected_rank_diff=1)
        losses = nn_ops.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)
