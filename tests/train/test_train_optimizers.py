"""tf.train optimizers against TensorFlow's recorded runs, and the Optimizer API's contract:
minimize = compute_gradients + apply_gradients, None gradients, the global step, fed learning
rates, slots, names, dtypes and errors."""
import numpy as np
import pytest
from train_golden import ATOL, GOLDEN, RTOL, VARIABLES, build_net

import course as tf
from course import train
from course.framework import errors

OPTIMIZER_CASES = sorted(GOLDEN["optimizers"])


def _make(case):
    spec = GOLDEN["optimizers"][case]
    return getattr(train, spec["optimizer"])(**spec["kwargs"]), spec


@pytest.mark.parametrize("case", OPTIMIZER_CASES)
def test_optimizer_matches_tensorflow(case):
    loss, variables = build_net()
    global_step = train.get_or_create_global_step()
    opt, spec = _make(case)
    train_op = opt.minimize(loss, global_step=global_step)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    losses = []
    for _ in range(GOLDEN["steps"]):
        losses.append(sess.run(loss))
        sess.run(train_op)
    np.testing.assert_allclose(losses, spec["losses"], rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(sess.run(loss), spec["final_loss"], rtol=RTOL, atol=ATOL)
    for name, v in variables.items():
        np.testing.assert_allclose(sess.run(v), spec["weights"][name], rtol=RTOL, atol=ATOL)
    assert opt.get_slot_names() == spec["slot_names"]
    for key, slot in spec["slots"].items():
        var_name, slot_name = key.split(":")
        made = opt.get_slot(variables[var_name], slot_name)
        assert made.op.name == slot["name"]
        np.testing.assert_allclose(sess.run(made), slot["value"], rtol=RTOL, atol=ATOL)
    assert sess.run(global_step) == spec["global_step"] == GOLDEN["steps"]


@pytest.mark.parametrize("case", OPTIMIZER_CASES)
def test_optimizer_names_like_tensorflow(case):
    loss, _ = build_net()
    opt, spec = _make(case)
    train_op = opt.minimize(loss, global_step=train.get_or_create_global_step())
    assert (train_op.name, train_op.type) == (spec["train_op"]["name"], spec["train_op"]["type"])
    assert [v.op.name for v in opt.variables()] == sorted(spec["optimizer_variables"])
    assert sorted(v.op.name for v in tf.global_variables()) == sorted(spec["global_variables"])
    slots = [s for s in tf.global_variables() if "/" in s.op.name or "power" in s.op.name]
    assert slots and not any(s.trainable for s in slots) or case == "GradientDescent"
    assert train_op in tf.get_collection(tf.GraphKeys.TRAIN_OP)


def test_defaults_are_tensorflows():
    adam = train.AdamOptimizer()
    assert (adam._lr, adam._beta1, adam._beta2, adam._epsilon, adam.get_name()) == (
        0.001, 0.9, 0.999, 1e-8, "Adam")
    ada = train.AdadeltaOptimizer()
    assert (ada._lr, ada._rho, ada._epsilon) == (0.001, 0.95, 1e-8)
    rms = train.RMSPropOptimizer(0.1)
    assert (rms._decay, rms._momentum, rms._epsilon, rms._centered) == (0.9, 0.0, 1e-10, False)
    assert train.AdagradOptimizer(0.1)._initial_accumulator_value == 0.1
    mom = train.MomentumOptimizer(0.1, 0.9)
    assert (mom._use_nesterov, mom.get_name()) == (False, "Momentum")
    with pytest.raises(ValueError, match="initial_accumulator_value must be positive"):
        train.AdagradOptimizer(0.1, initial_accumulator_value=0.0)


def _run_steps(train_op, loss, steps=5):
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    losses = []
    for _ in range(steps):
        losses.append(sess.run(loss))
        sess.run(train_op)
    return sess, losses


def test_minimize_equals_compute_then_apply():
    loss, _ = build_net()
    opt = train.MomentumOptimizer(0.1, 0.9)
    grads_and_vars = opt.compute_gradients(loss)
    assert [v for _, v in grads_and_vars] == tf.trainable_variables()
    _, by_parts = _run_steps(opt.apply_gradients(grads_and_vars), loss)
    tf.reset_default_graph()
    loss, _ = build_net()
    _, by_minimize = _run_steps(train.MomentumOptimizer(0.1, 0.9).minimize(loss), loss)
    np.testing.assert_array_equal(by_parts, by_minimize)
    np.testing.assert_allclose(by_minimize, GOLDEN["optimizers"]["Momentum"]["losses"][:5],
                               rtol=RTOL)


def test_unconnected_variable_gets_none_and_is_left_alone():
    loss, _ = build_net()
    unused = tf.Variable([1.0, 2.0], name="unused")
    opt = train.GradientDescentOptimizer(0.1)
    grads_and_vars = opt.compute_gradients(loss)
    assert dict((v.op.name, g) for g, v in grads_and_vars)["unused"] is None
    train_op = opt.apply_gradients(grads_and_vars)
    sess, _ = _run_steps(train_op, loss, steps=3)
    np.testing.assert_array_equal(sess.run(unused), [1.0, 2.0])
    assert opt.get_slot(unused, "momentum") is None


def test_no_gradients_errors_are_tensorflows():
    v = tf.Variable([1.0, 2.0], name="v")
    loss = tf.constant(3.0)
    with pytest.raises(ValueError) as e:
        train.GradientDescentOptimizer(0.1).minimize(loss, var_list=[v])
    assert str(e.value) == GOLDEN["errors"]["minimize_no_gradients"]
    with pytest.raises(ValueError) as e:
        train.GradientDescentOptimizer(0.1).apply_gradients([(None, v)])
    assert str(e.value) == GOLDEN["errors"]["apply_gradients_no_gradients"]
    with pytest.raises(ValueError, match="No variables provided"):
        train.GradientDescentOptimizer(0.1).apply_gradients([])
    with pytest.raises(ValueError, match="No variables to optimize"):
        tf.reset_default_graph()
        train.GradientDescentOptimizer(0.1).minimize(tf.constant(1.0))


def test_invalid_dtypes_and_targets():
    v = tf.Variable([1, 2], name="ints")
    with pytest.raises(ValueError, match="Invalid type tf.int32"):
        train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(v), var_list=[v])
    w = tf.Variable([1.0])
    with pytest.raises(NotImplementedError, match="unsupported type"):
        train.GradientDescentOptimizer(0.1).apply_gradients([(tf.constant([1.0]), w.value())])
    with pytest.raises(TypeError, match="Input 'delta' of 'ApplyGradientDescent' Op has type "
                                        "float64"):
        train.GradientDescentOptimizer(0.1).apply_gradients(
            [(tf.constant([1.0], tf.float64), w)])
    with pytest.raises(ValueError, match="incompatible"):
        train.GradientDescentOptimizer(0.1).apply_gradients([(tf.constant([1.0, 2.0]), w)])


