"""Conv2D / MaxPool / AvgPool and their gradient ops: shape inference, TF's error messages,
numerical gradients (first and second order), TF's tie and border rules.
(The numbers themselves are checked against TensorFlow in test_conv_golden.py.)"""
import numpy as np
import pytest

import course as tf
from course.framework.registry import get_op_def
from course.ops.conv_ops import avg_pool, conv2d, max_pool

GRADIENT_OPS = ["Conv2DBackpropInput", "Conv2DBackpropFilter", "MaxPoolGrad", "MaxPoolGradGrad",
                "AvgPoolGrad"]


# -- static shapes -------------------------------------------------------------------------------
@pytest.mark.parametrize("strides,padding,expected", [
    (1, "SAME", [None, 28, 28, 8]), (2, "SAME", [None, 14, 14, 8]),
    (1, "VALID", [None, 26, 26, 8]), (3, "VALID", [None, 9, 9, 8]), (3, "SAME", [None, 10, 10, 8]),
])
def test_conv2d_output_shape_with_unknown_batch(strides, padding, expected):
    x = tf.placeholder(tf.float32, [None, 28, 28, 1])
    y = conv2d(x, tf.zeros([3, 3, 1, 8]), strides=strides, padding=padding)
    assert y.shape.as_list() == expected
    dx, = tf.gradients(tf.reduce_sum(y), [x])
    assert dx.shape.as_list() == [None, 28, 28, 1]       # from tf.shape(x) at run time


def test_unknown_spatial_size_gives_unknown_output_dims():
    x = tf.placeholder(tf.float32, [None, None, 7, 2])
    assert conv2d(x, tf.zeros([3, 3, 2, 4]), 2, "SAME").shape.as_list() == [None, None, 4, 4]
    assert max_pool(x, 2, 2, "VALID").shape.as_list() == [None, None, 3, 2]


def test_strides_and_ksize_accept_int_pair_or_four():
    x = tf.zeros([1, 6, 6, 1])
    for spec in (2, [2], [2, 2], [1, 2, 2, 1]):
        assert max_pool(x, spec, spec, "VALID").shape.as_list() == [1, 3, 3, 1]
    with pytest.raises(ValueError, match="strides should be of length 1, 2 or 4 but was 3"):
        conv2d(x, tf.zeros([1, 1, 1, 1]), [1, 2, 2], "SAME")


# -- errors (TF's shape-inference messages: op name, op type, input shapes) ------------------------
def test_conv2d_rejects_wrong_rank_naming_op_and_shapes():
    with pytest.raises(ValueError) as info:
        conv2d(tf.zeros([1, 5, 5]), tf.zeros([3, 3, 1, 2]), 1, "SAME")
    assert str(info.value) == ("Shape must be rank 4 but is rank 3 for 'Conv2D' (op: 'Conv2D') "
                               "with input shapes: [1,5,5], [3,3,1,2].")


def test_conv2d_rejects_channel_mismatch():
    x = tf.placeholder(tf.float32, [None, 5, 5, 3], name="images")
    with pytest.raises(ValueError) as info:
        conv2d(x, tf.zeros([3, 3, 2, 8]), 1, "SAME", name="conv1")
    assert str(info.value) == ("Dimensions must be equal, but are 3 and 2 for 'conv1' (op: "
                               "'Conv2D') with input shapes: [?,5,5,3], [3,3,2,8].")


def test_valid_padding_larger_than_input_is_a_negative_dimension():
    with pytest.raises(ValueError, match=r"Negative dimension size caused by subtracting 3 from 2 "
                                         r"for 'MaxPool' \(op: 'MaxPool'\) with input shapes: "
                                         r"\[1,2,2,1\]"):
        max_pool(tf.zeros([1, 2, 2, 1]), 3, 1, "VALID")


