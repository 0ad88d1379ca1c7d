"""tf.layers, tf.nn.dropout, tf.losses and tf.contrib.layers: variable naming and reuse,
UPDATE_OPS, the training flag, regularization collections, loss reductions and errors.
(Numbers are checked against TensorFlow in test_layers_golden.py.)"""
import numpy as np
import pytest

import course as tf
from course import contrib, layers, losses
from course.ops.dropout_ops import dropout as nn_dropout

REG = tf.GraphKeys.REGULARIZATION_LOSSES


def names(variables):
    return [v.op.name for v in variables]


# -- variable naming and reuse ---------------------------------------------------------------------
def test_layers_name_their_variables_like_tf1():
    x = tf.placeholder(tf.float32, [None, 4])
    images = tf.placeholder(tf.float32, [None, 8, 8, 1])
    layers.dense(x, 3)
    layers.dense(x, 2)
    layers.conv2d(images, 4, 3)
    layers.batch_normalization(images)
    layers.dense(x, 2, name="logits")
    assert names(tf.global_variables()) == [
        "dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias",
        "conv2d/kernel", "conv2d/bias",
        "batch_normalization/gamma", "batch_normalization/beta",
        "batch_normalization/moving_mean", "batch_normalization/moving_variance",
        "logits/kernel", "logits/bias"]
    assert tf.global_variables()[4].shape.as_list() == [3, 3, 1, 4]
    assert names(tf.trainable_variables()) == [
        n for n in names(tf.global_variables()) if "moving" not in n]


def test_a_named_layer_cannot_be_made_twice_without_reuse():
    x = tf.placeholder(tf.float32, [None, 4])
    layers.dense(x, 3, name="fc")
    with pytest.raises(ValueError, match="Variable fc/kernel already exists, disallowed"):
        layers.dense(x, 3, name="fc")


