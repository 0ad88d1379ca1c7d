"""``tf.nn.log_uniform_candidate_sampler``: TF's LogUniformCandidateSampler op, its random
numbers included (the word2vec tutorials' negative samples).

TF's kernel (core/kernels/candidate_sampler_ops.cc, range_sampler.cc), replayed:

* each run reserves 2048 * num_sampled 32-bit words of the op's Philox stream (its
  GuardedPhiloxRandom) and reads them one at a time from the start of the reservation
  (SimplePhilox; rejection may read past it, as TF's does);
* a sample is ``int(exp(u * log(range_max + 1))) - 1`` (mod range_max), ``u`` a double made of
  two words (RandDouble); with ``unique`` repeated values are drawn again;
* P(v) = log((v + 2) / (v + 1)) / log(range_max + 1), as float32; the expected count of a value
  is ``P * num_sampled`` without rejection, else ``1 - (1 - P) ** tries`` computed in float32
  as ``-expm1(tries * log1p(-P))``, ``tries`` the number of draws it took.
"""
import collections
import ctypes
import ctypes.util
import functools
import math

import numpy as np

from ..framework import dtypes
from ..framework.philox import philox_blocks
from ..framework.random_seed import op_seed_attrs
from ..framework.registry import define_op
from ..framework.ops import get_default_graph
from ..framework.tensor_shape import TensorShape
from .core import apply_op, check_dtype, shape_error, to_tensor
from .random_ops import session_stream

# Words a run reserves per sampled candidate (TF's "conservative estimate").
_WORDS_PER_SAMPLE = 2048

CandidateSamples = collections.namedtuple(
    "CandidateSamples", ["sampled_candidates", "true_expected_count", "sampled_expected_count"])


class _Words:
    """The 32-bit words of a Philox stream from one counter on, read one at a time."""

    _CHUNK_BLOCKS = 64

    def __init__(self, key, counter):
        self._key, self._counter = key, counter
        self._buffer, self._next, self._blocks_read = [], 0, 0

    def __call__(self):
        if self._next == len(self._buffer):
            offsets = np.arange(self._blocks_read, self._blocks_read + self._CHUNK_BLOCKS)
            self._buffer = philox_blocks(self._key, self._counter, offsets).reshape(-1).tolist()
            self._blocks_read += self._CHUNK_BLOCKS
            self._next = 0
        word = self._buffer[self._next]
        self._next += 1
        return word

    def double(self):
        """SimplePhilox::RandDouble: 20 bits of one word and 32 of the next, in [0, 1)."""
        high, low = self(), self()
        return ((high & 0xFFFFF) * 2.0 ** 32 + low) * 2.0 ** -52


def _log_uniform_probability(value, log_range):
    return np.float32(math.log((value + 2.0) / (value + 1.0)) / log_range)


@functools.lru_cache(maxsize=None)
def _c_float_log1p_expm1():
    """The C library's log1pf and expm1f, which TF's kernel calls (numpy's float32 versions
    round differently now and then); numpy's where no C math library can be loaded."""
    try:
        libm = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6")
        functions = libm.log1pf, libm.expm1f
    except (OSError, AttributeError):
        return np.log1p, np.expm1
    for function in functions:
        function.restype, function.argtypes = ctypes.c_float, [ctypes.c_float]
    return tuple(lambda x, f=f: np.float32(f(float(x))) for f in functions)


def _expected_count(probability, num_sampled, tries):
    if tries == num_sampled:
        return probability * np.float32(num_sampled)
    log1p, expm1 = _c_float_log1p_expm1()
    return -expm1(np.float32(tries) * log1p(-probability))


def _log_uniform_kernel(op, state):
    num_sampled, unique = op.get_attr("num_sampled"), op.get_attr("unique")
    range_max = op.get_attr("range_max")
    log_range = math.log1p(range_max)

    def sample(true_classes):
        if true_classes.size and (true_classes.min() < 0 or true_classes.max() >= range_max):
            bad = true_classes[(true_classes < 0) | (true_classes >= range_max)].flat[0]
            raise ValueError("`true_candidate` out of range [0, %d), received %d"
                             % (range_max, bad))
        stream = session_stream(op, state)
        words = _Words(stream.key, stream.reserve(-(-_WORDS_PER_SAMPLE * num_sampled // 4)))
        sampled, seen, tries = [], set(), 0
        while len(sampled) < num_sampled:
            tries += 1
            value = (int(math.exp(words.double() * log_range)) - 1) % range_max
            if not unique or value not in seen:
                seen.add(value)
                sampled.append(value)
        expected = [_expected_count(_log_uniform_probability(v, log_range), num_sampled, tries)
                    for v in sampled]
        true_expected = [_expected_count(_log_uniform_probability(int(v), log_range),
                                         num_sampled, tries) for v in true_classes.flat]
        return (np.array(sampled, np.int64),
                np.array(true_expected, np.float32).reshape(true_classes.shape),
                np.array(expected, np.float32))
    return sample


def _sampler_infer(op):
    true_classes = op.inputs[0]
    if true_classes.dtype != dtypes.int64:
        check_dtype(op, true_classes, (dtypes.int64,), "true_classes")
    shape = true_classes.shape
    if shape.ndims is not None and shape.ndims != 2:
        raise shape_error(op, "Shape must be rank 2 but is rank %d" % shape.ndims)
    num_true, num_sampled = op.get_attr("num_true"), op.get_attr("num_sampled")
    if shape.ndims == 2 and shape[1] is not None and shape[1] != num_true:
        raise shape_error(op, "Dimension 1 in both shapes must be equal, but are %d and %d"
                          % (shape[1], num_true))
    if op.get_attr("unique") and num_sampled > op.get_attr("range_max"):
        raise ValueError("Sampler's range is too small: num_sampled %d > range_max %d (op '%s')"
                         % (num_sampled, op.get_attr("range_max"), op.name))
    batch = shape[0] if shape.ndims == 2 else None
    return [(dtypes.int64, TensorShape([num_sampled])),
            (dtypes.float32, TensorShape([batch, num_true])),
            (dtypes.float32, TensorShape([num_sampled]))]


define_op("LogUniformCandidateSampler", make_kernel=_log_uniform_kernel, infer=_sampler_infer,
          differentiable=False, num_outputs=3)


def log_uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
                                  seed=None, name=None):
    """``tf.nn.log_uniform_candidate_sampler``: ``num_sampled`` classes drawn from the
    log-uniform (Zipfian) distribution over [0, range_max), TF's numbers when seeded; returns
    ``(sampled_candidates, true_expected_count, sampled_expected_count)``."""
    true_classes = to_tensor(true_classes, dtype=dtypes.int64) \
        if not hasattr(true_classes, "op") else to_tensor(true_classes)
    seed1, seed2 = op_seed_attrs(seed, get_default_graph())
    attrs = {"num_true": int(num_true), "num_sampled": int(num_sampled), "unique": bool(unique),
             "range_max": int(range_max), "seed": seed1, "seed2": seed2}
    if attrs["range_max"] <= 0 or attrs["num_sampled"] < 1 or attrs["num_true"] < 1:
        raise ValueError("log_uniform_candidate_sampler needs range_max > 0, num_sampled >= 1 "
                         "and num_true >= 1, got %d, %d, %d"
                         % (attrs["range_max"], attrs["num_sampled"], attrs["num_true"]))
    op = apply_op("LogUniformCandidateSampler", [true_classes], attrs,
                  name or "LogUniformCandidateSampler")
    return CandidateSamples(*op.outputs)
