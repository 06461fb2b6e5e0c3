"""Reading checkpoints without a Saver, and init_from_checkpoint (graphs as TF 1.x builds them)."""

import numpy as np
import pytest

import tfvars as tf


@pytest.fixture
def checkpoint(tmp_path):
    """A checkpoint of a/x = [1, 1], a/s = "hi", p (partitioned, [4, 2]) = 0..7, saved in its own graph."""
    with tf.Graph().as_default():
        with tf.variable_scope("a"):
            tf.get_variable("x", [2], initializer=tf.ones_initializer())
            tf.get_variable("s", [], dtype=tf.string, initializer=tf.constant_initializer("hi"))
        p = tf.get_variable("p", [4, 2], partitioner=tf.fixed_size_partitioner(2))
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(p.assign(np.arange(8.0, dtype=np.float32).reshape(4, 2)))
            return saver.save(sess, str(tmp_path / "m"), global_step=1, write_meta_graph=False)


def test_list_and_load(checkpoint):
    directory = checkpoint.rsplit("/", 1)[0]
    assert tf.train.list_variables(directory) == [("a/s", []), ("a/x", [2]), ("p", [4, 2])]
    assert tf.train.list_variables(checkpoint) == tf.train.list_variables(directory)
    np.testing.assert_array_equal(tf.train.load_variable(directory, "a/x:0"), [1.0, 1.0])
    assert tf.train.load_variable(checkpoint, "a/s") == b"hi"
    np.testing.assert_array_equal(tf.train.load_variable(checkpoint, "p"), np.arange(8.0).reshape(4, 2))


def test_reader(checkpoint):
    reader = tf.train.NewCheckpointReader(checkpoint)
    assert reader.has_tensor("a/x") and not reader.has_tensor("zz")
    assert reader.get_variable_to_shape_map() == {"a/s": [], "a/x": [2], "p": [4, 2]}
    assert reader.get_variable_to_dtype_map() == {"a/s": tf.string, "a/x": tf.float32, "p": tf.float32}
    assert reader.debug_string() == b"a/s (DT_STRING) []\na/x (DT_FLOAT) [2]\np (DT_FLOAT) [4,2]\n"
    assert type(tf.train.load_checkpoint(checkpoint).get_tensor("a/x")) is np.ndarray
    with pytest.raises(tf.errors.NotFoundError, match="^Key zz not found in checkpoint$"):
        reader.get_tensor("zz")


def test_missing(tmp_path):
    with pytest.raises(tf.errors.NotFoundError, match="^Unsuccessful TensorSliceReader constructor: Failed to "
                                                      "find any matching files for .*nodir$"):
        tf.train.list_variables(str(tmp_path / "nodir"))
    with pytest.raises(ValueError, match="^Couldn't find 'checkpoint' file or checkpoints in given directory"):
        tf.train.list_variables(str(tmp_path))


def test_init_from_checkpoint_graph_and_values(checkpoint):
    with tf.variable_scope("b"):
        x = tf.get_variable("x", [2], initializer=tf.zeros_initializer())
    q = tf.get_variable("q", [4, 2], partitioner=tf.fixed_size_partitioner(2))
    before = len(tf.get_default_graph().get_operations())
    tf.train.init_from_checkpoint(checkpoint, {"a/": "b/", "p": "q"})
    added = [(op.name, op.type, [t.name for t in op.inputs], op.device)
             for op in tf.get_default_graph().get_operations()[before:]]
    restore = ["checkpoint_initializer/prefix:0", "checkpoint_initializer/tensor_names:0",
               "checkpoint_initializer/shape_and_slices:0"]
    assert added[:5] == [
        ("checkpoint_initializer/prefix", "Const", [], "/device:CPU:0"),
        ("checkpoint_initializer/tensor_names", "Const", [], "/device:CPU:0"),
        ("checkpoint_initializer/shape_and_slices", "Const", [], "/device:CPU:0"),
        ("checkpoint_initializer", "RestoreV2", restore, "/device:CPU:0"),
        ("Assign", "Assign", ["b/x:0", "checkpoint_initializer:0"], ""),
    ]
    assert [name for name, _, _, _ in added[5:]] == [
        "checkpoint_initializer_1/prefix", "checkpoint_initializer_1/tensor_names",
        "checkpoint_initializer_1/shape_and_slices", "checkpoint_initializer_1", "Assign_1",
        "checkpoint_initializer_2/prefix", "checkpoint_initializer_2/tensor_names",
        "checkpoint_initializer_2/shape_and_slices", "checkpoint_initializer_2", "Assign_2"]
    assert x.initializer.name == "Assign"
    assert x.initial_value.name == "checkpoint_initializer:0" and x.initial_value.shape == [2]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(x), [1.0, 1.0])
        np.testing.assert_array_equal(sess.run(q.as_tensor()), np.arange(8.0).reshape(4, 2))


def test_init_from_checkpoint_root_and_objects(checkpoint):
    with tf.variable_scope("new"):
        with tf.variable_scope("a"):
            x = tf.get_variable("x", [2], initializer=tf.zeros_initializer())
    s = tf.Variable("", name="s_var", use_resource=True)
    tf.train.init_from_checkpoint(checkpoint, {"/": "new/", "a/s": s})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(x), [1.0, 1.0])
        assert sess.run(s) == b"hi"


def test_init_from_checkpoint_errors(checkpoint):
    tf.get_variable("x", [3])
    with pytest.raises(ValueError, match="^Tensor zz is not found in "):
        tf.train.init_from_checkpoint(checkpoint, {"zz": "x"})
    with pytest.raises(ValueError, match=r"^Shape of variable x:0 \(\(3,\)\) doesn't match with shape of tensor a/x "):
        tf.train.init_from_checkpoint(checkpoint, {"a/x": "x"})
    with pytest.raises(ValueError, match="should map to scope only"):
        tf.train.init_from_checkpoint(checkpoint, {"a/x": "scope/"})
