"""course.viz.hooks: each hook shows ONE picture updated in place, with the run's real values."""

import io
import os

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np
import pytest
from example_models import FEED_X, FEED_Y, pku_network

import course as tf
import course.summary
import course.train
from course.viz.hooks import (
    GraphDiagramHook,
    HookedSession,
    LossCurveHook,
    ProgressHook,
    ReduceAxisHook,
    SummaryPlotHook,
)


class FakeDisplay:
    """Stands in for IPython's display(obj, display_id=True): counts what was shown where."""

    def __init__(self):
        self.calls = []      # objects passed to display()
        self.updates = []    # (handle index, object) passed to handle.update()

    def __call__(self, obj, display_id=None):
        assert display_id is True, "pictures must be displayed with a handle to update"
        self.calls.append(obj)
        return FakeHandle(self, len(self.calls) - 1)


class FakeHandle:
    def __init__(self, display, index):
        self.display, self.index = display, index

    def update(self, obj):
        self.display.updates.append((self.index, obj))


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def network():
    """The PKU network (learning rate 0.1) with row sums "rows", and an initializer "init"."""
    graph, t = pku_network(learning_rate=0.1, row_sums=True)
    with graph.as_default():
        t["init"] = tf.global_variables_initializer()
    return graph, t


def feed(t):
    return {t["x"]: FEED_X, t["y_"]: FEED_Y}


def test_graph_diagram_hook_updates_one_display_with_traced_values():
    graph, t = network()
    shown = FakeDisplay()
    hook = GraphDiagramHook(graph, every_n_steps=3, display=shown)
    with tf.Session(graph=graph) as sess:
        sess.run(t["init"])
        with HookedSession(sess, [hook]) as hooked:
            for step in range(7):  # traced at steps 0, 3, 6
                before = sess.run(t["loss"], feed(t))
                # (train alone would not run Mean: the gradient of a mean does not need it)
                hooked.run([t["train"], t["loss"]], feed(t))
    assert len(shown.calls) == 1 and len(shown.updates) == 2
    assert all(index == 0 for index, _ in shown.updates)
    assert shown.updates[-1][1] is hook.latest
    # The values drawn are those of the last traced run, which `before` recomputed.
    assert f"{float(before):.4g}" in hook.latest.nodes["Mean"].lines
    assert "step 6" in hook.latest.svg
    # every frame flows the way the first did (a replay must not flip between layouts)
    assert len({diagram.direction for _, diagram in hook.frames}) == 1
    assert hook.draw_options["direction"] == hook.frames[0][1].direction


def test_graph_diagram_hook_outside_ipython_keeps_latest():
    graph, t = network()
    hook = GraphDiagramHook(every_n_steps=1)
    with tf.Session(graph=graph) as sess:
        sess.run(t["init"])
        HookedSession(sess, [hook]).run(t["loss"], feed(t))
    assert hook.latest is not None and "Mean" in hook.latest.nodes


def test_hooks_work_in_a_monitored_training_session():
    graph, t = network()
    shown = FakeDisplay()
    diagram = GraphDiagramHook(t["loss"], every_n_steps=2, display=shown)
    curve = LossCurveHook({"loss": t["loss"]}, redraw_secs=0, display=shown)
    with graph.as_default(), course.train.MonitoredTrainingSession(hooks=[diagram,
                                                                          curve]) as sess:
        for _ in range(4):
            sess.run(t["train"], feed(t))
    assert len(shown.calls) == 2  # one picture per hook ...
    assert {index for index, _ in shown.updates} == {0, 1}  # ... then only updates
    assert set(diagram.latest.nodes) >= {"Mean", "w1", "w2"}
    assert len(curve.history["loss"][1]) == 4


def test_reduce_axis_hook_draws_each_reduction_with_its_real_input():
    graph, t = network()
    shown = FakeDisplay()
    hook = ReduceAxisHook(every_n_steps=2, display=shown)
    with tf.Session(graph=graph) as sess:
        sess.run(t["init"])
        hooked = HookedSession(sess, [hook])
        for _ in range(3):  # traced at steps 0 and 2
            y = sess.run(graph.get_tensor_by_name("MatMul_1:0"), feed(t))
            hooked.run([t["train"], t["loss"], t["rows"]], feed(t))
    assert set(hook.latest) == {"Mean", "rows"}  # reductions in `gradients` are left out
    assert len(shown.calls) == 2 and len(shown.updates) == 2
    rows = hook.latest["rows"]
    np.testing.assert_allclose(rows.x, y)
    np.testing.assert_allclose(rows.result, y.sum(axis=1, keepdims=True), rtol=1e-6)
    assert rows.keepdims and rows.op == "sum"
    only = ReduceAxisHook(ops=[t["rows"].op], every_n_steps=1)
    with tf.Session(graph=graph) as sess:
        sess.run(t["init"])
        HookedSession(sess, [only]).run(t["train"], feed(t))
    assert set(only.latest) == set()  # train does not compute rows
    with tf.Session(graph=graph) as sess:
        sess.run(t["init"])
        HookedSession(sess, [only]).run(t["rows"], feed(t))
    assert set(only.latest) == {"rows"}


