"""Record TensorFlow's training numbers into golden/training.json.

Run with the TensorFlow venv (never imported by `course` or its tests):

    /opt/tfenv/bin/python scripts/record_golden_training.py

Everything is deterministic: a 2-3-1 tanh net with fixed weights on fixed data, MSE loss.
  * optimizers: every tf.compat.v1.train optimizer (and the Momentum/RMSProp variants) runs
    STEPS steps of minimize(loss, global_step); we record the loss before each step, the final
    weights, every slot's name and final value, the optimizer's variables and the train op;
  * schedules: the six learning-rate decay functions at several global steps;
  * errors: TF's messages for "no gradients" in minimize and apply_gradients;
  * histogram: TF's HistogramSummary buckets for fixed values;
  * article 4's recipe (sources/04_optimization_steps.txt): tf.gradients over the trainable
    variables, MomentumOptimizer with a tf.constant learning rate that a hook feeds, a
    moving-average assign grouped with apply_gradients(name='train_step'), and a
    MonitoredTrainingSession with a checkpoint_dir that a second MonitoredTrainingSession
    restores; we record per-step losses and fed rates, the values after restore and at the end,
    and the checkpoint state file.
The net and the recipe are written once, in tests/support/training_programs.py, and run here with TF and
in the tests with course.
"""
import json
import os
import platform
import re
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import tensorflow as tf

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "support"))
import training_programs  # noqa: E402  (the programs the tests run with course)

tf1 = tf.compat.v1
tf1.disable_eager_execution()
tf1.disable_resource_variables()   # TF1 ref variables: AssignAdd, "float32_ref"
tf1.logging.set_verbosity(tf1.logging.ERROR)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "training.json")
STEPS = 30

NET = {
    "x": [[0.1, 0.2], [0.4, -0.3], [-0.5, 0.9], [1.0, -1.0], [0.7, 0.3]],
    "y": [[0.5], [-0.2], [0.3], [0.8], [-0.4]],
    "W1": [[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]],
    "b1": [0.01, -0.02, 0.03],
    "W2": [[0.2], [-0.1], [0.3]],
    "b2": [0.05],
}

OPTIMIZERS = {
    "GradientDescent": ("GradientDescentOptimizer", {"learning_rate": 0.1}),
    "Momentum": ("MomentumOptimizer", {"learning_rate": 0.1, "momentum": 0.9}),
    "MomentumNesterov": ("MomentumOptimizer", {"learning_rate": 0.1, "momentum": 0.9,
                                               "use_nesterov": True}),
    "Adagrad": ("AdagradOptimizer", {"learning_rate": 0.1}),
    "AdagradInitial": ("AdagradOptimizer", {"learning_rate": 0.1,
                                            "initial_accumulator_value": 0.5}),
    "Adadelta": ("AdadeltaOptimizer", {"learning_rate": 1.0}),
    "AdadeltaDefaults": ("AdadeltaOptimizer", {}),
    "RMSProp": ("RMSPropOptimizer", {"learning_rate": 0.01}),
    "RMSPropMomentum": ("RMSPropOptimizer", {"learning_rate": 0.01, "momentum": 0.9}),
    "RMSPropCentered": ("RMSPropOptimizer", {"learning_rate": 0.01, "centered": True}),
    "RMSPropCenteredMomentum": ("RMSPropOptimizer", {"learning_rate": 0.01, "centered": True,
                                                     "momentum": 0.5, "decay": 0.8}),
    "Adam": ("AdamOptimizer", {"learning_rate": 0.01}),
    "AdamDefaults": ("AdamOptimizer", {}),
    "AdamBetas": ("AdamOptimizer", {"learning_rate": 0.01, "beta1": 0.5, "beta2": 0.9,
                                    "epsilon": 1e-3}),
}

