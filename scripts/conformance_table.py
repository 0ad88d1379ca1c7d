"""Run the conformance suite under course and write its compatibility table into README.md.

    python scripts/conformance_table.py [--jobs 2] [--no-readme] [NAME ...]

Each program runs as the test does (tests/conformance/test_real_programs.py); the table
(program, source, runs, matches TF) and its totals replace the text between the
``<!-- conformance-table -->`` markers of README.md. Also prints each program's verdict.
"""

import argparse
import re
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "support"))

import conformance_suite as suite  # noqa: E402

README = suite.REPO_ROOT / "README.md"
MARKERS = ("<!-- conformance-table -->", "<!-- /conformance-table -->")


def evaluate(entry, golden):
    if suite.missing_files(entry) or suite.unavailable_needs(entry):
        return None
    with tempfile.TemporaryDirectory(prefix="course-conformance-") as workdir:
        main = suite.prepare(entry, Path(workdir))
        outcome = suite.run(suite.course_command(main, entry), Path(workdir),
                            entry.get("timeout", suite.DEFAULT_TIMEOUT))
    matches, why = suite.verdict(entry, outcome, golden)
    return {"completed": outcome.completed, "matches": matches, "why": why,
            "seconds": outcome.seconds}


def table(entries, golden, results):
    rows = ["| program | source | TF completes | course runs | matches TF |",
            "|---|---|---|---|---|"]
    totals = dict(tf=0, runs=0, matches=0, seeded=0, seeded_match=0, not_run=0)
    for entry in entries:
        result, record = results[entry["name"]], golden.get(entry["name"], {})
        url = "https://github.com/%s/blob/%s/%s" % (
            entry["repo"], entry["commit"][:10], entry["files"][entry["main"]]["path"])
        tf_done = record.get("completed", False)
        kind = "seeded: same numbers" if entry.get("seeded") else "in TF's band"
        if result is None:
            totals["not_run"] += tf_done
            runs = matches = "not run here (%s)" % (
                "needs " + ", ".join(suite.unavailable_needs(entry))
                if suite.unavailable_needs(entry) else "not in the program store")
        else:
            runs = "yes" if result["completed"] else "**no**"
            matches = ("yes (%s)" % kind) if result["matches"] and tf_done else (
                "—" if not tf_done else "**no**")
            totals["runs"] += bool(result["completed"] and tf_done)
            totals["matches"] += bool(result["matches"] and tf_done)
            if entry.get("seeded") and tf_done:
                totals["seeded"] += 1
                totals["seeded_match"] += bool(result["matches"])
        totals["tf"] += tf_done
        note = " (%s)" % entry["xfail"] if entry.get("xfail") and not (
            result and result["matches"]) else ""
        rows.append("| `%s`%s | [%s](%s) | %s | %s | %s |" % (
            entry["main"], note, entry["repo"], url, "yes" if tf_done else "no", runs, matches))
    summary = ("%d programs; TensorFlow completes %d. Of those, course runs %d unchanged and "
               "%d match TensorFlow (%d of the %d seeded ones print TensorFlow's numbers)%s."
               % (len(entries), totals["tf"], totals["runs"], totals["matches"],
                  totals["seeded_match"], totals["seeded"],
                  "; %d not run here (a package it imports is missing)" % totals["not_run"]
                  if totals["not_run"] else ""))
    return summary, "\n".join(rows)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-readme", action="store_true")
    parser.add_argument("names", nargs="*")
    options = parser.parse_args()
    entries = [e for e in suite.load_manifest() if not options.names or e["name"] in options.names]
    golden = suite.load_golden()
    start = time.monotonic()
    with ThreadPoolExecutor(options.jobs) as pool:
        outcomes = list(pool.map(lambda e: evaluate(e, golden.get(e["name"], {})), entries))
    results = dict(zip((e["name"] for e in entries), outcomes))
    for entry, result in zip(entries, outcomes):
        if result is not None:
            print("%-45s runs=%-5s matches=%-5s %5.1fs %s" % (
                entry["name"], result["completed"], result["matches"], result["seconds"],
                result["why"][-300:].replace("\n", " | ")))
    summary, rows = table(entries, golden, results)
    print(summary)
    print("wall time %.0f s with %d jobs" % (time.monotonic() - start, options.jobs))
    if not options.no_readme and not options.names:
        text = README.read_text(encoding="utf-8")
        block = "%s\n%s\n\n%s\n%s" % (MARKERS[0], summary, rows, MARKERS[1])
        pattern = re.compile(re.escape(MARKERS[0]) + ".*?" + re.escape(MARKERS[1]), re.S)
        if not pattern.search(text):
            raise SystemExit("README.md has no %s ... %s markers" % MARKERS)
        README.write_text(pattern.sub(lambda _: block, text), encoding="utf-8")


if __name__ == "__main__":
    main()
