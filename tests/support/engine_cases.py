"""Engine cases run under both TensorFlow (scripts/record_golden_engine.py, which writes
golden/engine.json) and course (tests/ops/test_engine_golden.py, which compares).

Each case is a function ``case(tf, sess)`` returning a dict of results. ``tf`` is
``tensorflow.compat.v1`` (TF1 behaviour) or ``course``; ``sess`` is a Session on a fresh
default graph. A result may be a Tensor, Variable or list of them (fetched with one
``sess.run`` after the case returns, so variables must be initialized by the case), a numpy or
Python value, a string, or None. This module must not import tensorflow.
"""
import collections

import numpy as np

CASES = collections.OrderedDict()


def case(fn):
    CASES[fn.__name__] = fn
    return fn


# -- running a case and encoding its results as JSON --------------------------------------------------
def run_case(tf, name, cases=None):
    """Run one case (of ``cases``, default this module's) on a fresh graph and encode it."""
    graph = tf.Graph()
    with graph.as_default():
        with tf.Session(graph=graph) as sess:
            results = (CASES if cases is None else cases)[name](tf, sess)
            return {key: _encode(tf, sess, value) for key, value in results.items()}


def _is_graph_value(tf, value):
    return isinstance(value, (tf.Tensor, tf.Variable))


