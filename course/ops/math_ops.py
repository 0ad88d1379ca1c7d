"""Elementwise math, matmul, add_n, comparisons and logic, with broadcasting undone in one place."""
import math

import numpy as np

from ..framework import dtypes
from ..framework.batching import aligner, elementwise, per_copy, shape_readers
from ..framework.blas_threads import matmul as blas_matmul
from ..framework.ops import name_scope
from ..framework.registry import define_op
from ..framework.tensor_shape import TensorShape, unknown_shape
from .core import (FLOATS, INTS, NUMERIC, apply, binary_inputs, broadcast_shape, check_dtype,
                   shape_error, to_tensor)
from . import array_ops, eigen_math, long_rows

BOOL = (dtypes.bool_,)


# -- undoing broadcasting: the one shared helper ---------------------------------------------------
def _sum_to_kernel(g, like):
    return _sum_to(g, like.shape)


def _sum_to(g, shape, copies=0):
    """g summed to ``shape``; a batched run's ``copies`` leading axes (0 or 1) are kept."""
    if g.shape[copies:] == shape:
        return g
    key = (g.shape, shape, copies)
    axes = _SUM_TO_AXES.get(key)
    if axes is None:
        # The leading axes broadcasting added, and the axes where `like` has size 1.
        lead = g.ndim - len(shape)
        axes = _SUM_TO_AXES[key] = tuple(range(copies, lead)) + tuple(
            lead + i for i, d in enumerate(shape) if d == 1 and g.shape[lead + i] != 1)
    k = len(axes)
    if copies and k >= 2 and axes == tuple(range(1, k + 1)):
        return np.stack([_sum_to(part, shape) for part in g])   # each copy as below
    if k >= 2 and axes == tuple(range(k)) and g.ndim > k and g.flags.c_contiguous:
        # A conv's bias gradient: the leading axes (N, H, W) summed for each channel. numpy
        # would add N*H*W floats one after another per channel, with inner loops as short as
        # the channels; summing rows of (W, C) first and then the W rows is 10x faster on
        # LeNet's first layer, and far closer to the exact sum (as TF's tree reductions are).
        rows = g.reshape(-1, g.shape[k - 1], g[(0,) * k].size).sum(axis=0, dtype=g.dtype)
        return rows.sum(axis=0, dtype=g.dtype).reshape(shape)
    return g.sum(axis=axes, dtype=g.dtype).reshape(g.shape[:copies] + shape)


# (gradient shape, operand shape, copies) -> axes to sum: a training loop meets the same few.
_SUM_TO_AXES = {}


def _broadcast_to(g, shape, copies=0):
    """g broadcast to ``shape``; a batched run's ``copies`` leading axes (0 or 1) are kept."""
    if copies:
        g = g.reshape(g.shape[:1] + (1,) * (len(shape) - g.ndim + 1) + g.shape[1:])
    return np.broadcast_to(g, g.shape[:copies] + shape)


def _of_copies(kernel):
    """Batch rule of SumToShape and BroadcastToShape: `like` is read for its shape only."""
    return shape_readers(1, then=lambda op, batched, state: (
        lambda g, like: kernel(g, like.shape, 1), (True,)))


define_op("SumToShape", kernel=_sum_to_kernel,
          infer=lambda op: [(op.inputs[0].dtype, op.inputs[1].shape)],
          grad=lambda op, g: [apply("BroadcastToShape", [g, op.inputs[0]]), None],
          batch=_of_copies(_sum_to))
define_op("BroadcastToShape", kernel=lambda g, like: _broadcast_to(g, like.shape),
          infer=lambda op: [(op.inputs[0].dtype, op.inputs[1].shape)],
          grad=lambda op, g: [apply("SumToShape", [g, op.inputs[0]]), None],
          batch=_of_copies(_broadcast_to))


def unbroadcast(grad, x):
    """Sum ``grad`` (shaped like a broadcast result) back to the shape of operand ``x``."""
    if grad is None:
        return None
    if grad.shape.is_fully_defined() and grad.shape == x.shape:
        return grad
    return apply("SumToShape", [grad, x])


# -- elementwise op factories -----------------------------------------------------------------------
def _binary_infer(allowed, out_dtype=None):
    def infer(op):
        x, y = op.inputs
        check_dtype(op, x, allowed)
        return [(out_dtype or x.dtype, broadcast_shape(op, x, y))]
    return infer


