"""tf.layers.conv2d, max_pooling2d and average_pooling2d (channels_last: NHWC)."""
import numbers

from ..ops import array_ops, conv_ops, nn_ops
from .base import ZEROS, Layer


def normalize_tuple(value, n, name):
    """An int or n ints -> a tuple of n ints (keras' conv_utils.normalize_tuple)."""
    if isinstance(value, numbers.Integral):
        return (int(value),) * n
    try:
        values = tuple(value)
    except TypeError:
        values = ()
    if len(values) != n or not all(isinstance(v, numbers.Integral) for v in values):
        raise ValueError("The `%s` argument must be a tuple of %d integers. Received: %s"
                         % (name, n, value))
    return tuple(int(v) for v in values)


def normalize_padding(value):
    padding = value.lower() if isinstance(value, str) else value
    if padding not in ("valid", "same"):
        raise ValueError('The `padding` argument must be one of "valid", "same" (or "causal", '
                         "only for `Conv1D). Received: %s" % (value,))
    return padding


def _check_channels_last(data_format):
    if data_format not in ("channels_last", None):
        raise ValueError("course supports data_format='channels_last' only (TF's CPU kernels "
                         "are NHWC), got %r" % (data_format,))


class Conv2D(Layer):
    """2-D convolution: variables ``<scope>/kernel`` [k_h, k_w, in_channels, filters] and
    ``<scope>/bias`` [filters]."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid",
                 data_format="channels_last", dilation_rate=(1, 1), activation=None,
                 use_bias=True, kernel_initializer=None, bias_initializer=ZEROS,
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
                 **kwargs):
        super().__init__(trainable=trainable, name=name,
                         activity_regularizer=activity_regularizer, **kwargs)
        _check_channels_last(data_format)
        self.filters = int(filters)
        self.kernel_size = normalize_tuple(kernel_size, 2, "kernel_size")
        self.strides = normalize_tuple(strides, 2, "strides")
        self.padding = normalize_padding(padding)
        self.dilation_rate = normalize_tuple(dilation_rate, 2, "dilation_rate")
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError("strides > 1 not supported in conjunction with dilation_rate > 1")
        self.activation, self.use_bias = activation, use_bias
        self.kernel_initializer, self.bias_initializer = kernel_initializer, bias_initializer
        self.kernel_regularizer, self.bias_regularizer = kernel_regularizer, bias_regularizer
        self.kernel_constraint, self.bias_constraint = kernel_constraint, bias_constraint
        self.kernel, self.bias = None, None

    def build(self, input_shape):
        if input_shape.ndims != 4:
            raise ValueError("Input 0 of layer %s is incompatible with the layer: expected "
                             "ndim=4, found ndim=%s. Full shape received: %s"
                             % (self.name, input_shape.ndims, input_shape))
        channels = input_shape[-1]
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. "
                             "Found `None`.")
        self.kernel = self.add_weight("kernel", list(self.kernel_size) + [channels, self.filters],
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        if self.use_bias:
            self.bias = self.add_weight("bias", [self.filters], initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)

    def call(self, inputs):
        outputs = conv_ops.conv2d(inputs, self.kernel, strides=self.strides,
                                  padding=self.padding.upper(), dilations=self.dilation_rate)
        if self.use_bias:
            outputs = nn_ops.bias_add(outputs, self.bias)
        return self.activation(outputs) if self.activation is not None else outputs


def deconv_output_length(input_length, filter_size, padding, stride):
    """Keras' conv_utils.deconv_output_length (no output_padding, no dilation)."""
    if input_length is None:
        return None
    if padding == "valid":
        return input_length * stride + max(filter_size - stride, 0)
    return input_length * stride


