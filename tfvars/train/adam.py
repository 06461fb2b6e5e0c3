"""`tf.train.AdamOptimizer`: Adam (Kingma and Ba), with bias-corrected moment estimates."""

from tfvars.framework import graph as _graph
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.ops import control_flow_ops, math_ops, resource_variable_ops, state_ops
from tfvars.ops import training_ops
from tfvars.train import optimizer

__all__ = ["AdamOptimizer"]


class AdamOptimizer(optimizer.Optimizer):
    """Adam: slots "m" ("w/Adam") and "v" ("w/Adam_1"), and the optimizer's "beta1_power", "beta2_power".

        lr_t = learning_rate * sqrt(1 - beta2^t) / (1 - beta1^t)
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad ** 2
        var -= lr_t * m / (sqrt(v) + epsilon)

    beta1_power and beta2_power hold beta1^t and beta2^t; they are colocated
    with the first variable by name and multiplied by beta1, beta2 after each
    step. A sparse gradient decays all of m and v, then adds the gradient's
    rows, and updates all of var (TF 1.x's sparse Adam).
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8, use_locking=False, name="Adam"):
        super().__init__(use_locking, name)
        self._lr = learning_rate
        self._beta1 = beta1
        self._beta2 = beta2
        self._epsilon = epsilon
        self._lr_t = self._beta1_t = self._beta2_t = self._epsilon_t = None

    def _get_beta_accumulators(self):
        graph = _graph.get_default_graph()
        return self._get_non_slot_variable("beta1_power", graph=graph), self._get_non_slot_variable("beta2_power",
                                                                                                   graph=graph)

    def _create_slots(self, var_list):
        first_var = min(var_list, key=lambda x: x.name)
        self._create_non_slot_variable(initial_value=self._beta1, name="beta1_power", colocate_with=first_var)
        self._create_non_slot_variable(initial_value=self._beta2, name="beta2_power", colocate_with=first_var)
        for v in var_list:
            self._zeros_slot(v, "m", self._name)
            self._zeros_slot(v, "v", self._name)

    def _prepare(self):
        self._lr_t = convert_to_tensor(self._call_if_callable(self._lr), name="learning_rate")
        self._beta1_t = convert_to_tensor(self._call_if_callable(self._beta1), name="beta1")
        self._beta2_t = convert_to_tensor(self._call_if_callable(self._beta2), name="beta2")
        self._epsilon_t = convert_to_tensor(self._call_if_callable(self._epsilon), name="epsilon")

    def _arguments(self, var):
        """beta1_power, beta2_power, lr, beta1, beta2, epsilon: as ApplyAdam takes them, in var's dtype."""
        beta1_power, beta2_power = self._get_beta_accumulators()
        return [self._cast(t, var) for t in (beta1_power, beta2_power, self._lr_t, self._beta1_t, self._beta2_t,
                                             self._epsilon_t)]

    def _apply_dense(self, grad, var):
        return training_ops.apply_adam(var, self.get_slot(var, "m"), self.get_slot(var, "v"), *self._arguments(var),
                                       grad, use_locking=self._use_locking).op

    def _resource_apply_dense(self, grad, var):
        return training_ops.resource_apply_adam(var.handle, self.get_slot(var, "m").handle,
                                                self.get_slot(var, "v").handle, *self._arguments(var), grad,
                                                use_locking=self._use_locking)

    def _apply_sparse_shared(self, grad, var, indices, scatter_add):
        beta1_power, beta2_power, lr_t, beta1_t, beta2_t, epsilon_t = self._arguments(var)
        lr = lr_t * math_ops.sqrt(1 - beta2_power) / (1 - beta1_power)
        graph = _graph.get_default_graph()
        m = self.get_slot(var, "m")
        m_scaled_g_values = grad * (1 - beta1_t)
        m_t = state_ops.assign(m, m * beta1_t, use_locking=self._use_locking)
        with graph.control_dependencies([m_t]):
            m_t = scatter_add(m, indices, m_scaled_g_values)
        v = self.get_slot(var, "v")
        v_scaled_g_values = (grad * grad) * (1 - beta2_t)
        v_t = state_ops.assign(v, v * beta2_t, use_locking=self._use_locking)
        with graph.control_dependencies([v_t]):
            v_t = scatter_add(v, indices, v_scaled_g_values)
        v_sqrt = math_ops.sqrt(v_t)
        var_update = state_ops.assign_sub(var, lr * m_t / (v_sqrt + epsilon_t), use_locking=self._use_locking)
        return control_flow_ops.group(*[var_update, m_t, v_t])

    def _apply_sparse(self, grad, var):
        return self._apply_sparse_shared(
            grad.values, var, grad.indices,
            lambda x, i, v: state_ops.scatter_add(x, i, v, use_locking=self._use_locking))

    def _resource_scatter_add(self, x, i, v):
        with _graph.get_default_graph().control_dependencies(
                [resource_variable_ops.resource_scatter_add(x.handle, i, v)]):
            return x.value()

    def _resource_apply_sparse(self, grad, var, indices):
        return self._apply_sparse_shared(grad, var, indices, self._resource_scatter_add)

    def _finish(self, update_ops, name_scope):
        graph = _graph.get_default_graph()
        with graph.control_dependencies(update_ops):
            beta1_power, beta2_power = self._get_beta_accumulators()
            with graph.colocate_with(beta1_power.op):
                update_beta1 = beta1_power.assign(beta1_power * self._beta1_t, use_locking=self._use_locking)
                update_beta2 = beta2_power.assign(beta2_power * self._beta2_t, use_locking=self._use_locking)
        return control_flow_ops.group(*update_ops + [update_beta1, update_beta2], name=name_scope)
