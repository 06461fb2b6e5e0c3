"""tf.summary: op names/types as TF 1.x builds them, Summary protos, and event files read back by TensorBoard."""

import glob
import io
import os
import sys

import numpy as np
import pytest

import tfvars as tf
from tfvars.ops import summary_ops

tensorboard = pytest.importorskip("tensorboard", reason="tensorboard is not installed (pip install tfvars[summary])")
from tensorboard.backend.event_processing import event_accumulator  # noqa: E402
from tensorboard.compat.proto import graph_pb2, summary_pb2  # noqa: E402


def _summary(value):
    return summary_pb2.Summary.FromString(tf.Session().run(value))


def test_ops_names_types_and_collection():
    x = tf.constant(1.5)
    loss = tf.summary.scalar("loss", x)
    with tf.name_scope("grp"):
        weights = tf.summary.histogram("weights", tf.constant([1., 2., 3.]))
    image = tf.summary.image("img", tf.zeros([2, 4, 4, 3]), max_outputs=2)
    text = tf.summary.text("note", tf.constant("hello"))
    again = tf.summary.scalar("loss", x)
    assert [(t.op.name, t.op.type) for t in (loss, weights, image, text, again)] == [
        ("loss", "ScalarSummary"), ("grp/weights", "HistogramSummary"), ("img", "ImageSummary"),
        ("note", "TensorSummaryV2"), ("loss_1", "ScalarSummary")]
    assert [t.name for t in loss.op.inputs] == ["loss/tags:0", "Const:0"]
    assert image.op.get_attr("max_images") == 2
    assert tf.get_collection(tf.GraphKeys.SUMMARIES) == [loss, weights, image, text, again]
    assert loss.dtype == tf.string and loss.shape.ndims == 0
    merged = tf.summary.merge_all()
    assert merged.op.name == "Merge/MergeSummary" and merged.op.get_attr("N") == 5
    assert tf.summary.merge([loss, weights], name="mm").op.name == "mm/mm"
    assert [v.tag for v in _summary(merged).value] == [
        "loss", "grp/weights", "img/image/0", "img/image/1", "note", "loss_1"]


def test_merge_all_of_nothing_is_none():
    assert tf.summary.merge_all() is None


def test_collections_and_family():
    value = tf.summary.scalar("b c", tf.constant(1), collections=["mine"], family="F")
    assert tf.get_collection(tf.GraphKeys.SUMMARIES) == [] and tf.get_collection("mine") == [value]
    assert value.op.name == "F/b_c"
    assert _summary(value).value[0].tag == "F/F/b_c"


def test_scalar_and_histogram_values():
    values = np.array([0.0, 1e-13, -5e-12, 2.5, 2.5, -3.0])
    summary = _summary(tf.summary.merge([tf.summary.scalar("s", tf.constant(2.5, tf.float64)),
                                         tf.summary.histogram("h", tf.constant(values))]))
    assert summary.value[0].simple_value == 2.5
    histogram = summary.value[1].histo
    assert (histogram.min, histogram.max, histogram.num) == (-3.0, 2.5, 6)
    assert histogram.sum == pytest.approx(values.sum()) and histogram.sum_squares == pytest.approx(values @ values)
    assert sum(histogram.bucket) == 6
    assert list(histogram.bucket_limit) == sorted(histogram.bucket_limit)


def test_histogram_of_nan_fails_when_run():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Nan in summary histogram for: h"):
        tf.Session().run(tf.summary.histogram("h", tf.constant([np.nan])))


def test_duplicate_tags_fail_to_merge():
    x = tf.summary.scalar("a", tf.constant(1.0))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Duplicate tag a"):
        tf.Session().run(tf.summary.merge([x, x]))


def test_image_scaling_as_tensorflow():
    PIL = pytest.importorskip("PIL.Image")
    floats = np.array([[[[0.0], [0.5]], [[1.0], [2.0]]]], np.float32)
    signed = np.array([[[[-1.0, 0.0, 1.0]]]], np.float32)
    summary = _summary(tf.summary.merge([tf.summary.image("f", tf.constant(floats), max_outputs=1),
                                         tf.summary.image("s", tf.constant(signed))]))
    assert summary.value[0].tag == "f/image" and summary.value[1].tag == "s/image/0"
    first = summary.value[0].image
    assert (first.height, first.width, first.colorspace) == (2, 2, 1)
    pixels = np.asarray(PIL.open(io.BytesIO(first.encoded_image_string)))
    np.testing.assert_array_equal(pixels, [[0, 63], [127, 255]])  # scaled by 255 / max
    np.testing.assert_array_equal(np.asarray(PIL.open(io.BytesIO(summary.value[1].image.encoded_image_string))),
                                  [[[1, 128, 255]]])  # scaled by 127 / max|v| around 128


