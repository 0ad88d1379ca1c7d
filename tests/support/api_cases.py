"""Cases for the API holes real TF1 programs hit (issue 10), run under both TensorFlow
(scripts/record_golden_api.py writes golden/api.json) and course (tests/*/test_*_golden.py
compare). Same contract as tests/engine_cases.py: ``case(tf, sess)`` returns a dict of results.
This module must not import tensorflow."""
import collections

import numpy as np

from engine_cases import error_name
from golden_files import case_problems

CASES = collections.OrderedDict()


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def golden_problems(tf, name, tolerance=None, run_instead=None):
    """How course's results for case ``name`` differ from TF's (golden/api.json); [] if none.
    ``run_instead(tf, sess)``: another program that must give the same results."""
    cases = dict(CASES, **({name: run_instead} if run_instead else {}))
    return case_problems(tf, "api", cases, name, tolerance)


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


# -- 3. tf.train.ExponentialMovingAverage ----------------------------------------------------------
def _names(variables):
    return [v.op.name for v in variables]


@case
def ema_variables(tf, sess):
    w = tf.Variable([1.0, 2.0], name="w")
    with tf.variable_scope("layer"):
        b = tf.get_variable("b", initializer=tf.constant(3.0))
    ema = tf.train.ExponentialMovingAverage(0.9)
    name_before = ema.average_name(w)
    update = ema.apply([w, b])
    sess.run(tf.global_variables_initializer())
    history = []
    for wv, bv in [([2.0, 0.0], 1.0), ([5.0, -1.0], 4.0), ([0.5, 0.5], 0.0)]:
        sess.run([w.assign(wv), b.assign(bv)])
        sess.run(update)
        history.append(sess.run([ema.average(w), ema.average(b)]))
    restore = ema.variables_to_restore()
    return {
        "history": history,
        "update_op": update.name,
        "average_names": [name_before, ema.average_name(w), ema.average_name(b)],
        "shadow_names": _names([ema.average(w), ema.average(b)]),
        "global": _names(tf.global_variables()),
        "trainable": _names(tf.trainable_variables()),
        "moving_average_variables": _names(tf.moving_average_variables()),
        "to_restore": sorted([k, v.op.name] for k, v in restore.items()),
        "missing_average": ema.average(tf.Variable(0.0, name="other")) is None,
    }


@case
def ema_num_updates_and_tensors(tf, sess):
    step = tf.Variable(0, trainable=False, name="step")
    x = tf.placeholder(tf.float32, [2])
    loss = tf.reduce_sum(tf.square(x), name="loss")
    w = tf.Variable([0.0, 10.0], name="w")
    ema = tf.train.ExponentialMovingAverage(0.99, num_updates=step, name="avg")
    update = ema.apply([w, loss, x])
    debiased = tf.train.ExponentialMovingAverage(0.9, zero_debias=True)
    update_debiased = debiased.apply([loss])
    increment = tf.assign_add(step, 1)
    sess.run(tf.global_variables_initializer())
    history = []
    for k, xv in enumerate([[1.0, 2.0], [3.0, -1.0], [0.0, 0.5], [2.0, 2.0]]):
        sess.run(w.assign([float(k), 10.0 - k]))
        sess.run([update, update_debiased], {x: xv})
        sess.run(increment)
        history.append(sess.run([ema.average(w), ema.average(loss), ema.average(x),
                                 debiased.average(loss)]))
    return {"history": history,
            "global": _names(tf.global_variables()),
            "average_names": [ema.average_name(v) for v in (w, loss, x)],
            "rejects_int": error_name(lambda: ema.apply([step]))}


def _pku_forward(tf, x, regularizer):
    w1 = tf.get_variable("w1", initializer=tf.constant(
        np.linspace(-0.5, 0.5, 12, dtype=np.float32).reshape(4, 3)))
    b1 = tf.get_variable("b1", initializer=tf.constant([0.1, 0.0, -0.1]))
    w2 = tf.get_variable("w2", initializer=tf.constant([[0.3], [-0.2], [0.5]]))
    tf.add_to_collection("losses", tf.contrib.layers.l2_regularizer(regularizer)(w1)
                         if hasattr(tf, "contrib") else regularizer * tf.nn.l2_loss(w1))
    return tf.matmul(tf.nn.relu(tf.matmul(x, w1) + b1), w2)


