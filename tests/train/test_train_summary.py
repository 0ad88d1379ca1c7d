"""tf.summary: the summary ops, merge, the FileWriter's in-memory record (bounded), and real
TensorBoard event files, written by course and read back with TensorBoard's own reader; the
fetched summaries are the bytes TF 2.21 makes (golden/edges.json)."""
import gc
import os
import weakref

import numpy as np
import pytest
from golden_files import load_golden
from helpers import run_fresh_python

import course as tf
from course import summary
from course.framework import errors

event_accumulator = pytest.importorskip(
    "tensorboard.backend.event_processing.event_accumulator")
GOLDEN = load_golden("edges")["summaries"]


@pytest.fixture(autouse=True)
def _fresh_writers():
    yield
    summary.FileWriterCache.clear()
    summary.clear_history()
    summary.write_event_files = True


def _reload(logdir):
    acc = event_accumulator.EventAccumulator(str(logdir), size_guidance={"scalars": 0,
                                                                         "histograms": 0})
    acc.Reload()
    return acc


def test_scalar_summary_value_and_tags():
    x = tf.placeholder(tf.float32, [])
    s = summary.scalar("loss", x)
    again = summary.scalar("loss", x * 2)
    with tf.name_scope("train"):
        scoped = summary.scalar("lr", tf.constant(0.1), family="opt")
    assert s.dtype == tf.string and s.shape.ndims == 0 and s.op.type == "ScalarSummary"
    assert tf.get_collection(tf.GraphKeys.SUMMARIES) == [s, again, scoped]
    sess = tf.Session()
    fetched = sess.run(s, {x: 0.25})
    assert isinstance(fetched, bytes)                       # as TF: the serialized proto
    value = summary.Summary.FromString(fetched)
    assert [(v.tag, v.simple_value) for v in value.value] == [("loss", 0.25)]
    assert summary.Summary.FromString(sess.run(again, {x: 1.0})).value[0].tag == "loss_1"
    assert summary.Summary.FromString(sess.run(scoped)).value[0].tag == "opt/train/opt/lr"
    assert str(value) == 'value {\n  tag: "loss"\n  simple_value: 0.25\n}'
    # and it shows itself readably, for learners
    assert repr(fetched) == '<Summary, 13 bytes serialized>\n' + str(value)


def test_scalar_summary_of_a_vector_fails_when_run():
    s = summary.scalar("bad", tf.constant([1.0, 2.0]))
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"tags and values not the same shape: \[\] != \[2\]"):
        tf.Session().run(s)


def test_histogram_uses_tensorflows_buckets():
    values = np.array([-1.0, 0.0, 0.0, 0.5, 2.0, 1e-13])
    fetched = tf.Session().run(summary.histogram("w", tf.constant(values)))
    h = summary.Summary.FromString(fetched).value[0].histo
    assert (h.min, h.max, h.num) == (-1.0, 2.0, 6)
    assert h.sum == pytest.approx(1.5) and h.sum_squares == pytest.approx(5.25)
    assert sum(h.bucket) == 6 and len(h.bucket) == len(h.bucket_limit)
    limits = np.array(h.bucket_limit)
    assert np.all(np.diff(limits) > 0)
    counts = dict(zip(h.bucket_limit, h.bucket))
    # TF's buckets: [.., -1e-12, 0, 1e-12, 1.1e-12, ...); 0.0 and 1e-13 land in [0, 1e-12)
    assert counts[1e-12] == 3
    # runs of empty buckets collapse to one entry each: no two empty buckets in a row
    assert not any(a == 0 and b == 0 for a, b in zip(h.bucket, h.bucket[1:]))


def test_histogram_rejects_nan():
    s = summary.histogram("w", tf.constant([1.0, np.nan]))
    with pytest.raises(errors.InvalidArgumentError, match="Nan in summary histogram for: w"):
        tf.Session().run(s)


