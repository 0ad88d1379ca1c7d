"""TF1's queue-based input pipelines against TensorFlow (golden/queues.json,
scripts/record_golden_queues.py), and what course does where TF would block forever."""
import numpy as np
import pytest
import queue_cases

import course as tf


@pytest.mark.parametrize("name", list(queue_cases.CASES))
def test_matches_tensorflow(name):
    assert queue_cases.golden_problems(tf, name) == []


def test_dequeue_without_runners_raises_instead_of_hanging():
    with tf.Graph().as_default():
        q = tf.FIFOQueue(4, tf.int32)
        with tf.Session() as sess:
            sess.run(q.enqueue(1))
            with pytest.raises(tf.errors.FailedPreconditionError, match="would block forever.*"
                               "start_queue_runners"):
                sess.run(q.dequeue_many(2))
            assert sess.run(q.size()) == 1    # nothing was taken


def test_shuffle_batch_is_seeded_and_keeps_min_after_dequeue():
    def run():
        with tf.Graph().as_default():
            xi = tf.train.slice_input_producer([np.arange(30)], shuffle=False)
            batch = tf.train.shuffle_batch(xi, batch_size=5, capacity=12, min_after_dequeue=6,
                                           seed=3)
            with tf.Session() as sess:
                tf.train.start_queue_runners(sess)
                first = sess.run(batch)
                return first, sess.run(batch.op.get_attr("queue").size())
    (first, left), (again, _) = run(), run()
    assert first.tolist() == again.tolist()
    assert left >= 6 and len(set(first.tolist())) == 5


def test_runner_errors_reach_the_coordinator():
    with tf.Graph().as_default():
        q = tf.FIFOQueue(4, tf.float32)
        bad = tf.gather(tf.constant([1.0, 2.0]), 5)     # an index out of range: an op error
        tf.train.add_queue_runner(tf.train.QueueRunner(q, [q.enqueue(bad)]))
        with tf.Session() as sess:
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            with pytest.raises(tf.errors.InvalidArgumentError):
                sess.run(q.dequeue())
            assert coord.should_stop()
            with pytest.raises(tf.errors.InvalidArgumentError):
                coord.join(threads)


def test_enqueue_many_needs_equal_first_dimensions():
    with tf.Graph().as_default():
        q = tf.FIFOQueue(4, [tf.int32, tf.int32])
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError, match="same first dimension"):
                sess.run(q.enqueue_many([[1, 2], [1, 2, 3]]))


def test_monitored_session_starts_queue_runners_and_ends_on_out_of_range():
    with tf.Graph().as_default():
        xi = tf.train.slice_input_producer([np.arange(5)], num_epochs=1, shuffle=False)
        batch = tf.train.batch(xi, batch_size=2, allow_smaller_final_batch=True)
        got = []
        with tf.train.MonitoredSession() as sess:
            while not sess.should_stop():
                got.append(sess.run(batch).tolist())
        assert got == [[0, 1], [2, 3], [4]]
