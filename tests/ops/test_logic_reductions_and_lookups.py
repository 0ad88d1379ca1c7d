"""reduce_all/any, reduce_logsumexp, is_finite/nan/inf, nn.l2_normalize, nn.embedding_lookup and
the tf.math namespace: values against numpy, TF's dtypes and errors, gradients where defined."""
import numpy as np
import pytest

import course as tf


def _run(t, feed=None):
    with tf.Session() as sess:
        return sess.run(t, feed)


def test_boolean_reductions():
    x = [[True, False, True], [True, True, True]]
    assert _run(tf.reduce_all(x)).item() is False
    np.testing.assert_array_equal(_run(tf.reduce_all(x, axis=1)), [False, True])
    np.testing.assert_array_equal(_run(tf.reduce_any(x, 0, keepdims=True)), [[True, True, True]])
    assert _run(tf.reduce_any(x)).dtype == np.bool_
    with pytest.raises(TypeError, match="bool"):
        tf.reduce_all([1.0, 2.0])


@pytest.mark.parametrize("axis, keepdims", [(None, False), (1, False), (0, True), (-1, True)])
def test_reduce_logsumexp_is_stable_and_right(axis, keepdims):
    x = np.array([[1000.0, 1000.0, 999.0], [-2.0, 0.5, 3.0]], np.float32)
    shift = x.astype(np.float64).max(axis=axis, keepdims=True)
    ref = np.log(np.sum(np.exp(x - shift), axis=axis, keepdims=True)) + shift
    if not keepdims:
        ref = ref.reshape(np.sum(x, axis=axis).shape)
    got = _run(tf.reduce_logsumexp(x, axis=axis, keepdims=keepdims))
    assert np.shape(got) == ref.shape and np.all(np.isfinite(got))
    np.testing.assert_allclose(got, ref, rtol=1e-6)


def test_reduce_logsumexp_gradient_is_softmax():
    x = tf.constant([[0.5, -1.0, 2.0]], tf.float64)
    (g,) = tf.gradients(tf.reduce_logsumexp(x), [x])
    got = _run(g)
    e = np.exp([0.5, -1.0, 2.0])
    np.testing.assert_allclose(got, [e / e.sum()], rtol=1e-12)


def test_finite_nan_inf():
    x = np.array([1.0, np.nan, np.inf, -np.inf], np.float32)
    np.testing.assert_array_equal(_run(tf.is_finite(x)), [True, False, False, False])
    np.testing.assert_array_equal(_run(tf.is_nan(x)), [False, True, False, False])
    np.testing.assert_array_equal(_run(tf.math.is_inf(x)), [False, False, True, True])


def test_l2_normalize_and_its_gradient():
    v = np.array([[3.0, 4.0], [0.0, 0.0]], np.float64)
    x = tf.constant(v)
    y = tf.nn.l2_normalize(x, axis=1)
    np.testing.assert_allclose(_run(y), [[0.6, 0.8], [0.0, 0.0]])
    (g,) = tf.gradients(tf.reduce_sum(y * [[1.0, 0.0], [0.0, 0.0]]), [x])
    # d(x0 / |x|)/dx = (|x|^2 e0 - x0 x) / |x|^3 at (3, 4): (16, -12) / 125
    np.testing.assert_allclose(_run(g)[0], [16 / 125, -12 / 125], rtol=1e-12)


def test_embedding_lookup_gathers_rows_and_backprops():
    params = tf.Variable(np.arange(12.0).reshape(4, 3))
    ids = tf.constant([2, 0, 2])
    rows = tf.nn.embedding_lookup(params, ids)
    (g,) = tf.gradients(tf.reduce_sum(rows), [params])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(rows), [[6, 7, 8], [0, 1, 2], [6, 7, 8]])
        # sparse, as TF's: the rows looked up, each once per lookup
        np.testing.assert_array_equal(sess.run(g.indices), [2, 0, 2])
        np.testing.assert_array_equal(sess.run(tf.convert_to_tensor(g))[:, 0], [1, 0, 2, 0])


def test_math_namespace_is_the_same_functions():
    assert tf.math.reduce_sum is tf.reduce_sum
    assert tf.math.log is tf.log
    assert _run(tf.math.reduce_mean([1, 2, 4])) == 2      # int mean truncates
