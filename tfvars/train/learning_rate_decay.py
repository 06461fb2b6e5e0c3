"""Learning-rate schedules: a learning rate computed from the global step, in the graph.

Each function builds its ops under one name scope ("ExponentialDecay",
"PolynomialDecay", ...) and returns the scalar learning rate, named after
that scope where TF 1.x names it so:

>>> import tfvars as tf
>>> step = tf.Variable(0, trainable=False)
>>> lr = tf.train.exponential_decay(0.1, step, decay_steps=10, decay_rate=0.5, staircase=True)
>>> lr.name
'ExponentialDecay:0'
>>> with tf.Session() as sess:
...     step.load(25, sess)
...     round(float(sess.run(lr)), 6)
0.025

Every schedule takes `global_step` as a tensor (or variable) and computes in
the dtype of the initial learning rate.
"""

import math

from tfvars.framework import graph as _graph
from tfvars.framework.tensor_conversion import convert_n_to_tensor, convert_to_tensor
from tfvars.framework import dtypes as _dtypes
from tfvars.ops import constant_op, control_flow_ops, math_ops

__all__ = ["cosine_decay", "exponential_decay", "inverse_time_decay", "natural_exp_decay", "piecewise_constant",
           "polynomial_decay"]


def _start(learning_rate):
    """The initial rate as a tensor ("initial_learning_rate"), and its dtype, which the schedule computes in."""
    initial = convert_to_tensor(learning_rate, name="initial_learning_rate")
    return initial, initial.dtype


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """learning_rate * decay_rate ^ (global_step / decay_steps), the exponent floored with `staircase`."""
    with _graph.op_scope(name, "ExponentialDecay", []) as scope:
        initial, dtype = _start(learning_rate)
        decay_steps = math_ops.cast(decay_steps, dtype)
        decay_rate = math_ops.cast(decay_rate, dtype)
        p = math_ops.cast(global_step, dtype) / decay_steps
        if staircase:
            p = math_ops.floor(p)
        return math_ops.multiply(initial, math_ops.pow(decay_rate, p), name=scope)


def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """learning_rate * exp(-decay_rate * global_step / decay_steps): an ExponentialDecay of rate exp(-decay_rate)."""
    natural_exp_rate = math_ops.exp(math_ops.negative(decay_rate))
    return exponential_decay(learning_rate, global_step, decay_steps, natural_exp_rate, staircase=staircase,
                             name=name)


def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """learning_rate / (1 + decay_rate * global_step / decay_steps), the ratio floored with `staircase`."""
    with _graph.op_scope(name, "InverseTimeDecay", []) as scope:
        initial, dtype = _start(learning_rate)
        decay_steps = math_ops.cast(decay_steps, dtype)
        decay_rate = math_ops.cast(decay_rate, dtype)
        p = math_ops.cast(global_step, dtype) / decay_steps
        if staircase:
            p = math_ops.floor(p)
        one = math_ops.cast(constant_op.constant(1), dtype)
        return math_ops.div(initial, math_ops.add(one, math_ops.multiply(decay_rate, p)), name=scope)


def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False,
                     name=None):
    """From learning_rate to end_learning_rate as (1 - step / decay_steps) ^ power, then constant.

    With `cycle`, decay_steps grows to the first multiple of itself at or past
    the step, so the decay restarts.
    """
    with _graph.op_scope(name, "PolynomialDecay", []) as scope:
        initial, dtype = _start(learning_rate)
        end_learning_rate = math_ops.cast(end_learning_rate, dtype)
        power = math_ops.cast(power, dtype)
        step = math_ops.cast(global_step, dtype)
        decay_steps_recomp = math_ops.cast(decay_steps, dtype)
        if cycle:
            # The first multiple of decay_steps at or past the step (1 at step 0).
            multiplier = control_flow_ops.cond(math_ops.equal(step, 0), lambda: 1.0,
                                               lambda: math_ops.ceil(step / decay_steps))
            decay_steps_recomp = math_ops.multiply(decay_steps_recomp, multiplier)
        else:
            step = math_ops.minimum(step, decay_steps)
        p = math_ops.div(step, decay_steps_recomp)
        return math_ops.add(math_ops.multiply(initial - end_learning_rate, math_ops.pow(1 - p, power)),
                            end_learning_rate, name=scope)


def cosine_decay(learning_rate, global_step, decay_steps, alpha=0.0, name=None):
    """learning_rate * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps)) + alpha)."""
    with _graph.op_scope(name, "CosineDecay", []):
        initial, dtype = _start(learning_rate)
        decay_steps = math_ops.cast(decay_steps, dtype)
        step = math_ops.minimum(math_ops.cast(global_step, dtype), decay_steps)
        completed_fraction = step / decay_steps
        cosine_decayed = 0.5 * (1.0 + math_ops.cos(constant_op.constant(math.pi) * completed_fraction))
        decayed = (1 - alpha) * cosine_decayed + alpha
        return math_ops.multiply(initial, decayed)


def piecewise_constant(x, boundaries, values, name=None):
    """values[0] while x <= boundaries[0], values[i] while boundaries[i-1] < x <= boundaries[i], then values[-1].

    Raises:
      ValueError: if there is not one more value than boundaries, a boundary's
        dtype differs from x's (int32 boundaries are cast to an int64 x), or
        the values' dtypes differ.
    """
    if len(boundaries) != len(values) - 1:
        raise ValueError("The length of boundaries should be 1 less than the length of values")
    boundaries = convert_n_to_tensor(boundaries)
    values = convert_n_to_tensor(values)
    x_recomp = convert_to_tensor(x)
    for i, b in enumerate(boundaries):
        if b.dtype.base_dtype != x_recomp.dtype.base_dtype:
            if b.dtype.base_dtype == _dtypes.int32 and x_recomp.dtype.base_dtype == _dtypes.int64:
                boundaries[i] = math_ops.cast(b, x_recomp.dtype.base_dtype)
            else:
                raise ValueError("Boundaries (%s) must have the same dtype as x (%s)."
                                 % (b.dtype.base_dtype, x_recomp.dtype.base_dtype))
    for v in values[1:]:
        if v.dtype.base_dtype != values[0].dtype.base_dtype:
            raise ValueError("Values must have elements all with the same dtype (%s vs %s)."
                             % (values[0].dtype.base_dtype, v.dtype.base_dtype))
    with _graph.op_scope(name, "PiecewiseConstant", []):
        pairs = [(x_recomp <= boundaries[0], lambda: values[0]), (x_recomp > boundaries[-1], lambda: values[-1])]
        for low, high, v in zip(boundaries[:-1], boundaries[1:], values[1:-1]):
            pairs.append(((x_recomp > low) & (x_recomp <= high), lambda v=v: v))
        return control_flow_ops.case(pairs, lambda: values[0], exclusive=True)
