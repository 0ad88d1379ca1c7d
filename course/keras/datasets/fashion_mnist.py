"""``tf.keras.datasets.fashion_mnist``."""
from ...datasets.keras_datasets import fashion_mnist_load_data as load_data  # noqa: F401
