"""Tutorial-scale training steps: course against hand-written numpy and, optionally, TensorFlow.

    python benchmarks/bench_models.py                                  # course vs numpy
    python benchmarks/bench_models.py --tf-python /work/tfvenv/bin/python
    python benchmarks/bench_models.py --only goerner_conv lenet5 --rounds 9

Workloads (each a TF1 program written once, below, against a `tf` module argument):
  * softmax        Görner's MNIST softmax 784->10; batch 100, gradient descent
  * goerner_conv   Görner's conv net 3.0: conv 5x5x4 s1, 5x5x8 s2, 4x4x12 s2 (SAME, relu),
                   dense 200, softmax; batch 100, Adam
  * lenet5         LeNet-5: conv 5x5x6 SAME, max_pool 2, conv 5x5x16 VALID, max_pool 2,
                   dense 120, 84, 10; batch 100, Adam
  * mlp_500        the 784-500-10 MLP (relu) with L2 regularization; batch 200, gradient descent
  * goerner_five   Görner's five-layer net 784-200-100-60-30-10 (relu); batch 100, Adam

Contenders are timed alternately in short blocks in the same run (so all see the same load
on a shared machine): course's Session.run, the same step written by hand in numpy (the
floor: the same math without a framework), and, with --tf-python, TensorFlow
(`tf.compat.v1`, graph mode) running the very same program text in a subprocess of that
interpreter, driven block by block over a pipe. Figures are medians of per-block ms/step;
ratios are medians of the per-round ratios. Each workload gets two lines: wall time (what a
learner waits; on a busy machine it includes waiting for a core) and CPU time of the whole
process, all threads (what the step costs; TF spreads its ops over every core, course and the
numpy floor use one BLAS thread when the machine is busy, see course/framework/blas_threads.py).
The load average is printed: other programs' load shows up in every figure. Nothing here
asserts a time.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve()


# -- data ------------------------------------------------------------------------------------
def batches(batch_size, count=10, seed=0):
    """`count` MNIST-shaped batches (images in [0, 1), one-hot labels), the same in every
    process."""
    rng = np.random.RandomState(seed)
    images = rng.rand(batch_size * count, 28, 28, 1).astype(np.float32)
    labels = np.eye(10, dtype=np.float32)[rng.randint(0, 10, batch_size * count)]
    return [(images[i:i + batch_size], labels[i:i + batch_size])
            for i in range(0, batch_size * count, batch_size)]


# -- the TF1 programs (run unchanged by course and by TensorFlow) -----------------------------
def softmax(tf):
    X = tf.placeholder(tf.float32, [None, 28, 28, 1])
    Y_ = tf.placeholder(tf.float32, [None, 10])
    W = tf.Variable(tf.zeros([784, 10]))
    b = tf.Variable(tf.zeros([10]))
    Y = tf.nn.softmax(tf.matmul(tf.reshape(X, [-1, 784]), W) + b)
    loss = -tf.reduce_sum(Y_ * tf.log(Y))
    return X, Y_, loss, tf.train.GradientDescentOptimizer(0.003).minimize(loss), 100


def goerner_conv(tf):
    K, L, M, N = 4, 8, 12, 200
    X = tf.placeholder(tf.float32, [None, 28, 28, 1])
    Y_ = tf.placeholder(tf.float32, [None, 10])
    W1 = tf.Variable(tf.truncated_normal([5, 5, 1, K], stddev=0.1, seed=1))
    B1 = tf.Variable(tf.ones([K]) / 10)
    W2 = tf.Variable(tf.truncated_normal([5, 5, K, L], stddev=0.1, seed=2))
    B2 = tf.Variable(tf.ones([L]) / 10)
    W3 = tf.Variable(tf.truncated_normal([4, 4, L, M], stddev=0.1, seed=3))
    B3 = tf.Variable(tf.ones([M]) / 10)
    W4 = tf.Variable(tf.truncated_normal([7 * 7 * M, N], stddev=0.1, seed=4))
    B4 = tf.Variable(tf.ones([N]) / 10)
    W5 = tf.Variable(tf.truncated_normal([N, 10], stddev=0.1, seed=5))
    B5 = tf.Variable(tf.ones([10]) / 10)
    Y1 = tf.nn.relu(tf.nn.conv2d(X, W1, strides=[1, 1, 1, 1], padding='SAME') + B1)
    Y2 = tf.nn.relu(tf.nn.conv2d(Y1, W2, strides=[1, 2, 2, 1], padding='SAME') + B2)
    Y3 = tf.nn.relu(tf.nn.conv2d(Y2, W3, strides=[1, 2, 2, 1], padding='SAME') + B3)
    YY = tf.reshape(Y3, shape=[-1, 7 * 7 * M])
    Y4 = tf.nn.relu(tf.matmul(YY, W4) + B4)
    Ylogits = tf.matmul(Y4, W5) + B5
    cross_entropy = tf.nn.softmax_cross_entropy_with_logits(logits=Ylogits, labels=Y_)
    loss = tf.reduce_mean(cross_entropy) * 100
    train = tf.train.AdamOptimizer(0.003).minimize(loss)
    return X, Y_, loss, train, 100


def lenet5(tf):
    X = tf.placeholder(tf.float32, [None, 28, 28, 1])
    Y_ = tf.placeholder(tf.float32, [None, 10])

    def weights(shape, seed):
        return tf.Variable(tf.truncated_normal(shape, stddev=0.1, seed=seed))

    def biases(n):
        return tf.Variable(tf.constant(0.1, shape=[n]))

    c1 = tf.nn.relu(tf.nn.conv2d(X, weights([5, 5, 1, 6], 1), [1, 1, 1, 1], 'SAME') + biases(6))
    p1 = tf.nn.max_pool(c1, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')
    c2 = tf.nn.relu(tf.nn.conv2d(p1, weights([5, 5, 6, 16], 2), [1, 1, 1, 1], 'VALID')
                    + biases(16))
    p2 = tf.nn.max_pool(c2, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')
    flat = tf.reshape(p2, [-1, 5 * 5 * 16])
    f1 = tf.nn.relu(tf.matmul(flat, weights([400, 120], 3)) + biases(120))
    f2 = tf.nn.relu(tf.matmul(f1, weights([120, 84], 4)) + biases(84))
    logits = tf.matmul(f2, weights([84, 10], 5)) + biases(10)
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y_))
    train = tf.train.AdamOptimizer(0.001).minimize(loss)
    return X, Y_, loss, train, 100


def mlp_500(tf):
    X = tf.placeholder(tf.float32, [None, 28, 28, 1])
    Y_ = tf.placeholder(tf.float32, [None, 10])
    x = tf.reshape(X, [-1, 784])
    W1 = tf.Variable(tf.truncated_normal([784, 500], stddev=0.1, seed=1))
    b1 = tf.Variable(tf.constant(0.1, shape=[500]))
    W2 = tf.Variable(tf.truncated_normal([500, 10], stddev=0.1, seed=2))
    b2 = tf.Variable(tf.constant(0.1, shape=[10]))
    hidden = tf.nn.relu(tf.matmul(x, W1) + b1)
    logits = tf.matmul(hidden, W2) + b2
    cross_entropy = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
        logits=logits, labels=tf.argmax(Y_, 1)))
    loss = cross_entropy + 0.0001 * (tf.nn.l2_loss(W1) + tf.nn.l2_loss(W2))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    return X, Y_, loss, train, 200


def goerner_five(tf):
    X = tf.placeholder(tf.float32, [None, 28, 28, 1])
    Y_ = tf.placeholder(tf.float32, [None, 10])
    sizes = [784, 200, 100, 60, 30, 10]
    Y = tf.reshape(X, [-1, 784])
    for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
        W = tf.Variable(tf.truncated_normal([a, b], stddev=0.1, seed=i + 1))
        B = tf.Variable(tf.ones([b]) / 10)
        Y = tf.matmul(Y, W) + B
        if b != 10:
            Y = tf.nn.relu(Y)
    cross_entropy = tf.nn.softmax_cross_entropy_with_logits(logits=Y, labels=Y_)
    loss = tf.reduce_mean(cross_entropy) * 100
    train = tf.train.AdamOptimizer(0.003).minimize(loss)
    return X, Y_, loss, train, 100


PROGRAMS = {"softmax": softmax, "goerner_conv": goerner_conv, "lenet5": lenet5, "mlp_500": mlp_500,
            "goerner_five": goerner_five}
TITLES = {"softmax": "MNIST softmax 784->10 (batch 100, GD)",
          "goerner_conv": "Görner conv net 3.0 (batch 100, Adam)",
          "lenet5": "LeNet-5 (batch 100, Adam)",
          "mlp_500": "784-500-10 MLP (batch 200, GD, L2)",
          "goerner_five": "Görner five layers (batch 100, Adam)"}


def training_step(tf, name):
    """Build `name`'s program in a fresh graph; return step(i) running the i-th training step
    (on batch i % 10) and the loss tensor."""
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(0)
        X, Y_, loss, train, batch_size = PROGRAMS[name](tf)
        sess = tf.Session(graph=graph)
        sess.run(tf.global_variables_initializer())
    data = batches(batch_size)

    def step(i, fetch=train):
        images, labels = data[i % len(data)]
        return sess.run(fetch, feed_dict={X: images, Y_: labels})
    return step, loss, train


def session_steps(tf, name):
    """`name`'s steps(n) (n training steps), and the loss after 5 steps."""
    step, loss, train = training_step(tf, name)

    def steps(n):
        for i in range(n):
            step(i)
    steps(4)
    return steps, float(step(0, [loss, train])[0])


