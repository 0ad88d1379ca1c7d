"""`python -m course lessons`: the learner's workspace never loses an edit without asking, a
lesson can be reset, and JupyterLab gets --allow-root only for root."""
import json
import re
import subprocess
import sys

import pytest

from course.cli import lessons


@pytest.fixture
def shipped(tmp_path):
    """A stand-in for the pristine lessons: two notebooks, a source folder that is not copied."""
    folder = tmp_path / "shipped"
    (folder / "src").mkdir(parents=True)
    (folder / "00_intro.ipynb").write_text('{"v": 1}')
    (folder / "01_more.ipynb").write_text('{"v": 1}')
    (folder / "src" / "00_intro.py").write_text("# %%")
    return folder


def _sync(workspace, answer=None):
    said, asked = [], []

    def ask(question, default):
        asked.append(question)
        assert answer is not None, "asked although nothing was to be overwritten: " + question
        return answer
    workspace.sync(say=said.append, ask=ask)
    return said, asked


def test_first_run_copies_every_lesson_and_no_source(shipped, tmp_path):
    workspace = lessons.Workspace(tmp_path / "ws", shipped)
    said, _ = _sync(workspace)
    assert sorted(p.name for p in (tmp_path / "ws").glob("*.ipynb")) == ["00_intro.ipynb",
                                                                        "01_more.ipynb"]
    assert not (tmp_path / "ws" / "src").exists()
    assert len(said) == 2 and all("copied" in s for s in said)


def test_edits_survive_a_new_run_and_untouched_lessons_are_updated(shipped, tmp_path):
    _sync(lessons.Workspace(tmp_path / "ws", shipped))
    (tmp_path / "ws" / "00_intro.ipynb").write_text('{"v": 1, "mine": true}')
    for name in ("00_intro.ipynb", "01_more.ipynb"):
        (shipped / name).write_text('{"v": 2}')         # course ships a newer version
    said, asked = _sync(lessons.Workspace(tmp_path / "ws", shipped), answer=False)
    assert (tmp_path / "ws" / "00_intro.ipynb").read_text() == '{"v": 1, "mine": true}'
    assert (tmp_path / "ws" / "01_more.ipynb").read_text() == '{"v": 2}'
    assert len(asked) == 1 and "00_intro.ipynb has your edits" in asked[0]
    assert any("kept" in s and "--reset 00_intro" in s for s in said)


def test_replacing_an_edited_lesson_keeps_the_learners_copy(shipped, tmp_path):
    _sync(lessons.Workspace(tmp_path / "ws", shipped))
    (tmp_path / "ws" / "00_intro.ipynb").write_text("mine")
    (shipped / "00_intro.ipynb").write_text('{"v": 2}')
    _sync(lessons.Workspace(tmp_path / "ws", shipped), answer=True)
    assert (tmp_path / "ws" / "00_intro.ipynb").read_text() == '{"v": 2}'
    kept = [p for p in (tmp_path / "ws").glob("00_intro.*.ipynb")]
    assert len(kept) == 1 and kept[0].read_text() == "mine"


def test_an_edited_lesson_without_a_newer_version_is_kept_without_asking(shipped, tmp_path):
    _sync(lessons.Workspace(tmp_path / "ws", shipped))
    (tmp_path / "ws" / "01_more.ipynb").write_text("mine")
    _, asked = _sync(lessons.Workspace(tmp_path / "ws", shipped))
    assert asked == [] and (tmp_path / "ws" / "01_more.ipynb").read_text() == "mine"
    manifest = json.loads((tmp_path / "ws" / lessons.MANIFEST).read_text())
    assert set(manifest) == {"00_intro.ipynb", "01_more.ipynb"}


