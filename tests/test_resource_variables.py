"""Resource variables (`use_resource=True`): the ops TF 1.15 builds, their values, errors and read/write order.

Expected op names, types, inputs and control inputs were printed by TensorFlow
(compat.v1, resource variables) for the same programs; where TF 2's compat
layer builds differently from TF 1.15 the test follows TF 1.15 and says so.
"""

import collections

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tfvars as tf
from strategies import arrays
from tfvars.framework.op_def_registry import apply_op
from tfvars.ops import resource_variable_ops
from tfvars.resource_variables import ResourceVariable, _UnreadVariable
from tfvars.variables import VariableDef

# tfvars has no tf.IndexedSlices yet; the variables take anything with `values` and `indices`.
IndexedSlices = collections.namedtuple("IndexedSlices", "values indices")


def op_names():
    return [op.name for op in tf.get_default_graph().get_operations()]


def summary(ops=None):
    """(name, type, input names, control input names) of each op, as the oracle script printed them."""
    ops = tf.get_default_graph().get_operations() if ops is None else ops
    return [(op.name, op.type, [t.name for t in op.inputs], sorted(c.name for c in op.control_inputs))
            for op in ops]


def new_ops(count_before):
    return summary(tf.get_default_graph().get_operations()[count_before:])


def count():
    return len(tf.get_default_graph().get_operations())


def assert_graph_unchanged_after(error, fn, match=None):
    before = op_names()
    with pytest.raises(error, match=match):
        fn()
    assert op_names() == before


# Construction.
def test_builds_the_ops_tf_1_15_builds():
    v = tf.Variable(1.0, use_resource=True, name="v")
    assert summary() == [
        ("v/Initializer/initial_value", "Const", [], []),
        ("v", "VarHandleOp", [], []),
        ("v/IsInitialized/VarIsInitializedOp", "VarIsInitializedOp", ["v:0"], []),
        ("v/Assign", "AssignVariableOp", ["v:0", "v/Initializer/initial_value:0"], []),
        ("v/Read/ReadVariableOp", "ReadVariableOp", ["v:0"], [])]
    # TF 1.15 builds even a non-callable initial value under "v/Initializer/" (early TF 1.x releases did not).
    handle = v.handle.op
    # TF 2's compat layer adds "allowed_devices" and "debug_name"; TF 1.15 has these attrs only.
    assert sorted(handle._attrs) == ["_class", "container", "dtype", "shape", "shared_name"]
    assert (handle.get_attr("container"), handle.get_attr("shared_name"), handle.get_attr("dtype")) == (
        "", "v", tf.float32)
    assert handle.get_attr("shape") == tf.TensorShape([])
    assert handle.get_attr("_class") == [b"loc:@v"]
    assert tf.get_default_graph().get_operation_by_name("v/Initializer/initial_value").get_attr("_class") == [
        b"loc:@v"]
    assert v.handle.dtype == tf.resource and v.handle.shape == tf.TensorShape([])
    assert [t.dtype for t in v.initializer.outputs] == []
    assert v._as_graph_element().name == "v/Read/ReadVariableOp:0"


def test_name_dtype_shape_and_the_rest_of_the_variable_api():
    v = tf.Variable([[1, 2, 3]], use_resource=True, dtype=tf.float32, name="v")
    assert isinstance(v, ResourceVariable) and isinstance(v, tf.Variable)
    assert (v.name, v.dtype, v.shape, v.get_shape()) == ("v:0", tf.float32, tf.TensorShape([1, 3]),
                                                        tf.TensorShape([1, 3]))
    assert not v.dtype.is_ref_dtype
    assert v.op is v.handle.op and v.op.type == "VarHandleOp"
    assert v.graph is tf.get_default_graph() and v.device == ""
    assert v.initializer.name == "v/Assign" and v.create is v.initializer
    assert v.initial_value.name == "v/Initializer/initial_value:0"
    assert (v.trainable, v.constraint, v.caching_device) == (True, None, None)
    assert (v.synchronization, v.aggregation) == (tf.VariableSynchronization.AUTO, tf.VariableAggregation.NONE)
    assert repr(v) == "<tf.Variable 'v:0' shape=(1, 3) dtype=float32>"
    assert tf.global_variables() == [v] and tf.trainable_variables() == [v]


def test_default_names_are_made_unique():
    a = tf.Variable(1.0, use_resource=True)
    b = tf.Variable(2, use_resource=True)
    assert (a.name, b.name, b.dtype) == ("Variable:0", "Variable_1:0", tf.int32)
    assert b.handle.op.get_attr("shared_name") == "Variable_1"


def test_callable_initial_value_is_built_under_initializer_without_control_dependencies():
    x = tf.constant(1.0, name="x")
    with tf.control_dependencies([x]):
        w = tf.Variable(lambda: tf.ones([2]) * 3, use_resource=True, name="w")
        w2 = tf.Variable(tf.zeros([2]), use_resource=True)
    w + w2
    assert summary() == [
        ("x", "Const", [], []),
        ("w/Initializer/ones", "Const", [], []),
        ("w/Initializer/mul/y", "Const", [], []),
        ("w/Initializer/mul", "Mul", ["w/Initializer/ones:0", "w/Initializer/mul/y:0"], []),
        ("w", "VarHandleOp", [], []),
        ("w/IsInitialized/VarIsInitializedOp", "VarIsInitializedOp", ["w:0"], []),
        ("w/Assign", "AssignVariableOp", ["w:0", "w/Initializer/mul:0"], []),
        ("w/Read/ReadVariableOp", "ReadVariableOp", ["w:0"], []),
        ("zeros", "Const", [], ["x"]),
        ("Variable", "VarHandleOp", [], []),
        ("Variable/IsInitialized/VarIsInitializedOp", "VarIsInitializedOp", ["Variable:0"], []),
        ("Variable/Assign", "AssignVariableOp", ["Variable:0", "zeros:0"], []),
        ("Variable/Read/ReadVariableOp", "ReadVariableOp", ["Variable:0"], []),
        ("ReadVariableOp", "ReadVariableOp", ["w:0"], []),
        ("add/ReadVariableOp", "ReadVariableOp", ["Variable:0"], []),
        ("add", "Add", ["ReadVariableOp:0", "add/ReadVariableOp:0"], [])]  # TF 2's compat layer: AddV2
    graph = tf.get_default_graph()
    assert graph.get_operation_by_name("w/Initializer/mul").get_attr("_class") == [b"loc:@w"]


