"""The recurrent cells' interface as TF1 has it: sizes, zero states, names, reuse, wrappers,
errors. (Their numbers are checked against TF in test_rnn_golden.py.)"""
import numpy as np
import pytest

import course as tf

rnn_cell = tf.nn.rnn_cell


def run(fetches, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed)


def test_namespaces_hold_the_same_classes():
    assert tf.contrib.rnn.BasicLSTMCell is rnn_cell.BasicLSTMCell
    assert tf.contrib.rnn.static_rnn is tf.nn.static_rnn
    assert tf.contrib.rnn.LSTMStateTuple is rnn_cell.LSTMStateTuple
    assert issubclass(rnn_cell.GRUCell, rnn_cell.RNNCell)


@pytest.mark.parametrize("cell,state_size,output_size", [
    (lambda: rnn_cell.BasicRNNCell(4), 4, 4),
    (lambda: rnn_cell.GRUCell(4), 4, 4),
    (lambda: rnn_cell.BasicLSTMCell(4), rnn_cell.LSTMStateTuple(4, 4), 4),
    (lambda: rnn_cell.BasicLSTMCell(4, state_is_tuple=False), 8, 4),
    (lambda: rnn_cell.LSTMCell(4, num_proj=2), rnn_cell.LSTMStateTuple(4, 2), 2),
    (lambda: rnn_cell.LSTMCell(4, num_proj=2, state_is_tuple=False), 6, 2),
    (lambda: rnn_cell.MultiRNNCell([rnn_cell.GRUCell(3), rnn_cell.BasicLSTMCell(2)]),
     (3, rnn_cell.LSTMStateTuple(2, 2)), 2),
    (lambda: rnn_cell.DropoutWrapper(rnn_cell.GRUCell(5), output_keep_prob=0.5), 5, 5),
])
def test_sizes_and_zero_state(cell, state_size, output_size):
    cell = cell()
    assert cell.state_size == state_size and cell.output_size == output_size
    zero = cell.zero_state(3, tf.float32)
    shapes = [z.shape.as_list() for z in tf.nest.flatten(zero)]
    assert shapes == [[3, s] for s in tf.nest.flatten(state_size)]
    assert all(not v.any() for v in run(tf.nest.flatten(zero)))
    assert type(zero) is type(state_size) if tf.nest.is_nested(state_size) else True


def test_zero_state_with_a_batch_size_known_only_at_run_time():
    x = tf.placeholder(tf.float32, [None, 5])
    zero = rnn_cell.BasicLSTMCell(4).zero_state(tf.shape(x)[0], tf.float32)
    assert zero.c.shape.as_list() == [None, 4]
    assert zero.c.op.name.startswith("BasicLSTMCellZeroState/")
    assert run(zero.h, {x: np.ones((2, 5))}).shape == (2, 4)


def test_variables_take_tfs_names_and_the_scope_given_to_the_call():
    x = tf.placeholder(tf.float32, [2, 3])
    cell = rnn_cell.LSTMCell(4, use_peepholes=True, num_proj=2)
    cell(x, cell.zero_state(2, tf.float32))
    old_style = rnn_cell.GRUCell(2)
    old_style(x, old_style.zero_state(2, tf.float32), scope="my_gru")
    assert [v.op.name for v in tf.global_variables()] == [
        "lstm_cell/kernel", "lstm_cell/bias", "lstm_cell/w_f_diag", "lstm_cell/w_i_diag",
        "lstm_cell/w_o_diag", "lstm_cell/projection/kernel", "my_gru/gates/kernel",
        "my_gru/gates/bias", "my_gru/candidate/kernel", "my_gru/candidate/bias"]
    assert cell.trainable_weights == tf.global_variables()[:6]
    gates_bias, candidate_bias = run([tf.global_variables()[7], tf.global_variables()[9]])
    np.testing.assert_array_equal(gates_bias, np.ones(4))       # GRU gates start open
    np.testing.assert_array_equal(candidate_bias, np.zeros(2))


