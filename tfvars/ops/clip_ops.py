"""Clipping: tf.clip_by_value, clip_by_norm, clip_by_global_norm, global_norm and clip_by_average_norm.

Each takes Tensors or IndexedSlices (whose values are clipped) and builds the
ops TF 1.x builds, under one name scope ("clip_by_norm", ...), the result
named after the scope.

>>> import tfvars as tf
>>> clipped, norm = tf.clip_by_global_norm([tf.constant([3.0, 4.0]), tf.constant([12.0])], 6.5)
>>> with tf.Session() as sess:
...     [v.tolist() for v in sess.run(clipped)], float(sess.run(norm))
([[1.5, 2.0], [6.0]], 13.0)
"""

import collections.abc

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.ops import array_ops, constant_op, math_ops, nn_losses

__all__ = ["clip_by_average_norm", "clip_by_global_norm", "clip_by_norm", "clip_by_value", "global_norm"]


def _is_indexed_slices(value):
    return hasattr(value, "indices") and hasattr(value, "values") and hasattr(value, "dense_shape")


def _values(t, name):
    """The tensor to clip: `t`, or the values of an IndexedSlices."""
    return convert_to_tensor(t.values if _is_indexed_slices(t) else t, name=name)


def _like(t, clipped):
    """`clipped` in the form of `t`: an IndexedSlices with t's indices if t is one."""
    if not _is_indexed_slices(t):
        return clipped
    from tfvars.framework.indexed_slices import IndexedSlices
    return IndexedSlices(clipped, t.indices, t.dense_shape)


def _check_sequence(t_list):
    if not isinstance(t_list, collections.abc.Sequence) or isinstance(t_list, str):
        raise TypeError("t_list should be a sequence")
    return list(t_list)


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """Each element of `t` clipped to [clip_value_min, clip_value_max] (a Minimum, then a Maximum named `name`).

    Raises:
      ValueError: if the bounds would broadcast `t` to a larger shape.
    """
    with _graph.op_scope(name, "clip_by_value", [t, clip_value_min, clip_value_max]) as name:
        values = _values(t, "t")
        t_min = math_ops.minimum(values, clip_value_max)
        values.shape.assert_is_compatible_with(t_min.shape)
        t_max = math_ops.maximum(t_min, clip_value_min, name=name)
        values.shape.assert_is_compatible_with(t_max.shape)
        return _like(t, t_max)


def clip_by_norm(t, clip_norm, axes=None, name=None):
    """`t` scaled to L2 norm `clip_norm` (over `axes`, default all) if its norm is larger; else unchanged."""
    with _graph.op_scope(name, "clip_by_norm", [t, clip_norm]) as name:
        values = _values(t, "t")
        l2sum = math_ops.reduce_sum(values * values, axes, keepdims=True)
        pred = l2sum > 0
        # The where-twice form keeps the gradient finite where the norm is zero.
        l2sum_safe = array_ops.where(pred, l2sum, array_ops.ones_like(l2sum))
        l2norm = array_ops.where(pred, math_ops.sqrt(l2sum_safe), l2sum)
        intermediate = values * clip_norm
        values.shape.merge_with(intermediate.shape)
        values_clip = array_ops.identity(intermediate / math_ops.maximum(l2norm, clip_norm), name=name)
        return _like(t, values_clip)


def global_norm(t_list, name=None):
    """sqrt(sum of the squared L2 norms of the tensors in `t_list`), None entries skipped.

    Raises:
      TypeError: if `t_list` is not a sequence.
    """
    t_list = _check_sequence(t_list)
    with _graph.op_scope(name, "global_norm", t_list):
        values = [_values(t, "t_%d" % i) if t is not None else None for i, t in enumerate(t_list)]
        graph = _graph.get_default_graph()
        half_squared_norms = []
        for v in values:
            if v is not None:
                with graph.colocate_with(v.op):
                    half_squared_norms.append(nn_losses.l2_loss(v))
        half_squared_norm = math_ops.reduce_sum(array_ops.stack(half_squared_norms))
        return math_ops.sqrt(half_squared_norm * constant_op.constant(2.0, dtype=half_squared_norm.dtype),
                             name="global_norm")


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """(the tensors scaled by clip_norm / max(global_norm, clip_norm), the global norm).

    The scale is NaN (so every result is) if the norm is infinite or NaN.
    `use_norm` replaces the computed global norm.

    Raises:
      TypeError: if `t_list` is not a sequence.
    """
    t_list = _check_sequence(t_list)
    graph = _graph.get_default_graph()
    with graph._atomic():
        if use_norm is None:
            use_norm = global_norm(t_list, name)
        with _graph.op_scope(name, "clip_by_global_norm", t_list + [clip_norm]) as name:
            scale_for_finite = clip_norm * math_ops.minimum(
                1.0 / use_norm, constant_op.constant(1.0, dtype=use_norm.dtype) / clip_norm)
            # A finite norm adds zero; an infinite or NaN one makes the scale NaN.
            scale = scale_for_finite + (use_norm - use_norm)
            values = [_values(t, "t_%d" % i) if t is not None else None for i, t in enumerate(t_list)]
            clipped = []
            for i, v in enumerate(values):
                if v is None:
                    clipped.append(None)
                    continue
                with graph.colocate_with(v.op):
                    clipped.append(array_ops.identity(v * scale, name="%s_%d" % (name, i)))
            return [_like(t, c) if c is not None else None for c, t in zip(clipped, t_list)], use_norm


def clip_by_average_norm(t, clip_norm, name=None):
    """`t` scaled so that its L2 norm divided by its number of elements is at most `clip_norm`."""
    with _graph.op_scope(name, "clip_by_average_norm", [t, clip_norm]) as name:
        t = convert_to_tensor(t, name="t")
        n_element = math_ops.cast(array_ops.size(t), _dtypes.float32)
        l2norm_inv = math_ops.rsqrt(math_ops.reduce_sum(t * t, math_ops.range(array_ops.rank(t))))
        return array_ops.identity(
            t * clip_norm * math_ops.minimum(l2norm_inv * n_element, constant_op.constant(1.0) / clip_norm),
            name=name)
