"""Gradients through tf.cond and tf.while_loop: values against central differences, and the graph TF 1.x builds."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tfvars as tf
from strategies import broadcastable_shapes, shapes
from tfvars.framework import errors
from tfvars.ops import control_flow_primitives, grad_loop_ops
from tfvars.testing import check_gradients

SETTINGS = settings(max_examples=12, deadline=None)


def values(shape, low=-1.5, high=1.5):
    return hnp.arrays(np.float64, shape, elements=st.floats(low, high, allow_nan=False, allow_infinity=False))


def new_ops(start):
    """(name, type, inputs, control inputs) of the ops made since `start` ops existed."""
    return [(op.name, op.type, [t.name for t in op.inputs], [c.name for c in op.control_inputs])
            for op in tf.get_default_graph().get_operations()[start:]]


def context_name(name):
    context = tf.get_default_graph().get_operation_by_name(name)._control_flow_context
    return None if context is None else context.name


# The graphs, as TF 1.x builds them (checked against TensorFlow's v1 control flow; TF 1.x's "Add" and
# its grad_ys Const/Fill naming, where TF 2's compat layer builds AddV2 and ones()).
WHILE_GRADIENT_OPS = [
    ('gradients/Shape', 'Const', [], []),
    ('gradients/grad_ys_0', 'Const', [], []),
    ('gradients/Fill', 'Fill', ['gradients/Shape:0', 'gradients/grad_ys_0:0'], []),
    ('gradients/f_count', 'Const', [], []),
    ('gradients/f_count_1', 'Enter', ['gradients/f_count:0'], []),
    ('gradients/Merge', 'Merge', ['gradients/f_count_1:0', 'gradients/NextIteration:0'], []),
    ('gradients/Switch', 'Switch', ['gradients/Merge:0', 'while/LoopCond:0'], []),
    ('gradients/Add/y', 'Const', [], ['while/Identity']),
    ('gradients/Add', 'Add', ['gradients/Switch:1', 'gradients/Add/y:0'], []),
    ('gradients/NextIteration',
     'NextIteration',
     ['gradients/Add:0'],
     ['gradients/while/mul_grad/Mul_1/StackPushV2']),
    ('gradients/f_count_2', 'Exit', ['gradients/Switch:0'], []),
    ('gradients/b_count', 'Const', [], []),
    ('gradients/b_count_1', 'Enter', ['gradients/f_count_2:0'], []),
    ('gradients/Merge_1', 'Merge', ['gradients/b_count_1:0', 'gradients/NextIteration_1:0'], []),
    ('gradients/GreaterEqual', 'GreaterEqual', ['gradients/Merge_1:0', 'gradients/GreaterEqual/Enter:0'], []),
    ('gradients/GreaterEqual/Enter', 'Enter', ['gradients/b_count:0'], []),
    ('gradients/b_count_2', 'LoopCond', ['gradients/GreaterEqual:0'], []),
    ('gradients/Switch_1', 'Switch', ['gradients/Merge_1:0', 'gradients/b_count_2:0'], []),
    ('gradients/Sub', 'Sub', ['gradients/Switch_1:1', 'gradients/GreaterEqual/Enter:0'], []),
    ('gradients/NextIteration_1', 'NextIteration', ['gradients/Sub:0'], ['gradients/while/mul_grad/Mul_1/b_sync']),
    ('gradients/b_count_3', 'Exit', ['gradients/Switch_1:0'], []),
    ('gradients/while/Exit_1_grad/b_exit', 'Enter', ['gradients/Fill:0'], []),
    ('gradients/while/Switch_1_grad/b_switch',
     'Merge',
     ['gradients/while/Exit_1_grad/b_exit:0', 'gradients/while/Switch_1_grad_1/NextIteration:0'],
     []),
    ('gradients/while/Merge_1_grad/Switch',
     'Switch',
     ['gradients/while/Switch_1_grad/b_switch:0', 'gradients/b_count_2:0'],
     []),
    ('gradients/while/Enter_1_grad/Exit', 'Exit', ['gradients/while/Merge_1_grad/Switch:0'], []),
    ('gradients/while/mul_grad/Mul',
     'Mul',
     ['gradients/while/Merge_1_grad/Switch:1', 'gradients/while/mul_grad/Mul/Enter:0'],
     []),
    ('gradients/while/mul_grad/Mul/Enter', 'Enter', ['x:0'], []),
    ('gradients/while/mul_grad/Mul_1',
     'Mul',
     ['gradients/while/Merge_1_grad/Switch:1', 'gradients/while/mul_grad/Mul_1/StackPopV2:0'],
     []),
    ('gradients/while/mul_grad/Mul_1/Const', 'Const', [], []),
    ('gradients/while/mul_grad/Mul_1/f_acc', 'StackV2', ['gradients/while/mul_grad/Mul_1/Const:0'], []),
    ('gradients/while/mul_grad/Mul_1/Enter', 'Enter', ['gradients/while/mul_grad/Mul_1/f_acc:0'], []),
    ('gradients/while/mul_grad/Mul_1/StackPushV2',
     'StackPushV2',
     ['gradients/while/mul_grad/Mul_1/Enter:0', 'while/Identity_1:0'],
     ['gradients/Add']),
    ('gradients/while/mul_grad/Mul_1/StackPopV2',
     'StackPopV2',
     ['gradients/while/mul_grad/Mul_1/StackPopV2/Enter:0'],
     ['gradients/Sub']),
    ('gradients/while/mul_grad/Mul_1/StackPopV2/Enter', 'Enter', ['gradients/while/mul_grad/Mul_1/f_acc:0'], []),
    ('gradients/while/mul_grad/Mul_1/b_sync', 'ControlTrigger', [], ['gradients/while/mul_grad/Mul_1/StackPopV2']),
    ('gradients/while/mul/Enter_grad/b_acc', 'Const', [], []),
    ('gradients/while/mul/Enter_grad/b_acc_1', 'Enter', ['gradients/while/mul/Enter_grad/b_acc:0'], []),
    ('gradients/while/mul/Enter_grad/b_acc_2',
     'Merge',
     ['gradients/while/mul/Enter_grad/b_acc_1:0', 'gradients/while/mul/Enter_grad/NextIteration:0'],
     []),
    ('gradients/while/mul/Enter_grad/Switch',
     'Switch',
     ['gradients/while/mul/Enter_grad/b_acc_2:0', 'gradients/b_count_2:0'],
     []),
    ('gradients/while/mul/Enter_grad/Add',
     'Add',
     ['gradients/while/mul/Enter_grad/Switch:1', 'gradients/while/mul_grad/Mul_1:0'],
     []),
    ('gradients/while/mul/Enter_grad/NextIteration', 'NextIteration', ['gradients/while/mul/Enter_grad/Add:0'], []),
    ('gradients/while/mul/Enter_grad/b_acc_3', 'Exit', ['gradients/while/mul/Enter_grad/Switch:0'], []),
    ('gradients/while/Switch_1_grad_1/NextIteration', 'NextIteration', ['gradients/while/mul_grad/Mul:0'], []),
]


def test_while_loop_gradient_builds_tf_graph():
    x = tf.constant(2.0, name="x")
    result = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * x), [0, tf.constant(1.0)])
    start = len(tf.get_default_graph().get_operations())
    grad = tf.gradients(result[1], x)[0]
    assert new_ops(start) == [(name, op_type, inputs, controls) for name, op_type, inputs, controls
                              in WHILE_GRADIENT_OPS]
    assert grad.name == "gradients/while/mul/Enter_grad/b_acc_3:0"
    assert context_name("gradients/f_count_1") == "while/while_context"
    assert context_name("gradients/b_count_1") == "gradients/while/while_context"
    assert context_name("gradients/while/mul_grad/Mul_1/f_acc") is None
    assert context_name("gradients/while/mul_grad/Mul_1/StackPushV2") == "while/while_context"
    with tf.Session() as sess:
        assert sess.run(grad) == 12.0


COND_GRADIENT_OPS = [
    ("gradients/cond/Merge_grad/cond_grad", "Switch", ["gradients/Fill:0", "cond/pred_id:0"], []),
    ("gradients/Switch", "Switch", ["x:0", "cond/pred_id:0"], []),
    ("gradients/Identity", "Identity", ["gradients/Switch:1"], []),
    ("gradients/Shape_1", "Shape", ["gradients/Switch:1"], []),
    ("gradients/zeros/Const", "Const", [], ["gradients/Identity"]),
    ("gradients/zeros", "Fill", ["gradients/Shape_1:0", "gradients/zeros/Const:0"], []),
    ("gradients/cond/Switch_1_grad/cond_grad", "Merge", ["gradients/cond/Merge_grad/cond_grad:0", "gradients/zeros:0"],
     []),
    ("gradients/cond/mul_grad/Mul", "Mul", ["gradients/cond/Merge_grad/cond_grad:1", "cond/mul/Switch:1"], []),
    ("gradients/cond/mul_grad/Mul_1", "Mul", ["gradients/cond/Merge_grad/cond_grad:1", "cond/Square:0"], []),
]


def test_cond_gradient_builds_tf_graph_with_zeros_on_the_untaken_branch():
    x = tf.placeholder(tf.float32, [2], name="x")
    v = tf.Variable([1.0, 2.0], name="v")
    pred = tf.placeholder(tf.bool, [], name="p")
    result = tf.cond(pred, lambda: tf.square(x) * v, lambda: x)
    start = len(tf.get_default_graph().get_operations())
    grad_x, grad_v = tf.gradients(result, [x, v])
    assert new_ops(start)[3:12] == COND_GRADIENT_OPS
    assert grad_x.name == "gradients/AddN:0"
    assert grad_v.name == "gradients/cond/mul/Switch_grad/cond_grad:0"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run([grad_x, grad_v], {x: [1.0, 3.0], pred: True}), [[2.0, 12.0], [1.0, 9.0]])
        np.testing.assert_allclose(sess.run([grad_x, grad_v], {x: [1.0, 3.0], pred: False}), [[1.0, 1.0], [0.0, 0.0]])


def test_ref_variable_read_in_a_branch_gets_zeros_from_a_switch_of_the_ref():
    v = tf.Variable([1.0, 2.0], name="v")
    pred = tf.placeholder(tf.bool, [], name="p")
    result = tf.cond(pred, lambda: v.read_value() * 3.0, lambda: tf.constant([0.0, 0.0]))
    assert tf.get_default_graph().get_operation_by_name("cond/read/Switch").type == "RefSwitch"
    grad = tf.gradients(result, v)[0]
    zeros_switch = tf.get_default_graph().get_operation_by_name("gradients/Switch")
    assert (zeros_switch.type, zeros_switch.inputs[0].name) == ("Switch", "v:0")
    assert grad.name == "gradients/cond/read/Switch_grad/cond_grad:0"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(grad, {pred: True}).tolist() == [3.0, 3.0]
        assert sess.run(grad, {pred: False}).tolist() == [0.0, 0.0]


def test_resource_variable_read_in_a_branch_gets_zeros_of_its_variable_shape():
    r = tf.get_variable("r", initializer=tf.constant([3.0, 4.0]), use_resource=True)
    pred = tf.placeholder(tf.bool, [], name="p")
    result = tf.cond(pred, lambda: r * 2.0, lambda: tf.constant([1.0, 1.0]))
    grad = tf.gradients(result, r)[0]
    graph = tf.get_default_graph()
    assert graph.get_operation_by_name("gradients/VariableShape").inputs[0].name == "gradients/Switch:0"
    assert grad.name == "gradients/cond/ReadVariableOp/Switch_grad/cond_grad:0"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(grad, {pred: True}).tolist() == [2.0, 2.0]
        assert sess.run(grad, {pred: False}).tolist() == [0.0, 0.0]


def test_shape_of_a_forward_value_is_taken_in_the_forward_loop_and_saved():
    """With unknown shapes, the gradient's Shape ops run in the forward loop; their results are pushed."""
    p = tf.placeholder(tf.float32, [None], name="p")
    result = tf.while_loop(lambda i, v: i < 2, lambda i, v: (i + 1, v * p + 1.0), [0, p])[1]
    tf.gradients(result, p)
    graph = tf.get_default_graph()
    shape = graph.get_operation_by_name("gradients/while/mul_grad/Shape")
    assert (shape.type, shape.inputs[0].name) == ("Shape", "while/Identity_1:0")
    assert context_name("gradients/while/mul_grad/Shape") == "while/while_context"
    push = graph.get_operation_by_name("gradients/while/mul_grad/BroadcastGradientArgs/StackPushV2")
    assert push.inputs[1].name == "gradients/while/mul_grad/Shape:0"