def test_static_rnn_shares_one_set_of_variables_across_steps():
    steps = [tf.placeholder(tf.float32, [2, 3]) for _ in range(5)]
    outputs, state = tf.nn.static_rnn(rnn_cell.BasicLSTMCell(4), steps, dtype=tf.float32)
    assert len(outputs) == 5 and isinstance(state, rnn_cell.LSTMStateTuple)
    assert [v.op.name for v in tf.trainable_variables()] == [
        "rnn/basic_lstm_cell/kernel", "rnn/basic_lstm_cell/bias"]
    assert len([op for op in tf.get_default_graph().get_operations() if op.type == "MatMul"]) == 5


def test_a_second_rnn_in_the_same_scope_is_refused_as_tf_does():
    x = tf.placeholder(tf.float32, [2, 3, 4])
    tf.nn.dynamic_rnn(rnn_cell.BasicLSTMCell(5), x, dtype=tf.float32)
    with pytest.raises(ValueError, match="Variable rnn/basic_lstm_cell/kernel already exists, "
                                         "disallowed"):
        tf.nn.dynamic_rnn(rnn_cell.BasicLSTMCell(5), x, dtype=tf.float32)
    tf.nn.dynamic_rnn(rnn_cell.BasicLSTMCell(5), x, dtype=tf.float32, scope="second")
    # the same cell object again reuses its variables
    cell = rnn_cell.GRUCell(3)
    tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope="shared")
    with tf.variable_scope("shared", reuse=True):
        tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope="shared")
    assert len([v for v in tf.global_variables() if v.op.name.startswith("shared/")]) == 4


def test_multi_rnn_cell_scopes_and_concatenated_state():
    x = tf.placeholder(tf.float32, [2, 3, 4])
    cell = rnn_cell.MultiRNNCell([rnn_cell.BasicRNNCell(2), rnn_cell.BasicRNNCell(3)],
                                 state_is_tuple=False)
    outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    assert state.shape.as_list() == [2, 5] and outputs.shape.as_list() == [2, 3, 3]
    assert [v.op.name for v in cell.trainable_weights] == [
        "rnn/multi_rnn_cell/cell_0/basic_rnn_cell/kernel",
        "rnn/multi_rnn_cell/cell_0/basic_rnn_cell/bias",
        "rnn/multi_rnn_cell/cell_1/basic_rnn_cell/kernel",
        "rnn/multi_rnn_cell/cell_1/basic_rnn_cell/bias"]
    with pytest.raises(ValueError, match="Some cells return tuples of states"):
        rnn_cell.MultiRNNCell([rnn_cell.BasicLSTMCell(2)], state_is_tuple=False)
    with pytest.raises(ValueError, match="at least one cell"):
        rnn_cell.MultiRNNCell([])


def test_dropout_wrapper_keep_prob_fed_at_run_time_and_lstm_memory_kept():
    keep = tf.placeholder_with_default(1.0, [])
    x = tf.placeholder(tf.float32, [4, 6, 3])
    cell = rnn_cell.DropoutWrapper(rnn_cell.BasicLSTMCell(8), output_keep_prob=keep,
                                   state_keep_prob=keep)
    outputs, state = tf.nn.static_rnn(cell, tf.unstack(x, axis=1), dtype=tf.float32)
    plain_outputs, plain_state = tf.nn.static_rnn(rnn_cell.BasicLSTMCell(8),
                                                  tf.unstack(x, axis=1), dtype=tf.float32,
                                                  scope="plain")
    values = np.random.default_rng(0).uniform(-1, 1, (4, 6, 3))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for w, v in zip(tf.trainable_variables()[:2], tf.trainable_variables()[2:]):
            sess.run(tf.assign(v, w))
        kept, plain = sess.run([outputs[-1], plain_outputs[-1]], {x: values})
        np.testing.assert_allclose(kept, plain, rtol=1e-6)          # keep_prob 1: no dropout
        dropped = sess.run(outputs[-1], {x: values, keep: 0.5})
    zeros = dropped == 0
    assert 0.2 < zeros.mean() < 0.8
    # the kept outputs are scaled by 1 / keep_prob
    assert np.all(np.abs(dropped[~zeros]) <= 2 * 1.0 + 1e-6)
    droppers = [op for op in tf.get_default_graph().get_operations()
                if op.type == "RandomUniform" and "dropout" in op.name]
    assert len(droppers) == 6 * 2   # h state and output, every step; never the memory c


