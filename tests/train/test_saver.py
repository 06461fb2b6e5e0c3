"""tf.train.Saver: the graph it builds (as TF 1.x builds it), round trips, bookkeeping and errors."""

import os

import numpy as np
import pytest

import tfvars as tf
from tfvars.framework import observers


def _ops(prefix="save"):
    return [(op.name, op.type, [t.name for t in op.inputs], [c.name for c in op.control_inputs])
            for op in tf.get_default_graph().get_operations() if op.name.startswith(prefix + "/")]


# The graph, as verified against TF (tf.compat.v1 in TF 2.21, same as TF 1.15's BulkSaverBuilder).
def test_graph_matches_tf_op_for_op():
    tf.Variable([1.0, 2.0], name="v")
    tf.Variable(3, name="w")
    tf.Variable(4.0, name="r", use_resource=True)
    tf.Variable("hello", name="s")
    saver = tf.train.Saver()
    assert _ops() == [
        ("save/filename/input", "Const", [], []),
        ("save/filename", "PlaceholderWithDefault", ["save/filename/input:0"], []),
        ("save/Const", "PlaceholderWithDefault", ["save/filename:0"], []),
        ("save/SaveV2/tensor_names", "Const", [], []),
        ("save/SaveV2/shape_and_slices", "Const", [], []),
        ("save/SaveV2", "SaveV2", ["save/Const:0", "save/SaveV2/tensor_names:0", "save/SaveV2/shape_and_slices:0",
                                   "r/Read/ReadVariableOp:0", "s:0", "v:0", "w:0"], []),
        ("save/control_dependency", "Identity", ["save/Const:0"], ["save/SaveV2"]),
        ("save/RestoreV2/tensor_names", "Const", [], []),
        ("save/RestoreV2/shape_and_slices", "Const", [], []),
        ("save/RestoreV2", "RestoreV2", ["save/Const:0", "save/RestoreV2/tensor_names:0",
                                         "save/RestoreV2/shape_and_slices:0"], []),
        ("save/Identity", "Identity", ["save/RestoreV2:0"], []),
        ("save/AssignVariableOp", "AssignVariableOp", ["r:0", "save/Identity:0"], []),
        ("save/Assign", "Assign", ["s:0", "save/RestoreV2:1"], []),
        ("save/Assign_1", "Assign", ["v:0", "save/RestoreV2:2"], []),
        ("save/Assign_2", "Assign", ["w:0", "save/RestoreV2:3"], []),
        ("save/restore_all", "NoOp", [], ["save/AssignVariableOp", "save/Assign", "save/Assign_1",
                                          "save/Assign_2"]),
    ]
    graph = tf.get_default_graph()
    restore = graph.get_operation_by_name("save/RestoreV2")
    assert restore.device == "/device:CPU:0"
    assert graph.get_operation_by_name("save/RestoreV2/tensor_names").device == "/device:CPU:0"
    assert [t.dtype for t in restore.outputs] == [tf.float32, tf.string, tf.float32, tf.int32]
    assert all(t.shape.ndims is None for t in restore.outputs)
    assert graph.get_operation_by_name("save/control_dependency").get_attr("_class") == [b"loc:@save/Const"]
    assert graph.get_operation_by_name("save/Assign_1").get_attr("_class") == [b"loc:@v"]
    assert str(saver.as_saver_def()) == (
        'filename_tensor_name: "save/Const:0"\nsave_tensor_name: "save/control_dependency:0"\n'
        'restore_op_name: "save/restore_all"\nmax_to_keep: 5\nkeep_checkpoint_every_n_hours: 10000\nversion: V2\n')


def test_dict_var_list_and_name_scope():
    v = tf.Variable(1.0, name="v")
    w = tf.Variable(2.0, name="w")
    tf.train.Saver({"renamed": v, "w2": w}, name="mysaver")
    save = tf.get_default_graph().get_operation_by_name("mysaver/SaveV2")
    assert [t.name for t in save.inputs[3:]] == ["v:0", "w:0"]
    assert list(save.inputs[1].op.get_attr("value")) == [b"renamed", b"w2"]
    second = tf.train.Saver([v])
    assert second.saver_def.restore_op_name == "save/restore_all"
    third = tf.train.Saver([v])
    assert third.saver_def.filename_tensor_name == "save_1/Const:0"


