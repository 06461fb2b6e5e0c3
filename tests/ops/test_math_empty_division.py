"""Integer division and modulus by zero fail only when something is divided, as in TF."""

import numpy as np
import pytest

import tfvars as tf

_DIVISIONS = [tf.floormod, tf.floordiv, tf.truncatemod, tf.truncatediv]


@pytest.mark.parametrize("divide", _DIVISIONS)
def test_empty_result_by_zero_is_empty(divide):
    with tf.Session() as sess:
        assert sess.run(divide(tf.zeros([0], tf.int32), tf.constant(0))).shape == (0,)
        assert sess.run(divide(tf.zeros([0, 3], tf.int32), tf.zeros([3], tf.int32))).shape == (0, 3)


@pytest.mark.parametrize("divide", _DIVISIONS)
def test_nonempty_result_by_zero_fails(divide):
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="Integer division by zero"):
            sess.run(divide(tf.constant([1, 2]), tf.constant([1, 0])))


def test_sum_gradient_of_a_fed_scalar_of_unknown_rank():
    # tf.reduce_sum's gradient takes its axes modulo the input's rank: 0 for a scalar.
    x = tf.placeholder("float")
    grad, = tf.gradients(tf.reduce_sum(tf.pow(x, 2)), [x])
    with tf.Session() as sess:
        assert sess.run(grad, {x: 3.0}) == np.float32(6.0)
        np.testing.assert_array_equal(sess.run(grad, {x: [1.0, 2.0]}), [2.0, 4.0])
