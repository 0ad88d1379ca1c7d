"""What the training pictures train: the optimizer menu and the preset models.

The optimizers are course's own ``tf.train`` classes, built from a short name:

    make_optimizer("Nesterov", learning_rate=0.01, momentum=0.9)
    # = tf.train.MomentumOptimizer(0.01, momentum=0.9, use_nesterov=True)

A model for ``course.viz.lr_experiment`` is a function that builds a graph with
``course`` (in a fresh default graph) and returns ``Model(loss, feed, init)``, or
just the loss, or a ``(loss, feed)`` / ``(loss, feed, init)`` tuple:

- ``loss``: the scalar tensor to minimise.
- ``feed``: what to feed at each step: ``None``, one ``feed_dict`` for every step,
  or a function ``feed(step) -> feed_dict``. It must depend on ``step`` only (every
  setting re-runs from step 0, and runs are compared), and return the same keys
  each time, e.g. cycle through fixed batches.
- ``init``: run after every variable is initialised, before each run: an op or a
  list of ops, or a function ``init(session)``. Usually ``None``.

The presets below are such functions, written as the lessons write them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

# How the training pictures answer a slider: results of the last REMEMBERED settings are kept
# (a setting seen again redraws without training), and a training that runs longer than
# FIRST_PART_AFTER seconds shows its first part while the rest is computed.
REMEMBERED = 256
FIRST_PART_AFTER = 0.01

# ---------------------------------------------------------------- the optimizers


@dataclass(frozen=True)
class OptimizerChoice:
    """One entry of the optimizer menu."""

    name: str                    # short name used in the API: "Nesterov"
    label: str                   # shown in menus and legends: "Nesterov momentum"
    class_name: str              # the course.train class: "MomentumOptimizer"
    momentum: float | None       # default momentum, or None when there is no momentum knob
    fixed: dict = field(default_factory=dict)  # keyword arguments that make this choice


OPTIMIZERS = (
    OptimizerChoice("GradientDescent", "GradientDescent", "GradientDescentOptimizer", None),
    OptimizerChoice("Momentum", "Momentum", "MomentumOptimizer", 0.9),
    OptimizerChoice("Nesterov", "Nesterov momentum", "MomentumOptimizer", 0.9,
                    {"use_nesterov": True}),
    OptimizerChoice("Adagrad", "Adagrad", "AdagradOptimizer", None),
    OptimizerChoice("Adadelta", "Adadelta", "AdadeltaOptimizer", None),
    OptimizerChoice("RMSProp", "RMSProp", "RMSPropOptimizer", 0.0),
    OptimizerChoice("Adam", "Adam", "AdamOptimizer", None),
)
OPTIMIZER_NAMES = tuple(choice.name for choice in OPTIMIZERS)
_BY_SPELLING = {spelling.lower(): choice for choice in OPTIMIZERS
                for spelling in (choice.name, choice.label, choice.class_name.lower(),
                                 choice.name + "Optimizer")}
_BY_SPELLING["gd"] = _BY_SPELLING["sgd"] = OPTIMIZERS[0]


def optimizer_choice(name) -> OptimizerChoice:
    """The menu entry for a name: "Adam", "Nesterov momentum", "AdamOptimizer", "GD"..."""
    if isinstance(name, OptimizerChoice):
        return name
    choice = _BY_SPELLING.get(str(name).lower())
    if choice is None:
        raise ValueError(f"optimizer must be one of {', '.join(OPTIMIZER_NAMES)}; got {name!r}")
    return choice


def make_optimizer(name, learning_rate, momentum=None):
    """The course.train optimizer `name` with this learning rate (a float or a tensor).

    `momentum` (a float or a tensor) is used by Momentum, Nesterov and RMSProp; None
    means the choice's default (0.9, 0.9 and TF's 0.0); the others ignore it.
    """
    from course import train

    choice = optimizer_choice(name)
    kwargs = dict(choice.fixed)
    if choice.momentum is not None:
        kwargs["momentum"] = choice.momentum if momentum is None else momentum
    return getattr(train, choice.class_name)(learning_rate, **kwargs)


def optimizer_code(name, learning_rate, momentum=None) -> str:
    """The TF1 line that makes the optimizer: tf.train.MomentumOptimizer(0.01, momentum=0.9)."""
    choice = optimizer_choice(name)
    args = [_number(learning_rate)]
    if choice.momentum is not None:
        args.append(f"momentum={_number(choice.momentum if momentum is None else momentum)}")
    args += [f"{key}={value!r}" for key, value in choice.fixed.items()]
    return f"tf.train.{choice.class_name}({', '.join(args)})"


def optimizer_label(name, learning_rate, momentum=None) -> str:
    """Short legend text: "Nesterov momentum lr=0.01 m=0.9"."""
    choice = optimizer_choice(name)
    text = f"{choice.label} lr={_number(learning_rate)}"
    if choice.momentum is not None:
        text += f" m={_number(choice.momentum if momentum is None else momentum)}"
    return text


def _number(value) -> str:
    return f"{float(value):.3g}"


# ---------------------------------------------------------------- the model protocol


class Model(NamedTuple):
    """What a model function returns (see the module docstring)."""

    loss: object
    feed: object = None
    init: object = None


def as_model(returned) -> Model:
    """A model function's return value as a Model: a loss, a tuple, or a Model."""
    if isinstance(returned, Model):
        return returned
    if isinstance(returned, tuple):
        if not 1 <= len(returned) <= 3:
            raise ValueError("a model function returns loss, (loss, feed) or (loss, feed, init); "
                             f"got a tuple of {len(returned)}")
        return Model(*returned)
    return Model(returned)


