"""Step times under contention: course's BLAS thread policy against OpenBLAS's own threading.

    python benchmarks/bench_contention.py
    python benchmarks/bench_contention.py --steps 300 --only softmax mlp_500

Each policy runs in its own process (the thread count is process-wide): COURSE_BLAS_THREADS
'1' (course's default, see course/framework/blas_threads.py), 'auto' (one thread for small
products, and for large ones while the machine is busy) and 'off' (OpenBLAS spreads every
product over all cores). Per workload, two phases: the machine as it is, then with one
competing busy process started here (a pure-Python spin loop that ends by itself after
--competitor-seconds and is killed when the phase ends). Within a phase the two processes
take turns, a block of steps each, every step timed on its own (wall and process CPU time).
Prints p50 and p90 per step and p90/p50 (the target under contention: p90/p50 <= 1.5), and
the load average. Nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parent))

from bench_models import PROGRAMS, TITLES, training_step  # noqa: E402


def worker(name):
    """In a policy's process: build `name`, then time blocks of single steps on request."""
    sys.path.insert(0, str(HERE.parent.parent))
    import course

    step, _, _ = training_step(course, name)
    for i in range(10):
        step(i)
    print("ready", flush=True)
    count = 10
    for line in sys.stdin:
        n = int(line)
        if n <= 0:
            break
        wall, cpu = [], []
        for _ in range(n):
            start, start_cpu = time.perf_counter(), time.process_time()
            step(count)
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            count += 1
        print(json.dumps({"wall": wall, "cpu": cpu}), flush=True)


class Policy:
    def __init__(self, setting, name):
        env = dict(os.environ, COURSE_BLAS_THREADS=setting)
        env.pop("OPENBLAS_NUM_THREADS", None)
        self.proc = subprocess.Popen([sys.executable, str(HERE), "--worker", name], env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError("the %s worker did not start" % setting)

    def block(self, n):
        self.proc.stdin.write("%d\n" % n)
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self):
        self.proc.stdin.write("0\n")
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def competitor(seconds):
    return subprocess.Popen([sys.executable, "-c",
                             "import time\nend = time.time() + %f\nwhile time.time() < end: pass"
                             % seconds])


def measure(policies, steps, block):
    times = {k: {"wall": [], "cpu": []} for k in policies}
    while min(len(t["wall"]) for t in times.values()) < steps:
        for setting, policy in policies.items():
            reply = policy.block(block)
            for kind in ("wall", "cpu"):
                times[setting][kind] += reply[kind]
    return times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(PROGRAMS))
    parser.add_argument("--steps", type=int, default=200,
                        help="timed steps per policy and phase")
    parser.add_argument("--block", type=int, default=10)
    # OpenBLAS's threads spin for a while after a product: in turns, an 'off' process's
    # spinning threads also take cores from the next policy's block. One policy alone shows
    # that policy's own steadiness.
    parser.add_argument("--policies", nargs="+", default=["1", "auto", "off"],
                        choices=["1", "auto", "off"])
    parser.add_argument("--competitor-seconds", type=float, default=300.0)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker)
        return 0
    print("%-38s %-8s %-5s %9s %9s %8s %9s %9s" % ("workload (ms/step)", "phase", "BLAS",
                                                   "wall p50", "wall p90", "p90/p50",
                                                   "CPU p50", "CPU p90"))
    for name in args.only or ["softmax", "mlp_500", "goerner_five", "goerner_conv"]:
        policies = {setting: Policy(setting, name) for setting in args.policies}
        try:
            for phase in ("as is", "+1 busy"):
                busy = competitor(args.competitor_seconds) if phase == "+1 busy" else None
                try:
                    if busy is not None:
                        time.sleep(0.3)
                    times = measure(policies, args.steps, args.block)
                finally:
                    if busy is not None:
                        busy.kill()
                        busy.wait()
                for setting, t in times.items():
                    wall = np.percentile(t["wall"], [50, 90]) * 1e3
                    cpu = np.percentile(t["cpu"], [50, 90]) * 1e3
                    print("%-38s %-8s %-5s %9.3f %9.3f %8.2f %9.3f %9.3f" % (
                        TITLES[name], phase, setting, wall[0], wall[1], wall[1] / wall[0],
                        cpu[0], cpu[1]), flush=True)
        finally:
            for policy in policies.values():
                policy.close()
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