def test_partitioned_variable_saved_as_slices_of_one_tensor(tmp_path):
    p = tf.get_variable("p", [4, 2], partitioner=tf.fixed_size_partitioner(2))
    saver = tf.train.Saver()
    save = tf.get_default_graph().get_operation_by_name("save/SaveV2")
    assert [t.name for t in save.inputs[3:]] == ["p/part_0/read:0", "p/part_1/read:0"]
    assert list(save.inputs[2].op.get_attr("value")) == [b"4 2 0,2:0,2", b"4 2 2,2:0,2"]
    assert [op.name for op in tf.get_default_graph().get_operations() if op.type == "Assign"
            and op.name.startswith("save/")] == ["save/Assign", "save/Assign_1"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        value = sess.run(p.as_tensor())
        path = saver.save(sess, str(tmp_path / "m"))
        assert tf.train.list_variables(path) == [("p", [4, 2])]
        np.testing.assert_array_equal(tf.train.load_variable(path, "p"), value)
        sess.run(p.assign(np.zeros([4, 2], np.float32)))
        saver.restore(sess, path)
        np.testing.assert_array_equal(sess.run(p.as_tensor()), value)


def test_errors_building():
    with pytest.raises(ValueError, match="^No variables to save$"):
        tf.train.Saver()
    a = tf.Variable(1.0, name="a")
    with pytest.raises(ValueError, match="^At least two variables have the same name: a$"):
        tf.train.Saver([a, a])
    with pytest.raises(ValueError, match="^The same saveable will be restored with two names: y$"):
        tf.train.Saver({"x": a, "y": a})
    with pytest.raises(TypeError, match="^Variables to save should be passed in a dict or a list: "):
        tf.train.Saver(a)
    with pytest.raises(TypeError, match="^Variable to save is not a Variable: "):
        tf.train.Saver([tf.constant(1.0)])
    with pytest.raises(ValueError, match="build cannot be deferred"):
        tf.train.Saver([a], defer_build=True)
    before = tf.get_default_graph().get_operations()
    with pytest.raises(ValueError):
        tf.train.Saver({"x": a, "y": a})
    assert tf.get_default_graph().get_operations() == before
    empty = tf.train.Saver([], allow_empty=True)
    assert empty.saver_def is None


# Round trips.
@pytest.mark.parametrize("use_resource", [False, True])
def test_round_trip_of_dtypes_shapes_and_strings(tmp_path, use_resource):
    values = {
        "f32": np.array([[1.5, -2.0], [3.25, 4.0]], np.float32),
        "f64": np.float64(2.5),
        "f16": np.array([0.5, 1.5], np.float16),
        "i32": np.int32(-7),
        "i64": np.array([2 ** 40, -3], np.int64),
        "u8": np.array([0, 255], np.uint8),
        "flag": np.array([True, False, True]),
        "text": np.array([b"hello", b"", "caf\u00e9".encode(), b"\x00\xff"], dtype=object),
        "word": np.array(b"scalar", dtype=object),
        "empty": np.zeros([0, 3], np.float32),
    }
    variables = {name: tf.Variable(value, name=name, use_resource=use_resource) for name, value in values.items()}
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "model.ckpt"))
        assert path == str(tmp_path / "model.ckpt")
        for name, value in values.items():
            sess.run(variables[name].initializer)  # unchanged values must be restored from the file
        sess.run([variables["f32"].assign(np.zeros([2, 2], np.float32)), variables["text"].assign([b"x"] * 4)])
        saver.restore(sess, path)
        for name, value in values.items():
            restored = sess.run(variables[name])
            if np.asarray(value).dtype != object:
                assert np.asarray(restored).dtype == np.asarray(value).dtype
            np.testing.assert_array_equal(np.asarray(restored, dtype=np.asarray(value).dtype), value)


