"""The learning-rate sweep picture and Trainer.sweep: every rate trained at once (course.sweep)
gives the runs the learning-rate widget's Trainer gives one by one, to the bit."""
import numpy as np
import pytest

from course.viz.learning_rate_experiment import Trainer
from course.viz.presets import mnist_softmax_model, pku_model


@pytest.mark.parametrize("model_fn, optimizer, steps", [(pku_model, "Momentum", 150),
                                                        (mnist_softmax_model, "Adam", 10)])
def test_trainer_sweep_gives_the_runs_run_gives(model_fn, optimizer, steps):
    trainer = Trainer(model_fn, optimizer)
    rates = [1e-4, 0.003, 0.1, 1.0, 30.0]
    swept = trainer.sweep(rates, steps)
    train = trainer._train
    trainer._train = None                                # remembered: no second training
    assert trainer.run(rates[2], steps).losses is swept[2].losses
    trainer._train = train
    trainer._runs.clear()
    for rate, run in zip(rates, swept):
        alone = trainer.run(rate, steps)
        assert (alone.diverged_at, alone.learning_rate, alone.momentum) == \
            (run.diverged_at, run.learning_rate, run.momentum)
        assert np.array_equal(alone.losses.view(np.uint32), run.losses.view(np.uint32))
    assert swept[-1].diverged_at is not None