def test_devices_and_caching_device_as_tf_1_15_places_them():
    with tf.device("/cpu:0"):
        v = tf.Variable([1.0, 2.0], use_resource=True, name="v", caching_device="/cpu:1")
    start = count()
    v.assign_add([1., 1.])
    v.assign([3., 4.])
    v.assign_sub([1., 1.], read_value=False)
    v.value()
    v.read_value()
    devices = {op.name: op.device for op in tf.get_default_graph().get_operations()}
    assert devices["v/Initializer/initial_value"] == ""
    assert {devices[name] for name in ("v", "v/IsInitialized/VarIsInitializedOp", "v/Assign",
                                       "v/Read/ReadVariableOp")} == {"/device:CPU:0"}
    assert devices["v/Read/Identity"] == "/device:CPU:1"
    assert v.value().name == "v/Read/Identity:0" and v.caching_device == "/cpu:1"
    # TF 1.15 reads on the handle's device; TF 2's compat layer puts this read on the caching device.
    assert devices["Read/ReadVariableOp"] == "/device:CPU:0"
    assert new_ops(start) == [
        ("Const", "Const", [], ["v/Read/Identity"]),
        ("AssignAddVariableOp", "AssignAddVariableOp", ["v:0", "Const:0"], []),
        ("ReadVariableOp", "ReadVariableOp", ["v:0"], ["AssignAddVariableOp"]),
        ("Const_1", "Const", [], []),
        ("AssignVariableOp", "AssignVariableOp", ["v:0", "Const_1:0"], []),
        ("ReadVariableOp_1", "ReadVariableOp", ["v:0"], ["AssignVariableOp"]),
        ("Const_2", "Const", [], ["v/Read/Identity"]),
        ("AssignSubVariableOp", "AssignSubVariableOp", ["v:0", "Const_2:0"], []),
        ("Read/ReadVariableOp", "ReadVariableOp", ["v:0"], []),
        ("Identity", "Identity", ["Read/ReadVariableOp:0"], [])]
    assert v.to_proto().snapshot_name == "v/Read/Identity:0"


def test_replica_device_setter_places_the_handle_and_its_reads_on_the_ps():
    with tf.device(tf.train.replica_device_setter(ps_tasks=2, worker_device="/job:worker/task:0")):
        v = tf.Variable([1.0, 2.0], use_resource=True, name="v")
        w = tf.Variable(lambda: tf.zeros([3]), use_resource=True, name="w", caching_device="/job:worker/task:0")
        v + 1.0
        v.read_value()
        w.assign_add([1., 1., 1.])
    ps0, ps1, worker = "/job:ps/task:0", "/job:ps/task:1", "/job:worker/task:0"
    # TF 1.15 reads on the handle's device in value() and read_value(); TF 2's compat layer does not.
    assert [(op.name, op.device) for op in tf.get_default_graph().get_operations()] == [
        ("v/Initializer/initial_value", ""), ("v", ps0), ("v/IsInitialized/VarIsInitializedOp", worker),
        ("v/Assign", ps0), ("v/Read/ReadVariableOp", ps0),
        ("w/Initializer/zeros", ""), ("w", ps1), ("w/IsInitialized/VarIsInitializedOp", worker),
        ("w/Assign", ps1), ("w/Read/ReadVariableOp", ps1), ("w/Read/Identity", worker),
        ("ReadVariableOp", ps0), ("add/y", worker), ("add", worker), ("Read/ReadVariableOp", ps0),
        ("Identity", worker), ("Const", worker), ("AssignAddVariableOp", worker), ("ReadVariableOp_1", worker)]


def test_collections_trainable_and_constraint():
    constraint = lambda x: x  # noqa: E731
    a = tf.Variable(1.0, use_resource=True, trainable=False, name="a")
    b = tf.Variable(1.0, use_resource=True, collections=["mine"], name="b", constraint=constraint)
    c = tf.Variable(1.0, use_resource=True, synchronization=tf.VariableSynchronization.ON_READ, name="c")
    local = tf.Variable(1.0, use_resource=True, collections=[tf.GraphKeys.LOCAL_VARIABLES], name="loc")
    assert tf.global_variables() == [a, c]
    assert tf.trainable_variables() == [b, local]
    assert tf.get_collection("mine") == [b] and tf.local_variables() == [local]
    assert (a.trainable, b.trainable, c.trainable, b.constraint) == (False, True, False, constraint)


def test_shape_argument_and_validate_shape():
    free = tf.Variable([1., 2.], use_resource=True, shape=tf.TensorShape(None), name="free")
    fixed = tf.Variable([1., 2.], use_resource=True, validate_shape=False, name="fixed")
    assert free.shape == tf.TensorShape(None) and free.handle.op.get_attr("shape") == tf.TensorShape(None)
    assert free.read_value().shape == tf.TensorShape(None)
    assert fixed.shape == tf.TensorShape([2])  # TF 1.x ignores validate_shape for resource variables
    p = tf.placeholder(tf.float32, [None, 3])
    assert tf.Variable(p, use_resource=True, name="pv").shape.as_list() == [None, 3]
    with tf.Session() as sess:
        sess.run(free.initializer)
        q = tf.placeholder(tf.float32)
        sess.run(free.assign(q, read_value=False), {q: [[1., 2., 3.]]})
        np.testing.assert_array_equal(sess.run(free), [[1., 2., 3.]])
        np.testing.assert_array_equal(sess.run(resource_variable_ops.variable_shape(free.handle)), [1, 3])