def test_cond_in_while_saves_the_predicate_per_iteration():
    x = tf.placeholder(tf.float32, [3], name="x")

    def body(i, v):
        return i + 1, tf.cond(tf.equal(i % 2, 0), lambda: v * x, lambda: tf.sin(v))
    result = tf.while_loop(lambda i, v: i < 4, body, [0, x])[1]
    tf.gradients(result, x)
    graph = tf.get_default_graph()
    merge_grad = graph.get_operation_by_name("gradients/while/cond/Merge_grad/cond_grad")
    assert merge_grad.type == "Switch"
    assert merge_grad.inputs[1].name == "gradients/while/cond/Merge_grad/StackPopV2:0"
    assert graph.get_operation_by_name("gradients/while/cond/Merge_grad/StackPushV2").inputs[1].name == \
        "while/cond/pred_id:0"
    assert graph.get_operation_by_name("gradients/while/cond/Sin_grad/Cos/f_sync").type == "ControlTrigger"


# Values against central differences.
@SETTINGS
@given(data=st.data(), iterations=st.integers(0, 3))
def test_while_loop_gradient_of_carried_value_and_invariant(data, iterations):
    shape_value, shape_factor = data.draw(broadcastable_shapes(max_dims=2, max_side=3))
    value = data.draw(values(shape_value))
    factor = data.draw(values(shape_factor, 0.2, 1.2))

    def loop(v, f):
        initial = tf.zeros_like(v) + tf.zeros_like(f) + v  # the broadcast shape, kept in every iteration
        return tf.while_loop(lambda i, a: i < iterations, lambda i, a: (i + 1, tf.sin(a) * f + a),
                             [0, initial])[1]
    check_gradients(loop, value, factor)


