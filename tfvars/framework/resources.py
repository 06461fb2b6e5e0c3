"""Variable storage: the cells that hold variable values inside a session's resources.

A ref variable's op ("VariableV2") and a resource variable's handle
("VarHandleOp") both evaluate to a `VariableCell`. Assignments rebind
`cell.value` to a new array and never write into the old one, so a value read
earlier in a run stays what it was: reads are snapshots.

A cell keeps only arrays the session owns. Fed arrays reach the kernels as
read-only views of the caller's arrays (not copies), so an assignment of one,
or of a view of one, stores a copy (`owned`): the caller may change theirs later.
"""

import numpy as np

from tfvars.framework import errors


class VariableCell:
    """The value of one variable in one session (None until initialised)."""

    __slots__ = ("name", "dtype", "shape", "value", "__weakref__")

    def __init__(self, name, dtype, shape):
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.value = None

    def __call__(self):
        """The cell itself: a cell is the kernel of the variable op whose output it is (one object, not two)."""
        return self

    def __repr__(self):
        state = "uninitialized" if self.value is None else "shape=%s" % (self.value.shape,)
        return "<VariableCell %s %s>" % (self.name, state)


def read(cell):
    """The cell's value; FailedPreconditionError (TF's wording) if it was never initialised."""
    value = cell.value
    if value is None:
        raise errors.FailedPreconditionError(None, None, "Attempting to use uninitialized value %s" % cell.name)
    return value


def owned(value):
    """`value` as a cell may keep it: a copy of a read-only view (part of a fed array), else `value` itself.

    The kernels' own results are new, writeable arrays, and constants are read-only arrays that own
    their data: neither is copied.
    """
    if value.__class__ is np.ndarray and value.base is not None and not value.flags.writeable:
        return value.copy()
    return value


def cell_for(resources, op, dtype, shape):
    """The session's cell for a variable op, keyed by (container, shared_name or op name); both attrs default to ""."""
    attrs = op._attrs
    key = (attrs.get("container", ""), attrs.get("shared_name") or op._name)
    cell = resources.get(key)
    if cell is None:
        cell = resources[key] = VariableCell(key[1], dtype, shape)
    return cell