def _encode(tf, sess, value):
    if _is_graph_value(tf, value):
        return _encode_array(sess.run(value))
    if isinstance(value, (list, tuple)) and value and all(
            _is_graph_value(tf, v) or v is None for v in value):
        fetched = sess.run([v for v in value if v is not None])
        it = iter(fetched)
        return [None if v is None else _encode_array(next(it)) for v in value]
    if isinstance(value, (np.ndarray, np.generic)):
        return _encode_array(value)
    if isinstance(value, (list, tuple)):
        return [_encode(tf, sess, v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError("case result of unsupported type %r" % type(value))


def _encode_array(value):
    array = np.asarray(value)
    if array.dtype.kind in "OSU":
        flat = [v.decode() if isinstance(v, bytes) else str(v) for v in array.ravel()]
        return {"dtype": "string", "shape": list(array.shape), "value": flat}
    flat = array.ravel()
    if array.dtype.kind == "f":
        values = [None if np.isnan(v) else repr(float(v)) if np.isinf(v) else float(v)
                  for v in flat]
    else:
        values = flat.tolist()
    return {"dtype": array.dtype.name, "shape": list(array.shape), "value": values}


def error_name(fn):
    """The class name of the exception ``fn()`` raises, or None."""
    try:
        fn()
    except Exception as e:      # noqa: BLE001 - the class is the result
        return type(e).__name__
    return None


# -- the cases -----------------------------------------------------------------------------------------
M23 = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
NEG = [[-7, -5, 3], [4, -1, 8]]


@case
def l2_loss_values(tf, sess):
    return {"vector": tf.nn.l2_loss([1.0, 2.0, 3.0]),
            "matrix": tf.nn.l2_loss(tf.constant(M23)),
            "float64": tf.nn.l2_loss(tf.constant(M23, tf.float64))}


@case
def reduce_sum_int_axes(tf, sess):
    x = tf.constant([[1, 1, 1], [1, 1, 1]])
    return {"axis0": tf.reduce_sum(x, 0), "indices0": tf.reduce_sum(x, reduction_indices=[0]),
            "axis1": tf.reduce_sum(x, 1), "all": tf.reduce_sum(x),
            "keep": tf.reduce_sum(x, 1, keep_dims=True), "keepdims": tf.reduce_sum(x, keepdims=True),
            "neg": tf.reduce_sum(x, -1), "both": tf.reduce_sum(x, [0, 1]),
            "none_list": tf.reduce_sum(x, axis=[])}


@case
def reductions_float(tf, sess):
    x = tf.constant([[[1.5, -2.0], [3.0, 0.25]], [[-1.0, 4.0], [2.0, -0.5]]])
    out = {}
    for name in ("reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod"):
        fn = getattr(tf, name)
        out[name] = fn(x)
        out[name + "_0"] = fn(x, 0)
        out[name + "_12"] = fn(x, [1, 2])
        out[name + "_m1_keep"] = fn(x, -1, keepdims=True)
    out["mean64"] = tf.reduce_mean(tf.constant(M23, tf.float64), 1)
    return out


@case
def reductions_int(tf, sess):
    x = tf.constant(NEG)
    return {"mean_all": tf.reduce_mean(x), "mean0": tf.reduce_mean(x, 0),
            "mean1": tf.reduce_mean(x, 1), "max1": tf.reduce_max(x, 1),
            "min0": tf.reduce_min(x, 0), "prod1": tf.reduce_prod(x, 1),
            "mean_neg": tf.reduce_mean(tf.constant([-3, -4])),
            "mean_int64": tf.reduce_mean(tf.constant([-7, 2], tf.int64)),
            "count_nonzero": tf.count_nonzero(tf.constant([[0, 1, 2], [0, 0, 3]]), 1),
            "count_nonzero_f": tf.count_nonzero(tf.constant([0.0, 0.5, 0.0]))}


@case
def reductions_over_empty_axes(tf, sess):
    """Reducing over an empty axis gives the reduction's identity: max -inf (ints: the dtype's
    lowest), min +inf (highest), sum 0, prod 1, a float mean nan, an int mean 0; fed empty
    arrays and empty constants, every real dtype."""
    out = {}
    for dtype in ("float32", "float64", "float16", "int32", "int64", "uint8"):
        x = tf.placeholder(getattr(tf, dtype), [None, 3])
        wide = tf.zeros([2, 0], getattr(tf, dtype))
        for name in ("reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod"):
            fn, key = getattr(tf, name), "%s_%s" % (name[len("reduce_"):], dtype)
            fed = sess.run([fn(x, 0), fn(x), fn(x, 0, keepdims=True), fn(x, 1)],
                           {x: np.zeros((0, 3), dtype)})
            out[key + "_axis0"], out[key + "_all"], out[key + "_keep"], out[key + "_other"] = fed
            out[key + "_const_axis1"] = fn(wide, 1)
        if dtype.startswith("float"):
            out["logsumexp_" + dtype] = sess.run(tf.reduce_logsumexp(x, 0),
                                                 {x: np.zeros((0, 3), dtype)})
    flags = tf.zeros([0, 2], tf.bool)
    out["all_empty"], out["any_empty"] = tf.reduce_all(flags, 0), tf.reduce_any(flags, 0)
    out["argmax_empty_error"] = error_name(lambda: sess.run(tf.argmax(tf.zeros([0, 3]), 0)))
    return out


@case
def variable_constraints(tf, sess):
    """A variable's constraint is applied after each optimizer update, to the updated value
    (TF1's optimizers); Variable.assign(read_value=False) gives the assign op."""
    clip = tf.get_variable("clip", initializer=tf.constant([0.5, -0.5, 2.0]),
                           constraint=lambda v: tf.clip_by_value(v, 0.0, 1.0))
    half = tf.Variable([[1.0, -2.0]], constraint=lambda v: v * 0.5, name="half")
    loss = tf.reduce_sum(clip * tf.constant([1.0, -1.0, 1.0])) + tf.reduce_sum(half * half)
    steps = [tf.train.GradientDescentOptimizer(0.1).minimize(loss),
             tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)]
    sess.run(tf.global_variables_initializer())
    out = {}
    for i, step in enumerate(steps):
        for j in range(3):
            sess.run(step)
            out["clip_%d_%d" % (i, j)], out["half_%d_%d" % (i, j)] = sess.run([clip, half])
    assign_op = half.assign([[3.0, 4.0]], read_value=False)
    out["assign_op_type"] = type(assign_op).__name__
    sess.run(assign_op)
    out["after_assign_op"] = sess.run(half)
    return out


@case
def argmax_argmin(tf, sess):
    x = tf.constant([[1.0, 5.0, 3.0], [7.0, 2.0, 7.0]])
    return {"argmax0": tf.argmax(x, 0), "argmax1": tf.argmax(x, 1), "argmin1": tf.argmin(x, 1),
            "argmax_i32": tf.argmax(x, 1, output_type=tf.int32),
            "argmax_int": tf.argmax(tf.constant([3, 9, 2]), 0),
            "dtype": tf.argmax(x, 1).dtype.name,
            "shape": tf.argmax(x, 1).shape.as_list()}


@case
def unary_float(tf, sess):
    out = {}
    for dtype in (tf.float32, tf.float64):
        x = tf.constant([-2.5, -1.5, -0.5, 0.5, 1.5, 2.0], dtype)
        p = tf.constant([0.25, 1.0, 4.0], dtype)
        d = dtype.name
        for name in ("abs", "negative", "sign", "square", "exp", "sigmoid", "tanh", "floor",
                     "ceil", "round"):
            out["%s_%s" % (name, d)] = getattr(tf, name)(x)
        for name in ("sqrt", "rsqrt", "log", "log1p", "reciprocal"):
            out["%s_%s" % (name, d)] = getattr(tf, name)(p)
        for name in ("sin", "cos", "tan", "atan", "sinh", "cosh", "expm1", "erf", "erfc",
                     "rint"):
            out["%s_%s" % (name, d)] = getattr(tf, name)(x)
        for name in ("asin", "acos"):
            out["%s_%s" % (name, d)] = getattr(tf, name)(x / 3.0)
        out["relu_" + d] = tf.nn.relu(x)
        out["relu6_" + d] = tf.nn.relu6(x * 4)
        out["leaky_" + d] = tf.nn.leaky_relu(x)
        out["leaky03_" + d] = tf.nn.leaky_relu(x, alpha=0.3)
    return out


@case
def unary_int(tf, sess):
    x = tf.constant([-3, -1, 0, 2, 5])
    return {"abs": tf.abs(x), "neg": tf.negative(x), "sign": tf.sign(x), "square": tf.square(x),
            "neg_op": -x, "abs_op": abs(x)}


@case
def binary_arith(tf, sess):
    out = {}
    for dtype in (tf.float32, tf.float64, tf.int32):
        a = tf.constant([[7, -7, 6], [-6, 5, 0]], dtype)
        b = tf.constant([2, 3, -4], dtype)
        d = dtype.name
        out["add_" + d] = tf.add(a, b)
        out["sub_" + d] = tf.subtract(a, b)
        out["mul_" + d] = tf.multiply(a, b)
        out["floordiv_" + d] = tf.floordiv(a, b)
        out["floormod_" + d] = tf.floormod(a, b)
        out["mod_" + d] = tf.mod(a, b)
        out["div_" + d] = tf.div(a, b)
        out["truediv_" + d] = tf.truediv(a, b)
        out["op_truediv_" + d] = a / b
        out["op_floordiv_" + d] = a // b
        out["op_mod_" + d] = a % b
        out["maximum_" + d] = tf.maximum(a, b)
        out["minimum_" + d] = tf.minimum(a, b)
        out["sqdiff_" + d] = tf.squared_difference(a, b)
        out["pow_" + d] = tf.pow(a, tf.constant([2, 1, 3], dtype))
    out["truediv_int16"] = tf.truediv(tf.constant([7, -7], tf.int16), tf.constant([2, 2], tf.int16))
    out["pow_float"] = tf.pow(tf.constant([4.0, 2.0]), tf.constant([0.5, -1.0]))
    out["scalar_mul"] = tf.scalar_mul(3.0, tf.constant([1.0, 2.0]))
    out["add_n"] = tf.add_n([tf.constant([1, 2]), tf.constant([3, 4]), tf.constant([5, 6])])
    return out


@case
def python_operands(tf, sess):
    f = tf.constant([1.0, 2.0])
    i = tf.constant([5, -5])
    return {"f_plus_int": f + 1, "int_times": i * 2, "rsub": 10 - i, "rdiv": 1 / f,
            "f_pow": f ** 2, "i_floordiv": i // 2, "i_mod": i % 3, "rmod": 7 % i,
            "np_plus": np.array([1.0, 1.0], np.float32) + f, "mixed_list": f * [2.0, 3.0],
            "dtype_f": (f + 1).dtype.name, "dtype_i_div": (i / 2).dtype.name}


@case
def comparisons_logic(tf, sess):
    a = tf.constant([1.0, 2.0, 3.0])
    b = tf.constant([3.0, 2.0, 1.0])
    t = tf.constant([True, True, False, False])
    u = tf.constant([True, False, True, False])
    return {"eq": tf.equal(a, b), "ne": tf.not_equal(a, b), "lt": a < b, "le": a <= b,
            "gt": a > b, "ge": tf.greater_equal(a, b), "and": tf.logical_and(t, u),
            "or": t | u, "xor": tf.logical_xor(t, u), "not": tf.logical_not(t),
            "and_op": t & u, "eq_int": tf.equal(tf.constant([1, 2]), 2)}


@case
def matmul_variants(tf, sess):
    a = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    b = tf.constant([[1.0, -1.0, 2.0], [0.5, 1.0, 0.0]])
    batch = tf.reshape(tf.range(12.0), [2, 2, 3])
    return {"ab": tf.matmul(a, b), "ta": tf.matmul(a, a, transpose_a=True),
            "tb": tf.matmul(a, a, transpose_b=True),
            "tab": tf.matmul(b, a, transpose_a=True, transpose_b=True),
            "op": a @ b, "batch": tf.matmul(batch, a),
            "int": tf.matmul(tf.constant([[1, 2]]), tf.constant([[3], [4]])),
            "batch_shape": tf.matmul(batch, a).shape.as_list()}


@case
def casts(tf, sess):
    f = tf.constant([-2.7, -0.5, 0.5, 2.7])
    return {"to_int": tf.cast(f, tf.int32), "to_int64": tf.cast(f, tf.int64),
            "to_bool": tf.cast(f, tf.bool), "bool_to_f": tf.cast(tf.constant([True, False]),
                                                                  tf.float32),
            "to_float": tf.to_float(tf.constant([1, 2])), "to_int32": tf.to_int32(f),
            "f64": tf.cast(f, tf.float64), "to_uint8": tf.cast(tf.constant([1.9, 200.0]), tf.uint8)}


@case
def constants_and_fills(tf, sess):
    return {"const_f": tf.constant(1.5), "const_i": tf.constant(3), "const_list": tf.constant([1, 2]),
            "const_shape": tf.constant(2.0, shape=[2, 2]),
            "const_reshape": tf.constant([1, 2, 3, 4], shape=[2, 2]),
            "const_bool": tf.constant([True, False]), "const_big": tf.constant(2 ** 40),
            "const_np64": tf.constant(np.array([1.0, 2.0])),
            "const_dtype": tf.constant([1, 2], dtype=tf.float32),
            "zeros": tf.zeros([2, 3]), "ones_int": tf.ones([2], tf.int32),
            "fill": tf.fill([2, 2], 7), "fill_f": tf.fill([3], 0.5),
            "zeros_like": tf.zeros_like(tf.constant([[1, 2]])),
            "ones_like": tf.ones_like(tf.constant([1.5, 2.5])),
            "zeros_like_dtype": tf.zeros_like(tf.constant([1, 2]), dtype=tf.float32),
            "range": tf.range(5), "range_3": tf.range(2, 11, 3), "range_f": tf.range(0.0, 1.0, 0.25),
            "range_neg": tf.range(5, 0, -2), "range_dtype": tf.range(3, dtype=tf.float64),
            "range_f_rounding": tf.range(1.0, 1.3, 0.1), "range_tenths": tf.range(0.0, 1.0, 0.1),
            "range_f_neg": tf.range(1.0, -1.0, -0.3), "range_empty": tf.range(3, 3)}


@case
def shapes_and_sizes(tf, sess):
    x = tf.constant([[[1, 2, 3], [4, 5, 6]]])
    p = tf.placeholder(tf.float32, [None, 3])
    return {"shape": tf.shape(x), "size": tf.size(x), "rank": tf.rank(x),
            "shape64": tf.shape(x, out_type=tf.int64),
            "static": x.shape.as_list(), "p_static": p.shape.as_list(),
            "p_rank": p.shape.ndims, "p_str": str(p.shape),
            "unknown_rank": tf.placeholder(tf.float32).shape.ndims,
            "matmul_static": tf.matmul(p, tf.ones([3, 4])).shape.as_list(),
            "reduce_static": tf.reduce_sum(p, 1).shape.as_list(),
            "reshape_static": tf.reshape(p, [-1]).shape.as_list(),
            "reshape_static2": tf.reshape(p, [-1, 1, 3]).shape.as_list(),
            "concat_static": tf.concat([p, p], 1).shape.as_list(),
            "concat_static0": tf.concat([p, tf.ones([2, 3])], 0).shape.as_list(),
            "expand_static": tf.expand_dims(p, 1).shape.as_list(),
            "slice_static": p[:, 1:].shape.as_list(),
            "add_static": (p + tf.ones([1, 3])).shape.as_list(),
            "gather_static": tf.gather(p, [0, 1]).shape.as_list(),
            "argmax_static": tf.argmax(p, 1).shape.as_list(),
            "one_hot_static": tf.one_hot(tf.placeholder(tf.int32, [None]), 4).shape.as_list(),
            "stack_static": tf.stack([p, p], 1).shape.as_list(),
            "transpose_static": tf.transpose(p).shape.as_list(),
            "tile_static": tf.tile(p, [2, 2]).shape.as_list()}


@case
def reshape_transpose_squeeze(tf, sess):
    x = tf.reshape(tf.range(24), [2, 3, 4])
    return {"reshape": tf.reshape(x, [4, -1]), "flat": tf.reshape(x, [-1]),
            "transpose": tf.transpose(x), "perm": tf.transpose(x, [1, 0, 2]),
            "expand0": tf.expand_dims(x, 0), "expand_m1": tf.expand_dims(x, -1),
            "squeeze": tf.squeeze(tf.zeros([1, 2, 1, 3])),
            "squeeze_axis": tf.squeeze(tf.zeros([1, 2, 1, 3]), [2]),
            "squeeze_neg": tf.squeeze(tf.zeros([1, 2, 1]), axis=-1)}


@case
def join_and_split(tf, sess):
    a = tf.constant([[1, 2], [3, 4]])
    b = tf.constant([[5, 6], [7, 8]])
    x = tf.reshape(tf.range(12), [3, 4])
    return {"concat0": tf.concat([a, b], 0), "concat1": tf.concat([a, b], 1),
            "concat_neg": tf.concat([a, b], -1), "stack": tf.stack([a, b]),
            "stack1": tf.stack([a, b], axis=1), "stack_scalars": tf.stack([1, 2, 3]),
            "unstack": tf.unstack(x), "unstack1": tf.unstack(x, axis=1),
            "split": tf.split(x, 2, axis=1), "split_sizes": tf.split(x, [1, 3], 1),
            "split0": tf.split(x, 3), "tile": tf.tile(a, [2, 3]),
            "tile1": tf.tile(tf.constant([1, 2]), [3]),
            "packed_list": tf.convert_to_tensor([tf.constant(1.0), 2.0])}


@case
def slicing(tf, sess):
    x = tf.reshape(tf.range(24), [2, 3, 4])
    v = tf.range(10)
    return {"index": x[1], "neg": x[-1, -1], "slice": x[:, 1:], "step": v[::3],
            "reverse": v[::-1], "neg_step": v[8:2:-2], "newaxis": v[tf.newaxis, :3],
            "newaxis_mid": x[:, tf.newaxis, 0], "ellipsis": x[..., 1], "ellipsis_mid": x[0, ..., 2],
            "scalar": v[3], "beyond": v[5:100], "empty": v[7:2],
            "tf_slice": tf.slice(x, [0, 1, 1], [2, 2, -1]),
            "strided": tf.strided_slice(v, [1], [9], [3]),
            "strided_masks": tf.strided_slice(x, [0, 1], [1, 3], [1, 1], begin_mask=1,
                                              end_mask=2),
            "strided_shrink": tf.strided_slice(x, [1, 0], [2, 3], shrink_axis_mask=1),
            "static": x[:, 1:, ::2].shape.as_list()}


@case
def gather_one_hot(tf, sess):
    params = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    return {"gather": tf.gather(params, [2, 0, 2]), "gather2d": tf.gather(params, [[0, 1], [2, 2]]),
            "gather_axis1": tf.gather(params, [1, 0], axis=1),
            "gather_scalar": tf.gather(params, 1),
            "gather_int64": tf.gather(tf.constant([10, 20, 30]), tf.constant([2, 0], tf.int64)),
            "one_hot": tf.one_hot([0, 2, 1], 3), "one_hot_oob": tf.one_hot([0, 5, -1], 3),
            "one_hot_vals": tf.one_hot([1, 0], 2, on_value=5.0, off_value=-1.0),
            "one_hot_axis0": tf.one_hot([0, 2], 3, axis=0),
            "one_hot_int": tf.one_hot([1, 2], 3, dtype=tf.int32),
            "one_hot_2d": tf.one_hot([[0, 1], [2, 0]], 3)}


@case
def where_both_forms(tf, sess):
    c = tf.constant([[True, False], [False, True]])
    x = tf.constant([[1, 2], [3, 4]])
    y = tf.constant([[10, 20], [30, 40]])
    return {"select": tf.where(c, x, y), "rows": tf.where(tf.constant([True, False]), x, y),
            "coords": tf.where(c), "coords_1d": tf.where(tf.constant([False, True, True])),
            "coords_dtype": tf.where(c).dtype.name,
            "coords_static": tf.where(c).shape.as_list()}


@case
def clip_and_friends(tf, sess):
    x = tf.constant([-2.0, -0.5, 0.0, 0.5, 2.0])
    return {"clip": tf.clip_by_value(x, -1.0, 1.0),
            "clip_int": tf.clip_by_value(tf.constant([-5, 0, 5]), -2, 3),
            "clip_tensor": tf.clip_by_value(x, tf.constant(-0.25), tf.constant(0.25))}


@case
def softmax_family(tf, sess):
    logits = tf.constant([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0], [-1000.0, 0.0, 1000.0]])
    l64 = tf.constant([[0.5, -0.5, 2.0]], tf.float64)
    return {"softmax": tf.nn.softmax(logits), "log_softmax": tf.nn.log_softmax(logits),
            "softmax64": tf.nn.softmax(l64), "softmax_axis0": tf.nn.softmax(logits[:2], axis=0),
            "log_softmax_axis0": tf.nn.log_softmax(logits[:2], axis=0),
            "softmax_1d": tf.nn.softmax(tf.constant([1.0, 2.0]))}


