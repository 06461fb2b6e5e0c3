"""tf.cond, case, while_loop, group, tuple, no_op and Assert: graphs as TF 1.x builds them, and what runs.

Expected graphs were checked against TensorFlow (v1 control flow). TF 2's
compat.v1 builds "AddV2" where TF 1.x built "Add"; these expect TF 1.x.
"""

import collections

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tfvars as tf
from graph_testing import describe, graph_ops, unchanged_after_failure
from strategies import arrays, broadcastable_shapes
from tfvars import executor
from tfvars.framework import observers
from tfvars.framework.graph_keys import GraphKeys


class Recorder:
    """Subscribes to a session and keeps the names of the ops each run executed."""

    def __init__(self, sess):
        self.runs = []
        sess.subscribe(self.on_event)

    def on_event(self, event):
        if isinstance(event, observers.RunFinished):
            self.runs.append([op.name for op in event.ops])

    @property
    def last(self):
        return self.runs[-1]


class Counter:
    """A py_func body that counts its calls (and passes its argument through)."""

    def __init__(self):
        self.calls = 0

    def __call__(self, x):
        self.calls += 1
        return x


def counted(tensor, counter):
    result = tf.py_func(counter, [tensor], tensor.dtype)
    result.set_shape(tensor.shape)
    return result


@pytest.fixture
def sess():
    with tf.Session() as session:
        yield session


# cond: the graph.
def test_cond_builds_tf_switch_merge_graph():
    p = tf.placeholder(tf.bool, [], name="p")
    x = tf.constant(1.0, name="x")
    y = tf.constant(2.0, name="y")
    r = tf.cond(p, lambda: x + y, lambda: x * 3.0)
    assert describe()[3:] == [
        ("cond/Switch", "Switch", ["p:0", "p:0"], []),
        ("cond/switch_t", "Identity", ["cond/Switch:1"], []),
        ("cond/switch_f", "Identity", ["cond/Switch:0"], []),
        ("cond/pred_id", "Identity", ["p:0"], []),
        ("cond/add", "Add", ["cond/add/Switch:1", "cond/add/Switch_1:1"], []),
        ("cond/add/Switch", "Switch", ["x:0", "cond/pred_id:0"], []),
        ("cond/add/Switch_1", "Switch", ["y:0", "cond/pred_id:0"], []),
        ("cond/mul/y", "Const", [], ["cond/switch_f"]),
        ("cond/mul", "Mul", ["cond/mul/Switch:0", "cond/mul/y:0"], []),
        ("cond/mul/Switch", "Switch", ["x:0", "cond/pred_id:0"], []),
        ("cond/Merge", "Merge", ["cond/mul:0", "cond/add:0"], []),
    ]
    assert r.name == "cond/Merge:0" and r.shape == tf.TensorShape([]) and r.dtype == tf.float32
    assert tf.get_default_graph().get_operation_by_name("cond/Merge").outputs[1].dtype == tf.int32


def test_nested_cond_switches_outer_tensors_through_both_conds():
    p = tf.placeholder(tf.bool, [], name="p")
    q = tf.placeholder(tf.bool, [], name="q")
    x = tf.constant(1.0, name="x")
    tf.cond(p, lambda: tf.cond(q, lambda: x + 1.0, lambda: tf.constant(5.0)), lambda: x)
    assert describe()[7:] == [
        ("cond/cond/Switch", "Switch", ["cond/cond/Switch/Switch:1", "cond/cond/Switch/Switch:1"], []),
        ("cond/cond/Switch/Switch", "Switch", ["q:0", "cond/pred_id:0"], []),
        ("cond/cond/switch_t", "Identity", ["cond/cond/Switch:1"], []),
        ("cond/cond/switch_f", "Identity", ["cond/cond/Switch:0"], []),
        ("cond/cond/pred_id", "Identity", ["cond/cond/Switch/Switch:1"], []),
        ("cond/cond/add/y", "Const", [], ["cond/cond/switch_t"]),
        ("cond/cond/add", "Add", ["cond/cond/add/Switch_1:1", "cond/cond/add/y:0"], []),
        ("cond/cond/add/Switch", "Switch", ["x:0", "cond/pred_id:0"], []),
        ("cond/cond/add/Switch_1", "Switch", ["cond/cond/add/Switch:1", "cond/cond/pred_id:0"], []),
        ("cond/cond/Const", "Const", [], ["cond/cond/switch_f"]),
        ("cond/cond/Merge", "Merge", ["cond/cond/Const:0", "cond/cond/add:0"], []),
        ("cond/Switch_1", "Switch", ["x:0", "cond/pred_id:0"], []),
        ("cond/Merge", "Merge", ["cond/Switch_1:0", "cond/cond/Merge:0"], []),
    ]


def test_cond_contexts_collected_only_for_the_outermost_cond():
    p = tf.placeholder(tf.bool, [])
    tf.cond(p, lambda: tf.cond(p, lambda: tf.constant(1), lambda: tf.constant(2)), lambda: tf.constant(3))
    contexts = tf.get_collection(GraphKeys.COND_CONTEXT)
    assert [(c.name, c.branch) for c in contexts] == [("cond/cond_text", 1), ("cond/cond_text_1", 0)]
    switch_t = tf.get_default_graph().get_operation_by_name("cond/switch_t")
    assert switch_t._control_flow_context is contexts[0] and contexts[0].pivot is switch_t.outputs[0]


