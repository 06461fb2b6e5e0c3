"""The nn gradient rules (and Qr's) against central differences (float64), and the ops TF 1.x builds for them."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tfvars as tf
from strategies import shapes
from tfvars.initializers import _qr
from tfvars.ops import linalg_grad, nn_grad_ops
from tfvars.testing import check_gradients

SETTINGS = settings(max_examples=15, deadline=None)


def values(shape, low=-2.0, high=2.0):
    return hnp.arrays(np.float64, shape, elements=st.floats(low, high, allow_nan=False, allow_infinity=False))


def away_from(shape, kinks, margin=0.05):
    """Values in [-3, 3] at least `margin` from each kink, where a derivative jumps."""
    def shifted(x):
        for kink in kinks:
            near = np.abs(x - kink) < margin
            x = np.where(near, kink + np.where(x >= kink, margin, -margin) * 2, x)
        return x
    return values(shape, -3.0, 3.0).map(shifted)


def distinct(shape):
    """Values with no two alike (ties make max-pooling and top_k not differentiable)."""
    size = int(np.prod(shape))
    return st.permutations(list(range(size))).map(
        lambda p: (np.array(p, np.float64) * 0.37 - size * 0.1).reshape(shape))


def graph_ops(graph, start):
    return [(op.name, op.type) for op in graph.get_operations()[start:]]


# Activations.
ACTIVATIONS = {
    "relu": (tf.nn.relu, [0.0]),
    "relu6": (tf.nn.relu6, [0.0, 6.0]),
    "elu": (tf.nn.elu, []),
    "selu": (tf.nn.selu, [0.0]),
    "softplus": (tf.nn.softplus, []),
    "softsign": (tf.nn.softsign, []),
    "leaky_relu": (lambda x: tf.nn.leaky_relu(x, alpha=0.3), [0.0]),
}


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@SETTINGS
@given(data=st.data())
def test_activation_gradient_matches_central_differences(name, data):
    fn, kinks = ACTIVATIONS[name]
    shape = data.draw(shapes(max_dims=3, max_side=4))
    check_gradients(fn, data.draw(away_from(shape, kinks)))


def test_relu6_gradient_reaches_past_six_with_the_scaled_input():
    x = np.array([-1.0, 2.0, 5.0, 7.0])
    check_gradients(lambda t: tf.nn.relu6(t * 2.0), x)


def test_activation_gradients_build_one_grad_op_each_as_tf():
    x = tf.placeholder(tf.float32, [2, 5], name="x")
    y = (tf.nn.relu(x) + tf.nn.relu6(x) + tf.nn.elu(x) + tf.nn.selu(x) + tf.nn.softplus(x) + tf.nn.softsign(x)
         + tf.nn.leaky_relu(x))
    graph = tf.get_default_graph()
    start = len(graph.get_operations())
    tf.gradients(y, x)
    ops = dict(graph_ops(graph, start))
    for name, op_type in [("Relu_grad/ReluGrad", "ReluGrad"), ("Relu6_grad/Relu6Grad", "Relu6Grad"),
                          ("Elu_grad/EluGrad", "EluGrad"), ("Selu_grad/SeluGrad", "SeluGrad"),
                          ("Softplus_grad/SoftplusGrad", "SoftplusGrad"),
                          ("Softsign_grad/SoftsignGrad", "SoftsignGrad"),
                          ("LeakyRelu_grad/LeakyReluGrad", "LeakyReluGrad")]:
        assert ops["gradients/" + name] == op_type
    relu_grad = graph.get_operation_by_name("gradients/Relu_grad/ReluGrad")
    assert [t.name for t in relu_grad.inputs][1] == "Relu:0"  # from the output, as TF
    softsign_grad = graph.get_operation_by_name("gradients/Softsign_grad/SoftsignGrad")
    assert softsign_grad.inputs[1].name == "x:0"  # from the input
    assert graph.get_operation_by_name("gradients/LeakyRelu_grad/LeakyReluGrad").get_attr("alpha") == \
        pytest.approx(0.2)


@pytest.mark.parametrize("name", ["relu", "relu6", "leaky_relu", "elu", "selu"])
def test_activation_grad_ops_have_gradients_of_their_own(name):
    fn, _ = ACTIVATIONS[name]
    x = np.array([-1.5, -0.3, 0.7, 2.0, 6.5])
    check_gradients(lambda t: tf.gradients(fn(t) * t, t)[0], x, rtol=1e-4, atol=1e-5)
    check_gradients(lambda t, dy: tf.gradients(fn(t), t, grad_ys=dy)[0], x, np.array([0.5, 1.0, -2.0, 1.5, 0.2]),
                    rtol=1e-4, atol=1e-5)


# Bias, softmax, losses.
@SETTINGS
@given(data=st.data(), data_format=st.sampled_from(["NHWC", "NCHW"]))
def test_bias_add_gradient_matches_central_differences(data, data_format):
    shape = data.draw(shapes(min_dims=2 if data_format == "NHWC" else 3, max_dims=4, max_side=3))
    channels = shape[-1] if data_format == "NHWC" else shape[1]
    value, bias = data.draw(values(shape)), data.draw(values((channels,)))
    check_gradients(lambda v, b: tf.nn.bias_add(v, b, data_format=data_format), value, bias)


def test_bias_add_builds_bias_add_grad():
    x = tf.placeholder(tf.float32, [3, 2], name="x")
    b = tf.placeholder(tf.float32, [2], name="b")
    grad = tf.gradients(tf.nn.bias_add(x, b), b)[0]
    assert (grad.op.name, grad.op.type) == ("gradients/BiasAdd_grad/BiasAddGrad", "BiasAddGrad")
    assert grad.shape.as_list() == [2]


@pytest.mark.parametrize("data_format", ["NHWC", "NCHW"])
def test_bias_add_grad_is_differentiable(data_format):
    """BiasAddGrad's gradient tiles the bias gradient back (second derivatives through bias_add)."""
    def second(value):
        bias_grad = nn_grad_ops.bias_add_grad(value, data_format=data_format)
        return bias_grad * bias_grad
    check_gradients(second, np.arange(12.0).reshape(2, 3, 2) / 7.0)


