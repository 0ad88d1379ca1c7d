"""Every op's batch rule (framework/batching.py, used by course.sweep) against the op run copy by
copy, driven by the registry: for each op with a rule, a small graph around it (the gradient
registry's EXAMPLES, or BATCH_EXAMPLES below for ops without a gradient) is run by a
BatchedSession with K copies of its inputs, and by K ordinary session runs. Every output and
every input gradient must have the same bits. Inputs are batched in several patterns (all of
them, only the first, only the last), so shared operands broadcast against batched ones.
Stateful ops (variables, assignments, optimizer updates) are checked by training in
tests/session/test_sweep.py; STATEFUL lists them."""
import numpy as np
import pytest
from test_gradients_registry import EXAMPLES, Example, _weighted_sum, distinct, positive

import course as tf
from course import sweep
from course.framework.registry import all_op_defs

COPIES = 3

BATCH_EXAMPLES = {
    "Equal": Example(lambda tf, x, y: tf.cast(tf.equal(tf.round(x), tf.round(y)), tf.float64),
                     [(2, 3), (3,)]),
    "Greater": Example(lambda tf, x, y: tf.cast(tf.greater(x, y), tf.float64), [(2, 3), (3,)]),
    "ArgMax": Example(lambda tf, x: tf.cast(tf.argmax(x, 1), tf.float64), [(2, 3)], distinct()),
    "ArgMin": Example(lambda tf, x: tf.cast(tf.argmin(x, 0), tf.float64), [(2, 3)], distinct()),
    "Shape": Example(lambda tf, x: tf.cast(tf.shape(x), tf.float64) * tf.reduce_sum(x),
                     [(2, 3)]),
    "Size": Example(lambda tf, x: tf.cast(tf.size(x), tf.float64) * x, [(2, 3)]),
    "ZerosLike": Example(lambda tf, x: tf.zeros_like(x) + x, [(2, 3)]),
    "OnesLike": Example(lambda tf, x: tf.ones_like(x) * x, [(2, 3)]),
    "FloorDiv": Example(lambda tf, x, y: tf.floordiv(x, y) * x, [(2, 3), (3,)], positive()),
    "IsFinite": Example(lambda tf, x: tf.cast(tf.is_finite(tf.log(x)), tf.float64), [(2, 3)]),
    "Rint": Example(lambda tf, x: tf.rint(3 * x) * x, [(2, 3)]),
    "LogicalNot": Example(lambda tf, x: tf.cast(tf.logical_not(x > 0.0), tf.float64),
                          [(2, 3)]),
    "LogicalAnd": Example(lambda tf, x, y: tf.cast(tf.logical_and(x > 0.0, y > 0.0),
                                                    tf.float64), [(2, 3), (3,)]),
    "Floor": Example(lambda tf, x: tf.floor(x) * x, [(2, 3)]),
    "Ceil": Example(lambda tf, x: tf.ceil(x) * x, [(2, 3)]),
    "Round": Example(lambda tf, x: tf.round(x) * x, [(2, 3)]),
    "IsNan": Example(lambda tf, x: tf.cast(tf.is_nan(tf.log(x)), tf.float64), [(2, 3)]),
    "IsInf": Example(lambda tf, x: tf.cast(tf.is_inf(1.0 / tf.round(x)), tf.float64),
                     [(2, 3)]),
    "Less": Example(lambda tf, x, y: tf.cast(x < y, tf.float64), [(2, 3), (3,)]),
    "LessEqual": Example(lambda tf, x, y: tf.cast(x <= y, tf.float64), [(2, 3), (3,)]),
    "GreaterEqual": Example(lambda tf, x, y: tf.cast(x >= y, tf.float64), [(2, 3), (3,)]),
    "NotEqual": Example(lambda tf, x, y: tf.cast(tf.not_equal(tf.round(x), tf.round(y)),
                                                 tf.float64), [(2, 3), (3,)]),
    "LogicalOr": Example(lambda tf, x, y: tf.cast(tf.logical_or(x > 0.0, y > 0.0), tf.float64),
                         [(2, 3), (3,)]),
    "TruncateDiv": Example(lambda tf, x, y: tf.cast(tf.truncatediv(
        tf.cast(x * 10.0, tf.int32), tf.cast(y * 3.0, tf.int32) + 7), tf.float64),
        [(2, 3), (3,)]),
    "TruncateMod": Example(lambda tf, x, y: tf.truncatemod(x, y + 3.0), [(2, 3), (3,)]),
    "RandomUniformInt": Example(lambda tf, x: x * tf.cast(tf.random_uniform(
        [2, 3], 0, 9, dtype=tf.int32, seed=4), tf.float64), [(2, 3)]),
    "TruncatedNormal": Example(lambda tf, x: x * tf.truncated_normal([2, 3], seed=5,
                                                                     dtype=tf.float64), [(2, 3)]),
    "RandomShuffle": Example(lambda tf, x: x * tf.random_shuffle(tf.constant(
        [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], tf.float64), seed=6), [(2, 3)]),
    "OneHot": Example(lambda tf, x: x * tf.one_hot(tf.cast(tf.round(x[:, 0] + 2.0), tf.int32),
                                                  3, dtype=tf.float64), [(2, 3)]),
    "InTopKV2": Example(lambda tf, x: tf.cast(tf.nn.in_top_k(tf.cast(x, tf.float32), [0, 2], 2),
                                              tf.float64), [(2, 3)], distinct()),
    "Rank": Example(lambda tf, x: tf.cast(tf.rank(x), tf.float64) * x, [(2, 3)]),
    "LRNGrad": Example(lambda tf, x: tf.cast(tf.nn.local_response_normalization(
        tf.cast(x, tf.float32), 1), tf.float64), [(1, 2, 2, 3)]),
    "RandomUniform": Example(lambda tf, x: x * tf.random_uniform([2, 3], seed=3,
                                                                 dtype=tf.float64), [(2, 3)]),
}

