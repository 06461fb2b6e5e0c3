"""Gathers and scatters with their gradients: GatherV2 with batch_dims, GatherNd, ScatterNd, SparseToDense, Unique.

Op names and types were checked against TF (the TF 2 oracle, where it builds
what TF 1.15's gradient rules build; TF 1.15's rules read from its source).
"""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tfvars as tf
from tfvars.ops.nn_grad_ops import sparse_to_dense
from tfvars.testing import check_gradients

SETTINGS = settings(max_examples=25, deadline=None)
P = np.arange(24.0).reshape(2, 3, 4)
RNG = np.random.RandomState(0)


def _run(fetches, feeds=None):
    with tf.Session() as sess:
        return sess.run(fetches, feeds)


def _run_error(tensor, feeds=None):
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        _run(tensor, feeds)
    return info.value.message


def _grad_ops(prefix):
    return [(op.name[len(prefix):], op.type) for op in tf.get_default_graph().get_operations()
            if op.name.startswith(prefix) and op.type != "Const"]


def _batch_gather_case(data, smallest_index_dim):
    """(params shape, indices, axis, batch_dims) of a gather with 1 or 2 batch dimensions, drawn from `data`."""
    batch_dims = data.draw(st.integers(1, 2))
    params_shape = tuple(data.draw(st.lists(st.integers(1, 3), min_size=batch_dims + 1, max_size=batch_dims + 2)))
    axis = data.draw(st.integers(batch_dims, len(params_shape) - 1))
    extra = tuple(data.draw(st.lists(st.integers(smallest_index_dim, 3), min_size=1, max_size=2)))
    indices = RNG.randint(0, params_shape[axis], size=params_shape[:batch_dims] + extra)
    return params_shape, indices, axis, batch_dims


def _batch_gather(params, indices, axis, batch_dims):
    """The reference: one np.take per batch position."""
    batch_shape = params.shape[:batch_dims]
    pieces = [np.take(params[b], indices[b], axis=axis - batch_dims) for b in np.ndindex(*batch_shape)]
    return np.array(pieces).reshape(params.shape[:axis] + indices.shape[batch_dims:] + params.shape[axis + 1:])


# GatherV2 with batch_dims: the op.

@pytest.mark.parametrize("axis, batch_dims, indices", [
    (1, 1, [[0, 2, 2], [1, 1, 0]]),
    (2, 1, [[0, 3], [1, 1]]),
    (-1, -1, [[0, 3], [1, 1]]),
    (2, 2, [[[0, 1], [3, 3], [2, 0]], [[1, 1], [0, 0], [3, 2]]]),
    (None, 1, [[2], [0]]),
])
def test_gather_with_batch_dims_matches_numpy(axis, batch_dims, indices):
    indices = np.array(indices)
    y = tf.gather(tf.constant(P), indices, axis=axis, batch_dims=batch_dims)
    assert y.op.type == "GatherV2" and y.op.get_attr("batch_dims") == batch_dims
    positive = batch_dims % indices.ndim
    expected = _batch_gather(P, indices, positive if axis is None else axis % 3, positive)
    assert y.shape.as_list() == list(expected.shape)
    np.testing.assert_array_equal(_run(y), expected)


def test_gather_axis_defaults_to_batch_dims_and_a_zero_axis_drops_them():
    y = tf.gather(P, [[0], [1]], batch_dims=1)
    assert (y.op.name, y.op.inputs[2].op.name) == ("GatherV2", "GatherV2/axis")
    assert y.op.inputs[2].op.get_attr("value") == 1
    # TF 1.x: a static axis of 0 builds a plain gather (batch_dims 0).
    assert tf.gather(P, [1, 0], axis=0, batch_dims=1).op.get_attr("batch_dims") == 0


@pytest.mark.parametrize("params_shape, indices_shape, axis, batch_dims, expected", [
    ([2, 3, 4], [2, 5], 1, 1, [2, 5, 4]),
    ([2, 3, 4], [2, 5], 2, -1, [2, 3, 5]),
    ([2, 3, 4], [2, 5], 1, 2, [2, 4]),
    ([2, 3, 4], [2, 5, 3], 2, 2, [2, 3, 3]),
    ([2, None, 4], [None, 5], -1, 1, [2, None, 5]),
    ([2, 3, 4], None, 1, 1, None),
    ([2, 3, 4], [2, 5], "unknown", 1, [None, None, None]),
    ([2, 3, 4], [2, 5], "unknown", -1, [None, None, None]),
])
def test_gather_with_batch_dims_static_shape(params_shape, indices_shape, axis, batch_dims, expected):
    params = tf.placeholder(tf.float32, params_shape)
    indices = tf.placeholder(tf.int32, indices_shape)
    if axis == "unknown":
        axis = tf.placeholder(tf.int32, [])
    y = tf.gather(params, indices, axis=axis, batch_dims=batch_dims)
    assert y.shape.as_list() == expected if expected is not None else y.shape.ndims is None