@pytest.mark.parametrize("call,error,message", [
    (lambda: conv2d(tf.zeros([1, 5, 5, 1]), tf.zeros([3, 3, 1, 2], tf.float64), 1, "SAME"),
     TypeError, "Input 'filter' of 'Conv2D' Op has type float64 that does not match type float32"),
    (lambda: conv2d(tf.zeros([1, 5, 5, 1], tf.int32), tf.zeros([3, 3, 1, 2], tf.int32), 1,
                    "SAME"), TypeError, "DataType int32 not in list of allowed values"),
    (lambda: conv2d(tf.zeros([1, 5, 5, 1]), tf.zeros([3, 3, 1, 2]), 1, "FULL"),
     ValueError, "Value for attr 'padding' of 'FULL' is not in the list of allowed values"),
    (lambda: conv2d(tf.zeros([1, 5, 5, 1]), tf.zeros([3, 3, 1, 2]), [2, 1, 1, 1], "SAME"),
     ValueError, "does not yet support strides in the batch and depth dimensions"),
    (lambda: max_pool(tf.zeros([1, 5, 5, 1]), [2, 2, 2, 1], 1, "SAME"),
     ValueError, "Pooling is not yet supported on the batch or depth dimensions"),
    (lambda: conv2d(tf.zeros([1, 5, 5, 1]), tf.zeros([3, 3, 1, 2]), 1, "SAME",
                    data_format="NCHW"), ValueError, "supports only the NHWC data format"),
])
def test_bad_arguments_raise_tf_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


# -- TF's rules at ties and borders ------------------------------------------------------------
def test_max_pool_gradient_goes_to_the_first_maximum_of_each_window():
    """Like TF's CPU kernel (checked against TF 2.21): ties go to the first in row-major order."""
    x = tf.constant(np.array([[1, 1, 0], [1, 1, 0], [0, 0, 0]], np.float32).reshape(1, 3, 3, 1))
    dx, = tf.gradients(tf.reduce_sum(max_pool(x, 2, 1, "VALID")), [x])
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(dx).reshape(3, 3),
                                      [[1, 1, 0], [1, 1, 0], [0, 0, 0]])


def test_tiled_max_pool_gradient_is_zero_off_the_maximum_whatever_the_gradient():
    """Non-overlapping windows take a faster route; it must still give +0.0 (not -0.0) off the
    maximum for a negative gradient, and keep an inf/nan where the maximum is, only there."""
    x = tf.constant(np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1))
    y = max_pool(x, 2, 2, "VALID")
    g = tf.placeholder(tf.float32, [1, 2, 2, 1])
    dx, = tf.gradients(y, [x], grad_ys=g)
    with tf.Session() as sess:
        negative = sess.run(dx, {g: -np.ones((1, 2, 2, 1), np.float32)}).reshape(4, 4)
        odd = sess.run(dx, {g: np.array([np.nan, np.inf, 1, 2], np.float32).reshape(1, 2, 2, 1)})
    expected = np.zeros((4, 4), np.float32)
    expected[1::2, 1::2] = -1
    np.testing.assert_array_equal(negative, expected)
    assert not np.signbit(negative[expected == 0]).any()
    odd = odd.reshape(4, 4)
    assert np.isnan(odd[1, 1]) and odd[1, 3] == np.inf and odd[3, 1] == 1 and odd[3, 3] == 2
    off = np.ones((4, 4), bool)
    off[1::2, 1::2] = False
    np.testing.assert_array_equal(odd[off], 0)


def test_same_avg_pool_divides_by_the_real_elements_only():
    ones = tf.ones([1, 5, 5, 1])
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(avg_pool(ones, 3, 2, "SAME")), np.ones([1, 3, 3, 1]))


def test_same_padding_puts_the_extra_row_after():
    """4x4 input, 2x2 kernel, stride 1, SAME: pad_total 1, pad_before 0 (TF's arithmetic)."""
    x = tf.constant(np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1))
    y = conv2d(x, tf.ones([2, 2, 1, 1]), 1, "SAME")
    with tf.Session() as sess:
        out = sess.run(y)[0, :, :, 0]
    assert out[0, 0] == 0 + 1 + 4 + 5          # no padding before
    assert out[3, 3] == 15                      # the padded row and column come after


# -- numerical gradients -------------------------------------------------------------------------
def _numeric_gradient(sess, y, x, value, eps=1e-6):
    grad = np.zeros_like(value)
    for idx in np.ndindex(value.shape):
        plus, minus = value.copy(), value.copy()
        plus[idx] += eps
        minus[idx] -= eps
        grad[idx] = (sess.run(y, {x: plus}) - sess.run(y, {x: minus})) / (2 * eps)
    return grad