@case
def ema_pku_mnist_recipe(tf, sess):
    """The PKU MNIST course's backward/test scripts in miniature: the EMA op grouped with the
    training step under control_dependencies, checkpoints into a directory Saver creates, and the
    test script restoring the shadows into the model through variables_to_restore().

    As the course writes it, nothing orders the EMA's reads after the training step's writes,
    and TF's results vary from run to run. TF is recorded with the EMA op made to depend on the
    training step (TF's documented recipe), which is the order course runs the PKU program in
    (creation order); tests check course's PKU program against it (ema_pku_as_written)."""
    return ema_recipe(tf, sess, ema_after_step=True)


def ema_recipe(tf, sess, ema_after_step):
    import os
    import tempfile
    rng = np.random.default_rng(7)
    xs = rng.normal(size=(6, 4)).astype(np.float32)
    ys = rng.normal(size=(6, 1)).astype(np.float32)
    x = tf.placeholder(tf.float32, [None, 4])
    y_ = tf.placeholder(tf.float32, [None, 1])
    y = _pku_forward(tf, x, 0.0001)
    global_step = tf.Variable(0, trainable=False)
    loss = tf.reduce_mean(tf.square(y - y_)) + tf.add_n(tf.get_collection("losses"))
    learning_rate = tf.train.exponential_decay(0.1, global_step, 2, 0.99, staircase=True)
    train_step = tf.train.GradientDescentOptimizer(learning_rate).minimize(
        loss, global_step=global_step)
    ema = tf.train.ExponentialMovingAverage(0.99, global_step)
    with tf.control_dependencies([train_step] if ema_after_step else []):
        ema_op = ema.apply(tf.trainable_variables())
    with tf.control_dependencies([train_step, ema_op]):
        train_op = tf.no_op(name="train")
    saver = tf.train.Saver()
    directory = os.path.join(tempfile.mkdtemp(), "model")
    sess.run(tf.global_variables_initializer())
    losses = []
    for _ in range(5):
        _, loss_value, step = sess.run([train_op, loss, global_step], {x: xs, y_: ys})
        losses.append(loss_value)
    saver.save(sess, os.path.join(directory, "mnist_model"), global_step=global_step)
    trained = sess.run(tf.trainable_variables())
    shadows = sess.run([ema.average(v) for v in tf.trainable_variables()])
    checkpoint_names = sorted(name for name, _ in tf.train.list_variables(directory))
    with tf.Graph().as_default() as test_graph:
        tx = tf.placeholder(tf.float32, [None, 4])
        ty = _pku_forward(tf, tx, 0.0001)
        test_ema = tf.train.ExponentialMovingAverage(0.99)
        restore_map = test_ema.variables_to_restore()
        test_saver = tf.train.Saver(restore_map)
        with tf.Session(graph=test_graph) as test_sess:
            ckpt = tf.train.get_checkpoint_state(directory)
            test_saver.restore(test_sess, ckpt.model_checkpoint_path)
            restored = test_sess.run(tf.trainable_variables())
            prediction = test_sess.run(ty, {tx: xs})
        restore_names = sorted([k, v.op.name] for k, v in restore_map.items())
    return {"losses": losses, "step": int(step), "trained": trained, "shadows": shadows,
            "restored": restored, "prediction": prediction, "checkpoint": checkpoint_names,
            "restore_map": restore_names,
            "checkpoint_file": os.path.basename(ckpt.model_checkpoint_path)}


# -- 4. small holes: Saver's directory, get_variable from a tensor, int labels, arg_min/arg_max ---
@case
def saver_creates_missing_directory(tf, sess):
    import os
    import tempfile
    tf.Variable([1.0, 2.0], name="v")
    saver = tf.train.Saver()
    sess.run(tf.global_variables_initializer())
    root = tempfile.mkdtemp()
    path = saver.save(sess, os.path.join(root, "model", "m"), global_step=3)
    return {"returned": os.path.relpath(path, root),
            # (course writes its own checkpoint format, not TF's .index/.data files)
            "has_state_file": "checkpoint" in os.listdir(os.path.join(root, "model")),
            "latest": os.path.relpath(tf.train.latest_checkpoint(os.path.join(root, "model")),
                                      root),
            "two_levels": error_name(lambda: saver.save(sess, os.path.join(root, "a", "b", "m")))}