def test_restore_into_fresh_graph_and_session(tmp_path):
    v = tf.Variable([1.0, 2.0], name="v")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(v.initializer)
        sess.run(v.assign([7.0, 8.0]))
        path = saver.save(sess, str(tmp_path / "m"))
    with tf.Graph().as_default():
        v2 = tf.Variable([0.0, 0.0], name="v")
        saver2 = tf.train.Saver()
        with tf.Session() as sess:
            saver2.restore(sess, path)
            np.testing.assert_array_equal(sess.run(v2), [7.0, 8.0])


def test_dict_var_list_renames_in_checkpoint(tmp_path):
    v = tf.Variable([1.0, 2.0], name="v")
    saver = tf.train.Saver({"model/weights": v})
    with tf.Session() as sess:
        sess.run(v.initializer)
        path = saver.save(sess, str(tmp_path / "m"))
    assert tf.train.list_variables(path) == [("model/weights", [2])]
    with tf.Graph().as_default():
        other = tf.Variable([0.0, 0.0], name="other")
        with tf.Session() as sess:
            tf.train.Saver({"model/weights": other}).restore(sess, path)
            np.testing.assert_array_equal(sess.run(other), [1.0, 2.0])


def test_save_with_global_step_tensor_and_padding(tmp_path):
    step = tf.Variable(42, dtype=tf.int64, name="global_step")
    saver = tf.train.Saver(pad_step_number=True)
    with tf.Session() as sess:
        sess.run(step.initializer)
        assert saver.save(sess, str(tmp_path / "m"), global_step=step) == str(tmp_path / "m-00000042")
        assert tf.train.Saver().save(sess, str(tmp_path / "n"), global_step=np.int64(7),
                                     write_meta_graph=False) == str(tmp_path / "n-7")


# Partial restores and observers.
def test_partial_restore_leaves_other_variables_untouched(tmp_path):
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b")
    c = tf.Variable(3.0, name="c")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = tf.train.Saver().save(sess, str(tmp_path / "m"))
    report = tf.report_uninitialized_variables()
    with tf.Session() as sess:
        tf.train.Saver([a]).restore(sess, path)
        assert sess.run(a) == 1.0
        assert list(sess.run(report)) == [b"b", b"c"]
        sess.run(b.initializer)
        sess.run(b.assign(20.0))
        tf.train.Saver([a]).restore(sess, path)
        assert sess.run(b) == 20.0
        assert list(sess.run(report)) == [b"c"]


def test_restore_reaches_the_observer_hook(tmp_path):
    v = tf.Variable([1.0, 2.0], name="v")
    r = tf.Variable(5, name="r", use_resource=True)
    saver = tf.train.Saver()
    events = []

    def observe(event):
        events.append(event)

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "m"))
        sess.subscribe(observe)
        saver.restore(sess, path)
    changes = [event for event in events if isinstance(event, observers.VariablesChanged)]
    assert len(changes) == 1
    assert sorted(change.name for change in changes[0].changes) == ["r", "v"]
    np.testing.assert_array_equal(next(c.new for c in changes[0].changes if c.name == "v"), [1.0, 2.0])


# Keeping checkpoints.
def test_max_to_keep_deletes_old_checkpoints_and_writes_state(tmp_path):
    v = tf.Variable(1.0, name="v")
    saver = tf.train.Saver(max_to_keep=2)
    prefix = str(tmp_path / "model.ckpt")
    with tf.Session() as sess:
        sess.run(v.initializer)
        paths = [saver.save(sess, prefix, global_step=step) for step in (1, 2, 3)]
    assert paths == [prefix + "-1", prefix + "-2", prefix + "-3"]
    assert saver.last_checkpoints == paths[1:]
    assert sorted(os.listdir(tmp_path)) == [
        "checkpoint", "model.ckpt-2.data-00000-of-00001", "model.ckpt-2.index", "model.ckpt-2.meta",
        "model.ckpt-3.data-00000-of-00001", "model.ckpt-3.index", "model.ckpt-3.meta"]
    assert (tmp_path / "checkpoint").read_text() == (
        'model_checkpoint_path: "%s-3"\nall_model_checkpoint_paths: "%s-2"\n'
        'all_model_checkpoint_paths: "%s-3"\n' % (prefix, prefix, prefix))
    assert tf.train.latest_checkpoint(str(tmp_path)) == prefix + "-3"


