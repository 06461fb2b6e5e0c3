"""`GraphDef` and `NodeDef`: a graph as plain data, printed and serialized as TF's protocol buffers.

`Graph.as_graph_def()` and `Operation.node_def` build these. Each class mirrors
the TF protocol buffer of the same name field for field (`node_def.attr["T"].type`
is the DataType number, as in TF), `str()` gives the protobuf text format that
TF's `text_format.MessageToString` prints, and `SerializeToString()` gives the
binary wire format that `tf.GraphDef.FromString` parses. Only the fields a
tfvars graph can fill are modelled.

Attrs are converted from the Python values tfvars ops keep: a DType is a `type`,
a TensorShape a `shape`, a numpy array a `tensor`, a bool `b`, an int `i`, a
float `f`, a str or bytes `s`, and a list or tuple of these a `list`. Attrs
whose names start with "_" are internal to tfvars and left out, as are attrs
whose values have no proto form (a py_func's Python function, None).

TF 1.x: a TensorProto holds a constant as TF 1.15's `make_tensor_proto` does
for a value given at full size (bytes in `tensor_content` for more than one
element of a numeric type, else `float_val`, `int_val`, ...). A constant that
TF filled from a shorter value (`tf.constant(0.0, shape=[3])`) is printed at
full size, as tfvars keeps only the filled array.
"""

import struct

import numpy as np

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import tensor_shape as _tensor_shape

# The producer version TF 1.15 writes into every GraphDef.
GRAPH_DEF_VERSION = 134

# Attrs named with a leading "_" that are TF's own, and so exported.
_TF_PRIVATE_ATTRS = frozenset(["_class", "_gradient_op_type"])

_DATA_TYPE_NAMES = {
    0: "DT_INVALID", 1: "DT_FLOAT", 2: "DT_DOUBLE", 3: "DT_INT32", 4: "DT_UINT8", 5: "DT_INT16", 6: "DT_INT8",
    7: "DT_STRING", 8: "DT_COMPLEX64", 9: "DT_INT64", 10: "DT_BOOL", 11: "DT_QINT8", 12: "DT_QUINT8",
    13: "DT_QINT32", 14: "DT_BFLOAT16", 15: "DT_QINT16", 16: "DT_QUINT16", 17: "DT_UINT16", 18: "DT_COMPLEX128",
    19: "DT_HALF", 20: "DT_RESOURCE", 21: "DT_VARIANT", 22: "DT_UINT32", 23: "DT_UINT64",
}
_DATA_TYPE_NAMES.update({number + 100: name + "_REF" for number, name in list(_DATA_TYPE_NAMES.items()) if number})


class _Field:
    """One field of a message: its name, number, kind, and whether it repeats or is in a oneof.

    `kind` is a scalar kind ("string", "bytes", "int32", "int64", "uint32",
    "uint64", "float", "double", "bool", "datatype"), a Message class, or
    ("map", Message class) for a map from strings to messages.
    """

    def __init__(self, name, number, kind, repeated=False, oneof=False):
        self.name = name
        self.number = number
        self.kind = kind
        self.repeated = repeated
        self.oneof = oneof

    @property
    def is_message(self):
        return isinstance(self.kind, type)

    @property
    def is_map(self):
        return isinstance(self.kind, tuple)

    def default(self):
        if self.is_map:
            return {}
        if self.repeated:
            return []
        if self.is_message:
            return None
        return _SCALAR_DEFAULTS[self.kind]


_SCALAR_DEFAULTS = {"string": "", "bytes": b"", "int32": 0, "int64": 0, "uint32": 0, "uint64": 0,
                    "float": 0.0, "double": 0.0, "bool": False, "datatype": 0}


