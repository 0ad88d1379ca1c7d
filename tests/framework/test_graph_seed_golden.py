"""A graph-level seed only (tf.set_random_seed, no op seeds): the common builders (Variables of
random_normal / truncated_normal / random_uniform, get_variable's default and explicit
initializers, tf.layers.conv2d / dense kernels, tf.nn.dropout, tf.layers.dropout,
random_shuffle) draw TF 2.x compat.v1's numbers, their op seeds counted per graph as TF 2 does
(golden/api.json, scripts/record_golden_api.py)."""
import api_cases

import course as tf


def test_graph_seed_only_matches_tensorflow():
    assert api_cases.golden_problems(tf, "graph_seed_only_builders") == []


def test_op_seeds_count_seeded_random_ops_not_all_ops():
    tf.set_random_seed(5)
    tf.constant(1.0)
    tf.random_normal([2])
    for _ in range(3):
        tf.constant(2.0)
    tf.random_normal([2])
    seeds = [(op.get_attr("seed"), op.get_attr("seed2"))
             for op in tf.get_default_graph().get_operations() if op.type == "RandomStandardNormal"]
    assert seeds == [(5, 0), (5, 1)]     # TF 1.x's _last_id would give op ids instead
