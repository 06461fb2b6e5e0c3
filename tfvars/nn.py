"""`tf.nn`: neural-network ops (activations, softmax, convolution, pooling, losses, top-k)."""

from tfvars.ops.nn_conv import conv2d_backprop_input, conv2d_transpose  # noqa: F401 (re-exported as tf.nn.*)
from tfvars.ops.nn_batch_norm import fused_batch_norm  # noqa: F401 (re-exported as tf.nn.fused_batch_norm)
from tfvars.ops.nn_impl import (  # noqa: F401 (re-exported as tf.nn.*)
    batch_normalization, embedding_lookup, l2_normalize, moments, relu_layer, xw_plus_b,
)
from tfvars.ops.random_ops import dropout  # noqa: F401 (built from random ops, exported as tf.nn.dropout)
from tfvars.ops.math_ops import sigmoid, tanh  # noqa: F401 (TF 1.x also exports these as tf.nn.*)
from tfvars.ops.nn_ops import (  # noqa: F401 (re-exported as tf.nn.*)
    avg_pool, bias_add, conv2d, crelu, elu, in_top_k, l2_loss, leaky_relu, log_softmax, max_pool, relu, relu6,
    selu, sigmoid_cross_entropy_with_logits, softmax, softmax_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits_v2, softplus, softsign, sparse_softmax_cross_entropy_with_logits, top_k,
    weighted_cross_entropy_with_logits,
)
