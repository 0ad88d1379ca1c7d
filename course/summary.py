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

from .framework import ops as _ops
from .framework.summary_proto import HistogramProto, Summary, make_histogram  # noqa: F401
from .framework.summary_proto import as_summary as _as_summary
from .framework.summary_proto import to_proto as _to_proto
from .ops import summary_ops as _summary_ops  # noqa: F401  (registers the summary op types)
from .ops.core import apply as _apply

#: Write TensorBoard event files (when tensorboard is installed) besides the in-memory record.
write_event_files = True


class SessionLog:
    """``tf.SessionLog``: a marker in the event stream (START, STOP, CHECKPOINT)."""

    STATUS_UNSPECIFIED, START, STOP, CHECKPOINT = 0, 1, 2, 3

    def __init__(self, status=0, checkpoint_path="", msg=""):
        self.status, self.checkpoint_path, self.msg = status, checkpoint_path, msg

    def __repr__(self):
        return "SessionLog(status=%d, checkpoint_path=%r)" % (self.status, self.checkpoint_path)


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
