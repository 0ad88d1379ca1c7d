"""Step times under contention: the BLAS thread policy against OpenBLAS's own threading.

    python benchmarks/bench_contention.py
    python benchmarks/bench_contention.py --steps 300 --only softmax mlp_500

For each workload, two phases: the machine as it is, then with one competing busy process
(started here, a pure-Python spin loop that ends by itself after --competitor-seconds and is
stopped when the phase ends). In each phase the policy ('auto', course's default) and
'off' (OpenBLAS spreads every product over all cores) alternate in short blocks; every step
is timed on its own. Prints p50 and p90 per step and p90/p50 (the target under contention is
p90/p50 <= 1.5), and the load average. Nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE.parent))

import course as tf  # noqa: E402
from course.framework import blas_threads  # noqa: E402
from bench_models import PROGRAMS, TITLES, training_step  # noqa: E402


def one_step_timer(name):
    step, _, _ = training_step(tf, name)
    count = [0]

    def timed():
        count[0] += 1
        start = time.perf_counter()
        step(count[0])
        return time.perf_counter() - start
    return timed


def competitor(seconds):
    return subprocess.Popen([sys.executable, "-c",
                             "import time\nend = time.time() + %f\nwhile time.time() < end: pass"
                             % seconds])


def measure(step, steps, block):
    """Per-step seconds for each policy, the policies alternating every `block` steps."""
    times = {"auto": [], "off": []}
    while len(times["off"]) < steps:
        for setting in times:
            blas_threads.configure(setting)
            step()                              # the first step after a switch is not timed
            times[setting] += [step() for _ in range(block)]
    blas_threads.configure("auto")
    return times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(PROGRAMS))
    parser.add_argument("--steps", type=int, default=200, help="timed steps per policy and phase")
    parser.add_argument("--block", type=int, default=10)
    parser.add_argument("--competitor-seconds", type=float, default=120.0)
    args = parser.parse_args(argv)
    print("%-40s %-12s %-5s %9s %9s %8s" % ("workload", "phase", "BLAS", "p50 ms", "p90 ms",
                                             "p90/p50"))
    for name in args.only or ["softmax", "mlp_500", "goerner_five", "goerner_conv"]:
        step = one_step_timer(name)
        for _ in range(10):
            step()
        for phase in ("as is", "+1 busy"):
            busy = competitor(args.competitor_seconds) if phase == "+1 busy" else None
            try:
                if busy is not None:
                    time.sleep(0.2)
                times = measure(step, args.steps, args.block)
            finally:
                if busy is not None:
                    busy.kill()
                    busy.wait()
            for setting, values in times.items():
                p50 = np.percentile(values, 50) * 1e3
                p90 = np.percentile(values, 90) * 1e3
                print("%-40s %-12s %-5s %9.3f %9.3f %8.2f" % (TITLES[name], phase, setting, p50,
                                                             p90, p90 / p50), flush=True)
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
