"""Record TensorFlow's answers to the API-hole cases (tests/support/api_cases.py) into
golden/api.json.

Run with the TensorFlow venv (course never imports tensorflow):

    /work/tfvenv/bin/python scripts/record_golden_api.py [case ...]

With case names, only those cases are re-recorded (the others are kept). TF runs in TF1 mode
(tf.compat.v1, v2 behaviour disabled), as in scripts/record_golden_engine.py.
"""
import sys

from golden_recording import record

import api_cases  # noqa: E402  (tests/support is on the path now)

if __name__ == "__main__":
    record("api", api_cases, sys.argv[1:], "scripts/record_golden_api.py")
