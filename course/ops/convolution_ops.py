"""``tf.nn.convolution`` (any of course's ranks: 1-D or 2-D windows) and ``tf.nn.atrous_conv2d``
(a 2-D convolution with holes), built on Conv2D.

TF builds a dilated convolution with SpaceToBatchND / BatchToSpaceND around a plain one; course's
Conv2D takes the dilation itself, which gives the same values (stride 1, as TF requires there)."""
from ..framework.ops import name_scope
from . import conv1d_ops, conv_ops
from .core import to_tensor


def convolution(input, filter, padding, strides=None, dilation_rate=None, name=None,
                data_format=None, filters=None, dilations=None):
    """``tf.nn.convolution``: N-D convolution of ``input`` [batch, spatial..., in_channels]
    with ``filter`` [spatial..., in_channels, out_channels]; course has N = 1 and 2."""
    filter = filters if filter is None else filter
    dilation_rate = dilations if dilation_rate is None else dilation_rate
    input = to_tensor(input, name="input")
    rank = input.shape.ndims
    if rank not in (3, 4):
        raise ValueError("course's tf.nn.convolution takes 1-D or 2-D windows (input of rank 3 "
                         "or 4), got input shape %s" % input.shape)
    spatial = rank - 2
    strides = [1] * spatial if strides is None else list(strides)
    dilation_rate = [1] * spatial if dilation_rate is None else list(dilation_rate)
    if len(strides) != spatial or len(dilation_rate) != spatial:
        raise ValueError("strides and dilation_rate need %d entries (one per spatial dimension), "
                         "got %r and %r" % (spatial, strides, dilation_rate))
    if max(strides) > 1 and max(dilation_rate) > 1:
        raise ValueError("strides > 1 not supported in conjunction with dilation_rate > 1")
    with name_scope(name, "convolution", [input, filter]) as scope:
        if spatial == 1:
            return conv1d_ops.conv1d(input, filter, strides[0], padding, data_format=data_format,
                                     dilations=dilation_rate[0], name=scope)
        return conv_ops.conv2d(input, filter, [1] + strides + [1], padding,
                               data_format=data_format or "NHWC",
                               dilations=[1] + dilation_rate + [1], name=scope)


def atrous_conv2d(value, filters, rate, padding, name=None):
    """``tf.nn.atrous_conv2d``: a stride-1 convolution whose filter taps are ``rate`` apart."""
    return convolution(value, filters, padding, dilation_rate=[rate, rate], name=name)
