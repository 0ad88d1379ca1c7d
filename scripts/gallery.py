"""Render every picture of course.viz to PNG, to look at them all in one folder.

    python scripts/gallery.py                 # into docs/gallery/
    python scripts/gallery.py --out /tmp/g    # elsewhere
    python scripts/gallery.py --only reduce   # only names containing "reduce"

Each section is a function yielding (file name, picture); a picture is anything
with `.save(path)` or a matplotlib Figure. Add a section for new pictures and
list it in SECTIONS.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run from anywhere without installing the package
sys.path.insert(0, str(REPO / "tests" / "support"))  # example_models: the models the picture tests build


def reduce_axes_pictures():
    from course.viz import reduce_axes, reduce_explorer

    ones = [[1, 1, 1], [1, 1, 1]]  # the article's example
    yield "reduce_sum_axis0", reduce_axes(ones, axis=0)
    yield "reduce_sum_axis1", reduce_axes(ones, axis=1)
    yield "reduce_sum_axis_none", reduce_axes(ones)
    yield "reduce_sum_reduction_indices_0", reduce_axes(ones, reduction_indices=[0])
    yield "reduce_sum_axis1_keepdims", reduce_axes(ones, axis=1, keepdims=True)
    yield "reduce_sum_axis_none_keepdims", reduce_axes(ones, keepdims=True)

    floats = np.arange(12, dtype=np.float32).reshape(3, 4) / 2
    yield "reduce_mean_float_axis_minus1", reduce_axes(floats, axis=-1, op="mean")
    ints = [[-7, 0, 2], [5, 4, 1]]
    yield "reduce_mean_int_truncates", reduce_axes(ints, axis=1, op="mean")

    cube = np.arange(24).reshape(2, 3, 4)
    yield "reduce_sum_rank3_axes_0_2", reduce_axes(cube, axis=(0, 2))
    yield "reduce_sum_rank3_axis_minus1_keepdims", reduce_axes(cube, axis=-1, keepdims=True)
    yield "reduce_sum_rank3_axis0", reduce_axes(cube, axis=0)

    scores = [[3, 9, 2, 7], [8, 1, 6, 4], [5, 5, 0, 9]]
    yield "reduce_max_axis0", reduce_axes(scores, axis=0, op="max")
    yield "reduce_prod_rank1", reduce_axes([1.5, 2, -4], op="prod")
    yield "reduce_sum_6x8", reduce_axes(np.arange(48).reshape(6, 8), axis=1)
    yield "reduce_sum_3x4x5", reduce_axes(np.arange(60).reshape(3, 4, 5) % 7, axis=0)
    yield "reduce_sum_too_big", reduce_axes(np.ones((20, 30)), axis=1)

    explorer = reduce_explorer(ones)
    explorer.axis_dropdown.value = 1
    explorer.op_dropdown.value = "mean"
    yield "reduce_explorer_after_change", explorer.current


def _pku_network(minimize=True, learning_rate=0.001):
    """The Peking University course's 2-3-1 network (constant weights: readable values):
    graph, x, y_, loss, train."""
    from example_models import pku_network

    graph, t = pku_network(minimize, learning_rate)
    return graph, t["x"], t["y_"], t["loss"], t["train"]


def _random_dag(n_ops, seed=0):
    """A graph of n_ops elementwise ops, each reading recent tensors (like real models do)."""
    import random

    import course as tf

    rng = random.Random(seed)
    graph = tf.Graph()
    with graph.as_default():
        tensors = [tf.placeholder(tf.float32, (None, 4), name=f"in{i}") for i in range(4)]
        unary = [tf.tanh, tf.square, tf.sigmoid, tf.negative]
        binary = [tf.add, tf.multiply, tf.subtract, tf.maximum]
        while len(graph.get_operations()) < n_ops:
            recent = tensors[-25:]
            if rng.random() < 0.4:
                tensors.append(rng.choice(unary)(rng.choice(recent)))
            else:
                tensors.append(rng.choice(binary)(rng.choice(recent), rng.choice(recent)))
    return graph


def _traced_step(graph, x, y_, loss, train):
    """The RunMetadata of one traced training step of the PKU network on four parts."""
    import course as tf

    with tf.Session(graph=graph) as sess:
        sess.run(tf.global_variables_initializer())
        metadata = tf.RunMetadata()
        feed = {x: [[0.7, 0.5], [0.2, 0.3], [0.3, 0.1], [0.5, 0.5]], y_: [[1], [0], [1], [0]]}
        sess.run([train, loss], feed, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE),
                 run_metadata=metadata)
    return metadata


def graph_pictures():
    from course.viz import draw_graph

    forward, *_ = _pku_network(minimize=False)
    yield "graph_pku_forward", draw_graph(forward, title="2-3-1 network: forward pass")
    graph, x, y_, loss, train = _pku_network()
    yield "graph_pku_minimize", draw_graph(graph, title="after minimize (gradients folded)")
    yield "graph_pku_minimize_hidden", draw_graph(graph, show_gradients=False,
                                                  title="after minimize, show_gradients=False")
    yield "graph_pku_minimize_expanded", draw_graph(graph, expand=["gradients"],
                                                    title="expand=['gradients']")
    yield "graph_pku_highlight_loss", draw_graph(graph, highlight=loss,
                                                 title="highlight=loss: what sess.run(loss) runs")
    yield "graph_pku_highlight_train", draw_graph(graph, highlight=train,
                                                  title="highlight=train_op")
    metadata = _traced_step(graph, x, y_, loss, train)
    yield "graph_pku_traced", draw_graph(graph, trace=metadata, title="one traced training step")
    # what lesson 02 draws: the step's ops only, left to right, the gradients mirrored beneath
    yield "graph_pku_traced_step", draw_graph([train, loss], trace=metadata,
                                              title="draw_graph([train, loss], trace=...)")
    yield "graph_pku_minimize_expanded_down", draw_graph(
        graph, expand=["gradients"], direction="down",
        title="expand=['gradients'], direction='down'")
    yield "graph_pku_loss_subgraph", draw_graph(loss, title="draw_graph(loss)")
    yield "graph_random_dag_500", draw_graph(_random_dag(500), title="500-op random DAG")


def graph_hook_pictures():
    import course as tf
    from course.viz import GraphDiagramHook, HookedSession, LossCurveHook

    graph, x, y_, loss, train = _pku_network(learning_rate=0.1)
    rng = np.random.RandomState(0)
    data = rng.rand(32, 2).astype(np.float32)
    labels = (data.sum(axis=1, keepdims=True) < 1).astype(np.float32)
    diagram = GraphDiagramHook(graph, every_n_steps=50, show_gradients=False)
    curve = LossCurveHook({"loss": loss}, redraw_secs=0)
    with tf.Session(graph=graph) as sess:
        sess.run(tf.global_variables_initializer())
        with HookedSession(sess, [diagram, curve]) as hooked:
            for _ in range(120):
                hooked.run(train, {x: data, y_: labels})
    yield "graph_hook_diagram_latest", diagram.latest
    yield "graph_hook_loss_curve", curve.latest
    from course.viz import training_replay

    replay = training_replay(curve, diagram, frames=30)
    replay.slider.value = 12   # a frame of the replay: the curve so far, on the final axes
    yield "graph_hook_replay_frame_12_of_30", replay


def training_pictures():
    """Learning-rate curves, optimizers racing on surfaces, Görner's dashboard."""
    from course.viz import DashboardHook, lr_experiment, optimizer_race

    pku = lr_experiment(preset="pku")  # lr 0.001, the lesson's
    pku.pin()
    pku.lr_slider.value = 0.05
    pku.pin()
    pku.lr_slider.value = 0.8  # diverges
    yield "lr_pku_pinned_and_diverged", pku
    valley = lr_experiment(preset="quadratic_2d", optimizer="Momentum", learning_rate=0.02)
    valley.pin()
    valley.optimizer_dropdown.value = "GradientDescent"
    valley.lr_slider.value = 0.1
    yield "lr_quadratic_2d_momentum_vs_gd", valley
    yield "lr_mnist_softmax", lr_experiment(preset="mnist_softmax")
    pku = lr_experiment(preset="pku")
    pku.pin()
    pku.lr_slider.value = 0.5  # diverges at step 6: the view zooms on its first steps
    yield "lr_pku_diverged_at_0_5", pku
    mnist = lr_experiment(preset="mnist_softmax")
    mnist.pin()
    mnist.lr_slider.value = 0.1
    yield "lr_mnist_diverged_at_0_1", mnist

    for surface in ("beale", "saddle", "rosenbrock", "valley"):
        race = optimizer_race(surface)
        yield f"race_{surface}_final", race
        race.step = race.steps // 3
        yield f"race_{surface}_mid", race

    yield "dashboard_mnist_softmax_500_steps", _trained_dashboard(DashboardHook, 500)


