"""Reductions (reduce_sum/mean/max/min/prod, argmax/argmin) with TF's axis rules and dtypes."""
import functools

import numpy as np

from ..framework import dtypes
from ..framework.batching import per_copy, shape_readers, shifted_axes
from ..framework.ops import name_scope
from ..framework.registry import define_op
from ..framework.tensor_shape import TensorShape, unknown_shape
from .core import NUMERIC, apply, check_dtype, constant_value, normalize_axis, to_tensor
from . import array_ops, math_ops


def reduced_axes(op):
    """The op's reduction axes, normalised to non-negative ints (None: all axes)."""
    x = op.inputs[0]
    axes = op.get_attr("axis")
    rank = x.shape.ndims
    if axes is None:
        return None if rank is None else tuple(range(rank))
    return tuple(sorted({normalize_axis(op, a, rank, "reduction") for a in axes}))


def _reduce_infer(op):
    x = op.inputs[0]
    check_dtype(op, x, NUMERIC + ((dtypes.bool_,) if op.type in ("All", "Any") else ()), "input")
    keepdims = op.get_attr("keepdims")
    axes = reduced_axes(op)
    if x.shape.ndims is None:
        return [(x.dtype, unknown_shape())]
    dims = x.shape.as_list()
    if keepdims:
        return [(x.dtype, TensorShape([1 if i in axes else d for i, d in enumerate(dims)]))]
    return [(x.dtype, TensorShape([d for i, d in enumerate(dims) if i not in axes]))]


def _np_axes(x, axis):
    if axis is None:
        return None
    return tuple(a % x.ndim for a in axis) if x.ndim else None


