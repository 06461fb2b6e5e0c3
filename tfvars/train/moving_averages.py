"""Moving averages of variables: `tf.train.ExponentialMovingAverage` and `assign_moving_average`.

`ema.apply([w])` makes the shadow variable "w/ExponentialMovingAverage" (a
slot of w, starting at w's initial value) and returns the op that moves it:
shadow -= (1 - decay) * (shadow - w), an "AssignSub" named
"ExponentialMovingAverage/AssignMovingAvg".

>>> import tfvars as tf
>>> w = tf.Variable(1.0, name="w")
>>> ema = tf.train.ExponentialMovingAverage(decay=0.9)
>>> update = ema.apply([w])
>>> ema.average(w).name
'w/ExponentialMovingAverage:0'
>>> with tf.Session() as sess:
...     sess.run(tf.global_variables_initializer())
...     _ = sess.run(w.assign(2.0))
...     sess.run(update)
...     round(float(sess.run(ema.average(w))), 6)
1.1
"""

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.framework.graph_keys import GraphKeys
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars import initializers
from tfvars.ops import control_flow_ops, math_ops, state_ops
from tfvars.ops import variable_scope
from tfvars.train import slot_creator
from tfvars.variables import Variable

__all__ = ["ExponentialMovingAverage", "assign_moving_average"]

_FLOAT_TYPES = (_dtypes.float16, _dtypes.float32, _dtypes.float64)


def assign_moving_average(variable, value, decay, zero_debias=True, name=None):
    """variable -= (1 - decay) * (variable - value), in a scope "AssignMovingAvg"; returns the updated value.

    With `zero_debias`, the average of a variable that starts at zero is
    corrected for that start: a "biased" variable and a "local_step" counter
    are kept beside it, and the variable is set to biased / (1 - decay^t).
    """
    with _graph.op_scope(name, "AssignMovingAvg", [variable, value, decay]) as scope:
        decay = convert_to_tensor(1.0 - decay, name="decay")
        if decay.dtype != variable.dtype.base_dtype:
            decay = math_ops.cast(decay, variable.dtype.base_dtype)
        if zero_debias:
            return _zero_debias(variable, value, decay)
        return state_ops.assign_sub(variable, (variable - value) * decay, name=scope)


def _zero_debias(unbiased_var, value, decay):
    """The zero-debiased update of `unbiased_var` (`decay` here is 1 - decay)."""
    graph = _graph.get_default_graph()
    with variable_scope.variable_scope(unbiased_var.name[:-len(":0")], values=[unbiased_var, value, decay]):
        with graph.colocate_with(unbiased_var.op):
            biased_var = variable_scope.get_variable(
                _maybe_get_unique("biased"), initializer=initializers.zeros_initializer(), shape=unbiased_var.shape,
                dtype=unbiased_var.dtype.base_dtype, trainable=False)
            local_step = variable_scope.get_variable(
                _maybe_get_unique("local_step"), shape=[], dtype=unbiased_var.dtype.base_dtype,
                initializer=initializers.zeros_initializer(), trainable=False)
    update_biased = state_ops.assign_sub(biased_var, (biased_var - value) * decay)
    update_local_step = local_step.assign_add(1)
    bias_factor = 1 - math_ops.pow(1.0 - decay, update_local_step)
    return state_ops.assign(unbiased_var, update_biased / bias_factor, name=graph.get_name_scope() + "/")


def _maybe_get_unique(name):
    """`name`, or `name_1`, `name_2`... if the current variable scope already has a variable of that name."""
    scope = variable_scope.get_variable_scope()
    if scope.reuse:
        return name
    existing = {v.op.name for v in scope.global_variables()}
    full_name = scope.name + "/" + name
    if full_name not in existing:
        return name
    index = 1
    while "%s_%d" % (full_name, index) in existing:
        index += 1
    return "%s_%d" % (name, index)


class ExponentialMovingAverage:
    """Shadow copies of variables that follow them as exponential moving averages.

    Args:
      decay: the decay, e.g. 0.999 (a float or scalar tensor).
      num_updates: if given, the decay used is min(decay, (1 + n) / (10 + n)),
        which moves faster early in training.
      zero_debias: debias the averages of tensors (not variables), which start at zero.
      name: the name scope of the update ops and the shadows' suffix.
    """

    def __init__(self, decay, num_updates=None, zero_debias=False, name="ExponentialMovingAverage"):
        self._decay = decay
        self._num_updates = num_updates
        self._zero_debias = zero_debias
        self._name = name
        self._averages = {}

    @property
    def name(self):
        return self._name

    def apply(self, var_list=None):
        """Creates the shadows of `var_list` (default: the trainable variables); returns the op updating them.

        Variables join MOVING_AVERAGE_VARIABLES. A tensor gets a shadow too,
        starting at zeros.

        Raises:
          TypeError: if a variable is not half, float or double.
        """
        graph = _graph.get_default_graph()
        if var_list is None:
            var_list = graph.get_collection(GraphKeys.TRAINABLE_VARIABLES)
        with graph._atomic():
            zero_debias_true = set()
            for var in var_list:
                if var.dtype.base_dtype not in _FLOAT_TYPES:
                    raise TypeError("The variables must be half, float, or double: %s" % var.name)
                if var not in self._averages:
                    avg = self._create_average(graph, var)
                    if self._zero_debias and not isinstance(var, Variable):
                        zero_debias_true.add(avg)
                    self._averages[var] = avg
            with _graph.name_scope(self._name) as scope:
                decay = convert_to_tensor(self._decay, dtype=_dtypes.float32, name="decay")
                if self._num_updates is not None:
                    num_updates = math_ops.cast(self._num_updates, _dtypes.float32, name="num_updates")
                    decay = math_ops.minimum(decay, (1.0 + num_updates) / (10.0 + num_updates))
                updates = [assign_moving_average(self._averages[var], var, decay,
                                                 zero_debias=self._averages[var] in zero_debias_true)
                           for var in var_list]
                return control_flow_ops.group(*updates, name=scope)

    def _create_average(self, graph, var):
        with graph.control_dependencies(None):
            if isinstance(var, Variable):
                avg = slot_creator.create_slot(var, var.initialized_value(), self._name, colocate_with_primary=True)
                graph.add_to_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, var)
                return avg
            return slot_creator.create_zeros_slot(
                var, self._name, colocate_with_primary=var.op.type in ("Variable", "VariableV2", "VarHandleOp"))

    def average(self, var):
        """The shadow variable of `var`, or None."""
        return self._averages.get(var)

    def average_name(self, var):
        """The name of `var`'s shadow: its op name, or (before `apply`) the name it would get."""
        if var in self._averages:
            return self._averages[var].op.name
        return _graph.get_default_graph().unique_name(var.op.name + "/" + self._name, mark_as_used=False)

    def variables_to_restore(self, moving_avg_variables=None):
        """{name in a checkpoint: variable}: each averaged variable restored from its shadow's name.

        `moving_avg_variables` defaults to the trainable and the moving-average
        variables; every other global variable maps from its own name.
        """
        graph = _graph.get_default_graph()
        if moving_avg_variables is None:
            moving_avg_variables = (graph.get_collection(GraphKeys.TRAINABLE_VARIABLES)
                                    + graph.get_collection(GraphKeys.MOVING_AVERAGE_VARIABLES))
        name_map = {self.average_name(v): v for v in moving_avg_variables}
        averaged_names = {v.name for v in moving_avg_variables}
        for v in graph.get_collection(GraphKeys.GLOBAL_VARIABLES):
            if v.name not in averaged_names and v.op.name not in name_map:
                name_map[v.op.name] = v
        return name_map
