"""Elementwise kernels for NHWC feature maps with few channels, as long rows.

numpy pays ~5-10 ns per innermost loop, and a loop stops where an operand's strides stop
being regular: ``x + b`` with a bias of C channels, or ``np.maximum(x, 0)`` with its
broadcast scalar, run inner loops of C floats (or scalar code) over every pixel. Seen as
rows of the trailing axes (at least ROW floats) with the bias tiled along the row (or a row
of zeros), the same additions and maxima run in long loops: 3-5x faster on 100x28x28x4
maps, bit for bit the same.
"""
import numpy as np

# Below this many elements the reshaping costs more than the short loops do.
MIN_SIZE = 1 << 12
ROW = 256


def _row_length(x):
    """The size of the fewest trailing axes that hold ROW elements (all of them if fewer)."""
    row = 1
    for d in reversed(x.shape):
        row *= d
        if row >= ROW:
            break
    return row


def add_channels(x, bias):
    """``x + bias`` for a 1-D ``bias`` along the last axis of ``x`` (as np.add broadcasts)."""
    if (x.ndim < 2 or bias.ndim != 1 or x.size < MIN_SIZE or x.dtype != bias.dtype
            or bias.shape[0] != x.shape[-1] or not x.flags.c_contiguous):
        return np.add(x, bias)
    row = _row_length(x)
    return np.add(x.reshape(-1, row), np.tile(bias, row // bias.shape[0])).reshape(x.shape)


def relu(x):
    """``max(x, 0)``, nan kept (np.maximum's rule, as TF's)."""
    if x.size < MIN_SIZE or not x.flags.c_contiguous:
        return np.maximum(x, x.dtype.type(0))
    row = _row_length(x)
    return np.maximum(x.reshape(-1, row), np.zeros(row, x.dtype)).reshape(x.shape)