def test_cond_results_keep_their_structure():
    p = tf.placeholder(tf.bool, [], name="p")
    x = tf.constant(1.0, name="x")
    Pair = collections.namedtuple("Pair", "a b")
    nested = tf.cond(p, lambda: {"b": Pair(x, [x * 2.0]), "a": x}, lambda: {"a": x + 1.0, "b": Pair(x, [x])})
    assert set(nested) == {"a", "b"} and isinstance(nested["b"], Pair) and isinstance(nested["b"].b, list)
    assert [nested["a"].name, nested["b"].a.name, nested["b"].b[0].name] == [
        "cond/Merge:0", "cond/Merge_1:0", "cond/Merge_2:0"]
    assert isinstance(tf.cond(p, lambda: [x], lambda: [x]), tf.Tensor)
    assert isinstance(tf.cond(p, lambda: (x,), lambda: (x,), strict=True), tuple)
    with tf.Session() as sess:
        assert sess.run(nested, {p: True}) == {"a": 1.0, "b": Pair(1.0, [2.0])}
        assert sess.run(nested, {p: False}) == {"a": 2.0, "b": Pair(1.0, [1.0])}


def test_cond_python_values_become_branch_constants():
    p = tf.placeholder(tf.bool, [], name="p")
    r = tf.cond(p, lambda: 1.0, lambda: 2.0, name="mycond")
    s = tf.cond(p, lambda: "yes", lambda: "no")
    assert describe()[5:8] == [
        ("mycond/Const", "Const", [], ["mycond/switch_t"]),
        ("mycond/Const_1", "Const", [], ["mycond/switch_f"]),
        ("mycond/Merge", "Merge", ["mycond/Const_1:0", "mycond/Const:0"], []),
    ]
    with tf.Session() as sess:
        assert sess.run([r, s], {p: True}) == [1.0, b"yes"]
        assert sess.run([r, s], {p: False}) == [2.0, b"no"]


def test_cond_branch_returning_an_op_returns_the_pivot_after_it():
    p = tf.placeholder(tf.bool, [], name="p")
    r = tf.cond(p, tf.no_op, tf.no_op)
    assert describe()[5:] == [
        ("cond/NoOp", "NoOp", [], ["cond/switch_t"]),
        ("cond/control_dependency", "Identity", ["cond/switch_t:0"], ["cond/NoOp"]),
        ("cond/NoOp_1", "NoOp", [], ["cond/switch_f"]),
        ("cond/control_dependency_1", "Identity", ["cond/switch_f:0"], ["cond/NoOp_1"]),
        ("cond/Merge", "Merge", ["cond/control_dependency_1:0", "cond/control_dependency:0"], []),
    ]
    with tf.Session() as sess:
        assert sess.run(r, {p: True}) is np.True_ and sess.run(r, {p: False}) is np.False_


def test_cond_accepts_fn1_and_fn2():
    p = tf.placeholder(tf.bool, [])
    r = tf.cond(p, fn1=lambda: tf.constant(1), fn2=lambda: tf.constant(2))
    with tf.Session() as sess:
        assert sess.run(r, {p: False}) == 2


def test_tensors_made_in_a_branch_cannot_be_fetched():
    p = tf.placeholder(tf.bool, [])
    inside = []
    tf.cond(p, lambda: inside.append(tf.constant(1.0) * 2.0) or inside[0], lambda: tf.constant(0.0))
    with tf.Session() as sess, pytest.raises(ValueError, match="cannot be fetched"):
        sess.run(inside[0], {p: True})


# cond: errors.
@pytest.mark.parametrize("build, error, match", [
    (lambda p, x: tf.cond(True, lambda: x, lambda: x), TypeError, "pred must not be a Python bool"),
    (lambda p, x: tf.cond(p, 1, lambda: x), TypeError, "true_fn must be callable."),
    (lambda p, x: tf.cond(p, lambda: x, "f"), TypeError, "false_fn must be callable."),
    (lambda p, x: tf.cond(p, true_fn=lambda: x), TypeError, "cond\\(\\): false_fn argument required"),
    (lambda p, x: tf.cond(p, false_fn=lambda: x), TypeError, "cond\\(\\): true_fn argument required"),
    (lambda p, x: tf.cond(p, lambda: x, lambda: x, fn1=lambda: x), TypeError,
     "true_fn and fn1 may not be set simultaneously"),
    (lambda p, x: tf.cond(p, lambda: None, lambda: x), ValueError, "true_fn must have a return value."),
    (lambda p, x: tf.cond(p, lambda: x, lambda: None), ValueError, "false_fn must have a return value."),
    (lambda p, x: tf.cond(p, lambda: [], lambda: []), ValueError, "must return at least one result"),
    (lambda p, x: tf.cond(p, lambda: [x, x], lambda: x), ValueError,
     "(?s)don't have the same nested structure.*is a sequence, while substructure"),
    (lambda p, x: tf.cond(p, lambda: [x, x], lambda: [x, x, x]), ValueError, "(?s)same number of elements"),
    (lambda p, x: tf.cond(p, lambda: {"a": x}, lambda: {"b": x}), ValueError, "(?s)same set of keys"),
    (lambda p, x: tf.cond(p, lambda: (x, x), lambda: [x, x]), TypeError, "(?s)same sequence type"),
    (lambda p, x: tf.cond(p, lambda: x, lambda: tf.constant(1)), ValueError,
     "Outputs of true_fn and false_fn must have the same type: float32, int32"),
    (lambda p, x: tf.cond(tf.get_default_graph().get_tensor_by_name("bools:0"), lambda: x, lambda: x), ValueError,
     "Shape must be rank 0 but is rank 1 for 'cond/Switch' \\(op: 'Switch'\\) with input shapes: \\[2\\], \\[2\\]."),
    (lambda p, x: tf.cond(tf.get_default_graph().get_tensor_by_name("one:0"), lambda: x, lambda: x), TypeError,
     "Input 'pred' of 'Switch' Op has type int32 that does not match expected type of bool."),
])
def test_cond_errors_leave_the_graph_unchanged(build, error, match):
    p = tf.placeholder(tf.bool, [], name="p")
    x = tf.constant(1.0, name="x")
    tf.constant([True, False], name="bools")
    tf.constant(1, name="one")
    unchanged_after_failure(lambda: build(p, x), error, match)
    assert tf.get_collection(GraphKeys.COND_CONTEXT) == []
    assert tf.cond(p, lambda: x, lambda: x).name == "cond/Merge:0"  # no name was used up