@pytest.mark.parametrize("indices_shape, batch_dims, message", [
    ([2, 5], 3, "Shape must be at least rank 3 but is rank 2"),
    ([2, 5], -3, "Shape must be at least rank 3 but is rank 2"),
])
def test_gather_batch_dims_beyond_indices_rank_fails_to_build(indices_shape, batch_dims, message):
    params, indices = tf.placeholder(tf.float32, [2, 3, 4]), tf.placeholder(tf.int32, indices_shape)
    before = tf.get_default_graph().get_operations()
    with pytest.raises(ValueError) as info:
        tf.gather(params, indices, axis=1, batch_dims=batch_dims)
    assert str(info.value).startswith(message + " for 'GatherV2' (op: 'GatherV2') with input shapes: [2,3,4], "
                                                "[2,5], [] and with computed input tensors: input[2] = <1>.")
    assert tf.get_default_graph().get_operations() == before


@pytest.mark.parametrize("params, indices, axis, batch_dims, message", [
    (P, [[0, 2], [1, 1], [0, 0]], 1, 1, "params.shape[0]: 2 should be equal to indices.shape[0]: 3"),
    (P, [[0, 2], [1, 1]], 0, 1, "batch_dims (1) must be less than or equal to axis (0)."),
    (P, [[0, 2], [1, 1]], 1, 3, "Expected batch_dims in the range [-2, 2), but got 3"),
    # TF 1.x: batch_dims must be less than rank(indices) (later versions allow it equal).
    (P, [0, 2], 1, 1, "Expected batch_dims in the range [-1, 1), but got 1"),
    (P[0], [[0, 1], [1, 1]], 1, 2, "Expected batch_dims in the range [-2, 2), but got 2"),
    (P, [[0, 2], [1, 5]], 1, 1, "indices[1,1] = 5 is not in [0, 3)"),
    (P, [[0, 2], [1, -1]], 2, 1, "indices[1,1] = -1 is not in [0, 4)"),
    (P, [[0, 2], [1, 1]], 3, 1, "Expected axis in the range [-3, 3), but got 3"),
])
def test_gather_with_batch_dims_run_errors(params, indices, axis, batch_dims, message):
    p, i, a = tf.placeholder(tf.float64), tf.placeholder(tf.int32), tf.placeholder(tf.int32)
    y = tf.gather(p, i, axis=a, batch_dims=batch_dims)
    assert _run_error(y, {p: params, i: indices, a: axis}) == message


@SETTINGS
@given(data=st.data())
def test_gather_with_batch_dims_over_shapes(data):
    params_shape, indices, axis, batch_dims = _batch_gather_case(data, smallest_index_dim=0)
    params = RNG.randn(*params_shape)
    y = tf.gather(params, indices, axis=axis, batch_dims=batch_dims)
    np.testing.assert_array_equal(_run(y), _batch_gather(params, indices, axis, batch_dims))


# GatherV2 with batch_dims: the gradient.

# TF 1.15's _GatherV2Grad with _BatchGatherGrad and _GetBatchIndices, op by op (Consts left out).
BATCH_GATHER_GRAD_OPS = [
    ("Cast", "Cast"), ("ExpandDims", "ExpandDims"), ("strided_slice/stack_1", "Pack"),
    ("strided_slice", "StridedSlice"), ("strided_slice_1/stack", "Pack"), ("strided_slice_1", "StridedSlice"),
    ("strided_slice_2", "StridedSlice"), ("concat", "ConcatV2"), ("range", "Range"), ("range_1", "Range"),
    ("add", "Add"), ("range_2", "Range"), ("Reshape", "Reshape"), ("concat_1/values_1", "Pack"),
    ("concat_1", "ConcatV2"), ("transpose", "Transpose"), ("add_1", "Add"), ("strided_slice_3/stack", "Pack"),
    ("strided_slice_3/stack_1", "Pack"), ("strided_slice_3", "StridedSlice"), ("ExpandDims_1", "ExpandDims"),
    ("strided_slice_4", "StridedSlice"), ("strided_slice_5", "StridedSlice"), ("strided_slice_6", "StridedSlice"),
    ("Prod", "Prod"), ("concat_2", "ConcatV2"), ("mul", "Mul"), ("strided_slice_7", "StridedSlice"),
    ("strided_slice_8", "StridedSlice"), ("mul_1", "Mul"), ("range_3", "Range"), ("mul_2", "Mul"),
    ("stack", "Pack"), ("Reshape_1", "Reshape"), ("add_2", "Add"), ("Reshape_2", "Reshape"),
    ("Reshape_3", "Reshape"), ("UnsortedSegmentSum", "UnsortedSegmentSum"), ("concat_3", "ConcatV2"),
    ("Reshape_4", "Reshape"), ("add_3", "Add"), ("concat_4", "ConcatV2"), ("transpose_1", "Transpose"),
]


