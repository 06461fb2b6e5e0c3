"""The summary functions: `scalar`, `histogram`, `image`, `text`, `tensor_summary`, `merge` and `merge_all`.

Each builds one summary op named after its scope (`tf.summary.scalar("loss",
x)` is the op "loss", of type ScalarSummary, with its tag in the Const
"loss/tags") and adds it to the SUMMARIES collection unless `collections` says
otherwise. Running it gives a serialized `Summary` protocol buffer.
"""

import contextlib
import re

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.framework.graph_keys import GraphKeys
from tfvars.framework.op_def_registry import apply_op
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.ops import summary_ops  # noqa: F401 (registers the summary ops)

_INVALID_TAG_CHARACTERS = re.compile(r"[^-/\w\.]")

# SummaryMetadata(plugin_data=PluginData(plugin_name="text")), serialized: what TensorBoard's text plugin reads.
_TEXT_PLUGIN_METADATA = b"\n\x06\n\x04text"


def _clean_tag(name):
    """`name` with characters TF does not allow in a tag replaced by "_" and leading slashes removed."""
    if name is None:
        return None
    return _INVALID_TAG_CHARACTERS.sub("_", name).lstrip("/")


@contextlib.contextmanager
def _summary_scope(name, family=None, values=None):
    """Opens the name scope of a summary; yields `(tag, scope)`, the tag being the scope's name (under `family`)."""
    name = _clean_tag(name)
    family = _clean_tag(family)
    scope_base_name = name if family is None else "%s/%s" % (family, name)
    with _graph.op_scope(scope_base_name, None, values) as scope:
        tag = scope.rstrip("/") if family is None else "%s/%s" % (family, scope.rstrip("/"))
        yield tag, scope


def _collect(value, collections, default_collections):
    for key in default_collections if collections is None else collections:
        _graph.add_to_collection(key, value)


def scalar(name, tensor, collections=None, family=None):
    """A ScalarSummary of the real scalar `tensor`, tagged with the scope's name.

    Raises:
      TypeError: if `tensor` is not of a real number type.
    """
    with _summary_scope(name, family, values=[tensor]) as (tag, scope):
        value = apply_op("ScalarSummary", tags=tag, values=tensor, name=scope).outputs[0]
        _collect(value, collections, [GraphKeys.SUMMARIES])
    return value


def histogram(name, values, collections=None, family=None):
    """A HistogramSummary of the real tensor `values` (fails when run if a value is NaN or infinite)."""
    with _summary_scope(name, family, values=[values]) as (tag, scope):
        value = apply_op("HistogramSummary", tag=tag, values=values, name=scope).outputs[0]
        _collect(value, collections, [GraphKeys.SUMMARIES])
    return value


def image(name, tensor, max_outputs=3, collections=None, family=None):
    """An ImageSummary of up to `max_outputs` images of `tensor` ([batch, height, width, 1, 3 or 4 channels]).

    uint8 images are shown as they are; float images are scaled into [0, 255]
    (by 255/max if none is negative, else by 127/max|value| around 128). Tags
    are "<name>/image/<i>", or "<name>/image" when `max_outputs` is 1.
    """
    with _summary_scope(name, family, values=[tensor]) as (tag, scope):
        value = apply_op("ImageSummary", tag=tag, tensor=tensor, max_images=max_outputs, name=scope).outputs[0]
        _collect(value, collections, [GraphKeys.SUMMARIES])
    return value


def tensor_summary(name, tensor, summary_description=None, collections=None, summary_metadata=None, family=None,
                   display_name=None):
    """A TensorSummaryV2 holding `tensor` itself, with `summary_metadata` (a SummaryMetadata proto or its bytes)."""
    if summary_description is not None or display_name is not None:
        metadata = summary_ops.proto_module("summary_pb2").SummaryMetadata()
        if summary_metadata is not None:
            metadata.MergeFrom(_as_metadata_proto(summary_metadata))
        if summary_description is not None:
            metadata.summary_description = summary_description
        if display_name is not None:
            metadata.display_name = display_name
        summary_metadata = metadata
    serialized_metadata = _serialized_metadata(summary_metadata)
    with _summary_scope(name, family, values=[tensor]) as (tag, scope):
        value = apply_op("TensorSummaryV2", tensor=tensor, tag=tag, serialized_summary_metadata=serialized_metadata,
                         name=scope).outputs[0]
        _collect(value, collections, [GraphKeys.SUMMARIES])
    return value


def _as_metadata_proto(summary_metadata):
    if isinstance(summary_metadata, bytes):
        return summary_ops.proto_module("summary_pb2").SummaryMetadata.FromString(summary_metadata)
    return summary_metadata


def _serialized_metadata(summary_metadata):
    if summary_metadata is None:
        return b""
    if isinstance(summary_metadata, bytes):
        return summary_metadata
    return summary_metadata.SerializeToString()


def text(name, tensor, collections=None):
    """A summary of the string tensor `tensor` for TensorBoard's text tab (markdown).

    Raises:
      ValueError: if `tensor` is not a string tensor.
    """
    tensor = convert_to_tensor(tensor)
    if tensor.dtype != _dtypes.string:
        raise ValueError("Expected tensor %s to have dtype string, got %s" % (tensor.name, tensor.dtype))
    return tensor_summary(name, tensor, collections=collections, summary_metadata=_TEXT_PLUGIN_METADATA)


def merge(inputs, collections=None, name=None):
    """A MergeSummary of the serialized summaries `inputs` (fails when run if two share a tag)."""
    with _graph.op_scope(name, "Merge", inputs):
        value = apply_op("MergeSummary", inputs=list(inputs), name=name).outputs[0]
        _collect(value, collections, [])
    return value


def merge_all(key=GraphKeys.SUMMARIES, scope=None, name=None):
    """`merge` of every summary in the collection `key` (under `scope`); None if there are none."""
    summary_ops_list = _graph.get_collection(key, scope=scope)
    if not summary_ops_list:
        return None
    return merge(summary_ops_list, name=name)