@pytest.mark.parametrize("make, error, match", [
    (lambda: tf.Variable(use_resource=True), ValueError, "^initial_value must be specified.$"),
    (lambda: tf.Variable(1.0, use_resource=True, collections="x"), ValueError,
     "collections argument to Variable constructor must be a list, tuple, or set. Got x of type"),
    (lambda: tf.Variable(1.0, use_resource=True, constraint=3), ValueError,
     r"^The `constraint` argument must be a callable.$"),
    (lambda: tf.Variable([1., 2.], use_resource=True, shape=[3], name="u"), ValueError,
     r"^The initial value's shape \(\(2,\)\) is not compatible with the explicitly supplied `shape` argument "
     r"\(\[3\]\).$"),
    (lambda: tf.Variable(lambda: tf.constant("x") + 1.0, use_resource=True), TypeError, None),
])
def test_construction_errors_leave_the_graph_unchanged(make, error, match):
    tf.constant(0.0)
    assert_graph_unchanged_after(error, make, match)


def test_tensor_initial_value_from_inside_a_cond_is_refused():
    def branch():
        return tf.Variable(tf.constant(1.0), use_resource=True, name="k").value()

    pred = tf.constant(True)
    assert_graph_unchanged_after(
        ValueError, lambda: tf.cond(pred, branch, lambda: tf.constant(2.0)),
        "^Initializer for variable cond/k/ is from inside a control-flow construct, such as a loop or "
        "conditional. When creating a variable inside a loop or conditional, use a lambda as the initializer.$")


def test_callable_initial_value_inside_a_cond_is_built_outside_it():
    pred = tf.placeholder(tf.bool)
    holder = []

    def branch():
        holder.append(tf.Variable(lambda: tf.constant(5.0), use_resource=True, name="k"))
        return holder[0].read_value()

    result = tf.cond(pred, branch, lambda: tf.constant(2.0))
    k = holder[0]
    assert k.initial_value.op._control_flow_context is None and k.op._control_flow_context is None
    assert k.name == "cond/k:0"
    with tf.Session() as sess:
        sess.run(k.initializer)
        assert sess.run(result, {pred: True}) == 5.0 and sess.run(result, {pred: False}) == 2.0


# Dispatch from tf.Variable and get_variable.
def test_use_resource_dispatch():
    ref = tf.Variable(1.0, name="ref")
    res = tf.Variable(1.0, use_resource=True, name="res")
    assert type(ref).__name__ == "RefVariable" and type(res) is ResourceVariable
    with tf.variable_scope("scope", use_resource=True):
        in_scope = tf.Variable(1.0, name="in_scope")
        opted_out = tf.Variable(1.0, name="opted_out", use_resource=False)
        got = tf.get_variable("got", [2])
    with tf.variable_scope("other") as scope:
        scope.set_use_resource(True)
        after_set = tf.get_variable("after_set", [2])
        assert tf.get_variable_scope().use_resource is True
    direct = tf.get_variable("direct", [2], use_resource=True)
    assert [type(x) for x in (in_scope, got, after_set, direct)] == [ResourceVariable] * 4
    assert type(opted_out).__name__ == "RefVariable"
    assert [x.name for x in (in_scope, got, after_set, direct)] == [
        "scope/in_scope:0", "scope/got:0", "other/after_set:0", "direct:0"]
    with tf.variable_scope("scope", reuse=True):
        assert tf.get_variable("got", [2]) is got


def test_get_variable_builds_the_ops_tf_1_15_builds():
    with tf.variable_scope("s", use_resource=True):
        g = tf.get_variable("g", [2, 3], initializer=tf.zeros_initializer())
        h = tf.get_variable("h", [3], dtype=tf.int32)
    assert (g.dtype, h.dtype, g.shape, h.shape) == (tf.float32, tf.int32, tf.TensorShape([2, 3]),
                                                    tf.TensorShape([3]))
    assert summary() == [
        ("s/g/Initializer/zeros", "Const", [], []),
        ("s/g", "VarHandleOp", [], []),
        ("s/g/IsInitialized/VarIsInitializedOp", "VarIsInitializedOp", ["s/g:0"], []),
        ("s/g/Assign", "AssignVariableOp", ["s/g:0", "s/g/Initializer/zeros:0"], []),
        ("s/g/Read/ReadVariableOp", "ReadVariableOp", ["s/g:0"], []),
        ("s/h/Initializer/zeros", "Const", [], []),
        ("s/h", "VarHandleOp", [], []),
        ("s/h/IsInitialized/VarIsInitializedOp", "VarIsInitializedOp", ["s/h:0"], []),
        ("s/h/Assign", "AssignVariableOp", ["s/h:0", "s/h/Initializer/zeros:0"], []),
        ("s/h/Read/ReadVariableOp", "ReadVariableOp", ["s/h:0"], [])]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(g), np.zeros([2, 3], np.float32))
        assert sess.run(h).dtype == np.int32


# Values.
def test_values_across_runs_and_sessions():
    v = tf.Variable([1.0, 2.0], use_resource=True, name="v")
    step = v.assign_add([1.0, 1.0])
    with tf.Session() as first, tf.Session() as second:
        first.run(v.initializer)
        np.testing.assert_array_equal(first.run(step), [2., 3.])
        np.testing.assert_array_equal(first.run(step), [3., 4.])
        with pytest.raises(tf.errors.FailedPreconditionError):
            second.run(v)
        second.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(second.run(v), [1., 2.])
        np.testing.assert_array_equal(first.run(v), [3., 4.])
        fetched = first.run(v)
        fetched[0] = 100.0
        np.testing.assert_array_equal(first.run(v), [3., 4.])
    with tf.Session() as third:
        assert not third.run(v.is_initialized())


def uninitialized_read(lookup_failure):
    return ("Error while reading resource variable v from Container: localhost. This could mean that the variable "
            "was uninitialized. Not found: " + lookup_failure)