def test_text_requires_strings():
    with pytest.raises(ValueError, match="to have dtype string"):
        tf.summary.text("t", tf.constant(1.0))


def test_file_writer_round_trip_through_tensorboard(tmp_path):
    x = tf.placeholder(tf.float32, [], name="x")
    with tf.device("/cpu:0"), tf.name_scope("layer"):
        w = tf.Variable(tf.ones([3]), name="w")
    tf.summary.scalar("loss", x)
    tf.summary.histogram("w", w)
    tf.summary.image("img", tf.reshape(tf.range(48, dtype=tf.float32), [1, 4, 4, 3]))
    tf.summary.text("note", tf.constant("**hello**"))
    merged = tf.summary.merge_all()
    with tf.Session() as sess, tf.summary.FileWriter(str(tmp_path), sess.graph, filename_suffix=".v1") as writer:
        assert writer.get_logdir() == str(tmp_path)
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            writer.add_summary(sess.run(merged, {x: step * 1.5}), global_step=step)
        writer.add_session_log(tf.summary.SessionLog(status=tf.summary.SessionLog.START), 3)
    [path] = glob.glob(os.path.join(str(tmp_path), "events.out.tfevents.*.v1"))
    accumulator = event_accumulator.EventAccumulator(path, size_guidance={event_accumulator.TENSORS: 0})
    accumulator.Reload()
    tags = accumulator.Tags()
    assert (tags["scalars"], tags["histograms"], tags["images"], tags["tensors"], tags["graph"]) == (
        ["loss"], ["w"], ["img/image/0"], ["note"], True)
    assert [(e.step, e.value) for e in accumulator.Scalars("loss")] == [(0, 0.0), (1, 1.5), (2, 3.0)]
    assert accumulator.Histograms("w")[0].histogram_value.num == 3
    assert accumulator.Images("img/image/0")[0].width == 4
    note = accumulator.Tensors("note")[0]
    assert list(note.tensor_proto.string_val) == [b"**hello**"]
    assert accumulator.SummaryMetadata("note").plugin_data.plugin_name == "text"
    graph_def = accumulator.Graph()
    assert isinstance(graph_def, graph_pb2.GraphDef)
    nodes = {node.name: node for node in graph_def.node}
    assert nodes["layer/w"].op == "VariableV2" and nodes["layer/w"].device == "/device:CPU:0"
    assert nodes["loss"].op == "ScalarSummary"
    assert "_output_shapes" in nodes["layer/w"].attr


def test_add_summary_accepts_protos_and_writes_metadata_once(tmp_path):
    text = tf.summary.text("t", tf.constant("a"))
    serialized = tf.Session().run(text)
    with tf.summary.FileWriter(str(tmp_path)) as writer:
        writer.add_summary(serialized, 1)
        writer.add_summary(summary_pb2.Summary.FromString(serialized), 2)
        writer.add_summary(tf.summary.Summary(value=[tf.summary.Summary.Value(tag="v", simple_value=4.0)]), 3)
    from tensorboard.backend.event_processing import event_file_loader
    [path] = glob.glob(os.path.join(str(tmp_path), "events.out.tfevents.*"))
    events = list(event_file_loader.EventFileLoader(path).Load())
    assert events[0].file_version == "brain.Event:2"
    has_metadata = [value.HasField("metadata") for event in events[1:3] for value in event.summary.value]
    assert has_metadata == [True, False]
    assert list(events[3].summary.value[0].tensor.float_val) == [4.0] and events[3].step == 3  # loader migrates it


def test_file_writer_cache_and_closed_writer(tmp_path):
    writer = tf.summary.FileWriterCache.get(str(tmp_path))
    assert tf.summary.FileWriterCache.get(str(tmp_path)) is writer
    tf.summary.FileWriterCache.clear()
    writer.add_summary(tf.summary.Summary())  # ignored once closed, as in TF
    with pytest.raises(ValueError, match="Exactly one of graph or graph_def"):
        writer.add_graph(None)


def test_without_tensorboard_file_writer_and_ops_say_what_to_install(monkeypatch, tmp_path):
    for name in [n for n in sys.modules if n == "tensorboard" or n.startswith("tensorboard.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "tensorboard", None)
    with pytest.raises(ImportError, match=r"pip install tfvars\[summary\]"):
        tf.summary.FileWriter(str(tmp_path))
    value = tf.summary.scalar("x", tf.constant(1.0))  # building needs no tensorboard
    with pytest.raises(ImportError, match=r"pip install tfvars\[summary\]"):
        tf.Session().run(value)
    assert "tensorboard" in summary_ops.INSTALL_HINT
