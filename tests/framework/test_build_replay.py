"""Replayed variable builds make exactly the graph that building from scratch makes.

Each program below runs twice, with replay off and on (its recordings made by an
earlier graph and by the program itself), and everything observable is compared:
ops in order with names, types, inputs, attrs, shapes, devices, ids and
tracebacks; the used names; collections; the store; events; and values.
"""

import numpy as np
import pytest

import tfvars as tf
from tfvars.framework import build_replay
from tfvars.ops import random_ops


def _attr(value):
    if isinstance(value, np.ndarray):
        return ("ndarray", value.dtype.str, value.shape, value.tolist())
    if isinstance(value, tf.TensorShape):
        return ("shape", value.as_list() if value.ndims is not None else None)
    return value


def snapshot(graph, events):
    """Everything a user (or a widget) can observe of a graph's construction."""
    ops = [(op.name, op.type, op._id, [t.name for t in op.inputs], [c.name for c in op.control_inputs],
            op.device, sorted((k, repr(_attr(v))) for k, v in op._attrs.items()),
            [(t.dtype.name, str(t.shape)) for t in op.outputs], [c.name for t in op.outputs for c in t.consumers()],
            op.traceback, op._control_flow_context is None) for op in graph.get_operations()]
    collections = {key: [getattr(item, "name", repr(item)) for item in graph.get_collection(key)]
                   for key in graph.get_all_collection_keys()}
    store = getattr(graph, "_variable_store", None)
    return {"ops": ops, "names": dict(graph._names_in_use), "collections": collections,
            "store": sorted(store._vars) if store else [], "last_id": graph._last_id,
            "events": [(type(e).__name__, getattr(getattr(e, "op", None), "name", None), getattr(e, "name", None))
                       for e in events]}


def run(program, replay):
    build_replay._recordings.clear()
    build_replay.enabled = replay
    try:
        if replay:  # recordings from another graph first, under other scopes
            with tf.Graph().as_default():
                with tf.variable_scope("warm"):
                    program()
        graph = tf.Graph()
        events = []
        graph.subscribe(events.append)
        with graph.as_default():
            program()
        return graph, snapshot(graph, events)
    finally:
        build_replay.enabled = True


def same_build(program):
    off = run(program, replay=False)[1]
    on = run(program, replay=True)[1]
    assert on == off
    return on


def many_shapes():
    for outer in range(3):
        with tf.variable_scope("outer%d" % outer):
            for inner in range(2):
                with tf.variable_scope("inner%d" % inner):
                    tf.get_variable("w", [3, 4])
                    tf.get_variable("b", [4])
                    tf.get_variable("s", [])
                    tf.get_variable("i", [2], dtype=tf.int32)
                    tf.get_variable("t", [2, 2], dtype=tf.float64)


INITIALIZERS = [
    tf.zeros_initializer(), tf.ones_initializer(), tf.constant_initializer(0.5), tf.constant_initializer(2),
    tf.random_uniform_initializer(-1, 1, seed=3), tf.random_normal_initializer(seed=4),
    tf.truncated_normal_initializer(stddev=0.1), tf.variance_scaling_initializer(scale=2.0, mode="fan_out"),
    tf.glorot_normal_initializer(seed=5), tf.orthogonal_initializer(), tf.initializers.identity(),
    tf.uniform_unit_scaling_initializer(), tf.initializers.he_uniform(),
]


def every_initializer():
    for index, initializer in enumerate(INITIALIZERS):
        for scope in ("a", "b"):
            with tf.variable_scope(scope):
                tf.get_variable("v%d" % index, [4, 4], initializer=initializer)


def test_variables_of_many_shapes_and_dtypes():
    snap = same_build(many_shapes)
    assert any(name == "outer2/inner1/t/Initializer/random_uniform/RandomUniform" for name, *_ in snap["ops"])


def test_every_builtin_initializer():
    same_build(every_initializer)


def test_names_taken_before_the_build_are_uniquified_as_without_replay():
    def program():
        tf.get_variable("v", [2])  # records
        tf.constant(0.0, name="s/v/Initializer/random_uniform")
        tf.constant(0.0, name="C/V/INITIALIZER/random_uniform/shape")  # names compare case-insensitively
        tf.constant(0.0, name="t/v/read")
        tf.constant(0.0, name="u/v/Initializer/random_uniform/mul_1")
        with tf.name_scope("q/v/Initializer"):  # a used scope name, with no op of that name
            pass
        for scope in ("s", "c", "t", "u", "q", "s"):
            with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):
                tf.get_variable("v", [2])
                tf.get_variable("x", [2])
    snap = same_build(program)
    names = [name for name, *_ in snap["ops"]]
    assert {"s/v/Initializer/random_uniform_1", "c/v/Initializer/random_uniform/shape_1", "t/v/read_1",
            "q/v/Initializer_1/random_uniform", "u/v/Initializer/random_uniform/mul"} <= set(names)


