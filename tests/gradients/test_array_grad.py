"""The array gradient rules against central differences (float64), and the gradients that are IndexedSlices."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tfvars as tf
from strategies import shapes
from tfvars.testing import check_gradients

SETTINGS = settings(max_examples=15, deadline=None)
X = np.arange(1.0, 13.0).reshape(3, 4) / 7.0

# Each function of one [3, 4] tensor.
CATALOGUE = {
    "identity": tf.identity,
    "reshape": lambda x: tf.reshape(x, [2, 6]),
    "reshape_inferred": lambda x: tf.reshape(x, [-1]),
    "expand_dims": lambda x: tf.expand_dims(x, 1),
    "squeeze": lambda x: tf.squeeze(tf.reshape(x, [1, 3, 1, 4]), [0, 2]),
    "transpose": tf.transpose,
    "concat_axis0": lambda x: tf.concat([x, 2.0 * x, x[:1]], 0),
    "concat_axis1": lambda x: tf.concat([x[:, :1], x * x], axis=-1),
    "concat_one": lambda x: tf.concat([x], 0),
    "split": lambda x: tf.split(x, 2, axis=1)[1] * tf.split(x, 2, axis=1)[0],
    "split_v": lambda x: tf.split(x, [1, 3], axis=1)[1],
    "stack": lambda x: tf.stack([x, x * x], axis=1),
    "unstack": lambda x: tf.unstack(x, axis=1)[2],
    "slice": lambda x: tf.slice(x, [1, 1], [2, -1]),
    "strided_slice": lambda x: x[::2, 1:3],
    "strided_slice_reverse": lambda x: x[::-1, tf.newaxis, -1],
    "strided_slice_ellipsis": lambda x: x[..., 1],
    "pad": lambda x: tf.pad(x, [[1, 0], [2, 1]]),
    "pad_v2": lambda x: tf.pad(x, [[0, 1], [1, 0]], constant_values=2.0),
    "mirror_pad_reflect": lambda x: tf.pad(x, [[2, 1], [1, 3]], mode="REFLECT"),
    "mirror_pad_symmetric": lambda x: tf.pad(x, [[3, 1], [2, 4]], mode="SYMMETRIC"),
    "tile": lambda x: tf.tile(x, [2, 3]),
    "fill": lambda x: tf.fill([2, 2], tf.reduce_sum(x)),
    "gather": lambda x: tf.gather(x, [2, 0, 2]),
    "gather_axis1": lambda x: tf.gather(x, [[3, 0], [1, 1]], axis=1),
    "where": lambda x: tf.where(x > 0.9, x, x * x),
    "diag_part": lambda x: tf.diag_part(tf.reshape(x[:, :3], [3, 3])),
    "matrix_diag": lambda x: tf.matrix_diag(x),
    "matrix_set_diag": lambda x: tf.matrix_set_diag(x, x[0, :3] * 3.0),
    "dynamic_stitch": lambda x: tf.dynamic_stitch([[0, 2], [1]], [x[:2], x[2:]]),
    "placeholder_with_default": lambda x: tf.placeholder_with_default(x, [None, 4]),
    "identity_n": lambda x: tf.identity_n([x, x * x])[1],
}


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_array_gradient_matches_central_differences(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the IndexedSlices of gathers are made dense by later ops
        check_gradients(CATALOGUE[name], X)


@SETTINGS
@given(shape=shapes(min_dims=1, max_dims=3, max_side=3), data=st.data())
def test_transpose_and_tile_gradients_over_shapes(shape, data):
    x = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(-2, 2)))
    perm = data.draw(st.permutations(range(len(shape))))
    multiples = data.draw(st.lists(st.integers(1, 3), min_size=len(shape), max_size=len(shape)))
    check_gradients(lambda t: tf.transpose(tf.square(tf.tile(t, multiples)), perm), x)


@SETTINGS
@given(shape=shapes(min_dims=1, max_dims=3, max_side=4), data=st.data())
def test_slice_gradients_over_shapes(shape, data):
    x = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(-2, 2)))
    begin = [data.draw(st.integers(0, d - 1)) for d in shape]
    size = [data.draw(st.integers(1, d - b)) for d, b in zip(shape, begin)]
    check_gradients(lambda t: tf.slice(t, begin, size) + t[tuple(slice(b, b + s) for b, s in zip(begin, size))], x)


def test_gather_gradient_is_indexed_slices():
    params = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    grad = tf.gradients(tf.gather(params, [2, 0, 2]) * 2.0, params)[0]
    assert isinstance(grad, tf.IndexedSlices)
    assert grad.values.op.name == "gradients/GatherV2_grad/Reshape"
    assert grad.indices.op.name == "gradients/GatherV2_grad/Reshape_1"
    assert grad.dense_shape.dtype == tf.int32
    with tf.Session() as sess:
        value = sess.run(grad)
    assert isinstance(value, tf.IndexedSlicesValue)
    np.testing.assert_array_equal(value.indices, [2, 0, 2])
    np.testing.assert_array_equal(value.values, np.full((3, 2), 2.0))
    np.testing.assert_array_equal(value.dense_shape, [3, 2])


def test_gradients_of_one_tensor_through_gathers_and_dense_ops_are_concatenated():
    params = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    loss = tf.reduce_sum(tf.gather(params, [1])) + tf.reduce_sum(tf.gather(params, [1, 1]))
    grad = tf.gradients(loss, params)[0]
    assert isinstance(grad, tf.IndexedSlices)
    assert grad.values.op.type == "ConcatV2"
    mixed = tf.gradients(loss + tf.reduce_sum(params * params), params)[0]
    assert isinstance(mixed, tf.IndexedSlices)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(tf.convert_to_tensor(grad)), [[0.0, 0.0], [3.0, 3.0]])
        np.testing.assert_array_equal(sess.run(tf.convert_to_tensor(mixed)), [[2.0, 4.0], [9.0, 11.0]])


def test_not_differentiable_array_ops_give_no_gradient():
    x = tf.placeholder(tf.float32, [2, 3])
    outputs = [tf.cast(tf.shape(x), tf.float32), tf.cast(tf.size(x), tf.float32), tf.cast(tf.rank(x), tf.float32),
               tf.zeros_like(x), tf.ones_like(x), tf.stop_gradient(x), tf.cast(tf.where(x > 0), tf.float32)]
    for output in outputs:
        assert tf.gradients(output, x) == [None]
