"""Gradient rules of the math ops, built as TF 1.x's `math_grad` builds them.

Each rule receives the forward op and the gradient of its output, and returns
one gradient per input. Broadcasting binary ops sum their gradients back over
the broadcast axes (`_reduce_to_inputs`, with a "BroadcastGradientArgs" op);
reductions reshape and tile the gradient back to the input's shape. Ops with
integer or boolean results are declared not differentiable, as in TF.
"""

import numpy as np

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.framework import tensor_util
from tfvars.framework.gradient_registry import NotDifferentiable, RegisterGradient
from tfvars.framework.tensor import Tensor
from tfvars.ops import array_ops
from tfvars.ops import constant_op
from tfvars.ops import gradient_ops
from tfvars.ops import math_ops
from tfvars.ops import math_segment  # noqa: F401 (registers UnsortedSegmentSum, whose rule is here)

_FLOAT_TYPES = (_dtypes.float16, _dtypes.float32, _dtypes.float64)

for _op_type in ("Less", "LessEqual", "Greater", "GreaterEqual", "Equal", "NotEqual", "LogicalAnd", "LogicalOr",
                 "LogicalNot", "IsNan", "IsInf", "IsFinite", "ArgMax", "ArgMin", "Any", "All", "Range", "LinSpace",
                 "FloorDiv", "TruncateDiv", "TruncateMod"):
    NotDifferentiable(_op_type)


# Shapes.
def _shapes_fully_specified_and_equal(x, y, grad):
    """Whether no broadcasting happened, statically: the gradient passes through unreduced."""
    x_shape = x.shape
    return (x_shape.is_fully_defined() and x_shape.as_list() == y.shape.as_list()
            and grad.shape.is_fully_defined() and grad.shape.as_list() == x_shape.as_list())


def _broadcast_shapes_and_axes(x, y):
    """(Shape(x), Shape(y), the axes to sum x's gradient over, the axes to sum y's over)."""
    sx = array_ops.shape(x)
    sy = array_ops.shape(y)
    rx, ry = gradient_ops.broadcast_gradient_args(sx, sy)
    return sx, sy, rx, ry


def _sum_to_shape(grad, axes, shape):
    return array_ops.reshape(math_ops.reduce_sum(grad, axes), shape)


def _reduced_shape(input_shape, axes):
    """The shape of a reduction of a tensor of `input_shape` over `axes` with keep_dims (1 on reduced axes)."""
    input_shape = math_ops.cast(input_shape, _dtypes.int32)
    axes = math_ops.cast(axes, _dtypes.int32)
    input_rank = array_ops.size(input_shape)
    axes = (axes + input_rank) % input_rank
    axes_shape = array_ops.shape(axes)
    return array_ops.dynamic_stitch([math_ops.range(input_rank), axes],
                                       [input_shape, array_ops.fill(axes_shape, 1)])


def _safe_shape_div(x, y):
    """x // y for shapes, where a 0 in y counts as 1."""
    return x // math_ops.maximum(y, 1)


# Elementwise binary ops.
@RegisterGradient("Add")
def _add_grad(op, grad):
    x, y = op.inputs
    if isinstance(grad, Tensor) and _shapes_fully_specified_and_equal(x, y, grad):
        return grad, grad
    sx, sy, rx, ry = _broadcast_shapes_and_axes(x, y)
    return _sum_to_shape(grad, rx, sx), _sum_to_shape(grad, ry, sy)


@RegisterGradient("Sub")
def _sub_grad(op, grad):
    x, y = op.inputs
    if isinstance(grad, Tensor) and _shapes_fully_specified_and_equal(x, y, grad):
        return grad, -grad
    sx, sy, rx, ry = _broadcast_shapes_and_axes(x, y)
    return _sum_to_shape(grad, rx, sx), array_ops.reshape(-math_ops.reduce_sum(grad, ry), sy)


@RegisterGradient("Mul")
def _mul_grad(op, grad):
    x, y = op.inputs
    if (isinstance(grad, Tensor) and _shapes_fully_specified_and_equal(x, y, grad)
            and grad.dtype in (_dtypes.int32, _dtypes.float32)):
        return math_ops.multiply(grad, y), math_ops.multiply(grad, x)
    sx, sy, rx, ry = _broadcast_shapes_and_axes(x, y)
    return _sum_to_shape(grad * y, rx, sx), _sum_to_shape(x * grad, ry, sy)


@RegisterGradient("RealDiv")
def _real_div_grad(op, grad):
    x, y = op.inputs
    sx, sy, rx, ry = _broadcast_shapes_and_axes(x, y)
    return (_sum_to_shape(math_ops.realdiv(grad, y), rx, sx),
            _sum_to_shape(grad * math_ops.realdiv(math_ops.realdiv(-x, y), y), ry, sy))


