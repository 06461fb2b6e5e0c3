"""The ops only gradient rules build, registered with TF 1.x's signatures.

| op | what it computes |
| --- | --- |
| BroadcastGradientArgs | the axes each input of a broadcast op was broadcast along (to sum its gradient over) |
| ConcatOffset | where each input of a concat starts in the output |
| InvertPermutation | the inverse of a permutation |
| ListDiff | the values of x not in y, with their positions (`tf.setdiff1d`) |
| StridedSliceGrad | a strided slice's gradient: dy written into zeros of the input's shape |
| Diag, MatrixDiagPart | a diagonal tensor; the diagonals of matrices (the gradients of DiagPart and MatrixDiag) |
| MirrorPadGrad | a MirrorPad's gradient: the borders folded back onto what they mirror |
| SqrtGrad, RsqrtGrad, ReciprocalGrad, TanhGrad, SigmoidGrad | y's derivative times dy, from y = f(x) |
"""

import numpy as np

from tfvars.framework import common_shapes
from tfvars.framework import dtypes as _dtypes
from tfvars.framework import tensor_shape
from tfvars.framework import tensor_util
from tfvars.framework.op_def_registry import REQUIRED, TypeAttr, apply_op, register_op
from tfvars.ops import array_slice
from tfvars.ops.math_util import FLOATS, INDEX_TYPES, invalid_argument, shape_string


# BroadcastGradientArgs.
def _broadcast_gradient_args_kernel(op, state):
    dtype = op.outputs[0].dtype.as_numpy_dtype

    def broadcast_gradient_args(s0, s1):
        s0, s1 = list(np.ravel(s0)), list(np.ravel(s1))
        rank = max(len(s0), len(s1))
        x = [1] * (rank - len(s0)) + s0
        y = [1] * (rank - len(s1)) + s1
        r0, r1 = [], []
        for i, (a, b) in enumerate(zip(x, y)):
            if a != b and a != 1 and b != 1:
                raise invalid_argument("Incompatible shapes: %s vs. %s" % (shape_string(s0), shape_string(s1)))
            if a == 1:
                r0.append(i)
            if b == 1:
                r1.append(i)
        return np.array(r0, dtype=dtype), np.array(r1, dtype=dtype)
    return broadcast_gradient_args


register_op("BroadcastGradientArgs", inputs=["s0: T", "s1: T"], outputs=["r0: T", "r1: T"],
            attrs={"T": TypeAttr(INDEX_TYPES, default=_dtypes.int32)},
            shape_fn=lambda op: [tensor_shape.vector(None), tensor_shape.vector(None)],
            kernel=_broadcast_gradient_args_kernel)


def broadcast_gradient_args(s0, s1, name=None):
    """(r0, r1): the axes along which shapes `s0` and `s1` are broadcast against each other."""
    return tuple(apply_op("BroadcastGradientArgs", s0=s0, s1=s1, name=name).outputs)


# ConcatOffset.
def _concat_offset_kernel(op, state):
    def concat_offset(concat_dim, *shapes):
        rank = len(shapes[0])
        axis = int(concat_dim)
        if not 0 <= axis < rank:
            raise invalid_argument("Concat dim is out of range: %d vs. %d" % (axis, rank))
        offsets, position = [], 0
        for i, shape in enumerate(shapes):
            if len(shape) != rank:
                raise invalid_argument("input %d should contain %d elements, but got %d" % (i, rank, len(shape)))
            mismatch = [d for d in range(rank) if d != axis and shape[d] != shapes[0][d]]
            if mismatch:
                raise invalid_argument("input[%d,%d] mismatch: %d vs. %d"
                                       % (i, mismatch[0], shapes[0][mismatch[0]], shape[mismatch[0]]))
            offset = np.zeros(rank, dtype=np.int32)
            offset[axis] = position
            position += int(shape[axis])
            offsets.append(offset)
        return tuple(offsets)
    return concat_offset


register_op("ConcatOffset", inputs=["concat_dim: int32", "shape: N * int32"], outputs=["offset: N * int32"],
            attrs={"N": REQUIRED}, shape_fn=lambda op: [t.shape for t in op.inputs[1:]],
            kernel=_concat_offset_kernel)


def concat_offset(concat_dim, shape, name=None):
    """The offsets, one per shape in `shape`, of the inputs of a concatenation along `concat_dim`."""
    return apply_op("ConcatOffset", concat_dim=concat_dim, shape=shape, name=name).outputs


