"""Data types of tensors: `tf.float32`, `tf.int32`, ... and their `_ref` twins."""

import numpy as np


class DType:
    """A tensor element type, named and numbered as TF 1.x names and numbers it.

    Every type has a reference twin (`float32_ref`) used for the output of a
    ref variable; `base_dtype` strips the reference.
    """

    __slots__ = ("_name", "_enum", "_numpy", "_is_ref", "_base")

    def __init__(self, name, enum, numpy_dtype, base=None):
        self._name = name
        self._enum = enum
        self._numpy = numpy_dtype
        self._is_ref = base is not None
        self._base = base if base is not None else self

    @property
    def name(self):
        return self._name

    @property
    def _type_string(self):
        """The type as TF's runtime messages print it (C++ DataTypeString): "float", "double", "half", "int32_ref"."""
        base = _TYPE_STRINGS.get(self._base._name, self._base._name)
        return base + "_ref" if self._is_ref else base

    @property
    def as_datatype_enum(self):
        return self._enum

    @property
    def as_numpy_dtype(self):
        return self._numpy.type if self._numpy is not None else object

    @property
    def base_dtype(self):
        return self._base

    @property
    def real_dtype(self):
        return self._base

    @property
    def is_ref_dtype(self):
        return self._is_ref

    @property
    def _as_ref(self):
        return self if self._is_ref else _REF_OF[self]

    @property
    def is_bool(self):
        return self._base is bool_

    @property
    def is_floating(self):
        return self._base in _FLOATING

    @property
    def is_integer(self):
        return self._base in _INTEGER

    @property
    def is_unsigned(self):
        return self._base in (uint8, uint16, uint32, uint64)

    @property
    def is_complex(self):
        return False

    @property
    def is_numpy_compatible(self):
        return True

    @property
    def is_quantized(self):
        return False

    @property
    def min(self):
        """The smallest representable value; a TypeError for bool and string."""
        return self._limit(lambda info: info.min)

    @property
    def max(self):
        """The largest representable value; a TypeError for bool and string."""
        return self._limit(lambda info: info.max)

    def _limit(self, pick):
        base = self._base
        if base.is_floating:
            return pick(np.finfo(base._numpy))
        if base.is_integer:
            return pick(np.iinfo(base._numpy))
        raise TypeError("Cannot find minimum value of %s." % self)

    @property
    def size(self):
        """Bytes per element, as TF counts them (1 for resource and variant handles)."""
        return 1 if self._base in (resource, variant) else self._base._numpy.itemsize

    def is_compatible_with(self, other):
        """True if a value of type `other` can be used where `self` is expected."""
        other = as_dtype(other)
        return self._enum in (other._enum, other._base._enum)

    def __eq__(self, other):
        if other is None:
            return False
        try:
            return self is as_dtype(other)
        except TypeError:
            return False

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return self._enum

    def __reduce__(self):
        return as_dtype, (self._name,)

    def __repr__(self):
        return "tf." + self._name

    def __str__(self):
        return "<dtype: %r>" % self._name


_BASE_TYPES = (
    ("float16", 19, np.float16),
    ("float32", 1, np.float32),
    ("float64", 2, np.float64),
    ("int32", 3, np.int32),
    ("uint8", 4, np.uint8),
    ("int16", 5, np.int16),
    ("int8", 6, np.int8),
    ("string", 7, np.object_),
    ("int64", 9, np.int64),
    ("bool", 10, np.bool_),
    ("uint16", 17, np.uint16),
    ("uint32", 22, np.uint32),
    ("uint64", 23, np.uint64),
    ("resource", 20, np.object_),
    ("variant", 21, np.object_),
)

# Where TF's C++ names differ from the Python ones; every other type keeps its name.
_TYPE_STRINGS = {"float16": "half", "float32": "float", "float64": "double"}

_BY_NAME = {}
_BY_ENUM = {}
_REF_OF = {}
for _name, _enum, _np in _BASE_TYPES:
    _base = DType(_name, _enum, np.dtype(_np))
    _ref = DType(_name + "_ref", _enum + 100, np.dtype(_np), base=_base)
    _REF_OF[_base] = _ref
    for _t in (_base, _ref):
        _BY_NAME[_t.name] = _t
        _BY_ENUM[_t.as_datatype_enum] = _t

