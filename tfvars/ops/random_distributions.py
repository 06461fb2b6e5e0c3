"""TensorFlow's random numbers: Philox4x32-10 and the conversions TF's CPU kernels apply.

A stream is keyed by an op's `seed` with `seed2` in the high half of its
128-bit counter; each run reserves 256 counter blocks per output element, as
TF's kernels do. Uniform floats take the 23 low bits of a uint32 as the
mantissa of a float in [1, 2) minus 1; normals use Box-Muller; truncated
normals re-draw outside two standard deviations. float32 Box-Muller evaluates
logf and sincosf exactly as glibc (>= 2.28) does on Linux, so float32 and
float16 results are bit-identical to TensorFlow's there; float64 normals use
numpy's log, which differs from glibc's in the last bit for about 0.3% of values.
"""

import functools
import operator
import os
import random
import secrets
import threading

import numpy as np

# ---------------------------------------------------------------------------------------------
# Philox4x32-10 (Salmon et al., SC 2011), vectorised over counter blocks.

_MASK32 = 0xFFFFFFFF
_MASK64 = 2**64 - 1
_MASK128 = 2**128 - 1
_ROUND_MULTIPLIERS = (0xD2511F53, 0xCD9E8D57)
_KEY_INCREMENTS = (0x9E3779B9, 0xBB67AE85)
# TF reserves this many 128-bit blocks per output element and run (FillPhiloxRandomTask).
BLOCKS_PER_OUTPUT = 256
# Up to this many blocks, Philox runs faster on Python ints than on numpy arrays.
_SMALL_BLOCK_COUNT = 8


def _key_schedule(key):
    """The ten round keys (k0, k1) of a 64-bit Philox key."""
    k0, k1 = key & _MASK32, key >> 32
    rounds = []
    for _ in range(10):
        rounds.append((k0, k1))
        k0 = (k0 + _KEY_INCREMENTS[0]) & _MASK32
        k1 = (k1 + _KEY_INCREMENTS[1]) & _MASK32
    return rounds


def _philox(counter, offsets, key):
    """The Philox outputs for the 128-bit counters `counter + offsets` under the 64-bit `key`, (n, 4) uint32.

    `counter` and `key` are Python ints; to draw for many streams at once, `counter` is a pair of uint64
    arrays (its low and high 64 bits) and `key` a uint64 array, each with one entry per offset.
    """
    if isinstance(counter, int):
        base_low, base_high = np.uint64(counter & _MASK64), np.uint64((counter >> 64) & _MASK64)
    else:
        base_low, base_high = counter
    low = offsets + base_low
    high = (low < base_low).astype(np.uint64) + base_high
    mask = np.uint64(_MASK32)
    keys = np.uint64(key) if isinstance(key, int) else key
    c0, c1, c2, c3 = low & mask, low >> 32, high & mask, high >> 32
    k0, k1 = keys & mask, keys >> 32
    m0, m1 = (np.uint64(m) for m in _ROUND_MULTIPLIERS)
    increments = tuple(np.uint64(i) for i in _KEY_INCREMENTS)
    for _ in range(10):
        p0 = c0 * m0
        p1 = c2 * m1
        c0, c1, c2, c3 = (p1 >> 32) ^ c1 ^ k0, p1 & mask, (p0 >> 32) ^ c3 ^ k1, p0 & mask
        k0 = (k0 + increments[0]) & mask
        k1 = (k1 + increments[1]) & mask
    out = np.empty((offsets.shape[0], 4), dtype=np.uint32)
    out[:, 0], out[:, 1], out[:, 2], out[:, 3] = c0, c1, c2, c3
    return out


