"""``tf.summary``: summary ops (scalar, histogram, image, merge) and the FileWriter that records them.

A summary op's value is what TF's is: the serialized Summary protocol buffer, fetched as
``bytes`` (a ``SummaryBytes``, which prints as the readable summary), so the TF1 round trip
works: ``writer.add_summary(sess.run(merged), step)``, ``tf.Summary.FromString(s)``.

Where summaries go. A FileWriter writes TensorBoard event files in its log directory
(course/event_file.py writes them itself, the same whether ``tensorflow`` is installed or course
stands in for it), so ``tensorboard --logdir logs`` shows them; set
``course.summary.write_event_files = False`` to skip the files. It also keeps a record IN
MEMORY, per log directory, for plots in the notebook::

    writer = tf.summary.FileWriter("logs/run1", sess.graph)
    writer.add_summary(sess.run(merged), step)
    steps, values = tf.summary.history("logs/run1").scalar("loss")
    writer.scalars["loss"]            # the same record: [(step, value), ...]

That record is bounded, so a run of any length keeps a fixed amount of memory: per tag, at most
``SummaryHistory.SCALARS_PER_TAG`` (10,000) scalar points and ``HISTOGRAMS_PER_TAG`` (500)
histograms. When a tag's record is full it keeps every other point and from then on every
second new one (then every fourth...): an evenly spread picture of the whole run, whose first
and newest points are always kept. Graphs are held weakly (a closed FileWriter keeps no graph
alive), and the last 1,000 session logs are kept.
"""
# Private names: ``dir(tf.summary)`` shows the summary API only.
import collections as _collections
import os as _os
import re as _re
import weakref as _weakref

import numpy as _np

from . import event_file as _event_file
from .framework import ops as _ops
from .framework.summary_proto import (  # noqa: F401  (tf.summary's public names)
    HistogramProto, Summary, SummaryBytes, make_histogram)
from .framework.summary_proto import as_summary as _as_summary
from .ops import summary_ops as _summary_ops  # noqa: F401  (registers the summary op types)
from .ops.core import apply as _apply

#: Write TensorBoard event files besides the in-memory record.
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


def _summary_op(op_type, name, tensor, collections, family, **attrs):
    """TF1's summary_scope: the tag is the (uniquified) name scope, so two summaries named
    'loss' get tags 'loss' and 'loss_1'; ``family`` prefixes the tag (a TensorBoard tab)."""
    name, family = _clean_tag(name), _clean_tag(family)
    base = name if family is None else "%s/%s" % (family, name)
    tensor = _ops.convert_to_tensor(tensor)
    with _ops.name_scope(base, values=[tensor]) as scope:
        tag = scope.rstrip("/") if family is None else "%s/%s" % (family, scope.rstrip("/"))
        summary = _apply(op_type, [tensor], dict(attrs, tag=tag), scope)
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


def image(name, tensor, max_outputs=3, collections=None, family=None):
    """Up to ``max_outputs`` images of a [batch, height, width, 1|3|4] tensor as PNGs, tagged
    ``<name>/image/<i>`` (``<name>/image`` when max_outputs is 1); float images are scaled
    into 0-255 as TF scales them."""
    return _summary_op("ImageSummary", name, tensor, collections, family,
                       max_images=int(max_outputs))


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
class BoundedSeries(_collections.abc.Sequence):
    """One tag's ``(step, value)`` points, at most ``capacity`` of them (plus the newest): when
    full, every other point is dropped and only every 2nd (then 4th, ...) new point is kept,
    so the record stays spread evenly over the whole run. Reads like a list."""

    def __init__(self, capacity):
        self.capacity = capacity
        self._points = []
        self._stride = 1           # keep the points whose index is a multiple of this
        self._seen = 0
        self._newest = None        # the newest point, when the stride skipped it

    def append(self, point):
        if self._seen % self._stride == 0:
            self._points.append(point)
            self._newest = None
            if len(self._points) > self.capacity:
                del self._points[1::2]
                self._stride *= 2
        else:
            self._newest = point
        self._seen += 1

    @property
    def stride(self):
        """1 while nothing was dropped; then the spacing, in points written, of those kept."""
        return self._stride

    def _all(self):
        return self._points if self._newest is None else self._points + [self._newest]

    def __getitem__(self, index):
        return self._all()[index]

    def __len__(self):
        return len(self._points) + (self._newest is not None)

    def __eq__(self, other):
        return list(self) == list(other) if isinstance(other, (list, BoundedSeries)) else \
            NotImplemented

    def __repr__(self):
        return repr(self._all())


