"""Property tests: broadcasting in every binary elementwise op, and reductions over any axes,
against numpy with TF's dtype rules."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import course as tf
from course.framework.registry import all_op_defs

SETTINGS = settings(max_examples=25, deadline=None, derandomize=True)


# -- the binary elementwise ops: course function, numpy twin, partial derivatives -----------------
def _nonzero(rng, shape, dtype):
    if dtype.is_integer:
        return rng.choice([-3, -2, -1, 1, 2, 3], shape).astype(dtype.np)
    return (rng.choice([-1, 1], shape) * rng.uniform(0.5, 2.0, shape)).astype(dtype.np)


def _any(rng, shape, dtype):
    if dtype.is_integer:
        return rng.integers(-5, 6, shape).astype(dtype.np)
    return rng.uniform(-2.0, 2.0, shape).astype(dtype.np)


def _positive(rng, shape, dtype):
    if dtype.is_integer:
        return rng.integers(0, 4, shape).astype(dtype.np)
    return rng.uniform(0.5, 2.0, shape).astype(dtype.np)


def _bools(rng, shape, dtype):
    return rng.integers(0, 2, shape).astype(bool)


def _strings(rng, shape, dtype):
    words = np.array([b"", b"a", b"tf", b"\xe5\xbc\xa0\xe9\x87\x8f"], dtype=object)
    return words[rng.integers(0, len(words), shape)]


class Binary:
    def __init__(self, fn, np_fn, partials=None, x=_any, y=_any, dtypes=("float64", "int32")):
        self.fn, self.np_fn, self.partials = fn, np_fn, partials
        self.x, self.y = x, y
        self.dtypes = [tf.as_dtype(d) for d in dtypes]


def _ipow(x, y):
    return np.power(x, np.abs(y)) if x.dtype.kind == "i" else np.power(x, y)


BINARY = {
    "AddV2": Binary(tf.add, np.add, lambda x, y: (1.0, 1.0)),
    # strings: TF's Add op concatenates (numbers go to AddV2)
    "Add": Binary(tf.add, np.add, x=_strings, y=_strings, dtypes=("string",)),
    "Sub": Binary(tf.subtract, np.subtract, lambda x, y: (1.0, -1.0)),
    "Mul": Binary(tf.multiply, np.multiply, lambda x, y: (y, x)),
    "RealDiv": Binary(tf.truediv, np.true_divide, lambda x, y: (1 / y, -x / y ** 2), y=_nonzero,
                      dtypes=("float64", "float32")),
    "DivNoNan": Binary(tf.div_no_nan, np.true_divide, lambda x, y: (1 / y, -x / y ** 2),
                       y=_nonzero, dtypes=("float64", "float32")),
    "FloorDiv": Binary(tf.floordiv, np.floor_divide, y=_nonzero),
    "TruncateDiv": Binary(tf.truncatediv, lambda x, y: np.trunc(x / y).astype(x.dtype),
                          y=_nonzero, dtypes=("int32",)),
    "TruncateMod": Binary(tf.truncatemod, np.fmod, y=_nonzero, dtypes=("int32", "float64")),
    "FloorMod": Binary(tf.floormod, np.mod, lambda x, y: (1.0, -np.floor_divide(x, y)),
                       y=_nonzero),
    "Pow": Binary(tf.pow, np.power, lambda x, y: (y * x ** (y - 1), x ** y * np.log(x)),
                  x=_positive, dtypes=("float64",)),
    "Maximum": Binary(tf.maximum, np.maximum, lambda x, y: (x >= y, x < y)),
    "Minimum": Binary(tf.minimum, np.minimum, lambda x, y: (x <= y, x > y)),
    "SquaredDifference": Binary(tf.squared_difference, lambda x, y: np.square(x - y),
                                lambda x, y: (2 * (x - y), -2 * (x - y))),
    "Equal": Binary(tf.equal, np.equal),
    "NotEqual": Binary(tf.not_equal, np.not_equal),
    "Less": Binary(tf.less, np.less),
    "LessEqual": Binary(tf.less_equal, np.less_equal),
    "Greater": Binary(tf.greater, np.greater),
    "GreaterEqual": Binary(tf.greater_equal, np.greater_equal),
    "LogicalAnd": Binary(tf.logical_and, np.logical_and, x=_bools, y=_bools, dtypes=("bool",)),
    "LogicalOr": Binary(tf.logical_or, np.logical_or, x=_bools, y=_bools, dtypes=("bool",)),
}


def test_the_table_covers_every_binary_elementwise_op():
    binary = {t for t, d in all_op_defs().items()
              if getattr(d.infer, "__qualname__", "").startswith("_binary_infer")}
    assert binary, "no op uses math_ops' binary shape function any more?"
    assert binary <= set(BINARY), "binary ops with no broadcasting property: %s" % sorted(
        binary - set(BINARY))


def _sum_to(full, shape):
    """numpy's answer for a broadcast operand's gradient: sum over the broadcast axes."""
    lead = full.ndim - len(shape)
    g = full.sum(axis=tuple(range(lead)))
    g = g.sum(axis=tuple(i for i, d in enumerate(shape) if d == 1), keepdims=True)
    return g.reshape(shape)


def _static(shape, unknown):
    """The placeholder's static shape: some dimensions hidden (None) when ``unknown``."""
    return [None if u else d for d, u in zip(shape, unknown)]