float16 = half = _BY_NAME["float16"]
float32 = _BY_NAME["float32"]
float64 = double = _BY_NAME["float64"]
int8 = _BY_NAME["int8"]
int16 = _BY_NAME["int16"]
int32 = _BY_NAME["int32"]
int64 = _BY_NAME["int64"]
uint8 = _BY_NAME["uint8"]
uint16 = _BY_NAME["uint16"]
uint32 = _BY_NAME["uint32"]
uint64 = _BY_NAME["uint64"]
bool_ = _BY_NAME["bool"]
string = _BY_NAME["string"]
resource = _BY_NAME["resource"]
variant = _BY_NAME["variant"]
float16_ref = _BY_NAME["float16_ref"]
float32_ref = _BY_NAME["float32_ref"]
float64_ref = _BY_NAME["float64_ref"]
int8_ref = _BY_NAME["int8_ref"]
int16_ref = _BY_NAME["int16_ref"]
int32_ref = _BY_NAME["int32_ref"]
int64_ref = _BY_NAME["int64_ref"]
uint8_ref = _BY_NAME["uint8_ref"]
bool_ref = _BY_NAME["bool_ref"]
string_ref = _BY_NAME["string_ref"]

_FLOATING = frozenset((float16, float32, float64))
_INTEGER = frozenset((int8, int16, int32, int64, uint8, uint16, uint32, uint64))

FLOATING_TYPES = (float16, float32, float64)
INTEGER_TYPES = (int8, int16, int32, int64, uint8, uint16, uint32, uint64)
REAL_NUMBER_TYPES = FLOATING_TYPES + INTEGER_TYPES
NUMBER_TYPES = REAL_NUMBER_TYPES
ALL_TYPES = NUMBER_TYPES + (bool_, string)

_NUMPY_TO_DTYPE = {
    np.dtype(np.float16): float16,
    np.dtype(np.float32): float32,
    np.dtype(np.float64): float64,
    np.dtype(np.int8): int8,
    np.dtype(np.int16): int16,
    np.dtype(np.int32): int32,
    np.dtype(np.int64): int64,
    np.dtype(np.uint8): uint8,
    np.dtype(np.uint16): uint16,
    np.dtype(np.uint32): uint32,
    np.dtype(np.uint64): uint64,
    np.dtype(np.bool_): bool_,
    np.dtype(np.object_): string,
}

# TF 1.x maps Python float to float32; int goes through numpy (int64).
_PYTHON_TO_DTYPE = {float: float32, bool: bool_, object: string}


# TF 1.x's non-canonical names (C++'s), accepted wherever a dtype is: tf.placeholder("float").
_NAME_ALIASES = {"half": "float16", "float": "float32", "double": "float64",
                 "half_ref": "float16_ref", "float_ref": "float32_ref", "double_ref": "float64_ref"}


def as_dtype(type_value):
    """Converts a DType, a name, a numpy dtype or a datatype enum to a `DType`.

    Raises:
      TypeError: if `type_value` names no TF type.
    """
    if isinstance(type_value, DType):
        return type_value
    if isinstance(type_value, str):
        found = _BY_NAME.get(_NAME_ALIASES.get(type_value, type_value))
        if found is not None:
            return found
    elif isinstance(type_value, int) and not isinstance(type_value, bool):
        if type_value in _BY_ENUM:
            return _BY_ENUM[type_value]
    elif isinstance(type_value, type) and type_value in _PYTHON_TO_DTYPE:
        return _PYTHON_TO_DTYPE[type_value]
    else:
        try:
            numpy_dtype = np.dtype(type_value)
        except (TypeError, ValueError):
            numpy_dtype = None
        if numpy_dtype is not None:
            if numpy_dtype.kind in "SU":
                return string
            if numpy_dtype in _NUMPY_TO_DTYPE:
                return _NUMPY_TO_DTYPE[numpy_dtype]
    raise TypeError("Cannot convert value %r to a TensorFlow DType." % (type_value,))
