"""Variable initializers: `tf.zeros_initializer`, `tf.glorot_uniform_initializer`, ... and `tf.initializers`.

An initializer is called as `init(shape, dtype=None, partition_info=None)` and
builds, under the caller's name scope, the ops that compute a starting value
(`tf.get_variable` calls it inside "<var>/Initializer/"). `partition_info`,
when given, has `full_shape` (the whole variable's shape) and `var_offset`
(where this partition starts); the scaling initializers compute their fans
from the full shape.

This module is also the `tf.initializers` namespace: its lower-case names
(`zeros`, `glorot_uniform`, `he_normal`, `global_variables`, ...) are TF 1.x's
`tf.initializers.*`.

>>> from tfvars import initializers
>>> initializers.constant_initializer([1, 2])([2, 2]).op.type
'Const'
"""

import math

import numpy as np

from tfvars.framework import common_shapes
from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.framework import tensor_shape
from tfvars.framework.op_def_registry import TypeAttr, apply_op, register_op
from tfvars.ops import array_ops, constant_op, math_ops, random_ops
from tfvars.variable_initialization import (  # noqa: F401 (the tf.initializers names)
    global_variables_initializer as global_variables,
    local_variables_initializer as local_variables,
    variables_initializer as variables,
)

__all__ = [
    "constant_initializer", "glorot_normal_initializer", "glorot_uniform_initializer", "ones_initializer",
    "orthogonal_initializer", "random_normal_initializer", "random_uniform_initializer",
    "truncated_normal_initializer", "uniform_unit_scaling_initializer", "variance_scaling_initializer",
    "zeros_initializer",
]

# The standard deviation of a unit normal truncated to [-2, 2]: dividing by it
# gives the truncated samples the variance asked for.
_TRUNCATED_NORMAL_STDDEV = .87962566103423978


def _assert_float_dtype(dtype):
    """`dtype` if it is a floating point type; ValueError otherwise."""
    if not dtype.is_floating:
        raise ValueError("Expected floating point type, got %s." % dtype)
    return dtype


def _dims(shape):
    """A static shape (list, tuple or TensorShape) as a list of Python ints."""
    return [int(tensor_shape.dimension_value(d)) for d in shape]


def _compute_fans(shape):
    """(fan_in, fan_out) of a weight shape; a conv kernel [..., in, out] counts its receptive field.

    A scalar counts as 1 in and 1 out, a vector as its length both ways, a
    matrix as [fan_in, fan_out].
    """
    dims = _dims(shape)
    if not dims:
        return 1, 1
    if len(dims) == 1:
        return dims[0], dims[0]
    # A matrix (the usual weight) has no receptive field: np.prod([]) is 1, but costs a numpy call.
    receptive_field = int(np.prod(dims[:-2], dtype=np.int64)) if len(dims) > 2 else 1
    return dims[-2] * receptive_field, dims[-1] * receptive_field


class Initializer:
    """The base class of initializers: `__call__(shape, dtype=None, partition_info=None)` builds the value."""

    def __call__(self, shape, dtype=None, partition_info=None):
        """A tensor of `shape` and `dtype` (the initializer's own dtype when None).

        TF 1.x: the base class raises NotImplementedError; we raise TypeError.
        """
        raise TypeError("%s is the abstract initializer base class; call a subclass." % type(self).__name__)

    def get_config(self):
        """The constructor arguments, as a JSON-serialisable dict."""
        return {}

    @classmethod
    def from_config(cls, config):
        """An initializer built from `get_config()`'s output."""
        return cls(**config)


class Zeros(Initializer):
    """Fills with 0 (False for bool): `tf.zeros(shape, dtype)`, a "zeros" Const or Fill."""

    def __init__(self, dtype=_dtypes.float32):
        self.dtype = _dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return array_ops.zeros(shape, self.dtype if dtype is None else dtype)

    def get_config(self):
        return {"dtype": self.dtype.name}


