"""tf.contrib.seq2seq.sequence_loss against the formula of TF1's loss.py, computed in numpy
(TF 2.x has no tf.contrib to record a golden from)."""
import numpy as np
import pytest

import course as tf

RNG = np.random.RandomState(0)
LOGITS = RNG.randn(2, 3, 4).astype(np.float32)
TARGETS = np.array([[0, 3, 1], [2, 2, 0]], np.int32)
WEIGHTS = np.array([[1.0, 1.0, 0.0], [1.0, 0.5, 1.0]], np.float32)


def cross_entropy():
    shifted = LOGITS - LOGITS.max(-1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(-1, keepdims=True))
    return -np.take_along_axis(log_p, TARGETS[..., None], -1)[..., 0] * WEIGHTS


@pytest.mark.parametrize("options, expected", [
    ({}, lambda ce: ce.sum() / WEIGHTS.sum()),
    ({"average_across_batch": False}, lambda ce: ce.sum(1) / WEIGHTS.sum(1)),
    ({"average_across_timesteps": False}, lambda ce: ce.sum(0) / WEIGHTS.sum(0)),
    ({"average_across_timesteps": False, "average_across_batch": False}, lambda ce: ce),
    ({"average_across_timesteps": False, "average_across_batch": False,
      "sum_over_timesteps": True, "sum_over_batch": True},
     lambda ce: ce.sum() / np.count_nonzero(WEIGHTS)),
])
def test_reductions(options, expected):
    loss = tf.contrib.seq2seq.sequence_loss(tf.constant(LOGITS), TARGETS, WEIGHTS, **options)
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(loss), expected(cross_entropy()), rtol=1e-5)


def test_averaging_and_summing_the_same_axis_is_refused():
    with pytest.raises(ValueError, match="cannot be set to True at same time"):
        tf.contrib.seq2seq.sequence_loss(LOGITS, TARGETS, WEIGHTS, sum_over_batch=True)
