"""tf.cond, tf.while_loop and TensorArray cases run under both TensorFlow
(scripts/record_golden_control_flow.py writes golden/control_flow.json) and course
(tests/ops/test_control_flow_golden.py compares). Same contract as engine_cases.py:
``case(tf, sess)`` returns a dict of results. This module must not import tensorflow."""
import collections

import numpy as np

import control_flow_programs
from engine_cases import error_name
from golden_files import case_problems

CASES = collections.OrderedDict()


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def golden_problems(tf, name, tolerance=None):
    """How course's results for case ``name`` differ from TF's; [] if none."""
    return case_problems(tf, "control_flow", CASES, name, tolerance)


def error_text(fn):
    """``ClassName: message`` of what ``fn()`` raises, or None."""
    try:
        fn()
    except Exception as e:      # noqa: BLE001 - the error is the result
        return "%s: %s" % (type(e).__name__, e)
    return None


def shape_of(t):
    """A static shape as JSON: None for an unknown rank, else a list with None dims."""
    return None if t.shape.ndims is None else t.shape.as_list()


def fetch_both(sess, tensors, feeds):
    """Fetch ``tensors`` once per feed dict (e.g. a cond with pred True, then False)."""
    out = {}
    for label, feed in feeds.items():
        for key, value in zip(tensors, sess.run(list(tensors.values()), feed)):
            out["%s_%s" % (key, label)] = value
    return out


RNG = np.random.RandomState(7)
X34 = RNG.uniform(-1, 1, (3, 4)).astype(np.float32)
W44 = RNG.uniform(-0.5, 0.5, (4, 4)).astype(np.float32)
SEQ = RNG.uniform(-1, 1, (5, 2, 3)).astype(np.float32)      # time, batch, features
V6 = RNG.uniform(0.5, 1.5, (6,)).astype(np.float32)


# -- while_loop: forward --------------------------------------------------------------------------
@case
def while_counter_and_power(tf, sess):
    x = tf.constant(1.5)
    i, y = tf.while_loop(lambda i, y: i < 5, lambda i, y: (i + 1, y * x), [0, tf.constant(1.0)])
    gx = tf.gradients(y, x)
    return {"i": i, "y": y, "dy_dx": gx, "static": [shape_of(i), shape_of(y)],
            "names": [i.dtype.name, y.dtype.name]}


@case
def result_names(tf, sess):
    """What a printed result says: TF1 names a loop's results while/Exit, while/Exit_1, ...
    (with maximum_iterations its counter takes while/Exit) and a cond's cond/Merge, ..."""
    x = tf.constant(1.0)
    loop = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * 2.0), (0, x))
    limited = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * 2.0), (0, x),
                            maximum_iterations=5)
    branch = tf.cond(tf.constant(True), lambda: (x, x * 2.0), lambda: (x, x))
    ta = tf.TensorArray(tf.float32, size=2).write(0, x).write(1, x)
    return {"loop": [t.name for t in loop], "limited": [t.name for t in limited],
            "cond": [t.name for t in branch], "stack": ta.stack().name,
            "read": ta.read(0).name}


@case
def while_matrix_power_gradients(tf, sess):
    x = tf.constant(X34)
    w = tf.Variable(W44)
    sess.run(tf.global_variables_initializer())
    _, h = tf.while_loop(lambda t, h: t < 4, lambda t, h: (t + 1, tf.tanh(tf.matmul(h, w) + x)),
                         [tf.constant(0), x])
    loss = tf.reduce_sum(h * h)
    gx, gw = tf.gradients(loss, [x, w])
    return {"h": h, "loss": loss, "dx": gx, "dw": gw}


@case
def while_nested_structure(tf, sess):
    Pair = collections.namedtuple("Pair", "a b")
    start = (tf.constant(0), Pair(tf.constant([1.0, 2.0]), {"s": tf.constant(0.5)}))

    def body(i, p):
        return i + 1, Pair(p.a * 2.0, {"s": p.b["s"] + tf.reduce_sum(p.a)})
    i, p = tf.while_loop(lambda i, p: i < 3, body, start)
    da = tf.gradients(p.b["s"], start[1].a)
    return {"i": i, "a": p.a, "s": p.b["s"], "type": type(p).__name__, "da": da}


@case
def while_single_loop_var(tf, sess):
    out = tf.while_loop(lambda v: tf.reduce_sum(v) < 100.0, lambda v: v * 3.0,
                        [tf.constant([1.0, 2.0])])
    same = tf.while_loop(lambda v: tf.reduce_sum(v) < 100.0, lambda v: [v * 3.0],
                         [tf.constant([1.0, 2.0])], return_same_structure=True)
    return {"out": out, "is_tensor": isinstance(out, tf.Tensor), "same": same,
            "same_type": type(same).__name__}


