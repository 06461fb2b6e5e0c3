"""Ref-variable ops: "VariableV2" and the ops that assign, update and test it.

A "VariableV2" op outputs a reference (dtype `float32_ref`, ...) to its cell
in the running session; ops whose argument is a `Ref(T)` receive the cell, and
every other consumer receives the cell's value (the executor reads it, raising
FailedPreconditionError while the variable is uninitialised).
"""

import operator

import numpy as np

from tfvars.framework import common_shapes
from tfvars.framework import dtypes as _dtypes
from tfvars.framework import errors
from tfvars.framework import resources
from tfvars.framework import tensor_shape
from tfvars.framework.op_def_registry import REQUIRED, TypeAttr, apply_op, register_op

__all__ = [
    "assign", "assign_add", "assign_sub", "count_up_to", "is_variable_initialized", "scatter_add",
    "scatter_div", "scatter_max", "scatter_min", "scatter_mul", "scatter_sub", "scatter_update",
]

_INDEX_TYPES = (_dtypes.int32, _dtypes.int64)


def _variable_kernel(op, state):
    """VariableV2: the session's cell for the variable, which returns itself when called."""
    attrs = op._attrs  # both required: every VariableV2 has them
    return resources.cell_for(state.resources, op, attrs["dtype"], attrs["shape"])


register_op("VariableV2", outputs=["ref: Ref(dtype)"],
            attrs={"shape": REQUIRED, "dtype": TypeAttr(), "container": "", "shared_name": ""},
            shape_fn=lambda op: [op.get_attr("shape")], kernel=_variable_kernel, stateful=True)


def _assign_shape(op):
    ref, value = op.inputs
    if op.get_attr("validate_shape"):
        return [common_shapes.merge_shapes(op, ref.shape, value.shape)]
    return [value.shape]


def _assign_kernel(op, state):
    """Assign: stores `value` in the cell; with validate_shape, its shape must be the variable's (its static
    shape while it has no value, when that is fully defined)."""
    if not op._attrs.get("validate_shape", True):
        return _assign_unchecked
    static = _static_dims(op._inputs[0])

    def assign(cell, value):
        expected = cell.value.shape if cell.value is not None else (static if static is not None else value.shape)
        if expected != value.shape:
            raise errors.InvalidArgumentError(
                None, None, "Assign requires shapes of both tensors to match. lhs shape= %s rhs shape= %s"
                % (_shape_string(expected), _shape_string(value.shape)))
        cell.value = resources.owned(value)
        return cell
    return assign


def _assign_unchecked(cell, value):
    """Assign without validate_shape: the variable takes `value` whatever its shape."""
    cell.value = resources.owned(value)
    return cell


_DIM_VALUE = operator.attrgetter("_value")


def _static_dims(tensor):
    """The tensor's static shape as a tuple of ints, or None unless it is fully defined.

    Read from the shape's dimensions directly: a first run makes an Assign kernel per variable.
    """
    dims = tensor._shape._dims
    if dims is None:
        return None
    dims = tuple(map(_DIM_VALUE, dims))
    return None if None in dims else dims


def _shape_string(shape):
    return "[%s]" % ",".join(str(d) for d in shape)


def _update_kernel(numpy_fn):
    def make(op, state):
        def update(cell, delta):
            current = resources.read(cell)
            if current.shape != np.shape(delta):
                raise errors.InvalidArgumentError(
                    None, None, "Must have the same shape. %s vs. %s"
                    % (_shape_string(current.shape), _shape_string(np.shape(delta))))
            cell.value = numpy_fn(current, delta)
            return cell
        return update
    return make


register_op("Assign", inputs=["ref: Ref(T)", "value: T"], outputs=["output_ref: Ref(T)"],
            attrs={"T": TypeAttr(), "validate_shape": True, "use_locking": True},
            shape_fn=_assign_shape, kernel=_assign_kernel)
