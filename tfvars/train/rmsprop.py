"""`tf.train.RMSPropOptimizer`: steps scaled by a moving average of the squared gradient."""

from tfvars import initializers
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.ops import array_ops
from tfvars.ops import training_ops
from tfvars.train import optimizer

__all__ = ["RMSPropOptimizer"]


class RMSPropOptimizer(optimizer.Optimizer):
    """RMSProp (Hinton), with momentum; `centered=True` normalises by the estimated variance instead.

    Slots per variable: "rms" ("w/RMSProp", starting at ones), "momentum"
    ("w/RMSProp_1"), and with `centered` "mg", the mean gradient.

        ms = decay * ms + (1 - decay) * grad ** 2
        mom = momentum * mom + learning_rate * grad / sqrt(ms + epsilon)
        var -= mom
    """

    def __init__(self, learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10, use_locking=False, centered=False,
                 name="RMSProp"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._decay = decay
        self._momentum = momentum
        self._epsilon = epsilon
        self._centered = centered

    def _create_slots(self, var_list):
        for v in var_list:
            if v.shape.is_fully_defined():
                init_rms = initializers.ones_initializer(dtype=v.dtype.base_dtype)
            else:
                init_rms = array_ops.ones_like(v)
            self._get_or_make_slot_with_initializer(v, init_rms, v.shape, v.dtype.base_dtype, "rms", self._name)
            if self._centered:
                self._zeros_slot(v, "mg", self._name)
            self._zeros_slot(v, "momentum", self._name)

    def _prepare(self):
        self._learning_rate_tensor = convert_to_tensor(self._call_if_callable(self._learning_rate),
                                                       name="learning_rate")
        self._decay_tensor = convert_to_tensor(self._call_if_callable(self._decay), name="decay")
        self._momentum_tensor = convert_to_tensor(self._call_if_callable(self._momentum), name="momentum")
        self._epsilon_tensor = convert_to_tensor(self._call_if_callable(self._epsilon), name="epsilon")

    def _hyperparameters(self, var):
        return [self._cast(t, var) for t in (self._learning_rate_tensor, self._decay_tensor, self._momentum_tensor,
                                             self._epsilon_tensor)]

    def _state(self, var, resource):
        names = ["mg", "rms", "momentum"] if self._centered else ["rms", "momentum"]
        slots = [self.get_slot(var, name) for name in names]
        return [s.handle for s in slots] if resource else slots

    def _apply_dense(self, grad, var):
        apply = training_ops.apply_centered_rms_prop if self._centered else training_ops.apply_rms_prop
        return apply(var, *self._state(var, False), *self._hyperparameters(var), grad,
                     use_locking=self._use_locking).op

    def _resource_apply_dense(self, grad, var):
        apply = (training_ops.resource_apply_centered_rms_prop if self._centered
                 else training_ops.resource_apply_rms_prop)
        return apply(var.handle, *self._state(var, True), *self._hyperparameters(var), grad,
                     use_locking=self._use_locking)

    def _apply_sparse(self, grad, var):
        apply = training_ops.sparse_apply_centered_rms_prop if self._centered else training_ops.sparse_apply_rms_prop
        return apply(var, *self._state(var, False), *self._hyperparameters(var), grad.values, grad.indices,
                     use_locking=self._use_locking)

    def _resource_apply_sparse(self, grad, var, indices):
        apply = (training_ops.resource_sparse_apply_centered_rms_prop if self._centered
                 else training_ops.resource_sparse_apply_rms_prop)
        return apply(var.handle, *self._state(var, True), *self._hyperparameters(var), grad, indices,
                     use_locking=self._use_locking)