def _binary_grad(raw_grad):
    def grad(op, g):
        x, y = op.inputs
        gx, gy = raw_grad(op, g)
        return [unbroadcast(gx, x), unbroadcast(gy, y)]
    return grad


def define_binary(op_type, kernel, raw_grad=None, allowed=NUMERIC, out_dtype=None,
                  default_name=None, specialize=None):
    define_op(op_type, kernel=kernel, infer=_binary_infer(allowed, out_dtype),
              grad=_binary_grad(raw_grad) if raw_grad else None,
              differentiable=raw_grad is not None, specialize=specialize, batch=elementwise)

    def op_function(x, y, name=None):
        # A scope named like the op, as TF: `x + 1.0` makes "add" and its constant "add/y".
        with name_scope(name, default_name or op_type, [x, y]) as scope:
            x, y = binary_inputs(op_type, x, y)
            return apply(op_type, [x, y], name=scope)
    op_function.__name__ = op_type
    return op_function


def _unary_infer(allowed, out_dtype=None):
    def infer(op):
        check_dtype(op, op.inputs[0], allowed)
        return [(out_dtype or op.inputs[0].dtype, op.inputs[0].shape)]
    return infer


def define_unary(op_type, kernel, grad=None, allowed=NUMERIC, out_dtype=None,
                 batch=elementwise):
    define_op(op_type, kernel=kernel, infer=_unary_infer(allowed, out_dtype), grad=grad,
              differentiable=grad is not None, batch=batch)

    def op_function(x, name=None):
        return apply(op_type, [to_tensor(x)], name=name or op_type)
    op_function.__name__ = op_type
    return op_function


# -- binary arithmetic -------------------------------------------------------------------------------
def _check_int_divisor(y):
    if y.dtype.kind in "iu" and not np.all(y):
        raise ZeroDivisionError("Integer division by zero")


def _floordiv_kernel(x, y):
    _check_int_divisor(y)
    return np.floor_divide(x, y)


def _floormod_kernel(x, y):
    _check_int_divisor(y)
    return np.mod(x, y)


_FEW_CHANNELS = 64


def _add_to_channels(op):
    """A conv's ``y + b`` (b: one value per channel of a map with few channels) as
    long_rows.add_channels; None (plain np.add) otherwise."""
    x, y = (t.shape.as_list() if t.shape.ndims is not None else None for t in op.inputs)
    for a, b, kernel in ((x, y, long_rows.add_channels),
                         (y, x, lambda b, a: long_rows.add_channels(a, b))):
        if a is not None and b is not None and len(a) >= 3 and len(b) == 1 and \
                a[-1] == b[0] and b[0] is not None and b[0] <= _FEW_CHANNELS:
            return kernel
    return None


_add_numbers = define_binary("AddV2", np.add, lambda op, g: (g, g), default_name="Add",
                             specialize=_add_to_channels)
# Strings concatenate under Add (TF's AddV2 takes numbers only): ``tf.constant("Hello") + w``.
# No gradient: strings have none.
define_op("Add", kernel=np.frompyfunc(lambda x, y: x + y, 2, 1),
          infer=_binary_infer((dtypes.string,)), differentiable=False)


def _is_string(value):
    dtype = getattr(value, "dtype", None)
    if dtype is not None:
        return dtype == dtypes.string or getattr(dtype, "kind", None) in ("S", "U")
    return isinstance(value, (str, bytes))


def add(x, y, name=None):
    """``tf.add``: numbers add (AddV2), strings concatenate (Add), as TF picks by dtype."""
    if not (_is_string(x) or _is_string(y)):
        return _add_numbers(x, y, name)
    with name_scope(name, "Add", [x, y]) as scope:
        x, y = binary_inputs("Add", x, y)
        return apply("Add", [x, y], name=scope)
subtract = define_binary("Sub", np.subtract, lambda op, g: (g, -g))
def _mul_grad(op, g):
    x, y = op.inputs
    return g * y, x * g


def _real_div_grad(op, g):
    x, y = op.inputs
    return g / y, g * (-x / y / y)


def _floormod_grad(op, g):
    x, y = op.inputs
    return g, -g * floordiv(x, y)


