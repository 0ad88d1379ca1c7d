"""``tf.keras.datasets``: ``mnist`` and ``fashion_mnist``, served offline
(course/datasets/keras_datasets.py says from where)."""
from .. import SUPPORTED
from . import fashion_mnist, mnist  # noqa: F401


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError("course does not implement tf.keras.datasets.%s: of tf.keras it has "
                         "only %s." % (name, SUPPORTED))
