"""The checkpoint files: how tensors are written to disk and read back, safely and atomically.

A checkpoint with prefix `P` (what `Saver.save` returns, e.g. "model.ckpt-100") is two files,
named as TF 1.x's V2 checkpoints are:

`P.data-00000-of-00001`: the tensors' bytes, one after another, with nothing in between.
  - a numeric or bool tensor is its elements in C order, little-endian, at their dtype's width
    (bool: one byte, 0 or 1);
  - a string tensor is, for each element in C order, its length as an unsigned 64-bit
    little-endian integer followed by that many bytes.

`P.index`: UTF-8 JSON, one object:

    {"format": "tfvars-checkpoint", "version": 1,
     "data_file": "model.ckpt-100.data-00000-of-00001", "data_size": 44,
     "tensors": {"v": {"dtype": "float32", "shape": [2],
                       "slices": [{"start": [0], "shape": [2], "offset": 0, "size": 8, "crc32": 1822131049}]},
                 ...},
     "checksum": 2410327101}

  - `dtype` is a TF dtype name ("float32", "int64", "bool", "string", ...) and `shape` the
    full tensor's shape;
  - each tensor is stored as one or more `slices` (a partitioned variable saves one per
    shard): where the block starts in the full tensor, its shape, and where its bytes are in
    the data file (`offset`, `size`) with their CRC-32 (zlib's);
  - `checksum` is the CRC-32 of the index object without its "checksum" key, serialized by
    `json.dumps(..., sort_keys=True, separators=(",", ":"))`.

Reading never executes code: JSON is parsed with `json`, arrays are made with `np.frombuffer`,
and strings are bytes sliced out of the data file (nothing is unpickled).

Writing is atomic: both files are written under temporary names (".tempstate<hex>") and
fsync'd; then any old index of the same prefix is removed, the data file renamed into place,
and the index renamed last. The index is the commit mark: a crash at any point leaves either
the complete new checkpoint or no index at all (so `checkpoint_exists` is False and readers
raise NotFoundError), never a half-written checkpoint.

Errors, as TF 1.x raises them for its own format:
  - no index file: NotFoundError "Unsuccessful TensorSliceReader constructor: Failed to find
    any matching files for P";
  - no data file: NotFoundError "P.data-00000-of-00001; No such file or directory";
  - a tensor not in the checkpoint: NotFoundError "Key w not found in checkpoint";
  - an index that is not valid JSON of this layout, a data file shorter than the index says, or
    a checksum mismatch: DataLossError.

TF 1.x: its files are a TensorBundle (an SSTable index of BundleEntryProto plus CRC32C-checked
data); the names, the layout of the two files' roles and the error types are TF's, the bytes are
not, so TF cannot read a tfvars checkpoint nor tfvars a TF one. TF raises OutOfRangeError ("Read
less bytes than requested") for a truncated data file; tfvars calls that data loss.
"""

import errno
import json
import os
import uuid
import zlib

import numpy as np

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import errors

FORMAT_NAME = "tfvars-checkpoint"
FORMAT_VERSION = 1
_STRING_LENGTH = np.dtype("<u8")
# What the index may hold: no dtype without a plain byte form.
_STORABLE = frozenset(t.name for t in _dtypes.ALL_TYPES)


def index_filename(prefix):
    return prefix + ".index"


def data_filename(prefix):
    return prefix + ".data-00000-of-00001"


# Writing.
def write(prefix, tensors):
    """Writes the checkpoint `prefix` from `tensors`, a list of (name, dtype, full shape, [(start, array)]).

    Raises:
      NotFoundError: if the directory of `prefix` does not exist (TF's wording).
    """
    data, entries = _encode_tensors(tensors)
    body = {"format": FORMAT_NAME, "version": FORMAT_VERSION,
            "data_file": os.path.basename(data_filename(prefix)), "data_size": len(data), "tensors": entries}
    body["checksum"] = _checksum(body)
    index = json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")
    _commit(prefix, data, index)


def _encode_tensors(tensors):
    chunks, entries, offset = [], {}, 0
    for name, dtype, shape, slices in tensors:
        records = []
        for start, array in slices:
            payload = encode_array(array, dtype)
            chunks.append(payload)
            records.append({"start": [int(s) for s in start], "shape": [int(d) for d in np.shape(array)],
                            "offset": offset, "size": len(payload), "crc32": zlib.crc32(payload)})
            offset += len(payload)
        entries[name] = {"dtype": dtype.name, "shape": [int(d) for d in shape], "slices": records}
    return b"".join(chunks), entries


