"""``tf.gather_nd`` and ``tf.scatter_nd``: index with whole coordinate vectors (each the
other's gradient)."""
import numpy as np

from ..framework.registry import define_op
from ..framework.tensor_shape import TensorShape, unknown_shape
from .core import INTS, apply, check_dtype, shape_error, shape_from_tensor, to_tensor
from . import array_ops


def _gather_nd_kernel(params, indices):
    depth = indices.shape[-1]
    if depth > params.ndim:
        raise ValueError("index innermost dimension length must be <= params rank; saw: %d vs. "
                         "%d" % (depth, params.ndim))
    bad = (indices < 0) | (indices >= np.array(params.shape[:depth]))
    if bad.any():
        where = np.argwhere(bad.any(axis=-1))[0]
        raise ValueError("indices%s = %s does not index into param shape %s" % (
            list(where), indices[tuple(where)].tolist(), list(params.shape)))
    return params[tuple(np.moveaxis(indices, -1, 0))]


def _gather_nd_infer(op):
    params, indices = op.inputs
    check_dtype(op, indices, INTS, "indices")
    if params.shape.ndims is None or indices.shape.ndims is None or \
            indices.shape.as_list()[-1] is None:
        return [(params.dtype, unknown_shape())]
    depth = indices.shape.as_list()[-1]
    if depth > params.shape.ndims:
        raise shape_error(op, "indices.shape[-1] must be <= params.rank, but saw indices shape: "
                          "%s and params shape: %s" % (indices.shape, params.shape))
    return [(params.dtype, TensorShape(indices.shape.as_list()[:-1] +
                                       params.shape.as_list()[depth:]))]


def _gather_nd_grad(op, g):
    params, indices = op.inputs
    return [apply("ScatterNd", [indices, g, array_ops.shape_of(params)]), None]


def _scatter_nd_kernel(indices, updates, shape):
    out = np.zeros(tuple(int(d) for d in shape), updates.dtype)
    np.add.at(out, tuple(np.moveaxis(indices, -1, 0)), updates)  # repeated indices add up
    return out


def _scatter_nd_infer(op):
    indices, updates, shape = op.inputs
    check_dtype(op, indices, INTS, "indices")
    return [(updates.dtype, shape_from_tensor(shape))]


def _scatter_nd_grad(op, g):
    indices = op.inputs[0]
    return [None, apply("GatherNd", [g, indices]), None]


define_op("GatherNd", kernel=_gather_nd_kernel, infer=_gather_nd_infer, grad=_gather_nd_grad)
define_op("ScatterNd", kernel=_scatter_nd_kernel, infer=_scatter_nd_infer, grad=_scatter_nd_grad)


def gather_nd(params, indices, name=None, batch_dims=0):
    """``tf.gather_nd``: ``indices[..., :]`` are coordinates into ``params``."""
    if batch_dims:
        raise ValueError("course's gather_nd supports batch_dims=0 only, got %r" % batch_dims)
    return apply("GatherNd", [to_tensor(params), to_tensor(indices)], name=name or "GatherNd")


def scatter_nd(indices, updates, shape, name=None):
    """``tf.scatter_nd``: a zero tensor of ``shape`` with ``updates`` added at ``indices``."""
    indices = to_tensor(indices)
    return apply("ScatterNd", [indices, to_tensor(updates), to_tensor(shape, dtype=indices.dtype)],
                 name=name or "ScatterNd")
