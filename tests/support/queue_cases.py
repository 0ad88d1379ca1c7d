"""Cases for TF1's queue-based input pipelines (issue 10): queues, QueueRunners, tf.train.batch
and the input producers, run under TensorFlow by scripts/record_golden_queues.py
(golden/queues.json) and under course by tests/train/test_queues_golden.py. Only cases whose
outputs TF makes deterministic: FIFO order with one runner thread, and seeded
random_shuffle inside an input producer (a RandomShuffleQueue's picks differ; its case records
only what it holds). Same contract as engine_cases.py. This module must not import
tensorflow."""
import collections

import numpy as np

from engine_cases import error_name
from golden_files import case_problems

CASES = collections.OrderedDict()


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def golden_problems(tf, name, tolerance=None):
    """How course's results for case ``name`` differ from TF's; [] if none."""
    return case_problems(tf, "queues", CASES, name, tolerance)


def _as_list(value):
    if isinstance(value, (list, tuple)):
        return [_as_list(v) for v in value]
    value = np.asarray(value)
    if value.dtype.kind in "SO":
        return np.vectorize(lambda s: s.decode())(value).tolist() if value.ndim else \
            value.item().decode()
    return value.tolist()


def drain(tf, sess, fetch, limit=50):
    """Start the queue runners, run ``fetch`` until OutOfRangeError (at most ``limit`` times)
    and stop them: what a TF1 training loop over a queue pipeline does."""
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    got, ended = [], None
    try:
        for _ in range(limit):
            if coord.should_stop():
                break
            got.append(_as_list(sess.run(fetch)))
    except tf.errors.OutOfRangeError:
        ended = "OutOfRangeError"
    finally:
        coord.request_stop()
    coord.join(threads)
    return {"values": got, "ended": ended}


@case
def fifo_queue_methods(tf, sess):
    """Enqueue, enqueue_many, dequeue, dequeue_many, dequeue_up_to, size, close."""
    q = tf.FIFOQueue(10, [tf.int32, tf.float32], shapes=[[], [2]])
    sess.run(q.enqueue_many([[1, 2, 3], [[1., 2.], [3., 4.], [5., 6.]]]))
    enqueue = q.enqueue([7, [8., 9.]])
    sess.run(enqueue)
    dequeue, many, up_to = q.dequeue(), q.dequeue_many(2), q.dequeue_up_to(5)
    result = {"size": sess.run(q.size()), "dequeue": _as_list(sess.run(dequeue)),
              "many": _as_list(sess.run(many)),
              "shapes": [str(t.shape) for t in dequeue + many + up_to],
              "dtypes": [t.dtype.name for t in many]}
    sess.run(q.close())
    result["up_to_after_close"] = _as_list(sess.run(up_to))
    result["dequeue_closed_empty"] = error_name(lambda: sess.run(dequeue))
    result["enqueue_closed"] = error_name(lambda: sess.run(enqueue))
    return result


@case
def fifo_queue_single_component(tf, sess):
    """A one-dtype queue dequeues a bare tensor; a dequeue_many short of a closed queue fails."""
    q = tf.FIFOQueue(5, tf.float32, shapes=[3])
    sess.run(q.enqueue_many([np.arange(6, dtype=np.float32).reshape(2, 3)]))
    many = q.dequeue_many(3)
    sess.run(q.close())
    return {"many_shape": str(many.shape), "short": error_name(lambda: sess.run(many)),
            "left": sess.run(q.size())}


@case
def slice_input_producer_batch(tf, sess):
    """slice_input_producer (shuffle=False, num_epochs=2) into tf.train.batch, one thread,
    with the smaller final batch: TF's order and the OutOfRangeError that ends the loop."""
    x = np.arange(10, dtype=np.float32).reshape(5, 2)
    y = np.arange(5, dtype=np.int32)
    xi, yi = tf.train.slice_input_producer([x, y], num_epochs=2, shuffle=False)
    xb, yb = tf.train.batch([xi, yi], batch_size=3, num_threads=1,
                            allow_smaller_final_batch=True)
    sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
    result = drain(tf, sess, [xb, yb])
    result["shapes"] = [str(xi.shape), str(xb.shape), str(yb.shape)]
    return result


@case
def batch_drops_short_final_batch(tf, sess):
    """Without allow_smaller_final_batch, a short last batch is an OutOfRangeError."""
    xi = tf.train.slice_input_producer([np.arange(7)], num_epochs=1, shuffle=False)
    batch = tf.train.batch(xi, batch_size=3)
    sess.run(tf.local_variables_initializer())
    result = drain(tf, sess, batch)
    result["shape"] = str(batch.shape)
    return result


@case
def batch_dict_and_enqueue_many(tf, sess):
    """tf.train.batch of a dict, enqueue_many rows, an endless producer (no num_epochs)."""
    rows = tf.constant(np.arange(12, dtype=np.float32).reshape(4, 3))
    batch = tf.train.batch({"x": rows, "n": tf.range(4)}, batch_size=3, enqueue_many=True,
                           capacity=8)
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess, coord)
    got = [[_as_list(v) for _, v in sorted(sess.run(batch).items())] for _ in range(3)]
    coord.request_stop()
    coord.join(threads)
    return {"batches": got, "keys": sorted(batch)}


