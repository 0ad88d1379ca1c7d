"""Static shapes as good as TF's where sizes are constants (tf.slice then tf.unstack, reshape to
[tf.shape(x)[0], -1], tf.zeros([n, 5]), tf.pad, ...), and tf.pad's values and gradients
(golden/api.json, scripts/record_golden_api.py)."""
import api_cases
import numpy as np
import pytest

import course as tf


@pytest.mark.parametrize("name", ["static_shapes", "pad_values_and_gradients",
                                  "constant_tensor_arguments", "tile_with_computed_multiples",
                                  "slice_then_unstack"])
def test_matches_tensorflow(name):
    assert api_cases.golden_problems(tf, name) == []


def test_slice_past_the_end_fails_when_run_naming_the_op():
    x = tf.placeholder(tf.float32, [None, 4])
    y = tf.slice(x, [1, 0], [2, 4], name="crop")
    with tf.Session() as sess:
        assert sess.run(y, {x: np.ones((3, 4))}).shape == (2, 4)
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"(?s)Expected size\[0\] in \[0, 1\], but got 2.*node crop"):
            sess.run(y, {x: np.ones((2, 4))})


def test_slice_and_pad_bounds_must_be_known_when_built():
    x = tf.placeholder(tf.float32, [None, 4])
    n = tf.placeholder(tf.int32, [])
    with pytest.raises(TypeError, match="size known when the graph is built"):
        tf.slice(x, [0, 0], tf.stack([n, 2]))
    with pytest.raises(TypeError, match="paddings known"):
        tf.pad(x, tf.stack([[n, 0], [0, 0]]))
