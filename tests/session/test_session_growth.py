"""A session whose graph keeps growing between runs (ops built inside the training loop) says
so once, and its plan cache stays bounded (least recently used plans dropped)."""
import logging

import pytest

import course as tf
from course.session import _GraphGrowth


@pytest.fixture
def logged():
    records = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append((record.levelname, record.getMessage()))
    tf.logging.get_logger().addHandler(handler)
    yield records
    tf.logging.get_logger().removeHandler(handler)


def _growth_warnings(records):
    return [m for level, m in records if level == "WARNING" and "The graph has grown" in m]


def test_ops_built_in_the_loop_are_explained_once(logged):
    x = tf.Variable(0.0)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for _ in range(3 * _GraphGrowth.RUNS):
        sess.run(tf.assign_add(x, 1.0))
    assert sess.run(x) == 3 * _GraphGrowth.RUNS         # still right, just slow
    (message,) = _growth_warnings(logged)
    assert "before each of the last %d runs" % _GraphGrowth.RUNS in message
    assert "Build every op once, before the loop" in message
    assert "graph.finalize()" in message


def test_a_loop_that_builds_nothing_is_quiet(logged):
    x = tf.Variable(0.0)
    step = tf.assign_add(x, 1.0)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for _ in range(3 * _GraphGrowth.RUNS):
        sess.run(step)
        sess.run([step, x])
    assert _growth_warnings(logged) == []


def test_build_and_run_now_and_then_is_quiet(logged):
    sess = tf.Session()
    for i in range(2 * _GraphGrowth.RUNS):      # growth, but not before every run
        c = tf.constant(float(i))
        sess.run(c)
        sess.run(c)
    assert _growth_warnings(logged) == []


def test_growth_spread_out_in_time_is_quiet(logged, monkeypatch):
    clock = iter(range(0, 10_000, 5))           # five seconds between runs: notebook cells
    monkeypatch.setattr("course.session.time.monotonic", lambda: next(clock))
    sess = tf.Session()
    for i in range(2 * _GraphGrowth.RUNS):
        sess.run(tf.constant(float(i)))
    assert _growth_warnings(logged) == []


def test_plan_cache_is_bounded_least_recently_used_first(monkeypatch):
    monkeypatch.setattr(tf.Session, "PLAN_CACHE_SIZE", 4)
    sess = tf.Session()
    keep = tf.constant(1.0)
    others = [tf.constant(float(i)) for i in range(10)]
    for c in others:
        sess.run([keep])                        # used every time: never the least recent
        sess.run([c])
        assert len(sess._plans) <= 4 and len(sess._loop_plans) <= 4
    assert ((keep,), frozenset()) in sess._plans
    assert ((others[0],), frozenset()) not in sess._plans
    assert sess.run([others[0]]) == [0.0]       # a dropped plan is simply built again
