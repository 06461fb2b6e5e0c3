"""`tf.estimator.inputs`: input functions feeding an Estimator from in-memory data."""

from tfvars.estimator.inputs.numpy_io import numpy_input_fn

__all__ = ["numpy_input_fn"]