def test_an_op_named_verbatim_blocks_a_replay_as_it_blocks_the_build():
    def program():
        tf.get_variable("v", [2])  # records
        prefix = tf.get_variable_scope().name + "/" if tf.get_variable_scope().name else ""
        # A scope's name is taken verbatim: "w/read" is not marked used.
        tf.identity(tf.constant(0.0), name=prefix + "w/read/")
        with pytest.raises(ValueError, match="Duplicate node name in graph: '%sw/read'" % prefix):
            tf.get_variable("w", [2])
        tf.get_variable("x", [2])
    same_build(program)


def test_blocks_that_change_how_ops_are_made():
    def program():
        tf.get_variable("plain", [2])
        with tf.device("/job:ps/task:0"):
            tf.get_variable("placed", [2])
        with tf.device(lambda op: "/gpu:%d" % (len(op.name) % 2)):
            tf.get_variable("by_function", [2])
        anchor = tf.constant(1.0, name="anchor")
        with tf.colocate_with(anchor):
            tf.get_variable("colocated", [2])
        with tf.control_dependencies([anchor]):
            tf.get_variable("ordered", [2])
        tf.cond(tf.constant(True), lambda: tf.get_variable("in_cond", [2]).value(), lambda: tf.zeros([2]))
        with tf.get_default_graph().gradient_override_map({"Mul": "Square"}):
            tf.get_variable("overridden", [2])
        tf.set_random_seed(7)
        tf.get_variable("after_seed", [2])
        tf.get_variable("after_seed_again", [2])
    same_build(program)


def test_partitioned_caching_device_and_tf_variable():
    def program():
        tf.get_variable("p", [8, 2], partitioner=tf.fixed_size_partitioner(2))
        tf.get_variable("c", [2], caching_device="/cpu:0")
        tf.Variable(tf.zeros([2]), name="direct")
        tf.Variable(lambda: tf.ones([2]), name="from_fn")
        tf.get_variable("after", [2])
    same_build(program)


def test_a_failed_variable_leaves_no_trace_after_a_replay():
    def failing(_):
        raise RuntimeError("regularizer fails")

    def program():
        tf.get_variable("v", [2])
        with pytest.raises(RuntimeError):
            tf.get_variable("w", [2], regularizer=failing)
        tf.get_variable("w", [2])
    snap = same_build(program)
    assert snap["store"] == ["v", "w"]


def counted(monkeypatch, module, name):
    """A list that gets an item at each call of `module.name`, which still does its work."""
    calls = []
    original = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *a, **k: calls.append(1) or original(*a, **k))
    return calls


def test_replays_skip_the_initializer_and_the_op_builders(monkeypatch):
    calls = counted(monkeypatch, random_ops, "random_uniform")
    build_replay._recordings.clear()
    with tf.Graph().as_default():
        for index in range(5):
            tf.get_variable("v%d" % index, [3, 3])
        tf.get_variable("other", [2, 3])
    assert len(calls) == 2  # one build per shape; the other four [3, 3] variables were replayed


def test_replayed_variables_initialise_and_train_like_built_ones():
    def program():
        with tf.variable_scope("a"):
            tf.get_variable("seeded", [3], initializer=tf.random_normal_initializer(seed=1))
            tf.get_variable("ones", [2], initializer=tf.ones_initializer())
        with tf.variable_scope("b"):
            tf.get_variable("seeded", [3], initializer=tf.random_normal_initializer(seed=1))
            tf.get_variable("ones", [2], initializer=tf.ones_initializer())
            tf.get_variable("fresh", [64])
            tf.get_variable("fresh2", [64])

    values = []
    for replay in (False, True):
        graph, _ = run(program, replay)
        with graph.as_default(), tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            values.append({v.op.name: sess.run(v) for v in tf.global_variables()})
    off, on = values
    for name in ("a/seeded", "a/ones", "b/seeded", "b/ones"):
        np.testing.assert_array_equal(on[name], off[name])
    np.testing.assert_array_equal(on["a/seeded"], on["b/seeded"])  # one op seed: one stream
    assert not np.array_equal(on["b/fresh"], on["b/fresh2"])  # unseeded ops each draw their own
    assert np.all(np.abs(on["b/fresh"]) <= np.sqrt(6.0 / 128))


def test_reusing_and_misusing_variables_raise_as_before():
    build_replay._recordings.clear()
    with tf.Graph().as_default():
        with tf.variable_scope("s"):
            v = tf.get_variable("v", [2])
        with tf.variable_scope("t"):
            tf.get_variable("v", [2])
        with tf.variable_scope("s", reuse=True):
            assert tf.get_variable("v", [2]) is v
        with tf.variable_scope("t"), pytest.raises(ValueError, match="already exists, disallowed"):
            tf.get_variable("v", [2])


def test_builds_with_big_constants_are_not_kept(monkeypatch):
    from tfvars.ops import constant_op
    calls = counted(monkeypatch, constant_op, "constant")
    build_replay._recordings.clear()
    with tf.Graph().as_default():
        for index in range(3):
            tf.get_variable("small%d" % index, [8, 8], initializer=tf.constant_initializer(0.5))
        for index in range(3):
            tf.get_variable("big%d" % index, [100, 100], initializer=tf.constant_initializer(0.5))
    assert len(calls) == 1 + 3  # the 256-byte constant is replayed; the 40 KB one is built each time