class Ones(Initializer):
    """Fills with 1 (True for bool): `tf.ones(shape, dtype)`, a "ones" Const or Fill."""

    def __init__(self, dtype=_dtypes.float32):
        self.dtype = _dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return array_ops.ones(shape, self.dtype if dtype is None else dtype)

    def get_config(self):
        return {"dtype": self.dtype.name}


class Constant(Initializer):
    """Fills from `value`: one "Const" op built by `tf.constant(value, dtype, shape, verify_shape)`.

    A scalar fills the whole shape; a shorter list is padded with its last
    element; a longer one raises ValueError ("Too many elements provided...").
    With `verify_shape`, `value`'s shape must equal `shape` (TypeError).
    `partition_info` is ignored, as in TF 1.x: each partition gets the same
    leading values.

    Raises:
      TypeError: if `value` is not a scalar, list, tuple or numpy array.
    """

    def __init__(self, value=0, dtype=_dtypes.float32, verify_shape=False):
        if not (np.isscalar(value) or isinstance(value, (list, tuple, np.ndarray))):
            raise TypeError("Invalid type for initial value: %s (expected Python scalar, list or tuple of values, "
                            "or numpy.ndarray)." % type(value))
        self.value = value
        self.dtype = _dtypes.as_dtype(dtype)
        self._verify_shape = verify_shape

    def __call__(self, shape, dtype=None, partition_info=None, verify_shape=None):
        if verify_shape is None:
            verify_shape = self._verify_shape
        return constant_op.constant(self.value, dtype=self.dtype if dtype is None else dtype, shape=shape,
                                    verify_shape=verify_shape)

    def get_config(self):
        # `verify_shape` stays out, as in TF: it is an argument of the call, not of the initializer.
        return {"value": self.value, "dtype": self.dtype.name}


class RandomUniform(Initializer):
    """Uniform samples in [minval, maxval) (maxval defaults to 1 for floats): `tf.random_uniform`."""

    def __init__(self, minval=0, maxval=None, seed=None, dtype=_dtypes.float32):
        self.minval = minval
        self.maxval = maxval
        self.seed = seed
        self.dtype = _dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return random_ops.random_uniform(shape, self.minval, self.maxval, self.dtype if dtype is None else dtype,
                                         seed=self.seed)

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed, "dtype": self.dtype.name}


class _NormalInitializer(Initializer):
    """The arguments shared by RandomNormal and TruncatedNormal."""

    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=_dtypes.float32):
        self.mean = mean
        self.stddev = stddev
        self.seed = seed
        self.dtype = _assert_float_dtype(_dtypes.as_dtype(dtype))

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed, "dtype": self.dtype.name}


class RandomNormal(_NormalInitializer):
    """Normal samples of `mean` and `stddev`: `tf.random_normal`.

    Raises:
      ValueError: if `dtype` is not a floating point type.
    """

    def __call__(self, shape, dtype=None, partition_info=None):
        return random_ops.random_normal(shape, self.mean, self.stddev, self.dtype if dtype is None else dtype,
                                        seed=self.seed)


class TruncatedNormal(_NormalInitializer):
    """Normal samples redrawn when more than two `stddev` from `mean`: `tf.truncated_normal`.

    Raises:
      ValueError: if `dtype` is not a floating point type.
    """

    def __call__(self, shape, dtype=None, partition_info=None):
        return random_ops.truncated_normal(shape, self.mean, self.stddev, self.dtype if dtype is None else dtype,
                                           seed=self.seed)


class UniformUnitScaling(Initializer):
    """Uniform in [-m, m] with m = factor * sqrt(3 / input size), the input size being all dims but the last.

    TF 1.x: deprecated in favour of `variance_scaling(distribution="uniform")`;
    TF logs a deprecation warning when one is built, we do not.

    Raises:
      ValueError: if `dtype` is not a floating point type.
    """

    def __init__(self, factor=1.0, seed=None, dtype=_dtypes.float32):
        self.factor = factor
        self.seed = seed
        self.dtype = _assert_float_dtype(_dtypes.as_dtype(dtype))

    def __call__(self, shape, dtype=None, partition_info=None):
        scale_shape = shape if partition_info is None else partition_info.full_shape
        # max(, 1) keeps zero-size shapes from dividing by zero.
        input_size = max(float(np.prod(_dims(scale_shape)[:-1])), 1.0)
        max_val = math.sqrt(3 / input_size) * self.factor
        return random_ops.random_uniform(shape, -max_val, max_val, self.dtype if dtype is None else dtype,
                                         seed=self.seed)

    def get_config(self):
        return {"factor": self.factor, "seed": self.seed, "dtype": self.dtype.name}


