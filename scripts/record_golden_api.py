"""Record TensorFlow's answers to the API-hole cases (tests/api_cases.py) into golden/api.json.

Run with the TensorFlow venv (course never imports tensorflow):

    /work/tfvenv/bin/python scripts/record_golden_api.py [case ...]

With case names, only those cases are re-recorded (the others are kept). TF runs in TF1 mode
(tf.compat.v1, v2 behaviour disabled), as in scripts/record_golden_engine.py.
"""
import json
import os
import pathlib
import platform
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")   # tf.compat.v1.layers via tf-keras

import tensorflow as tf2  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "support"))
import api_cases  # noqa: E402
import engine_cases  # noqa: E402

tf = tf2.compat.v1
tf.disable_v2_behavior()
tf.logging.set_verbosity(tf.logging.ERROR)
PATH = ROOT / "golden" / "api.json"


def main(names):
    cases = json.loads(PATH.read_text())["cases"] if names and PATH.exists() else {}
    for name in names or api_cases.CASES:
        cases[name] = engine_cases.run_case(tf, name, api_cases.CASES)
    cases = {name: cases[name] for name in api_cases.CASES if name in cases}
    out = {
        "about": "TensorFlow's results for tests/api_cases.py, recorded by "
                 "scripts/record_golden_api.py. Arrays are {dtype, shape, value (flat, "
                 "row-major)}; non-finite floats are written as repr strings.",
        "tensorflow": tf2.__version__, "python": platform.python_version(),
        "cases": cases,
    }
    PATH.write_text(json.dumps(out, indent=1) + "\n")
    print("wrote %d cases to %s" % (len(cases), PATH))


if __name__ == "__main__":
    main(sys.argv[1:])
