"""Fetching the full MNIST files once, into a local cache directory, checked by sha256.

Nothing here runs on import; nothing in the course's lessons or tests needs the
network (they use the bundled subset).  ``download_mnist`` is for readers who
want the full 70,000 digits on their own machine.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path

# The mirror TensorFlow 1.x's read_data_sets used (Yann LeCun's page, the
# original host, no longer serves the files reliably).
MNIST_BASE_URL = "https://storage.googleapis.com/cvdf-datasets/mnist/"

# sha256 of the four standard MNIST files.  The same values are hard-coded in
# torchvision's prototype MNIST dataset (pytorch/vision,
# torchvision/prototype/datasets/_builtin/mnist.py) and in several other
# independent projects; the compressed sizes are 9,912,422, 28,881, 1,648,877
# and 4,542 bytes.
MNIST_SHA256 = {
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}

_CHUNK_BYTES = 1 << 16

# progress(file_name, bytes_done, total_bytes_or_None)
ProgressCallback = Callable[[str, int, "int | None"], None]


class ChecksumError(ValueError):
    """A file's sha256 is not the one expected."""


class DownloadError(urllib.error.URLError):
    """A file could not be fetched, even after retrying (a URLError, as urlopen's own)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return self.message


# Not worth another try: the request itself is wrong (a missing file:// path, a bad URL).
_PERMANENT = (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError,
              ValueError)


def download_mnist(
    directory: str | os.PathLike,
    base_url: str = MNIST_BASE_URL,
    sha256: Mapping[str, str | None] = MNIST_SHA256,
    progress: bool | ProgressCallback = True,
    timeout: float = 30.0,
    retries: int = 3,
    backoff: float = 1.0,
) -> dict[str, Path]:
    """Make sure every file named in ``sha256`` is in ``directory``; return their paths.

    ``directory`` is the cache: a file already there is not fetched again.  A
    missing file is fetched from ``base_url + name`` (any URL urllib opens,
    ``file://`` included).  Every file, cached or fresh, is checked against its
    digest in ``sha256`` (a value of ``None`` skips the check); on a mismatch the
    file is deleted, so the next call fetches it again, and ``ChecksumError``
    names the file and both digests.

    ``progress``: ``True`` prints a percentage per file, ``False`` is silent, a
    callable is called as ``progress(name, bytes_done, total_bytes_or_None)``.

    A server that stops answering cannot hang the call (TF's ``get_file`` would):
    connecting and every read give up after ``timeout`` seconds, and a failed
    fetch (timeout, dropped connection, HTTP 5xx) is tried again ``retries``
    times, after ``backoff``, 2 x ``backoff``, 4 x ``backoff``... seconds. Then
    ``DownloadError`` says what happened on each attempt and how to put the file
    in the cache by hand.
    """
    directory = Path(directory).expanduser()
    directory.mkdir(parents=True, exist_ok=True)
    report = _choose_progress(progress)
    paths = {}
    for name, expected_digest in sha256.items():
        paths[name] = fetch_file(_join_url(base_url, name), directory / name, expected_digest,
                                 report, timeout, retries, backoff)
    return paths


def fetch_file(url: str, path: Path, expected_digest: str | None,
               progress: bool | ProgressCallback = True, timeout: float = 30.0,
               retries: int = 3, backoff: float = 1.0) -> Path:
    """One file of ``download_mnist``'s cache: fetch ``url`` to ``path`` unless it is there,
    then check its sha256 (``None``: no check); same retries and errors."""
    if not path.exists():
        _fetch_with_retries(url, path, path.name, _choose_progress(progress), timeout, retries,
                            backoff)
    if expected_digest is not None:
        _check_sha256_or_delete(path, expected_digest)
    return path


def check_sha256(path: str | os.PathLike, expected_digest: str) -> None:
    """Raise ``ChecksumError`` naming ``path`` and both digests unless its sha256 matches."""
    actual_digest = file_sha256(path)
    if actual_digest != expected_digest.lower():
        raise ChecksumError(
            f"{os.fspath(path)}: sha256 mismatch: expected {expected_digest.lower()}, "
            f"got {actual_digest}"
        )


def _check_sha256_or_delete(path: Path, expected_digest: str) -> None:
    try:
        check_sha256(path, expected_digest)
    except ChecksumError as error:
        path.unlink()
        raise ChecksumError(f"{error}; the file has been deleted") from None


def file_sha256(path: str | os.PathLike) -> str:
    """The lowercase hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _join_url(base_url: str, name: str) -> str:
    return base_url.rstrip("/") + "/" + name


def _fetch_with_retries(url, path, name, report, timeout, retries, backoff) -> None:
    failures = []
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        try:
            _fetch(url, path, name, report, timeout)
            return
        except urllib.error.HTTPError as error:
            failures.append(f"HTTP {error.code} {error.reason}")
            if error.code < 500:
                break          # the request itself is wrong: asking again will not help
        except (OSError, http.client.HTTPException, ValueError) as error:
            failures.append(_describe(error, timeout))
            if isinstance(getattr(error, "reason", error), _PERMANENT):
                break
    attempts = "; ".join(f"attempt {i + 1}: {what}" for i, what in enumerate(failures))
    raise DownloadError(
        f"Could not download {url} ({len(failures)} attempt{'s' * (len(failures) > 1)}, "
        f"timeout {timeout:g} s each): {attempts}. Check the network (or proxy), try "
        f"again later, or fetch the file yourself and put it at {path}: "
        f"download_mnist uses a file already there once its sha256 matches."
    )


def _describe(error: BaseException, timeout: float) -> str:
    reason = getattr(error, "reason", error)          # URLError wraps the socket's error
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(reason, (ConnectionResetError, http.client.RemoteDisconnected,
                           http.client.IncompleteRead)):
        return f"the server dropped the connection ({type(reason).__name__})"
    return f"{type(reason).__name__}: {reason}"


def _fetch(url: str, path: Path, name: str, report: ProgressCallback | None,
           timeout: float) -> None:
    # Write beside the target and rename at the end, so an interrupted download
    # never leaves a half file that the cache would take for a whole one.
    partial = path.with_name(path.name + ".part")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, \
                open(partial, "wb") as out:
            total = _content_length(response)
            done = 0
            for chunk in iter(lambda: response.read(_CHUNK_BYTES), b""):
                out.write(chunk)
                done += len(chunk)
                if report:
                    report(name, done, total)
        if report and total is None:
            report(name, done, done)  # the size is known now: let the printer finish its line
        os.replace(partial, path)
    finally:
        if partial.exists():
            partial.unlink()


def _content_length(response) -> int | None:
    length = response.headers.get("Content-Length")
    return int(length) if length and length.isdigit() else None


def _choose_progress(progress: bool | ProgressCallback) -> ProgressCallback | None:
    if callable(progress):
        return progress
    return PercentPrinter() if progress else None


class PercentPrinter:
    """Prints ``name: 42%`` on one line that it rewrites, a new line when a file is done."""

    def __init__(self, stream=None):
        self.stream = stream if stream is not None else sys.stdout
        self._last_shown = None

    def __call__(self, name: str, done: int, total: int | None) -> None:
        shown = f"{100 * done // total:3d}%" if total else f"{done:,} bytes"
        if shown == self._last_shown:
            return  # only write when the number changes, not once per chunk
        self._last_shown = shown
        finished = total is not None and done >= total
        self.stream.write(f"\rDownloading {name}: {shown}" + ("\n" if finished else ""))
        self.stream.flush()
        if finished:
            self._last_shown = None
