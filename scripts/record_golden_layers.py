"""Record TensorFlow's numbers for conv/pool ops, tf.layers, tf.losses and regularization into
golden/layers.json (read by tests/layers/test_layers_golden.py and tests/ops/test_conv_golden.py).

Run with the oracle's Python:
    /opt/tfenv/bin/python scripts/record_golden_layers.py
TF 2.x keeps tf.compat.v1.layers only in the tf-keras package (Keras 3 dropped them):
    /opt/tfenv/bin/pip install --no-deps tf-keras==<the TF version>
tf.contrib does not exist in TF 2, so contrib's l2_regularizer(scale) is written out as its
TF1 source defines it: w -> multiply(convert_to_tensor(scale), nn.l2_loss(w)).

Every input is generated here with numpy (fixed seeds) and stored next to TF's outputs, so the
tests replay exactly these inputs. The L2 recipes are written once, in tests/support/layer_recipes.py,
and run here with TF and in the tests with course. Nothing random is drawn by TF except in the dropout cases,
whose masks come from TF's Philox streams (op-level seeds).
"""
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")   # tf.compat.v1.layers via tf-keras
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# (TF's default CPU kernels, oneDNN included: without them TF has no dilated conv gradients.)

import numpy as np
import tensorflow as tf2

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests" / "support"))
import layer_recipes  # noqa: E402  (the recipes the tests run with course)
from layer_recipes import fixed  # noqa: E402

tf = tf2.compat.v1
tf.disable_eager_execution()

OUT = pathlib.Path(__file__).resolve().parents[1] / "golden" / "layers.json"
F32 = np.float32


def arr(a):
    return np.asarray(a).tolist()


def rng(seed):
    return np.random.default_rng(seed)


def l2_regularizer(scale):
    """tf.contrib.layers.l2_regularizer(scale) as TF 1.x defines it."""
    def l2(weights):
        with tf.name_scope(None, "l2_regularizer", [weights]) as name:
            my_scale = tf.convert_to_tensor(scale, dtype=weights.dtype.base_dtype, name="scale")
            return tf.multiply(my_scale, tf.nn.l2_loss(weights), name=name)
    return l2


def l1_regularizer(scale):
    def l1(weights):
        with tf.name_scope(None, "l1_regularizer", [weights]) as name:
            my_scale = tf.convert_to_tensor(scale, dtype=weights.dtype.base_dtype, name="scale")
            return tf.multiply(my_scale, tf.reduce_sum(tf.abs(weights)), name=name)
    return l1


# -- conv2d --------------------------------------------------------------------------------------
CONV_CASES = [
    # (input shape NHWC, filter shape HWIO, strides, padding, dilations)
    ((2, 5, 7, 3), (3, 3, 3, 4), 1, "SAME", 1),
    ((2, 5, 7, 3), (3, 3, 3, 4), 1, "VALID", 1),
    ((2, 7, 5, 2), (3, 2, 2, 3), 2, "SAME", 1),
    ((2, 7, 5, 2), (3, 2, 2, 3), 2, "VALID", 1),
    ((1, 9, 8, 2), (4, 4, 2, 2), 3, "SAME", 1),    # even kernel: padding before < after
    ((1, 6, 6, 1), (2, 2, 1, 3), 3, "SAME", 1),    # stride > kernel: no padding at all
    ((1, 7, 6, 2), (3, 3, 2, 2), 1, "SAME", 2),    # dilated
    ((1, 7, 6, 2), (2, 3, 2, 2), 1, "VALID", 2),
    # Wide outputs, few channels: im2col and col2im run channel-major (window_geometry.COLUMNS).
    ((2, 9, 12, 1), (5, 5, 1, 4), 1, "SAME", 1),
    ((1, 10, 16, 2), (2, 2, 2, 3), 1, "VALID", 1),
    ((1, 9, 14, 1), (3, 3, 1, 2), 2, "SAME", 1),
    ((1, 9, 14, 1), (3, 3, 1, 2), 1, "SAME", 2),
]


