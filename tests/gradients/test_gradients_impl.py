"""`tf.gradients`: the graph it builds (names checked against TensorFlow), its options, errors and variables."""

import warnings

import numpy as np
import pytest

import tfvars as tf


def new_ops(build):
    """(result of build(), [(name, type)] of the ops it added)."""
    graph = tf.get_default_graph()
    count = len(graph.get_operations())
    result = build()
    return result, [(op.name, op.type) for op in graph.get_operations()[count:]]


def grad_ops(fn, shape=(2, 3)):
    """The ops `tf.gradients` adds for fn(x), with grad_ys given (names as the oracle printed them)."""
    x = tf.placeholder(tf.float32, shape, name="x")
    y = fn(x)
    grad_y = tf.ones_like(y)
    _, ops = new_ops(lambda: tf.gradients(y, x, grad_ys=grad_y))
    assert ops[0] == ("gradients/grad_ys_0", "Identity")
    return ["%s:%s" % (name[len("gradients/"):], kind) for name, kind in ops[1:]]


# Verified against TensorFlow (its v1 graph mode) op for op.
ORACLE_NAMES = {
    "tanh": (tf.tanh, ["Tanh_grad/TanhGrad:TanhGrad"]),
    "matmul": (lambda x: tf.matmul(x, tf.ones([3, 4])), ["MatMul_grad/MatMul:MatMul", "MatMul_grad/MatMul_1:MatMul"]),
    "log": (tf.log, ["Log_grad/Reciprocal:Reciprocal", "Log_grad/mul:Mul"]),
    "transpose": (tf.transpose, ["transpose_grad/InvertPermutation:InvertPermutation",
                                 "transpose_grad/transpose:Transpose"]),
    "slice": (lambda x: tf.slice(x, [0, 1], [2, 2]), [
        "Slice_grad/Rank:Const", "Slice_grad/Shape:Const", "Slice_grad/stack/1:Const", "Slice_grad/stack:Pack",
        "Slice_grad/Reshape:Reshape", "Slice_grad/Shape_1:Const", "Slice_grad/sub:Sub", "Slice_grad/sub_1:Sub",
        "Slice_grad/Reshape_1:Reshape", "Slice_grad/concat/axis:Const", "Slice_grad/concat:ConcatV2",
        "Slice_grad/Pad:Pad"]),
    "tile": (lambda x: tf.tile(x, [2, 1]), [
        "Tile_grad/Shape:Const", "Tile_grad/stack:Pack", "Tile_grad/transpose/perm:Const",
        "Tile_grad/transpose:Transpose", "Tile_grad/Reshape/shape:Const", "Tile_grad/Reshape:Reshape",
        "Tile_grad/Size:Const", "Tile_grad/range/start:Const", "Tile_grad/range/delta:Const", "Tile_grad/range:Range",
        "Tile_grad/Reshape_1:Reshape", "Tile_grad/Sum:Sum"]),
    "pad": (lambda x: tf.pad(x, [[1, 0], [0, 2]]), [
        "Pad_grad/Rank:Const", "Pad_grad/stack/1:Const", "Pad_grad/stack:Pack", "Pad_grad/Slice/begin:Const",
        "Pad_grad/Slice:Slice", "Pad_grad/Reshape/shape:Const", "Pad_grad/Reshape:Reshape", "Pad_grad/Shape:Const",
        "Pad_grad/Slice_1:Slice"]),
    "unstack": (lambda x: tf.unstack(x)[0], ["zeros_like:ZerosLike", "unstack_grad/stack:Pack"]),
    "split": (lambda x: tf.split(x, 3, axis=1)[0], [
        "zeros_like:ZerosLike", "zeros_like_1:ZerosLike", "split_grad/concat:ConcatV2"]),
    "select": (lambda x: tf.where(x > 0, x, -x), [
        "Select_grad/zeros_like:Const", "Select_grad/Select:Select", "Select_grad/Select_1:Select",
        "Neg_grad/Neg:Neg", "AddN:AddN"]),
    "concat": (lambda x: tf.concat([x, x], 0), [
        "concat_grad/Rank:Const", "concat_grad/mod:FloorMod", "concat_grad/Shape:Const", "concat_grad/Shape_1:Const",
        "concat_grad/ConcatOffset:ConcatOffset", "concat_grad/Slice:Slice", "concat_grad/Slice_1:Slice",
        "AddN:AddN"]),
    "cumsum": (lambda x: tf.cumsum(x, 1), ["Cumsum_grad/Cumsum:Cumsum"]),
    "sum_all": (tf.reduce_sum, ["Sum_grad/Reshape/shape:Const", "Sum_grad/Reshape:Reshape", "Sum_grad/Const:Const",
                                "Sum_grad/Tile:Tile"]),
}


