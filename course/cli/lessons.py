"""Copy the lessons into a workspace of yours and open JupyterLab there.

The lessons that come with course stay pristine (the tests check them); you work on copies
in DIR (./course-lessons by default). Running the command again copies lessons that are new
or that you have not changed, and never overwrites a lesson you edited (or ran) without
asking. To start one lesson afresh:

    python -m course lessons --reset 02_backprop_pku

which keeps your version next to it as 02_backprop_pku.<time>.ipynb.

The lessons come in English and in Simplified Chinese (zh/, the same code with Chinese prose
and pictures). Both are copied; `--lang zh` copies only the Chinese ones and opens JupyterLab
on them (中文课程：python -m course lessons --lang zh), `--lang en` only the English ones.
"""
import argparse
import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import sys
import time

from course.cli import split_passthrough

MANIFEST = ".course-lessons.json"    # in the workspace: the pristine hash of every copy made
LANGUAGES = {"en": "English", "zh": "简体中文 (Simplified Chinese)"}
TRANSLATIONS = ("zh",)                # sub-folders of the lessons holding a translation


def pristine_dir():
    """The folder of the lessons as shipped: inside an installed wheel, course/_lessons;
    in a source checkout (editable install), the repository's lessons/."""
    package = pathlib.Path(__file__).resolve().parents[1]
    for folder in (package / "_lessons", package.parent / "lessons"):
        if any(folder.glob("*.ipynb")):
            return folder
    raise FileNotFoundError("course's lesson notebooks are not installed (looked in %s and %s)"
                            % (package / "_lessons", package.parent / "lessons"))


def pristine_lessons(folder, lang=None):
    """Relative paths of the lesson notebooks under `folder` (sources and checkpoints left
    out): all of them, or those in `lang` ("en": the top folder, "zh": zh/)."""
    found = sorted(path.relative_to(folder) for path in folder.rglob("*.ipynb")
                   if not {"src", ".ipynb_checkpoints"} & set(path.relative_to(folder).parts))
    if lang is None:
        return found
    return [p for p in found if lesson_language(p) == lang]


def lesson_language(relative) -> str:
    """"zh" for a lesson in zh/, else "en"."""
    parts = pathlib.PurePath(relative).parts
    return parts[0] if len(parts) > 1 and parts[0] in TRANSLATIONS else "en"


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ask(question, default):
    """A yes/no answer from the terminal; `default` when nobody can answer."""
    if not sys.stdin.isatty():
        return default
    answer = input(question + (" [Y/n] " if default else " [y/N] ")).strip().lower()
    return default if not answer else answer.startswith("y")


def _set_aside(path):
    """Rename the learner's file to <name>.<time>.ipynb and return the new path."""
    kept = path.with_name("%s.%s%s" % (path.stem, time.strftime("%Y%m%d-%H%M%S"), path.suffix))
    path.rename(kept)
    return kept


