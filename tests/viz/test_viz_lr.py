"""course.viz.lr_experiment: the slider's runs are real training runs, drawn in place, honestly."""

import os
import types
import warnings

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np
import pytest

import course as tf
from course.datasets import load_pku
from course.viz.learning_rate_experiment import Trainer, lr_experiment, train_losses, window_means
from course.viz.presets import (
    OPTIMIZER_NAMES,
    Model,
    as_model,
    make_optimizer,
    optimizer_code,
    optimizer_label,
)

# ------------------------------------------------------------ the article's code, typed out


def pku_direct_losses(optimizer, steps):
    """The PKU lesson's loop, as a learner writes it, recording every step's batch loss."""
    X, Y_ = load_pku()
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, shape=(None, 2))
        y_ = tf.placeholder(tf.float32, shape=(None, 1))
        w1 = tf.Variable(tf.random_normal([2, 3], stddev=1, seed=1))
        w2 = tf.Variable(tf.random_normal([3, 1], stddev=1, seed=1))
        y = tf.matmul(tf.matmul(x, w1), w2)
        loss = tf.reduce_mean(tf.square(y_ - y))
        train_step = optimizer.minimize(loss)
        losses = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for i in range(steps):
                start = (i * 8) % 32
                _, value = sess.run([train_step, loss],
                                    feed_dict={x: X[start:start + 8], y_: Y_[start:start + 8]})
                losses.append(value)
    return np.array(losses)


def direct(make, steps):
    """pku_direct_losses with the optimizer made inside the graph."""
    class Lazy:
        def minimize(self, loss):
            return make().minimize(loss)
    return pku_direct_losses(Lazy(), steps)


# ------------------------------------------------------------ the slider equals a direct run


def test_slider_value_gives_the_direct_runs_losses():
    experiment = lr_experiment(preset="pku")
    experiment.lr_slider.value = 0.02
    expected = direct(lambda: tf.train.GradientDescentOptimizer(0.02), 3000)
    assert experiment.result.shape == (3000,)
    np.testing.assert_array_equal(experiment.result, expected.astype(experiment.result.dtype))
    # The first value of the lesson's run: w1, w2 drawn with seed=1 as in TF.
    assert experiment.result[0] == pytest.approx(5.583308, rel=1e-6)


@pytest.mark.parametrize("name, make", [
    ("Momentum", lambda: tf.train.MomentumOptimizer(0.01, momentum=0.5)),
    ("Nesterov", lambda: tf.train.MomentumOptimizer(0.01, momentum=0.5, use_nesterov=True)),
    ("Adam", lambda: tf.train.AdamOptimizer(0.01)),
    ("RMSProp", lambda: tf.train.RMSPropOptimizer(0.01, momentum=0.5)),
    ("Adagrad", lambda: tf.train.AdagradOptimizer(0.01)),
    ("Adadelta", lambda: tf.train.AdadeltaOptimizer(0.01)),
])
def test_each_optimizer_equals_its_direct_run(name, make):
    experiment = lr_experiment(preset="pku", steps=300)
    experiment.optimizer_dropdown.value = name
    if experiment.momentum_slider.layout.display != "none":
        experiment.momentum_slider.value = 0.5
    experiment.lr_slider.value = 0.01
    np.testing.assert_array_equal(experiment.result, direct(make, 300))


def test_rerunning_a_setting_repeats_it_exactly():
    # Re-initialised from the values first drawn, not from a fresh random draw.
    experiment = lr_experiment(preset="pku", steps=200)
    first = experiment.result.copy()
    experiment.lr_slider.value = 0.1
    experiment.lr_slider.value = 0.001
    np.testing.assert_array_equal(experiment.result, first)


def test_train_losses_without_a_widget():
    run = train_losses(lambda: as_model(Model(*_line_fit())), "Adam", 0.1, 50)
    assert run.losses.shape == (50,) and run.diverged_at is None
    assert run.losses[-1] < run.losses[0]


# ------------------------------------------------------------ the model protocol

XS = np.linspace(-1, 1, 100, dtype=np.float32)
YS = 3 * XS + 1


