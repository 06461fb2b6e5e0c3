"""`tf.compat`: string conversions, and `tf.compat.v1`, which is the tfvars namespace itself.

`import tfvars.compat.v1 as tf` gives the same module as `import tfvars as tf`,
so programs written against TF 2's v1 compatibility layer run unchanged.
"""

import numbers as _numbers

import numpy as _np

__all__ = ["as_bytes", "as_str", "as_text", "bytes_or_text_types", "integral_types", "real_types", "v1"]

bytes_or_text_types = (bytes, str)
integral_types = (_numbers.Integral, _np.integer)
real_types = (_numbers.Real, _np.integer, _np.floating)


def as_bytes(bytes_or_text, encoding="utf-8"):
    """`bytes_or_text` as bytes, text encoded with `encoding`.

    Raises:
      TypeError: for anything but bytes, bytearray or str.
    """
    if isinstance(bytes_or_text, bytearray):
        return bytes(bytes_or_text)
    if isinstance(bytes_or_text, str):
        return bytes_or_text.encode(encoding)
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text
    raise TypeError("Expected binary or unicode string, got %r" % (bytes_or_text,))


def as_text(bytes_or_text, encoding="utf-8"):
    """`bytes_or_text` as str, bytes decoded with `encoding`.

    Raises:
      TypeError: for anything but bytes or str.
    """
    if isinstance(bytes_or_text, str):
        return bytes_or_text
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text.decode(encoding)
    raise TypeError("Expected binary or unicode string, got %r" % bytes_or_text)


as_str = as_text

from tfvars.compat import v1  # noqa: E402 (v1 is tfvars itself, partly initialized at this point)
