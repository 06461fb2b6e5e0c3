"""Elementwise ops on two broadcast tensors: arithmetic, comparisons and logic; and add_n's sum of a list.

Each op type has TF 1.x's allowed types, broadcasting shape function and a
numpy kernel; integer division and modulus fail on a zero divisor, as TF's
kernels do.
"""

import builtins
import functools

import numpy as np

from tfvars.framework import common_shapes
from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.framework.op_def_registry import REQUIRED, TypeAttr, apply_op, register_op
from tfvars.framework.tensor_conversion import convert_to_tensor, convert_to_tensor_or_indexed_slices
from tfvars.ops import array_ops
from tfvars.ops.math_unary import logical_not
from tfvars.ops.math_util import (
    FLOATS, NUMBERS, SIGNED_NUMBERS, all_or_nothing, fixed, floats_only, invalid_argument, shape_string,
)


def _by_type(float_fn, integer_fn):
    """A kernel factory choosing `integer_fn` for integer "T", else `float_fn`."""
    return lambda op, state: integer_fn if op.get_attr("T").is_integer else float_fn


def _checked_division(numpy_fn):
    """An integer division or modulus that fails on a zero divisor, as TF's kernels do.

    An empty result divides nothing, so it never fails (TF's Sum gradient takes axes modulo a
    scalar's rank, 0).
    """
    def integer_division(x, y):
        if not np.all(y) and np.broadcast(x, y).size:
            raise invalid_argument("Integer division by zero")
        return numpy_fn(x, y)
    return integer_division


def _concatenate_strings(x, y):
    return np.asarray(np.add(x, y), dtype=object)


def _truncate_divide_integers(x, y):
    """C's integer division (toward zero), exact for all int64 values."""
    quotient = np.floor_divide(x, y)
    return np.where((np.remainder(x, y) != 0) & ((x < 0) != (y < 0)), quotient + 1, quotient)


def _truncate_divide_floats(x, y):
    return np.trunc(np.true_divide(x, y))


def _integer_power(x, y):
    try:
        return np.power(x, y)
    except ValueError:
        if np.any(np.asarray(y) < 0):
            raise invalid_argument("Integers to negative integer powers are not allowed") from None
        raise


def _squared_difference(x, y):
    return np.square(np.subtract(x, y))


def _register_binary(op_type, kernel, allowed, output="T"):
    """An elementwise op on two broadcast inputs of one type `T` (restricted to `allowed`)."""
    register_op(op_type, inputs=["x: T", "y: T"], outputs=["z: %s" % output], attrs={"T": TypeAttr(allowed)},
                shape_fn=common_shapes.broadcast_binary_shape, kernel=kernel)


_register_binary("Add", lambda op, state: _concatenate_strings if op.get_attr("T") is _dtypes.string else np.add,
                 NUMBERS + (_dtypes.string,))
_register_binary("Sub", fixed(np.subtract), NUMBERS)
_register_binary("Mul", fixed(np.multiply), NUMBERS)
_register_binary("RealDiv", floats_only(np.true_divide), NUMBERS)
_register_binary("FloorDiv", _by_type(np.floor_divide, _checked_division(np.floor_divide)), NUMBERS)
_register_binary("FloorMod", _by_type(np.remainder, _checked_division(np.remainder)), NUMBERS)
_register_binary("TruncateDiv", _by_type(_truncate_divide_floats, _checked_division(_truncate_divide_integers)),
                 NUMBERS)
_register_binary("TruncateMod", _by_type(np.fmod, _checked_division(np.fmod)),
                 FLOATS + (_dtypes.int32, _dtypes.int64))
_register_binary("Pow", _by_type(np.power, _integer_power), SIGNED_NUMBERS)
_register_binary("Maximum", fixed(np.maximum), NUMBERS)
_register_binary("Minimum", fixed(np.minimum), NUMBERS)
_register_binary("SquaredDifference", fixed(_squared_difference), FLOATS + (_dtypes.int32, _dtypes.int64))
_register_binary("Equal", fixed(np.equal), None, output="bool")
_register_binary("NotEqual", fixed(np.not_equal), None, output="bool")
_register_binary("Less", fixed(np.less), NUMBERS, output="bool")
_register_binary("LessEqual", fixed(np.less_equal), NUMBERS, output="bool")
_register_binary("Greater", fixed(np.greater), NUMBERS, output="bool")
_register_binary("GreaterEqual", fixed(np.greater_equal), NUMBERS, output="bool")
register_op("Atan2", inputs=["y: T", "x: T"], outputs=["z: T"], attrs={"T": TypeAttr(FLOATS)},
            shape_fn=common_shapes.broadcast_binary_shape, kernel=fixed(np.arctan2))
for _op_type, _numpy_fn in (("LogicalAnd", np.logical_and), ("LogicalOr", np.logical_or)):
    register_op(_op_type, inputs=["x: bool", "y: bool"], outputs=["z: bool"],
                shape_fn=common_shapes.broadcast_binary_shape, kernel=fixed(_numpy_fn))


def _binary_function(op_type, public_name, summary):
    """The public function building one `op_type` op from `x` and `y`."""
    def binary(x, y, name=None):
        return apply_op(op_type, x=x, y=y, name=name).outputs[0]
    binary.__name__ = binary.__qualname__ = public_name
    binary.__doc__ = "%s elementwise, with broadcasting (op type \"%s\")." % (summary, op_type)
    return binary


