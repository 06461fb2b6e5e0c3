"""tf.div_no_nan: x / y, 0 where y is 0."""

import numpy as np
import pytest

import tfvars as tf


def test_div_no_nan():
    z = tf.div_no_nan(tf.constant([1., 2., 0.]), tf.constant([0., 4., 0.]))
    assert z.name == "div_no_nan:0" and z.op.type == "DivNoNan"
    with tf.Session() as session:
        np.testing.assert_array_equal(session.run(z), [0., 0.5, 0.])
    with pytest.raises(ValueError, match="Tensor conversion requested dtype float32 for Tensor with dtype float64"):
        tf.div_no_nan(tf.constant([1.]), tf.constant([1.], tf.float64))
