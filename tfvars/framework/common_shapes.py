"""Shape functions shared by many ops, and TF's wording for shape errors."""

from tfvars.framework import tensor_shape


def format_shape(shape):
    """A shape as TF's shape errors print it: [2,?,3], or ? for an unknown rank."""
    if shape.ndims is None:
        return "?"
    return "[%s]" % ",".join("?" if d.value is None else str(d.value) for d in shape.dims)


def shape_error(op, message):
    """A ValueError naming the op and all its input shapes, as TF's shape inference reports."""
    shapes = ", ".join(format_shape(t.shape) for t in op.inputs)
    return ValueError("%s for '%s' (op: '%s') with input shapes: %s." % (message, op.name, op.type, shapes))


def unchanged_shape(op):
    """The output has the shape of the first input."""
    return [op.inputs[0].shape]


def scalar_shape(op):
    return [tensor_shape.scalar()]


def unknown_shapes(op):
    return [tensor_shape.unknown_shape() for _ in op._output_types]


def broadcast_shapes(op, x, y):
    """The numpy broadcast of two static shapes; ValueError (naming both) if they cannot broadcast."""
    if x.ndims is None or y.ndims is None:
        return tensor_shape.unknown_shape()
    x_dims, y_dims = x.as_list(), y.as_list()
    rank = max(len(x_dims), len(y_dims))
    x_dims = [1] * (rank - len(x_dims)) + x_dims
    y_dims = [1] * (rank - len(y_dims)) + y_dims
    result = []
    for a, b in zip(x_dims, y_dims):
        if a == 1:
            result.append(b)
        elif b == 1:
            result.append(a)
        elif a is None or b is None:
            result.append(a if b is None else b)
        elif a == b:
            result.append(a)
        else:
            raise shape_error(op, "Dimensions must be equal, but are %d and %d" % (a, b))
    return tensor_shape.TensorShape(result)


def broadcast_binary_shape(op):
    """Shape function of an elementwise op on two broadcast inputs."""
    return [broadcast_shapes(op, op.inputs[0].shape, op.inputs[1].shape)]


def merged_input_shapes(op):
    """All inputs must share one shape, which the output takes."""
    shape = tensor_shape.unknown_shape()
    for tensor in op.inputs:
        try:
            shape = shape.merge_with(tensor.shape)
        except ValueError:
            raise shape_error(op, "Shapes must be equal rank, but are %s and %s"
                              % (format_shape(shape), format_shape(tensor.shape))) from None
    return [shape]


def merge_shapes(op, first, second):
    """The merge of two shapes that must agree, with TF's "Shapes must be equal rank" wording."""
    try:
        return merged_shape(first, second)
    except ValueError as error:
        raise shape_error(op, str(error)) from None


def merged_shape(first, second):
    """`merge_shapes` without the op: ValueError with TF's message alone, for callers that add to it."""
    if first.ndims is not None and second.ndims is not None:
        if first.ndims != second.ndims:
            raise ValueError("Shapes must be equal rank, but are %d and %d" % (first.ndims, second.ndims))
        for i, (a, b) in enumerate(zip(first.as_list(), second.as_list())):
            if a is not None and b is not None and a != b:
                raise ValueError("Dimension %d in both shapes must be equal, but are %d and %d. Shapes are "
                                 "%s and %s." % (i, a, b, format_shape(first), format_shape(second)))
    return first.merge_with(second)


def with_rank(op, shape, rank, context=""):
    """`shape` as a shape of `rank` dims; TF's shape error (naming the op) if its known rank differs."""
    if shape.ndims is None:
        return tensor_shape.unknown_shape(rank)
    if shape.ndims != rank:
        raise shape_error(op, "Shape must be rank %d but is rank %d%s" % (rank, shape.ndims, context))
    return shape


def with_rank_at_least(op, shape, rank):
    """`shape`, after TF's shape error if its known rank is below `rank`."""
    if shape.ndims is not None and shape.ndims < rank:
        raise shape_error(op, "Shape must be at least rank %d but is rank %d" % (rank, shape.ndims))
    return shape
