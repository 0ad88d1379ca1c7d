"""Cases for the API holes real TF1 programs hit (issue 10), run under both TensorFlow
(scripts/record_golden_api.py writes golden/api.json) and course (tests/*/test_*_golden.py
compare). Same contract as tests/engine_cases.py: ``case(tf, sess)`` returns a dict of results.
This module must not import tensorflow."""
import collections

import numpy as np

from engine_cases import error_name, run_case
from golden_files import golden_differences, load_golden

CASES = collections.OrderedDict()


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def golden_problems(tf, name, tolerance=None):
    """How course's results for case ``name`` differ from TF's (golden/api.json); [] if none."""
    expected = load_golden("api")["cases"].get(name)
    if expected is None:
        return ["case %s is not in golden/api.json: run scripts/record_golden_api.py %s with "
                "/work/tfvenv/bin/python" % (name, name)]
    got = run_case(tf, name, CASES)
    if sorted(got) != sorted(expected):
        return ["case %s gives keys %s, TF gave %s" % (name, sorted(got), sorted(expected))]
    return [p for key in expected
            for p in golden_differences(expected[key], got[key], key, tolerance)]


# -- 1. dtypes given by name ---------------------------------------------------------------------
DTYPE_NAMES = ["float", "float16", "half", "float32", "float64", "double", "int8", "int16",
               "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bool", "string",
               "complex64", "complex128"]


@case
def dtype_names(tf, sess):
    return {name: tf.as_dtype(name).name for name in DTYPE_NAMES}


@case
def dtype_names_rejected(tf, sess):
    return {name: error_name(lambda: tf.as_dtype(name))
            for name in ["floot", "f4", "Float32", "int"]}


@case
def dtype_names_in_builders(tf, sess):
    x = tf.placeholder("float", [None, 2], name="x")
    s = tf.placeholder("string", [], name="s")
    v = tf.Variable([1, 2], dtype="float", name="v")
    with tf.variable_scope("scope"):
        w = tf.get_variable("w", [2], dtype="double", initializer=tf.zeros_initializer())
        c = tf.get_variable("c", [2], dtype="float",
                            initializer=tf.constant_initializer(1.5, dtype="float"))
    tensors = {
        "cast_float": tf.cast(x, "float"),
        "cast_int32": tf.cast(x * 2.7, "int32"),
        "cast_bool": tf.cast(x, "bool"),
        "constant_double": tf.constant([1, 2], "double"),
        "constant_int64": tf.constant(3, dtype="int64"),
        "convert": tf.convert_to_tensor(2, dtype="float"),
        "zeros_int32": tf.zeros([2, 2], "int32"),
        "ones_float64": tf.ones([3], dtype="float64"),
        "zeros_like": tf.zeros_like(x, dtype="int32"),
        "ones_like": tf.ones_like(x, dtype="double"),
        "one_hot": tf.one_hot([0, 2], 3, dtype="float64"),
        "range": tf.range(3, dtype="float"),
        "random_normal": tf.random_normal([3], dtype="double", seed=1),
        "random_uniform_int": tf.random_uniform([4], maxval=10, dtype="int32", seed=2),
        "truncated_normal": tf.truncated_normal([2], dtype="float", seed=3),
        "argmax": tf.argmax([[1, 3], [4, 0]], 1, output_type="int32"),
        "shape_int64": tf.shape(x, out_type="int64"),
        "v": v, "w": w, "c": c,
    }
    sess.run(tf.global_variables_initializer())
    values = sess.run(tensors, {x: [[0.5, -1.0]], s: "hi"})
    out = {k: np.asarray(val) for k, val in values.items()}
    out["dtypes"] = [[k, t.dtype.base_dtype.name] for k, t in sorted(tensors.items())]
    out["placeholder_dtypes"] = [x.dtype.name, s.dtype.name]
    return out
