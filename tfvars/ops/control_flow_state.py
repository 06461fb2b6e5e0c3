"""Gradients through while loops: a backward loop per forward loop, fed by stacks.

For each while loop between the xs and the ys, `tf.gradients` builds a
gradient loop (a `grad_while_context.GradWhileContext` named
"gradients/<loop>/while_context") that runs the forward loop's iterations
backwards:

- the forward loop gets an iteration counter ("f_count"), whose final value
  the gradient loop counts down to zero ("b_count");
- a forward value the gradient needs is pushed on a stack ("f_acc", a
  StackV2) in each forward iteration and popped in the matching backward one
  (`GradLoopState.get_real_value`); loop invariants and constants need no stack;
- the gradient of a loop invariant is summed over the iterations by an
  accumulator loop variable ("b_acc").

`ControlFlowState` is what `gradients_impl` asks about control flow (see
`gradients_impl.ControlFlowState`): it keeps one `GradLoopState` per forward
loop, and without loops it only builds a cond's untaken-branch zeros.
"""

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.framework import tensor_util
from tfvars.ops import array_ops
from tfvars.ops import constant_op
from tfvars.ops import control_flow_primitives as primitives
from tfvars.ops import control_flow_util as util
from tfvars.ops import gradients_impl
from tfvars.ops import grad_loop_ops
from tfvars.ops.array_shaping import shape_internal
from tfvars.ops.cond_context import CondContext
from tfvars.ops.control_flow_context import output_context, set_control_flow_context
from tfvars.ops.grad_while_context import GradWhileContext, add_forward_loop_counter


# Zeros for outputs without a gradient.
def zeros_like_outside_loop(op, index):
    """Zeros shaped like output `index` of `op`; a cond Switch's, built on its untaken branch.

    A Switch's untaken output is DEAD when the gradient runs: its zeros come
    from a new Switch of the same input, on the other branch, so that they
    exist exactly when the gradient of the taken branch does not.
    """
    value = op.outputs[index]
    context = op._control_flow_context
    if not util.is_switch(op) or not isinstance(context, CondContext):
        if value.dtype == _dtypes.resource:
            return gradients_impl._zeros_for_handle(value)
        return array_ops.zeros_like(value, optimize=False)
    switch_value = primitives.switch(op.inputs[0], context.pred)[1 - context.branch]
    pivot = array_ops.identity(switch_value)
    graph = op.graph
    if value.dtype == _dtypes.resource:
        with graph.control_dependencies([pivot]):
            return gradients_impl._zeros_for_handle(switch_value)
    zeros_shape = shape_internal(switch_value, optimize=False)
    with graph.control_dependencies([pivot]):
        return array_ops.zeros(zeros_shape, dtype=value.dtype.base_dtype)