class Message:
    """A protocol buffer message as plain Python data; subclasses list their `FIELDS`.

    Unset scalars read as their proto3 default, unset messages as None,
    repeated fields as lists and maps as dicts. A oneof member counts as set
    once assigned, even to its default (as `i: 0` in an AttrValue).
    """

    FIELDS = ()

    def __init__(self, **fields):
        object.__setattr__(self, "_set_oneofs", set())
        for field in self.FIELDS:
            object.__setattr__(self, field.name, field.default())
        for name, value in fields.items():
            setattr(self, name, value)

    def __setattr__(self, name, value):
        field = self._field(name)
        if field is None:
            raise AttributeError("%s has no field %r" % (type(self).__name__, name))
        if field.oneof:
            self._set_oneofs.clear()
            for other in self.FIELDS:
                if other.oneof and other is not field:
                    object.__setattr__(self, other.name, other.default())
            self._set_oneofs.add(name)
        if field.repeated:
            value = list(value)
        elif field.is_map:
            value = dict(value)
        object.__setattr__(self, name, value)

    @classmethod
    def _field(cls, name):
        for field in cls.FIELDS:
            if field.name == name:
                return field
        return None

    def WhichOneof(self, oneof_name):  # noqa: N802 (protobuf's method name)
        """The name of the set member of the message's oneof, or None."""
        return next(iter(self._set_oneofs), None)

    def ListFields(self):  # noqa: N802 (protobuf's method name)
        """[(field, value)] of the fields that are set, in field-number order."""
        return [(field, getattr(self, field.name)) for field in sorted(self.FIELDS, key=lambda f: f.number)
                if self._is_set(field)]

    def _is_set(self, field):
        value = getattr(self, field.name)
        if field.repeated or field.is_map:
            return bool(value)
        if field.oneof:
            return field.name in self._set_oneofs
        if field.is_message:
            return value is not None
        return value != _SCALAR_DEFAULTS[field.kind]

    def SerializeToString(self, deterministic=True):  # noqa: N802 (protobuf's method name)
        """The message in protobuf's binary wire format (map entries sorted by key)."""
        return bytes(_encode_message(self))

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return self.ListFields() == other.ListFields()

    __hash__ = None  # mutable, as protobuf's messages

    def __str__(self):
        lines = []
        _print_message(self, 0, lines)
        return "".join(lines)

    __repr__ = __str__  # as protobuf's messages


class TensorShapeProto(Message):
    """A static shape: `dim` sizes (-1 for unknown), or `unknown_rank`."""

    class Dim(Message):
        FIELDS = (_Field("size", 1, "int64"), _Field("name", 2, "string"))


TensorShapeProto.FIELDS = (
    _Field("dim", 2, TensorShapeProto.Dim, repeated=True),
    _Field("unknown_rank", 3, "bool"),
)


class TensorProto(Message):
    """A constant's value: its dtype, shape, and the values as bytes or as a typed list."""

    FIELDS = (
        _Field("dtype", 1, "datatype"),
        _Field("tensor_shape", 2, TensorShapeProto),
        _Field("version_number", 3, "int32"),
        _Field("tensor_content", 4, "bytes"),
        _Field("float_val", 5, "float", repeated=True),
        _Field("double_val", 6, "double", repeated=True),
        _Field("int_val", 7, "int32", repeated=True),
        _Field("string_val", 8, "bytes", repeated=True),
        _Field("int64_val", 10, "int64", repeated=True),
        _Field("bool_val", 11, "bool", repeated=True),
        _Field("half_val", 13, "int32", repeated=True),
        _Field("uint32_val", 16, "uint32", repeated=True),
        _Field("uint64_val", 17, "uint64", repeated=True),
    )


class AttrValue(Message):
    """One attr of a node: exactly one of `s`, `i`, `f`, `b`, `type`, `shape`, `tensor` or `list`."""

    class ListValue(Message):
        FIELDS = (
            _Field("s", 2, "bytes", repeated=True),
            _Field("i", 3, "int64", repeated=True),
            _Field("f", 4, "float", repeated=True),
            _Field("b", 5, "bool", repeated=True),
            _Field("type", 6, "datatype", repeated=True),
            _Field("shape", 7, TensorShapeProto, repeated=True),
            _Field("tensor", 8, TensorProto, repeated=True),
        )


