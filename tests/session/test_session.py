"""Session.run: fetch structures, feeds, plan caching, tracing, default and interactive sessions."""
import collections

import numpy as np
import pytest

import course as tf


@pytest.fixture
def sess():
    with tf.Session() as s:
        yield s


# -- fetch structures ------------------------------------------------------------------------------
Pair = collections.namedtuple("Pair", "first second")


def test_fetch_a_single_tensor_gives_an_array_or_numpy_scalar(sess):
    m = tf.constant([[1.0, 2.0]])
    s = tf.constant(3)
    got_m, got_s = sess.run(m), sess.run(s)
    assert isinstance(got_m, np.ndarray) and got_m.dtype == np.float32
    assert isinstance(got_s, np.int32) and got_s == 3


def test_nested_fetch_structures_keep_their_shape(sess):
    a, b, c = tf.constant(1), tf.constant(2.0), tf.constant([3, 4])
    got = sess.run({"a": a, "pair": Pair(b, [c, (a,)]), "t": (a, b)})
    assert set(got) == {"a", "pair", "t"}
    assert got["a"] == 1
    assert isinstance(got["pair"], Pair) and got["pair"].first == 2.0
    assert isinstance(got["pair"].second, list)
    np.testing.assert_array_equal(got["pair"].second[0], [3, 4])
    assert got["pair"].second[1] == (1,) and isinstance(got["pair"].second[1], tuple)
    assert got["t"] == (1, 2.0)


def test_ordered_dict_fetch_keeps_its_order_and_type(sess):
    fetches = collections.OrderedDict([("z", tf.constant(1)), ("a", tf.constant(2))])
    got = sess.run(fetches)
    assert isinstance(got, collections.OrderedDict) and list(got) == ["z", "a"]


def test_operations_fetch_none_and_still_run(sess):
    v = tf.Variable(0)
    inc = tf.assign_add(v, 1)
    sess.run(v.initializer)
    assert sess.run(inc.op) is None
    assert sess.run(tf.group(inc)) is None
    assert sess.run(v) == 2
    assert sess.run([inc.op, v])[0] is None
    assert sess.run(v) == 3


def test_fetch_by_tensor_and_operation_names(sess):
    tf.constant([1, 2], name="c")
    tf.no_op(name="nothing")
    np.testing.assert_array_equal(sess.run("c:0"), [1, 2])
    assert sess.run("nothing") is None
    assert sess.run(["c:0", "c"])[1] is None


def test_fetching_a_variable_gives_its_value(sess):
    v = tf.Variable([1.0, 2.0])
    sess.run(tf.global_variables_initializer())
    np.testing.assert_array_equal(sess.run(v), [1.0, 2.0])
    np.testing.assert_array_equal(sess.run({"v": v})["v"], [1.0, 2.0])


def test_fetched_arrays_do_not_alias_session_state(sess):
    v = tf.Variable([1.0, 2.0])
    sess.run(v.initializer)
    got = sess.run(v)
    got[0] = 100.0
    np.testing.assert_array_equal(sess.run(v), [1.0, 2.0])
    c = tf.constant([5, 6])
    first = sess.run(c)
    first[0] = 0
    np.testing.assert_array_equal(sess.run(c), [5, 6])


def test_the_same_tensor_fetched_twice(sess):
    c = tf.constant(2.0) * 3.0
    assert sess.run([c, c, {"c": c}]) == [6.0, 6.0, {"c": 6.0}]


# -- feeding ---------------------------------------------------------------------------------------
def test_feed_a_placeholder_converts_to_its_dtype(sess):
    x = tf.placeholder(tf.float32, [None, 2])
    got = sess.run(x * 2, {x: [[1, 2], [3, 4]]})
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, [[2, 4], [6, 8]])


def test_any_tensor_can_be_fed_even_a_constant(sess):
    c = tf.constant([1.0, 2.0])
    d = c * 10.0
    e = d + 1.0
    np.testing.assert_array_equal(sess.run(e), [11.0, 21.0])
    np.testing.assert_array_equal(sess.run(e, {c: [0.0, 1.0]}), [1.0, 11.0])
    np.testing.assert_array_equal(sess.run(e, {d: [5.0, 5.0]}), [6.0, 6.0])   # a middle tensor
    np.testing.assert_array_equal(sess.run(e), [11.0, 21.0])                   # unchanged after


