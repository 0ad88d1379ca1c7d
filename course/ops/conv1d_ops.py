"""``tf.nn.conv1d``: as TF1 builds it, a Conv2D over a height-1 image (the input gets an axis of
size 1 before its width, the filter one in front), then that axis squeezed away."""
from ..framework.ops import name_scope
from . import array_ops, conv_ops
from .core import to_tensor


def conv1d(value=None, filters=None, stride=None, padding=None, use_cudnn_on_gpu=None,
           data_format=None, name=None, input=None, dilations=None):
    """``tf.nn.conv1d``: [batch, in_width, in_channels] with a filter [filter_width,
    in_channels, out_channels]."""
    value = input if value is None else value
    if data_format not in (None, "NWC", "NHWC"):
        raise ValueError("course computes on the CPU, where TF supports only the NWC data "
                         "format, got %r" % (data_format,))
    with name_scope(name, "conv1d", [value, filters]) as scope:
        value = to_tensor(value)
        filters = to_tensor(filters, dtype=value.dtype) if not hasattr(filters, "op") else \
            to_tensor(filters)
        stride = _one(stride, "stride")
        dilation = _one(1 if dilations is None else dilations, "dilations")
        image = array_ops.expand_dims(value, -3)
        result = conv_ops.conv2d(image, array_ops.expand_dims(filters, 0), [1, 1, stride, 1],
                                 padding, dilations=[1, 1, dilation, 1],
                                 name=scope)
        return array_ops.squeeze(result, [-3])


def _one(value, name):
    """An int, or TF's [1, n, 1] / [n] for the width axis."""
    if isinstance(value, int):
        return value
    values = list(value)
    if len(values) == 1:
        return int(values[0])
    if len(values) == 3 and values[0] == values[2] == 1:
        return int(values[1])
    raise ValueError("%s should be of length 1 or 3 (with 1 for the batch and channel "
                     "dimensions), got %r" % (name, value))
