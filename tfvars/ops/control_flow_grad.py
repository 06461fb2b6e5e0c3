"""Gradient rules of the control-flow ops, as TF 1.x's `control_flow_grad` builds them.

| op | in a cond | in a while loop |
| --- | --- | --- |
| Switch | Merge ("cond_grad") of both branches' gradients | Merge ("b_switch") of the Exit's gradient and, |
| | | once the body is done, of the next iteration's |
| Merge | Switch ("cond_grad") of the gradient on the predicate | Switch on the gradient loop's condition |
| Enter | - | an Exit for a loop variable; an accumulator loop ("b_acc") for an invariant |
| Exit | - | an Enter ("b_exit") into the gradient loop |
| NextIteration | - | the gradient itself |
| LoopCond | - | none |

The "Ref" twin of each op has the same rule. Importing this module installs
`control_flow_state.ControlFlowState` as the control-flow state of `tf.gradients`.
"""

from tfvars.framework import graph as _graph
from tfvars.framework.gradient_registry import RegisterGradient
from tfvars.framework.indexed_slices import IndexedSlices
from tfvars.framework.tensor import Tensor
from tfvars.ops import control_flow_primitives as primitives
from tfvars.ops import control_flow_state
from tfvars.ops import gradients_impl
from tfvars.ops import math_ops
from tfvars.ops.cond_context import CondContext
from tfvars.ops.control_flow_context import output_context
from tfvars.ops.control_flow_util import entered, grad_state_of
from tfvars.ops.while_context import WhileContext

gradients_impl.set_control_flow_state_factory(control_flow_state.ControlFlowState)


def _grad_context():
    return _graph.get_default_graph()._control_flow_context


@RegisterGradient("Switch")
@RegisterGradient("RefSwitch")
def _switch_grad(op, *grad):
    """A loop Switch is visited twice: from its Exit (the Merge is made), then from the body (its back edge)."""
    op_context = op._control_flow_context
    grad_context = _grad_context()
    if isinstance(op_context, WhileContext):
        switch_map = grad_context.grad_state.switch_map
        merge_grad = switch_map.get(op)
        if merge_grad is not None:
            if grad[1] is not None:
                merge_grad.op._update_input(1, primitives.next_iteration(grad[1]))
            return None, None
        if grad[0] is not None:
            merge_grad = primitives.merge([grad[0], grad[0]], name="b_switch")[0]
            switch_map[op] = merge_grad
            return merge_grad, None
        return None, None
    if isinstance(op_context, CondContext):
        zero_grad = grad[1 - op_context.branch]
        if zero_grad is None:
            # A resource's untaken branch never gets zeros: the taken branch's gradient is merged with itself.
            if op.inputs[0].dtype.base_dtype.name == "resource":
                return primitives.merge([grad[op_context.branch]] * 2, name="cond_resource_grad")[0], None
            return None, None
        return primitives.merge(grad, name="cond_grad")[0], None
    false_grad = primitives.switch(grad[0], op.inputs[1])[0]
    true_grad = primitives.switch(grad[1], op.inputs[1])[1]
    return primitives.merge([false_grad, true_grad])[0], None


@RegisterGradient("Merge")
@RegisterGradient("RefMerge")
def _merge_grad(op, grad, _):
    """The gradient goes back down the input that was alive: a Switch on what chose it."""
    op_context = output_context(op.inputs[0].op)
    grad_context = _grad_context()
    if isinstance(op_context, WhileContext):
        return primitives.switch_ref_or_tensor(grad, grad_context.pivot)
    if isinstance(op_context, CondContext):
        pred = control_flow_state.real_pred(op_context.pred)
        return primitives.switch_ref_or_tensor(grad, pred, name="cond_grad")
    return [primitives.switch_ref_or_tensor(grad, math_ops.equal(op.outputs[1], i))[1]
            for i in range(len(op.inputs))]


@RegisterGradient("Enter")
@RegisterGradient("RefEnter")
def _enter_grad(op, grad):
    """A loop variable's gradient leaves the gradient loop; a loop invariant's is summed over the iterations.

    Raises:
      TypeError: for a gradient neither Tensor nor IndexedSlices.
    """
    grad_context = _grad_context()
    if grad_context is None or not grad_context.back_prop or grad_state_of(grad_context) is None:
        return grad
    if op.get_attr("is_constant"):
        if isinstance(grad, Tensor):
            return grad_context.add_backprop_accumulator(op, grad)
        if isinstance(grad, IndexedSlices):
            return grad_context.add_backprop_indexed_slices_accumulator(op, grad)
        raise TypeError("Type %s not supported" % type(grad))
    result = primitives.exit(grad)
    grad_context.loop_exits.append(result)
    grad_context.exit_result([result])
    return result


@RegisterGradient("Exit")
@RegisterGradient("RefExit")
def _exit_grad(op, grad):
    """The gradient of a loop's result enters the gradient loop ("b_exit").

    Raises:
      TypeError: for the gradient of a gradient loop, or a gradient neither Tensor nor IndexedSlices.
    """
    grad_context = _grad_context()
    if not grad_context.back_prop:
        return None
    if grad_state_of(op._control_flow_context) is not None:
        raise TypeError("Second-order gradient for while loops not supported.")
    if isinstance(grad, Tensor):
        parts = [grad]
    elif isinstance(grad, IndexedSlices):
        parts = [t for t in (grad.values, grad.indices, grad.dense_shape) if t is not None]
    else:
        raise TypeError("Type %s not supported" % type(grad))
    for tensor in parts:
        grad_context._see(tensor)
    with entered(grad_context):
        result = _enter_in(grad_context, grad)
    grad_context.loop_enters.append(result)
    return result


def _enter_in(context, grad):
    """`grad` entering the gradient loop `context` (an IndexedSlices part by part, as TF 1.x does)."""
    def enter(tensor, name):
        return primitives.enter(tensor, context.name, is_constant=False,
                                parallel_iterations=context.parallel_iterations, name=name)
    if isinstance(grad, Tensor):
        return enter(grad, "b_exit")
    dense_shape = None if grad.dense_shape is None else enter(grad.dense_shape, "dense_shape")
    return IndexedSlices(enter(grad.values, "b_exit"), enter(grad.indices, "indices"), dense_shape)


@RegisterGradient("NextIteration")
@RegisterGradient("RefNextIteration")
def _next_iteration_grad(_, grad):
    return grad


@RegisterGradient("LoopCond")
def _loop_cond_grad(_, grad):
    return None
