"""tf.one_hot: the OneHot op, its names, shapes, dtypes and values."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tfvars as tf


def _run(fetches, feed_dict=None):
    with tf.Session() as session:
        return session.run(fetches, feed_dict)


def test_graph_names_shapes_and_dtypes():
    indices = tf.placeholder(tf.int32, [None])
    results = [tf.one_hot(indices, 4), tf.one_hot(indices, 3, on_value=5, off_value=-1, axis=0),
               tf.one_hot(indices, 3, dtype=tf.int64), tf.one_hot([[1, 2]], 3, axis=1),
               tf.one_hot(indices, tf.placeholder(tf.int32, []))]
    assert [(op.name, op.type) for op in tf.get_default_graph().get_operations()] == [
        ("Placeholder", "Placeholder"),
        ("one_hot/on_value", "Const"), ("one_hot/off_value", "Const"), ("one_hot/depth", "Const"),
        ("one_hot", "OneHot"),
        ("one_hot_1/Const", "Const"), ("one_hot_1/Const_1", "Const"), ("one_hot_1/depth", "Const"),
        ("one_hot_1", "OneHot"),
        ("one_hot_2/on_value", "Const"), ("one_hot_2/off_value", "Const"), ("one_hot_2/depth", "Const"),
        ("one_hot_2", "OneHot"),
        ("one_hot_3/on_value", "Const"), ("one_hot_3/off_value", "Const"), ("one_hot_3/indices", "Const"),
        ("one_hot_3/depth", "Const"), ("one_hot_3", "OneHot"),
        ("Placeholder_1", "Placeholder"),
        ("one_hot_4/on_value", "Const"), ("one_hot_4/off_value", "Const"), ("one_hot_4", "OneHot"),
    ]
    assert [r.shape.as_list() for r in results] == [[None, 4], [3, None], [None, 3], [1, 3, 2], [None, None]]
    assert [r.dtype for r in results] == [tf.float32, tf.int32, tf.int64, tf.float32, tf.float32]
    first, second = _run(results[:2], {indices: [0, 2, 5, -1]})
    np.testing.assert_array_equal(first, [[1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0], [0, 0, 0, 0]])
    np.testing.assert_array_equal(second, [[5, -1, -1, -1], [-1, -1, -1, -1], [-1, 5, -1, -1]])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 3), max_size=3), st.integers(0, 5), st.data())
def test_values_match_numpy(shape, depth, data):
    tf.reset_default_graph()
    axis = data.draw(st.integers(-1, len(shape)))
    indices = np.random.RandomState(depth).randint(-1, depth + 2, size=shape).astype(np.int64)
    result = tf.one_hot(indices, depth, on_value=2.5, off_value=0.5, axis=axis)
    expected = np.where(indices[..., None] == np.arange(depth), 2.5, 0.5).astype(np.float32)
    expected = expected if axis == -1 else np.moveaxis(expected, -1, axis)
    value = _run(result)
    assert value.shape == expected.shape and result.shape.as_list() == list(expected.shape)
    np.testing.assert_array_equal(value, expected)


def test_dtype_mismatches_raise_type_error():
    with pytest.raises(TypeError, match="dtype <dtype: 'int32'> of on_value does not match dtype parameter"):
        tf.one_hot([0], 2, on_value=1, dtype=tf.float32)
    with pytest.raises(TypeError, match="does not match dtype <dtype: 'float32'> of off_value"):
        tf.one_hot([0], 2, on_value=1, off_value=0.0)
    assert tf.get_default_graph().get_operations() == []


def test_bad_axis_and_depth_raise_value_errors():
    before = len(tf.get_default_graph().get_operations())
    with pytest.raises(ValueError, match="axis must be >= -1"):
        tf.one_hot(tf.constant([0]), 2, axis=-2)
    with pytest.raises(ValueError, match="depth must be non-negative, got: -1"):
        tf.one_hot(tf.constant([0]), -1)
    assert len(tf.get_default_graph().get_operations()) == before + 2  # the two constants made outside
