"""course.sweep: K learning rates trained in one batched computation give, copy for copy and to
the bit, the curves K ordinary sessions give; what cannot be batched is refused by name."""
import numpy as np
import pytest

import course as tf
from course import sweep
from course.viz.presets import (
    as_model,
    feed_function,
    make_optimizer,
    mnist_softmax_model,
    pku_model,
)

RATES = np.array([1e-4, 3e-3, 0.03, 0.3, 3.0], np.float32)   # the last ones diverge somewhere


def _build(model_fn, optimizer):
    graph = tf.Graph()
    with graph.as_default():
        model = as_model(model_fn())
        rate = tf.placeholder(tf.float32, [], name="rate")
        train = make_optimizer(optimizer, rate).minimize(model.loss)
    return graph, model.loss, feed_function(model.feed), rate, train


def _one_session_per_rate(model_fn, optimizer, steps):
    graph, loss, feed, rate, train = _build(model_fn, optimizer)
    curves = []
    for r in RATES:
        with tf.Session(graph=graph) as sess:
            sess.run([v.initializer for v in graph.get_collection("variables")])
            with np.errstate(all="ignore"):
                curves.append([sess.run([train, loss], {**feed(i), rate: r})[1]
                               for i in range(steps)])
    return np.array(curves, np.float32)


def _same_bits(a, b):
    return a.shape == b.shape and np.array_equal(a.view(np.uint32), b.view(np.uint32))


@pytest.mark.parametrize("model_fn, steps", [(pku_model, 120), (mnist_softmax_model, 12)],
                         ids=["pku", "mnist_softmax"])
@pytest.mark.parametrize("optimizer", ["GradientDescent", "Momentum", "Adam"])
def test_each_copy_is_the_session_trained_at_its_rate_bit_for_bit(model_fn, steps, optimizer):
    graph, loss, feed, rate, train = _build(model_fn, optimizer)
    batched = sweep.learning_rates(train, loss, RATES, steps, feed_dict=feed)
    expected = _one_session_per_rate(model_fn, optimizer, steps)
    assert _same_bits(batched, expected)
    assert np.isfinite(batched[0]).all()


@pytest.mark.parametrize("optimizer", ["Nesterov", "Adagrad", "RMSProp", "Adadelta"])
def test_the_other_optimizers_too(optimizer):
    graph, loss, feed, rate, train = _build(pku_model, optimizer)
    batched = sweep.learning_rates(train, loss, RATES, 40, feed_dict=feed)
    assert _same_bits(batched, _one_session_per_rate(pku_model, optimizer, 40))


def _counting_graph(rate):
    """Centered RMSProp with a global step (AssignAdd) and a countdown (AssignSub)."""
    graph = tf.Graph()
    with graph.as_default():
        w = tf.Variable([[0.5, -1.5], [2.0, 0.25]])
        loss = tf.reduce_mean(tf.square(tf.matmul(w, w) - tf.eye(2)))
        step = tf.train.get_or_create_global_step()
        countdown = tf.Variable(10.0)
        train = tf.group(tf.train.RMSPropOptimizer(rate, momentum=0.5, centered=True).minimize(
            loss, global_step=step), tf.assign_sub(countdown, 1.0))
    return graph, loss, train, step, countdown


def test_assignments_and_centered_rms_prop():
    rates = [0.001, 0.01, 0.1]
    expected = []
    for r in rates:
        graph, loss, train, step, countdown = _counting_graph(r)
        with tf.Session(graph=graph) as sess:
            sess.run(tf.variables_initializer(graph.get_collection("variables")))
            expected.append([sess.run([train, loss, step, countdown])[1:] for _ in range(6)])
    graph, loss, train, step, countdown = _counting_graph(0.5)
    with graph.as_default():
        init = tf.variables_initializer(graph.get_collection("variables"))
    with sweep.BatchedSession({sweep.learning_rate_of(train): rates}, graph) as batched:
        batched.run(init)
        got = [batched.run([train, loss, step, countdown])[1:] for _ in range(6)]
    for k in range(len(rates)):
        for i in range(6):
            for g, e in zip(got[i], expected[k][i]):
                assert np.array_equal(g[k], e) and g[k].dtype == np.asarray(e).dtype


def test_the_optimizers_own_learning_rate_constant_is_found_and_swept():
    rates = [0.01, 0.1, 0.5]
    curves = []
    for r in rates + [None]:
        graph = tf.Graph()
        with graph.as_default():
            w = tf.Variable([3.0, -2.0])
            loss = tf.reduce_sum(tf.square(w - 1.0))
            train = tf.train.GradientDescentOptimizer(0.2 if r is None else r).minimize(loss)
        if r is None:
            assert sweep.learning_rate_of(train).op.type == "Const"
            batched = sweep.learning_rates(train, loss, rates, 5)
        else:
            with tf.Session(graph=graph) as sess:
                sess.run(w.initializer)
                curves.append([sess.run([train, loss])[1] for _ in range(5)])
    assert _same_bits(batched, np.array(curves, np.float32))