def encode_array(array, dtype):
    """The bytes of `array` as the data file stores a tensor of `dtype` (see the module docstring)."""
    array = np.asarray(array)
    if dtype.base_dtype == _dtypes.string:
        parts = []
        for item in array.reshape(-1):
            item = item.encode("utf-8") if isinstance(item, str) else bytes(item)
            parts.append(np.array(len(item), _STRING_LENGTH).tobytes())
            parts.append(item)
        return b"".join(parts)
    numpy_dtype = np.dtype(dtype.as_numpy_dtype).newbyteorder("<")
    return np.ascontiguousarray(array, dtype=numpy_dtype).tobytes()


def _checksum(body):
    unsigned = {key: value for key, value in body.items() if key != "checksum"}
    return zlib.crc32(json.dumps(unsigned, sort_keys=True, separators=(",", ":")).encode("utf-8"))


def _commit(prefix, data, index):
    """Writes data then index under temporary names, then renames them into place, index last."""
    tag = ".tempstate" + uuid.uuid4().hex
    data_path, index_path = data_filename(prefix), index_filename(prefix)
    temporaries = [data_path + tag, index_path + tag]
    try:
        _write_synced(temporaries[0], data)
        _write_synced(temporaries[1], index)
        if os.path.exists(index_path):
            os.remove(index_path)  # while the data file is replaced, no index may point at it
        os.replace(temporaries[0], data_path)
        os.replace(temporaries[1], index_path)
    except OSError as error:
        raise _op_error(error) from None
    finally:
        for path in temporaries:
            if os.path.exists(path):
                os.remove(path)
    _sync_directory(os.path.dirname(prefix) or ".")


def _op_error(error):
    """An OSError as the OpError TF reports for it (a kernel's errors must be OpErrors)."""
    if isinstance(error, FileNotFoundError):
        return errors.NotFoundError(None, None, "%s; No such file or directory" % error.filename)
    if isinstance(error, PermissionError):
        return errors.PermissionDeniedError(None, None, str(error))
    if error.errno == errno.ENOSPC:
        return errors.ResourceExhaustedError(None, None, str(error))
    return errors.UnknownError(None, None, str(error))


def _write_synced(path, payload):
    with open(path, "xb") as file:
        file.write(payload)
        file.flush()
        os.fsync(file.fileno())


