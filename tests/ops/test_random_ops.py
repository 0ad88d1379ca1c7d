"""The public random ops and initializers (``import course as tf``) against TensorFlow's
recorded outputs in golden/random.json: same program, same numbers, run after run."""
import numpy as np
import pytest
from golden_files import load_golden

import course as tf

CASES = load_golden("random")["cases"]


def _build(case):
    """The case's TF program, written with course."""
    op, params = case["op"], dict(case["params"])
    shape, dtype, seed = case["shape"], getattr(tf, case["dtype"]), case["op_seed"]
    if op == "random_normal":
        return tf.random_normal(shape, dtype=dtype, seed=seed, **params)
    if op == "truncated_normal":
        return tf.truncated_normal(shape, dtype=dtype, seed=seed, **params)
    if op == "random_uniform":
        return tf.random_uniform(shape, dtype=dtype, seed=seed, **params)
    if op == "random_shuffle":
        return tf.random_shuffle(np.asarray(params["value"], dtype=dtype.as_numpy_dtype), seed=seed)
    if op == "multinomial":
        out_dtype = params.get("output_dtype")
        return tf.multinomial(np.asarray(params["logits"], np.float32), params["num_samples"],
                              seed=seed, output_dtype=out_dtype and getattr(tf, out_dtype))
    initializer = getattr(tf, params["initializer"])(**params["kwargs"])
    return initializer(shape, dtype=dtype)


def _exact_cases():
    for i, case in enumerate(CASES):
        sharded = case["op"] == "multinomial" and case["params"].get("may_shard")
        if not sharded:
            yield pytest.param(case, id="%d-%s-%s-%s" % (i, case["params"].get(
                "initializer", case["op"]), case["dtype"], case["shape"]))


@pytest.mark.parametrize("case", list(_exact_cases()))
def test_op_matches_tensorflow_run_after_run(case):
    graph = tf.Graph()
    with graph.as_default():
        if case["graph_seed"] is not None:
            tf.set_random_seed(case["graph_seed"])
        out = _build(case)
        kernel = [op for op in graph.get_operations() if op.type == case["kernel"]]
        assert len(kernel) == 1
        assert (kernel[0].get_attr("seed"), kernel[0].get_attr("seed2")) == tuple(
            case["resolved_seeds"])
        with tf.Session() as sess:
            for expected in case["values"]:
                got = np.ravel(sess.run(out))
                want = np.asarray(expected, dtype=got.dtype)
                assert got.dtype == np.dtype(case["dtype"] if case["op"] != "multinomial"
                                             else got.dtype)
                np.testing.assert_array_equal(got, want)


def test_names_follow_tf1():
    with tf.Graph().as_default() as graph:
        tf.random_normal([2, 3], stddev=1, seed=1)
        assert [op.name for op in graph.get_operations()] == [
            "random_normal/shape", "random_normal/mean", "random_normal/stddev",
            "random_normal/RandomStandardNormal", "random_normal/mul", "random_normal"]


def test_graph_seed_only_counts_random_ops_per_graph_as_tf2():
    def draw():
        with tf.Graph().as_default() as graph:
            tf.set_random_seed(7)
            a, b = tf.random_normal([3]), tf.random_uniform([3])
            seeds = [(op.get_attr("seed"), op.get_attr("seed2")) for op in graph.get_operations()
                     if op.type.startswith("Random")]
            with tf.Session() as sess:
                return seeds, sess.run([a, b])
    (seeds, first), (_, second) = draw(), draw()
    assert seeds == [(7, 0), (7, 1)]
    np.testing.assert_array_equal(first[0], second[0])


def test_unseeded_ops_differ_between_sessions():
    with tf.Graph().as_default():
        r = tf.random_uniform([8])
        with tf.Session() as s1, tf.Session() as s2:
            assert not np.array_equal(s1.run(r), s2.run(r))


def test_a_new_session_restarts_a_seeded_stream():
    with tf.Graph().as_default():
        r = tf.random_normal([4], seed=3)
        with tf.Session() as s1:
            first = s1.run(r)
            assert not np.array_equal(first, s1.run(r))
        with tf.Session() as s2:
            np.testing.assert_array_equal(first, s2.run(r))


def test_dynamic_shape_and_errors():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3])
        r = tf.random_uniform(tf.shape(x), seed=1)
        assert r.shape.as_list() == [None, 3]     # TF reads the known part of tf.shape(x)
        with tf.Session() as sess:
            assert sess.run(r, {x: np.zeros((5, 3))}).shape == (5, 3)
        with pytest.raises(ValueError, match="maxval"):
            tf.random_uniform([2], dtype=tf.int32)
        with pytest.raises(ValueError, match="int32"):
            tf.random_normal([2], dtype=tf.int32)