multiply = define_binary("Mul", np.multiply, _mul_grad)
real_div = define_binary("RealDiv", np.divide, _real_div_grad, allowed=FLOATS)
floordiv = define_binary("FloorDiv", _floordiv_kernel, allowed=NUMERIC, default_name="floordiv")
floormod = define_binary("FloorMod", _floormod_kernel, _floormod_grad)


def _pow_grad(op, g):
    x, y = op.inputs
    z = op.outputs[0]
    gx = g * y * pow(x, y - array_ops.ones_like(y))
    if not x.dtype.is_floating:
        return gx, None
    safe_log = array_ops.where(x > array_ops.zeros_like(x), log(x), array_ops.zeros_like(x))
    return gx, g * z * safe_log


pow = define_binary("Pow", np.power, _pow_grad)


def _selection_grad(selects_x):
    """Maximum's or Minimum's gradient: g flows to x where ``selects_x(x, y)`` (ties go to x),
    to y elsewhere."""
    def grad(op, g):
        x, y = op.inputs
        mask = _broadcast_mask(selects_x(x, y), g)
        zeros = array_ops.zeros_like(g)
        return array_ops.where(mask, g, zeros), array_ops.where(mask, zeros, g)
    return grad


def _broadcast_mask(mask, like):
    if mask.shape.is_fully_defined() and mask.shape == like.shape:
        return mask
    return apply("BroadcastToShape", [mask, like])


# (lambdas: the comparisons are defined further down)
maximum = define_binary("Maximum", np.maximum, _selection_grad(lambda x, y: greater_equal(x, y)))
minimum = define_binary("Minimum", np.minimum, _selection_grad(lambda x, y: less_equal(x, y)))

add.__doc__ = "``tf.add``: x + y with broadcasting."


def truediv(x, y, name=None):
    """``x / y``: integers are converted to floats first (int32 -> float64), as TF."""
    with name_scope(name, "truediv", [x, y]) as scope:
        x, y = binary_inputs("truediv", x, y)
        if x.dtype.is_integer:
            target = dtypes.float64 if x.dtype.size >= 4 else dtypes.float32
            x, y = array_ops.cast(x, target), array_ops.cast(y, target)
        return apply("RealDiv", [x, y], name=scope)


def divide(x, y, name=None):
    return truediv(x, y, name=name or "truediv")


def div(x, y, name=None):
    """TF1's ``tf.div``: floor division for integers, real division for floats."""
    with name_scope(name, "div", [x, y]) as scope:
        x, y = binary_inputs("div", x, y)
        return apply("FloorDiv" if x.dtype.is_integer else "RealDiv", [x, y], name=scope)


def mod(x, y, name=None):
    return floormod(x, y, name=name)     # TF names it "FloorMod" too


def add_n(inputs, name=None):
    """``tf.add_n``: the sum of a list of tensors of one shape and dtype."""
    if not inputs or not isinstance(inputs, (list, tuple)):
        raise ValueError("inputs must be a list of at least one Tensor/IndexedSlices with the "
                         "same dtype and shape")
    inputs = [to_tensor(t) for t in inputs]
    if len(inputs) == 1:
        return array_ops.identity(inputs[0], name=name or "AddN")
    return apply("AddN", inputs, name=name or "AddN")


def _add_n_infer(op):
    first = op.inputs[0]
    shape = first.shape
    for t in op.inputs[1:]:
        if t.dtype != first.dtype:
            raise TypeError("Tensors in list passed to 'inputs' of 'AddN' Op have types [%s] that "
                            "don't all match." % ", ".join(i.dtype.name for i in op.inputs))
        if not shape.is_compatible_with(t.shape):
            raise shape_error(op, "Shapes must be equal rank, but are %s and %s"
                              % (shape.list_str(), t.shape.list_str()))
        shape = shape.merge_with(t.shape)
    return [(first.dtype, shape)]


def _add_n_kernel(*inputs):
    total = inputs[0] + inputs[1]
    for t in inputs[2:]:
        total = total + t
    return total


define_op("AddN", kernel=_add_n_kernel, infer=_add_n_infer,
          grad=lambda op, g: [g] * len(op.inputs), batch=elementwise)