def _philox_small(counter, offsets, schedule):
    """`_philox` on Python ints, with the key's round schedule made ahead: cheaper for a few blocks."""
    m0, m1 = _ROUND_MULTIPLIERS
    words = []
    for offset in offsets.tolist():
        block = (counter + offset) & _MASK128
        c0, c1, c2, c3 = block & _MASK32, (block >> 32) & _MASK32, (block >> 64) & _MASK32, block >> 96
        for k0, k1 in schedule:
            p0 = c0 * m0
            p1 = c2 * m1
            c0, c1, c2, c3 = (p1 >> 32) ^ c1 ^ k0, p1 & _MASK32, (p0 >> 32) ^ c3 ^ k1, p0 & _MASK32
        words += (c0, c1, c2, c3)
    return np.array(words, dtype=np.uint32).reshape(len(offsets), 4)


# Held while a stream reserves blocks (a few integer operations): one lock serves every stream, which a
# first run makes by the thousand.
_RESERVING = threading.Lock()


class PhiloxStream:
    """One kernel's generator (TF's GuardedPhiloxRandom): a key and a 128-bit counter.

    seed = seed2 = 0 means unseeded: both are then drawn from the operating
    system's entropy, never from numpy's global state.
    """

    __slots__ = ("_key", "_schedule", "_counter", "_prefetched")  # one per random op and session

    def __init__(self, seed, seed2):
        if seed == 0 and seed2 == 0:
            # One draw of 128 bits: the same words, in the same order, as two draws of 64.
            entropy = _ENTROPY.getrandbits(128)
            seed, seed2 = entropy & _MASK64, entropy >> 64
        self._key = seed & _MASK64
        self._schedule = None  # the round keys, made on the first draw not served by `prefetch`
        self._counter = (seed2 & _MASK64) << 64
        self._prefetched = None  # (counter, offsets, blocks) computed ahead by `prefetch`

    def reserve(self, blocks):
        """The counter of a run that uses up to `blocks` blocks; the stream moves past them."""
        with _RESERVING:
            counter = self._counter
            self._counter = (counter + blocks) & _MASK128
        return counter

    def blocks(self, counter, offsets, convert=None):
        """Philox outputs, (len(offsets), 4) uint32, for the blocks `counter + offsets`; `convert(blocks)` if given.

        `convert` must treat each block alone (as the bits-to-number conversions do): a prefetched
        draw takes its rows of `convert` applied once to the whole batch.
        """
        cached = self._prefetched
        if cached is not None:
            self._prefetched = None
            # The prefetched offsets are the ones this draw's first call asks for (`first_offsets`); a
            # draw asking for other blocks at that counter could only differ in length or its last block.
            prefetched_counter, prefetched, batch, start, stop = cached
            if prefetched_counter == counter and (prefetched is offsets or (  # the same `_block_range` array
                    prefetched.shape == offsets.shape and (not offsets.shape[0] or prefetched[-1] == offsets[-1]))):
                return (batch.bits if convert is None else batch.converted(convert))[start:stop]
        if len(offsets) > _SMALL_BLOCK_COUNT:
            bits = _philox(counter, offsets, self._key)
        else:
            if self._schedule is None:
                self._schedule = _key_schedule(self._key)
            bits = _philox_small(counter, offsets, self._schedule)
        return bits if convert is None else convert(bits)

    def words(self, counter, count):
        """The first `count` uint32 words of the blocks from `counter` on, in order."""
        return self.blocks(counter, _block_range(-(-count // 4))).reshape(-1)[:count]


def _entropy():
    """The generator of unseeded streams' keys: seeded once per process from the OS, reseeded in a forked child.

    TF draws them the same way (a process-wide generator seeded from the OS);
    one OS read per stream would cost more than the stream's whole first run.
    """
    generator = random.Random(secrets.randbits(256))
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=lambda: generator.seed(secrets.randbits(256)))
    return generator


_ENTROPY = _entropy()


def prefetch(requests):
    """Computes ahead, in one vectorised Philox pass, the blocks each stream's next draw will ask for.

    `requests` is a list of (stream, offsets). Nothing is reserved: a stream
    whose next `blocks` call asks for its current counter and these offsets
    gets the prefetched blocks, any other call computes its own. Many small
    draws (a thousand initializers in one run) thus cost one pass, not a
    thousand.
    """
    if not requests:
        return
    # Gathered with C-level maps where they serve: a first run may batch a thousand streams.
    streams, offset_arrays = zip(*requests)
    counts = list(map(len, offset_arrays))
    repeats = np.array(counts)  # one conversion for the three repeats
    counters = list(map(_COUNTER_OF, streams))
    base_low = np.repeat(np.array([c & _MASK64 for c in counters], dtype=np.uint64), repeats)
    base_high = np.repeat(np.array([(c >> 64) & _MASK64 for c in counters], dtype=np.uint64), repeats)
    keys = np.repeat(np.array(list(map(_KEY_OF, streams)), dtype=np.uint64), repeats)
    batch = _Batch(_philox((base_low, base_high), np.concatenate(offset_arrays), keys))
    start = 0
    for stream, stream_offsets, counter, count in zip(streams, offset_arrays, counters, counts):
        stream._prefetched = (counter, stream_offsets, batch, start, start + count)
        start += count


_COUNTER_OF = operator.attrgetter("_counter")
_KEY_OF = operator.attrgetter("_key")


class _Batch:
    """The blocks of one `prefetch` pass, and each conversion of them, made once for all its streams."""

    __slots__ = ("bits", "_converted")

    def __init__(self, bits):
        self.bits = bits
        self._converted = {}

    def converted(self, convert):
        values = self._converted.get(convert)
        if values is None:
            values = self._converted[convert] = convert(self.bits)
        return values


# ---------------------------------------------------------------------------------------------
# TF's conversions of random bits to numbers (tensorflow/core/lib/random/random_distributions.h).

def _uint32_to_float(bits):
    """Floats in [0, 1): the 23 low bits as the mantissa of a float in [1, 2), minus 1."""
    return ((bits & np.uint32(0x7FFFFF)) | np.uint32(0x3F800000)).view(np.float32) - np.float32(1)


def _uint64_to_double(high, low):
    """Doubles in [0, 1) from the 20 low bits of `high` and all of `low`."""
    mantissa = ((high.astype(np.uint64) & np.uint64(0xFFFFF)) << 32) | low.astype(np.uint64)
    return (mantissa | np.uint64(0x3FF0000000000000)).view(np.float64) - 1.0


def _uint32_to_half(bits):
    """Halves in [0, 1) from the 10 low bits of each word."""
    mantissa = (bits & np.uint32(0x3FF)).astype(np.uint16) | np.uint16(0x3C00)
    return mantissa.view(np.float16) - np.float16(1)


# glibc's logf and sincosf (sysdeps/ieee754/flt-32, from Arm's optimized-routines): float
# functions evaluated in double with a small table and polynomial, then rounded. TF's
# Box-Muller calls them, and they are not always correctly rounded, so matching TF needs
# their exact steps. The constants are those of glibc >= 2.28; the code covers the inputs
# Box-Muller gives them (logf: [1e-7, 1), sincosf: [0, 2*pi)). Checked against glibc for all
# 2**23 inputs Box-Muller can produce.
_h = float.fromhex
_LOGF_INVC = np.array([_h(v) for v in (
    "0x1.661ec79f8f3bep+0", "0x1.571ed4aaf883dp+0", "0x1.49539f0f010bp+0", "0x1.3c995b0b80385p+0",
    "0x1.30d190c8864a5p+0", "0x1.25e227b0b8eap+0", "0x1.1bb4a4a1a343fp+0", "0x1.12358f08ae5bap+0",
    "0x1.0953f419900a7p+0", "0x1p+0", "0x1.e608cfd9a47acp-1", "0x1.ca4b31f026aap-1",
    "0x1.b2036576afce6p-1", "0x1.9c2d163a1aa2dp-1", "0x1.886e6037841edp-1", "0x1.767dcf5534862p-1")])
_LOGF_LOGC = np.array([_h(v) for v in (
    "-0x1.57bf7808caadep-2", "-0x1.2bef0a7c06ddbp-2", "-0x1.01eae7f513a67p-2", "-0x1.b31d8a68224e9p-3",
    "-0x1.6574f0ac07758p-3", "-0x1.1aa2bc79c81p-3", "-0x1.a4e76ce8c0e5ep-4", "-0x1.1973c5a611cccp-4",
    "-0x1.252f438e10c1ep-5", "0x0p+0", "0x1.aa5aa5df25984p-5", "0x1.c5e53aa362eb4p-4",
    "0x1.526e57720db08p-3", "0x1.bc2860d22477p-3", "0x1.1058bc8a07ee1p-2", "0x1.4043057b6ee09p-2")])
_LOGF_LN2 = _h("0x1.62e42fefa39efp-1")
_LOGF_POLY = (_h("-0x1.00ea348b88334p-2"), _h("0x1.5575b0be00b6ap-2"), _h("-0x1.ffffef20a4123p-2"))
_SINCOSF_HPI_INV = _h("0x1.45F306DC9C883p+23")  # 2/pi * 2**24: the quadrant in fixed point
_SINCOSF_HPI = _h("0x1.921FB54442D18p0")
_SINCOSF_COS = (1.0, _h("-0x1.ffffffd0c621cp-2"), _h("0x1.55553e1068f19p-5"), _h("-0x1.6c087e89a359dp-10"),
                _h("0x1.99343027bf8c3p-16"))
_SINCOSF_SIN = (_h("-0x1.555545995a603p-3"), _h("0x1.1107605230bc4p-7"), _h("-0x1.994eb3774cf24p-13"))
_SINCOSF_SIGN = np.array([1.0, -1.0, -1.0, 1.0])
del _h


def _logf(x):
    """glibc's logf for positive normal float32 `x`: log(x) = log1p(z/c - 1) + log(c) + k*ln2."""
    ix = x.view(np.uint32)
    tmp = ix - np.uint32(0x3F330000)
    index = (tmp >> 19) & np.uint32(15)
    k = (tmp.view(np.int32) >> 23).astype(np.float64)
    z = (ix - (tmp & np.uint32(0xFF800000))).view(np.float32).astype(np.float64)
    r = z * _LOGF_INVC[index] - 1.0
    y0 = _LOGF_LOGC[index] + k * _LOGF_LN2
    r2 = r * r
    a0, a1, a2 = _LOGF_POLY
    y = a1 * r + a2
    y = a0 * r2 + y
    y = y * r2 + (y0 + r)
    return y.astype(np.float32)


def _sincosf(x):
    """glibc's sincosf for float32 `x` in [0, 2*pi): (sin, cos) as float32."""
    top12 = (x.view(np.uint32) >> 20) & np.uint32(0x7FF)
    tiny = top12 < np.uint32(0x398)  # below 2**-12: sin x = x, cos x = 1
    small = top12 < np.uint32(0x3F4)  # below pi/4 (compared on the top 12 bits, as glibc does)
    xd = x.astype(np.float64)
    quadrant = ((xd * _SINCOSF_HPI_INV).astype(np.int64) + 0x800000) >> 24
    quadrant[small] = 0
    reduced = xd - quadrant * _SINCOSF_HPI
    x1 = reduced * _SINCOSF_SIGN[quadrant & 3]
    x2 = reduced * reduced
    x3, x4 = x2 * x1, x2 * x2
    c0, c1, c2, c3, c4 = _SINCOSF_COS
    s1, s2, s3 = _SINCOSF_SIN
    sin = (x1 + x3 * s1) + (x3 * x2) * (s2 + x2 * s3)
    cos = ((c0 + x2 * c1) + x4 * c2) + (x4 * x2) * (c3 + x2 * c4)
    cos[(quadrant & 2) != 0] *= -1.0
    odd = (quadrant & 1) != 0
    sin_out = np.where(odd, cos, sin).astype(np.float32)
    cos_out = np.where(odd, sin, cos).astype(np.float32)
    sin_out[tiny] = x[tiny]
    cos_out[tiny] = 1.0
    return sin_out, cos_out


def _box_muller_float(x0, x1):
    """Two standard normal float32 arrays from two uint32 arrays (TF's BoxMullerFloat)."""
    u1 = np.maximum(_uint32_to_float(x0), np.float32(1e-7))  # keep log() finite
    v1 = (2.0 * np.pi * _uint32_to_float(x1).astype(np.float64)).astype(np.float32)
    u2 = np.sqrt(np.float32(-2.0) * _logf(u1))
    sin, cos = _sincosf(v1)
    return sin * u2, cos * u2


def _box_muller_double(x0, x1, x2, x3):
    """Two standard normal float64 arrays from four uint32 arrays (TF's BoxMullerDouble)."""
    u1 = np.maximum(_uint64_to_double(x0, x1), 1e-7)
    v1 = 2.0 * np.pi * _uint64_to_double(x2, x3)
    u2 = np.sqrt(-2.0 * np.log(u1))
    return np.sin(v1) * u2, np.cos(v1) * u2


# ---------------------------------------------------------------------------------------------
# Distributions: `count` values from the blocks of one run, laid out as TF's kernels lay them.

# Compared with a kernel's dtype (an np.dtype): dtype to dtype is cheaper than dtype to scalar type.
_FLOAT64, _FLOAT32, _FLOAT16 = np.dtype(np.float64), np.dtype(np.float32), np.dtype(np.float16)


@functools.lru_cache(maxsize=256)
def _block_range(count):
    """0, 1, ..., count - 1 as uint64 block offsets; one read-only array per count (a thousand draws share it)."""
    offsets = np.arange(count, dtype=np.uint64)
    offsets.flags.writeable = False
    return offsets


def _each_block(stream, counter, count, per_block, convert=None):
    """The Philox outputs of the ceil(count / per_block) blocks a fixed-rate distribution uses (`convert`ed)."""
    return stream.blocks(counter, _block_range(-(-count // per_block)), convert)


def _uint64_pairs_to_double(bits):
    """Two doubles per block, from its words (0, 1) and (2, 3)."""
    return np.stack([_uint64_to_double(bits[:, 0], bits[:, 1]), _uint64_to_double(bits[:, 2], bits[:, 3])], axis=1)


def sample_uniform(stream, counter, count, dtype):
    """Uniform [0, 1) values of `dtype` (float16, 32 or 64): 4 per block (float16/32), 2 per block (float64)."""
    # `_each_block`, inlined: a first run draws once per initializer (float32 asked first: the usual type).
    if dtype == _FLOAT32:
        values = stream.blocks(counter, _block_range(-(-count // 4)), _uint32_to_float)
    elif dtype == _FLOAT64:
        values = stream.blocks(counter, _block_range(-(-count // 2)), _uint64_pairs_to_double)
    else:
        values = stream.blocks(counter, _block_range(-(-count // 4)), _uint32_to_half)
    values = values.reshape(-1)
    return values if values.shape[0] == count else values[:count]


def _normal_candidates(bits, dtype):
    """The normals of each row of Philox outputs: 4 per block (float), 2 per block (double)."""
    if dtype == _FLOAT64:
        d0, d1 = _box_muller_double(bits[:, 0], bits[:, 1], bits[:, 2], bits[:, 3])
        return np.stack([d0, d1], axis=1)
    f0, f1 = _box_muller_float(bits[:, 0], bits[:, 1])
    f2, f3 = _box_muller_float(bits[:, 2], bits[:, 3])
    return np.stack([f0, f1, f2, f3], axis=1)


def sample_normal(stream, counter, count, dtype):
    """Standard normals, Box-Muller on consecutive words of each block."""
    bits = _each_block(stream, counter, count, 2 if dtype == _FLOAT64 else 4)
    return _normal_candidates(bits, dtype).reshape(-1)[:count].astype(dtype, copy=False)


def sample_truncated_normal(stream, counter, count, dtype):
    """Normals with |x| < 2: each group of outputs redraws from its own region of blocks.

    TF fills groups of 4 outputs (2 for float64), each from a fresh generator
    skipped to group * 256 (128) blocks, taking normals in order and dropping
    those of magnitude 2 or more. Here all groups draw block j at once, and
    only the groups still short of outputs go on to block j + 1.
    """
    group = 2 if dtype == _FLOAT64 else 4
    skip = group * BLOCKS_PER_OUTPUT // 4
    groups = -(-count // group)
    out = np.empty((groups, group), dtype=np.float64 if dtype == _FLOAT64 else np.float32)
    filled = np.zeros(groups, dtype=np.int64)
    pending = np.arange(groups)
    block = 0
    while pending.size:
        offsets = pending.astype(np.uint64) * np.uint64(skip) + np.uint64(block)
        candidates = _normal_candidates(stream.blocks(counter, offsets), dtype)
        accepted = np.abs(candidates) < 2.0
        slot = filled[pending][:, None] + np.cumsum(accepted, axis=1) - 1
        take = accepted & (slot < group)
        rows = np.broadcast_to(pending[:, None], take.shape)[take]
        out[rows, slot[take]] = candidates[take]
        filled[pending] += take.sum(axis=1)
        pending = pending[filled[pending] < group]
        block += 1
    return out.reshape(-1)[:count].astype(dtype, copy=False)


def first_offsets(sample, count, dtype):
    """The block offsets the first `blocks` call of `sample` (a fixed-layout distribution) asks for, or None."""
    if sample is sample_uniform or sample is sample_normal:
        return _block_range(-(-count // (2 if dtype == _FLOAT64 else 4)))
    if sample is sample_truncated_normal:
        group = 2 if dtype == _FLOAT64 else 4
        return np.arange(-(-count // group), dtype=np.uint64) * np.uint64(group * BLOCKS_PER_OUTPUT // 4)
    return None


def sample_uniform_int(stream, counter, count, low, high, dtype):
    """Integers in [low, high): the bits modulo the range, added to low (slightly biased, as TF)."""
    if dtype == np.int64:
        bits = _each_block(stream, counter, count, 2).astype(np.uint64)
        words = np.stack([bits[:, 0] | (bits[:, 1] << 32), bits[:, 2] | (bits[:, 3] << 32)], axis=1)
        span = np.uint64((int(high) - int(low)) & _MASK64)
        return ((words.reshape(-1)[:count] % span) + np.uint64(int(low) & _MASK64)).view(np.int64)
    bits = _each_block(stream, counter, count, 4).reshape(-1)[:count]
    span = np.uint32((int(high) - int(low)) & _MASK32)
    return ((bits % span).astype(np.int64) + int(low)).astype(np.int32)


def sample_categorical(stream, counter, logits, samples):
    """Class indices drawn row by row from one stream of doubles, as TF's CPU kernel on one shard.

    TF 1.x: TF splits large batches across its thread pool, each shard
    restarting the stream at its own offset, so its samples for big batches
    depend on the machine's thread count; here the batch is always one shard.
    """
    batch = logits.shape[0]
    words = stream.words(counter, 2 * batch * samples).reshape(batch, samples, 2)
    uniforms = _uint64_to_double(words[..., 0], words[..., 1])
    logits = logits.astype(np.float64)
    finite = np.isfinite(logits)
    largest = np.where(finite, logits, -np.inf).max(axis=1, keepdims=True)
    weights = np.where(finite, np.exp(logits - largest), 0.0)  # unnormalised, as TF's CDF
    cdf = np.cumsum(weights, axis=1)
    targets = uniforms * cdf[:, -1:]
    return np.stack([np.searchsorted(cdf[row], targets[row], side="right") for row in range(batch)])
