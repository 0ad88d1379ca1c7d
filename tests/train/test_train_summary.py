"""tf.summary: the summary ops, merge, the FileWriter's in-memory record, and real TensorBoard
event files read back with TensorBoard's own reader."""
import os

import numpy as np
import pytest
from helpers import run_fresh_python

import course as tf
from course import summary
from course.framework import errors

event_accumulator = pytest.importorskip(
    "tensorboard.backend.event_processing.event_accumulator")


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
    from tensorboard.compat.proto import summary_pb2      # TensorBoard's own protobuf agrees
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
