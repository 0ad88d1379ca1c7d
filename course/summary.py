"""``tf.summary``: summary ops (scalar, histogram, merge) and the FileWriter that records them.

A summary op's value is a ``Summary`` (this module's small stand-in for TF's protocol buffer:
``summary.value[0].tag``, ``.simple_value``, ``.histo``), held in a scalar string tensor, so
``sess.run(merged)`` gives you one to look at or to pass to ``writer.add_summary(s, step)``.

Where summaries go. Every FileWriter keeps what it is given IN MEMORY, per log directory, for
plots in the notebook::

    writer = tf.summary.FileWriter("logs/run1", sess.graph)
    writer.add_summary(sess.run(merged), step)
    steps, values = tf.summary.history("logs/run1").scalar("loss")
    writer.scalars["loss"]            # the same record: [(step, value), ...]

and, when the ``tensorboard`` package is installed (the optional extra
``course[tensorboard]``), ALSO writes real TensorBoard event files there, through TensorBoard's
own writer and protocol buffers, so ``tensorboard --logdir logs`` shows them. Set
``course.summary.write_event_files = False`` to keep summaries in memory only. TensorBoard is
imported only when a FileWriter is made, never by ``import course``.
"""
# Private names: ``dir(tf.summary)`` shows the summary API only.
import os as _os
import re as _re
import time as _time

import numpy as _np

from .framework import dtypes as _dtypes
from .framework import ops as _ops
from .framework.registry import define_op as _define_op
from .framework.tensor_shape import TensorShape as _TensorShape
from .ops.core import apply as _apply

#: Write TensorBoard event files (when tensorboard is installed) besides the in-memory record.
write_event_files = True


# -- the values: small stand-ins for TF's Summary / HistogramProto / SessionLog protos ---------
class HistogramProto:
    """A histogram as TF stores it: min, max, num, sum, sum_squares, and counts per bucket
    (``bucket[i]`` counts values below ``bucket_limit[i]`` and at or above the previous limit;
    runs of empty buckets are collapsed into one)."""

    __slots__ = ("min", "max", "num", "sum", "sum_squares", "bucket_limit", "bucket")

    def __init__(self, min=0.0, max=0.0, num=0.0, sum=0.0, sum_squares=0.0, bucket_limit=(),
                 bucket=()):
        self.min, self.max, self.num = float(min), float(max), float(num)
        self.sum, self.sum_squares = float(sum), float(sum_squares)
        self.bucket_limit, self.bucket = list(bucket_limit), list(bucket)

    def __repr__(self):
        return "HistogramProto(min=%g, max=%g, num=%g, sum=%g, %d buckets)" % (
            self.min, self.max, self.num, self.sum, len(self.bucket))


class Summary:
    """A list of tagged values (``Summary.Value(tag=..., simple_value=...)`` or ``histo=``)."""

    class Value:
        __slots__ = ("tag", "simple_value", "histo")

        def __init__(self, tag="", simple_value=None, histo=None):
            self.tag = tag
            self.simple_value = None if simple_value is None else float(simple_value)
            self.histo = histo

        def __repr__(self):
            kind = "histo=%r" % self.histo if self.histo is not None else \
                "simple_value=%r" % self.simple_value
            return "Summary.Value(tag=%r, %s)" % (self.tag, kind)

    def __init__(self, value=None):
        self.value = list(value or [])

    def __str__(self):
        lines = []
        for v in self.value:
            lines += ["value {", '  tag: "%s"' % v.tag]
            if v.histo is not None:
                h = v.histo
                lines += ["  histo {", "    min: %r" % h.min, "    max: %r" % h.max,
                          "    num: %r" % h.num, "    sum: %r" % h.sum,
                          "    sum_squares: %r" % h.sum_squares,
                          "    (%d buckets)" % len(h.bucket), "  }"]
            else:
                lines.append("  simple_value: %r" % v.simple_value)
            lines.append("}")
        return "\n".join(lines)

    def __repr__(self):
        return "Summary(value=%r)" % self.value

    def SerializeToString(self):
        """The real protocol-buffer bytes (needs the tensorboard package)."""
        return _to_proto(self).SerializeToString()

    @classmethod
    def FromString(cls, data):
        """Parse protocol-buffer bytes (needs the tensorboard package)."""
        from tensorboard.compat.proto import summary_pb2
        proto = summary_pb2.Summary.FromString(data)
        values = []
        for v in proto.value:
            if v.HasField("histo"):
                h = v.histo
                values.append(cls.Value(v.tag, histo=HistogramProto(
                    h.min, h.max, h.num, h.sum, h.sum_squares, h.bucket_limit, h.bucket)))
            else:
                values.append(cls.Value(v.tag, simple_value=v.simple_value))
        return cls(values)