NO_CONTAINER = "Container localhost does not exist. (Could not find resource: localhost/%s)"
NO_RESOURCE = "Resource localhost/%s/N10tensorflow3VarE does not exist."


def test_reading_an_uninitialized_variable_fails_with_tf_wording():
    v = tf.Variable([[1.0, 2.0]], use_resource=True, name="v")
    other = tf.Variable(1.0, name="other")
    reads = [v, v.value(), v.read_value(), v + 1.0]
    with tf.Session() as sess:
        # TF's resource manager has no container until some variable in it has been created.
        for lookup_failure in (NO_CONTAINER % "v", None):
            if lookup_failure is None:
                sess.run(other.initializer)
                lookup_failure = NO_RESOURCE % "v"
            for read in reads:
                with pytest.raises(tf.errors.FailedPreconditionError) as info:
                    sess.run(read)
                assert info.value.message == uninitialized_read(lookup_failure)
                assert info.value.op.type == "ReadVariableOp"


@pytest.mark.parametrize("build", [
    lambda v, c: v.assign_add([[1.0, 1.0]]).op,
    lambda v, c: v.assign_sub([[1.0, 1.0]], read_value=False),
    lambda v, c: v.sparse_read([0]),
    lambda v, c: resource_variable_ops.variable_shape(v.handle),
    lambda v, c: tf.scatter_add(v, [0], [[1.0, 1.0]]).op,
    lambda v, c: c.count_up_to(3),
])
def test_updating_an_uninitialized_variable_is_not_found(build):
    v = tf.Variable([[1.0, 2.0]], use_resource=True, name="v")
    c = tf.Variable(1, use_resource=True, name="v_int")
    other = tf.Variable(1.0, use_resource=True, name="other")
    fetch = build(v, c)
    name = "v_int" if getattr(fetch, "op", fetch).type == "ResourceCountUpTo" else "v"
    with tf.Session() as sess:
        with pytest.raises(tf.errors.NotFoundError) as info:
            sess.run(fetch)
        assert info.value.message == NO_CONTAINER % name
        sess.run(other.initializer)
        with pytest.raises(tf.errors.NotFoundError) as info:
            sess.run(fetch)
        assert info.value.message == NO_RESOURCE % name


