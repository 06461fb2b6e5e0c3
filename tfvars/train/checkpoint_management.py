"""Finding checkpoints: the `checkpoint` state file, `latest_checkpoint` and friends (TF 1.x's names).

A Saver that saves to "train/model.ckpt-100" also rewrites "train/checkpoint", a CheckpointState in
protobuf text format:

    model_checkpoint_path: "train/model.ckpt-100"
    all_model_checkpoint_paths: "train/model.ckpt-99"
    all_model_checkpoint_paths: "train/model.ckpt-100"

The paths are written as the Saver was given them (relative ones relative to the directory of the
state file when that directory is itself relative), and read back joined to the checkpoint
directory. The file is replaced atomically and only once the checkpoint it names is complete.
"""

import glob
import logging
import os
import re
import uuid

from tfvars.framework.graph_def import Message, _Field
from tfvars.train import checkpoint_format

__all__ = [
    "checkpoint_exists", "generate_checkpoint_state_proto", "get_checkpoint_mtimes", "get_checkpoint_state",
    "latest_checkpoint", "meta_graph_filename", "remove_checkpoint", "update_checkpoint_state",
]

_LOG = logging.getLogger("tfvars")
# TF's SaverDef.CheckpointFormatVersion.
LEGACY, V1, V2 = 0, 1, 2


class CheckpointState(Message):
    """TF's CheckpointState proto: the newest checkpoint and those still kept; `str()` is the file's text."""

    FIELDS = (
        _Field("model_checkpoint_path", 1, "string"),
        _Field("all_model_checkpoint_paths", 2, "string", repeated=True),
        _Field("all_model_checkpoint_timestamps", 3, "double", repeated=True),
        _Field("last_preserved_timestamp", 4, "double"),
    )


class ParseError(ValueError):
    """A state file that is not a CheckpointState in text format."""


# Files.
def atomic_write_string_to_file(filename, contents):
    """Writes `contents` to a temporary file beside `filename`, syncs it, then renames it over `filename`."""
    temporary = "%s.tmp%s" % (filename, uuid.uuid4().hex)
    data = contents.encode("utf-8") if isinstance(contents, str) else contents
    try:
        with open(temporary, "xb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, filename)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def _checkpoint_filename(save_dir, latest_filename):
    return os.path.join(save_dir, latest_filename or "checkpoint")


def _prefix_to_checkpoint_path(prefix, format_version):
    """The file that exists for a checkpoint: the index of a V2 one, the prefix itself for V1."""
    if format_version == V2:
        return checkpoint_format.index_filename(prefix)
    return prefix


def _matching_files(pattern):
    return sorted(glob.glob(pattern))


def meta_graph_filename(checkpoint_filename, meta_graph_suffix="meta"):
    """The MetaGraph file of a checkpoint: "model.ckpt-100.meta" (any "-?????-of-N" shard suffix dropped)."""
    basename = re.sub(r"-[\d\?]+-of-\d+$", "", checkpoint_filename)
    return ".".join([basename, meta_graph_suffix])


# The state file.
def generate_checkpoint_state_proto(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None):
    """The CheckpointState for `save_dir`; `model_checkpoint_path` is appended to the list if not last.

    When `save_dir` is relative, relative paths are made relative to it, as TF writes them.
    """
    paths = list(all_model_checkpoint_paths or [])
    if not paths or paths[-1] != model_checkpoint_path:
        paths.append(model_checkpoint_path)
    if not os.path.isabs(save_dir):
        if not os.path.isabs(model_checkpoint_path):
            model_checkpoint_path = os.path.relpath(model_checkpoint_path, save_dir)
        paths = [p if os.path.isabs(p) else os.path.relpath(p, save_dir) for p in paths]
    return CheckpointState(model_checkpoint_path=model_checkpoint_path, all_model_checkpoint_paths=paths)


def update_checkpoint_state(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None, latest_filename=None,
                            save_relative_paths=False):
    """Rewrites the state file of `save_dir` (atomically) to name `model_checkpoint_path` as the newest.

    Raises:
      RuntimeError: if the state file would be the checkpoint itself.
    """
    filename = _checkpoint_filename(save_dir, latest_filename)
    all_paths = list(all_model_checkpoint_paths or [])
    if save_relative_paths:
        model_checkpoint_path = _relative_to(model_checkpoint_path, save_dir)
        all_paths = [_relative_to(p, save_dir) for p in all_paths]
    state = generate_checkpoint_state_proto(save_dir, model_checkpoint_path, all_paths)
    if filename == state.model_checkpoint_path:
        raise RuntimeError("Save path '%s' conflicts with path used for checkpoint state.  Please use a different "
                           "save path." % model_checkpoint_path)
    atomic_write_string_to_file(filename, str(state))


def _relative_to(path, save_dir):
    return os.path.relpath(path, save_dir) if os.path.isabs(path) else path


def get_checkpoint_state(checkpoint_dir, latest_filename=None):
    """The CheckpointState in `checkpoint_dir`, its relative paths joined to the directory; None if there is none.

    An unreadable or unparsable state file is ignored (with a warning), as in TF.

    Raises:
      ValueError: if the file names no model_checkpoint_path.
    """
    filename = _checkpoint_filename(checkpoint_dir, latest_filename)
    if not os.path.isfile(filename):
        return None
    try:
        with open(filename, "rb") as file:
            state = parse_checkpoint_state(file.read().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ParseError) as error:
        _LOG.warning("%s: %s: Checkpoint ignored", filename, error)
        return None
    if not state.model_checkpoint_path:
        raise ValueError("Invalid checkpoint state loaded from " + checkpoint_dir)
    if not os.path.isabs(state.model_checkpoint_path):
        state.model_checkpoint_path = os.path.join(checkpoint_dir, state.model_checkpoint_path)
    state.all_model_checkpoint_paths = [p if os.path.isabs(p) else os.path.join(checkpoint_dir, p)
                                        for p in state.all_model_checkpoint_paths]
    return state


_LINE = re.compile(r'^\s*(\w+)\s*:\s*(?:"((?:[^"\\]|\\.)*)"|([-+0-9.eEinfa]+))\s*$')


def parse_checkpoint_state(text):
    """A CheckpointState from its protobuf text format (one `field: value` per line).

    Raises:
      ParseError: for a line that is not a field of CheckpointState.
    """
    state = CheckpointState()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _LINE.match(line)
        field = CheckpointState._field(match.group(1)) if match else None
        if field is None or (field.kind == "string") != (match.group(2) is not None):
            raise ParseError("%d: cannot parse %r as a CheckpointState field" % (number, line))
        value = _unescape(match.group(2)) if field.kind == "string" else float(match.group(3))
        if field.repeated:
            getattr(state, field.name).append(value)
        else:
            setattr(state, field.name, value)
    return state


_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))", re.DOTALL)
_SIMPLE_ESCAPES = {"n": b"\n", "t": b"\t", "r": b"\r", '"': b'"', "'": b"'", "\\": b"\\", "a": b"\a", "b": b"\b",
                   "f": b"\f", "v": b"\v", "?": b"?"}


