"""How the training pictures answer a slider fast: a setting trained before is not trained
again, and a long training shows its first part early. Both must show exactly what a fresh
training shows."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np

import course as tf
from course.viz import learning_rate_experiment as lre
from course.viz import optimizer_racing
from course.viz.learning_rate_experiment import Trainer, lr_experiment
from course.viz.optimizer_racing import optimizer_race


def _line_fit():
    xs = np.linspace(-1, 1, 40, dtype=np.float32)
    x = tf.placeholder(tf.float32, [None])
    y = tf.placeholder(tf.float32, [None])
    w = tf.Variable(0.0)
    b = tf.Variable(0.0)
    loss = tf.reduce_mean(tf.square(w * x + b - y))
    return loss, lambda step: {x: xs[step % 4 * 10:][:10], y: 3 * xs[step % 4 * 10:][:10] + 1}


def _counting_steps(trainer):
    calls = []
    step = trainer._step

    def counted(*values):
        calls.append(1)
        return step(*values)
    trainer._step = counted
    return calls


def test_a_setting_trained_before_is_not_trained_again_and_shows_the_same_losses():
    fresh = Trainer(_line_fit, "Momentum").run(0.05, 30, momentum=0.5)
    trainer = Trainer(_line_fit, "Momentum")
    calls = _counting_steps(trainer)
    first = trainer.run(0.05, 30, momentum=0.5)
    again = trainer.run(0.05, 30, momentum=0.5)
    shorter = trainer.run(0.05, 12, momentum=0.5)
    assert len(calls) == 30                        # the second and third runs trained nothing
    np.testing.assert_array_equal(first.losses, fresh.losses)
    np.testing.assert_array_equal(again.losses, fresh.losses)
    np.testing.assert_array_equal(shorter.losses, fresh.losses[:12])
    assert shorter.steps == 12 and shorter.diverged_at is None
    trainer.run(0.05, 30, momentum=0.6)            # another momentum is another setting
    trainer.run(0.05, 40, momentum=0.5)            # more steps than remembered: trained
    assert len(calls) == 30 + 30 + 40


def test_a_remembered_divergence_stays_a_divergence():
    trainer = Trainer(_line_fit, "GradientDescent")
    diverged = trainer.run(50.0, 200)
    assert diverged.diverged_at is not None
    calls = _counting_steps(trainer)
    longer = trainer.run(50.0, 300)
    before = trainer.run(50.0, diverged.diverged_at - 2)
    assert calls == []
    assert longer.diverged_at == diverged.diverged_at and longer.steps == 300
    assert before.diverged_at is None and np.isfinite(before.losses).all()


def test_a_long_training_shows_its_first_part_then_the_whole_curve(monkeypatch):
    monkeypatch.setattr(lre, "FIRST_PART_AFTER", 0.0)
    experiment = lr_experiment(_line_fit, steps=20, learning_rate=0.1)
    shown = []
    monkeypatch.setattr(experiment, "_refresh",
                        lambda: shown.append(experiment.curves.current.run))
    experiment.lr_slider.value = 0.2
    assert [len(run.losses) for run in shown] == [2, 20]   # a line's two points, then all
    assert shown[0].steps == 20                            # drawn on the whole run's axis
    np.testing.assert_array_equal(shown[1].losses, Trainer(_line_fit, "GradientDescent")
                                  .run(0.2, 20).losses)
    shown.clear()
    experiment.lr_slider.value = 0.1                       # seen before: one picture, at once
    assert len(shown) == 1 and len(shown[0].losses) == 20


def test_the_race_remembers_its_settings_and_shows_a_first_part(monkeypatch):
    monkeypatch.setattr(optimizer_racing, "FIRST_PART_AFTER", 0.0)
    race = optimizer_race("beale", optimizers=["GradientDescent", "Adam"], steps=30)
    fresh = {name: path.copy() for name, path in race.trajectories.items()}
    box = race.widget()
    pictures = []
    box.layer.observe(lambda _change: pictures.append(repr(race)), names="value")
    box.lr_slider.value = 2.0
    # the start (the steps known when the first part is shown), then the whole race; the
    # quick first frame has no legend, the whole race has it again
    assert len(pictures) == 2 and "step 0/30" in pictures[0] and "step 30/30" in pictures[1]
    assert race.picture.legend.get_visible()
    runs = []
    real_run = race._trainer.run
    monkeypatch.setattr(race._trainer, "run", lambda *a, **k: runs.append(a) or real_run(*a, **k))
    box.lr_slider.value = 1.0                              # the first setting: remembered
    assert runs == []
    for name, path in fresh.items():
        np.testing.assert_array_equal(race.trajectories[name], path)


def test_a_first_part_is_a_quick_frame_of_whole_windows_in_the_view_it_fits(monkeypatch):
    """The quick frame leaves out the code line and the legend (their text is most of a
    frame's drawing), averages whole windows only (a partial one would dip at the end) and
    keeps the view while the points fit in it (a narrower view would redraw everything)."""
    monkeypatch.setattr(lre, "FIRST_PART_AFTER", 0.0)
    experiment = lr_experiment(_line_fit, steps=40, learning_rate=0.1, average_over=4)
    curves = experiment.curves
    frames = []
    monkeypatch.setattr(experiment, "_refresh", lambda: frames.append(
        (curves.current.x.copy(), curves.code_text.get_visible(), curves.legend.get_visible(),
         curves._view)))
    view = curves._view
    experiment.lr_slider.value = 0.12
    (quick_x, quick_code, quick_legend, quick_view), (x, code, legend, _) = frames
    assert len(quick_x) == 2 and not quick_code and not quick_legend
    assert quick_view == view
    assert len(x) == 10 and code and legend
    assert "0.12" in curves.code_text.get_text()