class GradLoopState:
    """What the gradient of one forward while loop needs: its gradient loop, counters, stacks and Switch map.

    Attributes:
      forward_context: the forward loop's WhileContext.
      grad_context: the gradient loop's GradWhileContext.
      forward_index: the forward counter's next value (its NextIteration).
      history_map: forward tensor -> the tensor standing for it in the gradient loop.
      switch_map: forward loop Switch -> the Merge ("b_switch") of its gradient.
      deferred_exits, unused_exits, pending_exits_count: the forward loop's Exits
        met by the traversal, those with no gradient, and how many are still to come.
    """

    def __init__(self, forward_context, outer_grad_state):
        self.forward_context = forward_context
        self.outer_grad_state = outer_grad_state
        self.history_map = {}
        self.switch_map = {}
        self.unused_exits = []
        self.deferred_exits = []
        self.forward_loop_exits = list(forward_context.loop_exits)
        self.pending_exits_count = len(self.forward_loop_exits)
        self._forward_sync = None
        self._grad_sync = None
        outer_forward = outer_grad_state.forward_context if outer_grad_state else forward_context.outer_context
        with util.entered(outer_forward):
            count, self.forward_index = add_forward_loop_counter(forward_context, outer_grad_state)
        if outer_grad_state is not None:
            # A nested loop runs once per outer iteration: its counts are saved like any forward value.
            outer_forward._see(count)
            history_count = outer_grad_state.add_forward_accumulator(count)
            with util.entered(outer_grad_state.grad_context):
                self.grad_context = GradWhileContext(forward_context, self)
                real_count = outer_grad_state.add_backprop_accumulated_value(history_count, count)
                self.grad_index = self.grad_context.add_backprop_loop_counter(real_count, outer_grad_state)
        else:
            with util.entered(outer_forward):
                self.grad_context = GradWhileContext(forward_context, self)
                self.grad_index = self.grad_context.add_backprop_loop_counter(count, outer_grad_state)

    @property
    def forward_sync(self):
        """A ControlTrigger ("f_sync") in the forward loop that keeps the pushes in iteration order."""
        if self._forward_sync is None:
            with util.no_control_flow_context(self.forward_index.graph):
                self._forward_sync = grad_loop_ops.control_trigger(name="f_sync")
            set_control_flow_context(self._forward_sync, self.forward_context)
            self.forward_index.op._add_control_input(self._forward_sync)
        return self._forward_sync

    @property
    def grad_sync(self):
        """A ControlTrigger ("b_sync") in the gradient loop that keeps the pops in iteration order."""
        if self._grad_sync is None:
            with util.no_control_flow_context(self.grad_index.graph):
                self._grad_sync = grad_loop_ops.control_trigger(name="b_sync")
            set_control_flow_context(self._grad_sync, self.grad_context)
            self.grad_index.op._add_control_input(self._grad_sync)
        return self._grad_sync

    def add_forward_accumulator(self, value, dead_branch=False):
        """A stack ("f_acc") onto which the forward loop pushes `value` in each iteration; returns its handle.

        `dead_branch`: `value` is on the untaken branch of a cond in the loop
        (the shape of zeros for a cond Switch's output), pushed where the cond is.
        """
        graph = value.graph
        current = graph._control_flow_context
        with util.no_control_flow_context(graph), util.entered(current), graph.colocate_with(value):
            max_size = constant_op.constant(-1, _dtypes.int32)
            acc = grad_loop_ops.stack_v2(max_size, value.dtype.base_dtype, name="f_acc")
        enter_acc = self.forward_context.add_value(acc)
        swap_memory = self.forward_context.swap_memory
        value_context = output_context(value.op)
        if value_context is self.forward_context:
            with util.entered(self.forward_context):
                push = grad_loop_ops.stack_push_v2(enter_acc, value, swap_memory=swap_memory)
            self.forward_index.op._add_control_input(push.op)
        else:
            if not isinstance(value_context, CondContext):
                raise TypeError("value_ctxt is not a CondContext: %s" % value_context)
            if dead_branch:
                with util.entered(value_context.outer_context):
                    push = grad_loop_ops.stack_push_v2(enter_acc, value, swap_memory=swap_memory)
                set_control_flow_context(push.op, value_context)
            else:
                with util.entered(value_context):
                    push = grad_loop_ops.stack_push_v2(enter_acc, value, swap_memory=swap_memory)
            self.forward_sync._add_control_input(push.op)
        # The push of iteration i runs after the counter's increment of iteration i.
        push.op._add_control_input(self.forward_index.op.inputs[0].op)
        return acc

    def add_backprop_accumulated_value(self, history_value, value, dead_branch=False):
        """The pop, in the gradient loop, of the stack `history_value` that saves `value` (guarded by its cond)."""
        history_context = history_value.op._control_flow_context
        cond_context = None
        value_context = value.op._control_flow_context
        while value_context is not None and value_context is not history_context:
            if isinstance(value_context, CondContext):
                cond_context = value_context
                break
            value_context = value_context.outer_context
        with util.no_control_flow_context(value.graph), util.entered(self.grad_context):
            if cond_context is not None:
                pred = self._history_pred(cond_context)
                branch = (1 - cond_context.branch) if dead_branch else cond_context.branch
                history_value = primitives.switch_ref_or_tensor(history_value, pred)[branch]
            pop = grad_loop_ops.stack_pop_v2(history_value, value.dtype.base_dtype)
            pop.set_shape(value.shape)
        if self.grad_context.parallel_iterations > 1:
            self.grad_sync._add_control_input(pop.op)
        return pop

    def _history_pred(self, cond_context):
        """The predicate of a cond in the forward loop as the gradient loop reads it."""
        grad_state = self
        while grad_state is not None:
            pred = grad_state.history_map.get(cond_context.pred)
            if pred is not None:
                return pred
            grad_state = grad_state.outer_grad_state
        return cond_context.pred

    def get_real_value(self, value):
        """The tensor standing for the forward value `value` in the gradient loop (built in it).

        A loop invariant enters the gradient loop; a constant is copied; any
        other value is pushed on a stack in each forward iteration and popped
        in the matching gradient iteration.
        """
        real_value = self.history_map.get(value)
        if real_value is not None:
            return real_value
        current, grad_state, history_value = value, self, None
        while True:
            enter_op = util.loop_constant_enter(current)
            if enter_op is not None:
                current = enter_op.inputs[0]
                grad_state = grad_state.outer_grad_state
                if grad_state is None:
                    real_value = self.grad_context.add_value(current)
                    break
            elif current.op.type == "Const":
                real_value = constant_op.constant(tensor_util.constant_value(current), dtype=current.dtype)
                break
            else:
                with util.exited(self.grad_context):
                    history_value = grad_state.add_forward_accumulator(current)
                break
        if real_value is None:
            real_value = grad_state.add_backprop_accumulated_value(history_value, current)
            if grad_state is not self:
                real_value = self.grad_context.add_value(real_value)
        self.history_map[value] = real_value
        return real_value

    def saved_pred(self, pred):
        """The forward predicate `pred` of a cond in the loop, as the gradient loop reads it (saved on a stack)."""
        real_pred = self.history_map.get(pred)
        if real_pred is None:
            with util.exited(self.grad_context):
                history_pred = self.add_forward_accumulator(pred)
            real_pred = self.add_backprop_accumulated_value(history_pred, pred)
            self.history_map[pred] = real_pred
        return real_pred


