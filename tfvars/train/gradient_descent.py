"""`tf.train.GradientDescentOptimizer`: var -= learning_rate * grad."""

from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.ops import math_ops, resource_variable_ops
from tfvars.ops import training_ops
from tfvars.train import optimizer

__all__ = ["GradientDescentOptimizer"]


class GradientDescentOptimizer(optimizer.Optimizer):
    """Plain gradient descent ("ApplyGradientDescent"); sparse gradients become a scatter of -lr * grad.

    Args:
      learning_rate: a float, a scalar Tensor, or a callable returning one.
      use_locking: passed to the update ops.
      name: the name scope of the update ops (default "GradientDescent").
    """

    def __init__(self, learning_rate, use_locking=False, name="GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._learning_rate_tensor = None

    def _prepare(self):
        self._learning_rate_tensor = convert_to_tensor(self._call_if_callable(self._learning_rate),
                                                       name="learning_rate")

    def _apply_dense(self, grad, var):
        return training_ops.apply_gradient_descent(var, self._cast(self._learning_rate_tensor, var), grad,
                                                   use_locking=self._use_locking).op

    def _resource_apply_dense(self, grad, handle):
        return training_ops.resource_apply_gradient_descent(
            handle.handle, math_ops.cast(self._learning_rate_tensor, grad.dtype.base_dtype), grad,
            use_locking=self._use_locking)

    def _resource_apply_sparse_duplicate_indices(self, grad, handle, indices):
        # A scatter adds repeated indices up by itself: no need to sum them first.
        return resource_variable_ops.resource_scatter_add(
            handle.handle, indices, -grad * math_ops.cast(self._learning_rate_tensor, grad.dtype.base_dtype))

    def _apply_sparse_duplicate_indices(self, grad, var):
        from tfvars.framework.indexed_slices import IndexedSlices
        delta = IndexedSlices(grad.values * self._cast(self._learning_rate_tensor, var), grad.indices,
                              grad.dense_shape)
        return var.scatter_sub(delta, use_locking=self._use_locking)