def feed_function(feed) -> Callable[[int], dict]:
    """A Model's feed as a function of the step."""
    if feed is None:
        return lambda step: {}
    if isinstance(feed, dict):
        return lambda step: feed
    if callable(feed):
        return feed
    raise TypeError(f"feed must be None, a feed_dict or a function of the step; got {feed!r}")


# ---------------------------------------------------------------- the presets


def pku_model():
    """The 2-3-1 network of Peking University's TensorFlow course, as the lesson writes it.

    32 parts with two features, good (1) when the features add up to less than 1;
    batches of 8 taken in turn, mean squared error.
    """
    import course as tf
    from course.datasets import load_pku

    BATCH_SIZE = 8
    X, Y_ = load_pku(as_array=True)
    X = X.astype(np.float32)  # what feeding the float32 placeholder makes of it, done once

    x = tf.placeholder(tf.float32, shape=(None, 2))
    y_ = tf.placeholder(tf.float32, shape=(None, 1))
    w1 = tf.Variable(tf.random_normal([2, 3], stddev=1, seed=1))
    w2 = tf.Variable(tf.random_normal([3, 1], stddev=1, seed=1))
    a = tf.matmul(x, w1)
    y = tf.matmul(a, w2)
    loss = tf.reduce_mean(tf.square(y_ - y))

    batches = [{x: X[start:start + BATCH_SIZE], y_: Y_[start:start + BATCH_SIZE]}
               for start in range(0, len(X), BATCH_SIZE)]

    def feed(step):  # the lesson's start = (i * BATCH_SIZE) % 32
        return batches[step % len(batches)]

    return Model(loss, feed)


def mnist_softmax_model(seed: int = 0, batch_size: int = 100):
    """Martin Görner's one-layer softmax for MNIST, on the course's bundled 4,000 digits.

    Batches of `batch_size` (his 100) from one shuffled pass through the training digits,
    repeated; the loss is his summed cross-entropy, -reduce_sum(Y_ * log(Y)). For other
    batch sizes that sum is scaled to 100 images (times 100 / batch_size), as Görner's
    later code does (reduce_mean * 1000, "normalised for batches of 100 images"): the
    curves stay comparable and a learning rate means the same step per image.
    """
    import course as tf
    from course.datasets import load_mnist

    mnist = load_mnist(one_hot=True, reshape=False, seed=seed)
    X = tf.placeholder(tf.float32, [None, 28, 28, 1])
    Y_ = tf.placeholder(tf.float32, [None, 10])
    W = tf.Variable(tf.zeros([784, 10]))
    b = tf.Variable(tf.zeros([10]))
    XX = tf.reshape(X, [-1, 784])
    Y = tf.nn.softmax(tf.matmul(XX, W) + b)
    cross_entropy = -tf.reduce_sum(Y_ * tf.log(Y))
    if batch_size != 100:
        cross_entropy = cross_entropy * (100.0 / batch_size)

    batches_per_pass = mnist.train.num_examples // batch_size
    batches = [dict(zip((X, Y_), mnist.train.next_batch(batch_size)))
               for _ in range(batches_per_pass)]

    def feed(step):
        return batches[step % len(batches)]

    return Model(cross_entropy, feed)


def quadratic_1d_model():
    """f(w) = (w - 2)², from w = 5: gradient descent converges for lr < 1 and diverges above."""
    import course as tf

    w = tf.Variable(5.0)
    return tf.square(w - 2.0)


def quadratic_2d_model():
    """The ill-conditioned quadratic of the optimizer race (course.viz.surfaces "valley").

    Curvatures 0.2 and 10: gradient descent zigzags for lr near 0.2 and diverges above.
    """
    import course as tf

    from .surfaces import SURFACES

    valley = SURFACES["valley"]
    point = tf.Variable(np.array(valley.start, dtype=np.float32))
    return valley.course(point)


@dataclass(frozen=True)
class Preset:
    """A model for lr_experiment with the settings it shows best with."""

    name: str
    title: str
    model_fn: Callable
    steps: int
    learning_rate: float
    max_steps: int
    average_over: int = 1        # plot the mean loss of every this many steps
    loss_name: str = "loss"
    batch_sizes: tuple = ()      # a batch-size slider's choices (model_fn takes batch_size=)
    batch_size: int | None = None  # the slider's starting value


PRESETS = {
    "pku": Preset("pku", "PKU 2-3-1 network: MSE on 32 parts, batches of 8", pku_model,
                  steps=3000, learning_rate=0.001, max_steps=10000, average_over=4,
                  loss_name="mean squared error"),
    "mnist_softmax": Preset("mnist_softmax", "Görner's softmax on MNIST (4,000 digits)",
                            mnist_softmax_model, steps=300, learning_rate=0.003,
                            max_steps=2000, average_over=10,
                            loss_name="cross-entropy per 100 images",
                            batch_sizes=(1, 10, 100, 1000, 4000), batch_size=100),
    "quadratic_1d": Preset("quadratic_1d", "f(w) = (w − 2)², from w = 5", quadratic_1d_model,
                           steps=50, learning_rate=0.1, max_steps=1000),
    "quadratic_2d": Preset("quadratic_2d", "ill-conditioned quadratic 0.05 (x + y)² + "
                           "2.5 (x − y)²", quadratic_2d_model, steps=100, learning_rate=0.05,
                           max_steps=2000),
}


def get_preset(name) -> Preset:
    if isinstance(name, Preset):
        return name
    if name not in PRESETS:
        raise ValueError(f"preset must be one of {', '.join(PRESETS)}; got {name!r}")
    return PRESETS[name]
