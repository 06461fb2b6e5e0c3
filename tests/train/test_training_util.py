"""The global step: get_global_step, create_global_step, get_or_create_global_step, global_step."""

import logging

import pytest

import tfvars as tf


def test_create_global_step_makes_an_int64_scalar_in_its_collection():
    with tf.name_scope("outer"):
        step = tf.train.create_global_step()
    assert (step.name, step.dtype, step.shape.as_list(), step.trainable) == ("global_step:0", tf.int64_ref, [], False)
    assert tf.get_collection(tf.GraphKeys.GLOBAL_STEP) == [step]
    assert step in tf.global_variables() and step not in tf.trainable_variables()
    assert tf.get_default_graph().get_operation_by_name("global_step/Initializer/zeros").type == "Const"
    assert tf.train.get_global_step() is step
    assert tf.train.get_or_create_global_step() is step
    with pytest.raises(ValueError, match='^"global_step" already exists.$'):
        tf.train.create_global_step()


def test_global_step_value():
    step = tf.train.get_or_create_global_step()
    with tf.Session() as sess:
        sess.run(step.initializer)
        sess.run(tf.assign_add(step, 5))
        value = tf.train.global_step(sess, step)
    assert value == 5 and type(value) is int


def test_get_global_step_in_another_graph_and_by_name():
    graph = tf.Graph()
    assert tf.train.get_global_step(graph) is None
    step = tf.train.get_or_create_global_step(graph)
    assert step.graph is graph and tf.train.get_global_step() is None
    with graph.as_default():
        assert tf.train.get_global_step() is step
    tf.Variable(0, name="global_step")
    found = tf.train.get_global_step()
    assert found.name == "global_step:0" and found.dtype == tf.int32_ref


def test_an_existing_global_step_must_be_an_integer_scalar():
    tf.Variable(0.0, name="global_step")
    with pytest.raises(TypeError,
                       match="^Existing \"global_step\" does not have integer type: <dtype: 'float32_ref'>$"):
        tf.train.get_global_step()
    tf.reset_default_graph()
    tf.Variable([0, 1], name="global_step")
    with pytest.raises(TypeError, match=r'^Existing "global_step" is not scalar: \(2,\)$'):
        tf.train.get_global_step()
    with pytest.raises(TypeError, match='^Existing "global_step" must be a Variable or Tensor: 3.$'):
        tf.train.assert_global_step(3)


def test_several_global_steps_log_an_error(caplog):
    tf.add_to_collection(tf.GraphKeys.GLOBAL_STEP, tf.Variable(0, name="a"))
    tf.add_to_collection(tf.GraphKeys.GLOBAL_STEP, tf.Variable(0, name="b"))
    with caplog.at_level(logging.ERROR):
        assert tf.train.get_global_step() is None
    assert "Multiple tensors in global_step collection." in caplog.text
