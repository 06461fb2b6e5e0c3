"""Benchmark (e) runs and computes what its numpy baseline computes. Nothing here is timed."""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from bench import training  # noqa: E402


def test_the_training_step_updates_the_parameters_as_numpy_does():
    import tfvars as tf
    program = training.program(tf)
    assert program.form in (training.RELU_FORM, training.TANH_FORM)
    graph, train, loss, variables, init, feed = training.build(tf, program.form)
    numpy_step, params = training.numpy_step(program.form)
    with tf.Session(graph=graph) as sess:
        sess.run(init)
        first_loss = sess.run(loss, feed)
        for _ in range(3):
            sess.run(train, feed)
            numpy_step()
        assert sess.run(loss, feed) < first_loss
        for got, want in zip(sess.run(variables), params):
            np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)


def test_update_ops_are_gradient_descent_on_each_parameter():
    import tfvars as tf
    graph, train, _, _, _, _ = training.build(tf, training.TANH_FORM)
    updates = sorted(op.name for op in graph.get_operations() if op.type == "ApplyGradientDescent")
    assert updates == ["GradientDescent/update_%s/ApplyGradientDescent" % n for n in ("W1", "W2", "b1", "b2")]
    assert (train.name, train.type) == ("GradientDescent", "NoOp")