def record_conv2d():
    cases = []
    for i, (xs, fs, stride, padding, dilation) in enumerate(CONV_CASES):
        r = rng(100 + i)
        x = r.normal(size=xs).astype(F32)
        f = r.normal(size=fs).astype(F32)
        with tf.Graph().as_default(), tf.Session() as sess:
            tx, tfil = tf.constant(x), tf.constant(f)
            y = tf.nn.conv2d(tx, tfil, strides=[1, stride, stride, 1], padding=padding,
                             dilations=[1, dilation, dilation, 1])
            w = rng(200 + i).uniform(0.5, 1.5, y.shape.as_list()).astype(F32)
            dx, df = tf.gradients(tf.reduce_sum(y * w), [tx, tfil])
            yv, dxv, dfv = sess.run([y, dx, df])
        cases.append(dict(input=arr(x), filter=arr(f), strides=stride, padding=padding,
                          dilations=dilation, weights=arr(w), output=arr(yv), d_input=arr(dxv),
                          d_filter=arr(dfv)))
    return cases


# -- pooling -------------------------------------------------------------------------------------
POOL_CASES = [
    # (input shape, ksize, strides, padding)
    ((2, 5, 7, 3), 2, 2, "SAME"),
    ((2, 5, 7, 3), 2, 2, "VALID"),
    ((1, 7, 6, 2), 3, 2, "SAME"),
    ((1, 7, 6, 2), 3, 1, "SAME"),     # overlapping windows
    ((1, 7, 6, 2), 3, 2, "VALID"),
    ((1, 5, 5, 1), 2, 3, "SAME"),     # stride > ksize
]


def record_pool():
    cases = []
    for i, (xs, k, s, padding) in enumerate(POOL_CASES):
        x = rng(300 + i).normal(size=xs).astype(F32)
        for kind, fn in (("max", tf.nn.max_pool), ("avg", tf.nn.avg_pool)):
            with tf.Graph().as_default(), tf.Session() as sess:
                tx = tf.constant(x)
                y = fn(tx, ksize=[1, k, k, 1], strides=[1, s, s, 1], padding=padding)
                w = rng(400 + i).uniform(0.5, 1.5, y.shape.as_list()).astype(F32)
                dx, = tf.gradients(tf.reduce_sum(y * w), [tx])
                yv, dxv = sess.run([y, dx])
            cases.append(dict(kind=kind, input=arr(x), ksize=k, strides=s, padding=padding,
                              weights=arr(w), output=arr(yv), d_input=arr(dxv)))
    return cases


