"""Splitting a tensor by a partition index and merging pieces back by position: DynamicPartition, DynamicStitch.

`embedding_lookup` over sharded params uses both: ids go to their shard,
and the rows found come back in the ids' order.
"""

import numpy as np

from tfvars.framework import common_shapes
from tfvars.framework import errors
from tfvars.framework import tensor_shape
from tfvars.framework.op_def_registry import REQUIRED, TypeAttr, apply_op, register_op
from tfvars.framework.tensor_util import constant_value


def _dynamic_partition_shape(op):
    data, partitions = op.inputs[0].shape, op.inputs[1].shape
    count = op.get_attr("num_partitions")
    if partitions.ndims is None or data.ndims is None:
        return [tensor_shape.unknown_shape()] * count
    if not data[:partitions.ndims].is_compatible_with(partitions):
        raise common_shapes.shape_error(op, "Dimensions must be equal, but are %s and %s"
                                        % (data[:partitions.ndims], partitions))
    return [tensor_shape.TensorShape([None]).concatenate(data[partitions.ndims:])] * count


def _dynamic_partition_kernel(op, state):
    count = op.get_attr("num_partitions")

    def dynamic_partition(data, partitions):
        if np.shape(data)[:np.ndim(partitions)] != np.shape(partitions):
            raise errors.InvalidArgumentError(None, None, "data.shape must start with partitions.shape, got "
                                              "data.shape = %s, partitions.shape = %s"
                                              % (list(np.shape(data)), list(np.shape(partitions))))
        bad = np.flatnonzero((partitions < 0) | (partitions >= count))
        if bad.size:
            raise errors.InvalidArgumentError(None, None, "partitions[%d] = %d is not in [0, %d)"
                                              % (bad[0], partitions.ravel()[bad[0]], count))
        return tuple(data[partitions == index] for index in range(count))
    return dynamic_partition


register_op("DynamicPartition", inputs=["data: T", "partitions: int32"], outputs=["outputs: num_partitions * T"],
            attrs={"T": TypeAttr(), "num_partitions": REQUIRED},
            shape_fn=_dynamic_partition_shape, kernel=_dynamic_partition_kernel)


def _stitch_shape(op):
    count = len(op.inputs) // 2
    indices, data = op.inputs[:count], op.inputs[count:]
    element = tensor_shape.unknown_shape()
    for index_tensor, data_tensor in zip(indices, data):
        if index_tensor.shape.ndims is None or data_tensor.shape.ndims is None:
            continue
        if not data_tensor.shape[:index_tensor.shape.ndims].is_compatible_with(index_tensor.shape):
            raise common_shapes.shape_error(op, "Dimensions must be equal, but are %s and %s"
                                            % (data_tensor.shape[:index_tensor.shape.ndims], index_tensor.shape))
        element = element.merge_with(data_tensor.shape[index_tensor.shape.ndims:])
    values = [constant_value(t) for t in indices]
    size = None
    if all(v is not None for v in values):
        size = max([int(np.max(v)) + 1 for v in values if np.size(v)] or [0])
    return [tensor_shape.TensorShape([size]).concatenate(element)]


def _stitch_kernel(op, state):
    count = op.get_attr("N")

    def dynamic_stitch(*values):
        indices, data = values[:count], values[count:]
        size = max([int(np.max(i)) + 1 for i in indices if np.size(i)] or [0])
        element = np.shape(data[0])[np.ndim(indices[0]):]
        merged = np.zeros((size,) + element, dtype=data[0].dtype)
        for index_values, data_values in zip(indices, data):
            if np.shape(data_values) != np.shape(index_values) + element:
                raise errors.InvalidArgumentError(
                    None, None, "data[0].shape = %s does not start with indices[0].shape = %s"
                    % (list(np.shape(data_values)), list(np.shape(index_values))))
            merged[np.ravel(index_values)] = np.reshape(data_values, (-1,) + element)
        return merged
    return dynamic_stitch


for _op_type in ("DynamicStitch", "ParallelDynamicStitch"):
    register_op(_op_type, inputs=["indices: N * int32", "data: N * T"], outputs=["merged: T"],
                attrs={"N": REQUIRED, "T": TypeAttr()}, shape_fn=_stitch_shape, kernel=_stitch_kernel)


def dynamic_partition(data, partitions, num_partitions, name=None):
    """`num_partitions` tensors: the elements of `data` whose `partitions` value is 0, 1, ...

    Raises InvalidArgumentError at run time for a partition outside [0, num_partitions).
    """
    return apply_op("DynamicPartition", data=data, partitions=partitions, num_partitions=num_partitions,
                    name=name).outputs


def dynamic_stitch(indices, data, name=None):
    """One tensor with `merged[indices[m][i]] = data[m][i]`; later pieces win where indices repeat."""
    return apply_op("DynamicStitch", indices=indices, data=data, name=name).outputs[0]


def parallel_dynamic_stitch(indices, data, name=None):
    """`dynamic_stitch` as TF's parallel kernel builds it (op type "ParallelDynamicStitch")."""
    return apply_op("ParallelDynamicStitch", indices=indices, data=data, name=name).outputs[0]
