"""tf.layers, tf.losses, the contrib regularizers, dropout and the source article's two L2
recipes against TensorFlow's numbers (golden/layers.json, scripts/record_golden_layers.py)."""
import layer_recipes
import numpy as np
import pytest
from golden_files import assert_tf_close, f32, load_golden

import course as tf
from course import contrib, layers, losses
from course.ops.dropout_ops import dropout as nn_dropout

GOLDEN = load_golden("layers")


# -- dense and conv2d layers ------------------------------------------------------------------
def test_dense_layer_matches_tensorflow():
    g = GOLDEN["layers"]["dense"]
    x, x3 = tf.constant(f32(g["input"])), tf.constant(f32(g["input3"]))
    y = layers.dense(x, 5, activation=tf.nn.relu,
                     kernel_initializer=tf.constant_initializer(g["kernel"]),
                     bias_initializer=tf.constant_initializer(g["bias"]))
    y3 = layers.dense(x3, 5, name="dense", reuse=True, activation=tf.nn.relu)
    assert y3.shape.as_list() == [2, 4, 5]
    loss = tf.reduce_sum(y * f32(g["weights"])) + tf.reduce_sum(y3 * f32(g["weights3"]))
    grads = tf.gradients(loss, tf.trainable_variables())
    assert [v.name for v in tf.global_variables()] == g["variables"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        yv, y3v, (gk, gb) = sess.run([y, y3, grads])
    assert_tf_close(yv, g["output"])
    assert_tf_close(y3v, g["output3"])
    assert_tf_close(gk, g["d_kernel"])
    assert_tf_close(gb, g["d_bias"])


def test_conv2d_layer_matches_tensorflow():
    g = GOLDEN["layers"]["conv2d"]
    x = tf.constant(f32(g["input"]))
    y = layers.conv2d(x, 4, (3, 3), strides=(2, 2), padding="same", activation=tf.nn.relu,
                      kernel_initializer=tf.constant_initializer(g["kernel"]),
                      bias_initializer=tf.constant_initializer(g["bias"]))
    grads = tf.gradients(tf.reduce_sum(y * f32(g["weights"])), [x] + tf.trainable_variables())
    assert [v.name for v in tf.global_variables()] == g["variables"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        yv, (gx, gk, gb) = sess.run([y, grads])
    assert_tf_close(yv, g["output"])
    assert_tf_close(gx, g["d_input"])
    assert_tf_close(gk, g["d_kernel"])
    assert_tf_close(gb, g["d_bias"])


# -- batch normalization ----------------------------------------------------------------------
@pytest.mark.parametrize("case", GOLDEN["batch_norm"], ids=lambda c: c["name"])
def test_batch_normalization_steps_match_tensorflow(case):
    """Training output, its gradients and the moving statistics after each run of UPDATE_OPS,
    then inference with the moving statistics."""
    shape = np.shape(case["inputs"][0])
    x = tf.placeholder(tf.float32, shape)
    fed = isinstance(case["training"][0], str)
    training = tf.placeholder(tf.bool, []) if fed else True
    y = layers.batch_normalization(x, axis=case["axis"], momentum=0.9, training=training,
                                   gamma_initializer=tf.constant_initializer(case["gamma"]),
                                   beta_initializer=tf.constant_initializer(case["beta"]),
                                   name="bn")
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    assert len(update_ops) == case["n_update_ops"]
    y_infer = layers.batch_normalization(x, axis=case["axis"], momentum=0.9, training=False,
                                         name="bn", reuse=True)
    grads = tf.gradients(tf.reduce_sum(y * f32(case["weights"])), [x] + tf.trainable_variables())
    assert [v.name for v in tf.global_variables()] == case["variables"]
    assert [v.name for v in tf.trainable_variables()] == case["trainable"]
    moving = [v for v in tf.global_variables() if "moving" in v.name]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for k, (step, expected) in enumerate(zip(case["training"], case["steps"])):
            feed = {x: f32(case["inputs"][k])}
            if fed:
                feed[training] = step == "feed:True"
            yv, gv, _ = sess.run([y, grads, update_ops], feed)
            mm, mv = sess.run(moving)
            assert_tf_close(yv, expected["output"])
            assert_tf_close(gv[0], expected["d_input"])
            assert_tf_close(gv[1], expected["d_gamma"])
            assert_tf_close(gv[2], expected["d_beta"])
            assert_tf_close(mm, expected["moving_mean"])
            assert_tf_close(mv, expected["moving_variance"])
        assert_tf_close(sess.run(y_infer, {x: f32(case["inputs"][0])}), case["inference_output"])


# -- losses ------------------------------------------------------------------------------------
def _loss_id(case):
    kw = ",".join("%s=%s" % (k, v if not isinstance(v, list) else "array")
                  for k, v in sorted(case["kwargs"].items()))
    return "%s(%s)" % (case["fn"], kw)


@pytest.mark.parametrize("case", GOLDEN["losses"], ids=_loss_id)
def test_tf_losses_match_tensorflow(case):
    tensors = {k: tf.constant(np.asarray(v, dtype=case["tensor_dtypes"][k]))
               for k, v in case["tensors"].items()}
    kwargs = {k: tf.constant(f32(v)) if isinstance(v, list) else v
              for k, v in case["kwargs"].items()}
    loss = getattr(losses, case["fn"])(**tensors, **kwargs)
    assert len(losses.get_losses()) == case["collected"] == 1
    with tf.Session() as sess:
        assert_tf_close(sess.run(loss), case["value"])


# -- regularizers and the article's recipes ---------------------------------------------------
def test_contrib_regularizers_match_tensorflow():
    g = GOLDEN["regularizers"]
    weights = tf.constant([[1, 2, 3], [4, 5, 6]], dtype=tf.float32)
    cl = contrib.layers
    values = dict(
        l2_loss=tf.nn.l2_loss(weights),
        l2_regularizer_1=cl.l2_regularizer(1.)(weights),
        l2_regularizer_0_001=cl.l2_regularizer(0.001)(weights),
        l1_regularizer_0_5=cl.l1_regularizer(0.5)(weights),
        l1_l2_regularizer=cl.l1_l2_regularizer(0.5, 0.25)(weights))
    with tf.Session() as sess:
        got = sess.run(values)
    assert got["l2_regularizer_1"] == got["l2_loss"] == 45.5      # the article's printout
    for key, expected in g.items():
        assert_tf_close(got[key], expected)


def _train_and_compare(loss, parts, expected):
    recipes = GOLDEN["recipes"]
    history, final = layer_recipes.train(tf, loss, parts, recipes["steps"], recipes["lr"])
    assert len(history) == len(expected["history"])
    for got, want in zip(history, expected["history"]):
        for key in want:
            assert_tf_close(got[key], want[key])
    for name, value in final.items():
        assert_tf_close(value, expected["final"][name])


def _recipe_inputs():
    recipes = GOLDEN["recipes"]
    return tf.constant(f32(recipes["x"])), tf.constant(np.asarray(recipes["labels"], np.int32))


def test_recipe_a_weight_decay_over_trainable_variables_matches_tensorflow():
    loss, parts = layer_recipes.recipe_a(tf, *_recipe_inputs())
    _train_and_compare(loss, parts, GOLDEN["recipes"]["a"])


def test_recipe_b_kernel_regularizer_collection_matches_tensorflow():
    loss, parts, l2_loss = layer_recipes.recipe_b(tf, *_recipe_inputs(),
                                                  contrib.layers.l2_regularizer)
    expected = GOLDEN["recipes"]["b"]
    assert loss.name == expected["loss_name"]
    assert [t.name for t in l2_loss] == expected["regularization_losses"]
    _train_and_compare(loss, parts, expected)


# -- dropout: TF's Philox streams, so the masks are TF's ----------------------------------------
def test_dropout_masks_and_scaling_match_tensorflow():
    g = GOLDEN["dropout"]
    x = tf.constant(f32(g["input"]))
    got = dict(nn_keep_prob=nn_dropout(x, keep_prob=0.6, seed=5),
               nn_rate=nn_dropout(x, rate=0.25, seed=9),
               nn_noise_shape=nn_dropout(x, keep_prob=0.5, noise_shape=[4, 1], seed=3),
               layer=layers.dropout(x, rate=0.3, seed=11, training=True))
    with tf.Session() as sess:
        got = sess.run(got)
    for key, value in got.items():
        np.testing.assert_array_equal(value == 0, np.asarray(g[key]) == 0, err_msg=key)
        assert_tf_close(value, g[key], rtol=1e-6)
