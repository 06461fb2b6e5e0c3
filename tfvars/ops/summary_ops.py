"""The summary ops: ScalarSummary, HistogramSummary, ImageSummary, TensorSummaryV2 and MergeSummary.

Each outputs a serialized `Summary` protocol buffer (a string scalar) that a
`tf.summary.FileWriter` writes to an event file for TensorBoard. The protocol
buffers come from the `tensorboard` package (`pip install tfvars[summary]`),
imported only when a session first runs a summary op, so the engine itself
needs nothing but numpy.
"""

import importlib
import struct
import zlib

import numpy as np

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import errors
from tfvars.framework import graph_def as _graph_def
from tfvars.framework.common_shapes import scalar_shape
from tfvars.framework.op_def_registry import REQUIRED, TypeAttr, register_op

INSTALL_HINT = ("Summaries need the tensorboard package for their protocol buffers: "
                "pip install tfvars[summary] (or pip install tensorboard)")


def proto_module(name):
    """`tensorboard.compat.proto.<name>` (e.g. "summary_pb2").

    Raises:
      ImportError: naming what to install, if tensorboard is missing.
    """
    try:
        return importlib.import_module("tensorboard.compat.proto." + name)
    except ImportError as error:
        raise ImportError(INSTALL_HINT) from error


def _serialized(summary):
    """A Summary proto as the 0-d string value a summary op outputs."""
    return np.array(summary.SerializeToString(), dtype=object)


def _as_bytes(value):
    """A string tensor's scalar value (bytes, or a 0-d object array holding them) as bytes."""
    value = np.asarray(value, dtype=object).item()
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


def _as_text(tag):
    return _as_bytes(tag).decode("utf-8")


# ScalarSummary: one simple_value per (tag, value) pair.
def _scalar_summary_kernel(op, state):
    summary_pb2 = proto_module("summary_pb2")

    def scalar_summary(tags, values):
        tags, values = np.asarray(tags, dtype=object), np.asarray(values)
        if tags.shape != values.shape:
            raise errors.InvalidArgumentError(None, None, "tags and values not the same shape: %s != %s"
                                              % (list(tags.shape), list(values.shape)))
        summary = summary_pb2.Summary()
        for tag, value in zip(tags.ravel(), values.ravel()):
            summary.value.add(tag=_as_text(tag), simple_value=float(value))
        return _serialized(summary)
    return scalar_summary


# HistogramSummary: TF's histogram with exponentially growing buckets (tensorflow/core/lib/histogram).
def _default_bucket_limits():
    """TF's bucket limits: ±1e-12 growing by 10% up to 1e20, then ±DBL_MAX, around 0."""
    positive = []
    limit = 1.0e-12
    while limit < 1.0e20:
        positive.append(limit)
        limit *= 1.1
    positive.append(np.finfo(np.float64).max)
    return np.array([-v for v in reversed(positive)] + [0.0] + positive)


_BUCKET_LIMITS = _default_bucket_limits()


def histogram_proto(values, summary_pb2):
    """The HistogramProto TF's kernel writes for `values`: empty runs of buckets merged into the next limit."""
    values = np.asarray(values, dtype=np.float64).ravel()
    counts = np.bincount(np.searchsorted(_BUCKET_LIMITS, values, side="right"), minlength=len(_BUCKET_LIMITS))
    histogram = summary_pb2.HistogramProto(
        min=values.min() if values.size else np.finfo(np.float64).max,
        max=values.max() if values.size else -np.finfo(np.float64).max,
        num=values.size, sum=values.sum(), sum_squares=np.dot(values, values))
    index = 0
    while index < len(counts):
        end, count = _BUCKET_LIMITS[index], counts[index]
        index += 1
        if count <= 0:
            while index < len(counts) and counts[index] <= 0:
                end, count = _BUCKET_LIMITS[index], counts[index]
                index += 1
        histogram.bucket_limit.append(end)
        histogram.bucket.append(float(count))
    return histogram


def _histogram_summary_kernel(op, state):
    summary_pb2 = proto_module("summary_pb2")

    def histogram_summary(tag, values):
        values = np.asarray(values)
        if not np.all(np.isfinite(values)):
            raise errors.InvalidArgumentError(None, None, "Nan in summary histogram for: %s" % _as_text(tag))
        summary = summary_pb2.Summary()
        summary.value.add(tag=_as_text(tag), histo=histogram_proto(values, summary_pb2))
        return _serialized(summary)
    return histogram_summary