def test_a_failing_inner_cond_leaves_the_outer_branch_usable():
    p = tf.placeholder(tf.bool, [], name="p")
    x = tf.constant(1.0, name="x")

    def branch():
        with pytest.raises(ValueError):
            tf.cond(p, lambda: x + 1.0, lambda: tf.constant(1))
        return x * 2.0
    r = tf.cond(p, branch, lambda: x)
    with tf.Session() as sess:
        assert sess.run(r, {p: True}) == 2.0 and sess.run(r, {p: False}) == 1.0


# cond: running it.
@settings(max_examples=30, deadline=None)
@given(st.data())
def test_cond_computes_the_taken_branch(data):
    shape_x, shape_y = data.draw(broadcastable_shapes(max_dims=3))
    dtype = data.draw(st.sampled_from([np.float32, np.float64, np.int32]))
    x_value = data.draw(arrays(dtype, shape_x))
    y_value = data.draw(arrays(dtype, shape_y))
    take = data.draw(st.booleans())
    with tf.Graph().as_default():
        p = tf.placeholder(tf.bool, [])
        x = tf.placeholder(dtype, shape_x)
        y = tf.placeholder(dtype, shape_y)
        r = tf.cond(p, lambda: x + y, lambda: x * y)
        with tf.Session() as sess:
            result = sess.run(r, {p: take, x: x_value, y: y_value})
    expected = x_value + y_value if take else x_value * y_value
    np.testing.assert_array_equal(result, expected)
    assert np.asarray(result).dtype == dtype


def test_only_the_taken_branch_runs(sess):
    p = tf.placeholder(tf.bool, [], name="p")
    x = tf.constant(1.0, name="x")
    in_true, in_false = Counter(), Counter()
    r = tf.cond(p, lambda: counted(x + 1.0, in_true), lambda: counted(x - 1.0, in_false))
    recorder = Recorder(sess)
    assert sess.run(r, {p: True}) == 2.0
    assert (in_true.calls, in_false.calls) == (1, 0)
    assert "cond/add" in recorder.last and "cond/sub" not in recorder.last
    assert "cond/switch_t" in recorder.last and "cond/switch_f" not in recorder.last
    assert sess.run(r, {p: False}) == 0.0
    assert (in_true.calls, in_false.calls) == (1, 1)
    assert "cond/sub" in recorder.last and "cond/add" not in recorder.last
    assert recorder.last[-1] == "cond/Merge"


def test_ops_made_outside_the_branch_functions_run_whichever_branch_is_taken(sess):
    p = tf.placeholder(tf.bool, [], name="p")
    v = tf.Variable(0.0, name="v")
    increment = tf.assign_add(v, 1.0)
    r = tf.cond(p, lambda: increment, lambda: tf.constant(-1.0))
    sess.run(v.initializer)
    assert sess.run(r, {p: False}) == -1.0
    assert sess.run(v) == 1.0  # the classic TF 1.x surprise: the assign ran anyway

    def increment_inside():
        return tf.assign_add(v, 10.0)
    r2 = tf.cond(p, increment_inside, lambda: tf.constant(-1.0))
    assert sess.run(r2, {p: False}) == -1.0 and sess.run(v) == 1.0
    assert sess.run(r2, {p: True}) == 11.0 and sess.run(v) == 11.0


def test_ref_inputs_pass_through_a_ref_switch(sess):
    v = tf.Variable(True, name="v")
    r = tf.cond(v, lambda: v.assign(False), lambda: tf.constant(True))
    by_name = {name: (op_type, inputs) for name, op_type, inputs, _ in describe()}
    assert by_name["cond/Switch"] == ("Switch", ["v:0", "v/read:0"])
    assert by_name["cond/pred_id"] == ("Identity", ["v/read:0"])
    assert by_name["cond/Assign/Switch"] == ("RefSwitch", ["v:0", "cond/pred_id:0"])
    assert by_name["cond/Assign"] == ("Assign", ["cond/Assign/Switch:1", "cond/Assign/value:0"])
    assert tf.get_default_graph().get_operation_by_name("cond/Assign/Switch").outputs[1].dtype == tf.bool._as_ref
    sess.run(v.initializer)
    assert [sess.run(r), sess.run(v), sess.run(r), sess.run(v)] == [False, False, True, False]


def test_nested_conds_run_only_the_taken_paths(sess):
    p = tf.placeholder(tf.bool, [], name="p")
    q = tf.placeholder(tf.bool, [], name="q")
    x = tf.constant(1.0, name="x")
    counters = [Counter() for _ in range(3)]
    r = tf.cond(p, lambda: tf.cond(q, lambda: counted(x + 1.0, counters[0]), lambda: counted(x * 5.0, counters[1])),
                lambda: counted(x - 1.0, counters[2]))
    results = {(a, b): sess.run(r, {p: a, q: b}) for a in (True, False) for b in (True, False)}
    assert results == {(True, True): 2.0, (True, False): 5.0, (False, True): 0.0, (False, False): 0.0}
    assert [c.calls for c in counters] == [1, 1, 2]