for _type, _fn in (("AssignAdd", np.add), ("AssignSub", np.subtract)):
    register_op(_type, inputs=["ref: Ref(T)", "value: T"], outputs=["output_ref: Ref(T)"],
                attrs={"T": TypeAttr(_dtypes.NUMBER_TYPES), "use_locking": False},
                shape_fn=lambda op: [common_shapes.merge_shapes(op, op.inputs[0].shape, op.inputs[1].shape)],
                kernel=_update_kernel(_fn))


def _scatter_shape(op):
    ref, indices, updates = op.inputs
    if ref.shape.ndims is not None and indices.shape.ndims is not None:
        expected = indices.shape.concatenate(ref.shape[1:])
        if updates.shape.ndims is not None:
            common_shapes.merge_shapes(op, expected, updates.shape)
    return [ref.shape]


def _scatter_kernel(combine):
    def make(op, state):
        def scatter(cell, indices, updates):
            current = resources.read(cell)
            first = current.shape[0] if current.ndim else 0
            flat = np.asarray(indices).reshape(-1)
            bad = np.nonzero((flat < 0) | (flat >= first))[0]
            if bad.size:
                raise errors.InvalidArgumentError(
                    None, None, "indices[%d] = %d is not in [0, %d)" % (bad[0], flat[bad[0]], first))
            result = current.copy()
            combine(result, np.asarray(indices), updates)
            cell.value = result
            return cell
        return scatter
    return make


def divide_rows(result, indices, updates):
    """result[indices] /= updates; integers truncate towards zero (C++), repeated indices divide in turn."""
    if result.dtype.kind in "iu":
        for row, index in enumerate(indices):
            quotient = np.floor_divide(result[index], updates[row])
            inexact = (quotient * updates[row] != result[index]) & ((result[index] < 0) != (updates[row] < 0))
            result[index] = quotient + inexact
    else:
        np.divide.at(result, indices, updates)


def _assign_at(result, indices, updates):
    result[indices] = updates


_SCATTERS = {
    "ScatterUpdate": _assign_at,
    "ScatterAdd": np.add.at,
    "ScatterSub": np.subtract.at,
    "ScatterMul": np.multiply.at,
    "ScatterDiv": lambda result, indices, updates: divide_rows(result, indices, updates),
    "ScatterMin": np.minimum.at,
    "ScatterMax": np.maximum.at,
}
for _type, _combine in _SCATTERS.items():
    register_op(_type, inputs=["ref: Ref(T)", "indices: Tindices", "updates: T"], outputs=["output_ref: Ref(T)"],
                attrs={"T": TypeAttr(), "Tindices": TypeAttr(_INDEX_TYPES), "use_locking": True},
                shape_fn=_scatter_shape, kernel=_scatter_kernel(_combine))


register_op("IsVariableInitialized", inputs=["ref: Ref(dtype)"], outputs=["is_initialized: bool"],
            attrs={"dtype": TypeAttr()}, shape_fn=common_shapes.scalar_shape,
            kernel=lambda op, state: lambda cell: np.bool_(cell.value is not None))


def _count_up_to_kernel(op, state):
    limit = op.get_attr("limit")

    def count_up_to(cell):
        current = resources.read(cell)
        if current >= limit:
            raise errors.OutOfRangeError(None, None, "Reached limit of %d" % limit)
        cell.value = current + current.dtype.type(1)
        return current
    return count_up_to


register_op("CountUpTo", inputs=["ref: Ref(T)"], outputs=["output: T"],
            attrs={"T": TypeAttr(_INDEX_TYPES), "limit": REQUIRED},
            shape_fn=lambda op: [op.inputs[0].shape.with_rank(0)], kernel=_count_up_to_kernel)


def variable_op_v2(shape, dtype, name="Variable", container="", shared_name=""):
    """The "VariableV2" op of a ref variable: a reference to its storage in each session."""
    return apply_op("VariableV2", shape=tensor_shape.as_shape(shape), dtype=dtype, name=name,
                    container=container, shared_name=shared_name).outputs[0]


