"""Learning-rate schedules against TensorFlow's values (golden/training.json)."""
import numpy as np
import pytest
from train_golden import GOLDEN

import course as tf
from course import train

CASES = sorted(GOLDEN["schedules"])


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("step_dtype", [tf.int64, tf.int32])
def test_schedule_matches_tensorflow(case, step_dtype):
    spec = GOLDEN["schedules"][case]
    step = tf.placeholder(step_dtype, [])
    fn = getattr(train, spec["function"])
    if spec["function"] == "piecewise_constant":
        lr = fn(step, **spec["kwargs"])
    else:
        lr = fn(global_step=step, **spec["kwargs"])
    assert lr.dtype.name == spec["dtype"] == "float32"
    assert lr.shape.ndims == 0
    sess = tf.Session()
    values = [sess.run(lr, {step: s}) for s in spec["steps"]]
    np.testing.assert_allclose(values, spec["values"], rtol=1e-6, atol=1e-9)


def test_schedule_of_the_global_step_variable_follows_training():
    w = tf.Variable(0.0)
    step = train.get_or_create_global_step()
    lr = train.piecewise_constant(step, [2], [1.0, 0.25])
    train_op = train.GradientDescentOptimizer(lr).minimize(-w, global_step=step)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for _ in range(5):
        sess.run(train_op)
    # steps 0, 1, 2 use 1.0 (step <= 2), steps 3 and 4 use 0.25
    assert sess.run(w) == pytest.approx(3 * 1.0 + 2 * 0.25)


def test_schedule_errors():
    step = tf.placeholder(tf.int64, [])
    with pytest.raises(ValueError, match="global_step is required for exponential_decay"):
        train.exponential_decay(0.1, None, 10, 0.5)
    with pytest.raises(ValueError, match="1 less than the length of values"):
        train.piecewise_constant(step, [1, 2], [1.0, 2.0])
    with pytest.raises(ValueError, match="Values must have elements all with the same dtype"):
        train.piecewise_constant(step, [1], [1.0, 2])


def test_float64_learning_rate_keeps_its_dtype():
    step = tf.placeholder(tf.int64, [])
    lr = train.exponential_decay(tf.constant(0.1, tf.float64), step, 10, 0.5)
    assert lr.dtype == tf.float64
    assert tf.Session().run(lr, {step: 10}) == pytest.approx(0.05, rel=1e-15)