def _trained_dashboard(DashboardHook, steps):
    from example_models import gorner_softmax

    import course as tf
    from course.datasets import load_mnist

    mnist = load_mnist(one_hot=True, reshape=False, seed=0)
    m = gorner_softmax(0.003)
    dashboard = DashboardHook(m["accuracy"], m["cross_entropy"], m["Y"], m["X"], m["Y_"], m["W"],
                              m["b"], mnist.test.images, mnist.test.labels,
                              title="Görner's softmax, learning rate 0.003")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(steps + 1):
            batch_X, batch_Y = mnist.train.next_batch(100)
            dashboard.update(i, sess, batch=(batch_X, batch_Y))
            sess.run(m["train_step"], {m["X"]: batch_X, m["Y_"]: batch_Y})
    return dashboard


def rnn_pictures():
    import course as tf
    from course.viz import draw_rnn
    from rnn_programs import (traced_dynamic_lstm, traced_mnist_lstm, traced_small_lstm,
                              traced_stacked_gru_lstm)

    _, outputs, trace = traced_small_lstm(tf)
    yield "rnn_lstm_rolled", draw_rnn(outputs, unrolled=False)
    yield "rnn_lstm_unrolled_traced", draw_rnn(outputs, trace=trace)
    _, outputs, trace = traced_stacked_gru_lstm(tf)
    yield "rnn_stacked_gru_lstm_rolled", draw_rnn(outputs, unrolled=False)
    yield "rnn_stacked_gru_lstm_sequence_length", draw_rnn(outputs, trace=trace, example=1)
    _, outputs, trace = traced_dynamic_lstm(tf)
    yield "rnn_dynamic_lstm_while_loop", draw_rnn(outputs, trace=trace, example=1)
    graph, _, trace = traced_mnist_lstm(tf)
    yield "rnn_mnist_rows_rolled", draw_rnn(graph, unrolled=False)
    yield "rnn_mnist_rows_unrolled", draw_rnn(graph, trace=trace, example=3,
                                              steps=[0, 9, 10, 11, 12, 13, 27], max_units=8)


