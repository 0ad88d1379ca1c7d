"""Reading the IDX files that MNIST is distributed in.

An IDX file is a 4-byte magic number, one big-endian uint32 per dimension,
then the raw values in C order.  The magic number is ``0x00 0x00 TT NN``:
``TT`` is the element type and ``NN`` the number of dimensions.  MNIST uses
``0x00000803`` (uint8, 3 dims: images) and ``0x00000801`` (uint8, 1 dim:
labels).  Files may be gzip-compressed; that is detected from the content,
not the file name.
"""

from __future__ import annotations

import gzip
import math
import os
import struct

import numpy as np

# IDX type code -> big-endian numpy dtype (from the format's description).
IDX_DTYPES = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}

_GZIP_MAGIC = b"\x1f\x8b"


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """Return the array stored in the IDX file at ``path`` (plain or gzipped).

    Raises ``ValueError`` naming the file if it is not a well-formed IDX file:
    a bad magic number, a header that is cut short, or a payload whose size does
    not match the dimensions in the header.
    """
    raw = _read_maybe_gzipped(path)
    dtype, shape = _parse_header(raw, path)
    header_size = 4 + 4 * len(shape)
    # Python ints: a header's dims (uint32 each) can multiply past int64.
    expected_bytes = math.prod(shape) * dtype.itemsize
    actual_bytes = len(raw) - header_size
    if actual_bytes != expected_bytes:
        raise ValueError(
            f"{os.fspath(path)}: corrupt IDX file: header says shape {shape} "
            f"({expected_bytes:,} bytes of data) but the file holds {actual_bytes:,} bytes"
        )
    values = np.frombuffer(raw, dtype=dtype, offset=header_size).reshape(shape)
    # Native byte order, and a writable copy detached from the file's bytes.
    return values.astype(dtype.newbyteorder("="))


def _read_maybe_gzipped(path: str | os.PathLike) -> bytes:
    with open(path, "rb") as handle:
        raw = handle.read()
    if not raw.startswith(_GZIP_MAGIC):
        return raw
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError) as error:  # BadGzipFile is an OSError
        raise ValueError(f"{os.fspath(path)}: corrupt gzip data: {error}") from error


def _parse_header(raw: bytes, path: str | os.PathLike) -> tuple[np.dtype, tuple[int, ...]]:
    if len(raw) < 4:
        raise ValueError(f"{os.fspath(path)}: not an IDX file: only {len(raw)} bytes")
    zero0, zero1, type_code, ndim = raw[:4]
    if zero0 != 0 or zero1 != 0 or type_code not in IDX_DTYPES or ndim == 0:
        raise ValueError(f"{os.fspath(path)}: not an IDX file: bad magic number 0x{raw[:4].hex()}")
    header_size = 4 + 4 * ndim
    if len(raw) < header_size:
        raise ValueError(
            f"{os.fspath(path)}: corrupt IDX file: header of {ndim} dimensions is cut short"
        )
    shape = struct.unpack(f">{ndim}I", raw[4:header_size])
    return IDX_DTYPES[type_code], shape
