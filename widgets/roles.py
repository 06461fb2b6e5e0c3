"""What each op is, for drawing: its role, the variable it belongs to, the inputs it writes, and its session state.

Roles colour the "role" view and pick node shapes; a variable's machinery
(initializer, Assign, read) is found by name and data flow, as TensorBoard's
graph dashboard groups it; the session state marks uninitialised variables and
the ops that would fail reading them.
"""

from tfvars.framework import tensor_shape
from widgets import values

VARIABLE_TYPES = frozenset({"VariableV2", "Variable", "VarHandleOp"})
_READ_TYPES = frozenset({"ReadVariableOp", "VarIsInitializedOp", "IsVariableInitialized", "VariableShape"})
_OVERWRITE_TYPES = frozenset({"Assign", "AssignVariableOp"})
_INITIALIZED_TYPES = frozenset({"VarIsInitializedOp", "IsVariableInitialized"})
_RESOURCE_WRITERS = ("Assign", "ResourceApply", "ResourceSparseApply", "ResourceScatter")

ROLES = ("variable", "assign", "read", "initializer", "input", "constant", "compute", "control", "scope")


def format_shape(shape):
    """A static shape as TensorBoard writes it: `?×3`, `scalar`, or `?` for an unknown rank."""
    dims = shape.dims
    if dims is None:
        return "?"
    if not dims:
        return "scalar"
    return "×".join("?" if dim.value is None else str(dim.value) for dim in dims)


def variable_summary(op):
    """`3×2 float32` for a variable op (`(resource)` appended for a resource variable)."""
    text = "%s %s" % (format_shape(tensor_shape.as_shape(op.get_attr("shape"))), op.get_attr("dtype").base_dtype.name)
    return text + " (resource)" if op.type == "VarHandleOp" else text


# --- Facts about ops ----------------------------------------------------------------------

_DTYPE_KINDS = {}  # DType -> "ref", "resource" or ""


def _dtype_kind(dtype):
    kind = _DTYPE_KINDS.get(dtype)
    if kind is None:
        name = dtype.name
        kind = _DTYPE_KINDS[dtype] = "ref" if name.endswith("_ref") else "resource" if name == "resource" else ""
    return kind


def mutated_inputs(op):
    """The indices of `op`'s inputs it writes through: Ref(T) arguments, and resource handles of writers."""
    indices = []
    for index, tensor in enumerate(op.inputs):
        kind = _dtype_kind(tensor.dtype)
        if kind == "ref" and op.type not in _READ_TYPES and _is_ref_argument(op, index):
            indices.append(index)
        elif kind == "resource" and op.type.startswith(_RESOURCE_WRITERS):
            indices.append(index)
    return indices


def _is_ref_argument(op, index):
    """Whether input `index` of `op` is a Ref(T) argument (Identity of a ref only reads it)."""
    args = op.op_def.input_arg if op.op_def is not None else ()
    if len(args) == len(op.inputs) and not any(arg.number_attr or arg.type_list_attr for arg in args):
        return args[index].is_ref
    return op.type != "Identity"


def variable_owners(ops):
    """{op name: name of the variable whose machinery it is}; variables own themselves.

    An op belongs to the variable under whose name it was made (`w/Assign`,
    `w/read`, `w/Initializer/...`; the innermost variable for slots like
    `w/Adam`), or to the variable it reads (a ReadVariableOp where a resource
    variable is used), or, failing that, to the one variable all its consumers
    belong to (an initial value made outside the variable's scope).
    """
    variables = {op.name for op in ops if op.type in VARIABLE_TYPES}
    owners = {}
    if not variables:
        return owners
    for op in ops:
        name = op.name
        if name in variables:
            owners[name] = name
            continue
        cut = name.rfind("/")
        while cut > 0:
            if name[:cut] in variables:
                owners[name] = name[:cut]
                break
            cut = name.rfind("/", 0, cut)
        else:
            if op.type in _READ_TYPES and op.inputs and op.inputs[0].op.name in variables:
                owners[name] = op.inputs[0].op.name
    dependents = {}
    for op in ops:
        for control in op.control_inputs:
            dependents.setdefault(control.name, []).append(op.name)
    for op in reversed(ops):
        if op.name in owners:
            continue
        users = [consumer.name for tensor in op.outputs for consumer in tensor.consumers()]
        users.extend(dependents.get(op.name, ()))
        found = {owners.get(user) for user in users}
        if len(found) == 1 and None not in found:
            owners[op.name] = found.pop()
    return owners


def op_role(op, owners, mutating):
    """The role an op plays, for colouring by role: one of ROLES."""
    op_type = op.type
    if op_type in VARIABLE_TYPES:
        return "variable"
    if op.name in mutating:
        return "assign"
    if op_type in _READ_TYPES or (op_type == "Identity" and op.inputs and _dtype_kind(op.inputs[0].dtype) == "ref"):
        return "read"
    if op.name in owners:
        return "initializer"
    if op_type in ("Placeholder", "PlaceholderWithDefault"):
        return "input"
    if op_type == "Const":
        return "constant"
    if op_type == "NoOp" or not op.outputs:
        return "control"
    return "compute"


# --- Session state ------------------------------------------------------------------------


def uninitialized(session, ops):
    """The names of the variable ops whose value is not set in `session`, in creation order."""
    return [op.name for op in ops if op.type in VARIABLE_TYPES and values.read_value(session, op) is None]


def readers_of(ops, variables):
    """The names of ops that would fail because they read one of `variables` (by data flow, transitively).

    An overwrite (Assign, AssignVariableOp) and an is-initialized check do not
    read the old value, so they and what follows them are not counted.
    """
    reached = set(variables)
    readers = []
    if not reached:
        return readers
    for op in ops:
        if op.type in _OVERWRITE_TYPES or op.type in _INITIALIZED_TYPES or op.name in reached:
            continue
        if any(tensor.op.name in reached for tensor in op.inputs):
            reached.add(op.name)
            readers.append(op.name)
    return readers
