"""Variable scopes and get_variable: names, reuse rules, collections and errors exactly as TF 1.x.

The expected names below are what TensorFlow (compat.v1, ref variables) printed for the same program.
"""

import pytest

import tfvars as tf


def op_names():
    return [op.name for op in tf.get_default_graph().get_operations()]


def test_scopes_and_names_match_tensorflow():
    v = tf.Variable([1.0, 2.0], name="v")
    with tf.variable_scope("conv1"):
        w = tf.get_variable("weights", initializer=tf.constant([1.0, 2.0]))
        with tf.name_scope("ns"):
            b = tf.get_variable("b", initializer=tf.constant(3))
            c = tf.Variable(1.0, name="c")
    with tf.variable_scope("conv1", reuse=True):
        w2 = tf.get_variable("weights")
    with tf.variable_scope("conv1") as sc:
        sc.reuse_variables()
        w3 = tf.get_variable("weights")
        d = tf.constant(1.0)
    with tf.variable_scope(sc):
        e = tf.constant(1.0)
        with tf.variable_scope("inner"):
            f = tf.constant(1.0)
        with tf.variable_scope("inner", reuse=tf.AUTO_REUSE):
            g = tf.get_variable("g", initializer=tf.constant(1.0))
    with tf.variable_scope(None, default_name="layer"):
        h = tf.get_variable("h", initializer=[1.0])
    with tf.variable_scope(None, default_name="layer"):
        i = tf.get_variable("h", initializer=[1.0])
    with tf.variable_scope("outer", auxiliary_name_scope=False) as osc:
        j = tf.constant(2.0)
        k = tf.get_variable("k", initializer=tf.constant(1.0))
    with tf.variable_scope(osc, auxiliary_name_scope=False):
        l_ = tf.constant(2.0)
    with tf.name_scope("v"):
        m = tf.get_variable("v", initializer=tf.constant(1.0))
    with tf.variable_scope("auto", reuse=tf.AUTO_REUSE):
        n1 = tf.get_variable("n", initializer=tf.constant(1.0))
        n2 = tf.get_variable("n", initializer=tf.constant(1.0))
    loc = tf.get_local_variable("loc", initializer=tf.constant(1.0))

    assert (sc.name, sc.original_name_scope, osc.original_name_scope) == ("conv1", "conv1_2/", "")
    assert tf.get_variable_scope().name == "" and tf.get_variable_scope().reuse is False
    assert w2 is w and w3 is w and n1 is n2
    assert [(x.name, x.dtype.name, str(x.shape)) for x in [v, w, b, c, g, h, i, k, m, n1, loc]] == [
        ("v:0", "float32_ref", "(2,)"), ("conv1/weights:0", "float32_ref", "(2,)"),
        ("conv1/b:0", "int32_ref", "()"), ("conv1/ns/c:0", "float32_ref", "()"),
        ("conv1/inner/g:0", "float32_ref", "()"), ("layer/h:0", "float32_ref", "(1,)"),
        ("layer_1/h:0", "float32_ref", "(1,)"), ("outer/k:0", "float32_ref", "()"),
        ("v_2:0", "float32_ref", "()"), ("auto/n:0", "float32_ref", "()"), ("loc:0", "float32_ref", "()")]
    assert [x.name for x in [d, e, f, j, l_]] == [
        "conv1_2/Const:0", "conv1_3/Const:0", "conv1_3/inner/Const:0", "Const:0", "Const_2:0"]
    assert op_names() == [
        "v/initial_value", "v", "v/Assign", "v/read", "conv1/Const", "conv1/weights", "conv1/weights/Assign",
        "conv1/weights/read", "conv1/ns/Const", "conv1/b", "conv1/b/Assign", "conv1/b/read",
        "conv1/ns/c/initial_value", "conv1/ns/c", "conv1/ns/c/Assign", "conv1/ns/c/read", "conv1_2/Const",
        "conv1_3/Const", "conv1_3/inner/Const", "conv1_3/inner_1/Const", "conv1/inner/g", "conv1/inner/g/Assign",
        "conv1/inner/g/read", "layer/h/initial_value", "layer/h", "layer/h/Assign", "layer/h/read",
        "layer_1/h/initial_value", "layer_1/h", "layer_1/h/Assign", "layer_1/h/read", "Const", "Const_1",
        "outer/k", "outer/k/Assign", "outer/k/read", "Const_2", "v_1/Const", "v_2", "v_2/Assign", "v_2/read",
        "auto/Const", "auto/n", "auto/n/Assign", "auto/n/read", "auto/Const_1", "Const_3", "loc", "loc/Assign",
        "loc/read"]
    everything = ["v:0", "conv1/weights:0", "conv1/b:0", "conv1/ns/c:0", "conv1/inner/g:0", "layer/h:0",
                  "layer_1/h:0", "outer/k:0", "v_2:0", "auto/n:0"]
    assert [x.name for x in tf.global_variables()] == everything
    assert [x.name for x in tf.trainable_variables()] == everything
    assert [x.name for x in tf.local_variables()] == ["loc:0"]