@case
def get_variable_from_a_tensor(tf, sess):
    with tf.variable_scope("net"):
        bias = tf.get_variable("bias", initializer=tf.constant(0.0))
        table = tf.get_variable("table", initializer=tf.constant([[1, 2], [3, 4]]))
        from_list = tf.get_variable("from_list", initializer=[1.5, 2.5], trainable=False)
        from_array = tf.get_variable("from_array", initializer=np.ones((2, 3), np.float64))
    sess.run(tf.global_variables_initializer())
    return {"values": [bias, table, from_list, from_array],
            "names": _names(tf.global_variables()), "trainable": _names(tf.trainable_variables()),
            "shapes": [v.shape.as_list() for v in (bias, table, from_list, from_array)],
            "dtypes": [v.dtype.base_dtype.name for v in (bias, table, from_list, from_array)],
            "shape_given": error_name(lambda: tf.get_variable(
                "s", [2], initializer=tf.constant([1.0, 2.0]))),
            "dtype_mismatch": error_name(lambda: tf.get_variable(
                "d", dtype=tf.float32, initializer=tf.constant([1, 2])))}


@case
def softmax_xent_int_labels(tf, sess):
    logits = tf.constant([[1.0, 2.0, 0.5], [0.1, -1.0, 3.0]])
    out = {}
    for fn in ("softmax_cross_entropy_with_logits", "softmax_cross_entropy_with_logits_v2"):
        for kind, labels in (("tensor", tf.constant([[0, 1, 0], [0, 0, 1]])),
                             ("list", [[0, 1, 0], [0, 0, 1]]),
                             ("array", np.array([[0, 1, 0], [0, 0, 1]])),
                             ("float64", tf.constant([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
                                                     tf.float64))):
            loss = getattr(tf.nn, fn)(labels=labels, logits=logits)
            out["%s/%s" % (fn, kind)] = [loss, tf.gradients(tf.reduce_sum(loss), logits)[0]]
    return out


@case
def arg_min_arg_max(tf, sess):
    x = tf.constant([[1, 5, 2], [7, 0, 3]])
    return {"arg_max_1": tf.arg_max(x, 1), "arg_min_0": tf.arg_min(x, 0),
            "arg_max_int32": tf.arg_max(x, dimension=0, output_type=tf.int32),
            "positional_type": tf.arg_min(x, 1, tf.int32)}


# -- 5. tf.contrib.layers --------------------------------------------------------------------------
def contrib_layers(tf):
    """tf.contrib.layers under course; TF 2 has no contrib: TF-Slim is TF1's contrib.layers."""
    if hasattr(tf, "contrib"):
        return tf.contrib.layers
    import tf_slim
    return tf_slim


@case
def contrib_layers_builders(tf, sess):
    layers = contrib_layers(tf)
    images = tf.constant(np.linspace(-1, 1, 2 * 6 * 6 * 2, dtype=np.float32).reshape(2, 6, 6, 2))
    c1 = layers.conv2d(images, 3, [3, 3], weights_initializer=layers.xavier_initializer(seed=1))
    c2 = layers.conv2d(c1, 4, 2, stride=2, padding="VALID", activation_fn=None,
                       weights_initializer=layers.xavier_initializer_conv2d(seed=2),
                       biases_initializer=tf.constant_initializer(0.1),
                       weights_regularizer=layers.l2_regularizer(0.1), scope="conv_b")
    pooled = layers.max_pool2d(c2, [2, 2])
    averaged = layers.avg_pool2d(c1, 3, stride=1, padding="SAME")
    flat = layers.flatten(c1)
    hidden = layers.fully_connected(flat, 5, weights_initializer=layers.xavier_initializer(
        uniform=False, seed=3))
    logits = layers.fully_connected(hidden, 2, activation_fn=None,
                                    weights_initializer=layers.xavier_initializer(seed=4),
                                    weights_regularizer=layers.l2_regularizer(0.01))
    with tf.variable_scope("shared"):
        again = layers.fully_connected(hidden, 3, weights_initializer=tf.ones_initializer(),
                                       scope="fc")
    reused = layers.fully_connected(hidden, 3, scope="shared/fc", reuse=True)
    linear = layers.linear(hidden, 2, weights_initializer=tf.ones_initializer())
    loss = tf.reduce_sum(logits * [1.0, -0.5]) + tf.add_n(
        tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))
    grads = tf.gradients(loss, tf.trainable_variables())
    sess.run(tf.global_variables_initializer())
    outputs = [c1, c2, pooled, averaged, flat, hidden, logits, again, reused, linear]
    return {"values": outputs, "grads": grads,
            "shapes": [t.shape.as_list() for t in outputs],
            "global": _names(tf.global_variables()),
            "model": _names(tf.model_variables()),
            "trainable": _names(tf.trainable_variables()),
            "regularization": [t.op.name for t in tf.get_collection(
                tf.GraphKeys.REGULARIZATION_LOSSES)],
            "output_ops": [t.op.name for t in (c1, c2, flat, hidden, logits)]}