@st.composite
def broadcast_cases(draw):
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=4, max_side=3))
    a, b = shapes.input_shapes
    hide_a = draw(st.lists(st.booleans(), min_size=len(a), max_size=len(a)))
    hide_b = draw(st.lists(st.booleans(), min_size=len(b), max_size=len(b)))
    return a, b, shapes.result_shape, hide_a, hide_b, draw(st.integers(0, 2 ** 31))


@pytest.mark.parametrize("op_type", sorted(BINARY))
@SETTINGS
@given(case=broadcast_cases())
def test_binary_op_broadcasts_like_numpy(op_type, case):
    spec = BINARY[op_type]
    a_shape, b_shape, out_shape, hide_a, hide_b, seed = case
    rng = np.random.default_rng(seed)
    dtype = spec.dtypes[seed % len(spec.dtypes)]
    xv, yv = spec.x(rng, a_shape, dtype), spec.y(rng, b_shape, dtype)
    if op_type == "Pow" and dtype.is_integer:
        yv = np.abs(yv)
    with tf.Graph().as_default():
        x = tf.placeholder(dtype, _static(a_shape, hide_a))
        y = tf.placeholder(dtype, _static(b_shape, hide_b))
        z = spec.fn(x, y)
        assert z.shape.is_compatible_with(out_shape)
        if not any(hide_a) and not any(hide_b):
            assert z.shape.as_list() == list(out_shape)
        with tf.Session() as sess:
            got = sess.run(z, {x: xv, y: yv})
    expected = spec.np_fn(xv, yv)
    if dtype == tf.string:
        # a scalar string comes back as bytes, as in TF; arrays hold bytes objects
        assert isinstance(got, bytes) if out_shape == () else got.dtype == object
        np.testing.assert_array_equal(np.asarray(got, dtype=object).reshape(out_shape), expected)
        return
    assert got.shape == expected.shape == out_shape
    assert got.dtype == expected.dtype
    np.testing.assert_allclose(got, expected, rtol=1e-6 if dtype == tf.float32 else 1e-12)


GRADIENT_OPS = sorted(t for t, spec in BINARY.items() if spec.partials)