add = _binary_function("Add", "add", "x + y (numbers, or concatenation of strings)")
subtract = _binary_function("Sub", "subtract", "x - y")
multiply = _binary_function("Mul", "multiply", "x * y")
realdiv = _binary_function("RealDiv", "realdiv", "x / y for floating-point x and y")
floor_div = _binary_function("FloorDiv", "floor_div", "x / y rounded toward -inf")
floormod = _binary_function("FloorMod", "floormod", "x - floor(x / y) * y (the remainder has y's sign)")
mod = floormod
truncatediv = _binary_function("TruncateDiv", "truncatediv", "x / y rounded toward zero")
truncatemod = _binary_function("TruncateMod", "truncatemod", "x - trunc(x / y) * y (the remainder has x's sign)")
maximum = _binary_function("Maximum", "maximum", "max(x, y)")
minimum = _binary_function("Minimum", "minimum", "min(x, y)")
squared_difference = _binary_function("SquaredDifference", "squared_difference", "(x - y) ** 2")
equal = _binary_function("Equal", "equal", "x == y")
not_equal = _binary_function("NotEqual", "not_equal", "x != y")
less = _binary_function("Less", "less", "x < y")
less_equal = _binary_function("LessEqual", "less_equal", "x <= y")
greater = _binary_function("Greater", "greater", "x > y")
greater_equal = _binary_function("GreaterEqual", "greater_equal", "x >= y")
logical_and = _binary_function("LogicalAnd", "logical_and", "x AND y for bool x and y")
logical_or = _binary_function("LogicalOr", "logical_or", "x OR y for bool x and y")


def atan2(y, x, name=None):
    """The angle of the point (x, y) elementwise, in [-pi, pi] (op type "Atan2"; note: y first)."""
    return apply_op("Atan2", y=y, x=x, name=name).outputs[0]


def floordiv(x, y, name=None):
    """x / y rounded toward -inf, as Python's `//` (op type "FloorDiv", named "floordiv")."""
    with _graph.op_scope(name, "floordiv", [x, y]) as scope:
        return apply_op("FloorDiv", x=x, y=y, name=scope).outputs[0]


def pow(x, y, name=None):  # noqa: A001 (TF's name)
    """x ** y elementwise (op type "Pow"); integers to negative powers fail when run."""
    with _graph.op_scope(name, "Pow", [x]) as scope:
        return apply_op("Pow", x=x, y=y, name=scope).outputs[0]


def logical_xor(x, y, name="LogicalXor"):
    """x XOR y for bool x and y, built as TF 1.x builds it: (x | y) & ~(x & y)."""
    with all_or_nothing([x, y]):
        return logical_and(logical_or(x, y), logical_not(logical_and(x, y)), name=name)


# Sums of lists.
def _add_n_shape(op):
    """All inputs share one shape: merged from the last to the first, as TF reports conflicts."""
    merged = op.inputs[-1].shape
    for i in builtins.range(len(op.inputs) - 2, -1, -1):
        try:
            merged = common_shapes.merged_shape(op.inputs[i].shape, merged)
        except ValueError as error:
            raise common_shapes.shape_error(
                op, "%s\n\tFrom merging shape %d with other shapes." % (error, i)) from None
    return [merged]


def _add_n_kernel(op, state):
    name = op.name

    def add_n_values(*values):
        shape = np.shape(values[0])
        for i, value in enumerate(values[1:], 1):
            if np.shape(value) != shape:
                raise invalid_argument(
                    "Inputs to operation %s of type AddN must have the same size and shape.  Input 0: %s != "
                    "input %d: %s" % (name, shape_string(shape), i, shape_string(np.shape(value))))
        return functools.reduce(np.add, values)
    return add_n_values


register_op("AddN", inputs=["inputs: N * T"], outputs=["sum: T"], attrs={"N": REQUIRED, "T": TypeAttr(NUMBERS)},
            shape_fn=_add_n_shape, kernel=_add_n_kernel)


def add_n(inputs, name=None):
    """The elementwise sum of a list of tensors of one dtype and shape (op type "AddN").

    A single input is returned as is (through an "Identity" named `name` if given); a single
    IndexedSlices as its dense tensor.

    Raises:
      ValueError: if `inputs` is not a non-empty list, or the shapes differ.
      TypeError: if the dtypes differ.
    """
    # TF 1.x tests `not inputs` first, so a lone Tensor fails there with a TypeError; the ValueError is clearer.
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise ValueError("inputs must be a list of at least one Tensor/IndexedSlices with the same dtype and shape")
    with all_or_nothing(inputs):
        inputs = [convert_to_tensor_or_indexed_slices(value) for value in inputs]
        if len(inputs) == 1:
            values = convert_to_tensor(inputs[0])  # an IndexedSlices is summed into its dense tensor
            return array_ops.identity(values, name=name) if name else values
        types = [value.dtype.base_dtype for value in inputs]
        if any(t != types[0] for t in types):
            raise TypeError("Tensors in list passed to 'inputs' of 'AddN' Op have types [%s] that don't all match."
                            % ", ".join(t.name for t in types))
        return apply_op("AddN", inputs=inputs, name=name).outputs[0]
