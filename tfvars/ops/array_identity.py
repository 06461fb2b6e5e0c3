"""Placeholders, and the ops that pass their input through: Identity, IdentityN, StopGradient."""

from tfvars.framework import common_shapes
from tfvars.framework import dtypes as _dtypes
from tfvars.framework import errors
from tfvars.framework import graph as _graph
from tfvars.framework import tensor_shape
from tfvars.framework.op_def_registry import REQUIRED, TypeAttr, TypeListAttr, apply_op, register_op


def _placeholder_kernel(op, state):
    dtype = op.get_attr("dtype")
    shape = op.get_attr("shape")
    detail = "with dtype %s" % dtype.base_dtype._type_string
    if shape.ndims is not None:
        detail += " and shape [%s]" % ",".join("?" if d is None else str(d) for d in shape.as_list())

    def missing_feed():
        raise errors.InvalidArgumentError(
            None, op, "You must feed a value for placeholder tensor '%s' %s" % (op.name, detail))
    return missing_feed


def _identity_n_kernel(op, state):
    if len(op.outputs) == 1:
        return lambda x: x
    return lambda *xs: xs


register_op("Placeholder", outputs=["output: dtype"],
            attrs={"dtype": TypeAttr(), "shape": tensor_shape.unknown_shape()},
            shape_fn=lambda op: [op.get_attr("shape")], kernel=_placeholder_kernel)
register_op("PlaceholderWithDefault", inputs=["input: dtype"], outputs=["output: dtype"],
            attrs={"dtype": TypeAttr(), "shape": REQUIRED},
            shape_fn=lambda op: [op.get_attr("shape")], kernel=lambda op, state: lambda x: x)
register_op("Identity", inputs=["input: T"], outputs=["output: T"], attrs={"T": TypeAttr()},
            shape_fn=common_shapes.unchanged_shape, kernel=lambda op, state: lambda x: x)
register_op("IdentityN", inputs=["input: T"], outputs=["output: T"], attrs={"T": TypeListAttr()},
            shape_fn=lambda op: [t.shape for t in op.inputs], kernel=_identity_n_kernel)
register_op("StopGradient", inputs=["input: T"], outputs=["output: T"], attrs={"T": TypeAttr()},
            shape_fn=common_shapes.unchanged_shape, kernel=lambda op, state: lambda x: x)


def placeholder(dtype, shape=None, name=None):
    """A tensor whose value must be fed to `Session.run`; `shape` may be partly unknown."""
    shape = tensor_shape.as_shape(shape)
    dtype = _dtypes.as_dtype(dtype).base_dtype
    with _graph.op_scope(name, "Placeholder") as scope:
        graph = _graph.get_default_graph()
        return graph.create_op("Placeholder", [], [dtype], name=scope,
                               attrs={"dtype": dtype, "shape": shape}).outputs[0]


def placeholder_with_default(input, shape, name=None):  # noqa: A002 (TF's argument name)
    """A tensor that takes `input`'s value unless fed; `shape` may be looser than `input`'s."""
    with _graph.op_scope(name, "PlaceholderWithDefault", [input]) as scope:
        shape = tensor_shape.as_shape(shape)
        op = apply_op("PlaceholderWithDefault", input=input, shape=shape, name=scope)
        if not shape.is_compatible_with(op.inputs[0].shape):
            raise ValueError("Shape %s of the default is not compatible with the shape %s of the placeholder."
                             % (op.inputs[0].shape, shape))
        return op.outputs[0]


def identity(input, name=None):  # noqa: A002 (TF's argument name)
    """A tensor with the same value as `input` (op type "Identity")."""
    return apply_op("Identity", input=input, name=name).outputs[0]


def identity_n(input, name=None):  # noqa: A002 (TF's argument name)
    """The tensors of the list `input`, each passed through one "IdentityN" op."""
    return apply_op("IdentityN", input=input, name=name).outputs


def stop_gradient(input, name=None):  # noqa: A002 (TF's argument name)
    """`input` unchanged, as a "StopGradient" op: gradients do not flow through it."""
    return apply_op("StopGradient", input=input, name=name).outputs[0]