@pytest.mark.parametrize("reuse", [True, tf.AUTO_REUSE])
def test_reuse_shares_the_variables(reuse):
    x = tf.placeholder(tf.float32, [None, 4])
    a = layers.dense(x, 3, name="fc")
    b = layers.dense(x, 3, name="fc", reuse=reuse)
    assert names(tf.global_variables()) == ["fc/kernel", "fc/bias"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        va, vb = sess.run([a, b], {x: np.ones((2, 4))})
    np.testing.assert_array_equal(va, vb)


def test_reuse_inside_a_reentered_variable_scope():
    """The TF1 idiom: build a tower twice, the second time under reuse=True."""
    x = tf.placeholder(tf.float32, [None, 4])
    for reuse in (None, True):
        with tf.variable_scope("tower", reuse=reuse):
            layers.dense(layers.dense(x, 3, activation=tf.nn.relu), 2)
    assert names(tf.global_variables()) == ["tower/dense/kernel", "tower/dense/bias",
                                            "tower/dense_1/kernel", "tower/dense_1/bias"]


def test_reuse_of_a_layer_that_does_not_exist_fails():
    x = tf.placeholder(tf.float32, [None, 4])
    with pytest.raises(ValueError, match="Variable fc/kernel does not exist"):
        layers.dense(x, 3, name="fc", reuse=True)


def test_a_layer_object_builds_once_and_reuses_its_variables():
    layer = layers.Dense(3, activation=tf.nn.relu)
    x = tf.placeholder(tf.float32, [None, 4])
    y1, y2 = layer(x), layer(x * 2.0)
    assert layer.built and names(layer.variables) == ["dense/kernel", "dense/bias"]
    assert layer.kernel.shape.as_list() == [4, 3] and layer.scope_name == "dense"
    assert len(tf.global_variables()) == 2
    assert y1.op.name.startswith("dense/") and y2.op.name.startswith("dense/")


def test_untrainable_layers_keep_their_variables_out_of_training():
    x = tf.placeholder(tf.float32, [None, 4])
    layer = layers.Dense(3, trainable=False)
    layer(x)
    assert tf.trainable_variables() == [] and len(tf.global_variables()) == 2
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 2


def test_dense_multiplies_along_the_last_axis_of_higher_rank_inputs():
    x = tf.placeholder(tf.float32, [None, 5, 3])
    y = layers.dense(x, 2, kernel_initializer=tf.ones_initializer())
    assert y.shape.as_list() == [None, 5, 2]
    value = np.arange(30, dtype=np.float32).reshape(2, 5, 3)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run(y, {x: value})
    np.testing.assert_allclose(out, np.repeat(value.sum(-1, keepdims=True), 2, -1))


def test_flatten_keeps_the_batch_axis():
    assert layers.flatten(tf.placeholder(tf.float32, [None, 4, 4, 8])).shape.as_list() == \
        [None, 128]
    assert layers.flatten(tf.placeholder(tf.float32, [None, None, 3])).shape.as_list() == \
        [None, None]


@pytest.mark.parametrize("call,message", [
    (lambda x: layers.dense(tf.placeholder(tf.float32, [None, None]), 3),
     "The last dimension of the inputs to `Dense` should be defined"),
    (lambda x: layers.conv2d(x, 4, 3, padding="full"), 'must be one of "valid", "same"'),
    (lambda x: layers.conv2d(x, 4, (3, 3, 3)), "`kernel_size` argument must be a tuple of 2"),
    (lambda x: layers.conv2d(x, 4, 3, data_format="channels_first"), "channels_last"),
    (lambda x: layers.conv2d(x, 4, 3, strides=2, dilation_rate=2), "dilation_rate > 1"),
    (lambda x: layers.conv2d(tf.placeholder(tf.float32, [None, 8, 8]), 4, 3), "expected ndim=4"),
])
def test_layer_argument_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call(tf.placeholder(tf.float32, [None, 8, 8, 3]))


# -- regularization ----------------------------------------------------------------------------------
def test_kernel_regularizer_adds_one_loss_per_created_variable():
    x = tf.placeholder(tf.float32, [None, 4])
    l2 = contrib.layers.l2_regularizer(0.01)
    layers.dense(x, 3, kernel_regularizer=l2, name="fc")
    layers.dense(x, 3, kernel_regularizer=l2, name="fc", reuse=True)    # reused: no new loss
    layers.dense(x, 3, bias_regularizer=l2, name="other")
    assert [t.op.name for t in tf.get_collection(REG)] == [
        "fc/kernel/Regularizer/l2_regularizer", "other/bias/Regularizer/l2_regularizer"]


def test_regularization_loss_is_the_sum_of_the_collection():
    x = tf.placeholder(tf.float32, [None, 2])
    assert losses.get_regularization_loss().op.type == "Const"          # none yet: 0.0
    layers.dense(x, 2, kernel_initializer=tf.constant_initializer([[1., 2.], [3., 4.]]),
                 kernel_regularizer=contrib.layers.l2_regularizer(0.5))
    layers.dense(x, 1, kernel_initializer=tf.constant_initializer([[2.], [-2.]]),
                 kernel_regularizer=contrib.layers.l1_regularizer(0.25))
    total = losses.get_regularization_loss()
    assert total.op.name == "total_regularization_loss"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(total) == pytest.approx(0.5 * 30 / 2 + 0.25 * 4)


def test_activity_regularizer_is_averaged_over_the_batch():
    x = tf.constant(np.ones((4, 2), np.float32))
    layers.dense(x, 3, kernel_initializer=tf.ones_initializer(),
                 activity_regularizer=tf.reduce_sum)
    loss, = tf.get_collection(REG)
    assert loss.op.name.startswith("dense/ActivityRegularizer/")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(loss) == pytest.approx(4 * 3 * 2 / 4)


def test_contrib_regularizer_rules():
    w = tf.constant([[1., -2.], [3., 4.]])
    cl = contrib.layers
    assert cl.l2_regularizer(0.)(w) is None and cl.l1_regularizer(0.0)(w) is None
    layers.dense(tf.placeholder(tf.float32, [None, 2]), 2, kernel_regularizer=cl.l2_regularizer(0.))
    assert tf.get_collection(REG) == []
    with pytest.raises(ValueError, match="Setting a scale less than 0 on a regularizer: -1"):
        cl.l2_regularizer(-1.)
    with pytest.raises(ValueError, match="scale cannot be an integer: 1"):
        cl.l2_regularizer(1)
    assert cl.l2_regularizer(0.1)(w).op.name == "l2_regularizer"
    assert cl.l2_regularizer(0.1, scope="wd")(w).op.name == "wd"
    with tf.Session() as sess:
        assert sess.run(cl.l2_regularizer(1.)(w)) == sess.run(tf.nn.l2_loss(w)) == 15.0
        assert sess.run(cl.l1_l2_regularizer(1., 0.5)(w)) == pytest.approx(10 + 7.5)
        assert sess.run(cl.l1_l2_regularizer(0., 1.)(w)) == 15.0


def test_apply_regularization_sums_over_a_weights_list():
    a, b = tf.constant([1., 2.]), tf.constant([[3.]])
    total = contrib.layers.apply_regularization(contrib.layers.l2_regularizer(2.), [a, b])
    assert tf.get_collection(REG) == [total]
    with pytest.raises(ValueError, match="No weights to regularize"):
        contrib.layers.apply_regularization(contrib.layers.l2_regularizer(2.))
    with tf.Session() as sess:
        assert sess.run(total) == pytest.approx(2 * (5 / 2) + 2 * (9 / 2))


def test_xavier_initializer_stays_within_glorot_limits():
    init = contrib.layers.xavier_initializer(seed=3)
    values = init([20, 30])
    with tf.Session() as sess:
        v = sess.run(values)
    limit = np.sqrt(6 / 50)
    assert v.shape == (20, 30) and np.abs(v).max() <= limit and np.abs(v).max() > 0.9 * limit
    with pytest.raises(TypeError, match="non-floating point"):
        contrib.layers.xavier_initializer(dtype=tf.int32)


# -- dropout ---------------------------------------------------------------------------------------
def test_nn_dropout_keeps_the_expected_value():
    x = tf.ones([200, 100])
    y = nn_dropout(x, keep_prob=0.8, seed=1)
    with tf.Session() as sess:
        out = sess.run(y)
    kept = out != 0
    assert 0.78 < kept.mean() < 0.82
    np.testing.assert_allclose(out[kept], 1 / np.float32(0.8))
    assert 0.97 < out.mean() < 1.03


def test_nn_dropout_with_keep_prob_placeholder_and_noise_shape():
    x = tf.ones([6, 50])
    keep_prob = tf.placeholder(tf.float32, [])
    y = nn_dropout(x, keep_prob, noise_shape=[1, 50], seed=2)
    assert y.shape.as_list() == [6, 50]
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(y, {keep_prob: 1.0}), np.ones([6, 50]))
        half = sess.run(y, {keep_prob: 0.5})
    assert set(np.unique(half)) <= {0.0, 2.0}
    assert (half == half[0]).all()          # one decision per column, shared by every row


