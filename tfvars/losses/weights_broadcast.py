"""Checking that loss weights broadcast to the losses, and broadcasting them (TF's weights_broadcast_ops).

The weights must be a scalar, or of the losses' rank with each dimension
1 or the losses' size.
"""

from tfvars.framework import graph as _graph
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.framework.tensor_util import constant_value
from tfvars.ops import array_ops
from tfvars.ops import control_flow_ops
from tfvars.ops import math_ops

_ERROR_PREFIX = "weights can not be broadcast to values."


def assert_broadcastable(weights, values):
    """A NoOp to depend on once the weights are known to broadcast to `values`; None if that is known only at run time.

    Raises:
      ValueError: if the static ranks or dimensions show that they cannot.

    TF 1.x: when the shapes are not static it built a run-time assertion
    (DenseToDenseSetOperation and an Assert in a cond); here nothing is
    built, and a mismatch fails in the weights' multiplication instead.
    """
    with _graph.op_scope(None, "assert_broadcastable", (weights, values)):
        with _graph.op_scope(None, "weights", (weights,)) as weights_scope:
            weights = convert_to_tensor(weights, name=weights_scope)
            weights_shape = array_ops.shape(weights, name="shape")
            weights_rank = array_ops.rank(weights, name="rank")
        with _graph.op_scope(None, "values", (values,)) as values_scope:
            values = convert_to_tensor(values, name=values_scope)
            values_shape = array_ops.shape(values, name="shape")
            values_rank = array_ops.rank(values, name="rank")
        weights_rank_static = constant_value(weights_rank)
        values_rank_static = constant_value(values_rank)
        if weights_rank_static is None or values_rank_static is None:
            return None
        if weights_rank_static == 0:
            return control_flow_ops.no_op(name="static_scalar_check_success")
        if weights_rank_static != values_rank_static:
            raise ValueError("%s values.rank=%s. weights.rank=%s. values.shape=%s. weights.shape=%s."
                             % (_ERROR_PREFIX, values_rank_static, weights_rank_static, values.shape, weights.shape))
        weights_dims = constant_value(weights_shape)
        values_dims = constant_value(values_shape)
        if weights_dims is None or values_dims is None:
            return None
        for i, (weight_dim, value_dim) in enumerate(zip(weights_dims, values_dims)):
            if weight_dim not in (1, value_dim):
                raise ValueError("%s Mismatch at dim %s. values.shape=%s weights.shape=%s."
                                 % (_ERROR_PREFIX, i, values_dims, weights_dims))
        return control_flow_ops.no_op(name="static_dims_check_success")


def control_dependencies_on(check):
    """`tf.control_dependencies([check])`, or no dependencies when there is no check."""
    return _graph.control_dependencies([check] if check is not None else [])


def broadcast_weights(weights, values):
    """`weights` multiplied by ones of `values`' shape (unless the static shapes already match)."""
    with _graph.op_scope(None, "broadcast_weights", (weights, values)) as scope:
        values = convert_to_tensor(values, name="values")
        weights = convert_to_tensor(weights, dtype=values.dtype.base_dtype, name="weights")
        if (weights.shape.is_fully_defined() and values.shape.is_fully_defined()
                and weights.shape.is_compatible_with(values.shape)):
            return weights
        with control_dependencies_on(assert_broadcastable(weights, values)):
            return math_ops.multiply(weights, array_ops.ones_like(values), name=scope)
