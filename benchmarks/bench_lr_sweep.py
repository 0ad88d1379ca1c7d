"""A learning-rate sweep: K rates trained in one batched computation (course.sweep) against the
same K trainings run one after another, each in the ordinary session (the way
course.viz's learning-rate widget trains: make_callable, one run per step).

    python benchmarks/bench_lr_sweep.py                # K=32, 5 rounds
    python benchmarks/bench_lr_sweep.py -k 8 --rounds 3 --only pku

Workloads: the PKU 2-3-1 network (batch 8, GD, 300 steps) and Görner's MNIST softmax
(batch 100, GD, 30 steps). The two contenders take turns in each round (which goes first
alternates), both from the same initial weights; before timing, the batched curves are
checked to equal the sequential ones bit for bit. Prints per-round times, medians, the
ratio of medians (sequential / batched: how many times faster the sweep is) and the load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import course as tf  # noqa: E402
from course import sweep  # noqa: E402
from course.viz.presets import (as_model, feed_function, make_optimizer,  # noqa: E402
                                mnist_softmax_model, pku_model)

WORKLOADS = {"pku": (pku_model, 300), "mnist_softmax": (mnist_softmax_model, 30)}


class Workload:
    def __init__(self, model_fn, steps, rates):
        self.steps, self.rates = steps, rates
        self.graph = tf.Graph()
        with self.graph.as_default():
            model = as_model(model_fn())
            self.loss = model.loss
            self.rate = tf.placeholder(tf.float32, [], name="rate")
            self.train = make_optimizer("GradientDescent", self.rate).minimize(self.loss)
        self.feed = feed_function(model.feed)
        self.keys = list(self.feed(0))
        self.session = tf.Session(graph=self.graph)
        variables = self.graph.get_collection("variables")
        self.session.run([v.initializer for v in variables])
        self.start = self.session.run(variables)
        self.variables = variables
        self.step = self.session.make_callable([self.train, self.loss], self.keys + [self.rate])

    def sequential(self):
        curves = np.empty((len(self.rates), self.steps), np.float32)
        with np.errstate(all="ignore"):
            for k, r in enumerate(self.rates):
                for v, value in zip(self.variables, self.start):
                    v.load(value, self.session)
                rate = np.float32(r)
                for i in range(self.steps):
                    values = self.feed(i)
                    curves[k, i] = self.step(*[values[key] for key in self.keys], rate)[1]
        return curves

    def batched(self):
        for v, value in zip(self.variables, self.start):
            v.load(value, self.session)
        return sweep.learning_rates(self.train, self.loss, self.rates, self.steps,
                                    feed_dict=self.feed, session=self.session,
                                    learning_rate=self.rate)


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", type=int, default=32, help="learning rates (copies)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", nargs="*", choices=sorted(WORKLOADS))
    args = parser.parse_args()
    rates = np.geomspace(1e-4, 1e-1, args.k).astype(np.float32)
    summary = []
    for name in args.only or list(WORKLOADS):
        model_fn, steps = WORKLOADS[name]
        work = Workload(model_fn, steps, rates)
        same = np.array_equal(work.batched().view(np.uint32), work.sequential().view(np.uint32))
        print("%s: K=%d, %d steps; batched curves equal the sequential ones bit for bit: %s"
              % (name, args.k, steps, same))
        times = {"sequential": [], "batched": []}
        for round_ in range(args.rounds):
            order = ["sequential", "batched"] if round_ % 2 == 0 else ["batched", "sequential"]
            for contender in order:
                seconds, _ = _timed(getattr(work, contender))
                times[contender].append(seconds)
            print("  round %d: sequential %.3f s, batched %.3f s"
                  % (round_ + 1, times["sequential"][-1], times["batched"][-1]))
        seq, bat = statistics.median(times["sequential"]), statistics.median(times["batched"])
        print("  medians: sequential %.3f s, batched %.3f s, ratio %.1f" % (seq, bat, seq / bat))
        summary.append("%s=%.1f" % (name, seq / bat))
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    print("sweep_speedup k=%d %s" % (args.k, " ".join(summary)))


if __name__ == "__main__":
    os.environ.setdefault("MPLBACKEND", "Agg")
    main()