def test_nn_dropout_arguments():
    x = tf.ones([2, 2])
    assert nn_dropout(x, keep_prob=1.0) is x
    for kwargs, message in (({}, "You must provide a rate to dropout"),
                            ({"keep_prob": 0.5, "rate": 0.5}, "Cannot specify both"),
                            ({"keep_prob": 0.0}, r"rate must be .* in the range \[0, 1\), got 1"),
                            ({"keep_prob": "half"}, "keep_prob must be a floating point number")):
        with pytest.raises(ValueError, match=message):
            nn_dropout(x, **kwargs)
    with pytest.raises(ValueError, match="x has to be a floating point tensor"):
        nn_dropout(tf.ones([2], tf.int32), rate=0.5)


def test_dropout_layer_training_flag():
    x = tf.constant(np.arange(1, 401, dtype=np.float32).reshape(20, 20))
    off, on = layers.dropout(x, 0.5), layers.dropout(x, 0.5, training=True, seed=1)
    assert off.op.type == "Identity"
    training = tf.placeholder(tf.bool, [])
    switched = layers.dropout(x, 0.5, training=training, seed=1)
    constant_flag = layers.dropout(x, 0.5, training=tf.constant(False))
    assert constant_flag.op.type == "Identity"            # known while building: no selection
    with tf.Session() as sess:
        x_value, off_value, on_value = sess.run([x, off, on])
        np.testing.assert_array_equal(off_value, x_value)
        assert 0.35 < (on_value == 0).mean() < 0.65
        np.testing.assert_array_equal(on_value[on_value != 0], 2 * x_value[on_value != 0])
        np.testing.assert_array_equal(sess.run(switched, {training: False}), x_value)
        dropped = sess.run(switched, {training: True})
    assert 0.35 < (dropped == 0).mean() < 0.65
    np.testing.assert_array_equal(dropped[dropped != 0], 2 * x_value[dropped != 0])


# -- batch normalization: UPDATE_OPS and the training flag -----------------------------------------
def _bn_graph(training):
    x = tf.placeholder(tf.float32, [None, 3])
    y = layers.batch_normalization(x, training=training, momentum=0.5)
    moving_mean = next(v for v in tf.global_variables() if v.op.name.endswith("moving_mean"))
    return x, y, moving_mean


