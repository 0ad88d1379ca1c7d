"""Image resizing kernels: ResizeBilinear and ResizeNearestNeighbor with TF1's legacy
coordinates (no half-pixel centers: output pixel y samples input row y * in / out, or
y * (in - 1) / (out - 1) with align_corners), float32 arithmetic as TF's CPU kernels, and
their gradients (each output pixel's gradient goes back to the input pixels it read)."""
import numpy as np

from ..framework import dtypes
from ..framework.batching import per_copy
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
    out = np.zeros(images.shape, images.dtype)
    np.add.at(out, (slice(None), slice(None), xs), rows.astype(images.dtype))
    return out


def _define_resize(op_type, kernel, grad_kernel, dtype_of):
    """A resize op and its gradient op (whose own gradient is the resize again, in the
    gradient's dtype: ResizeBilinear always gives float32)."""
    def grad(op, g):
        return [apply(op_type + "Grad", [g, op.inputs[0]],
                      {"align_corners": op.get_attr("align_corners")})]

    def grad_of_grad(op, g):
        resized = apply(op_type, [g], {"size": tuple(op.inputs[0].shape.as_list()[1:3]),
                                       "align_corners": op.get_attr("align_corners")})
        return [cast(resized, op.inputs[0].dtype), None]

    define_op(op_type, kernel=kernel, infer=_resize_infer(dtype_of), grad=grad, batch=per_copy)
    define_op(op_type + "Grad", kernel=grad_kernel, grad=grad_of_grad, batch=per_copy,
              infer=lambda op: [(op.inputs[1].dtype, op.inputs[1].shape)])


_define_resize("ResizeBilinear", _bilinear_kernel, _bilinear_grad_kernel,
               lambda images: dtypes.float32)
_define_resize("ResizeNearestNeighbor", _nearest_kernel, _nearest_grad_kernel,
               lambda images: images.dtype)


def resize(op_type, images, size, align_corners, name=None):
    """A 4-D resize op; ``size`` (new_height, new_width) must be known when the graph is
    built."""
    return apply(op_type, [to_tensor(images)], {"size": tuple(int(s) for s in size),
                                                "align_corners": bool(align_corners)},
                 name or op_type)


# -- DecodePng -------------------------------------------------------------------------------------
def _decode_png_kernel(contents, channels, dtype):
    from ..framework.png import decode_png
    pixels = decode_png(contents[()] if isinstance(contents, np.ndarray) else contents)
    have = pixels.shape[-1]
    if channels in (0, have):
        return pixels
    if channels == 3 and have == 4:
        return pixels[..., :3]
    if channels == 4 and have == 3:
        return np.concatenate([pixels, np.full(pixels.shape[:2] + (1,), 255, np.uint8)], -1)
    if channels in (3, 4) and have in (1, 2):
        grey = np.repeat(pixels[..., :1], 3, axis=-1)
        alpha = pixels[..., 1:] if have == 2 else np.full(pixels.shape[:2] + (1,), 255, np.uint8)
        return grey if channels == 3 else np.concatenate([grey, alpha], -1)
    raise NotImplementedError("course's decode_png cannot turn %d channels into %d"
                              % (have, channels))


def _decode_png_infer(op):
    if op.inputs[0].dtype != dtypes.string:
        raise TypeError("Input 'contents' of 'DecodePng' Op has type %s that does not match "
                        "expected type of string." % op.inputs[0].dtype.name)
    channels = op.get_attr("channels")
    return [(dtypes.uint8, TensorShape([None, None, channels or None]))]


define_op("DecodePng", kernel=_decode_png_kernel, infer=_decode_png_infer, differentiable=False)


def decode_png(contents, channels=0, dtype=dtypes.uint8, name=None):
    """``tf.image.decode_png``: uint8 [height, width, channels] pixels of a PNG (8-bit,
    non-interlaced, grey/RGB(A); ``channels`` 0 keeps the file's)."""
    if dtypes.as_dtype(dtype) != dtypes.uint8:
        raise NotImplementedError("course's decode_png gives uint8 pixels only")
    return apply("DecodePng", [to_tensor(contents, dtype=dtypes.string)],
                 {"channels": int(channels), "dtype": dtypes.uint8}, name=name or "DecodePng")
