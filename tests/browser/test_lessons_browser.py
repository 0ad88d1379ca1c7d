"""The lessons, used as a learner uses them: JupyterLab in Chromium, Run All, look, touch.

Every lessons/*.ipynb is run and checked the same way; the lessons with widgets get their
widgets moved. harness/sample_lesson.ipynb (tests/browser/fixtures/) is a lesson in
miniature that always exists, so the harness tests itself even before any lesson does.
Screenshots land in test-artifacts/browser/: look at them.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE = "harness/sample_lesson.ipynb"
BROKEN = "harness/broken_lesson.ipynb"
LESSONS = sorted(f"lessons/{p.name}" for p in (REPO / "lessons").glob("*.ipynb"))
# The Chinese lessons (same code, Chinese prose and pictures) run and are checked the same way.
ZH_LESSONS = sorted(f"lessons/zh/{p.name}" for p in (REPO / "lessons" / "zh").glob("*.ipynb"))

pytestmark = pytest.mark.browser


def lesson(name: str) -> str:
    """A lesson a test below is about; skips (only) while it is not written yet."""
    if not (REPO / name).exists():
        pytest.skip("lesson not written yet")
    return name


def screenshot_name(path: str, suffix: str = "") -> str:
    return Path(path).stem + suffix + ".png"


# ---------------------------------------------------------------------- every notebook


@pytest.mark.parametrize("notebook", [SAMPLE, *LESSONS, *ZH_LESSONS])
def test_runs_clean_and_shows_pictures(notebook, notebook_runs, artifacts_dir):
    run = notebook_runs.run(notebook)
    run.screenshot(artifacts_dir / screenshot_name(notebook, "_zh" if "/zh/" in notebook else ""))
    problems = run.problems()
    assert not problems, f"{notebook} (Run All took {run.run_seconds:.1f} s):\n" + \
        "\n".join(problems)


def test_a_chinese_lesson_reads_in_chinese(notebook_runs):
    run = notebook_runs.run(lesson("lessons/zh/00_start_here.ipynb"))
    text = run.page.locator(".jp-Notebook").inner_text()
    assert "从这里开始" in text and "第一个程序" in text
    assert "Start here" not in text     # the English prose is not in the Chinese notebook


# ---------------------------------------------------------------------- what the checks do


def move_slider_and_check(run, label, artifacts_dir, value=None, index=None):
    """Type a new value (default: a quarter of the range away) into the slider labelled
    `label` (the `index`-th of several); the plot must change and the slider must show the
    new value."""
    before = run.slider(label, index)
    value = before.another_value() if value is None else value
    pictures_before = run.image_hashes()
    readout = run.set_slider(label, value, index)
    after = run.slider(label, index)
    assert readout != before.readout and after.shows(value), \
        f"slider {label!r} shows {readout!r} (was {before.readout!r}) after typing {value}"
    assert run.image_hashes() != pictures_before, "the plot did not change"
    suffix = "-after-slider" if index is None else f"-after-slider-{index}"
    run.screenshot(artifacts_dir / screenshot_name(run.path, suffix))
    assert not run.problems(), run.problems()
    return readout


def change_dropdown_and_check(run, label, artifacts_dir):
    """Pick another option in the dropdown labelled `label`; the picture and the text the
    cell shows must change."""
    widget = run.widget(".widget-dropdown", label)
    text_before, pictures_before = run.outputs_text(widget), run.image_hashes()
    picked = run.select(label)
    assert run.image_hashes() != pictures_before, "the illustration did not change"
    assert run.outputs_text(widget) != text_before, "the printed result did not change"
    assert widget.locator("select").evaluate("s => s.options[s.selectedIndex].text") == picked
    run.screenshot(artifacts_dir / screenshot_name(run.path, f"-after-{label}"))
    assert not run.problems(), run.problems()
    return picked


# ---------------------------------------------------------------------- the harness itself


@pytest.mark.parametrize("notebook", [SAMPLE])
def test_sample_learning_rate_slider_redraws_plot(notebook, notebook_runs, artifacts_dir):
    run = notebook_runs.run(notebook)
    readout = move_slider_and_check(run, "learning rate", artifacts_dir)
    # The plot's own printout follows the slider too.
    printed = re.findall(r"final loss at learning rate ([-+.\de]+):",
                         run.page.locator(".jp-Notebook").inner_text())
    assert len(printed) == 1 and math.isclose(float(printed[0]), float(readout), rel_tol=1e-2), \
        (printed, readout)


@pytest.mark.parametrize("notebook", [SAMPLE])
def test_sample_reduce_explorer_axis_redraws(notebook, notebook_runs, artifacts_dir):
    run = notebook_runs.run(notebook)
    picked = change_dropdown_and_check(run, "axis", artifacts_dir)
    text = run.outputs_text(run.widget(".widget-dropdown", "axis"))
    assert re.search(rf"axis={re.escape(picked)}", text), text


@pytest.mark.parametrize("notebook", [SAMPLE])
def test_sample_shows_graph_svg_and_tagged_error(notebook, notebook_runs):
    """What the generic check relies on, pinned on a notebook whose content is known."""
    run = notebook_runs.run(notebook)
    cells = run.cells()
    assert any(img["svg"] and img["width"] > 0 for c in cells for img in c.images)
    assert "c = 5.0" in "".join(cells[2].texts)
    assert any("Dimensions must be equal" in t for t in cells[6].errors)  # tagged: allowed
    assert "the end: every cell ran" in "".join(cells[7].texts)


@pytest.mark.parametrize("notebook", [BROKEN])
def test_harness_reports_an_error(notebook, notebook_runs, artifacts_dir):
    """The error check can fail: an untagged error is reported, and the run stops there."""
    run = notebook_runs.run(notebook)
    run.screenshot(artifacts_dir / screenshot_name(notebook))
    problems = "\n".join(run.problems())
    assert "cell 1" in problems and "ZeroDivisionError" in problems, problems
    assert "cell 2" in problems and "did not run" in problems, problems
    assert "no picture" in problems, problems


# ---------------------------------------------------------------------- the lessons' widgets


@pytest.mark.parametrize("notebook", ["lessons/01_loss_and_optimizers.ipynb"])
def test_reduce_explorer_axis_changes_picture_and_result(notebook, notebook_runs,
                                                        artifacts_dir):
    run = notebook_runs.run(lesson(notebook))
    change_dropdown_and_check(run, "axis", artifacts_dir)


@pytest.mark.parametrize("notebook", ["lessons/02_backprop_pku.ipynb",
                                      "lessons/03_mnist_softmax.ipynb"])
def test_learning_rate_slider_redraws_plot(notebook, notebook_runs, artifacts_dir):
    run = notebook_runs.run(lesson(notebook))
    # Lesson 02's Playground, earlier in the lesson, has a learning-rate slider of its own
    # (its test presses step and play); the learning-rate experiment's slider is the last one.
    sliders = run.widgets(".widget-slider", "learning rate").count()
    assert sliders >= 1, "the lesson shows no 'learning rate' slider"
    move_slider_and_check(run, "learning rate", artifacts_dir,
                          index=sliders - 1 if sliders > 1 else None)


@pytest.mark.parametrize("notebook", ["lessons/04_optimization_steps.ipynb"])
def test_optimizer_race_slider_steps(notebook, notebook_runs, artifacts_dir):
    run = notebook_runs.run(lesson(notebook))
    races = run.widgets(".widget-slider", "step").count()
    assert races >= 1, "the lesson shows no optimizer race with a 'step' slider"
    for index in range(races):
        move_slider_and_check(run, "step", artifacts_dir, index=index)
        assert_picture_is_stacked(run, index)
    # A new rate re-runs the race: its first part, then the whole race, in the stacked layer.
    move_slider_and_check(run, "learning rate ×", artifacts_dir, index=0 if races > 1 else None)


def assert_picture_is_stacked(run, index):
    """The race's picture is two images, the still contours and the moving paths over them:
    both loaded and lying exactly on each other (side by side, the paths would float beside
    the surface), the layer on top."""
    race = run.widget(".widget-slider", "step", index).locator(
        "xpath=ancestor::div[contains(@class, 'widget-vbox')][1]")
    images = race.locator(".widget-gridbox img")
    images.last.scroll_into_view_if_needed()
    boxes = images.evaluate_all(
        "imgs => imgs.map(i => { const r = i.getBoundingClientRect();"
        " return [r.x, r.y, r.width, r.height, i.naturalWidth]; })")
    assert len(boxes) == 2 and boxes[0] == boxes[1] and boxes[0][2] > 0, boxes
    on_top = images.evaluate_all("imgs => { const r = imgs[0].getBoundingClientRect();"
                                 " return document.elementFromPoint(r.x + r.width / 2,"
                                 " r.y + r.height / 2) === imgs[1]; }")
    assert on_top, "the moving layer is not on top of the contours"


def press_and_check(run, press, artifacts_dir, name):
    """`press()` a widget's button: some picture must change, and nothing go wrong."""
    pictures_before = run.image_hashes()
    press()
    assert run.image_hashes() != pictures_before, "the picture did not change"
    run.screenshot(artifacts_dir / screenshot_name(run.path, f"-after-{name}"))
    assert not run.problems(), run.problems()


@pytest.mark.parametrize("notebook", ["lessons/02_backprop_pku.ipynb"])
def test_playground_steps_and_plays(notebook, notebook_runs, artifacts_dir):
    run = notebook_runs.run(lesson(notebook))
    press_and_check(run, lambda: run.click("step"), artifacts_dir, "playground-step")
    press_and_check(run, lambda: run.play(beside="step"), artifacts_dir, "playground-play")


@pytest.mark.parametrize("notebook", ["lessons/02_backprop_pku.ipynb"])
def test_training_replay_plays(notebook, notebook_runs, artifacts_dir):
    run = notebook_runs.run(lesson(notebook))
    press_and_check(run, lambda: run.play(beside="frame"), artifacts_dir, "replay-play")


@pytest.mark.parametrize("notebook", ["lessons/02_backprop_pku.ipynb"])
def test_backprop_walkthrough_next(notebook, notebook_runs, artifacts_dir):
    run = notebook_runs.run(lesson(notebook))
    for _ in range(3):
        press_and_check(run, lambda: run.click("next"), artifacts_dir, "walkthrough-next")
