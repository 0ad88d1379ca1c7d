"""How fast the lessons' sliders answer, measured in Python (the kernel's side of a slider move).

    python benchmarks/bench_lr_slider.py            # 9 moves per slider
    python benchmarks/bench_lr_slider.py -n 15 --only pku race

Sliders: the learning rate of the PKU preset (lesson 02) and of the MNIST softmax preset
(lesson 03), the learning-rate factor of the optimizer race on Beale's function (lesson
04), and lesson 01's weight-decay slider (its cells run first, up to the slider, as in
the notebook). Each move sets the slider's value to one not seen before, as a learner
dragging it does; a value seen before is answered from memory and is not timed here.

For each move: the time until the first new picture is handed to the Output widget (a
long training shows its first part after course.viz.presets.FIRST_PART_AFTER), and until
the complete picture. Prints medians and the load average, and ends with one line of the
first-picture medians:
    slider_ms pku=<median> mnist_softmax=<median> race=<median> weight_decay=<median>
The browser adds the trip to the page (benchmarks/bench_slider_browser.py measures that).
Targets: 100 ms for PKU and the race, 250 ms for MNIST softmax and weight decay.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("MPLBACKEND", "Agg")


class PictureClock:
    """Timestamps of the pictures handed to Output widgets (course.viz's show_in), and of
    those `note()` is called for (an Image widget's new value)."""

    def __init__(self):
        from course.viz.drawing import display

        self.times = []
        shown = display.show_in

        def timed_show_in(*args, **kwargs):
            shown(*args, **kwargs)
            self.note()
        display.show_in = timed_show_in

    def note(self, _change=None):
        self.times.append(time.perf_counter())

    def move(self, set_value):
        """(ms to the first picture, ms to the last) after set_value()."""
        self.times.clear()
        start = time.perf_counter()
        set_value()
        end = time.perf_counter()
        first = self.times[0] if self.times else end
        return (first - start) * 1e3, (end - start) * 1e3


def log_spaced(low, high, n):
    return [low * (high / low) ** (i / max(n - 1, 1)) for i in range(n)]


def lr_moves(clock, preset, rates):
    import course.viz as viz

    experiment = viz.lr_experiment(preset=preset)
    return [clock.move(lambda r=r: setattr(experiment.lr_slider, "value", r)) for r in rates]


def race_moves(clock, factors):
    import course.viz as viz

    box = viz.optimizer_race("beale").widget()
    box.layer.observe(clock.note, names="value")      # its frames go to an Image widget
    return [clock.move(lambda f=f: setattr(box.lr_slider, "value", f)) for f in factors]


def weight_decay_moves(n):
    """Lesson 01 run up to its weight-decay slider (the lesson's own cells), then the slider
    moved (its picture goes to an Image widget: the whole move is the new picture)."""
    source = (REPO / "lessons" / "src" / "01_loss_and_optimizers.py").read_text()
    source = re.sub(r"^%.*$", "", source, flags=re.M)           # IPython magics
    end = "widgets.VBox([decay_slider, decay_image])"
    source = source[:source.index(end) + len(end)]
    namespace = {"__name__": "lesson_01"}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(source, "lessons/src/01_loss_and_optimizers.py", "exec"), namespace)
    slider, decays = namespace["decay_slider"], namespace["DECAYS"]
    moves = []
    for decay in (decays[1:] * 2)[:n]:
        start = time.perf_counter()
        slider.value = decay
        ms = (time.perf_counter() - start) * 1e3
        moves.append((ms, ms))
    return moves


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=9, help="slider moves per slider")
    parser.add_argument("--only", nargs="*",
                        choices=["pku", "mnist_softmax", "race", "weight_decay"])
    args = parser.parse_args(argv)
    clock = PictureClock()
    jobs = {
        "pku": lambda: lr_moves(clock, "pku", log_spaced(0.0011, 0.09, args.n)),
        "mnist_softmax": lambda: lr_moves(clock, "mnist_softmax",
                                          log_spaced(0.00021, 0.009, args.n)),
        "race": lambda: race_moves(clock, log_spaced(0.31, 3.1, args.n)),
        "weight_decay": lambda: weight_decay_moves(args.n),
    }
    medians = {}
    print("%-14s %6s %18s %18s" % ("slider", "moves", "first picture ms", "whole picture ms"))
    for name in args.only or list(jobs):
        moves = jobs[name]()
        first = statistics.median(m[0] for m in moves)
        whole = statistics.median(m[1] for m in moves)
        medians[name] = first
        print("%-14s %6d %18.0f %18.0f" % (name, len(moves), first, whole), flush=True)
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    print("slider_ms " + " ".join("%s=%.0f" % (k, v) for k, v in medians.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
