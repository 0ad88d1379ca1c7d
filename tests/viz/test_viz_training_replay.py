"""training_replay: a finished training played back frame by frame."""

import numpy as np
import pytest
from example_models import pku_network

import course as tf
from course.viz import GraphDiagramHook, HookedSession, LossCurveHook, training_replay


@pytest.fixture(scope="module")
def hooks():
    graph, t = pku_network(learning_rate=0.1)
    data = np.random.RandomState(0).rand(32, 2).astype(np.float32)
    labels = (data.sum(axis=1, keepdims=True) < 1).astype(np.float32)
    diagram = GraphDiagramHook(graph, every_n_steps=100, show_gradients=False)
    curve = LossCurveHook({"loss": t["loss"]}, redraw_secs=0)
    with tf.Session(graph=graph) as sess:
        sess.run(tf.global_variables_initializer())
        with HookedSession(sess, [diagram, curve]) as hooked:
            for _ in range(300):
                hooked.run(t["train"], {t["x"]: data, t["y_"]: labels})
    return curve, diagram


def test_frames_grow_the_curve_on_fixed_axes_and_follow_the_diagrams(hooks):
    curve, diagram = hooks
    assert [step for step, _ in diagram.frames] == [0, 100, 200]
    replay = training_replay(curve, diagram, frames=30)
    assert len(replay.steps) == 30 and replay.steps[0] == 0 and replay.steps[-1] == 299
    assert replay.play.max == replay.slider.max == 29 and replay.play.interval >= 200
    first_png, first_points = replay.to_png(), len(replay.curve.history["loss"][0])
    replay.slider.value = 15                     # what the Play widget does, through jslink
    assert replay.frame == 15 and len(replay.curve.history["loss"][0]) > first_points
    assert replay.to_png() != first_png
    assert replay.diagram is diagram.frames[1][1]   # step ~150: the drawing of step 100
    ax = replay.curve.figure.axes[0]
    assert ax.get_xlim() == replay.limits[0]        # the axes stay; the curve grows
    assert ax.get_title(loc="left") and ax.get_ylabel() == "loss"
    replay.slider.value = 29
    assert replay.diagram is diagram.frames[2][1]
    assert len(replay.diagram_output.outputs) == 1


def test_a_replay_needs_a_recorded_training():
    with pytest.raises(ValueError, match="recorded nothing"):
        training_replay(LossCurveHook({}, redraw_secs=0))
