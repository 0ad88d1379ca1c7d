"""``tf.layers`` (TF1): layers that create their own variables (``dense/kernel``, ...)."""
from types import ModuleType as _ModuleType

from .base import Layer  # noqa: F401
from .convolutional import (  # noqa: F401
    AveragePooling2D,
    AvgPool2D,
    Conv2D,
    Conv2DTranspose,
    Convolution2D,
    Convolution2DTranspose,
    MaxPool2D,
    MaxPooling2D,
    average_pooling2d,
    conv2d,
    conv2d_transpose,
    max_pooling2d,
)
from .core import Dense, Dropout, Flatten, dense, dropout, flatten  # noqa: F401
from .normalization import BatchNormalization, batch_normalization  # noqa: F401

# dir(tf.layers) lists TF's API, not the modules that implement it (still importable).
_LISTED = sorted(name for name, value in globals().items() if not isinstance(value, _ModuleType))


def __dir__():
    return _LISTED