def test_creating_twice_without_reuse_fails_and_says_how_to_fix_it():
    with tf.variable_scope("model"):
        tf.get_variable("w", initializer=tf.constant(1.0))
    with tf.variable_scope("model"):
        initial = tf.constant(1.0)
        before = op_names()
        with pytest.raises(ValueError, match=r"Variable model/w already exists, disallowed. Did you mean to set "
                                             r"reuse=True or reuse=tf.AUTO_REUSE in VarScope\?"):
            tf.get_variable("w", initializer=initial)
    assert op_names() == before


def test_reusing_a_missing_variable_fails():
    with tf.variable_scope("model", reuse=True):
        with pytest.raises(ValueError, match="Variable model/w does not exist, or was not created with "
                                             r"tf.get_variable\(\). Did you mean to set reuse=tf.AUTO_REUSE"):
            tf.get_variable("w", shape=[1])
    assert tf.global_variables() == []


def test_reuse_with_another_shape_or_dtype_fails():
    with tf.variable_scope("s"):
        tf.get_variable("w", initializer=tf.constant([1.0, 2.0]))
    with tf.variable_scope("s", reuse=True):
        with pytest.raises(ValueError, match=r"Trying to share variable s/w, but specified shape \(3,\) and found "
                                             r"shape \(2,\)."):
            tf.get_variable("w", shape=[3])
        with pytest.raises(ValueError, match="Trying to share variable s/w, but specified dtype int32 and found "
                                             "dtype float32_ref."):
            tf.get_variable("w", shape=[2], dtype=tf.int32)


def test_constant_initializer_with_shape_and_mismatched_dtype():
    with pytest.raises(ValueError, match="If initializer is a constant, do not specify shape."):
        tf.get_variable("a", shape=[2], initializer=tf.constant([1.0, 2.0]))
    with pytest.raises(ValueError, match="Initializer type '<dtype: 'int32'>' and explicit dtype '<dtype: 'float32'>' don't match."):
        tf.get_variable("b", dtype=tf.float32, initializer=tf.constant([1, 2]))
    assert tf.global_variables() == [] and op_names() == ["Const", "Const_1"]


def test_reuse_is_sticky_and_false_means_inherit():
    with tf.variable_scope("a", reuse=True):
        with tf.variable_scope("b", reuse=False) as inner:
            assert inner.reuse is True
    with tf.variable_scope("c", reuse=tf.AUTO_REUSE):
        with tf.variable_scope("d") as inner:
            assert inner.reuse is tf.AUTO_REUSE
    with pytest.raises(ValueError, match="The reuse parameter must be True or False or None."):
        tf.variable_scope("e", reuse="yes")
    with pytest.raises(ValueError, match="reuse=True cannot be used without a name_or_scope"):
        with tf.variable_scope(None, default_name="f", reuse=True):
            pass
    with pytest.raises(TypeError, match="If default_name is None then name_or_scope is required"):
        tf.variable_scope(None)


def test_get_variable_ignores_name_scopes_but_variable_does_not():
    with tf.name_scope("ns"):
        a = tf.get_variable("a", initializer=tf.constant(1.0))
        b = tf.Variable(1.0, name="b")
    assert (a.name, b.name) == ("a:0", "ns/b:0")


