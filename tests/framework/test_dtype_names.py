"""as_dtype accepts TF 1.x's C++ type names ("float", "double", "half") beside the canonical ones."""

import pytest

import tfvars as tf


@pytest.mark.parametrize("name, expected", [
    ("float", tf.float32), ("double", tf.float64), ("half", tf.float16),
    ("float_ref", tf.float32_ref), ("double_ref", tf.float64_ref), ("half_ref", tf.float16_ref),
    ("float32", tf.float32), ("int64_ref", tf.int64_ref),
])
def test_as_dtype_accepts_cxx_names(name, expected):
    assert tf.as_dtype(name) == expected


def test_placeholder_takes_float_as_its_dtype():
    # The tutorials' habit: tf.placeholder("float", [None, 784]).
    x = tf.placeholder("float", [None, 784])
    assert x.dtype == tf.float32
    assert x.shape.as_list() == [None, 784]


def test_unknown_name_is_a_type_error():
    with pytest.raises(TypeError, match="Cannot convert value 'floaty' to a TensorFlow DType."):
        tf.as_dtype("floaty")