def test_a_branch_tensor_used_outside_has_no_value_when_its_branch_is_not_taken(sess):
    p = tf.placeholder(tf.bool, [], name="p")
    leaked = []

    def true_fn():
        leaked.append(tf.constant(1.0) * 2.0)
        return leaked[0]
    tf.cond(p, true_fn, lambda: tf.constant(0.0))
    outside = leaked[0] + 1.0
    assert sess.run(outside, {p: True}) == 3.0
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Retval\[0\] does not have value"):
        sess.run(outside, {p: False})


def test_plans_without_control_flow_stay_plain(sess):
    x = tf.placeholder(tf.float32, [], name="x")
    y = x + 1.0
    p = tf.placeholder(tf.bool, [], name="p")
    z = tf.cond(p, lambda: y * 2.0, lambda: y)
    sess.run(y, {x: 1.0})
    sess.run(z, {x: 1.0, p: True})
    plain, guarded = [recipe.plan for recipe in sess._plans.values()]
    assert not isinstance(plain, executor.ControlFlowPlan) and "DEAD" not in plain.source
    assert isinstance(guarded, executor.ControlFlowPlan)
    assert "v_" in guarded.source and " is DEAD else " in guarded.source


def test_run_metadata_lists_only_executed_ops(sess):
    p = tf.placeholder(tf.bool, [], name="p")
    r = tf.cond(p, lambda: tf.constant(1), lambda: tf.constant(2))
    metadata = tf.RunMetadata()
    sess.run(r, {p: True}, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE), run_metadata=metadata)
    names = [stat["node_name"] for stat in metadata.step_stats]
    assert "cond/Const" in names and "cond/Const_1" not in names


def test_a_failing_kernel_in_a_branch_names_its_op(sess):
    p = tf.placeholder(tf.bool, [], name="p")
    r = tf.cond(p, lambda: tf.py_func(lambda: 1 / 0, [], tf.float32, name="boom"), lambda: tf.constant(0.0))
    assert sess.run(r, {p: False}) == 0.0
    with pytest.raises(tf.errors.UnknownError) as info:
        sess.run(r, {p: True})
    assert info.value.op.name == "cond/boom"


# case.
def test_case_builds_nested_conds_and_picks_the_first_true_predicate(sess):
    x = tf.placeholder(tf.int32, [], name="x")
    r = tf.case([(tf.less(x, 2), lambda: tf.constant(17)), (tf.greater(x, 5), lambda: tf.constant(23))],
                default=lambda: tf.constant(-1))
    names = [op.name for op in graph_ops()]
    assert names[5:9] == ["case/cond/Switch", "case/cond/switch_t", "case/cond/switch_f", "case/cond/pred_id"]
    assert "case/cond/cond/Merge" in names and r.name == "case/cond/Merge:0"
    assert [sess.run(r, {x: v}) for v in (1, 3, 7)] == [17, -1, 23]


def test_case_without_default_asserts_one_predicate_holds(sess):
    x = tf.placeholder(tf.int32, [], name="x")
    r = tf.case([(tf.less(x, 2), lambda: tf.constant(17)), (tf.greater(x, 5), lambda: tf.constant(23))])
    assert [sess.run(r, {x: v}) for v in (1, 7)] == [17, 23]
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"assertion failed: \[Input error: None of conditions evaluated as True:\] \[0 0\]"):
        sess.run(r, {x: 3})


def test_exclusive_case_asserts_at_most_one_predicate_holds(sess):
    x = tf.placeholder(tf.int32, [], name="x")
    r = tf.case([(tf.less(x, 5), lambda: tf.constant(17)), (tf.greater(x, 2), lambda: tf.constant(23))],
                default=lambda: tf.constant(-1), exclusive=True)
    assert sess.run(r, {x: 1}) == 17
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Input error: exclusive=True: more than 1 conditions"):
        sess.run(r, {x: 3})


def test_case_takes_a_dict_ordered_by_predicate_name(sess):
    x = tf.placeholder(tf.int32, [], name="x")
    b = tf.greater(x, 0, name="b")
    a = tf.greater(x, 5, name="a")
    r = tf.case({b: lambda: tf.constant(1), a: lambda: tf.constant(2)}, default=lambda: tf.constant(0))
    assert sess.run(r, {x: 7}) == 2  # "a" is tested first


@pytest.mark.parametrize("pairs, match", [
    (lambda t: "nope", "fns must be a list, tuple, or dict"),
    (lambda t: [(t,)], "Each entry in pred_fn_pairs must be a 2-tuple"),
    (lambda t: [[t, lambda: t]], "Each entry in pred_fn_pairs must be a 2-tuple"),
    (lambda t: [(True, lambda: t)], "pred must be a Tensor, got: True"),
    (lambda t: [(tf.constant(1), lambda: t)], "pred must be Tensor of type bool: Const_1:0"),
    (lambda t: [(tf.constant(True), 3)], "fn for pred Const_1:0 must be callable."),
])
def test_case_argument_errors(pairs, match):
    t = tf.constant(1)
    with pytest.raises(TypeError, match=match):
        tf.case(pairs(t), default=lambda: t)