# -- dense and conv2d layers ------------------------------------------------------------------
def record_layers():
    out = {}
    with tf.Graph().as_default(), tf.Session() as sess:
        x = rng(500).normal(size=(4, 3)).astype(F32)
        x3 = rng(501).normal(size=(2, 4, 3)).astype(F32)
        kernel, bias = fixed((3, 5)), fixed((5,), 0.05, 1.0)
        tx, tx3 = tf.constant(x), tf.constant(x3)
        y = tf.layers.dense(tx, 5, activation=tf.nn.relu,
                            kernel_initializer=tf.constant_initializer(kernel),
                            bias_initializer=tf.constant_initializer(bias))
        y3 = tf.layers.dense(tx3, 5, name="dense", reuse=True, activation=tf.nn.relu)
        w, w3 = fixed((4, 5), 1.0, 2.0) + 1.5, fixed((2, 4, 5), 1.0, 3.0) + 1.5
        grads = tf.gradients(tf.reduce_sum(y * w) + tf.reduce_sum(y3 * w3),
                             tf.trainable_variables())
        sess.run(tf.global_variables_initializer())
        yv, y3v, (gk, gb) = sess.run([y, y3, grads])
        out["dense"] = dict(input=arr(x), input3=arr(x3), kernel=arr(kernel), bias=arr(bias),
                            weights=arr(w), weights3=arr(w3), output=arr(yv), output3=arr(y3v),
                            d_kernel=arr(gk), d_bias=arr(gb),
                            variables=[v.name for v in tf.global_variables()])
    with tf.Graph().as_default(), tf.Session() as sess:
        x = rng(502).normal(size=(2, 6, 5, 3)).astype(F32)
        kernel, bias = fixed((3, 3, 3, 4), 0.2), fixed((4,), 0.05, 1.0)
        tx = tf.constant(x)
        y = tf.layers.conv2d(tx, 4, (3, 3), strides=(2, 2), padding="same",
                             activation=tf.nn.relu, kernel_initializer=tf.constant_initializer(kernel),
                             bias_initializer=tf.constant_initializer(bias))
        w = fixed(y.shape.as_list(), 1.0, 2.0) + 1.5
        grads = tf.gradients(tf.reduce_sum(y * w), [tx] + tf.trainable_variables())
        sess.run(tf.global_variables_initializer())
        yv, (gx, gk, gb) = sess.run([y, grads])
        out["conv2d"] = dict(input=arr(x), kernel=arr(kernel), bias=arr(bias), weights=arr(w),
                             output=arr(yv), d_input=arr(gx), d_kernel=arr(gk), d_bias=arr(gb),
                             variables=[v.name for v in tf.global_variables()])
    return out


# -- batch normalization ----------------------------------------------------------------------
BN_CASES = [
    # (name, input shape, axis, training per step (True/False; "feed:" = a bool placeholder))
    ("fused_4d", (4, 3, 3, 2), -1, [True, True, True]),
    ("plain_2d", (5, 3), -1, [True, True, True]),
    ("axis1_4d", (3, 2, 4, 3), 1, [True, True]),
    ("placeholder_4d", (4, 3, 3, 2), -1, ["feed:True", "feed:False", "feed:True"]),
    ("placeholder_2d", (5, 3), -1, ["feed:True", "feed:False", "feed:True"]),
]


def record_batch_norm():
    cases = []
    for i, (name, shape, axis, steps) in enumerate(BN_CASES):
        channels = shape[axis]
        gamma, beta = 1.0 + fixed((channels,), 0.5), fixed((channels,), 0.2, 1.0)
        xs = [(rng(600 + 10 * i + k).normal(size=shape) * 2 + 1).astype(F32)
              for k in range(len(steps))]
        w = fixed(shape, 1.0, 2.0) + 1.5
        with tf.Graph().as_default(), tf.Session() as sess:
            x = tf.placeholder(tf.float32, shape)
            fed = isinstance(steps[0], str)
            training = tf.placeholder(tf.bool, []) if fed else True
            y = tf.layers.batch_normalization(
                x, axis=axis, momentum=0.9, training=training,
                gamma_initializer=tf.constant_initializer(gamma),
                beta_initializer=tf.constant_initializer(beta), name="bn")
            update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
            y_infer = tf.layers.batch_normalization(x, axis=axis, momentum=0.9, training=False,
                                                    name="bn", reuse=True)
            grads = tf.gradients(tf.reduce_sum(y * w), [x] + tf.trainable_variables())
            moving = [v for v in tf.global_variables() if "moving" in v.name]
            sess.run(tf.global_variables_initializer())
            records = []
            for k, step in enumerate(steps):
                feed = {x: xs[k]}
                if fed:
                    feed[training] = step == "feed:True"
                yv, gv, _ = sess.run([y, grads, update_ops], feed)
                mm, mv = sess.run(moving)
                records.append(dict(output=arr(yv), d_input=arr(gv[0]), d_gamma=arr(gv[1]),
                                    d_beta=arr(gv[2]), moving_mean=arr(mm),
                                    moving_variance=arr(mv)))
            inference = sess.run(y_infer, {x: xs[0]})
            cases.append(dict(name=name, axis=axis, gamma=arr(gamma), beta=arr(beta),
                              training=steps, inputs=[arr(a) for a in xs], weights=arr(w),
                              steps=records, inference_output=arr(inference),
                              variables=[v.name for v in tf.global_variables()],
                              trainable=[v.name for v in tf.trainable_variables()],
                              n_update_ops=len(update_ops)))
    return cases