def test_batch_gather_gradient_builds_tf_ops():
    params = tf.placeholder(tf.float32, [2, 3, 4], name="p")
    indices = tf.placeholder(tf.int32, [2, 5], name="i")
    grad = tf.gradients(tf.gather(params, indices, batch_dims=1), params)[0]
    assert (grad.name, grad.shape.as_list()) == ("gradients/GatherV2_grad/transpose_1:0", [2, 3, 4])
    assert _grad_ops("gradients/GatherV2_grad/") == BATCH_GATHER_GRAD_OPS
    graph = tf.get_default_graph()
    segment_sum = graph.get_operation_by_name("gradients/GatherV2_grad/UnsortedSegmentSum")
    assert [t.name for t in segment_sum.inputs] == [
        "gradients/GatherV2_grad/Reshape_2:0", "gradients/GatherV2_grad/Reshape_3:0", "gradients/GatherV2_grad/mul:0"]
    assert graph.get_operation_by_name("gradients/GatherV2_grad/add_2").inputs[0].name == "i:0"


def test_batch_gather_gradient_past_the_first_non_batch_axis_permutes_params_shape():
    # TF 1.x offsets the batches by params.shape[batch_dims], wrong here; later TF gathers the permuted shape.
    params = tf.placeholder(tf.float32, [2, 3, 4], name="p")
    tf.gradients(tf.gather(params, tf.placeholder(tf.int32, [2, 3]), axis=2, batch_dims=1), params)
    ops = _grad_ops("gradients/GatherV2_grad/")
    assert ops == BATCH_GATHER_GRAD_OPS[:16] + [("GatherV2", "GatherV2")] + BATCH_GATHER_GRAD_OPS[16:]
    shape_gather = tf.get_default_graph().get_operation_by_name("gradients/GatherV2_grad/GatherV2")
    assert [t.name for t in shape_gather.inputs[:2]] == ["gradients/GatherV2_grad/Cast:0",
                                                          "gradients/GatherV2_grad/concat_1:0"]


def test_gather_gradient_along_an_inner_axis_without_batch_dims_builds_tf_ops():
    params = tf.placeholder(tf.float32, [2, 3, 4])
    grad = tf.gradients(tf.gather(params, tf.placeholder(tf.int32, [2, 5]), axis=1), params)[0]
    assert grad.name == "gradients/GatherV2_grad/transpose_1:0"
    assert _grad_ops("gradients/GatherV2_grad/") == [
        ("Cast", "Cast"), ("ExpandDims", "ExpandDims"), ("strided_slice/stack_1", "Pack"),
        ("strided_slice", "StridedSlice"), ("strided_slice_1/stack", "Pack"), ("strided_slice_1", "StridedSlice"),
        ("strided_slice_2", "StridedSlice"), ("concat", "ConcatV2"), ("range", "Range"), ("range_1", "Range"),
        ("add", "Add"), ("range_2", "Range"), ("Reshape", "Reshape"), ("concat_1/values_1", "Pack"),
        ("concat_1", "ConcatV2"), ("transpose", "Transpose"), ("add_1", "Add"), ("strided_slice_3/stack", "Pack"),
        ("strided_slice_3/stack_1", "Pack"), ("strided_slice_3", "StridedSlice"), ("ExpandDims_1", "ExpandDims"),
        ("Reshape_1", "Reshape"), ("UnsortedSegmentSum", "UnsortedSegmentSum"), ("add_2", "Add"),
        ("concat_2", "ConcatV2"), ("transpose_1", "Transpose"),
    ]


@pytest.mark.parametrize("axis, batch_dims, indices", [
    (1, 1, [[0, 2, 2], [1, 1, 0]]),
    (2, 1, [[0, 3, 3], [1, 1, 2]]),
    (-1, -1, [[0, 3], [1, 1]]),
    (2, 2, np.array([[[0, 1], [3, 3], [2, 0]], [[1, 1], [0, 0], [3, 2]]], np.int64)),
    (1, 0, [[0, 2], [2, 2]]),
])
def test_batch_gather_gradient_matches_central_differences(axis, batch_dims, indices):
    params = RNG.randn(2, 3, 4)
    check_gradients(lambda p: tf.gather(p, indices, axis=axis, batch_dims=batch_dims) ** 2, params)


