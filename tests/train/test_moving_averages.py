"""ExponentialMovingAverage and assign_moving_average: names, collections, values against numpy."""

import numpy as np
import pytest

import tfvars as tf
from tfvars.train import moving_averages


def test_apply_makes_shadows_named_as_tf_and_tracks_the_variables():
    w = tf.Variable([1.0, 2.0], name="w")
    v = tf.Variable(3.0, name="v", use_resource=True)
    ema = tf.train.ExponentialMovingAverage(0.9)
    update = ema.apply([w, v])
    assert (update.name, update.type) == ("ExponentialMovingAverage", "NoOp")
    assert [ema.average(w).name, ema.average(v).name] == ["w/ExponentialMovingAverage:0",
                                                          "v/ExponentialMovingAverage:0"]
    assert ema.average_name(w) == "w/ExponentialMovingAverage"
    assert tf.moving_average_variables() == [w, v]
    assert ema.average(w) in tf.global_variables() and not ema.average(w).trainable
    assert ema.average(w).op.colocation_groups() == [b"loc:@w"]
    graph = tf.get_default_graph()
    assert graph.get_operation_by_name("ExponentialMovingAverage/AssignMovingAvg").type == "AssignSub"
    assert ema.variables_to_restore() == {"w/ExponentialMovingAverage": w, "v/ExponentialMovingAverage": v}
    assert ema.average(tf.Variable(0.0)) is None


@pytest.mark.parametrize("num_updates", [None, 5])
def test_averages_follow_the_variable(num_updates):
    w = tf.Variable([1.0, 2.0], name="w")
    ema = tf.train.ExponentialMovingAverage(0.9, num_updates=num_updates)
    update = ema.apply([w])
    decay = 0.9 if num_updates is None else min(0.9, (1 + num_updates) / (10 + num_updates))
    shadow = np.array([1.0, 2.0])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for target in ([3.0, 0.0], [5.0, -1.0], [5.0, -1.0]):
            w.load(target, sess)
            sess.run(update)
            shadow = shadow - (1 - decay) * (shadow - np.array(target))
        np.testing.assert_allclose(sess.run(ema.average(w)), shadow, rtol=1e-6)


def test_zero_debiased_average_of_a_tensor():
    value = tf.placeholder(tf.float32, [2])
    ema = tf.train.ExponentialMovingAverage(0.5, zero_debias=True)
    update = ema.apply([value])
    names = sorted(ema.variables_to_restore([]))
    assert names == ["Placeholder/ExponentialMovingAverage", "Placeholder/ExponentialMovingAverage/biased",
                     "Placeholder/ExponentialMovingAverage/local_step"]
    biased, expected = np.zeros(2), []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step, x in enumerate(([2.0, 4.0], [6.0, 0.0]), start=1):
            sess.run(update, {value: x})
            biased = biased - 0.5 * (biased - np.array(x))
            expected = biased / (1 - 0.5 ** step)
        np.testing.assert_allclose(sess.run(ema.average(value)), expected, rtol=1e-6)


def test_assign_moving_average():
    v = tf.Variable([1.0, 1.0], name="v")
    result = moving_averages.assign_moving_average(v, [3.0, 5.0], 0.75, zero_debias=False)
    assert (result.name, result.op.type) == ("AssignMovingAvg:0", "AssignSub")
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(result).tolist() == [1.5, 2.0]


def test_errors():
    ema = tf.train.ExponentialMovingAverage(0.9)
    with pytest.raises(TypeError, match="^The variables must be half, float, or double: i:0$"):
        ema.apply([tf.Variable(1, name="i")])