# -- the same steps in hand-written numpy ------------------------------------------------------
class Adam:
    """Adam as tf.train.AdamOptimizer applies it (in place, float32)."""

    def __init__(self, params, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        self.params, self.lr, self.b1, self.b2, self.eps = params, lr, beta1, beta2, eps
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.t = 0

    def apply(self, grads):
        self.t += 1
        lr = np.float32(self.lr * math.sqrt(1 - self.b2 ** self.t) / (1 - self.b1 ** self.t))
        for p, g, m, v in zip(self.params, grads, self.m, self.v):
            m += (g - m) * np.float32(1 - self.b1)
            v += (g * g - v) * np.float32(1 - self.b2)
            p -= lr * m / (np.sqrt(v) + np.float32(self.eps))


def _init(shape, rng):
    return (rng.randn(*shape) * 0.1).astype(np.float32)


def _pads(size, k, stride, padding):
    if padding == "VALID":
        return (size - k) // stride + 1, 0, 0
    out = -(-size // stride)
    total = max((out - 1) * stride + k - size, 0)
    return out, total // 2, total - total // 2


def _padded(x, top, bottom, left, right):
    if not (top or bottom or left or right):
        return x
    n, h, w, c = x.shape
    out = np.zeros((n, h + top + bottom, w + left + right, c), x.dtype)
    out[:, top:top + h, left:left + w] = x
    return out


def conv_forward(x, w, stride, padding):
    """NHWC x HWIO cross-correlation: im2col on a strided view (channel-major when that gives
    numpy longer runs to copy), one GEMM. Returns (y, cols, channel_major)."""
    n, h, wd, c = x.shape
    kh, kw, _, o = w.shape
    oh, top, bottom = _pads(h, kh, stride, padding)
    ow, left, right = _pads(wd, kw, stride, padding)
    xp = _padded(x, top, bottom, left, right)
    sn, sh, sw, sc = xp.strides
    m, k = n * oh * ow, kh * kw * c
    if kw * c >= ow:
        cols = np.lib.stride_tricks.as_strided(
            xp, (n, oh, ow, kh, kw, c), (sn, sh * stride, sw * stride, sh, sw, sc)).reshape(m, k)
        return (cols @ w.reshape(k, o)).reshape(n, oh, ow, o), cols, False
    cols = np.lib.stride_tricks.as_strided(
        xp, (kh, kw, c, n, oh, ow), (sh, sw, sc, sn, sh * stride, sw * stride)).reshape(k, m)
    return (cols.T @ w.reshape(k, o)).reshape(n, oh, ow, o), cols, True


def conv_backward(dy, cols, channel_major, x_shape, w, stride, padding, need_dx=True):
    """(dx, dw): dw is one GEMM with the forward's cols; dx a GEMM then col2im as a sum over
    the kernel offsets, channel-major when the channels are fewer than the output columns."""
    n, h, wd, c = x_shape
    kh, kw, _, o = w.shape
    dy2 = dy.reshape(-1, o)
    w2 = w.reshape(-1, o)
    dw = ((cols @ dy2) if channel_major else (cols.T @ dy2)).reshape(w.shape)
    if not need_dx:
        return None, dw
    oh, ow = dy.shape[1:3]
    _, top, bottom = _pads(h, kh, stride, padding)
    _, left, right = _pads(wd, kw, stride, padding)
    rows, columns = (oh - 1) * stride + 1, (ow - 1) * stride + 1
    if c >= ow:
        dcols = (dy2 @ w2.T).reshape(n, oh, ow, kh, kw, c)
        dx = np.zeros((n, h + top + bottom, wd + left + right, c), np.float32)
        for i in range(kh):
            for j in range(kw):
                dx[:, i:i + rows:stride, j:j + columns:stride] += dcols[:, :, :, i, j]
        return np.ascontiguousarray(dx[:, top:top + h, left:left + wd]), dw
    dcols = (w2 @ dy2.T).reshape(kh, kw, c, n, oh, ow)
    dx = np.zeros((c, n, h + top + bottom, wd + left + right), np.float32)
    for i in range(kh):
        for j in range(kw):
            dx[:, :, i:i + rows:stride, j:j + columns:stride] += dcols[i, j]
    return np.ascontiguousarray(dx[:, :, top:top + h, left:left + wd].transpose(1, 2, 3, 0)), dw


def max_pool_2x2(x):
    """2x2 stride-2 max pool on a free reshape; returns (y, x's windows view)."""
    n, h, w, c = x.shape
    quads = x.reshape(n, h // 2, 2, w // 2, 2, c)
    return np.maximum(np.maximum(quads[:, :, 0, :, 0], quads[:, :, 0, :, 1]),
                      np.maximum(quads[:, :, 1, :, 0], quads[:, :, 1, :, 1])), quads


def max_pool_2x2_backward(dy, y, quads):
    """Each window's gradient to its first maximum (TF's rule)."""
    dx = np.zeros(quads.shape, np.float32)
    unclaimed = np.ones(y.shape, bool)
    for i in range(2):
        for j in range(2):
            hit = quads[:, :, i, :, j] == y
            hit &= unclaimed
            unclaimed &= ~hit
            np.copyto(dx[:, :, i, :, j], dy, where=hit)
    n, oh, _, ow, _, c = quads.shape
    return dx.reshape(n, oh * 2, ow * 2, c)


def softmax_xent_grad(logits, labels, scale):
    """Mean softmax cross-entropy * scale, and its gradient wrt the logits."""
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    s = e.sum(axis=1, keepdims=True)
    loss = (labels * (np.log(s) - z)).sum() / len(z) * scale
    return loss, (e / s - labels) * np.float32(scale / len(z))


def dense_backward(dy, x, w):
    return dy @ w.T, x.T @ dy, dy.sum(axis=0)


def numpy_softmax():
    w, b = np.zeros((784, 10), np.float32), np.zeros(10, np.float32)
    lr = np.float32(0.003)
    data = batches(100)

    def steps(n):
        for i in range(n):
            images, labels = data[i % len(data)]
            x = images.reshape(-1, 784)
            _, d = softmax_xent_grad(x @ w + b, labels, 100)   # -sum = 100 * mean
            w[...] -= lr * (x.T @ d)
            b[...] -= lr * d.sum(axis=0)
    return steps


def numpy_goerner_conv():
    rng = np.random.RandomState(0)
    ws = [_init(s, rng) for s in ([5, 5, 1, 4], [5, 5, 4, 8], [4, 4, 8, 12], [588, 200],
                                  [200, 10])]
    bs = [np.full(s, 0.1, np.float32) for s in (4, 8, 12, 200, 10)]
    adam = Adam(ws + bs, 0.003)
    data = batches(100)
    convs = ((1, True), (2, True), (2, True))

    def steps(n):
        for i in range(n):
            x, labels = data[i % len(data)]
            acts, caches = [x], []
            for (stride, _), w, b in zip(convs, ws, bs):
                y, cols, channel_major = conv_forward(acts[-1], w, stride, "SAME")
                acts.append(np.maximum(y + b, 0))
                caches.append((cols, channel_major))
            flat = acts[-1].reshape(-1, 588)
            h4 = np.maximum(flat @ ws[3] + bs[3], 0)
            logits = h4 @ ws[4] + bs[4]
            _, d = softmax_xent_grad(logits, labels, 100)
            d, gw5, gb5 = dense_backward(d, h4, ws[4])
            d = d * (h4 > 0)
            d, gw4, gb4 = dense_backward(d, flat, ws[3])
            d = d.reshape(acts[-1].shape)
            gws, gbs = [None] * 3, [None] * 3
            for k in (2, 1, 0):
                d = d * (acts[k + 1] > 0)
                gbs[k] = d.sum(axis=(0, 1, 2))
                d, gws[k] = conv_backward(d, *caches[k], acts[k].shape, ws[k], convs[k][0],
                                          "SAME", need_dx=k > 0)
            adam.apply(gws + [gw4, gw5] + gbs + [gb4, gb5])
    return steps


def numpy_lenet5():
    rng = np.random.RandomState(0)
    ws = [_init(s, rng) for s in ([5, 5, 1, 6], [5, 5, 6, 16], [400, 120], [120, 84], [84, 10])]
    bs = [np.full(s, 0.1, np.float32) for s in (6, 16, 120, 84, 10)]
    adam = Adam(ws + bs, 0.001)
    data = batches(100)

    def steps(n):
        for i in range(n):
            x, labels = data[i % len(data)]
            y1, *cache1 = conv_forward(x, ws[0], 1, "SAME")
            c1 = np.maximum(y1 + bs[0], 0)
            p1, quads1 = max_pool_2x2(c1)
            y2, *cache2 = conv_forward(p1, ws[1], 1, "VALID")
            c2 = np.maximum(y2 + bs[1], 0)
            p2, quads2 = max_pool_2x2(c2)
            flat = p2.reshape(-1, 400)
            f1 = np.maximum(flat @ ws[2] + bs[2], 0)
            f2 = np.maximum(f1 @ ws[3] + bs[3], 0)
            logits = f2 @ ws[4] + bs[4]
            _, d = softmax_xent_grad(logits, labels, 1)
            d, gw5, gb5 = dense_backward(d, f2, ws[4])
            d, gw4, gb4 = dense_backward(d * (f2 > 0), f1, ws[3])
            d, gw3, gb3 = dense_backward(d * (f1 > 0), flat, ws[2])
            d = max_pool_2x2_backward(d.reshape(p2.shape), p2, quads2) * (c2 > 0)
            gb2 = d.sum(axis=(0, 1, 2))
            d, gw2 = conv_backward(d, *cache2, p1.shape, ws[1], 1, "VALID")
            d = max_pool_2x2_backward(d, p1, quads1) * (c1 > 0)
            gb1 = d.sum(axis=(0, 1, 2))
            _, gw1 = conv_backward(d, *cache1, x.shape, ws[0], 1, "SAME", need_dx=False)
            adam.apply([gw1, gw2, gw3, gw4, gw5, gb1, gb2, gb3, gb4, gb5])
    return steps


def numpy_mlp_500():
    rng = np.random.RandomState(0)
    w1, w2 = _init([784, 500], rng), _init([500, 10], rng)
    b1, b2 = np.full(500, 0.1, np.float32), np.full(10, 0.1, np.float32)
    lr, decay = np.float32(0.1), np.float32(0.0001)
    data = batches(200)

    def steps(n):
        for i in range(n):
            images, labels = data[i % len(data)]
            x = images.reshape(-1, 784)
            h = np.maximum(x @ w1 + b1, 0)
            logits = h @ w2 + b2
            _, d = softmax_xent_grad(logits, labels, 1)
            dh, gw2, gb2 = dense_backward(d, h, w2)
            _, gw1, gb1 = dense_backward(dh * (h > 0), x, w1)
            for p, g in ((w1, gw1 + decay * w1), (w2, gw2 + decay * w2), (b1, gb1), (b2, gb2)):
                p -= lr * g
    return steps


def numpy_goerner_five():
    rng = np.random.RandomState(0)
    sizes = [784, 200, 100, 60, 30, 10]
    ws = [_init([a, b], rng) for a, b in zip(sizes, sizes[1:])]
    bs = [np.full(b, 0.1, np.float32) for b in sizes[1:]]
    adam = Adam(ws + bs, 0.003)
    data = batches(100)

    def steps(n):
        for i in range(n):
            images, labels = data[i % len(data)]
            acts = [images.reshape(-1, 784)]
            for k, (w, b) in enumerate(zip(ws, bs)):
                y = acts[-1] @ w + b
                acts.append(np.maximum(y, 0) if k < 4 else y)
            _, d = softmax_xent_grad(acts[-1], labels, 100)
            gws, gbs = [None] * 5, [None] * 5
            for k in (4, 3, 2, 1, 0):
                if k < 4:
                    d = d * (acts[k + 1] > 0)
                d, gws[k], gbs[k] = dense_backward(d, acts[k], ws[k])
            adam.apply(gws + gbs)
    return steps


NUMPY = {"softmax": numpy_softmax, "goerner_conv": numpy_goerner_conv, "lenet5": numpy_lenet5, "mlp_500": numpy_mlp_500,
         "goerner_five": numpy_goerner_five}


# -- TensorFlow in a subprocess ---------------------------------------------------------------
def tf_worker(name):
    """Run inside the TF interpreter: build `name`, then time blocks of steps on request."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
    steps, first_loss = session_steps(tf, name)
    print(json.dumps({"ready": first_loss}), flush=True)
    for line in sys.stdin:
        n = int(line)
        if n <= 0:
            break
        start, start_cpu = time.perf_counter(), time.process_time()
        steps(n)
        print(json.dumps({"seconds": time.perf_counter() - start,
                          "cpu": time.process_time() - start_cpu}), flush=True)


class TfContender:
    """Steps of `name` in TensorFlow, in a subprocess of `tf_python`, one block per call."""

    def __init__(self, tf_python, name):
        self.proc = subprocess.Popen([tf_python, str(HERE), "--tf-worker", name],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                     stderr=subprocess.DEVNULL)
        reply = self.proc.stdout.readline()
        if not reply:
            raise RuntimeError("the TensorFlow worker for %s did not start" % name)
        self.first_loss = json.loads(reply)["ready"]

    def timed(self, n):
        self.proc.stdin.write("%d\n" % n)
        self.proc.stdin.flush()
        reply = json.loads(self.proc.stdout.readline())
        return reply["seconds"], reply["cpu"]

    def close(self):
        self.proc.stdin.write("0\n")
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def _local_timer(steps):
    def timed(n):
        start, start_cpu = time.perf_counter(), time.process_time()
        steps(n)
        return time.perf_counter() - start, time.process_time() - start_cpu
    return timed


def compare(contenders, block, rounds):
    """Per-block (wall, CPU) ms/step of each contender, the contenders alternating within each
    round. CPU time is the process's (all its threads): what the step costs, whatever else the
    machine runs; wall time is what a learner waits."""
    for timed in contenders.values():
        timed(max(1, block // 2))           # warm caches and allocators
    wall, cpu = {k: [] for k in contenders}, {k: [] for k in contenders}
    for _ in range(rounds):
        for k, timed in contenders.items():
            seconds, cpu_seconds = timed(block)
            wall[k].append(seconds / block * 1e3)
            cpu[k].append(cpu_seconds / block * 1e3)
    return wall, cpu


def _ratio(times, a, b):
    return statistics.median(x / y for x, y in zip(times[a], times[b]))


BLOCKS = {"softmax": 200, "goerner_conv": 10, "lenet5": 10, "mlp_500": 20, "goerner_five": 40}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tf-python", help="a Python interpreter with tensorflow installed")
    parser.add_argument("--only", nargs="*", choices=sorted(PROGRAMS), help="workloads to run")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--tf-worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.tf_worker:
        tf_worker(args.tf_worker)
        return 0
    sys.path.insert(0, str(HERE.parent.parent))
    import course

    names = args.only or list(PROGRAMS)
    print("%-38s %-4s %8s %8s %8s %7s %7s" % ("workload (ms/step, medians)", "", "course",
                                             "numpy", "TF", "/numpy", "/TF"))
    for name in names:
        course_steps, course_loss = session_steps(course, name)
        contenders = {"course": _local_timer(course_steps),
                      "numpy": _local_timer(NUMPY[name]())}
        tf = TfContender(args.tf_python, name) if args.tf_python else None
        if tf is not None:
            contenders["TF"] = tf.timed
        try:
            measured = compare(contenders, BLOCKS[name], args.rounds)
        finally:
            if tf is not None:
                tf.close()
        for kind, times in zip(("wall", "CPU"), measured):
            med = {k: statistics.median(v) for k, v in times.items()}
            line = "%-38s %-4s %8.2f %8.2f" % (TITLES[name] if kind == "wall" else "", kind,
                                               med["course"], med["numpy"])
            if tf is not None:
                line += " %8.2f %7.2f %7.2f" % (med["TF"], _ratio(times, "course", "numpy"),
                                                _ratio(times, "course", "TF"))
            else:
                line += " %8s %7.2f %7s" % ("-", _ratio(times, "course", "numpy"), "-")
            print(line, flush=True)
        if tf is not None and not math.isclose(course_loss, tf.first_loss, rel_tol=1e-3):
            print("  loss after 5 steps differs: course %.6g, TF %.6g" % (course_loss,
                                                                        tf.first_loss))
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
