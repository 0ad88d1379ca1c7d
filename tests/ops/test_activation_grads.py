"""Activation gradients at the edges TF's kernels define: signed zeros and infinities."""
import numpy as np

import course as tf


def test_relu_grad_multiplies_by_the_positive_mask_as_tf_does():
    """TF's ReluGrad is gradients * (features > 0) (checked against TF 2.21: [-0., -0., 3.,
    nan] here): a negative gradient leaves -0.0 where the feature is not positive, and an
    infinite one nan."""
    x = tf.constant([-1., 0., 2., -3.])
    g = tf.constant([-1., -2., 3., np.inf])
    dx, = tf.gradients(tf.nn.relu(x), [x], grad_ys=g)
    with tf.Session() as sess:
        got = sess.run(dx)
    np.testing.assert_array_equal(got[:3], [0., 0., 3.])
    assert np.signbit(got[:2]).all() and np.isnan(got[3])
