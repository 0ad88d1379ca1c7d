"""The lessons' data, all available offline.

- ``load_pku``: the 32-example toy set of Peking University's TensorFlow course.
- ``load_mnist``: MNIST as ``train``/``validation``/``test`` ``DataSet`` objects with
  ``next_batch``; by default the 5,000-digit subset bundled with the course.
- ``read_data_sets``: TF 1.x's entry point (downloads the full MNIST on first use).
- ``download_mnist``, ``read_mnist_directory``, ``read_idx``: the full MNIST files.

Where the data comes from, and its licences: ``docs/DATA.md``.
"""

from .dataset import DataSet, Datasets
from .download import (
                       MNIST_BASE_URL,
                       MNIST_SHA256,
                       ChecksumError,
                       DownloadError,
                       download_mnist,
                       file_sha256,
)
from .idx import read_idx
from .mnist import load_mnist, load_mnist_arrays, read_data_sets, read_mnist_directory
from .pku import load_pku

__all__ = [
    "MNIST_BASE_URL",
    "MNIST_SHA256",
    "ChecksumError",
    "DownloadError",
    "DataSet",
    "Datasets",
    "download_mnist",
    "file_sha256",
    "load_mnist",
    "load_mnist_arrays",
    "load_pku",
    "read_data_sets",
    "read_idx",
    "read_mnist_directory",
]