def _line_fit():
    x = tf.placeholder(tf.float32, [None])
    y = tf.placeholder(tf.float32, [None])
    w = tf.Variable(0.0)
    b = tf.Variable(0.0)
    loss = tf.reduce_mean(tf.square(w * x + b - y))

    def feed(step):
        start = step * 10 % 100
        return {x: XS[start:start + 10], y: YS[start:start + 10]}
    return loss, feed


def test_model_fn_returning_loss_and_feed_function():
    experiment = lr_experiment(_line_fit, steps=200, learning_rate=0.1)
    assert experiment.result.shape == (200,)
    assert experiment.result[-1] < 1e-3 * experiment.result[0]


def test_model_fn_returning_only_a_loss_and_a_fixed_feed():
    def quadratic():
        w = tf.Variable(4.0)
        return tf.square(w)

    def with_dict():
        x = tf.placeholder(tf.float32, [])
        w = tf.Variable(4.0)
        return tf.square(w - x), {x: 1.0}

    only_loss = lr_experiment(quadratic, steps=5, learning_rate=0.25)
    np.testing.assert_allclose(only_loss.result, [16, 4, 1, 0.25, 0.0625])
    fixed_feed = lr_experiment(with_dict, steps=3, learning_rate=0.25)
    np.testing.assert_allclose(fixed_feed.result, [9, 2.25, 0.5625])


def test_init_runs_after_the_variables_are_initialised_before_every_run():
    calls = []

    def model():
        w = tf.Variable(0.0)
        set_w = tf.assign(w, 2.0)

        def init(session):
            calls.append(session.run(set_w))
        return Model(tf.square(w), None, init)

    experiment = lr_experiment(model, steps=2, learning_rate=0.25)
    assert experiment.result[0] == 4.0  # started from the value init set, not from 0
    experiment.lr_slider.value = 0.1
    assert len(calls) == 2 and experiment.result[0] == 4.0


def test_protocol_mistakes_are_explained():
    with pytest.raises(ValueError, match="loss, \\(loss, feed\\) or \\(loss, feed, init\\)"):
        as_model((1, 2, 3, 4))
    with pytest.raises(ValueError, match="must be a scalar"):
        lr_experiment(lambda: tf.square(tf.Variable([1.0, 2.0])), steps=3)
    for zero in ({"steps": 0}, {"learning_rate": 0}, {"max_steps": 0}, {"average_over": 0}):
        with pytest.raises(ValueError, match="must be"):  # 0 is refused, not taken as default
            lr_experiment(**zero)
    with pytest.raises(ValueError, match="model_fn or preset, not both"):
        lr_experiment(_line_fit, preset="pku")
    with pytest.raises(ValueError, match="preset must be one of"):
        lr_experiment(preset="cifar")
    with pytest.raises(ValueError, match="optimizer must be one of"):
        lr_experiment(_line_fit, optimizer="Lion")

    def changing_keys():
        x = tf.placeholder(tf.float32, [])
        z = tf.placeholder(tf.float32, [])
        w = tf.Variable(1.0)
        return tf.square(w * x + z), lambda step: {x: 1.0, z: 0.0} if step == 0 else {x: 1.0}
    with pytest.raises(ValueError, match="same tensors at every step"):
        lr_experiment(changing_keys, steps=3)


# ------------------------------------------------------------ divergence


def test_divergence_stops_the_run_and_is_marked_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow warning would fail the test
        experiment = lr_experiment(preset="quadratic_1d", steps=200, learning_rate=1.5)
    run = experiment.run
    n = run.diverged_at
    assert n is not None and len(experiment.result) == n + 1
    assert not np.isfinite(experiment.result[-1]) and np.all(np.isfinite(experiment.result[:-1]))
    curve = experiment.curves.current
    assert curve.cross.get_visible() and list(curve.cross.get_xdata()) == [n]
    assert curve.note.get_text() == f"diverged at step {n}"
    assert curve.line.get_xdata()[-1] == n  # the curve runs on to the cross
    labels = [t.get_text() for t in experiment.curves.legend.get_texts()]
    assert labels == [f"GradientDescent lr=1.5: diverged at step {n}"]
    # The view is not blown up to 1e38: it stops a decade above the first loss (9).
    assert experiment.curves.ax.get_ylim()[1] == 100.0


def _pixel_box(artist):
    return artist.get_window_extent(artist.figure.canvas.get_renderer())