def _sync_directory(path):
    """Makes the renames durable where the platform allows opening a directory."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


# Reading.
class BundleReader:
    """A checkpoint opened for reading: its index parsed and checked, its data read on demand.

    Raises (on opening):
      NotFoundError: if `prefix` has no index file.
      DataLossError: if the index is not a valid tfvars checkpoint index.
    """

    def __init__(self, prefix):
        self.prefix = prefix
        self.entries = _read_index(prefix)

    def has_tensor(self, name):
        return name in self.entries

    def dtype(self, name):
        return _dtypes.as_dtype(self._entry(name)["dtype"])

    def shape(self, name):
        return list(self._entry(name)["shape"])

    def tensor(self, name):
        """The full tensor `name` as a numpy array (strings as an object array of bytes)."""
        entry = self._entry(name)
        dtype = _dtypes.as_dtype(entry["dtype"])
        slices = entry["slices"]
        if len(slices) == 1 and slices[0]["shape"] == entry["shape"]:
            return self._read_slice(dtype, slices[0])
        full = np.empty(entry["shape"], dtype=dtype.as_numpy_dtype)
        covered = np.zeros(entry["shape"], dtype=bool)
        for record in slices:
            where = tuple(slice(s, s + n) for s, n in zip(record["start"], record["shape"]))
            full[where] = self._read_slice(dtype, record)
            covered[where] = True
        if not covered.all():
            raise self._loss("tensor %s is not fully covered by its saved slices" % name)
        return full

    def _entry(self, name):
        entry = self.entries.get(name)
        if entry is None:
            raise errors.NotFoundError(None, None, "Key %s not found in checkpoint" % name)
        return entry

    def _read_slice(self, dtype, record):
        payload = self._read_bytes(record["offset"], record["size"])
        calculated = zlib.crc32(payload)
        if calculated != record["crc32"]:
            raise self._loss("TensorBundle at %s shard 0 (%d bytes): Checksum does not match: stored %d vs. "
                             "calculated on the restored bytes %d"
                             % (self.prefix, record["size"], record["crc32"], calculated))
        return decode_array(payload, dtype, record["shape"], self._loss)

    def _read_bytes(self, offset, size):
        path = data_filename(self.prefix)
        try:
            with open(path, "rb") as file:
                file.seek(offset)
                payload = file.read(size)
        except OSError as error:
            raise _op_error(error) from None
        if len(payload) != size:
            raise self._loss("%s is truncated: read %d of %d bytes at offset %d"
                             % (path, len(payload), size, offset))
        return payload

    def _loss(self, message):
        return errors.DataLossError(None, None, message)


def decode_array(payload, dtype, shape, loss=None):
    """The array of `dtype` and `shape` that `encode_array` stored as `payload`."""
    loss = loss or (lambda message: errors.DataLossError(None, None, message))
    count = int(np.prod(shape, dtype=np.int64))
    if dtype == _dtypes.string:
        return _decode_strings(payload, count, shape, loss)
    numpy_dtype = np.dtype(dtype.as_numpy_dtype).newbyteorder("<")
    if len(payload) != count * numpy_dtype.itemsize:
        raise loss("Checkpoint data of %d bytes does not hold %d %s values" % (len(payload), count, dtype.name))
    array = np.frombuffer(payload, dtype=numpy_dtype).astype(dtype.as_numpy_dtype)
    return array.reshape(shape)


def _decode_strings(payload, count, shape, loss):
    items, position = [], 0
    for _ in range(count):
        end = position + _STRING_LENGTH.itemsize
        if end > len(payload):
            raise loss("Checkpoint string data ends inside a length")
        length = int(np.frombuffer(payload[position:end], _STRING_LENGTH)[0])
        if end + length > len(payload):
            raise loss("Checkpoint string data ends inside a string")
        items.append(payload[end:end + length])
        position = end + length
    if position != len(payload):
        raise loss("Checkpoint string data has %d bytes too many" % (len(payload) - position))
    array = np.empty(count, dtype=object)
    array[:] = items
    return array.reshape(shape)


def _read_index(prefix):
    path = index_filename(prefix)
    try:
        with open(path, "rb") as file:
            raw = file.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise errors.NotFoundError(None, None, "Unsuccessful TensorSliceReader constructor: Failed to find any "
                                               "matching files for %s" % prefix) from None
    except OSError as error:
        raise _op_error(error) from None
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise _bad_index(path, "not valid JSON (%s)" % error) from None
    _check_index(path, body)
    return body["tensors"]


def _bad_index(path, reason):
    return errors.DataLossError(None, None, "Unable to read checkpoint index %s: %s" % (path, reason))


def _check_index(path, body):
    """Raises DataLossError unless `body` is a well-formed index whose checksum matches."""
    if not isinstance(body, dict) or body.get("format") != FORMAT_NAME:
        raise _bad_index(path, "not a tfvars checkpoint index")
    if body.get("version") != FORMAT_VERSION:
        raise _bad_index(path, "unsupported format version %r" % (body.get("version"),))
    if body.get("checksum") != _checksum(body):
        raise _bad_index(path, "checksum does not match")
    tensors = body.get("tensors")
    if not isinstance(tensors, dict):
        raise _bad_index(path, "no tensors")
    for name, entry in tensors.items():
        if not _valid_entry(entry):
            raise _bad_index(path, "malformed entry for tensor %s" % name)


def _valid_entry(entry):
    if not isinstance(entry, dict) or entry.get("dtype") not in _STORABLE or not _is_shape(entry.get("shape")):
        return False
    slices = entry.get("slices")
    if not isinstance(slices, list) or not slices:
        return False
    rank = len(entry["shape"])
    for record in slices:
        if not isinstance(record, dict) or not _is_shape(record.get("shape")) or not _is_shape(record.get("start")):
            return False
        if len(record["shape"]) != rank or len(record["start"]) != rank:
            return False
        if any(s + n > full for s, n, full in zip(record["start"], record["shape"], entry["shape"])):
            return False
        if not all(_is_count(record.get(key)) for key in ("offset", "size", "crc32")):
            return False
    return True


def _is_count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_shape(value):
    return isinstance(value, list) and all(_is_count(d) for d in value)