# -- matmul ---------------------------------------------------------------------------------------
def _matmul_infer(op):
    a, b = op.inputs
    ta, tb = op.get_attr("transpose_a"), op.get_attr("transpose_b")
    if a.dtype != b.dtype:
        raise TypeError("Input 'b' of 'MatMul' Op has type %s that does not match type %s of "
                        "argument 'a'." % (b.dtype.name, a.dtype.name))
    check_dtype(op, a, NUMERIC, "a")
    ra, rb = a.shape.ndims, b.shape.ndims
    for r, t in ((ra, a), (rb, b)):
        if r is not None and r < 2:
            raise shape_error(op, "Shape must be rank 2 but is rank %d" % r, a, b)
    if ra is None or rb is None:
        return [(a.dtype, unknown_shape())]
    ma, ka = a.shape[-2:] if not ta else reversed(a.shape[-2:].as_list())
    kb, nb = b.shape[-2:] if not tb else reversed(b.shape[-2:].as_list())
    if ka is not None and kb is not None and ka != kb:
        raise shape_error(op, "Dimensions must be equal, but are %d and %d" % (ka, kb), a, b)
    batch = TensorShape([])
    if ra > 2 or rb > 2:
        batch = broadcast_shape(op, _batch_part(a), _batch_part(b))
    return [(a.dtype, TensorShape(list(batch.as_list()) + [ma, nb]))]


class _ShapeOnly:
    def __init__(self, shape):
        self.shape = shape


def _batch_part(t):
    return _ShapeOnly(t.shape[:-2])


# A float32 product with at most this many multiply-adds is summed in float64 and rounded to
# float32 once: the products of float32 numbers are exact in float64, so the result is the
# correctly rounded one and does not depend on the BLAS kernel's summation order or its use of
# FMA (OPENBLAS_CORETYPE, the CPU). Larger products stay float32 BLAS, for speed (docs/DESIGN.md).
_EXACT_MATMUL_MAX_MACS = 1 << 16
_FLOAT32, _FLOAT64 = np.dtype(np.float32), np.dtype(np.float64)
_dot, _matmul = np.dot, np.matmul


def _product(a, b, a_copies=1):
    # The hottest op of a small model's step. In a batched run (course.sweep) ``a`` may hold
    # ``a_copies`` stacked copies: the float64 choice is made on one copy's size, as the copy
    # alone makes it. np.dot: a fraction of np.matmul's call overhead on small 2-D products
    # (which run on one thread anyway).
    if a.dtype is _FLOAT32 and a.size // a_copies * b.shape[-1] <= _EXACT_MATMUL_MAX_MACS:
        if a.ndim == 2 == b.ndim:
            if a.shape[-1] == 1:
                return _dot(a, b)   # one product per entry: float32 rounds it once already
            # np.dot casts float32 `a` to b's float64 itself, in a's layout as astype would:
            # the same float64 product, one numpy call fewer.
            return _dot(a, b.astype(_FLOAT64)).astype(_FLOAT32)
        if a.shape[-1] > 1:   # (with one term per sum, float32 BLAS is correctly rounded)
            return _matmul(a.astype(_FLOAT64), b.astype(_FLOAT64)).astype(_FLOAT32)
    return blas_matmul(a, b)


def _matmul_batch(op, batched, state):
    """MatMul on a batched run's copies: numpy's matmul loops over the copy axis, giving each
    copy the BLAS call one copy's product makes."""
    ta, tb = op.get_attr("transpose_a"), op.get_attr("transpose_b")
    ranks = [t.shape.ndims for t in op.inputs]
    align = aligner(None if None in ranks else ranks, batched)
    a_copies = state.batch_size if batched[0] else 1

    def run(a, b):
        if align is not None:
            a, b = align((a, b))
        return _product(a.swapaxes(-1, -2) if ta else a, b.swapaxes(-1, -2) if tb else b,
                        a_copies)
    return run, (True,)


def _matmul_kernel(a, b, transpose_a, transpose_b):
    if transpose_a:
        a = a.swapaxes(-1, -2)
    if transpose_b:
        b = b.swapaxes(-1, -2)
    return _product(a, b)


def _bind_matmul(transpose_a, transpose_b):
    # Specialised closures: this is the hottest op of most training steps.
    if transpose_a and transpose_b:
        return lambda a, b: _product(a.swapaxes(-1, -2), b.swapaxes(-1, -2))
    if transpose_a:
        return lambda a, b: _product(a.swapaxes(-1, -2), b)
    if transpose_b:
        return lambda a, b: _product(a, b.swapaxes(-1, -2))
    return _product


