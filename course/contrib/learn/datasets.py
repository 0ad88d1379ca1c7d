"""``tf.contrib.learn.datasets``: TF1's MNIST loader, served offline like ``input_data``."""
from ...datasets import tf1_input_data as mnist


def load_dataset(name, size="small", test_with_fake_data=False):
    """``tf.contrib.learn.datasets.load_dataset("mnist")``; course has only MNIST."""
    if name != "mnist":
        raise ValueError("Name of dataset is not recognized: %s (course has only 'mnist')" % name)
    return mnist.load_mnist()


__all__ = ["mnist", "load_dataset"]
