"""Cases for the API holes the conformance suite's tutorial programs found (pkmital's, instillai's
and the O'Reilly "Learning TensorFlow" programs), run under TensorFlow by
scripts/record_golden_tutorial_holes.py (golden/tutorial_holes.json) and under course by
tests/ops/test_tutorial_holes_golden.py. Same contract as engine_cases.py: ``case(tf, sess)``
returns a dict of results. This module must not import tensorflow."""
import collections

import numpy as np

from engine_cases import error_name
from golden_files import case_problems

CASES = collections.OrderedDict()


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def golden_problems(tf, name, tolerance=None):
    """How course's results for case ``name`` differ from TF's; [] if none."""
    return case_problems(tf, "tutorial_holes", CASES, name, tolerance)


@case
def string_add(tf, sess):
    """Strings concatenate under + and tf.add (Learning TensorFlow's hello_world and scan)."""
    hello = tf.constant("Hello")
    plus = hello + tf.constant(" World!")
    words = tf.constant(["a", "bc"])
    return {
        "plus": sess.run(plus).decode(), "plus_name": plus.name, "plus_type": plus.op.type,
        "add_python": [s.decode() for s in sess.run(tf.add(words, "!"))],
        "radd": [s.decode() for s in sess.run("<" + words)],
        "broadcast": [[s.decode() for s in row] for row in sess.run(
            tf.constant([["x"], ["y"]]) + words)],
        "scan": [s.decode() for s in sess.run(tf.scan(lambda a, x: a + x,
                                                        np.array(["T", "e", "n"])))],
        "number_type": (tf.constant(1.0) + 2.0).op.type,
        "string_plus_number": error_name(lambda: hello + 1),
    }


@case
def composites(tf, sess):
    """tf.boolean_mask, sequence_mask, meshgrid, trace, to_double and nn.zero_fraction."""
    t = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    rows = tf.boolean_mask(t, [True, False, True])
    cells = tf.boolean_mask(t, tf.constant([[True, False], [False, True], [True, True]]))
    columns = tf.boolean_mask(t, [False, True], axis=1)
    unknown = tf.placeholder(tf.float32, [None, 2])
    lengths = tf.placeholder(tf.int32, [None])
    x, y = tf.meshgrid([1, 2, 3], [4, 5])
    i, j = tf.meshgrid(tf.constant([1.0, 2.0, 3.0]), tf.constant([4.0, 5.0]), indexing="ij")
    batch = tf.constant(np.arange(18.0).reshape(2, 3, 3))
    return {
        "rows": rows, "cells": cells, "columns": columns,
        "shapes": [str(v.shape) for v in (
            rows, cells, columns, tf.boolean_mask(unknown, [True, False], axis=1),
            tf.sequence_mask(lengths, 4), tf.sequence_mask(lengths), x, i, tf.trace(batch))],
        "rows_gradient": tf.gradients(tf.reduce_sum(rows * [[1.0, 2.0]]), t),
        "scalar_mask": error_name(lambda: tf.boolean_mask(t, True)),
        "sequence_mask": tf.sequence_mask([1, 3, 2], 5),
        "sequence_mask_longest": tf.sequence_mask([[1, 3], [2, 0]]),
        "sequence_mask_float": tf.sequence_mask(tf.constant([0, 2]), 3, dtype=tf.float32),
        "meshgrid_xy": [x, y], "meshgrid_ij": [i, j],
        "trace": tf.trace(tf.constant([[1.0, 2.0], [3.0, 4.0]])), "trace_batch": tf.trace(batch),
        "to_double": tf.to_double(tf.constant([1, 2])),
        "zero_fraction": tf.nn.zero_fraction(tf.constant([[0.0, 1.0], [0.0, 0.0]])),
        "zero_fraction_int": tf.nn.zero_fraction([0, 1, 2]),
    }


@case
def confusion_matrices(tf, sess):
    """tf.confusion_matrix as evaluation code uses it (tf.math's name too)."""
    labels = tf.constant([0, 1, 2, 1, 2, 2])
    predictions = tf.constant([0, 2, 2, 1, 0, 2])
    fed = tf.placeholder(tf.int64, [None])
    given = tf.confusion_matrix(labels, predictions, num_classes=4)
    return {
        "inferred": tf.confusion_matrix(labels, predictions),
        "given": given, "shape_given": str(given.shape),
        "shape_inferred": str(tf.confusion_matrix(fed, fed).shape),
        "weighted": tf.confusion_matrix(labels, predictions, weights=[1.0, 2.0, 0.5, 1.0, 3.0, 1.0],
                                        dtype=tf.float32),
        "column_labels": tf.confusion_matrix(tf.constant([[1], [0]]), [1, 1]),
        "math": tf.math.confusion_matrix([1, 1], [0, 1]),
        "fed": sess.run(tf.confusion_matrix(fed, fed, 3), {fed: [2, 0, 2]}),
    }


@case
def asserts(tf, sess):
    """tf.Assert and tf.assert_equal/less/greater: errors when run, or at build for constants."""
    x = tf.placeholder(tf.int32, [None])
    checked = tf.assert_equal(x, [1, 2])
    with tf.control_dependencies([tf.assert_less(x, 5)]):
        doubled = x * 2
    guard = tf.Assert(tf.reduce_all(x > 0), [x])

    def run(fetch, value):
        return error_name(lambda: sess.run(fetch, {x: value}))
    return {
        "equal_holds": run(checked, [1, 2]), "equal_fails": run(checked, [1, 3]),
        "dependency_holds": sess.run(doubled, {x: [1, 4]}),
        "dependency_fails": run(doubled, [1, 7]),
        "guard": [run(guard, [3]), run(guard, [0, 3])],
        "static_fails": error_name(lambda: tf.assert_equal(tf.constant([1, 2]),
                                                           tf.constant([1, 3]))),
        "static_holds": error_name(lambda: tf.assert_greater(tf.constant(3.0), 2.0)),
        "greater_equal": run(tf.assert_greater_equal(x, 0), [0, -1]),
        "less_equal": run(tf.assert_less_equal(x, 2), [2, 2]),
    }


@case
def counts_and_sign_asserts(tf, sess):
    """tf.unique_with_counts, and tf.assert_positive/non_negative/negative/non_positive."""
    y, idx, count = tf.unique_with_counts(tf.constant([3, 1, 3, 2, 1, 3]))
    result = tf.unique_with_counts(tf.constant([2.5, 2.5, -1.0]), out_idx=tf.int64)
    x = tf.placeholder(tf.float32, [None])

    def run(check, value):
        return error_name(lambda: sess.run(check(x), {x: value}))
    return {
        "y": y, "idx": idx, "count": count, "int64": [result.y, result.idx, result.count],
        "shapes": [str(t.shape) for t in (y, idx, count)],
        "positive": [run(tf.assert_positive, [1.0, 2.0]), run(tf.assert_positive, [0.0])],
        "non_negative": [run(tf.assert_non_negative, [0.0]), run(tf.assert_non_negative, [-1.0])],
        "negative": [run(tf.assert_negative, [-1.0]), run(tf.assert_negative, [0.0])],
        "non_positive": [run(tf.assert_non_positive, [0.0]), run(tf.assert_non_positive, [1.0])],
        "static": error_name(lambda: tf.assert_positive(tf.constant([1, -2]))),
    }
