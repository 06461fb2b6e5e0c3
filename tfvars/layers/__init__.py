"""`tf.layers`: layers that create their variables on first call (Dense, Conv2D, BatchNormalization...).

Each layer is a class (`tf.layers.Dense(units)`, called on inputs, reusable)
and a function (`tf.layers.dense(inputs, units)`, a new layer applied once;
`name=` and `reuse=` share its variables with an earlier call).
"""

from tfvars.layers.base import InputSpec, Layer
from tfvars.layers.convolutional import Conv2D, Conv2DTranspose, conv2d, conv2d_transpose
from tfvars.layers.core import Dense, Dropout, Flatten, dense, dropout, flatten
from tfvars.layers.normalization import BatchNormalization, batch_normalization
from tfvars.layers.pooling import AveragePooling2D, MaxPooling2D, average_pooling2d, max_pooling2d

Convolution2D = Conv2D
Convolution2DTranspose = Deconvolution2D = Conv2DTranspose
AvgPool2D = AveragePooling2D
MaxPool2D = MaxPooling2D

__all__ = [
    "AveragePooling2D", "AvgPool2D", "BatchNormalization", "Conv2D", "Conv2DTranspose", "Convolution2D",
    "Convolution2DTranspose", "Deconvolution2D", "Dense", "Dropout", "Flatten", "InputSpec", "Layer", "MaxPool2D",
    "MaxPooling2D", "average_pooling2d", "batch_normalization", "conv2d", "conv2d_transpose", "dense", "dropout",
    "flatten", "max_pooling2d",
]
