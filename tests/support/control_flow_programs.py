"""Small programs with tf.cond and tf.while_loop, run traced, for the graph pictures
(tests/viz/test_viz_graph_control_flow.py and scripts/gallery.py). ``tf`` is course."""
import numpy as np


def traced_cond_then_loop(tf, training=True):
    """A cond (relu(x @ w) when training, x * 2 otherwise) feeding a loop h <- tanh(h @ w),
    four times. Returns (loss, RunMetadata of one traced run)."""
    graph = tf.Graph()
    with graph.as_default():
        is_training = tf.placeholder(tf.bool, [], name="is_training")
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        w = tf.Variable(np.full((3, 3), 0.5, np.float32), name="w")
        y = tf.cond(is_training, lambda: tf.nn.relu(tf.matmul(x, w)), lambda: x * 2.0)
        _, h = tf.while_loop(lambda i, h: i < 4, lambda i, h: (i + 1, tf.tanh(tf.matmul(h, w))),
                             [0, y])
        loss = tf.reduce_sum(h, name="loss")
        meta = tf.RunMetadata()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(loss, {is_training: training, x: np.ones((2, 3))}, run_metadata=meta,
                     options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE))
    return loss, meta


def traced_tensor_array_loop(tf):
    """dynamic_rnn's pattern by hand: inputs unstacked into a TensorArray, one step per
    iteration h <- tanh(x_t @ w + h @ u), outputs written to another; trained one step.
    Returns (train_op, RunMetadata)."""
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(0)
        inputs = tf.placeholder(tf.float32, [5, 2, 3], name="inputs")
        w = tf.get_variable("w", [3, 4])
        u = tf.get_variable("u", [4, 4])
        _, out_ta, _ = tensor_array_rnn(tf, inputs, w, u)
        loss = tf.reduce_sum(out_ta.stack(), name="loss")
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        meta = tf.RunMetadata()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(train, {inputs: np.ones((5, 2, 3))}, run_metadata=meta,
                     options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE))
    return train, meta


def tensor_array_rnn(tf, inputs, w, u):
    """h <- tanh(x_t @ w + h @ u) over the time-major ``inputs`` [time, 2, 3] by tf.while_loop
    and TensorArrays, as dynamic_rnn does it. Returns (last h, outputs' TensorArray, inputs'
    TensorArray)."""
    steps = tf.shape(inputs)[0]
    in_ta = tf.TensorArray(tf.float32, size=steps).unstack(inputs)
    out_ta = tf.TensorArray(tf.float32, size=steps)

    def body(t, h, out_ta):
        h = tf.tanh(tf.matmul(in_ta.read(t), w) + tf.matmul(h, u))
        return t + 1, h, out_ta.write(t, h)
    _, h, out_ta = tf.while_loop(lambda t, *_: t < steps, body,
                                 [tf.constant(0), tf.zeros([2, 4]), out_ta])
    return h, out_ta, in_ta


def traced_nested_loops_with_cond(tf):
    """A loop whose body runs a loop whose body runs a cond (multiply on even steps, add 1 on
    odd ones). Returns (loss, RunMetadata)."""
    graph = tf.Graph()
    with graph.as_default():
        x = tf.constant([0.5, -1.0, 2.0], name="x")

        def outer(i, acc):
            def inner(j, a):
                return j + 1, tf.cond(tf.equal(j % 2, 0), lambda: a * x, lambda: a + 1.0)
            return i + 1, tf.while_loop(lambda j, a: j < i, inner, [0, acc])[1]
        _, acc = tf.while_loop(lambda i, acc: i < 3, outer, [1, tf.ones([3])])
        loss = tf.reduce_sum(acc, name="loss")
        meta = tf.RunMetadata()
        with tf.Session() as sess:
            sess.run(loss, run_metadata=meta,
                     options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE))
    return loss, meta
