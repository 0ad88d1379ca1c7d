"""The conformance suite: real public TF1 programs run unchanged under ``python -m course run``
(see tests/support/conformance_suite.py and tests/conformance/manifest.json).

Each program runs in a subprocess, in a fresh temp dir, with its recorded replacements only.
It must complete when TensorFlow completed it (golden/conformance.json); a seeded program must
print TensorFlow's numbers (rtol 1e-4), an unseeded one must land in TensorFlow's band for its
metrics in one of three runs. A program marked ``xfail`` in the manifest carries the reason it cannot pass yet.
"""

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

import conformance_suite as suite

ENTRIES = suite.load_manifest()
GOLDEN = suite.load_golden()
UNSEEDED_TRIES = 3
# Programs run in subprocesses: the first run of each is started ahead, this many at a time,
# in manifest order, so a machine's cores are busy while pytest waits on one program.
PARALLEL_RUNS = max(1, min(4, os.cpu_count() or 1))


def _why_skipped(entry):
    wrong = suite.missing_files(entry)
    if wrong:
        return ("%s not in the program store %s (scripts/collect_conformance_programs.py)"
                % (wrong, suite.program_store()))
    lacking = suite.unavailable_needs(entry)
    if lacking:
        return "the program imports %s, not installed here" % lacking
    golden = GOLDEN.get(entry["name"])
    if golden is None:
        return "no TensorFlow golden recorded yet (scripts/record_golden_conformance.py)"
    if not golden["completed"]:
        return "TensorFlow does not complete it either: %s" % golden.get("error", "")[-200:]
    return None


def _run_once(entry, workdir):
    workdir.mkdir(parents=True)
    main = suite.prepare(entry, workdir)
    return suite.run(suite.course_command(main, entry), workdir,
                     entry.get("timeout", suite.DEFAULT_TIMEOUT))


@pytest.fixture(scope="module")
def first_runs(request, tmp_path_factory):
    """name -> a future of the program's first run under course, started in the background for
    the programs this session selected."""
    selected = {item.callspec.params["entry"]["name"] for item in request.session.items
                if getattr(item, "originalname", None) == "test_program_runs_as_under_tensorflow"}
    root = tmp_path_factory.mktemp("first-runs")
    pool = ThreadPoolExecutor(PARALLEL_RUNS)
    yield {entry["name"]: pool.submit(_run_once, entry, root / entry["name"])
           for entry in ENTRIES if entry["name"] in selected and _why_skipped(entry) is None}
    pool.shutdown(cancel_futures=True)


def _param(entry):
    marks = []
    if entry.get("xfail"):
        marks.append(pytest.mark.xfail(reason=entry["xfail"], strict=False))
    return pytest.param(entry, id=entry["name"], marks=marks)


@pytest.mark.parametrize("entry", [_param(entry) for entry in ENTRIES])
def test_program_runs_as_under_tensorflow(entry, tmp_path, first_runs):
    why_skipped = _why_skipped(entry)
    if why_skipped:
        pytest.skip(why_skipped)
    golden = GOLDEN[entry["name"]]
    # An unseeded program's metric is a random draw, and TF's band comes from only a few of
    # TF's own runs: it gets UNSEEDED_TRIES fresh runs and passes when one lands in the band
    # (a broken program misses every time). A seeded one, or one that fails to run, gets one.
    reasons = []
    for attempt in range(1 if entry.get("seeded") else UNSEEDED_TRIES):
        if attempt == 0:
            outcome = first_runs[entry["name"]].result()
        else:
            outcome = _run_once(entry, tmp_path / ("run%d" % attempt))
        matches, why = suite.verdict(entry, outcome, golden)
        if matches:
            return
        reasons.append(why)
        if not outcome.completed:
            break
    pytest.fail("; ".join(reasons))


def test_the_suite_has_forty_real_programs_with_provenance():
    assert len(ENTRIES) >= 40
    for entry in ENTRIES:
        assert entry["repo"].count("/") == 1 and len(entry["commit"]) == 40, entry["name"]
        assert entry["licence"] in {"MIT", "Apache-2.0", "BSD-3-Clause"}, entry["name"]
        assert entry["main"] in entry["files"]
        for source in entry["files"].values():
            assert len(source["sha256"]) == 64


def test_replacements_are_exact_strings_applied_the_recorded_number_of_times(tmp_path):
    entry = next(entry for entry in ENTRIES if entry.get("replacements"))
    if suite.missing_files(entry):
        pytest.skip("program store not filled")
    main = suite.prepare(entry, tmp_path)
    text = main.read_text(encoding="utf-8")
    for edit in entry["replacements"]:
        assert edit["old"] not in text or edit["old"] in edit["new"]
        assert edit["new"] in text
    broken = dict(entry, replacements=[dict(entry["replacements"][0], old="no such text")])
    with pytest.raises(AssertionError, match="occurs 0 times"):
        suite.prepare(broken, tmp_path / "again")


def test_numbers_are_compared_in_order_with_a_relative_tolerance():
    lines = ["Epoch: 0001 cost= 0.512345678", "step 20, time 1.5s", "W=[ 1.  -2.5e-3]"]
    entry = {"ignore": ["time"]}
    assert suite.numbers(lines, entry) == [1.0, 0.512345678, 1.0, -2.5e-3]
    assert suite.compare_numbers([1.0, 0.51235], [1.0, 0.512345678]) is None
    assert "number 1" in suite.compare_numbers([1.0, 0.52], [1.0, 0.512345678])
    assert "printed 1 numbers" in suite.compare_numbers([1.0], [1.0, 2.0])
