"""tf.nn.log_uniform_candidate_sampler and uniform_candidate_sampler (TF's samples bit for bit),
tf.nn.compute_accidental_hits, tf.nn.nce_loss and
tf.nn.sampled_softmax_loss against TensorFlow (golden/api_gaps.json,
scripts/record_golden_api_gaps.py)."""
import numpy as np
import pytest

import api_gap_cases
import course as tf


@pytest.mark.parametrize("name", ["log_uniform_candidate_sampler",
                                  "uniform_candidate_sampler_and_accidental_hits",
                                  "nce_and_sampled_softmax_given_samples",
                                  "word2vec_training_seeded"])
def test_matches_tensorflow(name):
    assert api_gap_cases.golden_problems(tf, name) == []


def test_the_batch_may_be_known_only_when_run():
    words = tf.placeholder(tf.int32, [None])
    labels = tf.placeholder(tf.int32, [None, 1])
    embed = tf.nn.embedding_lookup(tf.Variable(tf.ones([30, 4])), words)
    loss = tf.nn.nce_loss(tf.Variable(tf.zeros([30, 4])), tf.Variable(tf.zeros([30])), labels,
                          embed, num_sampled=3, num_classes=30)
    assert loss.shape.as_list() == [None]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = sess.run(loss, {words: [1, 2], labels: [[3], [4]]})
    # zero weights: every logit is -log(Q), so the loss is a sum of softplus terms, > 0
    assert values.shape == (2,) and np.all(values > 0)


def test_unique_samples_are_distinct_and_in_range():
    sampled, true_expected, expected = tf.nn.log_uniform_candidate_sampler(
        [[0], [1]], 1, 20, True, 25, seed=4)
    with tf.Session() as sess:
        values, true_counts, counts = sess.run([sampled, true_expected, expected])
    assert len(set(values.tolist())) == 20 and values.min() >= 0 and values.max() < 25
    assert np.all((0 < counts) & (counts <= 1)) and true_counts.shape == (2, 1)
