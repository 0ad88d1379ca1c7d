"""TF1's file readers over a queue of filenames: ``tf.TextLineReader`` (``read(queue)`` gives
``(key, value)``: ``b"file:line"`` and the line). A reader's place (the open file, the line
reached) lives in the session; when its file is done it dequeues the next filename, through
the queue's kernel machinery (so the queue's runners fill it on demand), and the
OutOfRangeError of a closed, empty filename queue ends the reading, as in TF."""
import numpy as np

from ..framework import dtypes
from ..framework.registry import define_op
from ..framework.tensor_shape import TensorShape
from .core import apply_op
from .queue_ops import dequeue_element


class _Place:
    """Where one reader is in one session: its file's remaining lines."""

    def __init__(self):
        self.filename, self.lines, self.lineno = None, iter(()), 0


def _read_kernel(op, state):
    reader, queue = op.get_attr("reader"), op.get_attr("queue")

    def read():
        place = state.kernel_state.setdefault("readers", {}).setdefault(reader, _Place())
        while True:
            line = next(place.lines, None)
            if line is not None:
                place.lineno += 1
                key = b"%s:%d" % (place.filename, place.lineno)
                return np.array(key, dtype=object), np.array(line, dtype=object)
            filename = dequeue_element(op, state, queue)[0]
            place.filename = np.asarray(filename).item()
            with open(place.filename, "rb") as f:
                lines = f.read().splitlines()
            place.lineno = min(reader._skip_header_lines, len(lines))
            place.lines = iter(lines[place.lineno:])
    return read


define_op("ReaderReadV2", make_kernel=_read_kernel, foldable=False, differentiable=False,
          infer=lambda op: [(dtypes.string, TensorShape([]))] * 2, num_outputs=2)


class TextLineReader:
    """``tf.TextLineReader(skip_header_lines=None)``: one line of the queue's files per read,
    file after file (newlines stripped)."""

    def __init__(self, skip_header_lines=None, name=None):
        self._skip_header_lines = int(skip_header_lines or 0)
        self._name = name or "TextLineReaderV2"

    def read(self, queue, name=None):
        """``(key, value)``: ``b"<filename>:<line number>"`` and the line."""
        op = apply_op("ReaderReadV2", [], {"reader": self, "queue": queue},
                      name or "ReaderReadV2")
        return op.outputs[0], op.outputs[1]