def _matmul_grad(op, g):
    a, b = op.inputs
    ta, tb = op.get_attr("transpose_a"), op.get_attr("transpose_b")
    if not ta and not tb:
        ga, gb = matmul(g, b, transpose_b=True), matmul(a, g, transpose_a=True)
    elif ta and not tb:
        ga, gb = matmul(b, g, transpose_b=True), matmul(a, g)
    elif not ta and tb:
        ga, gb = matmul(g, b), matmul(g, a, transpose_a=True)
    else:
        ga, gb = matmul(b, g, transpose_a=True, transpose_b=True), \
            matmul(g, a, transpose_a=True, transpose_b=True)
    if a.shape.ndims == 2 and b.shape.ndims == 2:
        return [ga, gb]     # no batch axes, so nothing was broadcast
    return [unbroadcast(ga, a), unbroadcast(gb, b)]


define_op("MatMul", kernel=_matmul_kernel, bind=_bind_matmul, infer=_matmul_infer,
          grad=_matmul_grad, batch=_matmul_batch)


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, name=None):
    """``tf.matmul``: matrix product of the last two axes (batched when rank > 2)."""
    a, b = to_tensor(a), to_tensor(b)
    return apply("MatMul", [a, b], {"transpose_a": bool(transpose_a or adjoint_a),
                                    "transpose_b": bool(transpose_b or adjoint_b)},
                 name or "MatMul")


# -- unary math ------------------------------------------------------------------------------------
def _sigmoid_kernel(x):
    # tanh form: no overflow warning for large |x|, same value as 1 / (1 + exp(-x))
    return (np.tanh(x * x.dtype.type(0.5)) + x.dtype.type(1)) * x.dtype.type(0.5)


def _y(op):
    return op.outputs[0]


def _x(op):
    return op.inputs[0]


negative = define_unary("Neg", np.negative, lambda op, g: [-g])
abs = define_unary("Abs", np.abs, lambda op, g: [g * sign(_x(op))])
sign = define_unary("Sign", np.sign, lambda op, g: [array_ops.zeros_like(_x(op))])
square = define_unary("Square", np.square,
                      lambda op, g: [g * (array_ops.constant(2, dtype=_x(op).dtype) * _x(op))])
sqrt = define_unary("Sqrt", np.sqrt,
                    lambda op, g: [g * array_ops.constant(0.5, dtype=g.dtype) / _y(op)],
                    allowed=FLOATS)
rsqrt = define_unary("Rsqrt", lambda x: x.dtype.type(1) / np.sqrt(x),
                     lambda op, g: [g * array_ops.constant(-0.5, dtype=g.dtype)
                                    * _y(op) * _y(op) * _y(op)], allowed=FLOATS)
# (Eigen's packets of 8 and a tail: a batch would move the tail, so each copy on its own.)
exp = define_unary("Exp", eigen_math.exp, lambda op, g: [g * _y(op)], allowed=FLOATS,
                   batch=per_copy)
log = define_unary("Log", np.log, lambda op, g: [g / _x(op)], allowed=FLOATS)
log1p = define_unary("Log1p", np.log1p,
                     lambda op, g: [g / (array_ops.ones_like(_x(op)) + _x(op))], allowed=FLOATS)
reciprocal = define_unary("Reciprocal", lambda x: x.dtype.type(1) / x,
                          lambda op, g: [-g * _y(op) * _y(op)], allowed=FLOATS)
sigmoid = define_unary("Sigmoid", _sigmoid_kernel,
                       lambda op, g: [g * _y(op) * (array_ops.ones_like(_y(op)) - _y(op))],
                       allowed=FLOATS)
tanh = define_unary("Tanh", np.tanh,
                    lambda op, g: [g * (array_ops.ones_like(_y(op)) - _y(op) * _y(op))],
                    allowed=FLOATS)
cos = define_unary("Cos", np.cos, lambda op, g: [-(g * sin(_x(op)))], allowed=FLOATS)
sin = define_unary("Sin", np.sin, lambda op, g: [g * cos(_x(op))], allowed=FLOATS)
# tan' = sec^2, asin' = 1/sqrt(1 - x^2), acos' = -asin', atan' = 1/(1 + x^2) (TF's math_grad)
tan = define_unary("Tan", np.tan, lambda op, g: [g * square(reciprocal(cos(_x(op))))],
                   allowed=FLOATS)