class ControlFlowState(gradients_impl.ControlFlowState):
    """The control-flow side of one `tf.gradients` call: a `GradLoopState` per while loop on the way.

    Made by `gradients_impl` for the ops between the xs and the ys; adds each
    loop's Exits to those ops (every exit of a loop takes part in its gradient).
    """

    def __init__(self, between_op_list, between_ops, colocate_gradients_with_ops):
        super().__init__(between_op_list, between_ops, colocate_gradients_with_ops)
        self._map = {}  # forward WhileContext -> GradLoopState
        for op in list(between_op_list):
            if util.is_loop_exit(op):
                if colocate_gradients_with_ops:
                    with op.graph.colocate_with(op):
                        self._add_while_context(op, between_op_list, between_ops)
                else:
                    self._add_while_context(op, between_op_list, between_ops)

    def _add_while_context(self, op, between_op_list, between_ops):
        forward = util.while_context_of(op)
        if forward in self._map:
            return
        outer_forward = forward.outer_context and forward.outer_context.while_context
        grad_state = GradLoopState(forward, self._map.get(outer_forward))
        self._map[forward] = grad_state
        for loop_exit in grad_state.forward_loop_exits:
            if loop_exit.op not in between_ops:
                between_ops.add(loop_exit.op)
                between_op_list.append(loop_exit.op)

    def _grad_state(self, op, before):
        if before and util.is_loop_exit(op):
            outer = op._control_flow_context.outer_context
            forward = None if outer is None else outer.while_context
        else:
            forward = util.while_context_of(op)
        return None if forward is None else self._map.get(forward)

    def enter_grad_context(self, op, before):
        grad_state = self._grad_state(op, before)
        if grad_state is not None:
            grad_state.grad_context.enter()

    def exit_grad_context(self, op, before):
        grad_state = self._grad_state(op, before)
        if grad_state is not None:
            grad_state.grad_context.exit()

    def zeros_like(self, op, index):
        """Zeros for an output without a gradient: none for a loop Switch; saved shapes inside a loop."""
        if util.is_loop_switch(op):
            return None
        grad_state = self._map.get(util.while_context_of(op))
        if grad_state is None:
            return zeros_like_outside_loop(op, index)
        return _zeros_in_loop(grad_state, op, index)

    def zeros_like_for_exit(self, exit_tensor):
        """The zero gradient of an Exit whose value no y uses."""
        forward = exit_tensor.op._control_flow_context
        outer_forward = forward.outer_context and forward.outer_context.while_context
        outer_grad_state = self._map.get(outer_forward) if outer_forward is not None else None
        shape = exit_tensor.shape
        if outer_grad_state is None:
            if shape.is_fully_defined():
                return array_ops.zeros(shape.dims, exit_tensor.dtype.base_dtype)
            return array_ops.zeros_like(exit_tensor, optimize=False)
        if shape.is_fully_defined():
            with util.entered(outer_grad_state.grad_context):
                return array_ops.zeros(shape.dims, exit_tensor.dtype.base_dtype)
        # The shape of an inner loop's exit may change between outer iterations: save it.
        with util.entered(outer_forward):
            zeros_shape = shape_internal(exit_tensor, optimize=False)
        history_zeros_shape = outer_grad_state.add_forward_accumulator(zeros_shape)
        with util.entered(outer_grad_state.grad_context):
            real_shape = outer_grad_state.add_backprop_accumulated_value(history_zeros_shape, zeros_shape)
            return array_ops.zeros(real_shape, exit_tensor.dtype.base_dtype)

    def unused_loop_exits(self, pending_count, to_ops):
        """The exits to start from once a loop's exits are all known to need no more gradient."""
        loop_exits = []
        for grad_state in self._map.values():
            for exit_tensor in grad_state.forward_loop_exits:
                if pending_count[exit_tensor.op] == 0:
                    grad_state.pending_exits_count -= 1
                    if exit_tensor.op not in to_ops:
                        grad_state.unused_exits.append(exit_tensor)
                    if grad_state.pending_exits_count == 0:
                        loop_exits.extend(grad_state.unused_exits)
            for enter_tensor in grad_state.forward_context.loop_enters:
                if pending_count[enter_tensor.op] == 0:
                    pending_count[enter_tensor.op] = 1
        return loop_exits

    def ready_with_pending(self, op):
        return util.is_loop_switch(op)

    def enqueue_ready(self, op, queue, grads):
        """Queues `op`; a loop Exit waits until every exit of its loop is ready, and unused ones get zeros."""
        if not util.is_loop_exit(op):
            queue.append(op)
            return
        grad_state = self._grad_state(op, before=False)
        grad_state.deferred_exits.append(op.outputs[0])
        grad_state.pending_exits_count -= 1
        if grad_state.pending_exits_count != 0:
            return
        used = False
        for exit_tensor in grad_state.deferred_exits:
            if gradients_impl._has_any_not_none_grads(grads, exit_tensor.op):
                used = True
                queue.append(exit_tensor.op)
            else:
                grad_state.unused_exits.append(exit_tensor)
        for exit_tensor in grad_state.unused_exits:
            if used and gradients_impl._is_trainable(exit_tensor):
                gradients_impl._set_grad(grads, exit_tensor, self.zeros_like_for_exit(exit_tensor))
            queue.append(exit_tensor.op)

    def post_processing(self):
        """A loop variable whose next value does not depend on it gets zero gradients after the first iteration."""
        for grad_state in self._map.values():
            for b_merge in grad_state.switch_map.values():
                if b_merge.op.inputs[0] is not b_merge.op.inputs[1]:
                    continue
                dtype = b_merge.op.inputs[0].dtype
                shape = b_merge.op.inputs[0].shape
                if shape.is_fully_defined():
                    with util.entered(grad_state.grad_context):
                        next_grad_val = primitives.next_iteration(
                            constant_op.constant(0, dtype=dtype, shape=shape))
                else:
                    with util.entered(grad_state.grad_context.outer_context):
                        enter_grad = b_merge.op.inputs[0].op.inputs[0]
                        grad_val = array_ops.zeros(shape_internal(enter_grad, optimize=False))
                    with util.entered(grad_state.grad_context):
                        next_grad_val = primitives.next_iteration(grad_val)
                b_merge.op._update_input(1, next_grad_val)


