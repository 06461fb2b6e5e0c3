"""One-hot encoding: the OneHot op and `tf.one_hot`."""

import numpy as np

from tfvars.framework import common_shapes
from tfvars.framework import dtypes as _dtypes
from tfvars.framework import errors
from tfvars.framework import graph as _graph
from tfvars.framework import tensor_shape
from tfvars.framework.op_def_registry import TypeAttr, apply_op, register_op
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.framework.tensor_util import constant_value

_INDEX_TYPES = (_dtypes.uint8, _dtypes.int32, _dtypes.int64)


def _one_hot_shape(op):
    axis = op.get_attr("axis")
    if axis < -1:
        raise common_shapes.shape_error(op, "axis must be >= -1")
    common_shapes.with_rank(op, op.inputs[1].shape, 0)
    common_shapes.with_rank(op, op.inputs[2].shape, 0)
    common_shapes.with_rank(op, op.inputs[3].shape, 0)
    indices = op.inputs[0].shape
    depth = constant_value(op.inputs[1])
    if depth is not None and depth < 0:
        raise common_shapes.shape_error(op, "depth must be non-negative, got: %d" % depth)
    if indices.ndims is None:
        return [tensor_shape.unknown_shape()]
    dims = indices.as_list()
    if axis > len(dims):
        raise common_shapes.shape_error(op, "axis must be <= %d" % len(dims))
    dims.insert(len(dims) if axis == -1 else axis, None if depth is None else int(depth))
    return [dims]


def _one_hot_kernel(op, state):
    axis = op.get_attr("axis")

    def one_hot(indices, depth, on_value, off_value):
        if np.ndim(depth) != 0:
            raise errors.InvalidArgumentError(None, None, "depth must be a scalar, but got: %s" % (np.shape(depth),))
        if depth < 0:
            raise errors.InvalidArgumentError(None, None, "indices must be non-negative, got: %d" % depth)
        if not -1 <= axis <= np.ndim(indices):
            raise errors.InvalidArgumentError(None, None, "Expected axis to be -1 or between [0, %d).  But received: %d"
                                              % (np.ndim(indices) + 1, axis))
        hot = np.expand_dims(indices, -1) == np.arange(depth, dtype=indices.dtype)
        result = np.where(hot, on_value, off_value).astype(np.asarray(on_value).dtype, copy=False)
        return result if axis == -1 else np.moveaxis(result, -1, axis)
    return one_hot


register_op("OneHot", inputs=["indices: TI", "depth: int32", "on_value: T", "off_value: T"], outputs=["output: T"],
            attrs={"T": TypeAttr(), "TI": TypeAttr(_INDEX_TYPES, default=_dtypes.int64), "axis": -1},
            shape_fn=_one_hot_shape, kernel=_one_hot_kernel)


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """A tensor with `on_value` where the index equals the position along the new axis, else `off_value`.

    The new axis of size `depth` is last (`axis` None or -1) or at `axis`.
    The dtype is `dtype`, else that of `on_value`/`off_value`, else float32;
    on_value defaults to 1, off_value to 0. Indices outside [0, depth) give
    a row of `off_value`.

    Raises:
      TypeError: if on_value, off_value and dtype disagree on the dtype.
    """
    with _graph.op_scope(name, "one_hot", [indices, depth, on_value, off_value]) as scope:
        on_value = None if on_value is None else convert_to_tensor(on_value)
        off_value = None if off_value is None else convert_to_tensor(off_value)
        on_dtype = None if on_value is None else on_value.dtype.base_dtype
        off_dtype = None if off_value is None else off_value.dtype.base_dtype
        if dtype is not None:
            dtype = _dtypes.as_dtype(dtype)
            for label, given in (("on_value", on_dtype), ("off_value", off_dtype)):
                if given is not None and given != dtype:
                    raise TypeError("dtype {0} of {1} does not match dtype parameter {2}".format(given, label, dtype))
        else:
            dtype = on_dtype or off_dtype or _dtypes.float32
        if on_value is None:
            on_value, on_dtype = convert_to_tensor(1, dtype, name="on_value"), dtype
        if off_value is None:
            off_value, off_dtype = convert_to_tensor(0, dtype, name="off_value"), dtype
        if on_dtype != off_dtype:
            raise TypeError("dtype {0} of on_value does not match dtype {1} of off_value".format(on_dtype, off_dtype))
        return apply_op("OneHot", indices=indices, depth=depth, on_value=on_value, off_value=off_value,
                        axis=-1 if axis is None else axis, name=scope).outputs[0]