def test_max_to_keep_none_keeps_everything(tmp_path):
    v = tf.Variable(1.0, name="v")
    saver = tf.train.Saver(max_to_keep=None)
    with tf.Session() as sess:
        sess.run(v.initializer)
        for step in range(4):
            saver.save(sess, str(tmp_path / "m"), global_step=step, write_meta_graph=False)
    assert saver.last_checkpoints == []
    assert len([name for name in os.listdir(tmp_path) if name.endswith(".index")]) == 4
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert state.all_model_checkpoint_paths == [str(tmp_path / "m-3")]


def test_keep_checkpoint_every_n_hours_keeps_old_ones(tmp_path, monkeypatch):
    from tfvars.train import saver as saver_module
    clock = [1000.0]
    monkeypatch.setattr(saver_module.time, "time", lambda: clock[0])
    v = tf.Variable(1.0, name="v")
    saver = tf.train.Saver(max_to_keep=1, keep_checkpoint_every_n_hours=1.0)
    with tf.Session() as sess:
        sess.run(v.initializer)
        for step in range(4):
            clock[0] += 2000.0  # steps at 3000s, 5000s (past the hour: kept), 7000s, 9000s
            saver.save(sess, str(tmp_path / "m"), global_step=step, write_meta_graph=False)
    kept = sorted(name[:-len(".index")] for name in os.listdir(tmp_path) if name.endswith(".index"))
    assert kept == ["m-1", "m-3"]


def test_set_and_recover_last_checkpoints(tmp_path):
    v = tf.Variable(1.0, name="v")
    saver = tf.train.Saver(max_to_keep=2)
    with tf.Session() as sess:
        sess.run(v.initializer)
        paths = [saver.save(sess, str(tmp_path / "m"), global_step=step) for step in (1, 2)]
    fresh = tf.train.Saver(max_to_keep=2)
    fresh.recover_last_checkpoints(paths + [str(tmp_path / "gone")])
    assert fresh.last_checkpoints == paths
    fresh.set_last_checkpoints_with_time([(paths[0], 1.0)])
    assert fresh.last_checkpoints == paths[:1]


def test_relative_paths_in_state_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    v = tf.Variable(1.0, name="v")
    os.mkdir("train")
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert tf.train.Saver().save(sess, "train/m", global_step=1) == "train/m-1"
        saver = tf.train.Saver(save_relative_paths=True)
        saver.save(sess, str(tmp_path / "train" / "m"), global_step=2)
    assert (tmp_path / "train" / "checkpoint").read_text() == (
        'model_checkpoint_path: "m-2"\nall_model_checkpoint_paths: "m-2"\n')
    assert tf.train.latest_checkpoint("train") == "train/m-2"


# Errors when saving and restoring.
def test_restore_errors(tmp_path):
    v = tf.Variable([1.0, 2.0], name="v")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        with pytest.raises(ValueError, match="^Can't load save_path when it is None.$"):
            saver.restore(sess, None)
        with pytest.raises(ValueError, match="^The passed save_path is not a valid checkpoint: "):
            saver.restore(sess, str(tmp_path / "nothing"))
        with pytest.raises(tf.errors.NotFoundError, match="Failed to find any matching files for"):
            sess.run(saver.saver_def.restore_op_name, {saver.saver_def.filename_tensor_name: str(tmp_path / "x")})
        sess.run(v.initializer)
        path = saver.save(sess, str(tmp_path / "m"))
    cases = [
        (lambda: tf.Variable(1.0, name="zz"), tf.errors.NotFoundError,
         "a Variable name or other graph key that is missing from the checkpoint.*Key zz not found in checkpoint"),
        (lambda: tf.Variable([1.0, 2.0, 3.0], name="v"), tf.errors.InvalidArgumentError,
         "mismatch between the current graph and the graph from the checkpoint.*Assign requires shapes of both "
         r"tensors to match. lhs shape= \[3\] rhs shape= \[2\]"),
        (lambda: tf.Variable([1, 2], name="v"), tf.errors.InvalidArgumentError,
         "tensor_name = v; expected dtype int32 does not equal original dtype float"),
        (lambda: tf.Variable([1, 2], name="v", use_resource=True), tf.errors.InvalidArgumentError,
         "tensor_name = v; expected dtype int32 does not equal original dtype float"),
    ]
    for build, error, message in cases:
        with tf.Graph().as_default():
            build()
            other = tf.train.Saver()
            with tf.Session() as sess:
                with pytest.raises(error, match="(?s)^Restoring from checkpoint failed. .*" + message):
                    other.restore(sess, path)


