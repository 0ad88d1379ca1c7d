"""tf.contrib.layers.layer_norm and conv2d_transpose against TF1's contrib code (TF-Slim under TensorFlow 2.21;
golden/api_gaps.json, scripts/record_golden_api_gaps.py)."""
import pytest

import api_gap_cases
import course as tf


@pytest.mark.parametrize("name", ["contrib_layer_norm", "contrib_conv2d_transpose"])
def test_matches_tensorflow(name):
    assert api_gap_cases.golden_problems(tf, name) == []


def test_the_parameters_need_a_known_shape():
    with pytest.raises(ValueError, match="is not fully defined"):
        tf.contrib.layers.layer_norm(tf.placeholder(tf.float32, [None, None]))
