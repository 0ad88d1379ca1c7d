"""Local response normalization (``tf.nn.lrn``, AlexNet's layer) and its gradient, TF's LRN and
LRNGrad ops.

Along the depth (last) axis of an NHWC tensor, with ``N_d = bias + alpha * sum(x[d-r..d+r]**2)``
(the window cut at the edges): ``y_d = x_d * N_d ** -beta``. The gradient is TF's formula
(core/kernels/lrn_op.cc): ``dx_m = g_m * N_m ** -beta - 2 * alpha * beta * x_m * sum over the
window of m of (g_k * y_k / N_k)``.
"""
import numpy as np

from ..framework import dtypes
from ..framework.batching import per_copy
from ..framework.registry import define_op
from .core import apply, check_dtype, shape_error, to_tensor

# TF's LRN kernels exist for half, bfloat16 and float32 only (course has no bfloat16).
LRN_DTYPES = (dtypes.float16, dtypes.float32)


def _window_sum(values, radius):
    """Sum of ``values`` over [d - radius, d + radius] along the last axis, cut at the edges."""
    depth = values.shape[-1]
    padded = np.pad(values, [(0, 0)] * (values.ndim - 1) + [(radius, radius)])
    total = padded[..., 0:depth].copy()
    for shift in range(1, 2 * radius + 1):
        total += padded[..., shift:shift + depth]
    return total


def _attrs_in(dtype, bias, alpha, beta):
    # TF keeps float attrs as float32 (alpha=1e-4/9 is rounded so), then computes in the dtype.
    return (dtype.type(np.float32(bias)), dtype.type(np.float32(alpha)),
            dtype.type(np.float32(beta)))


def _work_dtype(x):
    # half: computed in float32, rounded to half once at the end.
    return np.dtype(np.float32) if x.dtype == np.float16 else x.dtype


def _norm(x, depth_radius, bias, alpha):
    return _window_sum(x * x, depth_radius) * alpha + bias


def _lrn_kernel(x, depth_radius, bias, alpha, beta):
    work = _work_dtype(x)
    xw = x.astype(work, copy=False)
    bias, alpha, beta = _attrs_in(work, bias, alpha, beta)
    norm = _norm(xw, depth_radius, bias, alpha)
    return (xw * norm ** -beta).astype(x.dtype, copy=False)


def _lrn_grad_kernel(grads, x, y, depth_radius, bias, alpha, beta):
    work = _work_dtype(x)
    g, xw, yw = (a.astype(work, copy=False) for a in (grads, x, y))
    bias, alpha, beta = _attrs_in(work, bias, alpha, beta)
    norm = _norm(xw, depth_radius, bias, alpha)
    spread = _window_sum(g * yw / norm, depth_radius)
    dx = g * norm ** -beta - work.type(2) * alpha * beta * xw * spread
    return dx.astype(x.dtype, copy=False)


def _check_rank4(op, tensor):
    if tensor.shape.ndims is not None and tensor.shape.ndims != 4:
        raise shape_error(op, "Shape must be rank 4 but is rank %d" % tensor.shape.ndims)


def _lrn_infer(op):
    x = op.inputs[0]
    check_dtype(op, x, LRN_DTYPES, "input")
    _check_rank4(op, x)
    return [(x.dtype, x.shape)]


def _lrn_grad_infer(op):
    for tensor in op.inputs:
        _check_rank4(op, tensor)
    return [(op.inputs[1].dtype, op.inputs[1].shape)]


def _lrn_attrs(op):
    return {k: op.get_attr(k) for k in ("depth_radius", "bias", "alpha", "beta")}


def _lrn_grad(op, g):
    return [apply("LRNGrad", [g, op.inputs[0], op.outputs[0]], _lrn_attrs(op))]


define_op("LRN", kernel=_lrn_kernel, infer=_lrn_infer, grad=_lrn_grad, batch=per_copy)
# TF registers no gradient for LRNGrad: lrn has no second derivative there either.
define_op("LRNGrad", kernel=_lrn_grad_kernel, infer=_lrn_grad_infer, differentiable=False,
          batch=per_copy)


def lrn(input, depth_radius=5, bias=1, alpha=1, beta=0.5, name=None):
    """``tf.nn.lrn`` / ``tf.nn.local_response_normalization``:
    ``input / (bias + alpha * sqr_sum) ** beta``, ``sqr_sum`` over ``depth_radius`` channels
    either side."""
    attrs = {"depth_radius": int(depth_radius), "bias": float(bias), "alpha": float(alpha),
             "beta": float(beta)}
    return apply("LRN", [to_tensor(input)], attrs, name or "LRN")


local_response_normalization = lrn
