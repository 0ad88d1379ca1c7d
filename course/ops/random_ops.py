"""Seeded random ops, bit-compatible with TF1 (Philox4x32-10, see framework/philox.py).

Each random op owns one Philox stream per session, kept in the session state, so running the
op again continues the stream exactly as TF's kernels do. The Python functions build the same
ops TF1's wrappers build (``random_normal/RandomStandardNormal``, then ``* stddev + mean``).
"""

from ..framework import dtypes
from ..framework.batching import refused, same_in_every_copy
from ..framework.ops import get_default_graph, name_scope
from ..framework.philox import PhiloxStream
from ..framework.random_seed import op_seed_attrs
from ..framework.registry import define_op
from ..framework.tensor_shape import TensorShape
from .core import FLOATS, apply, constant_value, shape_from_tensor, to_tensor
from . import array_ops, math_ops


def session_stream(op, state):
    """The op's Philox stream in this session, created on first use."""
    streams = state.kernel_state
    if op.name not in streams:
        streams[op.name] = PhiloxStream(op.get_attr("seed"), op.get_attr("seed2"))
    return streams[op.name]


def _seeded_in_every_copy(op, batched, state):
    """Batch rule: a seeded op draws the same numbers in every copy (each copy a fresh session
    of its own would), so they are drawn once and shared. An unseeded op would draw other
    numbers in each of those sessions: refused rather than shared."""
    if op.get_attr("seed") == 0 and op.get_attr("seed2") == 0:
        raise refused(op, "it is unseeded, and separate sessions would each draw other numbers "
                          "(give it a seed, or set the graph's: tf.set_random_seed)")
    return same_in_every_copy(op, batched, state)


def _sampler(method):
    def make_kernel(op, state):
        dtype = op.get_attr("dtype").np

        def sample(shape):
            return getattr(session_stream(op, state), method)(tuple(int(d) for d in shape),
                                                              dtype)
        return sample
    return make_kernel


def _shaped_infer(op):
    return [(op.get_attr("dtype"), shape_from_tensor(op.inputs[0]))]


for _type, _method in (("RandomStandardNormal", "normal"), ("RandomUniform", "uniform"),
                       ("TruncatedNormal", "truncated_normal")):
    define_op(_type, make_kernel=_sampler(_method), infer=_shaped_infer, differentiable=False,
              batch=_seeded_in_every_copy)


def _uniform_int_kernel(op, state):
    dtype = op.get_attr("dtype").np

    def sample(shape, minval, maxval):
        return session_stream(op, state).uniform_int(tuple(int(d) for d in shape),
                                                     minval.item(), maxval.item(), dtype)
    return sample


define_op("RandomUniformInt", make_kernel=_uniform_int_kernel, infer=_shaped_infer,
          differentiable=False, batch=_seeded_in_every_copy)


def _shuffle_kernel(op, state):
    return lambda value: session_stream(op, state).shuffle(value)


define_op("RandomShuffle", make_kernel=_shuffle_kernel,
          infer=lambda op: [(op.inputs[0].dtype, op.inputs[0].shape)], differentiable=False,
          batch=_seeded_in_every_copy)


def _multinomial_kernel(op, state):
    dtype = op.get_attr("output_dtype").np
    return lambda logits, num_samples: session_stream(op, state).multinomial(
        logits, int(num_samples), dtype)


def _multinomial_infer(op):
    logits, num = op.inputs
    batch = logits.shape[0] if logits.shape.ndims == 2 else None
    return [(op.get_attr("output_dtype"), TensorShape([batch, constant_value(num)]))]


define_op("Multinomial", make_kernel=_multinomial_kernel, infer=_multinomial_infer,
          differentiable=False)


# -- seeds ---------------------------------------------------------------------------------------
def set_random_seed(seed):
    """``tf.set_random_seed``: the graph-level seed every random op of the graph derives from."""
    get_default_graph().seed = seed


def _seed_attrs(seed):
    s1, s2 = op_seed_attrs(seed, get_default_graph())
    return {"seed": s1, "seed2": s2}


