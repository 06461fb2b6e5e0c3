"""Numerical gradient checks: `tf.test.compute_gradient` and `check_gradients`.

A gradient rule is right when the Jacobian `tf.gradients` builds (the
"theoretical" one, one backward pass per element of y) matches the Jacobian
measured by central differences, (y(x + delta) - y(x - delta)) / (2 delta),
one pair of forward passes per element of x.

>>> import numpy as np
>>> import tfvars as tf
>>> from tfvars.testing import check_gradients
>>> _ = check_gradients(lambda x, y: tf.reduce_sum(x * y, axis=1), np.ones((2, 3)), np.arange(3.0))
"""

import numpy as np

from tfvars.framework.graph import Graph
from tfvars.framework.indexed_slices import IndexedSlices
from tfvars.ops import array_ops
from tfvars.ops import constant_op
from tfvars.ops import gradients_impl
from tfvars import session as session_lib

__all__ = ["compute_gradient", "compute_gradient_error", "check_gradients"]


def compute_gradient(x, x_shape, y, y_shape, x_init_value=None, delta=1e-3, init_targets=None,
                     extra_feed_dict=None):
    """The theoretical and numerical Jacobians of `y` with respect to `x`, as TF 1.x's `tf.test.compute_gradient`.

    Args:
      x: a Tensor (fed with `x_init_value`), or a list of them.
      x_shape: x's shape (a list of shapes for a list of xs).
      y: the Tensor to differentiate; y_shape: its shape.
      x_init_value: the value of x (random in [0, 1) if None); a list for a list of xs.
      delta: the step of the central differences.
      init_targets: ops to run first (e.g. variable initializers).
      extra_feed_dict: more feeds for every run.

    Returns:
      (theoretical, numerical), two arrays of shape [x size, y size] where entry
      [i, j] is d y[j] / d x[i] (both flattened); a list of such pairs for a list of xs.

    TF 1.x: runs in the default session; without one, a session of x's graph is opened for the call.
    """
    extra_feed_dict = dict(extra_feed_dict or {})
    with _SessionFor(y.graph) as session:
        for init in init_targets or ():
            session.run(init)
        if isinstance(x, (list, tuple)):
            return _compute_gradient_list(session, x, x_shape, y, y_shape, x_init_value, delta, extra_feed_dict)
        dx, dy = _dx_and_dy(x, y, y_shape)
        x_data = _initial_value(x, x_shape, x_init_value)
        return _jacobians(session, x, x_shape, x_data, dx, y, y_shape, dy, delta, extra_feed_dict)


def compute_gradient_error(x, x_shape, y, y_shape, x_init_value=None, delta=1e-3, init_targets=None,
                           extra_feed_dict=None):
    """The largest absolute difference between the theoretical and numerical Jacobians (over all xs)."""
    result = compute_gradient(x, x_shape, y, y_shape, x_init_value, delta, init_targets, extra_feed_dict)
    pairs = result if isinstance(result, list) else [result]
    return max([float(np.max(np.abs(t - n))) if t.size else 0.0 for t, n in pairs] or [0.0])


def check_gradients(fn, *arrays, delta=1e-6, rtol=1e-5, atol=1e-6):
    """Checks `tf.gradients` of `fn(*placeholders)` against central differences, in a graph of its own.

    Each array becomes a placeholder of its dtype and shape (float64 gives the
    precision a tight check needs); `fn` builds one Tensor from them, whose
    shape, if not static, is read from its value.

    Returns:
      The list of (theoretical, numerical) Jacobian pairs, one per array.

    Raises:
      AssertionError: naming the input, if a pair differs beyond `rtol`/`atol`.
    """
    arrays = [np.asarray(a) for a in arrays]
    graph = Graph()
    with graph.as_default():
        xs = [array_ops.placeholder(a.dtype, a.shape, name="x%d" % i) for i, a in enumerate(arrays)]
        y = fn(*xs)
        shape = _value_shape(y, dict(zip(xs, arrays)))
        pairs = compute_gradient(xs, [a.shape for a in arrays], y, shape, x_init_value=arrays, delta=delta)
    for i, (theoretical, numerical) in enumerate(pairs):
        if not np.allclose(theoretical, numerical, rtol=rtol, atol=atol):
            raise AssertionError("Gradient of input %d differs from central differences:\ntheoretical:\n%s\n"
                                 "numerical:\n%s" % (i, theoretical, numerical))
    return pairs


def _value_shape(y, feeds):
    """y's static shape, or (when partly unknown) the shape of its value for `feeds`."""
    if y.shape.is_fully_defined():
        return y.shape.as_list()
    with session_lib.Session(graph=y.graph) as session:
        return list(np.shape(session.run(y, feeds)))