# while_loop: the graph.
def test_while_loop_builds_tf_frame_graph():
    x = tf.constant(2.0, name="x")
    i = tf.constant(0)
    r = tf.while_loop(lambda i, a: i < 10, lambda i, a: (i + 1, a * x + 1.0), [i, tf.constant(1.0)])
    assert describe()[3:] == [
        ("while/Enter", "Enter", ["Const:0"], []),
        ("while/Enter_1", "Enter", ["Const_1:0"], []),
        ("while/Merge", "Merge", ["while/Enter:0", "while/NextIteration:0"], []),
        ("while/Merge_1", "Merge", ["while/Enter_1:0", "while/NextIteration_1:0"], []),
        ("while/Less/y", "Const", [], ["while/Merge"]),
        ("while/Less", "Less", ["while/Merge:0", "while/Less/y:0"], []),
        ("while/LoopCond", "LoopCond", ["while/Less:0"], []),
        ("while/Switch", "Switch", ["while/Merge:0", "while/LoopCond:0"], []),
        ("while/Switch_1", "Switch", ["while/Merge_1:0", "while/LoopCond:0"], []),
        ("while/Identity", "Identity", ["while/Switch:1"], []),
        ("while/Identity_1", "Identity", ["while/Switch_1:1"], []),
        ("while/add/y", "Const", [], ["while/Identity"]),
        ("while/add", "Add", ["while/Identity:0", "while/add/y:0"], []),
        ("while/mul", "Mul", ["while/Identity_1:0", "while/mul/Enter:0"], []),
        ("while/mul/Enter", "Enter", ["x:0"], []),
        ("while/add_1/y", "Const", [], ["while/Identity"]),
        ("while/add_1", "Add", ["while/mul:0", "while/add_1/y:0"], []),
        ("while/NextIteration", "NextIteration", ["while/add:0"], []),
        ("while/NextIteration_1", "NextIteration", ["while/add_1:0"], []),
        ("while/Exit", "Exit", ["while/Switch:0"], []),
        ("while/Exit_1", "Exit", ["while/Switch_1:0"], []),
    ]
    graph = tf.get_default_graph()
    enter, invariant = graph.get_operation_by_name("while/Enter"), graph.get_operation_by_name("while/mul/Enter")
    assert enter.get_attr("frame_name") == b"while/while_context" and not enter.get_attr("is_constant")
    assert invariant.get_attr("is_constant") and invariant.get_attr("parallel_iterations") == 10
    assert isinstance(r, tuple) and [t.name for t in r] == ["while/Exit:0", "while/Exit_1:0"]
    assert tf.get_collection(GraphKeys.WHILE_CONTEXT)[0].name == "while/while_context"
    with tf.Session() as sess:
        assert sess.run(r) == (10, 2047.0)


def test_maximum_iterations_adds_a_counter():
    i = tf.constant(0, name="i")
    r = tf.while_loop(lambda i: i < 10, lambda i: i + 1, [i], maximum_iterations=3)
    names = [op.name for op in graph_ops()]
    assert names[1:5] == ["while/maximum_iterations", "while/iteration_counter", "while/Enter", "while/Enter_1"]
    assert describe()[7:12] == [
        ("while/Less", "Less", ["while/Merge:0", "while/Less/Enter:0"], []),
        ("while/Less/Enter", "Enter", ["while/maximum_iterations:0"], []),
        ("while/Less_1/y", "Const", [], ["while/Merge"]),
        ("while/Less_1", "Less", ["while/Merge_1:0", "while/Less_1/y:0"], []),
        ("while/LogicalAnd", "LogicalAnd", ["while/Less:0", "while/Less_1:0"], []),
    ]
    assert r.name == "while/Exit_1:0"
    with tf.Session() as sess:
        assert sess.run(r) == 3


def test_nested_loops_nest_their_frames():
    def outer_body(i, total):
        j = tf.while_loop(lambda j: j < i, lambda j: j + 1, [tf.constant(0)])
        return i + 1, total + j
    r = tf.while_loop(lambda i, total: i < 4, outer_body, [tf.constant(0), tf.constant(0)])
    graph = tf.get_default_graph()
    inner_enter = graph.get_operation_by_name("while/while/Enter")
    assert inner_enter.get_attr("frame_name") == b"while/while/while_context"
    assert [t.name for t in inner_enter.inputs] == ["while/Const:0"]
    assert describe([graph.get_operation_by_name("while/Const")]) == [
        ("while/Const", "Const", [], ["while/Identity"])]
    assert [t.name for t in graph.get_operation_by_name("while/while/Less/Enter").inputs] == ["while/Identity:0"]
    assert [t.name for t in graph.get_operation_by_name("while/add_1").inputs] == [
        "while/Identity_1:0", "while/while/Exit:0"]
    assert len(tf.get_collection(GraphKeys.WHILE_CONTEXT)) == 1
    with tf.Session() as sess:
        assert sess.run(r) == (4, 6)


def test_loop_variables_keep_their_structure():
    Pair = collections.namedtuple("Pair", "j k")
    i, pair = tf.while_loop(lambda i, p: i < 10, lambda i, p: (i + 1, Pair(p.j + p.k, p.j - p.k)),
                            (tf.constant(0), Pair(tf.constant(1), tf.constant(2))))
    assert isinstance(pair, Pair)
    single = tf.while_loop(lambda i: i < 3, lambda i: i + 1, [tf.constant(0)], return_same_structure=True)
    assert isinstance(single, list) and len(single) == 1
    python_values = tf.while_loop(lambda i, x: i < 4, lambda i, x: (i + 1, x + 0.5), (0, 1.0))
    with tf.Session() as sess:
        assert sess.run([i, pair]) == [10, Pair(32, 64)]
        assert sess.run(single) == [3]
        assert sess.run(python_values) == (4, 3.0)


def test_shape_invariants_let_a_loop_variable_change_shape():
    i = tf.constant(0, name="i")
    m = tf.ones([2], name="m")
    r = tf.while_loop(lambda i, m: i < 3, lambda i, m: (i + 1, tf.concat([m, m], 0)), [i, m],
                      shape_invariants=[i.shape, tf.TensorShape([None])])
    assert r[1].shape.as_list() == [None]
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(r[1]), np.ones(16, np.float32))