# InvertPermutation.
def _invert_permutation_kernel(op, state):
    def invert_permutation(x):
        n = np.size(x)
        if np.ndim(x) != 1:
            raise invalid_argument("invert_permutation expects a 1D vector.")
        if sorted(x.tolist()) != list(range(n)):
            raise invalid_argument("%s is not a permutation of 0..%d" % (x.tolist(), n - 1))
        inverse = np.empty_like(x)
        inverse[x] = np.arange(n, dtype=x.dtype)
        return inverse
    return invert_permutation


register_op("InvertPermutation", inputs=["x: T"], outputs=["y: T"],
            attrs={"T": TypeAttr(INDEX_TYPES, default=_dtypes.int32)},
            shape_fn=lambda op: [common_shapes.with_rank(op, op.inputs[0].shape, 1)],
            kernel=_invert_permutation_kernel)


def invert_permutation(x, name=None):
    """y such that y[x[i]] = i, for a permutation `x` of 0..n-1."""
    return apply_op("InvertPermutation", x=x, name=name).outputs[0]


# ListDiff.
def _list_diff_kernel(op, state):
    index_dtype = op.outputs[1].dtype.as_numpy_dtype

    def list_diff(x, y):
        keep = ~np.isin(x, y)
        return x[keep], np.flatnonzero(keep).astype(index_dtype)
    return list_diff


register_op("ListDiff", inputs=["x: T", "y: T"], outputs=["out: T", "idx: out_idx"],
            attrs={"T": TypeAttr(), "out_idx": TypeAttr(INDEX_TYPES, default=_dtypes.int32)},
            shape_fn=lambda op: [tensor_shape.vector(None), tensor_shape.vector(None)],
            kernel=_list_diff_kernel)


def setdiff1d(x, y, index_dtype=_dtypes.int32, name=None):
    """(out, idx): the values of 1-D `x` not in `y`, in order, and their positions in `x`."""
    return tuple(apply_op("ListDiff", x=x, y=y, out_idx=index_dtype, name=name).outputs)


# StridedSliceGrad.
def _strided_slice_grad_shape(op):
    return [tensor_util.constant_value_as_shape(op.inputs[0])]


def _strided_slice_grad_kernel(op, state):
    masks = array_slice._slice_masks(op)
    dtype = op.outputs[0].dtype.as_numpy_dtype

    def strided_slice_grad(shape, begin, end, strides, dy):
        index = array_slice._numpy_index(begin, end, strides, masks)
        if index is None:
            raise invalid_argument("Invalid strided slice gradient")
        output = np.zeros(tuple(np.ravel(shape).tolist()), dtype=dtype)
        output[index] = dy
        return output
    return strided_slice_grad


register_op("StridedSliceGrad", inputs=["shape: Index", "begin: Index", "end: Index", "strides: Index", "dy: T"],
            outputs=["output: T"],
            attrs=dict({"T": TypeAttr(), "Index": TypeAttr(INDEX_TYPES)},
                       **{mask: 0 for mask in array_slice._MASKS}),
            shape_fn=_strided_slice_grad_shape, kernel=_strided_slice_grad_kernel)


def strided_slice_grad(shape, begin, end, strides, dy, begin_mask=0, end_mask=0, ellipsis_mask=0,
                       new_axis_mask=0, shrink_axis_mask=0, name=None):
    """The gradient of a StridedSlice of an input of shape `shape`: `dy` in zeros at the sliced places."""
    return apply_op("StridedSliceGrad", shape=shape, begin=begin, end=end, strides=strides, dy=dy,
                    begin_mask=begin_mask, end_mask=end_mask, ellipsis_mask=ellipsis_mask,
                    new_axis_mask=new_axis_mask, shrink_axis_mask=shrink_axis_mask, name=name).outputs[0]


# The derivatives of unary math ops, from their outputs.
def _unary_grad_op(op_type, derivative):
    """Registers `op_type(y, dy) = derivative(y) * dy` and returns the function building it."""
    def kernel(op, state):
        return lambda y, dy: np.asarray(derivative(y) * dy, dtype=y.dtype)
    register_op(op_type, inputs=["y: T", "dy: T"], outputs=["z: T"], attrs={"T": TypeAttr(FLOATS)},
                shape_fn=common_shapes.merged_input_shapes, kernel=kernel)

    def build(y, dy, name=None):
        return apply_op(op_type, y=y, dy=dy, name=name).outputs[0]
    return build


