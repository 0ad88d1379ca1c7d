"""Convolution and pooling (tf.nn.conv2d, max_pool, avg_pool) and their gradient ops, NHWC.

The convolutions are GEMMs on im2col matrices, and the input gradient a GEMM then col2im
(window_geometry.py): Conv2D = im2col(x) @ filter, Conv2DBackpropFilter = im2col(x)^T @ dy,
Conv2DBackpropInput = col2im(dy @ filter^T), each over the batch in chunks whose im2col
matrix stays in the CPU's cache (``Geometry.batch_chunks``). The pools visit the k_h * k_w window positions
one at a time, each a strided slice of the padded input (``Geometry.offsets``), vectorised
over all windows. Padding follows TF exactly (``window_geometry.out_and_pads``).
Every gradient op has its own gradient, so second derivatives work.
"""
import numpy as np

from ..framework import dtypes
from ..framework.blas_threads import matmul
from ..framework.ops import name_scope
from ..framework.batching import per_copy
from ..framework.registry import define_op
from ..framework.tensor_shape import TensorShape, unknown_shape
from . import array_ops
from .core import (FLOATS, apply, check_dtype, shape_error, shape_from_tensor,
                   to_tensor)
from .window_geometry import ROWS, Geometry, out_and_pads

PADDINGS = ("SAME", "VALID")


# -- geometry ------------------------------------------------------------------------------------
_NO_DILATION = (1, 1, 1, 1)


def _conv_geometry(in_shape, filter_shape, strides, padding, dilations):
    return Geometry(in_shape[1:3], filter_shape[:2], strides, dilations, padding)


def _pool_geometry(in_shape, ksize, strides, padding):
    return Geometry(in_shape[1:3], ksize[1:3], strides, _NO_DILATION, padding)


# -- static checks shared by the shape functions ------------------------------------------------
def _dims(t, op, rank=4):
    """The static dims of ``t`` (None when its rank is unknown), checking the rank."""
    shape = t.shape
    if shape.ndims is None:
        return None
    if shape.ndims != rank:
        raise shape_error(op, "Shape must be rank %d but is rank %d" % (rank, shape.ndims))
    return shape.as_list()


_SPATIAL_ONLY = {
    "strides": "Current implementation does not yet support strides in the batch and depth "
               "dimensions",
    "ksize": "Pooling is not yet supported on the batch or depth dimensions",
    "dilations": "Current implementation does not yet support dilations in the batch and depth "
                 "dimensions",
}


def _check_window_attrs(op, padding, data_format, **four_entry_attrs):
    """TF's attr checks: NHWC, SAME/VALID, and windows that move over H and W only."""
    if data_format != "NHWC":
        raise ValueError("%s (op '%s'): course computes on the CPU, where TF supports only the "
                         "NHWC data format, got %r" % (op.type, op.name, data_format))
    if padding not in PADDINGS:
        raise ValueError("Value for attr 'padding' of %r is not in the list of allowed values: "
                         "\"SAME\", \"VALID\" (op '%s' of type %s)" % (padding, op.name, op.type))
    for what, values in four_entry_attrs.items():
        if len(values) != 4:
            raise shape_error(op, "Sliding window %s field must specify 4 dimensions" % what)
        if values[0] != 1 or values[3] != 1:
            raise shape_error(op, _SPATIAL_ONLY[what])


def _spatial_out(op, in_dims, k_hw, strides, dilations, padding):
    """(out_h, out_w) for static input dims (entries may be None), TF's error when negative."""
    out = []
    for axis, k in zip((1, 2), k_hw):
        size = in_dims[axis] if in_dims is not None else None
        k_eff = (k - 1) * dilations[axis] + 1
        if size is not None and padding == "VALID" and size < k_eff:
            raise shape_error(op, "Negative dimension size caused by subtracting %d from %d"
                              % (k_eff, size))
        out.append(out_and_pads(size, k, strides[axis], dilations[axis], padding)[0])
    return out