class VarianceScaling(Initializer):
    """Samples of variance `scale / n`, n being fan_in, fan_out or their mean (`mode`).

    `distribution`:
      - "truncated_normal" (and its deprecated alias "normal"): a truncated
        normal whose stddev is sqrt(scale / n) / 0.8796..., so that the
        truncated samples have variance scale / n;
      - "untruncated_normal": a normal of stddev sqrt(scale / n);
      - "uniform": uniform in [-limit, limit], limit = sqrt(3 * scale / n).
    Fans come from `partition_info.full_shape` when given (see `_compute_fans`).

    Raises:
      ValueError: for a `scale` <= 0, an unknown `mode` or `distribution`, or
        a `dtype` that is not floating point.
    """

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None,
                 dtype=_dtypes.float32):
        if scale <= 0.:
            raise ValueError("`scale` must be positive float.")
        if mode not in {"fan_in", "fan_out", "fan_avg"}:
            raise ValueError("Invalid `mode` argument:", mode)
        distribution = distribution.lower()
        if distribution not in {"normal", "uniform", "truncated_normal", "untruncated_normal"}:
            raise ValueError("Invalid `distribution` argument:", distribution)
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.seed = seed
        self.dtype = _assert_float_dtype(_dtypes.as_dtype(dtype))

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = self.dtype if dtype is None else dtype
        scale_shape = shape if partition_info is None else partition_info.full_shape
        scale = self.scale / max(1., self._fan(scale_shape))
        if self.distribution in ("normal", "truncated_normal"):
            stddev = math.sqrt(scale) / _TRUNCATED_NORMAL_STDDEV
            return random_ops.truncated_normal(shape, 0.0, stddev, dtype, seed=self.seed)
        if self.distribution == "untruncated_normal":
            return random_ops.random_normal(shape, 0.0, math.sqrt(scale), dtype, seed=self.seed)
        limit = math.sqrt(3.0 * scale)
        return random_ops.random_uniform(shape, -limit, limit, dtype, seed=self.seed)

    def _fan(self, shape):
        fan_in, fan_out = _compute_fans(shape)
        if self.mode == "fan_in":
            return fan_in
        if self.mode == "fan_out":
            return fan_out
        return (fan_in + fan_out) / 2.

    def get_config(self):
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution, "seed": self.seed,
                "dtype": self.dtype.name}


def _qr_shape(op):
    """Q is [..., M, K] and R [..., K, N] with K = min(M, N), or Q [..., M, M] and R [..., M, N] when full."""
    shape = op.inputs[0].shape
    if shape.ndims is None:
        return [tensor_shape.unknown_shape(), tensor_shape.unknown_shape()]
    if shape.ndims < 2:
        raise common_shapes.shape_error(op, "Shape must be at least rank 2 but is rank %d" % shape.ndims)
    dims = shape.as_list()
    batch, rows, cols = dims[:-2], dims[-2], dims[-1]
    if op.get_attr("full_matrices"):
        return [batch + [rows, rows], batch + [rows, cols]]
    inner = None if rows is None or cols is None else min(rows, cols)
    return [batch + [rows, inner], batch + [inner, cols]]


def _qr_kernel(op, state):
    mode = "complete" if op.get_attr("full_matrices") else "reduced"
    dtype = op.get_attr("T").as_numpy_dtype
    # LAPACK has no half precision: float16 is factorised in float32.
    compute_dtype = np.float32 if dtype == np.float16 else dtype

    def qr(matrix):
        q, r = np.linalg.qr(matrix.astype(compute_dtype, copy=False), mode=mode)
        return q.astype(dtype, copy=False), r.astype(dtype, copy=False)
    return qr


