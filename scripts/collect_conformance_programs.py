"""Fill the conformance suite's local program store from git copies of its source repos.

    python scripts/collect_conformance_programs.py OWNER/NAME=GIT_DIR [OWNER/NAME=GIT_DIR ...]

For every program of tests/conformance/manifest.json whose repository is given, its files are
taken byte for byte from the manifest's commit (``git --git-dir GIT_DIR show COMMIT:PATH``)
into the store (``$COURSE_CONFORMANCE_PROGRAMS`` or ``~/.cache/course/conformance-programs``)
and checked against the manifest's sha256. The programs stay out of this repository.
"""

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "support"))

import conformance_suite as suite  # noqa: E402


def main(argv):
    mirrors = dict(arg.split("=", 1) for arg in argv)
    store = suite.program_store()
    done = 0
    for entry in suite.load_manifest():
        git_dir = mirrors.get(entry["repo"])
        if git_dir is None:
            continue
        folder = store / entry["name"]
        for name, source in entry["files"].items():
            data = subprocess.run(
                ["git", "--git-dir", git_dir, "show", "%s:%s" % (entry["commit"], source["path"])],
                capture_output=True, check=True).stdout
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        wrong = suite.missing_files(entry)
        if wrong:
            raise SystemExit("%s: %s differ from the manifest's sha256" % (entry["name"], wrong))
        done += 1
    print("%d programs in %s" % (done, store))


if __name__ == "__main__":
    main(sys.argv[1:])