@case
def cross_entropies(tf, sess):
    logits = tf.constant([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
    onehot = tf.constant([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    soft = tf.constant([[0.7, 0.2, 0.1], [0.25, 0.25, 0.5]])
    labels = tf.constant([0, 2])
    logits3 = tf.reshape(tf.range(12.0) / 4.0, [2, 2, 3])
    x = tf.constant([-3.0, -0.5, 0.0, 0.5, 3.0, 100.0, -100.0])
    z = tf.constant([0.0, 1.0, 0.5, 0.0, 1.0, 1.0, 0.0])
    return {
        "softmax_xent_v2": tf.nn.softmax_cross_entropy_with_logits_v2(labels=soft, logits=logits),
        "softmax_xent": tf.nn.softmax_cross_entropy_with_logits(labels=onehot, logits=logits),
        "softmax_xent_axis0": tf.nn.softmax_cross_entropy_with_logits_v2(
            labels=tf.transpose(soft), logits=tf.transpose(logits), axis=0),
        "sparse_xent": tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels,
                                                                      logits=logits),
        "sparse_xent_int64": tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=tf.constant([1, 1], tf.int64), logits=logits),
        "sparse_xent_rank3": tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=tf.constant([[0, 2], [1, 1]]), logits=logits3),
        "sigmoid_xent": tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x),
        # labels of another rank are flattened to rows, as TF does (hunkim's lab-06-2)
        "softmax_xent_wrapped_labels": tf.nn.softmax_cross_entropy_with_logits_v2(
            labels=tf.stop_gradient([onehot]), logits=logits),
        "softmax_xent_wrapped_grad": tf.gradients(tf.reduce_sum(
            tf.nn.softmax_cross_entropy_with_logits_v2(labels=[onehot], logits=logits) *
            tf.constant([1.0, 2.0])), logits)[0],
        "mean_loss": tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=labels, logits=logits)),
    }


