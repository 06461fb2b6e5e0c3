"""TF's math functions (`tf.add`, `tf.cast`, `tf.reduce_sum`, `tf.matmul`...), gathered from the modules building them.

Each op type is registered with TF 1.x's signature, its shape function and a
numpy kernel that returns exactly the output's dtype; each public function
builds the ops TF 1.x builds, with the same types, names and static shapes.
One module per family:

- `math_binary`: elementwise ops on two broadcast tensors (arithmetic, comparisons, logic) and add_n
- `math_division`: truediv, div and divide, with the casts Python's division needs
- `math_unary`: elementwise ops on one tensor
- `math_cast`: cast, the to_* shorthands and saturate_cast
- `math_sequences`: range, linspace and the scans cumsum and cumprod
- `math_reduction`: the reduce_* functions, reduce_logsumexp, argmax and argmin
- `math_matmul`: matmul and tensordot
- `math_segment`: unsorted_segment_sum
- `math_util`: allowed types, shape checks and kernels' messages in TF's words
"""

from tfvars.ops.math_binary import (
    add, add_n, atan2, equal, floor_div, floordiv, floormod, greater, greater_equal, less, less_equal, logical_and,
    logical_or, logical_xor, maximum, minimum, mod, multiply, not_equal, pow, realdiv, squared_difference, subtract,
    truncatediv, truncatemod,
)
from tfvars.ops.math_cast import cast, saturate_cast, to_double, to_float, to_int32, to_int64
from tfvars.ops.math_division import div, div_no_nan, divide, truediv
from tfvars.ops.math_matmul import matmul, tensordot
from tfvars.ops.math_reduction import (
    arg_max, arg_min, argmax, argmin, reduce_all, reduce_any, reduce_logsumexp, reduce_max, reduce_mean, reduce_min,
    reduce_prod, reduce_sum,
)
from tfvars.ops.math_segment import unsorted_segment_sum
from tfvars.ops.math_sequences import cumprod, cumsum, lin_space, linspace, range
from tfvars.ops.math_unary import (
    abs, acos, asin, atan, ceil, cos, cosh, erf, exp, expm1, floor, is_finite, is_inf, is_nan, log, log1p, logical_not,
    negative, reciprocal, rint, round, rsqrt, sigmoid, sign, sin, sinh, sqrt, square, tan, tanh,
)

__all__ = [
    # Elementwise binary ops.
    "add", "subtract", "multiply", "divide", "div", "div_no_nan", "truediv", "realdiv", "floordiv", "floor_div",
    "floormod", "mod", "truncatediv", "truncatemod", "pow", "maximum", "minimum", "squared_difference",
    "atan2", "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
    "logical_and", "logical_or", "logical_xor",
    # Elementwise unary ops.
    "negative", "abs", "sign", "square", "sqrt", "rsqrt", "exp", "expm1", "log", "log1p", "reciprocal",
    "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "sigmoid", "erf",
    "floor", "ceil", "round", "rint", "logical_not", "is_nan", "is_inf", "is_finite",
    # Casts, sums of lists, sequences and scans.
    "cast", "to_float", "to_double", "to_int32", "to_int64", "saturate_cast", "add_n",
    "range", "linspace", "lin_space", "cumsum", "cumprod",
    # Reductions and matrix products.
    "reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_any", "reduce_all",
    "reduce_logsumexp", "argmax", "argmin", "arg_max", "arg_min", "matmul", "tensordot",
    # Segment sums.
    "unsorted_segment_sum",
]
