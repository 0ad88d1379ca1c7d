"""tf.summary at the edges (issue 16): fetched summaries are TF's serialized bytes (the same
bytes TF 2.21 makes), event files are course's own and read back by TensorBoard's reader even
when course stands in for ``tensorflow``, and the in-memory record stays bounded."""
import gc
import os
import weakref

import numpy as np
import pytest
from golden_files import load_golden
from helpers import run_fresh_python

import course as tf
from course import summary

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
