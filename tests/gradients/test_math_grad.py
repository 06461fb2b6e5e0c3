"""The math gradient rules against central differences, over shapes with broadcasting (float64)."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tfvars as tf
from strategies import broadcastable_shapes, shapes
from tfvars.testing import check_gradients

SETTINGS = settings(max_examples=15, deadline=None)


def values(shape, low, high):
    return hnp.arrays(np.float64, shape, elements=st.floats(low, high, allow_nan=False, allow_infinity=False))


def away_from_zero(shape, low=0.2, high=2.0):
    """Values with |x| in [low, high], so kinks at 0 stay further than the finite-difference step."""
    return st.tuples(values(shape, low, high), hnp.arrays(np.bool_, shape)).map(
        lambda pair: np.where(pair[1], pair[0], -pair[0]))


# Unary ops: (function, domain of x).
UNARY = {
    "negative": (tf.negative, (-3, 3)),
    "abs": (tf.abs, None),
    "square": (tf.square, (-3, 3)),
    "sqrt": (tf.sqrt, (0.5, 3)),
    "rsqrt": (tf.rsqrt, (0.5, 3)),
    "reciprocal": (tf.reciprocal, (0.5, 3)),
    "exp": (tf.exp, (-2, 2)),
    "expm1": (tf.expm1, (-2, 2)),
    "log": (tf.log, (0.5, 3)),
    "log1p": (tf.log1p, (-0.5, 2)),
    "sin": (tf.sin, (-3, 3)),
    "cos": (tf.cos, (-3, 3)),
    "tan": (tf.tan, (-1.2, 1.2)),
    "asin": (tf.asin, (-0.8, 0.8)),
    "acos": (tf.acos, (-0.8, 0.8)),
    "atan": (tf.atan, (-3, 3)),
    "sinh": (tf.sinh, (-2, 2)),
    "cosh": (tf.cosh, (-2, 2)),
    "tanh": (tf.tanh, (-3, 3)),
    "sigmoid": (tf.sigmoid, (-3, 3)),
    "erf": (tf.erf, (-2, 2)),
    "sign": (tf.sign, None),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@SETTINGS
@given(data=st.data())
def test_unary_gradient_matches_central_differences(name, data):
    fn, domain = UNARY[name]
    shape = data.draw(shapes(max_dims=3, max_side=3))
    x = data.draw(away_from_zero(shape) if domain is None else values(shape, *domain))
    check_gradients(fn, x)


@pytest.mark.parametrize("name", ["sqrt", "rsqrt", "reciprocal", "tanh", "sigmoid"])
def test_second_derivatives_through_the_grad_ops(name):
    fn, domain = UNARY[name]
    x = np.linspace(domain[0], domain[1], 5) * 0.9 + 0.05
    check_gradients(lambda t: tf.gradients(tf.reduce_sum(fn(t)), t)[0], x)


BINARY = {
    "add": (tf.add, None),
    "subtract": (tf.subtract, None),
    "multiply": (tf.multiply, None),
    "truediv": (tf.truediv, "positive_y"),
    "pow": (tf.pow, "positive_x"),
    "maximum": (tf.maximum, "distinct"),
    "minimum": (tf.minimum, "distinct"),
    "squared_difference": (tf.squared_difference, None),
    "atan2": (tf.atan2, "positive_y"),
    "floormod": (tf.floormod, "mod"),
}


@pytest.mark.parametrize("name", sorted(BINARY))
@SETTINGS
@given(data=st.data())
def test_binary_gradient_sums_over_broadcast_axes(name, data):
    fn, condition = BINARY[name]
    x_shape, y_shape = data.draw(broadcastable_shapes(max_dims=3, max_side=3))
    x = data.draw(values(x_shape, 0.5 if condition == "positive_x" else -2, 2))
    y = data.draw(values(y_shape, 0.5 if condition in ("positive_y", "mod") else -2, 2))
    if condition == "distinct":
        assume(np.all(np.abs(np.subtract(x, y)) > 1e-3))
    if condition == "mod":
        ratio = np.divide(x, y)
        assume(np.all(np.abs(ratio - np.round(ratio)) > 1e-3))
    check_gradients(fn, x, y)


REDUCTIONS = {"reduce_sum": tf.reduce_sum, "reduce_mean": tf.reduce_mean, "reduce_max": tf.reduce_max,
              "reduce_min": tf.reduce_min, "reduce_prod": tf.reduce_prod}


@pytest.mark.parametrize("name", sorted(REDUCTIONS))
@SETTINGS
@given(data=st.data())
def test_reduction_gradient(name, data):
    shape = data.draw(shapes(min_dims=1, max_dims=3, max_side=3))
    x = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(0.5, 2, allow_nan=False)))
    # Ties of max/min have no derivative, and values closer than the finite-difference step look tied.
    assume(x.size == 1 or np.diff(np.sort(x, axis=None)).min() > 1e-3)
    axis = data.draw(st.one_of(st.none(), st.lists(st.integers(-len(shape), len(shape) - 1), min_size=1,
                                                   max_size=len(shape), unique_by=lambda a: a % len(shape))))
    keepdims = data.draw(st.booleans())
    check_gradients(lambda t: REDUCTIONS[name](t, axis=axis, keepdims=keepdims), x)


def test_reduction_of_unknown_shape_builds_the_dynamic_path():
    x = np.arange(1.0, 7.0).reshape(2, 3)
    for reduce in REDUCTIONS.values():
        check_gradients(lambda t: reduce(tf.placeholder_with_default(t, [None, None]), axis=1), x)


def test_max_splits_the_gradient_between_ties():
    x = tf.constant([[1.0, 3.0, 3.0]])
    grad = tf.gradients(tf.reduce_max(x, axis=1), x)[0]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(grad), [[0.0, 0.5, 0.5]])


@SETTINGS
@given(data=st.data(), transpose_a=st.booleans(), transpose_b=st.booleans())
def test_matmul_gradient_with_transpose_flags(data, transpose_a, transpose_b):
    n, k, m = data.draw(st.tuples(*[st.integers(1, 3)] * 3))
    a = data.draw(values((k, n) if transpose_a else (n, k), -2, 2))
    b = data.draw(values((m, k) if transpose_b else (k, m), -2, 2))
    check_gradients(lambda x, y: tf.matmul(x, y, transpose_a=transpose_a, transpose_b=transpose_b), a, b)


@SETTINGS
@given(data=st.data(), adjoint_a=st.booleans(), adjoint_b=st.booleans())
def test_batch_matmul_gradient_with_adjoint_flags(data, adjoint_a, adjoint_b):
    batch, n, k, m = data.draw(st.tuples(*[st.integers(1, 3)] * 4))
    a = data.draw(values((batch, k, n) if adjoint_a else (batch, n, k), -2, 2))
    b = data.draw(values((batch, m, k) if adjoint_b else (batch, k, m), -2, 2))
    check_gradients(lambda x, y: tf.matmul(x, y, adjoint_a=adjoint_a, adjoint_b=adjoint_b), a, b)


@pytest.mark.parametrize("exclusive", [False, True])
@pytest.mark.parametrize("reverse", [False, True])
def test_scan_gradients(exclusive, reverse):
    x = np.array([[0.5, 1.5, 2.0], [1.2, 0.7, 1.1]])
    for scan in (tf.cumsum, tf.cumprod):
        check_gradients(lambda t: scan(t, axis=1, exclusive=exclusive, reverse=reverse), x)


def test_add_n_and_unsorted_segment_sum_gradients():
    x = np.array([[0.5, 1.5], [2.0, 1.0], [3.0, -1.0]])
    check_gradients(lambda t: tf.add_n([t, t * t, 2.0 * t]), x)
    check_gradients(lambda t: tf.unsorted_segment_sum(t, [2, -1, 2], 4), x)


def test_cast_gradient_flows_between_floats_only():
    x = tf.placeholder(tf.float64, [2])
    assert tf.gradients(tf.cast(x, tf.float32), x)[0].dtype == tf.float64
    assert tf.gradients(tf.cast(tf.cast(x, tf.int32), tf.float32), x) == [None]
    check_gradients(lambda t: tf.cast(tf.cast(t, tf.float32), tf.float64) * 3.0, np.array([1.0, 2.0]),
                    delta=1e-2, rtol=1e-4)


@pytest.mark.parametrize("fn", [tf.floor, tf.ceil, tf.round, tf.rint, tf.is_nan, lambda t: tf.cast(t > 0, t.dtype),
                                lambda t: tf.cast(tf.argmax(t), t.dtype), lambda t: tf.floordiv(t, 2.0)])
def test_piecewise_constant_ops_have_no_gradient(fn):
    x = tf.placeholder(tf.float32, [3])
    assert tf.gradients(tf.reduce_sum(tf.cast(fn(x), tf.float32)), x) == [None]


def test_sign_gradient_is_zeros():
    x = tf.constant([-1.0, 2.0])
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(tf.gradients(tf.sign(x), x)[0]), [0.0, 0.0])
