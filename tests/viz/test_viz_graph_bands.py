"""draw_graph left to right: the forward pass in a band on top, each gradient op beneath the
op it differentiates and flowing back right to left, the updates beneath their variables;
fewer edge crossings than top to bottom on lesson 02's traced step."""

import sys
from pathlib import Path

import course as tf
from course.viz.drawing.layout import Box, Link, layout
from course.viz.graph_diagram import FIT_WIDTH, draw_graph

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from diagram_measure import measure  # noqa: E402
from example_models import FEED_X, FEED_Y, pku_network  # noqa: E402


def traced_pku(direction=None):
    graph, t = pku_network()
    with tf.Session(graph=graph) as sess:
        sess.run(tf.global_variables_initializer())
        metadata = tf.RunMetadata()
        sess.run([t["train"], t["loss"]], {t["x"]: FEED_X, t["y_"]: FEED_Y},
                 options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE),
                 run_metadata=metadata)
    return draw_graph([t["train"], t["loss"]], trace=metadata, names=False,
                      direction=direction)


def overlaps_horizontally(a, b):
    return a.x < b.x + b.w and b.x < a.x + a.w


def test_the_traced_step_flows_right_with_gradients_mirrored_beneath():
    diagram = traced_pku()
    assert diagram.direction == "right" and diagram.scene.width <= FIT_WIDTH + 64
    nodes = diagram.nodes
    forward = [n for n in nodes.values() if n.kind not in ("gradient", "update")]
    backward = [n for n in nodes.values() if n.kind == "gradient"]
    updates = [n for n in nodes.values() if n.kind == "update"]
    lowest_forward = max(n.y + n.h for n in forward)
    assert all(n.y > lowest_forward for n in backward)                 # a band beneath
    assert all(n.y > max(g.y + g.h for g in backward) for n in updates)  # and one under it
    # each gradient op sits under the op it is the gradient of
    for key, of in [("gradients/MatMul_1_grad/MatMul", "MatMul_1"),
                    ("gradients/MatMul_grad/MatMul_1", "MatMul"),
                    ("gradients/sub_grad/SumToShape", "sub"),
                    ("gradients/Mean_grad/Unreduce", "Mean")]:
        assert overlaps_horizontally(nodes[key], nodes[of]), (key, of)
    # the forward pass flows right, the gradients flow back left
    x = {key: n.x for key, n in nodes.items()}
    assert x["MatMul"] < x["MatMul_1"] < x["sub"] < x["Square"] < x["Mean"]
    for edge in diagram.edges:
        if nodes[edge.src].kind == nodes[edge.dst].kind == "gradient":
            assert edge.points[-1][0] < edge.points[0][0], edge
    # each update under the variable it writes
    for variable in ("w1", "w2"):
        update = next(n for n in updates if any(op.startswith(f"GradientDescent/update_{variable}")
                                                for op in n.ops))
        assert overlaps_horizontally(update, nodes[variable])


def test_left_to_right_tangles_less_than_top_to_bottom():
    right, down = measure(traced_pku("right")), measure(traced_pku("down"))
    assert right["through_nodes"] == down["through_nodes"] == 0
    assert right["crossings"] < down["crossings"]
    assert right["height"] < down["height"] / 2


def test_banded_layout_mirrors_and_stacks():
    boxes = [Box(k, 40, 20, order=i) for i, k in enumerate(["f0", "f1", "f2"])]
    boxes += [Box("g2", 40, 20, order=3, band=1, mirror=("f2",)),
              Box("g1", 40, 20, order=4, band=1, mirror=("f1",)),
              Box("u0", 40, 20, order=5, band=2, mirror=("f0",))]
    links = [Link("f0", "f1"), Link("f1", "f2"), Link("g2", "g1"), Link("g1", "u0"),
             Link("f0", "u0"), Link("f1", "g2")]
    result = layout(boxes, links, direction="right")
    x = {k: p[0] for k, p in result.positions.items()}
    y = {k: p[1] for k, p in result.positions.items()}
    assert x["f0"] < x["f1"] < x["f2"]
    assert x["g2"] == x["f2"] and x["g1"] == x["f1"] and x["u0"] == x["f0"]
    assert max(y[k] for k in ("f0", "f1", "f2")) + 20 < min(y["g1"], y["g2"])
    assert max(y["g1"], y["g2"]) + 20 < y["u0"]
    g2_to_g1 = result.routes[2]
    assert g2_to_g1[0][0] > g2_to_g1[-1][0]            # flows back, right to left
    (sx, sy), (ex, ey) = result.routes[4][0], result.routes[4][-1]
    assert sx == ex and ey > sy                         # f0 straight down into u0
    assert set(result.bands) == {0, 1, 2}
