"""What the `tf.nn` op modules share: allowed types, static shape checks, attr checks, runtime error text."""

import numbers

import numpy as np

from tfvars.framework import common_shapes
from tfvars.framework import dtypes as _dtypes

# Allowed types, in the order TF's OpDefs list them (TF's bfloat16 and quantized types do not exist here).
FLOATS = (_dtypes.float16, _dtypes.float32, _dtypes.float64)
REAL_NUMBERS = (_dtypes.float32, _dtypes.float64, _dtypes.int32, _dtypes.uint8, _dtypes.int16, _dtypes.int8,
                _dtypes.int64, _dtypes.uint16, _dtypes.float16, _dtypes.uint32, _dtypes.uint64)
INDEX_TYPES = (_dtypes.int32, _dtypes.int64)


def merge_dim(op, a, b):
    """Two dimension values (None: unknown) that must agree; TF's shape error if they do not."""
    if a is not None and b is not None and a != b:
        raise common_shapes.shape_error(op, "Dimensions must be equal, but are %d and %d" % (a, b))
    return a if a is not None else b


def dim_values(shape, rank):
    """The dimension values of a shape known to have `rank` dims (None for unknown ones)."""
    return [None] * rank if shape.ndims is None else shape.as_list()


def shape_string(array):
    """A runtime shape as TF's error messages print it: [2,3]."""
    return "[%s]" % ",".join(str(d) for d in np.shape(array))


def string_attr(op_type, attr, value, allowed):
    """Checks a string attr against its allowed values, as TF's op_def_library does."""
    if not isinstance(value, str):
        raise TypeError("Expected string for argument '%s' not %r." % (attr, value))
    if value not in allowed:
        raise ValueError("Attr '%s' of '%s' Op passed string '%s' not in: %s."
                         % (attr, op_type, value, ", ".join('"%s"' % a for a in allowed)))
    return value


def int_list_attr(attr, values):
    """A list(int) attr's values as ints; TypeError as TF's op_def_library words it for any other value."""
    result = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError("Expected int for argument '%s' not %r." % (attr, value))
        result.append(int(value))
    return result


def float_attr(attr, value):
    """A float attr's value as a float; TypeError as TF words it for a bool or a non-number."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError("Expected float for argument '%s' not %r." % (attr, value))
    return float(value)


def typed(op, attr, value):
    """`value` as a numpy scalar of the op's type attr, so kernels keep the tensor's dtype exactly."""
    return op.get_attr(attr).as_numpy_dtype(value)