def test_loss_curve_hook_throttles_redraws_and_draws_the_end():
    graph, t = network()
    shown, clock = FakeDisplay(), FakeClock()
    hook = LossCurveHook({"loss": t["loss"]}, every_n_steps=2, redraw_secs=1.0, display=shown,
                         clock=clock)
    losses = []
    with tf.Session(graph=graph) as sess:
        sess.run(t["init"])
        with HookedSession(sess, [hook]) as hooked:
            for step in range(10):
                clock.now = step * 0.3
                losses.append(sess.run(t["loss"], feed(t)))
                hooked.run(t["train"], feed(t))
    steps, values = hook.history["loss"]
    assert steps == [0, 2, 4, 6, 8]
    np.testing.assert_allclose(values, [losses[s] for s in steps], rtol=1e-6)
    # Samples at t = 0, .6, 1.2, 1.8, 2.4: drawn at 0, 1.2, 2.4, no final redraw needed.
    assert len(shown.calls) == 1 and len(shown.updates) == 2
    assert hook.latest._repr_png_()[:4] == b"\x89PNG"
    assert f"loss={values[-1]:.4g}" in repr(hook.latest)


def test_loss_curve_hook_waits_from_the_end_of_a_slow_drawing():
    graph, t = network()
    clock, now_at = FakeClock(), {"step": 0}
    steps_drawn = []

    class SlowHandle:
        def update(self, obj):  # a drawing takes 2 s, longer than redraw_secs
            steps_drawn.append(now_at["step"])
            clock.now += 2.0

    def slow_display(obj, display_id=None):
        handle = SlowHandle()
        handle.update(obj)
        return handle

    hook = LossCurveHook({"loss": t["loss"]}, redraw_secs=1.0, display=slow_display, clock=clock)
    with tf.Session(graph=graph) as sess:
        sess.run(t["init"])
        with HookedSession(sess, [hook]) as hooked:
            for step in range(8):
                now_at["step"] = step
                clock.now += 0.3  # a training step takes 0.3 s
                hooked.run(t["train"], feed(t))
    # A second of training after the drawing at step 0 ENDED is step 4; then the end.
    assert steps_drawn == [0, 4, 7]


def test_summary_plot_hook_plots_the_scalar_summaries():
    graph, t = network()
    with graph.as_default():
        course.summary.scalar("loss", t["loss"])
        course.summary.histogram("y", graph.get_tensor_by_name("MatMul_1:0"))
    hook = SummaryPlotHook(redraw_secs=0)
    with graph.as_default(), tf.Session(graph=graph) as sess:
        sess.run(t["init"])
        with HookedSession(sess, [hook]) as hooked:
            for _ in range(3):
                hooked.run(t["train"], feed(t))
    assert list(hook.history) == ["loss"]
    assert len(hook.history["loss"][1]) == 3


def test_progress_hook_text_and_widget():
    graph, t = network()
    stream, clock = io.StringIO(), FakeClock()
    text = ProgressHook(4, stream=stream, widget=False, update_secs=0, clock=clock)
    with tf.Session(graph=graph) as sess:
        sess.run(t["init"])
        with HookedSession(sess, [text]) as hooked:
            for step in range(4):
                clock.now = step * 0.5
                hooked.run(t["train"], feed(t))
    assert text.text == "step 4/4  2.0 steps/s"
    assert stream.getvalue().endswith("\rstep 4/4  2.0 steps/s\n")
    pytest.importorskip("ipywidgets")
    shown = []
    bar = ProgressHook(3, display=lambda widget: shown.append(widget))
    with tf.Session(graph=graph) as sess:
        sess.run(t["init"])
        with HookedSession(sess, [bar]) as hooked:
            for _ in range(3):
                hooked.run(t["train"], feed(t))
    assert len(shown) == 1 and bar.bar.value == 3 and bar.label.value.startswith("step 3/3")


def test_hooked_session_merges_fetches_feeds_and_options_like_monitored_session():
    graph, t = network()

    class Feeder(course.train.SessionRunHook):
        def before_run(self, run_context):
            assert run_context.original_args.fetches is t["loss"]
            return course.train.SessionRunArgs({"y": "MatMul_1:0"}, feed_dict={t["y_"]: FEED_Y})

        def after_run(self, run_context, run_values):
            self.values = run_values
            run_context.request_stop()

    feeder = Feeder()
    with tf.Session(graph=graph) as sess:
        sess.run(t["init"])
        hooked = HookedSession(sess, [feeder])
        loss = hooked.run(t["loss"], {t["x"]: FEED_X})
        assert hooked.should_stop()
        assert loss == pytest.approx(sess.run(t["loss"], feed(t)))
        assert feeder.values.results["y"].shape == (4, 1)
        assert feeder.values.run_metadata is None  # nobody asked for a trace
        with pytest.raises(RuntimeError, match="fed twice"):
            hooked.run(t["loss"], feed(t))
        hooked.close()
        with pytest.raises(RuntimeError, match="closed"):
            hooked.run(t["loss"], feed(t))


def test_every_n_steps_must_be_positive():
    with pytest.raises(ValueError, match="every_n_steps"):
        GraphDiagramHook(every_n_steps=0)
    with pytest.raises(ValueError, match="every_n_steps"):
        LossCurveHook({}, every_n_steps=0)



def test_a_curve_picture_always_has_a_title_and_axis_labels():
    from course.viz.hooks import CurvePicture

    ax = CurvePicture({"loss": ([0, 1, 2], [3.0, 2.0, 1.5])}).figure.axes[0]
    assert ax.get_title(loc="left") == "loss during training"
    assert ax.get_xlabel() == "step" and ax.get_ylabel() == "loss"
    ax = CurvePicture({"loss": ([0], [1.0])}, title="PKU").figure.axes[0]
    assert ax.get_title(loc="left") == "PKU"