@pytest.mark.parametrize("fn", [tf.nn.softmax, tf.nn.log_softmax], ids=["softmax", "log_softmax"])
@SETTINGS
@given(data=st.data())
def test_softmax_gradients_match_central_differences(fn, data):
    shape = data.draw(shapes(min_dims=1, max_dims=3, max_side=4))
    check_gradients(fn, data.draw(values(shape)))


def test_softmax_gradient_ops_as_tf():
    x = tf.placeholder(tf.float32, [2, 5], name="x")
    graph = tf.get_default_graph()
    start = len(graph.get_operations())
    tf.gradients(tf.nn.softmax(x), x)
    assert [op for op in graph_ops(graph, start) if "Softmax_grad" in op[0]] == [
        ("gradients/Softmax_grad/mul", "Mul"), ("gradients/Softmax_grad/Sum/reduction_indices", "Const"),
        ("gradients/Softmax_grad/Sum", "Sum"), ("gradients/Softmax_grad/sub", "Sub"),
        ("gradients/Softmax_grad/mul_1", "Mul")]


@SETTINGS
@given(data=st.data())
def test_softmax_cross_entropy_gradient_reaches_logits_and_labels(data):
    batch, classes = data.draw(st.integers(1, 3)), data.draw(st.integers(2, 4))
    logits = data.draw(values((batch, classes)))
    # TF's backprop is softmax - labels: the derivative for labels that are distributions.
    labels = data.draw(values((batch, classes), 0.1, 1.0))
    labels = labels / labels.sum(axis=1, keepdims=True)
    check_gradients(lambda z, y: tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=z), logits, labels)


def test_softmax_cross_entropy_second_derivative():
    logits = np.array([[0.3, -1.0, 2.0], [1.0, 0.5, -0.5]])

    def first(z):
        labels = tf.constant([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]], tf.float64)
        return tf.gradients(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=z), z)[0]
    check_gradients(first, logits)


@SETTINGS
@given(data=st.data())
def test_sparse_softmax_cross_entropy_gradient(data):
    batch, classes = data.draw(st.integers(1, 3)), data.draw(st.integers(2, 4))
    logits = data.draw(values((batch, classes)))
    labels = data.draw(hnp.arrays(np.int32, (batch,), elements=st.integers(0, classes - 1)))
    check_gradients(lambda z: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=z), logits)


def test_sparse_softmax_cross_entropy_gradient_prevents_a_second_derivative():
    logits = tf.placeholder(tf.float32, [2, 3], name="logits")
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1, 0], logits=logits)
    grad = tf.gradients(loss, logits)[0]
    scope = "gradients/SparseSoftmaxCrossEntropyWithLogits/SparseSoftmaxCrossEntropyWithLogits_grad/"
    assert grad.op.name == scope + "mul"
    assert tf.get_default_graph().get_operation_by_name(scope + "PreventGradient").type == "PreventGradient"
    with pytest.raises(LookupError, match="Gradient explicitly disabled. Reason: Currently there is no way"):
        tf.gradients(grad, logits)