class _SessionFor:
    """The default session (if it runs `graph`), else a new session of `graph` closed on leaving."""

    def __init__(self, graph):
        self._graph = graph
        self._owned = None

    def __enter__(self):
        session = session_lib.get_default_session()
        if session is not None and session.graph is self._graph:
            return session
        self._owned = session_lib.Session(graph=self._graph)
        return self._owned

    def __exit__(self, *exc_info):
        if self._owned is not None:
            self._owned.close()
        return False


def _initial_value(x, x_shape, x_init_value):
    dtype = x.dtype.base_dtype.as_numpy_dtype
    if x_init_value is None:
        # TF 1.x draws from numpy's global generator; tfvars never touches it (a private, seeded one).
        return np.random.default_rng(0).random(tuple(x_shape)).astype(dtype)
    value = np.asarray(x_init_value, dtype=dtype)
    if value.shape != tuple(x_shape):
        raise ValueError("x_init_value has shape %s, not x_shape %s" % (value.shape, tuple(x_shape)))
    return value


def _dx_and_dy(x, y, y_shape):
    """The gradient of y with respect to x, given a fed incoming gradient dy (a constant of ones to feed)."""
    with y.graph.as_default():
        dy = constant_op.constant(1.0, shape=y_shape, dtype=y.dtype.base_dtype)
        grads = gradients_impl.gradients(y, x, array_ops.identity(dy))
    return grads[0], dy


def _jacobians(session, x, x_shape, x_data, dx, y, y_shape, dy, delta, extra_feed_dict):
    theoretical = _theoretical_jacobian(session, x, x_shape, x_data, dx, dy, y_shape, extra_feed_dict)
    numerical = _numerical_jacobian(session, x, x_shape, x_data, y, y_shape, delta, extra_feed_dict)
    return theoretical, numerical


def _theoretical_jacobian(session, x, x_shape, x_data, dx, dy, y_shape, extra_feed_dict):
    """Column j: the gradient for a one-hot incoming gradient at y's element j."""
    x_size, y_size = int(np.prod(x_shape)), int(np.prod(y_shape))
    dtype = x.dtype.base_dtype.as_numpy_dtype
    jacobian = np.zeros((x_size, y_size), dtype=dtype)
    if dx is None:
        return jacobian
    dy_data = np.zeros(y_shape, dtype=dy.dtype.as_numpy_dtype)
    for column in range(y_size):
        dy_data.flat[column] = 1
        feeds = {**extra_feed_dict, x: x_data, dy: dy_data}
        jacobian[:, column] = _dense_value(session, dx, x_shape, feeds).ravel()
        dy_data.flat[column] = 0
    return jacobian


def _dense_value(session, dx, x_shape, feeds):
    if isinstance(dx, IndexedSlices):
        values, indices = session.run([dx.values, dx.indices], feeds)
        dense = np.zeros(x_shape, dtype=values.dtype)
        np.add.at(dense, indices, values)
        return dense
    return session.run(dx, feeds)


def _numerical_jacobian(session, x, x_shape, x_data, y, y_shape, delta, extra_feed_dict):
    """Row i: central differences of y for a step `delta` in x's element i."""
    x_size, y_size = int(np.prod(x_shape)), int(np.prod(y_shape))
    y_dtype = y.dtype.base_dtype.as_numpy_dtype
    jacobian = np.zeros((x_size, y_size), dtype=x.dtype.base_dtype.as_numpy_dtype)
    scale = np.asarray(2 * delta, dtype=y_dtype)
    for row in range(x_size):
        x_pos, x_neg = x_data.copy(), x_data.copy()
        x_pos.flat[row] += delta
        x_neg.flat[row] -= delta
        y_pos = session.run(y, {**extra_feed_dict, x: x_pos})
        y_neg = session.run(y, {**extra_feed_dict, x: x_neg})
        jacobian[row, :] = (np.asarray(y_pos) - np.asarray(y_neg)).ravel() / scale
    return jacobian


def _compute_gradient_list(session, xs, x_shapes, y, y_shape, x_init_values, delta, extra_feed_dict):
    """One Jacobian pair per x, with the other xs fed their initial values."""
    if x_init_values is None:
        x_init_values = [None] * len(xs)
    values = [_initial_value(x, shape, value) for x, shape, value in zip(xs, x_shapes, x_init_values)]
    result = []
    for i, (x, x_shape) in enumerate(zip(xs, x_shapes)):
        feeds = dict(extra_feed_dict)
        feeds.update((other, value) for j, (other, value) in enumerate(zip(xs, values)) if j != i)
        dx, dy = _dx_and_dy(x, y, y_shape)
        result.append(_jacobians(session, x, x_shape, values[i], dx, y, y_shape, dy, delta, feeds))
    return result
