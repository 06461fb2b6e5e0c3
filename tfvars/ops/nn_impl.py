"""The `tf.nn` functions TF 1.x composes from other ops: moments, l2_normalize, batch_normalization, embedding_lookup,
xw_plus_b and relu_layer.

Each builds the ops TF 1.x's `nn_impl.py` / `embedding_ops.py` build, with
the same names, in its own name scope.
"""

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.ops import array_ops
from tfvars.ops import clip_ops
from tfvars.ops import math_ops
from tfvars.ops import nn_ops
from tfvars.ops.array_partition import dynamic_partition, parallel_dynamic_stitch
from tfvars.util.deprecation import deprecated_argument_lookup


def moments(x, axes, shift=None, name=None, keep_dims=None, keepdims=None):
    """The mean and variance of `x` over `axes` (ops in the "moments" name scope).

    The variance is the mean of squared differences from the (gradient-
    stopped) mean. With `keep_dims` the reduced axes stay as size 1. float16
    inputs are computed in float32 and cast back. `shift` is unused, as in TF 1.x.
    """
    keep_dims = deprecated_argument_lookup("keepdims", keepdims, "keep_dims", keep_dims)
    with _graph.op_scope(name, "moments", [x, axes]):
        x = convert_to_tensor(x)
        y = math_ops.cast(x, _dtypes.float32) if x.dtype.base_dtype is _dtypes.float16 else x
        mean = math_ops.reduce_mean(y, axes, keepdims=True, name="mean")
        variance = math_ops.reduce_mean(math_ops.squared_difference(y, array_ops.stop_gradient(mean)), axes,
                                        keepdims=True, name="variance")
        if not keep_dims:
            mean = array_ops.squeeze(mean, axes)
            variance = array_ops.squeeze(variance, axes)
        if x.dtype.base_dtype is _dtypes.float16:
            return math_ops.cast(mean, _dtypes.float16), math_ops.cast(variance, _dtypes.float16)
        return mean, variance


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """`x / sqrt(max(sum(x ** 2, axis), epsilon))`, the final "Mul" named "l2_normalize" (or `name`)."""
    with _graph.op_scope(name, "l2_normalize", [x]) as scope:
        axis = deprecated_argument_lookup("axis", axis, "dim", dim)
        x = convert_to_tensor(x, name="x")
        square_sum = math_ops.reduce_sum(math_ops.square(x), axis, keepdims=True)
        x_inv_norm = math_ops.rsqrt(math_ops.maximum(square_sum, epsilon))
        return math_ops.multiply(x, x_inv_norm, name=scope)


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """`scale * (x - mean) / sqrt(variance + variance_epsilon) + offset`, in the "batchnorm" name scope.

    Computed as TF 1.x does, `x * inv + (offset - mean * inv)` with
    `inv = rsqrt(variance + variance_epsilon) * scale`; `offset` and `scale`
    may be None.
    """
    with _graph.op_scope(name, "batchnorm", [x, mean, variance, scale, offset]):
        x = convert_to_tensor(x)
        inv = math_ops.rsqrt(variance + variance_epsilon)
        if scale is not None:
            inv *= scale
        # One expression, as TF's, so the ops are built (and named) in TF's order.
        return x * math_ops.cast(inv, x.dtype) + math_ops.cast(
            offset - mean * inv if offset is not None else -mean * inv, x.dtype)


def xw_plus_b(x, weights, biases, name=None):
    """`matmul(x, weights) + biases`: a MatMul and a BiasAdd named "xw_plus_b" (or `name`)."""
    with _graph.op_scope(name, "xw_plus_b", [x, weights, biases]) as scope:
        x = convert_to_tensor(x, name="x")
        weights = convert_to_tensor(weights, name="weights")
        biases = convert_to_tensor(biases, name="biases")
        return nn_ops.bias_add(math_ops.matmul(x, weights), biases, name=scope)


def relu_layer(x, weights, biases, name=None):
    """`relu(matmul(x, weights) + biases)`, the Relu named "relu_layer" (or `name`)."""
    with _graph.op_scope(name, "relu_layer", [x, weights, biases]) as scope:
        x = convert_to_tensor(x, name="x")
        weights = convert_to_tensor(weights, name="weights")
        biases = convert_to_tensor(biases, name="biases")
        return nn_ops.relu(nn_ops.bias_add(math_ops.matmul(x, weights), biases), name=scope)


