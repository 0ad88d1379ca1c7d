"""tf.data in TF1 graph mode: from_tensor_slices (arrays, tuples, dicts), batch
(drop_remainder), map, repeat, take/skip, filter, zip, concatenate, one-shot / initializable /
reinitializable iterators and OutOfRangeError at the end, and shuffle's seeded orders, against TF (golden/api.json,
scripts/record_golden_api.py)."""
import api_cases
import numpy as np
import pytest

import course as tf


@pytest.mark.parametrize("name", ["data_pipelines", "data_iterators", "data_shuffle_orders"])
def test_matches_tensorflow(name):
    assert api_cases.golden_problems(tf, name) == []


def _epoch(sess, element):
    out = []
    while True:
        try:
            out.append(int(sess.run(element)))
        except tf.errors.OutOfRangeError:
            return out


def test_shuffle_is_a_seeded_permutation_reshuffled_each_epoch():
    """The same seed gives the same orders (TF's, see data_shuffle_orders), each epoch a new
    one, and an element moves at most buffer_size - 1 places forward."""
    def orders():
        tf.reset_default_graph()
        ds = tf.data.Dataset.range(20).shuffle(5, seed=3).repeat(2)
        element = ds.make_one_shot_iterator().get_next()
        with tf.Session() as sess:
            values = _epoch(sess, element)
        return values[:20], values[20:]
    first, second = orders()
    assert sorted(first) == sorted(second) == list(range(20))
    assert first != second and first != list(range(20))
    assert orders() == (first, second)
    # a buffer of 5 can move an element at most 4 places forward
    assert all(first.index(i) >= i - 4 for i in range(20))


def test_get_next_before_initializing_fails_and_map_cannot_capture_main_graph_tensors():
    it = tf.data.Dataset.range(3).make_initializable_iterator()
    with tf.Session() as sess, pytest.raises(tf.errors.FailedPreconditionError,
                                             match="iterator has not been initialized"):
        sess.run(it.get_next())
    scale = tf.constant(2.0)
    with pytest.raises(ValueError, match="graph of its own"):
        tf.data.Dataset.from_tensor_slices(np.ones(3, np.float32)).map(lambda v: v * scale)
