"""Learning-rate schedules: values against the formulas in numpy, names as TF 1.x gives them, errors."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tfvars as tf

STEPS = [0, 3, 10, 25, 40]


def _values(build):
    step = tf.Variable(0, dtype=tf.int64, name="global_step", trainable=False)
    rate = build(step)
    values = []
    with tf.Session() as sess:
        for value in STEPS:
            step.load(value, sess)
            values.append(float(sess.run(rate)))
    return rate, values


@settings(max_examples=10, deadline=None)
@given(lr=st.floats(0.01, 1.0), decay_steps=st.integers(1, 20), rate=st.floats(0.1, 0.99), staircase=st.booleans())
def test_exponential_decay(lr, decay_steps, rate, staircase):
    tf.reset_default_graph()
    result, values = _values(lambda s: tf.train.exponential_decay(lr, s, decay_steps, rate, staircase=staircase))
    assert (result.name, result.op.type, result.dtype) == ("ExponentialDecay:0", "Mul", tf.float32)
    for step, value in zip(STEPS, values):
        p = step // decay_steps if staircase else step / decay_steps
        assert value == pytest.approx(lr * rate ** p, rel=1e-5)


def test_natural_exp_and_inverse_time_decay():
    natural, values = _values(lambda s: tf.train.natural_exp_decay(0.1, s, 10, 0.5))
    assert natural.name == "ExponentialDecay:0"
    assert values == pytest.approx([0.1 * math.exp(-0.5 * s / 10) for s in STEPS], rel=1e-5)
    tf.reset_default_graph()
    inverse, values = _values(lambda s: tf.train.inverse_time_decay(0.1, s, 10, 0.5, staircase=True))
    assert (inverse.name, inverse.op.type) == ("InverseTimeDecay:0", "RealDiv")
    assert values == pytest.approx([0.1 / (1 + 0.5 * (s // 10)) for s in STEPS], rel=1e-5)


@pytest.mark.parametrize("cycle", [False, True])
def test_polynomial_decay(cycle):
    rate, values = _values(lambda s: tf.train.polynomial_decay(0.1, s, 20, 0.01, power=2.0, cycle=cycle))
    assert (rate.name, rate.op.type) == ("PolynomialDecay:0", "Add")
    expected = []
    for step in STEPS:
        decay_steps = 20 * max(1, math.ceil(step / 20)) if cycle else 20
        step = step if cycle else min(step, 20)
        expected.append((0.1 - 0.01) * (1 - step / decay_steps) ** 2 + 0.01)
    assert values == pytest.approx(expected, rel=1e-5)


def test_cosine_decay():
    rate, values = _values(lambda s: tf.train.cosine_decay(0.1, s, 20, alpha=0.1))
    assert rate.name == "CosineDecay/Mul_3:0"
    expected = [0.1 * (0.9 * 0.5 * (1 + math.cos(math.pi * min(s, 20) / 20)) + 0.1) for s in STEPS]
    assert values == pytest.approx(expected, rel=1e-5)


def test_piecewise_constant():
    rate, values = _values(lambda s: tf.train.piecewise_constant(s, [5, 15], [1.0, 0.5, 0.1]))
    assert rate.name.startswith("PiecewiseConstant/case/")
    assert values == pytest.approx([1.0, 1.0, 0.5, 0.1, 0.1])
    graph = tf.get_default_graph()
    assert [graph.get_operation_by_name(n).type for n in ("Cast", "Cast_1", "PiecewiseConstant/and")] == [
        "Cast", "Cast", "LogicalAnd"]


def test_piecewise_constant_errors_leave_the_graph_as_it_was():
    x = tf.constant(3.0)
    with pytest.raises(ValueError, match="^The length of boundaries should be 1 less than the length of values$"):
        tf.train.piecewise_constant(x, [1.0], [1.0])
    with pytest.raises(ValueError, match=r"^Boundaries \(<dtype: 'int32'>\) must have the same dtype as x "
                                         r"\(<dtype: 'float32'>\)\.$"):
        tf.train.piecewise_constant(x, [1], [1.0, 2.0])
    with pytest.raises(ValueError, match=r"^Values must have elements all with the same dtype"):
        tf.train.piecewise_constant(x, [1.0], [1.0, 2])


def test_a_schedule_drives_an_optimizer():
    step = tf.train.get_or_create_global_step()
    w = tf.Variable(1.0, name="w")
    rate = tf.train.exponential_decay(1.0, step, 1, 0.5)
    train = tf.train.GradientDescentOptimizer(rate).minimize(w * 1.0, global_step=step)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train)
        assert sess.run(w) == pytest.approx(1.0 - 1.0 - 0.5 - 0.25)