def test_reset_one_lesson_by_prefix(shipped, tmp_path):
    workspace = lessons.Workspace(tmp_path / "ws", shipped)
    _sync(workspace)
    (tmp_path / "ws" / "01_more.ipynb").write_text("mine")
    said = []
    assert workspace.reset("01", say=said.append, ask=lambda question, default: True)
    assert (tmp_path / "ws" / "01_more.ipynb").read_text() == '{"v": 1}'
    assert [p.read_text() for p in (tmp_path / "ws").glob("01_more.*.ipynb")] == ["mine"]
    assert not workspace.reset("0", say=said.append, ask=lambda question, default: True)
    assert "more than one lesson matches" in said[-1]


def test_jupyterlab_gets_allow_root_only_as_root(monkeypatch, tmp_path):
    monkeypatch.setattr(lessons.os, "geteuid", lambda: 0, raising=False)
    as_root = lessons.lab_command(tmp_path, ["--port", "8899"])
    monkeypatch.setattr(lessons.os, "geteuid", lambda: 1000, raising=False)
    as_learner = lessons.lab_command(tmp_path)
    assert as_root[1:3] == ["-m", "jupyterlab"] and "--allow-root" in as_root
    assert as_root[-2:] == ["--port", "8899"]
    assert "--allow-root" not in as_learner
    assert "--ServerApp.root_dir=%s" % tmp_path in as_learner


def test_the_shipped_lessons_are_found():
    folder = lessons.pristine_dir()
    names = [p.stem for p in lessons.pristine_lessons(folder)]
    assert "00_start_here" in names and all(not n.startswith("src") for n in names)


def test_python_m_course_lessons_copies_without_starting_jupyter(tmp_path):
    done = subprocess.run([sys.executable, "-m", "course", "lessons", str(tmp_path / "ws"),
                           "--no-lab"], capture_output=True, text=True, cwd=tmp_path,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "ws" / "00_start_here.ipynb").exists()
    assert "copied   00_start_here.ipynb" in done.stdout


def test_lang_picks_the_chinese_or_the_english_lessons(shipped, tmp_path):
    (shipped / "zh").mkdir()
    (shipped / "zh" / "00_intro.ipynb").write_text('{"v": "zh"}')
    assert [p.as_posix() for p in lessons.pristine_lessons(shipped, "zh")] == ["zh/00_intro.ipynb"]
    assert [p.as_posix() for p in lessons.pristine_lessons(shipped, "en")] == [
        "00_intro.ipynb", "01_more.ipynb"]
    _sync(lessons.Workspace(tmp_path / "zh-only", shipped, "zh"))
    assert sorted(p.relative_to(tmp_path / "zh-only").as_posix()
                  for p in (tmp_path / "zh-only").rglob("*.ipynb")) == ["zh/00_intro.ipynb"]
    workspace = lessons.Workspace(tmp_path / "both", shipped)
    _sync(workspace)
    assert (tmp_path / "both" / "zh" / "00_intro.ipynb").exists()
    assert workspace.reset("00", say=lambda _: None, ask=lambda *_: True)  # the English one
    assert workspace.reset("zh/00", say=lambda _: None, ask=lambda *_: True)
    assert "--ServerApp.default_url=/lab/tree/zh" in lessons.lab_command(tmp_path, lang="zh")
    assert not any("default_url" in a for a in lessons.lab_command(tmp_path, lang="en"))


def test_the_shipped_chinese_lessons_have_the_english_code_cells():
    folder = lessons.pristine_dir()
    chinese = lessons.pristine_lessons(folder, "zh")
    assert chinese, "no Chinese lesson is shipped"
    for relative in chinese:
        zh = json.loads((folder / relative).read_text(encoding="utf-8"))
        en = json.loads((folder / relative.name).read_text(encoding="utf-8"))
        code = lambda nb: ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
        assert code(zh)[0].startswith('import course.viz\ncourse.viz.set_language("zh")')
        assert code(zh)[1:] == code(en)
        prose = "".join("".join(c["source"]) for c in zh["cells"] if c["cell_type"] == "markdown")
        assert len(re.findall("[\u4e00-\u9fff]", prose)) > 0.3 * len(prose)
