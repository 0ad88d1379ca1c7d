"""Record TensorFlow's answers to the API-gap cases (tests/support/api_gap_cases.py) into
golden/api_gaps.json.

Run with the TensorFlow venv (course never imports tensorflow):

    /work/tfvenv/bin/python scripts/record_golden_api_gaps.py [case ...]

With case names, only those cases are re-recorded (the others are kept). TF runs in TF1 mode
(tf.compat.v1, v2 behaviour disabled), as in scripts/record_golden_engine.py.
"""
import sys

from golden_recording import record

import api_gap_cases  # noqa: E402  (tests/support is on the path now)

if __name__ == "__main__":
    record("api_gaps", api_gap_cases, sys.argv[1:], "scripts/record_golden_api_gaps.py")
