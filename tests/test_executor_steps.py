"""Interpreted first runs and batched random draws: the same values and errors as compiled plans."""

import copy

import numpy as np
import pytest

import tfvars as tf
from tfvars import executor, executor_steps


def _program():
    """A graph touching variables (ref and resource), feeds, several outputs, reads of refs and random ops."""
    tf.set_random_seed(3)
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    v = tf.get_variable("v", [3, 2])
    r = tf.get_variable("r", [2], use_resource=True, initializer=tf.ones_initializer())
    w = tf.Variable(tf.random_normal([2]), name="w")
    y = tf.matmul(x, v) + r + w
    parts = tf.split(y, 2, axis=1)
    update = tf.assign_add(w, tf.reduce_sum(y, axis=0))
    noise = tf.truncated_normal([5], seed=1) + tf.random_uniform([4, 1], seed=2)[0]
    return x, [tf.global_variables_initializer(), [y, parts, update, noise, v]]


def _first_run_values(interpreted_runs, monkeypatch):
    monkeypatch.setattr(executor_steps, "INTERPRETED_RUNS", interpreted_runs)
    graph = tf.Graph()
    with graph.as_default():
        x, (init, fetches) = _program()
    with tf.Session(graph=graph) as sess:
        sess.run(init)
        return [sess.run(fetches, {x: np.arange(6, dtype=np.float32).reshape(2, 3)}) for _ in range(3)]


def _flatten(value):
    if isinstance(value, (list, tuple)):
        return [leaf for item in value for leaf in _flatten(item)]
    return [value]


def test_interpreted_and_compiled_runs_agree(monkeypatch):
    interpreted = _first_run_values(1, monkeypatch)
    compiled = _first_run_values(0, monkeypatch)
    for ours, theirs in zip(interpreted, compiled):
        for a, b in zip(_flatten(ours), _flatten(theirs)):
            np.testing.assert_array_equal(a, b)


def test_a_plan_is_compiled_on_its_second_run_and_source_compiles_on_demand():
    x = tf.placeholder(tf.float32, [], name="x")
    y = x * 2.0
    with tf.Session() as sess:
        sess.run(y, {x: 1.0})
        plan = next(iter(sess._plans.values())).plan
        assert isinstance(plan, executor_steps.SteppedPlan) and plan._compiled is None
        assert sess.run(y, {x: 2.0}) == 4.0
        assert plan._compiled is not None
        assert "# mul (Mul)" in plan.source


@pytest.mark.parametrize("interpreted_runs", [0, 1])
def test_errors_name_the_failing_op_in_both_modes(monkeypatch, interpreted_runs):
    monkeypatch.setattr(executor_steps, "INTERPRETED_RUNS", interpreted_runs)
    v = tf.Variable(1.0, name="v")
    z = tf.add(v, 1.0, name="z")
    a = tf.placeholder(tf.float32, [None], name="a")
    bad = tf.add(a, tf.constant([1.0, 2.0]), name="bad")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError, match="Attempting to use uninitialized value v") as info:
            sess.run(z)
        assert info.value.op.name in ("v/read", "z")
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"Incompatible shapes: \[3\] vs. \[2\]") as info:
            sess.run(bad, {a: [1.0, 2.0, 3.0]})
        assert info.value.op.name == "bad"


def test_batched_draws_equal_draws_made_alone():
    tf.set_random_seed(7)
    ops = [tf.random_uniform([10, 10], seed=1), tf.random_normal([7], seed=2),
           tf.truncated_normal([3, 5], seed=3), tf.random_uniform([2], dtype=tf.float64, seed=4),
           tf.random_normal([3], dtype=tf.float16, seed=5)]
    with tf.Session() as together, tf.Session() as alone:
        batched = [together.run(ops) for _ in range(2)]
        single = [[alone.run(op) for op in ops] for _ in range(2)]
    for run_a, run_b in zip(batched, single):
        for a, b in zip(run_a, run_b):
            np.testing.assert_array_equal(a, b)


def test_a_run_failing_before_its_random_ops_consumes_none_of_their_draws():
    tf.set_random_seed(11)
    a = tf.placeholder(tf.float32, [None], name="a")
    check = tf.assert_positive(a)
    with tf.control_dependencies([check]):
        draws = [tf.random_uniform([4], seed=1) + 0.0, tf.random_uniform([4], seed=2) + 0.0]
    with tf.Session() as failing, tf.Session() as clean:
        with pytest.raises(tf.errors.InvalidArgumentError):
            failing.run(draws, {a: [-1.0]})
        np.testing.assert_array_equal(failing.run(draws, {a: [1.0]}), clean.run(draws, {a: [1.0]}))


