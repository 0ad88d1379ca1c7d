"""Record TensorFlow's answers to the tutorial-hole cases (tests/support/tutorial_holes_cases.py)
into golden/tutorial_holes.json.

    /work/tfvenv/bin/python scripts/record_golden_tutorial_holes.py [case ...]
"""
import sys

from golden_recording import record

import tutorial_holes_cases  # noqa: E402  (tests/support is on the path now)

if __name__ == "__main__":
    record("tutorial_holes", tutorial_holes_cases, sys.argv[1:],
           "scripts/record_golden_tutorial_holes.py")