def test_scope_collections_and_variables():
    with tf.variable_scope("net") as scope:
        w = tf.get_variable("w", initializer=tf.constant(1.0))
        s = tf.get_variable("s", initializer=tf.constant(1.0), trainable=False)
    with tf.variable_scope("network"):
        tf.get_variable("x", initializer=tf.constant(1.0))
    assert scope.global_variables() == [w, s]
    assert scope.trainable_variables() == [w]
    assert scope.get_collection(tf.GraphKeys.GLOBAL_VARIABLES) == [w, s]


def test_custom_getters_compose():
    calls = []

    def outer(getter, name, *args, **kwargs):
        calls.append("outer " + name)
        return getter(name, *args, **kwargs)

    def inner(getter, name, *args, **kwargs):
        calls.append("inner " + name)
        return getter(name + "_renamed", *args, **kwargs)

    with tf.variable_scope("a", custom_getter=outer):
        with tf.variable_scope("b", custom_getter=inner):
            v = tf.get_variable("v", initializer=tf.constant(1.0))
    assert calls == ["inner a/b/v", "outer a/b/v_renamed"]
    assert v.name == "a/b/v_renamed:0"


def test_regularizer_fills_regularization_losses():
    def regularizer(variable):
        return tf.identity(variable, name="penalty")

    with tf.variable_scope("reg", regularizer=regularizer):
        v = tf.get_variable("w", initializer=tf.constant(2.0))
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert [loss.name for loss in losses] == ["reg/w/Regularizer/penalty:0"]
    assert losses[0].op.inputs[0] is v.value()


def test_scope_defaults_reach_get_variable():
    with tf.variable_scope("typed", dtype=tf.int32):
        v = tf.get_variable("v", initializer=tf.constant(3))
        assert tf.get_variable_scope().dtype == tf.int32
    assert v.dtype == tf.int32_ref


def test_store_records_each_get_variable_as_created_or_reused():
    from tfvars.framework import observers
    g = tf.get_default_graph()
    heard = []
    listener = heard.append
    g._subscribers.add(listener)
    with tf.variable_scope("s"):
        tf.get_variable("v", [1])
    with tf.variable_scope("s", reuse=True):
        tf.get_variable("v", [1])
    with pytest.raises(ValueError):
        with tf.variable_scope("s", reuse=True):
            tf.get_variable("v", [2])
    requests = [(r.name, r.created) for r in g._variable_store.requests]
    assert requests == [("s/v", True), ("s/v", False)]
    assert [(e.name, e.created) for e in heard if isinstance(e, observers.VariableRequested)] == requests


def test_request_record_is_undone_when_the_surrounding_construction_fails():
    g = tf.get_default_graph()
    tf.get_variable("w", [1])

    def failing_getter(getter, *args, **kwargs):
        getter(*args, **kwargs)
        raise RuntimeError("custom getter fails after the store")

    with pytest.raises(RuntimeError):
        with tf.variable_scope("", reuse=True):
            tf.get_variable("w", [1], custom_getter=failing_getter)
    assert [(r.name, r.created) for r in g._variable_store.requests] == [("w", True)]


def test_custom_getter_failing_after_creation_leaves_no_variable():
    g = tf.get_default_graph()

    def failing_getter(getter, *args, **kwargs):
        getter(*args, **kwargs)
        raise RuntimeError("fails after creating")

    with pytest.raises(RuntimeError):
        tf.get_variable("fresh", [1], custom_getter=failing_getter)
    assert g.get_operations() == [] and tf.global_variables() == []
    assert tf.get_variable("fresh", [1]).name == "fresh:0"


def test_creating_an_existing_variable_says_where_the_first_was_defined():
    import sys
    line = sys._getframe().f_lineno + 1
    tf.get_variable("where", [1])
    with pytest.raises(ValueError) as info:
        tf.get_variable("where", [1])
    assert ('Originally defined at:\n\n  File "test_variable_scope.py", line %d, in '
            'test_creating_an_existing_variable_says_where_the_first_was_defined\n' % line) in str(info.value)
