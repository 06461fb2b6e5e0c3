"""tf.dynamic_partition and tf.dynamic_stitch: shapes and values."""

import numpy as np
import pytest

import tfvars as tf


def test_partition_then_stitch_restores_the_order():
    data = tf.constant([[1., 1.], [2., 2.], [3., 3.], [4., 4.]])
    partitions = tf.constant([1, 0, 1, 2])
    parts = tf.dynamic_partition(data, partitions, 3)
    assert [p.shape.as_list() for p in parts] == [[None, 2]] * 3
    indices = tf.dynamic_partition(tf.range(4), partitions, 3)
    merged = tf.dynamic_stitch(indices, parts)
    assert merged.op.type == "DynamicStitch" and merged.shape.as_list() == [4, 2]
    with tf.Session() as session:
        values, result = session.run([parts, merged])
    np.testing.assert_array_equal(values[1], [[1., 1.], [3., 3.]])
    np.testing.assert_array_equal(result, [[1., 1.], [2., 2.], [3., 3.], [4., 4.]])


def test_stitch_with_repeated_indices_takes_the_later_value():
    merged = tf.dynamic_stitch([tf.constant([0, 1]), tf.constant([1, 2])], [tf.constant([1, 2]), tf.constant([3, 4])])
    with tf.Session() as session:
        np.testing.assert_array_equal(session.run(merged), [1, 3, 4])


def test_partition_out_of_range_fails_at_run_time():
    parts = tf.dynamic_partition(tf.constant([1, 2]), tf.placeholder(tf.int32, [2]), 2)
    with tf.Session() as session:
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"partitions\[1\] = 2 is not in \[0, 2\)"):
            session.run(parts, {parts[0].op.inputs[1]: [0, 2]})