AttrValue.FIELDS = (
    _Field("list", 1, AttrValue.ListValue, oneof=True),
    _Field("s", 2, "bytes", oneof=True),
    _Field("i", 3, "int64", oneof=True),
    _Field("f", 4, "float", oneof=True),
    _Field("b", 5, "bool", oneof=True),
    _Field("type", 6, "datatype", oneof=True),
    _Field("shape", 7, TensorShapeProto, oneof=True),
    _Field("tensor", 8, TensorProto, oneof=True),
)


class NodeDef(Message):
    """One op as data: `name`, `op` (its type), `input` ("x", "x:1", then "^ctrl"), `device`, `attr`."""

    FIELDS = (
        _Field("name", 1, "string"),
        _Field("op", 2, "string"),
        _Field("input", 3, "string", repeated=True),
        _Field("device", 4, "string"),
        _Field("attr", 5, ("map", AttrValue)),
    )


class VersionDef(Message):
    """The versions of the code that produced a GraphDef."""

    FIELDS = (
        _Field("producer", 1, "int32"),
        _Field("min_consumer", 2, "int32"),
        _Field("bad_consumers", 3, "int32", repeated=True),
    )


class GraphDef(Message):
    """A graph as data: its `node`s in creation order, and `versions`."""

    FIELDS = (
        _Field("node", 1, NodeDef, repeated=True),
        _Field("versions", 4, VersionDef),
    )


# From graph objects to messages.

def graph_def(graph, from_version=None, add_shapes=False):
    """The GraphDef of `graph`: its ops (those with `_id > from_version` if given), in creation order.

    With `add_shapes`, each node that has outputs gets an "_output_shapes"
    attr listing their static shapes.
    """
    nodes = []
    for op in graph.get_operations():
        if from_version is not None and op._id <= from_version:
            continue
        node = node_def(op)
        if add_shapes and op.outputs:
            shapes = [shape_proto(tensor.shape) for tensor in op.outputs]
            node.attr["_output_shapes"] = AttrValue(list=AttrValue.ListValue(shape=shapes))
        nodes.append(node)
    return GraphDef(node=nodes, versions=VersionDef(producer=GRAPH_DEF_VERSION))


def node_def(op):
    """The NodeDef of `op`: data inputs, then control inputs as "^name", and its proto-expressible attrs."""
    inputs = [tensor._as_node_def_input() for tensor in op.inputs]
    inputs.extend("^" + control.name for control in op.control_inputs)
    attrs = {}
    defaults = op.op_def.attrs if op.op_def is not None else {}
    for name, value in op._attrs.items():
        if name.startswith("_") and name not in _TF_PRIVATE_ATTRS:
            continue
        proto = attr_value(_as_float_if_float_attr(value, defaults.get(name)))
        if proto is not None:
            attrs[name] = proto
    return NodeDef(name=op.name, op=op.type, input=inputs, device=op.device, attr=attrs)