def test_batch_gather_gradient_with_an_axis_known_only_when_run():
    indices = np.array([[0, 3, 1], [1, 1, 2]], np.int64)
    check_gradients(lambda p: tf.gather(p, indices, axis=tf.placeholder_with_default(2, []), batch_dims=1) ** 2,
                    RNG.randn(2, 3, 4))


@SETTINGS
@given(data=st.data())
def test_batch_gather_gradient_over_shapes(data):
    params_shape, indices, axis, batch_dims = _batch_gather_case(data, smallest_index_dim=1)
    check_gradients(lambda p: tf.sin(tf.gather(p, indices, axis=axis, batch_dims=batch_dims)),
                    RNG.randn(*params_shape))


def test_batch_gather_gradient_needs_the_rank_of_indices_for_negative_batch_dims():
    params, indices = tf.placeholder(tf.float32, [2, 3]), tf.placeholder(tf.int32)
    y = tf.gather(params, indices, axis=1, batch_dims=-1)
    with pytest.raises(ValueError, match="batch_dims < 0 and the rank of the indices is unknown"):
        tf.gradients(y, params)


# GatherNd and ScatterNd: the ops.

def test_gather_nd_builds_one_op():
    params = tf.placeholder(tf.float32, [3, 4, 5], name="params")
    y = tf.gather_nd(params, [[0, 1], [2, 3]])
    assert (y.op.name, y.op.type, y.shape.as_list()) == ("GatherNd", "GatherNd", [2, 5])
    assert y.op.inputs[1].op.name == "GatherNd/indices"
    assert (y.op.get_attr("Tparams"), y.op.get_attr("Tindices")) == (tf.float32, tf.int32)
    assert tf.gather_nd(params, tf.placeholder(tf.int64, [6, 3]), name="g").name == "g:0"
    assert tf.gather_nd(params, tf.placeholder(tf.int32, [2, None])).shape.ndims is None
    assert tf.gather_nd(tf.placeholder(tf.float32), [[1]]).shape.ndims is None


@pytest.mark.parametrize("params, indices", [
    (P, [[1], [0], [1]]),
    (P, [[[0, 1], [1, 2]]]),
    (P, [1, 2, 3]),
    (P[0], [[0, 1], [2, 0]]),
    (P[0], np.zeros((2, 0), np.int32)),
    (np.zeros((0, 2)), np.zeros((0, 1), np.int32)),
    (np.array([b"a", b"bc"], object), [[1]]),
])
def test_gather_nd_matches_numpy(params, indices):
    indices = np.asarray(indices)
    y = tf.gather_nd(params, indices)
    depth = indices.shape[-1]
    rows = indices.reshape(int(np.prod(indices.shape[:-1])), depth)
    expected = np.array([params[tuple(row)] for row in rows], params.dtype).reshape(
        indices.shape[:-1] + params.shape[depth:])
    assert y.shape.as_list() == list(expected.shape)
    np.testing.assert_array_equal(_run(y), expected)


@pytest.mark.parametrize("params, indices, message", [
    (P[0], [[0, 1], [3, 0], [5, 5]], "indices[2] = [5, 5] does not index into param shape [3,4]"),
    (P[0], [[[0, 1], [3, 0]], [[5, 5], [0, 0]]], "indices[1,0] = [5, 5] does not index into param shape [3,4]"),
    (P[0], [[0, -1]], "indices[0] = [0, -1] does not index into param shape [3,4]"),
    (P[0], [3], "indices = [3] does not index into param shape [3,4]"),
    (P[0], [[0, 0, 0]], "index innermost dimension length must be <= params rank; saw: 3 vs. 2"),
    (P[0], 0, "indices must be at least a vector"),
    (3.0, [[0]], "params must be at least a vector"),
    (np.zeros((0, 2)), [[0]], "Requested more than 0 entries, but params is empty.  Params shape: [0,2]"),
])
def test_gather_nd_run_errors(params, indices, message):
    # TF 1.x words these as here (later versions add ", node name: ..." to the out-of-range ones).
    p, i = tf.placeholder(tf.float64), tf.placeholder(tf.int32)
    assert _run_error(tf.gather_nd(p, i), {p: params, i: indices}) == message


