"""`tf.train.FtrlOptimizer`: FTRL-Proximal (McMahan et al., "Ad Click Prediction"), with L1/L2 regularisation."""

from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.ops import constant_op
from tfvars.ops import training_ops
from tfvars.train import optimizer

__all__ = ["FtrlOptimizer"]


class FtrlOptimizer(optimizer.Optimizer):
    """FTRL, slots "accum" ("w/Ftrl", starting at `initial_accumulator_value`) and "linear" ("w/Ftrl_1").

    `l2_shrinkage_regularization_strength` > 0 adds an L2 penalty to the loss
    (the "ApplyFtrlV2" ops); `l2_regularization_strength` is FTRL's own
    stabilising L2 term.

    Raises:
      ValueError: if a strength or `initial_accumulator_value` is negative, or `learning_rate_power` positive.
    """

    def __init__(self, learning_rate, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0, use_locking=False, name="Ftrl",
                 accum_name=None, linear_name=None, l2_shrinkage_regularization_strength=0.0):
        super().__init__(use_locking, name)
        if initial_accumulator_value < 0.0:
            raise ValueError("initial_accumulator_value %f needs to be positive or zero" % initial_accumulator_value)
        if learning_rate_power > 0.0:
            raise ValueError("learning_rate_power %f needs to be negative or zero" % learning_rate_power)
        if l1_regularization_strength < 0.0:
            raise ValueError("l1_regularization_strength %f needs to be positive or zero"
                             % l1_regularization_strength)
        if l2_regularization_strength < 0.0:
            raise ValueError("l2_regularization_strength %f needs to be positive or zero"
                             % l2_regularization_strength)
        if l2_shrinkage_regularization_strength < 0.0:
            raise ValueError("l2_shrinkage_regularization_strength %f needs to be positive or zero"
                             % l2_shrinkage_regularization_strength)
        self._learning_rate = learning_rate
        self._learning_rate_power = learning_rate_power
        self._initial_accumulator_value = initial_accumulator_value
        self._l1_regularization_strength = l1_regularization_strength
        self._l2_regularization_strength = l2_regularization_strength
        self._l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength
        self._accum_name = accum_name
        self._linear_name = linear_name

    def _create_slots(self, var_list):
        for v in var_list:
            value = constant_op.constant(self._initial_accumulator_value, dtype=v.dtype.base_dtype, shape=v.shape)
            self._get_or_make_slot(v, value, "accum", self._accum_name or self._name)
            self._zeros_slot(v, "linear", self._linear_name or self._name)

    def _prepare(self):
        self._learning_rate_tensor = convert_to_tensor(self._learning_rate, name="learning_rate")
        self._l1_regularization_strength_tensor = convert_to_tensor(self._l1_regularization_strength,
                                                                    name="l1_regularization_strength")
        self._l2_regularization_strength_tensor = convert_to_tensor(self._l2_regularization_strength,
                                                                    name="l2_regularization_strength")
        self._l2_shrinkage_regularization_strength_tensor = convert_to_tensor(
            self._l2_shrinkage_regularization_strength, name="l2_shrinkage_regularization_strength")
        self._learning_rate_power_tensor = convert_to_tensor(self._learning_rate_power, name="learning_rate_power")

    def _shrinks(self):
        return self._l2_shrinkage_regularization_strength > 0.0

    def _hyperparameters(self, var):
        """lr, l1, l2, [l2_shrinkage,] lr_power in var's dtype: ApplyFtrl's (or ApplyFtrlV2's) scalars."""
        tensors = [self._learning_rate_tensor, self._l1_regularization_strength_tensor,
                   self._l2_regularization_strength_tensor]
        if self._shrinks():
            tensors.append(self._l2_shrinkage_regularization_strength_tensor)
        tensors.append(self._learning_rate_power_tensor)
        return [self._cast(t, var) for t in tensors]

    def _slots_of(self, var, resource):
        slots = [self.get_slot(var, "accum"), self.get_slot(var, "linear")]
        return [s.handle for s in slots] if resource else slots

    def _apply_dense(self, grad, var):
        apply = training_ops.apply_ftrl_v2 if self._shrinks() else training_ops.apply_ftrl
        return apply(var, *self._slots_of(var, False), grad, *self._hyperparameters(var),
                     use_locking=self._use_locking)

    def _resource_apply_dense(self, grad, var):
        apply = training_ops.resource_apply_ftrl_v2 if self._shrinks() else training_ops.resource_apply_ftrl
        return apply(var.handle, *self._slots_of(var, True), grad, *self._hyperparameters(var),
                     use_locking=self._use_locking)

    def _apply_sparse(self, grad, var):
        apply = training_ops.sparse_apply_ftrl_v2 if self._shrinks() else training_ops.sparse_apply_ftrl
        return apply(var, *self._slots_of(var, False), grad.values, grad.indices, *self._hyperparameters(var),
                     use_locking=self._use_locking)

    def _resource_apply_sparse(self, grad, var, indices):
        apply = (training_ops.resource_sparse_apply_ftrl_v2 if self._shrinks()
                 else training_ops.resource_sparse_apply_ftrl)
        return apply(var.handle, *self._slots_of(var, True), grad, indices, *self._hyperparameters(var),
                     use_locking=self._use_locking)
