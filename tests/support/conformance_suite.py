"""The conformance suite's machinery, shared by its test (tests/conformance) and by
scripts/record_golden_conformance.py and scripts/conformance_table.py.

A program of the suite is a public TF1 program kept byte for byte: its provenance (repo,
commit, path, licence) and each file's sha256 are in tests/conformance/manifest.json. The
files themselves are NOT in this repository (the code of public repositories stays out of
its commits): they live in a local program store, ``$COURSE_CONFORMANCE_PROGRAMS`` or
``~/.cache/course/conformance-programs/<name>/``, filled by
scripts/collect_conformance_programs.py from a git copy of each source repository and
checked against the manifest's sha256 before every run. A program whose files are absent is
skipped, saying so.

The only edits are the manifest's exact string replacements (fewer iterations; data,
checkpoint and log paths into the run's temp dir), applied to a copy in a fresh temp dir,
which is also the program's working directory.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
MANIFEST_PATH = REPO_ROOT / "tests" / "conformance" / "manifest.json"
GOLDEN_PATH = REPO_ROOT / "golden" / "conformance.json"
TF_SHIM = REPO_ROOT / "scripts" / "tf1_shim.py"
DEFAULT_TIMEOUT = 120

# A number as programs print them: 12, -0.5, 1.5e-3, 3., nan.
NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])|\bnan\b")


def program_store() -> Path:
    configured = os.environ.get("COURSE_CONFORMANCE_PROGRAMS")
    if configured:
        return Path(configured).expanduser()
    return Path.home() / ".cache" / "course" / "conformance-programs"


def load_manifest() -> list[dict]:
    return json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))["programs"]


def load_golden() -> dict:
    if not GOLDEN_PATH.exists():
        return {}
    return json.loads(GOLDEN_PATH.read_text(encoding="utf-8"))


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def missing_files(entry: dict) -> list[str]:
    """The program's files absent from the store or not byte-for-byte the manifest's."""
    folder = program_store() / entry["name"]
    wrong = []
    for name, source in entry["files"].items():
        path = folder / name
        if not path.is_file() or file_sha256(path) != source["sha256"]:
            wrong.append(name)
    return wrong


def unavailable_needs(entry: dict) -> list[str]:
    """The Python packages the program imports that this interpreter lacks (matplotlib,
    scipy, ...): not course's business, so such a program is skipped, saying so."""
    import importlib.util

    return [name for name in entry.get("needs", []) if importlib.util.find_spec(name) is None]


def prepare(entry: dict, workdir: Path) -> Path:
    """Copy the program into ``workdir`` with its recorded replacements applied; return the
    path of its main file."""
    folder = program_store() / entry["name"]
    for name in entry["files"]:
        target = workdir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / name, target)
    for data in entry.get("data", []):  # data files the program reads, beside it
        shutil.copyfile(folder / data, workdir / data)
    for edit in entry.get("replacements", []):
        path = workdir / edit["file"]
        text = path.read_text(encoding="utf-8")
        count = text.count(edit["old"])
        expected = edit.get("count", 1)
        if count != expected:
            raise AssertionError("%s: %r occurs %d times, the manifest expects %d"
                                 % (edit["file"], edit["old"], count, expected))
        path.write_text(text.replace(edit["old"], edit["new"]), encoding="utf-8")
    return workdir / entry["main"]


@dataclass
class Outcome:
    completed: bool
    stdout: str
    stderr: str
    seconds: float

    def lines(self) -> list[str]:
        return self.stdout.splitlines()

    def error(self) -> str:
        """The last lines of stderr: what went wrong when it did not complete."""
        return "\n".join(self.stderr.strip().splitlines()[-6:])


def course_command(main: Path, entry: dict) -> list[str]:
    return [sys.executable, "-m", "course", "run", main.name] + entry.get("args", [])


