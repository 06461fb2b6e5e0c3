"""Division as Python's operators mean it: truediv (`/`, integers cast to floats first), div and divide.

Each builds "RealDiv" or "FloorDiv" in its own name scope, after the casts
and checks TF 1.x's Python functions make; div_no_nan builds "DivNoNan".
"""

import numpy as np

from tfvars.framework import common_shapes
from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.framework.op_def_registry import TypeAttr, apply_op, register_op
from tfvars.framework.tensor import Tensor
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.ops.math_cast import cast
from tfvars.ops.math_util import FLOATS, all_or_nothing


def _is_tensor_like(value):
    """A Tensor, or a graph element standing for one (a Variable)."""
    return isinstance(value, Tensor) or hasattr(value, "_as_graph_element")


# Conversion table of true division: integers become the float type numpy would use; None: no cast.
_TRUEDIV_TABLE = {
    _dtypes.uint8: _dtypes.float32, _dtypes.int8: _dtypes.float32,
    _dtypes.uint16: _dtypes.float32, _dtypes.int16: _dtypes.float32,
    _dtypes.int32: _dtypes.float64, _dtypes.int64: _dtypes.float64,
    _dtypes.uint32: _dtypes.float64, _dtypes.uint64: _dtypes.float64,
    _dtypes.float16: None, _dtypes.float32: None, _dtypes.float64: None,
}


def _same_dtype(x, y):
    x_dtype, y_dtype = x.dtype.base_dtype, y.dtype.base_dtype
    if x_dtype != y_dtype:
        raise TypeError("x and y must have the same dtype, got %r != %r" % (x_dtype, y_dtype))
    return x_dtype


def truediv(x, y, name=None):
    """x / y with Python 3 semantics: integers are cast to floats first (op type "RealDiv").

    int8/uint8/int16/uint16 become float32 and wider integers float64, each
    by a "Cast" op inside the "truediv" name scope.

    Raises:
      TypeError: if x and y have different dtypes, or a dtype that cannot be divided.
    """
    with _graph.op_scope(name, "truediv", [x, y]) as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, preferred_dtype=x.dtype.base_dtype, name="y")
        dtype = _same_dtype(x, y)
        try:
            float_dtype = _TRUEDIV_TABLE[dtype]
        except KeyError:
            raise TypeError("Invalid dtype %r in __truediv__" % dtype) from None
        if float_dtype is not None:
            x = cast(x, float_dtype)
            y = cast(y, float_dtype)
        return apply_op("RealDiv", x=x, y=y, name=scope).outputs[0]


def div(x, y, name=None):
    """x / y with Python 2 semantics: "RealDiv" for floats, "FloorDiv" for integers, named "div".

    Raises:
      TypeError: if x and y have different dtypes.
    """
    with _graph.op_scope(name, "div", [x, y]) as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, dtype=x.dtype.base_dtype, name="y")
        dtype = _same_dtype(x, y)
        op_type = "RealDiv" if dtype.is_floating else "FloorDiv"
        return apply_op(op_type, x=x, y=y, name=scope).outputs[0]


def divide(x, y, name=None):
    """x / y as Python 3's `/` does it: the same ops as `truediv` (named "truediv" or `name`).

    A non-tensor `x` first becomes a constant "Const" of `y`'s dtype, as in TF 1.15.
    """
    if name is not None:
        return truediv(x, y, name)
    with all_or_nothing([x, y]):
        if not _is_tensor_like(x):
            x = convert_to_tensor(x, dtype=y.dtype.base_dtype if _is_tensor_like(y) else None)
        return x / y


def _div_no_nan(x, y):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(y == 0, np.zeros((), x.dtype), np.true_divide(x, y)).astype(x.dtype, copy=False)


register_op("DivNoNan", inputs=["x: T", "y: T"], outputs=["z: T"], attrs={"T": TypeAttr(FLOATS)},
            shape_fn=common_shapes.broadcast_binary_shape, kernel=lambda op, state: _div_no_nan)


def div_no_nan(x, y, name=None):
    """x / y, but 0 wherever y is 0 (op type "DivNoNan", named "div_no_nan").

    Raises:
      TypeError: if x and y have different dtypes.
    """
    with _graph.op_scope(name, "div_no_nan", [x, y]) as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y", dtype=x.dtype.base_dtype)
        _same_dtype(x, y)
        return apply_op("DivNoNan", x=x, y=y, name=scope).outputs[0]