def test_is_initialized_report_and_initializers():
    v = tf.Variable(1.0, use_resource=True, name="v")
    w = tf.Variable(2.0, name="w")
    u = tf.Variable(3, use_resource=True, name="u", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    report = tf.report_uninitialized_variables()
    with tf.Session() as sess:
        assert sess.run([v.is_initialized(), tf.is_variable_initialized(v)]) == [False, False]
        assert list(sess.run(report)) == [b"v", b"w", b"u"]
        sess.run(tf.variables_initializer([v]))
        assert list(sess.run(report)) == [b"w", b"u"]
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        assert list(sess.run(report)) == []
        assert sess.run(v.is_initialized())
        sess.run(tf.assert_variables_initialized())


def test_value_and_read_value_build_a_new_read_each_time():
    v = tf.Variable([1.0], use_resource=True, name="v")
    start = count()
    first, second = v.value(), v.value()
    with tf.name_scope("outer"):
        inside = v.value()
        fresh = v.read_value()
    assert [first.name, second.name, inside.name, fresh.name] == [
        "ReadVariableOp:0", "ReadVariableOp_1:0", "outer/ReadVariableOp:0", "outer/Identity:0"]
    assert new_ops(start)[-2:] == [("outer/Read/ReadVariableOp", "ReadVariableOp", ["v:0"], []),
                                   ("outer/Identity", "Identity", ["outer/Read/ReadVariableOp:0"], [])]
    assert tf.convert_to_tensor(v).op.type == "ReadVariableOp"
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert [sess.run(t)[0] for t in (first, second, inside, fresh)] == [1.0] * 4
        assert v.eval(session=sess)[0] == 1.0
        with sess.as_default():
            assert v.eval()[0] == 1.0


def test_assign_returns_an_unread_variable_ordered_after_the_assignment():
    v = tf.Variable(1.0, use_resource=True, name="v")
    start = count()
    a = v.assign(2.0)
    added = a + 1
    assert isinstance(a, _UnreadVariable)
    assert (a.name, a.op.name, a.dtype, a.shape) == ("AssignVariableOp", "AssignVariableOp", tf.float32,
                                                    tf.TensorShape([]))
    assert repr(a) == "<tf.Variable 'AssignVariableOp' shape=() dtype=float32>"
    assert new_ops(start) == [
        ("Const", "Const", [], []),
        ("AssignVariableOp", "AssignVariableOp", ["v:0", "Const:0"], []),
        ("ReadVariableOp", "ReadVariableOp", ["v:0"], ["AssignVariableOp"]),
        ("ReadVariableOp_1", "ReadVariableOp", ["v:0"], ["AssignVariableOp"]),
        ("add/y", "Const", [], []),
        ("add", "Add", ["ReadVariableOp_1:0", "add/y:0"], [])]  # TF 2's compat layer: AddV2
    op = v.assign(3.0, read_value=False)
    assert isinstance(op, tf.Operation) and op.type == "AssignVariableOp"
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(a) == 2.0 and a.eval(session=sess) == 2.0
        assert sess.run(added) == 3.0
        assert sess.run(op) is None and sess.run(v) == 3.0
        assert sess.run(a.assign_add(5.0)) == 8.0  # an update of `a` does not wait for a's assignment


@pytest.mark.parametrize("method, expected", [("assign", [5., 6.]), ("assign_add", [6., 8.]),
                                              ("assign_sub", [-4., -4.])])
def test_assign_methods_and_state_ops_dispatch(method, expected):
    v = tf.Variable([1.0, 2.0], use_resource=True, name="v")
    result = getattr(v, method)([5.0, 6.0])
    also = getattr(tf, method)(v, [5.0, 6.0])
    op = getattr(v, method)([5.0, 6.0], read_value=False)
    assert isinstance(also, _UnreadVariable)
    assert op.type == {"assign": "AssignVariableOp", "assign_add": "AssignAddVariableOp",
                       "assign_sub": "AssignSubVariableOp"}[method]
    with tf.Session() as sess:
        for fetch in (result, also, op):
            sess.run(v.initializer)
            sess.run(fetch)
            np.testing.assert_array_equal(sess.run(v), expected)


def test_assignment_shape_and_dtype_errors():
    v = tf.Variable([1.0, 2.0], use_resource=True, name="v")
    assert_graph_unchanged_after(ValueError, lambda: v.assign([1., 2., 3.]),
                                 r"^Shapes \(2,\) and \(3,\) are incompatible$")
    assert_graph_unchanged_after(
        ValueError, lambda: v.assign_add([1., 2., 3.]),
        r"^Dimension 0 in both shapes must be equal, but are 2 and 3. Shapes are \[2\] and \[3\]. for "
        r"'AssignAddVariableOp' \(op: 'AssignAddVariableOp'\) with input shapes: \[\], \[3\].$")
    assert_graph_unchanged_after(
        ValueError, lambda: resource_variable_ops.assign_variable_op(v.handle, [1., 2., 3.]),
        r"^Dimension 0 in both shapes must be equal, but are 2 and 3. .* for 'AssignVariableOp' \(op: "
        r"'AssignVariableOp'\) with input shapes: \[\], \[3\].$")
    assert_graph_unchanged_after(TypeError, lambda: v.assign("x"), "^Expected float32, got 'x'")
    assert_graph_unchanged_after(
        ValueError, lambda: resource_variable_ops.read_variable_op(v.handle, tf.int32),
        r"^Trying to read variable with wrong dtype. Expected float got int32 for 'ReadVariableOp' \(op: "
        r"'ReadVariableOp'\) with input shapes: \[\].$")
    assert v.assign([1, 2]).dtype == tf.float32  # Python ints convert to the variable's dtype


def test_runtime_update_shape_errors():
    v = tf.Variable([1.0, 2.0], use_resource=True, name="v")
    p = tf.placeholder(tf.float32)
    add = v.assign_add(p, read_value=False)
    with tf.Session() as sess:
        sess.run(v.initializer)
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(add, {p: [1., 2., 3.]})
        assert info.value.message == ("Cannot update variable with shape [2] using a Tensor with shape [3], "
                                      "shapes must be equal.")
        np.testing.assert_array_equal(sess.run(v), [1., 2.])


def test_sparse_read():
    w = tf.Variable([[1., 2.], [3., 4.], [5., 6.]], use_resource=True, name="w")
    start = count()
    rows = w.sparse_read([2, 0])
    with tf.name_scope("outer"):
        named = w.sparse_read([[1], [1]], name="g")
    # TF 1.15 returns an Identity of the gather; TF 2's compat layer returns the gather itself.
    assert new_ops(start) == [
        ("Gather/indices", "Const", [], []),
        ("Gather", "ResourceGather", ["w:0", "Gather/indices:0"], []),
        ("Identity", "Identity", ["Gather:0"], []),
        ("outer/g/indices", "Const", [], []),
        ("outer/g", "ResourceGather", ["w:0", "outer/g/indices:0"], []),
        ("outer/Identity", "Identity", ["outer/g:0"], [])]
    gather = tf.get_default_graph().get_operation_by_name("Gather")
    assert (gather.get_attr("batch_dims"), gather.get_attr("validate_indices"), gather.get_attr("Tindices")) == (
        0, True, tf.int32)
    assert rows.shape == tf.TensorShape([2, 2]) and named.shape == tf.TensorShape([2, 1, 2])
    bad = w.sparse_read([[0], [7]])
    with tf.Session() as sess:
        sess.run(w.initializer)
        np.testing.assert_array_equal(sess.run(rows), [[5., 6.], [1., 2.]])
        np.testing.assert_array_equal(sess.run(named), [[[3., 4.]], [[3., 4.]]])
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(bad)
        assert info.value.message == "indices[1,0] = 7 is not in [0, 3)"


def test_gather_of_a_scalar_variable_is_refused():
    c = tf.Variable(3, use_resource=True, name="c")
    assert_graph_unchanged_after(
        ValueError, lambda: c.sparse_read([0]),
        r"^Shape must be at least rank 1 but is rank 0 for 'Gather' \(op: 'ResourceGather'\) with input shapes: "
        r"\[\], \[1\].$")


def test_resource_gather_with_batch_dims():
    w = tf.Variable(np.arange(12, dtype=np.float32).reshape(2, 3, 2), use_resource=True, name="w")
    gathered = resource_variable_ops.resource_gather(w.handle, [[2, 0], [1, 1]], dtype=tf.float32, batch_dims=1)
    assert gathered.shape == tf.TensorShape([2, 2, 2])
    with tf.Session() as sess:
        sess.run(w.initializer)
        params = np.arange(12, dtype=np.float32).reshape(2, 3, 2)
        np.testing.assert_array_equal(sess.run(gathered), [params[0][[2, 0]], params[1][[1, 1]]])


SCATTERS = {
    "scatter_update": lambda a, i, u: a.__setitem__(i, u),
    "scatter_add": np.add.at, "scatter_sub": np.subtract.at, "scatter_mul": np.multiply.at,
    "scatter_div": np.divide.at, "scatter_min": np.minimum.at, "scatter_max": np.maximum.at,
}


@pytest.mark.parametrize("method", sorted(SCATTERS))
def test_scatter_methods_and_state_ops_dispatch(method):
    initial = np.array([[1., 2.], [3., 4.], [5., 6.]], np.float32)
    w = tf.Variable(initial, use_resource=True, name="w")
    updates = np.array([[2., 4.], [8., 1.]], np.float32)
    start = count()
    result = getattr(w, method)(IndexedSlices(tf.constant(updates), tf.constant([2, 0])))
    op_type = "Resource" + "".join(part.title() for part in method.split("_"))
    assert isinstance(result, _UnreadVariable) and result.op.type == op_type
    assert [op_type for _, op_type, _, _ in new_ops(start)] == ["Const", "Const", op_type, "ReadVariableOp"]
    start = count()
    function_result = getattr(tf, method)(w, [2, 0], updates, name="named")
    assert [name for name, _, _, _ in new_ops(start)] == ["Const_2", "named/indices", "named", "ReadVariableOp_1"]
    expected = initial.copy()
    SCATTERS[method](expected, np.array([2, 0]), updates)
    with tf.Session() as sess:
        for fetch in (result, function_result):
            sess.run(w.initializer)
            np.testing.assert_allclose(sess.run(fetch), expected)
            np.testing.assert_allclose(sess.run(w), expected)


def test_scatter_rules():
    w = tf.Variable([[1., 2.], [3., 4.]], use_resource=True, name="w")
    ints = tf.Variable([7, -7, 7, -7], use_resource=True, name="ints")
    repeated = tf.scatter_add(w, [0, 0, 1], [[1., 1.], [1., 1.], [5., 5.]])
    scalar = tf.scatter_update(w, [1, 0], 9.0)
    truncated = tf.scatter_div(ints, [0, 1, 2, 3], [2, 2, -2, -2])
    out_of_range = tf.scatter_sub(w, [[0], [2]], [[[1., 1.]], [[1., 1.]]])
    empty = tf.scatter_add(w, tf.zeros([0], tf.int32), tf.zeros([0, 2]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(repeated), [[3., 4.], [8., 9.]])
        np.testing.assert_array_equal(sess.run(scalar), [[9., 9.], [9., 9.]])
        np.testing.assert_array_equal(sess.run(truncated), [3, -3, -3, 3])  # C++ integer division
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(out_of_range)
        assert info.value.message == "indices[1,0] = 2 is not in [0, 2)"
        np.testing.assert_array_equal(sess.run(empty), [[9., 9.], [9., 9.]])
    assert_graph_unchanged_after(TypeError, lambda: w.scatter_add([1.0]), "^sparse_delta is not IndexedSlices")
    slices = IndexedSlices(tf.constant([5, 1, 2]), tf.constant([0, 1]))
    assert_graph_unchanged_after(
        ValueError, lambda: ints.scatter_add(slices),
        r"^Dimension 0 in both shapes must be equal, but are 3 and 2. Shapes are \[3\] and \[2\]. for "
        r"'ResourceScatterAdd_2' \(op: 'ResourceScatterAdd'\) with input shapes: \[\], \[2\], \[3\].$")
    rank_one = IndexedSlices(tf.constant([5.0, 1.]), tf.constant([0, 1]))
    assert_graph_unchanged_after(
        ValueError, lambda: w.scatter_add(rank_one),
        "^Shapes must be equal rank, but are 1 and 2 for 'ResourceScatterAdd_2'")


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_scatter_ops_match_numpy(data):
    tf.reset_default_graph()
    dtype = data.draw(st.sampled_from([np.float32, np.float64, np.int32, np.int64]))
    rows = data.draw(st.integers(1, 5))
    inner = data.draw(st.lists(st.integers(1, 3), max_size=2))
    initial = data.draw(arrays(dtype, [rows] + inner))
    indices = data.draw(st.lists(st.integers(0, rows - 1), min_size=1, max_size=6))
    updates = data.draw(arrays(dtype, [len(indices)] + inner, low=1, high=9))
    method = data.draw(st.sampled_from(["scatter_add", "scatter_sub", "scatter_mul", "scatter_min",
                                        "scatter_max", "scatter_update"]))
    v = tf.Variable(initial, use_resource=True, name="v")
    result = getattr(tf, method)(v, np.array(indices, np.int64), updates)
    expected = initial.copy()
    SCATTERS[method](expected, np.array(indices), updates)
    with tf.Session() as sess:
        sess.run(v.initializer)
        got = sess.run(result)
    if method != "scatter_update" or len(set(indices)) == len(indices):
        np.testing.assert_array_equal(got, expected)
    assert got.dtype == dtype


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_assign_add_and_sub_match_numpy(data):
    tf.reset_default_graph()
    dtype = data.draw(st.sampled_from([np.float32, np.float64, np.int32, np.int64]))
    shape = data.draw(st.lists(st.integers(1, 4), max_size=3))
    initial, delta = data.draw(arrays(dtype, shape)), data.draw(arrays(dtype, shape))
    v = tf.Variable(initial, use_resource=True, name="v")
    added, subtracted = v.assign_add(delta), v.assign_sub(delta)
    with tf.Session() as sess:
        sess.run(v.initializer)
        np.testing.assert_array_equal(sess.run(added), initial + delta)
        np.testing.assert_array_equal(sess.run(subtracted), (initial + delta) - delta)
        np.testing.assert_array_equal(sess.run(v.assign(delta)), delta)


def test_count_up_to():
    c = tf.Variable(3, use_resource=True, name="c")
    start = count()
    step = c.count_up_to(5)
    assert new_ops(start) == [("ResourceCountUpTo", "ResourceCountUpTo", ["c:0"], [])]
    assert (step.dtype, step.shape, step.op.get_attr("limit")) == (tf.int32, tf.TensorShape([]), 5)
    with tf.Session() as sess:
        sess.run(c.initializer)
        assert [sess.run(step), sess.run(step)] == [3, 4]
        with pytest.raises(tf.errors.OutOfRangeError) as info:
            sess.run(step)
        assert info.value.message == "Reached limit of 5" and sess.run(c) == 5
        assert sess.run(tf.count_up_to(c, 7)) == 5
    v = tf.Variable([1.0], use_resource=True, name="v")
    vector = tf.Variable([1, 2], use_resource=True, name="vector")
    assert_graph_unchanged_after(
        TypeError, lambda: v.count_up_to(5),
        "^Value passed to parameter 'T' has DataType float32 not in list of allowed values: int32, int64$")
    assert_graph_unchanged_after(
        ValueError, lambda: vector.count_up_to(5),
        r"^Shape must be rank 0 but is rank 1 for 'ResourceCountUpTo_2' \(op: 'ResourceCountUpTo'\) with input "
        r"shapes: \[\].$")
    assert_graph_unchanged_after(
        ValueError, lambda: resource_variable_ops.resource_count_up_to(c.handle, 5, tf.int64),
        "^Data types do not match: int64 and int32 for 'ResourceCountUpTo_2'")


def test_load_and_initialized_value():
    v = tf.Variable([1.0, 2.0], use_resource=True, name="v")
    start = count()
    with tf.control_dependencies([tf.constant(0.0, name="x")]):
        initialized = v.initialized_value()
    built = new_ops(start)
    assert built[1] == ("VarIsInitializedOp", "VarIsInitializedOp", ["v:0"], [])
    assert all("x" not in control for _, _, _, control in built)  # built in TF's init_scope
    assert initialized.name == "cond/Merge:0" and initialized.shape == tf.TensorShape([2])
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(initialized), [1., 2.])
        v.load([5.0, 6.0], session=sess)
        np.testing.assert_array_equal(sess.run(initialized), [5., 6.])
        with sess.as_default():
            v.load([7.0, 8.0])
        np.testing.assert_array_equal(sess.run(v), [7., 8.])
    with pytest.raises(ValueError, match="Either session argument should be provided"):
        v.load([1.0, 2.0])


def test_initial_value_from_another_variable_initializes_in_any_order():
    v = tf.Variable(3.0, use_resource=True, name="v")
    w = tf.Variable(lambda: v.initialized_value() * 2.0, use_resource=True, name="w")
    with tf.Session() as sess:
        sess.run(w.initializer)
        assert sess.run(w) == 6.0
        assert not sess.run(v.is_initialized())


def test_proto_round_trip():
    with tf.name_scope("outer"):
        v = tf.Variable([1.0], use_resource=True, name="v", trainable=False)
    proto = v.to_proto()
    assert proto == VariableDef("outer/v:0", "outer/v/Initializer/initial_value:0", "outer/v/Assign",
                                             "outer/v/Read/ReadVariableOp:0", True, False)
    stripped = v.to_proto(export_scope="outer")
    assert stripped.variable_name == "v:0" and stripped.snapshot_name == "v/Read/ReadVariableOp:0"
    assert v.to_proto(export_scope="elsewhere") is None
    before = op_names()
    copy = ResourceVariable.from_proto(stripped, import_scope="outer")
    same = ResourceVariable(variable_def=proto)
    assert op_names() == before
    for restored in (copy, same):
        assert isinstance(restored, ResourceVariable)
        assert (restored.name, restored.shape, restored.dtype, restored.trainable) == (
            "outer/v:0", tf.TensorShape([1]), tf.float32, False)
        assert restored.handle is v.handle and restored.initializer is v.initializer
        assert restored.initial_value is v.initial_value
        assert restored._as_graph_element() is v._as_graph_element()
    ref = tf.Variable(1.0, name="ref")
    with pytest.raises(ValueError, match="^Trying to restore Variable as ResourceVariable.$"):
        ResourceVariable(variable_def=ref.to_proto())
    with pytest.raises(ValueError, match="^variable_def and initial_value are mutually exclusive.$"):
        ResourceVariable(1.0, variable_def=proto)


def test_proto_with_a_caching_device_keeps_the_cached_read():
    v = tf.Variable([1.0], use_resource=True, name="v", caching_device="/cpu:0")
    restored = ResourceVariable(variable_def=v.to_proto())
    assert restored.value() is v.value() and restored._as_graph_element() is v._as_graph_element()


@pytest.mark.parametrize("expression, expected", [
    (lambda v, m: v + 1.0, [[2., 3.]]), (lambda v, m: 1.0 - v, [[0., -1.]]), (lambda v, m: v * v, [[1., 4.]]),
    (lambda v, m: v / 2.0, [[.5, 1.]]), (lambda v, m: -v, [[-1., -2.]]), (lambda v, m: abs(-v), [[1., 2.]]),
    (lambda v, m: v ** 2, [[1., 4.]]), (lambda v, m: v @ m, [[5.]]), (lambda v, m: v[0], [1., 2.]),
    (lambda v, m: v > 1.0, [[False, True]]), (lambda v, m: v // 2.0, [[0., 1.]]),
    (lambda v, m: np.float32(3.0) * v, [[3., 6.]]), (lambda v, m: tf.identity(v), [[1., 2.]]),
])
def test_operators_read_the_variable(expression, expected):
    v = tf.Variable([[1.0, 2.0]], use_resource=True, name="v")
    m = tf.constant([[1.0], [2.0]])
    start = count()
    result = expression(v, m)
    assert "ReadVariableOp" in [op_type for _, op_type, _, _ in new_ops(start)]
    with tf.Session() as sess:
        sess.run(v.initializer)
        np.testing.assert_array_equal(sess.run(result), expected)


def test_conversion_and_python_protocols():
    v = tf.Variable([1.0, 2.0], use_resource=True, name="v")
    assert_graph_unchanged_after(ValueError, lambda: tf.convert_to_tensor(v, dtype=tf.int32),
                                 "^Incompatible type conversion requested to type 'int32' for variable of type "
                                 "'float32'$")
    as_ref = tf.convert_to_tensor(v, as_ref=True)
    assert as_ref.name == "Read/ReadVariableOp:0" and not as_ref.dtype.is_ref_dtype
    assert tf.get_default_graph().as_graph_element(v).name == "v/Read/ReadVariableOp:0"
    assert_graph_unchanged_after(TypeError, lambda: bool(v), "Using a `tf.Tensor` as a Python `bool`")
    assert_graph_unchanged_after(TypeError, lambda: iter(v))
    for operator, word in ((lambda x: x.__iadd__(1), r"\+="), (lambda x: x.__isub__(1), "-="),
                           (lambda x: x.__imul__(1), r"\*="), (lambda x: x.__itruediv__(1), "/="),
                           (lambda x: x.__ipow__(1), r"\*\*=")):
        assert_graph_unchanged_after(RuntimeError, lambda: operator(v), "^Variable %s value not supported." % word)
    with pytest.raises(TypeError, match="'Assign' Op requires that input 'ref' be a mutable tensor"):
        apply_op("Assign", ref=v, value=[1.0, 2.0])


def test_handle_data_follows_the_handle_through_identity_and_control_flow():
    v = tf.Variable([[1, 2, 3]], use_resource=True, name="v")
    through = tf.identity(v.handle)
    assert resource_variable_ops.read_variable_op(through, tf.int32).shape == tf.TensorShape([1, 3])
    assert resource_variable_ops.variable_shape(through).shape == tf.TensorShape([2])
    unknown = tf.placeholder(tf.resource)
    assert resource_variable_ops.read_variable_op(unknown, tf.int32).shape == tf.TensorShape(None)
    assert resource_variable_ops.variable_shape(unknown).shape.as_list() == [None]
    assert resource_variable_ops.handle_op(through) is v.op and resource_variable_ops.handle_op(unknown) is None
    with tf.Session() as sess:
        sess.run(v.initializer)
        np.testing.assert_array_equal(sess.run(resource_variable_ops.read_variable_op(through, tf.int32)),
                                      [[1, 2, 3]])


def test_while_loop_updates_a_resource_variable_each_iteration():
    v = tf.Variable(0.0, use_resource=True, name="v")
    w = tf.Variable([1.0, 2.0], use_resource=True, name="w")

    def body(i, total):
        with tf.control_dependencies([v.assign_add(1.0)]):
            return i + 1, total + v.read_value() + tf.reduce_sum(w.sparse_read([1]))

    result = tf.while_loop(lambda i, total: i < 3, body, [0, 0.0])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(result) == (3, 12.0)
        assert sess.run(v) == 3.0


# Reads and writes in one Session.run (see the resource_variables module docstring).
@pytest.mark.parametrize("use_resource", [False, True])
def test_read_and_assign_in_one_run(use_resource):
    v = tf.Variable(1.0, use_resource=use_resource, name="v")
    assign = v.assign(2.0)  # a tensor of the assigned value (ref) or an _UnreadVariable (resource)
    assign_op = v.assign(2.0).op
    read = v.read_value()
    with tf.control_dependencies([assign_op]):
        read_after = v.read_value()
    with tf.control_dependencies([read]):
        assign_after_read = v.assign(3.0)

    def run(fetches):
        with tf.Session() as sess:
            sess.run(v.initializer)
            return [None if x is None else float(x) for x in sess.run(fetches)] + [float(sess.run(v))]

    if not use_resource:
        # A ref variable's read aliases the variable, as in TF 1.x: fetched, it shows the variable
        # as the run leaves it, whatever ran after it (the docstring's aliasing warning).
        for fetches in ([read, assign], [assign, read], [v, assign]):
            assert run(fetches) == [2.0, 2.0, 2.0]
        assert run([read, assign_op]) == [2.0, None, 2.0]
        assert run([assign_op, read]) == [None, 2.0, 2.0]
        assert run([read_after]) == [2.0, 2.0]
        assert run([assign_after_read, read]) == [3.0, 3.0, 3.0]
        return
    # A resource variable's read is a value: the order of the plan decides, the same way every time.
    assert run([read, assign]) == [1.0, 2.0, 2.0]
    assert run([assign, read]) == [2.0, 2.0, 2.0]
    assert run([read, assign_op]) == [1.0, None, 2.0]  # fetched tensors run before fetched ops
    assert run([assign_op, read]) == [None, 1.0, 2.0]
    assert run([v, assign]) == [1.0, 2.0, 2.0]  # `sess.run(v)` fetches its "v/Read" op
    # With a dependency the graph decides.
    assert run([read_after]) == [2.0, 2.0]
    assert run([assign_after_read, read]) == [3.0, 1.0, 3.0]
    for _ in range(3):  # deterministic
        assert run([read, assign]) == [1.0, 2.0, 2.0]


@pytest.mark.parametrize("use_resource", [False, True])
def test_tf_variable_docstring_cond_on_a_variable_that_the_branch_assigns(use_resource):
    v = tf.Variable(True, use_resource=use_resource, name="v")
    result = tf.cond(v, lambda: v.assign(False), lambda: tf.constant(True))
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert [sess.run(result), sess.run(v), sess.run(result), sess.run(v)] == [False, False, True, False]


def test_tf_docstring_example_reads_between_two_assignments():
    a = tf.Variable(1.0, use_resource=True, name="a")
    assign = a.assign(2.0)
    with tf.control_dependencies([assign]):
        b = a.read_value()
    with tf.control_dependencies([b]):
        other_assign = a.assign(3.0)
    with tf.control_dependencies([other_assign]):
        printed = tf.identity(b)
    with tf.Session() as sess:
        sess.run(a.initializer)
        assert sess.run(printed) == 2.0 and sess.run(a) == 3.0


def test_raw_ops_on_a_handle_in_a_named_container():
    handle = resource_variable_ops.var_handle_op(tf.int64, [2], container="exp0", shared_name="x", name="h")
    read = resource_variable_ops.read_variable_op(handle, tf.int64)
    assign = resource_variable_ops.assign_variable_op(handle, np.array([4, 5], np.int64))
    initialized = resource_variable_ops.var_is_initialized_op(handle)
    assert (handle.op.name, handle.op.type, read.shape, assign.outputs) == ("h", "VarHandleOp", tf.TensorShape([2]),
                                                                          [])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError) as info:
            sess.run(read)
        assert info.value.message == (
            "Error while reading resource variable x from Container: exp0. This could mean that the variable was "
            "uninitialized. Not found: Container exp0 does not exist. (Could not find resource: exp0/x)")
        assert not sess.run(initialized)
        sess.run(assign)
        assert sess.run(initialized)
        np.testing.assert_array_equal(sess.run(read), [4, 5])
