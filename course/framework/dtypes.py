"""TensorFlow's dtypes: names, numpy equivalents and the conversion rules a learner meets."""
import numpy as np


class DType:
    """A tensor element type with TF's name (``tf.float32``) and its numpy twin."""

    __slots__ = ("name", "_np")

    def __init__(self, name, np_dtype):
        self.name = name
        self._np = np.dtype(np_dtype)

    @property
    def as_numpy_dtype(self):
        return self._np.type

    @property
    def np(self):
        """The numpy dtype object (``np.dtype('float32')``)."""
        return self._np

    @property
    def is_floating(self):
        return self._np.kind == "f"

    @property
    def is_integer(self):
        return self._np.kind in "iu"

    @property
    def is_complex(self):
        return self._np.kind == "c"

    @property
    def is_unsigned(self):
        return self._np.kind == "u"

    @property
    def is_bool(self):
        return self._np.kind == "b"

    @property
    def is_numeric(self):
        return self._np.kind in "iuf"

    @property
    def base_dtype(self):
        return self

    @property
    def real_dtype(self):
        return self

    @property
    def size(self):
        return self._np.itemsize

    @property
    def min(self):
        return np.finfo(self._np).min if self.is_floating else np.iinfo(self._np).min

    @property
    def max(self):
        return np.finfo(self._np).max if self.is_floating else np.iinfo(self._np).max

    def is_compatible_with(self, other):
        return self == as_dtype(other)

    def __eq__(self, other):
        if other is None:
            return False
        try:
            return self.name == as_dtype(other).name
        except TypeError:
            return False

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash(self.name)

    def __repr__(self):
        return "tf." + self.name

    def __str__(self):
        return "<dtype: %r>" % self.name


float16 = DType("float16", np.float16)
float32 = DType("float32", np.float32)
float64 = DType("float64", np.float64)
int8 = DType("int8", np.int8)
int16 = DType("int16", np.int16)
int32 = DType("int32", np.int32)
int64 = DType("int64", np.int64)
uint8 = DType("uint8", np.uint8)
uint16 = DType("uint16", np.uint16)
uint32 = DType("uint32", np.uint32)
uint64 = DType("uint64", np.uint64)
complex64 = DType("complex64", np.complex64)
complex128 = DType("complex128", np.complex128)
bool_ = DType("bool", np.bool_)
string = DType("string", np.object_)
# An opaque value: course's TensorArray (a list of arrays) and a loop's recorded values.
variant = DType("variant", np.object_)
half = float16
double = float64

_ALL = (float16, float32, float64, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
        complex64, complex128, bool_, string)
_BY_NAME = {d.name: d for d in _ALL + (variant,)}
# TF's other spellings: tf.placeholder("float", ...) is everywhere in old tutorials.
_BY_NAME.update({"half": float16, "float": float32, "double": float64})
# Names TF's as_dtype knows that course has no kernels for (quantized, bfloat16, handles).
_UNSUPPORTED = ("bfloat16", "qint8", "qint16", "qint32", "quint8", "quint16", "resource",
                "int4", "uint4", "int2", "uint2", "float8_e4m3fn", "float8_e5m2")
_BY_NUMPY = {d.np: d for d in _ALL if d is not string}


def as_dtype(value):
    """``tf.as_dtype``: a DType from a DType, a name, a numpy dtype or a Python type."""
    if isinstance(value, DType):
        return value
    if isinstance(value, str):
        if value in _BY_NAME:
            return _BY_NAME[value]
        base = value.removesuffix("_ref")
        if base in _BY_NAME or base in _UNSUPPORTED or base.startswith("float8_"):
            # TF has ref dtypes ("float32_ref") and these types; course has neither.
            raise TypeError("course does not support the TensorFlow dtype %r; use one of: %s"
                            % (value, ", ".join(sorted(_BY_NAME))))
        raise TypeError("Cannot convert value %r to a TensorFlow DType." % value)
    if value is bool:
        return bool_
    if value is int:
        return int32
    if value is float:
        return float32
    try:
        npd = np.dtype(value)
    except TypeError:
        raise TypeError("Cannot convert value %r to a TensorFlow DType." % (value,)) from None
    if npd.kind in "SUO":
        return string
    if npd in _BY_NUMPY:
        return _BY_NUMPY[npd]
    raise TypeError("Cannot convert value %r to a TensorFlow DType." % (value,))


def infer_dtype(value):
    """The dtype TF gives a Python or numpy value: ints -> int32 (int64 if too big),
    floats -> float32, numpy arrays keep their own dtype."""
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        return as_dtype(value.dtype)
    arr = np.asarray(value)
    kind = arr.dtype.kind
    if kind == "b":
        return bool_
    if kind in "iu":
        if arr.size and (arr.max() > np.iinfo(np.int32).max or arr.min() < np.iinfo(np.int32).min):
            return int64
        return int32
    if kind == "f":
        return float32
    if kind in "SUO":
        return string
    if kind == "c":
        return complex128
    raise TypeError("Cannot infer a TensorFlow dtype for %r." % (value,))


def as_string_array(raw):
    """A string tensor's value as TF holds it: an object array of ``bytes`` (str encoded as
    UTF-8), so a fetched tf.constant("Hi") is b'Hi' as in TF."""
    array = np.empty(raw.shape, dtype=object)
    flat = array.reshape(-1)
    for i, item in enumerate(raw.reshape(-1)):
        if isinstance(item, str):
            item = item.encode("utf-8")
        elif isinstance(item, (bytearray, memoryview)):
            item = bytes(item)
        elif not isinstance(item, bytes):
            raise TypeError("Expected string, got %r of type '%s' instead."
                            % (item, type(item).__name__))
        flat[i] = item
    return array