def test_global_step_increments_after_the_updates():
    w = tf.Variable(3.0, name="w")
    step = train.get_or_create_global_step()
    assert step.dtype == tf.int64 and not step.trainable and step.op.name == "global_step"
    assert tf.get_collection(tf.GraphKeys.GLOBAL_STEP) == [step]
    assert step in tf.global_variables() and train.get_global_step() is step
    train_op = train.GradientDescentOptimizer(0.25).minimize(tf.square(w), global_step=step,
                                                             name="train_step")
    assert train_op.name == "train_step" and train_op.type == "AssignAdd"
    group = tf.get_default_graph().get_operation_by_name("train_step/update")
    assert group.type == "NoOp" and group in train_op.control_inputs
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for expected in range(1, 4):
        # the fetched variable is its value at the end of the run, as TF1's ref variables
        _, value = sess.run([train_op, step])
        assert value == expected == train.global_step(sess, step)
    assert sess.run(w) == pytest.approx(3.0 * 0.5 ** 3)
    with pytest.raises(ValueError, match='"global_step" already exists'):
        train.create_global_step()


def test_global_step_found_by_name_and_checked():
    assert train.get_global_step() is None
    tf.Variable(np.int64(0), name="global_step", trainable=False)
    assert train.get_global_step().name == "global_step:0"
    tf.reset_default_graph()
    tf.Variable(0.0, name="global_step")
    with pytest.raises(TypeError, match="does not have integer type"):
        train.get_global_step()


@pytest.mark.parametrize("feed_kind", ["constant", "placeholder"])
def test_learning_rate_fed_each_step(feed_kind):
    w = tf.Variable([1.0, -2.0], name="w")
    lr = tf.constant(0.1, tf.float32) if feed_kind == "constant" else \
        tf.placeholder(tf.float32, [])
    train_op = train.MomentumOptimizer(lr, 0.9).minimize(tf.reduce_sum(tf.square(w)))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    expected_w, accum = np.array([1.0, -2.0], np.float32), np.zeros(2, np.float32)
    for rate in [0.1, 0.05, 0.01]:
        sess.run(train_op, {lr: rate})
        accum = accum * np.float32(0.9) + 2 * expected_w
        expected_w = expected_w - accum * np.float32(rate)
    np.testing.assert_allclose(sess.run(w), expected_w, rtol=1e-6)


