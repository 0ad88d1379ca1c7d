"""The values summary ops produce: small stand-ins for TF's Summary and HistogramProto protocol
buffers, the histogram TF's HistogramSummary makes, and the conversion to TensorBoard's real
protos (imported only when asked for: ``import course`` needs numpy only)."""
import numpy as np


class HistogramProto:
    """A histogram as TF stores it: min, max, num, sum, sum_squares, and counts per bucket
    (``bucket[i]`` counts values below ``bucket_limit[i]`` and at or above the previous limit;
    runs of empty buckets are collapsed into one)."""

    __slots__ = ("min", "max", "num", "sum", "sum_squares", "bucket_limit", "bucket")

    def __init__(self, min=0.0, max=0.0, num=0.0, sum=0.0, sum_squares=0.0, bucket_limit=(),
                 bucket=()):
        self.min, self.max, self.num = float(min), float(max), float(num)
        self.sum, self.sum_squares = float(sum), float(sum_squares)
        self.bucket_limit, self.bucket = list(bucket_limit), list(bucket)

    def __repr__(self):
        return "HistogramProto(min=%g, max=%g, num=%g, sum=%g, %d buckets)" % (
            self.min, self.max, self.num, self.sum, len(self.bucket))


class Summary:
    """A list of tagged values (``Summary.Value(tag=..., simple_value=...)`` or ``histo=``)."""

    class Value:
        __slots__ = ("tag", "simple_value", "histo")

        def __init__(self, tag="", simple_value=None, histo=None):
            self.tag = tag
            self.simple_value = None if simple_value is None else float(simple_value)
            self.histo = histo

        def __repr__(self):
            kind = "histo=%r" % self.histo if self.histo is not None else \
                "simple_value=%r" % self.simple_value
            return "Summary.Value(tag=%r, %s)" % (self.tag, kind)

    def __init__(self, value=None):
        self.value = list(value or [])

    def __str__(self):
        lines = []
        for v in self.value:
            lines += ["value {", '  tag: "%s"' % v.tag]
            if v.histo is not None:
                h = v.histo
                lines += ["  histo {", "    min: %r" % h.min, "    max: %r" % h.max,
                          "    num: %r" % h.num, "    sum: %r" % h.sum,
                          "    sum_squares: %r" % h.sum_squares,
                          "    (%d buckets)" % len(h.bucket), "  }"]
            else:
                lines.append("  simple_value: %r" % v.simple_value)
            lines.append("}")
        return "\n".join(lines)

    def __repr__(self):
        return "Summary(value=%r)" % self.value

    def SerializeToString(self):
        """The real protocol-buffer bytes (needs the tensorboard package)."""
        return to_proto(self).SerializeToString()

    @classmethod
    def FromString(cls, data):
        """Parse protocol-buffer bytes (needs the tensorboard package)."""
        from tensorboard.compat.proto import summary_pb2
        proto = summary_pb2.Summary.FromString(data)
        values = []
        for v in proto.value:
            if v.HasField("histo"):
                h = v.histo
                values.append(cls.Value(v.tag, histo=HistogramProto(
                    h.min, h.max, h.num, h.sum, h.sum_squares, h.bucket_limit, h.bucket)))
            else:
                values.append(cls.Value(v.tag, simple_value=v.simple_value))
        return cls(values)


def as_summary(value):
    """A Summary from a fetched summary, a string tensor's value or protocol-buffer bytes."""
    if isinstance(value, np.ndarray):
        value = value[()] if value.ndim == 0 else value.item()
    if isinstance(value, Summary):
        return value
    if isinstance(value, (bytes, bytearray)):
        return Summary.FromString(bytes(value))
    raise TypeError("Expected a Summary (the value of a summary op), got %r" % (value,))


# -- histograms with TF's default buckets -------------------------------------------------------
_BUCKET_LIMITS = None


def _bucket_limits():
    """TF's default limits: +-1e-12 growing by 10% up to 1e20, then +-DBL_MAX, and 0."""
    global _BUCKET_LIMITS
    if _BUCKET_LIMITS is None:
        positive = []
        v = 1.0e-12
        while v < 1.0e20:
            positive.append(v)
            v *= 1.1
        positive.append(np.finfo(np.float64).max)
        _BUCKET_LIMITS = np.array([-p for p in reversed(positive)] + [0.0] + positive)
    return _BUCKET_LIMITS


def make_histogram(values):
    """The HistogramProto TF's HistogramSummary makes of ``values`` (any shape)."""
    values = np.asarray(values, dtype=np.float64).ravel()
    limits = _bucket_limits()
    counts = np.bincount(np.searchsorted(limits, values, side="right"), minlength=len(limits))
    counts = counts[:len(limits)].astype(np.float64)
    # Keep non-empty buckets; a run of empty ones is kept as its last bucket.
    keep = (counts > 0) | np.append(counts[1:] > 0, True)
    dbl_max = np.finfo(np.float64).max
    return HistogramProto(
        min=values.min() if values.size else dbl_max,
        max=values.max() if values.size else -dbl_max,
        num=values.size, sum=values.sum(), sum_squares=np.dot(values, values),
        bucket_limit=limits[keep].tolist(), bucket=counts[keep].tolist())


# -- the ops ------------------------------------------------------------------------------------


def to_proto(summary):
    """The tensorboard package's Summary protocol buffer holding ``summary``'s values."""
    from tensorboard.compat.proto import summary_pb2
    values = []
    for v in summary.value:
        if v.histo is not None:
            h = v.histo
            values.append(summary_pb2.Summary.Value(tag=v.tag, histo=summary_pb2.HistogramProto(
                min=h.min, max=h.max, num=h.num, sum=h.sum, sum_squares=h.sum_squares,
                bucket_limit=h.bucket_limit, bucket=h.bucket)))
        else:
            values.append(summary_pb2.Summary.Value(tag=v.tag, simple_value=v.simple_value))
    return summary_pb2.Summary(value=values)