def _distinct(rng, shape):
    """Values far apart from each other (max pooling is smooth there)."""
    n = int(np.prod(shape))
    return (rng.permutation(n) + rng.uniform(0.2, 0.8, n)).reshape(shape) / n * 4 - 2


BUILDERS = {
    "conv-same": (lambda x: conv2d(x, tf.constant(np.linspace(-1, 1, 54).reshape(3, 3, 2, 3)),
                                   1, "SAME"), (2, 4, 5, 2)),
    "conv-valid-stride2": (lambda x: conv2d(x, tf.constant(np.cos(np.arange(24.)).reshape(
        2, 3, 2, 2)), 2, "VALID"), (1, 5, 6, 2)),
    "conv-dilated": (lambda x: conv2d(x, tf.constant(np.sin(np.arange(8.)).reshape(2, 2, 1, 2)),
                                      1, "SAME", dilations=2), (1, 5, 5, 1)),
    "filter-of-conv": (lambda f: conv2d(tf.constant(np.sin(np.arange(50.)).reshape(1, 5, 5, 2)),
                                        f, 2, "SAME"), (3, 3, 2, 2)),
    # few channels, wide output: im2col and col2im take the channel-major (COLUMNS) layout
    "conv-wide": (lambda x: conv2d(x, tf.constant(np.cos(np.arange(8.)).reshape(2, 2, 1, 2)),
                                   1, "SAME"), (1, 3, 9, 1)),
    "filter-of-wide-conv": (lambda f: conv2d(tf.constant(np.sin(np.arange(27.)).reshape(
        1, 3, 9, 1)), f, 1, "SAME"), (2, 2, 1, 2)),
    "max-pool": (lambda x: max_pool(x, 3, 2, "SAME"), (1, 5, 4, 2)),
    "max-pool-tiled": (lambda x: max_pool(x, 2, 2, "VALID"), (1, 4, 6, 2)),
    "avg-pool": (lambda x: avg_pool(x, 3, 2, "SAME"), (2, 5, 4, 2)),
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
@pytest.mark.parametrize("order", [1, 2])
def test_gradients_match_finite_differences(name, order):
    """First order: d sum(w * f(x)^2) / dx. Second order: d (v . first) / dx, which runs the
    gradient ops' own gradients (Conv2DBackpropInput/Filter, MaxPoolGrad, AvgPoolGrad)."""
    build, shape = BUILDERS[name]
    rng = np.random.default_rng(len(name))
    x = tf.placeholder(tf.float64, shape)
    y = build(x)
    target = tf.reduce_sum(y * y * tf.constant(rng.uniform(0.5, 1.5, y.shape.as_list())))
    if order == 2:
        first, = tf.gradients(target, [x])
        target = tf.reduce_sum(first * tf.constant(rng.uniform(0.5, 1.5, shape)))
    grad, = tf.gradients(target, [x])
    value = _distinct(rng, shape)
    with tf.Session() as sess:
        symbolic = sess.run(grad, {x: value})
        numeric = _numeric_gradient(sess, target, x, value)
    np.testing.assert_allclose(symbolic, numeric, rtol=1e-5, atol=1e-7)


def test_every_gradient_op_is_registered_with_a_gradient():
    for op_type in ["Conv2D", "MaxPool", "AvgPool"] + GRADIENT_OPS:
        opdef = get_op_def(op_type)
        assert opdef.differentiable and opdef.grad is not None, op_type


@pytest.mark.parametrize("columns", [1, 2, 3, 5, 6, 8, 9])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_conv_gemm_two_columns_at_a_time_is_the_product(columns, dtype):
    """Narrow products run as 2-column products written in place (conv_ops._gemm)."""
    from course.ops.conv_ops import _gemm
    rng = np.random.default_rng(3)
    a = rng.normal(size=(40, 25)).astype(dtype)
    b = rng.normal(size=(25, columns)).astype(dtype)
    for left in (a, np.asfortranarray(a)):
        got = _gemm(left, b)
        assert got.dtype == dtype and got.shape == (40, columns)
        np.testing.assert_allclose(got, a.astype(np.float64) @ b, rtol=1e-5, atol=1e-5)
