"""``tf.nn.depthwise_conv2d``: each input channel convolved with its own ``channel_multiplier``
filters, output channel ``c * multiplier + m`` (TF's order); and ``separable_conv2d``, a
depthwise convolution followed by a 1x1 one.

Built as one Conv2D with a block-diagonal filter (``filter[:, :, c, m]`` at input channel c,
output channel ``c * multiplier + m``, zeros elsewhere), so the convolution, its shapes and both
gradients are Conv2D's, defined once. The cost is C times a depthwise kernel's, which is small
at tutorial sizes; TF's graph holds one DepthwiseConv2dNative op instead."""
from ..framework.ops import name_scope
from . import array_ops, conv_ops, math_ops
from .core import to_tensor


def depthwise_conv2d(input, filter, strides, padding, rate=None, name=None, data_format=None,
                     dilations=None):
    """``tf.nn.depthwise_conv2d(input, filter [k_h, k_w, in_channels, channel_multiplier],
    strides, padding, rate=None)``: NHWC output with ``in_channels * channel_multiplier``
    channels."""
    rate = dilations if rate is None else rate
    input = to_tensor(input, name="input")
    filter = to_tensor(filter, dtype=input.dtype, name="filter") \
        if not hasattr(filter, "op") else to_tensor(filter)
    with name_scope(name, "depthwise", [input, filter]) as scope:
        f_shape = filter.shape
        if f_shape.ndims != 4 or None in f_shape.as_list():
            raise ValueError("depthwise_conv2d: course needs the filter's shape [k_h, k_w, "
                             "in_channels, channel_multiplier] when the graph is built, got %s"
                             % f_shape)
        k_h, k_w, channels, multiplier = f_shape.as_list()
        if input.shape.ndims == 4 and input.shape[3] is not None and input.shape[3] != channels:
            raise ValueError("Dimensions must be equal, but are %d and %d for 'depthwise' (op: "
                             "'DepthwiseConv2dNative') with input shapes: %s, %s."
                             % (input.shape[3], channels, input.shape.list_str(),
                                f_shape.list_str()))
        # [k_h, k_w, C, 1, M] * eye(C)[C, C, 1] -> [k_h, k_w, C, C, M] -> [k_h, k_w, C, C * M]
        eye = array_ops.reshape(array_ops.one_hot(list(range(channels)), channels,
                                                  dtype=input.dtype), [channels, channels, 1])
        blocks = math_ops.multiply(array_ops.expand_dims(filter, 3), eye)
        full = array_ops.reshape(blocks, [k_h, k_w, channels, channels * multiplier])
        rate = [1, 1] if rate is None else list(rate)
        if len(rate) != 2:
            raise ValueError("rate must be two dimensional, got %r" % (rate,))
        if max(rate) > 1 and max(list(strides)) > 1:
            # TF computes this pair through space_to_batch, sampling other positions than a
            # strided dilated convolution: refused rather than answered differently.
            raise NotImplementedError("course does not implement depthwise_conv2d with both "
                                      "strides > 1 and rate > 1")
        return conv_ops.conv2d(input, full, strides, padding, data_format=data_format or "NHWC",
                               dilations=[1] + rate + [1], name=scope)


def separable_conv2d(input, depthwise_filter, pointwise_filter, strides, padding, rate=None,
                     name=None, data_format=None, dilations=None):
    """``tf.nn.separable_conv2d``: ``depthwise_conv2d`` (named "depthwise"), then a 1x1
    Conv2D of ``pointwise_filter`` [1, 1, in_channels * multiplier, out_channels]."""
    rate = dilations if rate is None else rate
    with name_scope(name, "separable_conv2d", [input, depthwise_filter, pointwise_filter]) as \
            scope:
        input = to_tensor(input, name="tensor_in")
        pointwise_filter = to_tensor(pointwise_filter, name="pointwise_filter")
        shape = pointwise_filter.shape
        if shape.ndims != 4 or shape[0] not in (1, None) or shape[1] not in (1, None):
            raise ValueError("separable_conv2d: pointwise_filter must have shape "
                             "[1, 1, in_channels * channel_multiplier, out_channels], got %s"
                             % shape)
        depthwise = depthwise_conv2d(input, depthwise_filter, strides, padding, rate=rate,
                                     name="depthwise", data_format=data_format)
        return conv_ops.conv2d(depthwise, pointwise_filter, [1, 1, 1, 1], "VALID",
                               data_format=data_format or "NHWC", name=scope)
