"""Reading checkpoints outside a Saver: `list_variables`, `load_variable`, `NewCheckpointReader`,
and `init_from_checkpoint`, which makes variables' initializers read a checkpoint.

`ckpt_dir_or_file` is a checkpoint prefix ("train/model.ckpt-100") or a directory, which means its
latest checkpoint (from its `checkpoint` state file).
"""

import os

from tfvars.framework import graph as _graph
from tfvars.train import checkpoint_format, checkpoint_management, saveable

__all__ = ["NewCheckpointReader", "init_from_checkpoint", "list_variables", "load_checkpoint", "load_variable"]


class CheckpointReader:
    """Reads the tensors of one checkpoint (TF's `pywrap_tensorflow.CheckpointReader`).

    Raises (on opening):
      NotFoundError: "Unsuccessful TensorSliceReader constructor: Failed to find any matching files
        for <prefix>" if there is no such checkpoint.
      DataLossError: if its index is corrupt.
    """

    def __init__(self, filepattern):
        self._bundle = checkpoint_format.BundleReader(_as_text(filepattern))

    def has_tensor(self, tensor_str):
        return self._bundle.has_tensor(tensor_str)

    def get_tensor(self, tensor_str):
        """The saved value: an array (a numpy scalar, or bytes, for a scalar).

        Raises:
          NotFoundError: "Key <name> not found in checkpoint".
          DataLossError: if the tensor's bytes are missing or corrupt.
        """
        value = self._bundle.tensor(tensor_str)
        return value[()] if value.ndim == 0 else value

    def get_variable_to_shape_map(self):
        """{name: shape as a list of ints} of every tensor in the checkpoint."""
        return {name: self._bundle.shape(name) for name in self._bundle.entries}

    def get_variable_to_dtype_map(self):
        """{name: DType} of every tensor in the checkpoint."""
        return {name: self._bundle.dtype(name) for name in self._bundle.entries}

    def debug_string(self):
        """b"name (DT_FLOAT) [2]\\n" for each tensor, sorted by name, as TF prints it."""
        lines = ["%s (DT_%s) [%s]\n" % (name, _enum_name(self._bundle.dtype(name)),
                                        ",".join(str(d) for d in self._bundle.shape(name)))
                 for name in sorted(self._bundle.entries)]
        return "".join(lines).encode("utf-8")


def _enum_name(dtype):
    return {"float32": "FLOAT", "float64": "DOUBLE", "float16": "HALF"}.get(dtype.name, dtype.name.upper())


def _as_text(value):
    value = os.fspath(value)
    return value.decode("utf-8") if isinstance(value, bytes) else value


def NewCheckpointReader(filepattern):  # noqa: N802 (TF's name)
    """A CheckpointReader of the checkpoint with prefix `filepattern`."""
    return CheckpointReader(filepattern)


def _get_checkpoint_filename(ckpt_dir_or_file):
    """The checkpoint prefix a directory's state file names (None if none), or the argument itself."""
    ckpt_dir_or_file = _as_text(ckpt_dir_or_file)
    if os.path.isdir(ckpt_dir_or_file):
        return checkpoint_management.latest_checkpoint(ckpt_dir_or_file)
    return ckpt_dir_or_file


def load_checkpoint(ckpt_dir_or_file):
    """A CheckpointReader of the checkpoint, or of a directory's latest checkpoint.

    Raises:
      ValueError: for a directory without checkpoints.
      NotFoundError: for a prefix that is not a checkpoint.
    """
    filename = _get_checkpoint_filename(ckpt_dir_or_file)
    if filename is None:
        raise ValueError("Couldn't find 'checkpoint' file or checkpoints in given directory %s" % ckpt_dir_or_file)
    return NewCheckpointReader(filename)


def load_variable(ckpt_dir_or_file, name):
    """The saved value of the tensor `name` ("v" or "v:0")."""
    if name.endswith(":0"):
        name = name[:-2]
    return load_checkpoint(ckpt_dir_or_file).get_tensor(name)


def list_variables(ckpt_dir_or_file):
    """[(name, shape)] of the tensors in the checkpoint, sorted by name."""
    shapes = load_checkpoint(ckpt_dir_or_file).get_variable_to_shape_map()
    return [(name, shapes[name]) for name in sorted(shapes)]


# init_from_checkpoint.
def init_from_checkpoint(ckpt_dir_or_file, assignment_map):
    """Makes the initializers of the variables in `assignment_map` load them from a checkpoint.

    `assignment_map` maps checkpoint names to variables, as TF 1.x reads it:

        {"ckpt_scope/": "scope/"}   every variable of the store under "scope/" from the same
                                    names under "ckpt_scope/"
        {"/": "scope/"}             ... from the same names at the checkpoint's top level
        {"ckpt_scope/": "/"}        every variable of the store, from under "ckpt_scope/"
        {"ckpt/v": "scope/w"}       the variable "scope/w" (from `get_variable`) from "ckpt/v"
        {"ckpt/v": variable}        a Variable object (or a list of a partitioned variable's shards)

    Each variable's initializer becomes an assignment of a "RestoreV2" op (named
    "checkpoint_initializer") reading the checkpoint, and that op its `initial_value`; nothing is
    read until the initializer runs. A partitioned variable's shards read their slices.

    Raises:
      ValueError: for a name missing from the checkpoint, a shape that differs from the saved one,
        or a scope mapped to a variable name.
    """
    ckpt_file = _get_checkpoint_filename(ckpt_dir_or_file)
    reader = load_checkpoint(ckpt_dir_or_file)
    variable_map = reader.get_variable_to_shape_map()
    store_vars = _store_variables()
    for tensor_name, current in sorted(assignment_map.items(), key=lambda item: item[0]):
        var = _as_variable_or_shards(current, store_vars)
        if var is not None:
            _init_one(var, ckpt_dir_or_file, ckpt_file, tensor_name, variable_map)
        else:
            _init_scope(current, tensor_name, ckpt_dir_or_file, ckpt_file, variable_map, store_vars)


