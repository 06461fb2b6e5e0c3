"""Random tensors (`tf.random_uniform`, `tf.random_normal`, ...) drawing TensorFlow's own numbers.

Each random op has a stream fixed by its `seed`/`seed2` attrs (see
`tfvars.framework.random_seed`). Its kernel is made once per session, so a
new session replays the op's sequence from the start, while each run of the
op in one session draws the next numbers. Ops with seed = seed2 = 0 take
fresh entropy per kernel, so unseeded sessions differ.

The numbers are TF's own (see `random_distributions`).

Nothing here touches numpy's global random state.
"""

import functools
import math
import numbers

import numpy as np

from tfvars.framework import common_shapes
from tfvars.framework import dtypes as _dtypes
from tfvars.framework import errors
from tfvars.framework import graph as _graph
from tfvars.framework import tensor_shape
from tfvars.framework import tensor_util
from tfvars.framework.op_def_registry import TypeAttr, apply_op, register_op
from tfvars.framework.random_seed import get_seed, set_random_seed
from tfvars.framework.tensor_conversion import convert_to_tensor
from tfvars.ops import array_ops
from tfvars.ops import math_ops
from tfvars.ops.random_distributions import (
    BLOCKS_PER_OUTPUT, PhiloxStream, first_offsets, sample_categorical, sample_normal, sample_truncated_normal,
    sample_uniform, sample_uniform_int,
)

__all__ = [
    "get_seed", "multinomial", "random_normal", "random_shuffle", "random_uniform", "set_random_seed",
    "truncated_normal",
]

# ---------------------------------------------------------------------------------------------
# Op registrations.

_RANDOM_FLOATS = (_dtypes.float16, _dtypes.float32, _dtypes.float64)
_SHAPE_TYPES = (_dtypes.int32, _dtypes.int64)
_INDEX_TYPES = (_dtypes.int32, _dtypes.int64)


def _random_shape(op):
    """The static output shape named by the op's 1-D shape input (TF's RandomShape)."""
    shape_input = op.inputs[0]
    ndims = shape_input.shape.ndims
    if ndims is not None and ndims != 1:
        raise common_shapes.shape_error(op, "Shape must be rank 1 but is rank %d" % ndims)
    value = tensor_util.constant_value(shape_input)
    if value is not None:
        dims = value.tolist()
        for dim in dims:
            if dim < -1:
                raise ValueError("Invalid value in tensor used for shape: %d" % dim)
        if shape_input.op.type == "Const":
            # What constant_value_as_shape reads from a (1-D) Const, the usual shape input, read directly.
            return tensor_shape.TensorShape([dim if dim >= 0 else None for dim in dims])
    return tensor_util.constant_value_as_shape(shape_input)


def _random_shape_fn(op):
    """Shape function of RandomUniform, RandomStandardNormal and TruncatedNormal."""
    return [_random_shape(op)]


def _uniform_int_shape_fn(op):
    """RandomUniformInt's shape: as the other random ops, with scalar bounds."""
    for index, label in ((1, "minval"), (2, "maxval")):
        bound = op.inputs[index].shape
        if bound.ndims is not None and bound.ndims != 0:
            raise common_shapes.shape_error(op, "%s must be a scalar; got a tensor of shape %s"
                                            % (label, common_shapes.format_shape(bound)))
    return [_random_shape(op)]


def _multinomial_shape_fn(op):
    """Multinomial's shape: [batch of logits, num_samples if constant]."""
    logits, num_samples = op.inputs[0].shape, op.inputs[1].shape
    if logits.ndims is not None and logits.ndims != 2:
        raise common_shapes.shape_error(op, "Shape must be rank 2 but is rank %d" % logits.ndims)
    if num_samples.ndims is not None and num_samples.ndims != 0:
        raise common_shapes.shape_error(op, "Shape must be rank 0 but is rank %d" % num_samples.ndims)
    samples = tensor_util.constant_value(op.inputs[1])
    if samples is not None and int(samples) < 0:
        raise common_shapes.shape_error(
            op, "Dimension size, given by scalar input 1, must be non-negative but is %d" % int(samples))
    batch = logits[0].value if logits.ndims is not None else None
    return [tensor_shape.TensorShape([batch, None if samples is None else int(samples)])]