asin = define_unary("Asin", np.arcsin,
                    lambda op, g: [g * rsqrt(array_ops.ones_like(_x(op)) - square(_x(op)))],
                    allowed=FLOATS)
acos = define_unary("Acos", np.arccos,
                    lambda op, g: [-g * rsqrt(array_ops.ones_like(_x(op)) - square(_x(op)))],
                    allowed=FLOATS)
atan = define_unary("Atan", np.arctan,
                    lambda op, g: [g * reciprocal(array_ops.ones_like(_x(op)) + square(_x(op)))],
                    allowed=FLOATS)
sinh = define_unary("Sinh", np.sinh, lambda op, g: [g * cosh(_x(op))], allowed=FLOATS)
cosh = define_unary("Cosh", np.cosh, lambda op, g: [g * sinh(_x(op))], allowed=FLOATS)
floor = define_unary("Floor", np.floor, allowed=FLOATS)
ceil = define_unary("Ceil", np.ceil, allowed=FLOATS)
round = define_unary("Round", np.round, allowed=FLOATS + INTS)
rint = define_unary("Rint", np.rint, allowed=FLOATS)
expm1 = define_unary("Expm1", np.expm1, lambda op, g: [g * exp(_x(op))], allowed=FLOATS)


def _elementwise_float64(function):
    """A scalar math-library function over an array, computed in float64 and rounded to the
    input's dtype (numpy has no erf)."""
    vectorized = np.frompyfunc(function, 1, 1)
    return lambda x: vectorized(x.astype(np.float64)).astype(np.float64).astype(x.dtype)


# erf' = 2/sqrt(pi) exp(-x^2)
def _erf_slope(op):
    x = _x(op)
    return array_ops.constant(2 / np.sqrt(np.pi), dtype=x.dtype) * exp(-square(x))


erf = define_unary("Erf", _elementwise_float64(math.erf), lambda op, g: [g * _erf_slope(op)],
                   allowed=FLOATS)
erfc = define_unary("Erfc", _elementwise_float64(math.erfc),
                    lambda op, g: [-(g * _erf_slope(op))], allowed=FLOATS)
logical_not = define_unary("LogicalNot", np.logical_not, allowed=BOOL)
is_finite = define_unary("IsFinite", np.isfinite, allowed=FLOATS, out_dtype=dtypes.bool_)
is_nan = define_unary("IsNan", np.isnan, allowed=FLOATS, out_dtype=dtypes.bool_)
is_inf = define_unary("IsInf", np.isinf, allowed=FLOATS, out_dtype=dtypes.bool_)


def scalar_mul(scalar, x, name=None):
    return multiply(scalar, x, name=name)


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """``tf.clip_by_value``: min then max, so gradients pass where t is inside the range."""
    t = to_tensor(t)
    with name_scope(name, "clip_by_value", [t]) as scope:
        inner = minimum(t, clip_value_max)
        return maximum(inner, clip_value_min, name=scope)


# -- comparisons and logic --------------------------------------------------------------------------
# Strings compare too (a CSV column against 'Present').
equal = define_binary("Equal", np.equal, allowed=NUMERIC + BOOL + (dtypes.string,),
                      out_dtype=dtypes.bool_)
not_equal = define_binary("NotEqual", np.not_equal, allowed=NUMERIC + BOOL + (dtypes.string,),
                          out_dtype=dtypes.bool_)
less = define_binary("Less", np.less, out_dtype=dtypes.bool_)
less_equal = define_binary("LessEqual", np.less_equal, out_dtype=dtypes.bool_)
greater = define_binary("Greater", np.greater, out_dtype=dtypes.bool_)
greater_equal = define_binary("GreaterEqual", np.greater_equal, out_dtype=dtypes.bool_)
logical_and = define_binary("LogicalAnd", np.logical_and, allowed=BOOL)
logical_or = define_binary("LogicalOr", np.logical_or, allowed=BOOL)


def logical_xor(x, y, name="LogicalXor"):
    return logical_and(logical_or(x, y), logical_not(logical_and(x, y)), name=name)




def _squared_difference_grad(op, g):
    x, y = op.inputs
    return (g * (array_ops.constant(2, dtype=g.dtype) * (x - y)),
            -(g * (array_ops.constant(2, dtype=g.dtype) * (x - y))))