@case
def image_summary(tf, sess):
    # tf.summary.image as hunkim's lab-13-2 uses it; the PNG bytes are the encoder's, so the
    # case compares the decoded pixels, tags and sizes
    import io

    from PIL import Image
    ramp = tf.reshape(tf.range(24.0) / 23.0, [2, 3, 4, 1])
    signed = tf.reshape(tf.range(-12.0, 24.0) * 0.5, [1, 3, 4, 3])
    grey_ints = tf.cast(tf.reshape(tf.range(24) * 10, [2, 3, 4, 1]), tf.uint8)
    with_nan = tf.reshape(tf.concat([[float("nan")], tf.range(11.0)], 0), [1, 3, 4, 1])
    summaries = {"ramp": tf.summary.image("input", ramp, 3),
                 "signed_one": tf.summary.image("signed", signed, max_outputs=1),
                 "uint8": tf.summary.image("ints", grey_ints, 1),
                 "nan": tf.summary.image("nan", with_nan)}
    out = {}
    for key, summary in summaries.items():
        for value in tf.Summary.FromString(sess.run(summary)).value:
            image = value.image
            pixels = np.asarray(Image.open(io.BytesIO(image.encoded_image_string)))
            out["%s %s" % (key, value.tag)] = [image.height, image.width, image.colorspace,
                                               pixels.astype(np.int32).ravel().tolist()]
    return out


@case
def png_decoding(tf, sess):
    # tf.image.decode_png of PNGs written by matplotlib/PIL (the Cookbook's TensorBoard program
    # decodes a saved plot): every filter type, grey, RGB and RGBA, channel conversions
    import io

    from PIL import Image
    rng = np.random.RandomState(3)
    smooth = np.add.outer(np.arange(7), np.arange(9)).astype(np.uint8) * 9
    images = {"grey": smooth, "rgb": np.stack([smooth, smooth[::-1], 255 - smooth], -1),
              "rgba_noise": rng.randint(0, 256, (5, 6, 4)).astype(np.uint8)}
    out = {}
    for key, pixels in images.items():
        buffer = io.BytesIO()
        Image.fromarray(pixels).save(buffer, format="png", optimize=True)
        data = buffer.getvalue()
        for channels in (0, 3, 4) if key != "grey" else (0, 3):
            decoded = tf.image.decode_png(data, channels=channels)
            out["%s_%d" % (key, channels)] = [decoded, str(decoded.shape)]
    return out


@case
def sparse_edit_distance(tf, sess):
    # nfmcclure's cookbook (05: text distances, address matching): edit distances between
    # SparseTensors of characters, fed through sparse placeholders
    hypothesis = tf.SparseTensor([[0, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 1], [0, 1, 2]],
                                 list("abxyz"), [1, 2, 3])
    truth = tf.SparseTensor([[0, 0, 0], [0, 0, 1], [0, 0, 2], [0, 1, 1], [0, 1, 0]],
                            list("acdzx"), [1, 2, 3])
    numbers = tf.SparseTensor([[0, 1], [0, 0], [2, 0]], [7, 5, 1], [3, 2])
    expected = tf.SparseTensor([[0, 0], [1, 0]], [5, 6], [2, 1])
    fed_h = tf.sparse_placeholder(tf.string)
    fed_t = tf.sparse_placeholder(tf.string, shape=[2, 1, 4])
    distance = tf.edit_distance(fed_h, fed_t, normalize=True)
    words = tf.SparseTensorValue([[0, 0, 0], [0, 0, 1], [1, 0, 0]], ["b", "e", "x"], [2, 1, 2])
    truths = tf.SparseTensorValue([[0, 0, 0], [0, 0, 1], [0, 0, 2], [1, 0, 0]],
                                  ["b", "e", "e", "y"], [2, 1, 4])
    fetched = sess.run(numbers)
    return {
        "raw": tf.edit_distance(hypothesis, truth, normalize=False),
        "normalized": tf.edit_distance(hypothesis, truth),
        "numbers_empty_groups": [tf.edit_distance(numbers, expected, normalize=False),
                                 tf.edit_distance(numbers, expected)],
        "fed": sess.run(tf.transpose(distance * 2.0), {fed_h: words, fed_t: truths}),
        "fetched": [fetched.indices, fetched.values, fetched.dense_shape,
                    type(fetched).__name__],
        "static_shape": str(tf.edit_distance(hypothesis, truth).shape),
        "placeholder_shape": str(distance.shape),
    }