def test_feeding_a_middle_tensor_skips_what_feeds_it(sess):
    x = tf.placeholder(tf.float32)
    y = x * 2.0
    z = y + 1.0
    assert sess.run(z, {y: 4.0}) == 5.0      # x is never needed, so it need not be fed


def test_feed_by_name_and_feed_a_variable(sess):
    v = tf.Variable(1.0, name="v")
    out = v * 2.0
    x = tf.placeholder(tf.int32, name="x")
    assert sess.run(out, {v: 5.0}) == 10.0           # a variable can be fed without init
    assert sess.run(x + 1, {"x:0": 1}) == 2


def test_placeholder_with_default(sess):
    d = tf.placeholder_with_default(tf.constant([1, 2]), [None])
    np.testing.assert_array_equal(sess.run(d), [1, 2])
    np.testing.assert_array_equal(sess.run(d, {d: [7, 8, 9]}), [7, 8, 9])


def test_a_fed_array_is_not_mutated_and_not_aliased(sess):
    x = tf.placeholder(tf.float64, [2])
    value = np.array([1.0, 2.0])
    got = sess.run(tf.identity(x), {x: value})
    got[0] = 9.0
    assert value[0] == 1.0


# -- plans ------------------------------------------------------------------------------------------
def test_a_plan_is_built_once_per_fetches_and_feed_keys(sess):
    x = tf.placeholder(tf.float32)
    y = x * 2.0
    z = y + 1.0
    sess.run(z, {x: 1.0})
    plans = dict(sess._plans)
    assert len(plans) == 1
    (plan,) = plans.values()
    sess.run(z, {x: 2.0})                               # new values, same keys: same plan
    assert list(sess._plans.values()) == [plan]
    assert sess.run(z, {y: 1.0}) == 2.0                  # another feed set: another plan
    assert len(sess._plans) == 2
    assert [p for p in sess._plans.values() if p is plan] == [plan]
    sess.run([z, y], {x: 1.0})                           # other fetches: another plan
    assert len(sess._plans) == 3


def test_a_plan_runs_only_the_ops_the_fetches_need(sess):
    a = tf.constant(1.0, name="a")
    b = tf.add(a, 1.0, name="b")
    tf.add(a, 2.0, name="unused")
    tf.placeholder(tf.float32, name="never_fed")
    sess.run(b)
    (plan,) = sess._plans.values()
    assert {op.name for op in plan.ops} == {"a", "b/y", "b"}


def test_plan_source_shows_the_generated_code(sess):
    x = tf.placeholder(tf.float32)
    source = sess.plan_source(x * 2.0 + 1.0, {x: 1.0})
    assert source.startswith("def plan(f0):")
    assert "return [" in source


def test_closing_a_session_drops_its_plans():
    s = tf.Session()
    s.run(tf.constant(1.0))
    assert s._plans
    s.close()
    assert not s._plans


def test_make_callable_runs_with_positional_feeds(sess):
    x = tf.placeholder(tf.float32)
    y = tf.placeholder(tf.float32)
    f = sess.make_callable([x * y, x], feed_list=[x, y])
    assert f(2.0, 3.0) == [6.0, 2.0]
    assert f(1.0, 1.0) == [1.0, 1.0]


# -- state belongs to the session ---------------------------------------------------------------------
def test_two_sessions_have_separate_variables():
    v = tf.Variable(1.0)
    inc = tf.assign_add(v, 1.0)
    with tf.Session() as s1, tf.Session() as s2:
        s1.run(v.initializer)
        s2.run(v.initializer)
        s1.run(inc)
        s1.run(inc)
        assert s1.run(v) == 3.0 and s2.run(v) == 1.0


