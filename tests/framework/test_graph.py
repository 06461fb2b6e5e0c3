"""Graph behaviour as TF 1.x documents it: names, scopes, control dependencies, collections, look-ups.

Expected names were checked against TensorFlow (compat.v1) while writing.
"""

import pytest

import tfvars as tf


def names(graph=None):
    return [op.name for op in (graph or tf.get_default_graph()).get_operations()]


def test_name_scopes_uniquify_and_share_the_op_namespace():
    g = tf.Graph()
    with g.as_default():
        tf.constant(1.0, name="a")
        with tf.name_scope("a") as scope_a:
            pass
        with tf.name_scope("A") as scope_upper:
            pass
        with tf.name_scope("foo") as foo:
            tf.constant(2.0)
            with tf.name_scope("bar"):
                tf.constant(3.0, name="d")
        with tf.name_scope("foo"):
            tf.constant(4.0)
        with tf.name_scope(foo):
            tf.constant(5.0)
        with tf.name_scope(None):
            tf.constant(6.0)
        with tf.name_scope("foo"):
            with tf.name_scope(""):
                tf.constant(7.0)
        tf.constant(0, name="x_1")
        tf.constant(0, name="x")
        tf.constant(0, name="x")
    assert (scope_a, scope_upper) == ("a_1/", "A_2/")
    assert names(g) == ["a", "foo/Const", "foo/bar/d", "foo_1/Const", "foo/Const_1", "Const", "Const_1",
                        "x_1", "x", "x_2"]


def test_unique_name_without_marking():
    g = tf.Graph()
    assert g.unique_name("foo") == "foo"
    assert g.unique_name("foo") == "foo_1"
    assert g.unique_name("foo", mark_as_used=False) == "foo_2"
    assert g.unique_name("foo") == "foo_2"


@pytest.mark.parametrize("name", ["_bad", "-x"])
def test_invalid_root_scope_names(name):
    with pytest.raises(ValueError, match="is not a valid scope name"):
        with tf.name_scope(name):
            pass


def test_nested_scope_names_may_start_with_underscore():
    with tf.name_scope("outer"):
        with tf.name_scope("_inner") as scope:
            assert scope == "outer/_inner/"


def test_bad_and_duplicate_node_names_leave_the_graph_unchanged():
    tf.constant(1, name="a")
    before = names()
    with pytest.raises(ValueError, match="Duplicate node name in graph: 'a'"):
        tf.constant(1, name="a/")
    with pytest.raises(ValueError, match="'bad name' is not a valid node name"):
        tf.constant(1, name="bad name")
    assert names() == before
    assert tf.constant(2).op.name == "Const"


def test_failed_op_consumes_no_name():
    x = tf.constant(1.0)
    with pytest.raises(TypeError):
        tf.add(x, tf.constant(2))
    ops_before = names()
    assert tf.add(x, x).op.name == "Add"
    assert names()[:len(ops_before)] == ops_before


def test_control_dependencies_nest_and_skip_ops_built_inside():
    g = tf.get_default_graph()
    p = tf.constant(1)
    q = tf.constant(2)
    with g.control_dependencies([p]):
        r = tf.identity(q)
        with g.control_dependencies([q]):
            s = tf.identity(p)
        with g.control_dependencies(None):
            t = tf.identity(q)
        u = r + 1
    assert r.op.control_inputs == [p.op]
    assert s.op.control_inputs == [q.op]
    assert t.op.control_inputs == []
    assert u.op.control_inputs == []


def test_clearing_no_control_dependencies_leaves_the_blocks_inside_working():
    g = tf.get_default_graph()
    p = tf.constant(1)
    with g.control_dependencies(None):
        with g.control_dependencies([p]):
            a = tf.constant(2)
        b = tf.constant(3)
    with g.control_dependencies([p]):
        with g.control_dependencies(None):
            c = tf.constant(4)
        d = tf.constant(5)
    assert a.op.control_inputs == [p.op]
    assert b.op.control_inputs == []
    assert c.op.control_inputs == []
    assert d.op.control_inputs == [p.op]
    assert g._control_dependencies_stack == []


def test_control_dependencies_accept_tensors_and_reject_other_things():
    c = tf.constant(1)
    with tf.control_dependencies([c]):
        d = tf.constant(2)
    assert d.op.control_inputs == [c.op]
    with pytest.raises(TypeError, match="Can not convert a int into a Tensor or Operation."):
        tf.control_dependencies([1])
    other = tf.Graph()
    with other.as_default():
        foreign = tf.constant(1)
    with pytest.raises(ValueError, match="is not an element of this graph"):
        tf.control_dependencies([foreign])


def test_control_dependencies_order_execution():
    x = tf.placeholder(tf.float32, [])
    with tf.Session() as sess:
        with tf.control_dependencies([tf.identity(x)]):
            y = tf.constant(3.0)
        with pytest.raises(tf.errors.InvalidArgumentError, match="placeholder tensor 'Placeholder'"):
            sess.run(y)
        assert sess.run(y, {x: 1.0}) == 3.0