@case
def linear_algebra(tf, sess):
    # The matrix ops the TF Cookbook's programs use (nfmcclure/tensorflow_cookbook 01, 03).
    spd = tf.constant([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]])
    general = tf.constant([[1.0, 2.0, 3.0], [-3.0, -7.0, -1.0], [0.0, 5.0, -2.0]], tf.float64)
    rhs = tf.constant([[1.0, 0.0], [2.0, 1.0], [3.0, -1.0]])
    batch = tf.stack([spd, spd * 2.0])
    values, vectors = tf.self_adjoint_eig(spd)
    solution = tf.matrix_solve(spd, rhs)
    lower = tf.cholesky(spd)
    scalar = (tf.matrix_determinant(spd) + tf.reduce_sum(tf.matrix_inverse(spd) * rhs[:, :1])
              + tf.reduce_sum(solution * solution) + tf.reduce_sum(lower * spd)
              + tf.reduce_sum(values * values))
    return {
        "diag": tf.diag([1.0, 2.0, 3.0]), "diag_rank2": tf.diag([[1, 2], [3, 4]]),
        "diag_part": tf.diag_part(spd), "diag_part_rank4": tf.diag_part(tf.diag([[1, 2], [3, 4]])),
        "matrix_diag": tf.matrix_diag([[1.0, 2.0], [3.0, 4.0]]),
        "matrix_diag_part": tf.matrix_diag_part(batch),
        "det": tf.matrix_determinant(general), "det_batch": tf.matrix_determinant(batch),
        "inverse": tf.matrix_inverse(general), "inverse_adjoint": tf.matrix_inverse(spd * rhs[:, :1], adjoint=True),
        "cholesky": tf.cholesky(spd), "cholesky_batch": tf.cholesky(batch),
        "solve": solution, "solve_adjoint": tf.matrix_solve(spd + tf.diag([0.0, 1.0, 0.0]), rhs,
                                                             adjoint=True),
        "eigenvalues": values, "eigvals": tf.self_adjoint_eigvals(batch),
        # an eigenvector's sign is the solver's choice: compare what does not depend on it
        "eigen_rebuilt": tf.matmul(vectors * values, vectors, transpose_b=True),
        "eigen_abs": tf.abs(vectors),
        "cross": tf.cross([[1.0, 0.0, 0.0], [1.0, 2.0, 3.0]], [[0.0, 1.0, 0.0], [4.0, 5.0, 6.0]]),
        "transpose": tf.matrix_transpose(batch),
        "gradients": tf.gradients(scalar, [spd, rhs]),
        "gradient_cross": tf.gradients(tf.reduce_sum(tf.cross(spd, spd * spd)), spd),
    }


@case
def moments_batchnorm(tf, sess):
    x = tf.constant([[1.0, 2.0, 4.0], [3.0, 6.0, 8.0]])
    mean, var = tf.nn.moments(x, [0])
    mean_all, var_all = tf.nn.moments(x, [0, 1])
    mean_k, var_k = tf.nn.moments(x, [1], keep_dims=True)
    bn = tf.nn.batch_normalization(x, mean, var, offset=tf.constant([0.0, 1.0, 2.0]),
                                   scale=tf.constant([1.0, 2.0, 0.5]), variance_epsilon=1e-3)
    bn_plain = tf.nn.batch_normalization(x, mean, var, None, None, 1e-3)
    return {"mean": mean, "var": var, "mean_all": mean_all, "var_all": var_all,
            "mean_keep": mean_k, "var_keep": var_k, "bn": bn, "bn_plain": bn_plain}


@case
def bias_add_and_l2(tf, sess):
    x = tf.constant(M23)
    return {"bias_add": tf.nn.bias_add(x, tf.constant([1.0, -1.0, 0.5])),
            "bias_add3": tf.nn.bias_add(tf.ones([2, 2, 3]), tf.constant([1.0, 2.0, 3.0])),
            "l2_sum": tf.nn.l2_loss(x) + tf.nn.l2_loss(tf.constant([0.5]))}


# -- gradients -------------------------------------------------------------------------------------------
@case
def gradients_of_a_small_model(tf, sess):
    x = tf.constant([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]])
    labels = tf.constant([1, 0, 2])
    w = tf.Variable([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]], name="w")
    b = tf.Variable([0.01, 0.02, 0.03], name="b")
    hidden = tf.nn.relu(tf.matmul(x, w) + b)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels,
                                                                         logits=hidden))
    loss = loss + 0.01 * tf.nn.l2_loss(w)
    gw, gb = tf.gradients(loss, [w, b])
    sess.run(tf.global_variables_initializer())
    return {"loss": loss, "gw": gw, "gb": gb}


@case
def gradients_of_losses(tf, sess):
    logits = tf.constant([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
    soft = tf.constant([[0.7, 0.2, 0.1], [0.25, 0.25, 0.5]])
    z = tf.constant([[0.0, 1.0, 1.0], [1.0, 0.0, 0.5]])
    v2 = tf.nn.softmax_cross_entropy_with_logits_v2(labels=soft, logits=logits)
    v1 = tf.nn.softmax_cross_entropy_with_logits(labels=soft, logits=logits)
    sig = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=logits)
    mean, var = tf.nn.moments(logits, [0])
    return {"v2": tf.gradients(v2, [logits, soft]), "v1": tf.gradients(v1, [logits, soft]),
            "sigmoid": tf.gradients(sig, [logits, z]),
            "mse": tf.gradients(tf.reduce_mean(tf.square(logits - soft)), logits),
            "moments": tf.gradients(mean + var, logits),
            "softmax": tf.gradients(tf.nn.softmax(logits) * soft, logits),
            "log_softmax": tf.gradients(tf.nn.log_softmax(logits) * soft, logits)}


@case
def gradients_options(tf, sess):
    x = tf.constant([1.0, 2.0, 3.0])
    y = tf.constant([0.5, -1.0, 2.0])
    a = x * x
    b = a * y
    unrelated = tf.constant(5.0)
    return {"grad_ys": tf.gradients(b, x, grad_ys=tf.constant([1.0, 10.0, 100.0])),
            "several_ys": tf.gradients([a, b], x),
            "several_xs": tf.gradients(b, [x, y]),
            "stop_gradients": tf.gradients(b, [x, y], stop_gradients=[a]),
            "stop_gradient_op": tf.gradients(tf.stop_gradient(a) * y + a, x),
            "unconnected": tf.gradients(b, [unrelated, x]),
            "unconnected_is_none": tf.gradients(b, unrelated)[0] is None,
            "int_path": tf.gradients(tf.cast(tf.cast(x, tf.int32), tf.float32) * x, x),
            "second": tf.gradients(tf.gradients(tf.reduce_sum(x ** 3), x)[0], x)}


@case
def gradients_of_kinks(tf, sess):
    x = tf.constant([-1.0, 0.0, 1.0, 2.0, 2.0])
    m = tf.constant([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]])
    r = tf.constant([4.0, 0.25])
    k = tf.constant([-1.0, 0.0, 3.0, 6.0, 7.0])
    z = tf.constant([2.0, 0.0, 3.0])
    return {"relu": tf.gradients(tf.nn.relu(x), x), "abs": tf.gradients(tf.abs(x), x),
            "maximum": tf.gradients(tf.maximum(x, 1.0), x),
            "minimum": tf.gradients(tf.minimum(x, 1.0), x),
            "clip": tf.gradients(tf.clip_by_value(x, 0.0, 1.0), x),
            "max_ties": tf.gradients(tf.reduce_max(m, 1), m),
            "max_all_ties": tf.gradients(tf.reduce_max(m), m),
            "min_ties": tf.gradients(tf.reduce_min(m, 0), m),
            "sqrt": tf.gradients(tf.sqrt(r), r), "relu6": tf.gradients(tf.nn.relu6(k), k),
            "prod_zero": tf.gradients(tf.reduce_prod(z), z),
            "prod_two_zeros": tf.gradients(tf.reduce_prod(z * 0.0), z)}