@case
def contrib_layers_dropout_and_collections(tf, sess):
    layers = contrib_layers(tf)
    x = tf.constant(np.ones((3, 8), np.float32))
    dropped = layers.dropout(x, 0.7, seed=5)
    kept = layers.dropout(x, 0.7, is_training=False)
    y = layers.fully_connected(x, 2, weights_initializer=tf.ones_initializer(),
                               variables_collections=["mine"], outputs_collections=["outs"])
    sess.run(tf.global_variables_initializer())
    return {"dropped": dropped, "kept": kept, "y": y,
            "mine": _names(tf.get_collection("mine")),
            "outs": len(tf.get_collection("outs"))}


# -- 6. embedding_lookup gradients -----------------------------------------------------------------
def _embedding_model(tf, name):
    table = tf.Variable(np.linspace(-1, 1, 15, dtype=np.float32).reshape(5, 3), name=name)
    ids = tf.constant([[1, 3], [1, 0]])
    looked_up = tf.nn.embedding_lookup(table, ids)                  # [2, 2, 3]
    weights = tf.constant(np.linspace(0.5, -0.5, 12, dtype=np.float32).reshape(2, 2, 3))
    return table, tf.reduce_sum(tf.square(looked_up * weights + 0.1))


@case
def embedding_gradients(tf, sess):
    table, loss = _embedding_model(tf, "table")
    grad = tf.gradients(loss, table)[0]
    twice = tf.gradients(loss + tf.reduce_sum(tf.gather(table, [4, 1])), table)[0]
    mixed = tf.gradients(loss + tf.reduce_sum(table), table)[0]
    sess.run(tf.global_variables_initializer())
    sparse, sparse_twice = sess.run([grad, twice])
    return {"kind": type(grad).__name__, "kind_twice": type(twice).__name__,
            "mixed_is_dense": isinstance(mixed, tf.Tensor),
            "fetched": type(sparse).__name__,
            "values": sparse.values, "indices": sparse.indices,
            "dense_shape": sparse.dense_shape,
            "twice": [sparse_twice.values, sparse_twice.indices],
            "dense": tf.convert_to_tensor(grad), "mixed": mixed,
            "static": [grad.values.shape.as_list(), grad.indices.shape.as_list()]}


@case
def embedding_optimizers(tf, sess):
    optimizers = {
        "sgd": tf.train.GradientDescentOptimizer(0.1),
        "momentum": tf.train.MomentumOptimizer(0.1, 0.9),
        "nesterov": tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True),
        "adagrad": tf.train.AdagradOptimizer(0.1),
        "adadelta": tf.train.AdadeltaOptimizer(1.0),
        "rmsprop": tf.train.RMSPropOptimizer(0.05, momentum=0.5),
        "centered": tf.train.RMSPropOptimizer(0.05, momentum=0.5, centered=True),
        "adam": tf.train.AdamOptimizer(0.05),
    }
    steps = {}
    for name, opt in optimizers.items():
        table, loss = _embedding_model(tf, name)
        steps[name] = (table, opt.minimize(loss))
    sess.run(tf.global_variables_initializer())
    out = {}
    for name, (table, step) in steps.items():
        history = []
        for _ in range(3):
            sess.run(step)
            history.append(sess.run(table))
        out[name] = history
    return out


