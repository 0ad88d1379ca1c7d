"""TensorBoard event files, written by course itself: TFRecord framing (length, masked CRC-32C
of the length, the record, masked CRC-32C of the record) around Event protocol buffers.

Why course writes them rather than TensorBoard's writer: the files must be the same whether
``tensorflow`` is installed or is course standing in for it. TensorBoard's writer imports
``tensorflow`` lazily to reach ``tf.io.gfile``, and under the stand-in it finds course and fails
(``module 'course' has no attribute 'io'``). The format is small and stable, TensorBoard's own
reader checks the bytes in the tests (tensorboard is a dev dependency only), and course keeps
needing nothing but numpy.

Events are written as they come to a buffered file, which is flushed every ``flush_secs``
(checked on each write), every ``max_queue`` events, and on ``flush()``/``close()``: the same
visibility as TF's queue and writer thread, with no thread.
"""
import itertools
import os
import socket
import struct
import time

from .framework import proto_wire as wire
from .framework.crc32c import masked_crc32c

FILE_VERSION = "brain.Event:2"


def record(data):
    """One TFRecord: the framing TensorBoard's reader checks."""
    length = struct.pack("<Q", len(data))
    return (length + struct.pack("<I", masked_crc32c(length)) + data
            + struct.pack("<I", masked_crc32c(data)))


def event(step=None, wall_time=None, **what):
    """A serialized Event: ``what`` is one of file_version (str), graph_def (bytes),
    summary (serialized Summary bytes) or session_log (serialized SessionLog bytes)."""
    fields = {"file_version": 3, "graph_def": 4, "summary": 5, "session_log": 7}
    (name, payload), = what.items()
    return b"".join([wire.optional_double(1, time.time() if wall_time is None else wall_time),
                     wire.optional_varint(2, int(step or 0)),
                     wire.length_delimited(fields[name], payload)])


def session_log(status, checkpoint_path="", msg=""):
    """A serialized SessionLog (status START=1, STOP=2, CHECKPOINT=3)."""
    return (wire.optional_varint(1, status) + wire.optional_string(2, checkpoint_path)
            + wire.optional_string(3, msg))


def graph_def(graph):
    """The graph as a serialized GraphDef for TensorBoard's Graphs tab: each op's name, type
    and inputs ("^name" for a control input)."""
    nodes = []
    for op in graph.get_operations():
        inputs = [t.op.name if t.value_index == 0 else "%s:%d" % (t.op.name, t.value_index)
                  for t in op.inputs]
        inputs += ["^" + c.name for c in op.control_inputs]
        node = (wire.length_delimited(1, op.name) + wire.length_delimited(2, op.type)
                + b"".join(wire.length_delimited(3, i) for i in inputs))
        nodes.append(wire.length_delimited(1, node))
    return b"".join(nodes)


_uid = itertools.count(1)


def _create(logdir, stem, suffix):
    """A new file: TF's name, or, if a writer opened in the same second already has it, TF's
    name plus ``.<pid>.<n>`` (two writers appending to one file would interleave records)."""
    path = os.path.join(logdir, stem + suffix)
    while True:
        try:
            return path, open(path, "xb")
        except FileExistsError:
            path = os.path.join(logdir, "%s.%d.%d%s" % (stem, os.getpid(), next(_uid), suffix))


class EventFileWriter:
    """Appends events to ``logdir/events.out.tfevents.<seconds>.<host><suffix>`` (TF's name),
    starting with the file-version event."""

    def __init__(self, logdir, max_queue=10, flush_secs=120, filename_suffix=""):
        os.makedirs(logdir, exist_ok=True)
        now = time.time()
        self.path, self._file = _create(logdir, "events.out.tfevents.%010d.%s" % (
            int(now), socket.gethostname()), filename_suffix or "")
        self._max_queue = max(1, int(max_queue or 1))
        self._flush_secs = flush_secs
        self._unflushed = 0
        self._last_flush = now
        self.add_event(event(wall_time=now, file_version=FILE_VERSION))

    def add_event(self, serialized_event):
        if self._file is None:
            raise ValueError("This event file writer is closed.")
        self._file.write(record(serialized_event))
        self._unflushed += 1
        if (self._unflushed >= self._max_queue
                or time.time() - self._last_flush >= (self._flush_secs or 0)):
            self.flush()

    def flush(self):
        if self._file is not None:
            self._file.flush()
            self._unflushed = 0
            self._last_flush = time.time()

    def close(self):
        if self._file is not None:
            self._file.close()
            self._file = None