# -- losses ------------------------------------------------------------------------------------
def loss_cases():
    """(function name, tensor args, python kwargs) for tf.losses."""
    r = rng(700)
    labels = r.normal(size=(4, 3)).astype(F32)
    preds = r.normal(size=(4, 3)).astype(F32)
    probs = r.uniform(0.05, 0.95, size=(4, 3)).astype(F32)
    binary = (r.uniform(size=(4, 3)) > 0.5).astype(F32)
    logits = (r.normal(size=(5, 4)) * 2).astype(F32)
    classes = np.array([1, 0, 3, 3, 2], dtype=np.int32)
    onehot = np.eye(4, dtype=F32)[classes]
    per_example = np.array([[1.0], [0.0], [2.0], [0.5]], dtype=F32)
    per_element = r.uniform(0, 2, size=(4, 3)).astype(F32)
    per_element[1, 2] = 0.0
    ex_weights = np.array([1.0, 0.0, 2.0, 0.5, 1.5], dtype=F32)
    cases = []
    for reduction in ("weighted_sum_by_nonzero_weights", "none", "weighted_sum",
                      "weighted_mean", "weighted_sum_over_batch_size"):
        for weights in (1.0, per_example, per_element, 0.0):
            cases.append(("mean_squared_error", dict(labels=labels, predictions=preds),
                          dict(weights=weights, reduction=reduction)))
    cases += [
        ("absolute_difference", dict(labels=labels, predictions=preds), dict(weights=per_example)),
        ("huber_loss", dict(labels=labels, predictions=preds * 3), dict(delta=1.0)),
        ("huber_loss", dict(labels=labels, predictions=preds * 3), dict(delta=0.5,
                                                                       weights=per_element)),
        ("log_loss", dict(labels=binary, predictions=probs), {}),
        ("hinge_loss", dict(labels=binary, logits=preds), {}),
        ("sparse_softmax_cross_entropy", dict(labels=classes, logits=logits), {}),
        ("sparse_softmax_cross_entropy", dict(labels=classes, logits=logits),
         dict(weights=ex_weights)),
        ("sparse_softmax_cross_entropy", dict(labels=classes.reshape(5, 1), logits=logits),
         dict(weights=ex_weights.reshape(5, 1))),
        ("sparse_softmax_cross_entropy", dict(labels=classes, logits=logits),
         dict(reduction="none")),
        ("softmax_cross_entropy", dict(onehot_labels=onehot, logits=logits), {}),
        ("softmax_cross_entropy", dict(onehot_labels=onehot, logits=logits),
         dict(label_smoothing=0.1, weights=ex_weights)),
        ("sigmoid_cross_entropy", dict(multi_class_labels=binary, logits=preds), {}),
        ("sigmoid_cross_entropy", dict(multi_class_labels=binary, logits=preds),
         dict(label_smoothing=0.2, weights=per_element)),
    ]
    return cases


def record_losses():
    cases = []
    for fn_name, tensors, kwargs in loss_cases():
        with tf.Graph().as_default(), tf.Session() as sess:
            args = {k: tf.constant(v) for k, v in tensors.items()}
            kw = {k: (tf.constant(v) if isinstance(v, np.ndarray) else v)
                  for k, v in kwargs.items()}
            loss = getattr(tf.losses, fn_name)(**args, **kw)
            value = sess.run(loss)
            collected = [t.name for t in tf.losses.get_losses()]
        cases.append(dict(fn=fn_name, tensors={k: arr(v) for k, v in tensors.items()},
                          tensor_dtypes={k: str(np.asarray(v).dtype) for k, v in tensors.items()},
                          kwargs={k: arr(v) if isinstance(v, np.ndarray) else v
                                  for k, v in kwargs.items()},
                          value=arr(value), collected=len(collected)))
    return cases


