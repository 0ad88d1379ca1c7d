"""scripts/build_lessons.py makes the English and the Chinese notebook of a lesson from one
source: the same code cells, the prose of the notebook's language."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import build_lessons  # noqa: E402

SOURCE = '''# %% [markdown]
# # Title
# %% [markdown] lang=zh
# # 标题
# %%
x = 1
# %% [markdown]
# Some prose.
# %% [markdown] lang=zh
# 一段讲解。
# %% tags=["nbval-ignore-output"]
print(x)
'''


def _kinds_and_text(cells):
    return [(c.cell_type, c.source) for c in cells]


def test_english_notebook_drops_the_chinese_cells():
    cells = build_lessons.parse(SOURCE, "en")
    assert _kinds_and_text(cells) == [("markdown", "# Title"), ("code", "x = 1"),
                                      ("markdown", "Some prose."), ("code", "print(x)")]
    assert all("zh" not in c.metadata for c in cells)
    assert build_lessons.languages(SOURCE) == ["en", "zh"]
    assert build_lessons.languages(SOURCE.replace(" lang=zh", "")) == ["en"]


def test_chinese_notebook_has_the_same_code_and_sets_the_pictures_language():
    cells = build_lessons.parse(SOURCE, "zh")
    assert _kinds_and_text(cells) == [
        ("markdown", "# 标题"), ("code", build_lessons.ZH_SETUP), ("code", "x = 1"),
        ("markdown", "一段讲解。"), ("code", "print(x)")]
    assert cells[-1].metadata["tags"] == ["nbval-ignore-output"]


def test_an_untranslated_cell_stays_english_and_is_named(capsys):
    source = SOURCE + "# %% [markdown]\n# New English prose.\n"
    cells = build_lessons.parse(source, "zh")
    assert cells[-1].source == "New English prose."
    assert "New English prose." in capsys.readouterr().err


def test_a_chinese_cell_must_follow_the_english_cell_it_translates():
    with pytest.raises(ValueError, match="must follow the English markdown cell"):
        build_lessons.parse("# %%\nx = 1\n# %% [markdown] lang=zh\n# 讲解\n", "zh")


LESSON_SOURCES = sorted((Path(__file__).resolve().parents[2] / "lessons" / "src").glob("*.py"))


@pytest.mark.parametrize("source", LESSON_SOURCES, ids=lambda p: p.stem)
def test_every_lesson_is_in_chinese_and_its_notebook_is_built_from_its_source(source, capsys):
    """Each markdown cell has its lang=zh cell, and lessons/zh/<name>.ipynb holds the cells the
    source gives now (rebuild with `python scripts/build_lessons.py <name>`)."""
    import nbformat

    text = source.read_text(encoding="utf-8")
    assert build_lessons.languages(text) == ["en", "zh"]
    cells = build_lessons.parse(text, "zh")
    assert capsys.readouterr().err == "", "markdown cells without their Chinese"
    notebook = nbformat.read(build_lessons.TARGETS["zh"] / (source.stem + ".ipynb"), as_version=4)
    assert [(c.cell_type, c.source) for c in notebook.cells] == [
        (c.cell_type, c.source) for c in cells]