def test_errors_name_the_problem():
    x = tf.placeholder(tf.float32, [2, 3, 4])
    with pytest.raises(ValueError, match="If no initial_state is provided, argument `dtype` "
                                         "must be specified"):
        tf.nn.dynamic_rnn(rnn_cell.GRUCell(3), x)
    with pytest.raises(ValueError, match="RNN cell only supports floating point inputs, but "
                                         "received dtype: int32"):
        cell = rnn_cell.GRUCell(3)
        cell(tf.placeholder(tf.int32, [2, 3]), tf.zeros([2, 3], tf.int32))
    with pytest.raises(TypeError, match="is not an RNNCell: 'output_size' property is missing"):
        tf.nn.static_rnn(object(), [x[:, 0]], dtype=tf.float32)
    with pytest.raises(TypeError, match="inputs must be a sequence"):
        tf.nn.static_rnn(rnn_cell.GRUCell(3), x, dtype=tf.float32)
    with pytest.raises(ValueError, match="Input size \\(dimension 0 of inputs\\) must be "
                                         "accessible via shape inference, but saw value None"):
        tf.nn.static_rnn(rnn_cell.GRUCell(3), [tf.placeholder(tf.float32, [2, None])],
                         dtype=tf.float32, scope="unknown_depth")
    with pytest.raises(ValueError, match="Expected inputs.shape\\[-1\\] to be known"):
        cell = rnn_cell.GRUCell(3)
        cell(tf.placeholder(tf.float32, [2, None]), cell.zero_state(2, tf.float32))


def test_sequence_length_zeroes_outputs_and_freezes_the_state():
    x = tf.placeholder(tf.float32, [3, 5, 2])
    lengths = tf.placeholder(tf.int32, [3])
    outputs, state = tf.nn.dynamic_rnn(rnn_cell.GRUCell(4), x, sequence_length=lengths,
                                       dtype=tf.float32)
    values = np.random.default_rng(1).uniform(-1, 1, (3, 5, 2))
    out, final = run([outputs, state], {x: values, lengths: [5, 2, 0]})
    assert not out[1, 2:].any() and not out[2].any()
    np.testing.assert_array_equal(final[0], out[0, 4])
    np.testing.assert_array_equal(final[1], out[1, 1])
    np.testing.assert_array_equal(final[2], np.zeros(4))


def test_reverse_and_reverse_sequence():
    x = np.arange(24, dtype=np.float32).reshape(2, 4, 3)
    rev, seq = run([tf.reverse(x, [1]), tf.reverse_sequence(x, [3, 1], seq_axis=1,
                                                           batch_axis=0)])
    np.testing.assert_array_equal(rev, x[:, ::-1])
    np.testing.assert_array_equal(seq[0], np.concatenate([x[0, 2::-1], x[0, 3:]]))
    np.testing.assert_array_equal(seq[1], x[1])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"seq_lens\(0\) > input.dims\(1\)"):
        run(tf.reverse_sequence(x, [5, 1], seq_axis=1, batch_axis=0))


def test_nest_walks_tuples_namedtuples_and_dicts_in_tfs_order():
    state = (rnn_cell.LSTMStateTuple(1, 2), {"b": 3, "a": [4, 5]})
    assert tf.nest.flatten(state) == [1, 2, 4, 5, 3]
    packed = tf.nest.pack_sequence_as(state, [10, 20, 40, 50, 30])
    assert packed == (rnn_cell.LSTMStateTuple(10, 20), {"b": 30, "a": [40, 50]})
    assert tf.nest.map_structure(lambda a, b: a + b, state, packed)[0].h == 22
    with pytest.raises(ValueError, match="don't have the same number of elements"):
        tf.nest.assert_same_structure((1, 2), (1, 2, 3))


def test_custom_getter_sees_every_get_variable_of_the_scope():
    seen = []

    def getter(next_getter, name, *args, **kwargs):
        seen.append(name)
        return next_getter(name, *args, **kwargs) * 2.0

    with tf.variable_scope("outer", custom_getter=getter):
        w = tf.get_variable("w", [2], initializer=tf.ones_initializer())
    assert seen == ["outer/w"]
    np.testing.assert_array_equal(run(w), [2.0, 2.0])


