"""`tf.test`: the gradient checks of TF 1.x's test module (see `tfvars.testing`)."""

from tfvars.testing import compute_gradient, compute_gradient_error

__all__ = ["compute_gradient", "compute_gradient_error"]
