"""TF 1.x's ``tensorflow.examples.tutorials.mnist.input_data``, served offline.

Real TF1 programs say ``input_data.read_data_sets("MNIST_data/", one_hot=True)`` and then
``mnist.train.next_batch(100)``.  This module keeps TF1's ``DataSet`` semantics exactly,
because they decide which digits a program trains on:

* the constructor re-seeds numpy's GLOBAL random state, as TF1 did, from
  ``random_seed.get_seed(seed)``: the graph-level seed when only that is set, the given
  ``seed`` otherwise, fresh entropy when neither is set;
* ``next_batch`` shuffles the first epoch and every later one with ``numpy.random.shuffle``
  (so a program's own ``np.random.seed`` also fixes the batches), and a batch that crosses the
  end of an epoch is the rest of that epoch followed by the start of the next;
* images are float32 in [0, 1] (multiplied by 1/255) and ``reshape`` flattens them to
  ``[N, 784]``; ``one_hot`` labels are float64 rows, as ``dense_to_one_hot`` made them.

Where the digits come from: the four IDX files in ``train_dir`` when they are there (TF1's
cache); else the directory named by ``$COURSE_MNIST`` when it holds them; else, unless
``$COURSE_MNIST=download``, the 5,000-digit subset bundled with course (a note says so on
stderr).  ``COURSE_MNIST=download`` fetches the full set as TF1 did, and says clearly that it
cannot when there is no network.

The same module serves TensorFlow itself when goldens are recorded
(``scripts/tf1_shim.py``), so both see identical batches; ``graph_seed`` is the one hook that
differs (course's default graph or TensorFlow's).
"""

from __future__ import annotations

import collections
import os
import sys
from pathlib import Path

import numpy as np

from .download import MNIST_BASE_URL, MNIST_SHA256, download_mnist
from .idx import read_idx
from .mnist import IDX_FILE_STEMS, NUM_CLASSES, load_mnist_arrays

DEFAULT_SOURCE_URL = MNIST_BASE_URL
# TF1's random_seed.DEFAULT_GRAPH_SEED: the graph seed used when only an op seed is given.
_DEFAULT_GRAPH_SEED = 87654321
# The full training set has 60,000 digits; TF1 sets 5,000 of them aside for validation.
_FULL_TRAIN_SIZE = 60000

Datasets = collections.namedtuple("Datasets", ["train", "validation", "test"])


def _course_graph_seed():
    from ..framework.ops import get_default_graph

    return get_default_graph().seed


# Returns the default graph's seed (None when unset).  scripts/tf1_shim.py points it at
# TensorFlow's default graph when goldens are recorded.
graph_seed = _course_graph_seed


def _numpy_seed(seed):
    """TF1's ``numpy.random.seed(seed1 if seed is None else seed2)`` after ``get_seed(seed)``."""
    if seed is not None:
        return seed  # get_seed's op seed; the graph seed does not matter then.
    return graph_seed()  # None without a graph seed: fresh entropy.


class DataSet:
    """TF1's ``input_data.DataSet`` (``mnist.train``, ``mnist.validation``, ``mnist.test``)."""

    def __init__(self, images, labels, fake_data=False, one_hot=False, dtype="float32",
                 reshape=True, seed=None):
        np.random.seed(_numpy_seed(seed))
        dtype_name = getattr(dtype, "name", str(dtype))
        if dtype_name not in ("uint8", "float32"):
            raise TypeError("Invalid image dtype %r, expected uint8 or float32" % dtype_name)
        if fake_data:
            self._num_examples = 10000
            self.one_hot = one_hot
        else:
            assert images.shape[0] == labels.shape[0], (
                "images.shape: %s labels.shape: %s" % (images.shape, labels.shape))
            self._num_examples = images.shape[0]
            if reshape:
                assert images.shape[3] == 1
                images = images.reshape(images.shape[0], images.shape[1] * images.shape[2])
            if dtype_name == "float32":
                images = images.astype(np.float32)
                images = np.multiply(images, 1.0 / 255.0)
        self._images = images
        self._labels = labels
        self._epochs_completed = 0
        self._index_in_epoch = 0

    @property
    def images(self):
        return self._images

    @property
    def labels(self):
        return self._labels

    @property
    def num_examples(self):
        return self._num_examples

    @property
    def epochs_completed(self):
        return self._epochs_completed

    def next_batch(self, batch_size, fake_data=False, shuffle=True):
        """The next ``batch_size`` examples, reshuffling (numpy's global state) per epoch."""
        if fake_data:
            fake_image = [1] * 784
            fake_label = [1] + [0] * 9 if self.one_hot else 0
            return ([fake_image for _ in range(batch_size)],
                    [fake_label for _ in range(batch_size)])
        start = self._index_in_epoch
        if self._epochs_completed == 0 and start == 0 and shuffle:
            self._shuffle()
        if start + batch_size > self._num_examples:
            self._epochs_completed += 1
            rest_num_examples = self._num_examples - start
            images_rest_part = self._images[start:self._num_examples]
            labels_rest_part = self._labels[start:self._num_examples]
            if shuffle:
                self._shuffle()
            self._index_in_epoch = batch_size - rest_num_examples
            end = self._index_in_epoch
            return (np.concatenate((images_rest_part, self._images[0:end]), axis=0),
                    np.concatenate((labels_rest_part, self._labels[0:end]), axis=0))
        self._index_in_epoch += batch_size
        end = self._index_in_epoch
        return self._images[start:end], self._labels[start:end]

    def _shuffle(self):
        perm = np.arange(self._num_examples)
        np.random.shuffle(perm)
        self._images = self._images[perm]
        self._labels = self._labels[perm]


