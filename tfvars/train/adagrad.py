"""`tf.train.AdagradOptimizer`: accum += grad ** 2; var -= learning_rate * grad / sqrt(accum)."""

from tfvars import initializers
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.ops import array_ops, math_ops
from tfvars.ops import training_ops
from tfvars.train import optimizer

__all__ = ["AdagradOptimizer"]


class AdagradOptimizer(optimizer.Optimizer):
    """Adagrad, one slot "accumulator" per variable ("w/Adagrad") starting at `initial_accumulator_value`.

    Raises:
      ValueError: if `initial_accumulator_value` is not positive.
    """

    def __init__(self, learning_rate, initial_accumulator_value=0.1, use_locking=False, name="Adagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError("initial_accumulator_value must be positive: %s" % initial_accumulator_value)
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_accumulator_value = initial_accumulator_value
        self._learning_rate_tensor = None

    def _create_slots(self, var_list):
        for v in var_list:
            dtype = v.dtype.base_dtype
            if v.shape.is_fully_defined():
                init = initializers.constant_initializer(self._initial_accumulator_value, dtype=dtype)
            else:
                init = self._init_constant_op(v, dtype)
            self._get_or_make_slot_with_initializer(v, init, v.shape, dtype, "accumulator", self._name)

    def _init_constant_op(self, v, dtype):
        def init():
            return math_ops.cast(array_ops.fill(array_ops.shape(v), self._initial_accumulator_value), dtype)
        return init

    def _prepare(self):
        self._learning_rate_tensor = convert_to_tensor(self._call_if_callable(self._learning_rate),
                                                       name="learning_rate")

    def _apply_dense(self, grad, var):
        return training_ops.apply_adagrad(var, self.get_slot(var, "accumulator"),
                                          self._cast(self._learning_rate_tensor, var), grad,
                                          use_locking=self._use_locking)

    def _resource_apply_dense(self, grad, var):
        return training_ops.resource_apply_adagrad(var.handle, self.get_slot(var, "accumulator").handle,
                                                   self._cast(self._learning_rate_tensor, var), grad,
                                                   use_locking=self._use_locking)

    def _apply_sparse(self, grad, var):
        return training_ops.sparse_apply_adagrad(var, self.get_slot(var, "accumulator"),
                                                 self._cast(self._learning_rate_tensor, var), grad.values,
                                                 grad.indices, use_locking=self._use_locking)

    def _resource_apply_sparse(self, grad, var, indices):
        return training_ops.resource_sparse_apply_adagrad(var.handle, self.get_slot(var, "accumulator").handle,
                                                          self._cast(self._learning_rate_tensor, var), grad,
                                                          indices, use_locking=self._use_locking)
