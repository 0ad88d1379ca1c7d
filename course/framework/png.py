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
    return png_file(width, height, channels, rows)


def png_file(width, height, channels, rows, level=-1):
    """The PNG file of 8-bit ``rows`` already laid out as PNG rows (each its filter byte, then
    its samples), compressed at zlib ``level`` (-1: zlib's default)."""
    header = struct.pack(">IIBBBBB", width, height, 8, _COLOUR_TYPES[channels], 0, 0, 0)
    return (_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows, level))
            + _chunk(b"IEND", b""))


_CHANNELS = {0: 1, 4: 2, 2: 3, 6: 4}       # PNG colour type -> channels (no palettes)


def _unfilter(rows, height, stride, bpp):
    """Undo PNG's per-row filters (none, sub, up, average, Paeth) of 8-bit samples."""
    out = np.zeros((height, stride), np.uint8)
    previous = np.zeros(stride, np.int32)
    for y in range(height):
        kind, line = rows[y, 0], rows[y, 1:].astype(np.int32)
        if kind == 0:
            current = line
        elif kind == 2:
            current = (line + previous) & 0xFF
        else:                      # sub, average, Paeth read the pixel to the left: a loop
            current = np.zeros(stride, np.int32)
            for x in range(stride):
                left = current[x - bpp] if x >= bpp else 0
                up, corner = previous[x], (previous[x - bpp] if x >= bpp else 0)
                if kind == 1:
                    predictor = left
                elif kind == 3:
                    predictor = (left + up) >> 1
                elif kind == 4:
                    p = left + up - corner
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                    predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                else:
                    raise ValueError("Invalid PNG data: filter type %d" % kind)
                current[x] = (line[x] + predictor) & 0xFF
        out[y] = current
        previous = current
    return out


def decode_png(data):
    """uint8 [height, width, channels] of an 8-bit, non-interlaced, non-palette PNG."""
    data = bytes(data)
    if not data.startswith(_SIGNATURE):
        raise ValueError("Invalid PNG data, size %d" % len(data))
    position, idat, header = 8, [], None
    while position < len(data):
        (length,), kind = struct.unpack(">I", data[position:position + 4]), \
            data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in _CHANNELS or interlace:
        raise NotImplementedError("course decodes 8-bit non-interlaced grey/RGB(A) PNGs only "
                                  "(bit depth %d, colour type %d, interlace %d)"
                                  % (depth, colour, interlace))
    channels = _CHANNELS[colour]
    stride = width * channels
    rows = np.frombuffer(zlib.decompress(b"".join(idat)), np.uint8).reshape(height, 1 + stride)
    return _unfilter(rows, height, stride, channels).reshape(height, width, channels)
