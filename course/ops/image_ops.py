"""Image resizing kernels: ResizeBilinear and ResizeNearestNeighbor with TF1's legacy
coordinates (no half-pixel centers: output pixel y samples input row y * in / out, or
y * (in - 1) / (out - 1) with align_corners), float32 arithmetic as TF's CPU kernels, and
their gradients (each output pixel's gradient goes back to the input pixels it read)."""
import numpy as np

from ..framework import dtypes
from ..framework.registry import define_op
from ..framework.tensor_shape import TensorShape
from .array_ops import cast
from .core import apply, shape_error, to_tensor


def _scale(in_size, out_size, align_corners):
    if align_corners and out_size > 1:
        return np.float32((in_size - 1) / np.float32(out_size - 1))
    return np.float32(in_size / np.float32(out_size))


def _bilinear_axis(in_size, out_size, align_corners):
    """Per output index: the two input indices read and the weight of the second."""
    where = np.arange(out_size, dtype=np.float32) * _scale(in_size, out_size, align_corners)
    low = np.floor(where).astype(np.int64)
    high = np.minimum(low + 1, in_size - 1)
    return low, high, (where - low.astype(np.float32)).astype(np.float32)


def _nearest_axis(in_size, out_size, align_corners):
    where = np.arange(out_size, dtype=np.float32) * _scale(in_size, out_size, align_corners)
    picked = np.floor(where + np.float32(0.5)) if align_corners else np.floor(where)  # roundf
    return np.minimum(picked.astype(np.int64), in_size - 1)


def _size_attr(op):
    return op.get_attr("size")


def _resize_infer(dtype_of):
    def infer(op):
        images = op.inputs[0]
        height, width = _size_attr(op)
        if images.shape.ndims not in (None, 4):
            raise shape_error(op, "Shape must be rank 4 but is rank %d" % images.shape.ndims)
        batch = images.shape[0] if images.shape.ndims else None
        channels = images.shape[3] if images.shape.ndims else None
        return [(dtype_of(images), TensorShape([batch, height, width, channels]))]
    return infer


def _bilinear_kernel(images, size, align_corners):
    _, in_h, in_w, _ = images.shape
    y0, y1, dy = _bilinear_axis(in_h, size[0], align_corners)
    x0, x1, dx = _bilinear_axis(in_w, size[1], align_corners)
    image = images.astype(np.float32)
    dx = dx[None, None, :, None]
    top_left, top_right = image[:, y0][:, :, x0], image[:, y0][:, :, x1]
    bottom_left, bottom_right = image[:, y1][:, :, x0], image[:, y1][:, :, x1]
    top = top_left + (top_right - top_left) * dx
    bottom = bottom_left + (bottom_right - bottom_left) * dx
    return top + (bottom - top) * dy[None, :, None, None]


def _bilinear_grad_kernel(grad, images, align_corners):
    _, in_h, in_w, _ = images.shape
    out_h, out_w = grad.shape[1:3]
    y0, y1, dy = _bilinear_axis(in_h, out_h, align_corners)
    x0, x1, dx = _bilinear_axis(in_w, out_w, align_corners)
    out = np.zeros(images.shape, dtype=images.dtype)
    g = grad.astype(np.float32)
    for ys, wy in ((y0, 1 - dy), (y1, dy)):
        for xs, wx in ((x0, 1 - dx), (x1, dx)):
            part = g * wy[None, :, None, None] * wx[None, None, :, None]
            rows = np.zeros((g.shape[0], in_h, out_w, g.shape[3]), np.float32)
            np.add.at(rows, (slice(None), ys), part)
            np.add.at(out, (slice(None), slice(None), xs), rows.astype(out.dtype))
    return out


define_op("ResizeBilinear", kernel=_bilinear_kernel,
          infer=_resize_infer(lambda images: dtypes.float32),
          grad=lambda op, g: [apply("ResizeBilinearGrad", [g, op.inputs[0]],
                                    {"align_corners": op.get_attr("align_corners")})])
define_op("ResizeBilinearGrad", kernel=_bilinear_grad_kernel,
          infer=lambda op: [(op.inputs[1].dtype, op.inputs[1].shape)],
          grad=lambda op, g: [_cast_like(apply("ResizeBilinear", [g], {
              "size": tuple(op.inputs[0].shape.as_list()[1:3]),
              "align_corners": op.get_attr("align_corners")}), op.inputs[0]), None])


def _cast_like(x, like):
    """ResizeBilinear always outputs float32; its use as a gradient keeps the gradient's dtype."""
    return cast(x, like.dtype)


def _nearest_kernel(images, size, align_corners):
    _, in_h, in_w, _ = images.shape
    ys = _nearest_axis(in_h, size[0], align_corners)
    xs = _nearest_axis(in_w, size[1], align_corners)
    return images[:, ys][:, :, xs]


def _nearest_grad_kernel(grad, images, align_corners):
    _, in_h, in_w, _ = images.shape
    ys = _nearest_axis(in_h, grad.shape[1], align_corners)
    xs = _nearest_axis(in_w, grad.shape[2], align_corners)
    rows = np.zeros((grad.shape[0], in_h, grad.shape[2], grad.shape[3]), grad.dtype)
    np.add.at(rows, (slice(None), ys), grad)
    out = np.zeros(images.shape, grad.dtype)
    np.add.at(out, (slice(None), slice(None), xs), rows)
    return out


define_op("ResizeNearestNeighbor", kernel=_nearest_kernel,
          infer=_resize_infer(lambda images: images.dtype),
          grad=lambda op, g: [apply("ResizeNearestNeighborGrad", [g, op.inputs[0]],
                                    {"align_corners": op.get_attr("align_corners")})])
define_op("ResizeNearestNeighborGrad", kernel=_nearest_grad_kernel,
          infer=lambda op: [(op.inputs[0].dtype, op.inputs[1].shape)],
          grad=lambda op, g: [apply("ResizeNearestNeighbor", [g], {
              "size": tuple(op.inputs[0].shape.as_list()[1:3]),
              "align_corners": op.get_attr("align_corners")}), None])


def resize(op_type, images, size, align_corners, name=None):
    """A 4-D resize op; ``size`` (new_height, new_width) must be known when the graph is
    built."""
    return apply(op_type, [to_tensor(images)], {"size": tuple(int(s) for s in size),
                                                "align_corners": bool(align_corners)},
                 name or op_type)