def test_merge_and_merge_all():
    assert summary.merge_all() is None
    a = summary.scalar("a", tf.constant(1.0))
    b = summary.histogram("b", tf.constant([1.0, 2.0]))
    merged = summary.merge_all()
    assert merged.op.type == "MergeSummary"
    value = summary.Summary.FromString(tf.Session().run(merged))
    assert [v.tag for v in value.value] == ["a", "b"]
    duplicate = summary.merge([a, a])
    with pytest.raises(errors.InvalidArgumentError, match="Duplicate tag a found"):
        tf.Session().run(duplicate)
    assert summary.merge([a, b]) not in tf.get_collection(tf.GraphKeys.SUMMARIES)


def test_file_writer_keeps_summaries_in_memory(tmp_path):
    x = tf.placeholder(tf.float32, [])
    merged = summary.merge([summary.scalar("loss", x), summary.histogram("x", x)])
    sess = tf.Session()
    writer = summary.FileWriter(str(tmp_path), sess.graph)
    for step in range(3):
        writer.add_summary(sess.run(merged, {x: 1.0 / (step + 1)}), step)
    writer.close()
    record = summary.history(str(tmp_path))
    assert writer.scalars is record.scalars
    assert record.scalars["loss"] == [(0, 1.0), (1, 0.5), (2, pytest.approx(1 / 3))]
    steps, values = record.scalar("loss")
    np.testing.assert_array_equal(steps, [0, 1, 2])
    np.testing.assert_allclose(values, [1.0, 0.5, 1 / 3], rtol=1e-7)
    assert [s for s, _ in record.histograms["x"]] == [0, 1, 2]
    assert record.graphs == [sess.graph]
    with pytest.raises(KeyError, match="No scalar summary tagged 'nope'"):
        record.scalar("nope")


def test_tensorboard_reads_back_the_event_file(tmp_path):
    x = tf.placeholder(tf.float32, [None])
    loss = tf.reduce_mean(x, name="mean")
    merged = summary.merge([summary.scalar("loss", loss), summary.histogram("x", x)])
    sess = tf.Session()
    with summary.FileWriter(str(tmp_path), graph=sess.graph) as writer:
        # (TensorBoard drops events logged after a START at an earlier step: log it first)
        writer.add_session_log(summary.SessionLog(status=summary.SessionLog.START), 0)
        for step in range(5):
            writer.add_summary(sess.run(merged, {x: np.arange(step + 1.0)}), step * 10)
    acc = _reload(tmp_path)
    assert acc.Tags()["scalars"] == ["loss"] and acc.Tags()["histograms"] == ["x"]
    scalars = acc.Scalars("loss")
    assert [e.step for e in scalars] == [0, 10, 20, 30, 40]
    np.testing.assert_allclose([e.value for e in scalars], [0.0, 0.5, 1.0, 1.5, 2.0])
    histo = acc.Histograms("x")[-1].histogram_value
    assert (histo.min, histo.max, histo.num, histo.sum) == (0.0, 4.0, 5.0, 10.0)
    graph_def = acc.Graph()
    nodes = {node.name: node for node in graph_def.node}
    mean = nodes["mean"]
    assert mean.op == "Mean" and mean.input[0] == "Placeholder"
    assert nodes["loss"].op == "ScalarSummary" and list(nodes["loss"].input) == ["mean"]
    assert len(graph_def.node) == len(sess.graph.get_operations())


def test_summary_bytes_round_trip_through_the_proto():
    fetched = tf.Session().run(summary.scalar("a", tf.constant(2.5)))
    parsed = summary.Summary.FromString(fetched)
    assert [(v.tag, v.simple_value) for v in parsed.value] == [("a", 2.5)]
    assert parsed.SerializeToString() == fetched
    from tensorboard.compat.proto import summary_pb2  # TensorBoard's own protobuf agrees
    proto = summary_pb2.Summary.FromString(fetched)
    assert proto.value[0].tag == "a" and proto.value[0].simple_value == 2.5
    assert proto.SerializeToString() == fetched