def test_unread_float_arithmetic_is_skipped_but_everything_else_runs():
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    w = tf.Variable(np.ones((3, 4), np.float32), name="w")
    y = tf.matmul(x, w, name="y")
    unread = tf.matmul(y, tf.transpose(w), name="unread")  # read by nothing, only awaited
    counted = tf.Variable(0, name="counted")
    bump = tf.assign_add(counted, 1, name="bump")  # stateful: awaited and run
    with tf.control_dependencies([unread, bump]):
        done = tf.identity(y, name="done")
    ran = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())

        class Listener:
            def on_event(self, event):
                if type(event).__name__ == "RunFinished":
                    ran.append([op.name for op in event.ops])
        listener = Listener()
        sess.subscribe(listener.on_event)
        for _ in range(2):  # interpreted, then compiled
            np.testing.assert_array_equal(sess.run(done, {x: np.ones((2, 3))}), np.full((2, 4), 3.0))
        assert sess.run(counted) == 2
        np.testing.assert_array_equal(sess.run(unread, {x: np.ones((2, 3))}), np.full((2, 3), 12.0))
    assert all("unread" not in names and "bump" in names and "y" in names for names in ran[:2])
    assert "unread" in ran[3]


def test_constants_are_folded_once_into_the_plan_with_the_same_values():
    shape = tf.constant([2, 3], name="shape")
    filled = tf.fill(shape, 2.0, name="filled")
    doubled = tf.multiply(filled, 3.0, name="doubled")
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    y = tf.add(x, doubled, name="y")
    huge = tf.zeros([2048, 2048], name="huge")  # 16 MB: above the folding limit
    with tf.Session() as sess:
        for _ in range(3):  # interpreted, then compiled
            np.testing.assert_array_equal(sess.run(y, {x: np.ones((2, 3))}), np.full((2, 3), 7.0))
            assert sess.run(huge).shape == (2048, 2048)
        plans = {recipe.plan.fetches[0].op.name: recipe.plan for recipe in sess._plans.values()}
    source = plans["y"].source
    assert "# filled (Fill, folded)" in source and "# doubled (Mul, folded)" in source
    assert "# y (Add)" in source and "folded" not in source.split("# y (Add)")[0].splitlines()[-1]
    assert "folded" not in plans["huge"].source


def test_a_constant_op_that_fails_is_left_to_fail_in_the_run():
    bad = tf.floordiv(tf.constant(1), tf.constant(0), name="bad")
    with tf.Session() as sess:
        for _ in range(2):
            with pytest.raises(tf.errors.InvalidArgumentError) as info:
                sess.run(bad)
            assert info.value.op.name == "bad"


@pytest.mark.parametrize("enabled", [True, False])
def test_a_first_run_leaves_the_garbage_collector_as_it_found_it(enabled):
    import gc
    bad = tf.floordiv(tf.constant(1), tf.constant(0), name="bad")
    good = tf.constant(1) + 1
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with tf.Session() as sess:
            assert sess.run(good) == 2
            with pytest.raises(tf.errors.InvalidArgumentError):
                sess.run(bad)
            assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


@pytest.mark.parametrize("interpreted_runs", [0, 1])
def test_a_fed_constant_wins_even_when_its_op_runs_for_a_control_edge(monkeypatch, interpreted_runs):
    monkeypatch.setattr(executor_steps, "INTERPRETED_RUNS", interpreted_runs)
    c = tf.constant(1.0, name="c")
    doubled = tf.multiply(c, 2.0, name="doubled")
    with tf.control_dependencies([c.op]):
        out = tf.add(doubled, 0.0, name="out")
    with tf.Session() as sess:
        for _ in range(2):
            assert sess.run(out, {c: 5.0}) == 10.0
            assert sess.run(out) == 2.0


def test_the_straight_walk_orders_ops_as_the_general_walk():
    x = tf.placeholder(tf.float32, [3], name="x")
    shared = tf.constant(2.0, name="shared")
    y = x * shared + shared
    z = tf.reduce_sum(y * y)
    with tf.control_dependencies([z]):
        w = tf.identity(shared)
    v = tf.get_variable("v", [2])
    init = tf.global_variables_initializer()
    cases = [([z.op], set()), ([z.op], {y}), ([w.op, init, z.op], set()), ([shared.op, shared.op, w.op], set()),
             ([z.op, x.op], {x}), ([v.op, init], set())]
    for roots, fed in cases:
        general = executor._post_order(roots, lambda op, fed=fed: executor._dependencies(op, fed))
        controlled = []
        assert executor._straight_order(roots, fed, controlled) == general
        assert sorted(controlled, key=general.index) == [op for op in general if op.control_inputs]


def test_a_plan_with_a_switch_is_left_to_the_control_flow_compiler():
    p = tf.placeholder(tf.bool, [], name="p")
    out = tf.cond(p, lambda: tf.constant(1.0), lambda: tf.constant(2.0))
    with tf.Session() as sess:
        assert sess.run(out, {p: True}) == 1.0
        plan = sess._recipe((out,), (p,)).plan
    assert not isinstance(plan, executor_steps.SteppedPlan)
    assert executor._straight_order([out.op], {p}, []) is None


def test_an_op_without_a_kernel_fails_a_first_run_before_any_op_runs(monkeypatch):
    v = tf.Variable(1.0, name="v")
    late = tf.identity(tf.constant(3.0), name="late")
    without_kernel = copy.copy(late.op.op_def)
    without_kernel.kernel = None
    monkeypatch.setattr(late.op, "_op_def", without_kernel)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.UnimplementedError, match="has no kernel"):
            sess.run([v.initializer, late])
        assert not sess.run(tf.is_variable_initialized(v))
