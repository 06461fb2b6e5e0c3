"""Segment sums: `tf.unsorted_segment_sum`, which also turns an IndexedSlices into a dense tensor."""

import numpy as np

from tfvars.framework import common_shapes
from tfvars.framework import dtypes as _dtypes
from tfvars.framework import tensor_shape
from tfvars.framework import tensor_util
from tfvars.framework.op_def_registry import TypeAttr, apply_op, register_op
from tfvars.ops.math_util import INDEX_TYPES, NUMBERS, invalid_argument, shape_string


def _unsorted_segment_sum_shape(op):
    """[num_segments] + data.shape[rank(segment_ids):]; segment_ids' shape must prefix data's."""
    data, segment_ids, num_segments = (t.shape for t in op.inputs)
    common_shapes.with_rank(op, num_segments, 0)
    if data.ndims is None or segment_ids.ndims is None:
        return [tensor_shape.unknown_shape()]
    if not segment_ids.is_compatible_with(data[:segment_ids.ndims]):
        raise common_shapes.shape_error(op, "segment_ids.shape = %s does not prefix data.shape = %s"
                                        % (common_shapes.format_shape(segment_ids), common_shapes.format_shape(data)))
    count = tensor_util.constant_value(op.inputs[2])
    head = tensor_shape.TensorShape([None if count is None else int(count)])
    return [head.concatenate(data[segment_ids.ndims:])]


def _unsorted_segment_sum_kernel(op, state):
    dtype = op.outputs[0].dtype.as_numpy_dtype

    def unsorted_segment_sum(data, segment_ids, num_segments):
        num_segments = int(num_segments)
        ids_rank = np.ndim(segment_ids)
        if np.shape(data)[:ids_rank] != np.shape(segment_ids):
            raise invalid_argument("data.shape = %s does not start with segment_ids.shape = %s"
                                   % (shape_string(np.shape(data)), shape_string(np.shape(segment_ids))))
        too_large = segment_ids >= num_segments
        if np.any(too_large):
            position = int(np.flatnonzero(too_large)[0])
            raise invalid_argument("segment_ids[%d] = %d is out of range [0, %d)"
                                   % (position, np.ravel(segment_ids)[position], num_segments))
        output = np.zeros((num_segments,) + np.shape(data)[ids_rank:], dtype=dtype)
        kept = segment_ids >= 0  # negative ids are dropped, as TF documents
        np.add.at(output, segment_ids[kept], np.asarray(data)[kept])
        return output
    return unsorted_segment_sum


register_op("UnsortedSegmentSum", inputs=["data: T", "segment_ids: Tindices", "num_segments: Tnumsegments"],
            outputs=["output: T"],
            attrs={"T": TypeAttr(NUMBERS), "Tindices": TypeAttr(INDEX_TYPES),
                   "Tnumsegments": TypeAttr(INDEX_TYPES, default=_dtypes.int32)},
            shape_fn=_unsorted_segment_sum_shape, kernel=_unsorted_segment_sum_kernel)


def unsorted_segment_sum(data, segment_ids, num_segments, name=None):
    """output[i] = sum of data[j...] over j with segment_ids[j...] == i (op type "UnsortedSegmentSum").

    Negative segment ids are dropped; ids at or past `num_segments` fail when run.
    """
    return apply_op("UnsortedSegmentSum", data=data, segment_ids=segment_ids, num_segments=num_segments,
                    name=name).outputs[0]
