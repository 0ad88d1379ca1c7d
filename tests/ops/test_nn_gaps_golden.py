"""tf.nn's gaps against TensorFlow (golden/api_gaps.json, scripts/record_golden_api_gaps.py):
weighted_cross_entropy_with_logits, crelu, zero_fraction, fused_batch_norm, lrn /
local_response_normalization (with its gradient), depthwise_conv2d / separable_conv2d (and
tf.layers'), conv1d / tf.layers.conv1d, convolution, atrous_conv2d."""
import numpy as np
import pytest

import api_gap_cases
import course as tf


@pytest.mark.parametrize("name", ["nn_weighted_cross_entropy", "nn_crelu_and_zero_fraction",
                                  "nn_fused_batch_norm", "nn_lrn", "nn_depthwise_conv2d",
                                  "nn_and_layers_conv1d", "nn_and_layers_separable_conv2d",
                                  "nn_convolution_and_atrous_conv2d"])
def test_matches_tensorflow(name):
    # TF sums a dilated convolution's gradient through SpaceToBatchND, in another order: where
    # terms of size 100 cancel to 0.6, float32 keeps ~1e-5 of absolute difference.
    tolerance = {"float32": 3e-5} if name == "nn_convolution_and_atrous_conv2d" else None
    assert api_gap_cases.golden_problems(tf, name, tolerance) == []


def test_weighted_cross_entropy_with_unit_weight_is_the_sigmoid_cross_entropy():
    logits, labels = tf.constant([[-3.0, 0.5, 8.0]]), tf.constant([[0.0, 1.0, 0.3]])
    weighted = tf.nn.weighted_cross_entropy_with_logits(labels=labels, logits=logits,
                                                        pos_weight=1.0)
    plain = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)
    with tf.Session() as sess:
        a, b = sess.run([weighted, plain])
    np.testing.assert_allclose(a, b, rtol=1e-6)


def test_lrn_errors_name_the_op():
    with pytest.raises(TypeError, match="DataType float64 not in list of allowed values: "
                                        "float16, float32 .op 'LRN' of type LRN"):
        tf.nn.lrn(tf.zeros([1, 2, 2, 3], tf.float64))
    with pytest.raises(ValueError, match="Shape must be rank 4 but is rank 2 for 'LRN_1'"):
        tf.nn.lrn(tf.zeros([2, 3]))


def test_lrn_matches_its_definition_at_the_edges_of_the_depth():
    x = np.random.RandomState(0).uniform(-1, 1, (1, 1, 1, 5)).astype(np.float32)
    with tf.Session() as sess:
        y = sess.run(tf.nn.lrn(x, depth_radius=1, bias=2.0, alpha=0.5, beta=0.75))
    sums = [x[0, 0, 0, max(0, d - 1):d + 2] @ x[0, 0, 0, max(0, d - 1):d + 2] for d in range(5)]
    np.testing.assert_allclose(y.ravel(), x.ravel() / (2.0 + 0.5 * np.array(sums)) ** 0.75,
                               rtol=1e-6)


def test_depthwise_conv2d_refuses_strides_with_rate_rather_than_differ_from_tf():
    with pytest.raises(NotImplementedError, match="both strides > 1 and rate > 1"):
        tf.nn.depthwise_conv2d(tf.zeros([1, 7, 7, 2]), tf.zeros([3, 3, 2, 1]), [1, 2, 2, 1],
                               "SAME", rate=[2, 2])


def test_composite_convolutions_are_named_as_tf_names_them():
    assert tf.nn.conv1d(tf.zeros([2, 9, 3]), tf.zeros([3, 3, 4]), 1, "SAME").name == \
        "conv1d/Squeeze:0"
    depthwise = tf.nn.depthwise_conv2d(tf.zeros([1, 4, 4, 2]), tf.zeros([2, 2, 2, 1]),
                                       [1, 1, 1, 1], "SAME")
    assert depthwise.name == "depthwise:0"


def test_causal_padding_is_for_conv1d_only():
    with pytest.raises(ValueError, match="causal"):
        tf.layers.conv2d(tf.zeros([1, 4, 4, 1]), 2, 2, padding="causal")
