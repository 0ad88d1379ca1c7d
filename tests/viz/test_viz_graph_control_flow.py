"""draw_graph on tf.cond and tf.while_loop: a cond is a box per branch (the branch a traced run
took outlined, the other faded), a loop is a box around its body titled with its iteration
count, and the values flow along the edges."""
import os

os.environ.setdefault("MPLBACKEND", "Agg")

from control_flow_programs import (traced_cond_then_loop, traced_nested_loops_with_cond,
                                   traced_tensor_array_loop)
from test_viz_graph import check_geometry, drawn_ops

import course as tf
from course.viz.graph_diagram import draw_graph


def _titles(diagram):
    return [shape.text for shape in diagram.scene.shapes if shape.role == "scope-title"]


def _scope_rects(diagram):
    return {shape.key: shape for shape in diagram.scene.shapes if shape.role == "scope"}


def test_branches_and_loop_body_are_boxes_with_their_ops_inside():
    loss, _ = traced_cond_then_loop(tf)
    diagram = draw_graph(loss)
    check_geometry(diagram)
    assert {"cond/true_fn", "cond/false_fn", "while"} <= set(diagram.scopes)
    boxes = diagram.scopes
    inside = {name: [n.key for n in diagram.nodes.values()
                     if boxes[name][0] <= n.x and n.x + n.w <= boxes[name][0] + boxes[name][2]
                     and boxes[name][1] <= n.y and n.y + n.h <= boxes[name][1] + boxes[name][3]]
              for name in ("cond/true_fn", "cond/false_fn", "while")}
    assert sorted(inside["cond/true_fn"]) == ["cond/true_fn/MatMul", "cond/true_fn/Relu"]
    assert sorted(inside["cond/false_fn"]) == ["cond/false_fn/mul", "cond/false_fn/mul/y"]
    assert {"while/Identity", "while/Identity_1", "while/MatMul", "while/Tanh",
            "while"} <= set(inside["while"])
    # every op loss needs, the bodies' included, is drawn once (not the initializer, nor
    # the loop counter's result); a loop's named results are part of its node
    assert drawn_ops(diagram) == sorted(op.name for op in loss.graph.get_operations()
                                        if op.name not in ("init", "while/Exit"))
    assert diagram.nodes["while"].ops == ["while", "while/Exit_1"]
    assert diagram.nodes["cond"].ops == ["cond", "cond/Merge"]
    # the loop variable gets the cond's result; the body's results go to the While node
    edges = {(e.src, e.dst) for e in diagram.edges}
    assert ("cond", "while/Identity_1") in edges and ("while/Tanh", "while") in edges
    assert ("cond/true_fn/Relu", "cond") in edges and ("cond/false_fn/mul", "cond") in edges


def test_a_traced_run_outlines_the_branch_taken_and_counts_iterations():
    for training, ran, skipped in ((True, "true_fn", "false_fn"), (False, "false_fn", "true_fn")):
        loss, trace = traced_cond_then_loop(tf, training=training)
        diagram = draw_graph(loss, trace=trace)
        check_geometry(diagram)
        titles = _titles(diagram)
        assert "%s: ran" % ran in titles and "%s: not run" % skipped in titles
        assert "while: while loop, 4 iterations (values: the last)" in titles
        rects = _scope_rects(diagram)
        assert rects["cond/" + ran].stroke_width > rects["cond/" + skipped].stroke_width
        assert rects["cond/" + skipped].dash is not None
        faded = {n.key for n in diagram.nodes.values() if not n.emphasis}
        assert faded == {n.key for n in diagram.nodes.values()
                         if n.key.startswith("cond/" + skipped + "/")}


def test_a_trained_tensor_array_loop_draws_with_its_gradient_folded():
    train, trace = traced_tensor_array_loop(tf)
    diagram = draw_graph(train, trace=trace)
    check_geometry(diagram)
    assert "while: while loop, 5 iterations (values: the last)" in _titles(diagram)
    assert "gradients" in diagram.nodes        # the gradient loop sits in the folded scope


def test_nested_loops_and_a_cond_inside_say_what_happened_last():
    loss, trace = traced_nested_loops_with_cond(tf)
    diagram = draw_graph(loss, trace=trace)
    check_geometry(diagram)
    titles = _titles(diagram)
    assert titles.count("while: while loop, 2 iterations (values: the last)") == 2
    assert "true_fn: not run (the last time)" in titles
    assert "false_fn: ran (the last time)" in titles
    # the multiply ran in earlier iterations but not in the last: drawn faded like its branch
    assert not diagram.nodes["while/while/cond/true_fn/mul"].emphasis
