"""`tf.math`: TF 1.x's namespace of math functions, the same objects as `tf.add`, `tf.nn.softmax`, ....

TF 1.x: names of TF 1.15's tf.math that tfvars does not implement (special
functions, most segment reductions, complex numbers, ...) are absent.
"""

from tfvars.ops.confusion_matrix import confusion_matrix  # noqa: F401 (re-exported as tf.math.*)
from tfvars.ops.math_ops import div_no_nan as divide_no_nan  # noqa: F401 (TF 1.x's tf.math name)
from tfvars.ops.math_ops import (  # noqa: F401,A004 (re-exported; abs, pow, round are TF's names)
    abs, acos, add, add_n, argmax, argmin, asin, atan, atan2, ceil, cos, cosh, cumprod, cumsum, divide, equal,
    erf, exp, expm1, floor, floordiv, floormod, greater, greater_equal, is_finite, is_inf, is_nan, less,
    less_equal, log, log1p, logical_and, logical_not, logical_or, logical_xor, maximum, minimum, mod, multiply,
    negative, not_equal, pow, reciprocal, reduce_all, reduce_any, reduce_logsumexp, reduce_max, reduce_mean,
    reduce_min, reduce_prod, reduce_sum, rint, round, rsqrt, sigmoid, sign, sin, sinh, sqrt, square,
    squared_difference, subtract, tan, tanh, truediv, unsorted_segment_sum
)
from tfvars.ops.nn_impl import l2_normalize  # noqa: F401 (TF 1.x also exports these as tf.math.*)
from tfvars.ops.nn_ops import in_top_k, log_softmax, softmax, softplus, softsign, top_k  # noqa: F401

__all__ = [
    "abs", "acos", "add", "add_n", "argmax", "argmin", "asin", "atan", "atan2", "ceil", "confusion_matrix",
    "cos", "cosh", "cumprod", "cumsum", "divide", "divide_no_nan", "equal", "erf", "exp", "expm1", "floor",
    "floordiv", "floormod", "greater", "greater_equal", "in_top_k", "is_finite", "is_inf", "is_nan",
    "l2_normalize", "less", "less_equal", "log", "log1p", "log_softmax", "logical_and", "logical_not",
    "logical_or", "logical_xor", "maximum", "minimum", "mod", "multiply", "negative", "not_equal", "pow",
    "reciprocal", "reduce_all", "reduce_any", "reduce_logsumexp", "reduce_max", "reduce_mean", "reduce_min",
    "reduce_prod", "reduce_sum", "rint", "round", "rsqrt", "sigmoid", "sign", "sin", "sinh", "softmax",
    "softplus", "softsign", "sqrt", "square", "squared_difference", "subtract", "tan", "tanh", "top_k",
    "truediv", "unsorted_segment_sum",
]
