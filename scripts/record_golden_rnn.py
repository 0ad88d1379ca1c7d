"""Record TensorFlow's recurrent-network numbers into golden/rnn.json.

Run with the TensorFlow venv (never imported by `course` or its tests; TF 2.16+ needs
TF_USE_LEGACY_KERAS=1 and tf_keras for tf.compat.v1.nn.rnn_cell):

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python scripts/record_golden_rnn.py

The programs are written once, in tests/support/rnn_programs.py, and run here with TF and in
tests/layers/test_rnn_golden.py with course:
  * cells: every cell (BasicRNN, BasicLSTM with tuple and concatenated state, LSTM plain and with
    peepholes + projection + clipping, GRU, MultiRNNCell, DropoutWrapper with a seed and with the
    graph seed) run by static_rnn and dynamic_rnn (with sequence_length, time-major with an
    initial state), and the two bidirectional functions: variable names and initial values,
    outputs, final states, and the gradients of a weighted sum of both (input and variables);
  * mnist_lstm: 20 Adam steps of the tutorial LSTM classifier on MNIST rows (bundled subset,
    seeded batches): loss per step, final kernel, test accuracy;
  * mnist_lstm_band: the same program trained for 300 steps (test accuracy every 100 steps):
    the band course's run must land in;
  * gru_regression: 20 Adam steps of a GRU sequence regression (dynamic_rnn + tf.layers.dense);
  * tutorial: the tutorial script run as text (rnn_programs.TUTORIAL_PROGRAM), TUTORIAL_RUNS
    times: what it printed and its test accuracy. Its kernel initializer is TF 2.21's
    unseedable default, so the runs differ: together they give TF's accuracy band.
"""
import json
import os
import platform
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, os.path.join(ROOT, "tests", "support"))
sys.path.insert(0, ROOT)   # course.datasets (numpy only) gives both sides the same batches
import rnn_programs  # noqa: E402

tf1 = tf.compat.v1
tf1.disable_v2_behavior()          # graph mode, TF1 control flow (Switch/Merge, Enter/Exit)
tf1.disable_resource_variables()   # TF1 ref variables
tf1.logging.set_verbosity(tf1.logging.ERROR)

OUT = os.path.join(ROOT, "golden", "rnn.json")
TUTORIAL_RUNS = 3
TF_IMPORTS = """import tensorflow.compat.v1 as tf
import types
rnn = types.SimpleNamespace(BasicLSTMCell=tf.nn.rnn_cell.BasicLSTMCell,
                            static_rnn=tf.nn.static_rnn)   # tf.contrib.rnn in TF 1.x"""


def as_list(value):
    return np.asarray(value).tolist()


def record_cell_case(cell_name, runner_name):
    graph = tf1.Graph()
    with graph.as_default():
        built = rnn_programs.build_cell_case(tf1, cell_name, runner_name)
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            initial = sess.run(built["variables"])
            feed = {built["x"]: rnn_programs.cell_input()}
            outputs, state, grads = sess.run(
                [built["outputs"], built["state"], built["grads"]], feed)
    return {
        "variables": {v.op.name: as_list(value)
                      for v, value in zip(built["variables"], initial)},
        "outputs": [as_list(o) for o in outputs],
        "state": [as_list(s) for s in state],
        "grad_x": as_list(grads[0]),
        "grad_variables": {v.op.name: as_list(g)
                           for v, g in zip(built["variables"], grads[1:])},
    }


def main():
    golden = {
        "about": __doc__,
        "tensorflow": tf.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "input": as_list(rnn_programs.cell_input()),
        "cells": {},
    }
    for case, cell_name, runner_name in rnn_programs.cell_cases():
        golden["cells"][case] = record_cell_case(cell_name, runner_name)
        print("recorded", case)
    run = rnn_programs.run_mnist_lstm(tf1, 20)
    run["final_kernel"] = as_list(run["final_kernel"])
    golden["mnist_lstm"] = run
    print("mnist_lstm", run["losses"][0], run["losses"][-1], run["final_accuracy"])
    band = rnn_programs.run_mnist_lstm(tf1, 300, eval_every=100)
    golden["mnist_lstm_band"] = {"steps": 300, "losses": band["losses"],
                                 "accuracies": band["accuracies"],
                                 "final_accuracy": band["final_accuracy"]}
    print("mnist_lstm_band", band["accuracies"])
    gru = rnn_programs.run_gru_regression(tf1, 20)
    gru["final_prediction"] = as_list(gru["final_prediction"])
    golden["gru_regression"] = gru
    print("gru_regression", gru["losses"][0], gru["losses"][-1])
    runs = []
    for _ in range(TUTORIAL_RUNS):
        tf1.reset_default_graph()
        printed = rnn_programs.run_tutorial(TF_IMPORTS)
        runs.append({"printed": printed, "accuracy": rnn_programs.tutorial_accuracy(printed)})
    golden["tutorial"] = runs
    print("tutorial", [r["accuracy"] for r in runs])
    with open(OUT, "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
