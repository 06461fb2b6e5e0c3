"""`tf.train.Optimizer`: the base class of every optimizer, from gradients to update ops.

`minimize(loss)` is `compute_gradients` (`tf.gradients` of the loss for each
variable) then `apply_gradients`, which builds, for
`tf.train.AdamOptimizer(0.1).minimize(loss, global_step)` on a variable `w`,
as TF 1.x does:

    beta1_power, beta2_power    the optimizer's own variables (colocated with w)
    w/Adam, w/Adam_1            w's slots "m" and "v": non-trainable, colocated with w
    Adam/learning_rate ...      the hyperparameters, as constants
    Adam/update_w/ApplyAdam     the update of w and its slots
    Adam/update                 a NoOp after every update (and Adam's own)
    Adam                        the AssignAdd of global_step, the op returned

Without a global step, the returned op is the NoOp, named "Adam". It joins
the TRAIN_OP collection. A subclass supplies `_create_slots`, `_prepare`,
`_apply_dense`, `_resource_apply_dense` and the sparse forms.
"""

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.framework.graph_keys import GraphKeys
from tfvars.framework.tensor import Tensor
from tfvars.framework.tensor_conversion import convert_to_tensor, convert_to_tensor_or_indexed_slices
from tfvars.ops import control_flow_ops, math_ops, resource_variable_ops, state_ops
from tfvars.train import slot_creator
from tfvars.util import nest
from tfvars.variables import Variable

__all__ = ["Optimizer"]

_VALID_DTYPES = (_dtypes.float16, _dtypes.float32, _dtypes.float64)


def _is_indexed_slices(value):
    return hasattr(value, "indices") and hasattr(value, "values") and hasattr(value, "dense_shape")


def _deduplicate_indexed_slices(values, indices):
    """(summed values, unique indices): the rows of repeated indices added up ("Unique", "UnsortedSegmentSum")."""
    from tfvars.ops import array_ops
    from tfvars.ops.array_unique import unique
    from tfvars.ops.math_segment import unsorted_segment_sum
    unique_indices, new_index_positions = unique(indices)
    summed_values = unsorted_segment_sum(values, new_index_positions, array_ops.shape(unique_indices)[0])
    return summed_values, unique_indices


def _var_key(var):
    """The key of `var` in the slot tables: its graph and op name."""
    return (var.op.graph, var.op.name)


# How each kind of variable is updated.
class _RefVariableProcessor:
    """A ref variable: `_apply_dense` / `_apply_sparse` on the variable itself."""

    def __init__(self, variable):
        self._v = variable

    def target(self):
        return self._v._ref()

    def update_op(self, optimizer, grad):
        if not _is_indexed_slices(grad):
            update_op = optimizer._apply_dense(grad, self._v)
            return _constrained(self._v, update_op)
        if self._v.constraint is not None:
            raise RuntimeError("Cannot use a constraint function on a sparse variable.")
        return optimizer._apply_sparse_duplicate_indices(grad, self._v)


class _DenseResourceVariableProcessor:
    """A resource variable: `_resource_apply_dense` / `_resource_apply_sparse` on its handle."""

    def __init__(self, variable):
        self._v = variable

    def target(self):
        return self._v

    def update_op(self, optimizer, grad):
        if _is_indexed_slices(grad):
            if self._v.constraint is not None:
                raise RuntimeError("Cannot use a constraint function on a sparse variable.")
            return optimizer._resource_apply_sparse_duplicate_indices(grad.values, self._v, grad.indices)
        update_op = optimizer._resource_apply_dense(grad, self._v)
        return _constrained(self._v, update_op)


class _TensorProcessor:
    """A plain tensor: gradients can be computed for it, but it cannot be updated."""

    def __init__(self, tensor):
        self._v = tensor

    def target(self):
        return self._v

    def update_op(self, optimizer, grad):
        raise NotImplementedError("Trying to update a Tensor ", self._v)


