"""Record TensorFlow's answers to the engine cases (tests/support/engine_cases.py) into
golden/engine.json.

Run with the TensorFlow venv (course never imports tensorflow):

    /work/tfvenv/bin/python scripts/record_golden_engine.py [case ...]

TF runs in TF1 mode (tf.compat.v1 with v2 behaviour disabled: graphs, sessions, ref
variables), the model course follows. tests/ops/test_engine_golden.py runs the same case
functions with ``import course as tf`` and compares values and dtypes.
"""
import sys

from golden_recording import record

import engine_cases  # noqa: E402  (tests/support is on the path now)

if __name__ == "__main__":
    record("engine", engine_cases, sys.argv[1:], "scripts/record_golden_engine.py")
