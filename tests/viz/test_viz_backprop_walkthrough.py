"""backprop_walkthrough: one training step, node by node, numbers from course's engine."""

import numpy as np

import course as tf
from course.datasets import load_pku
from course.viz import backprop_walkthrough


def _pku_graph():
    from course.viz.playground_widget import pku_network

    return pku_network()       # x, y_, y, a, loss_mse, with w1 and w2 (seeded)


def test_the_walk_goes_forward_then_backward_then_updates():
    X, Y_ = load_pku(as_array=True)
    with tf.Graph().as_default() as graph:
        x, y_, y, a, loss_mse = _pku_graph()
        walk = backprop_walkthrough(loss_mse, {x: X[:8], y_: Y_[:8]}, learning_rate=0.001)
        w1, w2 = graph.get_tensor_by_name("w1:0"), graph.get_tensor_by_name("w2:0")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            w1_value, w2_value = sess.run([w1, w2])
    phases = [step.phase for step in walk.steps]
    assert phases == sorted(phases, key=["forward", "backward", "update"].index)
    titles = [step.title for step in walk.steps]
    # The Python names of the caller label the nodes.
    assert "a = MatMul(x, w1)" in titles and "y = MatMul(a, w2)" in titles
    assert titles[-2:] == ["w1 -= learning_rate × ∂loss/∂w1", "w2 -= learning_rate × ∂loss/∂w2"]
    # The numbers are the chain rule's, checked by hand in numpy.
    xs, ys = X[:8].astype(np.float32), Y_[:8]
    a_value = xs @ w1_value
    d_y = 2 * (a_value @ w2_value - ys) / 8
    nodes = {node.label: node for node in walk.nodes}
    np.testing.assert_allclose(nodes["a"].value, a_value, rtol=1e-5)
    np.testing.assert_allclose(nodes["y"].grad, d_y, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(nodes["w2"].grad, a_value.T @ d_y, rtol=1e-5)
    np.testing.assert_allclose(nodes["w1"].grad, xs.T @ (d_y @ w2_value.T), rtol=1e-5)
    back_through_y = next(s for s in walk.steps if s.title == "back through y (MatMul)")
    formulas = [block[0][0] for block in back_through_y.blocks]
    assert formulas == ["upstream: ∂loss/∂y =", "∂loss/∂a = ∂loss/∂y · w2ᵀ",
                        "∂loss/∂w2 = aᵀ · ∂loss/∂y"]
    update = walk.steps[-1].blocks[2][1][0]
    expected = w2_value - np.float32(0.001) * nodes["w2"].grad
    assert update.splitlines()[0].strip() == f"[[{float(expected[0, 0]):.3g}]"


def test_next_and_back_change_the_picture():
    X, Y_ = load_pku(as_array=True)
    with tf.Graph().as_default():
        x, y_, y, a, loss_mse = _pku_graph()
        walk = backprop_walkthrough(loss_mse, {x: X[:4], y_: Y_[:4]})
    assert walk.index == 0 and walk.back_button.disabled
    first = walk.to_png()
    shown = walk.output.outputs[0]["data"]["image/png"]
    walk.next_button.click()
    assert walk.index == 1 and walk.to_png() != first
    assert walk.output.outputs[0]["data"]["image/png"] != shown
    assert walk.position.value == f"step 2 of {len(walk.steps)}"
    for _ in range(len(walk.steps) + 3):
        walk.next_button.click()
    assert walk.index == len(walk.steps) - 1 and walk.next_button.disabled
    walk.back_button.click()
    assert walk.index == len(walk.steps) - 2


def test_the_learners_session_holds_the_weights():
    X, Y_ = load_pku(as_array=True)
    with tf.Graph().as_default() as graph:
        x, y_, y, a, loss_mse = _pku_graph()
        w2 = graph.get_tensor_by_name("w2:0")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(tf.assign(graph.get_tensor_by_name("w2:0"), np.ones((3, 1), np.float32)))
            walk = backprop_walkthrough(loss_mse, {x: X[:4], y_: Y_[:4]}, session=sess)
            np.testing.assert_array_equal(sess.run(w2), np.ones((3, 1)))   # not updated
    nodes = {node.label: node for node in walk.nodes}
    np.testing.assert_array_equal(nodes["w2"].value, np.ones((3, 1)))
