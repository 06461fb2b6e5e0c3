"""tf.layers.dense and tf.layers.Dense: variables, names, collections, values, errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tfvars as tf
from layers_testing import collection_names, names, non_initializer_ops, run_initialized, unchanged_after_failure


def test_two_dense_calls_make_dense_and_dense_1_scopes():
    x = tf.placeholder(tf.float32, [None, 4])
    y = tf.layers.dense(x, 3, activation=tf.nn.relu)
    z = tf.layers.dense(y, 2)
    assert collection_names(tf.GraphKeys.GLOBAL_VARIABLES) == [
        "dense/kernel:0", "dense/bias:0", "dense_1/kernel:0", "dense_1/bias:0"]
    assert collection_names(tf.GraphKeys.TRAINABLE_VARIABLES) == collection_names(tf.GraphKeys.GLOBAL_VARIABLES)
    assert non_initializer_ops() == [
        ("Placeholder", "Placeholder"),
        ("dense/kernel", "VariableV2"), ("dense/kernel/Assign", "Assign"), ("dense/kernel/read", "Identity"),
        ("dense/bias", "VariableV2"), ("dense/bias/Assign", "Assign"), ("dense/bias/read", "Identity"),
        ("dense/MatMul", "MatMul"), ("dense/BiasAdd", "BiasAdd"), ("dense/Relu", "Relu"),
        ("dense_1/kernel", "VariableV2"), ("dense_1/kernel/Assign", "Assign"), ("dense_1/kernel/read", "Identity"),
        ("dense_1/bias", "VariableV2"), ("dense_1/bias/Assign", "Assign"), ("dense_1/bias/read", "Identity"),
        ("dense_1/MatMul", "MatMul"), ("dense_1/BiasAdd", "BiasAdd"),
    ]
    assert y.name == "dense/Relu:0" and z.name == "dense_1/BiasAdd:0"
    assert z.shape.as_list() == [None, 2]
    kernel = tf.get_default_graph().get_tensor_by_name("dense/kernel:0")
    assert kernel.shape.as_list() == [4, 3]
    assert "dense/kernel/Initializer/random_uniform" in [op.name for op in tf.get_default_graph().get_operations()]
    assert "dense/bias/Initializer/zeros" in [op.name for op in tf.get_default_graph().get_operations()]


def test_same_name_twice_without_reuse_fails_like_get_variable():
    x = tf.placeholder(tf.float32, [None, 4])
    tf.layers.dense(x, 3, name="foo")
    unchanged_after_failure(lambda: tf.layers.dense(x, 3, name="foo"), ValueError,
                            "Variable foo/kernel already exists, disallowed")


def test_reuse_by_name_shares_variables_and_opens_new_name_scopes():
    x = tf.placeholder(tf.float32, [None, 4])
    a = tf.layers.dense(x, 3, name="foo")
    b = tf.layers.dense(x, 3, name="foo", reuse=True)
    c = tf.layers.dense(x, 3, name="foo", reuse=tf.AUTO_REUSE)
    assert [a.name, b.name, c.name] == ["foo/BiasAdd:0", "foo_1/BiasAdd:0", "foo_2/BiasAdd:0"]
    assert collection_names(tf.GraphKeys.GLOBAL_VARIABLES) == ["foo/kernel:0", "foo/bias:0"]
    assert b.op.inputs[0].op.inputs[1].name == "foo/kernel/read:0"
    first, second = run_initialized([a, b], {x: np.ones((2, 4), np.float32)})
    np.testing.assert_array_equal(first, second)


def test_reuse_from_an_enclosing_variable_scope():
    x = tf.placeholder(tf.float32, [None, 4])
    with tf.variable_scope("net"):
        a = tf.layers.dense(x, 3)
    with tf.variable_scope("net", reuse=True):
        b = tf.layers.dense(x, 3)
    assert collection_names(tf.GraphKeys.GLOBAL_VARIABLES) == ["net/dense/kernel:0", "net/dense/bias:0"]
    assert a.name == "net/dense/BiasAdd:0" and b.name == "net_1/dense/BiasAdd:0"


def test_reuse_true_for_a_missing_layer_fails():
    x = tf.placeholder(tf.float32, [None, 4])
    unchanged_after_failure(lambda: tf.layers.dense(x, 3, name="nothing", reuse=True), ValueError,
                            "Variable nothing/kernel does not exist")


def test_class_layers_are_named_from_one_and_scoped_on_first_call():
    x = tf.placeholder(tf.float32, [None, 4])
    first, second = tf.layers.Dense(3), tf.layers.Dense(3)
    with tf.name_scope("ns"):
        a = second(x)
    b = first(x)
    assert (first.name, second.name) == ("dense_1", "dense_2")
    assert (first.scope_name, second.scope_name) == ("dense_1", "dense")
    assert a.name == "ns/dense/BiasAdd:0" and b.name == "dense/BiasAdd:0"
    assert names(first.trainable_weights) == ["dense_1/kernel:0", "dense_1/bias:0"]
    assert names(first.variables) == names(first.weights) == ["dense_1/kernel:0", "dense_1/bias:0"]
    assert first.non_trainable_weights == []
    assert first.kernel.name == "dense_1/kernel:0" and first.bias.name == "dense_1/bias:0"


def test_calling_a_layer_again_reuses_its_variables_in_its_name_scope():
    x = tf.placeholder(tf.float32, [None, 4])
    layer = tf.layers.Dense(5, name="foo")
    layer(x)
    again = layer(x)
    assert again.name == "foo/BiasAdd_1:0"
    assert again.op.inputs[0].name == "foo/MatMul_1:0"
    assert collection_names(tf.GraphKeys.GLOBAL_VARIABLES) == ["foo/kernel:0", "foo/bias:0"]


def test_scope_name_before_the_first_call_raises():
    with pytest.raises(ValueError, match="has not been used yet"):
        tf.layers.Dense(3).scope_name


def test_unknown_last_dimension_raises_and_leaves_no_trace():
    x = tf.placeholder(tf.float32, [None, None])
    unchanged_after_failure(lambda: tf.layers.dense(x, 3), ValueError,
                            "The last dimension of the inputs to `Dense` should be defined. Found `None`.")
    # The failed layer consumed no scope name: the next one is `dense` again.
    tf.layers.dense(tf.placeholder(tf.float32, [None, 2]), 3)
    assert collection_names(tf.GraphKeys.GLOBAL_VARIABLES) == ["dense/kernel:0", "dense/bias:0"]


def test_unknown_rank_raises():
    x = tf.placeholder(tf.float32, None)
    unchanged_after_failure(lambda: tf.layers.dense(x, 3), ValueError, "The last dimension of the inputs")


def test_integer_inputs_raise_type_error():
    x = tf.placeholder(tf.int32, [None, 4])
    unchanged_after_failure(lambda: tf.layers.dense(x, 3), TypeError,
                            "Unable to build `Dense` layer with non-floating point dtype <dtype: 'int32'>")


def test_a_second_input_of_another_size_is_rejected_by_the_input_spec():
    layer = tf.layers.Dense(3)
    layer(tf.placeholder(tf.float32, [None, 4]))
    other = tf.placeholder(tf.float32, [None, 5])
    unchanged_after_failure(lambda: layer(other), ValueError,
                            r"Input 0 of layer dense_1 is incompatible with the layer: expected axis -1 of input "
                            r"shape to have value 4 but received input with shape \(\?, 5\)")
    assert layer.built and len(layer.weights) == 2


def test_a_rank_one_input_is_rejected():
    x = tf.placeholder(tf.float32, [4])
    unchanged_after_failure(lambda: tf.layers.dense(x, 3), ValueError,
                            "Input 0 of layer dense_1 is incompatible with the layer: : expected min_ndim=2, found "
                            r"ndim=1. Full shape received: \[4\]")


def test_rank_three_inputs_use_tensordot_on_the_last_axis():
    x = tf.placeholder(tf.float32, [None, 5, 4])
    y = tf.layers.dense(x, 3, use_bias=False, trainable=False)
    assert y.name == "dense/Tensordot:0" and y.shape.as_list() == [None, 5, 3]
    assert collection_names(tf.GraphKeys.GLOBAL_VARIABLES) == ["dense/kernel:0"]
    assert collection_names(tf.GraphKeys.TRAINABLE_VARIABLES) == []
    xv = np.random.RandomState(1).randn(2, 5, 4).astype(np.float32)
    out, kernel = run_initialized([y, "dense/kernel:0"], {x: xv})
    np.testing.assert_allclose(out, xv @ kernel, rtol=1e-5, atol=1e-6)


def test_initializers_regularizers_constraint_and_dtype():
    x = tf.placeholder(tf.float64, [None, 4])
    constraint = lambda w: tf.minimum(w, 1.)  # noqa: E731
    layer = tf.layers.Dense(3, kernel_initializer=tf.ones_initializer(),
                            bias_initializer=tf.constant_initializer(0.5),
                            kernel_regularizer=lambda w: tf.reduce_sum(w) * 0.1, bias_regularizer=tf.nn.l2_loss,
                            activity_regularizer=tf.nn.l2_loss, kernel_constraint=constraint)
    y = layer(x)
    assert layer.dtype == "float64" and y.dtype == tf.float64
    assert layer.kernel.constraint is constraint
    assert names(layer.losses) == ["dense/kernel/Regularizer/mul:0", "dense/bias/Regularizer/L2Loss:0",
                                   "dense/ActivityRegularizer/truediv:0"]
    assert collection_names(tf.GraphKeys.REGULARIZATION_LOSSES) == names(layer.losses)
    assert "dense/kernel/Initializer/ones" in [op.name for op in tf.get_default_graph().get_operations()]
    assert "dense/bias/Initializer/Const" in [op.name for op in tf.get_default_graph().get_operations()]
    xv = np.arange(8, dtype=np.float64).reshape(2, 4)
    out, losses = run_initialized([y, layer.losses], {x: xv})
    expected = xv @ np.ones((4, 3)) + 0.5
    np.testing.assert_allclose(out, expected)
    np.testing.assert_allclose(losses, [1.2, 0.375, 0.5 * np.sum(expected ** 2) / 2])


def test_regularizer_loss_is_built_once_for_shared_variables():
    x = tf.placeholder(tf.float32, [None, 4])
    tf.layers.dense(x, 3, name="d", kernel_regularizer=tf.nn.l2_loss)
    tf.layers.dense(x, 3, name="d", kernel_regularizer=tf.nn.l2_loss, reuse=True)
    assert collection_names(tf.GraphKeys.REGULARIZATION_LOSSES) == ["d/kernel/Regularizer/L2Loss:0"]


def test_custom_getter_and_partitioner_of_the_enclosing_scope_apply():
    seen = []

    def getter(getter, name, *args, **kwargs):
        seen.append(name)
        return getter(name, *args, **kwargs)

    with tf.variable_scope("outer", custom_getter=getter):
        tf.layers.dense(tf.placeholder(tf.float32, [None, 4]), 3)
    assert seen == ["outer/dense/kernel", "outer/dense/bias"]


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 4), st.integers(1, 5), st.integers(1, 4), st.booleans())
def test_dense_values_match_numpy(batch, inputs, units, use_bias):
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, inputs])
    y = tf.layers.dense(x, units, use_bias=use_bias, activation=tf.nn.relu,
                        bias_initializer=tf.constant_initializer(0.25))
    xv = np.random.RandomState(batch * 7 + inputs).randn(batch, inputs).astype(np.float32)
    fetches = [y, "dense/kernel:0"] + (["dense/bias:0"] if use_bias else [])
    out, kernel, *bias = run_initialized(fetches, {x: xv})
    expected = xv @ kernel + (bias[0] if use_bias else 0)
    np.testing.assert_allclose(out, np.maximum(expected, 0), rtol=1e-5, atol=1e-6)


def test_a_failed_functional_call_uses_up_no_name():
    bad = tf.placeholder(tf.float32, [None, None])
    with pytest.raises(ValueError):
        tf.layers.dense(bad, 3, name="foo")
    with pytest.raises(ValueError):
        tf.layers.dense(bad, 3)
    good = tf.placeholder(tf.float32, [None, 2])
    assert tf.layers.dense(good, 3, name="foo").name == "foo/BiasAdd:0"
    assert tf.layers.Dense(3).name == "dense_1"
