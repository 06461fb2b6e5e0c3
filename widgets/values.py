"""Variable values as views show them: read from a session without running an op, and formatted.

A session keeps each variable's value in a `VariableCell` of its resources, under
the key (container, shared_name or the variable op's name); ref variables
("VariableV2") and resource variables ("VarHandleOp") alike. The engine rebinds
`cell.value` on every write and never changes an array in place, so holding on
to the array read now is a snapshot, and `is` tells whether a variable was
written since.

Formatting is deterministic (no ids, no timestamps): a small value is shown in
full, a large one as a summary (shape, min, mean, max, norm) and a small heat map
(a PNG data URI: one pixel per cell, blue below zero, red above).
"""

import base64
import collections
import struct
import zlib

import numpy as np

VARIABLE_OP_TYPES = frozenset(["VariableV2", "VarHandleOp"])

# Values of at most this many elements are shown in full.
FULL_VALUE_SIZE = 16
# Heat maps have at most this many cells a side; larger values are averaged in blocks.
HEATMAP_CELLS = 32
# Heat maps are drawn this many CSS pixels on their longer side.
HEATMAP_PIXELS = 64

Summary = collections.namedtuple("Summary", "shape min mean max norm")
Summary.__doc__ = """The numbers shown for a large value (None where the dtype has no order, e.g. strings)."""


def is_variable_op(op):
    return op.type in VARIABLE_OP_TYPES


def cell_key(op):
    """The key of a variable op's cell in a session's resources: (container, shared_name or op name)."""
    return op.get_attr("container"), op.get_attr("shared_name") or op.name


def read_value(session, op):
    """The variable's value in `session` (the session's own array: read only), or None if uninitialised."""
    cell = session._state.resources.get(cell_key(op))
    return None if cell is None else cell.value


def read_values(session, keys):
    """[value or None] of the cells under `keys` (from `cell_key`), without running anything."""
    resources = session._state.resources
    values = []
    for key in keys:
        cell = resources.get(key)
        values.append(None if cell is None else cell.value)
    return values


def is_small(value):
    return value.size <= FULL_VALUE_SIZE


def _numeric(value):
    """`value` as a float array, or None for strings and other objects."""
    if value.dtype.kind in "biuf":
        return value.astype(np.float64, copy=False)
    if value.dtype.kind == "c":
        return np.abs(value)
    return None


def summarize(value):
    """Shape, min, mean, max and L2 norm of an array (NaNs propagate; complex values by magnitude)."""
    numbers = _numeric(value)
    if numbers is None or not numbers.size:
        return Summary(value.shape, None, None, None, None)
    return Summary(value.shape, float(numbers.min()), float(numbers.mean()), float(numbers.max()),
                   float(np.sqrt(np.sum(numbers * numbers))))


def _number(x):
    return "%.4g" % x


def format_summary(summary):
    """'shape [100, 10] min -0.3 mean 0.0012 max 0.3 norm 5.774'."""
    text = "shape %s" % format_shape(summary.shape)
    if summary.min is None:
        return text
    return "%s min %s mean %s max %s norm %s" % (text, _number(summary.min), _number(summary.mean),
                                                  _number(summary.max), _number(summary.norm))


def format_shape(shape):
    """A shape as TF prints a TensorShape's list: [2, 3], [] for a scalar, ? for an unknown dimension."""
    if shape is None:
        return "<unknown>"
    return "[%s]" % ", ".join("?" if d is None else str(d) for d in shape)


_FORMATTERS = {"float_kind": _number, "complex_kind": lambda z: "%s%+.4gj" % (_number(z.real), z.imag)}


def format_full(value):
    """The whole value on one line: `[[1, 2.5], [3, 4]]`, a scalar as `0.5`."""
    if value.dtype.kind in "SUO":
        return np.array2string(value, separator=", ", max_line_width=1 << 30, threshold=1 << 30)
    return np.array2string(value, separator=", ", formatter=_FORMATTERS, max_line_width=1 << 30,
                           threshold=1 << 30).replace("\n", "")


def format_value(value):
    """One line of text for a value: in full when small, else its summary; 'uninitialised' for None."""
    if value is None:
        return "uninitialised"
    return format_full(value) if is_small(value) else format_summary(summarize(value))


