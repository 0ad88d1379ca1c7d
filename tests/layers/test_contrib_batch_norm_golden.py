"""tf.contrib.layers.batch_norm against TF1's contrib code (TF-Slim under TensorFlow 2.21;
golden/api_gaps.json, scripts/record_golden_api_gaps.py): contrib's defaults and variable names,
the fused and unfused arithmetic, updates_collections (UPDATE_OPS, custom, None = forced)."""
import numpy as np
import pytest

import api_gap_cases
import course as tf


@pytest.mark.parametrize("name", ["contrib_batch_norm_conv_defaults",
                                  "contrib_batch_norm_dense_forced_updates",
                                  "contrib_batch_norm_options"])
def test_matches_tensorflow(name):
    assert api_gap_cases.golden_problems(tf, name) == []


def test_defaults_are_contribs():
    x = tf.placeholder(tf.float32, [None, 2, 2, 3])
    tf.contrib.layers.batch_norm(x)
    assert [v.op.name for v in tf.global_variables()] == [
        "BatchNorm/beta", "BatchNorm/moving_mean", "BatchNorm/moving_variance"]
    assert len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)) == 2      # is_training=True


def test_forced_updates_run_with_the_output():
    x = tf.constant([[1.0, 2.0], [3.0, 6.0]])
    out = tf.contrib.layers.batch_norm(x, decay=0.5, updates_collections=None)
    assert tf.get_collection(tf.GraphKeys.UPDATE_OPS) == []
    moving_mean = [v for v in tf.global_variables() if v.op.name == "BatchNorm/moving_mean"][0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(out)
        np.testing.assert_allclose(sess.run(moving_mean), [1.0, 2.0])   # 0.5 * batch mean


def test_arguments_course_lacks_are_refused():
    with pytest.raises(NotImplementedError, match="zero_debias_moving_mean"):
        tf.contrib.layers.batch_norm(tf.zeros([2, 3]), zero_debias_moving_mean=True)
    with pytest.raises(NotImplementedError, match="batch_weights"):
        tf.contrib.layers.batch_norm(tf.zeros([2, 3]), batch_weights=tf.ones([2]))
