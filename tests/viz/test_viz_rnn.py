"""course.viz.draw_rnn: the RNN call behind a target, rolled and unrolled, with a traced run's
values at every step."""
import numpy as np
import pytest

import course as tf
from course.viz import draw_rnn, rnn_model
from rnn_programs import traced_dynamic_lstm, traced_small_lstm, traced_stacked_gru_lstm


def test_the_model_holds_the_traced_values_of_every_step():
    graph, outputs, trace = traced_small_lstm(tf)
    model = rnn_model(outputs, trace=trace, example=1)
    assert (model.function, model.scope, model.cell_name, model.steps) == (
        "static_rnn", "rnn", "BasicLSTMCell", 6)
    assert model.state_names == ["c", "h"] and model.is_lstm
    assert model.variables == [("rnn/basic_lstm_cell/kernel", [7, 16]),
                               ("rnn/basic_lstm_cell/bias", [16])]
    for t in range(6):
        np.testing.assert_array_equal(model.outputs[t], trace.values[outputs[t].name][1])
        np.testing.assert_array_equal(model.states["h"][t], model.outputs[t])
    assert not model.initial["c"].any()
    x = np.random.default_rng(0).uniform(-1, 1, (2, 6, 3)).astype(np.float32)
    np.testing.assert_array_equal(model.inputs[2], x[1, 2])


def test_a_stacked_cell_names_its_state_leaves_and_keeps_its_length():
    _, outputs, trace = traced_stacked_gru_lstm(tf)
    model = rnn_model(outputs, trace=trace, example=1)
    assert model.function == "static_rnn"
    assert model.cell_name == "MultiRNNCell(GRUCell, BasicLSTMCell)"
    assert model.state_names == ["cell_0/h", "cell_1/c", "cell_1/h"]
    assert model.lengths == 3
    # past its length the state is carried, unchanged
    for name in model.state_names:
        np.testing.assert_array_equal(model.states[name][4], model.states[name][2])


def test_a_while_loop_shows_h_at_every_step_and_c_at_the_end():
    _, outputs, trace = traced_dynamic_lstm(tf)
    model = rnn_model(outputs, trace=trace, example=1)
    assert (model.function, model.loop, model.steps, model.lengths) == ("dynamic_rnn", True, 6, 4)
    stacked = trace.values[outputs.name]          # batch-major [2, 6, 3]
    for t in range(4):
        np.testing.assert_array_equal(model.states["h"][t], stacked[1, t])
    # past its length the loop carries h; its outputs are zeros
    np.testing.assert_array_equal(model.states["h"][5], stacked[1, 3])
    assert not model.outputs[5].any()
    assert model.states["c"][:5] == [None] * 5 and model.states["c"][5] is not None
    assert draw_rnn(outputs, trace=trace).to_png().startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="known only when it runs"):
        x = tf.placeholder(tf.float32, [2, None, 3])
        unknown, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x, dtype=tf.float32,
                                       scope="unknown_length")
        draw_rnn(unknown)
    assert "T steps" in repr(draw_rnn(unknown, unrolled=False))


def test_pictures_render_both_ways():
    _, outputs, trace = traced_small_lstm(tf)
    for picture in (draw_rnn(outputs, unrolled=False), draw_rnn(outputs, trace=trace),
                    draw_rnn(outputs, trace=trace, steps=[1, 2, 5], max_units=2)):
        png = picture.to_png()
        assert png.startswith(b"\x89PNG") and len(png) > 5000
    assert "traced" in repr(draw_rnn(outputs, trace=trace))


def test_the_latest_rnn_of_a_graph_and_clear_errors():
    with pytest.raises(ValueError, match="No RNN in this graph"):
        draw_rnn(tf.get_default_graph())
    x = tf.placeholder(tf.float32, [2, 3, 4])
    first, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x, dtype=tf.float32, scope="a")
    second, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(3), x, dtype=tf.float32,
                                  scope="b")
    assert rnn_model().scope == "b" and rnn_model(first).scope == "a"
    assert rnn_model(tf.reduce_sum(second) * 2).cell_name == "BasicRNNCell"
    with pytest.raises(ValueError, match="None of the targets is computed by"):
        rnn_model(x)
    with pytest.raises(ValueError, match="The trace has no values for this RNN's steps"):
        rnn_model(first, trace={})
    with pytest.raises(ValueError, match="steps must be time steps of this RNN, 0 to 2"):
        draw_rnn(first, steps=[3])
