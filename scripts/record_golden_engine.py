"""Record TensorFlow's answers to the engine cases (tests/support/engine_cases.py) into golden/engine.json.

Run with the TensorFlow venv (course never imports tensorflow):

    /opt/tfenv/bin/python scripts/record_golden_engine.py

TF runs in TF1 mode (tf.compat.v1 with v2 behaviour disabled: graphs, sessions, ref
variables), the model course follows. tests/ops/test_engine_golden.py runs the same case
functions with ``import course as tf`` and compares values and dtypes.
"""
import json
import os
import pathlib
import platform
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow as tf2  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "support"))
import engine_cases  # noqa: E402

tf = tf2.compat.v1
tf.disable_v2_behavior()
tf.logging.set_verbosity(tf.logging.ERROR)


def main():
    cases = {}
    for name in engine_cases.CASES:
        cases[name] = engine_cases.run_case(tf, name)
    out = {
        "about": "TensorFlow's results for tests/support/engine_cases.py, recorded by "
                 "scripts/record_golden_engine.py. Arrays are {dtype, shape, value (flat, "
                 "row-major)}; non-finite floats are written as repr strings.",
        "tensorflow": tf2.__version__, "python": platform.python_version(),
        "cases": cases,
    }
    path = ROOT / "golden" / "engine.json"
    path.write_text(json.dumps(out, indent=1, sort_keys=False) + "\n")
    print("wrote %d cases to %s" % (len(cases), path))


if __name__ == "__main__":
    main()