def test_copies_start_from_a_sessions_values_and_fetches_have_the_copy_axis():
    graph, loss, feed, rate, train = _build(pku_model, "GradientDescent")
    with tf.Session(graph=graph) as sess:
        sess.run([v.initializer for v in graph.get_collection("variables")])
        w1 = graph.get_collection("variables")[0]
        start = sess.run(w1)
        with sweep.BatchedSession({rate: [0.0, 0.1]}, graph, variables_from=sess) as batched:
            assert batched.size == 2
            x = graph.get_tensor_by_name("Placeholder:0")
            values = batched.run({"w": w1, "x": x, "train": train}, feed(0))
            assert values["train"] is None
            assert values["w"].shape == (2, 2, 3) and values["x"].shape == (2, 8, 2)
            assert _same_bits(values["w"][0], start)            # rate 0: unchanged
            assert not np.array_equal(values["w"][1], start)
        assert _same_bits(sess.run(w1), start)                   # the session is untouched


def test_an_op_without_batch_rule_is_refused_by_type():
    graph = tf.Graph()
    with graph.as_default():
        w = tf.Variable(2.0)
        cubed = tf.while_loop(lambda i, p: i < 3, lambda i, p: (i + 1, p * w), (0, 1.0))[1]
        loss = tf.square(cubed - 1.0)
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    with pytest.raises(NotImplementedError, match="op type 'While'"):
        sweep.learning_rates(train, loss, [0.1, 0.2], 1)


def _small_conv_net(rate):
    """Conv (SAME), max pool, relu, dense softmax: each copy's convolutions run copy by copy."""
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(3)
        images = tf.placeholder(tf.float32, [None, 8, 8, 1])
        labels = tf.placeholder(tf.float32, [None, 3])
        kernel = tf.Variable(tf.truncated_normal([3, 3, 1, 4], stddev=0.3))
        hidden = tf.nn.relu(tf.nn.max_pool(tf.nn.conv2d(images, kernel, [1, 1, 1, 1], "SAME"),
                                           [1, 2, 2, 1], [1, 2, 2, 1], "VALID"))
        dense = tf.layers.dense(tf.reshape(hidden, [-1, 64]), 3)
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels,
                                                                          logits=dense))
        train = tf.train.AdamOptimizer(rate).minimize(loss)
    rng = np.random.default_rng(0)
    feed = {images: rng.uniform(size=(5, 8, 8, 1)).astype(np.float32),
            labels: np.eye(3, dtype=np.float32)[[0, 1, 2, 0, 1]]}
    return graph, loss, train, feed


def test_a_conv_net_with_adam():
    rates = [0.001, 0.01, 0.1]
    expected = []
    for r in rates:
        graph, loss, train, feed = _small_conv_net(r)
        with tf.Session(graph=graph) as sess:
            sess.run(tf.variables_initializer(graph.get_collection("variables")))
            expected.append([sess.run([train, loss], feed)[1] for _ in range(8)])
    graph, loss, train, feed = _small_conv_net(0.5)
    batched = sweep.learning_rates(train, loss, rates, 8, feed_dict=feed)
    assert _same_bits(batched, np.array(expected, np.float32))


def test_an_unseeded_random_op_is_refused():
    graph = tf.Graph()
    with graph.as_default():
        w = tf.Variable(tf.random_normal([2]))
        loss = tf.reduce_sum(tf.square(w))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    with pytest.raises(NotImplementedError, match="op type 'RandomStandardNormal'.*unseeded"):
        sweep.learning_rates(train, loss, [0.1, 0.2], 1)


def test_learning_rate_of_asks_when_two_rates_update():
    graph = tf.Graph()
    with graph.as_default():
        a, b = tf.Variable(1.0), tf.Variable(2.0)
        loss = tf.square(a) + tf.square(b)
        train = tf.group(tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=[a]),
                         tf.train.GradientDescentOptimizer(0.2).minimize(loss, var_list=[b]))
    with pytest.raises(ValueError, match="2 learning rates"):
        sweep.learning_rate_of(train)


def test_swept_values_must_give_one_value_per_copy():
    graph = tf.Graph()
    with graph.as_default():
        rate = tf.placeholder(tf.float32, [])
    with pytest.raises(ValueError, match=r"must have shape \[K\]"):
        sweep.BatchedSession({rate: 0.1}, graph)
