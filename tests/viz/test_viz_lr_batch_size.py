"""lr_experiment's batch-size slider: the model is rebuilt per batch size, and the curves compare."""

import math
import os

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np
import pytest

import course as tf
from course.viz.learning_rate_experiment import lr_experiment, train_losses
from course.viz.presets import mnist_softmax_model

LN_10 = math.log(10.0)


def test_mnist_preset_offers_batch_sizes_and_starts_with_goerners_100():
    experiment = lr_experiment(preset="mnist_softmax", steps=20)
    slider = experiment.batch_slider
    assert [value for _, value in slider.options] == [1, 10, 100, 1000, 4000]
    assert slider.value == 100 and slider.layout.display != "none"
    assert experiment.run.batch_size == 100
    assert experiment.run.label == "GradientDescent lr=0.003 batch 100"
    # Batch 100 is the article's loss, unscaled: the same numbers as the preset's default model.
    plain = train_losses(mnist_softmax_model, "GradientDescent", 0.003, 20)
    np.testing.assert_array_equal(experiment.run.losses, plain.losses)


def test_moving_the_batch_slider_rebuilds_the_model_with_that_batch_size():
    experiment = lr_experiment(preset="mnist_softmax", steps=5)
    experiment.batch_slider.value = 10
    run = experiment.run
    assert run.batch_size == 10 and "batch 10" in run.label
    # W = 0 predicts 1/10 for every class, so each image's cross-entropy is ln 10; the loss is
    # scaled to 100 images whatever the batch size, so the first loss is 100 ln 10 for all.
    assert run.losses[0] == pytest.approx(100 * LN_10, rel=1e-5)
    experiment.batch_slider.value = 1000
    assert experiment.run.losses[0] == pytest.approx(100 * LN_10, rel=1e-5)
    # One graph per (optimizer, batch size) visited, kept for the next time.
    assert sorted(experiment._trainers) == [("GradientDescent", 10), ("GradientDescent", 100),
                                            ("GradientDescent", 1000)]


def test_train_losses_builds_the_model_for_a_batch_size():
    # The full batch (4,000 digits): its loss is still counted for 100 images.
    run = train_losses(mnist_softmax_model, "GradientDescent", 0.003, 3, batch_size=4000)
    assert run.batch_size == 4000
    assert run.losses[0] == pytest.approx(100 * LN_10, rel=1e-5)
    assert run.losses[2] < run.losses[0]


def _line_fit_calls(calls):
    xs = np.linspace(-1, 1, 40, dtype=np.float32)

    def line_fit(batch_size=None):
        calls.append(batch_size)
        x = tf.placeholder(tf.float32, [None])
        w = tf.Variable(0.0)
        loss = tf.reduce_mean(tf.square(w * x - 3 * x))
        size = batch_size or 40
        return loss, (lambda step: {x: xs[step * size % 40:][:size]})
    return line_fit


def test_a_model_without_batch_sizes_has_no_batch_slider_and_is_called_without_arguments():
    calls = []
    experiment = lr_experiment(_line_fit_calls(calls), steps=10, learning_rate=0.1)
    assert calls == [None]
    assert experiment.batch_slider.layout.display == "none"
    assert experiment.run.batch_size is None
    assert experiment.run.label == "GradientDescent lr=0.1"


def test_a_custom_model_gets_the_batch_size_it_is_given():
    calls = []
    experiment = lr_experiment(_line_fit_calls(calls), steps=10, learning_rate=0.1,
                               batch_sizes=(4, 8), batch_size=8)
    assert calls == [8] and experiment.run.batch_size == 8
    experiment.batch_slider.value = 4
    assert calls == [8, 4] and experiment.run.batch_size == 4
    # One batch size alone: the model is built with it, and no slider is shown.
    alone = lr_experiment(_line_fit_calls(calls), steps=10, learning_rate=0.1, batch_size=5)
    assert calls[-1] == 5 and alone.batch_slider.layout.display == "none"
