"""``tf.keras.datasets.mnist`` / ``fashion_mnist``'s ``load_data()``, served offline.

Keras returns ``(x_train, y_train), (x_test, y_test)``: uint8 images ``[N, 28, 28]`` (0-255)
and uint8 labels ``[N]``, read from its cache, ``~/.keras/datasets/`` (``cache_dir`` when
given), after downloading them there on first use.  course looks, in this order, at:

1. keras's cache: ``mnist.npz`` (``path``), or ``fashion-mnist/`` and its four IDX files;
   a cached ``mnist.npz`` must have keras's sha256 (keras would replace it; course says so);
2. MNIST only: ``$COURSE_MNIST`` naming a directory of the four MNIST IDX files;
3. ``$COURSE_MNIST=download``: the files are fetched into keras's cache from keras's host,
   with a clear error when there is no network;
4. MNIST only: the 5,000-digit subset bundled with course (4,000 train / 1,000 test; a note
   on stderr says so).  Fashion-MNIST has no bundled copy: a clear FileNotFoundError.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

from .download import ChecksumError, fetch_file, file_sha256
from .mnist import IDX_FILE_STEMS, load_mnist_arrays, read_mnist_directory

KERAS_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
# keras' mnist.load_data checks its mnist.npz against this sha256.
KERAS_MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
FASHION_SUBDIR = "fashion-mnist"


def keras_datasets_dir(cache_dir=None) -> Path:
    """keras's ``get_file`` cache: ``<cache_dir or ~/.keras>/datasets``."""
    base = Path(os.path.expanduser(cache_dir) if cache_dir else os.path.expanduser("~/.keras"))
    return base / "datasets"


def mnist_load_data(path="mnist.npz", cache_dir=None):
    """``tf.keras.datasets.mnist.load_data(path='mnist.npz')``; see the module docstring."""
    cached = keras_datasets_dir(cache_dir) / os.path.expanduser(path)  # absolute path: itself
    choice = os.environ.get("COURSE_MNIST", "bundled")
    if cached.exists():
        _check_keras_hash(cached)
        return _read_keras_npz(cached)
    if choice == "download":
        _download(KERAS_ORIGIN + "mnist.npz", cached, KERAS_MNIST_SHA256, "mnist.load_data()")
        return _read_keras_npz(cached)
    if choice != "bundled":
        return load_mnist_arrays(choice)          # a directory of IDX files (errors name it)
    print("course: %s is not there; tf.keras.datasets.mnist serves the bundled 5,000-digit "
          "subset (4,000 train / 1,000 test). Put keras's mnist.npz there, or set COURSE_MNIST "
          "to a directory with the full MNIST files." % cached, file=sys.stderr)
    return load_mnist_arrays("bundled")


def fashion_mnist_load_data(cache_dir=None):
    """``tf.keras.datasets.fashion_mnist.load_data()``; see the module docstring."""
    directory = keras_datasets_dir(cache_dir) / FASHION_SUBDIR
    missing = [stem + ".gz" for stem in IDX_FILE_STEMS.values()
               if not (directory / (stem + ".gz")).is_file()]
    if missing and os.environ.get("COURSE_MNIST") == "download":
        for name in missing:
            _download(KERAS_ORIGIN + name, directory / name, None,
                      "fashion_mnist.load_data()")
    elif missing:
        raise FileNotFoundError(
            "fashion_mnist.load_data(): course has no bundled Fashion-MNIST and %s lacks %s. "
            "Put the four Fashion-MNIST files (from %s) there, or set COURSE_MNIST=download "
            "to fetch them (needs the network)." % (directory, ", ".join(missing), KERAS_ORIGIN))
    return read_mnist_directory(directory)


def _check_keras_hash(path: Path) -> None:
    # Keras would download over a file with another digest; course cannot, so it says why.
    digest = file_sha256(path)
    if digest != KERAS_MNIST_SHA256:
        raise ChecksumError(
            "%s is not keras's mnist.npz (sha256 %s, expected %s); keras would download it "
            "again. Remove it, or set COURSE_MNIST to a directory of MNIST IDX files."
            % (path, digest, KERAS_MNIST_SHA256))


def _read_keras_npz(path: Path):
    with np.load(path, allow_pickle=False) as archive:
        return ((archive["x_train"], archive["y_train"]),
                (archive["x_test"], archive["y_test"]))


def _download(url: str, path: Path, digest, caller: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fetch_file(url, path, digest, progress=True)
    except OSError as error:
        raise OSError(
            "%s needs to download %s and cannot: %s. Unset COURSE_MNIST to use the bundled "
            "MNIST subset, or put the file at %s yourself." % (caller, url, error, path)
        ) from error