@pytest.mark.parametrize("op_type", GRADIENT_OPS)
@SETTINGS
@given(case=broadcast_cases())
def test_binary_op_gradient_sums_over_broadcast_axes(op_type, case):
    spec = BINARY[op_type]
    a_shape, b_shape, out_shape, hide_a, hide_b, seed = case
    rng = np.random.default_rng(seed)
    xv, yv = spec.x(rng, a_shape, tf.float64), spec.y(rng, b_shape, tf.float64)
    if op_type in ("Maximum", "Minimum"):
        yv = yv + 0.01      # no exact ties between x and y
    w = rng.uniform(0.5, 1.5, out_shape)
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float64, _static(a_shape, hide_a))
        y = tf.placeholder(tf.float64, _static(b_shape, hide_b))
        loss = tf.reduce_sum(spec.fn(x, y) * w)
        gx, gy = tf.gradients(loss, [x, y])
        assert gx.shape.is_compatible_with(a_shape) and gy.shape.is_compatible_with(b_shape)
        with tf.Session() as sess:
            gxv, gyv = sess.run([gx, gy], {x: xv, y: yv})
    dx, dy = spec.partials(np.broadcast_to(xv, out_shape), np.broadcast_to(yv, out_shape))
    expected_x = _sum_to(w * np.broadcast_to(dx, out_shape), a_shape)
    expected_y = _sum_to(w * np.broadcast_to(dy, out_shape), b_shape)
    assert gxv.shape == tuple(a_shape) and gyv.shape == tuple(b_shape)
    np.testing.assert_allclose(gxv, expected_x, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(gyv, expected_y, rtol=1e-10, atol=1e-12)


@SETTINGS
@given(case=broadcast_cases())
def test_python_operators_broadcast_and_take_the_tensor_dtype(case):
    a_shape, b_shape, out_shape, _, _, seed = case
    rng = np.random.default_rng(seed)
    xv = rng.uniform(-2, 2, a_shape).astype(np.float32)
    yv = rng.uniform(0.5, 2, b_shape)      # a float64 numpy value joins a float32 tensor
    x = tf.constant(xv)
    results = [x + yv.astype(np.float32), x * 2, 3.0 - x, x / 2]
    with tf.Session() as sess:
        got = sess.run(results)
    assert [r.dtype for r in results] == [tf.float32] * 4
    np.testing.assert_allclose(got[0], xv + yv.astype(np.float32), rtol=1e-6)
    np.testing.assert_allclose(got[1], xv * 2, rtol=1e-6)
    np.testing.assert_allclose(got[2], 3 - xv, rtol=1e-6)
    np.testing.assert_allclose(got[3], xv / 2, rtol=1e-6)
    assert got[0].shape == out_shape


# -- reductions ------------------------------------------------------------------------------------
@st.composite
def reduction_cases(draw):
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=1, max_side=4))
    rank = len(shape)
    if rank and draw(st.booleans()):
        axes = draw(st.lists(st.integers(0, rank - 1), unique=True, max_size=rank))
        axes = [a - rank if draw(st.booleans()) else a for a in axes]   # some negative
        axis = axes[0] if len(axes) == 1 and draw(st.booleans()) else axes
    else:
        axis = None
    keepdims = draw(st.booleans())
    aliases = draw(st.booleans())     # reduction_indices= / keep_dims= instead
    dtype = draw(st.sampled_from(["float32", "float64", "int32", "int64"]))
    return shape, axis, keepdims, aliases, dtype, draw(st.integers(0, 2 ** 31))


def _np_axes(axis):
    if axis is None:
        return None
    return tuple(axis) if isinstance(axis, list) else axis


def _reduce(fn, x, axis, keepdims, aliases):
    if aliases:
        return fn(x, reduction_indices=axis, keep_dims=keepdims)
    return fn(x, axis=axis, keepdims=keepdims)


def _int_mean(x, axis, keepdims):
    """TF's integer mean: the exact sum divided by the count, truncated toward zero."""
    total = np.sum(x.astype(np.float64), axis=axis, keepdims=keepdims)
    count = x.size // max(1, np.size(total))
    return np.trunc(total / count).astype(x.dtype)


REDUCERS = {
    "reduce_sum": lambda x, axis, keep: np.sum(x, axis=axis, keepdims=keep, dtype=x.dtype),
    "reduce_mean": lambda x, axis, keep: (_int_mean(x, axis, keep) if x.dtype.kind == "i" else
                                          np.mean(x, axis=axis, keepdims=keep, dtype=x.dtype)),
    "reduce_max": lambda x, axis, keep: np.max(x, axis=axis, keepdims=keep),
    "reduce_min": lambda x, axis, keep: np.min(x, axis=axis, keepdims=keep),
    "reduce_prod": lambda x, axis, keep: np.prod(x, axis=axis, keepdims=keep, dtype=x.dtype),
}


