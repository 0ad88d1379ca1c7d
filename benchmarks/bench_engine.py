"""Steady-state cost of a training step in course against hand-written numpy of the same math.

    python benchmarks/bench_engine.py

Prints, for each workload, microseconds per step for course's Session.run and for the
numpy loop, measured in the same run, and their ratio: in wall time, and in the process's
CPU time (on a crowded machine the wall clock mostly measures the wait for a core). Targets (issue "The engine"): PKU 2-3-1
step (batch 8, gradient descent) at most 2x numpy; MNIST 784->10 softmax step (batch 100) at
most 1.25x. "The same math" is the math the graph's step does, written by hand: the forward
pass up to the loss's last elementwise op (the reduction's gradient needs that tensor's shape,
so TF runs the ops that make it), the backward pass as TF's gradient functions compute it, and
the update. The ratio is then what the framework itself costs. Course and numpy are timed alternately in short blocks; the figures are medians
(the ratio is the median of the per-block ratios), to ride out a busy machine.
"""
import statistics
import subprocess
import time

import numpy as np

import course as tf
from bench_models import softmax as softmax_program


def _paired_us(course_steps, numpy_steps, n_steps, rounds=21):
    """Per-step times of each, timed alternately in short blocks so that both see the same
    machine (on a shared 2-core box load comes in bursts): for wall time and for the
    process's CPU time (what a step costs, whatever else the machine runs), the medians of
    each and the median of the per-round ratios."""
    course_steps(n_steps // 10)
    numpy_steps(n_steps // 10)
    block = max(1, n_steps // 3)
    figures = {}
    for clock in (time.perf_counter, time.process_time):
        figures[clock] = {course_steps: [], numpy_steps: []}
    for _ in range(rounds):
        for steps in (course_steps, numpy_steps):
            wall, cpu = time.perf_counter(), time.process_time()
            steps(block)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            figures[time.perf_counter][steps].append(wall / block * 1e6)
            figures[time.process_time][steps].append(cpu / block * 1e6)
    result = []
    for times in figures.values():
        ratios = [c / p for c, p in zip(times[course_steps], times[numpy_steps])]
        result += [statistics.median(times[course_steps]), statistics.median(times[numpy_steps]),
                   statistics.median(ratios)]
    return result


def pku_workload():
    rdm = np.random.RandomState(23455)
    X = rdm.rand(32, 2).astype(np.float32)
    Y = np.array([[int(a + b < 1)] for a, b in X], np.float32)
    batches = [(X[s:s + 8], Y[s:s + 8]) for s in range(0, 32, 8)]
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, (None, 2))
        y_ = tf.placeholder(tf.float32, (None, 1))
        w1 = tf.Variable(tf.random_normal([2, 3], stddev=1, seed=1))
        w2 = tf.Variable(tf.random_normal([3, 1], stddev=1, seed=1))
        y = tf.matmul(tf.matmul(x, w1), w2)
        loss = tf.reduce_mean(tf.square(y - y_))
        train = tf.train.GradientDescentOptimizer(0.001).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        w1_0, w2_0 = sess.run([w1, w2])

    def course_steps(n):
        for i in range(n):
            a, b = batches[i % 4]
            sess.run(train, feed_dict={x: a, y_: b})

    def numpy_steps(n, w1=w1_0, w2=w2_0):
        lr = np.float32(0.001)
        for i in range(n):
            a, b = batches[i % 4]
            h = a @ w1
            d = h @ w2 - b
            squared = np.square(d)                    # the Square the loss's gradient needs
            g = np.full(squared.shape, 1.0 / squared.size, np.float32)   # d mean / d squared
            g = g * (np.float32(2) * d)               # d squared / d d
            gw2 = h.T @ g
            gw1 = a.T @ (g @ w2.T)
            w1 = w1 - gw1 * lr
            w2 = w2 - gw2 * lr
    return "PKU 2-3-1 step (batch 8, GD)", course_steps, numpy_steps, 3000, 2.0


def softmax_workload():
    rng = np.random.RandomState(0)
    images = rng.rand(1000, 28, 28, 1).astype(np.float32)
    labels = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 1000)]
    batches = [(images[s:s + 100], labels[s:s + 100]) for s in range(0, 1000, 100)]
    graph = tf.Graph()
    with graph.as_default():
        X, Y_, _, train, _ = softmax_program(tf)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())

    def course_steps(n):
        for i in range(n):
            a, c = batches[i % 10]
            sess.run(train, feed_dict={X: a, Y_: c})

    def numpy_steps(n, W=np.zeros((784, 10), np.float32), b=np.zeros(10, np.float32)):
        lr = np.float32(0.003)
        for i in range(n):
            a, c = batches[i % 10]
            x = a.reshape(-1, 784)
            z = x @ W + b
            e = np.exp(z - z.max(axis=1, keepdims=True))
            y = e / e.sum(axis=1, keepdims=True)
            terms = c * np.log(y)                     # the product reduce_sum reduces
            g = np.full(terms.shape, -1.0, np.float32)  # d(-sum)/d terms
            gy = (g * c) / y                          # through the product and the log
            gz = (gy - (gy * y).sum(axis=1, keepdims=True)) * y
            W = W - lr * (x.T @ gz)
            b = b - lr * gz.sum(axis=0)
    return "MNIST softmax step (batch 100, GD)", course_steps, numpy_steps, 1000, 1.25


def main():
    print("%-36s %10s %10s %7s %10s %10s %7s %7s" % (
        "workload", "course us", "numpy us", "ratio", "course CPU", "numpy CPU", "ratio",
        "target"))
    for make in (pku_workload, softmax_workload):
        name, course_steps, numpy_steps, n, target = make()
        figures = _paired_us(course_steps, numpy_steps, n)
        print("%-36s %10.1f %10.1f %7.2f %10.1f %10.1f %7.2f %7.2f" % (name, *figures, target))
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