@pytest.mark.parametrize("case", sorted(ORACLE_NAMES))
def test_gradient_ops_are_named_as_tensorflow_names_them(case):
    fn, expected = ORACLE_NAMES[case]
    assert grad_ops(fn) == expected


def test_default_grad_ys_and_broadcast_reduction_names():
    """TF 1.x: Shape, grad_ys_0 and Fill, then the broadcasting rule's BroadcastGradientArgs (TF 2's differ)."""
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    y = tf.placeholder(tf.float32, [3], name="y")
    product = x * y
    grads, ops = new_ops(lambda: tf.gradients(product, [x, y]))
    assert [g.name for g in grads] == ["gradients/mul_grad/Reshape:0", "gradients/mul_grad/Reshape_1:0"]
    assert ops == [
        ("gradients/Shape", "Const"), ("gradients/grad_ys_0", "Const"), ("gradients/Fill", "Fill"),
        ("gradients/mul_grad/Shape", "Const"), ("gradients/mul_grad/Shape_1", "Const"),
        ("gradients/mul_grad/BroadcastGradientArgs", "BroadcastGradientArgs"),
        ("gradients/mul_grad/mul", "Mul"), ("gradients/mul_grad/Sum", "Sum"),
        ("gradients/mul_grad/Reshape", "Reshape"), ("gradients/mul_grad/mul_1", "Mul"),
        ("gradients/mul_grad/Sum_1", "Sum"), ("gradients/mul_grad/Reshape_1", "Reshape")]
    assert tf.gradients(product, x)[0].name.startswith("gradients_1/")
    with tf.Session() as sess:
        gx, gy = sess.run(grads, {x: np.ones((2, 3)), y: [1.0, 2.0, 3.0]})
    np.testing.assert_array_equal(gx, [[1, 2, 3], [1, 2, 3]])
    np.testing.assert_array_equal(gy, [2, 2, 2])


def test_square_of_sum_with_python_grad_ys():
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    total = tf.reduce_sum(tf.square(x))
    grads, ops = new_ops(lambda: tf.gradients(total, x, grad_ys=[2.0]))
    assert grads[0].name == "gradients/Square_grad/Mul_1:0"
    assert ops[:2] == [("gradients/grad_y_0", "Const"), ("gradients/grad_ys_0", "Identity")]
    graph = tf.get_default_graph()
    tile = graph.get_operation_by_name("gradients/Sum_grad/Tile")
    assert graph.get_operation_by_name("gradients/Square_grad/Const").control_inputs == [tile]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(grads[0], {x: np.ones((2, 3))}), np.full((2, 3), 4.0))


def test_gate_gradients_groups_each_ops_gradients_in_a_tuple():
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    y = tf.placeholder(tf.float32, [3], name="y")
    total = x * y + x
    grads, ops = new_ops(lambda: tf.gradients(total, [x, y], gate_gradients=True))
    assert [g.name for g in grads] == ["gradients/AddN:0", "gradients/mul_grad/tuple/control_dependency_1:0"]
    names = [name for name, _ in ops]
    for name in ("gradients/add_grad/tuple/group_deps", "gradients/add_grad/tuple/control_dependency",
                 "gradients/add_grad/tuple/control_dependency_1", "gradients/mul_grad/tuple/group_deps"):
        assert name in names
    graph = tf.get_default_graph()
    group = graph.get_operation_by_name("gradients/mul_grad/tuple/group_deps")
    assert [op.name for op in group.control_inputs] == ["gradients/mul_grad/Reshape", "gradients/mul_grad/Reshape_1"]
    add_n = graph.get_operation_by_name("gradients/AddN")
    assert add_n.get_attr("_class") == [b"loc:@gradients/Fill"]


