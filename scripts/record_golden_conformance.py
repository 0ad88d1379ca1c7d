"""Record what TensorFlow prints for each program of the conformance suite.

    python scripts/record_golden_conformance.py [--tf-python /work/tfvenv/bin/python]
        [--runs 2] [--jobs 2] [--add] [NAME ...]

Each program (from the local store, see tests/support/conformance_suite.py) runs with its
recorded replacements in a fresh temp dir under TensorFlow 2.x as TF1 (scripts/tf1_shim.py),
``--runs`` times when it is unseeded (its metrics' band comes from these runs) and once when
seeded. ``--add`` keeps an unseeded program's recorded runs and appends ``--runs`` more (a
band from more of TF's runs, without discarding the earlier ones). Each program's result is
written as soon as it is done, re-reading the file first, so an interrupted recording keeps
what finished and other programs' entries are never touched. golden/conformance.json keeps, per program: completed, the printed lines of each
run, the numbers printed (seeded programs) and stderr's last lines when it failed.
"""

import argparse
import json
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "support"))

import conformance_suite as suite  # noqa: E402


def record(entry, tf_python, runs):
    outcomes = []
    for _ in range(1 if entry.get("seeded") else runs):
        with tempfile.TemporaryDirectory(prefix="tf-conformance-") as workdir:
            main = suite.prepare(entry, Path(workdir))
            outcome = suite.run(suite.tf_command(tf_python, main, entry), Path(workdir),
                                entry.get("timeout", suite.DEFAULT_TIMEOUT) * 3)
        outcomes.append(outcome)
        if not outcome.completed:
            break
    completed = all(outcome.completed for outcome in outcomes)
    golden = {"completed": completed, "runs": [outcome.lines() for outcome in outcomes],
              "seconds": round(max(outcome.seconds for outcome in outcomes), 1)}
    if entry.get("seeded"):
        golden["numbers"] = suite.numbers(outcomes[0].lines(), entry)
    if not completed:
        golden["error"] = outcomes[-1].error()
    return golden


def append_runs(old, new):
    """``old``'s runs followed by ``new``'s: one band from all of TF's runs."""
    if not old or not old.get("completed") or not new["completed"]:
        return new
    return dict(new, runs=old["runs"] + new["runs"],
                seconds=max(old.get("seconds", 0.0), new["seconds"]))


def write(name, result):
    """Store one program's result, keeping every other entry as the file has it now."""
    known = {entry["name"] for entry in suite.load_manifest()}
    golden = suite.load_golden()
    golden[name] = result
    golden = {key: golden[key] for key in sorted(golden) if key in known}
    suite.GOLDEN_PATH.write_text(json.dumps(golden, indent=1, ensure_ascii=False) + "\n",
                                 encoding="utf-8")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tf-python", default="/work/tfvenv/bin/python")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--add", action="store_true",
                        help="append the new runs of unseeded programs to the recorded ones")
    parser.add_argument("names", nargs="*")
    options = parser.parse_args()
    entries = [entry for entry in suite.load_manifest()
               if not options.names or entry["name"] in options.names]
    missing = [entry["name"] for entry in entries if suite.missing_files(entry)]
    if missing:
        raise SystemExit("not in the program store (run collect_conformance_programs.py): %s"
                         % missing)
    with ThreadPoolExecutor(options.jobs) as pool:
        results = pool.map(lambda entry: record(entry, options.tf_python, options.runs), entries)
        for entry, result in zip(entries, results):
            if options.add and not entry.get("seeded"):
                result = append_runs(suite.load_golden().get(entry["name"]), result)
            write(entry["name"], result)
            print("%-45s completed=%s %5.1fs runs=%d %s" % (
                entry["name"], result["completed"], result["seconds"], len(result["runs"]),
                result.get("error", "").splitlines()[-1:]), flush=True)


if __name__ == "__main__":
    main()