@SETTINGS
@given(data=st.data(), maximum=st.integers(0, 3))
def test_while_loop_gradient_with_maximum_iterations(data, maximum):
    value = data.draw(values(data.draw(shapes(max_dims=2, max_side=3))))
    check_gradients(lambda v: tf.while_loop(lambda i, a: i < 10, lambda i, a: [i + 1, a * v + 0.5], [0, v],
                                            maximum_iterations=maximum)[1], value)


@SETTINGS
@given(data=st.data(), take=st.booleans())
def test_cond_gradient_through_either_branch(data, take):
    shape = data.draw(shapes(max_dims=2, max_side=3))
    x, y = data.draw(values(shape)), data.draw(values(shape))
    check_gradients(lambda a, b: tf.cond(tf.constant(take), lambda: a * b + tf.sin(a), lambda: tf.square(b) - a),
                    x, y)


@SETTINGS
@given(data=st.data())
def test_cond_inside_while_and_while_inside_cond(data):
    x = data.draw(values(data.draw(shapes(min_dims=1, max_dims=1, max_side=3))))

    def cond_in_while(a):
        def body(i, v):
            return i + 1, tf.cond(tf.equal(i % 2, 0), lambda: v * a, lambda: tf.sin(v))
        return tf.while_loop(lambda i, v: i < 4, body, [0, a])[1]

    def while_in_cond(a):
        return tf.cond(tf.constant(True), lambda: tf.while_loop(lambda i, v: i < 2, lambda i, v: (i + 1, v * a),
                                                                [0, a])[1], lambda: a)
    check_gradients(cond_in_while, x)
    check_gradients(while_in_cond, x)


