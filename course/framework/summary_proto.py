"""The values summary ops produce, as TF's: the serialized bytes of a Summary protocol buffer
(``SummaryBytes``, a ``bytes`` that shows itself readably), with ``Summary`` and
``HistogramProto`` as small classes that read and write those bytes exactly as TF's protobuf
does (course/framework/proto_wire.py; no protobuf package needed), and the histogram TF's
HistogramSummary makes."""
import numpy as np

from . import proto_wire as wire


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

    def SerializeToString(self):
        return b"".join([
            wire.optional_double(1, self.min), wire.optional_double(2, self.max),
            wire.optional_double(3, self.num), wire.optional_double(4, self.sum),
            wire.optional_double(5, self.sum_squares),
            wire.packed_doubles(6, self.bucket_limit), wire.packed_doubles(7, self.bucket)])

    @classmethod
    def FromString(cls, data):
        h = cls()
        names = {1: "min", 2: "max", 3: "num", 4: "sum", 5: "sum_squares"}
        for field, wire_type, value in wire.fields(data):
            if field in names:
                setattr(h, names[field], wire.as_double(value))
            elif field == 6:
                h.bucket_limit += wire.as_doubles(value, wire_type)
            elif field == 7:
                h.bucket += wire.as_doubles(value, wire_type)
        return h

    def __eq__(self, other):
        return isinstance(other, HistogramProto) and all(
            getattr(self, name) == getattr(other, name) for name in self.__slots__)


class Summary:
    """A list of tagged values (``Summary.Value(tag=..., simple_value=...)``, ``histo=`` or
    ``image=``)."""

    class Image:
        """An encoded image: height, width, colorspace (channels) and the PNG bytes."""
        __slots__ = ("height", "width", "colorspace", "encoded_image_string")

        def __init__(self, height=0, width=0, colorspace=0, encoded_image_string=b""):
            self.height, self.width, self.colorspace = int(height), int(width), int(colorspace)
            self.encoded_image_string = bytes(encoded_image_string)

        def __repr__(self):
            return "Summary.Image(height=%d, width=%d, colorspace=%d, %d bytes)" % (
                self.height, self.width, self.colorspace, len(self.encoded_image_string))

        def SerializeToString(self):
            return b"".join([wire.optional_varint(1, self.height),
                             wire.optional_varint(2, self.width),
                             wire.optional_varint(3, self.colorspace),
                             wire.optional_string(4, self.encoded_image_string)])

        @classmethod
        def FromString(cls, data):
            image = cls()
            for field, _, value in wire.fields(data):
                if field in (1, 2, 3):
                    setattr(image, ("height", "width", "colorspace")[field - 1], value)
                elif field == 4:
                    image.encoded_image_string = bytes(value)
            return image

    class Value:
        __slots__ = ("tag", "simple_value", "histo", "image")

        def __init__(self, tag="", simple_value=None, histo=None, image=None):
            self.tag = tag
            self.simple_value = None if simple_value is None else float(simple_value)
            self.histo = histo
            self.image = image

        def __repr__(self):
            kind = "histo=%r" % self.histo if self.histo is not None else \
                "image=%r" % self.image if self.image is not None else \
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
            elif v.image is not None:
                lines += ["  image {", "    height: %d" % v.image.height,
                          "    width: %d" % v.image.width,
                          "    colorspace: %d" % v.image.colorspace,
                          "    (%d bytes of PNG)" % len(v.image.encoded_image_string), "  }"]
            else:
                lines.append("  simple_value: %r" % v.simple_value)
            lines.append("}")
        return "\n".join(lines)

    def __repr__(self):
        return "Summary(value=%r)" % self.value

    def SerializeToString(self):
        """The protocol-buffer bytes, as TF's Summary.SerializeToString() gives them."""
        out = []
        for v in self.value:
            if v.histo is not None:
                body = wire.length_delimited(5, v.histo.SerializeToString())
            elif v.image is not None:
                body = wire.length_delimited(4, v.image.SerializeToString())
            else:
                body = wire.float32(2, v.simple_value)
            out.append(wire.length_delimited(1, wire.optional_string(1, v.tag) + body))
        return b"".join(out)

    @classmethod
    def FromString(cls, data):
        """Parse protocol-buffer bytes (scalar, histogram and image values; other kinds, such
        as audio, are skipped)."""
        values = []
        for field, _, payload in wire.fields(data):
            if field != 1:
                continue
            tag, simple_value, histo, image = "", None, None, None
            for f, _, value in wire.fields(payload):
                if f == 1:
                    tag = value.decode("utf-8")
                elif f == 2:
                    simple_value = wire.as_float(value)
                elif f == 4:
                    image = cls.Image.FromString(value)
                elif f == 5:
                    histo = HistogramProto.FromString(value)
            if simple_value is not None or histo is not None or image is not None:
                values.append(cls.Value(tag, simple_value=simple_value, histo=histo,
                                        image=image))
        return cls(values)

    def ParseFromString(self, data):
        """Replace this summary's values by those parsed from ``data``; returns its length."""
        self.value = Summary.FromString(data).value
        return len(data)


class SummaryBytes(bytes):
    """A summary op's fetched value: the serialized Summary, ``bytes`` as in TF (so
    ``writer.add_summary(s)`` and ``tf.Summary.FromString(s)`` take it), shown readably."""

    __slots__ = ()

    def __repr__(self):
        return "<Summary, %d bytes serialized>\n%s" % (len(self), Summary.FromString(self))


def as_summary(value):
    """A Summary from a fetched summary (bytes), a Summary, or a string tensor's value."""
    if isinstance(value, np.ndarray):
        value = value[()] if value.ndim == 0 else value.item()
    if isinstance(value, Summary):
        return value
    if isinstance(value, (bytes, bytearray)):
        return Summary.FromString(bytes(value))
    hint = ("; run it first: writer.add_summary(sess.run(summary_op), step)"
            if hasattr(value, "graph") and hasattr(value, "op") else "")
    raise TypeError("Expected a Summary (the value of a summary op), got %r%s" % (value, hint))


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