@case
def while_maximum_iterations(tf, sess):
    n = tf.placeholder(tf.int32, [])
    i, y = tf.while_loop(lambda i, y: True, lambda i, y: (i + 1, y * 2.0),
                         (tf.constant(0), tf.constant(1.0)), maximum_iterations=7)
    j, z = tf.while_loop(lambda j, z: j < 10, lambda j, z: (j + 1, z + 1.0),
                         (tf.constant(0), tf.constant(0.0)), maximum_iterations=n)
    only = tf.while_loop(lambda v: v < 100.0, lambda v: v + 1.0, [tf.constant(0.0)],
                         maximum_iterations=4)
    feeds = {"n3": {n: 3}, "n20": {n: 20}}
    out = {"i": i, "y": y, "only": only}
    out.update(fetch_both(sess, {"j": j, "z": z}, feeds))
    return out


@case
def while_shape_invariants(tf, sess):
    start = tf.zeros([1, 2])
    i, grown = tf.while_loop(lambda i, m: i < 3,
                             lambda i, m: (i + 1, tf.concat([m, m + 1.0], 0)),
                             [tf.constant(0), start],
                             shape_invariants=[tf.TensorShape([]), tf.TensorShape([None, 2])])
    return {"grown": grown, "static": shape_of(grown)}


@case
def while_shape_errors(tf, sess):
    def grows():
        tf.while_loop(lambda m: tf.shape(m)[0] < 4, lambda m: tf.concat([m, m], 0),
                      [tf.zeros([1, 2])])

    def bad_invariant():
        tf.while_loop(lambda m: True, lambda m: m, [tf.zeros([1, 2])],
                      shape_invariants=[tf.TensorShape([None, 3])])

    def list_invariant():
        tf.while_loop(lambda m: True, lambda m: m, [tf.zeros([1, 2])],
                      shape_invariants=[[None, 2]])

    def wrong_count():
        tf.while_loop(lambda a, b: a < 3, lambda a, b: a + 1, [tf.constant(0), tf.constant(1)])

    def non_callable():
        tf.while_loop(True, lambda a: a, [tf.constant(0)])
    return {"grows": error_text(grows), "bad_invariant": error_text(bad_invariant),
            "list_invariant": error_name(list_invariant),
            "wrong_count": error_name(wrong_count), "non_callable": error_text(non_callable)}


@case
def while_back_prop_false(tf, sess):
    x = tf.constant(2.0)
    _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * x), [0, x], back_prop=False)
    return {"y": y, "grad_is_none": tf.gradients(y, x)[0] is None}


@case
def while_slices_with_the_counter(tf, sess):
    """A loop reading rows and windows at its counter: x[t], x[:, t], x[t:t + 2], tf.slice."""
    x = tf.constant(X34)

    def body(t, acc):
        window = tf.slice(x, [t, 0], [2, -1])
        return t + 1, acc + x[t] * x[:, t][0] + tf.reduce_sum(x[t:t + 2], 0) + window[1]
    _, acc = tf.while_loop(lambda t, acc: t < 2, body, [0, tf.zeros([4])])
    return {"acc": acc, "dx": tf.gradients(tf.reduce_sum(acc * acc), x),
            "static": shape_of(tf.slice(x, [tf.constant(1), 0], [2, -1]))}


@case
def while_nested_loops(tf, sess):
    x = tf.constant([0.5, -1.0, 2.0])

    def outer(i, acc):
        def inner(j, a):
            return j + 1, a * x + tf.cast(j, tf.float32)
        _, a = tf.while_loop(lambda j, a: j < i, inner, [0, acc])
        return i + 1, a
    _, acc = tf.while_loop(lambda i, acc: i < 4, outer, [1, tf.ones([3])])
    return {"acc": acc, "d_acc_dx": tf.gradients(tf.reduce_sum(acc), x)}


@case
def while_cumulative_product(tf, sess):
    v = tf.constant(V6)
    ta = tf.TensorArray(tf.float32, size=6)

    def body(t, running, ta):
        running = running * v[t]
        return t + 1, running, ta.write(t, running)
    _, total, ta = tf.while_loop(lambda t, *_: t < 6, body, [0, tf.constant(1.0), ta])
    cumprod = ta.stack()
    weights = tf.constant(np.arange(1.0, 7.0, dtype=np.float32))
    loss = tf.reduce_sum(cumprod * weights)
    return {"cumprod": cumprod, "total": total, "static": shape_of(cumprod),
            "d_loss_dv": tf.gradients(loss, v), "d_total_dv": tf.gradients(total, v)}


