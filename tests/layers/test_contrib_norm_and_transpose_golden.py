"""tf.contrib.layers.layer_norm, conv2d_transpose and separable_conv2d against TF1's contrib
code (TF-Slim under TensorFlow 2.21; golden/api_gaps.json, scripts/record_golden_api_gaps.py)."""
import pytest

import api_gap_cases
import course as tf


@pytest.mark.parametrize("name", ["contrib_layer_norm", "contrib_conv2d_transpose",
                                  "contrib_separable_conv2d"])
def test_matches_tensorflow(name):
    # A depthwise filter's gradient is summed in another order than TF's
    # DepthwiseConv2dNativeBackpropFilter: where terms cancel, float32 differs by ~4e-6.
    tolerance = {"float32": 1e-5} if name == "contrib_separable_conv2d" else None
    assert api_gap_cases.golden_problems(tf, name, tolerance) == []


def test_the_parameters_need_a_known_shape():
    with pytest.raises(ValueError, match="is not fully defined"):
        tf.contrib.layers.layer_norm(tf.placeholder(tf.float32, [None, None]))
