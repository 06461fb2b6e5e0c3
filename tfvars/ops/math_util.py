"""What the math-op modules share: allowed types, shape checks and kernels' messages in TF's words.

Also the kernel factories of the elementwise ops, all-or-nothing construction
for functions that build ops without a name scope, and TF's lookup of
deprecated argument names.
"""

import contextlib

import numpy as np

from tfvars.framework import common_shapes
from tfvars.framework import dtypes as _dtypes
from tfvars.framework import errors
from tfvars.framework import graph as _graph
from tfvars.framework import tensor_shape
from tfvars.framework import tensor_util

FLOATS = _dtypes.FLOATING_TYPES
SIGNED_INTEGERS = (_dtypes.int8, _dtypes.int16, _dtypes.int32, _dtypes.int64)
UNSIGNED_INTEGERS = (_dtypes.uint8, _dtypes.uint16, _dtypes.uint32, _dtypes.uint64)
NUMBERS = _dtypes.NUMBER_TYPES
SIGNED_NUMBERS = FLOATS + SIGNED_INTEGERS
INDEX_TYPES = (_dtypes.int32, _dtypes.int64)

def cpp_type_name(dtype):
    """`dtype` as TF's runtime errors name it: float for float32, int32 for int32."""
    return dtype.base_dtype._type_string


# Static shape checks in TF's words.
def _summarize(value):
    """A constant's first values as TF's shape errors print them: 0 5."""
    flat = np.asarray(value).ravel()
    return " ".join(str(v) for v in flat[:10]) + ("..." if flat.size > 10 else "")


def shape_error_with_values(op, message, value_indices):
    """TF's shape ValueError for an op whose shape function read constant inputs, naming their values."""
    shapes = ", ".join(common_shapes.format_shape(t.shape) for t in op.inputs)
    values = ", ".join("input[%d] = <%s>" % (i, _summarize(tensor_util.constant_value(op.inputs[i])))
                       for i in value_indices)
    return ValueError("%s for '%s' (op: '%s') with input shapes: %s and with computed input tensors: %s."
                      % (message, op.name, op.type, shapes, values))


def merge_dims(op, a, b):
    """The dimension known from `a` or `b`; TF's ValueError if both are known and differ."""
    if a.value is None:
        return b
    if b.value is not None and a.value != b.value:
        raise common_shapes.shape_error(op, "Dimensions must be equal, but are %d and %d" % (a.value, b.value))
    return a


# Kernels: messages and factories.
def shape_string(shape):
    """A runtime shape as TF's kernels print it: [2,3]."""
    return "[%s]" % ",".join(str(d) for d in shape)


def invalid_argument(message):
    return errors.InvalidArgumentError(None, None, message)


def fixed(numpy_fn):
    """A kernel factory that always computes with `numpy_fn` (no attrs to bind)."""
    return lambda op, state: numpy_fn


def _no_kernel(op):
    """What TF does for a type it registers no CPU kernel for: the op builds, but fails when run."""
    message = "No OpKernel was registered to support Op '%s' with these attrs: [T=DT_%s]" % (
        op.type, cpp_type_name(op.get_attr("T")).upper())

    def missing_kernel(*values):
        raise invalid_argument(message)
    return missing_kernel


def floats_only(float_fn):
    """A kernel factory for an op whose type list admits integers that TF has no kernel for."""
    return lambda op, state: float_fn if op.get_attr("T").is_floating else _no_kernel(op)


# Building.
@contextlib.contextmanager
def all_or_nothing(values):
    """Builds in the graph of `values` without a name scope, undoing everything if the block raises."""
    graph = _graph._get_graph_from_inputs(values)
    with graph.as_default(), graph._atomic():
        yield