def test_nested_while_loops():
    def nested(a):
        def body(i, v):
            inner = tf.while_loop(lambda j, u: j < 2, lambda j, u: (j + 1, u * a), [0, v])[1]
            return i + 1, inner + v
        return tf.while_loop(lambda i, v: i < 2, body, [0, a])[1]
    check_gradients(nested, np.array([0.5, -1.2, 1.1]))


def test_nested_loop_reads_an_invariant_from_outside_both_loops():
    """The inner loop's Enter of an outer-loop Enter is a parameter of the outer loop's frame."""
    a = tf.placeholder(tf.float64, [3], name="a")

    def body(i, v):
        return i + 1, tf.while_loop(lambda j, u: j < 2, lambda j, u: (j + 1, u * a), [0, v])[1] + v
    result = tf.while_loop(lambda i, v: i < 2, body, [0, a])[1]
    grad = tf.gradients(result, a)[0]
    with tf.Session() as sess:
        value, grad_value = sess.run([result, grad], {a: [1.0, 2.0, 3.0]})
    # a (1 + a^2)^2 and its derivative (1 + a^2)(1 + 5 a^2).
    assert value.tolist() == [4.0, 50.0, 300.0]
    assert grad_value.tolist() == [12.0, 105.0, 460.0]


def test_gather_of_an_invariant_in_a_loop_accumulates_indexed_slices():
    params = tf.placeholder(tf.float64, [3], name="params")
    result = tf.while_loop(lambda i, v: i < 2, lambda i, v: (i + 1, v + tf.gather(params, [2, 0, 2])),
                           [0, tf.zeros([3], tf.float64)])[1]
    grad = tf.gradients(result, params)[0]
    assert isinstance(grad, tf.IndexedSlices)
    assert grad.values.op.name == "gradients/while/GatherV2/Enter_grad/b_acc_8"
    with tf.Session() as sess:
        value = sess.run(grad, {params: [1.0, 2.0, 3.0]})
    dense = np.zeros(3)
    np.add.at(dense, value.indices, value.values)
    assert dense.tolist() == [2.0, 0.0, 4.0]
    check_gradients(lambda p: tf.while_loop(lambda i, v: i < 2, lambda i, v: (i + 1, v * tf.gather(p, [1, 0, 2])),
                                            [0, p])[1], np.array([0.5, 1.5, -1.0]))


