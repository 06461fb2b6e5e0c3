"""Optimizer.minimize and compute_gradients, on tf.gradients: defaults, errors, and training against numpy."""

import numpy as np
import pytest

import tfvars as tf


def test_minimize_builds_the_graph_tf_builds():
    w = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="w")
    r = tf.Variable([0.5, -0.5], name="r", use_resource=True)
    loss = tf.reduce_sum(tf.square(tf.matmul(tf.constant([[1.0, 2.0]]), w) + r))
    global_step = tf.train.get_or_create_global_step()
    train = tf.train.MomentumOptimizer(0.01, 0.9).minimize(loss, global_step=global_step)
    graph = tf.get_default_graph()
    assert (train.name, train.type) == ("Momentum", "AssignAdd")
    update_w = graph.get_operation_by_name("Momentum/update_w/ApplyMomentum")
    update_r = graph.get_operation_by_name("Momentum/update_r/ResourceApplyMomentum")
    assert [t.name for t in update_w.inputs] == [
        "w:0", "w/Momentum:0", "Momentum/learning_rate:0", "gradients/MatMul_grad/tuple/control_dependency_1:0",
        "Momentum/momentum:0"]
    assert [t.name for t in update_r.inputs] == [
        "r:0", "r/Momentum:0", "Momentum/learning_rate:0", "gradients/add_grad/tuple/control_dependency_1:0",
        "Momentum/momentum:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train)
        w_value, r_value, step = sess.run([w, r, global_step])
    # Values TensorFlow computes for the same program.
    np.testing.assert_allclose(w_value, [[0.24274006, 1.040804], [1.4854801, 2.081608]], rtol=1e-5)
    np.testing.assert_allclose(r_value, [-0.25725996, -1.459196], rtol=1e-5)
    assert step == 3


def test_var_list_defaults_to_the_trainable_ref_and_resource_variables():
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b", use_resource=True)
    frozen = tf.Variable(3.0, name="frozen", trainable=False)
    loss = a * b * frozen
    grads_and_vars = tf.train.GradientDescentOptimizer(0.1).compute_gradients(loss)
    assert [v for _, v in grads_and_vars] == [a, b]
    assert all(g is not None for g, _ in grads_and_vars)


def test_compute_gradients_pairs_unrelated_variables_with_none():
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b")
    pairs = tf.train.GradientDescentOptimizer(0.1).compute_gradients(a * 3.0, var_list=[a, b])
    assert pairs[1] == (None, b)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(pairs[0][0]) == 3.0


def test_errors():
    optimizer = tf.train.GradientDescentOptimizer(0.1)
    with pytest.raises(ValueError, match="^No variables to optimize.$"):
        optimizer.minimize(tf.constant(1.0))
    a = tf.Variable(1.0, name="a")
    with pytest.raises(ValueError, match=r"^No gradients provided for any variable, check your graph for ops that do "
                                         r"not support gradients, between variables \[\"<tf.Variable 'a:0' shape=\(\) "
                                         r"dtype=float32_ref>\"\] and loss Tensor\(\"Const_1:0\""):
        optimizer.minimize(tf.constant(2.0))
    with pytest.raises(ValueError, match="^gate_gradients must be one of: Optimizer.GATE_NONE, Optimizer.GATE_OP, "
                                         "Optimizer.GATE_GRAPH.  Not 7$"):
        optimizer.compute_gradients(a * 2.0, gate_gradients=7)
    with pytest.raises(ValueError, match=r"^Invalid type tf.int32 for Const_\d+:0, expected: "):
        optimizer.compute_gradients(tf.constant(1))


def test_gate_graph_and_grad_loss():
    a = tf.Variable(2.0, name="a")
    b = tf.Variable(3.0, name="b")
    optimizer = tf.train.GradientDescentOptimizer(0.1)
    pairs = optimizer.compute_gradients(a * b, gate_gradients=tf.train.Optimizer.GATE_GRAPH,
                                        grad_loss=tf.constant(10.0))
    assert all(g.op.type == "Identity" for g, _ in pairs)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run([g for g, _ in pairs]) == [30.0, 20.0]


def test_callable_loss():
    a = tf.Variable(2.0, name="a")
    train = tf.train.GradientDescentOptimizer(0.25).minimize(lambda: a * a)
    with tf.Session() as sess:
        sess.run(a.initializer)
        sess.run(train)
        assert sess.run(a) == 1.0


def _mlp(tf_or_np, x, w1, b1, w2, b2):
    hidden = tf_or_np.tanh(tf_or_np.matmul(x, w1) + b1)
    return tf_or_np.matmul(hidden, w2) + b2, hidden


def test_a_tanh_mlp_trains_as_numpy_computes():
    rng = np.random.RandomState(0)
    x = rng.randn(8, 5).astype(np.float32)
    y = rng.randn(8, 3).astype(np.float32)
    params = [rng.randn(5, 4).astype(np.float32) * 0.5, np.zeros(4, np.float32),
              rng.randn(4, 3).astype(np.float32) * 0.5, np.zeros(3, np.float32)]
    variables = [tf.Variable(p, name=n) for p, n in zip(params, ["w1", "b1", "w2", "b2"])]
    prediction, _ = _mlp(tf, tf.constant(x), *variables)
    loss = tf.reduce_mean(tf.square(prediction - y))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    expected = [p.astype(np.float64) for p in params]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(5):
            sess.run(train)
            w1, b1, w2, b2 = expected
            out, hidden = _mlp(np, x, w1, b1, w2, b2)
            d_out = 2 * (out - y) / out.size
            d_hidden = d_out @ w2.T * (1 - hidden ** 2)
            grads = [x.T @ d_hidden, d_hidden.sum(0), hidden.T @ d_out, d_out.sum(0)]
            expected = [p - 0.1 * g for p, g in zip(expected, grads)]
        for got, want in zip(sess.run(variables), expected):
            np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)
