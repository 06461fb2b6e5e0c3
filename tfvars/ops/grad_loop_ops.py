"""The ops while-loop gradients build: stacks, and ControlTrigger.

A forward loop pushes each iteration's value of a tensor its gradient needs
("StackPushV2"); the gradient loop, running the iterations backwards, pops
them ("StackPopV2"). A stack ("StackV2") lives for one run: each run of the
StackV2 op makes a new, empty one, and its handle (a resource tensor) is
what the push and pop ops take. "ControlTrigger" does nothing; the gradient
loops order their pushes and pops with control edges through it.
"""

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import errors
from tfvars.framework import tensor_shape
from tfvars.framework.op_def_registry import TypeAttr, apply_op, register_op


class _Stack(list):
    """A stack's values, in push order: the value of a StackV2 handle in one run."""

    __slots__ = ("name",)


def _stack_kernel(op, state):
    name = op.get_attr("stack_name") or op.name

    def stack(max_size):
        created = _Stack()
        created.name = name
        return created
    return stack


def _stack_push_kernel(op, state):
    def stack_push(handle, elem):
        handle.append(elem)
        return elem
    return stack_push


def _stack_pop_kernel(op, state):
    def stack_pop(handle):
        if not handle:
            raise errors.InvalidArgumentError(None, None, "Stack %s is empty." % handle.name)
        return handle.pop()
    return stack_pop


register_op("StackV2", inputs=["max_size: int32"], outputs=["handle: resource"],
            attrs={"elem_type": TypeAttr(), "stack_name": ""},
            shape_fn=lambda op: [tensor_shape.scalar()], kernel=_stack_kernel, stateful=True)
register_op("StackPushV2", inputs=["handle: resource", "elem: T"], outputs=["output: T"],
            attrs={"T": TypeAttr(), "swap_memory": False},
            shape_fn=lambda op: [op.inputs[1].shape], kernel=_stack_push_kernel, stateful=True)
register_op("StackPopV2", inputs=["handle: resource"], outputs=["elem: elem_type"], attrs={"elem_type": TypeAttr()},
            shape_fn=lambda op: [tensor_shape.unknown_shape()], kernel=_stack_pop_kernel, stateful=True)
register_op("ControlTrigger", kernel=lambda op, state: lambda: None)


def stack_v2(max_size, elem_type, stack_name="", name=None):
    """A new stack of `elem_type` values each run (op "StackV2"); returns its handle."""
    return apply_op("StackV2", max_size=max_size, elem_type=_dtypes.as_dtype(elem_type), stack_name=stack_name,
                    name=name).outputs[0]


def stack_push_v2(handle, elem, swap_memory=False, name=None):
    """Pushes `elem` on the stack `handle` (op "StackPushV2"); returns `elem`."""
    return apply_op("StackPushV2", handle=handle, elem=elem, swap_memory=swap_memory, name=name).outputs[0]


def stack_pop_v2(handle, elem_type, name=None):
    """Pops the value last pushed on the stack `handle` (op "StackPopV2")."""
    return apply_op("StackPopV2", handle=handle, elem_type=_dtypes.as_dtype(elem_type), name=name).outputs[0]


def control_trigger(name=None):
    """An op that does nothing (op "ControlTrigger"): a point to order ops by control edges."""
    return apply_op("ControlTrigger", name=name)
