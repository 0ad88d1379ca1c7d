"""Record TensorFlow's answers to the queue-pipeline cases (tests/support/queue_cases.py)
into golden/queues.json.

    /work/tfvenv/bin/python scripts/record_golden_queues.py [case ...]
"""
import sys

from golden_recording import record

import queue_cases  # noqa: E402  (tests/support is on the path now)

if __name__ == "__main__":
    record("queues", queue_cases, sys.argv[1:], "scripts/record_golden_queues.py")