def test_ops_on_loop_invariants_run_each_iteration(sess):
    x = tf.constant(2.0, name="x")
    y = tf.placeholder(tf.float32, [], name="y")
    counter = Counter()
    r = tf.while_loop(lambda i: i < 3, lambda i: i + tf.cast(counted(x * y, counter), tf.int32), [tf.constant(0)])
    mul = tf.get_default_graph().get_operation_by_name("while/mul")
    assert describe([mul]) == [("while/mul", "Mul", ["while/mul/Enter:0", "while/mul/Enter_1:0"], ["while/Identity"])]
    assert sess.run(r, {y: 1.0}) == 4
    assert counter.calls == 2


def test_control_dependencies_around_a_loop_hold_back_its_enters(sess):
    a = tf.constant(1.0, name="a")
    z = tf.constant(0, name="z")
    with tf.control_dependencies([a]):
        r = tf.while_loop(lambda i: i < 3, lambda i: i + 1, [z])
    assert describe()[2:7] == [
        ("while/Enter", "Enter", ["z:0"], ["a"]),
        ("while/Merge", "Merge", ["while/Enter:0", "while/NextIteration:0"], []),
        # an outside control input of a loop op enters the loop as data, through an Identity
        ("while/Less/y", "Const", [], ["while/Merge", "while/Less/Identity"]),
        ("while/Less/Identity", "Identity", ["while/Less/Identity/Enter:0"], ["while/Merge"]),
        ("while/Less/Identity/Enter", "Enter", ["a:0"], []),
    ]
    assert sess.run(r) == 3


def test_loop_and_cond_nest_in_each_other(sess):
    p = tf.placeholder(tf.bool, [], name="p")
    x = tf.constant(3, name="x")
    loop_in_cond = tf.cond(p, lambda: tf.while_loop(lambda i: i < x, lambda i: i + 1, [tf.constant(0)]),
                           lambda: x * 10)
    cond_in_loop = tf.while_loop(
        lambda i, a: i < 5, lambda i, a: (i + 1, tf.cond(i < x, lambda: a + i, lambda: a * 2)),
        [tf.constant(0), tf.constant(1)])
    assert sess.run(loop_in_cond, {p: True}) == 3 and sess.run(loop_in_cond, {p: False}) == 30
    assert sess.run(cond_in_loop) == (5, 16)


# while_loop: what runs.
def test_condition_runs_once_more_than_the_body(sess):
    in_cond, in_body = Counter(), Counter()
    r = tf.while_loop(lambda i: counted(i, in_cond) < 5, lambda i: counted(i, in_body) + 1, [tf.constant(0)])
    recorder = Recorder(sess)
    assert sess.run(r) == 5
    assert (in_cond.calls, in_body.calls) == (6, 5)
    ran = recorder.last
    assert ran.count("while/Enter") == 1 and ran.count("while/Exit") == 1
    assert ran.count("while/Merge") == 6 and ran.count("while/LoopCond") == 6
    assert ran.count("while/Identity") == 5 and ran.count("while/NextIteration") == 5
    assert ran.index("while/Enter") < ran.index("while/Merge") and ran[-1] == "while/Exit"


def test_executed_ops_follow_each_iteration_of_a_loop(sess):
    r = tf.while_loop(lambda i: i < 4, lambda i: tf.cond(i < 2, lambda: i + 1, lambda: i + 10), [tf.constant(0)])
    recorder = Recorder(sess)
    assert sess.run(r) == 12
    ran = recorder.last
    assert (ran.count("while/cond/add"), ran.count("while/cond/add_1"), ran.count("while/cond/Merge")) == (2, 1, 3)
    assert ran.index("while/cond/add_1") > len(ran) - ran[::-1].index("while/cond/add") - 1


def test_an_exception_in_a_branch_or_body_leaves_the_graph_unchanged():
    p = tf.placeholder(tf.bool, [], name="p")
    x = tf.constant(1.0, name="x")

    def broken():
        x * 2.0
        raise RuntimeError("broken")
    unchanged_after_failure(lambda: tf.cond(p, lambda: x + 1.0, broken), RuntimeError, "broken")
    unchanged_after_failure(lambda: tf.while_loop(lambda i: i < 3.0, lambda i: broken(), [x]), RuntimeError,
                            "broken")


def test_a_loop_that_never_iterates_returns_its_initial_values(sess):
    in_body = Counter()
    r = tf.while_loop(lambda i: i < 0, lambda i: counted(i, in_body) + 1, [tf.constant(7)])
    assert sess.run(r) == 7 and in_body.calls == 0


def test_loop_variables_the_fetches_do_not_need_are_not_computed(sess):
    in_body = Counter()
    i, total = tf.while_loop(lambda i, t: i < 4, lambda i, t: (i + 1, t + counted(i, in_body)),
                             [tf.constant(0), tf.constant(0)])
    recorder = Recorder(sess)
    assert sess.run(i) == 4 and in_body.calls == 0
    assert "while/Exit_1" not in recorder.last and "while/Merge_1" not in recorder.last
    assert sess.run(total) == 6 and in_body.calls == 4


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 20), st.integers(1, 4))
def test_while_loop_sums_like_python(n, step):
    with tf.Graph().as_default():
        limit = tf.placeholder(tf.int32, [])
        r = tf.while_loop(lambda i, s: i < limit, lambda i, s: (i + step, s + i), [tf.constant(0), tf.constant(0)])
        with tf.Session() as sess:
            assert sess.run(r, {limit: n}) == (len(range(0, n, step)) * step if n else 0, sum(range(0, n, step)))