def _static_sizes(t):
    """The NHWC shape a sizes input describes, as far as it is known."""
    shape = shape_from_tensor(t)
    return shape if shape.ndims is not None else unknown_shape(4)


def _window_attrs(op):
    return {k: op.get_attr(k) for k in op._attrs if not k.startswith("_")}


# -- the GEMMs ---------------------------------------------------------------------------------
NARROW = 8


def _gemm(a, b):
    """``a @ b`` for Conv2D. A product with a narrow result (at most NARROW columns: a first
    layer's 4-8 filters) runs two columns at a time, each written in place: OpenBLAS's kernels
    take a 2-column product of these shapes 1.5x faster than the whole (LeNet's 5x5x1->6
    layer: 0.11 -> 0.07 ms per 13-image chunk), each output the same dot product. (The filter
    gradient's product, (K x M) . (M x O), gains as much, but sums its long M in another
    order: digits TF's goldens check move by more than float32's tolerance there.)"""
    columns = b.shape[1]
    if columns > NARROW or columns <= 2:
        return matmul(a, b)
    out = np.empty((a.shape[0], columns), np.result_type(a, b))
    for start in range(0, columns, 2):
        matmul(a, b[:, start:start + 2], out=out[:, start:start + 2])
    return out


# -- Conv2D ------------------------------------------------------------------------------------
def _conv2d_kernel(x, f, strides, padding, dilations, data_format):
    geo = _conv_geometry(x.shape, f.shape, strides, padding, dilations)
    layout = geo.im2col_layout(x.shape[3])
    f2 = f.reshape(-1, f.shape[3])
    y = np.empty((x.shape[0], geo.out_h, geo.out_w, f.shape[3]), np.result_type(x, f))
    for batch in geo.batch_chunks(x.shape, x.itemsize):
        cols = geo.im2col(x[batch], layout)
        y[batch] = _gemm(cols if layout == ROWS else cols.T, f2).reshape(y[batch].shape)
    return y


def _check_conv_inputs(op, x, f):
    check_dtype(op, x, FLOATS, "input")
    if f.dtype != x.dtype:
        raise TypeError("Input 'filter' of '%s' Op has type %s that does not match type %s of "
                        "argument 'input'." % (op.type, f.dtype.name, x.dtype.name))


def _conv2d_out_shape(op, in_dims, f_dims):
    strides, padding = op.get_attr("strides"), op.get_attr("padding")
    dilations = op.get_attr("dilations")
    _check_window_attrs(op, padding, op.get_attr("data_format"), strides=strides,
                        dilations=dilations)
    if in_dims is not None and f_dims is not None and None not in (in_dims[3], f_dims[2]) and \
            in_dims[3] != f_dims[2]:
        raise shape_error(op, "Dimensions must be equal, but are %d and %d"
                          % (in_dims[3], f_dims[2]))
    if f_dims is None or None in f_dims[:2]:
        return TensorShape([in_dims[0] if in_dims else None, None, None,
                            f_dims[3] if f_dims else None])
    out_h, out_w = _spatial_out(op, in_dims, f_dims[:2], strides, dilations, padding)
    return TensorShape([in_dims[0] if in_dims else None, out_h, out_w, f_dims[3]])


def _conv2d_infer(op):
    x, f = op.inputs
    _check_conv_inputs(op, x, f)
    in_dims, f_dims = _dims(x, op), _dims(f, op)
    return [(x.dtype, _conv2d_out_shape(op, in_dims, f_dims))]


def _conv2d_grad(op, g):
    x, f = op.inputs
    attrs = _window_attrs(op)
    return [apply("Conv2DBackpropInput", [array_ops.shape_of(x), f, g], attrs),
            apply("Conv2DBackpropFilter", [x, array_ops.shape_of(f), g], attrs)]


define_op("Conv2D", kernel=_conv2d_kernel, infer=_conv2d_infer, grad=_conv2d_grad, batch=per_copy)


