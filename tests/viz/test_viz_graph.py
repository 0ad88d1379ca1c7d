"""course.viz.draw_graph: every op drawn, nothing overlaps, edges avoid nodes, values are true.

Pure structural checks on the scene and the SVG text (no browser): the diagram object
says where each node box and each routed edge polyline is.
"""

import os
import random
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np
import pytest
from example_models import FEED_X, FEED_Y, pku_network

import course as tf
from course.framework.pruning import ops_needed
from course.viz import graph_model as gm
from course.viz.graph_diagram import draw_graph, format_value, graph_explorer


def random_dag(n_ops, seed=0, window=25):
    rng = random.Random(seed)
    graph = tf.Graph()
    with graph.as_default():
        tensors = [tf.placeholder(tf.float32, (None, 4), name=f"in{i}") for i in range(4)]
        while len(graph.get_operations()) < n_ops:
            recent = tensors[-window:]
            if rng.random() < 0.4:
                tensors.append(rng.choice([tf.tanh, tf.square, tf.negative])(rng.choice(recent)))
            else:
                op = rng.choice([tf.add, tf.multiply, tf.subtract])
                tensors.append(op(rng.choice(recent), rng.choice(recent)))
    return graph


# ---------------------------------------------------------------- geometry checks


def assert_no_overlaps(diagram):
    boxes = list(diagram.nodes.values())
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = (a.x + a.w <= b.x + 0.01 or b.x + b.w <= a.x + 0.01 or
                     a.y + a.h <= b.y + 0.01 or b.y + b.h <= a.y + 0.01)
            assert apart, f"nodes {a.key!r} and {b.key!r} overlap"


def _segment_box_hits(p, q, box, shrink=0.5):
    """Does the region a drawn segment can occupy cross the inside of a node box? A
    straight run is the segment itself; a bend between layers is drawn as a curve inside
    the segment's bounding box, so that whole box must stay clear."""
    x0, x1 = sorted((p[0], q[0]))
    y0, y1 = sorted((p[1], q[1]))
    left, right = box.x + shrink, box.x + box.w - shrink
    top, bottom = box.y + shrink, box.y + box.h - shrink
    return x0 < right and x1 > left and y0 < bottom and y1 > top


def assert_edges_avoid_nodes(diagram):
    for edge in diagram.edges:
        assert len(edge.points) >= 2, edge
        for p, q in zip(edge.points, edge.points[1:]):
            for box in diagram.nodes.values():
                assert not _segment_box_hits(p, q, box), \
                    f"edge {edge.src}->{edge.dst} segment {p}->{q} crosses node {box.key!r}"


def on_border(point, box, tol=0.01):
    """Is the point on one of the four sides of the node's box?"""
    x, y = point
    inside = box.x - tol <= x <= box.x + box.w + tol and box.y - tol <= y <= box.y + box.h + tol
    return inside and min(abs(x - box.x), abs(x - box.x - box.w), abs(y - box.y),
                          abs(y - box.y - box.h)) < tol


def assert_edges_touch_their_nodes(diagram):
    """Every edge starts on its source's border and ends on its target's (left to right:
    on a side; top to bottom: the bottom of the source, the top of the target)."""
    for edge in diagram.edges:
        src, dst = diagram.nodes[edge.src], diagram.nodes[edge.dst]
        assert on_border(edge.points[0], src), edge
        assert on_border(edge.points[-1], dst), edge


def drawn_ops(diagram):
    return sorted(name for node in diagram.nodes.values() for name in node.ops)


def check_geometry(diagram):
    assert_no_overlaps(diagram)
    assert_edges_avoid_nodes(diagram)
    assert_edges_touch_their_nodes(diagram)


# ---------------------------------------------------------------- what is drawn


@pytest.mark.parametrize("options", [{}, {"expand": ["gradients"]}, {"expand": True},
                                     {"collapse_threshold": None}, {"collapse_threshold": 2}])
