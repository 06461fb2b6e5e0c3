"""What every streaming metric shares: its zero-initialized local variables, weight handling and collections.

A metric keeps running totals in variables of the LOCAL_VARIABLES and
METRIC_VARIABLES collections (not trainable, not global), so a program runs
`tf.local_variables_initializer()` before the first update, and again to
start counting afresh.
"""

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.framework.graph_keys import GraphKeys
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.losses.weights_broadcast import broadcast_weights
from tfvars.ops import array_ops
from tfvars.ops import control_flow_ops
from tfvars.ops import math_ops
from tfvars.ops.confusion_matrix import remove_squeezable_dimensions
from tfvars.variables import Variable, VariableAggregation, VariableSynchronization


def metric_variable(shape, dtype, validate_shape=True, name=None):
    """A non-trainable variable of zeros in LOCAL_VARIABLES and METRIC_VARIABLES (`tf.metrics` keeps totals here)."""
    return Variable(
        lambda: array_ops.zeros(shape, dtype), trainable=False,
        collections=[GraphKeys.LOCAL_VARIABLES, GraphKeys.METRIC_VARIABLES], validate_shape=validate_shape,
        synchronization=VariableSynchronization.ON_READ, aggregation=VariableAggregation.SUM, name=name)


def remove_squeezable(predictions, labels, weights):
    """Predictions, labels and weights of matching ranks: a trailing size-1 axis squeezed, or added to weights.

    A scalar `weights` stays scalar; `labels` may be None.
    """
    predictions = convert_to_tensor(predictions)
    if labels is not None:
        labels, predictions = remove_squeezable_dimensions(labels, predictions)
        predictions.shape.assert_is_compatible_with(labels.shape)
    if weights is None:
        return predictions, labels, None
    weights = convert_to_tensor(weights)
    weights_rank = weights.shape.ndims
    if weights_rank == 0:
        return predictions, labels, weights
    predictions_rank = predictions.shape.ndims
    if predictions_rank is not None and weights_rank is not None:
        if weights_rank - predictions_rank == 1:
            weights = array_ops.squeeze(weights, [-1])
        elif predictions_rank - weights_rank == 1:
            weights = array_ops.expand_dims(weights, [-1])
        return predictions, labels, weights
    return predictions, labels, _adjust_weights_rank(weights, predictions)


def _adjust_weights_rank(weights, predictions):
    """`weights` squeezed or expanded by one trailing axis as the run-time ranks require."""
    weights_rank = array_ops.rank(weights)
    rank_diff = weights_rank - array_ops.rank(predictions)
    squeezable = weights.shape.ndims is None or weights.shape[-1].is_compatible_with(1)

    def maybe_squeeze():
        return array_ops.squeeze(weights, [-1]) if squeezable else weights

    def maybe_expand():
        return control_flow_ops.cond(math_ops.equal(rank_diff, -1),
                                     lambda: array_ops.expand_dims(weights, [-1]), lambda: weights)

    def adjust():
        return control_flow_ops.cond(math_ops.equal(rank_diff, 1), maybe_squeeze, maybe_expand)

    return control_flow_ops.cond(math_ops.equal(weights_rank, 0), lambda: weights, adjust)


def float_weights(weights, values):
    """`weights` as float32, broadcast to `values`' shape."""
    return broadcast_weights(math_ops.cast(weights, _dtypes.float32), values)


def add_to_collections(collections, value):
    """Adds `value` to each of `collections` (None or empty: to none); returns `value`."""
    if collections:
        _graph.add_to_collections(collections, value)
    return value