# -- Conv2DBackpropInput(input_sizes, filter, out_backprop) -> d input ---------------------------
def _conv2d_backprop_input_kernel(input_sizes, f, dy, strides, padding, dilations, data_format):
    in_shape = tuple(int(d) for d in input_sizes)
    geo = _conv_geometry(in_shape, f.shape, strides, padding, dilations)
    _, b = geo.phase_grid(in_shape)
    rows = geo.grid_rows(in_shape)
    out_channels = f.shape[3]
    f2 = f.reshape(-1, out_channels)
    dx = np.empty(in_shape, np.result_type(f, dy))
    for batch in geo.batch_chunks(in_shape, dy.itemsize):
        part = dy[batch]
        grid = np.zeros((len(part), rows, b, out_channels), dy.dtype)   # col2im's grid
        grid[:, :geo.out_h, :geo.out_w] = part
        cols = matmul(f2, grid.reshape(-1, out_channels).T)
        dx[batch] = geo.col2im(cols, (len(part),) + in_shape[1:])
    return dx


def _conv2d_backprop_infer(op, x, f, sizes):
    """A backprop's output: checked as a Conv2D(x, f) would be, shaped by the ``sizes`` tensor."""
    _check_conv_inputs(op, x, f)
    _check_window_attrs(op, op.get_attr("padding"), op.get_attr("data_format"),
                        strides=op.get_attr("strides"), dilations=op.get_attr("dilations"))
    return [(x.dtype, _static_sizes(sizes))]


def _conv2d_backprop_input_infer(op):
    sizes, f, dy = op.inputs
    return _conv2d_backprop_infer(op, dy, f, sizes)


def _conv2d_backprop_input_grad(op, g):
    _, f, dy = op.inputs
    attrs = _window_attrs(op)
    return [None,
            apply("Conv2DBackpropFilter", [g, array_ops.shape_of(f), dy], attrs),
            apply("Conv2D", [g, f], attrs)]


define_op("Conv2DBackpropInput", kernel=_conv2d_backprop_input_kernel,
          infer=_conv2d_backprop_input_infer, grad=_conv2d_backprop_input_grad, batch=per_copy)


# -- Conv2DBackpropFilter(input, filter_sizes, out_backprop) -> d filter --------------------------
def _conv2d_backprop_filter_kernel(x, filter_sizes, dy, strides, padding, dilations, data_format):
    f_shape = tuple(int(d) for d in filter_sizes)
    geo = _conv_geometry(x.shape, f_shape, strides, padding, dilations)
    layout = geo.im2col_layout(x.shape[3])
    df = None
    for batch in geo.batch_chunks(x.shape, x.itemsize):
        cols = geo.im2col(x[batch], layout)
        part = matmul(cols.T if layout == ROWS else cols, dy[batch].reshape(-1, f_shape[3]))
        df = part if df is None else df + part
    return df.reshape(f_shape)


def _conv2d_backprop_filter_infer(op):
    x, sizes, dy = op.inputs
    return _conv2d_backprop_infer(op, x, dy, sizes)


def _conv2d_backprop_filter_grad(op, g):
    x, _, dy = op.inputs
    attrs = _window_attrs(op)
    return [apply("Conv2DBackpropInput", [array_ops.shape_of(x), g, dy], attrs),
            None,
            apply("Conv2D", [x, g], attrs)]


define_op("Conv2DBackpropFilter", kernel=_conv2d_backprop_filter_kernel,
          infer=_conv2d_backprop_filter_infer, grad=_conv2d_backprop_filter_grad, batch=per_copy)


# -- pooling: shared shape function ------------------------------------------------------------
def _pool_out_shape(op, x):
    ksize, strides = op.get_attr("ksize"), op.get_attr("strides")
    padding = op.get_attr("padding")
    _check_window_attrs(op, padding, op.get_attr("data_format"), ksize=ksize, strides=strides)
    in_dims = _dims(x, op)
    out_h, out_w = _spatial_out(op, in_dims, ksize[1:3], strides, _NO_DILATION, padding)
    batch, depth = (in_dims[0], in_dims[3]) if in_dims else (None, None)
    return TensorShape([batch, out_h, out_w, depth])


