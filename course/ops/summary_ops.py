"""The summary ops (ScalarSummary, HistogramSummary, ImageSummary, MergeSummary): each makes a scalar string
tensor holding a serialized Summary protocol buffer, as TF's (fetched, it is ``bytes``: a
``SummaryBytes`` that prints readably). ``tf.summary`` (course/summary.py) builds them and
records them."""
import numpy as np

from ..framework import dtypes
from ..framework.registry import define_op
from ..framework.png import encode_png
from ..framework.summary_proto import Summary, SummaryBytes, make_histogram
from ..framework.tensor_shape import TensorShape


def _string_scalar(summary):
    holder = np.empty((), dtype=object)
    holder[()] = SummaryBytes(summary.SerializeToString())
    return holder


def _scalar_summary_kernel(value, tag):
    if value.ndim != 0:
        raise ValueError("tags and values not the same shape: [] != %s (tag '%s')"
                         % (TensorShape(value.shape).list_str(), tag))
    return _string_scalar(Summary([Summary.Value(tag, simple_value=value)]))


def _histogram_summary_kernel(values, tag):
    if values.dtype.kind == "f" and not np.all(np.isfinite(values)):
        raise ValueError("Nan in summary histogram for: %s" % tag)
    return _string_scalar(Summary([Summary.Value(tag, histo=make_histogram(values))]))


# TF's ImageSummary: non-finite pixels are painted bad_color (opaque red), cut to the depth.
_BAD_COLOR = (255, 0, 0, 255)


def _to_uint8(image):
    """TF's NormalizeFloatImage: 255 / max for non-negative images, else 127 / max |value|
    around 128 (computed in the image's dtype, truncated); non-finite pixels bad_color."""
    finite = np.all(np.isfinite(image), axis=-1)
    values = image[finite]
    low = values.min() if values.size else np.inf
    high = values.max() if values.size else -np.inf
    kind = image.dtype.type
    if low < 0:
        largest = max(abs(float(low)), abs(float(high)))
        scale, offset = kind(0.0 if largest < 1e-6 else np.float32(127.0) / np.float32(largest)), \
            kind(128.0)
    else:
        scale, offset = kind(0.0 if high < 1e-6 else np.float32(255.0) / np.float32(high)), \
            kind(0.0)
    out = np.empty(image.shape, np.uint8)
    out[finite] = (values * scale + offset).astype(np.uint8)
    out[~finite] = _BAD_COLOR[:image.shape[-1]]
    return out


def _image_summary_kernel(images, tag, max_images):
    if images.ndim != 4 or images.shape[-1] not in (1, 3, 4):
        raise ValueError("Tensor must be 4-D with last dim 1, 3, or 4, not %s"
                         % TensorShape(images.shape).list_str())
    values = []
    for i in range(min(len(images), max_images)):
        image = images[i] if images.dtype == np.uint8 else _to_uint8(images[i])
        height, width, depth = image.shape
        values.append(Summary.Value(
            "%s/image/%d" % (tag, i) if max_images > 1 else "%s/image" % tag,
            image=Summary.Image(height, width, depth, encode_png(image))))
    return _string_scalar(Summary(values))


def _image_infer(op):
    images = op.inputs[0]
    if images.dtype not in (dtypes.uint8, dtypes.float32, dtypes.float16, dtypes.float64):
        raise TypeError("Value passed to parameter 'tensor' has DataType %s not in list of "
                        "allowed values: uint8, float32, float16, float64 (op '%s' of type "
                        "ImageSummary)" % (images.dtype.name, op.name))
    if op.get_attr("max_images") < 1:
        raise ValueError("Attr 'max_images' of %d must be at least minimum 1 (op '%s')"
                         % (op.get_attr("max_images"), op.name))
    return [(dtypes.string, TensorShape([]))]


def _merge_summary_kernel(*inputs):
    """The inputs' bytes one after the other (protobuf's merge of repeated fields, as TF's
    MergeSummary writes them), once no tag is repeated."""
    seen = set()
    for serialized in inputs:
        for tag in _tags(serialized[()]):
            if tag in seen:
                raise ValueError("Duplicate tag %s found in summary inputs" % tag)
            seen.add(tag)
    holder = np.empty((), dtype=object)
    holder[()] = SummaryBytes(b"".join(bytes(s[()]) for s in inputs))
    return holder


def _tags(serialized):
    if not isinstance(serialized, (bytes, bytearray)):
        raise ValueError("Could not parse one of the summary inputs: %r" % (serialized,))
    return [v.tag for v in Summary.FromString(serialized).value]


def _numeric_scalar_infer(op):
    if not (op.inputs[0].dtype.is_numeric or op.inputs[0].dtype.is_bool):
        raise TypeError("Value passed to parameter 'values' has DataType %s not in list of "
                        "allowed values (op '%s' of type %s)" % (op.inputs[0].dtype.name,
                                                                op.name, op.type))
    return [(dtypes.string, TensorShape([]))]


def _merge_infer(op):
    for t in op.inputs:
        if t.dtype != dtypes.string:
            raise TypeError("Input 'inputs' of 'MergeSummary' Op has type %s that does not match "
                            "expected type of string." % t.dtype.name)
    return [(dtypes.string, TensorShape([]))]


define_op("ScalarSummary", kernel=_scalar_summary_kernel, infer=_numeric_scalar_infer,
          differentiable=False)
define_op("HistogramSummary", kernel=_histogram_summary_kernel, infer=_numeric_scalar_infer,
          differentiable=False)
define_op("ImageSummary", kernel=_image_summary_kernel, infer=_image_infer, differentiable=False)
define_op("MergeSummary", kernel=_merge_summary_kernel, infer=_merge_infer, differentiable=False)
