"""`tf.IndexedSlices`: a sparse gradient, rows `values` at `indices` of a dense tensor.

The gradient of a gather is nonzero only in the gathered rows, so `tf.gradients`
returns it as an IndexedSlices: `dense[indices[i]] += values[i]`, with
`dense_shape` the shape of the dense tensor. An op that needs a Tensor converts
it with an "UnsortedSegmentSum" (summing repeated indices), as TF 1.x does.

>>> import tfvars as tf
>>> params = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
>>> grad = tf.gradients(tf.gather(params, [2, 0, 2]), params)[0]
>>> with tf.Session() as sess:
...     value = sess.run(grad)
>>> value.indices.tolist(), value.dense_shape.tolist()
([2, 0, 2], [3, 2])
"""

import collections
import warnings

import numpy as np

from tfvars.framework import graph as _graph
from tfvars.framework import tensor_util
from tfvars.framework.tensor import Tensor
from tfvars.framework.tensor_conversion import register_tensor_conversion_function

# Dense tensors at least this large draw a warning when an IndexedSlices is converted, as in TF 1.x.
_LARGE_SPARSE_NUM_ELEMENTS = 100000000


class IndexedSlices:
    """The rows `values[i]` of a dense tensor of shape `dense_shape`, at rows `indices[i]`.

    Args:
      values: a Tensor of shape `[len(indices)] + dense_shape[1:]`.
      indices: a 1-D integer Tensor.
      dense_shape: a 1-D integer Tensor, or None when unknown.

    Raises:
      ValueError: if the tensors come from different graphs.
    """

    def __init__(self, values, indices, dense_shape=None):
        _graph._get_graph_from_inputs([values, indices] + ([dense_shape] if dense_shape is not None else []))
        self._values = values
        self._indices = indices
        self._dense_shape = dense_shape

    @property
    def values(self):
        return self._values

    @property
    def indices(self):
        return self._indices

    @property
    def dense_shape(self):
        return self._dense_shape

    @property
    def name(self):
        """The name of the `values` tensor."""
        return self._values.name

    @property
    def device(self):
        return self._values.device

    @property
    def op(self):
        """The op that produced `values`."""
        return self._values.op

    @property
    def dtype(self):
        return self._values.dtype

    @property
    def graph(self):
        return self._values.graph

    def consumers(self):
        """The ops taking `values`, `indices` or `dense_shape` as an input."""
        tensors = [t for t in (self._values, self._indices, self._dense_shape) if isinstance(t, Tensor)]
        seen = []
        for tensor in tensors:
            seen.extend(op for op in tensor.consumers() if op not in seen)
        return seen

    def __neg__(self):
        from tfvars.ops import math_ops
        return IndexedSlices(math_ops.negative(self._values), self._indices, self._dense_shape)

    def __str__(self):
        dense_shape = ", dense_shape=%s" % self._dense_shape if self._dense_shape is not None else ""
        return "IndexedSlices(indices=%s, values=%s%s)" % (self._indices, self._values, dense_shape)

    __repr__ = __str__


IndexedSlicesValue = collections.namedtuple("IndexedSlicesValue", ["values", "indices", "dense_shape"])
IndexedSlicesValue.__doc__ = "The value of an IndexedSlices fetched by `Session.run`: three numpy arrays."


def _indexed_slices_to_tensor(value, dtype=None, name=None, as_ref=False):
    """The dense tensor an IndexedSlices stands for: UnsortedSegmentSum(values, indices, dense_shape[0]).

    Warns when the dense shape is unknown or very large, as TF 1.x does.

    Raises:
      ValueError: for an incompatible `dtype`, or an IndexedSlices without a dense_shape.
    """
    if dtype is not None and not dtype.is_compatible_with(value.dtype):
        raise ValueError("Tensor conversion requested dtype %s for IndexedSlices with dtype %s"
                         % (dtype.name, value.dtype.name))
    if value.dense_shape is None:
        raise ValueError("Tensor conversion requested for IndexedSlices without dense_shape: %s" % value)
    dense_shape = tensor_util.constant_value(value.dense_shape)
    if dense_shape is None:
        warnings.warn("Converting sparse IndexedSlices to a dense Tensor of unknown shape. "
                      "This may consume a large amount of memory.", stacklevel=3)
    else:
        num_elements = int(np.prod(dense_shape, dtype=np.int64))
        if num_elements >= _LARGE_SPARSE_NUM_ELEMENTS:
            warnings.warn("Converting sparse IndexedSlices to a dense Tensor with %d elements. "
                          "This may consume a large amount of memory." % num_elements, stacklevel=3)
    from tfvars.ops import math_segment
    return math_segment.unsorted_segment_sum(value.values, value.indices, value.dense_shape[0], name=name)


register_tensor_conversion_function(IndexedSlices, _indexed_slices_to_tensor)
