"""The summary ops (ScalarSummary, HistogramSummary, MergeSummary): each makes a scalar string
tensor holding a serialized Summary protocol buffer, as TF's (fetched, it is ``bytes``: a
``SummaryBytes`` that prints readably). ``tf.summary`` (course/summary.py) builds them and
records them."""
import numpy as np

from ..framework import dtypes
from ..framework.registry import define_op
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
define_op("MergeSummary", kernel=_merge_summary_kernel, infer=_merge_infer, differentiable=False)
