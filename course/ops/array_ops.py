"""Array ops: constants, placeholders, shapes, reshaping, joining, slicing, gathering, casting."""
import builtins
import functools
import numbers

import numpy as np

from ..framework import dtypes, errors
from ..framework.batching import (elementwise, per_copy, same_in_every_copy, shape_readers,
                                  shifted_axes)
from ..framework.indexed_slices import IndexedSlices
from ..framework.ops import Tensor, name_scope, register_tensor_conversion_function
from ..framework.registry import define_op
from ..framework.tensor_shape import TensorShape, as_shape, unknown_shape
from ..framework.unsupported import refuse_unsupported
from .core import (apply, apply_op, constant_value, index_key, is_dynamic, normalize_axis,
                   same_shape, shape_error, shape_from_tensor, to_tensor)


# -- constants ---------------------------------------------------------------------------------
def _const_value(value, dtype, shape, verify_shape=False):
    """The ndarray TF would store for tf.constant(value, dtype, shape)."""
    if value is None:
        raise ValueError("None values not supported.")
    if dtype is None:
        dtype = dtypes.infer_dtype(value)
    dtype = dtypes.as_dtype(dtype)
    raw = np.asarray(value)
    if raw.dtype.kind in "OSU" and dtype != dtypes.string:
        raise TypeError("Expected %s, got %r of type '%s' instead." % (
            dtype.name, value, type(value).__name__))
    if raw.dtype.kind == "f" and (dtype.is_integer or dtype.is_bool) and raw.size and np.any(
            raw != np.round(raw)):
        raise TypeError("Expected %s, got %r of type '%s' instead." % (
            dtype.name, value, type(value).__name__))
    if dtype.is_integer and raw.size and raw.dtype.kind in "iu" and (
            raw.max() > dtype.max or raw.min() < dtype.min):
        raise TypeError("Value %r is out of range for dtype %s." % (value, dtype.name))
    array = dtypes.as_string_array(raw) if dtype == dtypes.string else raw.astype(dtype.np)
    if shape is not None:
        shape = tuple(as_shape(shape).as_list())
        if array.shape != shape:
            if verify_shape:
                raise TypeError("Expected Tensor's shape: %s, got %s." % (shape, array.shape))
            if array.size == 1:
                array = np.full(shape, array.reshape(()), dtype=dtype.np)
            elif array.size == int(np.prod(shape)):
                array = array.reshape(shape)
            else:
                raise TypeError("Eager execution of tf.constant with unsupported shape: value has "
                                "%d elements, shape is %s with %d elements." % (
                                    array.size, list(shape), int(np.prod(shape))))
    array.setflags(write=False)
    return array, dtype


define_op("Const", kernel=lambda value, dtype: value,
          infer=lambda op: [(op.get_attr("dtype"), TensorShape(op.get_attr("value").shape))],
          differentiable=False)


def constant(value, dtype=None, shape=None, name="Const", verify_shape=False):
    """``tf.constant``: a tensor whose value is fixed in the graph."""
    array, dtype = _const_value(value, dtype, shape, verify_shape)
    return apply("Const", [], {"value": array, "dtype": dtype}, name)


# -- placeholders --------------------------------------------------------------------------------
def _placeholder_kernel(op, state):
    shape = op.get_attr("shape")

    def unfed():
        raise errors.InvalidArgumentError(
            None, op, "You must feed a value for placeholder tensor '%s' with dtype %s%s\n\t "
            "[[node %s (op Placeholder)]]" % (
                op.name, op.get_attr("dtype").name,
                "" if shape._dims is None else " and shape %s" % shape.list_str(), op.name))
    return unfed


define_op("Placeholder", make_kernel=_placeholder_kernel, foldable=False,
          infer=lambda op: [(op.get_attr("dtype"), op.get_attr("shape"))], differentiable=False,
          batch=same_in_every_copy)


def placeholder(dtype, shape=None, name=None):
    """``tf.placeholder``: a tensor that must be fed (feed_dict) when run."""
    return apply("Placeholder", [], {"dtype": dtypes.as_dtype(dtype), "shape": as_shape(shape)},
                 name or "Placeholder")


define_op("PlaceholderWithDefault", alias=True,
          infer=lambda op: [(op.inputs[0].dtype, op.get_attr("shape"))],
          grad=lambda op, g: [g])


def placeholder_with_default(input, shape, name=None):
    input = to_tensor(input)
    shape = as_shape(shape)
    if not shape.is_compatible_with(input.shape):
        raise ValueError("Shapes %s and %s are incompatible (placeholder_with_default)"
                         % (input.shape, shape))
    return apply("PlaceholderWithDefault", [input], {"shape": shape}, name or "PlaceholderWithDefault")


# -- identity-like ----------------------------------------------------------------------------
define_op("Identity", alias=True, infer=same_shape, grad=lambda op, g: [g])
define_op("StopGradient", alias=True, infer=same_shape, differentiable=False)


def identity(input, name=None):
    return apply("Identity", [to_tensor(input)], name=name or "Identity")


def stop_gradient(input, name=None):
    return apply("StopGradient", [to_tensor(input)], name=name or "StopGradient")


# -- shapes -------------------------------------------------------------------------------------
define_op("Shape", kernel=lambda x, out_type: np.array(x.shape, dtype=out_type.np),
          infer=lambda op: [(op.get_attr("out_type"), TensorShape([op.inputs[0].shape.ndims]))],
          differentiable=False, batch=shape_readers(0))
define_op("Size", kernel=lambda x, out_type: np.array(x.size, dtype=out_type.np),
          infer=lambda op: [(op.get_attr("out_type"), TensorShape([]))], differentiable=False,
          batch=shape_readers(0))
define_op("Rank", kernel=lambda x: np.array(x.ndim, dtype=np.int32),
          infer=lambda op: [(dtypes.int32, TensorShape([]))], differentiable=False,
          batch=shape_readers(0))


def shape(input, name=None, out_type=dtypes.int32):
    return apply("Shape", [to_tensor(input)], {"out_type": dtypes.as_dtype(out_type)}, name or "Shape")


def size(input, name=None, out_type=dtypes.int32):
    return apply("Size", [to_tensor(input)], {"out_type": dtypes.as_dtype(out_type)}, name or "Size")


def rank(input, name=None):
    return apply("Rank", [to_tensor(input)], name=name or "Rank")


