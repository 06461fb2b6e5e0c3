"""The `checkpoint` state file and the functions that find checkpoints (TF 1.x's checkpoint_management)."""

import os

import pytest

import tfvars as tf
from tfvars.train import checkpoint_management


def _touch_checkpoint(prefix):
    for suffix in (".index", ".data-00000-of-00001", ".meta"):
        with open(prefix + suffix, "w"):
            pass


def test_state_file_round_trip(tmp_path):
    directory = str(tmp_path)
    tf.train.update_checkpoint_state(directory, directory + "/m-2", [directory + "/m-1"])
    assert (tmp_path / "checkpoint").read_text() == (
        'model_checkpoint_path: "%s/m-2"\nall_model_checkpoint_paths: "%s/m-1"\n'
        'all_model_checkpoint_paths: "%s/m-2"\n' % (directory, directory, directory))
    state = tf.train.get_checkpoint_state(directory)
    assert isinstance(state, tf.train.CheckpointState)
    assert state.model_checkpoint_path == directory + "/m-2"
    assert state.all_model_checkpoint_paths == [directory + "/m-1", directory + "/m-2"]


def test_relative_paths_are_joined_to_the_directory(tmp_path):
    (tmp_path / "checkpoint").write_text('model_checkpoint_path: "m-3"\nall_model_checkpoint_paths: "m-3"\n')
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert state.model_checkpoint_path == str(tmp_path / "m-3")
    assert tf.train.latest_checkpoint(str(tmp_path)) is None  # no files yet
    _touch_checkpoint(str(tmp_path / "m-3"))
    assert tf.train.latest_checkpoint(str(tmp_path)) == str(tmp_path / "m-3")


def test_escaped_paths_survive(tmp_path):
    odd = str(tmp_path / 'we"ird\\na\u00efve\tname')
    tf.train.update_checkpoint_state(str(tmp_path), odd)
    assert tf.train.get_checkpoint_state(str(tmp_path)).model_checkpoint_path == odd


def test_missing_or_bad_state_file(tmp_path):
    assert tf.train.get_checkpoint_state(str(tmp_path)) is None
    assert tf.train.latest_checkpoint(str(tmp_path)) is None
    assert tf.train.latest_checkpoint(str(tmp_path / "nowhere")) is None
    (tmp_path / "checkpoint").write_text("this is not { a state")
    assert tf.train.get_checkpoint_state(str(tmp_path)) is None
    (tmp_path / "checkpoint").write_text('all_model_checkpoint_paths: "m-1"\n')
    with pytest.raises(ValueError, match="^Invalid checkpoint state loaded from "):
        tf.train.get_checkpoint_state(str(tmp_path))


def test_latest_filename(tmp_path):
    tf.train.update_checkpoint_state(str(tmp_path), str(tmp_path / "m"), latest_filename="other")
    assert os.listdir(tmp_path) == ["other"]
    assert tf.train.get_checkpoint_state(str(tmp_path), "other").model_checkpoint_path == str(tmp_path / "m")
    with pytest.raises(RuntimeError, match="conflicts with path used for checkpoint state"):
        tf.train.update_checkpoint_state(str(tmp_path), str(tmp_path / "checkpoint"))


def test_exists_mtimes_and_remove(tmp_path):
    prefix = str(tmp_path / "m-1")
    assert not tf.train.checkpoint_exists(prefix)
    _touch_checkpoint(prefix)
    assert tf.train.checkpoint_exists(prefix)
    mtimes = tf.train.get_checkpoint_mtimes([prefix, str(tmp_path / "absent")])
    assert len(mtimes) == 1 and abs(mtimes[0] - os.path.getmtime(prefix + ".index")) < 1e-3
    tf.train.remove_checkpoint(prefix)
    assert os.listdir(tmp_path) == []


def test_meta_graph_filename():
    assert checkpoint_management.meta_graph_filename("m.ckpt-100") == "m.ckpt-100.meta"
    assert checkpoint_management.meta_graph_filename("m.ckpt-100-00001-of-00002", "x") == "m.ckpt-100.x"


def test_state_file_written_atomically(tmp_path, monkeypatch):
    tf.train.update_checkpoint_state(str(tmp_path), str(tmp_path / "m-1"))

    def fail(source, target):
        raise OSError("crash")
    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        tf.train.update_checkpoint_state(str(tmp_path), str(tmp_path / "m-2"))
    monkeypatch.undo()
    assert os.listdir(tmp_path) == ["checkpoint"]
    assert tf.train.get_checkpoint_state(str(tmp_path)).model_checkpoint_path == str(tmp_path / "m-1")
