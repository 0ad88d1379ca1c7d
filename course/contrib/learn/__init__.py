"""``tf.contrib.learn``: only its MNIST loader (``tf.contrib.learn.datasets.mnist``)."""
from . import datasets  # noqa: F401