def _unescape(text):
    """A C-escaped text-format string (as `c_escape` writes it) decoded to str."""
    out, position = bytearray(), 0
    for match in _ESCAPE.finditer(text):
        out.extend(text[position:match.start()].encode("utf-8"))
        octal, hexadecimal, simple = match.groups()
        if octal:
            out.append(int(octal, 8) & 0xFF)
        elif hexadecimal:
            out.append(int(hexadecimal, 16))
        elif simple in _SIMPLE_ESCAPES:
            out.extend(_SIMPLE_ESCAPES[simple])
        else:
            raise ParseError("invalid escape \\%s" % simple)
        position = match.end()
    out.extend(text[position:].encode("utf-8"))
    return out.decode("utf-8", errors="surrogateescape")


# Checkpoints.
def latest_checkpoint(checkpoint_dir, latest_filename=None):
    """The prefix of the newest checkpoint in `checkpoint_dir` (from its state file), or None.

    None too when the state file names a checkpoint whose files are gone (e.g. a save that
    crashed before its index was written).
    """
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state and state.model_checkpoint_path:
        prefix = state.model_checkpoint_path
        if checkpoint_exists(prefix):
            return prefix
        _LOG.error("Couldn't match files for checkpoint %s", prefix)
    return None


def checkpoint_exists(checkpoint_prefix):
    """Whether a checkpoint with this prefix exists (its index; or, as TF's V1 fallback, the file itself)."""
    return bool(_matching_files(_prefix_to_checkpoint_path(checkpoint_prefix, V2)) or
                _matching_files(checkpoint_prefix))


def get_checkpoint_mtimes(checkpoint_prefixes):
    """The modification times (seconds) of the checkpoints that exist among `checkpoint_prefixes`."""
    mtimes = []
    for prefix in checkpoint_prefixes:
        for pattern in (_prefix_to_checkpoint_path(prefix, V2), prefix):
            names = _matching_files(pattern)
            if names:
                mtimes.append(os.stat(names[0]).st_mtime_ns / 1e9)
                break
    return mtimes


def remove_checkpoint(checkpoint_prefix, checkpoint_format_version=V2, meta_graph_suffix="meta"):
    """Deletes a checkpoint's files (its meta graph, index and data; for V1 the prefix file)."""
    _delete_matching(meta_graph_filename(checkpoint_prefix, meta_graph_suffix))
    if checkpoint_format_version == V2:
        _delete_matching(checkpoint_format.index_filename(checkpoint_prefix))
        _delete_matching(glob.escape(checkpoint_prefix) + ".data-?????-of-?????")
    else:
        _delete_matching(checkpoint_prefix)


def _delete_matching(pattern):
    for path in _matching_files(pattern):
        os.remove(path)