def shape_of(x):
    """Shape of ``x`` as a tensor; a constant when it is statically known (no runtime op)."""
    if x.shape.is_fully_defined():
        return constant(x.shape.as_list(), dtype=dtypes.int32, name="Shape")
    return shape(x)


def size_of(x):
    """Number of elements of ``x`` as an int32 scalar; a constant when statically known."""
    if x.shape.is_fully_defined():
        return constant(x.shape.num_elements(), dtype=dtypes.int32, name="Size")
    return size(x)


# -- fill, zeros, ones, range --------------------------------------------------------------------
def _fill_infer(op):
    dims, value = op.inputs
    if value.shape.ndims not in (None, 0):
        raise shape_error(op, "Shape must be rank 0 but is rank %d" % value.shape.ndims)
    known = constant_value(dims)
    if known is None:
        return [(value.dtype, shape_from_tensor(dims))]
    dims = [int(d) for d in np.ravel(known)]
    check_fill_dims(dims, op.name)
    return [(value.dtype, TensorShape(dims))]


def check_fill_dims(dims, name):
    """TF's shape-inference errors for negative dimensions given to zeros/ones/fill."""
    for d in dims:
        if d < -1:
            raise ValueError("Invalid value in tensor used for shape: %d" % d)
    if any(d == -1 for d in dims):
        partial = ",".join("?" if d == -1 else str(d) for d in dims)
        raise ValueError("Fill dimensions must be >= 0 for '%s' (op: 'Fill') with input "
                         "tensors computed as partial shapes: input[0] = [%s]." % (name, partial))


define_op("Fill", kernel=lambda dims, value: np.full(tuple(dims), value, dtype=value.dtype),
          infer=_fill_infer,
          grad=lambda op, g: [None, _reduce_all(g)], batch=per_copy)


def _reduce_all(g):
    """reduce_sum(g) over every axis, made here: reduction_ops imports this module."""
    return apply("Sum", [g], {"axis": None, "keepdims": False}, "Sum")


def fill(dims, value, name=None):
    value = to_tensor(value)
    dims = to_tensor(dims, dtype=dtypes.int32) if not hasattr(dims, "dtype") else to_tensor(dims)
    return apply("Fill", [dims, value], name=name or "Fill")


def _filled(shape, dtype, fill_value, name):
    dtype = dtypes.as_dtype(dtype)
    if isinstance(shape, (list, tuple, numbers.Integral)) and not has_tensor(shape):
        check_fill_dims([d for d in np.ravel(shape) if isinstance(d, numbers.Integral)], name)
    if isinstance(shape, (list, tuple, TensorShape, numbers.Integral)) and not has_tensor(shape):
        dims = as_shape(shape).as_list()
        return constant(np.full(dims, fill_value, dtype=dtype.np), dtype=dtype, name=name)
    return fill(to_tensor(shape), constant(fill_value, dtype=dtype), name=name)


def build_time_int(value, what, fn):
    """An int argument (an axis, a depth) that may be given as a constant tensor."""
    if hasattr(value, "op") or hasattr(value, "_as_tensor"):
        known = constant_value(to_tensor(value))
        if known is None:
            raise TypeError("course's %s needs %s known when the graph is built (a Python int "
                            "or a constant); %s is computed in the graph" % (fn, what, value))
        value = known
    return int(value)


def has_tensor(shape):
    return isinstance(shape, (list, tuple)) and any(hasattr(d, "op") for d in shape)


def zeros(shape, dtype=dtypes.float32, name=None):
    return _filled(shape, dtype, 0, name or "zeros")


def ones(shape, dtype=dtypes.float32, name=None):
    return _filled(shape, dtype, 1, name or "ones")


define_op("ZerosLike", kernel=np.zeros_like, infer=same_shape, differentiable=False,
          batch=shape_readers(0))
define_op("OnesLike", kernel=np.ones_like, infer=same_shape, differentiable=False,
          batch=shape_readers(0))


def zeros_like(tensor, dtype=None, name=None, optimize=True):
    tensor = to_tensor(tensor)
    out = apply("ZerosLike", [tensor], name=name or "zeros_like")
    return out if dtype is None or dtypes.as_dtype(dtype) == out.dtype else cast(out, dtype)


def ones_like(tensor, dtype=None, name=None, optimize=True):
    tensor = to_tensor(tensor)
    out = apply("OnesLike", [tensor], name=name or "ones_like")
    return out if dtype is None or dtypes.as_dtype(dtype) == out.dtype else cast(out, dtype)


