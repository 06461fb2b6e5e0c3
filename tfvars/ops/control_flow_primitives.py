"""The ops control flow is made of: Switch, Merge, Enter, Exit, NextIteration, LoopCond and NoOp.

`Switch(data, pred)` forwards `data` to its true or its false output; the
other output is DEAD, and so is every op computed from it. `Merge` forwards
whichever of its inputs is alive. Enter, Exit and NextIteration move values
into, out of and around a while loop's frame; at run time the executor
runs a frame's ops once per iteration, so their kernels just forward.
Each op on a ref input has a "Ref" twin ("RefSwitch", "RefMerge", ...).
"""

import numpy as np

from tfvars.executor import DEAD
from tfvars.framework import common_shapes
from tfvars.framework import graph as _graph
from tfvars.framework import tensor_shape
from tfvars.framework.indexed_slices import IndexedSlices
from tfvars.framework.op_def_registry import REQUIRED, TypeAttr, apply_op, register_op
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.ops import array_ops


# Op types.
def _rank0(op, index):
    """TF's shape error unless input `index` of `op` may be a scalar."""
    ndims = op.inputs[index].shape.ndims
    if ndims is not None and ndims != 0:
        raise common_shapes.shape_error(op, "Shape must be rank 0 but is rank %d" % ndims)


def _switch_shape(op):
    _rank0(op, 1)
    return [op.inputs[0].shape] * 2


def _switch(data, pred):
    return (DEAD, data) if pred else (data, DEAD)


def _merge_shape(op):
    """The shape all inputs share; dimensions (or the rank) they disagree on are unknown."""
    shape = op.inputs[0].shape
    for tensor in op.inputs[1:]:
        other = tensor.shape
        if shape.ndims is None or other.ndims != shape.ndims:
            shape = tensor_shape.unknown_shape()
            break
        shape = tensor_shape.TensorShape([a if a.value == b.value else None for a, b in zip(shape.dims, other.dims)])
    return [shape, tensor_shape.scalar()]


def _merge(*inputs):
    for index, value in enumerate(inputs):
        if value is not DEAD:
            return value, np.int32(index)
    return DEAD, DEAD


def _enter_shape(op):
    # A loop variable's shape is the loop's shape invariant, set by while_loop; an invariant keeps its own.
    return [op.inputs[0].shape if op.get_attr("is_constant") else tensor_shape.unknown_shape()]


def _loop_cond_shape(op):
    _rank0(op, 0)
    return [op.inputs[0].shape]


def _forward(value):
    return value


def _no_op():
    return None


_ENTER_ATTRS = {"frame_name": REQUIRED, "is_constant": False, "parallel_iterations": 10}

register_op("NoOp", kernel=lambda op, state: _no_op)
for _prefix, _arg in (("", "T"), ("Ref", "Ref(T)")):
    register_op(_prefix + "Switch", inputs=["data: " + _arg, "pred: bool"],
                outputs=["output_false: " + _arg, "output_true: " + _arg], attrs={"T": TypeAttr()},
                shape_fn=_switch_shape, kernel=lambda op, state: _switch)
    register_op(_prefix + "Merge", inputs=["inputs: N * " + _arg], outputs=["output: " + _arg, "value_index: int32"],
                attrs={"T": TypeAttr(), "N": REQUIRED}, shape_fn=_merge_shape, kernel=lambda op, state: _merge)
    register_op(_prefix + "Enter", inputs=["data: " + _arg], outputs=["output: " + _arg],
                attrs=dict(_ENTER_ATTRS, T=TypeAttr()), shape_fn=_enter_shape, kernel=lambda op, state: _forward)
    register_op(_prefix + "Exit", inputs=["data: " + _arg], outputs=["output: " + _arg], attrs={"T": TypeAttr()},
                shape_fn=common_shapes.unchanged_shape, kernel=lambda op, state: _forward)
    register_op(_prefix + "NextIteration", inputs=["data: " + _arg], outputs=["output: " + _arg],
                attrs={"T": TypeAttr()}, shape_fn=common_shapes.unchanged_shape, kernel=lambda op, state: _forward)