def dense_to_one_hot(labels_dense, num_classes):
    """Class labels ``[N]`` to one-hot rows ``[N, num_classes]`` (float64, as in TF1)."""
    num_labels = labels_dense.shape[0]
    index_offset = np.arange(num_labels) * num_classes
    labels_one_hot = np.zeros((num_labels, num_classes))
    labels_one_hot.flat[index_offset + labels_dense.ravel()] = 1
    return labels_one_hot


def extract_images(f):
    """An IDX image file (path or open file) as uint8 ``[N, rows, cols, 1]``."""
    images = read_idx(getattr(f, "name", f))
    return images.reshape(images.shape + (1,))


def extract_labels(f, one_hot=False, num_classes=NUM_CLASSES):
    """An IDX label file (path or open file) as uint8 ``[N]`` or one-hot rows."""
    labels = read_idx(getattr(f, "name", f))
    return dense_to_one_hot(labels, num_classes) if one_hot else labels


def read_data_sets(train_dir, fake_data=False, one_hot=False, dtype="float32", reshape=True,
                   validation_size=5000, seed=None, source_url=DEFAULT_SOURCE_URL):
    """TF1's ``read_data_sets``: ``Datasets(train, validation, test)`` of ``DataSet``."""
    if fake_data:
        def fake():
            return DataSet([], [], fake_data=True, one_hot=one_hot, dtype=dtype, seed=seed)
        return Datasets(train=fake(), validation=fake(), test=fake())

    (train_images, train_labels), (test_images, test_labels) = _load_arrays(
        train_dir, source_url)
    train_images = train_images[..., np.newaxis]
    test_images = test_images[..., np.newaxis]
    if one_hot:
        train_labels = dense_to_one_hot(train_labels, NUM_CLASSES)
        test_labels = dense_to_one_hot(test_labels, NUM_CLASSES)
    if len(train_images) < _FULL_TRAIN_SIZE:
        # The bundled subset: keep TF's proportion (5,000 of 60,000 -> 333 of 4,000), so a
        # program that evaluates on mnist.validation still has digits to evaluate.
        validation_size = int(round(validation_size * len(train_images) / _FULL_TRAIN_SIZE))
    if not 0 <= validation_size <= len(train_images):
        raise ValueError("Validation size should be between 0 and {}. Received: {}.".format(
            len(train_images), validation_size))

    validation_images = train_images[:validation_size]
    validation_labels = train_labels[:validation_size]
    train_images = train_images[validation_size:]
    train_labels = train_labels[validation_size:]

    options = dict(dtype=dtype, reshape=reshape, seed=seed)
    train = DataSet(train_images, train_labels, **options)
    validation = DataSet(validation_images, validation_labels, **options)
    test = DataSet(test_images, test_labels, **options)
    return Datasets(train=train, validation=validation, test=test)


def load_mnist(train_dir="MNIST-data"):
    """TF1's ``load_mnist``: ``read_data_sets(train_dir)``."""
    return read_data_sets(train_dir)


def _has_idx_files(directory) -> bool:
    directory = Path(directory).expanduser()
    return all((directory / stem).is_file() or (directory / (stem + ".gz")).is_file()
               for stem in IDX_FILE_STEMS.values())


def _load_arrays(train_dir, source_url):
    """uint8 ``((train_images, train_labels), (test_images, test_labels))`` from the best
    offline source (see the module docstring), or downloaded when asked to."""
    if _has_idx_files(train_dir):
        return load_mnist_arrays(os.fspath(train_dir))
    choice = os.environ.get("COURSE_MNIST", "bundled")
    if choice == "download":
        try:
            download_mnist(train_dir, base_url=source_url, sha256=MNIST_SHA256)
        except OSError as error:
            raise OSError(
                "read_data_sets(%r) needs to download MNIST from %s and cannot: %s. "
                "Unset COURSE_MNIST to use the bundled 5,000-digit subset, or set it to a "
                "directory holding the four MNIST files." % (train_dir, source_url, error)
            ) from error
        return load_mnist_arrays(os.fspath(train_dir))
    if choice != "bundled":
        if not _has_idx_files(choice):
            raise FileNotFoundError(
                "COURSE_MNIST=%r: no MNIST IDX files there (train-images-idx3-ubyte.gz and "
                "its three siblings)" % choice)
        return load_mnist_arrays(choice)
    print("course: MNIST is not in %r; serving the bundled 5,000-digit subset "
          "(4,000 train / 1,000 test). Set COURSE_MNIST to a directory with the full set."
          % os.fspath(train_dir), file=sys.stderr)
    return load_mnist_arrays("bundled")