@RegisterGradient("FloorMod")
def _floor_mod_grad(op, grad):
    x, y = op.inputs
    sx, sy, rx, ry = _broadcast_shapes_and_axes(x, y)
    floor_xy = math_ops.floor_div(x, y)
    return _sum_to_shape(grad, rx, sx), _sum_to_shape(grad * math_ops.negative(floor_xy), ry, sy)


@RegisterGradient("Pow")
def _pow_grad(op, grad):
    """d(x^y)/dx = y x^(y-1); d(x^y)/dy = x^y log(x), taken as 0 where x <= 0."""
    x, y = op.inputs
    z = op.outputs[0]
    sx, sy, rx, ry = _broadcast_shapes_and_axes(x, y)
    gx = _sum_to_shape(math_ops.multiply(grad, y * math_ops.pow(x, y - 1)), rx, sx)
    mask = x > 0
    safe_x = array_ops.where(mask, x, array_ops.ones_like(x))
    log_x = array_ops.where(mask, math_ops.log(safe_x), array_ops.zeros_like(x))
    gy = _sum_to_shape(grad * z * log_x, ry, sy)
    return gx, gy


def _maximum_minimum_grad(op, grad, selector):
    """The gradient goes to x where selector(x, y) holds, else to y."""
    x, y = op.inputs
    sx = array_ops.shape(x)
    sy = array_ops.shape(y)
    zeros = array_ops.zeros(array_ops.shape(grad), grad.dtype)
    xmask = selector(x, y)
    rx, ry = gradient_ops.broadcast_gradient_args(sx, sy)
    xgrad = array_ops.where(xmask, grad, zeros)
    ygrad = array_ops.where(xmask, zeros, grad)
    return _sum_to_shape(xgrad, rx, sx), _sum_to_shape(ygrad, ry, sy)


@RegisterGradient("Maximum")
def _maximum_grad(op, grad):
    return _maximum_minimum_grad(op, grad, math_ops.greater_equal)


@RegisterGradient("Minimum")
def _minimum_grad(op, grad):
    return _maximum_minimum_grad(op, grad, math_ops.less_equal)


@RegisterGradient("SquaredDifference")
def _squared_difference_grad(op, grad):
    x, y = op.inputs
    sx, sy, rx, ry = _broadcast_shapes_and_axes(x, y)
    graph = _graph.get_default_graph()
    with graph.control_dependencies([grad]):
        scalar = constant_op.constant(2.0, dtype=grad.dtype.base_dtype, name="scalar")
        x_grad = math_ops.multiply(scalar, grad) * (x - y)
    return _sum_to_shape(x_grad, rx, sx), -_sum_to_shape(x_grad, ry, sy)


@RegisterGradient("Atan2")
def _atan2_grad(op, grad):
    """TF 1.x: sums over broadcast axes too (TF's rule fails for broadcast inputs)."""
    y, x = op.inputs
    with _graph.get_default_graph().control_dependencies([grad]):
        grad_inv = grad / (math_ops.square(x) + math_ops.square(y))
        gy, gx = x * grad_inv, -y * grad_inv
    if y.shape.is_fully_defined() and y.shape == x.shape == grad.shape:
        return gy, gx
    sy, sx, ry, rx = _broadcast_shapes_and_axes(y, x)
    return _sum_to_shape(gy, ry, sy), _sum_to_shape(gx, rx, sx)


@RegisterGradient("AddN")
def _add_n_grad(op, grad):
    return [grad] * len(op.inputs)


# Elementwise unary ops.
@RegisterGradient("Neg")
def _neg_grad(op, grad):
    return -grad


@RegisterGradient("Abs")
def _abs_grad(op, grad):
    return grad * math_ops.sign(op.inputs[0])


@RegisterGradient("Sign")
def _sign_grad(op, grad):
    return array_ops.zeros_like(op.inputs[0])


for _op_type in ("Floor", "Ceil", "Round", "Rint"):
    RegisterGradient(_op_type)(lambda op, grad: [None])


@RegisterGradient("Square")
def _square_grad(op, grad):
    x = op.inputs[0]
    with _graph.get_default_graph().control_dependencies([grad]):  # keeps 2 * x from being computed early
        two = constant_op.constant(2.0, dtype=x.dtype.base_dtype)
        return math_ops.multiply(grad, math_ops.multiply(x, two))


@RegisterGradient("Sqrt")
def _sqrt_grad(op, grad):
    return gradient_ops.sqrt_grad(op.outputs[0], grad)