# -- 7. tf.data ------------------------------------------------------------------------------------
def _drain(sess, fetch, limit=50, feed=None):
    """Every element until OutOfRangeError (or ``limit``), and whether the end was reached."""
    out = []
    for _ in range(limit):
        try:
            out.append(sess.run(fetch, feed))
        except Exception as e:         # noqa: BLE001 - the class name is the result
            return out, type(e).__name__
    return out, "limit"


@case
def data_pipelines(tf, sess):
    x = np.arange(14, dtype=np.float32).reshape(7, 2)
    y = np.array([3, 1, 4, 1, 5, 9, 2], dtype=np.int32)
    Dataset = tf.data.Dataset
    out = {}
    pipelines = {
        "slices_array": Dataset.from_tensor_slices(x),
        "slices_tuple_batch": Dataset.from_tensor_slices((x, y)).batch(3),
        "slices_dict_drop": Dataset.from_tensor_slices({"img": x, "label": y}).batch(
            3, drop_remainder=True),
        "map_repeat": Dataset.from_tensor_slices((x, y)).map(
            lambda a, b: (tf.reduce_sum(a) * 0.5, tf.one_hot(b, 10))).repeat(2).batch(4),
        "map_dict": Dataset.from_tensor_slices({"img": x, "label": y}).map(
            lambda d: {"img": d["img"] / 255.0, "label": tf.cast(d["label"], tf.int64)}),
        "take_skip": Dataset.range(10).skip(2).take(5),
        "from_tensors": Dataset.from_tensors(([1.0, 2.0], 3)).repeat(3),
        "filter": Dataset.range(10).filter(lambda i: tf.equal(i % 3, 0)),
        "zip": Dataset.zip((Dataset.range(3), Dataset.from_tensor_slices(y))),
        "concatenate": Dataset.range(2).concatenate(Dataset.range(5, 7)),
    }
    for name, ds in pipelines.items():
        element = ds.make_one_shot_iterator().get_next()
        values, end = _drain(sess, element)
        flat = [v for e in values for v in (list(e.values()) if isinstance(e, dict) else
                                             list(e) if isinstance(e, tuple) else [e])]
        parts = (list(element.values()) if isinstance(element, dict) else
                 list(element) if isinstance(element, tuple) else [element])
        out[name + ":elements"] = flat
        out[name + ":end"] = [end, len(values)]
        out[name + ":types"] = [t.dtype.name for t in parts]
        out[name + ":shapes"] = [t.shape.as_list() if t.shape.ndims is not None else None
                                 for t in parts]
    return out


