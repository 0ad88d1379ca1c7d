"""tf.contrib.slim / tf.contrib.framework: arg_scope, the variable helpers and
tf.contrib.losses (slim.losses) against TF-Slim
(golden/api_gaps.json, scripts/record_golden_api_gaps.py)."""
import importlib
import sys

import pytest

import api_gap_cases
import course as tf


@pytest.mark.parametrize("name", ["slim_arg_scope", "contrib_losses"])
def test_matches_tensorflow(name):
    assert api_gap_cases.golden_problems(tf, name) == []


def test_arg_scoped_arguments_are_the_keyword_arguments():
    slim = tf.contrib.slim
    assert slim.arg_scoped_arguments(slim.dropout) == (
        "keep_prob", "noise_shape", "is_training", "outputs_collections", "scope", "seed")


def test_a_scope_is_left_at_the_end_of_its_block():
    slim = tf.contrib.slim
    with slim.arg_scope([slim.fully_connected], activation_fn=None):
        assert slim.current_arg_scope()
    assert slim.current_arg_scope() == {}
    with pytest.raises(TypeError, match="unexpected keyword argument 'no_such'"):
        with slim.arg_scope([slim.flatten], no_such=1):
            slim.flatten(tf.zeros([2, 3, 4]))


def test_programs_import_slim_from_tensorflow():
    saved = {k: v for k, v in sys.modules.items() if k.split(".")[0] == "tensorflow"}
    try:
        tf.install_as_tensorflow()
        slim = importlib.import_module("tensorflow.contrib.slim")
        assert slim.conv2d is tf.contrib.layers.conv2d and slim.arg_scope is \
            tf.contrib.framework.arg_scope
    finally:
        for k in [k for k in sys.modules if k.split(".")[0] == "tensorflow"]:
            del sys.modules[k]
        sys.modules.update(saved)
        sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "_TensorflowFinder"]


def test_slim_layers_is_the_builders_package():
    slim = tf.contrib.slim
    assert slim.layers.batch_norm is tf.contrib.layers.batch_norm
    assert slim.losses.softmax_cross_entropy is tf.contrib.losses.softmax_cross_entropy
