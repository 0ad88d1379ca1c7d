"""TF1's input_data.read_data_sets / DataSet semantics, served offline."""
import numpy as np
import pytest

import course as tf
from course.datasets import tf1_input_data as input_data


@pytest.fixture(autouse=True)
def bundled(monkeypatch):
    monkeypatch.setenv("COURSE_MNIST", "bundled")


def test_bundled_subset_keeps_tf_shapes_dtypes_and_validation_proportion(tmp_path):
    mnist = input_data.read_data_sets(str(tmp_path / "MNIST_data"), one_hot=True)
    assert mnist.train.images.shape == (3667, 784) and mnist.train.images.dtype == np.float32
    assert mnist.validation.num_examples == 333 and mnist.test.num_examples == 1000
    assert mnist.train.labels.dtype == np.float64 and mnist.train.labels.shape == (3667, 10)
    assert 0.0 <= mnist.train.images.min() and mnist.train.images.max() <= 1.0
    plain = input_data.read_data_sets(str(tmp_path), reshape=False, validation_size=0)
    assert plain.train.images.shape == (4000, 28, 28, 1) and plain.train.labels.dtype == np.uint8


def test_a_batch_crossing_the_epoch_is_the_rest_then_the_reshuffled_start():
    images = np.arange(10, dtype=np.uint8).reshape(10, 1, 1, 1)
    np.random.seed(3)
    data = input_data.DataSet(images, np.arange(10), dtype=tf.uint8, reshape=False, seed=5)
    first, _ = data.next_batch(7)
    second, labels = data.next_batch(7)
    np.random.seed(5)  # the constructor seeded numpy's global state with the op seed
    perm0 = np.arange(10)
    np.random.shuffle(perm0)
    perm1 = np.arange(10)
    np.random.shuffle(perm1)
    assert first.ravel().tolist() == perm0[:7].tolist()
    rest = perm0[7:]
    assert second.ravel().tolist() == rest.tolist() + perm0[perm1][:4].tolist()
    assert data.epochs_completed == 1 and labels.tolist() == second.ravel().tolist()


def test_the_graph_seed_seeds_numpy_when_no_seed_is_given():
    images = np.zeros((5, 2, 2, 1), np.uint8)
    tf.set_random_seed(42)
    input_data.DataSet(images, np.zeros(5))
    after_graph_seed = np.random.rand()
    np.random.seed(42)
    assert after_graph_seed == np.random.rand()


def test_a_download_without_network_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_MNIST", "download")
    with pytest.raises(OSError, match="cannot.*COURSE_MNIST"):
        input_data.read_data_sets(str(tmp_path), source_url="file:///nonexistent/mnist/")


def test_contrib_learn_serves_the_same_loader():
    assert tf.contrib.learn.datasets.mnist.read_data_sets is input_data.read_data_sets
