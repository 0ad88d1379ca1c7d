"""The source article's two L2 recipes behind golden/layers.json["recipes"], written once and
run under both TensorFlow (scripts/record_golden_layers.py records) and course
(tests/layers/test_layers_golden.py compares).

``tf`` is ``tensorflow.compat.v1`` or ``course``; ``l2_regularizer`` is contrib's (TF 2 has no
contrib: the script passes its own copy of TF 1's). This module imports neither.
"""
import numpy as np


def fixed(shape, scale=0.1, phase=0.0):
    """Deterministic 'random-looking' numbers (no RNG on either side): a sine pattern."""
    n = int(np.prod(shape))
    return (scale * np.sin(np.arange(n) * 1.7 + phase + 0.3)).reshape(shape).astype(np.float32)


def recipe_model(tf, x, kernel_regularizer):
    """conv2d(8, 3x3, same, relu) -> max_pool -> flatten -> dense(3): fixed initial weights."""
    h = tf.layers.conv2d(x, 8, (3, 3), padding="same", activation=tf.nn.relu,
                         kernel_initializer=tf.constant_initializer(fixed((3, 3, 1, 8), 0.3)),
                         bias_initializer=tf.constant_initializer(fixed((8,), 0.05, 2.0)),
                         kernel_regularizer=kernel_regularizer)
    h = tf.layers.max_pooling2d(h, 2, 2)
    h = tf.layers.flatten(h)
    return tf.layers.dense(h, 3, kernel_initializer=tf.constant_initializer(fixed((72, 3), 0.2)),
                           bias_initializer=tf.zeros_initializer())


def _base_loss(tf, labels, logits):
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=labels, logits=logits))


def recipe_a(tf, x, labels):
    """(a) weight decay over every trainable variable, biases included: (loss, parts)."""
    logits = recipe_model(tf, x, None)
    weight_decay = 0.001
    base_loss = _base_loss(tf, labels, logits)
    l2_loss = weight_decay * tf.add_n([tf.nn.l2_loss(tf.cast(v, tf.float32))
                                       for v in tf.trainable_variables()])
    loss = base_loss + l2_loss
    return loss, dict(base_loss=base_loss, l2_loss=l2_loss, loss=loss)


def recipe_b(tf, x, labels, l2_regularizer):
    """(b) kernel_regularizer on the conv layer, collected from REGULARIZATION_LOSSES:
    (loss, parts, the regularization losses)."""
    logits = recipe_model(tf, x, l2_regularizer(0.001))
    base_loss = _base_loss(tf, labels, logits)
    l2_loss = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    loss = tf.add_n([base_loss] + l2_loss, name="loss")
    return loss, dict(base_loss=base_loss, l2_loss=tf.add_n(l2_loss), loss=loss), l2_loss


def train(tf, loss, parts, steps, learning_rate):
    """``steps`` steps of plain gradient descent on the trainable variables: the values of
    ``parts`` before each step and after the last (``steps + 1`` dicts), and the final
    variables by op name."""
    variables = tf.trainable_variables()
    grads = tf.gradients(loss, variables)
    step = tf.group(*[tf.assign_sub(v, learning_rate * g) for v, g in zip(variables, grads)])
    history = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(steps):
            history.append(sess.run(parts))
            sess.run(step)
        history.append(sess.run(parts))
        final = {v.op.name: sess.run(v) for v in variables}
    return history, final
