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


def test_the_picture_shows_the_engines_runs():
    from course.viz import learning_rate_sweep
    from course.viz.learning_rate_experiment import train_losses
    from course.viz.presets import quadratic_1d_model

    rates = [3.0, 0.01, 0.5, 1.5]              # sorted by the picture
    picture = learning_rate_sweep(quadratic_1d_model, rates=rates, steps=40)
    assert list(picture.rates) == sorted(rates)
    for rate, row, diverged_at in zip(picture.rates, picture.losses, picture.diverged_at):
        run = train_losses(quadratic_1d_model, "GradientDescent", rate, 40)
        assert diverged_at == run.diverged_at
        assert np.array_equal(row[:len(run.losses) - (diverged_at is not None)],
                              run.losses[:len(run.losses) - (diverged_at is not None)])
        if diverged_at is not None:
            assert np.isnan(row[diverged_at:]).all()
    assert picture.diverged_at[-1] is not None and np.isnan(picture.final_losses[-1])
    assert picture.best_rate == 0.5                   # (w - 2)² at lr 0.5: one step to the minimum
    assert picture.final_losses[1] == 0.0
    assert picture.to_png().startswith(b"\x89PNG")
    assert "4 learning rates" in repr(picture)


def test_the_picture_in_chinese():
    from course.viz import learning_rate_sweep
    from course.viz.presets import quadratic_1d_model

    picture = learning_rate_sweep(quadratic_1d_model, rates=[0.1, 3.0], steps=20, lang="zh")
    assert picture.lang in ("zh", "en")    # en only where no CJK font is installed
    assert picture.to_png().startswith(b"\x89PNG")


def test_rates_must_be_positive():
    from course.viz import learning_rate_sweep

    with pytest.raises(ValueError, match="positive"):
        learning_rate_sweep(preset="quadratic_1d", rates=[0.1, 0.0])
