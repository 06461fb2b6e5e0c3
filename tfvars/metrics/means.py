"""Streaming means: `mean`, `accuracy` and the regression errors, each a (weighted) mean of per-element values.

Each returns `(value, update_op)`: `value` reads the totals (`total / count`,
0 before any update), `update_op` adds a batch to them and returns the new
mean. Their variables are `<name>/total` and `<name>/count`.

    >>> import tfvars as tf
    >>> acc, update = tf.metrics.accuracy([1, 2, 3], [1, 2, 0])
    >>> [v.name for v in tf.local_variables()]
    ['accuracy/total:0', 'accuracy/count:0']
    >>> with tf.Session() as sess:
    ...     sess.run(tf.local_variables_initializer())
    ...     print(round(float(sess.run(update)), 4), round(float(sess.run(acc)), 4))
    0.6667 0.6667
"""

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.metrics.metric_variables import add_to_collections, float_weights, metric_variable, remove_squeezable
from tfvars.ops import array_ops
from tfvars.ops import math_ops
from tfvars.ops import state_ops
from tfvars.ops.variable_scope import variable_scope


def mean(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """The running (weighted) mean of `values`: `(mean, update_op)`, kept in `total` and `count`.

    Args:
      values: a tensor of any shape (cast to float32).
      weights: None, a scalar, or a tensor broadcastable to `values`; the
        mean is sum(values * weights) / sum(weights).
      metrics_collections, updates_collections: lists of collections to add
        the value and the update op to.
      name: the variable scope's name (default "mean").
    """
    with variable_scope(name, "mean", (values, weights)):
        values = math_ops.cast(values, _dtypes.float32)
        total = metric_variable([], _dtypes.float32, name="total")
        count = metric_variable([], _dtypes.float32, name="count")
        if weights is None:
            num_values = math_ops.cast(array_ops.size(values), _dtypes.float32)
        else:
            values, _, weights = remove_squeezable(values, None, weights)
            weights = float_weights(weights, values)
            values = math_ops.multiply(values, weights)
            num_values = math_ops.reduce_sum(weights)
        update_total = state_ops.assign_add(total, math_ops.reduce_sum(values))
        with _graph.control_dependencies([values]):
            update_count = state_ops.assign_add(count, num_values)
        mean_t = add_to_collections(metrics_collections, _safe_mean(total, count, "value"))
        update_op = add_to_collections(updates_collections, _safe_mean(update_total, update_count, "update_op"))
        return mean_t, update_op


def _safe_mean(total, count, name):
    """`total / count`, 0 where `count` is 0."""
    return math_ops.div_no_nan(total, math_ops.maximum(count, 0), name=name)


def accuracy(labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """How often `predictions` equals `labels`, as a running (weighted) mean: `(accuracy, update_op)`.

    Raises:
      ValueError: if the shapes of `labels` and `predictions` are incompatible.
    """
    predictions, labels, weights = remove_squeezable(predictions, labels, weights)
    predictions.shape.assert_is_compatible_with(labels.shape)
    if labels.dtype != predictions.dtype:
        predictions = math_ops.cast(predictions, labels.dtype)
    is_correct = math_ops.cast(math_ops.equal(predictions, labels), _dtypes.float32)
    return mean(is_correct, weights, metrics_collections, updates_collections, name or "accuracy")


def mean_absolute_error(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
                        name=None):
    """The running mean of |predictions - labels|: `(mean_absolute_error, update_op)`."""
    predictions, labels, weights = remove_squeezable(predictions, labels, weights)
    absolute_errors = math_ops.abs(predictions - labels)
    return mean(absolute_errors, weights, metrics_collections, updates_collections, name or "mean_absolute_error")


def mean_squared_error(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
                       name=None):
    """The running mean of (labels - predictions)**2: `(mean_squared_error, update_op)`."""
    predictions, labels, weights = remove_squeezable(predictions, labels, weights)
    squared_error = math_ops.squared_difference(labels, predictions)
    return mean(squared_error, weights, metrics_collections, updates_collections, name or "mean_squared_error")


def root_mean_squared_error(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
                            name=None):
    """The square root of the running mean squared error: `(root_mean_squared_error, update_op)`.

    Its variables live in the scope "root_mean_squared_error" (or `name`).
    """
    predictions, labels, weights = remove_squeezable(predictions, labels, weights)
    mse, update_mse = mean_squared_error(labels, predictions, weights, None, None, name or "root_mean_squared_error")
    rmse = add_to_collections(metrics_collections, math_ops.sqrt(mse))
    update_rmse = add_to_collections(updates_collections, math_ops.sqrt(update_mse))
    return rmse, update_rmse