@RegisterGradient("Rsqrt")
def _rsqrt_grad(op, grad):
    return gradient_ops.rsqrt_grad(op.outputs[0], grad)


@RegisterGradient("Reciprocal")
def _reciprocal_grad(op, grad):
    return gradient_ops.reciprocal_grad(op.outputs[0], grad)


@RegisterGradient("Tanh")
def _tanh_grad(op, grad):
    with _graph.get_default_graph().control_dependencies([grad]):
        return gradient_ops.tanh_grad(op.outputs[0], grad)


@RegisterGradient("Sigmoid")
def _sigmoid_grad(op, grad):
    with _graph.get_default_graph().control_dependencies([grad]):
        return gradient_ops.sigmoid_grad(op.outputs[0], grad)


@RegisterGradient("Exp")
def _exp_grad(op, grad):
    with _graph.get_default_graph().control_dependencies([grad]):
        return grad * op.outputs[0]


@RegisterGradient("Expm1")
def _expm1_grad(op, grad):
    with _graph.get_default_graph().control_dependencies([grad]):
        return grad * math_ops.exp(op.inputs[0])


@RegisterGradient("Log")
def _log_grad(op, grad):
    with _graph.get_default_graph().control_dependencies([grad]):
        return grad * math_ops.reciprocal(op.inputs[0])


@RegisterGradient("Log1p")
def _log1p_grad(op, grad):
    with _graph.get_default_graph().control_dependencies([grad]):
        return grad * math_ops.reciprocal(1 + op.inputs[0])


@RegisterGradient("Sin")
def _sin_grad(op, grad):
    with _graph.get_default_graph().control_dependencies([grad]):
        return grad * math_ops.cos(op.inputs[0])


@RegisterGradient("Cos")
def _cos_grad(op, grad):
    with _graph.get_default_graph().control_dependencies([grad]):
        return -grad * math_ops.sin(op.inputs[0])


@RegisterGradient("Tan")
def _tan_grad(op, grad):
    with _graph.get_default_graph().control_dependencies([grad]):
        secx = math_ops.reciprocal(math_ops.cos(op.inputs[0]))
        return grad * math_ops.square(secx)


def _inverse_sqrt_one_minus_square(x, grad):
    """1 / sqrt(1 - x^2), the derivative of asin (and minus that of acos)."""
    with _graph.get_default_graph().control_dependencies([grad]):
        one = constant_op.constant(1, dtype=grad.dtype.base_dtype)
        return math_ops.reciprocal(math_ops.sqrt(math_ops.subtract(one, math_ops.square(x))))


@RegisterGradient("Asin")
def _asin_grad(op, grad):
    return grad * _inverse_sqrt_one_minus_square(op.inputs[0], grad)


@RegisterGradient("Acos")
def _acos_grad(op, grad):
    return -grad * _inverse_sqrt_one_minus_square(op.inputs[0], grad)


@RegisterGradient("Atan")
def _atan_grad(op, grad):
    x = op.inputs[0]
    with _graph.get_default_graph().control_dependencies([grad]):
        one = constant_op.constant(1, dtype=grad.dtype.base_dtype)
        return grad * math_ops.reciprocal(math_ops.add(one, math_ops.square(x)))


@RegisterGradient("Sinh")
def _sinh_grad(op, grad):
    with _graph.get_default_graph().control_dependencies([grad]):
        return grad * math_ops.cosh(op.inputs[0])


@RegisterGradient("Cosh")
def _cosh_grad(op, grad):
    with _graph.get_default_graph().control_dependencies([grad]):
        return grad * math_ops.sinh(op.inputs[0])


@RegisterGradient("Erf")
def _erf_grad(op, grad):
    x = op.inputs[0]
    two_over_root_pi = constant_op.constant(2 / np.sqrt(np.pi), dtype=grad.dtype.base_dtype)
    with _graph.get_default_graph().control_dependencies([grad]):
        return grad * two_over_root_pi * math_ops.exp(-math_ops.square(x))


# The *Grad ops' own gradients (second derivatives).
@RegisterGradient("SqrtGrad")
def _sqrt_grad_grad(op, grad):
    y, dy = op.inputs
    ga = grad / y
    return -op.outputs[0] * ga, 0.5 * ga


@RegisterGradient("RsqrtGrad")
def _rsqrt_grad_grad(op, grad):
    y, dy = op.inputs
    with _graph.get_default_graph().control_dependencies([grad]):
        grad_y = -1.5 * grad * dy * math_ops.square(y)
        return grad_y, gradient_ops.rsqrt_grad(y, grad)


