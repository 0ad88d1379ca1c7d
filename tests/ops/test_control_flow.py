"""tf.cond / tf.while_loop / TensorArray inside course's architecture: sub-graphs, the
generated loop code, variables made and read inside bodies, errors naming the failing op.
(The numbers against TensorFlow are in test_control_flow_golden.py.)"""
import numpy as np
import pytest

import course as tf
from course.framework.errors import InvalidArgumentError


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default() as graph:
        yield graph


def test_plan_source_shows_the_loop_as_python_code():
    x = tf.placeholder(tf.float32, [])
    _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * x), [0, x])
    with tf.Session() as sess:
        source = sess.plan_source(y, {x: 2.0})
        assert sess.run(y, {x: 2.0}) == 16.0
    assert "# While 'while'" in source
    assert "while while_" in source and "_cond(" in source and "_body(" in source
    # the body's own plan follows, one line per op
    assert "def while_%d_body(" % y.op.inputs[0].op._id in source


def test_only_the_taken_branch_runs_and_its_ops_live_under_cond():
    p = tf.placeholder(tf.bool, [])
    counts = tf.Variable([0.0, 0.0])

    def branch(k):
        def fn():
            with tf.control_dependencies([tf.scatter_add(counts, [k], [1.0])]
                                         if hasattr(tf, "scatter_add") else
                                         [tf.assign_add(counts, np.eye(2, dtype=np.float32)[k])]):
                return tf.identity(tf.constant(float(k)))
        return fn
    r = tf.cond(p, branch(0), branch(1))
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert any(n.startswith("cond/") for n in names)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert [sess.run(r, {p: v}) for v in (True, True, False)] == [0.0, 0.0, 1.0]
        np.testing.assert_array_equal(sess.run(counts), [2.0, 1.0])


def test_variables_made_inside_a_body_are_made_outside_it():
    def body(i, h):
        w = tf.get_variable("w", [2, 2], initializer=tf.ones_initializer())
        return i + 1, tf.matmul(h, w)
    _, h = tf.while_loop(lambda i, h: i < 3, body, [0, tf.ones([1, 2])])
    (w,) = tf.global_variables()
    assert w.op._control_flow_context is None and w.initializer._control_flow_context is None
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(h), [[8.0, 8.0]])


def test_a_tensor_inside_a_loop_cannot_be_used_or_fetched_outside():
    inside = []

    def body(i):
        inside.append(i * 2)
        return i + 1
    tf.while_loop(lambda i: i < 3, body, [0])
    with pytest.raises(ValueError, match="is in a while loop"):
        inside[0] + 1
    with tf.Session() as sess, pytest.raises(ValueError, match="inside a while loop"):
        sess.run(inside[0])


def test_a_failing_kernel_inside_a_body_is_named_with_its_inputs():
    x = tf.placeholder(tf.float32, [None, 2])
    m = tf.placeholder(tf.float32, [None, None])
    _, y = tf.while_loop(lambda i, y: i < 2, lambda i, y: (i + 1, tf.matmul(y, m)), [0, x],
                         shape_invariants=[tf.TensorShape([]), tf.TensorShape([None, None])])
    with tf.Session() as sess, pytest.raises(InvalidArgumentError) as info:
        sess.run(y, {x: np.ones((1, 2)), m: np.ones((3, 3))})
    assert "while/MatMul" in str(info.value) and "[1,2], [3,3]" in str(info.value)


def test_a_traced_run_records_iterations_branches_and_the_values_inside():
    p = tf.placeholder(tf.bool, [])
    x = tf.constant(3.0)
    _, y = tf.while_loop(lambda i, y: i < 4, lambda i, y: (i + 1, y + x), [0, 0.0])
    z = tf.cond(p, lambda: y * 2.0, lambda: y - 1.0)
    g = tf.gradients(z, x)[0]
    meta = tf.RunMetadata()
    trace = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
    with tf.Session() as sess:
        plain = sess.run([z, g], {p: True})
        traced = sess.run([z, g], {p: True}, options=trace, run_metadata=meta)
    assert plain == traced == [24.0, 8.0]
    assert y.name == "while/Exit_1:0" and z.name == "cond/Merge:0"    # TF1's names
    assert meta.control_flow["while"] == 4 and meta.control_flow["cond"] == 1
    assert meta.control_flow["gradients/while_grad"] == 4    # the gradient loop, reversed
    assert meta.values["while/add_1:0"] == 12.0               # the body's last iteration
    assert meta.executed_ops.count("while/add_1") == 4
    assert "cond/mul:0" in meta.values and "cond/sub:0" not in meta.values


def test_tensor_array_element_shape_learnt_in_a_loop_is_known_after_it():
    ta = tf.TensorArray(tf.float32, size=3)
    _, ta = tf.while_loop(lambda t, ta: t < 3,
                          lambda t, ta: (t + 1, ta.write(t, tf.fill([2, 5], 1.0))), [0, ta])
    assert ta.element_shape.as_list() == [2, 5]
    assert ta.stack().shape.as_list() == [3, 2, 5]    # TF1: the size is a constant


def test_second_order_gradients_of_a_loop_say_so():
    x = tf.constant(2.0)
    _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * x), [0, x])
    g = tf.gradients(y, x)[0]
    with pytest.raises(TypeError, match="Second-order gradient for while loops"):
        tf.gradients(g, x)


def test_a_tensor_only_the_loop_condition_reads_gets_no_gradient():
    x, limit = tf.constant(2.0), tf.constant(5.0)
    _, y = tf.while_loop(lambda i, y: y < limit, lambda i, y: (i + 1, y * x), [0, x])
    z = tf.cond(tf.constant(True), lambda: x * 3.0, lambda: x)
    assert tf.gradients(y, limit) == [None]           # as in TF: it decides, it is not summed
    assert tf.gradients(z, limit) == [None]
    with tf.Session() as sess:
        assert sess.run(tf.gradients(y, x)) == [12.0]   # y = x**3 after two iterations