# ImageSummary: images as PNG, floats scaled into uint8 as TF's kernel does.
def _png(image):
    """A [height, width, channels] uint8 array as PNG bytes (channels 1, 3 or 4)."""
    height, width, channels = image.shape
    color_type = {1: 0, 3: 2, 4: 6}[channels]
    rows = b"".join(b"\x00" + image[row].tobytes() for row in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)

    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _float_image_as_uint8(image, bad_color):
    """A float image in uint8: scaled by 255/max if no value is negative, else by 127/max|v| around 128.

    Pixels with a non-finite channel become `bad_color`.
    """
    image = image.astype(np.float32)
    finite = np.all(np.isfinite(image), axis=-1)
    shown = image[finite]
    low = shown.min() if shown.size else np.inf
    high = shown.max() if shown.size else -np.inf
    if low < 0:
        max_val = max(abs(low), abs(high))
        scale, offset = (0.0 if max_val < 1e-6 else 127.0 / max_val), 128.0
    else:
        scale, offset = (0.0 if high < 1e-6 else 255.0 / high), 0.0
    with np.errstate(invalid="ignore"):
        result = (np.where(finite[..., None], image, 0) * np.float32(scale) + np.float32(offset)).astype(np.uint8)
    result[~finite] = bad_color[:image.shape[-1]]
    return result


def _image_summary_kernel(op, state):
    summary_pb2 = proto_module("summary_pb2")
    max_images = op.get_attr("max_images")
    bad_color = np.asarray(op.get_attr("bad_color"), dtype=np.uint8)
    is_float = op.inputs[1].dtype.is_floating

    def image_summary(tag, tensor):
        tensor = np.asarray(tensor)
        if tensor.ndim != 4 or tensor.shape[-1] not in (1, 3, 4):
            raise errors.InvalidArgumentError(
                None, None, "Tensor must be 4-D with last dim 1, 3, or 4, not %s" % list(tensor.shape))
        tag = _as_text(tag)
        summary = summary_pb2.Summary()
        count = min(max_images, tensor.shape[0])
        for i in range(count):
            image = _float_image_as_uint8(tensor[i], bad_color) if is_float else tensor[i].astype(np.uint8)
            height, width, channels = image.shape
            summary.value.add(
                tag="%s/image" % tag if max_images == 1 else "%s/image/%d" % (tag, i),
                image=summary_pb2.Summary.Image(height=height, width=width, colorspace=channels,
                                                encoded_image_string=_png(np.ascontiguousarray(image))))
        return _serialized(summary)
    return image_summary


# TensorSummaryV2: the tensor itself, with the plugin metadata that says how to show it.
def _tensor_summary_kernel(op, state):
    summary_pb2 = proto_module("summary_pb2")
    tensor_pb2 = proto_module("tensor_pb2")

    def tensor_summary(tag, tensor, serialized_summary_metadata):
        tensor_proto = tensor_pb2.TensorProto.FromString(
            _graph_def.tensor_proto(np.asarray(tensor, dtype=op.inputs[1].dtype.as_numpy_dtype)).SerializeToString())
        metadata = summary_pb2.SummaryMetadata.FromString(_as_bytes(serialized_summary_metadata))
        summary = summary_pb2.Summary()
        summary.value.add(tag=_as_text(tag), metadata=metadata, tensor=tensor_proto)
        return _serialized(summary)
    return tensor_summary


# MergeSummary: the values of all inputs in one Summary; a tag may appear only once.
def _merge_summary_kernel(op, state):
    summary_pb2 = proto_module("summary_pb2")

    def merge_summary(*inputs):
        merged = summary_pb2.Summary()
        tags = set()
        for serialized in inputs:
            for value in summary_pb2.Summary.FromString(_as_bytes(serialized)).value:
                if value.tag in tags:
                    raise errors.InvalidArgumentError(None, None,
                                                      "Duplicate tag %s found in summary inputs " % value.tag)
                tags.add(value.tag)
                merged.value.add().CopyFrom(value)
        return _serialized(merged)
    return merge_summary


_DEFAULT_BAD_COLOR = np.array([255, 0, 0, 255], dtype=np.uint8)
_IMAGE_TYPES = (_dtypes.uint8, _dtypes.float32, _dtypes.float16, _dtypes.float64)

register_op("ScalarSummary", inputs=["tags: string", "values: T"], outputs=["summary: string"],
            attrs={"T": TypeAttr(_dtypes.REAL_NUMBER_TYPES)},
            shape_fn=scalar_shape, kernel=_scalar_summary_kernel)
register_op("HistogramSummary", inputs=["tag: string", "values: T"], outputs=["summary: string"],
            attrs={"T": TypeAttr(_dtypes.REAL_NUMBER_TYPES, default=_dtypes.float32)}, shape_fn=scalar_shape,
            kernel=_histogram_summary_kernel)
register_op("ImageSummary", inputs=["tag: string", "tensor: T"], outputs=["summary: string"],
            attrs={"T": TypeAttr(_IMAGE_TYPES, default=_dtypes.float32), "max_images": 3,
                   "bad_color": _DEFAULT_BAD_COLOR},
            shape_fn=scalar_shape, kernel=_image_summary_kernel)
register_op("TensorSummaryV2", inputs=["tag: string", "tensor: T", "serialized_summary_metadata: string"],
            outputs=["summary: string"], attrs={"T": TypeAttr()}, shape_fn=scalar_shape,
            kernel=_tensor_summary_kernel)
register_op("MergeSummary", inputs=["inputs: N * string"], outputs=["summary: string"], attrs={"N": REQUIRED},
            shape_fn=scalar_shape, kernel=_merge_summary_kernel)