@case
def gradients_of_array_ops(tf, sess):
    x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    w = tf.constant([[1.0, 10.0, 100.0], [1000.0, 1e4, 1e5]])
    out = {}
    # TF returns IndexedSlices for gather; convert_to_tensor makes it dense in both
    out["gather"] = tf.convert_to_tensor(
        tf.gradients(tf.reduce_sum(tf.gather(x, [1, 1, 0]) * w[:1]), x)[0])
    out["slice"] = tf.gradients(tf.reduce_sum(x[:, ::2] * 3.0), x)
    out["concat"] = tf.gradients(tf.reduce_sum(tf.concat([x, x * 2.0], 1) *
                                               tf.concat([w, w], 1)), x)
    out["split"] = tf.gradients(tf.split(x, 3, 1)[1] * 2.0, x)
    out["tile"] = tf.gradients(tf.reduce_sum(tf.tile(x, [2, 1]) * tf.concat([w, w], 0)), x)
    out["transpose"] = tf.gradients(tf.reduce_sum(tf.transpose(x) * tf.transpose(w)), x)
    out["reshape"] = tf.gradients(tf.reduce_sum(tf.reshape(x, [3, 2]) * tf.reshape(w, [3, 2])), x)
    out["where"] = tf.gradients(tf.reduce_sum(tf.where(x > 2.5, x * w, -x)), x)
    out["broadcast"] = tf.gradients(tf.reduce_sum(x * tf.constant([1.0, 2.0, 3.0])),
                                    tf.constant([1.0, 2.0, 3.0]))
    b = tf.constant([1.0, 2.0, 3.0])
    out["broadcast_b"] = tf.gradients(tf.reduce_sum((x + b) * w), b)
    out["bias_add"] = tf.gradients(tf.reduce_sum(tf.nn.bias_add(x, b) * w), b)
    out["mean"] = tf.gradients(tf.reduce_mean(x, 0), x)
    out["unstack"] = tf.gradients(tf.unstack(x)[0] * 3.0, x)
    out["matmul"] = tf.gradients(tf.matmul(x, w, transpose_b=True), [x, w])
    return out


# -- variables, state, names -----------------------------------------------------------------------------
@case
def variable_assignments(tf, sess):
    v = tf.Variable([1.0, 2.0])
    c = tf.Variable(0, name="counter")
    inc = tf.assign_add(c, 1)
    sess.run(tf.global_variables_initializer())
    first = sess.run(v)
    after_assign = sess.run(tf.assign(v, [5.0, 6.0]))
    after_add = sess.run(v.assign_add([1.0, 1.0]))
    after_sub = sess.run(tf.assign_sub(v, [0.5, 0.5]))
    for _ in range(3):
        sess.run(inc)
    return {"first": first, "after_assign": after_assign, "after_add": after_add,
            "after_sub": after_sub, "final": v, "counter": c, "counter_dtype": c.dtype.base_dtype.name,
            "value_name": v.value().name, "initializer_name": v.initializer.name,
            "v_name": v.name, "c_name": c.name, "assign_name": inc.name,
            "shape": v.shape.as_list(), "initial_value": v.initial_value}


@case
def variable_names(tf, sess):
    a = tf.Variable(1.0)
    b = tf.Variable(2.0)
    c = tf.Variable(3.0, name="weights")
    d = tf.Variable(4.0, name="weights")
    with tf.name_scope("layer1"):
        e = tf.Variable(5.0, name="w")
    with tf.variable_scope("layer2"):
        f = tf.get_variable("w", [2], initializer=tf.zeros_initializer())
        g = tf.get_variable("b", [], initializer=tf.constant_initializer(0.5))
    with tf.variable_scope("layer2", reuse=True):
        f_again = tf.get_variable("w")
    with tf.variable_scope("outer"):
        with tf.variable_scope("inner"):
            h = tf.get_variable("v", [1], initializer=tf.ones_initializer())
            h_op = tf.add(h, 1.0)
    return {"names": [v.name for v in (a, b, c, d, e, f, g, h)],
            "same_object": f_again is f, "h_op": h_op.name,
            "global": [v.name for v in tf.global_variables()],
            "trainable": [v.name for v in tf.trainable_variables()],
            "scoped": [v.name for v in tf.global_variables(scope="layer2")],
            "f_read": f.value().name, "scope_name": tf.get_variable_scope().name}


@case
def op_and_tensor_names(tf, sess):
    p = tf.placeholder(tf.float32, [None, 2])
    q = tf.placeholder(tf.float32, name="input")
    c1 = tf.constant(1.0)
    c2 = tf.constant(2.0)
    with tf.name_scope("a"):
        in_a = tf.constant(0.0, name="c")
    with tf.name_scope("a"):
        in_a1 = tf.constant(0.0, name="c")
        with tf.name_scope("b") as scope_b:
            in_b = tf.constant(0.0)
    with tf.name_scope("a/b/"):
        reentered = tf.constant(0.0)
    add_op = c1 + c2
    add_fn = tf.add(c1, c2)
    add_named = tf.add(c1, c2, name="total")
    add_named2 = tf.add(c1, c2, name="total")
    upper = tf.constant(0.0, name="Total")
    return {"p": p.name, "q": q.name, "c": [c1.name, c2.name], "in_a": in_a.name,
            "in_a1": in_a1.name, "in_b": in_b.name, "scope_b": scope_b,
            "reentered": reentered.name, "add_op": add_op.name, "add_fn": add_fn.name,
            "named": [add_named.name, add_named2.name, upper.name],
            "op_name": add_op.op.name, "op_type": add_op.op.type,
            "inputs": [t.name for t in add_op.op.inputs],
            "p_op_type": p.op.type, "dtype": p.dtype.name, "p_str": str(p.shape)}