def test_initializers_and_uninitialized_report(sess):
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b")
    report = tf.report_uninitialized_variables()
    assert sorted(x.decode() if isinstance(x, bytes) else x for x in sess.run(report)) == ["a", "b"]
    sess.run(tf.variables_initializer([a]))
    assert [x.decode() if isinstance(x, bytes) else x for x in sess.run(report)] == ["b"]
    assert sess.run(tf.is_variable_initialized(a)) and not sess.run(tf.is_variable_initialized(b))
    sess.run(tf.global_variables_initializer())
    assert len(sess.run(report)) == 0


def test_initializer_from_another_variable(sess):
    a = tf.Variable(3.0)
    b = tf.Variable(a.initialized_value() * 2.0)
    sess.run(b.initializer)                       # runs a's initializer first
    assert sess.run(b) == 6.0 and sess.run(a) == 3.0


def test_reads_after_an_assign_see_the_new_value():
    """TF1: an identity of a variable shares its buffer, so a read made after an assign (by
    control dependencies) sees the assigned value, in plain and traced runs alike."""
    v = tf.Variable(0.0)
    inc = tf.assign_add(v, 1.0)
    with tf.control_dependencies([inc]):
        doubled = v.read_value() * 2.0
        tripled = tf.identity(v) * 3.0
    options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
    with tf.Session() as s:
        s.run(v.initializer)
        assert s.run(doubled) == 2.0                          # v: 0 -> 1, then read
        assert s.run(tripled) == 6.0                          # v: 1 -> 2
        assert s.run([doubled, tripled]) == [6.0, 9.0]        # one increment: v 2 -> 3
        assert s.run(doubled, options=options, run_metadata=tf.RunMetadata()) == 8.0


def test_variable_load_and_eval():
    v = tf.Variable([1.0, 2.0])
    with tf.Session() as s:
        v.load([5.0, 6.0], s)
        np.testing.assert_array_equal(v.eval(), [5.0, 6.0])


# -- tracing ------------------------------------------------------------------------------------------
def test_full_trace_records_every_executed_op():
    x = tf.placeholder(tf.float32, name="x")
    y = tf.multiply(x, 3.0, name="y")
    z = tf.add(y, 1.0, name="z")
    tf.add(x, 100.0, name="not_needed")
    options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
    metadata = tf.RunMetadata()
    with tf.Session() as s:
        assert s.run(z, {x: 2.0}, options=options, run_metadata=metadata) == 7.0
    assert metadata.values["x:0"] == 2.0
    assert metadata.values["y:0"] == 6.0
    assert metadata.values["z:0"] == 7.0
    assert metadata.values["y/y:0"] == 3.0
    assert "not_needed:0" not in metadata.values
    assert set(metadata.executed_ops) >= {"y", "z"} and "not_needed" not in metadata.executed_ops
    assert set(metadata.times) == set(metadata.executed_ops)
    stats = metadata.step_stats.dev_stats[0].node_stats
    assert [n.node_name for n in stats] == metadata.executed_ops
    assert all(n.op_end_rel_micros >= 0 for n in stats)


def test_tracing_gives_the_same_results_and_errors_as_plain_runs():
    x = tf.placeholder(tf.float32, [None])
    y = tf.reduce_sum(x * x)
    options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
    with tf.Session() as s:
        traced = s.run([y, x], {x: [1.0, 2.0]}, options=options, run_metadata=tf.RunMetadata())
        plain = s.run([y, x], {x: [1.0, 2.0]})
        assert traced[0] == plain[0] == 5.0
        np.testing.assert_array_equal(traced[1], plain[1])
        with pytest.raises(tf.errors.InvalidArgumentError, match="Placeholder"):
            s.run(y, options=options, run_metadata=tf.RunMetadata())


def test_no_trace_records_nothing():
    x = tf.constant(2.0)
    y = x * x
    metadata = tf.RunMetadata()
    with tf.Session() as s:
        s.run(y, run_metadata=metadata)
        assert metadata.values == {} and metadata.executed_ops == []
        s.run(y, options=tf.RunOptions(), run_metadata=metadata)
        assert metadata.values == {}


