"""tf.nn.log_uniform_candidate_sampler (TF's samples bit for bit) against TensorFlow (golden/api_gaps.json,
scripts/record_golden_api_gaps.py)."""
import numpy as np
import pytest

import api_gap_cases
import course as tf


@pytest.mark.parametrize("name", ["log_uniform_candidate_sampler"])
def test_matches_tensorflow(name):
    assert api_gap_cases.golden_problems(tf, name) == []


def test_unique_samples_are_distinct_and_in_range():
    sampled, true_expected, expected = tf.nn.log_uniform_candidate_sampler(
        [[0], [1]], 1, 20, True, 25, seed=4)
    with tf.Session() as sess:
        values, true_counts, counts = sess.run([sampled, true_expected, expected])
    assert len(set(values.tolist())) == 20 and values.min() >= 0 and values.max() < 25
    assert np.all((0 < counts) & (counts <= 1)) and true_counts.shape == (2, 1)