def _output_shape(shape):
    """The shape a kernel's shape input names; InvalidArgumentError as TF words it."""
    if shape.__class__ is not np.ndarray:  # a constant's or a kernel's value already is one
        shape = np.asarray(shape)
    if shape.ndim != 1:
        raise errors.InvalidArgumentError(
            None, None, "shape must be a vector of {int32,int64}, got shape [%s]"
            % ",".join(str(d) for d in shape.shape))
    dims = tuple(shape.tolist())
    if dims and min(dims) < 0:
        raise errors.InvalidArgumentError(None, None, "Dimension %d must be >= 0" % next(d for d in dims if d < 0))
    return dims


class _DistributionKernel(PhiloxStream):
    """A RandomUniform/RandomStandardNormal/TruncatedNormal kernel: a Philox stream drawing with `sample`.

    One small object per op, which is its own stream (a first run makes a thousand of them for a
    thousand initializers). A constant shape input is the same array every run: the dims worked out
    from it are kept.
    """

    __slots__ = ("_sample", "_dtype", "_shape", "_dims", "_count")

    def __init__(self, sample, op, state):
        attrs = op._attrs  # read directly: a first run makes a kernel per random op
        PhiloxStream.__init__(self, attrs.get("seed", 0), attrs.get("seed2", 0))
        self._sample = sample
        self._dtype = attrs["dtype"]._numpy  # the DType's np.dtype, without making one anew
        self._shape = self._dims = self._count = None

    def _take_shape(self, shape):
        """Works out the output's dims, and their product, from a shape input: kept while the input is this array."""
        self._dims = _output_shape(shape)
        self._count = math.prod(self._dims)
        self._shape = shape

    def __call__(self, shape):
        if shape is not self._shape:
            self._take_shape(shape)
        counter = self.reserve(self._count * BLOCKS_PER_OUTPUT)
        return self._sample(self, counter, self._count, self._dtype).reshape(self._dims)

    def prefetch_request(self, shape):
        """(stream, offsets) of the next run's first draw given its shape input, for a plan to batch."""
        if shape is not self._shape:
            try:
                self._take_shape(shape)
            except errors.InvalidArgumentError:
                return None  # the run will fail in the kernel, as it should
        return self, first_offsets(self._sample, self._count, self._dtype)


def _distribution_kernel(sample):
    """A kernel factory for RandomUniform/RandomStandardNormal/TruncatedNormal drawing with `sample`."""
    return functools.partial(_DistributionKernel, sample)


def _scalar_bound(value, label):
    """A RandomUniformInt bound, which must be 0-D."""
    value = np.asarray(value)
    if value.ndim != 0:
        raise errors.InvalidArgumentError(
            None, None, "%s must be 0-D, got shape [%s]" % (label, ",".join(str(d) for d in value.shape)))
    return value


def _uniform_int_kernel(op, state):
    """RandomUniformInt: checks the bounds, then draws as TF's UniformDistribution for ints."""
    stream = PhiloxStream(op.get_attr("seed"), op.get_attr("seed2"))
    dtype = np.dtype(op.get_attr("Tout").as_numpy_dtype)

    def random_uniform_int(shape, minval, maxval):
        low, high = _scalar_bound(minval, "minval"), _scalar_bound(maxval, "maxval")
        if not low < high:
            raise errors.InvalidArgumentError(None, None, "Need minval < maxval, got %d >= %d" % (low, high))
        dims = _output_shape(shape)
        count = math.prod(dims)
        counter = stream.reserve(count * BLOCKS_PER_OUTPUT)
        return sample_uniform_int(stream, counter, count, low, high, dtype).reshape(dims)
    return random_uniform_int


