"""The protocol-buffer wire format, the little of it that summaries and event files need:
varints, fixed 32/64-bit numbers, length-delimited fields (strings, bytes, messages, packed
doubles). Fields are written in field-number order and proto3 defaults (0, empty) are left out,
as TF's C++ serializer does, so course's bytes equal TF's."""
import struct

VARINT, FIXED64, LENGTH, FIXED32 = 0, 1, 2, 5


def varint(n):
    """A varint; negative int64s as their 64-bit two's complement (10 bytes), as protobuf."""
    n &= (1 << 64) - 1
    out = bytearray()
    while n > 0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def key(field, wire_type):
    return varint(field << 3 | wire_type)


def length_delimited(field, payload):
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    return key(field, LENGTH) + varint(len(payload)) + payload


def optional_string(field, value):
    return length_delimited(field, value) if value else b""


def optional_double(field, value):
    packed = struct.pack("<d", value)
    return key(field, FIXED64) + packed if packed != bytes(8) else b""


def optional_varint(field, value):
    return key(field, VARINT) + varint(value) if value else b""


def float32(field, value):
    """A float field that is part of a oneof: written even when it is 0."""
    return key(field, FIXED32) + struct.pack("<f", value)


def packed_doubles(field, values):
    return length_delimited(field, struct.pack("<%dd" % len(values), *values)) if values else b""


def fields(data):
    """(field number, wire type, value) of each field of a serialized message: ints for varints,
    bytes for the rest (fixed fields as their 4 or 8 raw bytes)."""
    data = memoryview(bytes(data))
    i, end = 0, len(data)
    while i < end:
        tag, i = _read_varint(data, i)
        field, wire_type = tag >> 3, tag & 7
        if wire_type == VARINT:
            value, i = _read_varint(data, i)
        elif wire_type == FIXED64:
            value, i = bytes(data[i:i + 8]), i + 8
        elif wire_type == FIXED32:
            value, i = bytes(data[i:i + 4]), i + 4
        elif wire_type == LENGTH:
            size, i = _read_varint(data, i)
            value, i = bytes(data[i:i + size]), i + size
        else:
            raise ValueError("Unsupported protocol-buffer wire type %d (field %d)"
                             % (wire_type, field))
        if i > end:
            raise ValueError("Truncated protocol-buffer message")
        yield field, wire_type, value


def _read_varint(data, i):
    result = shift = 0
    while True:
        if i >= len(data):
            raise ValueError("Truncated protocol-buffer message")
        b = data[i]
        i += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, i
        shift += 7


def as_double(raw):
    return struct.unpack("<d", raw)[0]


def as_float(raw):
    return struct.unpack("<f", raw)[0]


def as_doubles(raw, wire_type):
    """A repeated double field's value: packed (LENGTH) or one FIXED64 element."""
    return list(struct.unpack("<%dd" % (len(raw) // 8), raw))