def test_gather_nd_build_errors():
    params = tf.placeholder(tf.float32, [3, 4, 5])
    indices = tf.placeholder(tf.int32, [6, 4])
    before = tf.get_default_graph().get_operations()
    with pytest.raises(ValueError) as info:
        tf.gather_nd(params, indices)
    assert str(info.value) == ("indices.shape[-1] must be <= params.rank, but saw indices shape: [6,4] and params "
                               "shape: [3,4,5] for 'GatherNd' (op: 'GatherNd') with input shapes: [3,4,5], [6,4].")
    with pytest.raises(ValueError, match="^Shape must be at least rank 1 but is rank 0 for 'GatherNd'"):
        tf.gather_nd(params, tf.placeholder(tf.int32, []))
    with pytest.raises(TypeError, match="Value passed to parameter 'indices' has DataType float32 not in list of "
                                        "allowed values: int32, int64"):
        tf.gather_nd(params, [[0.0]])
    assert tf.get_default_graph().get_operations()[:len(before)] == before
    assert [op.type for op in tf.get_default_graph().get_operations()[len(before):]] == ["Placeholder"]


BATCH_GATHER_ND_OPS = [
    ("strided_slice", "StridedSlice"), ("Prod", "Prod"), ("sub", "Sub"), ("sub_1", "Sub"),
    ("strided_slice_1", "StridedSlice"), ("unstack", "Unpack"), ("Range", "Range"), ("Cast", "Cast"),
    ("meshgrid/Reshape", "Reshape"), ("meshgrid/ones/packed", "Pack"), ("meshgrid/ones", "Fill"),
    ("meshgrid/mul", "Mul"), ("Reshape", "Reshape"), ("stack", "Pack"), ("transpose", "Transpose"),
    ("strided_slice_2", "StridedSlice"), ("ones/Reshape", "Reshape"), ("ones", "Fill"),
    ("strided_slice_3", "StridedSlice"), ("concat", "ConcatV2"), ("Reshape_1", "Reshape"), ("concat_1", "ConcatV2"),
    ("Tile", "Tile"), ("strided_slice_4", "StridedSlice"), ("concat_2/values_0", "Pack"), ("concat_2", "ConcatV2"),
    ("Reshape_2", "Reshape"), ("concat_3", "ConcatV2"), ("GatherNd", "GatherNd"), ("strided_slice_5", "StridedSlice"),
    ("concat_4", "ConcatV2"), ("Reshape_3", "Reshape"),
]


def test_gather_nd_with_batch_dims_builds_tf_ops_and_gathers_per_batch():
    params = tf.placeholder(tf.float32, [2, 3, 4], name="p")
    indices = tf.placeholder(tf.int32, [2, 5, 1], name="i")
    y = tf.gather_nd(params, indices, batch_dims=1)
    assert (y.name, y.shape.as_list()) == ("BatchGatherND/Reshape_3:0", [2, 5, 4])
    assert _grad_ops("BatchGatherND/") == BATCH_GATHER_ND_OPS
    index_values = np.array([[[0], [2], [2], [1], [0]], [[1], [1], [0], [2], [2]]])
    expected = np.array([P[b][index_values[b, :, 0]] for b in range(2)])
    np.testing.assert_array_equal(_run(y, {params: P, indices: index_values}), expected)
    two = tf.gather_nd(np.arange(48.0).reshape(2, 3, 4, 2), np.array([[[3], [0], [1]], [[2], [2], [0]]], np.int64),
                       batch_dims=2, name="bg")
    assert two.name == "bg/Reshape_4:0"
    assert [op.name for op in tf.get_default_graph().get_operations() if op.type == "Range"][1:] == ["bg/Range",
                                                                                                   "bg/Range_1"]
    np.testing.assert_array_equal(_run(two)[1], [[28.0, 29.0], [36.0, 37.0], [40.0, 41.0]])


@pytest.mark.parametrize("batch_dims, error, message", [
    (-1, ValueError, "tf.gather_nd does not allow negative batch_dims."),
    (3, ValueError, "batch_dims = 3 must be less than rank(indices) = 3"),
    (1.0, TypeError, "batch_dims must be an int; got 1.0"),
])
def test_gather_nd_with_bad_batch_dims_fails_to_build(batch_dims, error, message):
    params, indices = tf.placeholder(tf.float32, [2, 3, 4]), tf.placeholder(tf.int32, [2, 5, 1])
    before = tf.get_default_graph().get_operations()
    with pytest.raises(error) as info:
        tf.gather_nd(params, indices, batch_dims=batch_dims)
    assert str(info.value) == message
    with pytest.raises(ValueError, match=r"^batch_dims = 1 must be less than rank\(params\) = 1$"):
        tf.gather_nd(tf.placeholder(tf.float32, [2]), indices, batch_dims=1)
    assert tf.get_default_graph().get_operations()[:len(before)] == before
    assert [op.type for op in tf.get_default_graph().get_operations()[len(before):]] == ["Placeholder"]


