"""`tf.train.MomentumOptimizer`: accum = momentum * accum + grad; var -= learning_rate * accum."""

from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.ops import training_ops
from tfvars.train import optimizer

__all__ = ["MomentumOptimizer"]


class MomentumOptimizer(optimizer.Optimizer):
    """Gradient descent with momentum, one slot "momentum" per variable ("w/Momentum").

    With `use_nesterov=True` the step is learning_rate * (grad + momentum * accum)
    (Nesterov's accelerated gradient, in the form TF computes it).

    Args:
      learning_rate, momentum: floats, scalar Tensors, or callables returning one.
      use_locking: passed to the update ops.
      name: the name scope of the update ops and the slots' suffix (default "Momentum").
      use_nesterov: use Nesterov momentum.
    """

    def __init__(self, learning_rate, momentum, use_locking=False, name="Momentum", use_nesterov=False):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._momentum = momentum
        self._use_nesterov = use_nesterov

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "momentum", self._name)

    def _prepare(self):
        self._learning_rate_tensor = convert_to_tensor(self._call_if_callable(self._learning_rate),
                                                       name="learning_rate")
        self._momentum_tensor = convert_to_tensor(self._call_if_callable(self._momentum), name="momentum")

    def _hyperparameters(self, var):
        return self._cast(self._learning_rate_tensor, var), self._cast(self._momentum_tensor, var)

    def _apply_dense(self, grad, var):
        lr, momentum = self._hyperparameters(var)
        return training_ops.apply_momentum(var, self.get_slot(var, "momentum"), lr, grad, momentum,
                                           use_locking=self._use_locking, use_nesterov=self._use_nesterov).op

    def _resource_apply_dense(self, grad, var):
        lr, momentum = self._hyperparameters(var)
        return training_ops.resource_apply_momentum(var.handle, self.get_slot(var, "momentum").handle, lr, grad,
                                                    momentum, use_locking=self._use_locking,
                                                    use_nesterov=self._use_nesterov)

    def _apply_sparse(self, grad, var):
        lr, momentum = self._hyperparameters(var)
        return training_ops.sparse_apply_momentum(var, self.get_slot(var, "momentum"), lr, grad.values,
                                                  grad.indices, momentum, use_locking=self._use_locking,
                                                  use_nesterov=self._use_nesterov).op

    def _resource_apply_sparse(self, grad, var, indices):
        lr, momentum = self._hyperparameters(var)
        return training_ops.resource_sparse_apply_momentum(var.handle, self.get_slot(var, "momentum").handle, lr,
                                                           grad, indices, momentum, use_locking=self._use_locking,
                                                           use_nesterov=self._use_nesterov)