def _is_ref(ref):
    """TF's dispatch rule: refs (ref tensors and ref variables) get the state ops, resource variables their methods."""
    return ref.dtype.is_ref_dtype


def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    """Assigns `value` to the variable `ref`; returns the (ref) tensor holding the new value."""
    if not _is_ref(ref):
        return ref.assign(value, name=name)
    return apply_op("Assign", ref=ref, value=value, name=name,
                    validate_shape=True if validate_shape is None else validate_shape,
                    use_locking=True if use_locking is None else use_locking).outputs[0]


def assign_add(ref, value, use_locking=None, name=None):
    """Adds `value` to the variable `ref`; returns the (ref) tensor holding the new value."""
    if not _is_ref(ref):
        return ref.assign_add(value, name=name)
    return apply_op("AssignAdd", ref=ref, value=value, use_locking=use_locking, name=name).outputs[0]


def assign_sub(ref, value, use_locking=None, name=None):
    """Subtracts `value` from the variable `ref`; returns the (ref) tensor holding the new value."""
    if not _is_ref(ref):
        return ref.assign_sub(value, name=name)
    return apply_op("AssignSub", ref=ref, value=value, use_locking=use_locking, name=name).outputs[0]


def _scatter(op_type, ref, indices, updates, use_locking, name):
    if not _is_ref(ref):
        return ref._scatter(op_type, indices, updates, name=name)
    return apply_op(op_type, ref=ref, indices=indices, updates=updates, use_locking=use_locking,
                    name=name).outputs[0]


def scatter_update(ref, indices, updates, use_locking=True, name=None):
    """ref[indices] = updates, row by row; returns the updated ref."""
    return _scatter("ScatterUpdate", ref, indices, updates, use_locking, name)


def scatter_add(ref, indices, updates, use_locking=False, name=None):
    """ref[indices] += updates (repeated indices add up); returns the updated ref."""
    return _scatter("ScatterAdd", ref, indices, updates, use_locking, name)


def scatter_sub(ref, indices, updates, use_locking=False, name=None):
    """ref[indices] -= updates; returns the updated ref."""
    return _scatter("ScatterSub", ref, indices, updates, use_locking, name)


def scatter_mul(ref, indices, updates, use_locking=False, name=None):
    """ref[indices] *= updates; returns the updated ref."""
    return _scatter("ScatterMul", ref, indices, updates, use_locking, name)


def scatter_div(ref, indices, updates, use_locking=False, name=None):
    """ref[indices] /= updates; returns the updated ref."""
    return _scatter("ScatterDiv", ref, indices, updates, use_locking, name)


def scatter_min(ref, indices, updates, use_locking=False, name=None):
    """ref[indices] = min(ref[indices], updates); returns the updated ref."""
    return _scatter("ScatterMin", ref, indices, updates, use_locking, name)


def scatter_max(ref, indices, updates, use_locking=False, name=None):
    """ref[indices] = max(ref[indices], updates); returns the updated ref."""
    return _scatter("ScatterMax", ref, indices, updates, use_locking, name)


def is_variable_initialized(ref, name=None):
    """A bool tensor: whether the variable holds a value in the running session."""
    if not _is_ref(ref):
        return ref.is_initialized(name=name)
    return apply_op("IsVariableInitialized", ref=ref, name=name).outputs[0]


def count_up_to(ref, limit, name=None):
    """Increments `ref` and returns its old value; OutOfRangeError once it reaches `limit`."""
    if not _is_ref(ref):
        from tfvars.ops import resource_variable_ops
        return resource_variable_ops.resource_count_up_to(ref.handle, limit, T=ref.dtype, name=name)
    return apply_op("CountUpTo", ref=ref, limit=limit, name=name).outputs[0]