def test_save_errors(tmp_path):
    v = tf.Variable(1.0, name="v")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        with pytest.raises(ValueError, match="^Parent directory of .* doesn't exist, can't save.$"):
            saver.save(sess, str(tmp_path / "no" / "m"))
        with pytest.raises(tf.errors.FailedPreconditionError, match="Attempting to use uninitialized value v"):
            saver.save(sess, str(tmp_path / "m"))
        sess.run(v.initializer)
        with pytest.raises(ValueError, match="'latest_filename' collides with 'save_path'"):
            saver.save(sess, str(tmp_path / "checkpoint"))
        with pytest.raises(ValueError, match="must not contain path components"):
            saver.save(sess, str(tmp_path / "m"), latest_filename="a/b")
        with pytest.raises(TypeError, match="'sess' must be a Session"):
            saver.save(object(), str(tmp_path / "m"))
    assert not os.path.exists(tmp_path / "checkpoint")
    deferred = tf.train.Saver(defer_build=True)
    with tf.Session() as sess, pytest.raises(RuntimeError, match="defer_build"):
        deferred.save(sess, str(tmp_path / "m"))


def test_deferred_build_includes_later_variables(tmp_path):
    tf.Variable(1.0, name="a")
    saver = tf.train.Saver(defer_build=True)
    tf.Variable(2.0, name="b")
    saver.build()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "m"), write_meta_graph=False)
    assert [name for name, _ in tf.train.list_variables(path)] == ["a", "b"]


def test_empty_saver_does_nothing(tmp_path):
    saver = tf.train.Saver([], allow_empty=True)
    with tf.Session() as sess:
        assert saver.save(sess, str(tmp_path / "m"), write_meta_graph=False) is None
        saver.restore(sess, str(tmp_path / "m"))
    assert os.listdir(tmp_path) == []


def test_saver_from_saver_def_runs_the_same_ops(tmp_path):
    v = tf.Variable(3.0, name="v")
    saver = tf.train.Saver()
    again = tf.train.Saver(saver_def=saver.as_saver_def())
    with tf.Session() as sess:
        sess.run(v.initializer)
        path = again.save(sess, str(tmp_path / "m"), write_meta_graph=False)
        sess.run(v.assign(0.0))
        saver.restore(sess, path)
        assert sess.run(v) == 3.0


def test_reshape_restores_same_size_tensor(tmp_path):
    v = tf.Variable(np.arange(6, dtype=np.float32), name="v")
    with tf.Session() as sess:
        sess.run(v.initializer)
        path = tf.train.Saver().save(sess, str(tmp_path / "m"), write_meta_graph=False)
    with tf.Graph().as_default():
        w = tf.Variable(np.zeros([2, 3], np.float32), name="v")
        saver = tf.train.Saver(reshape=True)
        with tf.Session() as sess:
            saver.restore(sess, path)
            np.testing.assert_array_equal(sess.run(w), np.arange(6).reshape(2, 3))


def test_meta_graph_file_is_a_metagraphdef(tmp_path):
    v = tf.Variable([1.0, 2.0], name="v")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(v.initializer)
        path = saver.save(sess, str(tmp_path / "m"))
    proto = saver.export_meta_graph()
    assert (tmp_path / "m.meta").read_bytes() == proto.SerializeToString()
    assert [node.name for node in proto.graph_def.node][:4] == ["v/initial_value", "v", "v/Assign", "v/read"]
    assert proto.saver_def == saver.saver_def
    variables = proto.collection_def["variables"].bytes_list.value
    assert len(variables) == 1 and b"v:0" in variables[0] and b"v/Assign" in variables[0]
    saver.export_meta_graph(str(tmp_path / "text.meta"), as_text=True)
    assert 'saver_def {\n  filename_tensor_name: "save/Const:0"' in (tmp_path / "text.meta").read_text()
    assert path == str(tmp_path / "m")
