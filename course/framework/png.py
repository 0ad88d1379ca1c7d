"""PNG encoding of uint8 images (grey, RGB, RGBA), for image summaries: rows unfiltered,
zlib at its default level (TF's ImageSummary asks libpng for zlib's default too; the bytes
differ from libpng's, the pixels do not)."""
import struct
import zlib

import numpy as np

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# channels -> PNG colour type: grey, RGB, RGBA (grey + alpha, 2 channels, TF does not make).
_COLOUR_TYPES = {1: 0, 3: 2, 4: 6}


def _chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def encode_png(pixels):
    """The PNG bytes of ``pixels``, uint8 [height, width, channels] with 1, 3 or 4 channels."""
    pixels = np.ascontiguousarray(pixels, dtype=np.uint8)
    height, width, channels = pixels.shape
    rows = np.zeros((height, 1 + width * channels), np.uint8)   # filter byte 0 per row
    rows[:, 1:] = pixels.reshape(height, width * channels)
    header = struct.pack(">IIBBBBB", width, height, 8, _COLOUR_TYPES[channels], 0, 0, 0)
    return (_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows.tobytes()))
            + _chunk(b"IEND", b""))
