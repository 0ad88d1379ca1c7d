"""Small helpers several test files share."""
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_fresh_python(code):
    """Run ``code`` in a new interpreter with the repository on its path (what an import loads is
    only visible in a fresh process): the CompletedProcess, stdout and stderr as text."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, check=False)
