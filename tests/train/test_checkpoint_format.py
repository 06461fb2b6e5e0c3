"""The checkpoint files: corruption is data loss, a crash mid-save leaves the last complete checkpoint, no pickle."""

import json
import os
import pickle

import numpy as np
import pytest

import tfvars as tf
from tfvars.ops import io_ops
from tfvars.train import checkpoint_format


def _save_two(tmp_path, steps=(1,)):
    v = tf.Variable([1.0, 2.0, 3.0], name="v")
    s = tf.Variable([b"ab", b"cde"], name="s")
    saver = tf.train.Saver()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    paths = [saver.save(sess, str(tmp_path / "m"), global_step=step, write_meta_graph=False) for step in steps]
    return saver, sess, paths


def test_format_is_json_index_and_raw_little_endian_data(tmp_path):
    _, sess, (path,) = _save_two(tmp_path)
    index = json.loads((tmp_path / "m-1.index").read_text())
    assert index["format"] == "tfvars-checkpoint" and index["version"] == 1
    assert index["tensors"]["v"]["dtype"] == "float32" and index["tensors"]["v"]["shape"] == [3]
    data = (tmp_path / "m-1.data-00000-of-00001").read_bytes()
    s, v = index["tensors"]["s"]["slices"][0], index["tensors"]["v"]["slices"][0]
    assert data[v["offset"]:v["offset"] + v["size"]] == np.array([1, 2, 3], "<f4").tobytes()
    assert data[s["offset"]:s["offset"] + s["size"]] == (
        np.array(2, "<u8").tobytes() + b"ab" + np.array(3, "<u8").tobytes() + b"cde")
    sess.close()


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty"])
def test_damaged_data_is_data_loss(tmp_path, damage):
    _, sess, (path,) = _save_two(tmp_path)
    data_file = tmp_path / "m-1.data-00000-of-00001"
    data = bytearray(data_file.read_bytes())
    if damage == "truncate":
        data = data[:-3]
    elif damage == "flip":
        data[-1] ^= 0xFF  # in v, the last tensor by name
    else:
        data = b""
    data_file.write_bytes(bytes(data))
    reader = tf.train.NewCheckpointReader(path)
    with pytest.raises(tf.errors.DataLossError):
        reader.get_tensor("v")
    with pytest.raises(tf.errors.DataLossError):
        tf.train.Saver().restore(sess, path)
    sess.close()


def test_checksum_mismatch_message(tmp_path):
    _, sess, (path,) = _save_two(tmp_path)
    data_file = tmp_path / "m-1.data-00000-of-00001"
    data = bytearray(data_file.read_bytes())
    data[-1] ^= 0x01
    data_file.write_bytes(bytes(data))
    with pytest.raises(tf.errors.DataLossError, match=r"^TensorBundle at .*m-1 shard 0 \(12 bytes\): Checksum does "
                                                      r"not match: stored \d+ vs. calculated on the restored bytes"):
        tf.train.load_variable(path, "v")
    sess.close()


@pytest.mark.parametrize("index", [b"", b"{not json", b"\xff\xfe", b"[]", b'{"format": "other"}',
                                   b"\x80\x04\x95pickle"])
def test_damaged_index_is_data_loss(tmp_path, index):
    _, sess, (path,) = _save_two(tmp_path)
    (tmp_path / "m-1.index").write_bytes(index)
    with pytest.raises(tf.errors.DataLossError, match="^Unable to read checkpoint index "):
        tf.train.NewCheckpointReader(path)
    sess.close()


def test_index_edited_without_checksum_is_data_loss(tmp_path):
    _, sess, (path,) = _save_two(tmp_path)
    index_file = tmp_path / "m-1.index"
    body = json.loads(index_file.read_text())
    body["tensors"]["v"]["shape"] = [2]
    index_file.write_text(json.dumps(body))
    with pytest.raises(tf.errors.DataLossError, match="checksum does not match"):
        tf.train.list_variables(path)
    sess.close()


def test_missing_files_are_not_found(tmp_path):
    _, sess, (path,) = _save_two(tmp_path)
    os.remove(tmp_path / "m-1.data-00000-of-00001")
    with pytest.raises(tf.errors.NotFoundError, match=r"^.*m-1\.data-00000-of-00001; No such file or directory$"):
        tf.train.load_variable(path, "v")
    with pytest.raises(tf.errors.NotFoundError, match="^Unsuccessful TensorSliceReader constructor: Failed to find "
                                                      "any matching files for .*nothing$"):
        tf.train.NewCheckpointReader(str(tmp_path / "nothing"))
    sess.close()


class _Payload:
    """Unpickling this would create the file `marker`: proof that code ran."""

    marker = None

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_pickle_payload_is_never_unpickled(tmp_path):
    marker = tmp_path / "pwned"
    _Payload.marker = str(marker)
    payload = pickle.dumps(_Payload())
    _, sess, (path,) = _save_two(tmp_path)
    # A data file replaced by a pickle (with a matching index entry): the bytes are read as bytes only.
    index_file = tmp_path / "m-1.index"
    body = json.loads(index_file.read_text())
    body["tensors"]["s"] = {"dtype": "string", "shape": [], "slices": [
        {"start": [], "shape": [], "offset": 0, "size": len(payload), "crc32": __import__("zlib").crc32(payload)}]}
    body["checksum"] = checkpoint_format._checksum(body)
    index_file.write_text(json.dumps(body))
    (tmp_path / "m-1.data-00000-of-00001").write_bytes(payload)
    with pytest.raises(tf.errors.DataLossError):
        tf.train.load_variable(path, "s")
    # An index that is a pickle.
    index_file.write_bytes(payload)
    with pytest.raises(tf.errors.DataLossError):
        tf.train.load_variable(path, "v")
    # A numpy .npy holding an object array (np.load would need allow_pickle).
    with open(tmp_path / "m-1.data-00000-of-00001", "wb") as file:
        np.save(file, np.array([_Payload()], dtype=object), allow_pickle=True)
    with pytest.raises(tf.errors.DataLossError):
        tf.train.load_variable(path, "v")
    assert not marker.exists()
    sess.close()


