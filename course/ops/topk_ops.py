"""``tf.nn.top_k`` and ``tf.nn.in_top_k``: the k largest entries of each row (last axis)."""
import collections

import numpy as np

from ..framework import dtypes
from ..framework.batching import per_copy
from ..framework.registry import define_op
from ..framework.tensor_shape import TensorShape, unknown_shape
from .core import INTS, NUMERIC, apply, apply_op, check_dtype, shape_error, to_tensor
from . import array_ops, math_ops, reduction_ops


TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])


def _top_k_kernel(x, k, sorted):
    if x.shape[-1] < k:
        raise ValueError("input must have at least k columns. Had %d, needed %d"
                         % (x.shape[-1], k))
    # Largest first; among equal values the lower index first (TF's order).
    order = np.argsort(-x, axis=-1, kind="stable")[..., :k]
    return np.take_along_axis(x, order, axis=-1), order.astype(np.int32)


def _top_k_infer(op):
    x = op.inputs[0]
    check_dtype(op, x, NUMERIC)
    k = op.get_attr("k")
    if x.shape.ndims is None:
        shape = unknown_shape()
    else:
        if x.shape.ndims < 1:
            raise shape_error(op, "Shape must be at least rank 1 but is rank 0")
        last = x.shape.as_list()[-1]
        if last is not None and last < k:
            raise shape_error(op, "input must have last dimension >= k = %d but is %d"
                              % (k, last))
        shape = TensorShape(x.shape.as_list()[:-1] + [k])
    return [(x.dtype, shape), (dtypes.int32, shape)]


def _top_k_grad(op, g_values, g_indices):
    # The values' gradient goes back to the entries they were taken from: compare each picked
    # index with every position of the last axis (positions counted at run time).
    x, indices = op.inputs[0], op.outputs[1]
    if x.shape.ndims is None:
        raise ValueError("top_k's gradient needs the rank of its input to be known")
    last = x.shape.ndims - 1
    positions = math_ops.cumsum(array_ops.ones_like(x, dtype=dtypes.int32), axis=last) - 1
    picked = math_ops.equal(array_ops.expand_dims(indices, -1),
                            array_ops.expand_dims(positions, -2))
    spread = array_ops.cast(picked, g_values.dtype)
    return [reduction_ops.reduce_sum(spread * array_ops.expand_dims(g_values, -1), axis=-2)]


define_op("TopKV2", kernel=lambda x, k, sorted: _top_k_kernel(x, k, sorted),
          infer=_top_k_infer, grad=_top_k_grad, num_outputs=2, batch=per_copy)


def top_k(input, k=1, sorted=True, name=None):
    """``tf.nn.top_k``: ``(values, indices)`` of the k largest entries along the last axis."""
    op = apply_op("TopKV2", [to_tensor(input)], {"k": int(k), "sorted": bool(sorted)},
                  name=name or "TopKV2")
    return TopKV2(*op.outputs)


def _in_top_k_kernel(predictions, targets, k):
    rows = np.arange(len(targets))
    valid = (targets >= 0) & (targets < predictions.shape[1])
    target_values = predictions[rows, np.where(valid, targets, 0)]
    greater = (predictions > target_values[:, None]).sum(axis=1)
    # Ties at the boundary all count as in the top k; a non-finite prediction never does.
    return valid & np.isfinite(target_values) & (greater < k)


def _in_top_k_infer(op):
    predictions, targets = op.inputs
    check_dtype(op, predictions, (dtypes.float32, dtypes.float16, dtypes.float64),
                "predictions")
    check_dtype(op, targets, INTS, "targets")
    if predictions.shape.ndims not in (None, 2):
        raise shape_error(op, "Shape must be rank 2 but is rank %d" % predictions.shape.ndims)
    if targets.shape.ndims not in (None, 1):
        raise shape_error(op, "Shape must be rank 1 but is rank %d" % targets.shape.ndims)
    batch = targets.shape[0] if targets.shape.ndims else None
    if batch is None and predictions.shape.ndims:
        batch = predictions.shape[0]
    return [(dtypes.bool_, TensorShape([batch]))]


define_op("InTopKV2", kernel=lambda predictions, targets, k: _in_top_k_kernel(
    predictions, targets, k), infer=_in_top_k_infer, differentiable=False, batch=per_copy)


def in_top_k(predictions, targets, k, name=None):
    """``tf.nn.in_top_k``: whether each ``targets[i]`` is among the k largest of
    ``predictions[i]`` (bool [batch])."""
    return apply("InTopKV2", [to_tensor(predictions), to_tensor(targets)], {"k": int(k)},
                 name=name or "in_top_k")