def test_batch_norm_training_adds_moving_average_updates_to_update_ops():
    x, y, moving_mean = _bn_graph(training=True)
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    assert [op.op.name for op in update_ops] == ["batch_normalization/AssignMovingAvg",
                                                 "batch_normalization/AssignMovingAvg_1"]
    batch = np.array([[1., 2., 3.], [3., 6., 9.]], np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run(y, {x: batch})
        assert sess.run(moving_mean).tolist() == [0, 0, 0]      # nothing ran the updates
        np.testing.assert_allclose(out.mean(0), 0, atol=1e-6)
        sess.run(update_ops, {x: batch})
        np.testing.assert_allclose(sess.run(moving_mean), [1., 2., 3.])   # 0 - (0 - 2,4,6)*0.5


def test_batch_norm_updates_run_with_a_train_op_that_depends_on_them():
    x, y, moving_mean = _bn_graph(training=True)
    loss = tf.reduce_sum(y * y)
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        train_op = tf.group(*[tf.assign_sub(v, 0.1 * g) for v, g in
                              zip(tf.trainable_variables(),
                                  tf.gradients(loss, tf.trainable_variables()))])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_op, {x: [[2., 2., 2.], [4., 4., 4.]]})
        np.testing.assert_allclose(sess.run(moving_mean), [1.5, 1.5, 1.5])


def test_batch_norm_inference_uses_the_moving_statistics_and_adds_no_update():
    x, y, _ = _bn_graph(training=False)
    assert tf.get_collection(tf.GraphKeys.UPDATE_OPS) == []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run(y, {x: [[1., 2., 3.]]})
    np.testing.assert_allclose(out, np.array([[1., 2., 3.]]) / np.sqrt(1 + 1e-3), rtol=1e-6)


def test_batch_norm_training_placeholder_selects_at_run_time():
    training = tf.placeholder(tf.bool, [])
    x, y, moving_mean = _bn_graph(training)
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    batch = np.array([[1., 2., 3.], [3., 6., 9.]], np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        inference, _ = sess.run([y, update_ops], {x: batch, training: False})
        np.testing.assert_allclose(inference, batch / np.sqrt(1 + 1e-3), rtol=1e-6)
        assert sess.run(moving_mean).tolist() == [0, 0, 0]     # updates are no-ops then
        trained, _ = sess.run([y, update_ops], {x: batch, training: True})
        np.testing.assert_allclose(trained.mean(0), 0, atol=1e-6)
        np.testing.assert_allclose(sess.run(moving_mean), [1., 2., 3.])


# -- losses: collections and reductions -------------------------------------------------------------
def test_losses_are_collected_and_totalled():
    labels, preds = tf.constant([[1.], [2.]]), tf.constant([[2.], [4.]])
    mse = losses.mean_squared_error(labels, preds)
    mae = losses.absolute_difference(labels, preds, loss_collection=None)
    assert losses.get_losses() == [mse] and mse.op.name.startswith("mean_squared_error/")
    losses.add_loss(mae)
    tf.add_to_collection(REG, tf.constant(0.25))
    total = losses.get_total_loss()
    without_reg = losses.get_total_loss(add_regularization_losses=False, name="data_loss")
    assert total.op.name == "total_loss"
    with tf.Session() as sess:
        assert sess.run([mse, mae, total, without_reg]) == [2.5, 1.5, 4.25, 4.0]


def test_zero_weights_leave_examples_out_of_the_mean():
    labels = tf.zeros([4])
    preds = tf.constant([1., 2., 3., 4.])
    weighted = losses.mean_squared_error(labels, preds, weights=[1., 0., 1., 0.])
    all_zero = losses.mean_squared_error(labels, preds, weights=0.0)
    with tf.Session() as sess:
        assert sess.run(weighted) == 5.0              # (1 + 9) / 2 nonzero weights
        assert sess.run(all_zero) == 0.0              # 0 / 0 -> 0, not NaN


def test_loss_argument_errors():
    with pytest.raises(ValueError, match="Invalid Reduction Key sum"):
        losses.mean_squared_error([1.], [2.], reduction="sum")
    with pytest.raises(ValueError, match="labels must not be None"):
        losses.mean_squared_error(None, [2.])
    with pytest.raises(ValueError, match="weights can not be broadcast to values"):
        losses.mean_squared_error(tf.zeros([4, 3]), tf.zeros([4, 3]), weights=tf.ones([4, 2]))
    with pytest.raises(ValueError, match="incompatible"):
        losses.mean_squared_error(tf.zeros([4, 3]), tf.zeros([4, 2]))


def test_reduction_keys_are_tf_strings():
    assert losses.Reduction.SUM_BY_NONZERO_WEIGHTS == "weighted_sum_by_nonzero_weights"
    assert losses.Reduction.SUM_OVER_NONZERO_WEIGHTS == losses.Reduction.SUM_BY_NONZERO_WEIGHTS
    assert set(losses.Reduction.all()) == {"none", "weighted_sum", "weighted_mean",
                                           "weighted_sum_over_batch_size",
                                           "weighted_sum_by_nonzero_weights"}