@pytest.mark.parametrize("method", [tf.AggregationMethod.ADD_N, tf.AggregationMethod.EXPERIMENTAL_TREE,
                                    tf.AggregationMethod.EXPERIMENTAL_ACCUMULATE_N])
def test_aggregation_methods_sum_the_same(method):
    x = tf.constant([1.0, 2.0])
    grad = tf.gradients(x * x + 3.0 * x + tf.sin(x), x, aggregation_method=method)[0]
    assert grad.op.type == "AddN"
    if method == tf.AggregationMethod.ADD_N:
        assert grad.op.name == "gradients/AddN" and len(grad.op.inputs) == 4
    else:  # pairwise sums in a scope named for the op whose output receives them
        assert grad.op.name.startswith("gradients/Const_gradient_sum/") and len(grad.op.inputs) == 2
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(grad), 2 * np.array([1.0, 2.0]) + 3.0 + np.cos([1.0, 2.0]), rtol=1e-6)


def test_colocate_gradients_with_ops():
    x = tf.placeholder(tf.float32, [2], name="x")
    y = tf.exp(x, name="e")
    grad = tf.gradients(y, x, colocate_gradients_with_ops=True)[0]
    assert grad.op.get_attr("_class") == [b"loc:@e"]


def test_stop_gradient_op_and_stop_gradients_argument():
    x = tf.constant([1.0, 2.0])
    y = tf.stop_gradient(x * 3.0)
    assert y.op.type == "StopGradient"
    assert tf.gradients(y * x, x)[0] is not None
    a = tf.constant(1.0)
    b = 2.0 * a
    c = a + b
    grads = tf.gradients(c, [a, b], stop_gradients=[a, b])
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(tf.gradients(y * x, x)[0]), [3.0, 6.0])
        assert sess.run(grads) == [1.0, 1.0]
        assert sess.run(tf.gradients(c, [a, b])) == [3.0, 1.0]


def test_unconnected_gradients_none_or_zero():
    x = tf.placeholder(tf.float32, [2], name="x")
    z = tf.placeholder(tf.float32, [2, 2], name="z")
    y = 2.0 * x
    assert tf.gradients(y, [x, z])[1] is None
    grads = tf.gradients(y, [x, z], unconnected_gradients=tf.UnconnectedGradients.ZERO)
    assert grads[1].name == "zeros_like:0" and grads[1].shape == (2, 2)
    assert tf.gradients(y, z, unconnected_gradients="zero")[0].op.type == "Const"
    assert tf.gradients(tf.cast(x, tf.int32), x) == [None]  # integer tensors carry no gradient
    assert tf.gradients(x, [2.0])[0] is None


def test_gradient_of_a_tensor_with_respect_to_itself_is_its_grad_y():
    x = tf.constant([1.0, 2.0])
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(tf.gradients(x, x)[0]), [1.0, 1.0])
        np.testing.assert_array_equal(sess.run(tf.gradients([x, 2.0 * x], x)[0]), [3.0, 3.0])


def test_ref_variable_gradients_flow_through_the_read():
    v = tf.Variable([1.0, 2.0], name="v")
    loss = tf.reduce_sum(v * v)
    grad = tf.gradients(loss, v)[0]
    assert tf.gradients(loss, [v.value()])[0].name.endswith("AddN:0")
    assert grad.dtype == tf.float32
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(grad), [2.0, 4.0])
        np.testing.assert_array_equal(sess.run(tf.gradients(loss, v.op.outputs[0])[0]), [2.0, 4.0])