def test_an_early_divergence_is_zoomed_on_and_its_label_overlaps_nothing():
    experiment = lr_experiment(preset="pku", steps=400)
    experiment.pin()
    experiment.lr_slider.value = 0.5          # diverges within the first steps
    curves, n = experiment.curves, experiment.run.diverged_at
    assert n is not None and n < 40
    assert curves.ax.get_xlim() == (0.0, float(max(10, 3 * n)))
    # Every step's loss is drawn up to the divergence (not one averaged point).
    assert len(curves.current.line.get_xdata()) == n + 1
    assert "mean of every" not in curves.ax.get_ylabel()
    experiment.to_png()
    note, legend = _pixel_box(curves.current.note), _pixel_box(curves.legend)
    axes = _pixel_box(curves.ax)
    assert not note.overlaps(legend) and legend.y1 < axes.y0   # the legend is under the axes
    # The label sits above the other curves (in the empty band at the top).
    data_to_pixels = curves.ax.transData.transform
    highest = max(float(np.max(c.y)) for c in curves.pinned)
    assert note.y0 > data_to_pixels((0, highest))[1]
    # Back to a converging rate: the whole run, averaged again.
    experiment.lr_slider.value = 0.05
    assert curves.ax.get_xlim() == (0.0, 400.0) and "mean of every 4" in curves.ax.get_ylabel()


def test_a_converging_run_has_no_divergence_mark():
    experiment = lr_experiment(preset="quadratic_1d")
    assert experiment.run.diverged_at is None
    assert not experiment.curves.current.cross.get_visible()
    assert not experiment.curves.current.note.get_visible()


# ------------------------------------------------------------ the widget


def test_pin_keeps_earlier_curves_with_their_settings():
    experiment = lr_experiment(preset="quadratic_1d")
    experiment.pin_button.click()
    experiment.lr_slider.value = 0.3
    experiment.optimizer_dropdown.value = "Momentum"
    experiment.pin_button.click()
    experiment.optimizer_dropdown.value = "Adam"
    labels = [t.get_text() for t in experiment.curves.legend.get_texts()]
    assert len(labels) == 3
    assert labels[0].startswith("GradientDescent lr=0.1 → ")
    assert labels[1].startswith("Momentum lr=0.3 m=0.9 → ")
    assert labels[2].startswith("Adam lr=0.3 → ")
    assert [run.optimizer for run in experiment.pinned] == ["GradientDescent", "Momentum"]
    lines = [line for line in experiment.curves.ax.lines if line.get_xdata().size]
    assert len(lines) == 3
    experiment.clear_button.click()
    assert len(experiment.curves.legend.get_texts()) == 1 and experiment.pinned == []


def test_momentum_slider_is_shown_only_where_it_applies():
    experiment = lr_experiment(preset="quadratic_1d")
    assert [label for label, _ in experiment.optimizer_dropdown.options] == [
        "GradientDescent", "Momentum", "Nesterov momentum", "Adagrad", "Adadelta", "RMSProp",
        "Adam"]
    shown = {}
    for name in OPTIMIZER_NAMES:
        experiment.optimizer_dropdown.value = name
        shown[name] = experiment.momentum_slider.layout.display != "none"
    assert shown == {"GradientDescent": False, "Momentum": True, "Nesterov": True,
                     "Adagrad": False, "Adadelta": False, "RMSProp": True, "Adam": False}
    # Each optimizer keeps its own momentum: RMSProp's default is TF's 0.0.
    assert experiment.optimizer_dropdown.value == "Adam"
    experiment.optimizer_dropdown.value = "RMSProp"
    assert experiment.momentum_slider.value == 0.0
    experiment.optimizer_dropdown.value = "Momentum"
    assert experiment.momentum_slider.value == 0.9


def test_redraw_is_in_place_one_figure_one_output():
    experiment = lr_experiment(preset="quadratic_2d")
    figure, line = experiment.figure, experiment.curves.current.line
    for value in (0.01, 0.02, 0.05):
        experiment.lr_slider.value = value
    experiment.steps_slider.value = 40
    assert experiment.figure is figure and experiment.curves.current.line is line
    assert len(experiment.output.outputs) == 1
    data = experiment.output.outputs[0]["data"]
    assert "image/png" in data and "lr=0.05" in data["text/plain"]
    assert experiment.result.shape == (40,)
    assert experiment.curves.ax.get_xlim() == (0.0, 40.0)