SCHEDULE_STEPS = [0, 1, 4, 5, 9, 10, 11, 19, 20, 21, 35, 50, 73, 100]
SCHEDULES = {
    "piecewise_constant": ("piecewise_constant", {"boundaries": [10, 20],
                                                  "values": [1.0, 0.5, 0.1]}),
    "exponential_decay": ("exponential_decay", {"learning_rate": 0.1, "decay_steps": 10,
                                                "decay_rate": 0.5}),
    "exponential_decay_staircase": ("exponential_decay", {
        "learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5, "staircase": True}),
    "inverse_time_decay": ("inverse_time_decay", {"learning_rate": 0.1, "decay_steps": 10,
                                                  "decay_rate": 0.5}),
    "inverse_time_decay_staircase": ("inverse_time_decay", {
        "learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5, "staircase": True}),
    "polynomial_decay": ("polynomial_decay", {"learning_rate": 0.1, "decay_steps": 50,
                                              "end_learning_rate": 0.01, "power": 2.0}),
    "polynomial_decay_cycle": ("polynomial_decay", {
        "learning_rate": 0.1, "decay_steps": 20, "end_learning_rate": 0.01, "power": 0.5,
        "cycle": True}),
    "natural_exp_decay": ("natural_exp_decay", {"learning_rate": 0.1, "decay_steps": 10,
                                                "decay_rate": 0.5}),
    "natural_exp_decay_staircase": ("natural_exp_decay", {
        "learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5, "staircase": True}),
    "cosine_decay": ("cosine_decay", {"learning_rate": 0.1, "decay_steps": 50, "alpha": 0.1}),
    "cosine_decay_no_alpha": ("cosine_decay", {"learning_rate": 0.2, "decay_steps": 30}),
}


def as_list(value):
    return np.asarray(value).tolist()


def build_net():
    """The fixed net in the default graph: (loss, {name: variable})."""
    return training_programs.build_net(tf1, NET)


def record_optimizer(class_name, kwargs):
    with tf.Graph().as_default():
        loss, variables = build_net()
        global_step = tf1.train.get_or_create_global_step()
        opt = getattr(tf1.train, class_name)(**kwargs)
        train_op = opt.minimize(loss, global_step=global_step)
        slots = {}
        for slot_name in opt.get_slot_names():
            for n, v in variables.items():
                slot = opt.get_slot(v, slot_name)
                slots["%s:%s" % (n, slot_name)] = slot
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            losses = []
            for _ in range(STEPS):
                losses.append(float(sess.run(loss)))
                sess.run(train_op)
            return {
                "optimizer": class_name, "kwargs": kwargs,
                "train_op": {"name": train_op.name, "type": train_op.type},
                "losses": losses,
                "final_loss": float(sess.run(loss)),
                "weights": {n: as_list(sess.run(v)) for n, v in variables.items()},
                "slot_names": opt.get_slot_names(),
                "slots": {k: {"name": s.op.name, "value": as_list(sess.run(s))}
                          for k, s in slots.items()},
                "optimizer_variables": [v.op.name for v in opt.variables()],
                "global_variables": [v.op.name for v in tf1.global_variables()],
                "global_step": int(sess.run(global_step)),
            }


def record_schedules():
    out = {}
    for key, (fn_name, kwargs) in SCHEDULES.items():
        with tf.Graph().as_default():
            step = tf1.placeholder(tf.int64, [])
            if fn_name == "piecewise_constant":
                lr = tf1.train.piecewise_constant(step, **kwargs)
            else:
                lr = getattr(tf1.train, fn_name)(global_step=step, **kwargs)
            with tf1.Session() as sess:
                values = [float(sess.run(lr, {step: s})) for s in SCHEDULE_STEPS]
            out[key] = {"function": fn_name, "kwargs": kwargs, "dtype": lr.dtype.name,
                        "steps": SCHEDULE_STEPS, "values": values}
    return out


HISTOGRAM_VALUES = [-3.5, -1.0, -1e-13, 0.0, 0.0, 1e-12, 0.25, 0.5, 0.5, 2.0, 1000.0]


def record_histogram():
    """TF's HistogramSummary of fixed values: its default buckets, empty runs collapsed."""
    with tf.Graph().as_default():
        s = tf1.summary.histogram("h", tf.constant(np.array(HISTOGRAM_VALUES, np.float32)))
        with tf1.Session() as sess:
            h = tf1.Summary.FromString(sess.run(s)).value[0].histo
    return {"values": HISTOGRAM_VALUES, "min": h.min, "max": h.max, "num": h.num, "sum": h.sum,
            "sum_squares": h.sum_squares, "bucket_limit": list(h.bucket_limit),
            "bucket": list(h.bucket)}


def record_errors():
    out = {}
    with tf.Graph().as_default():
        v = tf1.Variable([1.0, 2.0], name="v")
        loss = tf.constant(3.0)
        try:
            tf1.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=[v])
        except ValueError as e:
            out["minimize_no_gradients"] = str(e)
        try:
            tf1.train.GradientDescentOptimizer(0.1).apply_gradients([(None, v)])
        except ValueError as e:
            out["apply_gradients_no_gradients"] = str(e)
    return out


def record_article_recipe():
    checkpoint_dir = tempfile.mkdtemp(prefix="golden_training_")
    with tf.Graph().as_default():
        # gate_gradients=True: every gradient is computed before any update runs (TF's ref
        # variables are updated in place; ungated, an update could race a gradient's read).
        recipe = training_programs.build_recipe(tf1, NET, gate_gradients=True)
        runs = []
        for stop in ({"last_step": 10}, {"num_steps": 6}):
            run = training_programs.run_recipe(tf1, recipe, checkpoint_dir, stop)
            for key in ("after_create_session", "at_end"):
                run[key] = {k: as_list(v) for k, v in run[key].items()}
            runs.append(run)
        with open(os.path.join(checkpoint_dir, "checkpoint")) as f:
            state_text = f.read().replace(checkpoint_dir, "{checkpoint_dir}")
        checkpoints = sorted({re.sub(r"\.(index|meta|data-.*)$", "", name)
                              for name in os.listdir(checkpoint_dir)
                              if name.startswith("model.ckpt-")})
    apply_op = recipe["apply_op"]
    return {"train_op": {"apply_op_name": apply_op.name, "apply_op_type": apply_op.type},
            "runs": runs, "checkpoint_state_text": state_text, "checkpoints": checkpoints}


def main():
    golden = {
        "tensorflow_version": tf.__version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "net": NET,
        "steps": STEPS,
        "optimizers": {k: record_optimizer(c, kw) for k, (c, kw) in OPTIMIZERS.items()},
        "schedules": record_schedules(),
        "errors": record_errors(),
        "histogram": record_histogram(),
        "article_recipe": record_article_recipe(),
    }
    with open(OUT, "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