class SessionLog:
    """``tf.SessionLog``: a marker in the event stream (START, STOP, CHECKPOINT)."""

    STATUS_UNSPECIFIED, START, STOP, CHECKPOINT = 0, 1, 2, 3

    def __init__(self, status=0, checkpoint_path="", msg=""):
        self.status, self.checkpoint_path, self.msg = status, checkpoint_path, msg

    def __repr__(self):
        return "SessionLog(status=%d, checkpoint_path=%r)" % (self.status, self.checkpoint_path)


def _as_summary(value):
    """A Summary from a fetched summary, a string tensor's value or protocol-buffer bytes."""
    if isinstance(value, _np.ndarray):
        value = value[()] if value.ndim == 0 else value.item()
    if isinstance(value, Summary):
        return value
    if isinstance(value, (bytes, bytearray)):
        return Summary.FromString(bytes(value))
    raise TypeError("Expected a Summary (the value of a summary op), got %r" % (value,))


def _string_scalar(obj):
    holder = _np.empty((), dtype=object)
    holder[()] = obj
    return holder


# -- histograms with TF's default buckets -------------------------------------------------------
_BUCKET_LIMITS = None


def _bucket_limits():
    """TF's default limits: +-1e-12 growing by 10% up to 1e20, then +-DBL_MAX, and 0."""
    global _BUCKET_LIMITS
    if _BUCKET_LIMITS is None:
        positive = []
        v = 1.0e-12
        while v < 1.0e20:
            positive.append(v)
            v *= 1.1
        positive.append(_np.finfo(_np.float64).max)
        _BUCKET_LIMITS = _np.array([-p for p in reversed(positive)] + [0.0] + positive)
    return _BUCKET_LIMITS


def make_histogram(values):
    """The HistogramProto TF's HistogramSummary makes of ``values`` (any shape)."""
    values = _np.asarray(values, dtype=_np.float64).ravel()
    limits = _bucket_limits()
    counts = _np.bincount(_np.searchsorted(limits, values, side="right"), minlength=len(limits))
    counts = counts[:len(limits)].astype(_np.float64)
    # Keep non-empty buckets; a run of empty ones is kept as its last bucket.
    keep = (counts > 0) | _np.append(counts[1:] > 0, True)
    dbl_max = _np.finfo(_np.float64).max
    return HistogramProto(
        min=values.min() if values.size else dbl_max,
        max=values.max() if values.size else -dbl_max,
        num=values.size, sum=values.sum(), sum_squares=_np.dot(values, values),
        bucket_limit=limits[keep].tolist(), bucket=counts[keep].tolist())


# -- the ops ------------------------------------------------------------------------------------
def _scalar_summary_kernel(value, tag):
    if value.ndim != 0:
        raise ValueError("tags and values not the same shape: [] != %s (tag '%s')"
                         % (_TensorShape(value.shape).list_str(), tag))
    return _string_scalar(Summary([Summary.Value(tag, simple_value=value)]))


def _histogram_summary_kernel(values, tag):
    if values.dtype.kind == "f" and not _np.all(_np.isfinite(values)):
        raise ValueError("Nan in summary histogram for: %s" % tag)
    return _string_scalar(Summary([Summary.Value(tag, histo=make_histogram(values))]))


def _merge_summary_kernel(*inputs):
    merged, seen = [], set()
    for value in inputs:
        for v in _as_summary(value).value:
            if v.tag in seen:
                raise ValueError("Duplicate tag %s found in summary inputs" % v.tag)
            seen.add(v.tag)
            merged.append(v)
    return _string_scalar(Summary(merged))


def _numeric_scalar_infer(op):
    if not (op.inputs[0].dtype.is_numeric or op.inputs[0].dtype.is_bool):
        raise TypeError("Value passed to parameter 'values' has DataType %s not in list of "
                        "allowed values (op '%s' of type %s)" % (op.inputs[0].dtype.name,
                                                                op.name, op.type))
    return [(_dtypes.string, _TensorShape([]))]


def _merge_infer(op):
    for t in op.inputs:
        if t.dtype != _dtypes.string:
            raise TypeError("Input 'inputs' of 'MergeSummary' Op has type %s that does not match "
                            "expected type of string." % t.dtype.name)
    return [(_dtypes.string, _TensorShape([]))]


_define_op("ScalarSummary", kernel=_scalar_summary_kernel, infer=_numeric_scalar_infer,
           differentiable=False)
_define_op("HistogramSummary", kernel=_histogram_summary_kernel, infer=_numeric_scalar_infer,
           differentiable=False)
_define_op("MergeSummary", kernel=_merge_summary_kernel, infer=_merge_infer, differentiable=False)


