"""``tf.keras``: only ``tf.keras.datasets.mnist`` / ``fashion_mnist`` (their ``load_data``).

TF1 tutorials load MNIST with ``tf.keras.datasets.mnist.load_data()`` and build the model with
TF1 ops; course serves that loader. Keras's models and layers are not part of course: asking
for them is an AttributeError that says so (``tf.layers`` / ``tf.contrib.layers`` are)."""
import importlib

SUPPORTED = "tf.keras.datasets.mnist and tf.keras.datasets.fashion_mnist (load_data)"


def __getattr__(name):
    # datasets loads course.datasets (urllib, gzip): only for a program that uses it.
    if name == "datasets":
        return importlib.import_module(".datasets", __name__)
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(
        "course does not implement tf.keras.%s: of tf.keras it has only %s. Build models with "
        "tf.layers, tf.contrib.layers or tf.nn." % (name, SUPPORTED))


def __dir__():
    return ["datasets"]