squared_difference = define_binary("SquaredDifference", lambda x, y: np.square(x - y),
                                   _squared_difference_grad)


# -- division that gives 0 where the divisor is 0 (tf.div_no_nan; tf.metrics' means) -------------
def _div_no_nan_kernel(x, y):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(y == 0, np.zeros((), x.dtype), np.divide(x, y)).astype(x.dtype, copy=False)


def _div_no_nan_grad(op, g):
    x, y = op.inputs
    return div_no_nan(g, y), div_no_nan(div_no_nan(-g * x, y), y)


div_no_nan = define_binary("DivNoNan", _div_no_nan_kernel, _div_no_nan_grad, allowed=FLOATS,
                           default_name="div_no_nan")


# -- cumulative sums and evenly spaced values ------------------------------------------------------
def _cumsum_kernel(x, axis, exclusive, reverse):
    if reverse:
        x = np.flip(x, axis)
    out = np.cumsum(x, axis=axis, dtype=x.dtype)
    if exclusive:
        out = np.roll(out, 1, axis=axis)
        index = [slice(None)] * x.ndim
        index[axis] = 0
        out[tuple(index)] = 0
    return np.flip(out, axis) if reverse else out


def _cumsum_infer(op):
    x = op.inputs[0]
    check_dtype(op, x, NUMERIC)
    return [(x.dtype, x.shape)]


define_op("Cumsum", kernel=_cumsum_kernel, infer=_cumsum_infer,
          grad=lambda op, g: [apply("Cumsum", [g], {
              "axis": op.get_attr("axis"), "exclusive": op.get_attr("exclusive"),
              "reverse": not op.get_attr("reverse")})], batch=per_copy)


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """``tf.cumsum``: running sums along ``axis`` (``exclusive``: without the entry itself;
    ``reverse``: from the end)."""
    x = to_tensor(x)
    axis = int(axis)
    if x.shape.ndims is not None:
        if not -x.shape.ndims <= axis < x.shape.ndims:
            raise ValueError("axis %d is out of range for a tensor of rank %d"
                             % (axis, x.shape.ndims))
        axis %= x.shape.ndims
    elif axis < 0:
        raise ValueError("cumsum needs a known rank for a negative axis")
    return apply("Cumsum", [x], {"axis": axis, "exclusive": bool(exclusive),
                                 "reverse": bool(reverse)}, name=name or "Cumsum")


def _lin_space_kernel(start, stop, num):
    num = int(num)
    if num <= 0:
        raise ValueError("Requires num > 0: %d" % num)
    dtype = start.dtype
    if num == 1:
        return np.array([start], dtype)
    # TF's kernel: start + step * i in the tensor's dtype, the last value exactly ``stop``.
    step = dtype.type((stop - start) / dtype.type(num - 1))
    out = (start + step * np.arange(num, dtype=dtype)).astype(dtype)
    out[-1] = stop
    return out


def _lin_space_infer(op):
    start, stop, num = op.inputs
    check_dtype(op, start, FLOATS, "start")
    from .core import constant_value
    known = constant_value(num)
    return [(start.dtype, TensorShape([None if known is None else int(known)]))]


define_op("LinSpace", kernel=_lin_space_kernel, infer=_lin_space_infer, differentiable=False)


def lin_space(start, stop, num, name=None):
    """``tf.lin_space`` / ``tf.linspace``: ``num`` evenly spaced values from start to stop."""
    start = to_tensor(start)
    stop = to_tensor(stop, dtype=start.dtype)
    return apply("LinSpace", [start, stop, to_tensor(num, dtype=dtypes.int32)],
                 name=name or "LinSpace")


linspace = lin_space


# -- C-style integer division (toward zero) ---------------------------------------------------------
def _truncate_div_kernel(x, y):
    _check_int_divisor(y)
    quotient = np.abs(x) // np.abs(y)
    return (np.sign(x) * np.sign(y) * quotient).astype(x.dtype, copy=False)


def _truncate_mod_kernel(x, y):
    _check_int_divisor(y)
    return np.fmod(x, y)


truncatediv = define_binary("TruncateDiv", _truncate_div_kernel, allowed=INTS,
                            default_name="truncatediv")
truncatemod = define_binary("TruncateMod", _truncate_mod_kernel, allowed=NUMERIC,
                            default_name="truncatemod")