def _fail_on(monkeypatch, predicate):
    real_replace = os.replace

    def replace(source, target):
        if predicate(str(target)):
            raise OSError(28, "simulated crash while renaming %s" % target)
        return real_replace(source, target)
    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize("crash_at", [".data-00000-of-00001", ".index", "checkpoint"])
def test_crash_during_save_keeps_previous_checkpoint(tmp_path, monkeypatch, crash_at):
    saver, sess, (first,) = _save_two(tmp_path)
    _fail_on(monkeypatch, lambda target: target.endswith(crash_at))
    # A failed write is the error TF gives for a full disk; a failed state file write is the OSError itself.
    error = OSError if crash_at == "checkpoint" else tf.errors.ResourceExhaustedError
    with pytest.raises(error, match="simulated crash"):
        saver.save(sess, str(tmp_path / "m"), global_step=2, write_meta_graph=False)
    monkeypatch.undo()
    assert tf.train.latest_checkpoint(str(tmp_path)) == first
    assert not any(".tempstate" in name or ".tmp" in name for name in os.listdir(tmp_path))
    second = str(tmp_path / "m-2")
    if crash_at != "checkpoint":
        assert not tf.train.checkpoint_exists(second)
        with pytest.raises(tf.errors.NotFoundError):
            tf.train.NewCheckpointReader(second)
    np.testing.assert_array_equal(tf.train.load_variable(first, "v"), [1.0, 2.0, 3.0])
    sess.close()


def test_crash_in_a_file_write_leaves_no_checkpoint(tmp_path, monkeypatch):
    saver, sess, (first,) = _save_two(tmp_path)
    real_write = checkpoint_format._write_synced

    def write_half(path, payload):
        if ".index" in path:
            with open(path, "xb") as file:
                file.write(payload[:len(payload) // 2])
            raise PermissionError("no permission")
        real_write(path, payload)
    monkeypatch.setattr(checkpoint_format, "_write_synced", write_half)
    with pytest.raises(tf.errors.PermissionDeniedError, match="no permission"):
        saver.save(sess, str(tmp_path / "m"), global_step=2, write_meta_graph=False)
    assert tf.train.latest_checkpoint(str(tmp_path)) == first
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "m-1.data-00000-of-00001", "m-1.index"]
    sess.close()


def test_resaving_the_same_prefix_replaces_it(tmp_path):
    v = tf.Variable(1.0, name="v")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(v.initializer)
        path = saver.save(sess, str(tmp_path / "m"), write_meta_graph=False)
        sess.run(v.assign(2.0))
        assert saver.save(sess, str(tmp_path / "m"), write_meta_graph=False) == path
    assert tf.train.load_variable(path, "v") == 2.0


# The ops themselves.
def test_save_v2_and_restore_v2_with_slices(tmp_path):
    prefix = str(tmp_path / "raw")
    full = np.arange(8, dtype=np.int64).reshape(4, 2)
    save = io_ops.save_v2(prefix, ["t", "t", "u"], ["4 2 0,1:-", "4 2 1,3:0,2", ""],
                          [full[:1], full[1:], np.float32(5.0)])
    assert save.type == "SaveV2" and save.get_attr("dtypes") == [tf.int64, tf.int64, tf.float32]
    part, whole, scalar = io_ops.restore_v2(prefix, ["t", "t", "u"], ["4 2 2,2:-", "", ""],
                                            [tf.int64, tf.int64, tf.float32])
    with tf.Session() as sess:
        sess.run(save)
        got = sess.run([part, whole, scalar])
    np.testing.assert_array_equal(got[0], full[2:])
    np.testing.assert_array_equal(got[1], full)
    assert got[2] == 5.0


def test_restore_v2_shape_checks_and_static_errors(tmp_path):
    with pytest.raises(ValueError, match="Shape must be rank 0 but is rank 1 for 'SaveV2'"):
        io_ops.save_v2(["a"], ["t"], [""], [1.0])
    with pytest.raises(ValueError, match="Dimension 0 in both shapes must be equal"):
        io_ops.restore_v2("a", ["t", "u"], ["", ""], [tf.float32])
    prefix = str(tmp_path / "raw")
    save = io_ops.save_v2(prefix, ["t"], [""], [np.zeros([4, 2], np.float32)])
    bad = io_ops.restore_v2(prefix, ["t"], ["3 2 0,1:-"], [tf.float32])[0]
    with tf.Session() as sess:
        sess.run(save)
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"shape in shape_and_slice spec \[3,2\] does not match the shape stored in "
                                 r"checkpoint: \[4,2\]"):
            sess.run(bad)