def _pool_infer(op):
    x = op.inputs[0]
    check_dtype(op, x, FLOATS, "input")
    return [(x.dtype, _pool_out_shape(op, x))]


def _like_orig_input_infer(op):
    """MaxPoolGrad(orig_input, orig_output, grad): shaped like orig_input."""
    orig_input, grad = op.inputs[0], op.inputs[2]
    check_dtype(op, grad, FLOATS, "grad")
    return [(grad.dtype, orig_input.shape)]


def _from_input_shape_infer(op):
    """AvgPoolGrad(orig_input_shape, grad): shaped as its shape-valued first input says."""
    sizes, grad = op.inputs
    check_dtype(op, grad, FLOATS, "grad")
    return [(grad.dtype, _static_sizes(sizes))]


# -- MaxPool --------------------------------------------------------------------------------------
# The max-pool kernels visit the k_h * k_w window positions one at a time (vectorised over all
# windows): cheaper than gathering window copies, and it makes the tie rule explicit.
def _window_maximum(geo, padded):
    out = None
    for _, _, window_slice in geo.offsets():
        if out is None:
            out = padded[window_slice].copy()
        else:
            np.maximum(out, padded[window_slice], out=out)
    return out


def _max_pool_kernel(x, ksize, strides, padding, data_format):
    geo = _pool_geometry(x.shape, ksize, strides, padding)
    return _window_maximum(geo, geo.pad(x, -np.inf))


def _routes_to_maximum(orig_input, ksize, strides, padding):
    """The geometry, and per window position: (its slice of the padded input, mask of the
    windows whose maximum sits there). A window's maximum is claimed by its FIRST position in
    row-major order, as in TF's CPU kernel; the route is recomputed from orig_input (TF does not
    read orig_output either)."""
    geo = _pool_geometry(orig_input.shape, ksize, strides, padding)
    padded = geo.pad(orig_input, -np.inf)
    maximum = _window_maximum(geo, padded)
    unclaimed = None                      # None: every window (before the first position)
    routes = []
    for _, _, window_slice in geo.offsets():
        hit = padded[window_slice] == maximum
        if unclaimed is None:
            unclaimed = ~hit
        else:
            hit &= unclaimed
            unclaimed ^= hit              # hit lies within unclaimed: xor takes it out
        routes.append((window_slice, hit))
    return geo, routes


def _max_pool_grad_kernel(orig_input, orig_output, grad, ksize, strides, padding, data_format):
    """Each window's gradient goes to the input element that was its maximum."""
    geo, routes = _routes_to_maximum(orig_input, ksize, strides, padding)
    padded_grad = geo.padded_zeros(orig_input.shape, grad.dtype)
    if geo.s_h >= geo.k_h and geo.s_w >= geo.k_w and np.isfinite(grad).all():
        # Windows do not overlap, so each position is written once: hit * grad is grad at
        # the maximum and 0 elsewhere (a third of the cost of a masked copy into the strided
        # slices); `+= 0` turns the -0.0 of a negative grad times False into TF's 0.0.
        for window_slice, hit in routes:
            np.multiply(hit, grad, out=padded_grad[window_slice])
        padded_grad += 0
    elif geo.s_h >= geo.k_h and geo.s_w >= geo.k_w:
        for window_slice, hit in routes:
            np.copyto(padded_grad[window_slice], grad, where=hit)
    else:
        zero = grad.dtype.type(0)
        for window_slice, hit in routes:
            padded_grad[window_slice] += np.where(hit, grad, zero)
    return np.ascontiguousarray(geo.crop(padded_grad, orig_input.shape))


