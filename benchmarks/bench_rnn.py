"""An LSTM training step in course against hand-written numpy doing the same math.

    python benchmarks/bench_rnn.py

The tutorial classifier of MNIST rows (tests/support/rnn_programs.py): BasicLSTMCell over 28
steps of 28 pixels by static_rnn (one copy of the cell per step) or dynamic_rnn (a while loop),
the last output through a dense layer, softmax
cross-entropy, one gradient-descent step. The numpy contender writes out the same forward pass
(one matmul of [x_t, h] per step, TF's gate order i, j, f, o, forget bias 1), backpropagation
through time, and the update; before timing, one step of each from the same weights is checked
to give the same new weights. Course and numpy are timed alternately in blocks (medians, and the
median of the per-block ratios), with `uptime` printed so a busy machine shows.
"""
import os
import subprocess
import sys

import numpy as np

import course as tf

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                 "support"))
from bench_engine import _paired_us  # noqa: E402  (the alternating timer, written once)
from rnn_programs import build_mnist_lstm  # noqa: E402

LEARNING_RATE = 0.1


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def numpy_lstm_step(params, images, labels, lr=LEARNING_RATE):
    """One GD step of the classifier by hand; returns the new (kernel, bias, w_out, b_out)."""
    kernel, bias, w_out, b_out = params
    batch, steps, depth = images.shape
    units = kernel.shape[1] // 4
    h = np.zeros((batch, units), np.float32)
    c = np.zeros((batch, units), np.float32)
    tape = []
    for t in range(steps):
        xh = np.concatenate([images[:, t], h], axis=1)
        i, j, f, o = np.split(xh @ kernel + bias, 4, axis=1)
        si, tj, sf, so = _sigmoid(i), np.tanh(j), _sigmoid(f + np.float32(1.0)), _sigmoid(o)
        c_prev = c
        c = c_prev * sf + si * tj
        tc = np.tanh(c)
        h = tc * so
        tape.append((xh, c_prev, si, tj, sf, so, tc))
    logits = h @ w_out + b_out
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    g_logits = (p - labels) / np.float32(batch)          # d mean(xent) / d logits
    g_w_out, g_b_out = h.T @ g_logits, g_logits.sum(axis=0)
    g_h = g_logits @ w_out.T
    g_c = np.zeros_like(c)
    g_kernel, g_bias = np.zeros_like(kernel), np.zeros_like(bias)
    for xh, c_prev, si, tj, sf, so, tc in reversed(tape):
        g_o = g_h * tc * so * (1 - so)
        g_c = g_c + g_h * so * (1 - tc * tc)
        g_i = g_c * tj * si * (1 - si)
        g_j = g_c * si * (1 - tj * tj)
        g_f = g_c * c_prev * sf * (1 - sf)
        g_gates = np.concatenate([g_i, g_j, g_f, g_o], axis=1)
        g_kernel += xh.T @ g_gates
        g_bias += g_gates.sum(axis=0)
        g_xh = g_gates @ kernel.T
        g_h = g_xh[:, depth:]
        g_c = g_c * sf
    lr = np.float32(lr)
    return (kernel - lr * g_kernel, bias - lr * g_bias, w_out - lr * g_w_out,
            b_out - lr * g_b_out)


def lstm_workload(num_hidden, batch, dynamic=False):
    rng = np.random.default_rng(0)
    images = rng.random((batch * 4, 28, 28), dtype=np.float32)
    labels = np.eye(10, dtype=np.float32)[rng.integers(0, 10, batch * 4)]
    batches = [(images[s:s + batch], labels[s:s + batch]) for s in range(0, 4 * batch, batch)]
    graph = tf.Graph()
    with graph.as_default():
        m = build_mnist_lstm(tf, num_hidden=num_hidden, learning_rate=LEARNING_RATE,
                             optimizer="GradientDescent", dynamic=dynamic)
        variables = [v for v in tf.trainable_variables()]
        order = [next(v for v in variables if v.op.name.endswith(suffix))
                 for suffix in ("basic_lstm_cell/kernel", "basic_lstm_cell/bias")]
        order += [v for v in variables if v not in order]      # w_out, b_out
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        start = sess.run(order)
        # the same math: one step of each from the same weights gives the same weights
        hand = numpy_lstm_step(start, *batches[0])
        sess.run(m["train"], {m["X"]: batches[0][0], m["Y"]: batches[0][1]})
        for got, want in zip(sess.run(order), hand):
            np.testing.assert_allclose(got, want, rtol=2e-4, atol=2e-6)

    def course_steps(n):
        for i in range(n):
            a, b = batches[i % 4]
            sess.run(m["train"], feed_dict={m["X"]: a, m["Y"]: b})

    def numpy_steps(n, params=tuple(start)):
        for i in range(n):
            params = numpy_lstm_step(params, *batches[i % 4])

    name = "%s LSTM(%d), batch %d" % ("dynamic_rnn" if dynamic else "static_rnn", num_hidden,
                                        batch)
    return name, course_steps, numpy_steps


def main():
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    print("%-36s %10s %10s %7s" % ("workload", "course ms", "numpy ms", "ratio"))
    for hidden, batch, n_steps, dynamic in ((32, 64, 60, False), (32, 64, 60, True),
                                            (128, 128, 15, False), (128, 128, 15, True)):
        name, course_steps, numpy_steps = lstm_workload(hidden, batch, dynamic)
        c, p, ratio = _paired_us(course_steps, numpy_steps, n_steps, rounds=11)
        print("%-36s %10.2f %10.2f %7.2f" % (name, c / 1000, p / 1000, ratio))
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