def _shuffle_kernel(op, state):
    """RandomShuffle: TF's Fisher-Yates over dimension 0, one word per swap (size - 1 words a run)."""
    stream = PhiloxStream(op.get_attr("seed"), op.get_attr("seed2"))

    def random_shuffle(value):
        value = np.asarray(value)
        if value.size <= 1 or value.shape[0] <= 1:
            return value
        size = value.shape[0]
        counter = stream.reserve((size - 1 + 3) // 4)
        words = stream.words(counter, size - 1).astype(np.int64)
        # TF's shuffle swaps i with i + word_i % (size - i), front to back.
        targets = (np.arange(size - 1) + words % np.arange(size, 1, -1)).tolist()
        permutation = list(range(size))
        for i, j in enumerate(targets):
            permutation[i], permutation[j] = permutation[j], permutation[i]
        return value[permutation]
    return random_shuffle


def _multinomial_kernel(op, state):
    """Multinomial: checks shapes as TF does, then samples from each row's unnormalised CDF."""
    stream = PhiloxStream(op.get_attr("seed"), op.get_attr("seed2"))
    out_dtype = np.dtype(op.get_attr("output_dtype").as_numpy_dtype)

    def multinomial(logits, num_samples):
        logits = np.asarray(logits)
        if logits.ndim != 2:
            raise errors.InvalidArgumentError(
                None, None, "logits should be a matrix, got shape [%s]" % ",".join(str(d) for d in logits.shape))
        if np.ndim(num_samples) != 0:
            raise errors.InvalidArgumentError(
                None, None, "num_samples should be a scalar, got shape [%s]"
                % ",".join(str(d) for d in np.shape(num_samples)))
        samples = int(num_samples)
        if samples < 0:
            raise errors.InvalidArgumentError(None, None, "num_samples should be non-negative, got %d" % samples)
        batch, classes = logits.shape
        if classes <= 0:
            raise errors.InvalidArgumentError(None, None, "num_classes should be positive, got %d" % classes)
        if batch * samples == 0:
            return np.zeros((batch, samples), dtype=out_dtype)
        counter = stream.reserve(batch * ((samples + 3) // 4 * 4) * 2 * BLOCKS_PER_OUTPUT)
        return sample_categorical(stream, counter, logits, samples).astype(out_dtype)
    return multinomial


def _register_distribution(op_type, sample):
    register_op(op_type, inputs=["shape: T"], outputs=["output: dtype"],
                attrs={"seed": 0, "seed2": 0, "dtype": TypeAttr(_RANDOM_FLOATS), "T": TypeAttr(_SHAPE_TYPES)},
                shape_fn=_random_shape_fn, kernel=_distribution_kernel(sample), stateful=True)


_register_distribution("RandomUniform", sample_uniform)
_register_distribution("RandomStandardNormal", sample_normal)
_register_distribution("TruncatedNormal", sample_truncated_normal)
register_op("RandomUniformInt", inputs=["shape: T", "minval: Tout", "maxval: Tout"], outputs=["output: Tout"],
            attrs={"seed": 0, "seed2": 0, "Tout": TypeAttr(_INDEX_TYPES), "T": TypeAttr(_SHAPE_TYPES)},
            shape_fn=_uniform_int_shape_fn, kernel=_uniform_int_kernel, stateful=True)
register_op("RandomShuffle", inputs=["value: T"], outputs=["output: T"],
            attrs={"seed": 0, "seed2": 0, "T": TypeAttr()},
            shape_fn=common_shapes.unchanged_shape, kernel=_shuffle_kernel, stateful=True)
register_op("Multinomial", inputs=["logits: T", "num_samples: int32"], outputs=["output: output_dtype"],
            attrs={"seed": 0, "seed2": 0, "T": TypeAttr(_dtypes.REAL_NUMBER_TYPES),
                   "output_dtype": TypeAttr(_INDEX_TYPES, default=_dtypes.int64)},
            shape_fn=_multinomial_shape_fn, kernel=_multinomial_kernel, stateful=True)


# ---------------------------------------------------------------------------------------------
# The public functions.

def _shape_tensor(shape):
    """`shape` as a 1-D integer tensor named "shape" (int32 for an empty list), as TF converts it."""
    dtype = None
    if isinstance(shape, tensor_shape.TensorShape):
        if not shape.is_fully_defined():
            raise ValueError("Cannot convert a partially known TensorShape %s to a Tensor." % shape)
        shape = shape.as_list()
    if isinstance(shape, (tuple, list)):
        if not shape:
            dtype = _dtypes.int32
        else:
            shape = tuple(d.value if isinstance(d, tensor_shape.Dimension) else d for d in shape)
    return convert_to_tensor(shape, dtype=dtype, name="shape")


def random_normal(shape, mean=0.0, stddev=1.0, dtype=_dtypes.float32, seed=None, name=None):
    """Normal values: `RandomStandardNormal` * stddev + mean, in a "random_normal" scope.

    Args:
      shape: 1-D integer tensor or list: the output's shape.
      mean, stddev: tensors or values of `dtype`, broadcast with the samples.
      dtype: float16, float32 or float64.
      seed: op-level seed; see `tf.set_random_seed`.
    """
    with _graph.op_scope(name, "random_normal", [shape, mean, stddev]) as name:
        shape_tensor = _shape_tensor(shape)
        mean_tensor = convert_to_tensor(mean, dtype=dtype, name="mean")
        stddev_tensor = convert_to_tensor(stddev, dtype=dtype, name="stddev")
        seed1, seed2 = get_seed(seed)
        rnd = apply_op("RandomStandardNormal", shape=shape_tensor, dtype=dtype, seed=seed1, seed2=seed2).outputs[0]
        return math_ops.add(rnd * stddev_tensor, mean_tensor, name=name)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=_dtypes.float32, seed=None, name=None):
    """Normal values redrawn beyond two standard deviations: `TruncatedNormal` * stddev + mean.

    Args as `random_normal`; the scope is "truncated_normal".
    """
    with _graph.op_scope(name, "truncated_normal", [shape, mean, stddev]) as name:
        shape_tensor = _shape_tensor(shape)
        mean_tensor = convert_to_tensor(mean, dtype=dtype, name="mean")
        stddev_tensor = convert_to_tensor(stddev, dtype=dtype, name="stddev")
        seed1, seed2 = get_seed(seed)
        rnd = apply_op("TruncatedNormal", shape=shape_tensor, dtype=dtype, seed=seed1, seed2=seed2).outputs[0]
        return math_ops.add(rnd * stddev_tensor, mean_tensor, name=name)


_UNIFORM_DTYPES = (_dtypes.float16, _dtypes.float32, _dtypes.float64, _dtypes.int32, _dtypes.int64)


def random_uniform(shape, minval=0, maxval=None, dtype=_dtypes.float32, seed=None, name=None):
    """Uniform values in [minval, maxval), in a "random_uniform" scope.

    Floats are `RandomUniform` * (maxval - minval) + minval (maxval defaults
    to 1); integers are one `RandomUniformInt` op and need `maxval`.

    Raises:
      ValueError: for a dtype other than float16/32/64, int32, int64, or an
        integer dtype without `maxval`.

    TF 1.x: 1.x always builds min, max, sub, mul and add for floats; TF 2
    skips them for the default [0, 1) range.
    """
    dtype = _dtypes.as_dtype(dtype)
    if dtype not in _UNIFORM_DTYPES:
        raise ValueError("Invalid dtype %r" % dtype)
    if maxval is None:
        if dtype.is_integer:
            raise ValueError("Must specify maxval for integer dtype %r" % dtype)
        maxval = 1
    with _graph.op_scope(name, "random_uniform", [shape, minval, maxval]) as name:
        shape = _shape_tensor(shape)
        minval = convert_to_tensor(minval, dtype=dtype, name="min")
        maxval = convert_to_tensor(maxval, dtype=dtype, name="max")
        seed1, seed2 = get_seed(seed)
        if dtype.is_integer:
            return apply_op("RandomUniformInt", shape=shape, minval=minval, maxval=maxval, seed=seed1, seed2=seed2,
                            name=name).outputs[0]
        rnd = apply_op("RandomUniform", shape=shape, dtype=dtype, seed=seed1, seed2=seed2).outputs[0]
        # rnd * (maxval - minval) + minval: the ops `-` and `*` build ("sub", "mul"), without their scopes.
        scaled = math_ops.multiply(rnd, math_ops.subtract(maxval, minval, name="sub"), name="mul")
        return math_ops.add(scaled, minval, name=name)


def random_shuffle(value, seed=None, name=None):
    """`value` with its first dimension randomly permuted (op "RandomShuffle")."""
    seed1, seed2 = get_seed(seed)
    return apply_op("RandomShuffle", value=value, seed=seed1, seed2=seed2, name=name).outputs[0]


def multinomial(logits, num_samples, seed=None, name=None, output_dtype=None):
    """`num_samples` class indices per row of the [batch, classes] `logits` (op "Multinomial").

    Args:
      logits: 2-D tensor of unnormalised log-probabilities; non-finite entries
        are never drawn.
      num_samples: 0-D int32: samples per row.
      output_dtype: int32 or int64 (the default).
    """
    with _graph.op_scope(name, "multinomial", [logits]):
        logits = convert_to_tensor(logits, name="logits")
        seed1, seed2 = get_seed(seed)
        return apply_op("Multinomial", logits=logits, num_samples=num_samples, seed=seed1, seed2=seed2,
                        output_dtype=output_dtype).outputs[0]



def dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None):
    """`tf.nn.dropout`: each element zeroed with probability `rate`, the rest scaled by 1 / (1 - rate).

    Args:
      x: a floating point tensor.
      keep_prob: (deprecated) 1 - rate; a `1. - keep_prob` op is built
        outside the "dropout" scope when it is a tensor, as in TF 1.x.
      noise_shape: 1-D shape of the keep/drop decisions, broadcast against
        `x` (e.g. [k, 1] keeps or drops whole rows together).
      seed: op-level seed of the RandomUniform behind the decisions.
      rate: scalar tensor or float in [0, 1); 0 returns `x` itself.

    Raises:
      ValueError: if both or neither of keep_prob and rate are given, rate
        is not in [0, 1), keep_prob is not a number or tensor, or x is not
        floating point.

    TF 1.x: builds 1.15's ops: keep_prob = 1 - rate, floor(keep_prob +
    uniform), x / keep_prob * mask (TF 2 compares the uniform with rate).
    """
    with _graph._get_graph_from_inputs([x, keep_prob, rate])._atomic():
        try:
            keep = 1. - keep_prob if keep_prob is not None else None
        except TypeError:
            raise ValueError("keep_prob must be a floating point number or Tensor (got %r)" % (keep_prob,)) from None
        if keep is not None:
            if rate is not None:
                raise ValueError("Cannot specify both 'keep_prob' and 'rate'")
            rate = keep
        if rate is None:
            raise ValueError("You must provide a rate to dropout.")
        return _dropout(x, rate, noise_shape, seed, name)


def _dropout(x, rate, noise_shape, seed, name):
    """TF 1.x's dropout_v2 (what `dropout` builds once keep_prob is turned into a rate)."""
    with _graph.op_scope(name, "dropout", [x]):
        x = convert_to_tensor(x, name="x")
        if not x.dtype.is_floating:
            raise ValueError("x has to be a floating point tensor since it's going to be scaled. Got a %s tensor "
                             "instead." % x.dtype)
        if isinstance(rate, numbers.Real) and not 0 <= rate < 1:
            raise ValueError("rate must be a scalar tensor or a float in the range [0, 1), got %g" % rate)
        if isinstance(rate, numbers.Real) and rate == 0:
            return x
        rate = convert_to_tensor(rate, dtype=x.dtype, name="rate")
        rate.shape.assert_is_compatible_with(tensor_shape.scalar())
        if tensor_util.constant_value(rate) == 0:
            return x
        noise_shape = _noise_shape(x, noise_shape)
        keep_prob = 1 - rate
        # keep_prob + uniform [0, 1) is at least 1 exactly with probability keep_prob.
        random_tensor = keep_prob + random_uniform(noise_shape, seed=seed, dtype=x.dtype)
        binary_tensor = math_ops.floor(random_tensor)
        ret = math_ops.divide(x, keep_prob) * binary_tensor
        ret.set_shape(x.shape)
        return ret


def _noise_shape(x, noise_shape):
    """`x`'s dynamic shape, or `noise_shape` with its unknown dims taken from `x` where it can."""
    if noise_shape is None:
        return array_ops.shape(x)
    try:
        requested = tensor_shape.as_shape(noise_shape)
    except (TypeError, ValueError):
        return noise_shape
    if x.shape.ndims is not None and x.shape.ndims == requested.ndims:
        return tensor_shape.TensorShape([
            dim.value if wanted.value is None and dim.value is not None else wanted.value
            for dim, wanted in zip(x.shape.dims, requested.dims)])
    return noise_shape