def _range_size(start, limit, delta, dtype):
    """TF's element count, computed in the op's dtype: tf.range(1.0, 1.3, 0.1) has 3 elements
    in float32 (np.arange's float64 arithmetic gives 4)."""
    start, limit, delta = (dtype.np.type(v) for v in (start, limit, delta))
    if (limit - start) * np.sign(delta) <= 0:
        return 0
    if dtype.is_integer:
        return int((abs(limit - start) + abs(delta) - 1) // abs(delta))
    return int(np.ceil(abs((limit - start) / delta)))


def _range_infer(op):
    dtype = op.get_attr("dtype")
    if op.inputs:  # bounds computed in the graph (tf.range(tf.shape(x)[0])): length at run time
        return [(dtype, TensorShape([None]))]
    attrs = [op.get_attr(k) for k in ("start", "limit", "delta")]
    return [(dtype, TensorShape([_range_size(*attrs, dtype)]))]


def _range_kernel(start, limit, delta, dtype):
    # The bounds are attrs, or inputs when computed in the graph (see _range_of_tensors).
    if delta == 0:
        raise ValueError("Requires delta != 0: %s" % delta)
    n = _range_size(start, limit, delta, dtype)
    if dtype.is_integer:
        return (start + delta * np.arange(n)).astype(dtype.np)
    # TF adds delta n times in the dtype (value += delta), so rounding accumulates the same way
    steps = np.full(n, delta, dtype=dtype.np)
    if n:
        steps[0] = start
    return np.cumsum(steps, dtype=dtype.np)


define_op("Range", kernel=_range_kernel, infer=_range_infer, differentiable=False)


def range(start, limit=None, delta=1, dtype=None, name="range"):
    """``tf.range``: ints give int32, any float gives float32."""
    if limit is None:
        start, limit = 0, start
    values = [constant_value(to_tensor(v)) if hasattr(v, "op") else v for v in (start, limit, delta)]
    if any(v is None for v in values):
        return _range_of_tensors(start, limit, delta, dtype, name)
    start, limit, delta = (np.asarray(v).item() for v in values)
    if delta == 0:
        raise ValueError("Requires delta != 0: %s (op 'range')" % delta)
    if dtype is None:
        dtype = dtypes.float32 if any(isinstance(v, float) for v in (start, limit, delta)) else dtypes.int32
    return apply("Range", [], {"start": start, "limit": limit, "delta": delta,
                               "dtype": dtypes.as_dtype(dtype)}, name)


def _range_of_tensors(start, limit, delta, dtype, name):
    """tf.range with a bound known only at run time: the bounds become inputs, cast to the
    result's dtype (the widest of theirs, as TF infers it)."""
    tensors = [to_tensor(v) for v in (start, limit, delta)]
    if dtype is None:
        order = [dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64]
        dtype = max((t.dtype for t in tensors), key=lambda d: order.index(d) if d in order else 0)
    dtype = dtypes.as_dtype(dtype)
    with name_scope(name, "Range", tensors) as scope:
        tensors = [cast(t, dtype) if t.dtype != dtype else t for t in tensors]
        return apply("Range", tensors, {"dtype": dtype}, name=scope)


# -- cast -----------------------------------------------------------------------------------------
def _cast_kernel(x, DstT):
    if DstT.is_integer and x.dtype.kind == "f":
        x = np.trunc(x)     # C-style conversion toward zero, as TF
    return x.astype(DstT.np)


define_op("Cast", kernel=_cast_kernel, batch=elementwise,
          infer=lambda op: [(op.get_attr("DstT"), op.inputs[0].shape)],
          grad=lambda op, g: [cast(g, op.inputs[0].dtype)
                              if op.inputs[0].dtype.is_floating and g.dtype.is_floating else None])


def cast(x, dtype, name=None):
    """``tf.cast``: floats to ints truncate toward zero; bools become 0/1."""
    x = to_tensor(x)
    dtype = dtypes.as_dtype(dtype)
    if x.dtype == dtype:
        return x
    return apply("Cast", [x], {"DstT": dtype}, name or "Cast")


def to_float(x, name="ToFloat"):
    return cast(x, dtypes.float32, name)


def to_int32(x, name="ToInt32"):
    return cast(x, dtypes.int32, name)


def to_int64(x, name="ToInt64"):
    return cast(x, dtypes.int64, name)


# -- reshape, transpose, expand_dims, squeeze ---------------------------------------------------
def _reshape_target(op, x, target):
    """The static output shape for a reshape target whose entries are ints, -1 ("work it out")
    or None (computed in the graph). As TF: one unknown entry is worked out when x's size is
    known; with more, they all stay unknown."""
    if target.count(-1) > 1:
        raise shape_error(op, "Cannot infer multiple unknown dimensions in shape %s" % target)
    size = x.shape.num_elements()
    known = int(np.prod([d for d in target if d not in (-1, None)]))
    unknown = sum(1 for d in target if d in (-1, None))
    if unknown == 0:
        if size is not None and size != known:
            raise shape_error(op, "Cannot reshape a tensor with %d elements to shape %s (%d "
                              "elements)" % (size, target, known))
        return target
    if unknown > 1 or size is None:
        return [None if d in (-1, None) else d for d in target]
    if known == 0 or size % known:
        raise shape_error(op, "Cannot reshape a tensor with %d elements to shape %s (%d "
                          "elements)" % (size, target, known))
    return [size // known if d in (-1, None) else d for d in target]


def _reshape_infer(op):
    x, target = op.inputs
    known = constant_value(target)
    if known is not None:
        target = [int(d) for d in np.ravel(known)]
    else:
        partial = shape_from_tensor(target)
        if partial.ndims is None:
            return [(x.dtype, partial)]
        target = partial.as_list()
    return [(x.dtype, TensorShape(_reshape_target(op, x, target)))]


def _reshape_batch(op, batched, state):
    """Each copy reshaped: the copy axis stays first (a batched target shape: copy by copy)."""
    if batched[1]:
        return per_copy(op, batched, state)
    return (lambda x, shape: x.reshape(x.shape[:1] + tuple(shape))), (True,)


define_op("Reshape", kernel=lambda x, shape: x.reshape(tuple(shape)), infer=_reshape_infer,
          grad=lambda op, g: [reshape(g, shape_of(op.inputs[0])), None], batch=_reshape_batch)


def reshape(tensor, shape, name=None):
    """``tf.reshape``; one dimension may be -1 ("work it out")."""
    tensor = to_tensor(tensor)
    shape = to_tensor(shape, dtype=dtypes.int32) if not hasattr(shape, "dtype") else to_tensor(shape)
    return apply("Reshape", [tensor, shape], name=name or "Reshape")


def _transpose_infer(op):
    x = op.inputs[0]
    perm = op.get_attr("perm")
    if perm is None:        # all axes reversed, the rank known only when it runs
        return [(x.dtype, unknown_shape())]
    if x.shape.ndims is None:
        return [(x.dtype, unknown_shape(len(perm)))]
    if sorted(perm) != list(builtins.range(x.shape.ndims)):
        raise shape_error(op, "transpose expects a vector of size %d. But input(1) is a vector of "
                          "size %d" % (x.shape.ndims, len(perm)) if len(perm) != x.shape.ndims
                          else "%s is not a permutation of 0..%d" % (list(perm), x.shape.ndims - 1))
    return [(x.dtype, TensorShape([x.shape[p] for p in perm]))]


def _transpose_batch(op, batched, state):
    """The copy axis stays first; each copy's axes are permuted as one copy's."""
    if op.get_attr("perm") is None:
        return (lambda x: np.transpose(x, (0,) + tuple(builtins.range(x.ndim - 1, 0, -1)))), (True,)
    perm = (0,) + tuple(p + 1 for p in op.get_attr("perm"))
    return functools.partial(op._op_def.kernel, perm=perm), (True,)


def _transpose_grad(op, g):
    perm = op.get_attr("perm")
    if perm is None:
        return [apply("Transpose", [g], {"perm": None})]
    return [transpose(g, list(np.argsort(perm)))]


define_op("Transpose", kernel=lambda x, perm: np.transpose(x, perm), infer=_transpose_infer,
          batch=_transpose_batch, grad=_transpose_grad)


def transpose(a, perm=None, name="transpose", conjugate=False):
    a = to_tensor(a)
    # Conjugating real values changes nothing; course has no complex conjugate.
    refuse_unsupported("tf.transpose", conjugate=conjugate and a.dtype.is_complex)
    if perm is None:
        if a.shape.ndims is None:
            # TF computes the reversed axes at run time (rank - 1 - range(rank)): so does the
            # kernel given no perm
            return apply("Transpose", [a], {"perm": None}, name)
        perm = list(reversed(builtins.range(a.shape.ndims)))
    perm = [int(p) for p in (constant_value(perm) if hasattr(perm, "op") else perm)]
    return apply("Transpose", [a], {"perm": tuple(perm)}, name)


def _expand_dims_infer(op):
    x = op.inputs[0]
    axis = op.get_attr("axis")
    if x.shape.ndims is None:
        return [(x.dtype, unknown_shape())]
    rank_ = x.shape.ndims + 1
    if not -rank_ <= axis < rank_:
        raise shape_error(op, "Tried to expand dim index %d for tensor with %d dimensions"
                          % (axis, x.shape.ndims))
    dims = list(x.shape.as_list())
    dims.insert(axis % rank_, 1)
    return [(x.dtype, TensorShape(dims))]


define_op("ExpandDims", kernel=lambda x, axis: np.expand_dims(x, axis), infer=_expand_dims_infer,
          grad=lambda op, g: [reshape(g, shape_of(op.inputs[0]))], batch=per_copy)


def expand_dims(input, axis=None, name=None, dim=None):
    axis = dim if axis is None else axis
    if axis is None:
        raise ValueError("Must specify an axis argument to tf.expand_dims()")
    axis = build_time_int(axis, "axis", "tf.expand_dims")
    return apply("ExpandDims", [to_tensor(input)], {"axis": axis}, name or "ExpandDims")


def _squeeze_infer(op):
    x = op.inputs[0]
    axes = op.get_attr("squeeze_dims")
    if x.shape.ndims is None:
        return [(x.dtype, unknown_shape())]
    dims = x.shape.as_list()
    axes = [normalize_axis(op, a, len(dims)) for a in axes]
    for a in axes:
        if dims[a] not in (1, None):
            raise shape_error(op, "Can not squeeze dim[%d], expected a dimension of 1, got %d"
                              % (a, dims[a]))
    if not axes:
        if None in dims:
            return [(x.dtype, unknown_shape())]
        return [(x.dtype, TensorShape([d for d in dims if d != 1]))]
    return [(x.dtype, TensorShape([d for i, d in enumerate(dims) if i not in axes]))]


def _squeeze_kernel(x, squeeze_dims):
    return np.squeeze(x, axis=tuple(squeeze_dims) if squeeze_dims else None)


define_op("Squeeze", kernel=_squeeze_kernel, infer=_squeeze_infer,
          grad=lambda op, g: [reshape(g, shape_of(op.inputs[0]))], batch=per_copy)


def squeeze(input, axis=None, name=None, squeeze_dims=None):
    axis = squeeze_dims if axis is None else axis
    axis = [] if axis is None else [axis] if isinstance(axis, numbers.Integral) else list(axis)
    return apply("Squeeze", [to_tensor(input)], {"squeeze_dims": tuple(int(a) for a in axis)},
                 name or "Squeeze")


# -- concat, stack, unstack, split, tile ----------------------------------------------------------
def _same_dtype(op, values):
    for t in values[1:]:
        if t.dtype != values[0].dtype:
            raise TypeError("Tensors in list passed to 'values' of '%s' Op have types [%s] that "
                            "don't all match." % (op.type, ", ".join(v.dtype.name for v in values)))


def _concat_infer(op):
    values = op.inputs
    _same_dtype(op, values)
    axis = op.get_attr("axis")
    ranks = {v.shape.ndims for v in values} - {None}
    if not ranks:
        return [(values[0].dtype, unknown_shape())]
    if len(ranks) > 1:
        # TF's wording: the first input's rank is the expected one
        known = [v.shape.ndims for v in values if v.shape.ndims is not None]
        other = next(r for r in known if r != known[0])
        raise shape_error(op, "Shape must be rank %d but is rank %d" % (known[0], other))
    rank_ = ranks.pop()
    axis = normalize_axis(op, axis, rank_)
    out = [None] * rank_
    total = 0
    for v in values:
        if v.shape.ndims is None:
            total = None
            continue
        for i, d in enumerate(v.shape.as_list()):
            if i == axis:
                total = None if total is None or d is None else total + d
            elif d is not None:
                if out[i] is not None and out[i] != d:
                    raise shape_error(op, "Dimension %d in both shapes must be equal, but are %d "
                                      "and %d" % (i, out[i], d))
                out[i] = d
    out[axis] = total
    return [(values[0].dtype, TensorShape(out))]


def _concat_grad(op, g):
    axis = op.get_attr("axis")
    sizes = [dim_size(v, axis) for v in op.inputs]
    return split(g, stack(sizes), axis=axis, num=len(sizes))


def _joined_past_copy_axis(op, batched, state):
    """Pack and ConcatV2: joined past the copy axis; a value shared by the copies is repeated
    for each."""
    axis = op.get_attr("axis")
    kernel = functools.partial(op._op_def.kernel, axis=axis + 1 if axis >= 0 else axis)
    copies = state.batch_size

    def run(*values):
        return kernel(*[v if b else np.broadcast_to(v, (copies,) + np.shape(v))
                        for v, b in zip(values, batched)])
    return run, (True,)


define_op("ConcatV2", kernel=lambda *values, axis: np.concatenate(values, axis=axis),
          batch=_joined_past_copy_axis,
          infer=_concat_infer, grad=_concat_grad)


def concat(values, axis, name="concat"):
    values = [to_tensor(v) for v in values]
    if len(values) == 1:
        return identity(values[0], name=name)
    return apply("ConcatV2", values, {"axis": build_time_int(axis, "axis", "tf.concat")}, name)


def dim_size(x, axis):
    """Size of ``x`` along ``axis`` as an int32 scalar tensor (a constant when static)."""
    rank_ = x.shape.ndims
    static = x.shape[axis] if rank_ is not None else None
    if static is not None:
        return constant(static, dtype=dtypes.int32)
    return strided_slice_py(shape(x), (axis,))


def _pack_infer(op):
    values = op.inputs
    _same_dtype(op, values)
    shape_ = unknown_shape()
    for v in values:
        if not shape_.is_compatible_with(v.shape):
            raise shape_error(op, "Shapes %s and %s are not compatible" % (
                shape_.list_str(), v.shape.list_str()))
        shape_ = shape_.merge_with(v.shape)
    if shape_.ndims is None:
        return [(values[0].dtype, unknown_shape())]
    axis = normalize_axis(op, op.get_attr("axis"), shape_.ndims + 1)
    dims = shape_.as_list()
    dims.insert(axis, len(values))
    return [(values[0].dtype, TensorShape(dims))]


define_op("Pack", kernel=lambda *values, axis: np.stack(values, axis=axis), infer=_pack_infer,
          batch=_joined_past_copy_axis,
          grad=lambda op, g: unstack(g, num=len(op.inputs), axis=op.get_attr("axis")))


def stack(values, axis=0, name="stack"):
    values = [to_tensor(v) for v in values]
    return apply("Pack", values, {"axis": int(axis)}, name)


# -- how values that are not tensors become tensors (framework.ops.convert_to_tensor asks) ----
def _contains_tensor(value):
    for v in value:
        if isinstance(v, Tensor) or hasattr(v, "_as_tensor"):
            return True
        if isinstance(v, (list, tuple)) and _contains_tensor(v):
            return True
    return False


def _autopacking_conversion(value, dtype, name, preferred_dtype):
    """A list or tuple holding tensors is stacked (TF's autopacking)."""
    if not _contains_tensor(value):
        return NotImplemented
    return stack([to_tensor(v, dtype) for v in value], name=name or "packed")


def _constant_conversion(value, dtype, name, preferred_dtype):
    """Anything else becomes a constant, of ``preferred_dtype`` when it fits."""
    if dtype is None and preferred_dtype is not None:
        try:
            return constant(value, dtype=preferred_dtype, name=name or "Const")
        except (TypeError, ValueError):
            pass
    return constant(value, dtype=dtype, name=name or "Const")


register_tensor_conversion_function((list, tuple), _autopacking_conversion, priority=99)
register_tensor_conversion_function(object, _constant_conversion, priority=200)


def _unpack_infer(op):
    x = op.inputs[0]
    num = op.get_attr("num")
    if x.shape.ndims is None:
        return [(x.dtype, unknown_shape())] * num
    axis = normalize_axis(op, op.get_attr("axis"), x.shape.ndims)
    dims = x.shape.as_list()
    if dims[axis] is not None and dims[axis] != num:
        raise shape_error(op, "Dimension must be %d but is %d" % (num, dims[axis]))
    del dims[axis]
    return [(x.dtype, TensorShape(dims))] * num


def _unpack_kernel(x, num, axis):
    return [np.take(x, i, axis=axis) for i in builtins.range(num)]


define_op("Unpack", kernel=_unpack_kernel, infer=_unpack_infer,
          batch=shifted_axes(lambda **attrs: functools.partial(_unpack_kernel, **attrs)),
          num_outputs=lambda attrs: attrs["num"],
          grad=lambda op, *grads: [stack(_zeros_for_missing(op, grads), axis=op.get_attr("axis"))])


def _zeros_for_missing(op, grads):
    return [g if g is not None else zeros_like(t) for g, t in zip(grads, op.outputs)]


def unstack(value, num=None, axis=0, name="unstack"):
    value = to_tensor(value)
    axis = int(axis)        # (TF too refuses a tensor here)
    if num is None:
        if value.shape.ndims is None or value.shape[axis] is None:
            raise ValueError("Cannot infer num from shape %s" % value.shape)
        num = value.shape[axis]
    return list(apply_op("Unpack", [value], {"num": int(num), "axis": axis}, name).outputs)


def _split_infer(op):
    value, sizes = op.inputs
    axis = op.get_attr("axis")
    num = op.get_attr("num")
    known = constant_value(sizes)
    if value.shape.ndims is None:
        return [(value.dtype, unknown_shape())] * num
    axis = normalize_axis(op, axis, value.shape.ndims)
    dims = value.shape.as_list()
    if known is None:
        return [(value.dtype, TensorShape(dims[:axis] + [None] + dims[axis + 1:]))] * num
    known = [int(k) for k in np.ravel(known)]
    if dims[axis] is not None and sum(known) != dims[axis]:
        raise shape_error(op, "Determined shape must either match input shape along split_dim "
                          "exactly if fully specified, or be less than the size of the input "
                          "along split_dim if not fully specified.  Got: %d" % sum(known))
    return [(value.dtype, TensorShape(dims[:axis] + [k] + dims[axis + 1:])) for k in known]


def _split_kernel(value, sizes, axis, num):
    return np.split(value, np.cumsum(sizes)[:-1], axis=axis)


define_op("SplitV", kernel=_split_kernel, infer=_split_infer,
          num_outputs=lambda attrs: attrs["num"],
          grad=lambda op, *grads: [concat(_zeros_for_missing(op, grads), op.get_attr("axis")), None],
          batch=per_copy)


def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """``tf.split``: an int splits evenly, a list gives the sizes."""
    value = to_tensor(value)
    axis = build_time_int(axis, "axis", "tf.split")
    if isinstance(num_or_size_splits, numbers.Integral):
        count = int(num_or_size_splits)
        dim = value.shape[axis] if value.shape.ndims is not None else None
        if dim is not None and dim % count:
            raise ValueError("Dimension size must be evenly divisible by %d but is %d for "
                             "'split' with input shape %s" % (count, dim, value.shape.list_str()))
        if dim is None:
            raise ValueError("course's tf.split needs the split dimension of %s to be known"
                             % value.name)
        sizes = constant([dim // count] * count, dtype=dtypes.int32)
    else:
        sizes = to_tensor(num_or_size_splits, dtype=dtypes.int32) \
            if not hasattr(num_or_size_splits, "op") else num_or_size_splits
        count = num if num is not None else sizes.shape[0]
        if count is None:
            raise ValueError("Cannot infer num from shape %s" % sizes.shape)
    return list(apply_op("SplitV", [value, sizes], {"axis": axis, "num": int(count)},
                         name).outputs)


def _tile_multiples(op):
    """The multiples as far as known when building: the attr, or what the multiples input
    (computed in the graph) statically says (None where unknown)."""
    mult = op.get_attr("multiples")
    if mult is not None:
        return list(mult)
    return shape_from_tensor(op.inputs[1]).as_list() if op.inputs[1].shape.ndims == 1 and \
        op.inputs[1].shape[0] is not None else None


def _tile_infer(op):
    x = op.inputs[0]
    mult = _tile_multiples(op)
    if mult is None:
        return [(x.dtype, unknown_shape(x.shape.ndims))]
    if x.shape.ndims is None:
        return [(x.dtype, unknown_shape(len(mult)))]
    if len(mult) != x.shape.ndims:
        raise shape_error(op, "Shape must be rank %d but is rank %d" % (x.shape.ndims, len(mult)))
    return [(x.dtype, TensorShape([None if d is None or m is None else d * m
                                   for d, m in zip(x.shape.as_list(), mult)]))]


def _tile_kernel(x, *computed, multiples):
    return np.tile(x, tuple(computed[0]) if multiples is None else multiples)


def _tile_grad_kernel(g, x, *computed, multiples):
    multiples = tuple(computed[0]) if multiples is None else multiples
    split_shape = [v for m, d in zip(multiples, x.shape) for v in (m, d)]
    return g.reshape(split_shape).sum(axis=tuple(builtins.range(0, len(split_shape), 2))
                                      ).astype(g.dtype)


def _tile_grad(op, g):
    return [apply("TileGrad", [g] + list(op.inputs),
                  {"multiples": op.get_attr("multiples")})] + [None] * (len(op.inputs) - 1)


def _tile_grad_grad(op, g):
    multiples = op.get_attr("multiples")
    return [tile(g, multiples if multiples is not None else op.inputs[2])] + \
        [None] * (len(op.inputs) - 1)


define_op("Tile", kernel=_tile_kernel, infer=_tile_infer, grad=_tile_grad, batch=per_copy)
define_op("TileGrad", kernel=_tile_grad_kernel, grad=_tile_grad_grad,
          infer=lambda op: [(op.inputs[0].dtype, op.inputs[1].shape)], batch=per_copy)


def tile(input, multiples, name=None):
    """``tf.tile``; multiples may be computed in the graph (``[tf.shape(x)[0], 1]``)."""
    input = to_tensor(input)
    if hasattr(multiples, "op") or has_tensor(multiples):
        known = constant_value(to_tensor(multiples, dtype=dtypes.int32)
                               if has_tensor(multiples) else to_tensor(multiples))
        if known is None:
            computed = to_tensor(multiples, dtype=dtypes.int32) if has_tensor(multiples) \
                else to_tensor(multiples)
            return apply("Tile", [input, computed], {"multiples": None}, name or "Tile")
        multiples = known
    return apply("Tile", [input], {"multiples": tuple(int(m) for m in np.ravel(multiples))},
                 name or "Tile")


# -- slicing -----------------------------------------------------------------------------------
def _slice_infer(op):
    x = op.inputs[0]
    spec = op.get_attr("spec")
    if x.shape.ndims is None:
        return [(x.dtype, unknown_shape())]
    dims = x.shape.as_list()
    consumed = sum(1 for s in spec if s[0] in ("slice", "index"))
    if consumed > len(dims):
        raise shape_error(op, "Index out of range using input dim %d; input has only %d dims"
                          % (len(dims), len(dims)))
    out, d = [], 0
    for item in spec:
        kind = item[0]
        if kind == "ellipsis":
            n = len(dims) - consumed
            out.extend(dims[d:d + n])
            d += n
        elif kind == "newaxis":
            out.append(1)
        elif kind == "index":
            size = dims[d]
            if size is not None and not is_dynamic(item[1]) and not -size <= item[1] < size:
                raise shape_error(op, "slice index %d of dimension %d out of bounds" % (item[1], d))
            d += 1
        else:
            size = dims[d]
            known = size is not None and not any(is_dynamic(p) for p in item[1:])
            out.append(len(builtins.range(*builtins.slice(*item[1:]).indices(size))) if known
                       else None)
            d += 1
    out.extend(dims[d:])
    return [(x.dtype, TensorShape(out))]


def _slice_grad_kernel(g, x, *dynamic, spec):
    z = np.zeros_like(x)
    z[index_key(spec, dynamic)] = g
    return z


# Indices and bounds computed in the graph (x[t] in a loop body) are extra int32 inputs.
define_op("StridedSlice", kernel=lambda x, *dynamic, spec: x[index_key(spec, dynamic)],
          infer=_slice_infer,
          grad=lambda op, g: [apply("StridedSliceGrad", [g, *op.inputs],
                                    {"spec": op.get_attr("spec")})] + [None] * len(op.inputs[1:]),
          batch=per_copy)
define_op("StridedSliceGrad", kernel=_slice_grad_kernel,
          infer=lambda op: [(op.inputs[0].dtype, op.inputs[1].shape)],
          grad=lambda op, g: [apply("StridedSlice", [g, *op.inputs[2:]],
                                    {"spec": op.get_attr("spec")})] + [None] * len(op.inputs[1:]),
          batch=per_copy)


def _spec_of_key(key, dynamic):
    """The slice spec of a Python index; parts computed in the graph are appended to
    ``dynamic`` and named ("input", k) in the spec."""
    if not isinstance(key, tuple):
        key = (key,)
    spec = []
    for item in key:
        if item is None:
            spec.append(("newaxis",))
        elif item is Ellipsis:
            spec.append(("ellipsis",))
        elif isinstance(item, builtins.slice):
            parts = [_index_part(v, dynamic) for v in (item.start, item.stop, item.step)]
            if parts[2] == 0:
                raise ValueError("slice step cannot be zero")
            spec.append(("slice",) + tuple(parts))
        else:
            spec.append(("index", _index_part(item, dynamic)))
    if sum(1 for s in spec if s[0] == "ellipsis") > 1:
        raise ValueError("Multiple ellipses in slice spec not allowed")
    return tuple(spec)


def _index_part(v, dynamic):
    if hasattr(v, "op") and constant_value(v) is None:
        if v.dtype not in (dtypes.int32, dtypes.int64) or v.shape.ndims not in (None, 0):
            raise TypeError("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) "
                            "and scalar tf.int32/tf.int64 tensors are valid indices, got %r"
                            % (v,))
        dynamic.append(v)
        return ("input", len(dynamic) - 1)
    return _static_int(v)


def _static_int(v):
    if v is None:
        return None
    if hasattr(v, "op"):
        known = constant_value(v)
        if known is None:
            raise TypeError("course needs this index known at graph-build time (a Python int "
                            "or a constant tensor)")
        v = known
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (numbers.Integral, np.ndarray)):
        raise TypeError("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and "
                        "scalar tf.int32/tf.int64 tensors are valid indices, got %r" % (v,))
    return int(v)


def strided_slice_py(x, key, name="strided_slice"):
    """``x[key]`` for a Python index (ints, slices with steps, None, Ellipsis)."""
    dynamic = []
    spec = _spec_of_key(key, dynamic)
    return apply("StridedSlice", [to_tensor(x)] + dynamic, {"spec": spec}, name)


def _slice_bounds(dims, begin, size):
    """Each axis's (begin, size) with size -1 resolved; None where the dimension is unknown."""
    return [(b, None if s == -1 and d is None else d - b if s == -1 else s)
            for b, s, d in zip(begin, size, dims)]


def _slice_op_infer(op):
    x = op.inputs[0]
    begin, size = op.get_attr("begin"), op.get_attr("size")
    if x.shape.ndims is None:
        return [(x.dtype, unknown_shape(len(begin)))]
    if x.shape.ndims != len(begin):
        raise shape_error(op, "Shape must be rank %d but is rank %d" % (len(begin), x.shape.ndims))
    # (bounds are checked when the op runs, as TF does)
    # TF: an explicit size is the output size even where the input dimension is unknown
    return [(x.dtype, TensorShape([s for _, s in _slice_bounds(x.shape.as_list(), begin, size)]))]


def _slice_op_kernel(x, begin, size):
    key = []
    for i, (d, (b, s)) in enumerate(zip(x.shape, _slice_bounds(x.shape, begin, size))):
        if b < 0 or b > d or s < 0 or b + s > d:
            raise errors.InvalidArgumentError(
                None, None, "Expected size[%d] in [0, %d], but got %d" % (i, max(d - b, 0), size[i])
                if 0 <= b <= d else "Expected begin[%d] in [0, %d], but got %d" % (i, d, b))
        key.append(builtins.slice(b, b + s))
    return x[tuple(key)]


def _slice_spec(op):
    """The StridedSlice spec selecting what a Slice op selects (for its gradient)."""
    return tuple(("slice", b, None if s == -1 else b + s, None)
                 for b, s in zip(op.get_attr("begin"), op.get_attr("size")))


define_op("Slice", kernel=_slice_op_kernel, infer=_slice_op_infer,
          grad=lambda op, g: [apply("StridedSliceGrad", [g, op.inputs[0]],
                                    {"spec": _slice_spec(op)})], batch=per_copy)


def slice(input_, begin, size, name=None):
    """``tf.slice``: ``size[i] == -1`` takes everything to the end; size must be known when the
    graph is built (Python values or constants), begin may be computed (a loop counter)."""
    if (hasattr(begin, "op") or has_tensor(begin)) and constant_value(to_tensor(begin)) is None:
        return _slice_from_computed_begin(input_, to_tensor(begin, dtype=dtypes.int32), size,
                                          name)
    begin = [_static_int(b) for b in np.ravel(_const_list(begin, "begin", "tf.slice"))]
    size = [_static_int(s) for s in np.ravel(_const_list(size, "size", "tf.slice"))]
    if len(begin) != len(size):
        raise ValueError("Shapes must be equal rank, but are %d and %d for 'Slice'" % (
            len(begin), len(size)))
    return apply("Slice", [to_tensor(input_)], {"begin": tuple(begin), "size": tuple(size)},
                 name or "Slice")


def _slice_from_computed_begin(input_, begin, size, name):
    """tf.slice with begin known only when run: x[b0:b0 + s0, b1:b1 + s1, ...] as a
    StridedSlice whose bounds are inputs; the static shape is ``size`` (as TF's Slice)."""
    size = [_static_int(s) for s in np.ravel(_const_list(size, "size", "tf.slice"))]
    if begin.shape.ndims != 1 or begin.shape[0] != len(size):
        raise ValueError("Shapes must be equal rank, but are %s and %d for 'Slice'"
                         % (begin.shape[0] if begin.shape.ndims == 1 else begin.shape, len(size)))
    key = tuple(builtins.slice(begin[k], None if s == -1 else begin[k] + s)
                for k, s in enumerate(size))
    out = strided_slice_py(input_, key, name=name or "Slice")
    out.set_shape([None if s == -1 else s for s in size])
    return out


def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0,
                  new_axis_mask=0, shrink_axis_mask=0, name=None):
    """``tf.strided_slice`` with its bit masks, for constant begin/end/strides."""
    begin = list(np.ravel(_const_list(begin, "begin", "tf.strided_slice")))
    end = list(np.ravel(_const_list(end, "end", "tf.strided_slice")))
    strides = [1] * len(begin) if strides is None else list(
        np.ravel(_const_list(strides, "strides", "tf.strided_slice")))
    key = []
    for i, (b, e, s) in enumerate(zip(begin, end, strides)):
        bit = 1 << i
        if ellipsis_mask & bit:
            key.append(Ellipsis)
        elif new_axis_mask & bit:
            key.append(None)
        elif shrink_axis_mask & bit:
            key.append(int(b))
        else:
            key.append(builtins.slice(None if begin_mask & bit else int(b),
                                      None if end_mask & bit else int(e), int(s)))
    return strided_slice_py(input_, tuple(key), name=name or "StridedSlice")


def _const_list(v, what, fn):
    if hasattr(v, "op") or has_tensor(v):
        known = constant_value(to_tensor(v))
        if known is None:
            raise TypeError("course's %s needs %s known when the graph is built (Python values or "
                            "constants); %s is computed in the graph" % (fn, what, v))
        return known
    return v


# -- gather, one_hot ---------------------------------------------------------------------------------
def _gather_infer(op):
    params, indices = op.inputs
    if not indices.dtype.is_integer:
        raise TypeError("Value passed to parameter 'indices' has DataType %s not in list of "
                        "allowed values: int32, int64" % indices.dtype.name)
    if params.shape.ndims is None or indices.shape.ndims is None:
        return [(params.dtype, unknown_shape())]
    axis = normalize_axis(op, op.get_attr("axis"), params.shape.ndims)
    dims = params.shape.as_list()
    return [(params.dtype, TensorShape(dims[:axis] + indices.shape.as_list() + dims[axis + 1:]))]


def _gather_kernel(params, indices, axis):
    size = params.shape[axis]
    if indices.size and (indices.min() < 0 or indices.max() >= size):
        where = tuple(np.argwhere((indices < 0) | (indices >= size))[0])
        raise IndexError("indices[%s] = %d is not in [0, %d)" % (
            ",".join(map(str, where)), indices[where], size))
    return np.take(params, indices, axis=axis)


def _gather_grad_kernel(g, indices, params, axis):
    out = np.zeros_like(params)
    moved = np.moveaxis(out, axis, 0)
    g_moved = np.moveaxis(g.reshape(params.shape[:axis] + (indices.size,) +
                                    params.shape[axis + 1:]), axis, 0)
    np.add.at(moved, indices.ravel(), g_moved)
    return out


def _gather_grad(op, g):
    """Along axis 0 the gradient is sparse, as TF's: IndexedSlices of the gathered rows' gradients
    (an embedding's gradient names only the rows a step looked up). Along another axis it is
    dense here (TF transposes to make it sparse too)."""
    params, indices = op.inputs
    if op.get_attr("axis") != 0:
        return [apply("GatherGrad", [g, indices, params], {"axis": op.get_attr("axis")}), None]
    params_shape = shape_of(params)
    size = expand_dims(size_of(indices), 0)
    values = reshape(g, concat([size, strided_slice_py(params_shape, (builtins.slice(1, None),))],
                               0))
    return [IndexedSlices(values, reshape(indices, size), params_shape), None]


define_op("GatherV2", kernel=_gather_kernel, infer=_gather_infer, grad=_gather_grad, batch=per_copy)
define_op("GatherGrad", kernel=_gather_grad_kernel,
          infer=lambda op: [(op.inputs[0].dtype, op.inputs[2].shape)],
          grad=lambda op, g: [gather(g, op.inputs[1], axis=op.get_attr("axis")), None, None])


def gather(params, indices, validate_indices=None, name=None, axis=0):
    """``tf.gather`` (its gradient is dense here, not IndexedSlices)."""
    params = to_tensor(params)
    indices = to_tensor(indices)
    return apply("GatherV2", [params, indices], {"axis": build_time_int(axis, "axis", "tf.gather")},
                 name or "GatherV2")


def _one_hot_kernel(indices, depth, on_value, off_value, axis, dtype):
    out = np.where(indices[..., None] == np.arange(depth), on_value, off_value).astype(dtype.np)
    return out if axis == -1 else np.moveaxis(out, -1, axis)


def _one_hot_infer(op):
    indices = op.inputs[0]
    if indices.dtype not in (dtypes.uint8, dtypes.int8, dtypes.int32, dtypes.int64):
        raise TypeError("Value passed to parameter 'indices' has DataType %s not in list of "
                        "allowed values: uint8, int8, int32, int64 (op '%s' of type OneHot)"
                        % (indices.dtype.name, op.name))
    depth, axis = op.get_attr("depth"), op.get_attr("axis")
    if indices.shape.ndims is None:
        return [(op.get_attr("dtype"), unknown_shape())]
    dims = indices.shape.as_list()
    dims.insert(len(dims) if axis == -1 else axis, depth)
    return [(op.get_attr("dtype"), TensorShape(dims))]


define_op("OneHot", kernel=_one_hot_kernel, infer=_one_hot_infer, differentiable=False,
          batch=per_copy)


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """``tf.one_hot``: out-of-range indices give a row of off_value, as TF."""
    indices = to_tensor(indices)
    dtype = dtypes.as_dtype(dtype) if dtype is not None else (
        dtypes.as_dtype(np.asarray(on_value).dtype) if isinstance(on_value, np.ndarray)
        else dtypes.float32)
    on = 1 if on_value is None else on_value
    off = 0 if off_value is None else off_value
    depth = build_time_int(depth, "depth", "tf.one_hot")
    return apply("OneHot", [indices], {"depth": depth, "on_value": on, "off_value": off,
                                       "axis": -1 if axis is None else int(axis), "dtype": dtype},
                 name or "one_hot")


# -- where -------------------------------------------------------------------------------------------
def _select_infer(op):
    cond, x, y = op.inputs
    if cond.dtype != dtypes.bool_:
        raise TypeError("Input 'condition' of 'Select' Op has type %s that does not match "
                        "expected type of bool." % cond.dtype.name)
    if x.dtype != y.dtype:
        raise TypeError("Input 'e' of 'Select' Op has type %s that does not match type %s of "
                        "argument 't'." % (y.dtype.name, x.dtype.name))
    if not x.shape.is_compatible_with(y.shape):
        raise shape_error(op, "Shapes must be equal rank, but are %s and %s"
                          % (x.shape.ndims, y.shape.ndims))
    out = x.shape.merge_with(y.shape)
    cr = cond.shape.ndims
    if cr is not None and out.ndims is not None and not (
            cond.shape.is_compatible_with(out) or (cr == 1 and out.ndims >= 1 and
                                                   cond.shape.is_compatible_with(out[:1]))):
        raise shape_error(op, "Shapes must be equal rank, but are %d and %d" % (cr, out.ndims))
    return [(x.dtype, out)]


def _select_kernel(cond, x, y):
    if cond.ndim == 1 and x.ndim > 1:
        cond = cond.reshape(cond.shape + (1,) * (x.ndim - 1))
    return np.where(cond, x, y)


def _select_grad(op, g):
    cond = op.inputs[0]
    zeros = zeros_like(g)
    return [None, where(cond, g, zeros), where(cond, zeros, g)]


def _select_batch(op, batched, state):
    """Elementwise, except a vector cond picking rows, whose reshape is one copy's."""
    cond, x = op.inputs[0].shape.ndims, op.inputs[1].shape.ndims
    if cond is None or x is None or (cond == 1 and x > 1):
        return per_copy(op, batched, state)
    return elementwise(op, batched, state)


define_op("Select", kernel=_select_kernel, infer=_select_infer, grad=_select_grad,
          batch=_select_batch)


def _where_indices_infer(op):
    x = op.inputs[0]
    return [(dtypes.int64, TensorShape([None, x.shape.ndims]))]


define_op("Where", kernel=lambda x: np.argwhere(x).astype(np.int64), infer=_where_indices_infer,
          differentiable=False)


def where(condition, x=None, y=None, name=None):
    """``tf.where``: with x and y, pick elementwise; alone, the coordinates of true elements."""
    condition = to_tensor(condition)
    if x is None and y is None:
        return apply("Where", [condition], name=name or "Where")
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    from .core import binary_inputs
    x, y = binary_inputs("Select", x, y)
    return apply("Select", [condition, x, y], name=name or "Select")

