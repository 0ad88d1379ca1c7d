"""The common tutorial's LSTM classifier of MNIST rows (aymericdamien-style
recurrent_network.py), run as a script with ``import course as tf`` and
``from course.contrib import rnn``: it prints what TF's prints and lands in TF's accuracy band
(golden/rnn.json "tutorial": the same script under TF 2.21, several runs)."""
import re

from golden_files import load_golden
from rnn_programs import COURSE_IMPORTS, run_tutorial, tutorial_accuracy

TF_RUNS = load_golden("rnn")["tutorial"]


def _shape_of(printed):
    """The printed lines with their numbers blanked: what the program says, not its digits."""
    return [re.sub(r"\d+\.\d+", "#", line) for line in printed.strip().splitlines()]


def test_the_tutorial_runs_unchanged_and_reaches_tensorflows_accuracy_band():
    printed = run_tutorial(COURSE_IMPORTS)
    assert _shape_of(printed) == _shape_of(TF_RUNS[0]["printed"])
    assert printed.splitlines()[1].startswith("Step 100, Minibatch Loss=")
    accuracy = tutorial_accuracy(printed)
    band = [run["accuracy"] for run in TF_RUNS]
    assert min(band) > 0.85, "TF's own runs should learn the task"
    assert min(band) - 0.04 <= accuracy <= max(band) + 0.04, (accuracy, band)
