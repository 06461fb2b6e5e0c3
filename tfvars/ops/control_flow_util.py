"""What control-flow gradients ask of ops and contexts (TF's `control_flow_util`), and context helpers."""

import contextlib

from tfvars.ops.cond_context import CondContext
from tfvars.ops.while_context import WhileContext

_IDENTITY_TYPES = frozenset(("Switch", "RefSwitch", "Identity", "RefIdentity"))


def is_switch(op):
    return op.type in ("Switch", "RefSwitch")


def is_loop_exit(op):
    return op.type in ("Exit", "RefExit")


def is_cond_switch(op):
    """A Switch whose consumers are all in cond branches (a loop's Enter counting as where it enters from)."""
    for tensor in op.outputs:
        for consumer in tensor.consumers():
            context = consumer._control_flow_context
            if consumer.type in ("Enter", "RefEnter") and context is not None:
                context = context.outer_context
            if not isinstance(context, CondContext):
                return False
    return True


def is_loop_switch(op):
    """A while loop's Switch on its loop condition."""
    return is_switch(op) and isinstance(op._control_flow_context, WhileContext) and not is_cond_switch(op)


def while_context_of(op):
    """The innermost while loop `op` was built in, or None."""
    context = op._control_flow_context
    return None if context is None else context.while_context


def grad_state_of(context):
    """The `GradLoopState` of a gradient loop's context (None for any other context)."""
    return getattr(context, "grad_state", None)


def loop_constant_enter(tensor):
    """The constant Enter `tensor` forwards (through Identity and Switch ops), if it is a loop invariant."""
    op = tensor.op
    while op.type in _IDENTITY_TYPES:
        op = op.inputs[0].op
    return op if op.type in ("Enter", "RefEnter") and op.get_attr("is_constant") else None


@contextlib.contextmanager
def entered(context):
    """Builds ops in `context` (nothing to do for None, the top level)."""
    if context is None:
        yield
        return
    context.enter()
    try:
        yield
    finally:
        context.exit()


@contextlib.contextmanager
def exited(context):
    """Builds ops outside `context`, the innermost context, then enters it again."""
    context.exit()
    try:
        yield
    finally:
        context.enter()


def no_control_flow_context(graph):
    """TF's `control_dependencies(None)`: no control inputs and no control-flow context inside."""
    return graph.control_dependencies(None)


def append_undoably(graph, items, item):
    """Appends `item` to a context's list (its loop enters or exits), undone with a failed construction."""
    items.append(item)
    graph._record_undo(lambda: items.remove(item))
