"""Small holes real TF1 programs hit: Saver.save creating the checkpoint's directory, get_variable
from a tensor, softmax cross-entropy given int labels, tf.arg_min/arg_max (golden/api.json,
scripts/record_golden_api.py)."""
import api_cases
import pytest

import course as tf


@pytest.mark.parametrize("name", ["saver_creates_missing_directory",
                                  "get_variable_from_a_tensor", "softmax_xent_int_labels",
                                  "arg_min_arg_max"])
def test_matches_tensorflow(name):
    assert api_cases.golden_problems(tf, name) == []


def test_saver_creates_only_the_last_directory(tmp_path):
    tf.Variable(1.0, name="v")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert saver.save(sess, str(tmp_path / "model" / "m")) == str(tmp_path / "model" / "m")
        assert tf.train.latest_checkpoint(str(tmp_path / "model")) == str(tmp_path / "model" / "m")
        with pytest.raises(ValueError, match="Parent directory of .*/a/b/m doesn't exist"):
            saver.save(sess, str(tmp_path / "a" / "b" / "m"))
    assert not (tmp_path / "a").exists()