def _max_pool_grad_grad_kernel(orig_input, orig_output, grad, ksize, strides, padding,
                               data_format):
    """The value of ``grad`` (shaped like orig_input) at each window's maximum."""
    geo, routes = _routes_to_maximum(orig_input, ksize, strides, padding)
    padded = geo.pad(grad)
    out = np.zeros(routes[0][1].shape, grad.dtype)
    for window_slice, hit in routes:
        out = np.where(hit, padded[window_slice], out)
    return out


def _zeros_for_route(op):
    # The route (which element is the maximum) is piecewise constant in orig_input/orig_output.
    return [array_ops.zeros_like(op.inputs[0]), array_ops.zeros_like(op.inputs[1])]


def _max_pool_grad(op, g):
    x, y = op.inputs[0], op.outputs[0]
    return [apply("MaxPoolGrad", [x, y, g], _window_attrs(op))]


def _max_pool_grad_grad(op, gg):
    return _zeros_for_route(op) + [apply("MaxPoolGradGrad", list(op.inputs[:2]) + [gg],
                                         _window_attrs(op))]


def _max_pool_grad_grad_grad(op, ggg):
    return _zeros_for_route(op) + [apply("MaxPoolGrad", list(op.inputs[:2]) + [ggg],
                                         _window_attrs(op))]


def _max_pool_grad_grad_infer(op):
    _, orig_output, grad = op.inputs
    check_dtype(op, grad, FLOATS, "grad")
    return [(grad.dtype, orig_output.shape)]


define_op("MaxPool", kernel=_max_pool_kernel, infer=_pool_infer, grad=_max_pool_grad,
          batch=per_copy)
define_op("MaxPoolGrad", kernel=_max_pool_grad_kernel, infer=_like_orig_input_infer,
          grad=_max_pool_grad_grad, batch=per_copy)
define_op("MaxPoolGradGrad", kernel=_max_pool_grad_grad_kernel, infer=_max_pool_grad_grad_infer,
          grad=_max_pool_grad_grad_grad, batch=per_copy)


# -- AvgPool ------------------------------------------------------------------------------------
def _window_counts(geo, in_h, in_w, dtype):
    """(out_h, out_w, 1) count of real (non-padding) elements in each window: SAME averages
    divide by it, as TF does."""
    def along(out, stride, k, before, size):
        start = np.arange(out) * stride - before
        return np.minimum(start + k, size) - np.maximum(start, 0)
    rows = along(geo.out_h, geo.s_h, geo.k_h, geo.top, in_h)
    cols = along(geo.out_w, geo.s_w, geo.k_w, geo.left, in_w)
    return np.multiply.outer(rows, cols).astype(dtype)[:, :, None]


def _avg_pool_kernel(x, ksize, strides, padding, data_format):
    geo = _pool_geometry(x.shape, ksize, strides, padding)
    padded = geo.pad(x)
    total = sum(padded[window_slice] for _, _, window_slice in geo.offsets())
    return total / _window_counts(geo, x.shape[1], x.shape[2], x.dtype)


def _avg_pool_grad_kernel(orig_input_shape, grad, ksize, strides, padding, data_format):
    in_shape = tuple(int(d) for d in orig_input_shape)
    geo = _pool_geometry(in_shape, ksize, strides, padding)
    share = grad / _window_counts(geo, in_shape[1], in_shape[2], grad.dtype)
    padded = geo.padded_zeros(in_shape, grad.dtype)
    for _, _, window_slice in geo.offsets():          # every position gets its window's share
        padded[window_slice] += share
    return np.ascontiguousarray(geo.crop(padded, in_shape))


def _avg_pool_grad(op, g):
    return [apply("AvgPoolGrad", [array_ops.shape_of(op.inputs[0]), g], _window_attrs(op))]


def _avg_pool_grad_grad(op, gg):
    return [None, apply("AvgPool", [gg], _window_attrs(op))]


define_op("AvgPool", kernel=_avg_pool_kernel, infer=_pool_infer, grad=_avg_pool_grad,
          batch=per_copy)