def control_flow_pictures():
    """tf.cond as two branch boxes (the one that ran outlined), tf.while_loop as a box."""
    import course as tf
    from course.viz import draw_graph
    from control_flow_programs import (traced_cond_then_loop, traced_nested_loops_with_cond,
                                       traced_tensor_array_loop)

    loss, trace = traced_cond_then_loop(tf)
    yield "graph_cond_and_while", draw_graph(loss)
    yield "graph_cond_and_while_traced", draw_graph(loss, trace=trace)
    loss, trace = traced_cond_then_loop(tf, training=False)
    yield "graph_cond_false_branch_traced", draw_graph(loss, trace=trace)
    train, trace = traced_tensor_array_loop(tf)
    yield "graph_while_tensor_array_trained", draw_graph(train, trace=trace)
    loss, trace = traced_nested_loops_with_cond(tf)
    yield "graph_nested_loops_with_cond_traced", draw_graph(loss, trace=trace)


def playground_pictures():
    """The PKU network's Playground: its decision boundary, hidden units and accuracy."""
    from course.viz import playground

    pg = playground()
    yield "playground_pku_step_0", pg
    pg.advance(200)
    yield "playground_pku_linear_200_steps", pg
    pg.activation_dropdown.value = "tanh"
    pg.lr_slider.value = 0.3
    pg.advance(600)
    yield "playground_pku_tanh_600_steps", pg