def test_every_op_is_drawn_once_and_geometry_is_clean(options):
    graph, _ = pku_network()
    diagram = draw_graph(graph, **options)
    names = drawn_ops(diagram)
    assert names == sorted(op.name for op in graph.get_operations())
    check_geometry(diagram)


def test_a_variable_is_one_node_with_its_initializer_and_read_folded_in():
    graph, _ = pku_network(minimize=False)
    diagram = draw_graph(graph)
    w1 = diagram.nodes["w1"]
    assert w1.kind == "variable"
    assert sorted(w1.ops) == ["w1", "w1/Assign", "w1/read"]
    assert "w1/read" not in diagram.nodes and "w1/Assign" not in diagram.nodes
    # The read feeds MatMul: drawn as an edge from the variable, labelled with its shape.
    edge = next(e for e in diagram.edges if e.src == "w1" and e.dst == "MatMul")
    assert edge.label == "(2, 3)"


def test_ops_using_a_variable_under_its_name_get_their_own_nodes():
    # A kernel_regularizer's penalty is made under the kernel's name: kernel/Regularizer/...
    graph = tf.Graph()
    with graph.as_default():
        images = tf.placeholder(tf.float32, [None, 4, 4, 1], name="images")
        tf.layers.conv2d(images, 2, (3, 3),
                         kernel_regularizer=tf.contrib.layers.l2_regularizer(0.001))
        penalty = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)[0]
    diagram = draw_graph(penalty, expand=True)
    kernel_ops = diagram.nodes["conv2d/kernel"].ops
    assert "conv2d/kernel/Assign" in kernel_ops and "conv2d/kernel/read" in kernel_ops
    assert any(name.startswith("conv2d/kernel/Initializer/") for name in kernel_ops)
    assert not any("Regularizer" in name for name in kernel_ops)
    l2 = "conv2d/kernel/Regularizer/l2_regularizer/L2Loss"
    assert diagram.nodes[l2].kind == "op"
    assert any(e.src == "conv2d/kernel" and e.dst == l2 for e in diagram.edges)


def test_kinds_are_told_apart():
    graph, _ = pku_network()
    kinds = {key: node.kind for key, node in draw_graph(graph, expand=True).nodes.items()}
    assert kinds["x"] == kinds["y_"] == "placeholder"
    assert kinds["w1"] == "variable"
    assert kinds["Const"] == "constant"
    assert kinds["MatMul"] == kinds["Mean"] == "op"
    assert kinds["gradients/MatMul_grad/MatMul"] == "gradient"
    assert kinds["GradientDescent/update_w1/ApplyGradientDescent"] == "update"
    assert kinds["GradientDescent"] == "update"  # the group of updates: the training step


def test_gradients_scope_is_folded_by_default_and_opens_on_request():
    graph, _ = pku_network()
    folded = draw_graph(graph)
    node = folded.nodes["gradients"]
    assert node.kind == "scope" and len(node.ops) == 12
    assert "12 ops" in node.lines and "expand=['gradients']" in folded.svg
    # Top to bottom the opened scope is a box around its nodes; left to right its nodes
    # are in the gradients band instead.
    opened = draw_graph(graph, expand=["gradients"], direction="down")
    assert "gradients" not in opened.nodes and "gradients" in opened.scopes
    assert "gradients/MatMul_grad/MatMul_1" in opened.nodes
    x, y, w, h = opened.scopes["gradients"]
    for key, box in opened.nodes.items():
        if key.startswith("gradients/"):
            assert x <= box.x and box.x + box.w <= x + w and y <= box.y and box.y + box.h <= y + h
    across = draw_graph(graph, expand=["gradients"], direction="right")
    assert "gradients" not in across.nodes and "gradients" not in across.scopes
    band = next(r for r in across.scene.of_role("band") if r.key == "1")
    for key, box in across.nodes.items():
        if key.startswith("gradients/"):
            assert band.y <= box.y and box.y + box.h <= band.y + band.h