def test_collections():
    g = tf.get_default_graph()
    a = tf.constant(1.0, name="a")
    b = tf.constant(1.0, name="b")
    g.add_to_collection("k", 1)
    g.add_to_collections(["k", "k2"], a)
    g.add_to_collections("k3", b)
    assert tf.get_all_collection_keys() == ["k", "k2", "k3"]
    assert tf.get_collection("k") == [1, a]
    assert tf.get_collection("k", scope="a") == [a]
    assert tf.get_collection("missing") == []
    copy = tf.get_collection("k")
    copy.append("x")
    assert tf.get_collection("k") == [1, a]
    ref = tf.get_collection_ref("k")
    ref.append("y")
    assert tf.get_collection("k") == [1, a, "y"]
    g.clear_collection("k2")
    assert tf.get_all_collection_keys() == ["k", "k3"]


def test_lookups_by_name():
    g = tf.get_default_graph()
    a = tf.constant(1.0, name="a")
    assert g.get_tensor_by_name("a:0") is a
    assert g.get_operation_by_name("a") is a.op
    assert g.as_graph_element("a:0") is a
    with pytest.raises(KeyError, match="The name 'nope:0' refers to a Tensor which does not exist"):
        g.get_tensor_by_name("nope:0")
    with pytest.raises(KeyError, match="exists but only has 1 outputs"):
        g.get_tensor_by_name("a:1")
    with pytest.raises(ValueError, match="The name 'a' refers to an Operation, not a Tensor."):
        g.get_tensor_by_name("a")
    with pytest.raises(ValueError, match="Name 'a:0' appears to refer to a Tensor, not a Operation."):
        g.get_operation_by_name("a:0")
    with pytest.raises(KeyError, match="The name 'zz' refers to an Operation not in the graph."):
        g.get_operation_by_name("zz")
    with pytest.raises(TypeError):
        g.get_operation_by_name(3)


def test_finalize_forbids_changes():
    g = tf.Graph()
    with g.as_default():
        tf.constant(1)
        g.finalize()
        assert g.finalized
        with pytest.raises(RuntimeError, match="Graph is finalized and cannot be modified."):
            tf.constant(2)
        with pytest.raises(RuntimeError, match="Graph is finalized"):
            g.add_to_collection("k", 1)
    assert len(g.get_operations()) == 1


def test_default_graph_stack_and_reset():
    g = tf.Graph()
    outer = tf.get_default_graph()
    with g.as_default():
        assert tf.get_default_graph() is g
        with pytest.raises(AssertionError, match="Do not use tf.reset_default_graph"):
            tf.reset_default_graph()
    assert tf.get_default_graph() is outer
    tf.reset_default_graph()
    assert tf.get_default_graph() is not outer


def test_tensor_and_operation_reprs():
    a = tf.constant(1.0, name="a")
    assert repr(a) == "<tf.Tensor 'a:0' shape=() dtype=float32>"
    assert str(a) == 'Tensor("a:0", shape=(), dtype=float32)'
    assert repr(a.op) == "<tf.Operation 'a' type=Const>"
    assert a.graph is tf.get_default_graph()
    assert a.op.outputs == [a] and a.value_index == 0


def test_tensor_truth_value_and_iteration_are_errors():
    a = tf.constant([1, 2])
    with pytest.raises(TypeError, match="Using a `tf.Tensor` as a Python `bool` is not allowed"):
        bool(a)
    with pytest.raises(TypeError, match="only iterable when eager execution is enabled"):
        iter(a)
    assert (a == a) is True
    assert (a == tf.constant([1, 2])) is False


def test_consumers_and_version():
    g = tf.get_default_graph()
    a = tf.constant(1.0)
    b = a + a
    c = tf.identity(a)
    # One entry per input fed, as TF lists them.
    assert a.consumers() == [b.op, b.op, c.op]
    assert g.version == len(g.get_operations())


def test_ops_from_two_graphs_do_not_mix():
    a = tf.constant(1.0)
    other = tf.Graph()
    with other.as_default():
        b = tf.constant(2.0)
    before = names()
    with pytest.raises(ValueError, match="must be from the same graph"):
        tf.add(a, b)
    assert names() == before


def test_observer_sees_ops_and_collections_and_is_weak():
    events = []

    class Watcher:
        def on_event(self, event):
            events.append(type(event).__name__)

    g = tf.get_default_graph()
    watcher = Watcher()
    g.subscribe(watcher.on_event)
    tf.constant(1.0)
    g.add_to_collection("k", 1)
    assert events == ["OpCreated", "CollectionChanged"]
    del watcher
    tf.constant(2.0)
    assert events == ["OpCreated", "CollectionChanged"]


def test_observer_hears_nothing_of_a_failed_construction():
    events = []
    g = tf.get_default_graph()
    x = tf.constant(1.0)

    def on_event(event):
        events.append(event)
    g.subscribe(on_event)
    with pytest.raises(TypeError):
        x + "a"
    assert events == []
    x + 1.0
    assert [type(e).__name__ for e in events] == ["OpCreated", "OpCreated"]


def test_a_failing_observer_does_not_break_the_engine():
    def broken(event):
        raise RuntimeError("view bug")
    tf.get_default_graph().subscribe(broken)
    with pytest.warns(RuntimeWarning, match="view bug"):
        c = tf.constant(1.0)
    assert c.op.name == "Const"


def test_all_collection_keys_include_empty_collections_but_not_failed_ones():
    g = tf.Graph()
    g.get_collection_ref("made_empty")
    g.add_to_collection("filled", 1)
    with pytest.raises(RuntimeError):
        with g._atomic():
            g.get_collection_ref("failed")
            raise RuntimeError("construction fails")
    assert g.get_all_collection_keys() == ["made_empty", "filled"]
