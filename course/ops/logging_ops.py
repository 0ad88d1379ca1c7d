"""``tf.Print``: an identity that prints values to stderr whenever it runs (TF1's debugging
op; the printing is a side effect, so the op is never folded at plan time)."""
import sys

import numpy as np

from ..framework.registry import define_op
from .core import apply, to_tensor


def _print_kernel(x, *data, message, first_n, summarize, counter):
    counter[0] += 1
    if first_n < 0 or counter[0] <= first_n:
        parts = [_format(value, summarize) for value in data]
        print(message + "".join(parts), file=sys.stderr)
    return x


def _format(value, summarize):
    flat = np.asarray(value).ravel()
    shown = flat if summarize is None or summarize < 0 else flat[:summarize]
    text = " ".join(str(v) for v in shown)
    return "[%s%s]" % (text, "..." if len(shown) < len(flat) else "")


def _make_print_kernel(op, state):
    # One count of runs per session, as TF's kernel keeps it (first_n counts runs).
    counter = state.kernel_state.setdefault(op.name, [0])
    attrs = dict(message=op.get_attr("message"), first_n=op.get_attr("first_n"),
                 summarize=op.get_attr("summarize"), counter=counter)
    return lambda x, *data: _print_kernel(x, *data, **attrs)


define_op("Print", make_kernel=_make_print_kernel,
          infer=lambda op: [(op.inputs[0].dtype, op.inputs[0].shape)],
          grad=lambda op, g: [g] + [None] * (len(op.inputs) - 1))


def Print(input_, data, message=None, first_n=None, summarize=None, name=None):
    """``tf.Print``: ``input_`` unchanged; each run prints ``message`` and the ``data`` tensors
    (at most ``summarize`` entries each, default 3; only the first ``first_n`` runs)."""
    input_ = to_tensor(input_)
    data = [to_tensor(d) for d in data]
    return apply("Print", [input_] + data,
                 {"message": message or "", "first_n": -1 if first_n is None else int(first_n),
                  "summarize": 3 if summarize is None else int(summarize)},
                 name=name or "Print")