@case
def data_iterators(tf, sess):
    features = tf.placeholder(tf.float32, [None, 2])
    labels = tf.placeholder(tf.int32, [None])
    ds = tf.data.Dataset.from_tensor_slices((features, labels)).batch(2)
    it = ds.make_initializable_iterator()
    fx, fy = it.get_next()
    train = np.arange(10, dtype=np.float32).reshape(5, 2)
    first = {features: train, labels: np.arange(5, dtype=np.int32)}
    second = {features: -train[:3], labels: np.arange(3, dtype=np.int32)}
    before = _drain(sess, fx)[1]
    sess.run(it.initializer, first)
    a, end_a = _drain(sess, [fx, fy])
    sess.run(it.initializer, second)
    b, end_b = _drain(sess, [fx, fy])
    # a reinitializable iterator switching between two datasets
    train_ds = tf.data.Dataset.from_tensor_slices(np.arange(6, dtype=np.float32)).batch(4)
    valid_ds = tf.data.Dataset.from_tensor_slices(np.arange(100, 103, dtype=np.float32)).batch(4)
    switch = tf.data.Iterator.from_structure(train_ds.output_types, train_ds.output_shapes)
    value = switch.get_next()
    init_train, init_valid = switch.make_initializer(train_ds), switch.make_initializer(valid_ds)
    sess.run(init_train)
    t1 = sess.run(value)
    sess.run(init_valid)
    v1, end_v = _drain(sess, value)
    sess.run(init_train)
    t2, end_t = _drain(sess, value)
    one_shot = tf.compat.v1.data.make_one_shot_iterator(tf.data.Dataset.range(3)).get_next()
    initializable = tf.compat.v1.data.make_initializable_iterator(tf.data.Dataset.range(2))
    sess.run(initializable.initializer)
    return {"before_init": before, "first": a, "end_first": end_a, "second": b,
            "end_second": end_b, "train": [t1, t2], "end_train": end_t, "valid": v1,
            "end_valid": end_v, "one_shot": _drain(sess, one_shot)[0],
            "initializable": _drain(sess, initializable.get_next())[0],
            "shapes": [fx.shape.as_list(), fy.shape.as_list(), value.shape.as_list()],
            "types": [fx.dtype.name, fy.dtype.name]}


# -- 8. tf.image -----------------------------------------------------------------------------------
def _image_values():
    rng = np.random.default_rng(11)
    return (rng.integers(0, 256, (5, 6, 3)).astype(np.uint8),
            rng.uniform(0, 1, (2, 4, 5, 1)).astype(np.float32))


@case
def image_ops(tf, sess):
    rgb, gray = _image_values()
    rgb_t, gray_t = tf.constant(rgb), tf.constant(gray)
    as_float = tf.image.convert_image_dtype(rgb_t, tf.float32)
    out = {
        "to_float": as_float,
        "back_to_uint8": tf.image.convert_image_dtype(as_float * 1.2, tf.uint8, saturate=True),
        "float_to_uint8": tf.image.convert_image_dtype(gray_t, tf.uint8),
        "uint8_to_int32": tf.image.convert_image_dtype(rgb_t, tf.int32),
        "int32_to_uint8": tf.image.convert_image_dtype(tf.constant([[[2 ** 30]]]), tf.uint8),
        "float_to_float64": tf.image.convert_image_dtype(gray_t, tf.float64),
        "gray_to_rgb": tf.image.grayscale_to_rgb(gray_t),
        "rgb_to_gray": tf.image.rgb_to_grayscale(rgb_t),
        "rgb_to_gray_float": tf.image.rgb_to_grayscale(as_float),
        "flip_lr": tf.image.flip_left_right(rgb_t),
        "flip_ud": tf.image.flip_up_down(gray_t),
        "central_crop": tf.image.central_crop(rgb_t, 0.5),
        "central_crop_batch": tf.image.central_crop(gray_t, 0.6),
        "crop": tf.image.crop_to_bounding_box(rgb_t, 1, 2, 3, 3),
        "pad": tf.image.pad_to_bounding_box(gray_t, 1, 0, 6, 7),
        "crop_or_pad": tf.image.resize_image_with_crop_or_pad(rgb_t, 3, 9),
        "crop_or_pad_batch": tf.image.resize_image_with_crop_or_pad(gray_t, 6, 2),
        "standardize": tf.image.per_image_standardization(rgb_t),
        "standardize_batch": tf.image.per_image_standardization(gray_t),
        "standardize_flat": tf.image.per_image_standardization(tf.ones([2, 2, 1])),
        "brightness": tf.image.adjust_brightness(rgb_t, 0.2),
    }
    out["shapes"] = [[k, v.shape.as_list()] for k, v in sorted(out.items())]
    out["dtypes"] = [[k, v.dtype.name] for k, v in sorted(out.items()) if k != "shapes"]
    return out


