"""tf.losses' collections and totals: add_loss, get_losses, get_regularization_loss(es), get_total_loss."""

import numpy as np
import pytest

import tfvars as tf


def test_regularization_losses_and_totals():
    tf.get_variable("w", initializer=tf.constant([1., 2.]), regularizer=tf.nn.l2_loss)
    tf.get_variable("v", initializer=tf.constant([3.]), regularizer=tf.nn.l2_loss)
    regularization = tf.losses.get_regularization_losses()
    assert [t.name for t in regularization] == ["w/Regularizer/L2Loss:0", "v/Regularizer/L2Loss:0"]
    total_regularization = tf.losses.get_regularization_loss()
    assert total_regularization.name == "total_regularization_loss:0"
    assert total_regularization.op.type == "AddN"
    tf.losses.add_loss(tf.constant(1.0))
    mse = tf.losses.mean_squared_error(tf.constant([1., 1.]), tf.constant([3., 1.]))
    assert tf.losses.get_losses() == [tf.get_default_graph().get_tensor_by_name("Const_2:0"), mse]
    total = tf.losses.get_total_loss()
    without = tf.losses.get_total_loss(add_regularization_losses=False)
    assert total.name == "total_loss:0" and without.name == "total_loss_1:0"
    assert [t.name for t in total.op.inputs] == ["Const_2:0", "mean_squared_error/value:0", "w/Regularizer/L2Loss:0",
                                                 "v/Regularizer/L2Loss:0"]
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        values = session.run([total_regularization, total, without])
    np.testing.assert_allclose(values, [7.0, 10.0, 3.0])


def test_totals_with_scope_filter_by_name():
    with tf.name_scope("tower_0"):
        tf.losses.add_loss(tf.constant(1.0))
    with tf.name_scope("tower_1"):
        tf.losses.add_loss(tf.constant(2.0))
    assert [t.name for t in tf.losses.get_losses(scope="tower_1")] == ["tower_1/Const:0"]
    total = tf.losses.get_total_loss(scope="tower_0")
    with tf.Session() as session:
        assert session.run(total) == 1.0


def test_regularization_loss_without_losses_is_a_zero_constant():
    loss = tf.losses.get_regularization_loss()
    assert loss.op.type == "Const" and loss.name == "Const:0"
    with tf.Session() as session:
        assert session.run(loss) == 0.0


def test_total_loss_without_losses_raises():
    with pytest.raises(ValueError, match="inputs must be a list of at least one Tensor"):
        tf.losses.get_total_loss()


def test_layer_regularizers_count_in_the_total_loss():
    x = tf.placeholder(tf.float32, [None, 2])
    tf.layers.dense(x, 1, kernel_initializer=tf.ones_initializer(), kernel_regularizer=tf.nn.l2_loss)
    total = tf.losses.get_total_loss()
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        assert session.run(total) == 1.0
