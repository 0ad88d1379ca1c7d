"""Soak test: does a long run keep its memory flat? (issue 16's endurance targets)

    python benchmarks/soak.py            # the full counts, several minutes
    python benchmarks/soak.py --scale 0.1

Prints the resident memory (RSS, from /proc/self/status) growth of three long runs, each
measured from after a short warm-up (first plans built, first buffers allocated) to the end:

* 200,000 ``sess.run(train_step)`` of a small network ............... target <= 10 MB
* 100,000 ``add_summary`` of a merged scalar + histogram summary ..... target <= 50 MB
  (event file written to a temporary directory; the in-memory record is bounded per tag)
* 1,000 ``FileWriter(logdir, graph=g).close()``, each g a new graph of 600 ops holding a
  4 MB constant ........................................................ target <= 20 MB

Not a unit test: it takes minutes and measures the process. tests/ assert the behaviours
behind these figures (bounded history, no graph kept by a closed FileWriter, bounded plans).
"""
import argparse
import gc
import os
import shutil
import subprocess
import tempfile
import time

import numpy as np

import course as tf


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError("no VmRSS in /proc/self/status")


def measure(name, target_mb, warm_up, body, n):
    """Run ``warm_up`` then ``body(n)``; print the RSS growth over body."""
    warm_up()
    gc.collect()
    before = rss_mb()
    start = time.perf_counter()
    body(n)
    gc.collect()
    grown = rss_mb() - before
    seconds = time.perf_counter() - start
    verdict = "ok" if grown <= target_mb else "OVER"
    print("%-48s %9d  %+8.1f MB  (target <= %d MB: %s)  %6.1f s"
          % (name, n, grown, target_mb, verdict, seconds), flush=True)
    return grown


def training_steps(n):
    tf.reset_default_graph()
    tf.set_random_seed(1)
    x = tf.placeholder(tf.float32, [None, 2])
    y = tf.placeholder(tf.float32, [None, 1])
    hidden = tf.layers.dense(x, 3, activation=tf.nn.relu)
    loss = tf.reduce_mean(tf.square(tf.layers.dense(hidden, 1) - y))
    train_step = tf.train.AdamOptimizer(0.001).minimize(loss)
    rng = np.random.RandomState(0)
    batch = {x: rng.rand(8, 2).astype(np.float32), y: rng.rand(8, 1).astype(np.float32)}
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())

    def run(steps):
        for _ in range(steps):
            sess.run(train_step, batch)
    return measure("sess.run(train_step)", 10, lambda: run(2000), run, n)


def summaries(n):
    tf.reset_default_graph()
    w = tf.Variable(tf.random_normal([30, 10], seed=1))
    loss = tf.reduce_sum(tf.square(w))
    step = tf.assign_sub(w, 1e-4 * w)
    merged = tf.summary.merge([tf.summary.scalar("loss", loss), tf.summary.histogram("w", w)])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    logdir = tempfile.mkdtemp(prefix="soak-summaries-")
    writer = tf.summary.FileWriter(logdir)
    counter = [0]

    def run(steps):
        for _ in range(steps):
            _, s = sess.run([step, merged])
            writer.add_summary(s, counter[0])
            counter[0] += 1
    try:
        return measure("add_summary(scalar + histogram)", 50, lambda: run(2000), run, n)
    finally:
        writer.close()
        size = sum(os.path.getsize(os.path.join(logdir, f)) for f in os.listdir(logdir))
        kept = tf.summary.history(logdir)
        print("    event file %.1f MB on disk; in memory: %d scalar points, %d histograms"
              % (size / 2**20, len(kept.scalars["loss"]), len(kept.histograms["w"])))
        shutil.rmtree(logdir)


def sizeable_graph():
    graph = tf.Graph()
    with graph.as_default():
        big = tf.constant(np.zeros(1 << 20, np.float32))            # 4 MB held by the graph
        h = tf.reduce_sum(big)
        for i in range(300):
            h = tf.tanh(h * float(i)) + 1.0
    return graph


def file_writer_cycles(n):
    logdir = tempfile.mkdtemp(prefix="soak-graphs-")

    def run(cycles):
        for _ in range(cycles):
            tf.summary.FileWriter(logdir, graph=sizeable_graph()).close()
    try:
        return measure("FileWriter(graph=4 MB graph, 600 ops).close()", 20, lambda: run(10),
                       run, n)
    finally:
        shutil.rmtree(logdir)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full counts")
    args = parser.parse_args()
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    print("%-48s %9s  %11s" % ("run", "count", "RSS growth"))
    training_steps(int(200_000 * args.scale))
    summaries(int(100_000 * args.scale))
    file_writer_cycles(int(1_000 * args.scale))
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