@case
def image_resize(tf, sess):
    rgb, gray = _image_values()
    rgb_t, gray_t = tf.constant(rgb), tf.constant(gray)
    out = {}
    for name, images in (("rgb", rgb_t), ("gray", gray_t)):
        for size in ([10, 7], [3, 2], [5, 5]):
            for method in ("BILINEAR", "NEAREST_NEIGHBOR"):
                for corners in (False, True):
                    y = tf.image.resize_images(images, size,
                                               method=getattr(tf.image.ResizeMethod, method),
                                               align_corners=corners)
                    out["%s/%s/%s/%s" % (name, size, method, corners)] = y
    out["same_size"] = tf.image.resize_images(gray_t, [4, 5])
    out["legacy_method_1"] = tf.image.resize_images(gray_t, [8, 3], method=1)
    out["compat_resize"] = tf.image.resize(gray_t, [7, 7])
    w = tf.constant(np.linspace(-1, 1, 2 * 7 * 9, dtype=np.float32).reshape(2, 7, 9, 1))
    for method in ("BILINEAR", "NEAREST_NEIGHBOR"):
        y = tf.image.resize_images(gray_t, [7, 9], method=getattr(tf.image.ResizeMethod, method))
        out["grad/" + method] = tf.gradients(tf.reduce_sum(y * w), gray_t)[0]
    out["dtypes"] = [[k, v.dtype.name] for k, v in sorted(out.items())]
    return out


@case
def image_random_flips(tf, sess):
    rgb, gray = _image_values()
    rgb_t, gray_t = tf.constant(rgb), tf.constant(gray)
    flips = [tf.image.random_flip_left_right(rgb_t, seed=1),
             tf.image.random_flip_up_down(rgb_t, seed=2),
             tf.image.random_flip_left_right(tf.tile(gray_t, [4, 1, 1, 1]), seed=3),
             tf.image.random_brightness(rgb_t, 0.3, seed=4)]
    return {"runs": [sess.run(flips) for _ in range(4)]}


# -- 9. graph-level seed only ---------------------------------------------------------------------
@case
def graph_seed_only_builders(tf, sess):
    """tf.set_random_seed and no op seeds: each random op's seed comes from the graph's count of
    seeded ops, so the numbers depend on building the same random ops in the same order."""
    tf.set_random_seed(0)
    x = tf.constant(np.linspace(-1, 1, 2 * 4 * 4 * 3, dtype=np.float32).reshape(2, 4, 4, 3))
    w1 = tf.Variable(tf.random_normal([3, 2], stddev=0.1))
    w2 = tf.Variable(tf.truncated_normal([2, 2], stddev=0.1))
    w3 = tf.Variable(tf.random_uniform([2], -1, 1))
    w4 = tf.get_variable("w4", [3, 2])                       # glorot_uniform by default
    w5 = tf.get_variable("w5", [2], initializer=tf.random_normal_initializer())
    w6 = tf.get_variable("w6", [2, 3], initializer=tf.contrib.layers.xavier_initializer()
                         if hasattr(tf, "contrib") else tf.glorot_uniform_initializer())
    conv = tf.layers.conv2d(x, 2, 3, padding="same")
    flat = tf.reshape(conv, [2, -1])
    dense = tf.layers.dense(flat, 3, activation=tf.nn.relu)
    dropped = tf.nn.dropout(dense, keep_prob=0.5)
    dropped_layer = tf.layers.dropout(dense, rate=0.3, training=True)
    shuffled = tf.random_shuffle(tf.range(6))
    sess.run(tf.global_variables_initializer())
    return {"variables": [w1, w2, w3, w4, w5, w6] + tf.trainable_variables()[6:],
            "dropped": dropped, "dropped_layer": dropped_layer, "shuffled": shuffled,
            "seeds": [[op.name, op.get_attr("seed2")] for op in tf.get_default_graph(
                ).get_operations() if op.type in (
                "RandomStandardNormal", "TruncatedNormal", "RandomUniform", "RandomShuffle")]}