def tf_command(python: str, main: Path, entry: dict) -> list[str]:
    return [python, str(TF_SHIM), main.name] + entry.get("args", [])


def run(command: list[str], workdir: Path, timeout: float) -> Outcome:
    env = dict(os.environ)
    env.update(MPLBACKEND="Agg", COURSE_MNIST="bundled", PYTHONHASHSEED="0",
               PYTHONPATH=str(REPO_ROOT), TF_CPP_MIN_LOG_LEVEL="2", PYTHONUNBUFFERED="1")
    start = time.monotonic()
    try:
        done = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as expired:
        return Outcome(False, _text(expired.stdout),
                       _text(expired.stderr) + "\n(timed out after %ss)" % timeout,
                       time.monotonic() - start)
    return Outcome(done.returncode == 0, done.stdout, done.stderr, time.monotonic() - start)


def _text(data) -> str:
    if data is None:
        return ""
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else data


def numbers(lines: list[str], entry: dict) -> list[float]:
    """Every number printed, in order, on lines not matching the entry's ``ignore`` regexes
    (timings and the like)."""
    ignore = [re.compile(pattern) for pattern in entry.get("ignore", [])]
    found = []
    for line in lines:
        if any(pattern.search(line) for pattern in ignore):
            continue
        found.extend(float(token) for token in NUMBER.findall(line))
    return found


def metric_values(lines: list[str], metric: dict) -> list[float]:
    pattern = re.compile(metric["regex"])
    values = []
    for line in lines:
        match = pattern.search(line)
        if match:
            values.append(float(match.group(1)))
    return values


def close(a: float, b: float, rtol: float = 1e-4, atol: float = 1e-6) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= atol + rtol * abs(b)


def compare_numbers(got: list[float], want: list[float], rtol=1e-4, atol=1e-6) -> str | None:
    """None when the two sequences match, else a sentence saying where they part."""
    if len(got) != len(want):
        return "printed %d numbers, TensorFlow printed %d" % (len(got), len(want))
    for index, (a, b) in enumerate(zip(got, want)):
        if not close(a, b, rtol, atol):
            return "number %d is %r, TensorFlow printed %r" % (index, a, b)
    return None


def band_check(lines: list[str], golden: dict, entry: dict) -> str | None:
    """None when every metric's last value lies in TF's band (its runs' range widened by the
    metric's tolerance), else a sentence saying which does not."""
    for metric in entry.get("metrics", []):
        got = metric_values(lines, metric)
        if not got:
            return "no line matches %r" % metric["regex"]
        tf_last = [metric_values(run_lines, metric)[-1] for run_lines in golden["runs"]]
        low, high = min(tf_last), max(tf_last)
        slack = metric.get("tol", 0.0) + metric.get("rtol", 0.0) * max(abs(low), abs(high))
        if not low - slack <= got[-1] <= high + slack:
            return "%s: %r is outside TensorFlow's band [%r, %r] (runs %r, slack %r)" % (
                metric["regex"], got[-1], low - slack, high + slack, tf_last, slack)
    return None


def verdict(entry: dict, outcome: Outcome, golden: dict) -> tuple[bool, str]:
    """(matches TF, why not) for a run under course against the golden record."""
    if not golden.get("completed"):
        course = "" if outcome.completed else "; nor did course: " + outcome.error()
        return outcome.completed, "TensorFlow did not complete: %s%s" % (
            golden.get("error", "(no golden)"), course)
    if not outcome.completed:
        return False, "did not complete: " + outcome.error()
    if entry.get("seeded"):
        if "numbers" not in golden:
            return False, "the golden has no numbers: run scripts/record_golden_conformance.py"
        problem = compare_numbers(numbers(outcome.lines(), entry), golden["numbers"],
                                  rtol=entry.get("rtol", 1e-4), atol=entry.get("atol", 1e-6))
        return problem is None, problem or ""
    problem = band_check(outcome.lines(), golden, entry)
    return problem is None, problem or ""