def test_a_loop_in_an_untaken_branch_does_not_run(sess):
    p = tf.placeholder(tf.bool, [], name="p")
    in_body = Counter()
    r = tf.cond(p, lambda: tf.while_loop(lambda i: i < 3, lambda i: counted(i, in_body) + 1, [tf.constant(0)]),
                lambda: tf.constant(-1))
    recorder = Recorder(sess)
    assert sess.run(r, {p: False}) == -1
    assert in_body.calls == 0 and not any(name.startswith("cond/while/") for name in recorder.last)
    assert sess.run(r, {p: True}) == 3 and in_body.calls == 3


def test_a_failing_kernel_in_a_loop_names_its_op(sess):
    def body(i):
        boom = tf.py_func(lambda: 1 / 0, [], tf.int32, name="boom")
        boom.set_shape([])
        return i + boom
    r = tf.while_loop(lambda i: i < 3, body, [tf.constant(0)])
    with pytest.raises(tf.errors.UnknownError) as info:
        sess.run(r)
    assert info.value.op.name == "while/boom"


def test_a_loop_variable_changing_dtype_fails_when_run():
    r = tf.while_loop(lambda i: i < 3, lambda i: tf.cast(i, tf.float32), [tf.constant(0)])
    with tf.Session() as sess, pytest.raises(
            tf.errors.InvalidArgumentError,
            match="Input 1 of node while/Merge was passed float from while/NextIteration:0 incompatible with "
                  "expected int32."):
        sess.run(r)


def test_a_tensor_inside_a_loop_cannot_be_used_outside_it(sess):
    inside = []

    def body(i):
        inside.append(i * 2)
        return i + 1
    tf.while_loop(lambda i: i < 3, body, [tf.constant(0)])
    outside = tf.identity(inside[0], name="outside")
    with pytest.raises(ValueError, match="Cannot use 'while/mul' as input to 'outside' because 'while/mul' is "
                                         "in a while loop."):
        sess.run(outside)


# while_loop: errors.
def ones():
    return tf.get_default_graph().get_tensor_by_name("ones:0")


@pytest.mark.parametrize("build, error, match", [
    (lambda i: tf.while_loop(1, lambda i: i + 1, [i]), TypeError, "cond must be callable."),
    (lambda i: tf.while_loop(lambda i: i < 3, None, [i]), TypeError, "body must be callable."),
    (lambda i: tf.while_loop(lambda i: i < 3, lambda i: i + 1, [i], parallel_iterations=0), TypeError,
     "parallel_iterations must be a positive integer."),
    (lambda i: tf.while_loop(lambda i: i < 3, lambda i: i + 1, []), ValueError, "No loop variables provided"),
    (lambda i: tf.while_loop(lambda i: i < 3, lambda i: (i + 1, i), [i]), ValueError,
     "(?s)don't have the same nested structure.*same number of elements"),
    (lambda i: tf.while_loop(lambda i: i, lambda i: i + 1, [i]), TypeError,
     "Input 'input' of 'LoopCond' Op has type int32 that does not match expected type of bool."),
    (lambda i: tf.while_loop(lambda i: tf.constant([True, False]), lambda i: i + 1, [i]), ValueError,
     "Shape must be rank 0 but is rank 1 for 'while/LoopCond'"),
    (lambda i: tf.while_loop(lambda i: i < 3, lambda i: i + 1, [i], maximum_iterations=[2]), ValueError,
     r"maximum_iterations must be a scalar, saw shape: \(1,\)"),
    (lambda i: tf.while_loop(lambda i, m: i < 3, lambda i, m: (i + 1, tf.concat([m, m], 0)), [i, ones()]),
     ValueError, r"Input tensor 'ones:0' enters the loop with shape \(2,\), but has shape \(4,\) after one "
                 r"iteration. To allow the shape to vary across iterations, use the `shape_invariants` argument "
                 r"of tf.while_loop to specify a less-specific shape."),
    (lambda i: tf.while_loop(lambda i, m: i < 3, lambda i, m: (i + 1, m), [i, ones()],
                             shape_invariants=[i.shape, tf.TensorShape([3])]),
     ValueError, r"The shape invariant specified for ones:0 is not compatible with the initial shape of the loop "
                 r"variable. It enters the loop with shape \(2,\), but the specified shape invariant is \(3,\)."),
])
def test_while_loop_errors_leave_the_graph_unchanged(build, error, match):
    i = tf.constant(0, name="i")
    tf.ones([2], name="ones")
    unchanged_after_failure(lambda: build(i), error, match)
    assert tf.get_collection(GraphKeys.WHILE_CONTEXT) == []
    assert tf.while_loop(lambda i: i < 3, lambda i: i + 1, [i]).name == "while/Exit:0"


# no_op, group, tuple.
def test_group_and_no_op():
    a = tf.constant(1.0, name="a")
    b = tf.constant(2.0, name="b")
    g = tf.group(a, b)
    g2 = tf.group([a, [b.op]], name="gg")
    empty = tf.group()
    with tf.device("/cpu:0"):
        c = tf.constant(3.0, name="c")
    spread = tf.group(a, c)
    n = tf.no_op()
    assert describe()[2:] == [
        ("group_deps", "NoOp", [], ["a", "b"]),
        ("gg", "NoOp", [], ["a", "b"]),
        ("group_deps_1", "NoOp", [], []),
        ("c", "Const", [], []),
        ("group_deps_2/NoOp", "NoOp", [], ["a"]),
        ("group_deps_2/NoOp_1", "NoOp", [], ["c"]),
        ("group_deps_2", "NoOp", [], ["group_deps_2/NoOp", "group_deps_2/NoOp_1"]),
        ("NoOp", "NoOp", [], []),
    ]
    assert [g.name, g2.name, empty.name, spread.name, n.name] == ["group_deps", "gg", "group_deps_1",
                                                                   "group_deps_2", "NoOp"]
    assert tf.get_default_graph().get_operation_by_name("group_deps_2/NoOp_1").device == "/device:CPU:0"
    with tf.Session() as sess:
        assert sess.run(g) is None