@case
def while_variable_reads_and_assigns(tf, sess):
    v = tf.Variable(1.0)
    sess.run(tf.global_variables_initializer())

    def body(i, acc):
        with tf.control_dependencies([tf.assign_add(v, 1.0)]):
            return i + 1, acc + v.read_value()
    # One iteration at a time, as course runs them: TF's default parallel_iterations=10 lets
    # the next iterations' assign_adds overtake this one's read (TF then gives 12, not 9).
    _, acc = tf.while_loop(lambda i, acc: i < 3, body, [0, tf.constant(0.0)],
                           parallel_iterations=1)
    first = sess.run(acc)
    return {"first": first, "v_after_first": sess.run(v), "second": acc, "v_end": v}


@case
def tensor_array_rnn(tf, sess):
    """dynamic_rnn's pattern: unstack the inputs into a TensorArray, read one step per
    iteration, write the outputs into another, stack them."""
    rng = np.random.RandomState(11)
    inputs = tf.constant(SEQ)
    w = tf.Variable(rng.uniform(-0.5, 0.5, (3, 4)).astype(np.float32))
    u = tf.Variable(rng.uniform(-0.5, 0.5, (4, 4)).astype(np.float32))
    sess.run(tf.global_variables_initializer())
    h, out_ta, in_ta = control_flow_programs.tensor_array_rnn(tf, inputs, w, u)
    outputs = out_ta.stack()
    loss = tf.reduce_sum(outputs * outputs) + tf.reduce_sum(h)
    gi, gw, gu = tf.gradients(loss, [inputs, w, u])
    return {"outputs": outputs, "h": h, "size": out_ta.size(), "read2": in_ta.read(2),
            "d_inputs": gi, "dw": gw, "du": gu, "element_shape": shape_of(outputs)}


@case
def tensor_array_basics(tf, sess):
    ta = tf.TensorArray(tf.float32, size=3, element_shape=[2])
    ta = ta.write(0, [1.0, 2.0]).write(2, [5.0, 6.0])
    dyn = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
    dyn = dyn.write(0, 1.5).write(3, 2.5)
    g = tf.TensorArray(tf.float32, size=4).unstack(tf.constant([[1.0], [2.0], [3.0], [4.0]]))
    return {"stacked": ta.stack(), "unwritten": ta.read(1), "dyn": dyn.stack(),
            "dyn_size": dyn.size(), "gathered": g.gather([3, 0]),
            "read_shape": shape_of(ta.read(0))}


@case
def tensor_array_concat_and_split(tf, sess):
    v = tf.constant(np.arange(12, dtype=np.float32).reshape(6, 2))
    ta = tf.TensorArray(tf.float32, size=3, infer_shape=False, clear_after_read=False)
    ta = ta.split(v, [1, 3, 2])
    joined, second = ta.concat(), ta.read(1)
    weights = tf.constant(np.arange(6, dtype=np.float32).reshape(3, 2))
    dv = tf.gradients(tf.reduce_sum(second * weights) + tf.reduce_sum(joined * joined), v)[0]
    rows = tf.TensorArray(tf.float32, size=2, infer_shape=False)
    rows = rows.write(0, [[1.0, 2.0]]).write(1, [[3.0, 4.0], [5.0, 6.0]])
    return {"joined": joined, "second": second, "dv": dv, "rows": rows.concat(),
            "static": [shape_of(joined), shape_of(second)]}


@case
def tensor_array_errors(tf, sess):
    ta = tf.TensorArray(tf.float32, size=2)
    twice = ta.write(0, 1.0).write(0, 2.0)
    beyond = ta.write(2, 1.0)
    return {"written_twice": error_name(lambda: sess.run(twice.stack())),
            "beyond_size": error_name(lambda: sess.run(beyond.stack())),
            "shape_mismatch": error_name(lambda: tf.TensorArray(tf.float32, size=2)
                                         .write(0, [1.0, 2.0]).write(1, [1.0]))}


