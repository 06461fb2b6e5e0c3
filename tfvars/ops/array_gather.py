"""Picking elements by index or condition: GatherV2, Select, Where (gather, where, boolean_mask)."""

import numpy as np

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.framework import tensor_shape
from tfvars.framework.op_def_registry import TypeAttr, apply_op, register_op
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.framework.tensor_shape import unknown_shape
from tfvars.ops.array_concat import concat
from tfvars.ops.array_shape_inference import shape_fn
from tfvars.ops.array_shaping import reshape, shape, squeeze
from tfvars.ops.array_util import INDEX_TYPES, invalid_argument, shape_string, string_safe


# GatherV2.

@shape_fn
def _gather_shape(c):
    params = c.with_rank_at_least(c.input(0), 1)
    indices = c.input(1)
    c.with_rank(c.input(2), 0)
    axis = c.input_tensor(2)
    if axis is None:
        if params.ndims is not None and indices.ndims is not None:
            return [unknown_shape(params.ndims + indices.ndims - 1)]
        return [unknown_shape()]
    axis = int(axis)
    params = c.with_rank_at_least(params, -axis if axis < 0 else axis + 1)
    if params.ndims is None:
        return [unknown_shape()]
    out = c.subshape(params, 0, axis).concatenate(indices)
    if axis != -1:
        out = out.concatenate(c.subshape(params, axis + 1))
    return [out]


def _gather_kernel(op, state):
    def gather(params, indices, axis):
        rank = np.ndim(params)
        if rank < 1:
            raise invalid_argument("params must be at least 1 dimensional")
        axis = int(axis)
        if not -rank <= axis < rank:
            raise invalid_argument("Expected axis in the range [%d, %d), but got %d" % (-rank, rank, axis))
        size = np.shape(params)[axis]
        if np.size(indices) and (np.min(indices) < 0 or np.max(indices) >= size):
            flat = np.reshape(indices, -1)
            bad = int(np.flatnonzero((flat < 0) | (flat >= size))[0])
            where = "" if np.ndim(indices) == 0 else shape_string(np.unravel_index(bad, np.shape(indices)))
            raise invalid_argument("indices%s = %d is not in [0, %d)" % (where, flat[bad], size))
        return np.take(params, indices, axis=axis)
    return string_safe(op, gather, type_attr="Tparams")


register_op("GatherV2", inputs=["params: Tparams", "indices: Tindices", "axis: Taxis"], outputs=["output: Tparams"],
            attrs={"batch_dims": 0, "Tparams": TypeAttr(), "Tindices": TypeAttr(INDEX_TYPES),
                   "Taxis": TypeAttr(INDEX_TYPES)},
            shape_fn=_gather_shape, kernel=_gather_kernel)


def gather(params, indices, validate_indices=None, name=None, axis=0):
    """The slices of `params` along `axis` at `indices` (op "GatherV2").

    Indices out of [0, size) raise InvalidArgumentError at run time, as TF's CPU
    kernel does. `validate_indices` is ignored, as in TF 1.x. Along axis 0, a
    resource variable is read sparsely (its `sparse_read`: a "ResourceGather"),
    so that its gradient is an IndexedSlices of the gathered rows.
    """
    del validate_indices
    if (axis is None or (isinstance(axis, (int, np.integer)) and axis == 0)) and hasattr(params, "sparse_read"):
        return params.sparse_read(indices, name=name)
    return apply_op("GatherV2", params=params, indices=indices, axis=0 if axis is None else axis,
                    name=name).outputs[0]


# Select, Where.

@shape_fn
def _select_shape(c):
    data = c.merge(c.input(1), c.input(2))
    cond = c.input(0)
    if cond.ndims is None or data.ndims is None or cond.ndims == 0:
        return [data]
    if cond.ndims != 1 or data.ndims == 0:
        return [c.merge(data, cond)]
    c.merge(cond, tensor_shape.TensorShape([c.dim(data, 0)]))
    return [data]