def test_learning_rate_schedule_tensor_and_callable():
    w = tf.Variable(1.0)
    step = train.get_or_create_global_step()
    lr = train.exponential_decay(0.5, step, decay_steps=1, decay_rate=0.5)
    train_op = train.GradientDescentOptimizer(lr).minimize(w * 1.0, global_step=step)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for _ in range(3):
        sess.run(train_op)
    assert sess.run(w) == pytest.approx(1.0 - (0.5 + 0.25 + 0.125))
    tf.reset_default_graph()
    w = tf.Variable(1.0)
    train_op = train.GradientDescentOptimizer(lambda: 0.5).minimize(w * 1.0)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train_op)
    assert sess.run(w) == 0.5


def test_learning_rate_cast_to_the_variable_dtype():
    w = tf.Variable(np.array([1.0, 2.0]), name="w64")    # float64
    train_op = train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(w * w))
    cast = [op for op in tf.get_default_graph().get_operations() if op.type == "Cast"]
    assert [op._inputs[0].op.name for op in cast] == ["GradientDescent/learning_rate"]
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train_op)
    lr = np.float64(np.float32(0.1))       # TF: the float32 constant, cast to float64
    np.testing.assert_array_equal(sess.run(w), [1.0 - lr * 2.0, 2.0 - lr * 4.0])
    assert sess.run(w).dtype == np.float64


def test_slots_are_non_trainable_global_variables():
    loss, variables = build_net()
    opt = train.AdamOptimizer(0.01)
    opt.minimize(loss)
    m = opt.get_slot(variables["W1"], "m")
    assert m.op.name == "W1/Adam" and not m.trainable
    assert m in tf.global_variables() and m not in tf.trainable_variables()
    assert tf.trainable_variables() == [variables[n] for n in VARIABLES]
    beta1_power = [v for v in opt.variables() if v.op.name == "beta1_power"][0]
    assert beta1_power.dtype == tf.float32 and not beta1_power.trainable
    assert opt.get_slot(variables["W1"], "nope") is None


def test_slots_made_outside_the_callers_scopes():
    w = tf.Variable([1.0], name="w")
    with tf.name_scope("outer"), tf.control_dependencies([tf.no_op(name="gate")]):
        opt = train.MomentumOptimizer(0.1, 0.9)
        opt.minimize(tf.reduce_sum(w * w))
    slot = opt.get_slot(w, "momentum")
    assert slot.op.name == "w/Momentum"
    assert not slot.initializer.control_inputs
    second = train.MomentumOptimizer(0.1, 0.9)
    second.minimize(tf.reduce_sum(w * w))
    assert second.get_slot(w, "momentum").op.name == "w/Momentum_1"


def test_gate_graph_and_grad_loss():
    w = tf.Variable([1.0, 2.0])
    loss = w * w
    opt = train.GradientDescentOptimizer(0.5)
    train_op = opt.minimize(loss, gate_gradients=train.Optimizer.GATE_GRAPH,
                            grad_loss=tf.constant([1.0, 0.0]))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train_op)
    np.testing.assert_array_equal(sess.run(w), [0.0, 2.0])
    with pytest.raises(ValueError, match="gate_gradients must be one of"):
        opt.compute_gradients(loss, gate_gradients=7)


def test_uninitialized_slot_is_a_failed_precondition():
    w = tf.Variable([1.0], name="w")
    opt = train.MomentumOptimizer(0.1, 0.9)
    train_op = opt.minimize(tf.reduce_sum(w * w))
    sess = tf.Session()
    sess.run(w.initializer)
    with pytest.raises(errors.FailedPreconditionError,
                       match="Attempting to use uninitialized value w/Momentum"):
        sess.run(train_op)


def test_apply_op_checks_the_gradient_shape_when_run():
    w = tf.Variable([1.0, 2.0], name="w")
    g = tf.placeholder(tf.float32)
    train_op = train.GradientDescentOptimizer(0.1).apply_gradients([(g, w)])
    sess = tf.Session()
    sess.run(w.initializer)
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"var and delta do not have the same shape\[2\] \[1\]"):
        sess.run(train_op, {g: [1.0]})
    np.testing.assert_array_equal(sess.run(w), [1.0, 2.0])


def test_update_ops_have_no_gradient_and_fetching_them_gives_the_new_value():
    w = tf.Variable([1.0, 2.0], name="w")
    update = train.apply_gradient_descent(w, tf.constant(0.5), tf.constant([2.0, 2.0]))
    assert update.op.type == "ApplyGradientDescent"
    assert tf.gradients(tf.reduce_sum(update), [w])[0] is None
    sess = tf.Session()
    sess.run(w.initializer)
    np.testing.assert_array_equal(sess.run(update), [0.0, 1.0])
    np.testing.assert_array_equal(sess.run(w), [0.0, 1.0])
