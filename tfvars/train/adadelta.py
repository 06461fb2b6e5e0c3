"""`tf.train.AdadeltaOptimizer`: steps scaled by accumulated update and gradient magnitudes (Zeiler)."""

from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.ops import training_ops
from tfvars.train import optimizer

__all__ = ["AdadeltaOptimizer"]


class AdadeltaOptimizer(optimizer.Optimizer):
    """Adadelta, slots "accum" ("w/Adadelta") and "accum_update" ("w/Adadelta_1") per variable.

        accum = rho * accum + (1 - rho) * grad ** 2
        update = sqrt(accum_update + epsilon) / sqrt(accum + epsilon) * grad
        accum_update = rho * accum_update + (1 - rho) * update ** 2
        var -= learning_rate * update
    """

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-8, use_locking=False, name="Adadelta"):
        super().__init__(use_locking, name)
        self._lr = learning_rate
        self._rho = rho
        self._epsilon = epsilon
        self._lr_t = self._rho_t = self._epsilon_t = None

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "accum", self._name)
            self._zeros_slot(v, "accum_update", self._name)

    def _prepare(self):
        self._lr_t = convert_to_tensor(self._call_if_callable(self._lr), name="lr")
        self._rho_t = convert_to_tensor(self._call_if_callable(self._rho), name="rho")
        self._epsilon_t = convert_to_tensor(self._call_if_callable(self._epsilon), name="epsilon")

    def _hyperparameters(self, var):
        return [self._cast(t, var) for t in (self._lr_t, self._rho_t, self._epsilon_t)]

    def _slots_of(self, var, resource):
        slots = [self.get_slot(var, "accum"), self.get_slot(var, "accum_update")]
        return [s.handle for s in slots] if resource else slots

    def _apply_dense(self, grad, var):
        return training_ops.apply_adadelta(var, *self._slots_of(var, False), *self._hyperparameters(var), grad,
                                           use_locking=self._use_locking)

    def _resource_apply_dense(self, grad, var):
        return training_ops.resource_apply_adadelta(var.handle, *self._slots_of(var, True),
                                                    *self._hyperparameters(var), grad, use_locking=self._use_locking)

    def _apply_sparse(self, grad, var):
        return training_ops.sparse_apply_adadelta(var, *self._slots_of(var, False), *self._hyperparameters(var),
                                                  grad.values, grad.indices, use_locking=self._use_locking)

    def _resource_apply_sparse(self, grad, var, indices):
        return training_ops.resource_sparse_apply_adadelta(var.handle, *self._slots_of(var, True),
                                                           *self._hyperparameters(var), grad, indices,
                                                           use_locking=self._use_locking)