def test_gather_nd_with_batch_dims_gradient_matches_central_differences():
    indices = np.array([[[0, 1], [2, 1], [0, 1]], [[1, 0], [1, 0], [2, 2]]])
    check_gradients(lambda p: tf.gather_nd(p, indices, batch_dims=1) ** 2, RNG.randn(2, 3, 3, 2))


def test_scatter_nd_builds_one_op():
    y = tf.scatter_nd([[1], [3]], [1.0, 2.0], [4])
    assert (y.op.name, y.op.type, y.shape.as_list()) == ("ScatterNd", "ScatterNd", [4])
    assert [t.op.name for t in y.op.inputs] == ["ScatterNd/indices", "ScatterNd/updates", "ScatterNd/shape"]
    assert (y.op.get_attr("T"), y.op.get_attr("Tindices")) == (tf.float32, tf.int32)
    indices = tf.placeholder(tf.int32, [2, 1])
    updates = tf.placeholder(tf.float32, [2, 4, 4])
    assert tf.scatter_nd(indices, updates, tf.placeholder(tf.int32, [3])).shape.as_list() == [None] * 3
    assert tf.scatter_nd(indices, updates, tf.placeholder(tf.int32, [None])).shape.ndims is None
    assert tf.scatter_nd(indices, tf.placeholder(tf.float32, [2]), [-1], name="s").shape.as_list() == [None]


@pytest.mark.parametrize("indices_shape, updates_shape, shape, message", [
    ([2, 1], [3, 4, 4], [4, 4, 4],
     "The outer 1 dimensions of indices.shape=[2,1] must match the outer 1 dimensions of updates.shape=[3,4,4]: "
     "Dimension 0 in both shapes must be equal, but are 2 and 3. Shapes are [2] and [3]. for 'ScatterNd' "
     "(op: 'ScatterNd') with input shapes: [2,1], [3,4,4], [3]."),
    ([2, 1], [2, 4, 5], [4, 4, 4],
     "The inner 2 dimensions of output.shape=[4,4,4] must match the inner 2 dimensions of updates.shape=[2,4,5]: "
     "Dimension 1 in both shapes must be equal, but are 4 and 5. Shapes are [4,4] and [4,5]. for 'ScatterNd' "
     "(op: 'ScatterNd') with input shapes: [2,1], [2,4,5], [3] and with input tensors computed as partial shapes: "
     "input[2] = [4,4,4]."),
    ([2, 1], [2], [0],
     "Indices and updates specified for empty output shape for 'ScatterNd' (op: 'ScatterNd') with input shapes: "
     "[2,1], [2], [1] and with input tensors computed as partial shapes: input[2] = [0]."),
    ([], [2], [4], "Shape must be at least rank 1 but is rank 0 for 'ScatterNd'"),
    ([2, 1], [2], [[4]], "Shape must be rank 1 but is rank 2 for 'ScatterNd'"),
])
def test_scatter_nd_build_errors(indices_shape, updates_shape, shape, message):
    indices = tf.placeholder(tf.int32, indices_shape)
    updates = tf.placeholder(tf.float32, updates_shape)
    shape = tf.constant(shape)
    before = tf.get_default_graph().get_operations()
    with pytest.raises(ValueError) as info:
        tf.scatter_nd(indices, updates, shape)
    assert str(info.value).startswith(message)
    assert tf.get_default_graph().get_operations() == before


def test_scatter_nd_needs_one_index_type():
    with pytest.raises(TypeError, match="Input 'shape' of 'ScatterNd' Op has type int64 that does not match type "
                                        "int32 of argument 'indices'."):
        tf.scatter_nd([[1]], [1.0], tf.constant([4], tf.int64))


@pytest.mark.parametrize("indices, updates, shape, expected", [
    ([[1], [3], [1]], [1.0, 2.0, 3.0], [5], [0.0, 4.0, 0.0, 2.0, 0.0]),
    ([[0], [2], [0]], np.ones((3, 2)), [3, 2], [[2.0, 2.0], [0.0, 0.0], [1.0, 1.0]]),
    ([[[0, 1], [2, 1]], [[0, 1], [1, 0]]], [[1.0, 2.0], [3.0, 4.0]], [3, 2], [[0.0, 4.0], [4.0, 0.0], [0.0, 2.0]]),
    (np.zeros((0, 1), np.int32), np.zeros(0), [0], np.zeros(0)),
    ([[1], [1]], np.array([1, 2], np.int32), [3], np.array([0, 3, 0], np.int32)),
    ([[1], [1]], [True, False], [3], [False, True, False]),
    ([[1], [1]], np.array([b"a", b"b"], object), [3], np.array([b"", b"ab", b""], object)),
])
def test_scatter_nd_adds_updates(indices, updates, shape, expected):
    np.testing.assert_array_equal(_run(tf.scatter_nd(indices, updates, shape)), expected)


