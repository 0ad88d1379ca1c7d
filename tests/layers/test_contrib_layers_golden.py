"""tf.contrib.layers builders (fully_connected, linear, conv2d, flatten, max/avg_pool2d, dropout)
against TF1's contrib.layers (TF-Slim, its maintained copy, under TF 2): values, gradients,
variable names and collections (golden/api.json, scripts/record_golden_api.py)."""
import api_cases
import pytest

import course as tf


@pytest.mark.parametrize("name", ["contrib_layers_builders",
                                  "contrib_layers_dropout_and_collections"])
def test_matches_tensorflow(name):
    assert api_cases.golden_problems(tf, name) == []


def test_fully_connected_needs_a_known_last_dimension():
    x = tf.placeholder(tf.float32, [None, None])
    with pytest.raises(ValueError, match="last dimension of the inputs"):
        tf.contrib.layers.fully_connected(x, 3)
