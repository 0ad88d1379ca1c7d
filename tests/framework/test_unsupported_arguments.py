"""TF arguments that would change results and that course does not implement are refused,
naming the argument; harmless ones are accepted and ignored; constraints are honoured."""
import numpy as np
import pytest

import course as tf

REFUSED = [
    ("partitioner", lambda: tf.get_variable("v", [4], partitioner=lambda *a, **k: [2])),
    ("use_resource", lambda: tf.get_variable("v", [4], use_resource=True)),
    ("partitioner", lambda: tf.variable_scope("s", partitioner=object()).__enter__()),
    ("use_resource", lambda: tf.variable_scope("s", use_resource=True).__enter__()),
    ("constraint", lambda: tf.variable_scope("s", constraint=abs).__enter__()),
    ("use_resource", lambda: tf.Variable(1.0, use_resource=True)),
    ("variable_def", lambda: tf.Variable(1.0, variable_def=object())),
    ("max_norm", lambda: tf.nn.embedding_lookup(tf.ones([3, 2]), [0], max_norm=1.0)),
    ("accept_options", lambda: tf.Session().make_callable(tf.constant(1), accept_options=True)),
    ("saver_def", lambda: tf.train.Saver([tf.Variable(1.0)], saver_def=object())),
    ("builder", lambda: tf.train.Saver([tf.Variable(1.0)], builder=object())),
]


@pytest.mark.parametrize("argument, call", REFUSED, ids=[f"{a}-{i}" for i, (a, _) in
                                                          enumerate(REFUSED)])
def test_a_result_changing_argument_is_refused_by_name(argument, call):
    with pytest.raises(NotImplementedError, match=rf"\({argument}=.*course does not implement "
                                                  rf"{argument}"):
        call()


def test_harmless_arguments_are_accepted():
    v = tf.get_variable("w", [2], caching_device="/cpu:0", use_resource=False,
                        synchronization=None, aggregation=None)
    with tf.variable_scope("s", caching_device="/cpu:0", use_resource=False):
        tf.Variable(1.0, caching_device="/cpu:0", expected_shape=[])
    tf.nn.embedding_lookup(v, [0], partition_strategy="div", validate_indices=False)
    tf.gradients(tf.reduce_sum(v), v, colocate_gradients_with_ops=True, gate_gradients=True)
    tf.train.Saver([v], sharded=True, write_version=1, restore_sequentially=True)


def test_get_variable_custom_getter_runs_around_the_scopes_getter():
    calls = []

    def scope_getter(getter, name, *args, **kwargs):
        calls.append("scope " + name)
        return getter(name, *args, **kwargs)

    def own_getter(getter, name, *args, **kwargs):
        calls.append("own " + name)
        return getter(name + "_renamed", *args, **kwargs)

    with tf.variable_scope("net", custom_getter=scope_getter):
        v = tf.get_variable("w", [1], custom_getter=own_getter)
    assert calls == ["own net/w", "scope net/w_renamed"] and v.op.name == "net/w_renamed"


def test_assign_with_read_value_false_gives_the_op():
    v = tf.Variable([1.0, 2.0])
    op = v.assign([3.0, 4.0], read_value=False)
    assert isinstance(op, tf.Operation) and isinstance(v.assign_add([1.0, 1.0]), tf.Tensor)
    with tf.Session() as sess:
        sess.run(v.initializer)
        sess.run(op)
        np.testing.assert_array_equal(sess.run(v), [3.0, 4.0])


def test_layer_constraints_reach_the_variables_and_the_optimizer_applies_them():
    x = tf.constant([[1.0, 2.0]])
    non_negative = lambda w: tf.maximum(w, 0.0)  # noqa: E731
    y = tf.layers.dense(x, 2, kernel_initializer=tf.constant_initializer([[0.1, -0.1],
                                                                           [0.2, 0.3]]),
                        kernel_constraint=non_negative, bias_constraint=non_negative)
    kernel, bias = tf.trainable_variables()
    assert kernel.constraint is non_negative and bias.constraint is non_negative
    step = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(y * [[1.0, -1.0]]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(step)
        # d loss / d bias = [1, -1]: the step takes bias[0] below 0 and the constraint clips it
        np.testing.assert_allclose(sess.run(kernel), [[0.0, 0.0], [0.0, 0.5]], atol=1e-7)
        np.testing.assert_allclose(sess.run(bias), [0.0, 0.1], atol=1e-7)


def test_transpose_conjugate_is_refused_for_complex_and_harmless_for_real():
    real = tf.transpose(tf.constant([[1.0, 2.0]]), conjugate=True)
    assert real.shape.as_list() == [2, 1]
    with pytest.raises(NotImplementedError, match=r"tf.transpose\(conjugate=True\)"):
        tf.transpose(tf.constant(np.array([[1 + 2j]], np.complex64)), conjugate=True)