def chinese_pictures():
    """The same pictures with lang="zh" (course.viz.set_language("zh") does it for all)."""
    import course as tf
    from course.viz import (DashboardHook, HookedSession, LossCurveHook, draw_graph,
                            lr_experiment, optimizer_race, playground, reduce_axes,
                            set_language)
    from control_flow_programs import traced_cond_then_loop

    ones = [[1, 1, 1], [1, 1, 1]]
    yield "zh_reduce_sum_axis1", reduce_axes(ones, axis=1, lang="zh")
    yield "zh_reduce_mean_int_truncates", reduce_axes([[-7, 0, 2], [5, 4, 1]], axis=1,
                                                      op="mean", lang="zh")
    yield "zh_reduce_sum_rank3_axes_0_2", reduce_axes(np.arange(24).reshape(2, 3, 4),
                                                      axis=(0, 2), keepdims=True, lang="zh")
    graph, x, y_, loss, train = _pku_network()
    yield "zh_graph_pku_highlight_loss", draw_graph(
        graph, highlight=loss, title="highlight=loss：sess.run(loss) 运行了什么", lang="zh")
    metadata = _traced_step(graph, x, y_, loss, train)
    yield "zh_graph_pku_traced", draw_graph(graph, trace=metadata, title="跟踪一次训练",
                                            lang="zh")
    yield "zh_graph_pku_traced_step", draw_graph([train, loss], trace=metadata,
                                                 title="跟踪一次训练：只画这一步的运算", lang="zh")
    loss, trace = traced_cond_then_loop(tf)
    yield "zh_graph_cond_and_while_traced", draw_graph(loss, trace=trace, lang="zh")
    pku = lr_experiment(preset="pku", lang="zh")
    pku.pin()
    pku.lr_slider.value = 0.8  # diverges
    yield "zh_lr_pku_pinned_and_diverged", pku
    race = optimizer_race("beale", lang="zh")
    race.step = race.steps // 3
    yield "zh_race_beale_mid", race
    yield "zh_dashboard_mnist_softmax_500_steps", _trained_dashboard(
        lambda *args, **kwargs: DashboardHook(*args, lang="zh", **kwargs), 500)
    from course.viz import draw_rnn, reduce_explorer
    from rnn_programs import traced_stacked_gru_lstm

    race = optimizer_race("saddle", lang="zh")
    yield "zh_race_saddle_final", race
    yield "zh_lr_mnist_softmax", lr_experiment(preset="mnist_softmax", lang="zh")
    explorer = reduce_explorer(ones, lang="zh")
    explorer.axis_dropdown.value = 1
    yield "zh_reduce_explorer_after_change", explorer.current
    _, outputs, trace = traced_stacked_gru_lstm(tf)
    yield "zh_rnn_stacked_gru_lstm_rolled", draw_rnn(outputs, unrolled=False, lang="zh")
    yield "zh_rnn_stacked_gru_lstm_sequence_length", draw_rnn(outputs, trace=trace, example=1,
                                                              lang="zh")
    pg = playground(activation="tanh", learning_rate=0.3, lang="zh")
    pg.advance(600)
    yield "zh_playground_pku_tanh_600_steps", pg
    walk = _pku_walkthrough(lang="zh")
    walk.go(next(i for i, s in enumerate(walk.steps) if s.phase == "backward") + 4)
    yield "zh_walkthrough_pku_backward_through_y", walk
    walk.go(len(walk.steps) - 1)
    yield "zh_walkthrough_pku_update_w2", walk
    set_language("zh")  # the hooks follow the global setting
    try:
        graph, x, y_, loss, train = _pku_network(learning_rate=0.1)
        data = np.random.RandomState(0).rand(32, 2).astype(np.float32)
        curve = LossCurveHook({"loss": loss}, redraw_secs=0)
        with tf.Session(graph=graph) as sess:
            sess.run(tf.global_variables_initializer())
            with HookedSession(sess, [curve]) as hooked:
                for _ in range(120):
                    hooked.run(train, {x: data, y_: (data.sum(axis=1, keepdims=True) < 1)})
        yield "zh_graph_hook_loss_curve", curve.latest
        from course.viz import training_replay

        replay = training_replay(curve, frames=30)
        replay.slider.value = 12
        yield "zh_graph_hook_replay_frame_12_of_30", replay
    finally:
        set_language("en")


def _pku_walkthrough(lang=None):
    """The walkthrough of the PKU network's first step on 4 parts."""
    import course as tf
    from course.datasets import load_pku
    from course.viz import backprop_walkthrough
    from course.viz.playground_widget import pku_network

    X, Y_ = load_pku(as_array=True)
    with tf.Graph().as_default():
        x, y_, y, a, loss_mse = pku_network()
        return backprop_walkthrough(loss_mse, {x: X[:4], y_: Y_[:4]}, learning_rate=0.001,
                                    lang=lang)


def walkthrough_pictures():
    """One training step of the PKU network, node by node: forward, backward, update."""
    walk = _pku_walkthrough()
    phases = [step.phase for step in walk.steps]
    shown = {"forward_a": next(i for i, s in enumerate(walk.steps) if s.title.startswith("a =")),
             "backward_start": phases.index("backward"),
             "backward_through_y": next(i for i, s in enumerate(walk.steps)
                                        if s.title == "back through y (MatMul)"),
             "update_w2": len(walk.steps) - 1}
    for name, index in shown.items():
        walk.go(index)
        yield f"walkthrough_pku_{name}", walk


def sweep_pictures():
    """Every learning rate at once: 32 rates trained in one batched computation (course.sweep)."""
    from course.viz import learning_rate_sweep

    yield "lr_sweep_pku", learning_rate_sweep(preset="pku")
    yield "lr_sweep_mnist_softmax", learning_rate_sweep(preset="mnist_softmax")
    yield "lr_sweep_quadratic_2d_momentum", learning_rate_sweep(preset="quadratic_2d",
                                                                optimizer="Momentum")
    yield "zh_lr_sweep_pku", learning_rate_sweep(preset="pku", lang="zh")


SECTIONS = [reduce_axes_pictures, graph_pictures, graph_hook_pictures, training_pictures,
            sweep_pictures, rnn_pictures, control_flow_pictures, playground_pictures,
            walkthrough_pictures, chinese_pictures]


def save(picture, path: Path) -> None:
    if hasattr(picture, "save"):
        picture.save(path)
    else:
        picture.savefig(path, dpi=100, facecolor="white", metadata={"Software": None})


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "gallery")
    parser.add_argument("--only", default="", help="render only names containing this text")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for section in SECTIONS:
        for name, picture in section():
            if args.only in name:
                path = args.out / f"{name}.png"
                save(picture, path)
                print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