@case
def operator_names(tf, sess):
    x = tf.placeholder(tf.float32, [2])
    exprs = [x + 1.0, x * 2.0, x - x, x / 2.0, x // 2.0, x % 2.0, x ** 2.0, -x, abs(x),
             x[0], x < 1.0, tf.subtract(x, 1.0), tf.multiply(x, 2.0), tf.maximum(x, 0.0),
             tf.div(x, 2.0), tf.pow(x, 2.0), tf.equal(x, 1.0), tf.squared_difference(x, 1.0),
             tf.nn.relu(x), tf.floordiv(x, 2.0), tf.mod(x, 2.0), tf.sigmoid(x), tf.exp(x),
             tf.reduce_sum(x), tf.reduce_mean(x), tf.matmul(tf.ones([1, 2]), tf.ones([2, 1]))]
    return {"names": [e.name for e in exprs], "const_names":
            [t.name for e in exprs[:3] for t in e.op.inputs]}


@case
def collections_and_trainable(tf, sess):
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b", trainable=False)
    c = tf.Variable(3.0, name="c", collections=["mine"])
    tf.add_to_collection("stuff", 42)
    return {"global": [v.name for v in tf.global_variables()],
            "trainable": [v.name for v in tf.trainable_variables()],
            "mine": [v.name for v in tf.get_collection("mine")],
            "stuff": tf.get_collection("stuff"), "a_trainable": a.trainable,
            "b_trainable": b.trainable, "c_name": c.name}


@case
def feeding(tf, sess):
    p = tf.placeholder(tf.float32, [None, 2])
    i = tf.placeholder(tf.int32, [3])
    c = tf.constant([1.0, 2.0])
    doubled = c * 2.0
    d = tf.placeholder_with_default(tf.constant([1, 2]), [None])
    return {"fed": sess.run(p * 2.0, {p: [[1, 2], [3, 4]]}),
            "fed_int": sess.run(i + 1, {i: [1.0, 2.0, 3.0]}),
            "fed_const": sess.run(doubled, {c: [10.0, 20.0]}),
            "fed_by_name": sess.run(doubled, {"Const:0": [3.0, 4.0]}),
            "default": d, "default_fed": sess.run(d, {d: [7, 8, 9]}),
            "scalar_fetch": sess.run(tf.constant(3.0)),
            "fetch_type": type(sess.run(tf.constant(3.0))).__name__,
            "dict_fetch": sess.run({"a": c, "b": [doubled, c]})["b"][0]}


# -- what the conformance suite's real programs needed (tests/conformance) ------------------------------
@case
def softplus_softsign_elu_selu(tf, sess):
    out = {}
    for dtype in (tf.float32, tf.float64):
        x = tf.constant([-30.0, -2.5, -0.5, 0.0, 0.5, 2.0, 30.0], dtype)
        for name in ("softplus", "softsign", "elu", "selu"):
            y = getattr(tf.nn, name)(x)
            out["%s_%s" % (name, dtype.name)] = y
            out["%s_%s_grad" % (name, dtype.name)] = tf.gradients(y * y, x)[0]
    return out


@case
def metrics_accuracy_and_mean(tf, sess):
    labels = tf.placeholder(tf.int64, [None])
    predictions = tf.placeholder(tf.int64, [None])
    accuracy, update = tf.metrics.accuracy(labels=labels, predictions=predictions)
    mean, mean_update = tf.metrics.mean(tf.constant([1.0, 2.0, 6.0]))
    sess.run(tf.local_variables_initializer())
    before = sess.run(accuracy)
    first = sess.run(update, {labels: [1, 2, 3], predictions: [1, 2, 0]})
    second = sess.run(update, {labels: [4], predictions: [4]})
    return {"before": before, "first": first, "second": second, "value": accuracy,
            "mean": [sess.run(mean_update), sess.run(mean_update), sess.run(mean)],
            "locals": [v.name for v in tf.local_variables()],
            "names": [accuracy.name, update.name, mean.name, mean_update.name],
            "div_no_nan": tf.div_no_nan(tf.constant([1.0, -2.0, 0.0]), [0.0, 4.0, 0.0])}


@case
def layers_dropout_with_a_placeholder_flag_keeps_the_shape(tf, sess):
    x = tf.placeholder(tf.float32, [None, 3])
    flag = tf.placeholder(tf.bool, None)
    dropped = tf.layers.dropout(x, rate=0.5, training=flag)
    return {"shape": dropped.shape.as_list(),
            "off": sess.run(dropped, {x: [[1.0, 2.0, 3.0]], flag: False})}


@case
def shape_dimensions_have_a_value(tf, sess):
    x = tf.placeholder(tf.float32, [None, 3, 5])
    return {"value": x.get_shape()[1].value, "int": int(x.shape[2]), "product": int(
            x.shape[1] * x.shape[2]), "str": str(x.shape[2])}


@case
def conv2d_transpose_nn_and_layer(tf, sess):
    x = tf.constant(np.arange(2 * 3 * 3 * 2, dtype=np.float32).reshape(2, 3, 3, 2) / 10)
    f = tf.constant(np.linspace(-1, 1, 3 * 3 * 4 * 2, dtype=np.float32).reshape(3, 3, 4, 2))
    same = tf.nn.conv2d_transpose(x, f, [2, 6, 6, 4], [1, 2, 2, 1], "SAME")
    x64, f64 = tf.cast(x, tf.float64), tf.cast(f, tf.float64)
    same64 = tf.nn.conv2d_transpose(x64, f64, [2, 6, 6, 4], [1, 2, 2, 1], "SAME")
    valid = tf.nn.conv2d_transpose(x, f, tf.stack([tf.shape(x)[0], 7, 7, 4]), [1, 2, 2, 1],
                                   "VALID")
    layer = tf.layers.conv2d_transpose(
        x, 3, 4, strides=2, padding="same", activation=tf.nn.relu,
        kernel_initializer=tf.glorot_uniform_initializer(seed=3))
    layer_valid = tf.layers.conv2d_transpose(x, 2, 3, strides=(2, 1), name="up")
    sess.run(tf.global_variables_initializer())
    return {"same": same, "valid": valid, "valid_shape": valid.shape.as_list(),
            "grads": tf.gradients(tf.reduce_sum(same64 * same64), [x64, f64]),
            "layer": layer, "layer_shape": layer.shape.as_list(),
            "layer_valid_shape": layer_valid.shape.as_list(),
            "variables": [v.name for v in tf.global_variables()]}


@case
def top_k_in_top_k_and_cumsum(tf, sess):
    x = tf.constant([[1.0, 3.0, 3.0, 0.0], [5.0, -1.0, 2.0, 2.0], [0.5, 0.25, 8.0, -3.0]])
    values, indices = tf.nn.top_k(x, 3)
    return {"values": values, "indices": indices, "top1": list(tf.nn.top_k(x)),
            "names": [values.name, indices.name],
            "in_top1": tf.nn.in_top_k(x, [2, 0, 1], 1),
            "in_top2_ties": tf.nn.in_top_k(x, tf.constant([2, 3, 0]), 2),
            "out_of_range": tf.nn.in_top_k(x, [7, 0, 2], 1),
            "top_k_grad": tf.gradients(tf.reduce_sum(values * values), x)[0],
            "cumsum": [tf.cumsum(x, 1), tf.cumsum(x, exclusive=True), tf.cumsum(x, reverse=True),
                       tf.cumsum(x, 1, exclusive=True, reverse=True),
                       tf.cumsum(tf.constant([1, 2, 3]))],
            "cumsum_grad": tf.gradients(tf.reduce_sum(tf.cumsum(x, 1) * x), x)[0]}


