"""tf.layers.conv2d, conv1d and their pooling layers (channels_last: NHWC, NWC)."""
import numbers

from ..ops import array_ops, conv1d_ops, conv_ops, depthwise_conv_ops, nn_ops, pad_ops
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


def normalize_padding(value, causal_allowed=False):
    padding = value.lower() if isinstance(value, str) else value
    if padding not in ("valid", "same") + (("causal",) if causal_allowed else ()):
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

    _rank = 2       # spatial dimensions (Conv1D: 1)

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
        self.kernel_size = normalize_tuple(kernel_size, self._rank, "kernel_size")
        self.strides = normalize_tuple(strides, self._rank, "strides")
        self.padding = normalize_padding(padding, causal_allowed=self._rank == 1)
        self.dilation_rate = normalize_tuple(dilation_rate, self._rank, "dilation_rate")
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError("strides > 1 not supported in conjunction with dilation_rate > 1")
        self.activation, self.use_bias = activation, use_bias
        self.kernel_initializer, self.bias_initializer = kernel_initializer, bias_initializer
        self.kernel_regularizer, self.bias_regularizer = kernel_regularizer, bias_regularizer
        self.kernel_constraint, self.bias_constraint = kernel_constraint, bias_constraint
        self.kernel, self.bias = None, None

    def build(self, input_shape):
        if input_shape.ndims != self._rank + 2:
            raise ValueError("Input 0 of layer %s is incompatible with the layer: expected "
                             "ndim=%d, found ndim=%s. Full shape received: %s"
                             % (self.name, self._rank + 2, input_shape.ndims, input_shape))
        channels = input_shape[-1]
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. "
                             "Found `None`.")
        self.kernel = self._weight("kernel", list(self.kernel_size) + [channels, self.filters])
        if self.use_bias:
            self.bias = self._weight("bias", [self.filters])

    def _weight(self, name, shape, settings=None):
        """A variable with the layer's ``<settings>_initializer``, ``_regularizer`` and
        ``_constraint`` (settings defaults to the name)."""
        settings = settings or name
        return self.add_weight(name, shape, initializer=getattr(self, settings + "_initializer"),
                               regularizer=getattr(self, settings + "_regularizer"),
                               constraint=getattr(self, settings + "_constraint"))

    def _convolve(self, inputs):
        return conv_ops.conv2d(inputs, self.kernel, strides=self.strides,
                               padding=self.padding.upper(), dilations=self.dilation_rate)

    def call(self, inputs):
        outputs = self._convolve(inputs)
        if self.use_bias:
            outputs = nn_ops.bias_add(outputs, self.bias)
        return self.activation(outputs) if self.activation is not None else outputs


class Conv1D(Conv2D):
    """1-D convolution over [batch, width, channels]: ``<scope>/kernel`` [k, in_channels,
    filters]; ``padding='causal'`` pads only the left, so output t sees inputs up to t."""

    _rank = 1

    def __init__(self, filters, kernel_size, strides=1, padding="valid",
                 data_format="channels_last", dilation_rate=1, **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding,
                         data_format=data_format, dilation_rate=dilation_rate, **kwargs)

    def _convolve(self, inputs):
        padding = self.padding.upper()
        if padding == "CAUSAL":
            left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
            inputs, padding = pad_ops.pad(inputs, [[0, 0], [left, 0], [0, 0]]), "VALID"
        return conv1d_ops.conv1d(inputs, self.kernel, stride=self.strides[0], padding=padding,
                                 dilations=self.dilation_rate[0])


class SeparableConv2D(Conv2D):
    """A depthwise then a 1x1 convolution: ``<scope>/depthwise_kernel`` [k_h, k_w, in,
    depth_multiplier], ``pointwise_kernel`` [1, 1, in * depth_multiplier, filters], ``bias``."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid",
                 data_format="channels_last", dilation_rate=(1, 1), depth_multiplier=1,
                 depthwise_initializer=None, pointwise_initializer=None,
                 depthwise_regularizer=None, pointwise_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding,
                         data_format=data_format, dilation_rate=dilation_rate, **kwargs)
        self.depth_multiplier = int(depth_multiplier)
        self.depthwise_initializer, self.pointwise_initializer = (depthwise_initializer,
                                                                  pointwise_initializer)
        self.depthwise_regularizer, self.pointwise_regularizer = (depthwise_regularizer,
                                                                  pointwise_regularizer)
        self.depthwise_constraint, self.pointwise_constraint = (depthwise_constraint,
                                                                pointwise_constraint)
        self.depthwise_kernel = self.pointwise_kernel = None

    def build(self, input_shape):
        if input_shape.ndims != 4 or input_shape[-1] is None:
            raise ValueError("Inputs to `SeparableConv2D` should have rank 4 and a defined "
                             "channel dimension. Received input shape: %s" % (input_shape,))
        channels = input_shape[-1]
        self.depthwise_kernel = self._weight(
            "depthwise_kernel", list(self.kernel_size) + [channels, self.depth_multiplier],
            "depthwise")
        self.pointwise_kernel = self._weight(
            "pointwise_kernel", [1, 1, channels * self.depth_multiplier, self.filters],
            "pointwise")
        if self.use_bias:
            self.bias = self._weight("bias", [self.filters])

    def _convolve(self, inputs):
        return depthwise_conv_ops.separable_conv2d(
            inputs, self.depthwise_kernel, self.pointwise_kernel,
            strides=(1,) + self.strides + (1,), padding=self.padding.upper(),
            rate=self.dilation_rate)


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
    _rank = 2

    def __init__(self, pool_size, strides, padding="valid", data_format="channels_last",
                 name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        _check_channels_last(data_format)
        self.pool_size = normalize_tuple(pool_size, self._rank, "pool_size")
        self.strides = normalize_tuple(strides if strides is not None else pool_size,
                                       self._rank, "strides")
        self.padding = normalize_padding(padding)

    def call(self, inputs):
        return type(self).pool_function(inputs, ksize=self.pool_size, strides=self.strides,
                                        padding=self.padding.upper())


class _Pooling1D(_Pooling2D):
    """keras' Pooling1D: [batch, width, channels] pooled as a width-by-1 image."""
    _rank = 1

    def call(self, inputs):
        image = array_ops.expand_dims(inputs, 2)
        pooled = type(self).pool_function(image, ksize=self.pool_size + (1,),
                                          strides=self.strides + (1,),
                                          padding=self.padding.upper())
        return array_ops.squeeze(pooled, [2])


