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
    return {name: error_name(lambda name=name: tf.as_dtype(name))
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


# -- 2. static shapes where sizes are constants ---------------------------------------------------
def _static(t):
    return None if t.shape.ndims is None else t.shape.as_list()


@case
def static_shapes(tf, sess):
    x = tf.placeholder(tf.float32, [None, 32, 32, 3])
    b = tf.placeholder(tf.float32, [None, 10])
    labels = tf.placeholder(tf.int32, [None])
    n = tf.shape(b)[0]
    cropped = tf.slice(x, [0, 2, 2, 0], [8, 28, 28, 3])
    shapes = {
        "slice_to_end": tf.slice(x, [0, 2, 2, 0], [-1, 28, 28, 3]),
        "slice_sized": cropped,
        "slice_const_tensors": tf.slice(x, tf.constant([0, 2, 2, 0]),
                                        tf.constant([8, 28, 28, -1])),
        "getitem": x[:, 2:30, ::2, 0],
        "getitem_unknown_dim": x[0:4],
        "getitem_negative": x[-1],
        "getitem_newaxis": b[:, None, 3:],
        "strided_slice": tf.strided_slice(x, [0, 0, 0, 0], [4, 16, 16, 3], [1, 2, 2, 1]),
        "shape_element": n,
        "reshape_list": tf.reshape(x, [-1, 32 * 32 * 3]),
        "reshape_flat": tf.reshape(x, [-1]),
        "reshape_stacked": tf.reshape(x, tf.stack([n, -1])),
        "reshape_list_with_tensor": tf.reshape(x, [n, 32, 96]),
        "reshape_const_tensor": tf.reshape(b, tf.constant([-1, 5, 2])),
        "reshape_shape_of": tf.reshape(b * 2.0, tf.shape(b)),
        "tile": tf.tile(b, [2, 3]),
        "pad": tf.pad(x, [[0, 0], [2, 2], [2, 2], [0, 0]]),
        "pad_const_tensor": tf.pad(b, tf.constant([[1, 1], [0, 3]])),
        "concat_channels": tf.concat([x, x], 3),
        "concat_batch": tf.concat([x, x], 0),
        "gather_list": tf.gather(b, [0, 1, 2]),
        "gather_fed": tf.gather(b, labels),
        "gather_axis1": tf.gather(b, [1, 2], axis=1),
        "one_hot": tf.one_hot(labels, 10),
        "split_even": tf.split(x, 4, axis=1)[0],
        "split_sizes": tf.split(b, [3, 7], 1)[1],
        "zeros_stacked": tf.zeros(tf.stack([n, 5])),
        "zeros_list_with_tensor": tf.zeros([n, 5]),
        "ones_like": tf.ones_like(b),
        "fill": tf.fill([2, 3], 1.0),
        "random_normal_partial": tf.random_normal([n, 4], seed=1),
        "expand_dims": tf.expand_dims(b, -1),
        "squeeze": tf.squeeze(tf.slice(x, [0, 0, 0, 0], [-1, 1, 32, 3]), [1]),
        "reduce_mean": tf.reduce_mean(x, [1, 2]),
        "reduce_keepdims": tf.reduce_sum(x, 3, keepdims=True),
        "transpose": tf.transpose(x, [0, 3, 1, 2]),
        "stack_unknown": tf.stack([b, b], axis=1),
        "unstack_of_slice": tf.unstack(cropped)[0],
    }
    out = {k: _static(t) for k, t in shapes.items()}
    out["unstack_of_slice_count"] = len(tf.unstack(cropped))
    out["unstack_axis1_count"] = len(tf.unstack(tf.slice(x, [0, 0, 0, 0], [-1, 5, 32, 3]), axis=1))
    return out


@case
def pad_values_and_gradients(tf, sess):
    x = tf.constant(np.arange(12, dtype=np.float32).reshape(3, 4))
    w = tf.constant(np.linspace(-1, 1, 8 * 8, dtype=np.float32).reshape(8, 8))
    out = {}
    for mode, paddings in (("CONSTANT", [[1, 2], [3, 1]]), ("REFLECT", [[2, 1], [1, 2]]),
                           ("SYMMETRIC", [[3, 2], [0, 4]])):
        y = tf.pad(x, paddings, mode=mode, constant_values=0)
        loss = tf.reduce_sum(y * w[:y.shape[0], :y.shape[1]])
        out[mode] = [y, tf.gradients(loss, x)[0]]
    out["constant_values"] = tf.pad(x, [[0, 1], [1, 0]], constant_values=-2.5)
    return out


@case
def slice_then_unstack(tf, sess):
    images = tf.placeholder(tf.float32, [None, 6, 6, 2])
    crops = tf.slice(images, [1, 1, 1, 0], [2, 4, 4, 2])
    parts = tf.unstack(crops)
    flat = tf.reshape(images, [tf.shape(images)[0], -1])
    value = np.arange(3 * 6 * 6 * 2, dtype=np.float32).reshape(3, 6, 6, 2)
    parts_v, flat_v = sess.run([parts, flat], {images: value})
    return {"parts": parts_v, "flat": flat_v,
            "too_big": error_name(lambda: tf.slice(images, [0, 3, 0, 0], [1, 4, 6, 2])),
            "fed_too_big": error_name(lambda: sess.run(
                tf.slice(images, [2, 0, 0, 0], [2, 6, 6, 2]), {images: value}))}