register_op("Qr", inputs=["input: T"], outputs=["q: T", "r: T"],
            attrs={"full_matrices": False, "T": TypeAttr([_dtypes.float64, _dtypes.float32, _dtypes.float16])},
            shape_fn=_qr_shape, kernel=_qr_kernel)


def _qr(matrix, full_matrices=False, name=None):
    """(q, r) of the QR factorisation of the inner matrices of `matrix` (op type "Qr")."""
    return apply_op("Qr", input=matrix, full_matrices=full_matrices, name=name).outputs


class Orthogonal(Initializer):
    """An orthogonal matrix (times `gain`), reshaped to `shape`: rows or columns, whichever are fewer, orthonormal.

    The shape is flattened to [prod(shape[:-1]), shape[-1]]; a normal matrix
    of that shape (transposed if wide) is factorised by QR, and Q's columns
    are multiplied by the signs of R's diagonal so that the result is
    uniformly distributed over orthogonal matrices.

    Raises:
      ValueError: if `dtype` is not floating point, or (when called) the shape
        has fewer than two dimensions.
    """

    def __init__(self, gain=1.0, seed=None, dtype=_dtypes.float32):
        self.gain = gain
        self.dtype = _assert_float_dtype(_dtypes.as_dtype(dtype))
        self.seed = seed

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = self.dtype if dtype is None else dtype
        dims = _dims(shape)
        if len(dims) < 2:
            raise ValueError("The tensor to initialize must be at least two-dimensional")
        num_rows = int(np.prod(dims[:-1], dtype=np.int64))
        num_cols = dims[-1]
        wide = num_rows < num_cols
        flat_shape = (num_cols, num_rows) if wide else (num_rows, num_cols)
        normal = random_ops.random_normal(flat_shape, dtype=dtype, seed=self.seed)
        q, r = _qr(normal, full_matrices=False)
        q *= math_ops.sign(array_ops.diag_part(r))
        if wide:
            q = array_ops.matrix_transpose(q)
        return self.gain * array_ops.reshape(q, shape)

    def get_config(self):
        return {"gain": self.gain, "seed": self.seed, "dtype": self.dtype.name}


def _eye(num_rows, num_columns, dtype):
    """The [num_rows, num_columns] identity matrix, built as TF 1.x's `tf.eye` builds it (in scope "eye")."""
    with _graph.op_scope(None, "eye"):
        diag_ones = array_ops.ones([min(num_rows, num_columns)], dtype=dtype)
        if num_rows == num_columns:
            return array_ops.matrix_diag(diag_ones)
        return array_ops.matrix_set_diag(array_ops.zeros([num_rows, num_columns], dtype=dtype), diag_ones)


class Identity(Initializer):
    """`gain` times the identity matrix; 2-D shapes only.

    With `partition_info`, the partition's slice of the full identity matrix.

    Raises:
      ValueError: if `dtype` is not floating point, or (when called) the full
        shape is not 2-D.
    """

    def __init__(self, gain=1.0, dtype=_dtypes.float32):
        self.gain = gain
        self.dtype = _assert_float_dtype(_dtypes.as_dtype(dtype))

    def __call__(self, shape, dtype=None, partition_info=None):
        full_shape = shape if partition_info is None else partition_info.full_shape
        if len(full_shape) != 2:
            raise ValueError("Identity matrix initializer can only be used for 2D matrices.")
        dtype = self.dtype if dtype is None else dtype
        initializer = _eye(*_dims(full_shape), dtype=dtype)
        if partition_info is not None:
            initializer = array_ops.slice(initializer, partition_info.var_offset, shape)
        return self.gain * initializer

    def get_config(self):
        return {"gain": self.gain, "dtype": self.dtype.name}


class GlorotUniform(VarianceScaling):
    """Glorot (Xavier) uniform: uniform in [-limit, limit], limit = sqrt(6 / (fan_in + fan_out))."""

    def __init__(self, seed=None, dtype=_dtypes.float32):
        super().__init__(scale=1.0, mode="fan_avg", distribution="uniform", seed=seed, dtype=dtype)

    def get_config(self):
        return {"seed": self.seed, "dtype": self.dtype.name}


