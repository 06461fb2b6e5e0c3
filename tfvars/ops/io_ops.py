"""The checkpoint ops a `tf.train.Saver` builds: "SaveV2" writes tensors to a checkpoint, "RestoreV2" reads them.

    save_v2(prefix, tensor_names, shape_and_slices, tensors)       -> the "SaveV2" op
    restore_v2(prefix, tensor_names, shape_and_slices, dtypes)     -> the restored tensors

`prefix` is a checkpoint prefix ("train/model.ckpt-100"); each tensor is saved under its name, whole
(slice spec "") or as a slice of a larger tensor ("4 2 0,2:-" is rows 0-1 of a [4, 2] tensor, the
spec of `SaveSliceInfo.spec`). Restoring with a slice spec returns that slice. The files and their
layout are described in `tfvars.train.checkpoint_format`.

Runtime errors, as TF 1.x's kernels raise them: a missing checkpoint or tensor is a NotFoundError
("Key w not found in checkpoint"), a dtype other than the saved one an InvalidArgumentError
("tensor_name = v; expected dtype int32 does not equal original dtype float"), a corrupt checkpoint
a DataLossError.
"""

import numpy as np

from tfvars.framework import common_shapes
from tfvars.framework import dtypes as _dtypes
from tfvars.framework import errors
from tfvars.framework import tensor_shape
from tfvars.framework.op_def_registry import TypeListAttr, apply_op, register_op
from tfvars.train import checkpoint_format

# The ops are TF's `gen_io_ops` functions, not `tf.*` names.
__all__ = []


# Slice specs.
def parse_slice_spec(spec, rank=None):
    """(full shape, starts, lengths) of a slice spec "4 2 0,2:-", or None for "" (the whole tensor).

    Raises:
      InvalidArgumentError: for a spec that is not of that form.
    """
    text = spec.decode("utf-8") if isinstance(spec, bytes) else str(spec)
    if not text:
        return None
    try:
        words = text.split(" ")
        full = [int(word) for word in words[:-1]]
        extents = words[-1].split(":")
        if len(extents) != len(full):
            raise ValueError(text)
        starts, lengths = [], []
        for extent, size in zip(extents, full):
            if extent == "-":
                starts.append(0)
                lengths.append(size)
            else:
                start, length = (int(part) for part in extent.split(","))
                starts.append(start)
                lengths.append(length)
    except ValueError:
        raise errors.InvalidArgumentError(None, None, "Expected shape_and_slice to be a full shape followed by a "
                                                      "slice spec, got '%s'" % text) from None
    if any(s < 0 or n < 0 or s + n > d for s, n, d in zip(starts, lengths, full)):
        raise errors.InvalidArgumentError(None, None, "Slice spec '%s' is out of bounds of its full shape" % text)
    return full, starts, lengths


def _text(value):
    value = np.asarray(value).item()
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _strings(values):
    return [_text(item) for item in np.asarray(values, dtype=object).reshape(-1)]


def _type_string(dtype):
    """A dtype as TF's C++ names it in messages (DataTypeString): float, double, half, int32, ..."""
    return dtype.base_dtype._type_string


# Shape functions: prefix a scalar, names and specs vectors of one entry per tensor.
def _check_arguments(op, count):
    prefix, names, slices = (t.shape for t in op.inputs[:3])
    common_shapes.with_rank(op, prefix, 0)
    for shape in (names, slices):
        common_shapes.with_rank(op, shape, 1)
        if shape.ndims == 1 and shape[0].value is not None and shape[0].value != count:
            raise common_shapes.shape_error(op, "Dimension 0 in both shapes must be equal, but are %d and %d"
                                            % (shape[0].value, count))


def _save_shape(op):
    _check_arguments(op, len(op.get_attr("dtypes")))
    return []


def _restore_shape(op):
    dtypes = op.get_attr("dtypes")
    _check_arguments(op, len(dtypes))
    return [tensor_shape.unknown_shape() for _ in dtypes]


# SaveV2.
def _save_kernel(op, state):
    def save_v2(prefix, tensor_names, shape_and_slices, *tensors):
        names, specs = _strings(tensor_names), _strings(shape_and_slices)
        if not len(names) == len(specs) == len(tensors):
            raise errors.InvalidArgumentError(
                None, None, "Expected %d tensor names and shape_and_slices, got %d and %d"
                % (len(tensors), len(names), len(specs)))
        dtypes = op.get_attr("dtypes")
        checkpoint_format.write(_text(prefix), _saved_tensors(names, specs, tensors, dtypes))
    return save_v2