def test_l2_loss_gradient():
    check_gradients(tf.nn.l2_loss, np.array([[1.0, -2.0], [0.5, 3.0]]))


# Convolution and pooling.
@settings(max_examples=12, deadline=None)
@given(data=st.data(), padding=st.sampled_from(["SAME", "VALID"]), stride=st.integers(1, 2),
       dilation=st.integers(1, 2))
def test_conv2d_gradient_reaches_input_and_filter(data, padding, stride, dilation):
    if stride > 1:
        dilation = 1  # TF's conv2d takes strides or dilations, not both
    batch, rows, cols = data.draw(st.integers(1, 2)), data.draw(st.integers(3, 5)), data.draw(st.integers(3, 5))
    depth, out_depth = data.draw(st.integers(1, 2)), data.draw(st.integers(1, 3))
    filter_rows, filter_cols = data.draw(st.integers(1, 2)), data.draw(st.integers(1, 2))
    value = data.draw(values((batch, rows, cols, depth)))
    filters = data.draw(values((filter_rows, filter_cols, depth, out_depth)))
    check_gradients(lambda v, f: tf.nn.conv2d(v, f, [1, stride, stride, 1], padding,
                                              dilations=[1, dilation, dilation, 1]), value, filters,
                    rtol=1e-4, atol=1e-6)


def test_conv2d_gradient_ops_as_tf():
    value = tf.placeholder(tf.float32, [1, 5, 5, 2], name="i")
    filters = tf.placeholder(tf.float32, [3, 3, 2, 4], name="f")
    graph = tf.get_default_graph()
    start = len(graph.get_operations())
    grads = tf.gradients(tf.nn.conv2d(value, filters, [1, 1, 1, 1], "SAME"), [value, filters])
    assert graph_ops(graph, start)[-3:] == [("gradients/Conv2D_grad/ShapeN", "ShapeN"),
                                            ("gradients/Conv2D_grad/Conv2DBackpropInput", "Conv2DBackpropInput"),
                                            ("gradients/Conv2D_grad/Conv2DBackpropFilter", "Conv2DBackpropFilter")]
    assert [g.shape.as_list() for g in grads] == [[1, 5, 5, 2], [3, 3, 2, 4]]


def test_conv2d_transpose_gradient_reaches_value_and_filter():
    value = np.arange(2 * 3 * 3 * 2.0).reshape(2, 3, 3, 2) / 10.0
    filters = np.arange(2 * 2 * 3 * 2.0).reshape(2, 2, 3, 2) / 7.0
    check_gradients(lambda v, f: tf.nn.conv2d_transpose(v, f, [2, 6, 6, 3], [1, 2, 2, 1], "SAME"), value, filters,
                    rtol=1e-4)


def test_conv2d_backprop_filter_has_a_gradient():
    value = np.arange(1 * 4 * 4 * 2.0).reshape(1, 4, 4, 2) / 9.0
    out_grad = np.arange(1 * 3 * 3 * 2.0).reshape(1, 3, 3, 2) / 5.0
    check_gradients(lambda v, g: nn_grad_ops.conv2d_backprop_filter(v, [2, 2, 2, 2], g, [1, 1, 1, 1], "VALID"),
                    value, out_grad, rtol=1e-4)


POOLS = {"max_pool": tf.nn.max_pool, "avg_pool": tf.nn.avg_pool}


@pytest.mark.parametrize("name", sorted(POOLS))
@settings(max_examples=12, deadline=None)
@given(data=st.data(), padding=st.sampled_from(["SAME", "VALID"]))
def test_pool_gradient_matches_central_differences(name, data, padding):
    rows, cols = data.draw(st.integers(3, 5)), data.draw(st.integers(3, 5))
    window = [1, data.draw(st.integers(1, 2)), data.draw(st.integers(1, 3)), 1]
    strides = [1, data.draw(st.integers(1, 2)), data.draw(st.integers(1, 2)), 1]
    value = data.draw(distinct((data.draw(st.integers(1, 2)), rows, cols, data.draw(st.integers(1, 2)))))
    check_gradients(lambda v: POOLS[name](v, window, strides, padding), value)