def test_a_scope_box_around_one_op_and_its_constant_is_not_drawn():
    with tf.Graph().as_default() as graph:
        v = tf.Variable(tf.constant([1.0, 2.0]), name="v")
        tf.assign_sub(v, 0.1 * v)  # 0.1 * v makes scope `mul` holding `mul/x`
    diagram = draw_graph(graph)
    assert "mul" not in diagram.scopes and "mul/x" in diagram.nodes


def test_show_gradients_false_shows_what_minimize_added():
    before, _ = pku_network(minimize=False)
    after, _ = pku_network(minimize=True)
    plain = draw_graph(before)
    hidden = draw_graph(after, show_gradients=False)
    full = draw_graph(after)
    assert set(hidden.nodes) == set(plain.nodes)
    added = set(full.nodes) - set(plain.nodes)
    assert added == {"gradients", "GradientDescent/learning_rate",
                     "GradientDescent/update_w1/ApplyGradientDescent",
                     "GradientDescent/update_w2/ApplyGradientDescent", "GradientDescent"}


def test_a_tensor_target_draws_the_ops_that_compute_it():
    _, t = pku_network()
    diagram = draw_graph(t["loss"])
    assert set(diagram.nodes) == {"x", "y_", "w1", "w2", "MatMul", "MatMul_1", "sub", "Square",
                                  "Mean"}
    assert set(draw_graph([t["w2"]]).nodes) == {"w2"}
    check_geometry(diagram)


def test_legend_explains_the_kinds_and_edges_drawn():
    graph, _ = pku_network()
    diagram = draw_graph(graph)
    legend = {s.key for s in diagram.scene.of_role("legend")}
    kinds = {node.kind for node in diagram.nodes.values()}
    assert kinds <= legend
    assert {"data", "ref", "control"} <= legend
    legend_text = " ".join(s.text for s in diagram.scene.shapes
                           if s.role == "legend" and hasattr(s, "text"))
    assert "placeholder" in legend_text and "gradient" not in legend_text  # folded: no grad ops
    assert "scope folded into one node" in legend_text


def test_svg_is_deterministic():
    first = draw_graph(pku_network()[0], expand=["gradients"]).svg
    second = draw_graph(pku_network()[0], expand=["gradients"]).svg
    assert first == second
    assert first.startswith("<svg") and "id=" not in first


def test_save_writes_svg_and_png(tmp_path):
    diagram = draw_graph(pku_network()[0])
    svg_path = diagram.save(tmp_path / "g.svg")
    assert svg_path.read_text(encoding="utf-8") == diagram.svg
    png = diagram.save(tmp_path / "g.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert diagram.to_png(scale=1) == diagram.to_png(scale=1)
    with pytest.raises(ValueError, match="svg or .png"):
        diagram.save(tmp_path / "g.pdf")


# ---------------------------------------------------------------- traces


def traced_step(graph, t, fetches):
    with tf.Session(graph=graph) as sess:
        sess.run(tf.global_variables_initializer())
        metadata = tf.RunMetadata()
        out = sess.run(fetches, {t["x"]: FEED_X, t["y_"]: FEED_Y},
                       options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE),
                       run_metadata=metadata)
    return metadata, out


def test_trace_values_in_the_svg_equal_a_direct_run():
    graph, t = pku_network()
    metadata, (loss, matmul, _) = traced_step(
        graph, t, [t["loss"], graph.get_tensor_by_name("MatMul_1:0"), t["train"]])
    diagram = draw_graph(graph, trace=metadata)
    assert f"{float(loss):.4g}" in diagram.nodes["Mean"].lines
    assert f"{float(loss):.4g}" in diagram.svg
    assert format_value(matmul)[0] in diagram.nodes["MatMul_1"].lines
    # A 4 x 2 feed is shown whole, one row per line; a bigger value as a summary.
    assert diagram.nodes["x"].lines[-4:] == ["[[0.7 0.5]", " [0.2 0.3]", " [0.3 0.1]",
                                             " [0.5 0.5]]"]


