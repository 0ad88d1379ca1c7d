"""tf.pad: constant, REFLECT and SYMMETRIC padding, with paddings known when the graph is built.

Every mode is "each output element copies one input element (or is a constant)", so the
gradient of all three is one scatter-add along a per-axis index map (op PadGrad), and the
gradient of that scatter is the padding again.
"""
import numpy as np

from ..framework.batching import per_copy
from ..framework.registry import define_op
from ..framework.tensor_shape import TensorShape, unknown_shape
from .core import apply, constant_value, shape_error, to_tensor

_NUMPY_MODE = {"CONSTANT": "constant", "REFLECT": "reflect", "SYMMETRIC": "symmetric"}


def _pad_infer(op):
    x = op.inputs[0]
    paddings, mode = op.get_attr("paddings"), op.get_attr("mode")
    if x.shape.ndims is None:
        return [(x.dtype, unknown_shape(len(paddings)))]
    if len(paddings) != x.shape.ndims:
        raise shape_error(op, "Shape must be rank %d but is rank %d" % (len(paddings),
                                                                         x.shape.ndims))
    dims = []
    for i, ((before, after), d) in enumerate(zip(paddings, x.shape.as_list())):
        if before < 0 or after < 0:
            raise shape_error(op, "Paddings must be non-negative: %d %d" % (before, after))
        limit = {"REFLECT": d - 1 if d is not None else None, "SYMMETRIC": d}.get(mode)
        if limit is not None and max(before, after) > limit:
            raise shape_error(op, "paddings must be no greater than the dimension size: %d, %d "
                              "greater than %d" % (before, after, limit))
        dims.append(None if d is None else d + before + after)
    return [(x.dtype, TensorShape(dims))]


def _pad_kernel(x, paddings, mode, constant_values):
    if mode == "CONSTANT":
        return np.pad(x, paddings, mode="constant", constant_values=constant_values)
    return np.pad(x, paddings, mode=_NUMPY_MODE[mode])


def _source_index(n, before, after, mode):
    """For each position along a padded axis, the input index it copies (-1: a constant)."""
    if mode == "CONSTANT":
        return np.pad(np.arange(n), (before, after), mode="constant", constant_values=-1)
    return np.pad(np.arange(n), (before, after), mode=_NUMPY_MODE[mode])


def _pad_grad_kernel(g, x, paddings, mode):
    for axis, ((before, after), n) in enumerate(zip(paddings, x.shape)):
        index = _source_index(n, before, after, mode)
        keep = index >= 0
        moved = np.moveaxis(g, axis, 0)[keep]
        out = np.zeros((n,) + moved.shape[1:], dtype=g.dtype)
        np.add.at(out, index[keep], moved)
        g = np.moveaxis(out, 0, axis)
    return g


def _pad_grad(op, g):
    return [apply("PadGrad", [g, op.inputs[0]], {"paddings": op.get_attr("paddings"),
                                                  "mode": op.get_attr("mode")})]


for _type in ("Pad", "PadV2", "MirrorPad"):
    define_op(_type, kernel=_pad_kernel, infer=_pad_infer, grad=_pad_grad, batch=per_copy)
define_op("PadGrad", kernel=_pad_grad_kernel,
          infer=lambda op: [(op.inputs[0].dtype, op.inputs[1].shape)],
          grad=lambda op, g: [apply("MirrorPad" if op.get_attr("mode") != "CONSTANT" else "Pad",
                                    [g], {"paddings": op.get_attr("paddings"),
                                          "mode": op.get_attr("mode"), "constant_values": 0}),
                              None], batch=per_copy)


def pad(tensor, paddings, mode="CONSTANT", name=None, constant_values=0):
    """``tf.pad``: ``paddings[i] = [before, after]`` for dimension i (known at build time)."""
    tensor = to_tensor(tensor)
    known = constant_value(to_tensor(paddings)) if hasattr(paddings, "op") else paddings
    if known is None:
        raise TypeError("course's tf.pad needs paddings known at graph-build time")
    known = np.asarray(known)
    if known.ndim != 2 or known.shape[1] != 2:
        raise ValueError("paddings must be a matrix with 2 columns: %s" % (known.tolist(),))
    mode = mode.upper()
    if mode not in _NUMPY_MODE:
        raise ValueError("Unknown padding mode: %s" % mode)
    op_type = "MirrorPad" if mode != "CONSTANT" else "Pad" if constant_values == 0 else "PadV2"
    value = constant_value(to_tensor(constant_values)) if hasattr(constant_values, "op") \
        else constant_values
    return apply(op_type, [tensor], {"paddings": tuple(tuple(int(p) for p in row)
                                                       for row in known.tolist()),
                                     "mode": mode, "constant_values": value}, name or op_type)
