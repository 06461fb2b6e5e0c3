"""Slots: variables an optimizer keeps beside each variable it trains ("w/Momentum", "w/Adam_1", ...).

A slot of the primary variable `w` is made by `get_variable` in a new
variable scope named after `w` and the optimizer ("w/Momentum", made unique:
"w/Momentum_1" for the second one), inside the current variable scope, as
TF 1.x names it. It is not trainable, lives in GLOBAL_VARIABLES, is colocated
with `w`, and is a resource variable exactly when `w` is one. As in TF 1.x,
the slot is looked up with the current scope's `reuse`: under `reuse=True`
it must already exist ("Variable s/w/Momentum/ does not exist, ...").
"""

from tfvars.framework import graph as _graph
from tfvars.ops import array_ops
from tfvars.ops import variable_scope
from tfvars import initializers
from tfvars.partitioned_variables import SaveSliceInfo
from tfvars.variables import RefVariable, Variable

__all__ = ["create_slot", "create_slot_with_initializer", "create_zeros_slot"]


def _use_resource(primary):
    from tfvars.resource_variables import BaseResourceVariable
    if isinstance(primary, BaseResourceVariable):
        return True
    return False if isinstance(primary, RefVariable) else None


def _create_slot_var(primary, initializer, validate_shape, shape, dtype):
    """The slot variable in the current (slot) variable scope, without the scope's partitioner."""
    scope = variable_scope.get_variable_scope()
    partitioner = scope.partitioner
    scope.set_partitioner(None)
    try:
        slot = variable_scope.get_variable("", initializer=initializer, trainable=False,
                                           use_resource=_use_resource(primary),
                                           shape=shape if callable(initializer) else None, dtype=dtype,
                                           validate_shape=validate_shape)
    finally:
        scope.set_partitioner(partitioner)
    slice_info = primary._get_save_slice_info() if isinstance(primary, Variable) else None
    if slice_info is not None:
        # A slot of a partition is the same partition of the slot of the whole variable.
        real_slot_name = slot.name[len(primary.op.name + "/"):-2]
        slot._set_save_slice_info(SaveSliceInfo(slice_info.full_name + "/" + real_slot_name,
                                                slice_info.full_shape[:], slice_info.var_offset[:],
                                                slice_info.var_shape[:]))
    return slot


def _in_slot_scope(primary, name, colocate_with_primary, create):
    graph = _graph.get_default_graph()
    with graph._atomic(), variable_scope.variable_scope(None, primary.op.name + "/" + name):
        if colocate_with_primary:
            with graph.colocate_with(primary):
                return create()
        return create()


def create_slot(primary, val, name, colocate_with_primary=True):
    """A slot of `primary` named `name`, initialised to the tensor `val` (whose dtype it takes)."""
    validate_shape = val.shape.is_fully_defined()
    return _in_slot_scope(primary, name, colocate_with_primary,
                          lambda: _create_slot_var(primary, val, validate_shape, None, None))


def create_slot_with_initializer(primary, initializer, shape, dtype, name, colocate_with_primary=True):
    """A slot of `primary` named `name`, of `shape` and `dtype`, initialised by `initializer`."""
    validate_shape = shape.is_fully_defined()
    return _in_slot_scope(primary, name, colocate_with_primary,
                          lambda: _create_slot_var(primary, initializer, validate_shape, shape, dtype))


def create_zeros_slot(primary, name, dtype=None, colocate_with_primary=True):
    """A slot of `primary` named `name`, of its shape, initialised to zeros ("<slot>/Initializer/zeros")."""
    dtype = primary.dtype.base_dtype if dtype is None else dtype
    shape = primary.shape
    if shape.is_fully_defined():
        return create_slot_with_initializer(primary, initializers.zeros_initializer(dtype=dtype), shape, dtype,
                                            name, colocate_with_primary=colocate_with_primary)
    if isinstance(primary, Variable):
        value = primary.initialized_value()
    else:
        value = primary
    return create_slot(primary, array_ops.zeros(array_ops.shape(value), dtype=dtype), name,
                       colocate_with_primary=colocate_with_primary)