# -- cond ----------------------------------------------------------------------------------------
@case
def cond_only_taken_branch_runs(tf, sess):
    p = tf.placeholder(tf.bool, [])
    hits = tf.Variable(0.0)
    sess.run(tf.global_variables_initializer())

    def taken():
        with tf.control_dependencies([tf.assign_add(hits, 1.0)]):
            return tf.constant(10.0)
    r = tf.cond(p, taken, lambda: tf.constant(-10.0))
    out = {"true": sess.run(r, {p: True}), "false": sess.run(r, {p: False})}
    out["hits"] = sess.run(hits)
    out["name"] = r.name.split("/")[0].split(":")[0]
    return out


@case
def cond_structures_and_shapes(tf, sess):
    p = tf.placeholder(tf.bool, [])
    x = tf.placeholder(tf.float32, [None, 3])
    a = tf.constant(np.ones((2, 3), np.float32))

    def true_fn():
        return {"m": x * 2.0, "pair": (tf.reduce_sum(x), a)}

    def false_fn():
        return {"m": x - 1.0, "pair": (tf.constant(0.0), a * 3.0)}
    r = tf.cond(p, true_fn, false_fn)
    differ = tf.cond(p, lambda: tf.zeros([2, 3]), lambda: tf.zeros([4, 3]))
    ranks = tf.cond(p, lambda: tf.zeros([2, 3]), lambda: tf.zeros([6]))
    out = {"static_m": shape_of(r["m"]), "static_differ": shape_of(differ),
           "static_ranks": shape_of(ranks), "keys": sorted(r)}
    xv = np.arange(6, dtype=np.float32).reshape(2, 3)
    out.update(fetch_both(sess, {"m": r["m"], "s": r["pair"][0], "a": r["pair"][1]},
                          {"t": {p: True, x: xv}, "f": {p: False, x: xv}}))
    return out


@case
def cond_gradients(tf, sess):
    p = tf.placeholder(tf.bool, [])
    x = tf.constant(X34)
    w = tf.Variable(W44)
    sess.run(tf.global_variables_initializer())
    y = tf.cond(p, lambda: tf.tanh(tf.matmul(x, w)), lambda: tf.square(x) * 0.5)
    loss = tf.reduce_sum(y * y)
    gx, gw = tf.gradients(loss, [x, w])
    return fetch_both(sess, {"y": y, "dx": gx, "dw": gw}, {"t": {p: True}, "f": {p: False}})


@case
def cond_branches_that_return_operations(tf, sess):
    """A branch may return an op (an assignment): the result is the predicate, after it ran."""
    p = tf.placeholder(tf.bool, [])
    v = tf.Variable(0.0)
    sess.run(tf.global_variables_initializer())
    r = tf.cond(p, lambda: tf.assign_add(v, 1.0).op, lambda: tf.no_op())
    r2 = tf.cond(p, lambda: (tf.assign_add(v, 10.0).op, tf.constant(1)),
                 lambda: (tf.no_op(), tf.constant(2)))
    out = {"dtype": r.dtype.name, "true": sess.run(r, {p: True}), "v1": sess.run(v),
           "false": sess.run(r, {p: False}), "v2": sess.run(v)}
    out["pair"] = list(sess.run(r2, {p: True}))
    out["v3"] = sess.run(v)
    return out


@case
def cond_singletons_and_strict(tf, sess):
    p = tf.constant(True)
    loose = tf.cond(p, lambda: [tf.constant(1.0)], lambda: [tf.constant(2.0)])
    strict = tf.cond(p, lambda: [tf.constant(1.0)], lambda: [tf.constant(2.0)], strict=True)
    return {"loose_is_tensor": isinstance(loose, tf.Tensor), "strict_type": type(strict).__name__,
            "loose": loose, "strict": strict}


@case
def cond_errors(tf, sess):
    x = tf.constant(1.0)
    return {
        "python_bool": error_text(lambda: tf.cond(True, lambda: x, lambda: x)),
        "dtypes": error_name(lambda: tf.cond(tf.constant(True), lambda: x,
                                             lambda: tf.constant(1))),
        "structure": error_name(lambda: tf.cond(tf.constant(True), lambda: (x, x),
                                                lambda: x)),
        "no_return": error_text(lambda: tf.cond(tf.constant(True), lambda: None, lambda: x)),
        "non_bool": error_name(lambda: tf.cond(tf.constant(1), lambda: x, lambda: x)),
    }


@case
def cond_inside_while(tf, sess):
    x = tf.constant([1.0, -2.0, 0.5])

    def body(i, v):
        v = tf.cond(tf.equal(i % 2, 0), lambda: v * x, lambda: v + x)
        return i + 1, v
    _, v = tf.while_loop(lambda i, v: i < 5, body, [0, tf.ones([3])])
    return {"v": v, "dv_dx": tf.gradients(tf.reduce_sum(v * v), x)}