def _saved_tensors(names, specs, tensors, dtypes):
    """(name, dtype, full shape, [(start, array)]) per saved name: the slices of one name kept together."""
    saved = {}
    for name, spec, value, dtype in zip(names, specs, tensors, dtypes):
        value = np.asarray(value)
        parsed = parse_slice_spec(spec)
        if parsed is None:
            full, start = list(value.shape), [0] * value.ndim
        else:
            full, start, lengths = parsed
            if list(value.shape) != lengths:
                raise errors.InvalidArgumentError(
                    None, None, "Slice %s of tensor %s does not match its value's shape [%s]"
                    % (spec, name, ",".join(str(d) for d in value.shape)))
        entry = saved.setdefault(name, (name, dtype, full, []))
        if entry[1] != dtype or entry[2] != full:
            raise errors.InvalidArgumentError(None, None, "Slices of tensor %s disagree on its dtype or shape" % name)
        entry[3].append((start, value))
    return list(saved.values())


register_op("SaveV2", inputs=["prefix: string", "tensor_names: string", "shape_and_slices: string",
                              "tensors: dtypes"],
            attrs={"dtypes": TypeListAttr()}, shape_fn=_save_shape, kernel=_save_kernel, stateful=True)


# RestoreV2.
def _restore_kernel(op, state):
    dtypes = op.get_attr("dtypes")

    def restore_v2(prefix, tensor_names, shape_and_slices):
        names, specs = _strings(tensor_names), _strings(shape_and_slices)
        if not len(names) == len(specs) == len(dtypes):
            raise errors.InvalidArgumentError(
                None, None, "Expected %d tensor names and shape_and_slices, got %d and %d"
                % (len(dtypes), len(names), len(specs)))
        reader = checkpoint_format.BundleReader(_text(prefix))
        values = tuple(_restored(reader, name, spec, dtype) for name, spec, dtype in zip(names, specs, dtypes))
        return values[0] if len(values) == 1 else values
    return restore_v2


def _restored(reader, name, spec, dtype):
    saved_dtype = reader.dtype(name)
    if saved_dtype != dtype:
        raise errors.InvalidArgumentError(None, None, "tensor_name = %s; expected dtype %s does not equal original "
                                                      "dtype %s" % (name, _type_string(dtype),
                                                                    _type_string(saved_dtype)))
    parsed = parse_slice_spec(spec)
    value = reader.tensor(name)
    if parsed is None:
        return value
    full, starts, lengths = parsed
    if list(value.shape) != full:
        raise errors.InvalidArgumentError(
            None, None, "tensor_name = %s; shape in shape_and_slice spec [%s] does not match the shape stored in "
                        "checkpoint: [%s]" % (name, ",".join(str(d) for d in full),
                                              ",".join(str(d) for d in value.shape)))
    return value[tuple(slice(s, s + n) for s, n in zip(starts, lengths))].copy()


register_op("RestoreV2", inputs=["prefix: string", "tensor_names: string", "shape_and_slices: string"],
            outputs=["tensors: dtypes"], attrs={"dtypes": TypeListAttr()}, shape_fn=_restore_shape,
            kernel=_restore_kernel, stateful=True)


# The op functions (TF's gen_io_ops names).
def save_v2(prefix, tensor_names, shape_and_slices, tensors, name=None):
    """The "SaveV2" op writing `tensors` to the checkpoint `prefix` under `tensor_names`."""
    return apply_op("SaveV2", prefix=prefix, tensor_names=tensor_names, shape_and_slices=shape_and_slices,
                    tensors=list(tensors), name=name)


def restore_v2(prefix, tensor_names, shape_and_slices, dtypes, name=None):
    """The tensors `tensor_names` (of `dtypes`, sliced by `shape_and_slices`) read from the checkpoint `prefix`.

    Returns a list of tensors (of unknown static shape), one per name.
    """
    dtypes = [_dtypes.as_dtype(dtype).base_dtype for dtype in dtypes]
    return apply_op("RestoreV2", prefix=prefix, tensor_names=tensor_names, shape_and_slices=shape_and_slices,
                    dtypes=dtypes, name=name).outputs