def test_sliders_do_not_rerun_while_dragging():
    experiment = lr_experiment(preset="quadratic_1d")
    for slider in (experiment.lr_slider, experiment.momentum_slider, experiment.steps_slider):
        assert slider.continuous_update is False
    assert experiment.lr_slider.min <= -5 and experiment.lr_slider.max >= 1  # log10 range


def test_static_picture_has_its_parts_and_renders_identically_twice():
    def render():
        experiment = lr_experiment(preset="pku", steps=400)
        experiment.pin()
        experiment.lr_slider.value = 0.05
        experiment.pin()
        experiment.lr_slider.value = 0.8  # diverges
        return experiment

    first, second = render(), render()
    ax = first.curves.ax
    assert ax.get_title(loc="left").startswith("PKU 2-3-1 network")
    # lr 0.8 diverges early: the view zooms on it and shows every step's loss.
    assert ax.get_xlabel() == "step" and "zoomed on the diverged run" in ax.get_ylabel()
    assert len(first.curves.legend.get_texts()) == 3
    assert first.curves.code_text.get_text().startswith(
        "tf.train.GradientDescentOptimizer(0.8).minimize(loss)")
    png = first.to_png()
    assert png.startswith(b"\x89PNG") and png == second.to_png()
    assert b"Software" not in png  # no version text chunk, no date
    bundle = first._repr_mimebundle_()
    assert "diverged at step" in bundle["text/plain"]
    assert bundle["image/png"].startswith(b"\x89PNG")  # for static notebook viewers
    assert "application/vnd.jupyter.widget-view+json" in bundle


# ------------------------------------------------------------ pieces


def test_window_means_average_each_window_and_skip_the_non_finite():
    x, y = window_means(np.array([1.0, 3.0, 5.0, 7.0, 9.0, np.inf]), 2)
    np.testing.assert_array_equal(x, [0.5, 2.5, 4.0])
    np.testing.assert_array_equal(y, [2.0, 6.0, 9.0])
    x, y = window_means(np.array([4.0, 2.0]), 1)
    np.testing.assert_array_equal(x, [0, 1])


def test_optimizer_names_code_and_labels():
    assert optimizer_code("Nesterov", 0.01) == (
        "tf.train.MomentumOptimizer(0.01, momentum=0.9, use_nesterov=True)")
    assert optimizer_code("Adam", 0.001) == "tf.train.AdamOptimizer(0.001)"
    assert optimizer_label("RMSProp", 0.01) == "RMSProp lr=0.01 m=0"
    with tf.Graph().as_default():
        optimizer = make_optimizer("nesterov momentum", 0.1, momentum=0.5)
        assert isinstance(optimizer, tf.train.MomentumOptimizer)
        assert optimizer._use_nesterov and optimizer._momentum == 0.5


def test_a_trainer_builds_its_graph_once():
    trainer = Trainer(_line_fit, "GradientDescent")
    ops = len(trainer.graph.get_operations())
    trainer.run(0.1, 20)
    trainer.run(0.2, 30)
    assert len(trainer.graph.get_operations()) == ops


def test_course_viz_lr_experiment_is_the_function():
    import course.viz

    assert not isinstance(course.viz.lr_experiment, types.ModuleType)


def test_make_callable_is_run_without_the_per_call_work():
    # The trainer's fast path (course/session.py): same values as run(), same checks.
    x = tf.placeholder(tf.float32, [None])
    w = tf.Variable(2.0)
    loss = tf.reduce_sum(tf.square(w * x))
    step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        call = sess.make_callable([loss, {"w": w}], [x])
        assert call([1.0, 2.0]) == [20.0, {"w": 2.0}]
        train = sess.make_callable(step, [x])
        assert train(np.array([1.0], np.float32)) is None and sess.run(w) == pytest.approx(1.6)
        with pytest.raises(TypeError, match="takes 1 feed values"):
            call()
        with pytest.raises(ValueError, match="Cannot feed value of shape"):
            call([[1.0]])
    with pytest.raises(RuntimeError, match="closed Session"):
        call([1.0])