def _store_variables():
    from tfvars.ops import variable_scope
    return variable_scope._store()._vars


def _is_variable(value):
    from tfvars.variables import Variable
    return isinstance(value, Variable)


def _as_variable_or_shards(current, store_vars):
    """The variable (or list of shards) `current` names or is; None for a scope name."""
    from tfvars.partitioned_variables import PartitionedVariable
    if _is_variable(current):
        return current
    if isinstance(current, PartitionedVariable):
        return list(current)
    if isinstance(current, list) and all(_is_variable(v) for v in current):
        return current
    var = store_vars.get(current)
    return var if var is not None else _collect_partitioned_variable(current, store_vars)


def _collect_partitioned_variable(name, store_vars):
    if name + "/part_0" not in store_vars:
        return None
    shards, i = [], 0
    while name + "/part_%d" % i in store_vars:
        shards.append(store_vars[name + "/part_%d" % i])
        i += 1
    return shards


def _init_one(var, ckpt_dir_or_file, ckpt_file, tensor_name, variable_map):
    if tensor_name not in variable_map:
        raise ValueError("Tensor %s is not found in %s checkpoint %s" % (tensor_name, ckpt_dir_or_file, variable_map))
    if _is_variable(var) and not var.get_shape().is_compatible_with(variable_map[tensor_name]):
        raise ValueError("Shape of variable %s (%s) doesn't match with shape of tensor %s (%s) from checkpoint "
                         "reader." % (var.name, var.get_shape(), tensor_name, variable_map[tensor_name]))
    _set_variable_or_list_initializer(var, ckpt_file, tensor_name)


def _init_scope(current, tensor_name, ckpt_dir_or_file, ckpt_file, variable_map, store_vars):
    """Maps every store variable under the scope `current` to the same name under `tensor_name`."""
    scopes = current[:current.rindex("/")] if "/" in current else ""
    if not tensor_name.endswith("/"):
        raise ValueError("Assignment map with scope only name {} should map to scope only {}. Should be "
                         "'scope/': 'other_scope/'.".format(scopes, tensor_name))
    scope_variables = set()
    for var_name in store_vars:
        if not scopes or var_name.startswith(scopes + "/"):
            if "/part_" in var_name:
                var_name = var_name[:var_name.index("/part_")]
            scope_variables.add(var_name)
    for var_name in sorted(scope_variables):
        full_tensor_name = var_name[len(scopes):]
        if current != "/":
            full_tensor_name = full_tensor_name[1:]
        if tensor_name != "/":
            full_tensor_name = tensor_name + full_tensor_name
        if full_tensor_name.endswith("/"):
            full_tensor_name = full_tensor_name[:-1]
        if full_tensor_name not in variable_map:
            raise ValueError("Tensor %s (%s in %s) is not found in %s checkpoint"
                             % (full_tensor_name, var_name[len(scopes) + 1:], tensor_name, ckpt_dir_or_file))
        var = store_vars.get(var_name)
        if var is None:
            var = _collect_partitioned_variable(var_name, store_vars)
        _set_variable_or_list_initializer(var, ckpt_file, full_tensor_name)


def _set_variable_or_list_initializer(variable_or_list, ckpt_file, tensor_name):
    if not isinstance(variable_or_list, (list, tuple)):
        _set_checkpoint_initializer(variable_or_list, ckpt_file, tensor_name, "")
        return
    slice_name = None
    for variable in variable_or_list:
        info = variable._get_save_slice_info()
        if slice_name is None:
            slice_name = info.full_name
        elif slice_name != info.full_name:
            raise ValueError("Slices must all be from the same tensor: %s != %s" % (slice_name, info.full_name))
        _set_checkpoint_initializer(variable, ckpt_file, tensor_name, info.spec)


def _set_checkpoint_initializer(variable, ckpt_file, tensor_name, slice_spec, name="checkpoint_initializer"):
    """Replaces the variable's initializer by an assignment of the checkpoint's tensor (or slice)."""
    from tfvars.ops import io_ops
    graph = variable.graph
    with graph._atomic():
        # On the CPU, not colocated with the variable: RestoreV2 runs on CPUs only.
        with _graph.device(variable.device), _graph.device("/cpu:0"):
            restore_op = io_ops.restore_v2(ckpt_file, [tensor_name], [slice_spec], [variable.dtype.base_dtype],
                                           name=name)[0]
            names_to_saveables = saveable.op_list_to_dict([variable])
            saveables = [item for key, op in names_to_saveables.items()
                         for item in saveable.saveable_objects_for_op(op, key)]
        init_op = saveables[0].restore([restore_op], restored_shapes=None)
        restore_op.set_shape(variable.shape)
    # TF 1.x stores the assignment's output tensor for a ref variable; the op keeps `initializer` an op.
    variable._initializer_op = init_op if not hasattr(init_op, "op") else init_op.op
    variable._initial_value = restore_op