register_op("LoopCond", inputs=["input: bool"], outputs=["output: bool"], shape_fn=_loop_cond_shape,
            kernel=lambda op, state: _forward)


# Building them.
def no_op(name=None):
    """An op that does nothing (type "NoOp"): a target for control dependencies."""
    return apply_op("NoOp", name=name)


def switch(data, pred, name=None):
    """(output_false, output_true): "Switch" forwards `data` to the output `pred` selects ("RefSwitch" for a ref)."""
    with _graph.op_scope(name, "Switch", [data, pred]) as scope:
        data = convert_to_tensor(data, name="data", as_ref=True)
        pred = convert_to_tensor(pred, name="pred")
        return apply_op("Switch", data=data, pred=pred, name=scope).outputs


def switch_ref_or_tensor(data, pred, name="Switch"):
    """A Switch colocated with `data` ("RefSwitch" when `data` is a ref)."""
    data = convert_to_tensor(data, name="data")
    with data.graph.colocate_with(data, ignore_existing=True):
        if data.dtype.is_ref_dtype:
            return apply_op("RefSwitch", data=data, pred=pred, name=name).outputs
        return switch(data, pred, name=name)


def merge(inputs, name=None):
    """(output, value_index): "Merge" forwards whichever input is alive ("RefMerge" when all are refs)."""
    if any(value is None for value in inputs):
        raise ValueError("At least one of the merge inputs is None: %s" % (inputs,))
    with _graph.op_scope(name, "Merge", inputs) as scope:
        inputs = [convert_to_tensor(value, as_ref=True) for value in inputs]
        op_type = "RefMerge" if all(t.dtype.is_ref_dtype for t in inputs) else "Merge"
        return apply_op(op_type, inputs=inputs, name=scope).outputs


def enter(data, frame_name, is_constant=False, parallel_iterations=10, use_input_shape=True, name=None):
    """An "Enter" (or "RefEnter") that makes `data` available in the frame `frame_name`."""
    data = convert_to_tensor(data, as_ref=True)
    op_type = "RefEnter" if data.dtype.is_ref_dtype else "Enter"
    result = apply_op(op_type, data=data, frame_name=frame_name.encode(), is_constant=is_constant,
                      parallel_iterations=parallel_iterations, name=name).outputs[0]
    if use_input_shape:
        result.set_shape(data.shape)
    return result


def exit(data, name=None):  # noqa: A001 (TF's name)
    """An "Exit" (or "RefExit") that makes `data` available outside its frame."""
    data = convert_to_tensor(data, as_ref=True)
    return apply_op("RefExit" if data.dtype.is_ref_dtype else "Exit", data=data, name=name).outputs[0]


def next_iteration(data, name=None):
    """A "NextIteration" (or "RefNextIteration") that makes `data` available to the next iteration."""
    data = convert_to_tensor(data, as_ref=True)
    op_type = "RefNextIteration" if data.dtype.is_ref_dtype else "NextIteration"
    return apply_op(op_type, data=data, name=name).outputs[0]


def with_dependencies(dependencies, output_tensor, name=None):
    """`output_tensor`'s value, through an Identity that runs only after `dependencies`.

    An IndexedSlices stays one: its `values` go through the Identity (its
    indices and dense shape are taken as they are, as in TF 1.x).
    """
    with _graph.op_scope(name, "control_dependency", list(dependencies) + [output_tensor]) as scope:
        graph = _graph.get_default_graph()
        colocation = output_tensor.op if isinstance(output_tensor, IndexedSlices) else output_tensor
        with graph.colocate_with(colocation), graph.control_dependencies(dependencies):
            if isinstance(output_tensor, IndexedSlices):
                return IndexedSlices(array_ops.identity(output_tensor.values, name=scope), output_tensor.indices,
                                     output_tensor.dense_shape)
            return array_ops.identity(convert_to_tensor(output_tensor), name=scope)
