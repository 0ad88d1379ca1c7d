"""tf.contrib.layers.layer_norm against TF1's contrib code (TF-Slim under TensorFlow 2.21;
golden/api_gaps.json, scripts/record_golden_api_gaps.py)."""
import pytest

import api_gap_cases
import course as tf


def test_matches_tensorflow():
    assert api_gap_cases.golden_problems(tf, "contrib_layer_norm") == []


def test_the_parameters_need_a_known_shape():
    with pytest.raises(ValueError, match="is not fully defined"):
        tf.contrib.layers.layer_norm(tf.placeholder(tf.float32, [None, None]))