def test_a_new_trace_replaces_the_old_one():
    x = tf.placeholder(tf.float32)
    options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
    metadata = tf.RunMetadata()
    with tf.Session() as s:
        s.run(x * 2.0, {x: 1.0}, options=options, run_metadata=metadata)
        s.run(x + 5.0, {x: 1.0}, options=options, run_metadata=metadata)
    assert not any(name.startswith("mul") for name in metadata.values)


def test_trace_of_a_variable_update_records_the_new_value():
    v = tf.Variable(1.0, name="v")
    inc = tf.assign_add(v, 2.0, name="inc")
    options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
    metadata = tf.RunMetadata()
    with tf.Session() as s:
        s.run(v.initializer)
        s.run(inc, options=options, run_metadata=metadata)
        assert metadata.values["inc:0"] == 3.0 and s.run(v) == 3.0


# -- default sessions -----------------------------------------------------------------------------------
def test_with_session_makes_it_the_default_and_closes_it():
    c = tf.constant(4.0)
    assert tf.get_default_session() is None
    with tf.Session() as s:
        assert tf.get_default_session() is s
        assert c.eval() == 4.0
        with tf.Session() as inner:
            assert tf.get_default_session() is inner
        assert tf.get_default_session() is s
    assert tf.get_default_session() is None
    with pytest.raises(RuntimeError):
        s.run(c)


def test_as_default_does_not_close():
    c = tf.constant(4.0)
    s = tf.Session()
    with s.as_default():
        assert c.eval() == 4.0
        assert tf.get_default_session() is s
    assert tf.get_default_session() is None
    assert s.run(c) == 4.0
    s.close()


def test_session_enters_its_graph():
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(1.0)
    with tf.Session(graph=g) as s:
        assert tf.get_default_graph() is g
        d = c + 1.0                            # created in g
        assert s.run(d) == 2.0
    assert tf.get_default_graph() is not g


def test_eval_and_run_with_an_explicit_session():
    v = tf.Variable(2.0)
    s = tf.Session()
    v.initializer.run(session=s)
    assert (v * 3.0).eval(session=s) == 6.0
    x = tf.placeholder(tf.float32)
    assert (x + 1.0).eval(feed_dict={x: 1.0}, session=s) == 2.0
    s.close()


def test_interactive_session_is_the_default_until_closed():
    x = tf.placeholder(tf.float32)
    v = tf.Variable(10.0)
    sess = tf.InteractiveSession()
    try:
        assert tf.get_default_session() is sess
        v.initializer.run()
        assert v.eval() == 10.0
        assert (x * v).eval({x: 2.0}) == 20.0
        tf.assign_add(v, 1.0).op.run()
        assert sess.run(v) == 11.0
    finally:
        sess.close()
    assert tf.get_default_session() is None
    with pytest.raises(ValueError, match="No default session"):
        v.eval()


def test_session_properties():
    g = tf.Graph()
    s = tf.Session(graph=g)
    assert s.graph is g and s.sess_str == ""
    assert s.list_devices()
    s.close()
    assert tf.Session().graph is tf.get_default_graph()


# -- control dependencies in runs ------------------------------------------------------------------------
def test_control_dependencies_run_first(sess):
    v = tf.Variable(0.0)
    sess.run(v.initializer)
    inc = tf.assign_add(v, 1.0)
    with tf.control_dependencies([inc]):
        read = tf.identity(v)
    assert sess.run(read) == 1.0
    assert sess.run(read) == 2.0


def test_group_runs_all_and_returns_none(sess):
    a = tf.Variable(0)
    b = tf.Variable(0)
    sess.run(tf.global_variables_initializer())
    both = tf.group(tf.assign_add(a, 1), tf.assign_add(b, 2), name="both")
    assert both.name == "both" and both.type == "NoOp" and both.outputs == []
    assert sess.run(both) is None
    assert sess.run([a, b]) == [1, 2]


def test_tuple_gates_every_output_on_all_inputs(sess):
    v = tf.Variable(0)
    sess.run(v.initializer)
    inc = tf.assign_add(v, 5)
    c = tf.constant(1)
    gated_c, gated_inc = tf.tuple([c, inc])
    assert sess.run(gated_c) == 1
    assert sess.run(v) == 5            # fetching one output ran the whole tuple
    assert sess.run(gated_inc) == 10
