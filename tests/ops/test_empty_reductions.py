"""Reductions over an empty axis give the reduction's identity, as TF's kernels do (the TF
numbers are in golden/engine.json, case reductions_over_empty_axes): max gives -inf (an int
dtype's lowest), min +inf (highest), sum 0, prod 1, a float mean nan, an int mean 0."""
import warnings

import numpy as np
import pytest

import course as tf

IDENTITIES = {"reduce_max": lambda d: -np.inf if d.kind == "f" else np.iinfo(d).min,
              "reduce_min": lambda d: np.inf if d.kind == "f" else np.iinfo(d).max,
              "reduce_sum": lambda d: 0, "reduce_prod": lambda d: 1,
              "reduce_mean": lambda d: np.nan if d.kind == "f" else 0}


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int8", "int32", "int64",
                                   "uint8", "uint16"])
@pytest.mark.parametrize("name", sorted(IDENTITIES))
def test_reduction_over_an_empty_axis_is_its_identity(name, dtype):
    x = tf.placeholder(dtype, [None, None])
    fn = getattr(tf, name)
    empty_rows = np.zeros((0, 3), dtype)
    with tf.Session() as sess, warnings.catch_warnings():
        warnings.simplefilter("error")      # no numpy warning either: TF prints none
        axis0, everything, kept, other = sess.run(
            [fn(x, 0), fn(x), fn(x, 0, keepdims=True), fn(x, 1)], {x: empty_rows})
    want = IDENTITIES[name](np.dtype(dtype))
    for value, shape in ((axis0, (3,)), (everything, ()), (kept, (1, 3)), (other, (0,))):
        assert value.dtype == np.dtype(dtype) and value.shape == shape
        np.testing.assert_array_equal(value, np.full(shape, want, dtype))


def test_a_non_empty_reduction_is_unchanged():
    x = np.array([[3, -1, 7], [2, 5, -4]], np.int32)
    with tf.Session() as sess:
        assert sess.run(tf.reduce_max(x, 0)).tolist() == [3, 5, 7]
        assert sess.run(tf.reduce_min(x)).item() == -4
        assert np.isnan(sess.run(tf.reduce_max([1.0, np.nan, 2.0])))


def test_gradient_through_an_empty_max_is_empty():
    x = tf.placeholder(tf.float32, [None, 3])
    (grad,) = tf.gradients(tf.reduce_sum(tf.reduce_max(x, 0)), [x])
    with tf.Session() as sess:
        value = sess.run(grad, {x: np.zeros((0, 3), np.float32)})
    assert value.shape == (0, 3) and value.dtype == np.float32


def test_argmax_over_an_empty_axis_is_an_error():
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match="ArgMax"):
        sess.run(tf.argmax(tf.zeros([0, 3]), 0))
