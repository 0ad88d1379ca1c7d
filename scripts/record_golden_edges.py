"""Record TensorFlow's behaviour at the edges (issue 16) into golden/edges.json.

Run with the TensorFlow venv (never imported by `course` or its tests):

    /work/tfvenv/bin/python scripts/record_golden_edges.py

What it records, each beside the tf.compat.v1 code that shows it:
* float32 exp: inputs and TF's outputs as uint32 bits (packets of 8 through Eigen's
  polynomial, the rest through expf; denormal results flushed to zero);
* the errors and messages of tf.constant(None), tf.zeros([-1, 3]) and friends;
* what string fetches return (bytes, object arrays of bytes);
* tf.gradients of an int32 tensor;
* the message of a second InteractiveSession;
* summary ops' serialized bytes (hex) and the `checkpoint` state file for an awkward name;
* the permission bits of checkpoint files under umask 022.
"""
import json
import logging
import os
import stat
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

tf1 = tf.compat.v1
tf1.disable_v2_behavior()

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "edges.json")


def exp_inputs():
    rng = np.random.RandomState(16)
    specials = [1.0, 100.0, -100.0, 88.7, 88.72, 88.723, 89.0, -87.5, -86.0, -103.9, -104.5,
                0.5, 0.0, -0.0, np.inf, -np.inf, np.nan, 1e-40, 4.110535144805908,
                -3.0538079738616943, 5.835764408111572, 20.0, -20.0, 42.0]
    values = np.concatenate([rng.uniform(-20, 20, 1200), rng.normal(0, 1, 1200),
                             rng.uniform(-104, 89, 400), specials]).astype(np.float32)
    return values


def bits(a):
    return np.asarray(a, np.float32).view(np.uint32).tolist()


def error_of(fn):
    try:
        fn()
    except Exception as e:                                    # noqa: BLE001 - recording it
        return {"error": type(e).__name__, "message": str(e)}
    return {"error": None}


def record_exp(sess):
    x = exp_inputs()
    tail = np.full(13, 4.110535144805908, np.float32)     # one packet of 8, then 5 by expf
    return {"input": bits(x), "output": bits(sess.run(tf1.exp(x))),
            "tail_input": bits(tail), "tail_output": bits(sess.run(tf1.exp(tail))),
            "printed_100_1": str(sess.run(tf1.exp([100.0, 1.0])))}


def record_errors():
    return {"constant_none": error_of(lambda: tf1.constant(None)),
            "zeros_minus_one": error_of(lambda: tf1.zeros([-1, 3])),
            "ones_minus_two": error_of(lambda: tf1.ones([2, -2])),
            "fill_minus_one": error_of(lambda: tf1.fill([-1, 3], 1.0))}


def record_strings(sess):
    return {"scalar": repr(sess.run(tf1.constant("Hello, TensorFlow!"))),
            "vector": repr(sess.run(tf1.constant(["a", "bc"]))),
            "matrix": repr(sess.run(tf1.constant([["a"], ["bc"]]))),
            "identity_of_fed": repr(sess.run(tf1.identity(p := tf1.placeholder(tf1.string)),
                                             {p: ["héllo", b"d"]}))}


def record_gradients():
    x = tf1.constant(3)
    xf = tf1.constant(3.0)
    return {"int_y_int_x": repr(tf1.gradients(x * x, x)),
            "int_y_float_x": repr(tf1.gradients(tf1.cast(xf, tf1.int32) * 2, xf)),
            "float_y_int_x": repr(tf1.gradients(tf1.cast(x, tf1.float32) * 2.0, x))}


class _Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append((record.levelname, record.getMessage()))


def record_interactive():
    handler = _Records()
    logging.getLogger("tensorflow").addHandler(handler)
    first = tf1.InteractiveSession()
    second = tf1.InteractiveSession()
    second.close()
    first.close()
    third = tf1.InteractiveSession()          # nothing open any more: no message
    third.close()
    logging.getLogger("tensorflow").removeHandler(handler)
    return handler.records


def record_summaries(sess):
    x = tf1.placeholder(tf1.float32, [])
    scalar = tf1.summary.scalar("loss", x)
    histo = tf1.summary.histogram("w", tf1.constant([1.0, 2.0, 2.5, -0.5, 0.0, 1e-13]))
    merged = tf1.summary.merge([scalar, histo])
    zero = tf1.summary.scalar("zero", tf1.constant(0.0))
    return {"scalar_0.25": sess.run(scalar, {x: 0.25}).hex(),
            "histogram": sess.run(histo).hex(),
            "merged_0.5": sess.run(merged, {x: 0.5}).hex(),
            "scalar_zero": sess.run(zero).hex(),
            "fetched_type": type(sess.run(scalar, {x: 1.0})).__name__}


def record_checkpoint_files():
    old = os.umask(0o022)
    try:
        directory = tempfile.mkdtemp()
        with tf1.Graph().as_default():
            tf1.Variable(1.0)
            saver = tf1.train.Saver()
            with tf1.Session() as sess:
                sess.run(tf1.global_variables_initializer())
                path = saver.save(sess, directory + '/mo"d\nel', global_step=1)
        state = open(os.path.join(directory, "checkpoint")).read().replace(directory, "DIR")
        modes = {}
        for name in os.listdir(directory):
            kind = name.rsplit(".", 1)[-1] if "." in name else name
            modes[kind] = oct(stat.S_IMODE(os.stat(os.path.join(directory, name)).st_mode))
        return {"saved_path": path.replace(directory, "DIR"), "state_file": state,
                "latest": tf1.train.latest_checkpoint(directory).replace(directory, "DIR"),
                "modes_umask_022": modes}
    finally:
        os.umask(old)


def main():
    sess = tf1.Session()
    golden = {"tensorflow": tf.__version__,
              "exp_float32": record_exp(sess),
              "errors": record_errors(),
              "strings": record_strings(sess),
              "gradients_of_int": record_gradients(),
              "second_interactive_session": record_interactive(),
              "summaries": record_summaries(sess),
              "checkpoint": record_checkpoint_files()}
    with open(OUT, "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