class Workspace:
    """The learner's copy of the lessons, and what was copied into it (MANIFEST)."""

    def __init__(self, folder, source, lang=None):
        self.folder = pathlib.Path(folder)
        self.source = pathlib.Path(source)
        self.lang = lang  # None: the lessons in every language
        self._manifest_path = self.folder / MANIFEST
        self.copied = {}
        if self._manifest_path.exists():
            self.copied = json.loads(self._manifest_path.read_text(encoding="utf-8"))

    def _copy(self, relative):
        target = self.folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.source / relative, target)
        self.copied[relative.as_posix()] = _digest(target)

    def _save(self):
        self._manifest_path.write_text(json.dumps(self.copied, indent=1, sort_keys=True),
                                       encoding="utf-8")

    def sync(self, say=print, ask=_ask):
        """Copy new lessons, update the ones the learner has not touched, and ask before
        replacing an edited lesson that has a newer version."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for relative in pristine_lessons(self.source, self.lang):
            target, key = self.folder / relative, relative.as_posix()
            fresh = _digest(self.source / relative)
            if not target.exists():
                self._copy(relative)
                say("  copied   %s" % key)
            elif _digest(target) == fresh:
                self.copied[key] = fresh
            elif _digest(target) == self.copied.get(key):
                self._copy(relative)          # untouched by the learner: a newer version
                say("  updated  %s (you had not changed it)" % key)
            elif key in self.copied and self.copied[key] == fresh:
                say("  kept     %s (your edits)" % key)
            elif ask("%s has your edits, and course has a different version of it. Replace "
                     "yours with it (yours is kept as a dated copy)?" % key, False):
                say("  replaced %s (yours is now %s)" % (key, _set_aside(target).name))
                self._copy(relative)
            else:
                say("  kept     %s (your edits; `--reset %s` gets course's version)"
                    % (key, relative.stem))
        self._save()

    def reset(self, name, say=print, ask=_ask):
        """Replace one lesson (given by its name or a prefix of it, e.g. 02) with course's
        version, keeping the learner's as a dated copy. Returns False if nothing was reset."""
        matches = [r for r in pristine_lessons(self.source, self.lang)
                   if r.stem.startswith(name) or r.as_posix().startswith(name)]
        if len(matches) > 1 and len({lesson_language(r) for r in matches}) > 1:
            matches = [r for r in matches if r.as_posix().startswith(name)
                       or lesson_language(r) == "en"]  # "02" is the English one, "zh/02" not
        if len(matches) != 1:
            say("--reset %s: %s. The lessons: %s" % (
                name, "no lesson has that name" if not matches else "more than one lesson matches",
                ", ".join(r.stem for r in pristine_lessons(self.source))))
            return False
        relative = matches[0]
        target = self.folder / relative
        if target.exists():
            if not ask("Reset %s to course's version (yours is kept as a dated copy)?"
                       % relative.as_posix(), True):
                say("  nothing reset")
                return False
            say("  your version is now %s" % _set_aside(target).name)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._copy(relative)
        self._save()
        say("  reset    %s" % relative.as_posix())
        return True


def lab_command(folder, extra_args=(), lang=None):
    """The command that opens JupyterLab on `folder` (in its zh/ folder for lang "zh");
    --allow-root only for root, whom Jupyter otherwise refuses (containers, cloud machines)."""
    command = [sys.executable, "-m", "jupyterlab", "--ServerApp.root_dir=%s" % folder]
    if lang in TRANSLATIONS:
        command.append("--ServerApp.default_url=/lab/tree/%s" % lang)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return command + list(extra_args)


def add_arguments(parser):
    parser.add_argument("dir", nargs="?", default="course-lessons",
                        help="the workspace folder (default: ./course-lessons)")
    parser.add_argument("--reset", metavar="LESSON",
                        help="replace one lesson (e.g. 02 or 02_backprop_pku) with course's "
                             "version; yours is kept as a dated copy")
    parser.add_argument("--lang", choices=sorted(LANGUAGES),
                        help="only the lessons in this language: en (English) or zh "
                             "(简体中文, in DIR/zh); default: both")
    parser.add_argument("--no-lab", action="store_true",
                        help="only copy the lessons (for VS Code, Colab or your own Jupyter)")
    parser.epilog = ("Arguments after a lone -- go to JupyterLab, e.g. "
                     "`-- --port 8899 --no-browser`.")


def run(args):
    workspace = Workspace(pathlib.Path(args.dir).resolve(), pristine_dir(), args.lang)
    print("course lessons in %s" % workspace.folder)
    if args.reset and not workspace.reset(args.reset):
        return 1
    workspace.sync()
    if args.no_lab:
        return 0
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        print("JupyterLab is not installed: pip install 'course[lessons]' (or open the "
              "notebooks in %s with your own Jupyter)" % workspace.folder, file=sys.stderr)
        return 2
    try:
        return subprocess.call(lab_command(workspace.folder, args.passthrough, args.lang),
                               cwd=workspace.folder)
    except KeyboardInterrupt:
        return 130


def main(argv=None):
    """The `course-lessons` console script."""
    parser = argparse.ArgumentParser(prog="course-lessons", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    own, passthrough = split_passthrough(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(own)
    args.passthrough = passthrough
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
