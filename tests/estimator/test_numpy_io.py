"""tf.estimator.inputs.numpy_input_fn: batches, epochs, shuffling, names and errors (as TF's feeding functions)."""

import numpy as np
import pytest

import tfvars as tf


def all_batches(tensors):
    batches = []
    with tf.Session() as sess:
        while True:
            try:
                batches.append(sess.run(tensors))
            except tf.errors.OutOfRangeError:
                return batches


def test_shuffle_must_be_given():
    with pytest.raises(ValueError, match="shuffle must be provided and explicitly set as boolean"):
        tf.estimator.inputs.numpy_input_fn(np.arange(3))
    assert tf.compat.v1.estimator.inputs.numpy_input_fn is tf.estimator.inputs.numpy_input_fn


def test_batches_run_across_epochs_then_out_of_range():
    features, labels = tf.estimator.inputs.numpy_input_fn(
        {"b": np.arange(5.0), "a": np.arange(5) * 10}, np.arange(5, dtype=np.float32), batch_size=2, num_epochs=2,
        shuffle=False)()
    assert sorted(features) == ["a", "b"]
    # Keys are sorted: "a" is the first array after the row indices.
    assert (features["a"].name, features["b"].name, labels.name) == (
        "fifo_queue_DequeueUpTo:1", "fifo_queue_DequeueUpTo:2", "fifo_queue_DequeueUpTo:3")
    assert (features["a"].dtype, features["b"].dtype, labels.dtype) == (tf.int64, tf.float64, tf.float32)
    assert labels.shape.as_list() == [None]
    assert tf.get_default_graph().get_operation_by_name("fifo_queue_DequeueUpTo").type == "NumpyInputBatch"
    batches = all_batches(labels)
    assert [b.tolist() for b in batches] == [[0, 1], [2, 3], [4, 0], [1, 2], [3, 4]]


def test_each_session_reads_from_the_start():
    x = tf.estimator.inputs.numpy_input_fn(np.arange(3), batch_size=2, shuffle=False)()
    assert [b.tolist() for b in all_batches(x)] == [[0, 1], [2]]
    assert [b.tolist() for b in all_batches(x)] == [[0, 1], [2]]


def test_endless_input_has_full_static_batches():
    x = tf.estimator.inputs.numpy_input_fn(np.ones([4, 3]), batch_size=3, num_epochs=None, shuffle=False)()
    assert x.name == "fifo_queue_DequeueMany:1" and x.shape.as_list() == [3, 3]
    with tf.Session() as sess:
        assert [sess.run(x).shape for _ in range(5)] == [(3, 3)] * 5


def test_shuffle_permutes_each_epoch_reproducibly_without_numpy_global_state():
    tf.set_random_seed(3)
    x = tf.estimator.inputs.numpy_input_fn(np.arange(6), batch_size=4, num_epochs=3, shuffle=True)()
    assert x.name == "random_shuffle_queue_DequeueUpTo:1"
    np.random.seed(0)
    before = np.random.get_state()[1].copy()
    first = np.concatenate(all_batches(x))
    np.testing.assert_array_equal(np.random.get_state()[1], before)
    epochs = first.reshape(3, 6)
    for epoch in epochs:
        assert sorted(epoch.tolist()) == list(range(6))
    assert len({tuple(e) for e in epochs}) > 1
    np.testing.assert_array_equal(np.concatenate(all_batches(x)), first)


def test_y_none_gives_features_only_and_y_dict_a_dict():
    features = tf.estimator.inputs.numpy_input_fn({"x": np.arange(2)}, batch_size=2, shuffle=False)()
    assert isinstance(features, dict)
    features, labels = tf.estimator.inputs.numpy_input_fn(
        {"x": np.arange(2)}, {"y": np.arange(2) + 5}, batch_size=2, shuffle=False)()
    with tf.Session() as sess:
        assert sess.run(labels)["y"].tolist() == [5, 6]


@pytest.mark.parametrize("x, y, error, message", [
    ({}, None, ValueError, "x cannot be an empty dict"),
    (np.zeros([0]), None, ValueError, "x cannot be an empty array"),
    ([1, 2], None, TypeError, "x must be a dict or array; got list"),
    ({"x": np.arange(2)}, {}, ValueError, "y cannot be empty dict, use None instead."),
    ({"x": np.arange(2)}, {"x": np.arange(2)}, ValueError, "1 duplicate keys are found in both x and y"),
    ({"x": np.arange(2)}, np.arange(3), ValueError, "Length of tensors in x and y is mismatched"),
])
def test_errors_when_called(x, y, error, message):
    input_fn = tf.estimator.inputs.numpy_input_fn(x, y, shuffle=False)
    with pytest.raises(error, match=message):
        input_fn()
    assert tf.get_default_graph().get_operations() == []
