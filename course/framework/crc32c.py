"""CRC-32C (Castagnoli), the checksum of TFRecord files such as TensorBoard's event files, and
its "masked" form that TFRecord stores. Pure Python and numpy (``import course`` needs numpy
only), fast enough for multi-megabyte graphs:

* short data: the classic byte-at-a-time table loop;
* long data: the bytes are cut into rows, the rows' CRCs are computed together, one column at a
  time, with numpy (a CRC is linear over GF(2), and leading zero bytes do not change a CRC
  started from 0), then combined with "append n zero bytes" operators, themselves tables.
"""
import numpy as np

_POLY = 0x82F63B78            # reflected Castagnoli polynomial
_SHORT = 16384                # below this many bytes the plain loop is faster
_ROW = 512                    # row length of the numpy path


def _byte_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ _POLY if c & 1 else c >> 1
        table.append(c)
    return table


_TABLE = _byte_table()
_TABLE_NP = np.array(_TABLE, dtype=np.uint32)


def _raw_loop(data, crc=0):
    table = _TABLE
    for b in data:
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc


# A linear map on 32-bit CRC states, as the images of the 32 unit vectors.
def _apply(columns, x):
    out = 0
    for bit in range(32):
        if x >> bit & 1:
            out ^= columns[bit]
    return out


_ZERO_POWERS = [[_raw_loop(b"\0", 1 << bit) for bit in range(32)]]   # 2^k zero bytes, k = 0..


def _zeros_operator(n_bytes):
    """The map crc -> crc after ``n_bytes`` zero bytes, composed from the 2^k-byte maps."""
    columns = [1 << bit for bit in range(32)]
    k = 0
    while n_bytes >> k:
        while len(_ZERO_POWERS) <= k:
            last = _ZERO_POWERS[-1]
            _ZERO_POWERS.append([_apply(last, c) for c in last])
        if n_bytes >> k & 1:
            power = _ZERO_POWERS[k]
            columns = [_apply(power, c) for c in columns]
        k += 1
    return columns


def _byte_tables(columns):
    """The map as four 256-entry tables, one per byte of the state, for fast application."""
    return [[_apply(columns, v << (8 * k)) for v in range(256)] for k in range(4)]


_ROW_SHIFT = None


def _raw_long(data):
    global _ROW_SHIFT
    if _ROW_SHIFT is None:
        _ROW_SHIFT = _byte_tables(_zeros_operator(_ROW))
    rows = -(-len(data) // _ROW)
    padded = np.zeros(rows * _ROW, dtype=np.uint8)
    padded[rows * _ROW - len(data):] = np.frombuffer(data, dtype=np.uint8)
    block = padded.reshape(rows, _ROW).T.copy()     # column j holds byte j of every row
    state = np.zeros(rows, dtype=np.uint32)
    for column in block:
        state = _TABLE_NP[(state ^ column) & 0xFF] ^ (state >> 8)
    t0, t1, t2, t3 = _ROW_SHIFT
    crc = 0
    for row_crc in state.tolist():
        crc = (t0[crc & 0xFF] ^ t1[crc >> 8 & 0xFF] ^ t2[crc >> 16 & 0xFF] ^ t3[crc >> 24]) ^ row_crc
    return crc


def crc32c(data):
    """The CRC-32C of ``data`` (bytes-like), as TFRecord and iSCSI compute it."""
    data = bytes(data)
    if len(data) < _SHORT:
        return _raw_loop(data, 0xFFFFFFFF) ^ 0xFFFFFFFF
    # The standard CRC starts from 0xFFFFFFFF: its effect after len(data) bytes, added to the
    # CRC computed from 0, is that of the initial value pushed through len(data) zero bytes.
    return _raw_long(data) ^ _apply(_zeros_operator(len(data)), 0xFFFFFFFF) ^ 0xFFFFFFFF


def masked_crc32c(data):
    """TFRecord's masked CRC: rotated right by 15 bits, plus a constant."""
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF
