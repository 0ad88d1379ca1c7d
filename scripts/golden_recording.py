"""What the scripts/record_golden_*.py scripts share: TensorFlow in TF1 mode, and writing a
case module's results to golden/<name>.json (only the named cases re-recorded, if any).

Imported only under the TensorFlow venv; course never imports tensorflow."""
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
import engine_cases  # noqa: E402

tf = tf2.compat.v1
tf.disable_v2_behavior()
tf.logging.set_verbosity(tf.logging.ERROR)


def record(golden_name, cases_module, names, script):
    """Run ``cases_module.CASES`` (or those in ``names``) under TF and write the JSON."""
    path = ROOT / "golden" / ("%s.json" % golden_name)
    cases = json.loads(path.read_text())["cases"] if names and path.exists() else {}
    for name in names or cases_module.CASES:
        cases[name] = engine_cases.run_case(tf, name, cases_module.CASES)
    cases = {name: cases[name] for name in cases_module.CASES if name in cases}
    out = {
        "about": "TensorFlow's results for tests/support/%s.py, recorded by %s. Arrays are "
                 "{dtype, shape, value (flat, row-major)}; non-finite floats are written as "
                 "repr strings." % (cases_module.__name__, script),
        "tensorflow": tf2.__version__, "python": platform.python_version(),
        "cases": cases,
    }
    path.write_text(json.dumps(out, indent=1) + "\n")
    print("wrote %d cases to %s" % (len(cases), path))