def _int_mean(x, axes, keepdims):
    """Integer mean: integer division of the (64-bit) sum, truncated toward zero (C's rule)."""
    total = np.sum(x, axis=axes, keepdims=keepdims, dtype=np.int64)
    count = max(1, x.size // max(1, np.size(total)))
    return (np.sign(total) * (np.abs(total) // count)).astype(x.dtype)


# The largest count each float dtype holds exactly (2 ** (mantissa bits + 1)).
_EXACT_COUNTS = {np.dtype(np.float16): 2 ** 11, np.dtype(np.float32): 2 ** 24,
                 np.dtype(np.float64): 2 ** 53}


def _lowest(dtype):
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


def _highest(dtype):
    return np.inf if dtype.kind == "f" else np.iinfo(dtype).max


# Over an empty axis a reduction gives its identity, as TF's kernels do: max -inf (the dtype's
# lowest for ints), min +inf (highest). numpy raises there unless given the identity.
def _max_kernel(x, axis, keepdims):
    if x.size:
        return np.max(x, axis=_np_axes(x, axis), keepdims=keepdims)
    return np.max(x, axis=_np_axes(x, axis), keepdims=keepdims, initial=_lowest(x.dtype))


def _min_kernel(x, axis, keepdims):
    if x.size:
        return np.min(x, axis=_np_axes(x, axis), keepdims=keepdims)
    return np.min(x, axis=_np_axes(x, axis), keepdims=keepdims, initial=_highest(x.dtype))


def _prod_kernel(x, axis, keepdims):
    return np.prod(x, axis=_np_axes(x, axis), keepdims=keepdims, dtype=x.dtype)


def _unreduce(op, g, mean=False):
    """Spread the gradient of a reduction back over the reduced input's shape."""
    return apply("Unreduce", [g, op.inputs[0]], {"axis": op.get_attr("axis"),
                                                  "keepdims": op.get_attr("keepdims"),
                                                  "mean": mean})


def _extremum_grad(op, g):
    """Max/Min: the gradient goes to the elements equal to the result, split evenly among ties."""
    x, y = op.inputs[0], op.outputs[0]
    y_full = _unreduce(op, y)
    hits = array_ops.cast(math_ops.equal(x, y_full), g.dtype)
    count = apply("Unreduce", [_reduce("Sum", hits, op.get_attr("axis"), op.get_attr("keepdims")),
                               x], {"axis": op.get_attr("axis"),
                                    "keepdims": op.get_attr("keepdims"), "mean": False})
    return [math_ops.real_div(hits, count) * _unreduce(op, g)]


def _bind_sum(axis, keepdims):
    # The ndarray method, with the axes fixed once: numpy takes negative axes as they are.
    # (A hot op: softmax's gradient and bias gradients are sums.)
    axes = None if axis is None else tuple(axis)
    return lambda x: x.sum(axis=axes, keepdims=keepdims, dtype=x.dtype)


def _bound(kernel):
    return lambda **attrs: functools.partial(kernel, **attrs)


define_op("Sum", bind=_bind_sum, infer=_reduce_infer,
          grad=lambda op, g: [_unreduce(op, g)], batch=shifted_axes(_bind_sum))
def _bind_mean(axis, keepdims):
    """np.mean's result without np.mean's Python overhead (on a small net such as the PKU
    lesson's it was the costliest op of a step): the sum in x's dtype divided by the count,
    which gives the same bits when the count is exact in that dtype."""
    axes = None if axis is None else tuple(axis)

    def mean(x):
        if x.dtype.kind != "f":
            return _int_mean(x, axes, keepdims)
        total = x.sum(axis=axes, keepdims=keepdims, dtype=x.dtype)
        count = x.size // max(1, total.size)
        if count == 0:  # the mean over an empty axis: 0/0, without numpy's warning
            return np.full(total.shape, np.nan, dtype=x.dtype)
        if count > _EXACT_COUNTS.get(x.dtype, 0):  # not exact in x's dtype
            return np.mean(x, axis=axes, keepdims=keepdims, dtype=x.dtype)
        return total / x.dtype.type(count)
    return mean


define_op("Mean", bind=_bind_mean, infer=_reduce_infer,
          grad=lambda op, g: [_unreduce(op, g, mean=True)], batch=shifted_axes(_bind_mean))
define_op("Max", kernel=_max_kernel, infer=_reduce_infer, grad=_extremum_grad,
          batch=shifted_axes(_bound(_max_kernel)))
define_op("Min", kernel=_min_kernel, infer=_reduce_infer, grad=_extremum_grad,
          batch=shifted_axes(_bound(_min_kernel)))
define_op("Prod", kernel=_prod_kernel, infer=_reduce_infer,
          batch=shifted_axes(_bound(_prod_kernel)),
          grad=lambda op, g: [_unreduce(op, g) * apply("ProdOfOthers", [op.inputs[0]],
                                                       {"axis": op.get_attr("axis")})])


def _bool_reduce_infer(op):
    if op.inputs[0].dtype != dtypes.bool_:
        raise TypeError("Value passed to parameter 'input' has DataType %s not in list of "
                        "allowed values: bool (op '%s' of type %s)"
                        % (op.inputs[0].dtype.name, op.name, op.type))
    return _reduce_infer(op)


define_op("All", kernel=lambda x, axis, keepdims: np.all(x, axis=_np_axes(x, axis),
                                                         keepdims=keepdims),
          infer=_bool_reduce_infer, differentiable=False)
define_op("Any", kernel=lambda x, axis, keepdims: np.any(x, axis=_np_axes(x, axis),
                                                         keepdims=keepdims),
          infer=_bool_reduce_infer, differentiable=False)


# -- helpers that the gradients above are made of -------------------------------------------------
def _unreduce_kernel(g, x, axis, keepdims, mean):
    if g.size == 1:
        # Everything was reduced (the usual loss): fill with one scalar. For floats the
        # division is done in double and rounded once to g's dtype by fill(), which equals
        # dividing in that dtype (double has more than twice float32's precision), and skips
        # numpy-scalar arithmetic, slow next to a small loss's other ops.
        value = g.item()
        if mean:
            count = x.size or 1
            value = value / count if g.dtype.kind == "f" else int(value / count)
        out = np.empty(x.shape, dtype=g.dtype)
        out.fill(value)  # np.full's Python wrapper costs twice this on a small loss
        return out
    return _spread(g, x.shape, axis, keepdims, mean)


def _spread(g, shape, axis, keepdims, mean, copies=0):
    """g spread over ``shape`` (the reduced input's); a batched run's ``copies`` leading axes
    (0 or 1) are kept. (For floats the same numbers as the fill above: a float32 quotient
    rounded once either way.)"""
    lead = g.shape[:copies]
    size = int(np.prod(shape))
    count = size // max(1, g.size // max(1, int(np.prod(lead)))) if size else 1
    if mean:
        g = g / g.dtype.type(count) if g.dtype.kind == "f" else g // count
    if not keepdims:
        rank = len(shape)
        axes = range(rank) if axis is None else {a % rank for a in axis}
        g = g.reshape(lead + tuple(1 if i in axes else d for i, d in enumerate(shape)))
    out = np.empty(lead + tuple(shape), dtype=g.dtype)
    out[...] = g
    return out


def _unreduce_batch(op, batched, state):
    """Unreduce on a batched gradient: spread each copy (integer means, whose single-element
    path truncates, copy by copy)."""
    if not op.inputs[0].dtype.is_floating:
        return per_copy(op, batched, state)
    attrs = {k: op.get_attr(k) for k in ("axis", "keepdims", "mean")}
    return (lambda g, x: _spread(g, x.shape, copies=1, **attrs)), (True,)


def _unreduce_grad(op, gg):
    reducer = "Mean" if op.get_attr("mean") else "Sum"
    return [_reduce(reducer, gg, op.get_attr("axis"), op.get_attr("keepdims")), None]


define_op("Unreduce", kernel=_unreduce_kernel,
          infer=lambda op: [(op.inputs[0].dtype, op.inputs[1].shape)], grad=_unreduce_grad,
          batch=shape_readers(1, then=_unreduce_batch))


def _groups(x, axis):
    """x with its reduction axes moved first and flattened: (group size, kept...), and the
    function that puts an array of that layout back in x's layout."""
    axes = tuple(range(x.ndim)) if axis is None else tuple(sorted(a % x.ndim for a in axis))
    kept = tuple(a for a in range(x.ndim) if a not in axes)
    moved = np.transpose(x, axes + kept)
    flat = moved.reshape((-1,) + moved.shape[len(axes):])
    return flat, lambda f: np.transpose(f.reshape(moved.shape), np.argsort(axes + kept))


def _exclusive_products(flat):
    """Along axis 0, the product of all the other entries (zero-safe: exclusive products from
    both sides, not y / x)."""
    ones = np.ones((1,) + flat.shape[1:], dtype=flat.dtype)
    left = np.cumprod(np.concatenate([ones, flat[:-1]]), axis=0, dtype=flat.dtype)
    right = np.cumprod(np.concatenate([ones, flat[::-1][:-1]]), axis=0, dtype=flat.dtype)[::-1]
    return left * right


def _prod_of_others_kernel(x, axis):
    """For each element, the product of the other elements of its reduction group."""
    flat, unflatten = _groups(x, axis)
    return unflatten(_exclusive_products(flat))


def _prod_of_others_grad_kernel(gg, x, axis):
    """d/dx_i of sum_j gg_j * prod_{k != j} x_k = sum_{j != i} gg_j * prod_{k != i, j} x_k."""
    flat, unflatten = _groups(x, axis)
    gg_flat, _ = _groups(gg, axis)
    out = np.empty_like(flat)
    for i in range(flat.shape[0]):
        without_i = flat.copy()
        without_i[i] = 1
        terms = gg_flat * _exclusive_products(without_i)
        terms[i] = 0
        out[i] = terms.sum(axis=0)
    return unflatten(out)


define_op("ProdOfOthers", kernel=_prod_of_others_kernel, batch=per_copy, infer=lambda op: [
    (op.inputs[0].dtype, op.inputs[0].shape)],
    grad=lambda op, gg: [apply("ProdOfOthersGrad", [gg, op.inputs[0]],
                               {"axis": op.get_attr("axis")})])
# Third derivatives of reduce_prod are not implemented: tf.gradients says so (LookupError).
define_op("ProdOfOthersGrad", kernel=_prod_of_others_grad_kernel, infer=lambda op: [
    (op.inputs[0].dtype, op.inputs[0].shape)])


# -- public functions ------------------------------------------------------------------------------
def _axis_arg(axis, reduction_indices, keepdims, keep_dims):
    if axis is not None and reduction_indices is not None:
        raise ValueError("Can not specify both 'axis' and 'reduction_indices'.")
    if keepdims is not None and keep_dims is not None:
        raise ValueError("Can not specify both 'keepdims' and 'keep_dims'.")
    axis = axis if axis is not None else reduction_indices
    keepdims = bool(keepdims if keepdims is not None else keep_dims)
    if axis is None:
        return None, keepdims
    if hasattr(axis, "op"):
        known = constant_value(axis)
        if known is None:
            raise TypeError("course reduces over axes known at graph-build time; got the "
                            "computed tensor %s" % axis.name)
        axis = known
    axes = np.ravel(np.asarray(axis))
    if axes.size == 0:
        return (), keepdims       # axis=[]: reduce over no axes (numpy calls it float64)
    if axes.dtype.kind not in "iu":
        raise TypeError("Value passed to parameter 'reduction_indices' has DataType %s not in "
                        "list of allowed values: int32, int64" % axes.dtype)
    return tuple(int(a) for a in axes), keepdims


def _reduce(op_type, x, axis, keepdims, name=None):
    return apply(op_type, [to_tensor(x)], {"axis": axis, "keepdims": keepdims}, name or op_type)


def _reducer(op_type, doc):
    def reduce_fn(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
                  keep_dims=None):
        axes, keep = _axis_arg(axis, reduction_indices, keepdims, keep_dims)
        return _reduce(op_type, input_tensor, axes, keep, name)
    reduce_fn.__doc__ = doc
    return reduce_fn


reduce_sum = _reducer("Sum", "``tf.reduce_sum``: sum over ``axis`` (all axes when None).")
reduce_mean = _reducer("Mean", "``tf.reduce_mean``: integer inputs give a truncated mean.")
reduce_max = _reducer("Max", "``tf.reduce_max``.")
reduce_min = _reducer("Min", "``tf.reduce_min``.")
reduce_prod = _reducer("Prod", "``tf.reduce_prod``.")
reduce_all = _reducer("All", "``tf.reduce_all``: logical and over ``axis`` (bool input).")
reduce_any = _reducer("Any", "``tf.reduce_any``: logical or over ``axis`` (bool input).")


def reduce_logsumexp(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
                     keep_dims=None):
    """log(sum(exp(x))) computed stably, as TF: the (finite) max is taken out first, with its
    gradient stopped."""
    axes, keep = _axis_arg(axis, reduction_indices, keepdims, keep_dims)
    x = to_tensor(input_tensor)
    with name_scope(name, "ReduceLogSumExp", [x]) as scope:
        raw_max = _reduce("Max", x, axes, True)
        my_max = array_ops.stop_gradient(array_ops.where(
            math_ops.is_finite(raw_max), raw_max, array_ops.zeros_like(raw_max)))
        result = math_ops.log(_reduce("Sum", math_ops.exp(x - my_max), axes, keep))
        if not keep:
            my_max = array_ops.reshape(my_max, array_ops.shape(result))
        return math_ops.add(result, my_max, name=scope)


# -- argmax / argmin ------------------------------------------------------------------------------
def _arg_infer(op):
    x = op.inputs[0]
    check_dtype(op, x, NUMERIC, "input")
    if x.shape.ndims is None:
        return [(op.get_attr("output_type"), unknown_shape())]
    axis = normalize_axis(op, op.get_attr("axis"), x.shape.ndims, "reduction")
    dims = x.shape.as_list()
    del dims[axis]
    return [(op.get_attr("output_type"), TensorShape(dims))]


def _arg_kernel(pick):
    return lambda x, axis, output_type: pick(x, axis=axis).astype(output_type.np)


define_op("ArgMax", kernel=_arg_kernel(np.argmax), infer=_arg_infer, differentiable=False,
          batch=shifted_axes(_bound(_arg_kernel(np.argmax))))
define_op("ArgMin", kernel=_arg_kernel(np.argmin), infer=_arg_infer, differentiable=False,
          batch=shifted_axes(_bound(_arg_kernel(np.argmin))))


def _arg_fn(op_type):
    def arg_fn(input, axis=None, name=None, dimension=None, output_type=dtypes.int64):
        if axis is not None and dimension is not None:
            raise ValueError("Cannot specify both 'axis' and 'dimension'")
        axis = dimension if axis is None else axis
        axis = 0 if axis is None else int(np.asarray(constant_value(axis) if hasattr(axis, "op")
                                                     else axis))
        return apply(op_type, [to_tensor(input)], {"axis": axis,
                                                   "output_type": dtypes.as_dtype(output_type)},
                     name or op_type)
    return arg_fn


argmax = _arg_fn("ArgMax")
argmin = _arg_fn("ArgMin")


def arg_max(input, dimension, output_type=dtypes.int64, name=None):
    """``tf.arg_max``: TF1's older spelling of argmax (the raw op's argument order)."""
    return argmax(input, dimension=dimension, output_type=output_type, name=name)


def arg_min(input, dimension, output_type=dtypes.int64, name=None):
    """``tf.arg_min``: TF1's older spelling of argmin."""
    return argmin(input, dimension=dimension, output_type=output_type, name=name)


def count_nonzero(input_tensor, axis=None, keepdims=None, dtype=dtypes.int64, name=None,
                  reduction_indices=None, keep_dims=None):
    x = to_tensor(input_tensor)
    nonzero = array_ops.cast(math_ops.not_equal(x, array_ops.zeros_like(x)), dtype)
    return reduce_sum(nonzero, axis, keepdims, name, reduction_indices, keep_dims)