def _select_kernel(op, state):
    def select(condition, t, e):
        cond_shape, then_shape, else_shape = np.shape(condition), np.shape(t), np.shape(e)
        if not cond_shape:
            if then_shape != else_shape:
                raise invalid_argument("'then' and 'else' must have the same size.  but received: %s vs. %s"
                                       % (shape_string(then_shape), shape_string(else_shape)))
            return t if condition else e
        if len(cond_shape) == 1 and len(then_shape) != 1:
            # TF 1.x: a vector condition picks whole rows of higher-rank `t` and `e`.
            if not then_shape:
                raise invalid_argument("'then' must be at least a vector, but saw shape: %s" % shape_string(then_shape))
            if then_shape[0] != cond_shape[0]:
                raise invalid_argument("Number of batches of 'then' must match size of 'cond', but saw: %d vs. %d"
                                       % (then_shape[0], cond_shape[0]))
            if then_shape != else_shape:
                raise invalid_argument("'then' and 'else' must have the same size.  but received: %s vs. %s"
                                       % (shape_string(then_shape), shape_string(else_shape)))
            return np.where(np.reshape(condition, cond_shape + (1,) * (len(then_shape) - 1)), t, e)
        for i, other in ((1, then_shape), (2, else_shape)):
            if other != cond_shape:
                raise invalid_argument("Inputs to operation %s of type Select must have the same size and shape.  "
                                       "Input 0: %s != input %d: %s"
                                       % (op.name, shape_string(cond_shape), i, shape_string(other)))
        return np.where(condition, t, e)
    return select


register_op("Select", inputs=["condition: bool", "t: T", "e: T"], outputs=["output: T"], attrs={"T": TypeAttr()},
            shape_fn=_select_shape, kernel=_select_kernel)
register_op("Where", inputs=["input: T"], outputs=["index: int64"],
            attrs={"T": TypeAttr(_dtypes.NUMBER_TYPES + (_dtypes.bool_,), default=_dtypes.bool_)},
            shape_fn=lambda op: [tensor_shape.TensorShape([None, op.inputs[0].shape.ndims])],
            kernel=lambda op, state: lambda x: np.argwhere(x).astype(np.int64, copy=False))


def where(condition, x=None, y=None, name=None):
    """The coordinates of true elements of `condition` (int64, op "Where"), or elements of `x`/`y` ("Select").

    TF 1.x semantics: with `x` and `y` (same shape), `condition` has their shape,
    is a scalar, or is a vector choosing whole rows (their first dimension).

    Raises ValueError if only one of `x` and `y` is given.
    """
    if x is None and y is None:
        with _graph.op_scope(name, "Where", [condition]) as scope:
            condition = convert_to_tensor(condition, preferred_dtype=_dtypes.bool_, name="condition")
            return apply_op("Where", input=condition, name=scope).outputs[0]
    if x is not None and y is not None:
        return apply_op("Select", condition=condition, t=x, e=y, name=name).outputs[0]
    raise ValueError("x and y must both be non-None or both be None.")


def boolean_mask(tensor, mask, name="boolean_mask", axis=None):
    """The elements (or slices from `axis`) of `tensor` where the K-D boolean `mask` is true: numpy's `tensor[mask]`.

    Built as TF 1.x builds it (Reshape, Where, Squeeze, GatherV2 in scope
    "boolean_mask"). Raises ValueError for a scalar mask, a mask of unknown rank,
    or a mask whose shape does not match `tensor`'s.
    """
    with _graph.op_scope(name, None, [tensor, mask]):
        tensor = convert_to_tensor(tensor, name="tensor")
        mask = convert_to_tensor(mask, name="mask")
        shape_mask, shape_tensor = mask.shape, tensor.shape
        ndims_mask = shape_mask.ndims
        if ndims_mask == 0:
            raise ValueError("mask cannot be scalar.")
        if ndims_mask is None:
            raise ValueError("Number of mask dimensions must be specified, even if some dimensions are None.  E.g. "
                             "shape=[None] is ok, but shape=None is not.")
        axis = 0 if axis is None else axis
        shape_tensor[axis:axis + ndims_mask].assert_is_compatible_with(shape_mask)
        leading_size = apply_op("Prod", input=shape(tensor)[axis:axis + ndims_mask], reduction_indices=[0]).outputs[0]
        tensor = reshape(tensor, concat([shape(tensor)[:axis], [leading_size], shape(tensor)[axis + ndims_mask:]], 0))
        first_dim = shape_tensor[axis:axis + ndims_mask].num_elements()
        tensor.set_shape(tensor_shape.as_shape(shape_tensor[:axis]).concatenate([first_dim])
                         .concatenate(shape_tensor[axis + ndims_mask:]))
        mask = reshape(mask, [-1])
        indices = squeeze(where(mask), axis=[1])
        return gather(tensor, indices, axis=axis)
