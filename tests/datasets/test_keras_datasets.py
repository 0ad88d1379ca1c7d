"""tf.keras.datasets.mnist / fashion_mnist load_data, served offline (golden/api_gaps.json,
scripts/record_golden_api_gaps.py), and tf.keras's other names refused clearly."""
import numpy as np
import pytest

import api_gap_cases
import course as tf
from course.datasets import keras_datasets


@pytest.fixture(autouse=True)
def offline_home(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))          # keras's cache: ~/.keras/datasets
    monkeypatch.setenv("COURSE_MNIST", "bundled")


@pytest.mark.parametrize("name", ["keras_datasets_mnist", "keras_datasets_fashion_mnist"])
def test_matches_tensorflow(name):
    assert api_gap_cases.golden_problems(tf, name) == []


def test_without_a_local_copy_mnist_is_the_bundled_subset(capsys):
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
    assert (x_train.shape, x_test.shape, y_train.shape, y_test.shape) == (
        (4000, 28, 28), (1000, 28, 28), (4000,), (1000,))
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    assert x_train.max() == 255 and sorted(set(y_test.tolist())) == list(range(10))
    assert "bundled 5,000-digit subset" in capsys.readouterr().err


def test_a_cached_npz_that_is_not_keras_mnist_is_refused(tmp_path):
    cache = tmp_path / ".keras" / "datasets"
    cache.mkdir(parents=True)
    np.savez(cache / "mnist.npz", x_train=np.zeros((1, 28, 28), np.uint8))
    with pytest.raises(ValueError, match="is not keras's mnist.npz.*sha256"):
        tf.keras.datasets.mnist.load_data()


def test_a_download_without_network_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_MNIST", "download")
    monkeypatch.setattr(keras_datasets, "KERAS_ORIGIN", "file:///nonexistent/keras/")
    with pytest.raises(OSError, match="needs to download .*mnist.npz and cannot.*COURSE_MNIST"):
        tf.keras.datasets.mnist.load_data()
    with pytest.raises(OSError, match="fashion_mnist.load_data.. needs to download"):
        tf.keras.datasets.fashion_mnist.load_data()


def test_fashion_mnist_without_a_local_copy_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no bundled Fashion-MNIST.*fashion-mnist lacks"):
        tf.keras.datasets.fashion_mnist.load_data()


def test_the_rest_of_keras_is_refused_with_what_course_has():
    with pytest.raises(AttributeError, match="tf.keras.layers: of tf.keras it has only "
                                             "tf.keras.datasets.mnist"):
        tf.keras.layers
    with pytest.raises(AttributeError, match="tf.keras.datasets.cifar10"):
        tf.keras.datasets.cifar10
    assert not hasattr(tf.keras, "Sequential")


def test_programs_importing_tensorflow_keras_get_it():
    import importlib
    import sys
    saved = {k: v for k, v in sys.modules.items() if k.split(".")[0] == "tensorflow"}
    try:
        tf.install_as_tensorflow()
        mnist = importlib.import_module("tensorflow.keras.datasets.mnist")
        assert mnist.load_data is keras_datasets.mnist_load_data
        with pytest.raises(ModuleNotFoundError, match="tensorflow.keras.layers"):
            importlib.import_module("tensorflow.keras.layers")
    finally:
        for k in [k for k in sys.modules if k.split(".")[0] == "tensorflow"]:
            del sys.modules[k]
        sys.modules.update(saved)
        sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "_TensorflowFinder"]
