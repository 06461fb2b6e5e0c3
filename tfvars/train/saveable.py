"""What a Saver saves: each variable as a `SaveableObject`, named as it is in the checkpoint.

TF 1.x's `saveable_object_util`: `op_list_to_dict` names a list of variables (a ref variable by
its op's name, "scope/v"; a resource variable by its handle's; a partitioned variable by its full
name), and `validate_and_slice_inputs` turns the {name: variable} map into saveables sorted by
name. A saveable knows which tensors to save (`specs`) and how to build the ops that restore it.
"""

from tfvars.framework import graph as _graph
from tfvars.framework.tensor import Tensor
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.ops import array_ops, resource_variable_ops, state_ops

_REF_VARIABLE_OPS = frozenset(("Variable", "VariableV2", "AutoReloadVariable"))
_VARIABLE_OPS = _REF_VARIABLE_OPS | {"VarHandleOp", "ReadVariableOp"}


class SaveSpec:
    """One tensor to save: `tensor` (or a function building it), its slice spec, checkpoint name and dtype."""

    def __init__(self, tensor, slice_spec, name, dtype=None):
        self._tensor = tensor
        self.slice_spec = slice_spec
        self.name = name
        self.dtype = (dtype or tensor.dtype).base_dtype

    @property
    def tensor(self):
        return self._tensor() if callable(self._tensor) else self._tensor


class SaveableObject:
    """Something a Saver can save and restore: `op` (what it stands for), `specs` and `name`.

    Subclasses define `restore(restored_tensors, restored_shapes)`, returning the op that
    assigns the restored tensors (one per spec).
    """

    def __init__(self, op, specs, name):
        self.op = op
        self.specs = specs
        self.name = name

    @property
    def device(self):
        return self.specs[0].tensor.device if self.specs else ""


class ReferenceVariableSaveable(SaveableObject):
    """A ref variable: saves its ref tensor (or, for a shard, its value); restores with "Assign"."""

    def __init__(self, var, slice_spec, name):
        super().__init__(var, [SaveSpec(var, slice_spec, name, dtype=var.dtype)], name)

    @property
    def device(self):
        return self.op.device

    def restore(self, restored_tensors, restored_shapes):
        restored = restored_tensors[0]
        if restored_shapes is not None:
            restored = array_ops.reshape(restored, restored_shapes[0])
        return state_ops.assign(self.op, restored,
                                validate_shape=restored_shapes is None and self.op.get_shape().is_fully_defined())


class ResourceVariableSaveable(SaveableObject):
    """A resource variable: saves its read; restores with an Identity, then "AssignVariableOp"."""

    def __init__(self, var, slice_spec, name):
        self._var_device = var.device
        self._var_shape = var.shape
        if isinstance(var, Tensor):
            self.handle_op = var.op.inputs[0]
            tensor = var
        else:
            self.handle_op = var.handle
            tensor = _read_on_cpu(var)
        super().__init__(var, [SaveSpec(tensor, slice_spec, name, dtype=var.dtype)], name)

    @property
    def device(self):
        return self._var_device

    def restore(self, restored_tensors, restored_shapes):
        restored = restored_tensors[0]
        if restored_shapes is not None:
            restored = array_ops.reshape(restored, restored_shapes[0])
        with _graph.device(self._var_device):
            restored = array_ops.identity(restored)
            self._var_shape.assert_is_compatible_with(restored.shape)
            return resource_variable_ops.assign_variable_op(self.handle_op, restored)


def _read_on_cpu(var):
    """A function reading `var` on its device and copying the value to the CPU (what a shard saves)."""
    def read():
        with _graph.device(var.device):
            value = var.read_value()
            with _graph.device("/device:CPU:0"):
                return array_ops.identity(value)
    return read


def _is_partitioned(value):
    from tfvars.partitioned_variables import PartitionedVariable
    return isinstance(value, PartitionedVariable)


def _is_variable(value):
    from tfvars.variables import Variable
    return isinstance(value, Variable)


def _is_resource_variable(value):
    from tfvars.resource_variables import BaseResourceVariable
    return isinstance(value, BaseResourceVariable)


def _comes_from_variable(value):
    return isinstance(value, Tensor) and value.op.type in _VARIABLE_OPS


