"""``tf.contrib.layers``: layer builders (fully_connected, conv2d, batch_norm, repeat, ...),
weight regularizers and the xavier / variance-scaling initializers."""
from .initializers import variance_scaling_initializer, xavier_initializer  # noqa: F401
from .layers import (  # noqa: F401
    avg_pool2d,
    conv2d,
    conv2d_transpose,
    convolution2d,
    convolution2d_transpose,
    dropout,
    flatten,
    fully_connected,
    linear,
    max_pool2d,
    one_hot_encoding,
    repeat,
    separable_conv2d,
    separable_convolution2d,
    softmax,
    stack,
)
from .normalization import batch_norm, layer_norm  # noqa: F401
from .regularizers import (  # noqa: F401
    apply_regularization,
    l1_l2_regularizer,
    l1_regularizer,
    l2_regularizer,
    sum_regularizer,
)

xavier_initializer_conv2d = xavier_initializer
