"""``tf.reverse`` (ReverseV2) and ``tf.reverse_sequence`` (ReverseSequence): reversing along axes,
and reversing each row of a batch within its own length (how a backward RNN reads a padded
batch: the padding stays at the end). Each is its own gradient."""
import builtins

import numpy as np

from ..framework import dtypes, errors
from ..framework.batching import per_copy
from ..framework.registry import define_op
from .core import INTS, apply, check_dtype, normalize_axis, shape_error, to_tensor


def _reverse_infer(op):
    x = op._inputs[0]
    rank = x.shape.ndims
    for axis in op.get_attr("axis"):
        normalize_axis(op, axis, rank)
    return [(x.dtype, x.shape)]


define_op("ReverseV2", kernel=lambda x, axis: np.flip(x, axis).copy() if axis else x,
          infer=_reverse_infer,
          grad=lambda op, g: [apply("ReverseV2", [g], {"axis": op.get_attr("axis")})],
          batch=per_copy)


def reverse(tensor, axis, name=None):
    """``tf.reverse``: ``tensor`` with the order of its entries reversed along each of ``axis``."""
    tensor = to_tensor(tensor)
    axes = [axis] if isinstance(axis, int) else list(axis)
    rank = tensor.shape.ndims
    axes = tuple(a % rank if rank is not None else a for a in axes)
    if len(set(axes)) != len(axes):
        raise ValueError("axis %s specified more than once" % (list(axis),))
    return apply("ReverseV2", [tensor], {"axis": axes}, name or "ReverseV2")


def _reverse_sequence_kernel(x, seq_lengths, seq_dim, batch_dim):
    for b, length in enumerate(seq_lengths):
        if length > x.shape[seq_dim]:
            raise errors.InvalidArgumentError(
                None, None, "seq_lens(%d) > input.dims(%d)" % (b, seq_dim))
        if length < 0:
            raise errors.InvalidArgumentError(None, None, "seq_lens(%d) < 0" % b)
    out = x.copy()
    for b, length in enumerate(seq_lengths):
        row = [builtins.slice(None)] * x.ndim
        row[batch_dim] = b
        src, dst = list(row), list(row)
        src[seq_dim] = builtins.slice(length - 1, None, -1) if length else builtins.slice(0, 0)
        dst[seq_dim] = builtins.slice(0, length)
        out[tuple(dst)] = x[tuple(src)]
    return out


def _reverse_sequence_infer(op):
    x, lengths = op._inputs
    check_dtype(op, lengths, (dtypes.int32, dtypes.int64), "seq_lengths")
    rank = x.shape.ndims
    seq_dim, batch_dim = op.get_attr("seq_dim"), op.get_attr("batch_dim")
    if rank is not None:
        if seq_dim >= rank or batch_dim >= rank:
            raise shape_error(op, "Invalid seq_dim %d or batch_dim %d for input with %d "
                              "dimensions" % (seq_dim, batch_dim, rank))
        batch, n = x.shape[batch_dim], lengths.shape[0] if lengths.shape.ndims == 1 else None
        if batch is not None and n is not None and batch != n:
            raise shape_error(op, "Dimension %d in both shapes must be equal, but are %d and %d"
                              % (batch_dim, batch, n))
    return [(x.dtype, x.shape)]


define_op("ReverseSequence", kernel=_reverse_sequence_kernel, infer=_reverse_sequence_infer,
          grad=lambda op, g: [apply("ReverseSequence", [g, op._inputs[1]], {
              "seq_dim": op.get_attr("seq_dim"), "batch_dim": op.get_attr("batch_dim")}), None],
          batch=per_copy)


def reverse_sequence(input, seq_lengths, seq_axis=None, batch_axis=None, name=None, seq_dim=None,
                     batch_dim=None):
    """``tf.reverse_sequence``: row b (along ``batch_axis``) has its first seq_lengths[b] entries
    along ``seq_axis`` reversed; the rest stays in place."""
    seq_axis = seq_axis if seq_axis is not None else seq_dim
    batch_axis = batch_axis if batch_axis is not None else (batch_dim or 0)
    if seq_axis is None:
        raise TypeError("reverse_sequence() needs seq_axis")
    input = to_tensor(input)
    seq_lengths = to_tensor(seq_lengths, dtype=dtypes.int64) if not hasattr(
        seq_lengths, "op") else seq_lengths
    if seq_lengths.dtype not in INTS:
        raise TypeError("seq_lengths must be int32 or int64, got %s" % seq_lengths.dtype.name)
    return apply("ReverseSequence", [input, seq_lengths],
                 {"seq_dim": int(seq_axis), "batch_dim": int(batch_axis)},
                 name or "ReverseSequence")