@case
def clip_norms_linspace_eye_tensordot_norm(tf, sess):
    a = tf.constant([[3.0, 4.0], [6.0, 8.0]])
    b = tf.constant([0.5, -0.25, 1.0])
    clipped, norm = tf.clip_by_global_norm([a, None, b], 2.0)
    return {"clip_by_norm": tf.clip_by_norm(a, 2.0), "clip_by_norm_axes": tf.clip_by_norm(a, 4.0,
            axes=[1]), "global_norm": tf.global_norm([a, b]), "clipped": [clipped[0], clipped[2]],
            "clipped_none": clipped[1] is None, "norm": norm,
            "linspace": tf.linspace(-1.0, 2.0, 7), "lin_space64": tf.lin_space(
                tf.constant(0.1, tf.float64), 0.7, 4),
            "eye": tf.eye(2, 3), "eye_batch": tf.eye(2, batch_shape=[2], dtype=tf.int32),
            "tensordot": tf.tensordot(tf.reshape(tf.range(24.0), [2, 3, 4]),
                                      tf.reshape(tf.range(12.0), [4, 3]), 1),
            "tensordot_axes": tf.tensordot(tf.reshape(tf.range(24.0), [2, 3, 4]),
                                           tf.reshape(tf.range(6.0), [3, 2]), [[1], [0]]),
            "norms": [tf.norm(a), tf.norm(a, axis=1), tf.norm(a, ord=1, axis=0),
                      tf.norm(a, ord=np.inf), tf.norm(b, keepdims=True)],
            "log_sigmoid": tf.log_sigmoid(tf.constant([-50.0, -1.0, 0.0, 2.0, 50.0])),
            "swish": tf.nn.swish(b), "xw_plus_b": tf.nn.xw_plus_b(a, a, [1.0, -1.0]),
            "print": tf.Print(b, [a], message="m"), "print_name": tf.Print(b, [a]).op.type}


@case
def initializers_namespace_and_test_module(tf, sess):
    made = {name: tf.get_variable(name, [3, 2], initializer=getattr(tf.initializers, name)(seed=5))
            for name in ("glorot_uniform", "glorot_normal", "he_normal", "he_uniform")}
    made["truncated_normal"] = tf.get_variable("tn", [4], initializer=tf.initializers.
                                               truncated_normal(stddev=0.5, seed=2))
    made["constant"] = tf.get_variable("c", [2], initializer=tf.initializers.constant(1.5))
    sess.run(tf.initializers.global_variables())
    out = {name: sess.run(v) for name, v in made.items()}
    out["gpu"] = [tf.test.is_gpu_available(), tf.test.gpu_device_name()]
    return out


@case
def gather_nd_and_scatter_nd(tf, sess):
    params = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4))
    points = tf.gather_nd(params, [[0, 1, 2], [1, 2, 3]])
    rows = tf.gather_nd(params, [[[1, 0]], [[0, 2]]])
    scattered = tf.scatter_nd([[0], [2], [0]], tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]),
                              [3, 2])
    return {"points": points, "rows": rows, "rows_shape": rows.shape.as_list(),
            "scattered": scattered,
            "grad": tf.gradients(tf.reduce_sum(rows * rows) + tf.reduce_sum(points), params)[0],
            "int": tf.gather_nd(tf.constant([[1, 2], [3, 4]]), [[1, 0], [0, 1]])}


@case
def py_func_runs_python_in_the_graph(tf, sess):
    x = tf.placeholder(tf.float32, [None])
    doubled = tf.py_func(lambda a: a * 2, [x], tf.float32)
    total, count = tf.py_func(lambda a, b: (np.float32(a.sum() + b), np.int64(a.size)),
                              [x, tf.constant(1.0)], [tf.float32, tf.int64])
    return {"doubled": sess.run(doubled, {x: [1.0, 2.5]}),
            "pair": sess.run([total, count], {x: [1.0, 2.0, 3.0]}),
            "shape": str(doubled.shape), "dtypes": [total.dtype.name, count.dtype.name],
            "wrong_dtype": error_name(lambda: sess.run(tf.py_func(
                lambda: np.float64(1.0), [], tf.float32)))}


@case
def range_with_bounds_computed_in_the_graph(tf, sess):
    x = tf.placeholder(tf.float32, [None, 2])
    n = tf.shape(x)[0]
    rows = tf.range(0, n) * 3 + 2
    backwards = tf.range(n, 0, -1)
    floats = tf.range(tf.constant(0.5), tf.cast(n, tf.float32), 0.75)
    feed = {x: np.zeros((4, 2))}
    return {"rows": sess.run(rows, feed), "backwards": sess.run(backwards, feed),
            "floats": sess.run(floats, feed), "shape": str(rows.shape),
            "dtypes": [rows.dtype.name, floats.dtype.name]}


@case
def feeding_a_tuple_of_tensors(tf, sess):
    c = tf.placeholder(tf.float32, [None, 2])
    h = tf.placeholder(tf.float32, [None, 2])
    state = tf.nn.rnn_cell.LSTMStateTuple(c, h)
    total = c * 10.0 + h
    nested = (state, tf.placeholder(tf.float32, []))
    a, b = np.array([[1.0, 2.0]]), np.array([[3.0, 4.0]])
    return {"tuple": sess.run(total, {state: (a, b)}),
            "namedtuple_value": sess.run(total, {state: tf.nn.rnn_cell.LSTMStateTuple(b, a)}),
            "nested": sess.run(total * nested[1], {nested: ((a, b), 2.0)})}


@case
def truncated_and_real_division(tf, sess):
    a = tf.constant([[7, -7], [-9, 9]])
    b = tf.constant([2, -4])
    fa, fb = tf.constant([[7.5, -7.5]]), tf.constant([2.0, -4.0])
    return {"truncatediv": tf.truncatediv(a, b), "truncatemod": tf.truncatemod(a, b),
            "truncatemod_f": tf.truncatemod(fa, fb), "floor_div": tf.floor_div(a, b),
            "realdiv": tf.realdiv(fa, fb), "floordiv": tf.floordiv(a, b),
            "names": [tf.truncatediv(a, b).op.type, tf.realdiv(fa, fb).op.type]}


@case
def graph_as_graph_def_nodes(tf, sess):
    a = tf.constant([1.0, 2.0], name="a")
    x = tf.placeholder(tf.float32, [2], name="x")
    y = tf.add(x * 2.0, a, name="y")
    nodes = tf.get_default_graph().as_graph_def().node
    return {"names": [n.name for n in nodes], "ops": [n.op for n in nodes],
            "inputs": [list(n.input) for n in nodes], "y": y.name}
