"""The wheel is how course reaches machines without this repository (Colab, a classroom's
pip mirror): it must carry every lesson notebook, byte for byte, and the bundled datasets.

The build runs offline (no build isolation), with the setuptools of the test venv."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    build = tmp_path_factory.mktemp("build")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "-q", "-w", str(out), str(REPO)],
        capture_output=True, text=True, cwd=build)
    if result.returncode:
        pytest.fail("pip wheel failed:\n" + result.stdout[-2000:] + result.stderr[-2000:])
    (path,) = out.glob("course-*.whl")
    return zipfile.ZipFile(path)


def test_every_lesson_is_in_the_wheel_unchanged(wheel):
    lessons = sorted(p for p in (REPO / "lessons").rglob("*.ipynb")
                     if not {"src", ".ipynb_checkpoints"} & set(p.relative_to(REPO / "lessons").parts))
    assert any(p.parent.name == "zh" for p in lessons)
    for notebook in lessons:
        inside = "course/_lessons/" + notebook.relative_to(REPO / "lessons").as_posix()
        assert wheel.read(inside) == notebook.read_bytes(), inside


def test_the_wheel_carries_the_datasets_and_no_tests(wheel):
    names = wheel.namelist()
    shipped = sorted(p.name for p in (REPO / "course" / "datasets" / "data").iterdir())
    assert shipped and all("course/datasets/data/" + n in names for n in shipped)
    assert not [n for n in names if n.startswith(("tests/", "scripts/", "lessons/"))]
