"""The gradient loop of a while loop (`GradWhileContext`), and the iteration counter added to the forward loop.

The forward loop counts its iterations ("f_count"); the gradient loop starts
from that count and runs while it is at least 1 ("b_count"), so that it runs
the same number of iterations. The gradient of a loop invariant is summed
over them by an accumulator loop variable ("b_acc").
"""

from tfvars.framework import tensor_shape
from tfvars.framework.indexed_slices import IndexedSlices
from tfvars.framework.op_def_registry import apply_op
from tfvars.ops import array_ops
from tfvars.ops import constant_op
from tfvars.ops import control_flow_primitives as primitives
from tfvars.ops import control_flow_util as util
from tfvars.ops import math_ops
from tfvars.ops.array_shaping import shape_internal
from tfvars.ops.control_flow_context import set_control_flow_context
from tfvars.ops.while_context import WhileContext

# Ops on a forward value that the gradient loop builds in the forward loop, to save their (small) result instead.
_SIZE_TYPES = frozenset(("Shape", "Size", "Rank"))


class GradWhileContext(WhileContext):
    """The gradient loop of a forward while loop: counts the forward iterations down and reads saved values.

    It takes the forward loop's name in the "gradients" scope, and its
    `maximum_iterations`, `parallel_iterations`, `back_prop` and `swap_memory`.
    """

    def __init__(self, forward_context, grad_state):
        super().__init__(forward_context.maximum_iterations, forward_context.parallel_iterations,
                         forward_context.back_prop, forward_context.swap_memory, name=forward_context.name)
        self.grad_state = grad_state

    def add_value(self, value):
        """A forward-loop value used by the gradient is read from its stack (`GradLoopState.get_real_value`)."""
        if value not in self._values and value.op._control_flow_context is not self:
            current = self._graph._control_flow_context
            grad_state = util.grad_state_of(None if current is None else current.while_context)
            if grad_state is not None:
                forward = util.while_context_of(value.op)
                if forward is not None and util.is_loop_exit(value.op):
                    forward = forward.outer_context and forward.outer_context.while_context
                if forward is not None and forward is grad_state.forward_context:
                    real = grad_state.get_real_value(value)
                    self._see(value)
                    self._stand_in(value, real)
                    return real
        return super().add_value(value)

    def add_op(self, op):
        """A Shape, Size or Rank of a forward-loop value moves to the forward loop: its result is what gets saved."""
        if op.type in _SIZE_TYPES and op.inputs:
            source = op.inputs[0].op
            if util.while_context_of(source) is self.grad_state.forward_context:
                context = source._control_flow_context
                set_control_flow_context(op, context)
                context.add_op(op)
                return
        super().add_op(op)

    def add_backprop_loop_counter(self, count, outer_grad_state):
        """The loop counting `count` (the forward iterations) down to 0; returns the next count (its body's value)."""
        one = constant_op.constant(1, name="b_count")
        with util.entered(self):
            self._see(count)
            enter_count = primitives.enter(count, self.name, is_constant=False,
                                           parallel_iterations=self.parallel_iterations, name="b_count")
            self.loop_enters.append(enter_count)
            merge_count = primitives.merge([enter_count, enter_count])[0]
            self._pivot_for_pred = merge_count
            condition = math_ops.greater_equal(merge_count, one)
            self._pivot = apply_op("LoopCond", input=condition, name="b_count").outputs[0]
            switch_count = primitives.switch(merge_count, self._pivot)
            index = math_ops.subtract(switch_count[1], one)
            self._pivot_for_body = index
            next_count = primitives.next_iteration(index)
            merge_count.op._update_input(1, next_count)
            final_zero = primitives.exit(switch_count[0], name="b_count")
            self.loop_exits.append(final_zero)
            if outer_grad_state is not None:
                # The pops of an inner loop's i-th run come before those of its (i+1)-th.
                outer_grad_state.grad_sync._add_control_input(final_zero.op)
            self.exit_result([final_zero])
        return next_count

    def add_backprop_accumulator(self, op, grad):
        """The sum over all iterations of `grad`, the gradient of the loop invariant `op` (a constant Enter)."""
        with util.exited(self):
            shape = grad.shape
            if shape.is_fully_defined():
                with util.entered(self.outer_context):
                    acc = constant_op.constant(0, grad.dtype, shape=shape, name="b_acc")
            else:
                acc = self._unknown_shape_zeros(op, grad)
        with util.entered(self):
            self._see(acc)
            enter_acc = primitives.enter(acc, self.name, is_constant=False,
                                         parallel_iterations=self.parallel_iterations, name="b_acc")
            self.loop_enters.append(enter_acc)
            merge_acc = primitives.merge([enter_acc, enter_acc], name="b_acc")[0]
            switch_acc_false, switch_acc_true = primitives.switch(merge_acc, self._pivot)
            add_acc = math_ops.add(switch_acc_true, grad)
            merge_acc.op._update_input(1, primitives.next_iteration(add_acc))
            result = primitives.exit(switch_acc_false, name="b_acc")
            self.loop_exits.append(result)
            self.exit_result([result])
        return result

    def _unknown_shape_zeros(self, op, grad):
        """Zeros shaped like the invariant entering through `op`, built outside this loop."""
        value = op.inputs[0]
        outer = self.outer_context
        if isinstance(outer, WhileContext) and util.grad_state_of(outer) is not None:
            forward = self.grad_state.forward_context
            with util.entered(forward.outer_context):
                zeros_shape = shape_internal(value, optimize=False)
            outer_grad_state = self.grad_state.outer_grad_state
            history_zeros_shape = outer_grad_state.add_forward_accumulator(zeros_shape)
            with util.entered(outer):
                real_shape = outer_grad_state.add_backprop_accumulated_value(history_zeros_shape, zeros_shape)
                return array_ops.zeros(real_shape, grad.dtype)
        with util.entered(outer):
            zeros_shape = shape_internal(value, optimize=False)
            return array_ops.zeros(zeros_shape, grad.dtype)

    def add_backprop_indexed_slices_accumulator(self, op, grad):
        """The IndexedSlices gradient of a loop invariant over all iterations: every iteration's rows, concatenated."""
        values, indices, dense_shape = grad.values, grad.indices, grad.dense_shape
        with util.exited(self), util.entered(self.outer_context):
            if values.shape.is_fully_defined():
                values_shape = tensor_shape.TensorShape([1] + values.shape.dims[1:])
                values_acc = constant_op.constant(0, values.dtype, shape=values_shape, name="b_acc")
            else:
                values_shape = array_ops.concat([[1], shape_internal(op.inputs[0])[1:]], 0)
                values_acc = array_ops.zeros(values_shape, dtype=values.dtype)
            indices_acc = constant_op.constant([0], indices.dtype)
            shape_acc = None
            if dense_shape is not None:
                if dense_shape.shape.is_fully_defined():
                    shape_acc = constant_op.constant(0, dense_shape.dtype, shape=dense_shape.shape)
                else:
                    shape_acc = array_ops.zeros_like(
                        shape_internal(op.inputs[0], optimize=False, out_type=dense_shape.dtype),
                        optimize=False)
        with util.entered(self):
            inits = [indices_acc, values_acc] + ([shape_acc] if shape_acc is not None else [])
            for init in inits:
                self._see(init)
            # The accumulators grow each iteration: their Enters get partial shapes.
            enters = [primitives.enter(init, self.name, is_constant=False, parallel_iterations=self.parallel_iterations,
                                       use_input_shape=False, name="b_acc") for init in inits]
            enters[0].set_shape([None])
            if values_acc.shape.ndims is not None:
                enters[1].set_shape([None] + values_acc.shape.as_list()[1:])
            self.loop_enters.extend(enters)
            merges = [primitives.merge([enter, enter], name="b_acc")[0] for enter in enters]
            switches = [primitives.switch(merge, self._pivot) for merge in merges]
            nexts = [array_ops.concat([switches[0][1], indices], 0), array_ops.concat([switches[1][1], values], 0)]
            if shape_acc is not None:
                nexts.append(math_ops.maximum(dense_shape, switches[2][1]))
            next_iterations = [primitives.next_iteration(value) for value in nexts]
            for merge, next_iteration in zip(merges, next_iterations):
                merge.op._update_input(1, next_iteration)
            exits = [primitives.exit(switch[0], name="b_acc") for switch in switches]
            self.loop_exits.extend(exits)
            self.exit_result(exits)
        return IndexedSlices(exits[1], exits[0], exits[2] if shape_acc is not None else None)


def add_forward_loop_counter(forward_context, outer_grad_state):
    """Counts the forward loop's iterations: returns (the count's Exit, the count's NextIteration)."""
    count = constant_op.constant(0, name="f_count")
    if outer_grad_state is not None:
        # The pushes of an inner loop's i-th run come before those of its (i+1)-th.
        count.op._add_control_input(outer_grad_state.forward_index.op.inputs[0].op)
    with util.entered(forward_context):
        forward_context._see(count)
        enter_count = primitives.enter(count, forward_context.name, is_constant=False,
                                       parallel_iterations=forward_context.parallel_iterations, name="f_count")
        util.append_undoably(count.graph, forward_context.loop_enters, enter_count)
        merge_count = primitives.merge([enter_count, enter_count])[0]
        switch_count = primitives.switch(merge_count, forward_context.pivot)
        index = math_ops.add(switch_count[1], 1)
        next_count = primitives.next_iteration(index)
        merge_count.op._update_input(1, next_count)
        total_iterations = primitives.exit(switch_count[0], name="f_count")
        util.append_undoably(count.graph, forward_context.loop_exits, total_iterations)
        forward_context.exit_result([total_iterations])
    return total_iterations, next_count
