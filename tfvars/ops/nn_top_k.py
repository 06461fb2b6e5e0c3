"""`tf.nn.top_k` and `tf.nn.in_top_k`: the k largest entries of each row, and membership among them."""

import collections

import numpy as np

from tfvars.framework import common_shapes
from tfvars.framework import dtypes as _dtypes
from tfvars.framework import errors
from tfvars.framework import graph as _graph
from tfvars.framework import tensor_shape
from tfvars.framework import tensor_util
from tfvars.framework.common_shapes import with_rank, with_rank_at_least
from tfvars.framework.op_def_registry import TypeAttr, apply_op, register_op
from tfvars.ops.nn_util import INDEX_TYPES, REAL_NUMBERS, merge_dim, shape_string

# What top_k returns, as in TF: the values and their int32 indices.
TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])


def _scalar_input_error(op, message, value):
    """A shape error that, as TF's, also shows the constant input it was computed from."""
    shapes = ", ".join(common_shapes.format_shape(t.shape) for t in op.inputs)
    return ValueError("%s for '%s' (op: '%s') with input shapes: %s and with computed input tensors: input[1] = <%d>."
                      % (message, op.name, op.type, shapes, value))


def _top_k_shape(op):
    input_shape = with_rank_at_least(op, op.inputs[0].shape, 1)
    with_rank(op, op.inputs[1].shape, 0)
    k = tensor_util.constant_value(op.inputs[1])
    if k is not None:
        k = int(k)
        if k < 0:
            raise _scalar_input_error(
                op, "Dimension size, given by scalar input 1, must be non-negative but is %d" % k, k)
    if input_shape.ndims is None:
        return [tensor_shape.unknown_shape()] * 2
    dims = input_shape.as_list()
    if dims[-1] is not None and k is not None and dims[-1] < k:
        raise _scalar_input_error(op, "input must have last dimension >= k = %d but is %d" % (k, dims[-1]), k)
    return [dims[:-1] + [k]] * 2


def _top_k_kernel(op, state):
    def top_k(input, k):  # noqa: A002 (TF's argument name)
        if np.ndim(k) != 0:
            raise errors.InvalidArgumentError(None, None, "k must be scalar, got shape %s" % shape_string(k))
        k = int(k)
        if k < 0:
            raise errors.InvalidArgumentError(None, None, "Need k >= 0, got %d" % k)
        if np.ndim(input) < 1:
            raise errors.InvalidArgumentError(
                None, None, "input must be >= 1-D, got shape %s" % shape_string(input))
        columns = input.shape[-1]
        if columns < k:
            raise errors.InvalidArgumentError(
                None, None, "input must have at least k columns. Had %d, needed %d" % (columns, k))
        # Descending by value, equal values by ascending index: a stable ascending sort of the reversed
        # row, read backwards (no negation, which would overflow the smallest integer).
        order = np.argsort(input[..., ::-1], axis=-1, kind="stable")[..., ::-1][..., :k]
        indices = (columns - 1 - order).astype(np.int32)
        return np.take_along_axis(input, indices, axis=-1), indices
    return top_k


register_op("TopKV2", inputs=["input: T", "k: int32"], outputs=["values: T", "indices: int32"],
            attrs={"T": TypeAttr(REAL_NUMBERS), "sorted": True}, shape_fn=_top_k_shape, kernel=_top_k_kernel)


def top_k(input, k=1, sorted=True, name=None):  # noqa: A002 (TF's argument names)
    """The `k` largest entries along the last axis and their indices, as TopKV2(values, indices).

    Equal values keep index order. Raises ValueError if a known last
    dimension is smaller than a constant `k`.
    """
    values, indices = apply_op("TopKV2", input=input, k=k, sorted=sorted, name=name).outputs
    return TopKV2(values, indices)


def _in_top_k_shape(op):
    predictions = with_rank(op, op.inputs[0].shape, 2).as_list()
    targets = with_rank(op, op.inputs[1].shape, 1).as_list()
    with_rank(op, op.inputs[2].shape, 0)
    return [[merge_dim(op, predictions[0], targets[0])]]


def _in_top_k_kernel(op, state):
    def in_top_k(predictions, targets, k):
        if np.ndim(predictions) != 2:
            raise errors.InvalidArgumentError(None, None, "predictions must be 2-dimensional")
        if np.ndim(targets) != 1:
            raise errors.InvalidArgumentError(None, None, "targets must be 1-dimensional")
        if predictions.shape[0] != targets.shape[0]:
            raise errors.InvalidArgumentError(
                None, None, "First dimension of predictions %d must match length of targets %d"
                % (predictions.shape[0], targets.shape[0]))
        num_classes = predictions.shape[1]
        in_range = (targets >= 0) & (targets < num_classes)
        rows = np.arange(targets.shape[0])
        target_values = predictions[rows, np.where(in_range, targets, 0)] if num_classes else np.zeros(len(rows))
        # TF cannot say, and answers False, for targets out of range or rows with a non-finite prediction.
        decidable = in_range & np.isfinite(predictions).all(axis=1)
        more_probable = np.sum(predictions > target_values[:, None], axis=1)
        return decidable & (more_probable < k)
    return in_top_k


register_op("InTopKV2", inputs=["predictions: float32", "targets: T", "k: T"], outputs=["precision: bool"],
            attrs={"T": TypeAttr(INDEX_TYPES, default=_dtypes.int32)},
            shape_fn=_in_top_k_shape, kernel=_in_top_k_kernel)


def in_top_k(predictions, targets, k, name=None):
    """Whether each row's `targets` entry is among its `k` largest `predictions` (ties count as in).

    Builds "in_top_k/InTopKV2". Targets out of range, and rows with a
    non-finite prediction, give False.
    """
    with _graph.op_scope(name, "in_top_k"):
        return apply_op("InTopKV2", predictions=predictions, targets=targets, k=k, name=name).outputs[0]