@case
def data_shuffle_orders(tf, sess):
    Dataset = tf.data.Dataset
    pipelines = {
        "seed7_buffer4_two_epochs": Dataset.range(10).shuffle(4, seed=7).repeat(2),
        "seed0_full_buffer": Dataset.range(12).shuffle(12, seed=0),
        "no_reshuffle": Dataset.range(6).shuffle(3, seed=5,
                                                 reshuffle_each_iteration=False).repeat(3),
        "batched": Dataset.from_tensor_slices(np.arange(20, dtype=np.float32)).shuffle(
            100, seed=123).batch(6),
    }
    out = {}
    for name, ds in pipelines.items():
        out[name] = _drain(sess, ds.make_one_shot_iterator().get_next(), limit=40)[0]
    tf.set_random_seed(42)
    graph_seeded = Dataset.range(8).shuffle(8).repeat(2)
    out["graph_seed_only"] = _drain(sess, graph_seeded.make_one_shot_iterator().get_next())[0]
    init = Dataset.range(5).shuffle(5, seed=9).make_initializable_iterator()
    element = init.get_next()
    runs = []
    for _ in range(2):
        sess.run(init.initializer)
        runs.append(_drain(sess, element)[0])
    out["reinitialized"] = runs
    return out


@case
def image_cifar_augmentation(tf, sess):
    """The CIFAR-10 tutorial's training distortions, seeded."""
    rgb, _ = _image_values()
    image = tf.cast(tf.constant(np.tile(rgb, (2, 2, 1))), tf.float32)      # 10 x 12 x 3
    distorted = tf.random_crop(image, [6, 8, 3], seed=1)
    distorted = tf.image.random_flip_left_right(distorted, seed=2)
    distorted = tf.image.random_brightness(distorted, max_delta=63, seed=3)
    distorted = tf.image.random_contrast(distorted, lower=0.2, upper=1.8, seed=4)
    standardized = tf.image.per_image_standardization(distorted)
    contrast_uint8 = tf.image.adjust_contrast(tf.constant(rgb), 1.7)
    crop_batch = tf.image.random_crop(tf.constant(np.arange(60.0).reshape(3, 4, 5)), [2, 2, 5],
                                      seed=5) if hasattr(tf.image, "random_crop") else \
        tf.random_crop(tf.constant(np.arange(60.0).reshape(3, 4, 5)), [2, 2, 5], seed=5)
    return {"runs": [sess.run([distorted, standardized, crop_batch]) for _ in range(3)],
            "contrast_uint8": contrast_uint8, "shape": distorted.shape.as_list()}


@case
def constant_tensor_arguments(tf, sess):
    """Axes, depths and sizes given as constant tensors work as the Python ints would."""
    labels = tf.constant([1, 0, 3])
    x = tf.constant(np.arange(12, dtype=np.float32).reshape(2, 6))
    one = tf.constant(1)
    out = {
        "one_hot": tf.one_hot(labels, tf.constant(4)),
        "split_sizes": tf.split(x, tf.constant([2, 4]), axis=1)[1],
        "split_axis": tf.split(x, 2, axis=one)[1],
        "reduce": tf.reduce_sum(x, one),
        "gather_axis": tf.gather(x, tf.constant([0, 2]), axis=one),
        "transpose": tf.transpose(x, tf.constant([1, 0])),
        "expand_dims": tf.expand_dims(x, one),
        "concat": tf.concat([x, x], one),
        "range": tf.range(tf.constant(5)),
        "tile": tf.tile(x, tf.constant([1, 2])),
    }
    out["shapes"] = [[k, v.shape.as_list()] for k, v in sorted(out.items())]
    return out


@case
def tile_with_computed_multiples(tf, sess):
    """seq2seq's pattern: a per-model vector tiled to the batch size known only when run."""
    x = tf.placeholder(tf.float32, [None, 4])
    start = tf.constant([[0.5, -1.0, 2.0]])
    tiled = tf.tile(start, [tf.shape(x)[0], 1])
    tiled3 = tf.tile(tf.expand_dims(start, 1), tf.stack([tf.shape(x)[0], 2, 1]))
    grad = tf.gradients(tf.reduce_sum(tiled * tf.reduce_sum(x, 1, keepdims=True)) +
                        tf.reduce_sum(tiled3), start)[0]
    values = sess.run([tiled, tiled3, grad], {x: np.arange(12, dtype=np.float32).reshape(3, 4)})
    return {"values": values, "shapes": [tiled.shape.as_list(), tiled3.shape.as_list()]}
