"""`tf.unique`: the distinct elements of a vector, in order of first appearance, and where each element went."""

import numpy as np

from tfvars.framework import common_shapes
from tfvars.framework import dtypes as _dtypes
from tfvars.framework import tensor_shape
from tfvars.framework.op_def_registry import TypeAttr, apply_op, register_op
from tfvars.ops.math_util import INDEX_TYPES, invalid_argument

__all__ = ["unique"]


def _unique_shape(op):
    common_shapes.with_rank(op, op.inputs[0].shape, 1)
    return [tensor_shape.vector(None), op.inputs[0].shape]


def _unique_kernel(op, state):
    index_dtype = op.get_attr("out_idx").as_numpy_dtype

    def unique(x):
        if np.ndim(x) != 1:
            raise invalid_argument("unique expects a 1D vector.")
        values, first, inverse = np.unique(x, return_index=True, return_inverse=True)
        # numpy sorts the values; TF keeps them in order of first appearance.
        order = np.argsort(first, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(order.size)
        return values[order], rank[inverse.reshape(-1)].astype(index_dtype)
    return unique


register_op("Unique", inputs=["x: T"], outputs=["y: T", "idx: out_idx"],
            attrs={"T": TypeAttr(), "out_idx": TypeAttr(INDEX_TYPES, default=_dtypes.int32)},
            shape_fn=_unique_shape, kernel=_unique_kernel)


def unique(x, out_idx=_dtypes.int32, name=None):
    """(y, idx): the distinct elements of the vector `x` in order of first appearance, and x == y[idx].

    >>> import tfvars as tf
    >>> y, idx = unique([1, 1, 2, 4, 4, 4, 7, 8, 8])
    >>> with tf.Session() as sess:
    ...     [a.tolist() for a in sess.run([y, idx])]
    [[1, 2, 4, 7, 8], [0, 0, 1, 2, 2, 2, 3, 4, 4]]
    """
    op = apply_op("Unique", x=x, out_idx=out_idx, name=name)
    return op.outputs[0], op.outputs[1]
