"""Fused batch normalization: the FusedBatchNormV3 op and `tf.nn.fused_batch_norm`.

One op normalizes a 4-D input per channel, by the batch's statistics
(`is_training`, also returning them, the variance unbiased) or by the given
mean and variance.
"""

import numpy as np

from tfvars.framework import common_shapes
from tfvars.framework import dtypes as _dtypes
from tfvars.framework import tensor_shape
from tfvars.framework.op_def_registry import TypeAttr, apply_op, register_op
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.ops import constant_op
from tfvars.ops.math_util import all_or_nothing
from tfvars.ops.nn_util import dim_values, merge_dim, string_attr
from tfvars.ops.nn_windows import from_nhwc, nhwc, to_nhwc

# TF raises smaller epsilons to this (cuDNN's minimum), on every device.
_MIN_EPSILON = 1.001e-5


def _fused_batch_norm_shape(op):
    data_format = op.get_attr("data_format")
    x = common_shapes.with_rank(op, op.inputs[0].shape, 4)
    channels = nhwc(dim_values(x, 4), data_format)[3]
    checked = (1, 2) if op.get_attr("is_training") else (1, 2, 3, 4)
    for index in checked:
        vector = common_shapes.with_rank(op, op.inputs[index].shape, 1)
        channels = merge_dim(op, channels, dim_values(vector, 1)[0])
    return [x] + [[channels]] * 4 + [tensor_shape.unknown_shape()]


def _fused_batch_norm_kernel(op, state):
    epsilon = op.get_attr("epsilon")
    data_format = op.get_attr("data_format")
    is_training = op.get_attr("is_training")

    def fused_batch_norm(x, scale, offset, mean, variance):
        value = to_nhwc(x, data_format).astype(np.float32)
        if is_training:
            mean = value.mean(axis=(0, 1, 2))
            variance = value.var(axis=(0, 1, 2))
            count = value.size // max(value.shape[3], 1)
            reported = variance * (count / max(count - 1, 1))
        else:
            reported = variance
        y = (value - mean) / np.sqrt(variance + epsilon) * scale + offset
        y = from_nhwc(y.astype(x.dtype), data_format)
        empty = np.zeros([0], np.float32)
        return (y, np.asarray(mean, np.float32), np.asarray(reported, np.float32), np.asarray(mean, np.float32),
                np.asarray(variance, np.float32), empty)
    return fused_batch_norm


register_op("FusedBatchNormV3", inputs=["x: T", "scale: U", "offset: U", "mean: U", "variance: U"],
            outputs=["y: T", "batch_mean: U", "batch_variance: U", "reserve_space_1: U", "reserve_space_2: U",
                     "reserve_space_3: U"],
            attrs={"T": TypeAttr((_dtypes.float16, _dtypes.float32)), "U": TypeAttr((_dtypes.float32,)),
                   "epsilon": 0.0001, "data_format": "NHWC", "is_training": True},
            shape_fn=_fused_batch_norm_shape, kernel=_fused_batch_norm_kernel)


def fused_batch_norm(x, scale, offset, mean=None, variance=None, epsilon=0.001, data_format="NHWC",
                     is_training=True, name=None):
    """(y, batch_mean, batch_variance): a 4-D `x` normalized per channel in one FusedBatchNormV3 op.

    Training (`mean` and `variance` None) uses the batch's statistics and
    returns them, the variance with Bessel's correction; otherwise `mean` and
    `variance` are used and returned. `epsilon` is at least 1.001e-5.
    """
    with all_or_nothing([x, scale, offset, mean, variance]):
        x = convert_to_tensor(x, name="input")
        scale = convert_to_tensor(scale, name="scale")
        offset = convert_to_tensor(offset, name="offset")
        if mean is None:
            mean = constant_op.constant([])
        if variance is None:
            variance = constant_op.constant([])
        string_attr("FusedBatchNormV3", "data_format", data_format, ("NHWC", "NCHW"))
        epsilon = epsilon if epsilon > _MIN_EPSILON else _MIN_EPSILON
        outputs = apply_op("FusedBatchNormV3", x=x, scale=scale, offset=offset, mean=mean, variance=variance,
                           epsilon=float(epsilon), data_format=data_format, is_training=bool(is_training),
                           name=name).outputs
    return outputs[0], outputs[1], outputs[2]


def _fused_batch_norm_grad_shape(op):
    x = common_shapes.with_rank(op, op.inputs[1].shape, 4)
    y_backprop = common_shapes.with_rank(op, op.inputs[0].shape, 4)
    x = x.merge_with(y_backprop)
    channels = nhwc(dim_values(x, 4), op.get_attr("data_format"))[3]
    for index in (2, 3, 4):
        vector = common_shapes.with_rank(op, op.inputs[index].shape, 1)
        channels = merge_dim(op, channels, dim_values(vector, 1)[0])
    return [x, [channels], [channels], [0], [0]]


def _fused_batch_norm_grad_kernel(op, state):
    epsilon = op.get_attr("epsilon")
    data_format = op.get_attr("data_format")
    is_training = op.get_attr("is_training")

    def fused_batch_norm_grad(y_backprop, x, scale, mean, variance, reserve_space_3):
        dy = to_nhwc(y_backprop, data_format).astype(np.float32)
        value = to_nhwc(x, data_format).astype(np.float32)
        inv_std = 1 / np.sqrt(variance + epsilon)
        x_hat = (value - mean) * inv_std
        offset_backprop = dy.sum(axis=(0, 1, 2))
        scale_backprop = (dy * x_hat).sum(axis=(0, 1, 2))
        if is_training:
            count = value.size // max(value.shape[3], 1)
            x_backprop = scale * inv_std * (dy - offset_backprop / count - x_hat * scale_backprop / count)
        else:
            x_backprop = dy * scale * inv_std
        empty = np.zeros([0], np.float32)
        return (from_nhwc(x_backprop.astype(x.dtype), data_format), scale_backprop.astype(np.float32),
                offset_backprop.astype(np.float32), empty, empty)
    return fused_batch_norm_grad


register_op("FusedBatchNormGradV3",
            inputs=["y_backprop: T", "x: T", "scale: float32", "reserve_space_1: U", "reserve_space_2: U",
                    "reserve_space_3: U"],
            outputs=["x_backprop: T", "scale_backprop: U", "offset_backprop: U", "reserve_space_4: U",
                     "reserve_space_5: U"],
            attrs={"T": TypeAttr((_dtypes.float16, _dtypes.float32)), "U": TypeAttr((_dtypes.float32,)),
                   "epsilon": 0.0001, "data_format": "NHWC", "is_training": True},
            shape_fn=_fused_batch_norm_grad_shape, kernel=_fused_batch_norm_grad_kernel)


def fused_batch_norm_grad(y_backprop, x, scale, reserve_space_1, reserve_space_2, reserve_space_3, epsilon,
                          data_format, is_training, name=None):
    """The gradients of FusedBatchNormV3 with respect to x, scale and offset (op "FusedBatchNormGradV3")."""
    return apply_op("FusedBatchNormGradV3", y_backprop=y_backprop, x=x, scale=scale,
                    reserve_space_1=reserve_space_1, reserve_space_2=reserve_space_2,
                    reserve_space_3=reserve_space_3, epsilon=epsilon, data_format=data_format,
                    is_training=is_training, name=name).outputs