def test_unused_loop_exit_and_loop_variable_independent_of_itself():
    x = np.array([0.5, -1.2, 2.0])

    def second_output(a):
        result = tf.while_loop(lambda i, u, v: i < 3, lambda i, u, v: (i + 1, u * v, v + a), [0, a, a])
        return result[2]

    def independent(a):
        return tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, a * 2.0), [0, a])[1]
    check_gradients(second_output, x)
    check_gradients(independent, x)


def test_variables_read_in_a_loop():
    v = tf.Variable([1.0, 2.0], name="v")
    r = tf.get_variable("r", initializer=tf.constant([3.0, 4.0]), use_resource=True)
    result = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * v + r), [0, tf.constant([1.0, 1.0])])[1]
    grads = tf.gradients(result, [v, r])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        grad_v, grad_r = sess.run(grads)
    # a3 = ((v + r) v + r) v + r from a0 = 1: d/dv = 3v^2 + 2rv + r, d/dr = v^2 + v + 1.
    assert grad_v.tolist() == [12.0, 32.0] and grad_r.tolist() == [3.0, 7.0]


def test_loop_runs_again_in_the_same_session_with_fresh_stacks():
    x = tf.placeholder(tf.float32, [], name="x")
    result = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * x), [0, tf.constant(1.0)])[1]
    grad = tf.gradients(result, x)[0]
    with tf.Session() as sess:
        assert [sess.run(grad, {x: value}) for value in (1.0, 2.0, 3.0)] == [3.0, 12.0, 27.0]


