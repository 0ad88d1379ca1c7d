"""CRC-32C and the protocol-buffer wire format that course's event files are made of, against
the reference check value and TensorBoard's own implementations."""
import numpy as np
import pytest

from course.framework import proto_wire as wire
from course.framework.crc32c import crc32c, masked_crc32c


def test_crc32c_check_value():
    assert crc32c(b"123456789") == 0xE3069283        # the CRC-32C catalogue's check value
    assert crc32c(b"") == 0


@pytest.mark.parametrize("size", [1, 100, 16383, 16384, 16385, 100_003])
def test_short_and_long_paths_agree_with_tensorboard(size):
    pywrap = pytest.importorskip("tensorboard.compat.tensorflow_stub.pywrap_tensorflow")
    data = np.random.RandomState(size).bytes(size)
    assert masked_crc32c(data) == pywrap.masked_crc32c(data)


def test_wire_fields_round_trip():
    message = (wire.optional_double(1, 2.5) + wire.optional_varint(2, -3)
               + wire.length_delimited(3, "é") + wire.float32(4, 0.0)
               + wire.packed_doubles(5, [1.0, -2.0]) + wire.optional_double(6, 0.0))
    fields = list(wire.fields(message))
    assert [(f, t) for f, t, _ in fields] == [(1, 1), (2, 0), (3, 2), (4, 5), (5, 2)]
    assert wire.as_double(fields[0][2]) == 2.5
    assert fields[1][2] == (1 << 64) - 3                 # int64 -3, as protobuf writes it
    assert fields[2][2].decode() == "é" and wire.as_float(fields[3][2]) == 0.0
    assert wire.as_doubles(fields[4][2], 2) == [1.0, -2.0]
    with pytest.raises(ValueError, match="Truncated"):
        list(wire.fields(message[:-3]))