def largest_change(old, new):
    """The largest absolute elementwise change from `old` to `new`, or None if it has no meaning.

    None when either is None (uninitialised), their shapes differ, or the
    dtype is not numeric.
    """
    if old is None or new is None or old.shape != new.shape:
        return None
    a, b = _numeric(old), _numeric(new)
    if a is None or b is None or not a.size:
        return None
    return float(np.max(np.abs(b - a)))


def format_change(old, new):
    """How a variable changed: 'changed (max |Δ| 0.01)', 'initialised', 'reshaped', 'uninitialised'."""
    if old is None:
        return "initialised"
    if new is None:
        return "uninitialised"
    delta = largest_change(old, new)
    if delta is not None:
        return "changed (max |Δ| %s)" % _number(delta)
    return "reshaped" if old.shape != new.shape else "changed"


# Heat maps.
def _as_matrix(numbers):
    """A 2-D view of a value: scalars as 1x1, vectors as one row, higher ranks with leading dims merged."""
    if numbers.ndim == 0:
        return numbers.reshape(1, 1)
    if numbers.ndim == 1:
        return numbers.reshape(1, -1)
    return numbers.reshape(-1, numbers.shape[-1])


def _block_means(matrix, cells):
    """`matrix` averaged in contiguous blocks down to at most `cells` x `cells`."""
    for axis in (0, 1):
        size = matrix.shape[axis]
        if size > cells:
            starts = (np.arange(cells) * size) // cells
            counts = np.diff(np.append(starts, size))
            sums = np.add.reduceat(matrix, starts, axis=axis)
            matrix = sums / (counts[:, None] if axis == 0 else counts[None, :])
    return matrix


def _colour_table():
    """255 RGB colours from full blue (index 0) through white (127) to full red (254)."""
    t = np.arange(255) / 127.0 - 1.0
    fade = np.rint(255 * (1 - np.abs(t))).astype(np.uint8)
    table = np.empty((255, 3), np.uint8)
    table[:, 0] = np.where(t < 0, fade, 255)
    table[:, 1] = fade
    table[:, 2] = np.where(t > 0, fade, 255)
    return table


_COLOURS = _colour_table()
_NAN_COLOUR = 160


def heatmap_rgb(value, cells=HEATMAP_CELLS):
    """An (h, w, 3) uint8 image of `value`: white at 0, full red at +max|x|, full blue at -max|x|, grey for NaN.

    Colours come in 255 steps; strings and other non-numbers are drawn white.
    """
    numbers = _numeric(value)
    if numbers is None:
        numbers = np.zeros(value.shape)
    matrix = _block_means(_as_matrix(numbers), cells)
    scale = np.max(np.abs(matrix), initial=0.0)
    if not np.isfinite(scale):  # NaN or infinity somewhere: scale by the finite values only
        finite = np.isfinite(matrix)
        scale = np.max(np.abs(matrix[finite]), initial=0.0)
        matrix = np.where(finite, matrix, np.nan)
    index = np.rint(matrix * (127.0 / scale) + 127.0) if scale > 0 else np.full(matrix.shape, 127.0)
    missing = np.isnan(index)
    image = _COLOURS[np.where(missing, 127, index).astype(np.intp)]
    if missing.any():
        image[missing] = _NAN_COLOUR
    return image


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def encode_png(image):
    """PNG bytes of an (h, w, 3) uint8 image: deterministic (no timestamp, fixed compression)."""
    height, width, _ = image.shape
    rows = np.concatenate([np.zeros((height, 1), np.uint8), image.reshape(height, width * 3)], axis=1)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)) + _png_chunk(b"IEND", b""))


def heatmap_html(value, cells=HEATMAP_CELLS, pixels=HEATMAP_PIXELS):
    """An `<img>` showing `value`'s heat map, pixelated, `pixels` CSS pixels on its longer side."""
    image = heatmap_rgb(value, cells)
    height, width, _ = image.shape
    zoom = max(1, pixels // max(height, width))
    data = base64.b64encode(encode_png(image)).decode("ascii")
    return ('<img class="tfvars-heatmap" width="%d" height="%d" style="image-rendering: pixelated" '
            'alt="heat map" src="data:image/png;base64,%s">' % (width * zoom, height * zoom, data))