@pytest.mark.parametrize("gate_gradients", [False, True])
def test_gate_gradients_in_a_loop(gate_gradients):
    a, b = tf.constant(2.0), tf.constant(3.0)
    result = tf.while_loop(lambda i, q: i < 2, lambda i, q: (i + 1, q * a * b), [0, a])[1]
    grads = tf.gradients(result, [a, b], gate_gradients=gate_gradients)
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert ("gradients/while/mul_grad/tuple/group_deps" in names) == gate_gradients
    with tf.Session() as sess:
        assert sess.run(grads) == [108.0, 48.0]  # d(a^3 b^2)


def test_py_func_gradient_through_gradient_override_map():
    @tf.RegisterGradient("TestControlFlowGradSin")
    def _sin_grad(op, grad):
        return grad * tf.cos(op.inputs[0])

    def fn(x):
        with tf.get_default_graph().gradient_override_map({"PyFunc": "TestControlFlowGradSin"}):
            return tf.py_func(np.sin, [x], tf.float64)
    check_gradients(fn, np.array([0.1, 0.2, -0.4]))


# Errors and limits.
def test_second_order_gradient_of_a_loop_raises():
    x = tf.constant(2.0, name="x")
    result = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * x), [0, tf.constant(1.0)])[1]
    grad = tf.gradients(result, x)[0]
    before = len(tf.get_default_graph().get_operations())
    with pytest.raises(TypeError, match="Second-order gradient for while loops not supported."):
        tf.gradients(grad, x)
    assert len(tf.get_default_graph().get_operations()) == before
    again = tf.gradients(result, x)[0]  # the failed call left the loop as it was
    with tf.Session() as sess:
        assert sess.run([grad, again]) == [12.0, 12.0]


def test_loop_without_back_prop_has_no_gradient():
    x = tf.constant(2.0, name="x")
    result = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * x), [0, tf.constant(1.0)], back_prop=False)[1]
    assert tf.gradients(result, x) == [None]


def test_stack_ops_push_and_pop_in_one_run():
    handle = grad_loop_ops.stack_v2(-1, tf.float32, name="s")
    push = grad_loop_ops.stack_push_v2(handle, tf.constant([1.0, 2.0]))
    with tf.control_dependencies([push]):
        pop = grad_loop_ops.stack_pop_v2(handle, tf.float32)
    with tf.control_dependencies([pop]):
        pop_again = grad_loop_ops.stack_pop_v2(handle, tf.float32)
    assert (handle.dtype, push.shape.as_list(), pop.shape.ndims) == (tf.resource, [2], None)
    with tf.Session() as sess:
        assert sess.run(pop).tolist() == [1.0, 2.0]
        assert sess.run(pop).tolist() == [1.0, 2.0]  # a new stack each run
        with pytest.raises(errors.InvalidArgumentError, match="Stack s is empty."):
            sess.run(pop_again)


def test_control_trigger_runs_when_its_control_input_is_dead():
    x = tf.constant(1.0)
    _, taken = control_flow_primitives.switch(x, tf.constant(False))
    with tf.control_dependencies([tf.identity(taken).op]):
        trigger = grad_loop_ops.control_trigger()
    with tf.control_dependencies([trigger]):
        after = tf.identity(x)
    with tf.Session() as sess:
        assert sess.run(after) == 1.0
