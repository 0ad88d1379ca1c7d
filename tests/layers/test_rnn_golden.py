"""The recurrent cells and RNN functions against TensorFlow's numbers (golden/rnn.json, written
by scripts/record_golden_rnn.py from the programs in tests/support/rnn_programs.py)."""
import numpy as np
import pytest

import course as tf
import rnn_programs as programs
from golden_files import assert_tf_close, f32, load_golden

GOLDEN = load_golden("rnn")
CASES = list(programs.cell_cases())


def test_every_recorded_case_is_still_a_program():
    assert [case for case, _, _ in CASES] == list(GOLDEN["cells"])
    np.testing.assert_array_equal(programs.cell_input(), f32(GOLDEN["input"]))


@pytest.mark.parametrize("case,cell_name,runner_name", CASES, ids=[c[0] for c in CASES])
def test_cell_forward_and_gradients_match_tensorflow(case, cell_name, runner_name):
    golden = GOLDEN["cells"][case]
    built = programs.build_cell_case(tf, cell_name, runner_name)
    names = [v.op.name for v in built["variables"]]
    assert names == list(golden["variables"]), "TF's variable names, in TF's creation order"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        initial = sess.run(built["variables"])
        outputs, state, grads = sess.run([built["outputs"], built["state"], built["grads"]],
                                         {built["x"]: programs.cell_input()})
    for name, value in zip(names, initial):
        # the same Philox stream, seed and glorot limit: bit for bit
        np.testing.assert_array_equal(value, f32(golden["variables"][name]), err_msg=name)
    assert len(outputs) == len(golden["outputs"]) and len(state) == len(golden["state"])
    for got, want in zip(outputs + state, golden["outputs"] + golden["state"]):
        assert_tf_close(got, want)
    assert_tf_close(grads[0], golden["grad_x"])
    for name, grad in zip(names, grads[1:]):
        assert_tf_close(grad, golden["grad_variables"][name], rtol=2e-5)


def test_lstm_classifier_on_mnist_rows_trains_as_tensorflow():
    """The tutorial program, 20 Adam steps on the same batches: every loss, the final kernel and
    the test accuracy."""
    golden = GOLDEN["mnist_lstm"]
    run = programs.run_mnist_lstm(tf, 20)
    assert run["kernel_variables"] == golden["kernel_variables"] == [
        "rnn/basic_lstm_cell/kernel:0"]
    np.testing.assert_allclose(run["losses"], golden["losses"], rtol=1e-5)
    assert_tf_close(run["final_kernel"], golden["final_kernel"], rtol=1e-4)
    # a few of the 1,000 test digits near a decision boundary may flip with float32 rounding
    assert run["final_accuracy"] == pytest.approx(golden["final_accuracy"], abs=5e-3)


def test_lstm_classifier_reaches_tensorflows_accuracy_band():
    """300 steps: float32 rounding may steer a long training elsewhere, so this asserts a band
    around TF's test accuracy rather than its digits."""
    golden = GOLDEN["mnist_lstm_band"]
    run = programs.run_mnist_lstm(tf, golden["steps"], eval_every=100)
    assert golden["final_accuracy"] > 0.85
    assert abs(run["final_accuracy"] - golden["final_accuracy"]) < 0.05
    assert np.mean(run["losses"][-50:]) < 0.5 * np.mean(run["losses"][:10])


def test_gru_sequence_regression_trains_as_tensorflow():
    golden = GOLDEN["gru_regression"]
    run = programs.run_gru_regression(tf, 20)
    assert run["variables"] == golden["variables"]
    np.testing.assert_allclose(run["losses"], golden["losses"], rtol=1e-5)
    assert_tf_close(run["final_prediction"], golden["final_prediction"], rtol=1e-4)