def _clean_tag(name):
    """TF's clean_tag: characters other than letters, digits, _ - / . become _."""
    if name is None:
        return None
    cleaned = _re.sub(r"[^-/\w\.]", "_", name).lstrip("/")
    return cleaned


def _summary_op(op_type, name, tensor, collections, family):
    """TF1's summary_scope: the tag is the (uniquified) name scope, so two summaries named
    'loss' get tags 'loss' and 'loss_1'; ``family`` prefixes the tag (a TensorBoard tab)."""
    name, family = _clean_tag(name), _clean_tag(family)
    base = name if family is None else "%s/%s" % (family, name)
    tensor = _ops.convert_to_tensor(tensor)
    with _ops.name_scope(base, values=[tensor]) as scope:
        tag = scope.rstrip("/") if family is None else "%s/%s" % (family, scope.rstrip("/"))
        summary = _apply(op_type, [tensor], {"tag": tag}, scope)
    _collect(summary, collections)
    return summary


def _collect(summary, collections):
    graph = summary.graph
    for key in (collections if collections is not None else [_ops.GraphKeys.SUMMARIES]):
        graph.add_to_collection(key, summary)


def scalar(name, tensor, collections=None, family=None):
    """A summary of one scalar tensor, tagged with ``name`` (made unique like an op name)."""
    return _summary_op("ScalarSummary", name, tensor, collections, family)


def histogram(name, values, collections=None, family=None):
    """A summary of the distribution of ``values`` (any shape), with TF's buckets."""
    return _summary_op("HistogramSummary", name, values, collections, family)


def merge(inputs, collections=None, name=None):
    """One summary holding the values of all ``inputs`` (duplicate tags are an error)."""
    inputs = [_ops.convert_to_tensor(t) for t in inputs]
    with _ops.name_scope(name, "Merge", inputs):
        merged = _apply("MergeSummary", inputs, {}, name or "MergeSummary")
    if collections:
        _collect(merged, collections)
    return merged


def merge_all(key=_ops.GraphKeys.SUMMARIES, scope=None, name=None):
    """Merge every summary of the default graph's ``key`` collection; None if there is none."""
    summaries = _ops.get_collection(key, scope=scope)
    if not summaries:
        return None
    return merge(summaries, name=name)


# -- the in-memory record ------------------------------------------------------------------------
class SummaryHistory:
    """Everything FileWriters wrote to one log directory in this process:
    ``scalars[tag] -> [(step, value)]``, ``histograms[tag] -> [(step, HistogramProto)]``,
    ``graphs`` (the Graphs added), ``session_logs`` (``[(step, SessionLog)]``)."""

    def __init__(self, logdir):
        self.logdir = logdir
        self.scalars = {}
        self.histograms = {}
        self.graphs = []
        self.session_logs = []

    def scalar(self, tag):
        """``(steps, values)`` arrays for one scalar tag, in the order they were written."""
        points = self.scalars.get(tag)
        if points is None:
            raise KeyError("No scalar summary tagged %r in %s (tags: %s)"
                           % (tag, self.logdir, sorted(self.scalars)))
        steps, values = zip(*points) if points else ((), ())
        return _np.array(steps, dtype=_np.int64), _np.array(values, dtype=_np.float64)

    def tags(self):
        return {"scalars": sorted(self.scalars), "histograms": sorted(self.histograms)}

    def __repr__(self):
        return "<SummaryHistory %s: scalars %s, histograms %s>" % (
            self.logdir, sorted(self.scalars), sorted(self.histograms))


_HISTORIES = {}


def _logdir_key(logdir):
    return _os.path.abspath(_os.fspath(logdir))


def history(logdir):
    """The in-memory SummaryHistory of ``logdir`` (empty if nothing was written there)."""
    key = _logdir_key(logdir)
    if key not in _HISTORIES:
        _HISTORIES[key] = SummaryHistory(_os.fspath(logdir))
    return _HISTORIES[key]


def clear_history(logdir=None):
    """Forget what was written to ``logdir`` (or to every directory)."""
    if logdir is None:
        _HISTORIES.clear()
    else:
        _HISTORIES.pop(_logdir_key(logdir), None)


# -- TensorBoard event files (only when tensorboard is installed) -------------------------------
def _event_writer(logdir, max_queue, flush_secs, filename_suffix):
    if not write_event_files:
        return None
    try:
        from tensorboard.summary.writer.event_file_writer import EventFileWriter
    except ImportError:
        return None
    return EventFileWriter(logdir, max_queue_size=max_queue, flush_secs=flush_secs,
                           filename_suffix=filename_suffix or "")


