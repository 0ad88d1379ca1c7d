"""Record TensorFlow's answers to the control-flow cases (tests/support/control_flow_cases.py)
into golden/control_flow.json.

Run with the TensorFlow venv (course never imports tensorflow):

    /work/tfvenv/bin/python scripts/record_golden_control_flow.py [case ...]

With case names, only those cases are re-recorded (the others are kept). TF runs in TF1 mode
(tf.compat.v1 with v2 behaviour disabled: TF1's Switch/Merge and Enter/Exit control flow).
"""
import sys

from golden_recording import record

import control_flow_cases  # noqa: E402  (tests/support is on the path now)

if __name__ == "__main__":
    record("control_flow", control_flow_cases, sys.argv[1:],
           "scripts/record_golden_control_flow.py")