@pytest.mark.parametrize("indices, updates, shape, message", [
    ([[1], [7], [9]], [1.0, 2.0, 3.0], [5], "indices[2] = [9] does not index into shape [5]"),
    ([[[1, 0], [7, 1]]], [[1.0, 2.0]], [5, 2], "indices[0,1] = [7, 1] does not index into shape [5,2]"),
    ([[-1]], [1.0], [5], "indices[0] = [-1] does not index into shape [5]"),
    ([[1]], [1.0], [[5]], "Shape must be a vector"),
    ([[1]], [1.0], [0], "Indices and updates specified for empty output.  indices shape: [1,1]"),
    ([1], 1.0, [5], "Updates shape must have rank at least one. Found:[]"),
    (1, [1.0], [5], "Indices shape must have rank at least one. Found:[]"),
    ([[1]], [1.0], [-5], "Dimension -5 must be >= 0"),
    (np.zeros((2, 0), np.int32), np.ones((2, 3)), [3], "Indices and updates specified for empty output shape"),
    ([[1]], [1.0, 2.0], [5], "Outer dimensions of indices and update must match. Indices shape: [1,1], updates "
                             "shape:[2]"),
    ([[1, 2]], [1.0], [5], "Inner dimensions of output shape must match inner dimensions of updates shape. "
                           "Output: [5] updates: [1]"),
    ([[1]], [[1.0, 2.0]], [5, 3], "The inner 1 dimensions of output.shape=[5,3] must match the inner 1 dimensions "
                                  "of updates.shape=[1,2]"),
])
def test_scatter_nd_run_errors(indices, updates, shape, message):
    # TF 1.x's wording (later versions word the shape mismatches as "Dimensions [0,1) of indices[...] ...").
    i, u, s = tf.placeholder(tf.int32), tf.placeholder(tf.float64), tf.placeholder(tf.int32)
    assert _run_error(tf.scatter_nd(i, u, s), {i: indices, u: updates, s: shape}) == message


@SETTINGS
@given(data=st.data())
def test_scatter_nd_of_repeated_indices_adds_and_inverts_gather_nd(data):
    shape = tuple(data.draw(st.lists(st.integers(1, 3), min_size=1, max_size=3)))
    depth = data.draw(st.integers(1, len(shape)))
    outer = tuple(data.draw(st.lists(st.integers(1, 3), min_size=1, max_size=2)))
    indices = np.stack([RNG.randint(0, shape[d], size=outer) for d in range(depth)], axis=-1)
    updates = RNG.randint(-5, 5, size=outer + shape[depth:]).astype(np.float64)
    expected = np.zeros(shape)
    for index, update in zip(indices.reshape(-1, depth), updates.reshape((-1,) + shape[depth:])):
        expected[tuple(index)] += update
    scattered = tf.scatter_nd(indices, updates, shape)
    np.testing.assert_array_equal(_run(scattered), expected)
    np.testing.assert_array_equal(_run(tf.gather_nd(scattered, indices)),
                                  expected[tuple(np.moveaxis(indices, -1, 0))])


# GatherNd and ScatterNd: the gradients.

def test_gather_nd_gradient_is_a_scatter_nd():
    params = tf.placeholder(tf.float32, [3, 4], name="p")
    grad = tf.gradients(tf.gather_nd(params, [[0, 1], [2, 3]]), params)[0]
    assert (grad.name, grad.op.type, grad.shape.as_list()) == ("gradients/GatherNd_grad/ScatterNd:0", "ScatterNd",
                                                               [3, 4])
    assert [t.name for t in grad.op.inputs] == ["GatherNd/indices:0", "gradients/Fill:0",
                                                "gradients/GatherNd_grad/Shape:0"]
    assert (grad.op.inputs[2].op.type, grad.op.inputs[2].dtype) == ("Const", tf.int32)
    unknown = tf.placeholder(tf.float32, name="q")
    grad = tf.gradients(tf.gather_nd(unknown, tf.constant([[0, 1]], tf.int64)), unknown)[0]
    shape = grad.op.inputs[2]
    assert (shape.op.name, shape.op.type, shape.dtype) == ("gradients_1/GatherNd_1_grad/Shape", "Shape", tf.int64)