sqrt_grad = _unary_grad_op("SqrtGrad", lambda y: 0.5 / y)
rsqrt_grad = _unary_grad_op("RsqrtGrad", lambda y: -0.5 * y * y * y)
reciprocal_grad = _unary_grad_op("ReciprocalGrad", lambda y: -y * y)
tanh_grad = _unary_grad_op("TanhGrad", lambda y: 1 - y * y)
sigmoid_grad = _unary_grad_op("SigmoidGrad", lambda y: y * (1 - y))


# Diagonals.
def _diag_kernel(op, state):
    def diag(diagonal):
        size = np.size(diagonal)
        output = np.zeros((size, size), dtype=diagonal.dtype)
        output[np.arange(size), np.arange(size)] = np.ravel(diagonal)
        return output.reshape(np.shape(diagonal) * 2)
    return diag


register_op("Diag", inputs=["diagonal: T"], outputs=["output: T"], attrs={"T": TypeAttr()},
            shape_fn=lambda op: [op.inputs[0].shape.concatenate(op.inputs[0].shape)], kernel=_diag_kernel)


def diag(diagonal, name=None):
    """The tensor of shape diagonal.shape * 2 with `diagonal` on its diagonal (op "Diag")."""
    return apply_op("Diag", diagonal=diagonal, name=name).outputs[0]


def _matrix_diag_part_shape(op):
    shape = common_shapes.with_rank_at_least(op, op.inputs[0].shape, 2)
    if shape.ndims is None:
        return [tensor_shape.unknown_shape()]
    rows, columns = shape.as_list()[-2:]
    size = None if rows is None or columns is None else min(rows, columns)
    return [shape[:-2].concatenate([size])]


register_op("MatrixDiagPart", inputs=["input: T"], outputs=["diagonal: T"], attrs={"T": TypeAttr()},
            shape_fn=_matrix_diag_part_shape,
            kernel=lambda op, state: lambda x: np.diagonal(x, axis1=-2, axis2=-1).copy())


def matrix_diag_part(input, name=None):  # noqa: A002 (TF's argument name)
    """The main diagonals of the innermost matrices of `input` (op "MatrixDiagPart")."""
    return apply_op("MatrixDiagPart", input=input, name=name).outputs[0]


# MirrorPadGrad.
def _mirror_pad_grad_shape(op):
    paddings = tensor_util.constant_value(op.inputs[1])
    shape = op.inputs[0].shape
    if paddings is None or shape.ndims is None:
        return [tensor_shape.unknown_shape(shape.ndims)]
    return [tensor_shape.TensorShape([None if d is None else d - int(before) - int(after)
                                      for d, (before, after) in zip(shape.as_list(), paddings.tolist())])]


def _mirror_pad_grad_kernel(op, state):
    offset = 0 if op.get_attr("mode") in (b"REFLECT", "REFLECT") else 1  # SYMMETRIC repeats the edge

    def mirror_pad_grad(grad, paddings):
        for axis, (before, after) in enumerate(np.asarray(paddings).tolist()):
            size = grad.shape[axis] - before - after
            core = np.take(grad, np.arange(before, before + size), axis=axis).copy()
            moved = np.moveaxis(core, axis, 0)
            left = np.moveaxis(np.take(grad, np.arange(before), axis=axis), axis, 0)
            np.add.at(moved, before - offset - np.arange(before), left)
            right = np.moveaxis(np.take(grad, np.arange(before + size, before + size + after), axis=axis), axis, 0)
            np.add.at(moved, size - 2 + offset - np.arange(after), right)
            grad = core
        return grad
    return mirror_pad_grad


register_op("MirrorPadGrad", inputs=["input: T", "paddings: Tpaddings"], outputs=["output: T"],
            attrs={"T": TypeAttr(), "Tpaddings": TypeAttr(INDEX_TYPES, default=_dtypes.int32), "mode": REQUIRED},
            shape_fn=_mirror_pad_grad_shape, kernel=_mirror_pad_grad_kernel)


def mirror_pad_grad(input, paddings, mode, name=None):  # noqa: A002 (TF's argument name)
    """The gradient of a MirrorPad: the padded borders folded back onto the values they mirror."""
    return apply_op("MirrorPadGrad", input=input, paddings=paddings, mode=mode, name=name).outputs[0]
