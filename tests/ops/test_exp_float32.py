"""tf.exp on float32 gives TF's own bits (Eigen's packet polynomial, expf for the tail,
denormals flushed), so `print(sess.run(tf.exp([100., 1.])))` prints what TF prints."""
import numpy as np
from golden_files import load_golden

import course as tf
from course.ops.eigen_math import exp_float32

GOLDEN = load_golden("edges")["exp_float32"]


def _f32(bits):
    return np.array(bits, dtype=np.uint32).view(np.float32)


def test_exp_matches_tensorflow_bit_for_bit():
    x = _f32(GOLDEN["input"])
    got = tf.Session().run(tf.exp(x))
    assert got.dtype == np.float32
    mismatched = np.nonzero(got.view(np.uint32) != np.array(GOLDEN["output"], np.uint32))[0]
    assert mismatched.size == 0, (x[mismatched[:5]], got[mismatched[:5]])


def test_elements_after_the_last_packet_of_eight_are_correctly_rounded():
    x = _f32(GOLDEN["tail_input"])          # 13 copies of a value where the two ways differ
    got = exp_float32(x).view(np.uint32)
    expected = np.array(GOLDEN["tail_output"], np.uint32)
    assert np.array_equal(got, expected)
    assert len(set(expected[:8])) == 1 and len(set(expected[8:])) == 1
    assert expected[0] != expected[-1]      # the golden data really exercises both paths


def test_exp_prints_as_tensorflow_prints():
    with np.errstate(over="raise"):         # and no overflow warning, as in TF
        value = tf.Session().run(tf.exp([100.0, 1.0]))
    assert str(value) == GOLDEN["printed_100_1"] == "[      inf 2.7182817]"


def test_shapes_and_other_dtypes():
    x = np.linspace(-3, 3, 24, dtype=np.float32).reshape(2, 3, 4)
    assert exp_float32(x).shape == (2, 3, 4)
    np.testing.assert_allclose(exp_float32(x), np.exp(x.astype(np.float64)), rtol=2e-7)
    x64 = np.array([1.0, 2.0])
    assert tf.Session().run(tf.exp(x64)).tolist() == np.exp(x64).tolist()