def test_pool_gradient_ops_as_tf():
    value = tf.placeholder(tf.float32, [1, 4, 4, 2], name="i")
    pooled = tf.nn.max_pool(tf.nn.avg_pool(value, [1, 2, 2, 1], [1, 1, 1, 1], "VALID"), [1, 2, 2, 1], [1, 1, 1, 1],
                            "VALID")
    graph = tf.get_default_graph()
    start = len(graph.get_operations())
    tf.gradients(pooled, value)
    assert graph_ops(graph, start)[-3:] == [("gradients/MaxPool_grad/MaxPoolGrad", "MaxPoolGrad"),
                                            ("gradients/AvgPool_grad/Shape", "Const"),
                                            ("gradients/AvgPool_grad/AvgPoolGrad", "AvgPoolGrad")]


def test_max_pool_gradient_goes_to_the_first_of_tied_maxima():
    value = tf.constant(np.ones((1, 2, 2, 1), np.float32))
    grad = tf.gradients(tf.nn.max_pool(value, [1, 2, 2, 1], [1, 2, 2, 1], "VALID"), value)[0]
    with tf.Session() as sess:
        assert sess.run(grad).ravel().tolist() == [1.0, 0.0, 0.0, 0.0]


def test_avg_pool_grad_is_differentiable():
    grad = np.arange(1 * 3 * 3 * 1.0).reshape(1, 3, 3, 1)
    check_gradients(lambda g: nn_grad_ops.avg_pool_grad([1, 4, 4, 1], g, [1, 2, 2, 1], [1, 1, 1, 1], "VALID"), grad)


@SETTINGS
@given(data=st.data())
def test_top_k_gradient(data):
    shape = data.draw(shapes(min_dims=1, max_dims=3, max_side=4))
    k = data.draw(st.integers(1, shape[-1]))
    check_gradients(lambda x: tf.nn.top_k(x, k).values, data.draw(distinct(shape)))


def test_top_k_gradient_scatters_with_sparse_to_dense():
    x = tf.placeholder(tf.float32, [2, 5], name="x")
    grad = tf.gradients(tf.nn.top_k(x, 2).values, x)[0]
    assert grad.op.name == "gradients/TopKV2_grad/Reshape_4"
    assert tf.get_default_graph().get_operation_by_name("gradients/TopKV2_grad/SparseToDense").type == "SparseToDense"


# Qr.
@pytest.mark.parametrize("shape", [(3, 3), (4, 3), (2, 5, 2)])
def test_qr_gradient_matches_central_differences(shape):
    matrix = np.random.RandomState(3).randn(*shape)
    check_gradients(lambda a: _qr(a)[0], matrix)
    check_gradients(lambda a: _qr(a)[1], matrix)
    check_gradients(lambda a: tf.reduce_sum(_qr(a)[0] * 3.0) + tf.reduce_sum(tf.square(_qr(a)[1])), matrix)


def test_qr_gradient_ops_as_tf():
    matrix = tf.placeholder(tf.float64, [4, 3], name="a")
    q, r = _qr(matrix)
    grad = tf.gradients([q, r], matrix)[0]
    graph = tf.get_default_graph()
    assert grad.op.name == "gradients/Qr_grad/add_2"
    assert graph.get_operation_by_name("gradients/Qr_grad/MatrixBandPart").type == "MatrixBandPart"
    solve = graph.get_operation_by_name("gradients/Qr_grad/MatrixTriangularSolve")
    assert (solve.get_attr("lower"), solve.get_attr("adjoint")) == (False, False)


def test_qr_gradient_of_a_full_q_of_a_tall_matrix_is_not_implemented():
    q, _ = _qr(tf.placeholder(tf.float64, [4, 3]), full_matrices=True)
    with pytest.raises(NotImplementedError, match="QrGrad not implemented"):
        tf.gradients(q, tf.get_default_graph().get_operations()[0].outputs[0])


def test_matrix_band_part_and_triangular_solve_kernels():
    matrix = np.arange(1.0, 10.0).reshape(3, 3)
    rhs = np.array([[1.0], [2.0], [3.0]])
    with tf.Session() as sess:
        band = sess.run(linalg_grad.matrix_band_part(matrix, -1, 0))
        solved = sess.run(linalg_grad.matrix_triangular_solve(matrix, rhs, lower=False))
    np.testing.assert_array_equal(band, np.tril(matrix))
    np.testing.assert_allclose(np.triu(matrix) @ solved, rhs)
