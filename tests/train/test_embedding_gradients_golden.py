"""tf.nn.embedding_lookup / tf.gather gradients are IndexedSlices, as TF's: fetched as an
IndexedSlicesValue, dense when an op needs them, summed per row by the optimizers, which update
only the looked-up rows (SparseApply* and TF's sparse Adam) (golden/api.json,
scripts/record_golden_api.py)."""
import api_cases
import numpy as np
import pytest

import course as tf


@pytest.mark.parametrize("name", ["embedding_gradients", "embedding_optimizers"])
def test_matches_tensorflow(name):
    assert api_cases.golden_problems(tf, name) == []


def test_momentum_leaves_rows_not_looked_up_alone():
    """The sparse update touches only looked-up rows: a row's momentum does not carry it on in
    a step that did not look it up (a dense update with zero gradient would)."""
    table = tf.Variable(np.ones((3, 2), np.float32))
    ids = tf.placeholder(tf.int32, [None])
    step = tf.train.MomentumOptimizer(1.0, 0.9).minimize(
        tf.reduce_sum(tf.nn.embedding_lookup(table, ids)))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(step, {ids: [0, 2, 2]})
        sess.run(step, {ids: [1]})
        np.testing.assert_array_equal(sess.run(table), [[0, 0], [0, 0], [-1, -1]])


def test_unique_and_unsorted_segment_sum():
    y, idx = tf.unique([4, 1, 4, 7, 1])
    total = tf.unsorted_segment_sum([1.0, 2.0, 3.0, 4.0], [2, 0, 2, -1], 3)
    with tf.Session() as sess:
        yv, iv, tv = sess.run([y, idx, total])
    np.testing.assert_array_equal(yv, [4, 1, 7])
    np.testing.assert_array_equal(iv, [0, 1, 0, 2, 1])
    np.testing.assert_array_equal(tv, [2.0, 0.0, 4.0])
