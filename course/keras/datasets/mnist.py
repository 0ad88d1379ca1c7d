"""``tf.keras.datasets.mnist``."""
from ...datasets.keras_datasets import mnist_load_data as load_data  # noqa: F401