def _zeros_in_loop(grad_state, op, index):
    """Zeros in the gradient loop shaped like output `index` of `op` (in the forward loop) in each iteration."""
    value = op.outputs[index]
    dead_branch = util.is_switch(op)
    context = op._control_flow_context
    shape = value.shape
    if shape.is_fully_defined():
        if value.dtype == _dtypes.resource:
            result = gradients_impl._zeros_for_handle(value)
        else:
            result = constant_op.constant(0, shape=shape.dims, dtype=value.dtype.base_dtype)
        if dead_branch:
            pred = grad_state.history_map.get(context.pred)
            result = primitives.switch_ref_or_tensor(result, pred)[1 - context.branch]
        return result
    if dead_branch:
        with util.entered(context.outer_context):
            switched = primitives.switch_ref_or_tensor(op.inputs[0], context.pred)[1 - context.branch]
            zeros_shape = shape_internal(switched, optimize=False)
        set_control_flow_context(switched.op, context)
        set_control_flow_context(zeros_shape.op, context)
    else:
        with util.entered(context):
            zeros_shape = shape_internal(value, optimize=False)
    with util.exited(grad_state.grad_context):
        history_zeros_shape = grad_state.add_forward_accumulator(zeros_shape, dead_branch=dead_branch)
    real_shape = grad_state.add_backprop_accumulated_value(history_zeros_shape, zeros_shape, dead_branch)
    return array_ops.zeros(real_shape, value.dtype.base_dtype)


def real_pred(pred):
    """The predicate a cond's Merge gradient switches on: in a gradient loop, the forward value saved per iteration."""
    current = _graph.get_default_graph()._control_flow_context
    grad_state = util.grad_state_of(None if current is None else current.while_context)
    return pred if grad_state is None else grad_state.saved_pred(pred)
