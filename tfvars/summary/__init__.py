"""`tf.summary`: summary ops and the FileWriter that writes them for TensorBoard.

The protocol buffer classes TF 1.x exports here (`Summary`, `Event`,
`SessionLog`, `SummaryDescription`, `TaggedRunMetadata`) are the tensorboard
package's, loaded on first use.
"""

from tfvars.summary.summary import histogram, image, merge, merge_all, scalar, tensor_summary, text
from tfvars.summary.writer import FileWriter, FileWriterCache

__all__ = [
    "Event", "FileWriter", "FileWriterCache", "SessionLog", "Summary", "SummaryDescription", "TaggedRunMetadata",
    "histogram", "image", "merge", "merge_all", "scalar", "tensor_summary", "text",
]

_PROTO_CLASSES = {
    "Event": "event_pb2", "SessionLog": "event_pb2", "TaggedRunMetadata": "event_pb2",
    "Summary": "summary_pb2", "SummaryDescription": "summary_pb2",
}


def __getattr__(name):
    """The protocol buffer classes, imported from tensorboard when first asked for."""
    if name in _PROTO_CLASSES:
        from tfvars.ops.summary_ops import proto_module
        return getattr(proto_module(_PROTO_CLASSES[name]), name)
    raise AttributeError("module 'tfvars.summary' has no attribute %r" % name)
