"""Build the lesson notebooks from their sources and store their outputs.

Each lesson is written as a plain Python file in lessons/src/ (percent format: a line
``# %%`` starts a code cell, ``# %% [markdown]`` a markdown cell whose lines are comments,
``# %% tags=["nbval-ignore-output"]`` adds cell tags). This script turns each into
lessons/<name>.ipynb and executes it with nbclient, so the stored outputs are exactly what
the code prints; nbval then checks that a fresh run prints the same.

The Chinese lessons come from the same sources: right after an English markdown cell, a cell
headed ``# %% [markdown] lang=zh`` holds its Simplified Chinese prose. lessons/zh/<name>.ipynb
has the same code cells, the Chinese prose in place of the English, and, after the title, a
cell that sets the pictures' language (course.viz.set_language("zh")). A lesson gets a Chinese notebook
once it has Chinese cells; a markdown cell added later without its Chinese stays English in
the Chinese notebook, and the build names it (add its lang=zh cell).

    python scripts/build_lessons.py            # every lesson, in every language it has
    python scripts/build_lessons.py 02         # lessons whose name starts with 02
    python scripts/build_lessons.py --lang zh  # only the Chinese notebooks
"""
import ast
import json
import pathlib
import re
import sys
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[1]
SOURCES = ROOT / "lessons" / "src"
LESSONS = ROOT / "lessons"
TARGETS = {"en": LESSONS, "zh": LESSONS / "zh"}
TRANSLATED = "lang=zh"          # in a markdown cell's header: the Chinese of the cell above
# The Chinese notebook's first cell: the pictures speak Chinese (the code cells are the same).
ZH_SETUP = ('import course.viz\n'
            'course.viz.set_language("zh")   # 图、图例和控件上的文字用中文')


def _header_tags(header):
    _, _, rest = header.partition("tags=")
    return ast.literal_eval(rest.strip()) if rest else []


def _cell(kind, lines, tags):
    text = "\n".join(lines).strip("\n")
    translation = kind.endswith("-zh")
    kind = kind.removesuffix("-zh")
    if kind == "markdown":
        text = "\n".join(line[2:] if line.startswith("# ") else line.lstrip("#")
                         for line in text.splitlines())
        cell = nbformat.v4.new_markdown_cell(text)
    else:
        cell = nbformat.v4.new_code_cell(text)
    if tags:
        cell.metadata["tags"] = tags
    if translation:
        cell.metadata["zh"] = True
    return cell


def parse(source, lang="en"):
    """Cells of a percent-format source, with the prose in `lang` ("en" or "zh")."""
    cells, kind, lines, tags = [], None, [], []
    for line in source.splitlines():
        if line.startswith("# %%"):
            if kind is not None:
                cells.append(_cell(kind, lines, tags))
            kind = "markdown" if "[markdown]" in line else "code"
            kind += "-zh" if TRANSLATED in line.split("tags=")[0] else ""
            tags = _header_tags(line)
            lines = []
        elif kind is not None:
            lines.append(line)
    if kind is not None:
        cells.append(_cell(kind, lines, tags))
    return _in_language(cells, lang)


def _in_language(cells, lang):
    """The cells with each markdown cell's prose in `lang` (the Chinese cells dropped from
    the English notebook, put in place of their English ones in the Chinese notebook)."""
    chosen = []
    for cell in cells:
        if cell.metadata.pop("zh", False):
            if not chosen or chosen[-1].cell_type != "markdown" or chosen[-1].metadata.get(
                    "translated"):
                raise ValueError("a lang=zh cell must follow the English markdown cell it "
                                 "translates: %r" % cell.source[:60])
            if lang == "zh":
                chosen[-1] = cell
            chosen[-1].metadata["translated"] = True
        else:
            chosen.append(cell)
    if lang == "zh":
        missing = [c.source for c in chosen if c.cell_type == "markdown"
                   and not c.metadata.get("translated")]
        for text in missing:  # stays English until translated: said, never silent
            print("  no lang=zh cell after the markdown cell %r: it stays English in the "
                  "Chinese notebook" % text[:70], file=sys.stderr)
        # After the title cell: the notebook opens with the lesson's name.
        chosen.insert(1 if chosen and chosen[0].cell_type == "markdown" else 0,
                      nbformat.v4.new_code_cell(ZH_SETUP))
    for cell in chosen:
        cell.metadata.pop("translated", None)
    return chosen


def languages(source):
    """The languages a lesson source has prose in."""
    return ["en", "zh"] if re.search(r"^# %% \[markdown\] " + TRANSLATED, source, re.M) \
        else ["en"]


def _settle(notebook):
    """Make the stored notebook depend only on its source and outputs: stable cell ids, no
    execution timestamps, streams in one piece (so a rebuild that changes nothing shows no
    diff)."""
    for index, cell in enumerate(notebook.cells):
        cell.id = "cell-%02d" % index
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = _joined_streams(cell.outputs)


def _joined_streams(outputs):
    """One stream output per run of prints (how the text arrives in chunks varies by run)."""
    joined = []
    for output in outputs:
        if (output.output_type == "stream" and joined and joined[-1].output_type == "stream"
                and joined[-1].name == output.name):
            joined[-1].text += output.text
        else:
            joined.append(output)
    return joined


def _numbered_widgets(text):
    """The notebook's JSON with its widget model ids (random per run) replaced by numbers, in
    the order they are reached from the cells' outputs, then in order of their content."""
    found = re.findall(r'"model_id": "([0-9a-f]{32})"', text)
    states = json.loads(text).get("metadata", {}).get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}).get("state", {})
    order, pending = [], list(found)
    while pending:
        model_id = pending.pop(0)
        if model_id not in order:
            order.append(model_id)
            pending += re.findall(r"IPY_MODEL_([0-9a-f]{32})", json.dumps(states.get(model_id)))
    order += sorted(set(states) - set(order), key=lambda i: json.dumps(states[i], sort_keys=True))
    for number, model_id in enumerate(order, 1):
        text = text.replace(model_id, "%032x" % number)
    return nbformat.writes(nbformat.reads(text, as_version=4))


def build(path, lang="en"):
    """Execute the lesson source `path` and write its notebook in `lang` (TARGETS)."""
    target_dir = TARGETS[lang]
    target_dir.mkdir(exist_ok=True)
    notebook = nbformat.v4.new_notebook()
    notebook.cells = parse(path.read_text(encoding="utf-8"), lang)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    start = time.perf_counter()
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(target_dir)}}).execute()
    elapsed = time.perf_counter() - start
    _settle(notebook)
    target = target_dir / (path.stem + ".ipynb")
    target.write_text(_numbered_widgets(nbformat.writes(notebook)) + "\n", encoding="utf-8")
    print("%-40s %5.1f s" % (target.relative_to(ROOT), elapsed))


def main(argv):
    wanted = {"en", "zh"}
    if "--lang" in argv:
        at = argv.index("--lang")
        wanted, argv = {argv[at + 1]}, argv[:at] + argv[at + 2:]
    for path in sorted(SOURCES.glob("*.py")):
        if not argv or any(path.stem.startswith(p) for p in argv):
            for lang in languages(path.read_text(encoding="utf-8")):
                if lang in wanted:
                    build(path, lang)


if __name__ == "__main__":
    main(sys.argv[1:])
