"""The Playground: a live decision boundary of the PKU network, computed by course."""

import numpy as np
import pytest

import course as tf
from course.datasets import load_pku
from course.viz import playground
from course.viz.playground_widget import _GRID, _round_up, pku_network


def test_step_trains_and_the_picture_changes():
    pg = playground(learning_rate=0.05)
    assert pg.step == 0 and pg.history["step"] == [0]
    before_png, before_image = pg.to_png(), pg._main.image.get_array().copy()
    pg.step_button.click()
    assert pg.step == pg.steps_per_frame == 20
    assert not np.array_equal(pg._main.image.get_array(), before_image)
    assert pg.to_png() != before_png
    assert len(pg.output.outputs) == 1 and "step 20" in pg.output.outputs[0]["data"]["text/plain"]


def test_the_boundary_is_the_graphs_own_output_over_the_plane():
    pg = playground(learning_rate=0.1)
    pg.advance(60)
    trainer = pg.trainer
    w1, w2 = trainer.session.run(["w1:0", "w2:0"])
    plane = pg._plane
    expected = (plane @ w1) @ w2                       # the linear 2-3-1 network
    np.testing.assert_allclose(pg._main.image.get_array().ravel(), expected[:, 0], rtol=1e-4,
                               atol=1e-5)
    # Each hidden unit's panel is its own column of a = x w1.
    np.testing.assert_allclose(pg._units[1].image.get_array().ravel(), (plane @ w1)[:, 1],
                               rtol=1e-4, atol=1e-5)
    assert pg._main.image.get_array().shape == (_GRID, _GRID)


def test_accuracy_is_measured_on_train_and_test_sets():
    pg = playground(learning_rate=0.3, activation="tanh")
    pg.advance(400)
    X, Y_ = pg.train_data
    out = pg.trainer.session.run(pg.trainer.output, {pg.trainer.x: X})
    assert pg.train_accuracy == np.mean((out[:, 0] > 0.5) == (Y_[:, 0] > 0.5))
    assert pg.train_accuracy > 0.8 and pg.test_accuracy > 0.7
    assert len(pg.test_data[0]) == 200


def test_play_advances_a_frame_per_tick_and_reset_goes_back():
    pg = playground()
    pg.play.value = 1          # what the Play widget does on each tick
    pg.play.value = 2
    assert pg.step == 40
    first = pg.trainer.session.run("w1:0")
    pg.reset_button.click()
    assert pg.step == 0 and pg.history["step"] == [0]
    pg.advance(40)
    np.testing.assert_array_equal(pg.trainer.session.run("w1:0"), first)   # deterministic


def test_controls_change_the_training():
    pg = playground()
    pg.advance(100)
    plain = pg.trainer.session.run("w1:0")
    pg.reset()
    pg.regularization_dropdown.value = "L2"
    pg.regularization_slider.value = 0.1
    pg.advance(100)
    decayed = pg.trainer.session.run("w1:0")
    assert np.sum(decayed ** 2) < np.sum(plain ** 2)     # L2 pulls the weights in
    pg.activation_dropdown.value = "relu"                # a new graph, from step 0
    assert pg.step == 0 and "relu" in pg.trainer.hidden.op.type.lower()
    assert "activation relu" in pg._title.get_text()


def test_the_learners_own_graph():
    X, Y_ = load_pku(as_array=True)
    with tf.Graph().as_default() as graph:
        x, y_, y, a, loss_mse = pku_network()      # the lesson's graph, built as it builds it
        w1 = graph.get_tensor_by_name("w1:0")
        pg = playground(loss=loss_mse, x=x, y_=y_, output=y, hidden=a)
        assert pg.trainer.graph is loss_mse.graph       # not a copy
        assert pg.activation_dropdown.layout.display == "none"
        pg.advance(20)
        # The same 20 steps by hand, in the learner's own session.
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            train = tf.train.GradientDescentOptimizer(0.05).minimize(loss_mse)
            for i in range(20):
                start = (i * 8) % 32
                sess.run(train, {x: X[start:start + 8], y_: Y_[start:start + 8]})
            np.testing.assert_allclose(pg.trainer.session.run(w1), sess.run(w1), rtol=1e-6)
    with pytest.raises(ValueError, match="all of loss, x, y_, output and hidden"):
        playground(loss=loss_mse)


def test_accuracy_axis_grows_in_round_steps():
    assert [_round_up(s) for s in (0, 100, 101, 300, 600, 1500, 2500)] == [
        100, 100, 200, 500, 1000, 2000, 5000]