def test_resource_variable_gradients_flow_to_the_handle():
    r = tf.get_variable("r", [3, 2], use_resource=True, initializer=tf.ones_initializer())
    loss = tf.reduce_sum(r.read_value() * 3.0)
    grad = tf.gradients(loss, r)[0]
    assert grad.shape == (3, 2)
    assert tf.gradients(loss, r.handle)[0].name == "gradients_1/mul_grad/Reshape:0"
    rows = tf.gradients(tf.reduce_sum(r.sparse_read([2, 0])), r)[0]
    unconnected = tf.gradients(tf.constant(1.0), r, unconnected_gradients="zero")[0]
    assert isinstance(rows, tf.IndexedSlices) and unconnected.shape == (3, 2)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(grad), np.full((3, 2), 3.0))
        value = sess.run(rows)
        np.testing.assert_array_equal(value.indices, [2, 0])
        np.testing.assert_array_equal(value.dense_shape, [3, 2])
        np.testing.assert_array_equal(sess.run(unconnected), np.zeros((3, 2)))


def test_py_func_gradient_through_gradient_override_map():
    @tf.RegisterGradient("TestPyFuncSquareGrad")
    def _square_grad(op, grad):
        return grad * 2.0 * op.inputs[0]

    x = tf.constant([1.0, 3.0])
    plain = tf.py_func(np.square, [x], tf.float32)
    with tf.get_default_graph().gradient_override_map({"PyFunc": "TestPyFuncSquareGrad"}):
        y = tf.py_func(np.square, [x], tf.float32)
    assert tf.gradients(plain, x) == [None]
    grad = tf.gradients(y, x)[0]
    assert grad.op.name.startswith("gradients_1/PyFunc_1_grad/")
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(grad), [2.0, 6.0])


def test_override_map_on_a_builtin_op():
    @tf.RegisterGradient("TestCustomSquareGrad")
    def _custom(op, grad):
        return grad * 10.0

    x = tf.constant(2.0)
    with tf.get_default_graph().gradient_override_map({"Square": "TestCustomSquareGrad"}):
        y = tf.square(x)
    with tf.Session() as sess:
        assert sess.run(tf.gradients(y, x)[0]) == 10.0


def test_indexed_slices_fetch_conversion_and_properties():
    params = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    grad = tf.gradients(tf.gather(params, [2, 0, 2]), params)[0]
    assert grad.dtype == tf.float32 and grad.op is grad.values.op and grad.graph is params.graph
    assert grad.name == grad.values.name and grad.device == ""
    assert str(grad).startswith("IndexedSlices(indices=Tensor(")
    dense = tf.convert_to_tensor(grad)
    assert dense.op.type == "UnsortedSegmentSum"
    assert dense.shape == (3, 2)
    assert tf.convert_to_tensor_or_indexed_slices(grad) is grad
    negated = -grad
    assert isinstance(negated, tf.IndexedSlices) and negated.values.op.type == "Neg"
    with tf.Session() as sess:
        value, dense_value, nested = sess.run([grad, dense, {"g": (grad,)}])
    assert isinstance(value, tf.IndexedSlicesValue)
    np.testing.assert_array_equal(dense_value, [[1.0, 1.0], [0.0, 0.0], [2.0, 2.0]])
    np.testing.assert_array_equal(nested["g"][0].indices, [2, 0, 2])
    with pytest.raises(ValueError, match="requested dtype float64 for IndexedSlices with dtype float32"):
        tf.convert_to_tensor(grad, dtype=tf.float64)


def test_indexed_slices_without_dense_shape():
    slices = tf.IndexedSlices(tf.constant([[1.0]]), tf.constant([0]))
    with pytest.raises(ValueError, match="without dense_shape"):
        tf.convert_to_tensor(slices)
    with tf.Session() as sess:
        assert sess.run(slices).dense_shape is None


