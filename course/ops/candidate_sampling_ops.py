"""``tf.nn.log_uniform_candidate_sampler`` and ``uniform_candidate_sampler``: TF's candidate
sampler ops, their random numbers included (the word2vec tutorials' negative samples), and
``tf.nn.compute_accidental_hits``.

TF's kernel (core/kernels/candidate_sampler_ops.cc, range_sampler.cc), replayed:

* each run reserves 2048 * num_sampled 32-bit words of the op's Philox stream (its
  GuardedPhiloxRandom) and reads them one at a time from the start of the reservation
  (SimplePhilox; rejection may read past it, as TF's does);
* a log-uniform sample is ``int(exp(u * log(range_max + 1))) - 1`` (mod range_max), ``u`` a
  double made of two words (RandDouble), P(v) = log((v + 2) / (v + 1)) / log(range_max + 1) as
  float32; a uniform one is SimplePhilox::Uniform64, P(v) = 1 / range_max; with ``unique``
  repeated values are drawn again;
* the expected count of a value
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


    def uint64(self):
        """SimplePhilox::Rand64: the first word low, the second high."""
        low, high = self(), self()
        return low | high << 32


class _LogUniform:
    """LogUniformSampler: ``int(exp(u * log(range + 1))) - 1``, P(v) = log((v+2)/(v+1)) /
    log(range + 1)."""

    def __init__(self, range_max):
        self.range_max, self._log_range = range_max, math.log1p(range_max)

    def sample(self, words):
        return (int(math.exp(words.double() * self._log_range)) - 1) % self.range_max

    def probability(self, value):
        return np.float32(math.log((value + 2.0) / (value + 1.0)) / self._log_range)


class _Uniform:
    """UniformSampler: SimplePhilox::Uniform64 (rejection below 2**64 mod n, a mask for powers
    of two), P(v) = 1 / range."""

    def __init__(self, range_max):
        self.range_max, self._probability = range_max, np.float32(1.0 / range_max)
        self._reject_below = ((2 ** 64 - 1) % range_max) + 1

    def sample(self, words):
        n = self.range_max
        if n & (n - 1) == 0:
            return words.uint64() & (n - 1)
        value = words.uint64()
        while value < self._reject_below:
            value = words.uint64()
        return value % n

    def probability(self, value):
        return self._probability


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


def _candidate_kernel(sampler_class):
    def make_kernel(op, state):
        num_sampled, unique = op.get_attr("num_sampled"), op.get_attr("unique")
        range_max = op.get_attr("range_max")
        sampler = sampler_class(range_max)

        def sample(true_classes):
            outside = (true_classes < 0) | (true_classes >= range_max)
            if outside.any():
                raise ValueError("`true_candidate` out of range [0, %d), received %d"
                                 % (range_max, true_classes[outside].flat[0]))
            stream = session_stream(op, state)
            words = _Words(stream.key, stream.reserve(-(-_WORDS_PER_SAMPLE * num_sampled // 4)))
            sampled, seen, tries = [], set(), 0
            while len(sampled) < num_sampled:
                tries += 1
                value = sampler.sample(words)
                if not unique or value not in seen:
                    seen.add(value)
                    sampled.append(value)

            def expected(values):
                return [_expected_count(sampler.probability(int(v)), num_sampled, tries)
                        for v in values]
            return (np.array(sampled, np.int64),
                    np.array(expected(true_classes.flat), np.float32).reshape(true_classes.shape),
                    np.array(expected(sampled), np.float32))
        return sample
    return make_kernel


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


for _type, _sampler in (("LogUniformCandidateSampler", _LogUniform),
                        ("UniformCandidateSampler", _Uniform)):
    define_op(_type, make_kernel=_candidate_kernel(_sampler), infer=_sampler_infer,
              differentiable=False, num_outputs=3)


def _candidate_sampler(op_type, true_classes, num_true, num_sampled, unique, range_max, seed,
                       name):
    true_classes = to_tensor(true_classes, dtype=dtypes.int64) \
        if not hasattr(true_classes, "op") else to_tensor(true_classes)
    seed1, seed2 = op_seed_attrs(seed, get_default_graph())
    attrs = {"num_true": int(num_true), "num_sampled": int(num_sampled), "unique": bool(unique),
             "range_max": int(range_max), "seed": seed1, "seed2": seed2}
    if attrs["range_max"] <= 0 or attrs["num_sampled"] < 1 or attrs["num_true"] < 1:
        raise ValueError("%s needs range_max > 0, num_sampled >= 1 and num_true >= 1, got %d, "
                         "%d, %d" % (op_type, attrs["range_max"], attrs["num_sampled"],
                                     attrs["num_true"]))
    return CandidateSamples(*apply_op(op_type, [true_classes], attrs, name or op_type).outputs)


def log_uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
                                  seed=None, name=None):
    """``tf.nn.log_uniform_candidate_sampler``: ``num_sampled`` classes drawn from the
    log-uniform (Zipfian) distribution over [0, range_max), TF's numbers when seeded; returns
    ``(sampled_candidates, true_expected_count, sampled_expected_count)``."""
    return _candidate_sampler("LogUniformCandidateSampler", true_classes, num_true, num_sampled,
                              unique, range_max, seed, name)


def uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max, seed=None,
                              name=None):
    """``tf.nn.uniform_candidate_sampler``: ``num_sampled`` classes drawn uniformly from
    [0, range_max), TF's numbers when seeded."""
    return _candidate_sampler("UniformCandidateSampler", true_classes, num_true, num_sampled,
                              unique, range_max, seed, name)


def _accidental_hits_kernel(true_classes, sampled_candidates, num_true):
    # ComputeAccidentalHits: (example, position in the sample) of each true class that was also
    # sampled, example by example; the last position of a value sampled twice.
    position = {int(v): i for i, v in enumerate(sampled_candidates.tolist())}
    hits = [(row, position[int(v)]) for row, classes in enumerate(true_classes.tolist())
            for v in classes if int(v) in position]
    return (np.array([h[0] for h in hits], np.int32), np.array([h[1] for h in hits], np.int64),
            np.full(len(hits), -np.finfo(np.float32).max, np.float32))


def _accidental_hits_infer(op):
    true_classes, sampled = op.inputs
    for tensor, name in ((true_classes, "true_classes"), (sampled, "sampled_candidates")):
        check_dtype(op, tensor, (dtypes.int64,), name)
    if true_classes.shape.ndims not in (None, 2):
        raise shape_error(op, "Shape must be rank 2 but is rank %d" % true_classes.shape.ndims)
    if sampled.shape.ndims not in (None, 1):
        raise shape_error(op, "Shape must be rank 1 but is rank %d" % sampled.shape.ndims)
    return [(dtypes.int32, TensorShape([None])), (dtypes.int64, TensorShape([None])),
            (dtypes.float32, TensorShape([None]))]


define_op("ComputeAccidentalHits", kernel=_accidental_hits_kernel, infer=_accidental_hits_infer,
          differentiable=False, num_outputs=3)


def compute_accidental_hits(true_classes, sampled_candidates, num_true, seed=None, name=None):
    """``tf.nn.compute_accidental_hits``: ``(indices, ids, weights)`` of the sampled candidates
    that are one of an example's true classes (weights -FLT_MAX, to add to their logits)."""
    def as_int64(t):
        return to_tensor(t, dtype=dtypes.int64) if not hasattr(t, "op") else to_tensor(t)
    op = apply_op("ComputeAccidentalHits", [as_int64(true_classes), as_int64(sampled_candidates)],
                  {"num_true": int(num_true)}, name or "ComputeAccidentalHits")
    return tuple(op.outputs)