def test_group_errors():
    a = tf.constant(1.0)
    with pytest.raises(ValueError, match="Unknown keyword arguments: device"):
        tf.group(a, device="/cpu:0")
    unchanged_after_failure(lambda: tf.group(a, 3), TypeError, "Expected tf.group\\(\\) expected Tensor arguments")


def test_tuple_gates_each_tensor_on_all_of_them(sess):
    a = tf.constant(1.0, name="a")
    b = tf.constant(2.0, name="b")
    c = tf.constant(3.0, name="c")
    g = tf.group(a, name="g")
    result = tf.tuple([a, None, b, g], control_inputs=[c])
    assert describe()[4:] == [
        ("tuple/group_deps", "NoOp", [], ["a", "b", "c", "g"]),
        ("tuple/control_dependency", "Identity", ["a:0"], ["tuple/group_deps"]),
        ("tuple/control_dependency_1", "Identity", ["b:0"], ["tuple/group_deps"]),
        ("tuple/group_deps_1", "NoOp", [], ["tuple/group_deps", "g"]),
    ]
    assert result[1] is None and result[3].name == "tuple/group_deps_1"
    assert sess.run(result[:1] + result[2:3]) == [1.0, 2.0]


def test_tuple_errors():
    with pytest.raises(ValueError, match="Must have at least one Tensor"):
        tf.tuple([None])
    a = tf.constant(1.0)
    unchanged_after_failure(lambda: tf.tuple([a], control_inputs=[3]), TypeError,
                            "Control input must be Operation or Tensor: 3")


# tf.Assert.
def test_assert_on_int32_and_string_data_is_a_plain_assert_op(sess):
    i = tf.placeholder(tf.int32, [None], name="i")
    condition = tf.reduce_all(i > 0, name="all")
    a = tf.Assert(condition, ["i must be positive", i], summarize=2)
    assert describe()[5:] == [
        ("Assert/Const", "Const", [], []),
        ("Assert/Assert/data_0", "Const", [], []),
        ("Assert/Assert", "Assert", ["all:0", "Assert/Assert/data_0:0", "i:0"], []),
    ]
    assert a.name == "Assert/Assert" and a.outputs == []
    assert sess.run(a, {i: [1, 2]}) is None
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        sess.run(a, {i: [1, -2, 3]})
    assert info.value.message == "assertion failed: [i must be positive] [1 -2...]"
    assert info.value.op is a


def test_assert_on_other_data_is_guarded_by_a_cond(sess):
    p = tf.placeholder(tf.float32, [None], name="p")
    condition = tf.reduce_all(p > 0, name="all")
    a = tf.Assert(condition, ["p must be positive", p])
    assert describe()[5:] == [
        ("Assert/Const", "Const", [], []),
        ("Assert/AssertGuard/Switch", "Switch", ["all:0", "all:0"], []),
        ("Assert/AssertGuard/switch_t", "Identity", ["Assert/AssertGuard/Switch:1"], []),
        ("Assert/AssertGuard/switch_f", "Identity", ["Assert/AssertGuard/Switch:0"], []),
        ("Assert/AssertGuard/pred_id", "Identity", ["all:0"], []),
        ("Assert/AssertGuard/NoOp", "NoOp", [], ["Assert/AssertGuard/switch_t"]),
        ("Assert/AssertGuard/control_dependency", "Identity", ["Assert/AssertGuard/switch_t:0"],
         ["Assert/AssertGuard/NoOp"]),
        ("Assert/AssertGuard/Assert/data_0", "Const", [], ["Assert/AssertGuard/switch_f"]),
        ("Assert/AssertGuard/Assert", "Assert", ["Assert/AssertGuard/Assert/Switch:0",
                                                 "Assert/AssertGuard/Assert/data_0:0",
                                                 "Assert/AssertGuard/Assert/Switch_1:0"], []),
        ("Assert/AssertGuard/Assert/Switch", "Switch", ["all:0", "Assert/AssertGuard/pred_id:0"], []),
        ("Assert/AssertGuard/Assert/Switch_1", "Switch", ["p:0", "Assert/AssertGuard/pred_id:0"], []),
        ("Assert/AssertGuard/control_dependency_1", "Identity", ["Assert/AssertGuard/switch_f:0"],
         ["Assert/AssertGuard/Assert"]),
        ("Assert/AssertGuard/Merge", "Merge", ["Assert/AssertGuard/control_dependency_1:0",
                                               "Assert/AssertGuard/control_dependency:0"], []),
    ]
    assert a.name == "Assert/AssertGuard/Merge"
    assert sess.run(a, {p: [1.0]}) is None
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"^assertion failed: \[p must be positive\] "
                                                             r"\[1 -2 3\.\.\.\]"):
        sess.run(a, {p: [1.0, -2.0, 3.0, 4.0]})


def test_an_assert_guards_what_depends_on_it(sess):
    x = tf.placeholder(tf.int32, [], name="x")
    with tf.control_dependencies([tf.Assert(x > 0, [x])]):
        y = x * 2
    assert sess.run(y, {x: 3}) == 6
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"assertion failed: \[-3\]"):
        sess.run(y, {x: -3})


def test_assert_condition_must_be_a_scalar(sess):
    a = tf.Assert(tf.placeholder(tf.bool, name="c"), ["x"])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"In\[0\] should be a scalar: \[2\]"):
        sess.run(a, {"c:0": [True, True]})