# -- regularizers and the article's two L2 recipes --------------------------------------------
def record_regularizers():
    with tf.Graph().as_default(), tf.Session() as sess:
        weights = tf.constant([[1, 2, 3], [4, 5, 6]], dtype=tf.float32)
        values = sess.run(dict(
            l2_loss=tf.nn.l2_loss(weights),
            l2_regularizer_1=l2_regularizer(1.)(weights),
            l2_regularizer_0_001=l2_regularizer(0.001)(weights),
            l1_regularizer_0_5=l1_regularizer(0.5)(weights),
            l1_l2_regularizer=tf.add_n([l1_regularizer(0.5)(weights),
                                        l2_regularizer(0.25)(weights)])))
    return {k: float(v) for k, v in values.items()}


RECIPE_STEPS = 4
RECIPE_LR = 0.1


def _recipe_data():
    r = rng(800)
    x = r.normal(size=(6, 6, 6, 1)).astype(F32)
    labels = np.array([0, 2, 1, 2, 0, 1], dtype=np.int32)
    return x, labels


def _recorded(history, final):
    return dict(history=[{k: float(v) for k, v in values.items()} for values in history],
                final={name: arr(value) for name, value in final.items()})


def record_recipes():
    x_value, label_value = _recipe_data()
    out = dict(x=arr(x_value), labels=arr(label_value), steps=RECIPE_STEPS, lr=RECIPE_LR)
    with tf.Graph().as_default():
        loss, parts = layer_recipes.recipe_a(tf, tf.constant(x_value), tf.constant(label_value))
        out["a"] = _recorded(*layer_recipes.train(tf, loss, parts, RECIPE_STEPS, RECIPE_LR))
    with tf.Graph().as_default():
        loss, parts, l2_loss = layer_recipes.recipe_b(tf, tf.constant(x_value),
                                                      tf.constant(label_value), l2_regularizer)
        recorded = _recorded(*layer_recipes.train(tf, loss, parts, RECIPE_STEPS, RECIPE_LR))
        out["b"] = dict(recorded, loss_name=loss.name,
                        regularization_losses=[t.name for t in l2_loss])
    return out


# -- dropout (TF's Philox streams, op-level seeds) ----------------------------------------------
def record_dropout():
    x = (rng(900).uniform(0.5, 1.5, size=(4, 6))).astype(F32)
    with tf.Graph().as_default(), tf.Session() as sess:
        tx = tf.constant(x)
        values = sess.run(dict(
            nn_keep_prob=tf.nn.dropout(tx, keep_prob=0.6, seed=5),
            nn_rate=tf.nn.dropout(tx, rate=0.25, seed=9),
            nn_noise_shape=tf.nn.dropout(tx, keep_prob=0.5, noise_shape=[4, 1], seed=3),
            layer=tf.layers.dropout(tx, rate=0.3, seed=11, training=True)))
    return dict(input=arr(x), **{k: arr(v) for k, v in values.items()})


def main():
    golden = dict(
        meta=dict(tensorflow=tf2.__version__, script="scripts/record_golden_layers.py"),
        conv2d=record_conv2d(), pool=record_pool(), layers=record_layers(),
        batch_norm=record_batch_norm(), losses=record_losses(),
        regularizers=record_regularizers(), recipes=record_recipes(),
        dropout=record_dropout())
    OUT.write_text(json.dumps(golden, separators=(",", ":")) + "\n")
    print("wrote %s (%d KiB)" % (OUT, OUT.stat().st_size // 1024))


if __name__ == "__main__":
    main()