# Checked by training K copies (tests/session/test_sweep.py).
STATEFUL = {"VariableV2", "Assign", "AssignAdd", "AssignSub", "Placeholder", "IsVariableInitialized",
            "ApplyGradientDescent", "ApplyMomentum", "ApplyAdagrad", "ApplyAdadelta",
            "ApplyRMSProp", "ApplyCenteredRMSProp", "ApplyAdam", "RandomStandardNormal"}
# (RandomStandardNormal: the PKU preset's seeded initial weights.)


def _cases():
    for table in (EXAMPLES, BATCH_EXAMPLES):
        for op_type in sorted(table):
            if all_op_defs()[op_type].batch is None:
                continue
            entries = table[op_type] if isinstance(table[op_type], list) else [table[op_type]]
            for i, example in enumerate(entries):
                yield pytest.param(op_type, example, id="%s-%d" % (op_type, i))


def _patterns(n):
    patterns = [(True,) * n]
    if n > 1:
        patterns += [(True,) + (False,) * (n - 1), (False,) * (n - 1) + (True,)]
    return patterns


def _copy(value, k):
    """Copy k of a batched fetch (an IndexedSlicesValue's fields each have the copy axis)."""
    if hasattr(value, "indices"):
        return type(value)(value.values[k], value.indices[k], value.dense_shape[k])
    return value[k]


def _bits(value):
    if hasattr(value, "indices"):           # an IndexedSlicesValue (a gather's gradient)
        return [_bits(value.values), value.indices, value.dense_shape]
    value = np.asarray(value)
    return value.view(np.uint64) if value.dtype == np.float64 else value


@pytest.mark.parametrize("op_type, example", list(_cases()))
def test_batch_rule_gives_each_copys_numbers(op_type, example):
    rng = np.random.default_rng(7)
    copies = [[np.array(v, np.float64).reshape(s)
               for v, s in zip(example.sample(rng, example.shapes), example.shapes)]
              for _ in range(COPIES)]
    for pattern in _patterns(len(example.shapes)):
        graph = tf.Graph()
        with graph.as_default():
            xs = [tf.placeholder(tf.float64, shape) for shape in example.shapes]
            outputs = example.build(tf, *xs)
            outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
            grads = tf.gradients(_weighted_sum(rng, outputs), xs)
        assert op_type in {op.type for op in graph.get_operations()}
        fetches = outputs + [g for g in grads if g is not None]
        swept = {x: np.stack([c[i] for c in copies]) for i, x in enumerate(xs) if pattern[i]}
        shared = {x: copies[0][i] for i, x in enumerate(xs) if not pattern[i]}
        try:
            with sweep.BatchedSession(swept, graph) as batched:
                got = batched.run(fetches, shared)
        except NotImplementedError as e:
            assert "'%s'" % op_type not in str(e).split("(op")[0], e
            pytest.skip("the example also needs an op without a batch rule: %s" % e)
        for k, values in enumerate(copies):
            with tf.Session(graph=graph) as sess:
                expected = sess.run(fetches, {x: values[i] if pattern[i] else copies[0][i]
                                              for i, x in enumerate(xs)})
            for g, e, t in zip(got, expected, fetches):
                got_k, want = _bits(_copy(g, k)), _bits(e)
                assert all(np.array_equal(a, b) for a, b in zip(got_k, want)) \
                    if isinstance(want, list) else np.array_equal(got_k, want), \
                    (op_type, pattern, k, t.name)


def test_every_batch_rule_is_checked():
    checked = set(EXAMPLES) | set(BATCH_EXAMPLES) | STATEFUL
    unchecked = sorted(t for t, d in all_op_defs().items() if d.batch is not None
                       and t not in checked)
    assert not unchecked, ("ops with a batch rule but no example: %s (add one to BATCH_EXAMPLES "
                           "in tests/ops/test_batch_rules.py)" % ", ".join(unchecked))