def _constrained(variable, update_op):
    """After the update, the variable projected by its `constraint` (TF 1.x: an assign of constraint(var))."""
    if variable.constraint is None:
        return update_op
    with _graph.get_default_graph().control_dependencies([update_op]):
        return variable.assign(variable.constraint(variable))


def _get_processor(variable):
    if getattr(variable, "op", None) is not None and variable.op.type == "VarHandleOp":
        return _DenseResourceVariableProcessor(variable)
    if isinstance(variable, Variable):
        return _RefVariableProcessor(variable)
    if isinstance(variable, Tensor):
        return _TensorProcessor(variable)
    raise NotImplementedError("Trying to optimize unsupported type ", variable)


class Optimizer:
    """Base class for optimizers: `minimize`, or `compute_gradients` then `apply_gradients`.

    Args:
      use_locking: passed to the update ops (tfvars runs ops one at a time, so it changes nothing).
      name: the name scope of the ops `apply_gradients` builds, and of the slots.

    Raises:
      ValueError: if `name` is empty.
    """

    GATE_NONE = 0
    GATE_OP = 1
    GATE_GRAPH = 2

    def __init__(self, use_locking, name):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        self._slots = {}
        self._non_slot_dict = {}

    def get_name(self):
        return self._name

    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=GATE_OP, aggregation_method=None,
                 colocate_gradients_with_ops=False, name=None, grad_loss=None):
        """The op that updates `var_list` (default: the trainable variables) to decrease `loss`.

        It also increments `global_step` when given. Raises ValueError if no
        variable has a gradient.
        """
        grads_and_vars = self.compute_gradients(
            loss, var_list=var_list, gate_gradients=gate_gradients, aggregation_method=aggregation_method,
            colocate_gradients_with_ops=colocate_gradients_with_ops, grad_loss=grad_loss)
        if not [v for g, v in grads_and_vars if g is not None]:
            raise ValueError("No gradients provided for any variable, check your graph for ops that do not support "
                             "gradients, between variables %s and loss %s."
                             % ([str(v) for _, v in grads_and_vars], loss))
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def compute_gradients(self, loss, var_list=None, gate_gradients=GATE_OP, aggregation_method=None,
                          colocate_gradients_with_ops=False, grad_loss=None):
        """[(gradient, variable)] for `var_list`; a gradient is a Tensor, an IndexedSlices or None.

        `var_list` defaults to TRAINABLE_VARIABLES + TRAINABLE_RESOURCE_VARIABLES.
        `loss` may be a callable returning the loss (TF 1.x's eager form).

        Raises:
          ValueError: for an unknown `gate_gradients`, a loss or variable of a
            non-float dtype, or no variables to optimize.
        """
        if callable(loss):
            loss = loss()
        if gate_gradients not in (Optimizer.GATE_NONE, Optimizer.GATE_OP, Optimizer.GATE_GRAPH):
            raise ValueError("gate_gradients must be one of: Optimizer.GATE_NONE, Optimizer.GATE_OP, "
                             "Optimizer.GATE_GRAPH.  Not %s" % gate_gradients)
        self._assert_valid_dtypes([loss])
        if grad_loss is not None:
            self._assert_valid_dtypes([grad_loss])
        graph = _graph.get_default_graph()
        if var_list is None:
            var_list = (graph.get_collection(GraphKeys.TRAINABLE_VARIABLES)
                        + graph.get_collection(GraphKeys.TRAINABLE_RESOURCE_VARIABLES))
        else:
            var_list = nest.flatten(var_list)
        var_list += graph.get_collection(GraphKeys._STREAMING_MODEL_PORTS)
        processors = [_get_processor(v) for v in var_list]
        if not var_list:
            raise ValueError("No variables to optimize.")
        from tfvars.ops import gradients_impl
        grads = gradients_impl.gradients(
            loss, [p.target() for p in processors], grad_ys=grad_loss,
            gate_gradients=(gate_gradients == Optimizer.GATE_OP), aggregation_method=aggregation_method,
            colocate_gradients_with_ops=colocate_gradients_with_ops)
        if gate_gradients == Optimizer.GATE_GRAPH:
            grads = control_flow_ops.tuple(grads)
        grads_and_vars = list(zip(grads, var_list))
        self._assert_valid_dtypes([v for g, v in grads_and_vars if g is not None and v.dtype != _dtypes.resource])
        return grads_and_vars

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """The op that applies each (gradient, variable) pair and then increments `global_step`, if given.

        The op is named `name` (default: the optimizer's name) and joins the
        TRAIN_OP collection. Slots are created on first use.

        Raises:
          TypeError: if a gradient is not a Tensor, IndexedSlices or None.
          ValueError: if `grads_and_vars` is empty or holds no gradient.
        """
        grads_and_vars = tuple(grads_and_vars)
        if not grads_and_vars:
            raise ValueError("No variables provided.")
        converted = tuple((_converted_gradient(g), v, _get_processor(v)) for g, v in grads_and_vars)
        var_list = [v for g, v, _ in converted if g is not None]
        if not var_list:
            raise ValueError("No gradients provided for any variable: %s." % ([str(v) for _, v, _ in converted],))
        graph = _graph.get_default_graph()
        saved = {slot_name: dict(slots) for slot_name, slots in self._slots.items()}, dict(self._non_slot_dict)
        try:
            return self._build_apply(graph, converted, var_list, global_step, name)
        except BaseException:
            # The graph forgets the slots it made; so does the optimizer.
            self._slots, self._non_slot_dict = saved
            raise

    def _build_apply(self, graph, converted, var_list, global_step, name):
        with graph._atomic():
            with graph.control_dependencies(None):
                self._create_slots(var_list)
            with _graph.name_scope(name, self._name) as name:
                self._prepare()
                update_ops = []
                for grad, var, processor in converted:
                    if grad is None:
                        continue
                    with _graph.name_scope("update_" + var.op.name), graph.colocate_with(var.op):
                        update_ops.append(processor.update_op(self, grad))
                apply_updates = self._finish_with_global_step(graph, update_ops, global_step, name)
            if isinstance(apply_updates, Tensor):
                apply_updates = apply_updates.op
            if apply_updates not in graph.get_collection(GraphKeys.TRAIN_OP):
                graph.add_to_collection(GraphKeys.TRAIN_OP, apply_updates)
            return apply_updates

    def _finish_with_global_step(self, graph, update_ops, global_step, name):
        if global_step is None:
            return self._finish(update_ops, name)
        with graph.control_dependencies([self._finish(update_ops, "update")]):
            with graph.colocate_with(global_step.op):
                if global_step.op.type == "VarHandleOp":
                    return resource_variable_ops.assign_add_variable_op(
                        global_step.handle, convert_to_tensor(1, dtype=global_step.dtype), name=name)
                return state_ops.assign_add(global_step, 1, name=name)

    def get_slot(self, var, name):
        """The slot `name` ("m", "momentum", ...) made for `var`, or None."""
        named_slots = self._slots.get(name)
        if not named_slots:
            return None
        return named_slots.get(_var_key(var))

    def get_slot_names(self):
        """The sorted names of the slots this optimizer has made."""
        return sorted(self._slots)

    def variables(self):
        """The optimizer's variables (slots and its own, as Adam's beta1_power) in the default graph, by name."""
        graph = _graph.get_default_graph()
        found = [v for v in self._non_slot_dict.values() if v.op.graph is graph]
        for slots in self._slots.values():
            found.extend(v for v in slots.values() if v.op.graph is graph)
        return sorted(found, key=lambda v: v.name)

    # For subclasses.
    def _valid_dtypes(self):
        return set(_VALID_DTYPES)

    def _assert_valid_dtypes(self, tensors):
        valid = self._valid_dtypes()
        for tensor in tensors:
            dtype = tensor.dtype.base_dtype
            if dtype not in valid:
                raise ValueError("Invalid type %r for %s, expected: %s."
                                 % (dtype, tensor.name, [t for t in _VALID_DTYPES if t in valid]))

    def _create_slots(self, var_list):
        """Creates the slots `var_list` needs (none by default)."""

    def _prepare(self):
        """Creates the hyperparameter tensors, in the optimizer's name scope (none by default)."""

    def _apply_dense(self, grad, var):
        raise NotImplementedError("%s does not update ref variables" % type(self).__name__)

    def _resource_apply_dense(self, grad, handle):
        raise NotImplementedError("%s does not update resource variables" % type(self).__name__)

    def _apply_sparse(self, grad, var):
        raise NotImplementedError("%s does not apply sparse gradients" % type(self).__name__)

    def _resource_apply_sparse(self, grad, handle, indices):
        raise NotImplementedError("%s does not apply sparse gradients" % type(self).__name__)

    def _apply_sparse_duplicate_indices(self, grad, var):
        """`_apply_sparse` on the gradient with the rows of repeated indices summed."""
        from tfvars.framework.indexed_slices import IndexedSlices
        summed_values, unique_indices = _deduplicate_indexed_slices(grad.values, grad.indices)
        return self._apply_sparse(IndexedSlices(summed_values, unique_indices, grad.dense_shape), var)

    def _resource_apply_sparse_duplicate_indices(self, grad, handle, indices):
        """`_resource_apply_sparse` with the rows of repeated indices summed."""
        summed_grad, unique_indices = _deduplicate_indexed_slices(grad, indices)
        return self._resource_apply_sparse(summed_grad, handle, unique_indices)

    def _finish(self, update_ops, name_scope):
        """The op that runs after every update, named `name_scope`."""
        return control_flow_ops.group(*update_ops, name=name_scope)

    # Slots and non-slot variables.
    def _slot_dict(self, slot_name):
        return self._slots.setdefault(slot_name, {})

    def _get_or_make_slot(self, var, val, slot_name, op_name):
        named_slots = self._slot_dict(slot_name)
        if _var_key(var) not in named_slots:
            named_slots[_var_key(var)] = slot_creator.create_slot(var, val, op_name)
        return named_slots[_var_key(var)]

    def _get_or_make_slot_with_initializer(self, var, initializer, shape, dtype, slot_name, op_name):
        named_slots = self._slot_dict(slot_name)
        if _var_key(var) not in named_slots:
            named_slots[_var_key(var)] = slot_creator.create_slot_with_initializer(var, initializer, shape, dtype,
                                                                                   op_name)
        return named_slots[_var_key(var)]

    def _zeros_slot(self, var, slot_name, op_name):
        named_slots = self._slot_dict(slot_name)
        if _var_key(var) not in named_slots:
            named_slots[_var_key(var)] = slot_creator.create_zeros_slot(var, op_name)
        return named_slots[_var_key(var)]

    def _create_non_slot_variable(self, initial_value, name, colocate_with):
        """The optimizer's own variable `name` in `colocate_with`'s graph (made once, next to it)."""
        graph = colocate_with.op.graph
        key = (name, graph)
        variable = self._non_slot_dict.get(key)
        if variable is None:
            with graph.colocate_with(colocate_with.op):
                variable = Variable(initial_value, name=name, trainable=False,
                                    use_resource=colocate_with.op.type == "VarHandleOp")
            self._non_slot_dict[key] = variable
        return variable

    def _get_non_slot_variable(self, name, graph=None):
        return self._non_slot_dict.get((name, graph))

    def _non_slot_variables(self):
        return self._non_slot_dict.values()

    def _call_if_callable(self, param):
        return param() if callable(param) else param

    def _cast(self, value, var):
        """A hyperparameter tensor cast to the variable's dtype (no op when it already has it)."""
        return math_ops.cast(value, var.dtype.base_dtype)


def _converted_gradient(grad):
    if grad is None:
        return None
    try:
        grad = convert_to_tensor_or_indexed_slices(grad)
    except TypeError:
        raise TypeError("Gradient must be convertible to a Tensor or IndexedSlices, or None: %s" % grad) from None
    if not isinstance(grad, Tensor) and not _is_indexed_slices(grad):
        raise TypeError("Gradient must be a Tensor, IndexedSlices, or None: %s" % grad)
    return grad