class Conv2DTranspose(Conv2D):
    """Transposed 2-D convolution ("deconvolution"): variables ``<scope>/kernel``
    [k_h, k_w, filters, in_channels] and ``<scope>/bias`` [filters]."""

    def build(self, input_shape):
        if input_shape.ndims != 4:
            raise ValueError("Inputs should have rank 4. Received input shape: %s" % input_shape)
        channels = input_shape[-1]
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. "
                             "Found `None`.")
        self.kernel = self.add_weight("kernel", list(self.kernel_size) + [self.filters, channels],
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer)
        if self.use_bias:
            self.bias = self.add_weight("bias", [self.filters], initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer)

    def call(self, inputs):
        static = inputs.shape.as_list()
        dynamic = array_ops.shape(inputs)
        sizes = [dynamic[0]]
        for axis, (k, stride) in enumerate(zip(self.kernel_size, self.strides), start=1):
            if static[axis] is not None:
                sizes.append(deconv_output_length(static[axis], k, self.padding, stride))
            else:
                sizes.append(deconv_output_length(dynamic[axis], k, self.padding, stride))
        sizes.append(self.filters)
        outputs = conv_ops.conv2d_transpose(inputs, self.kernel, array_ops.stack(sizes),
                                            strides=self.strides, padding=self.padding.upper())
        if self.use_bias:
            outputs = nn_ops.bias_add(outputs, self.bias)
        return self.activation(outputs) if self.activation is not None else outputs


class _Pooling2D(Layer):
    pool_function = None

    def __init__(self, pool_size, strides, padding="valid", data_format="channels_last",
                 name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        _check_channels_last(data_format)
        self.pool_size = normalize_tuple(pool_size, 2, "pool_size")
        self.strides = normalize_tuple(strides if strides is not None else pool_size, 2,
                                       "strides")
        self.padding = normalize_padding(padding)

    def call(self, inputs):
        return type(self).pool_function(inputs, ksize=self.pool_size, strides=self.strides,
                                        padding=self.padding.upper())


class MaxPooling2D(_Pooling2D):
    """The maximum of each pool_size window, moved by ``strides``."""
    pool_function = staticmethod(conv_ops.max_pool)


class AveragePooling2D(_Pooling2D):
    """The mean of each window (with padding='same', border windows average only real
    elements)."""
    pool_function = staticmethod(conv_ops.avg_pool)


Convolution2D = Conv2D
Convolution2DTranspose = Conv2DTranspose
MaxPool2D = MaxPooling2D
AvgPool2D = AveragePooling2D


def conv2d(inputs, filters, kernel_size, strides=(1, 1), padding="valid",
           data_format="channels_last", dilation_rate=(1, 1), activation=None, use_bias=True,
           kernel_initializer=None, bias_initializer=ZEROS, kernel_regularizer=None,
           bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
           bias_constraint=None, trainable=True, name=None, reuse=None):
    """``tf.layers.conv2d``: variables ``conv2d/kernel`` and ``conv2d/bias``."""
    layer = Conv2D(filters, kernel_size, strides=strides, padding=padding,
                   data_format=data_format, dilation_rate=dilation_rate, activation=activation,
                   use_bias=use_bias, kernel_initializer=kernel_initializer,
                   bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                   bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                   kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                   trainable=trainable, name=name, _scope=name, _reuse=reuse)
    return layer.apply(inputs)


def conv2d_transpose(inputs, filters, kernel_size, strides=(1, 1), padding="valid",
                     data_format="channels_last", activation=None, use_bias=True,
                     kernel_initializer=None, bias_initializer=ZEROS, kernel_regularizer=None,
                     bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                     bias_constraint=None, trainable=True, name=None, reuse=None):
    """``tf.layers.conv2d_transpose``: variables ``conv2d_transpose/kernel`` and ``.../bias``."""
    layer = Conv2DTranspose(filters, kernel_size, strides=strides, padding=padding,
                            data_format=data_format, activation=activation, use_bias=use_bias,
                            kernel_initializer=kernel_initializer,
                            bias_initializer=bias_initializer,
                            kernel_regularizer=kernel_regularizer,
                            bias_regularizer=bias_regularizer,
                            activity_regularizer=activity_regularizer, trainable=trainable,
                            name=name, _scope=name, _reuse=reuse)
    return layer.apply(inputs)


def max_pooling2d(inputs, pool_size, strides, padding="valid", data_format="channels_last",
                  name=None):
    """``tf.layers.max_pooling2d``."""
    return MaxPooling2D(pool_size, strides, padding=padding, data_format=data_format,
                        name=name).apply(inputs)


def average_pooling2d(inputs, pool_size, strides, padding="valid", data_format="channels_last",
                      name=None):
    """``tf.layers.average_pooling2d``."""
    return AveragePooling2D(pool_size, strides, padding=padding, data_format=data_format,
                            name=name).apply(inputs)