def test_gather_nd_gradient_of_row_indices_is_indexed_slices():
    params = tf.placeholder(tf.float32, [3, 4], name="p")
    grad = tf.gradients(tf.gather_nd(params, [[2], [0], [2]]) * 2.0, params)[0]
    assert isinstance(grad, tf.IndexedSlices)
    assert (grad.indices.op.name, grad.indices.op.type) == ("gradients/GatherNd_grad/Squeeze", "Squeeze")
    assert grad.indices.op.get_attr("squeeze_dims") == [-1]
    assert grad.dense_shape.op.name == "gradients/GatherNd_grad/Shape"
    value = _run(grad, {params: np.zeros((3, 4))})
    np.testing.assert_array_equal(value.indices, [2, 0, 2])
    np.testing.assert_array_equal(value.values, np.full((3, 4), 2.0))


def test_scatter_nd_gradient_is_a_gather_nd():
    updates = tf.placeholder(tf.float32, [2, 4], name="u")
    grad = tf.gradients(tf.scatter_nd([[1], [1]], updates, [3, 4]), updates)[0]
    assert (grad.name, grad.op.type) == ("gradients/ScatterNd_grad/GatherNd:0", "GatherNd")
    assert [t.name for t in grad.op.inputs] == ["gradients/Fill:0", "ScatterNd/indices:0"]
    indices = tf.placeholder(tf.int32, [2, 1])
    shape = tf.placeholder(tf.int32, [2])
    assert tf.gradients(tf.scatter_nd(indices, updates, shape), [indices, shape]) == [None, None]


@pytest.mark.parametrize("indices", [
    [[0, 1], [2, 3], [0, 1]],
    [[2], [0], [2]],
    [[[1], [1]], [[0], [2]]],
    [[0, 1, 2], [1, 1, 1]],
])
def test_gather_nd_gradient_matches_central_differences(indices):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # an IndexedSlices gradient made dense
        check_gradients(lambda p: tf.gather_nd(p, indices) ** 2, RNG.randn(3, 4, 3))


@SETTINGS
@given(data=st.data())
def test_scatter_nd_and_gather_nd_gradients_over_shapes(data):
    shape = tuple(data.draw(st.lists(st.integers(1, 3), min_size=1, max_size=3)))
    depth = data.draw(st.integers(1, len(shape)))
    outer = tuple(data.draw(st.lists(st.integers(1, 3), min_size=1, max_size=2)))
    repeated = data.draw(st.booleans())
    high = [1 if repeated else s for s in shape]  # all tuples alike, or random
    indices = np.stack([RNG.randint(0, high[d], size=outer) for d in range(depth)], axis=-1)
    updates = RNG.randn(*(outer + shape[depth:]))
    check_gradients(lambda u: tf.sin(tf.scatter_nd(indices, u, shape)), updates)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check_gradients(lambda p: tf.sin(tf.gather_nd(p, indices)), RNG.randn(*shape))


# SparseToDense and Unique.

def test_sparse_to_dense_gradient_gathers_at_the_indices_and_gives_the_default_the_rest():
    values = tf.placeholder(tf.float32, [3], name="v")
    default = tf.placeholder(tf.float32, [], name="d")
    dense = sparse_to_dense([[0, 1], [2, 2], [1, 0]], [3, 4], values, default)
    grads = tf.gradients(dense * tf.reshape(tf.range(12.0), [3, 4]), [values, default])
    assert [g.name for g in grads] == ["gradients/SparseToDense_grad/GatherNd:0", "gradients/SparseToDense_grad/sub:0"]
    assert _grad_ops("gradients/SparseToDense_grad/") == [
        ("GatherNd", "GatherNd"), ("Sum", "Sum"), ("Sum_1", "Sum"), ("sub", "Sub")]
    graph = tf.get_default_graph()
    assert graph.get_operation_by_name("gradients/SparseToDense_grad/zeros_like").outputs[0].shape.as_list() == [3, 2]
    assert graph.get_operation_by_name("gradients/SparseToDense_grad/zeros_like_1").type == "Const"
    value_grad, default_grad = _run(grads, {values: [1.0, 2.0, 3.0], default: 0.5})
    np.testing.assert_array_equal(value_grad, [1.0, 10.0, 4.0])
    assert default_grad == 51.0
    check_gradients(lambda v, d: tf.sin(sparse_to_dense([[0, 1], [2, 2]], [3, 3], v, d)), RNG.randn(2), RNG.randn())


def test_unique_has_no_gradient_as_in_tf():
    # TF 1.x registers neither a gradient nor NotDifferentiable for Unique.
    x = tf.placeholder(tf.float32, [5])
    y, idx = tf.unique(x)
    with pytest.raises(LookupError, match=r"No gradient defined for operation 'Unique' \(op type: Unique\)"):
        tf.gradients(y, x)
    assert tf.gradients(tf.cast(idx, tf.float32), x) == [None]
