"""``tf.layers`` (TF1): layers that create their own variables (``dense/kernel``, ...)."""
from types import ModuleType as _ModuleType

from .base import Layer  # noqa: F401
from .convolutional import (  # noqa: F401
    AveragePooling1D,
    AveragePooling2D,
    AvgPool1D,
    AvgPool2D,
    Conv1D,
    Conv2D,
    Conv2DTranspose,
    Convolution1D,
    Convolution2D,
    Convolution2DTranspose,
    MaxPool1D,
    MaxPool2D,
    MaxPooling1D,
    MaxPooling2D,
    SeparableConv2D,
    SeparableConvolution2D,
    average_pooling1d,
    average_pooling2d,
    conv1d,
    conv2d,
    conv2d_transpose,
    max_pooling1d,
    max_pooling2d,
    separable_conv2d,
)
from .core import Dense, Dropout, Flatten, dense, dropout, flatten  # noqa: F401
from .normalization import BatchNormalization, batch_normalization  # noqa: F401

# dir(tf.layers) lists TF's API, not the modules that implement it (still importable).
_LISTED = sorted(name for name, value in globals().items() if not isinstance(value, _ModuleType))


def __dir__():
    return _LISTED