def embedding_lookup(params, ids, partition_strategy="mod", name=None, validate_indices=True, max_norm=None):
    """The rows of `params` at `ids`: shape `ids.shape + params.shape[1:]`.

    `params` is a tensor (or variable), or a list of them sharded along the
    first axis: by "mod" (id i in shard i % n, row i // n) or "div" (ids in
    contiguous blocks, the first `size % n` shards one row larger). With
    `max_norm`, each looked-up embedding whose L2 norm exceeds it is scaled
    down to it. `validate_indices` is ignored, as in TF 1.x.

    Raises:
      ValueError: for an empty `params` or an unknown `partition_strategy`.
    """
    if params is None or isinstance(params, (list, tuple)) and not params:
        raise ValueError("Need at least one param")
    if not isinstance(params, (list, tuple)):
        params = [params]
    if partition_strategy not in ("mod", "div"):
        raise ValueError("Unrecognized partition strategy: " + partition_strategy)
    with _graph.op_scope(name, "embedding_lookup", list(params) + [ids]) as scope:
        params = [convert_to_tensor(p, name="params") for p in params]
        ids = convert_to_tensor(ids, name="ids")
        if len(params) == 1:
            with _graph.colocate_with(params[0]):
                result = _clip(array_ops.gather(params[0], ids, name=scope), ids, max_norm)
            return array_ops.identity(result)
        return _sharded_lookup(params, ids, partition_strategy, scope, max_norm)


def _sharded_lookup(params, ids, partition_strategy, scope, max_norm):
    """The lookup in several shards: ids partitioned by shard, gathered in each, stitched back in order."""
    shards = len(params)
    flat_ids = array_ops.reshape(ids, [-1])
    original_indices = math_ops.range(array_ops.size(flat_ids))
    if partition_strategy == "mod":
        assignments = flat_ids % shards
        new_ids = flat_ids // shards
    else:
        assignments, new_ids = _div_assignments(params, flat_ids, shards)
    assignments = math_ops.cast(assignments, _dtypes.int32)
    gather_ids = dynamic_partition(new_ids, assignments, shards)
    gather_indices = dynamic_partition(original_indices, assignments, shards)
    partial = []
    for shard, shard_ids in zip(params, gather_ids):
        with _graph.colocate_with(shard):
            partial.append(array_ops.gather(shard, shard_ids))
    result = parallel_dynamic_stitch(gather_indices, partial, name=scope)
    element_shape = params[0].shape[1:]
    for shard in params[1:]:
        element_shape = element_shape.merge_with(shard.shape[1:])
    if element_shape.is_fully_defined():
        element_dims = element_shape.as_list()
    else:
        with _graph.colocate_with(params[0]):
            element_dims = array_ops.shape(params[0])[1:]
    result = array_ops.reshape(result, array_ops.concat([array_ops.shape(ids), element_dims], 0))
    result.set_shape(ids.shape.concatenate(element_shape))
    return _clip(result, ids, max_norm)


def _div_assignments(params, flat_ids, shards):
    """The shard and in-shard row of each id under the "div" strategy (the first `size % n` shards larger)."""
    dims = [p.shape[0].value for p in params]
    if all(d is not None for d in dims) and sum(dims):
        total = convert_to_tensor(sum(dims), flat_ids.dtype)
    else:
        sizes = []
        for shard, dim in zip(params, dims):
            if dim is not None:
                sizes.append(dim)
                continue
            with _graph.colocate_with(shard):
                sizes.append(array_ops.shape(shard)[0])
        total = math_ops.reduce_sum(math_ops.cast(array_ops.stack(sizes), flat_ids.dtype))
    ids_per_shard = total // shards
    extras = total % shards
    assignments = math_ops.maximum(flat_ids // (ids_per_shard + 1), (flat_ids - extras) // ids_per_shard)
    new_ids = array_ops.where(assignments < extras, flat_ids % (ids_per_shard + 1),
                              (flat_ids - extras) % ids_per_shard)
    return assignments, new_ids


def _clip(params, ids, max_norm):
    """`params` (the looked-up rows) with each embedding's L2 norm clipped to `max_norm`, if given."""
    if max_norm is None:
        return params
    ids_rank, params_rank = ids.shape.ndims, params.shape.ndims
    if ids_rank and params_rank:
        axes = list(range(ids_rank, params_rank))
    else:
        axes = math_ops.range(array_ops.rank(ids), array_ops.rank(params))
    return clip_ops.clip_by_norm(params, max_norm, axes=axes)