class MaxPooling2D(_Pooling2D):
    """The maximum of each pool_size window, moved by ``strides``."""
    pool_function = staticmethod(conv_ops.max_pool)


class AveragePooling2D(_Pooling2D):
    """The mean of each window (with padding='same', border windows average only real
    elements)."""
    pool_function = staticmethod(conv_ops.avg_pool)


class MaxPooling1D(_Pooling1D):
    pool_function = staticmethod(conv_ops.max_pool)


class AveragePooling1D(_Pooling1D):
    pool_function = staticmethod(conv_ops.avg_pool)


SeparableConvolution2D = SeparableConv2D
Convolution1D = Conv1D
Convolution2D = Conv2D
MaxPool1D = MaxPooling1D
AvgPool1D = AveragePooling1D
Convolution2DTranspose = Conv2DTranspose
MaxPool2D = MaxPooling2D
AvgPool2D = AveragePooling2D


def conv2d(inputs, filters, kernel_size, strides=(1, 1), padding="valid",
           data_format="channels_last", dilation_rate=(1, 1), activation=None, use_bias=True,
           kernel_initializer=None, bias_initializer=ZEROS, kernel_regularizer=None,
           bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
           bias_constraint=None, trainable=True, name=None, reuse=None):
    """``tf.layers.conv2d``: variables ``conv2d/kernel`` and ``conv2d/bias``."""
    return _apply_layer(Conv2D, dict(locals()))


def _apply_layer(layer_class, arguments):
    """A functional form's call: the layer made from its arguments, in scope ``name``."""
    inputs, reuse = arguments.pop("inputs"), arguments.pop("reuse")
    return layer_class(_scope=arguments["name"], _reuse=reuse, **arguments).apply(inputs)


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


def conv1d(inputs, filters, kernel_size, strides=1, padding="valid", data_format="channels_last",
           dilation_rate=1, activation=None, use_bias=True, kernel_initializer=None,
           bias_initializer=ZEROS, kernel_regularizer=None, bias_regularizer=None,
           activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
           trainable=True, name=None, reuse=None):
    """``tf.layers.conv1d``: variables ``conv1d/kernel`` [k, in, filters] and ``conv1d/bias``."""
    return _apply_layer(Conv1D, dict(locals()))


def separable_conv2d(inputs, filters, kernel_size, strides=(1, 1), padding="valid",
                     data_format="channels_last", dilation_rate=(1, 1), depth_multiplier=1,
                     activation=None, use_bias=True, depthwise_initializer=None,
                     pointwise_initializer=None, bias_initializer=ZEROS,
                     depthwise_regularizer=None, pointwise_regularizer=None,
                     bias_regularizer=None, activity_regularizer=None, depthwise_constraint=None,
                     pointwise_constraint=None, bias_constraint=None, trainable=True, name=None,
                     reuse=None):
    """``tf.layers.separable_conv2d``: variables ``separable_conv2d/depthwise_kernel``,
    ``pointwise_kernel`` and ``bias``."""
    return _apply_layer(SeparableConv2D, dict(locals()))


def _functional_pooling(layer_class, tf_name):
    """The function form of a pooling layer (``tf.layers.max_pooling2d`` ...)."""
    def pool(inputs, pool_size, strides, padding="valid", data_format="channels_last",
             name=None):
        return layer_class(pool_size, strides, padding=padding, data_format=data_format,
                           name=name).apply(inputs)
    pool.__name__ = pool.__qualname__ = tf_name
    pool.__doc__ = "``tf.layers.%s``." % tf_name
    return pool


max_pooling1d = _functional_pooling(MaxPooling1D, "max_pooling1d")
average_pooling1d = _functional_pooling(AveragePooling1D, "average_pooling1d")
max_pooling2d = _functional_pooling(MaxPooling2D, "max_pooling2d")
average_pooling2d = _functional_pooling(AveragePooling2D, "average_pooling2d")