def test_dynamic_rnn_runs_a_while_loop_over_a_length_known_only_when_run():
    x = tf.placeholder(tf.float32, [None, None, 3])
    lengths = tf.placeholder(tf.int32, [None])
    outputs, state = tf.nn.dynamic_rnn(rnn_cell.BasicLSTMCell(4), x, sequence_length=lengths,
                                       dtype=tf.float32)
    assert outputs.shape.as_list() == [None, None, 4]
    assert {op.type for op in tf.get_default_graph().get_operations()} >= {"While"}
    grads = tf.gradients(tf.reduce_sum(outputs) + tf.reduce_sum(state.c), tf.trainable_variables())
    rng = np.random.default_rng(3)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for steps, batch_lengths in ((5, [5, 2]), (2, [1, 2, 0])):
            values = rng.uniform(-1, 1, (len(batch_lengths), steps, 3))
            out, final, _ = sess.run([outputs, state, grads],
                                     {x: values, lengths: batch_lengths})
            assert out.shape == (len(batch_lengths), steps, 4)
            for row, n in enumerate(batch_lengths):
                assert not out[row, n:].any()
                np.testing.assert_array_equal(final.h[row], out[row, n - 1] if n else 0)


def test_output_projection_wrapper_as_in_gerons_many_to_many_regression():
    x = tf.placeholder(tf.float32, [None, 20, 1])
    cell = tf.contrib.rnn.OutputProjectionWrapper(
        tf.contrib.rnn.BasicRNNCell(num_units=6, activation=tf.nn.relu), output_size=1)
    outputs, states = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    assert outputs.shape.as_list() == [None, 20, 1] and states.shape.as_list() == [None, 6]
    names = [v.op.name for v in tf.global_variables()]
    assert names == ["rnn/output_projection_wrapper/basic_rnn_cell/kernel",
                     "rnn/output_projection_wrapper/basic_rnn_cell/bias",
                     "rnn/output_projection_wrapper/kernel",
                     "rnn/output_projection_wrapper/bias"]
    assert [v.op.name for v in cell.trainable_weights] == names
    values = np.random.default_rng(5).uniform(-1, 1, (3, 20, 1)).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out, (k, b, pk, pb) = sess.run([outputs, tf.global_variables()], {x: values})
    h = np.zeros((3, 6), np.float32)
    for t in range(20):
        h = np.maximum(np.concatenate([values[:, t], h], 1) @ k + b, 0)
        np.testing.assert_allclose(out[:, t], h @ pk + pb, rtol=1e-5, atol=1e-6)


def test_input_projection_and_residual_wrappers():
    x = tf.placeholder(tf.float32, [2, 4, 3])
    projected = tf.contrib.rnn.InputProjectionWrapper(rnn_cell.GRUCell(2), num_proj=5)
    tf.nn.dynamic_rnn(projected, x, dtype=tf.float32)
    assert [v.op.name for v in tf.global_variables()] == [
        "rnn/input_projection_wrapper/kernel", "rnn/input_projection_wrapper/bias",
        "rnn/input_projection_wrapper/gru_cell/gates/kernel",
        "rnn/input_projection_wrapper/gru_cell/gates/bias",
        "rnn/input_projection_wrapper/gru_cell/candidate/kernel",
        "rnn/input_projection_wrapper/gru_cell/candidate/bias"]
    residual = rnn_cell.ResidualWrapper(rnn_cell.BasicRNNCell(3))
    out, _ = tf.nn.static_rnn(residual, tf.unstack(x, axis=1), dtype=tf.float32, scope="res")
    plain, _ = tf.nn.static_rnn(residual.cell, tf.unstack(x, axis=1), dtype=tf.float32,
                                scope="res")   # the same cell again: the same variables
    values = np.ones((2, 4, 3), np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got, inner = sess.run([out[0], plain[0]], {x: values})
    np.testing.assert_allclose(got, inner + 1, rtol=1e-6)
    with pytest.raises(ValueError, match="Parameter output_size must be > 0: 0"):
        tf.contrib.rnn.OutputProjectionWrapper(rnn_cell.GRUCell(2), 0)