def _to_proto(summary):
    from tensorboard.compat.proto import summary_pb2
    values = []
    for v in summary.value:
        if v.histo is not None:
            h = v.histo
            values.append(summary_pb2.Summary.Value(tag=v.tag, histo=summary_pb2.HistogramProto(
                min=h.min, max=h.max, num=h.num, sum=h.sum, sum_squares=h.sum_squares,
                bucket_limit=h.bucket_limit, bucket=h.bucket)))
        else:
            values.append(summary_pb2.Summary.Value(tag=v.tag, simple_value=v.simple_value))
    return summary_pb2.Summary(value=values)


def _graph_def_proto(graph):
    """The graph as TensorBoard's GraphDef: each op's name, type and inputs (^ for control)."""
    from tensorboard.compat.proto import graph_pb2, node_def_pb2
    nodes = []
    for op in graph.get_operations():
        inputs = [t.op.name if t.value_index == 0 else "%s:%d" % (t.op.name, t.value_index)
                  for t in op.inputs]
        inputs += ["^" + c.name for c in op.control_inputs]
        nodes.append(node_def_pb2.NodeDef(name=op.name, op=op.type, input=inputs))
    return graph_pb2.GraphDef(node=nodes)


def _event(step, **fields):
    from tensorboard.compat.proto import event_pb2
    return event_pb2.Event(wall_time=_time.time(), step=int(step or 0), **fields)


# -- FileWriter ---------------------------------------------------------------------------------
class FileWriter:
    """``tf.summary.FileWriter(logdir, graph=None, ...)``: records summaries, graphs and session
    logs for ``logdir`` in memory (see ``history``) and, with tensorboard installed, in an event
    file there. ``.scalars`` and ``.histograms`` are the directory's in-memory record."""

    def __init__(self, logdir, graph=None, max_queue=10, flush_secs=120, graph_def=None,
                 filename_suffix=None, session=None):
        self._logdir = _os.fspath(logdir)
        _os.makedirs(self._logdir, exist_ok=True)
        self._history = history(self._logdir)
        self._options = (max_queue, flush_secs, filename_suffix)
        self._events = _event_writer(self._logdir, *self._options)
        self._closed = False
        if graph is not None or graph_def is not None:
            self.add_graph(graph, graph_def=graph_def)

    scalars = property(lambda self: self._history.scalars)
    histograms = property(lambda self: self._history.histograms)
    history = property(lambda self: self._history)

    def get_logdir(self):
        return self._logdir

    def add_summary(self, summary, global_step=None):
        """Record a Summary (the fetched value of a summary op) at ``global_step``."""
        summary = _as_summary(summary)
        step = None if global_step is None else int(global_step)
        for v in summary.value:
            if v.histo is not None:
                self._history.histograms.setdefault(v.tag, []).append((step, v.histo))
            else:
                self._history.scalars.setdefault(v.tag, []).append((step, v.simple_value))
        if self._events is not None:
            self._events.add_event(_event(step, summary=_to_proto(summary)))

    def add_graph(self, graph, global_step=None, graph_def=None):
        """Record ``graph`` (TensorBoard's Graphs tab shows it)."""
        graph = graph if graph is not None else graph_def
        self._history.graphs.append(graph)
        if self._events is not None and hasattr(graph, "get_operations"):
            graph_bytes = _graph_def_proto(graph).SerializeToString()
            self._events.add_event(_event(global_step, graph_def=graph_bytes))

    def add_session_log(self, session_log, global_step=None):
        self._history.session_logs.append((global_step, session_log))
        if self._events is not None:
            from tensorboard.compat.proto import event_pb2
            self._events.add_event(_event(global_step, session_log=event_pb2.SessionLog(
                status=session_log.status, checkpoint_path=session_log.checkpoint_path,
                msg=session_log.msg)))

    def add_meta_graph(self, meta_graph_def, global_step=None):
        """Accepted for TF1 code; course has no MetaGraphDef to record."""

    def add_run_metadata(self, run_metadata, tag, global_step=None):
        """Accepted for TF1 code; traced runs are not written to event files."""

    def flush(self):
        if self._events is not None:
            self._events.flush()

    def close(self):
        if self._events is not None and not self._closed:
            self._events.close()
        self._closed = True

    def reopen(self):
        if self._closed:
            self._events = _event_writer(self._logdir, *self._options)
            self._closed = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return "<FileWriter %s>" % self._logdir


class FileWriterCache:
    """One FileWriter per log directory, shared by the hooks that write there."""

    _cache = {}

    @staticmethod
    def get(logdir):
        key = _logdir_key(logdir)
        writer = FileWriterCache._cache.get(key)
        if writer is None:
            writer = FileWriter(logdir, graph=_ops.get_default_graph())
            FileWriterCache._cache[key] = writer
        writer.reopen()
        return writer

    @staticmethod
    def clear():
        for writer in FileWriterCache._cache.values():
            writer.close()
        FileWriterCache._cache.clear()