@RegisterGradient("ReciprocalGrad")
def _reciprocal_grad_grad(op, grad):
    y, dy = op.inputs
    with _graph.get_default_graph().control_dependencies([grad]):
        return -2.0 * grad * dy * y, gradient_ops.reciprocal_grad(y, grad)


@RegisterGradient("TanhGrad")
def _tanh_grad_grad(op, grad):
    y, dy = op.inputs
    with _graph.get_default_graph().control_dependencies([grad]):
        return -2.0 * grad * dy * y, gradient_ops.tanh_grad(y, grad)


@RegisterGradient("SigmoidGrad")
def _sigmoid_grad_grad(op, grad):
    y, dy = op.inputs
    with _graph.get_default_graph().control_dependencies([grad]):
        grad_y = grad * dy * (1 - 2 * y)
        return grad_y, gradient_ops.sigmoid_grad(y, grad)


# Casts and scans.
@RegisterGradient("Cast")
def _cast_grad(op, grad):
    """Flows only between floating types, as in TF."""
    source = op.inputs[0].dtype.base_dtype
    if source in _FLOAT_TYPES and grad.dtype.base_dtype in _FLOAT_TYPES:
        return math_ops.cast(grad, source)
    return None


@RegisterGradient("Cumsum")
def _cumsum_grad(op, grad):
    return [math_ops.cumsum(grad, op.inputs[1], exclusive=op.get_attr("exclusive"),
                            reverse=not op.get_attr("reverse")), None]


@RegisterGradient("Cumprod")
def _cumprod_grad(op, grad):
    """TF 1.x's rule, which divides by x (so it is NaN where x has zeros, as in TF)."""
    x, axis = op.inputs
    exclusive, reverse = op.get_attr("exclusive"), op.get_attr("reverse")
    prod = math_ops.cumprod(x, axis, exclusive=exclusive, reverse=reverse)
    out = math_ops.cumsum(prod * grad, axis, exclusive=exclusive, reverse=not reverse)
    return [out / x, None]


@RegisterGradient("UnsortedSegmentSum")
def _unsorted_segment_sum_grad(op, grad):
    """Each element gets its segment's gradient; elements with dropped (negative) ids get zeros."""
    segment_ids = op.inputs[1]
    gathered = array_ops.gather(grad, math_ops.maximum(segment_ids, array_ops.zeros_like(segment_ids)))
    is_positive = math_ops.greater_equal(segment_ids, 0)
    for _ in range(gathered.shape.ndims - is_positive.shape.ndims):
        is_positive = array_ops.expand_dims(is_positive, -1)
    is_positive = math_ops.logical_and(is_positive, array_ops.ones_like(gathered, dtype=_dtypes.bool_))
    return array_ops.where(is_positive, gathered, array_ops.zeros_like(gathered)), None, None


# Reductions.
def _reduces_all_axes(op):
    """The input's static shape as a list if the op reduces all of its (statically known) axes, else None."""
    shape = op.inputs[0].shape
    if shape.ndims is None:
        return None
    axes = tensor_util.constant_value(op.inputs[1])
    if axes is None or not np.array_equal(np.sort(np.ravel(axes)), np.arange(shape.ndims)):
        return None
    return shape.as_list()


@RegisterGradient("Sum")
def _sum_grad(op, grad):
    """The gradient tiled back over the reduced axes."""
    input_dims = _reduces_all_axes(op)
    if input_dims is not None:
        grad = array_ops.reshape(grad, [1] * len(input_dims))
        if None not in input_dims:
            input_shape = constant_op.constant(input_dims, dtype=_dtypes.int32)
        else:
            input_shape = array_ops.shape(op.inputs[0])
        return [array_ops.tile(grad, input_shape), None]
    input_shape = array_ops.shape(op.inputs[0])
    with _graph.get_default_graph().colocate_with(input_shape.op):
        output_shape_kept_dims = _reduced_shape(input_shape, op.inputs[1])
        tile_scaling = _safe_shape_div(input_shape, output_shape_kept_dims)
    grad = array_ops.reshape(grad, output_shape_kept_dims)
    return [array_ops.tile(grad, tile_scaling), None]


@RegisterGradient("Mean")
def _mean_grad(op, grad):
    """The Sum gradient divided by the number of elements averaged."""
    sum_grad = _sum_grad(op, grad)[0]
    input_shape, output_shape = op.inputs[0].shape, op.outputs[0].shape
    if input_shape.is_fully_defined() and output_shape.is_fully_defined():
        factor = input_shape.num_elements() // max(output_shape.num_elements(), 1)
        factor = constant_op.constant(factor, dtype=sum_grad.dtype.base_dtype)
    else:
        factor = _safe_shape_div(math_ops.reduce_prod(array_ops.shape(op.inputs[0])),
                                 math_ops.reduce_prod(array_ops.shape(op.outputs[0])))
    return math_ops.truediv(sum_grad, math_ops.cast(factor, sum_grad.dtype.base_dtype)), None


