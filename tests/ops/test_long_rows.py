"""The long-row kernels give np.add's and np.maximum's bits, for any layout they are handed."""
import numpy as np
import pytest

import course as tf
from course.ops import long_rows

SHAPES = [(2, 28, 28, 4), (3, 7, 7, 12), (5, 1000), (64, 64), (3, 5, 2), (7,)]


def _maps(shape, seed=0):
    x = np.random.RandomState(seed).randn(*shape).astype(np.float32)
    x.flat[::7] = -0.0
    x.flat[::11] = np.nan
    return x


@pytest.mark.parametrize("shape", SHAPES)
def test_relu_and_channel_add_match_numpy_bit_for_bit(shape):
    x = _maps(shape)
    b = _maps(shape[-1:], seed=1)
    for v in (x, x[..., ::-1] if x.ndim > 1 else x[::-1]):     # contiguous, and not
        np.testing.assert_array_equal(long_rows.relu(v), np.maximum(v, np.float32(0)))
        assert (np.signbit(long_rows.relu(v)) == np.signbit(np.maximum(v, np.float32(0)))).all()
        np.testing.assert_array_equal(long_rows.add_channels(v, b), v + b)


def test_a_bias_added_to_a_feature_map_is_the_broadcast_sum_in_a_session():
    x = _maps((4, 16, 16, 3))
    b = np.array([1, -2, 0.5], np.float32)
    images = tf.placeholder(tf.float32, [None, 16, 16, 3])
    with tf.Session() as sess:
        left, right, bias_add = sess.run([images + b, b + images, tf.nn.bias_add(images, b)],
                                         {images: x})
    for got in (left, right, bias_add):
        np.testing.assert_array_equal(got, x + b)