@pytest.mark.parametrize("name", sorted(REDUCERS))
@SETTINGS
@given(case=reduction_cases())
def test_reduction_matches_numpy_with_tf_dtypes(name, case):
    shape, axis, keepdims, aliases, dtype, seed = case
    rng = np.random.default_rng(seed)
    if dtype.startswith("int"):
        xv = rng.integers(-9, 10, shape).astype(dtype)
    else:
        xv = rng.uniform(-3, 3, shape).astype(dtype)
    if name == "reduce_prod":
        xv = np.where(np.abs(xv) > 2, xv % 2, xv)    # keep products small
    x = tf.placeholder(dtype, shape)
    out = _reduce(getattr(tf, name), x, axis, keepdims, aliases)
    with tf.Session() as sess:
        got = sess.run(out, {x: xv})
    expected = np.asarray(REDUCERS[name](xv, _np_axes(axis), keepdims))
    assert out.dtype == tf.as_dtype(dtype)
    assert np.asarray(got).dtype == np.dtype(dtype)
    assert out.shape.as_list() == list(expected.shape)
    assert np.shape(got) == expected.shape
    tol = 1e-5 if dtype == "float32" else 1e-12
    np.testing.assert_allclose(got, expected, rtol=tol, atol=tol)


@SETTINGS
@given(case=reduction_cases())
def test_reduction_gradient_shapes_and_values(case):
    shape, axis, keepdims, aliases, _, seed = case
    rng = np.random.default_rng(seed)
    xv = rng.uniform(-3, 3, shape)
    x = tf.placeholder(tf.float64, [None] * len(shape))     # shapes known only at run time
    s = _reduce(tf.reduce_sum, x, axis, keepdims, aliases)
    m = _reduce(tf.reduce_mean, x, axis, keepdims, aliases)
    gs, gm = tf.gradients(s, x)[0], tf.gradients(m, x)[0]
    with tf.Session() as sess:
        gsv, gmv, mv = sess.run([gs, gm, m], {x: xv})
    assert gsv.shape == xv.shape and gmv.shape == xv.shape
    np.testing.assert_array_equal(gsv, np.ones_like(xv))
    np.testing.assert_allclose(gmv, np.full_like(xv, np.size(mv) / max(xv.size, 1)), rtol=1e-12)


@SETTINGS
@given(case=reduction_cases())
def test_argmax_argmin_are_int64_along_one_axis(case):
    shape, _, _, _, dtype, seed = case
    if not shape:
        shape = (3,)
    rng = np.random.default_rng(seed)
    xv = rng.permutation(int(np.prod(shape))).reshape(shape).astype(dtype)   # no ties
    axis = int(rng.integers(-len(shape), len(shape)))
    amax, amin = tf.argmax(xv, axis=axis), tf.argmin(xv, axis)
    amax32 = tf.argmax(xv, axis=axis, output_type=tf.int32)
    with tf.Session() as sess:
        got_max, got_min, got32 = sess.run([amax, amin, amax32])
    assert amax.dtype == tf.int64 and amin.dtype == tf.int64 and amax32.dtype == tf.int32
    assert got_max.dtype == np.int64 and got32.dtype == np.int32
    np.testing.assert_array_equal(got_max, np.argmax(xv, axis=axis))
    np.testing.assert_array_equal(got_min, np.argmin(xv, axis=axis))
    assert amax.shape.as_list() == list(np.argmax(xv, axis=axis).shape)


def test_a_conv_bias_gradient_sums_its_leading_axes_accurately():
    """SumToShape over (N, H, W) of an NHWC gradient (a conv's bias gradient) adds rows of
    (W, C) first: 156,800 float32 terms of 0.1 come to 15680.3, where adding them one after
    another drifts to 15656.4 (the exact sum is 15680.0002)."""
    from course.ops.math_ops import _sum_to_kernel
    g = np.full((200, 28, 28, 2), 0.1, np.float32)
    for like in (np.zeros(2, np.float32), np.zeros((1, 1, 1, 2), np.float32)):
        total = _sum_to_kernel(g, like)
        assert total.shape == like.shape and total.dtype == np.float32
        np.testing.assert_allclose(total.ravel(), [15680.0002] * 2, rtol=5e-5)
    # Not only leading axes: the general route, the same values.
    np.testing.assert_allclose(_sum_to_kernel(g, np.zeros((200, 1, 28, 1), np.float32)),
                               np.full((200, 1, 28, 1), 2.8 * 2, np.float32), rtol=1e-5)