def _min_or_max_grad(op, grad):
    """The gradient shared equally by the elements equal to the extreme value."""
    input_shape = array_ops.shape(op.inputs[0])
    output_shape_kept_dims = _reduced_shape(input_shape, op.inputs[1])
    y = array_ops.reshape(op.outputs[0], output_shape_kept_dims)
    grad = array_ops.reshape(grad, output_shape_kept_dims)
    indicators = math_ops.cast(math_ops.equal(y, op.inputs[0]), grad.dtype.base_dtype)
    num_selected = array_ops.reshape(math_ops.reduce_sum(indicators, op.inputs[1]), output_shape_kept_dims)
    return [math_ops.divide(indicators, num_selected) * grad, None]


RegisterGradient("Max")(_min_or_max_grad)
RegisterGradient("Min")(_min_or_max_grad)


@RegisterGradient("Prod")
def _prod_grad(op, grad):
    """The product of the other elements of each reduced group: exclusive cumprods from both ends."""
    input_shape = array_ops.shape(op.inputs[0])
    reduction_indices = array_ops.reshape(op.inputs[1], [-1])
    output_shape_kept_dims = _reduced_shape(input_shape, op.inputs[1])
    tile_scaling = _safe_shape_div(input_shape, output_shape_kept_dims)
    grad = array_ops.tile(array_ops.reshape(grad, output_shape_kept_dims), tile_scaling)
    graph = _graph.get_default_graph()
    with graph.device("/cpu:0"):
        rank = array_ops.rank(op.inputs[0])
        reduction_indices = (reduction_indices + rank) % rank
        reduced = math_ops.cast(reduction_indices, _dtypes.int32)
        idx = math_ops.range(0, rank)
        other, _ = gradient_ops.setdiff1d(idx, reduced)
        perm = array_ops.concat([reduced, other], 0)
        reduced_num = math_ops.reduce_prod(array_ops.gather(input_shape, reduced))
        other_num = math_ops.reduce_prod(array_ops.gather(input_shape, other))
    permuted = array_ops.transpose(op.inputs[0], perm)
    permuted_shape = array_ops.shape(permuted)
    reshaped = array_ops.reshape(permuted, array_ops.stack([reduced_num, other_num]))
    left = math_ops.cumprod(reshaped, axis=0, exclusive=True)
    right = math_ops.cumprod(reshaped, axis=0, exclusive=True, reverse=True)
    y = array_ops.reshape(left * right, permuted_shape)
    out = grad * array_ops.transpose(y, gradient_ops.invert_permutation(perm))
    return array_ops.reshape(out, input_shape), None


# Matrix products.
@RegisterGradient("MatMul")
def _matmul_grad(op, grad):
    a, b = op.inputs
    t_a, t_b = op.get_attr("transpose_a"), op.get_attr("transpose_b")
    matmul = math_ops.matmul
    if not t_a and not t_b:
        return matmul(grad, b, transpose_b=True), matmul(a, grad, transpose_a=True)
    if not t_a and t_b:
        return matmul(grad, b), matmul(grad, a, transpose_a=True)
    if t_a and not t_b:
        return matmul(b, grad, transpose_b=True), matmul(a, grad)
    return (matmul(b, grad, transpose_a=True, transpose_b=True),
            matmul(grad, a, transpose_a=True, transpose_b=True))


@RegisterGradient("SparseMatMul")
def _sparse_matmul_grad(op, grad):
    """TF 1.x: the MatMul rule (TF builds SparseMatMul ops keeping the sparsity hints)."""
    return _matmul_grad(op, grad)


@RegisterGradient("BatchMatMul")
def _batch_matmul_grad(op, grad):
    x, y = op.inputs
    adj_x, adj_y = op.get_attr("adj_x"), op.get_attr("adj_y")
    matmul = math_ops.matmul
    if not adj_x and not adj_y:
        return matmul(grad, y, adjoint_b=True), matmul(x, grad, adjoint_a=True)
    if not adj_x and adj_y:
        return matmul(grad, y), matmul(grad, x, adjoint_a=True)
    if adj_x and not adj_y:
        return matmul(y, grad, adjoint_b=True), matmul(x, grad)
    return matmul(y, grad, adjoint_a=True, adjoint_b=True), matmul(grad, x, adjoint_a=True, adjoint_b=True)

