"""Build the lesson notebooks from their sources and store their outputs.

Each lesson is written as a plain Python file in lessons/src/ (percent format: a line
``# %%`` starts a code cell, ``# %% [markdown]`` a markdown cell whose lines are comments,
``# %% tags=["nbval-ignore-output"]`` adds cell tags). This script turns each into
lessons/<name>.ipynb and executes it with nbclient, so the stored outputs are exactly what
the code prints; nbval then checks that a fresh run prints the same.

    python scripts/build_lessons.py            # every lesson
    python scripts/build_lessons.py 02         # lessons whose name starts with 02
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


def _header_tags(header):
    _, _, rest = header.partition("tags=")
    return ast.literal_eval(rest.strip()) if rest else []


def _cell(kind, lines, tags):
    text = "\n".join(lines).strip("\n")
    if kind == "markdown":
        text = "\n".join(line[2:] if line.startswith("# ") else line.lstrip("#")
                         for line in text.splitlines())
        cell = nbformat.v4.new_markdown_cell(text)
    else:
        cell = nbformat.v4.new_code_cell(text)
    if tags:
        cell.metadata["tags"] = tags
    return cell


def parse(source):
    """Cells of a percent-format source."""
    cells, kind, lines, tags = [], None, [], []
    for line in source.splitlines():
        if line.startswith("# %%"):
            if kind is not None:
                cells.append(_cell(kind, lines, tags))
            kind = "markdown" if "[markdown]" in line else "code"
            tags = _header_tags(line)
            lines = []
        elif kind is not None:
            lines.append(line)
    if kind is not None:
        cells.append(_cell(kind, lines, tags))
    return cells


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


def build(path, target_dir=LESSONS):
    """Execute the lesson source `path` and write target_dir/<name>.ipynb."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = parse(path.read_text(encoding="utf-8"))
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


# (sources, notebooks) folder pairs. A translation adds its pair, e.g.
# (LESSONS / "zh" / "src", LESSONS / "zh"); `python -m course lessons` copies every notebook
# under lessons/ except those in a src/ folder, keeping the sub-folders.
LESSON_SETS = [(SOURCES, LESSONS)]


def main(prefixes):
    for sources, target_dir in LESSON_SETS:
        for path in sorted(sources.glob("*.py")):
            if not prefixes or any(path.stem.startswith(p) for p in prefixes):
                build(path, target_dir)


if __name__ == "__main__":
    main(sys.argv[1:])