def test_in_memory_only_when_event_files_are_off(tmp_path):
    summary.write_event_files = False
    writer = summary.FileWriter(str(tmp_path))
    writer.add_summary(summary.Summary([summary.Summary.Value("t", simple_value=1.0)]), 1)
    writer.close()
    assert os.listdir(tmp_path) == []
    assert summary.history(str(tmp_path)).scalars == {"t": [(1, 1.0)]}


def test_import_course_does_not_import_tensorboard():
    code = ("import sys, course, course.summary, course.train; "
            "print(any(m.startswith('tensorboard') for m in sys.modules))")
    out = run_fresh_python(code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_histogram_matches_tensorflow():
    from train_golden import GOLDEN
    golden = GOLDEN["histogram"]
    values = tf.constant(np.array(golden["values"], np.float32))
    h = summary.Summary.FromString(tf.Session().run(summary.histogram("h", values))).value[0].histo
    assert h.bucket_limit == golden["bucket_limit"]
    assert h.bucket == golden["bucket"]
    assert (h.min, h.max, h.num) == (golden["min"], golden["max"], golden["num"])
    assert h.sum == pytest.approx(golden["sum"], rel=1e-12)
    assert h.sum_squares == pytest.approx(golden["sum_squares"], rel=1e-12)


# -- the edges (issue 16): TF's bytes, course's own event files, a bounded record --------------
def test_fetched_summaries_are_tensorflows_bytes():
    x = tf.placeholder(tf.float32, [])
    scalar = tf.summary.scalar("loss", x)
    histo = tf.summary.histogram("w", tf.constant([1.0, 2.0, 2.5, -0.5, 0.0, 1e-13]))
    merged = tf.summary.merge([scalar, histo])
    zero = tf.summary.scalar("zero", tf.constant(0.0))
    sess = tf.Session()
    assert sess.run(scalar, {x: 0.25}).hex() == GOLDEN["scalar_0.25"]
    assert sess.run(histo).hex() == GOLDEN["histogram"]
    assert sess.run(merged, {x: 0.5}).hex() == GOLDEN["merged_0.5"]
    assert sess.run(zero).hex() == GOLDEN["scalar_zero"]
    assert isinstance(sess.run(scalar, {x: 1.0}), bytes) and GOLDEN["fetched_type"] == "bytes"


def test_the_tf1_round_trip(tmp_path):
    x = tf.placeholder(tf.float32, [])
    merged = tf.summary.merge_all() or tf.summary.merge([tf.summary.scalar("loss", x)])
    sess = tf.Session()
    fetched = sess.run(merged, {x: 3.0})
    assert tf.Summary.FromString(fetched).value[0].simple_value == 3.0
    parsed = tf.Summary()
    assert parsed.ParseFromString(fetched) == len(fetched) and parsed.value[0].tag == "loss"
    with tf.summary.FileWriter(str(tmp_path)) as writer:
        writer.add_summary(fetched, 7)
        writer.add_summary(tf.Summary(value=[tf.Summary.Value(tag="made", simple_value=1.5)]), 8)
    acc = _reload(tmp_path)
    assert [(e.step, e.value) for e in acc.Scalars("loss")] == [(7, 3.0)]
    assert [(e.step, e.value) for e in acc.Scalars("made")] == [(8, 1.5)]


EVENTS_UNDER_THE_STAND_IN = """
import sys, numpy as np, course
sys.modules["tensorflow"] = course          # a TF1 program run with course standing in
import tensorflow as tf
x = tf.placeholder(tf.float32, [None])
merged = tf.summary.merge([tf.summary.scalar("loss", tf.reduce_mean(x)),
                           tf.summary.histogram("x", x)])
with tf.Session() as sess:
    writer = tf.summary.FileWriter(%r, sess.graph)
    for step in range(3):
        writer.add_summary(sess.run(merged, {x: np.arange(step + 2.0)}), step)
    writer.close()
print("written")
"""


def test_event_files_work_when_course_stands_in_for_tensorflow(tmp_path):
    out = run_fresh_python(EVENTS_UNDER_THE_STAND_IN % str(tmp_path))
    assert out.returncode == 0 and out.stdout == "written\n", out.stderr
    assert "has no attribute" not in out.stderr
    # read back by TensorBoard (here, where tensorflow is not course)
    acc = _reload(tmp_path)
    assert [e.value for e in acc.Scalars("loss")] == [0.5, 1.0, 1.5]
    assert acc.Histograms("x")[-1].histogram_value.num == 4.0
    assert len(acc.Graph().node) > 0


def test_event_file_name_and_first_event(tmp_path):
    writer = tf.summary.FileWriter(str(tmp_path), filename_suffix=".v1")
    writer.close()
    (name,) = os.listdir(tmp_path)
    assert name.startswith("events.out.tfevents.") and name.endswith(".v1")
    from tensorboard.backend.event_processing import event_file_loader
    events = list(event_file_loader.EventFileLoader(str(tmp_path / name)).Load())
    assert [e.file_version for e in events] == ["brain.Event:2"]


def test_two_writers_in_one_directory_write_two_whole_files(tmp_path):
    first = tf.summary.FileWriter(str(tmp_path))
    second = tf.summary.FileWriter(str(tmp_path))          # same second, same directory
    for step in range(50):
        first.add_summary(tf.Summary([tf.Summary.Value("a", simple_value=step)]), step)
        second.add_summary(tf.Summary([tf.Summary.Value("b", simple_value=-step)]), step)
    first.close()
    second.close()
    assert len(os.listdir(tmp_path)) == 2
    acc = _reload(tmp_path)      # TensorBoard reads every file of the directory
    assert [e.value for e in acc.Scalars("a")] == list(range(50))
    assert [e.value for e in acc.Scalars("b")] == [-float(s) for s in range(50)]


def test_scalar_record_is_bounded_and_spread_over_the_run(tmp_path):
    writer = tf.summary.FileWriter(str(tmp_path))
    summary.write_event_files = False
    cap = summary.SummaryHistory.SCALARS_PER_TAG
    n = 3 * cap + 7
    for step in range(n):
        writer.history.add(tf.Summary([tf.Summary.Value("loss", simple_value=step)]), step)
    series = writer.scalars["loss"]
    assert cap // 2 <= len(series) <= cap + 1
    steps = [s for s, _ in series]
    assert steps[0] == 0 and steps[-1] == n - 1            # first and newest kept
    spacing = np.diff(steps[:-1])
    assert (spacing == series.stride).all() and series.stride == 4
    steps_array, values = writer.history.scalar("loss")
    assert steps_array.tolist() == steps and values.tolist() == [float(s) for s in steps]


def test_histogram_record_is_bounded(tmp_path):
    summary.write_event_files = False
    writer = tf.summary.FileWriter(str(tmp_path))
    h = summary.make_histogram([1.0, 2.0])
    for step in range(1200):
        writer.add_summary(tf.Summary([tf.Summary.Value("w", histo=h)]), step)
    assert len(writer.histograms["w"]) <= summary.SummaryHistory.HISTOGRAMS_PER_TAG + 1
    assert writer.histograms["w"][-1][0] == 1199


def test_a_closed_file_writer_keeps_no_graph_alive(tmp_path):
    refs = []
    for i in range(5):
        g = tf.Graph()
        with g.as_default():
            tf.constant(np.zeros(1000, np.float32)) + 1.0
        tf.summary.FileWriter(str(tmp_path / str(i)), graph=g).close()
        refs.append(weakref.ref(g))
        del g
    gc.collect()
    assert [r() for r in refs] == [None] * 5
    live = tf.Graph()
    writer = tf.summary.FileWriter(str(tmp_path / "live"), graph=live)
    writer.add_graph(live)
    assert summary.history(str(tmp_path / "live")).graphs == [live]
    writer.close()