class SummaryHistory:
    """What FileWriters wrote to one log directory in this process, bounded (see the module
    docstring): ``scalars[tag]`` and ``histograms[tag]`` (``[(step, value)]``-like
    BoundedSeries), ``graphs`` (the live Graphs added, newest last), ``session_logs``
    (``[(step, SessionLog)]``, the last 1,000)."""

    SCALARS_PER_TAG = 10000
    HISTOGRAMS_PER_TAG = 500
    GRAPHS = 10
    SESSION_LOGS = 1000

    def __init__(self, logdir):
        self.logdir = logdir
        self.scalars = {}
        self.histograms = {}
        self._graphs = _collections.deque(maxlen=self.GRAPHS)
        self.session_logs = _collections.deque(maxlen=self.SESSION_LOGS)

    def add(self, summary, step):
        for v in summary.value:
            if v.image is not None:
                continue            # images go to the event file only (no plot shows them)
            if v.histo is not None:
                record, capacity = self.histograms, self.HISTOGRAMS_PER_TAG
                point = (step, v.histo)
            else:
                record, capacity = self.scalars, self.SCALARS_PER_TAG
                point = (step, v.simple_value)
            series = record.get(v.tag)
            if series is None:
                series = record[v.tag] = BoundedSeries(capacity)
            series.append(point)

    def add_graph(self, graph):
        try:
            ref = _weakref.ref(graph)
        except TypeError:           # a GraphDef-like object: nothing to hold weakly
            return
        if not any(r() is graph for r in self._graphs):
            self._graphs.append(ref)

    @property
    def graphs(self):
        return [g for g in (r() for r in self._graphs) if g is not None]

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


# -- TensorBoard event files ------------------------------------------------------------------
def _event_writer(logdir, max_queue, flush_secs, filename_suffix):
    if not write_event_files:
        return None
    return _event_file.EventFileWriter(logdir, max_queue=max_queue, flush_secs=flush_secs,
                                       filename_suffix=filename_suffix or "")


# -- FileWriter ---------------------------------------------------------------------------------
class FileWriter:
    """``tf.summary.FileWriter(logdir, graph=None, ...)``: records summaries, graphs and session
    logs in an event file in ``logdir`` and in memory (see ``history``). ``.scalars`` and
    ``.histograms`` are the directory's in-memory record."""

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
        """Record a summary (the fetched bytes of a summary op, or a Summary) at
        ``global_step``."""
        serialized = bytes(summary) if isinstance(summary, (bytes, bytearray)) else None
        summary = _as_summary(summary)
        step = None if global_step is None else int(global_step)
        self._history.add(summary, step)
        if self._events is not None:
            self._events.add_event(_event_file.event(
                step, summary=serialized if serialized is not None else
                summary.SerializeToString()))

    def add_graph(self, graph, global_step=None, graph_def=None):
        """Record ``graph`` (TensorBoard's Graphs tab shows it). The FileWriter does not keep
        it: the in-memory record holds graphs weakly."""
        graph = graph if graph is not None else graph_def
        self._history.add_graph(graph)
        if self._events is not None and hasattr(graph, "get_operations"):
            self._events.add_event(_event_file.event(global_step,
                                                     graph_def=_event_file.graph_def(graph)))

    def add_session_log(self, session_log, global_step=None):
        self._history.session_logs.append((global_step, session_log))
        if self._events is not None:
            serialized = _event_file.session_log(session_log.status, session_log.checkpoint_path,
                                                 session_log.msg)
            self._events.add_event(_event_file.event(global_step, session_log=serialized))

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
