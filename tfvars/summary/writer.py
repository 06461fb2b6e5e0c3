"""`tf.summary.FileWriter`: writes summaries, graphs and session logs to an event file TensorBoard reads.

The event file format and the protocol buffers are the `tensorboard`
package's (`pip install tfvars[summary]`): a FileWriter hands each Event to
tensorboard's own EventFileWriter, which appends it to
`<logdir>/events.out.tfevents.<time>.<host><suffix>` from a background thread.

    >>> import tfvars as tf
    >>> with tf.summary.FileWriter("/tmp/logs", tf.get_default_graph()) as writer:  # doctest: +SKIP
    ...     writer.add_summary(sess.run(merged), global_step=step)
"""

import threading
import time

from tfvars.framework import graph as _graph
from tfvars.ops.summary_ops import proto_module


def _event_file_writer_class():
    try:
        from tensorboard.summary.writer.event_file_writer import EventFileWriter
    except ImportError as error:
        raise ImportError("tf.summary.FileWriter needs the tensorboard package to write event files: "
                          "pip install tfvars[summary] (or pip install tensorboard)") from error
    return EventFileWriter


class FileWriter:
    """Writes Summary protos, graphs and session logs to an event file in `logdir`, for TensorBoard.

    Args:
      logdir: the directory (created if missing).
      graph: a Graph to write at once, as `add_graph` does (what TensorBoard's
        graph tab shows).
      max_queue: how many events to queue before writing them.
      flush_secs: how often the queue is written to disk.
      graph_def: a GraphDef to write instead of `graph` (deprecated in TF 1.x).
      filename_suffix: appended to the event file's name.
      session: accepted for TF 1.x's signature.

    Raises:
      ImportError: naming the package to install, if tensorboard is missing.

    TF 1.x: with `session`, TF writes through summary-writer ops run in that
    session; here events are always written directly, to the same file format.
    """

    def __init__(self, logdir, graph=None, max_queue=10, flush_secs=120, graph_def=None, filename_suffix=None,
                 session=None):
        event_file_writer = _event_file_writer_class()
        self._event_pb2 = proto_module("event_pb2")
        self._summary_pb2 = proto_module("summary_pb2")
        self._writer = event_file_writer(logdir, max_queue_size=max_queue, flush_secs=flush_secs,
                                         filename_suffix=filename_suffix or "")
        self._reopen_args = (logdir, max_queue, flush_secs, filename_suffix or "")
        self._closed = False
        self._seen_summary_tags = set()
        self._lock = threading.Lock()
        if graph is not None or graph_def is not None:
            self.add_graph(graph=graph, graph_def=graph_def)

    def get_logdir(self):
        """The directory the event file is written in."""
        return self._writer.get_logdir()

    def add_event(self, event):
        """Writes an Event proto (adds nothing if the writer is closed)."""
        if not self._closed:
            self._writer.add_event(event)

    def _add_event_with(self, global_step, **fields):
        event = self._event_pb2.Event(wall_time=time.time(), **fields)
        if global_step is not None:
            event.step = int(global_step)
        self.add_event(event)

    def add_summary(self, summary, global_step=None):
        """Writes a Summary: a proto, or the serialized bytes a summary op returns.

        A tag's plugin metadata is written with its first value only, as TF does.
        """
        if isinstance(summary, bytes):
            summary = self._summary_pb2.Summary.FromString(summary)
        else:
            copy = self._summary_pb2.Summary()
            copy.CopyFrom(summary)
            summary = copy
        with self._lock:
            for value in summary.value:
                if not value.HasField("metadata"):
                    continue
                if value.tag in self._seen_summary_tags:
                    value.ClearField("metadata")
                else:
                    self._seen_summary_tags.add(value.tag)
        self._add_event_with(global_step, summary=summary)

    def add_graph(self, graph, global_step=None, graph_def=None):
        """Writes `graph` (as its GraphDef, with output shapes) or `graph_def` for TensorBoard's graph tab.

        Raises:
          ValueError: if both or neither of `graph` and `graph_def` are given.
        """
        if (graph is None) == (graph_def is None):
            raise ValueError("Exactly one of graph or graph_def must be given.")
        if graph is not None:
            if not isinstance(graph, _graph.Graph):
                raise TypeError("graph must be a tf.Graph, got %s" % type(graph).__name__)
            graph_def = graph.as_graph_def(add_shapes=True)
        serialized = graph_def if isinstance(graph_def, bytes) else graph_def.SerializeToString()
        self._add_event_with(global_step, graph_def=serialized)

    def add_session_log(self, session_log, global_step=None):
        """Writes a SessionLog proto (`tf.summary.SessionLog(status=SessionLog.START)` and the like)."""
        self._add_event_with(global_step, session_log=session_log)

    def flush(self):
        """Writes the queued events to disk."""
        if not self._closed:
            self._writer.flush()

    def close(self):
        """Flushes and closes the event file; `reopen` starts a new one."""
        if not self._closed:
            self._writer.flush()
            self._writer.close()
            self._closed = True

    def reopen(self):
        """Opens a new event file in the same directory after `close`."""
        if self._closed:
            logdir, max_queue, flush_secs, filename_suffix = self._reopen_args
            self._writer = _event_file_writer_class()(logdir, max_queue_size=max_queue, flush_secs=flush_secs,
                                                      filename_suffix=filename_suffix)
            self._closed = False

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.close()


class FileWriterCache:
    """One FileWriter per log directory, shared (each writing the default graph of its first `get`)."""

    _cache = {}
    _lock = threading.Lock()

    @staticmethod
    def get(logdir):
        """The FileWriter for `logdir`, created on first use."""
        with FileWriterCache._lock:
            if logdir not in FileWriterCache._cache:
                FileWriterCache._cache[logdir] = FileWriter(logdir, graph=_graph.get_default_graph())
            return FileWriterCache._cache[logdir]

    @staticmethod
    def clear():
        """Closes and forgets every cached writer."""
        with FileWriterCache._lock:
            for writer in FileWriterCache._cache.values():
                writer.close()
            FileWriterCache._cache = {}


__all__ = ["FileWriter", "FileWriterCache"]