def test_dense_conversion_of_unknown_shape_warns():
    values = tf.placeholder(tf.float32, [None, 2])
    slices = tf.IndexedSlices(values, tf.constant([1]), tf.placeholder(tf.int32, [2]))
    with pytest.warns(UserWarning, match="Converting sparse IndexedSlices to a dense Tensor of unknown shape"):
        tf.convert_to_tensor(slices)
    known = tf.IndexedSlices(values, tf.constant([1]), tf.constant([3, 2]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tf.convert_to_tensor(known)


def test_errors_are_tensorflows_and_leave_the_graph_unchanged():
    @tf.RegisterGradient("TestWrongNumberOfGradients")
    def _wrong(op, grad):
        return [grad, grad]

    x = tf.placeholder(tf.float32, [2], name="x")
    y = 2.0 * x
    undifferentiable = tf.py_func(np.negative, [x], tf.float32)
    float64_grad, bool_grad, long_grad = tf.constant([1.0, 2.0], tf.float64), tf.constant([True, False]), tf.ones([3])
    with tf.get_default_graph().gradient_override_map({"Neg": "TestWrongNumberOfGradients",
                                                       "PyFunc": "NoSuchGradient"}):
        wrong = tf.negative(x)
        unknown = tf.py_func(np.negative, [x], tf.float32)
    graph = tf.get_default_graph()
    cases = [
        (ValueError, "Passed 2 grad_ys for 1 ys", lambda: tf.gradients(y, x, grad_ys=[1.0, 2.0])),
        (TypeError, "does not match type float64", lambda: tf.gradients(y, x, grad_ys=[float64_grad])),
        (TypeError, "must be real or integer", lambda: tf.gradients(y, x, grad_ys=[bool_grad])),
        (ValueError, "Invalid aggregation_method specified 7", lambda: tf.gradients(y, x, aggregation_method=7)),
        (ValueError, "Unknown value for unconnected_gradients: 'foo'",
         lambda: tf.gradients(y, x, unconnected_gradients="foo")),
        (ValueError, "Dimensions must be equal", lambda: tf.gradients(y, x, grad_ys=[long_grad])),
        (LookupError, r"No gradient defined for operation 'PyFunc_1' \(op type: NoSuchGradient\)",
         lambda: tf.gradients(unknown, x)),
        (ValueError, "Num gradients 2 generated for op", lambda: tf.gradients(wrong, x)),
    ]
    for error, message, call in cases:
        count = len(graph.get_operations())
        with pytest.raises(error, match=message):
            call()
        assert len(graph.get_operations()) == count, message
    assert tf.gradients(y, x)[0].name.startswith("gradients/"), "failed calls consumed no scope name"
    assert tf.gradients(undifferentiable, x) == [None]


def test_compute_gradient_as_tf_test():
    x = tf.placeholder(tf.float64, [2, 3], name="x")
    y = tf.reduce_sum(x * x, axis=1)
    value = np.arange(6.0).reshape(2, 3)
    with tf.Session():
        theoretical, numerical = tf.test.compute_gradient(x, [2, 3], y, [2], x_init_value=value)
    assert theoretical.shape == (6, 2)
    np.testing.assert_allclose(theoretical, numerical, atol=1e-6)
    np.testing.assert_allclose(theoretical[:, 0], [0, 2, 4, 0, 0, 0])
    error = tf.test.compute_gradient_error(x, [2, 3], y, [2], x_init_value=value)
    assert error < 1e-6


def test_compute_gradient_of_a_list_with_initializers_and_indexed_slices():
    v = tf.placeholder(tf.float64, [3], name="v")
    w = tf.placeholder(tf.float64, [3], name="w")
    scale = tf.Variable(np.float64(1.0), name="scale")
    y = tf.gather(v, [0, 2]) * tf.gather(w, [1, 1]) * scale
    pairs = tf.test.compute_gradient([v, w], [[3], [3]], y, [2],
                                     x_init_value=[np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0])],
                                     init_targets=[tf.global_variables_initializer()])
    for theoretical, numerical in pairs:
        np.testing.assert_allclose(theoretical, numerical, atol=1e-6)
    np.testing.assert_allclose(pairs[0][0], [[5.0, 0.0], [0.0, 0.0], [0.0, 5.0]])