def test_a_variable_shows_the_gradient_flowing_into_it():
    graph, t = pku_network()
    with graph.as_default():
        grads = tf.gradients(t["loss"], [t["w1"], t["w2"]], name="check")
    metadata, (_, g1, g2) = traced_step(graph, t, [t["train"], *grads])
    diagram = draw_graph(graph, trace=metadata)
    w2_lines = diagram.nodes["w2"].lines
    assert "grad " + format_value(g2)[0] in w2_lines
    assert "grad " + format_value(g1)[0] in diagram.nodes["w1"].lines
    # ... also for a hand-written update (lr * grad) and for an explicit mapping.
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, (None, 2), name="x")
        w = tf.Variable(tf.constant([[1.0], [2.0]]), name="w")
        loss = tf.reduce_sum(tf.matmul(x, w))
        (grad,) = tf.gradients(loss, [w])
        step = tf.assign_sub(w, 0.5 * grad)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            metadata = tf.RunMetadata()
            _, grad_value = sess.run([step, grad], {x: [[1, 2], [3, 4]]},
                                     options=tf.RunOptions(trace_level=3), run_metadata=metadata)
    expected = "grad " + format_value(grad_value)[0]
    assert expected in draw_graph(g, trace=metadata).nodes["w"].lines
    assert expected in draw_graph(g, trace=metadata.values, gradients={w: grad}).nodes["w"].lines


def test_format_value():
    assert format_value(np.float32(0.390625)) == ["0.3906"]
    assert format_value(np.array([1, 2, 3])) == ["[1 2 3]"]
    assert format_value(np.array([[1.5, 2], [3, 4]])) == ["[[1.5 2]", " [3 4]]"]
    assert format_value(np.array([[0.25, -0.5, 1], [2, 3, 4]], np.float32)) == [
        "[[0.25 -0.5 1]", " [2 3 4]]"]            # a 2 x 3 weight, as the array it is
    assert format_value(np.arange(96).reshape(32, 3)) == ["shape (32, 3)",
                                                          "min 0 mean 47.5 max 95"]


def test_nodes_carry_the_python_names_of_the_code_that_draws_them():
    with tf.Graph().as_default() as graph:
        x = tf.placeholder(tf.float32, (None, 2))
        w1 = tf.Variable(tf.ones((2, 3)))
        a = tf.matmul(x, w1)
        loss_mse = tf.reduce_mean(tf.square(a))
    diagram = draw_graph(graph)            # names read from this function's frame
    first_lines = {key: node.lines[:2] for key, node in diagram.nodes.items()}
    assert first_lines["Placeholder"] == ["x", "Placeholder"]    # TF's name below, small
    assert first_lines["Variable"] == ["w1", "Variable"]
    assert first_lines["MatMul"] == ["a", "MatMul"]
    assert first_lines["Mean"] == ["loss_mse", "Mean"]
    assert draw_graph(graph, names=False).nodes["MatMul"].lines[0] == "MatMul"
    assert draw_graph(graph, names={"hidden": a}).nodes["MatMul"].lines[0] == "hidden"


def test_two_nodes_never_read_alike():
    graph, t = pku_network()
    diagram = draw_graph(graph, expand=["gradients"], names=False)
    # A node's heading: its name, with the scope line above it or its full name below it
    # when it has one.
    def heading(node):
        first, second = node.lines[0], (node.lines[1:2] or [""])[0]
        full_name_below = second.startswith(("…", "gradients/")) and node.key.endswith(
            second.lstrip("…"))
        return first + second if first.endswith("/") or full_name_below else first

    headings = [heading(node) for node in diagram.nodes.values()]
    assert len(set(headings)) == len(headings), sorted(headings)