@case
def string_input_producer_epochs(tf, sess):
    """string_input_producer with shuffle=False repeats its strings num_epochs times."""
    q = tf.train.string_input_producer(["a.csv", "b.csv", "c.csv"], num_epochs=2,
                                       shuffle=False)
    sess.run(tf.local_variables_initializer())
    return drain(tf, sess, q.dequeue())


@case
def seeded_shuffled_producers(tf, sess):
    """A seeded input producer shuffles each epoch with random_shuffle: TF's order."""
    tf.set_random_seed(5)
    q = tf.train.range_input_producer(6, num_epochs=2, shuffle=True, seed=2)
    xi, yi = tf.train.slice_input_producer([np.arange(5), np.arange(5) * 10], num_epochs=1,
                                           seed=7)
    sess.run(tf.local_variables_initializer())
    ranges, slices = drain(tf, sess, q.dequeue_many(6)), drain(tf, sess, [xi, yi])
    return {"range": ranges["values"], "range_ended": ranges["ended"],
            "slices": slices["values"], "slices_ended": slices["ended"]}


@case
def shuffle_batch_holds_every_element(tf, sess):
    """shuffle_batch returns every element of a finished input exactly once (its order is the
    RandomShuffleQueue's, which course does not reproduce)."""
    xi = tf.train.slice_input_producer([np.arange(20)], num_epochs=1, shuffle=False)
    batch = tf.train.shuffle_batch(xi, batch_size=4, capacity=10, min_after_dequeue=5, seed=1,
                                   allow_smaller_final_batch=True)
    sess.run(tf.local_variables_initializer())
    result = drain(tf, sess, batch)
    return {"sorted": sorted(v for b in result["values"] for v in b), "ended": result["ended"],
            "batches": len(result["values"]), "shape": str(batch.shape)}


@case
def count_up_to(tf, sess):
    """tf.count_up_to returns the old value, then raises OutOfRangeError at the limit."""
    v = tf.Variable(0, dtype=tf.int64)
    count = v.count_up_to(2)
    sess.run(v.initializer)
    return {"values": [sess.run(count), sess.run(count)],
            "at_limit": error_name(lambda: sess.run(count)), "final": sess.run(v)}


@case
def decode_csv_columns(tf, sess):
    """decode_csv: types from the defaults, empty fields take them, quoted fields, errors."""
    records = tf.constant(["1.5,2,x,", '3,,"a,b",7', "-1e3,5,z,8"])
    cols = tf.decode_csv(records, [[0.], [9], ["?"], tf.constant([4], tf.int64)])
    short = tf.decode_csv(tf.constant("1,2"), [[0.], [0.], [0.]])
    required = tf.decode_csv(tf.constant(",2"), [tf.constant([], tf.float32), [0.]])
    return {"values": _as_list(sess.run(cols)), "dtypes": [c.dtype.name for c in cols],
            "shapes": [str(c.shape) for c in cols],
            "too_few_fields": error_name(lambda: sess.run(short)),
            "missing_required": error_name(lambda: sess.run(required))}


@case
def text_line_reader_csv_batches(tf, sess):
    """The TF1 "reading data" recipe: filenames -> TextLineReader -> decode_csv ->
    tf.train.batch, two files, num_epochs=1, a header line skipped."""
    import os
    import tempfile
    directory = tempfile.mkdtemp()
    names = []
    for i, rows in enumerate([["1,2", "3,4", "5,6"], ["7,8", "9,10"]]):
        names.append(os.path.join(directory, "part%d.csv" % i))
        with open(names[-1], "w") as f:
            f.write("a,b\n" + "\n".join(rows) + "\n")
    queue = tf.train.string_input_producer(names, num_epochs=1, shuffle=False)
    key, value = tf.TextLineReader(skip_header_lines=1).read(queue)
    a, b = tf.decode_csv(value, [[0], [0.]])
    batch = tf.train.batch([key, a, b], batch_size=2, allow_smaller_final_batch=True)
    sess.run(tf.local_variables_initializer())
    result = drain(tf, sess, batch)
    for values in result["values"]:
        values[0] = [os.path.basename(k) for k in values[0]]
    return result


@case
def string_equal(tf, sess):
    """tf.equal/not_equal compare strings (a CSV column against 'Present', CS 20SI's reader)."""
    column = tf.constant(["Present", "Absent"])
    flag = tf.cond(tf.equal(column[0], tf.constant("Present")), lambda: tf.constant(1.0),
                   lambda: tf.constant(0.0))
    return {"equal": sess.run(tf.equal(column, "Present")).tolist(),
            "not_equal": sess.run(tf.not_equal(column, tf.constant(["Present", "x"]))).tolist(),
            "cond": sess.run(flag).tolist()}
