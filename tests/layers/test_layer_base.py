"""tf.layers.Layer: subclassing, weights, losses and updates, failed calls."""

import numpy as np
import pytest

import tfvars as tf
from layers_testing import collection_names, names, run_initialized, unchanged_after_failure


class Scale(tf.layers.Layer):
    """A layer with one trainable and one non-trainable weight, an update and a loss."""

    def build(self, input_shape):
        self.scale = self.add_weight("scale", shape=[input_shape[-1].value], initializer=tf.ones_initializer(),
                                     regularizer=tf.nn.l2_loss)
        self.count = self.add_weight("count", shape=[], initializer=tf.zeros_initializer(), trainable=False)
        self.built = True

    def call(self, inputs):
        self.add_update(tf.assign_add(self.count, 1.0))
        return inputs * self.scale


def test_subclass_weights_collections_losses_and_updates():
    x = tf.placeholder(tf.float32, [None, 3])
    layer = Scale()
    y = layer(x)
    assert layer.name == "scale_1" and layer.scope_name == "scale"
    assert names(layer.trainable_weights) == ["scale/scale:0"]
    assert names(layer.non_trainable_weights) == ["scale/count:0"]
    assert names(layer.weights) == ["scale/scale:0", "scale/count:0"]
    assert collection_names(tf.GraphKeys.TRAINABLE_VARIABLES) == ["scale/scale:0"]
    assert names(layer.losses) == ["scale/scale/Regularizer/L2Loss:0"]
    assert collection_names(tf.GraphKeys.REGULARIZATION_LOSSES) == ["scale/scale/Regularizer/L2Loss:0"]
    assert names(layer.updates) == ["scale/AssignAdd"]
    assert collection_names(tf.GraphKeys.UPDATE_OPS) == ["scale/AssignAdd"]
    assert y.name == "scale/mul:0"
    out = run_initialized([y, layer.updates], {x: np.ones((2, 3), np.float32)})[0]
    np.testing.assert_array_equal(out, np.ones((2, 3)))


def test_a_non_trainable_layer_puts_no_variable_in_trainable_variables():
    layer = tf.layers.Dense(2, trainable=False)
    layer(tf.placeholder(tf.float32, [None, 3]))
    assert collection_names(tf.GraphKeys.TRAINABLE_VARIABLES) == []
    assert layer.trainable_weights == []
    assert names(layer.non_trainable_weights) == ["dense/kernel:0", "dense/bias:0"]


class Failing(tf.layers.Layer):
    """Creates a weight, then fails in call."""

    def build(self, input_shape):
        self.kernel = self.add_weight("kernel", shape=[2])
        self.built = True

    def call(self, inputs):
        tf.add(inputs, 1.0)
        raise RuntimeError("boom")


def test_a_failed_first_call_leaves_no_trace_and_the_layer_unbuilt():
    x = tf.placeholder(tf.float32, [None, 2])
    layer = Failing()
    unchanged_after_failure(lambda: layer(x), RuntimeError, "boom")
    assert not layer.built and layer.weights == [] and layer.input_spec is None
    assert tf.global_variables() == []
    # The variable scope was not consumed either.
    tf.layers.Dense(1, name=None)
    assert tf.layers.dense(x, 1).name == "dense/BiasAdd:0"


def test_apply_is_call_and_scope_argument_names_the_scope():
    x = tf.placeholder(tf.float32, [None, 2])
    layer = tf.layers.Dense(1)
    y = layer.apply(x, scope="custom")
    assert y.name == "custom/BiasAdd:0"
    assert collection_names(tf.GraphKeys.GLOBAL_VARIABLES) == ["custom/kernel:0", "custom/bias:0"]


def test_layer_dtype_comes_from_the_first_input_unless_given():
    x = tf.placeholder(tf.float64, [None, 2])
    assert tf.layers.dense(x, 1).dtype == tf.float64
    layer = tf.layers.Dense(1, dtype=tf.float32)
    assert layer.dtype == "float32"


def test_unknown_keyword_arguments_raise_type_error():
    with pytest.raises(TypeError, match="Keyword argument not understood"):
        tf.layers.Dense(2, colour="red")


def test_layers_namespace_has_tf_1_names():
    for name in ["Layer", "InputSpec", "Dense", "Dropout", "Flatten", "Conv2D", "Conv2DTranspose", "MaxPooling2D",
                 "AveragePooling2D", "BatchNormalization", "dense", "dropout", "flatten", "conv2d",
                 "conv2d_transpose", "max_pooling2d", "average_pooling2d", "batch_normalization"]:
        assert hasattr(tf.layers, name)
    assert tf.layers.Convolution2D is tf.layers.Conv2D
    assert repr(tf.layers.InputSpec(min_ndim=2, axes={-1: 4})) == "InputSpec(min_ndim=2, axes={-1: 4})"
