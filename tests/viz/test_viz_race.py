"""course.viz.optimizer_race: course's optimizers racing on surfaces, drawn faithfully."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np
import pytest

import course as tf
from course.viz import optimizer_race
from course.viz.optimizer_racing import contour_levels
from course.viz.presets import OPTIMIZER_NAMES
from course.viz.surfaces import SURFACES, get_surface

# The surfaces, typed out independently of course.viz.surfaces.
FORMULAS = {
    "beale": lambda x, y: ((1.5 - x + x * y) ** 2 + (2.25 - x + x * y ** 2) ** 2
                           + (2.625 - x + x * y ** 3) ** 2),
    "saddle": lambda x, y: x ** 2 - y ** 2,
    "rosenbrock": lambda x, y: (1 - x) ** 2 + 100 * (y - x ** 2) ** 2,
    "valley": lambda x, y: 0.05 * (x + y) ** 2 + 2.5 * (x - y) ** 2,
}
DIRECT = {
    "GradientDescent": lambda lr, m: tf.train.GradientDescentOptimizer(lr),
    "Momentum": lambda lr, m: tf.train.MomentumOptimizer(lr, momentum=m),
    "Nesterov": lambda lr, m: tf.train.MomentumOptimizer(lr, momentum=m, use_nesterov=True),
    "Adagrad": lambda lr, m: tf.train.AdagradOptimizer(lr),
    "Adadelta": lambda lr, m: tf.train.AdadeltaOptimizer(lr),
    "RMSProp": lambda lr, m: tf.train.RMSPropOptimizer(lr),
    "Adam": lambda lr, m: tf.train.AdamOptimizer(lr),
}


def direct_run(surface, name, learning_rate, momentum, steps):
    """One optimizer minimising the surface on its own Variable, the plain TF1 way."""
    with tf.Graph().as_default():
        point = tf.Variable(np.asarray(surface.start, dtype=np.float32))
        train = DIRECT[name](learning_rate, momentum).minimize(surface.course(point))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(steps):
                sess.run(train)
            return sess.run(point)


# ------------------------------------------------------------ the surfaces


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_course_ops_and_numpy_twin_compute_the_formula(name):
    surface = SURFACES[name]
    rng = np.random.default_rng(1)
    (x0, x1), (y0, y1) = surface.bounds
    points = np.stack([rng.uniform(x0, x1, 20), rng.uniform(y0, y1, 20)], axis=1)
    expected = FORMULAS[name](points[:, 0].astype(np.float64), points[:, 1].astype(np.float64))
    np.testing.assert_allclose(surface.numpy(points[:, 0], points[:, 1]), expected, rtol=1e-12)
    with tf.Graph().as_default():
        p = tf.placeholder(tf.float32, [2])
        f = surface.course(p)
        with tf.Session() as sess:
            got = [sess.run(f, {p: point}) for point in points.astype(np.float32)]
    np.testing.assert_allclose(got, expected, rtol=2e-5, atol=1e-4)


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_the_marked_point_is_the_minimum_or_the_saddle(name):
    surface = SURFACES[name]
    point = surface.optimum or surface.saddle
    h = 1e-6
    fx = (surface.numpy(point[0] + h, point[1]) - surface.numpy(point[0] - h, point[1])) / 2 / h
    fy = (surface.numpy(point[0], point[1] + h) - surface.numpy(point[0], point[1] - h)) / 2 / h
    assert abs(fx) < 1e-6 and abs(fy) < 1e-6  # a critical point
    if surface.optimum is not None:
        assert surface.numpy(*point) == surface.minimum_value
        grid = np.linspace(-1, 1, 21) * 0.1
        around = surface.numpy(point[0] + grid[:, None], point[1] + grid[None, :])
        assert around.min() >= surface.minimum_value
    (x0, x1), (y0, y1) = surface.bounds
    assert x0 < point[0] < x1 and y0 < point[1] < y1
    assert x0 < surface.start[0] < x1 and y0 < surface.start[1] < y1
    assert set(surface.learning_rates) == set(OPTIMIZER_NAMES)


def test_the_saddle_start_is_just_off_the_ridge():
    start = SURFACES["saddle"].start
    assert start[1] != 0 and abs(start[1]) < 0.01


def test_surface_names():
    assert get_surface("ill-conditioned") is SURFACES["valley"]
    with pytest.raises(ValueError, match="surface must be one of"):
        get_surface("himmelblau")


def test_log_levels_are_log_spaced():
    beale = SURFACES["beale"]
    x, y = np.meshgrid(np.linspace(-1.5, 4.5, 50), np.linspace(-2.5, 2.5, 50))
    levels = contour_levels(beale.numpy(x, y), log=True)
    ratios = levels[1:] / levels[:-1]
    np.testing.assert_allclose(ratios, ratios[0])
    assert levels[-1] / levels[0] > 1e4  # several decades
    assert np.allclose(np.diff(contour_levels(np.arange(10.0) - 5, log=False)), 9 / 29)


# ------------------------------------------------------------ the race equals direct runs


def test_last_points_equal_direct_runs_of_each_optimizer():
    race = optimizer_race("beale", steps=60)
    beale = SURFACES["beale"]
    for name in OPTIMIZER_NAMES:
        expected = direct_run(beale, name, beale.learning_rates[name], 0.9, 60)
        np.testing.assert_array_equal(race.trajectories[name][-1], expected, err_msg=name)
        assert race.trajectories[name].shape == (61, 2)


def test_every_point_of_a_trajectory_is_the_point_after_that_many_steps():
    race = optimizer_race("rosenbrock", optimizers=("Adam", "Momentum"), steps=12,
                          learning_rates={"Adam": 0.05}, momentum=0.5)
    rosenbrock = SURFACES["rosenbrock"]
    for t in (0, 1, 5, 12):
        np.testing.assert_array_equal(race.trajectories["Adam"][t],
                                      direct_run(rosenbrock, "Adam", 0.05, None, t))
        np.testing.assert_array_equal(
            race.trajectories["Momentum"][t],
            direct_run(rosenbrock, "Momentum", rosenbrock.learning_rates["Momentum"], 0.5, t))
    np.testing.assert_allclose(race.losses["Adam"],
                               rosenbrock.numpy(*race.trajectories["Adam"].T), rtol=1e-5)


def test_learning_rates_one_for_all_or_some_overridden():
    race = optimizer_race("valley", optimizers=("GradientDescent", "Adam"), learning_rates=0.05,
                          steps=5)
    assert race.learning_rates == {"GradientDescent": 0.05, "Adam": 0.05}
    race = optimizer_race("valley", optimizers=("GradientDescent", "Adam"),
                          learning_rates={"adam": 0.5}, steps=5)
    assert race.learning_rates == {"GradientDescent": SURFACES["valley"].learning_rates[
        "GradientDescent"], "Adam": 0.5}


def test_recompute_with_a_factor_reruns_in_the_same_graph():
    race = optimizer_race("valley", optimizers=("GradientDescent",), steps=20)
    graph_ops = len(race._trainer.graph.get_operations())
    base = race.learning_rates["GradientDescent"]
    race.recompute(learning_rate_factor=0.5)
    assert race.learning_rates["GradientDescent"] == pytest.approx(base / 2)
    expected = direct_run(SURFACES["valley"], "GradientDescent", np.float32(base / 2), None, 20)
    np.testing.assert_array_equal(race.trajectories["GradientDescent"][-1], expected)
    assert len(race._trainer.graph.get_operations()) == graph_ops


# ------------------------------------------------------------ the picture


def legend_texts(race):
    return [t.get_text() for t in race.picture.legend.get_texts()]


def test_picture_shows_paths_up_to_the_step_the_minimum_and_a_legend():
    race = optimizer_race("beale", step=40)
    picture = race.picture
    assert race.figure is picture.figure  # drawn at race.step
    assert picture.ax.get_title(loc="left").startswith("Beale:")
    assert picture.step_text.get_text() == "step 40 of 300"
    for name in OPTIMIZER_NAMES:
        path, head = picture.paths[name], picture.heads[name]
        assert len(path.get_xdata()) == 41
        np.testing.assert_array_equal(np.column_stack(head.get_data())[0],
                                      race.trajectories[name][40])
    assert picture.goal.get_marker() == "*"
    assert tuple(np.ravel(picture.goal.get_data())) == (3.0, 0.5)
    texts = legend_texts(race)
    assert len(texts) == 9 and texts[-2:] == ["minimum", "start"]
    assert texts[0].startswith("GradientDescent\n  lr=0.01") and "Adadelta" in texts[4]
    assert len(picture.ax.collections) >= 2  # filled contours and their lines


def test_saddle_marks_the_saddle_point_and_who_left_the_view():
    race = optimizer_race("saddle")
    race.to_png()
    assert race.picture.goal.get_marker() == "P"
    texts = legend_texts(race)
    assert texts[-2] == "saddle point"
    escaped = [t for t in texts if "out of view since step" in t]
    assert escaped, texts
    gd = race.trajectories["GradientDescent"]
    assert abs(gd[-1, 1]) < 0.1  # gradient descent is still stuck near the ridge


def test_a_diverging_optimizer_is_labelled_not_drawn_broken():
    race = optimizer_race("rosenbrock", optimizers=("GradientDescent",), learning_rates=0.01,
                          steps=50)
    n = race.diverged_at("GradientDescent")
    assert n is not None
    assert f"diverged at step {n}" in legend_texts(race)[0]
    race.to_png()  # renders


def test_static_png_is_identical_across_renders():
    first = optimizer_race("valley", steps=40, step=20).to_png()
    second = optimizer_race("valley", steps=40, step=20).to_png()
    assert first.startswith(b"\x89PNG") and first == second
    race = optimizer_race("valley", steps=40, step=20)
    assert race._repr_png_() == race._repr_png_() == first


def test_widget_scrubs_and_recomputes_in_place():
    race = optimizer_race("valley", steps=30)
    box = race.widget()
    figure = race.picture.figure
    box.step_slider.value = 10
    assert race.step == 10 and len(race.picture.paths["Adam"].get_xdata()) == 11
    before = race.trajectories["GradientDescent"].copy()
    box.lr_slider.value = 0.5
    assert race.learning_rates["Adam"] == pytest.approx(0.5 * SURFACES["valley"].learning_rates[
        "Adam"])
    assert not np.array_equal(before, race.trajectories["GradientDescent"])
    box.momentum_slider.value = 0.5
    assert race.momentum == 0.5
    assert race.picture.figure is figure
    # the contours are sent once; a change sends the transparent layer of paths and legend
    background, layer = bytes(box.background.value), bytes(box.layer.value)
    assert background.startswith(b"\x89PNG") and layer.startswith(b"\x89PNG")
    box.step_slider.value = 20
    assert bytes(box.layer.value) != layer and bytes(box.background.value) == background
    assert box.momentum_slider.layout.display is None
    assert race.widget is not None and box.race is race

    no_momentum = optimizer_race("valley", optimizers=("Adam",), steps=5).widget()
    assert no_momentum.momentum_slider.layout.display == "none"