# ---------------------------------------------------------------- highlight


def test_highlight_is_what_session_run_executes():
    graph, t = pku_network()
    diagram = draw_graph(graph, highlight=t["loss"])
    needed = {op.name for op in ops_needed([t["loss"]])}
    metadata, _ = traced_step(graph, t, t["loss"])
    assert set(metadata.executed_ops) <= needed
    for node in diagram.nodes.values():
        assert node.emphasis == any(name in needed for name in node.ops), node.key
    assert not diagram.nodes["gradients"].emphasis
    assert not diagram.nodes["GradientDescent"].emphasis
    assert diagram.nodes["Mean"].emphasis and diagram.nodes["w1"].emphasis
    assert "sess.run(Mean) executes" in diagram.svg
    # Fetching the train op runs the gradients too.
    train = draw_graph(graph, highlight=[t["train"]])
    assert train.nodes["gradients"].emphasis and train.nodes["GradientDescent"].emphasis


# ---------------------------------------------------------------- big graphs, imports, widget


def test_500_op_graph_layout_is_clean_and_quick_enough(capsys):
    graph = random_dag(500)
    start = time.perf_counter()
    diagram = draw_graph(graph)
    seconds = time.perf_counter() - start
    with capsys.disabled():
        print(f"\n[draw_graph] 500-op random DAG: layout + scene in {seconds:.3f} s")
    assert len(diagram.nodes) == 500
    assert drawn_ops(diagram) == sorted(op.name for op in graph.get_operations())
    assert_no_overlaps(diagram)
    assert_edges_avoid_nodes(diagram)


@pytest.mark.parametrize("seed", range(6))
def test_random_graphs_with_scopes_keep_geometry_clean(seed):
    rng = random.Random(seed)
    with tf.Graph().as_default() as graph:
        tensors = [tf.placeholder(tf.float32, (3,), name="input")]
        for block in range(6):
            with tf.name_scope(rng.choice(["layer", "block", "loss"])):
                for _ in range(rng.randint(1, 7)):
                    a, b = rng.choice(tensors[-8:]), rng.choice(tensors)
                    tensors.append(tf.add(a, b) if rng.random() < 0.6 else tf.tanh(a))
    for threshold in (None, 3):
        diagram = draw_graph(graph, collapse_threshold=threshold)
        assert drawn_ops(diagram) == sorted(op.name for op in graph.get_operations())
        check_geometry(diagram)


def test_scopes_that_would_form_a_cycle_lose_their_box():
    with tf.Graph().as_default() as graph:
        x = tf.placeholder(tf.float32, (), name="x")
        with tf.name_scope("s"):
            a = tf.square(x, name="a")
        b = tf.tanh(a, name="b")  # outside s, between two ops of s
        with tf.name_scope("s/"):
            tf.add(a, b, name="c")
    diagram = draw_graph(graph)
    assert "s" not in diagram.scopes
    check_geometry(diagram)
    model = gm.build_model(graph)
    assert all(isinstance(c, gm.Unit) for c in model.root.children)


def test_graph_explorer_updates_one_output_in_place():
    pytest.importorskip("ipywidgets")
    graph, _ = pku_network()
    box = graph_explorer(graph)
    assert "gradients" in box.scope_select.options
    assert box.current.nodes["gradients"].kind == "scope"
    assert len(box.output.outputs) == 1
    box.scope_select.value = ("gradients",)
    assert "gradients" not in box.current.nodes
    assert "gradients/MatMul_grad/MatMul_1" in box.current.nodes
    assert len(box.output.outputs) == 1
    assert box.output.outputs[0]["data"]["image/svg+xml"] == box.current.svg
    box.gradients_checkbox.value = False
    assert "gradients" not in box.current.nodes and "gradients" not in box.current.scopes
    assert len(box.output.outputs) == 1