def op_list_to_dict(op_list):
    """{checkpoint name: variable, tensor, PartitionedVariable or list of shards} for a list of variables.

    Raises:
      TypeError: if `op_list` is not a list, tuple or set, or holds something that is not a variable.
      ValueError: if two variables have the same name.
    """
    if not isinstance(op_list, (list, tuple, set)):
        raise TypeError("Variables to save should be passed in a dict or a list: %s" % (op_list,))
    names_to_saveables = {}
    for var in sorted(_flatten(op_list), key=lambda x: x.name):
        if isinstance(var, SaveableObject):
            names_to_saveables[var.name] = var
        elif _is_partitioned(var):
            _add_unique(names_to_saveables, var.name, var)
        elif _is_variable(var) and var._get_save_slice_info():
            name = var._get_save_slice_info().full_name
            shards = names_to_saveables.setdefault(name, [])
            if not isinstance(shards, list):
                raise ValueError("Mixing slices and non-slices with the same name: %s" % name)
            shards.append(var)
        else:
            tensor = var._graph_element if _is_resource_variable(var) else convert_to_tensor(var, as_ref=True)
            if not _comes_from_variable(tensor):
                raise TypeError("Variable to save is not a Variable: %s" % (tensor,))
            name = tensor.op.inputs[0].op.name if tensor.op.type == "ReadVariableOp" else tensor.op.name
            _add_unique(names_to_saveables, name, tensor)
    return names_to_saveables


def _flatten(values):
    flat = []
    for value in values:
        if isinstance(value, (list, tuple)):
            flat.extend(_flatten(value))
        else:
            flat.append(value)
    return flat


def _add_unique(names_to_saveables, name, value):
    if name in names_to_saveables:
        raise ValueError("At least two variables have the same name: %s" % name)
    names_to_saveables[name] = value


def saveable_objects_for_op(op, name):
    """The saveables for one entry of a {name: variable} map (several for a partitioned variable).

    Raises:
      TypeError: if `name` is not a string, or `op` is not a variable.
      ValueError: for shards that are not slices of one variable.
    """
    if not isinstance(name, str):
        raise TypeError("names_to_saveables must be a dict mapping string names to checkpointable operations. "
                        "Name is not a string: %s" % (name,))
    if isinstance(op, SaveableObject):
        return [op]
    if isinstance(op, (list, tuple)) or _is_partitioned(op):
        return _shard_saveables(list(op), name)
    if _is_resource_variable(op):
        return [ResourceVariableSaveable(op._graph_element, "", name)]
    variable = convert_to_tensor(op, as_ref=True)
    if not _comes_from_variable(variable):
        raise TypeError("names_to_saveables must be a dict mapping string names to Tensors/Variables. Not a "
                        "variable: %s" % (variable,))
    if variable.op.type in _REF_VARIABLE_OPS:
        return [ReferenceVariableSaveable(variable, "", name)]
    return [ResourceVariableSaveable(variable, "", name)]


def _shard_saveables(shards, name):
    saveables, full_name = [], None
    for variable in shards:
        if isinstance(variable, SaveableObject):
            saveables.append(variable)
            continue
        if not _is_variable(variable):
            raise ValueError("Slices must all be Variables: %s" % (variable,))
        info = variable._get_save_slice_info()
        if not info:
            raise ValueError("Slices must all be slices: %s" % (variable,))
        if full_name is None:
            full_name = info.full_name
        elif full_name != info.full_name:
            raise ValueError("Slices must all be from the same tensor: %s != %s" % (full_name, info.full_name))
        saveable_type = ResourceVariableSaveable if _is_resource_variable(variable) else ReferenceVariableSaveable
        saveables.append(saveable_type(variable, info.spec, name))
    return saveables


def validate_and_slice_inputs(names_to_saveables):
    """The saveables for a var_list (a list, or a {name: variable} dict), sorted by name.

    Raises:
      ValueError: if one variable would be saved under two names.
    """
    if not isinstance(names_to_saveables, dict):
        names_to_saveables = op_list_to_dict(names_to_saveables)
    saveables, seen_ops = [], set()
    for name, op in sorted(names_to_saveables.items(), key=lambda item: item[0]):
        for saveable in saveable_objects_for_op(op, name):
            if id(saveable.op) in seen_ops:
                raise ValueError("The same saveable will be restored with two names: %s" % saveable.name)
            seen_ops.add(id(saveable.op))
            saveables.append(saveable)
    return saveables