def _is_int(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _as_float_if_float_attr(value, default):
    """An int given for a float attr (one whose registered default is a float) as TF stores it: a float."""
    if isinstance(default, float):
        return float(value) if _is_int(value) else value
    if isinstance(default, (list, tuple)) and default and all(isinstance(d, float) for d in default):
        return [float(v) if _is_int(v) else v for v in value] if isinstance(value, (list, tuple)) else value
    return value


def attr_value(value):
    """The AttrValue of a Python attr value, or None if it has no proto form."""
    if isinstance(value, (list, tuple)):
        return _list_value(value)
    kind = _attr_kind(value)
    if kind is None:
        return None
    return AttrValue(**{kind: _attr_scalar(kind, value)})


def _list_value(values):
    kinds = {_attr_kind(value) for value in values}
    if kinds == {"i", "f"}:
        kinds = {"f"}  # a list of numbers with a float in it is a list(float)
    if None in kinds or len(kinds) > 1:
        return None
    if not kinds:
        return AttrValue(list=AttrValue.ListValue())
    kind = kinds.pop()
    return AttrValue(list=AttrValue.ListValue(**{kind: [_attr_scalar(kind, value) for value in values]}))


def _attr_kind(value):
    if isinstance(value, _dtypes.DType):
        return "type"
    if isinstance(value, _tensor_shape.TensorShape):
        return "shape"
    if isinstance(value, np.ndarray):
        return "tensor" if _has_tensor_proto(value) else None
    if isinstance(value, (bool, np.bool_)):
        return "b"
    if isinstance(value, (int, np.integer)):
        return "i"
    if isinstance(value, (float, np.floating)):
        return "f"
    if isinstance(value, (str, bytes)):
        return "s"
    return None


def _attr_scalar(kind, value):
    if kind == "type":
        return value.as_datatype_enum
    if kind == "shape":
        return shape_proto(value)
    if kind == "tensor":
        return tensor_proto(value)
    if kind == "b":
        return bool(value)
    if kind == "i":
        return int(value)
    if kind == "f":
        return float(value)
    return value.encode() if isinstance(value, str) else value


def shape_proto(shape):
    """The TensorShapeProto of a TensorShape: -1 for each unknown dimension."""
    shape = _tensor_shape.as_shape(shape)
    if shape.ndims is None:
        return TensorShapeProto(unknown_rank=True)
    return TensorShapeProto(dim=[TensorShapeProto.Dim(size=-1 if d is None else d) for d in shape.as_list()])


# The numeric types TF 1.15's make_tensor_proto stores as raw bytes when a tensor has several elements.
_TENSOR_CONTENT_TYPES = frozenset(np.dtype(t) for t in (
    np.float16, np.float32, np.float64, np.int32, np.uint8, np.int16, np.int8, np.int64, np.uint32, np.uint64))

# For each other numpy type: the TensorProto field holding its values one by one, and how to convert each.
_VALUE_FIELDS = {
    np.dtype(np.float16): ("half_val", lambda a: a.view(np.uint16).astype(int).tolist()),
    np.dtype(np.float32): ("float_val", lambda a: a.astype(float).tolist()),
    np.dtype(np.float64): ("double_val", lambda a: a.tolist()),
    np.dtype(np.int8): ("int_val", lambda a: a.tolist()),
    np.dtype(np.int16): ("int_val", lambda a: a.tolist()),
    np.dtype(np.int32): ("int_val", lambda a: a.tolist()),
    np.dtype(np.uint8): ("int_val", lambda a: a.tolist()),
    np.dtype(np.uint16): ("int_val", lambda a: a.tolist()),
    np.dtype(np.int64): ("int64_val", lambda a: a.tolist()),
    np.dtype(np.uint32): ("uint32_val", lambda a: a.tolist()),
    np.dtype(np.uint64): ("uint64_val", lambda a: a.tolist()),
    np.dtype(np.bool_): ("bool_val", lambda a: a.tolist()),
    np.dtype(np.object_): ("string_val", lambda a: [s.encode() if isinstance(s, str) else s for s in a]),
}


def _has_tensor_proto(array):
    if array.dtype.kind in "SU":
        return True
    if array.dtype not in _VALUE_FIELDS:
        return False
    return array.dtype != object or all(isinstance(item, (str, bytes)) for item in array.flat)


def tensor_proto(array):
    """The TensorProto of a numpy array, laid out as TF 1.15's make_tensor_proto lays it out."""
    array = np.asarray(array)
    if array.dtype.kind in "SU":
        array = array.astype(object)
    proto = TensorProto(dtype=_dtypes.as_dtype(array.dtype).as_datatype_enum,
                        tensor_shape=shape_proto(_tensor_shape.TensorShape(array.shape)))
    if array.dtype in _TENSOR_CONTENT_TYPES and array.size > 1:
        proto.tensor_content = np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<")).tobytes()
        return proto
    field, convert = _VALUE_FIELDS[array.dtype]
    setattr(proto, field, convert(array.ravel()))
    return proto


# Text format, as protobuf's text_format.MessageToString prints it.

def _print_message(message, indent, lines):
    pad = " " * indent
    for field, value in message.ListFields():
        if field.is_map:
            for key in sorted(value):
                lines.append("%s%s {\n" % (pad, field.name))
                lines.append('%s  key: "%s"\n' % (pad, c_escape(key)))
                _print_submessage("value", value[key], indent + 2, lines)
                lines.append("%s}\n" % pad)
        elif field.is_message:
            for item in (value if field.repeated else [value]):
                _print_submessage(field.name, item, indent, lines)
        else:
            for item in (value if field.repeated else [value]):
                lines.append("%s%s: %s\n" % (pad, field.name, _scalar_text(field.kind, item)))


def _print_submessage(name, message, indent, lines):
    pad = " " * indent
    lines.append("%s%s {\n" % (pad, name))
    _print_message(message, indent + 2, lines)
    lines.append("%s}\n" % pad)


def _scalar_text(kind, value):
    if kind in ("string", "bytes"):
        return '"%s"' % c_escape(value)
    if kind == "bool":
        return "true" if value else "false"
    if kind == "datatype":
        return _DATA_TYPE_NAMES.get(value, str(value))
    if kind == "float":
        return str(_shortest_float32(value))
    if kind == "double":
        return str(float(value))
    return str(int(value))


def _shortest_float32(value):
    """The shortest decimal that reads back as the same float32 (text_format's float printing)."""
    value = float(np.float32(value))
    if value != value or value in (float("inf"), float("-inf")):
        return value
    precision = 6
    while True:
        rounded = float("%.*g" % (precision, value))
        if float(np.float32(rounded)) == value:
            return rounded
        precision += 1


def _make_escapes():
    escapes = {byte: chr(byte) if 32 <= byte < 127 else "\\%03o" % byte for byte in range(256)}
    escapes.update({ord("\t"): "\\t", ord("\n"): "\\n", ord("\r"): "\\r",
                    ord('"'): '\\"', ord("'"): "\\'", ord("\\"): "\\\\"})
    return escapes


_ESCAPES = _make_escapes()


def c_escape(text):
    """`text` (str as UTF-8, or bytes) escaped as protobuf's text format escapes strings."""
    data = text.encode() if isinstance(text, str) else bytes(text)
    return "".join(_ESCAPES[byte] for byte in data)


# Binary wire format.

_VARINT, _FIXED64, _LENGTH_DELIMITED, _FIXED32 = 0, 1, 2, 5
_VARINT_KINDS = frozenset(("int32", "int64", "uint32", "uint64", "bool", "datatype"))


def _varint(value, out):
    value &= (1 << 64) - 1  # negative numbers are sent as 64-bit two's complement
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def _key(number, wire_type, out):
    _varint((number << 3) | wire_type, out)


def _length_delimited(number, payload, out):
    _key(number, _LENGTH_DELIMITED, out)
    _varint(len(payload), out)
    out.extend(payload)


def _scalar_bytes(kind, value, out):
    if kind in _VARINT_KINDS:
        _varint(int(value), out)
    elif kind == "float":
        out.extend(np.float32(value).astype("<f4").tobytes())
    elif kind == "double":
        out.extend(struct.pack("<d", value))
    else:
        out.extend(value.encode() if isinstance(value, str) else value)


def _wire_type(kind):
    if kind in _VARINT_KINDS:
        return _VARINT
    return {"float": _FIXED32, "double": _FIXED64}.get(kind, _LENGTH_DELIMITED)


def _encode_message(message):
    out = bytearray()
    for field, value in message.ListFields():
        if field.is_map:
            for key in sorted(value):
                entry = bytearray()
                _length_delimited(1, key.encode(), entry)
                _length_delimited(2, _encode_message(value[key]), entry)
                _length_delimited(field.number, entry, out)
        elif field.is_message:
            for item in (value if field.repeated else [value]):
                _length_delimited(field.number, _encode_message(item), out)
        elif field.repeated and _wire_type(field.kind) != _LENGTH_DELIMITED:
            packed = bytearray()  # proto3 packs repeated numbers
            for item in value:
                _scalar_bytes(field.kind, item, packed)
            _length_delimited(field.number, packed, out)
        else:
            for item in (value if field.repeated else [value]):
                if _wire_type(field.kind) == _LENGTH_DELIMITED:
                    payload = bytearray()
                    _scalar_bytes(field.kind, item, payload)
                    _length_delimited(field.number, payload, out)
                else:
                    _key(field.number, _wire_type(field.kind), out)
                    _scalar_bytes(field.kind, item, out)
    return out