def _shape_tensor(shape):
    if hasattr(shape, "op") or hasattr(shape, "_as_tensor") or array_ops.has_tensor(shape):
        return to_tensor(shape, dtype=dtypes.int32 if not hasattr(shape, "dtype") else None)
    dims = [int(d) for d in (shape.as_list() if isinstance(shape, TensorShape) else shape)]
    return array_ops.constant(dims, dtype=dtypes.int32, name="shape")


def _float_dtype(dtype, fn):
    dtype = dtypes.as_dtype(dtype)
    if dtype not in FLOATS:
        raise ValueError("Invalid dtype %s for %s: a floating dtype is required" % (dtype.name, fn))
    return dtype


# -- public functions ------------------------------------------------------------------------------
def _scaled_normal(op_type, default_name, shape, mean, stddev, dtype, seed, name):
    dtype = _float_dtype(dtype, default_name)
    with name_scope(name, default_name, [shape, mean, stddev]) as scope:
        shape_tensor = _shape_tensor(shape)
        mean_tensor = to_tensor(mean, dtype=dtype, name="mean")
        stddev_tensor = to_tensor(stddev, dtype=dtype, name="stddev")
        rnd = apply(op_type, [shape_tensor], dict(_seed_attrs(seed), dtype=dtype), op_type)
        return math_ops.add(rnd * stddev_tensor, mean_tensor, name=scope)


def random_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """``tf.random_normal``: normal samples, ``seed`` as in TF1 (see set_random_seed)."""
    return _scaled_normal("RandomStandardNormal", "random_normal", shape, mean, stddev, dtype,
                          seed, name)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """``tf.truncated_normal``: normal samples redrawn until within two stddevs of the mean."""
    return _scaled_normal("TruncatedNormal", "truncated_normal", shape, mean, stddev, dtype,
                          seed, name)


def random_uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None):
    """``tf.random_uniform``: floats in [minval, maxval) (default [0, 1)); integer dtypes need
    maxval."""
    dtype = dtypes.as_dtype(dtype)
    if dtype not in FLOATS + (dtypes.int32, dtypes.int64):
        raise ValueError("Invalid dtype %s for random_uniform" % dtype.name)
    if maxval is None:
        if dtype.is_integer:
            raise ValueError("Must specify maxval for integer dtype %r" % dtype)
        maxval = 1
    with name_scope(name, "random_uniform", [shape, minval, maxval]) as scope:
        shape_tensor = _shape_tensor(shape)
        min_tensor = to_tensor(minval, dtype=dtype, name="min")
        max_tensor = to_tensor(maxval, dtype=dtype, name="max")
        attrs = _seed_attrs(seed)
        if dtype.is_integer:
            return apply("RandomUniformInt", [shape_tensor, min_tensor, max_tensor],
                         dict(attrs, dtype=dtype), scope)
        rnd = apply("RandomUniform", [shape_tensor], dict(attrs, dtype=dtype), "RandomUniform")
        return math_ops.add(rnd * (max_tensor - min_tensor), min_tensor, name=scope)


def random_shuffle(value, seed=None, name=None):
    """``tf.random_shuffle``: the rows of ``value`` in a random order."""
    return apply("RandomShuffle", [to_tensor(value)], _seed_attrs(seed), name or "RandomShuffle")


def multinomial(logits, num_samples, seed=None, name=None, output_dtype=None):
    """``tf.multinomial``: ``num_samples`` class indices per row, drawn from softmax(logits)."""
    with name_scope(name, "multinomial", [logits]):
        logits = to_tensor(logits)
        num = to_tensor(num_samples, dtype=dtypes.int32, name="num_samples")
        attrs = dict(_seed_attrs(seed), output_dtype=dtypes.as_dtype(output_dtype or dtypes.int64))
        return apply("Multinomial", [logits, num], attrs, "Multinomial")


def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    return multinomial(logits, num_samples, seed=seed, name=name or "categorical",
                       output_dtype=dtype)
