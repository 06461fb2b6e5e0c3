"""Clipping ops: values against numpy, names as TF 1.x builds them, IndexedSlices, errors."""

import numpy as np
import pytest
from hypothesis import given, settings

import tfvars as tf
from strategies import arrays, shapes

A = np.array([[3.0, 4.0], [0.0, 0.5]], np.float32)


def _run(tensors):
    with tf.Session() as sess:
        return sess.run(tensors)


@settings(max_examples=25, deadline=None)
@given(arrays(np.float32, shapes(1, 3)))
def test_clip_by_value_and_by_norm_match_numpy(x):
    tf.reset_default_graph()
    by_value = tf.clip_by_value(x, -1.5, 2.0)
    by_norm = tf.clip_by_norm(x, 3.0)
    got_value, got_norm = _run([by_value, by_norm])
    np.testing.assert_array_equal(got_value, np.clip(x, -1.5, 2.0))
    norm = np.sqrt(np.sum(x.astype(np.float64) ** 2))
    np.testing.assert_allclose(got_norm, x * 3.0 / max(norm, 3.0), rtol=1e-5, atol=1e-6)


def test_names_and_axes():
    t = tf.constant(A)
    results = [tf.clip_by_value(t, 0.2, 3.5), tf.clip_by_norm(t, 2.0, axes=[1]), tf.global_norm([t, None]),
               tf.clip_by_average_norm(t, 0.5)]
    clipped, norm = tf.clip_by_global_norm([t, None, t], 6.0)
    assert [r.name for r in results] == ["clip_by_value:0", "clip_by_norm:0", "global_norm/global_norm:0",
                                         "clip_by_average_norm:0"]
    assert [c.name if c is not None else None for c in clipped] == [
        "clip_by_global_norm/clip_by_global_norm/_0:0", None, "clip_by_global_norm/clip_by_global_norm/_2:0"]
    assert norm.name == "global_norm_1/global_norm:0"
    assert tf.get_default_graph().get_operation_by_name("global_norm/L2Loss").type == "L2Loss"
    values = _run(results + [clipped[0], norm])
    # Values TensorFlow computes for the same program.
    np.testing.assert_allclose(values[0], [[3.0, 3.5], [0.2, 0.5]], rtol=1e-6)
    np.testing.assert_allclose(values[1], [[1.2, 1.6], [0.0, 0.5]], rtol=1e-6)
    assert values[2] == pytest.approx(np.sqrt(25.25), rel=1e-6)
    np.testing.assert_allclose(values[3], [[1.1940447, 1.5920596], [0.0, 0.19900745]], rtol=1e-5)
    np.testing.assert_allclose(values[4], A * 6.0 / np.sqrt(50.5), rtol=1e-5)


def test_clip_by_global_norm_against_numpy_and_infinite_norms():
    a, b = np.array([3.0, 4.0], np.float32), np.array([12.0], np.float32)
    (ca, cb), norm = tf.clip_by_global_norm([a, b], 6.5)
    (unchanged,), _ = tf.clip_by_global_norm([a], 100.0)
    (nan_result,), _ = tf.clip_by_global_norm([np.array([np.inf, 1.0], np.float32)], 1.0)
    got = _run([ca, cb, norm, unchanged, nan_result])
    assert got[0].tolist() == [1.5, 2.0] and got[1].tolist() == [6.0] and got[2] == 13.0
    assert got[3].tolist() == [3.0, 4.0]
    assert np.isnan(got[4]).all()


def test_indexed_slices_keep_their_indices():
    from tfvars.framework.indexed_slices import IndexedSlices
    slices = IndexedSlices(tf.constant([[3.0, 4.0]]), tf.constant([1]), tf.constant([3, 2]))
    clipped = tf.clip_by_norm(slices, 1.0)
    (global_clipped,), norm = tf.clip_by_global_norm([slices], 1.0)
    assert isinstance(clipped, IndexedSlices) and clipped.indices is slices.indices
    values = _run([clipped.values, global_clipped.values, norm])
    np.testing.assert_allclose(values[0], [[0.6, 0.8]], rtol=1e-6)
    np.testing.assert_allclose(values[1], [[0.6, 0.8]], rtol=1e-6)
    assert values[2] == pytest.approx(5.0)


def test_errors_leave_the_graph_as_it_was():
    with pytest.raises(TypeError, match="^t_list should be a sequence$"):
        tf.global_norm(tf.constant([1.0]))
    with pytest.raises(TypeError, match="^t_list should be a sequence$"):
        tf.clip_by_global_norm("ab", 1.0)
    t = tf.constant([1.0, 2.0])
    count = len(tf.get_default_graph().get_operations())
    with pytest.raises(ValueError):
        tf.clip_by_value(t, [0.0, 0.0, 0.0], 1.0)
    assert len(tf.get_default_graph().get_operations()) == count
