"""Batch normalization: the BatchNormalization layer and `tf.layers.batch_normalization`."""

from tfvars import initializers
from tfvars.framework import graph as _graph
from tfvars.framework import tensor_shape
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.framework.tensor_util import constant_value
from tfvars.layers.base import InputSpec, Layer
from tfvars.layers.core import smart_cond
from tfvars.ops import array_ops
from tfvars.ops import constant_op
from tfvars.ops import math_ops
from tfvars.ops import nn_batch_norm
from tfvars.ops import nn_impl
from tfvars.ops import state_ops
from tfvars.ops.math_util import all_or_nothing


class BatchNormalization(Layer):
    """Normalizes each channel (`axis`) by the batch's mean and variance when training, by moving averages otherwise.

    Variables: `gamma` (scale) and `beta` (offset), trainable unless
    `scale`/`center` is False (then absent); `moving_mean` and
    `moving_variance`, never trainable. When training, two AssignSub ops
    (`AssignMovingAvg`, `AssignMovingAvg_1`) update the moving averages by
    `moving -= (moving - batch) * (1 - momentum)`; they are in the layer's
    `updates` and in UPDATE_OPS, and run only if the program runs them
    (usually `with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS))`).

    `fused` (default: for 4-D inputs normalized along axis 1 or 3) builds
    one FusedBatchNormV3 op instead of the composite ops; it updates
    moving_variance with the unbiased batch variance, as TF 1.x's did.

    Raises (on the first call):
      ValueError: for inputs of unknown rank, an axis out of range or
        repeated, an unknown size along `axis`, or `fused=True` where it cannot be.
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer=initializers.zeros_initializer(), gamma_initializer=initializers.ones_initializer(),
                 moving_mean_initializer=initializers.zeros_initializer(),
                 moving_variance_initializer=initializers.ones_initializer(), beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, renorm=False,
                 renorm_clipping=None, renorm_momentum=0.99, fused=None, trainable=True, virtual_batch_size=None,
                 adjustment=None, name=None, **kwargs):
        super().__init__(name=name, trainable=trainable, **kwargs)
        if renorm or virtual_batch_size is not None or adjustment is not None:
            raise ValueError("renorm, virtual_batch_size and adjustment are not supported by tfvars' "
                             "BatchNormalization.")
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else axis
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = beta_initializer
        self.gamma_initializer = gamma_initializer
        self.moving_mean_initializer = moving_mean_initializer
        self.moving_variance_initializer = moving_variance_initializer
        self.beta_regularizer = beta_regularizer
        self.gamma_regularizer = gamma_regularizer
        self.beta_constraint = beta_constraint
        self.gamma_constraint = gamma_constraint
        self.fused = fused

    def build(self, input_shape):
        input_shape = tensor_shape.as_shape(input_shape)
        if not input_shape.ndims:
            raise ValueError("Input has undefined rank:", input_shape)
        ndims = input_shape.ndims
        axes = [self.axis] if isinstance(self.axis, int) else list(self.axis)
        axes = [ndims + x if x < 0 else x for x in axes]
        for x in axes:
            if x < 0 or x >= ndims:
                raise ValueError("Invalid axis: %d" % x)
        if len(axes) != len(set(axes)):
            raise ValueError("Duplicate axis: %s" % axes)
        axis_to_dim = {x: input_shape[x].value for x in axes}
        if any(dim is None for dim in axis_to_dim.values()):
            raise ValueError("Input has undefined `axis` dimension. Input shape: ", input_shape)
        self.axis = axes
        self._set_fused(ndims)
        self.input_spec = InputSpec(ndim=ndims, axes=axis_to_dim)
        if len(axes) == 1:
            param_shape = (axis_to_dim[axes[0]],)
        else:
            param_shape = [axis_to_dim.get(i, 1) for i in range(ndims)]
        self.gamma = self.beta = None
        if self.fused and not self.scale:
            self._gamma_const = constant_op.constant(1.0, shape=param_shape)
        if self.scale:
            self.gamma = self.add_weight("gamma", shape=param_shape, initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer, constraint=self.gamma_constraint,
                                         trainable=True)
        if self.fused and not self.center:
            self._beta_const = constant_op.constant(0.0, shape=param_shape)
        if self.center:
            self.beta = self.add_weight("beta", shape=param_shape, initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer, constraint=self.beta_constraint,
                                        trainable=True)
        self.moving_mean = self.add_weight("moving_mean", shape=param_shape,
                                           initializer=self.moving_mean_initializer, trainable=False)
        self.moving_variance = self.add_weight("moving_variance", shape=param_shape,
                                               initializer=self.moving_variance_initializer, trainable=False)
        self.built = True

    def _set_fused(self, ndims):
        """Decides whether to use FusedBatchNormV3: 4-D inputs normalized along axis 1 ("NCHW") or 3 ("NHWC")."""
        possible = ndims == 4 and self.axis in ([1], [3])
        if self.fused and not possible:
            raise ValueError("Batch normalization layers with fused=True only support 4D input tensors normalized "
                             "along axis 1 or 3.")
        if self.fused is None:
            self.fused = possible
        self._data_format = "NCHW" if self.axis == [1] else "NHWC"

    def _assign_moving_average(self, variable, value, momentum):
        with _graph.name_scope("AssignMovingAvg") as scope:
            with _graph.colocate_with(variable):
                decay = convert_to_tensor(1.0 - momentum, name="decay")
                if decay.dtype != variable.dtype.base_dtype:
                    decay = math_ops.cast(decay, variable.dtype.base_dtype)
                update_delta = (variable - math_ops.cast(value, variable.dtype.base_dtype)) * decay
                return state_ops.assign_sub(variable, update_delta, name=scope)

    def _fused_batch_norm(self, inputs, training):
        """One FusedBatchNormV3 (in a cond for a tensor `training`); momentum 1 (no update) when not training."""
        scale = self.gamma if self.scale else self._gamma_const
        offset = self.beta if self.center else self._beta_const

        def training_norm():
            return nn_batch_norm.fused_batch_norm(inputs, scale, offset, epsilon=self.epsilon,
                                                  data_format=self._data_format)

        def inference_norm():
            return nn_batch_norm.fused_batch_norm(inputs, scale, offset, mean=self.moving_mean,
                                                  variance=self.moving_variance, epsilon=self.epsilon,
                                                  is_training=False, data_format=self._data_format)

        output, mean, variance = smart_cond(training, training_norm, inference_norm)
        training_value = _constant_bool(training)
        if training_value is None:
            momentum = smart_cond(training, lambda: self.momentum, lambda: 1.0)
        else:
            momentum = convert_to_tensor(self.momentum)
        if training_value is not False:
            self.add_update(self._assign_moving_average(self.moving_mean, mean, momentum))
            self.add_update(self._assign_moving_average(self.moving_variance, variance, momentum))
        return output

    def call(self, inputs, training=False):
        if self.fused:
            return self._fused_batch_norm(inputs, training)
        input_shape = inputs.shape
        ndims = input_shape.ndims
        reduction_axes = [i for i in range(ndims) if i not in self.axis]
        broadcast_shape = [1] * ndims
        broadcast_shape[self.axis[0]] = input_shape[self.axis[0]].value

        def _broadcast(v):
            if v is not None and len(v.shape) != ndims and reduction_axes != list(range(ndims - 1)):
                return array_ops.reshape(v, broadcast_shape)
            return v

        scale, offset = _broadcast(self.gamma), _broadcast(self.beta)
        if _constant_bool(training) is False:
            mean, variance = self.moving_mean, self.moving_variance
        else:
            mean, variance = nn_impl.moments(math_ops.cast(inputs, self.moving_mean.dtype.base_dtype),
                                             reduction_axes, keep_dims=len(self.axis) > 1)
            batch_mean, batch_variance = mean, variance
            mean = smart_cond(training, lambda: batch_mean, lambda: convert_to_tensor(self.moving_mean))
            variance = smart_cond(training, lambda: batch_variance, lambda: convert_to_tensor(self.moving_variance))
            new_mean, new_variance = mean, variance
            self.add_update(smart_cond(
                training, lambda: self._assign_moving_average(self.moving_mean, new_mean, self.momentum),
                lambda: self.moving_mean))
            self.add_update(smart_cond(
                training, lambda: self._assign_moving_average(self.moving_variance, new_variance, self.momentum),
                lambda: self.moving_variance))
        mean = math_ops.cast(mean, inputs.dtype.base_dtype)
        variance = math_ops.cast(variance, inputs.dtype.base_dtype)
        if offset is not None:
            offset = math_ops.cast(offset, inputs.dtype.base_dtype)
        if scale is not None:
            scale = math_ops.cast(scale, inputs.dtype.base_dtype)
        outputs = nn_impl.batch_normalization(inputs, _broadcast(mean), _broadcast(variance), offset, scale,
                                              self.epsilon)
        outputs.set_shape(input_shape)
        return outputs

    def compute_output_shape(self, input_shape):
        return tensor_shape.as_shape(input_shape)


def _constant_bool(training):
    """`training` as a Python bool if it is one or a constant tensor, else None."""
    if isinstance(training, bool):
        return training
    value = constant_value(training) if hasattr(training, "op") else None
    return None if value is None else bool(value)


def batch_normalization(inputs, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                        beta_initializer=initializers.zeros_initializer(),
                        gamma_initializer=initializers.ones_initializer(),
                        moving_mean_initializer=initializers.zeros_initializer(),
                        moving_variance_initializer=initializers.ones_initializer(), beta_regularizer=None,
                        gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, training=False,
                        trainable=True, name=None, reuse=None, renorm=False, renorm_clipping=None,
                        renorm_momentum=0.99, fused=None, virtual_batch_size=None, adjustment=None):
    """`BatchNormalization(...)(inputs, training=training)`: a new layer applied once.

    With `training=True` (or a bool tensor that is true when run), the
    batch's statistics are used and the moving-average updates are added to
    UPDATE_OPS; run them with the training step.
    """
    with all_or_nothing([inputs]):  # a failed call leaves no layer name or scope used
        layer = BatchNormalization(axis=axis, momentum=momentum, epsilon=epsilon, center=center, scale=scale,
                                   beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
                                   moving_mean_initializer=moving_mean_initializer,
                                   moving_variance_initializer=moving_variance_initializer,
                                   beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer,
                                   beta_constraint=beta_constraint, gamma_constraint=gamma_constraint, renorm=renorm,
                                   renorm_clipping=renorm_clipping, renorm_momentum=renorm_momentum, fused=fused,
                                   trainable=trainable, virtual_batch_size=virtual_batch_size, adjustment=adjustment,
                                   name=name, _reuse=reuse, _scope=name)
        return layer.apply(inputs, training=training)
