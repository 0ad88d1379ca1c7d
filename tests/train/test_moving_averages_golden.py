"""tf.train.ExponentialMovingAverage against TensorFlow: shadow variables and their names,
num_updates, zero_debias for tensors, variables_to_restore, and the PKU MNIST recipe (train
step + EMA, checkpoint, a test script restoring the shadows) (golden/api.json,
scripts/record_golden_api.py)."""
import api_cases
import pytest

import course as tf


@pytest.mark.parametrize("name", ["ema_variables", "ema_num_updates_and_tensors",
                                  "ema_pku_mnist_recipe"])
def test_matches_tensorflow(name):
    assert api_cases.golden_problems(tf, name) == []


def test_pku_program_as_written_averages_after_the_training_step():
    """The course's own program (EMA and train step side by side under one no_op) runs the EMA
    after the step, as in creation order: TF's numbers for the ordered recipe."""
    def as_written(tf, sess):
        return api_cases.ema_recipe(tf, sess, ema_after_step=False)
    assert api_cases.golden_problems(tf, "ema_pku_mnist_recipe", run_instead=as_written) == []


def test_apply_twice_reuses_the_shadows():
    w = tf.Variable(1.0, name="w")
    ema = tf.train.ExponentialMovingAverage(0.5)
    first, second = ema.apply([w]), ema.apply([w])
    assert [v.op.name for v in tf.global_variables()] == ["w", "w/ExponentialMovingAverage"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(w.assign(3.0))
        sess.run(first)
        sess.run(second)
        assert sess.run(ema.average(w)) == 2.5       # 1 -> 2 -> 2.5