@case
def while_inside_cond(tf, sess):
    p = tf.placeholder(tf.bool, [])
    x = tf.constant(1.25)

    def looped():
        return tf.while_loop(lambda i, y: i < 4, lambda i, y: (i + 1, y * x), [0, x])[1]
    y = tf.cond(p, looped, lambda: x * 10.0)
    g = tf.gradients(y, x)[0]
    return fetch_both(sess, {"y": y, "dy_dx": g}, {"t": {p: True}, "f": {p: False}})


@case
def case_picks_first_true(tf, sess):
    x = tf.placeholder(tf.float32, [])
    r = tf.case([(tf.less(x, 0.0), lambda: tf.constant(-1.0)),
                 (tf.less(x, 10.0), lambda: x * 2.0)], default=lambda: tf.constant(99.0))
    return {"neg": sess.run(r, {x: -3.0}), "small": sess.run(r, {x: 4.0}),
            "big": sess.run(r, {x: 50.0})}


# -- layers switching train/test with a bool tensor (TF's smart_cond) ----------------------------
@case
def dropout_training_tensor(tf, sess):
    """Only a training run draws a mask, so the masks of later runs are TF's."""
    tf.set_random_seed(1)
    x = tf.constant(np.ones((2, 6), np.float32))
    training = tf.placeholder(tf.bool, [])
    y = tf.layers.dropout(x, 0.5, training=training)
    return {"runs": [sess.run(y, {training: t}) for t in (False, True, False, True)]}


@case
def batch_norm_training_tensor(tf, sess):
    training = tf.placeholder(tf.bool, [])
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.layers.batch_normalization(x, training=training, momentum=0.5)
    image = tf.placeholder(tf.float32, [None, 2, 2, 3])
    fused = tf.layers.batch_normalization(image, training=training, momentum=0.5)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    sess.run(tf.global_variables_initializer())
    rng = np.random.RandomState(12)
    batch = rng.uniform(-1, 1, (4, 3)).astype(np.float32)
    images = rng.uniform(-1, 1, (2, 2, 2, 3)).astype(np.float32)
    out = []
    for t in (True, False, True):
        out += sess.run([y, fused], {x: batch, image: images, training: t})
        sess.run(updates, {x: batch, image: images, training: t})
    return {"outputs": out, "moving": sess.run(tf.global_variables())}


# -- map_fn, scan, foldl, foldr (while loops over TensorArrays) -----------------------------------
@case
def functional_ops(tf, sess):
    x = tf.constant(X34)
    v = tf.constant(V6)
    squares = tf.map_fn(lambda row: row * row + 1.0, x)
    pairs = tf.map_fn(lambda p: (p[0] * 2.0, tf.reduce_sum(p[1])), (x, x),
                      dtype=(tf.float32, tf.float32))
    as_int = tf.map_fn(lambda row: tf.cast(tf.reduce_sum(row) > 0, tf.int32), x, dtype=tf.int32)
    running = tf.scan(lambda a, e: a * e, v)
    reverse = tf.scan(lambda a, e: a + e, v, initializer=tf.constant(0.5), reverse=True)
    both = tf.scan(lambda a, e: (a[0] + e, a[1] * e), v,
                   initializer=(tf.constant(0.0), tf.constant(1.0)))
    left = tf.foldl(lambda a, e: a * 2.0 + e, v)
    right = tf.foldr(lambda a, e: a * 2.0 + e, v, initializer=tf.constant(1.0))
    loss = (tf.reduce_sum(squares) + tf.reduce_sum(running * reverse) + left + right +
            tf.reduce_sum(pairs[1]) + tf.reduce_sum(both[1]))
    dx, dv = tf.gradients(loss, [x, v])
    return {"squares": squares, "pairs": list(pairs), "as_int": as_int, "running": running,
            "reverse": reverse, "both": list(both), "left": left, "right": right,
            "dx": dx, "dv": dv,
            "static": [shape_of(t) for t in (squares, pairs[1], running, reverse)]}


@case
def map_fn_of_unknown_length(tf, sess):
    x = tf.placeholder(tf.float32, [None, 2])
    y = tf.map_fn(lambda row: tf.reduce_max(row) - row, x)
    g = tf.gradients(tf.reduce_sum(y * y), x)[0]
    value = np.array([[1.0, 3.0], [4.0, 2.0], [0.5, -1.0]], np.float32)
    return {"y": sess.run(y, {x: value}), "dx": sess.run(g, {x: value}),
            "static": shape_of(y)}