class GlorotNormal(VarianceScaling):
    """Glorot (Xavier) normal: truncated normal with stddev sqrt(2 / (fan_in + fan_out)) after truncation."""

    def __init__(self, seed=None, dtype=_dtypes.float32):
        super().__init__(scale=1.0, mode="fan_avg", distribution="truncated_normal", seed=seed, dtype=dtype)

    def get_config(self):
        return {"seed": self.seed, "dtype": self.dtype.name}


def lecun_normal(seed=None):
    """LeCun normal: truncated normal with stddev sqrt(1 / fan_in) after truncation."""
    return VarianceScaling(scale=1., mode="fan_in", distribution="truncated_normal", seed=seed)


def lecun_uniform(seed=None):
    """LeCun uniform: uniform in [-limit, limit], limit = sqrt(3 / fan_in)."""
    return VarianceScaling(scale=1., mode="fan_in", distribution="uniform", seed=seed)


def he_normal(seed=None):
    """He normal: truncated normal with stddev sqrt(2 / fan_in) after truncation."""
    return VarianceScaling(scale=2., mode="fan_in", distribution="truncated_normal", seed=seed)


def he_uniform(seed=None):
    """He uniform: uniform in [-limit, limit], limit = sqrt(6 / fan_in)."""
    return VarianceScaling(scale=2., mode="fan_in", distribution="uniform", seed=seed)


class InitializerCall:
    """`initializer(shape, dtype=dtype, partition_info=partition_info)` as the no-argument callable
    `tf.get_variable` gives the variable it creates.

    `replay_key` says what the ops it builds depend on, so that `build_replay`
    can make them again for the next variable of the same kind: the
    initializer's class and every attribute, the shape and the dtype. It is
    None (never replayed) for an initializer that is not one of this module's
    own or that initialises a partition; a key holding an unhashable value
    (a list attribute) is not replayed either.
    """

    __slots__ = ("initializer", "shape", "dtype", "partition_info")

    def __init__(self, initializer, shape, dtype, partition_info):
        self.initializer = initializer
        self.shape = shape
        self.dtype = dtype
        self.partition_info = partition_info

    def __call__(self):
        return self.initializer(self.shape, dtype=self.dtype, partition_info=self.partition_info)

    @property
    def replay_key(self):
        initializer = self.initializer
        if type(initializer) not in _OWN_INITIALIZERS or self.partition_info is not None:
            return None
        state = vars(initializer)
        values = tuple(state.values())
        # The values' types too: 1, 1.0 and True are equal keys but not equal constants.
        return (type(initializer), tuple(state), values, tuple(map(type, values)), tuple(self.shape), self.dtype)


_OWN_INITIALIZERS = frozenset([Zeros, Ones, Constant, RandomUniform, RandomNormal, TruncatedNormal, UniformUnitScaling,
                               VarianceScaling, Orthogonal, Identity, GlorotUniform, GlorotNormal])

# The tf.* names.
zeros_initializer = Zeros
ones_initializer = Ones
constant_initializer = Constant
random_uniform_initializer = RandomUniform
random_normal_initializer = RandomNormal
truncated_normal_initializer = TruncatedNormal
uniform_unit_scaling_initializer = UniformUnitScaling
variance_scaling_initializer = VarianceScaling
glorot_uniform_initializer = GlorotUniform
glorot_normal_initializer = GlorotNormal
orthogonal_initializer = Orthogonal
identity_initializer = Identity

# The tf.initializers.* names (global_variables, local_variables and variables are imported above).
zeros = Zeros
ones = Ones
constant = Constant
random_uniform = RandomUniform
random_normal = RandomNormal
truncated_normal = TruncatedNormal
uniform_unit_scaling = UniformUnitScaling
variance_scaling = VarianceScaling
orthogonal = Orthogonal
identity = Identity
glorot_uniform = GlorotUniform
glorot_normal = GlorotNormal