define_op("AvgPoolGrad", kernel=_avg_pool_grad_kernel, infer=_from_input_shape_infer,
          grad=_avg_pool_grad_grad, batch=per_copy)


# -- public functions (tf.nn) -------------------------------------------------------------------
def _get_sequence(value, name):
    """TF's _get_sequence for NHWC: an int or 1, 2 or 4 numbers -> the 4-entry attr."""
    if value is None:
        raise ValueError("%s must be given" % name)
    if isinstance(value, (int, np.integer)):
        return (1, int(value), int(value), 1)
    value = [int(v) for v in value]
    if len(value) == 1:
        return (1, value[0], value[0], 1)
    if len(value) == 2:
        return (1, value[0], value[1], 1)
    if len(value) == 4:
        return tuple(value)
    raise ValueError("%s should be of length 1, 2 or 4 but was %d" % (name, len(value)))


def _padding_attr(padding):
    if not isinstance(padding, str):
        raise TypeError("course supports the padding strings 'SAME' and 'VALID', got %r"
                        % (padding,))
    return padding


def conv2d(input, filter=None, strides=None, padding=None, use_cudnn_on_gpu=True,
           data_format="NHWC", dilations=(1, 1, 1, 1), name=None, filters=None):
    """``tf.nn.conv2d``: 2-D cross-correlation of NHWC ``input`` with an HWIO ``filter``."""
    filter = filters if filter is None else filter
    input = to_tensor(input)
    filter = to_tensor(filter, dtype=input.dtype) if not hasattr(filter, "op") else \
        to_tensor(filter)
    attrs = {"strides": _get_sequence(strides, "strides"), "padding": _padding_attr(padding),
             "dilations": _get_sequence(dilations, "dilations"),
             "data_format": data_format or "NHWC"}
    return apply("Conv2D", [input, filter], attrs, name or "Conv2D")


def conv2d_transpose(value=None, filter=None, output_shape=None, strides=None, padding="SAME",
                     data_format="NHWC", name=None, input=None, filters=None, dilations=None):
    """``tf.nn.conv2d_transpose``: the gradient of conv2d with respect to its input, used as a
    layer (``filter`` is [k_h, k_w, output_channels, input_channels])."""
    value = to_tensor(input if value is None else value)
    filter = to_tensor(filters if filter is None else filter)
    with name_scope(name, "conv2d_transpose", [value, filter, output_shape]) as scope:
        output_shape = to_tensor(output_shape, dtype=dtypes.int32, name="output_shape")
        if value.shape.ndims == 4 and filter.shape.ndims == 4 and None not in (
                value.shape[3], filter.shape[3]) and value.shape[3] != filter.shape[3]:
            raise ValueError("input channels does not match filter's input channels, "
                             "{} != {}".format(value.shape[3], filter.shape[3]))
        attrs = {"strides": _get_sequence(strides, "strides"), "padding": _padding_attr(padding),
                 "dilations": _get_sequence(dilations or 1, "dilations"),
                 "data_format": data_format or "NHWC"}
        return apply("Conv2DBackpropInput", [output_shape, filter, value], attrs, name=scope)


def _pool(op_type, value, ksize, strides, padding, data_format, name, input):
    value = to_tensor(input if value is None else value)
    attrs = {"ksize": _get_sequence(ksize, "ksize"), "strides": _get_sequence(strides, "strides"),
             "padding": _padding_attr(padding), "data_format": data_format or "NHWC"}
    return apply(op_type, [value], attrs, name or op_type)


def max_pool(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):
    """``tf.nn.max_pool``: the maximum of each window (SAME pads with -inf)."""
    return _pool("MaxPool", value, ksize, strides, padding, data_format, name, input)


def avg_pool(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):
    """``tf.nn.avg_pool``: the mean of each window; SAME windows at the border average only
    their real elements (padding is not counted)."""
    return _pool("AvgPool", value, ksize, strides, padding, data_format, name, input)

