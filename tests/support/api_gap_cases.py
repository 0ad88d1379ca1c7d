"""Cases for TF1 APIs tutorials use that course lacked (issue 10's API gaps: tf.keras.datasets,
tf.nn's weighted cross-entropy / LRN / depthwise conv, tf.contrib.layers.batch_norm, the sampled
losses), run under both TensorFlow (scripts/record_golden_api_gaps.py writes
golden/api_gaps.json) and course (tests/*/test_*_golden.py compare). Same contract as
engine_cases.py: ``case(tf, sess)`` returns a dict of results. This module must not import
tensorflow (the TF-only set-up below imports TF's own keras/slim packages, under TF only)."""
import collections
import contextlib
import gzip
import os
import pathlib
import struct
import tempfile

import numpy as np

from engine_cases import error_name
from golden_files import case_problems

CASES = collections.OrderedDict()
BUNDLED_MNIST = pathlib.Path(__file__).resolve().parents[2] / "course/datasets/data/mnist_5k.npz"


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def golden_problems(tf, name, tolerance=None):
    """How course's results for case ``name`` differ from TF's (golden/api_gaps.json)."""
    return case_problems(tf, "api_gaps", CASES, name, tolerance)


def is_course(tf):
    return tf.__name__.startswith("course")


# -- 1. tf.keras.datasets ------------------------------------------------------------------------
def _few_digits():
    """4 training and 3 test digits of the bundled subset: the fixture both loaders read."""
    with np.load(BUNDLED_MNIST) as data:
        return ((data["train_images"][:4], data["train_labels"][:4]),
                (data["test_images"][:3], data["test_labels"][:3]))


def _write_idx_gz(path, array):
    header = struct.pack(">BBBB", 0, 0, 8, array.ndim) + struct.pack(
        ">" + "I" * array.ndim, *array.shape)
    with gzip.open(path, "wb") as out:
        out.write(header + array.astype(np.uint8).tobytes())


def _write_idx_directory(directory, digits):
    (x_train, y_train), (x_test, y_test) = digits
    directory.mkdir(parents=True, exist_ok=True)
    for stem, array in [("train-images-idx3-ubyte", x_train), ("train-labels-idx1-ubyte", y_train),
                        ("t10k-images-idx3-ubyte", x_test), ("t10k-labels-idx1-ubyte", y_test)]:
        _write_idx_gz(directory / (stem + ".gz"), array)


@contextlib.contextmanager
def _environment(**values):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k)
            else:
                os.environ[k] = v


@contextlib.contextmanager
def _keras_mnist_source(tf, home, digits):
    """The full-MNIST copy each side reads: TF's keras checks mnist.npz against the real file's
    sha256 and would download it, so under TF its get_file is pointed at a local npz of these
    digits (keras's own reading code runs); course reads the same digits from a directory of
    IDX files named by $COURSE_MNIST, its route to a local full MNIST."""
    if is_course(tf):
        _write_idx_directory(home / "idx", digits)
        with _environment(COURSE_MNIST=str(home / "idx")):
            yield
        return
    from tf_keras.src.datasets import mnist as keras_mnist
    (x_train, y_train), (x_test, y_test) = digits
    npz = home / "mnist.npz"
    np.savez(npz, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    real_get_file = keras_mnist.get_file
    keras_mnist.get_file = lambda *args, **kwargs: str(npz)
    try:
        yield
    finally:
        keras_mnist.get_file = real_get_file


def _described(result):
    (x_train, y_train), (x_test, y_test) = result
    return {"types": [type(result).__name__, type(result[0]).__name__, type(result[1]).__name__],
            "x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}


@case
def keras_datasets_mnist(tf, sess):
    with tempfile.TemporaryDirectory() as home:
        home = pathlib.Path(home)
        with _keras_mnist_source(tf, home, _few_digits()):
            return _described(tf.keras.datasets.mnist.load_data())


@case
def keras_datasets_fashion_mnist(tf, sess):
    """Fashion-MNIST from keras's cache, ~/.keras/datasets/fashion-mnist (HOME set to a temp
    dir holding it); MNIST-shaped files, so the few digits stand in for clothes."""
    with tempfile.TemporaryDirectory() as home:
        home = pathlib.Path(home)
        _write_idx_directory(home / ".keras" / "datasets" / "fashion-mnist", _few_digits())
        with _environment(HOME=str(home)):
            return _described(tf.keras.datasets.fashion_mnist.load_data())


# -- 2. tf.nn: weighted cross-entropy, local response normalization, depthwise convolution -------
def _ramp(shape, lo=-2.0, hi=2.0, dtype=np.float32):
    return np.linspace(lo, hi, int(np.prod(shape)), dtype=np.float64).reshape(shape).astype(dtype)


@case
def nn_weighted_cross_entropy(tf, sess):
    logits = tf.constant([[1.5, -0.1, -10.0], [30.0, -30.0, 0.0]])
    labels = tf.constant([[1.0, 0.5, 0.0], [0.0, 1.0, 1.0]])
    loss = tf.nn.weighted_cross_entropy_with_logits(labels=labels, logits=logits, pos_weight=1.5)
    older = tf.nn.weighted_cross_entropy_with_logits(targets=labels, logits=logits,
                                                     pos_weight=tf.constant([0.5, 2.0, 1.0]))
    positional = tf.nn.weighted_cross_entropy_with_logits(labels, logits, 3.0, name="wxe")
    f64 = tf.nn.weighted_cross_entropy_with_logits(
        labels=tf.constant([0.0, 1.0], tf.float64), logits=tf.constant([-1.0, 2.0], tf.float64),
        pos_weight=0.25)
    grads = tf.gradients(tf.reduce_sum(loss * [[1.0, 2.0, 3.0]]) + tf.reduce_sum(older),
                         [logits, labels])
    return {"loss": loss, "older": older, "positional": positional, "f64": f64, "grads": grads,
            "names": [loss.op.name, positional.op.name], "dtype": f64.dtype.name,
            "shape_error": error_name(lambda: tf.nn.weighted_cross_entropy_with_logits(
                labels=tf.zeros([2, 3]), logits=tf.zeros([3, 2]), pos_weight=2.0)),
            "both_error": error_name(lambda: tf.nn.weighted_cross_entropy_with_logits(
                labels=labels, targets=labels, logits=logits, pos_weight=2.0))}


@case
def nn_crelu_and_zero_fraction(tf, sess):
    x = tf.constant(_ramp((2, 5), -1.0, 1.0))
    relu = tf.nn.relu(x)
    crelu = tf.nn.crelu(x)
    along_0 = tf.nn.crelu(x, axis=0, name="c0")
    grads = tf.gradients(tf.reduce_sum(crelu * tf.constant(_ramp((2, 10), 0.5, 1.5))), x)
    return {"crelu": crelu, "along_0": along_0, "grads": grads,
            "fractions": [tf.nn.zero_fraction(relu), tf.nn.zero_fraction(tf.zeros([0, 3])),
                          tf.nn.zero_fraction([[0, 1, 2], [0, 0, 5]]),
                          tf.nn.zero_fraction(tf.constant([True, False]))],
            "names": [crelu.op.name, along_0.op.name,
                      tf.nn.zero_fraction(relu, name="sparsity").op.name]}


@case
def nn_fused_batch_norm(tf, sess):
    # (placeholders with defaults: TF 2.21's graph optimizer folds an all-constant
    # FusedBatchNormV3 into one Const and then fails to fetch its other outputs)
    x = tf.placeholder_with_default(_ramp((2, 3, 2, 3), -2.0, 5.0) ** 2, [2, 3, 2, 3])
    scale = tf.placeholder_with_default(np.float32([1.0, 2.0, 0.5]), [3])
    offset = tf.placeholder_with_default(np.float32([0.1, -0.2, 0.3]), [3])
    y, mean, variance = tf.nn.fused_batch_norm(x, scale, offset)
    flat = tf.placeholder_with_default(np.float32([0.0, 0.001]).reshape(2, 1, 1, 1), [2, 1, 1, 1])
    tiny = [tf.nn.fused_batch_norm(flat, scale[:1], offset[:1], epsilon=e)[0]
            for e in (1e-9, 1e-3)]
    inference = tf.nn.fused_batch_norm(x, scale, offset, mean=tf.constant([1.0, 2.0, 3.0]),
                                       variance=tf.constant([4.0, 5.0, 6.0]),
                                       is_training=False)
    grads = tf.gradients(tf.reduce_sum(y * tf.constant(_ramp((2, 3, 2, 3), 0.5, 1.5))),
                         [x, scale, offset])
    return {"training": [y, mean, variance] + tiny, "inference": list(inference),
            "grads": grads,
            "training_ignores_mean": tf.nn.fused_batch_norm(x, scale, offset,
                                                            mean=tf.constant([9.0, 9.0, 9.0]),
                                                            variance=tf.ones([3]))[0],
            "variance_error": error_name(lambda: tf.nn.fused_batch_norm(
                x, scale, offset, mean=tf.zeros([3]), is_training=False))}


@case
def nn_lrn(tf, sess):
    x = tf.constant(_ramp((2, 3, 2, 7)))
    default = tf.nn.lrn(x)
    alexnet = tf.nn.local_response_normalization(x, depth_radius=2, bias=1.0, alpha=0.001 / 9.0,
                                                 beta=0.75, name="norm1")
    beta1 = tf.nn.lrn(x, 1, 2.0, 0.5, 1.0)
    wide = tf.nn.lrn(x, depth_radius=10, alpha=0.3, beta=0.6)
    half = tf.nn.lrn(tf.cast(x, tf.float16), 2, alpha=0.2)
    weights = tf.constant(_ramp((2, 3, 2, 7), 0.5, 1.5))
    grads = tf.gradients([tf.reduce_sum(default * weights), tf.reduce_sum(alexnet * weights),
                          tf.reduce_sum(wide * weights)], x)
    grad_each = [tf.gradients(tf.reduce_sum(y * weights), x)[0] for y in (default, beta1, wide)]
    return {"default": default, "alexnet": alexnet, "beta1": beta1, "wide": wide, "half": half,
            "grads": grads, "grad_each": grad_each,
            "ops": [default.op.type, default.op.name, alexnet.op.name,
                    grads[0].op.inputs[0].op.type if grads[0].op.inputs else ""],
            "float64_error": error_name(lambda: tf.nn.lrn(tf.zeros([1, 1, 1, 3], tf.float64))),
            "rank_error": error_name(lambda: tf.nn.lrn(tf.zeros([2, 3])))}


@case
def nn_depthwise_conv2d(tf, sess):
    x = tf.constant(_ramp((2, 5, 6, 3)))
    f1 = tf.constant(_ramp((3, 3, 3, 1), -1.0, 1.5))
    f2 = tf.constant(_ramp((2, 2, 3, 2), -1.2, 0.7))
    same = tf.nn.depthwise_conv2d(x, f1, [1, 1, 1, 1], "SAME")
    multiplier = tf.nn.depthwise_conv2d(x, f2, [1, 2, 2, 1], "VALID")
    dilated = tf.nn.depthwise_conv2d(x, f1, [1, 1, 1, 1], "SAME", rate=[2, 2])
    weights = [tf.constant(_ramp(t.shape.as_list(), 0.5, 1.5)) for t in (same, multiplier)]
    grads = tf.gradients(tf.reduce_sum(same * weights[0]) +
                         tf.reduce_sum(multiplier * weights[1]) + tf.reduce_sum(dilated),
                         [x, f1, f2])
    return {"same": same, "multiplier": multiplier, "dilated": dilated, "grads": grads,
            "shapes": [t.shape.as_list() for t in (same, multiplier, dilated)],
            "channel_error": error_name(lambda: tf.nn.depthwise_conv2d(
                x, tf.zeros([3, 3, 4, 1]), [1, 1, 1, 1], "SAME"))}


@case
def nn_and_layers_conv1d(tf, sess):
    """tf.nn.conv1d (strides, dilation, SAME/VALID, gradients) and tf.layers' 1-D convolution
    and pooling layers (names, causal padding)."""
    x = tf.constant(_ramp((2, 9, 3)))
    f = tf.constant(_ramp((3, 3, 4), -1.0, 1.2))
    same = tf.nn.conv1d(x, f, stride=2, padding="SAME")
    valid = tf.nn.conv1d(value=x, filters=f, stride=1, padding="VALID", dilations=2,
                         name="dilated")
    init = tf.constant_initializer(_ramp((2, 3, 5), -0.8, 0.9).ravel().tolist())
    layer = tf.layers.conv1d(x, 5, 2, padding="same", kernel_initializer=init,
                             activation=tf.nn.relu)
    causal = tf.layers.conv1d(x, 5, 2, dilation_rate=2, padding="causal",
                              kernel_initializer=init, bias_initializer=tf.ones_initializer(),
                              name="causal")
    strided = tf.layers.Conv1D(4, 3, strides=2, kernel_initializer=tf.ones_initializer())(x)
    pooled = tf.layers.max_pooling1d(layer, 2, 2)
    averaged = tf.layers.average_pooling1d(x, 3, 2, padding="same")
    outputs = [same, valid, layer, causal, strided, pooled, averaged]
    grads = tf.gradients(tf.reduce_sum(same * 2.0) + tf.reduce_sum(valid) +
                         tf.reduce_sum(causal * causal) + tf.reduce_sum(averaged), [x, f])
    sess.run(tf.global_variables_initializer())
    return {"outputs": outputs, "grads": grads,
            "shapes": [t.shape.as_list() for t in outputs],
            "variables": _names(tf.global_variables()),
            "rank_error": error_name(lambda: tf.layers.conv1d(tf.zeros([2, 3]), 2, 2))}


@case
def nn_convolution_and_atrous_conv2d(tf, sess):
    x = tf.constant(_ramp((2, 7, 6, 2)))
    f = tf.constant(_ramp((3, 3, 2, 4), -1.0, 1.2))
    x1 = tf.constant(_ramp((2, 9, 3)))
    f1 = tf.constant(_ramp((3, 3, 2), -0.5, 1.0))
    outputs = [tf.nn.atrous_conv2d(x, f, 2, "SAME"), tf.nn.atrous_conv2d(x, f, 2, "VALID"),
               tf.nn.convolution(x, f, "VALID", strides=[2, 2]),
               tf.nn.convolution(x, f, "SAME", dilation_rate=[2, 1]),
               tf.nn.convolution(x1, f1, "SAME"),
               tf.nn.convolution(x1, f1, "VALID", dilation_rate=[3])]
    grads = tf.gradients(tf.add_n([tf.reduce_sum(o * o) for o in outputs]), [x, f, x1, f1])
    return {"outputs": outputs, "grads": grads,
            "shapes": [o.shape.as_list() for o in outputs]}


@case
def nn_and_layers_separable_conv2d(tf, sess):
    x = tf.constant(_ramp((2, 5, 6, 3)))
    depthwise = tf.constant(_ramp((3, 3, 3, 2), -1.0, 1.5))
    pointwise = tf.constant(_ramp((1, 1, 6, 4), -0.7, 0.9))
    same = tf.nn.separable_conv2d(x, depthwise, pointwise, [1, 1, 1, 1], "SAME")
    strided = tf.nn.separable_conv2d(x, depthwise, pointwise, [1, 2, 2, 1], "VALID",
                                     name="strided")
    dilated = tf.nn.separable_conv2d(x, depthwise, pointwise, [1, 1, 1, 1], "SAME", rate=[2, 2])
    layer = tf.layers.separable_conv2d(
        x, 5, 2, depth_multiplier=2, padding="same", activation=tf.nn.relu,
        depthwise_initializer=tf.constant_initializer(_ramp((2, 2, 3, 2)).ravel().tolist()),
        pointwise_initializer=tf.constant_initializer(_ramp((1, 1, 6, 5), -0.5, 1.0)
                                                      .ravel().tolist()),
        bias_initializer=tf.constant_initializer(0.1))
    grads = tf.gradients(tf.reduce_sum(same * same) + tf.reduce_sum(strided) +
                         tf.reduce_sum(dilated) + tf.reduce_sum(layer),
                         [x, depthwise, pointwise] + tf.trainable_variables())
    sess.run(tf.global_variables_initializer())
    outputs = [same, strided, dilated, layer]
    return {"outputs": outputs, "grads": grads,
            "shapes": [t.shape.as_list() for t in outputs],
            "names": [same.op.name, strided.op.name, same.op.inputs[0].op.name],
            "variables": _names(tf.global_variables())}


@case
def contrib_conv2d_transpose(tf, sess):
    """A DCGAN generator's recipe with contrib's transposed convolutions."""
    layers = _contrib_layers(tf)
    x = tf.constant(_ramp((2, 3, 3, 4)))
    up = layers.conv2d_transpose(x, 3, [3, 3], stride=2,
                                 weights_initializer=layers.xavier_initializer(seed=1))
    out = layers.conv2d_transpose(up, 1, 5, activation_fn=tf.nn.tanh, padding="VALID",
                                  weights_initializer=tf.constant_initializer(0.05),
                                  biases_initializer=tf.constant_initializer(0.1),
                                  weights_regularizer=layers.l2_regularizer(0.5), scope="out")
    normalized = layers.convolution2d_transpose(x, 2, 2, stride=2, normalizer_fn=layers.batch_norm,
                                                weights_initializer=tf.ones_initializer())
    grads = tf.gradients(tf.reduce_sum(out * out) + tf.reduce_sum(normalized) +
                         tf.add_n(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)),
                         [x] + tf.trainable_variables())
    sess.run(tf.global_variables_initializer())
    return {"outputs": [up, out, normalized], "grads": grads,
            "shapes": [t.shape.as_list() for t in (up, out, normalized)],
            "global": _names(tf.global_variables()), "model": _names(tf.model_variables()),
            "regularization": [t.op.name for t in tf.get_collection(
                tf.GraphKeys.REGULARIZATION_LOSSES)]}


@case
def slim_arg_scope(tf, sess):
    """tf.contrib.slim (TF-Slim under TF 2): arg_scope defaults, nesting, a call's own argument
    winning, a scope re-entered, normalizer_fn picking up batch_norm's scope, model variables."""
    slim = tf.contrib.slim if is_course(tf) else _contrib_layers(tf)
    x = tf.constant(_ramp((2, 6, 6, 3)))
    with slim.arg_scope([slim.conv2d, slim.fully_connected], activation_fn=tf.nn.tanh,
                        weights_initializer=tf.constant_initializer(0.1),
                        weights_regularizer=slim.l2_regularizer(0.01)):
        with slim.arg_scope([slim.conv2d], padding="VALID", stride=1) as scope:
            c1 = slim.conv2d(x, 4, [3, 3], scope="conv1")
            c2 = slim.conv2d(c1, 4, [2, 2], padding="SAME", scope="conv2")
        with slim.arg_scope(scope):
            c3 = slim.conv2d(x, 2, 3, activation_fn=None, scope="conv3")
        flat = slim.flatten(slim.max_pool2d(c2, [2, 2]))
        with slim.arg_scope([slim.batch_norm], decay=0.9, scale=True):
            fc = slim.fully_connected(flat, 3, normalizer_fn=slim.batch_norm, scope="fc")
        extra = slim.model_variable("extra", shape=[2],
                                    initializer=tf.constant_initializer(1.5))
        repeated = slim.repeat(x, 2, slim.conv2d, 3, [3, 3], scope="conv4")
        unnamed = slim.repeat(x, 2, slim.conv2d, 2, 1)
        stacked = slim.stack(flat, slim.fully_connected, [5, (4,), [3]], scope="fcs")
        probabilities = slim.softmax(tf.reshape(fc, [1, 2, 3]))
        one_hot = slim.one_hot_encoding(tf.constant([2, 0]), 3)
    sess.run(tf.global_variables_initializer())
    outputs = [c1, c2, c3, fc, extra, repeated, unnamed, stacked, probabilities, one_hot]
    return {"outputs": outputs, "shapes": [t.shape.as_list() for t in outputs],
            "global": _names(tf.global_variables()),
            "model": _names(slim.get_model_variables()),
            "restore": _names(slim.get_variables_to_restore(exclude=["fc"])),
            "restore_conv": _names(slim.get_variables_to_restore(include=["conv1", "conv3"])),
            "by_suffix": _names(slim.get_variables(suffix="weights")),
            "regularization": len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)),
            "scoped": [slim.has_arg_scope(slim.conv2d), slim.has_arg_scope(tf.nn.relu)],
            "undecorated_error": error_name(lambda: slim.arg_scope([tf.nn.relu]).__enter__()),
            "not_a_list_error": error_name(lambda: slim.arg_scope(3).__enter__())}


@case
def contrib_losses(tf, sess):
    """tf.contrib.losses / slim.losses: logits or predictions first, tf.losses' sums."""
    losses = tf.contrib.losses if is_course(tf) else _contrib_layers(tf).losses
    logits = tf.constant(_ramp((4, 3), -2.0, 3.0))
    onehot = tf.constant(np.eye(3, dtype=np.float32)[[0, 2, 1, 2]])
    predictions = tf.constant(_ramp((4, 1), 0.1, 0.9))
    targets = tf.constant(np.float32([[0.0], [1.0], [1.0], [0.0]]))
    values = [losses.softmax_cross_entropy(logits, onehot),
              losses.softmax_cross_entropy(logits, onehot, weights=2.0, label_smoothing=0.1),
              losses.sparse_softmax_cross_entropy(logits, tf.constant([[0], [2], [1], [2]])),
              losses.sigmoid_cross_entropy(logits, onehot, weights=tf.constant([[1.0], [0.0],
                                                                                [2.0], [1.0]])),
              losses.mean_squared_error(predictions, targets),
              losses.absolute_difference(predictions, targets, weights=0.5),
              losses.log_loss(predictions, targets)]
    tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, tf.constant(0.25))
    return {"values": values, "total": losses.get_total_loss(),
            "without_regularization": losses.get_total_loss(False, name="data_loss"),
            "collected": len(losses.get_losses())}


@case
def contrib_separable_conv2d(tf, sess):
    layers = _contrib_layers(tf)
    x = tf.constant(_ramp((2, 5, 5, 3)))
    init = tf.constant_initializer(_ramp((3, 3, 3, 2), -0.5, 0.6).ravel().tolist())
    both = layers.separable_conv2d(x, 4, 3, 2, weights_initializer=init,
                                   pointwise_initializer=tf.constant_initializer(0.2),
                                   biases_initializer=tf.constant_initializer(0.1))
    depthwise = layers.separable_conv2d(x, None, [3, 3], depth_multiplier=2, stride=2,
                                        padding="VALID", weights_initializer=init,
                                        activation_fn=None,
                                        variables_collections={"weights": ["kernels"]})
    grads = tf.gradients(tf.reduce_sum(both * both) + tf.reduce_sum(depthwise),
                         [x] + tf.trainable_variables())
    sess.run(tf.global_variables_initializer())
    return {"outputs": [both, depthwise], "grads": grads,
            "shapes": [t.shape.as_list() for t in (both, depthwise)],
            "global": _names(tf.global_variables()), "model": _names(tf.model_variables()),
            "kernels": _names(tf.get_collection("kernels"))}


@case
def contrib_layer_norm(tf, sess):
    layers = _contrib_layers(tf)
    x = tf.constant(_ramp((2, 3, 4), -2.0, 3.0) ** 2)
    default = layers.layer_norm(x)
    last_axis = layers.layer_norm(x, begin_norm_axis=-1, begin_params_axis=-1,
                                  activation_fn=tf.nn.relu, scope="last")
    wide = layers.layer_norm(x, begin_params_axis=1, center=False,
                             variables_collections={"gamma": ["gammas"]},
                             outputs_collections=["outs"], scope="wide")
    grads = tf.gradients(tf.reduce_sum(default * tf.constant(_ramp((2, 3, 4), 0.5, 1.5))) +
                         tf.reduce_sum(last_axis) + tf.reduce_sum(wide * wide),
                         [x] + tf.trainable_variables())
    sess.run(tf.global_variables_initializer())
    return {"outputs": [default, last_axis, wide], "grads": grads,
            "global": _names(tf.global_variables()), "model": _names(tf.model_variables()),
            "gammas": _names(tf.get_collection("gammas")), "outs": len(tf.get_collection("outs")),
            "axis_error": error_name(lambda: layers.layer_norm(x, begin_norm_axis=3))}


def _decoded_images(tf, serialized):
    """Each image value of a serialized Summary: tag, size, colorspace and its decoded pixels
    (the PNG bytes themselves differ: TF's libpng chooses row filters, course does not)."""
    import io

    from PIL import Image
    out = []
    for value in tf.Summary.FromString(serialized).value:
        image = value.image
        pixels = np.asarray(Image.open(io.BytesIO(image.encoded_image_string)))
        out.append([value.tag, image.height, image.width, image.colorspace,
                    pixels.reshape(image.height, image.width, -1)])
    return out


@case
def summary_image(tf, sess):
    """tf.summary.image: float images scaled as TF scales them (all >= 0: 255 / max; else
    127 / max|x| around 128; non-finite pixels red), uint8 as they are, tags and max_outputs."""
    x = _ramp((2, 3, 4, 3), -1.0, 2.0)
    x[0, 1, 1, 2] = np.nan
    tf.summary.image("pics", x)
    tf.summary.image("one", np.abs(x[:, :, :, :1]) * 0.5, max_outputs=1)
    tf.summary.image("u8", (np.arange(16) * 7 % 256).astype(np.uint8).reshape(1, 2, 2, 4),
                     family="fam")
    tf.summary.image("f64", _ramp((3, 2, 2, 1), 0.0, 1e-7, np.float64), max_outputs=2)
    return {"images": _decoded_images(tf, sess.run(tf.summary.merge_all())),
            "rank_error": error_name(lambda: sess.run(tf.summary.image("bad", np.zeros(
                (2, 2, 2), np.float32))))}


# -- 3. tf.contrib.layers.batch_norm (TF 2 has no contrib: TF-Slim is TF1's contrib.layers) -----
def _contrib_layers(tf):
    if is_course(tf):
        return tf.contrib.layers
    import sys
    import tf_keras.src.legacy_tf_layers as legacy_layers
    import tf_keras.src.legacy_tf_layers.normalization  # noqa: F401
    import tf_slim
    # TF 2.21 looks for the TF1 layers (slim's batch_norm uses them) where tf_keras no longer
    # keeps them: point the old module name at their new place.
    sys.modules.setdefault("tf_keras.legacy_tf_layers", legacy_layers)
    sys.modules.setdefault("tf_keras.legacy_tf_layers.normalization", legacy_layers.normalization)
    # and slim asks TF 2.21 for ops.Tensor and control_flow_ops.cond, which it now keeps as
    # tf.Tensor and tf.cond only.
    from tensorflow.python.framework import ops as tf_ops
    from tensorflow.python.ops import control_flow_ops
    if not hasattr(tf_ops, "Tensor"):
        tf_ops.Tensor = tf.Tensor
    if not hasattr(control_flow_ops, "cond"):
        control_flow_ops.cond = tf.cond
    return tf_slim


def _names(variables):
    return [v.op.name for v in variables]


def _bn_train_steps(tf, sess, loss, feeds, steps=2):
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(update_ops):
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess.run(tf.global_variables_initializer())
    for step in range(steps):
        sess.run(train, feeds[step % len(feeds)])


@case
def contrib_batch_norm_conv_defaults(tf, sess):
    """A conv net's recipe: 4-D input, contrib's defaults, updates through UPDATE_OPS."""
    layers = _contrib_layers(tf)
    x = tf.placeholder(tf.float32, [None, 3, 3, 2])
    normed = layers.batch_norm(x)
    hidden = layers.batch_norm(tf.nn.relu(normed) * 2.0 + x, scale=True, decay=0.9,
                               activation_fn=tf.nn.relu, scope="second")
    loss = tf.reduce_sum(hidden * tf.constant(_ramp((3, 3, 2), 0.5, 1.5)))
    grads = tf.gradients(loss, [x] + tf.trainable_variables())
    feeds = [{x: _ramp((4, 3, 3, 2))}, {x: _ramp((4, 3, 3, 2), -1.0, 3.0) ** 2}]
    sess.run(tf.global_variables_initializer())
    before = sess.run([normed, hidden] + grads, feeds[0])
    _bn_train_steps(tf, sess, loss, feeds, steps=3)
    return {"before": before, "after": sess.run([normed, hidden], feeds[1]),
            "variables": sess.run(tf.global_variables()),
            "global": _names(tf.global_variables()), "model": _names(tf.model_variables()),
            "trainable": _names(tf.trainable_variables()),
            "updates": len(tf.get_collection(tf.GraphKeys.UPDATE_OPS))}


@case
def contrib_batch_norm_dense_forced_updates(tf, sess):
    """A fully connected recipe: 2-D input, is_training fed, updates_collections=None."""
    layers = _contrib_layers(tf)
    x = tf.placeholder(tf.float32, [None, 3])
    training = tf.placeholder(tf.bool, [])
    out = layers.batch_norm(x, decay=0.5, center=True, scale=True, is_training=training,
                            updates_collections=None, scope="bn")
    sess.run(tf.global_variables_initializer())
    data = _ramp((5, 3), -2.0, 3.0) ** 2
    trained = [sess.run(out, {x: data * (step + 1), training: True}) for step in range(2)]
    inference = sess.run(out, {x: data, training: False})
    moving = sess.run(tf.global_variables())
    return {"trained": trained, "inference": inference, "inference_again":
            sess.run(out, {x: data, training: False}), "moving": moving,
            "global": _names(tf.global_variables()),
            "updates": len(tf.get_collection(tf.GraphKeys.UPDATE_OPS))}


@case
def contrib_batch_norm_options(tf, sess):
    layers = _contrib_layers(tf)
    x2 = tf.constant(_ramp((6, 4), -1.0, 2.0) ** 3)
    x3 = tf.constant(_ramp((2, 3, 4), -2.0, 2.0) ** 2)
    unfused = layers.batch_norm(x2, fused=False, decay=0.5, epsilon=0.01)
    seq = layers.batch_norm(x3, scale=True, scope="seq")
    frozen = layers.batch_norm(x2, is_training=False, param_initializers={
        "beta": tf.constant_initializer(0.5), "moving_mean": tf.constant_initializer(1.0),
        "moving_variance": tf.constant_initializer(4.0)}, scope="frozen")
    mine = layers.batch_norm(x2, updates_collections=["mine"], variables_collections=["vars"],
                             outputs_collections=["outs"], scope="custom")
    with tf.variable_scope("outer"):
        layers.batch_norm(x2, scope="bn", scale=True, updates_collections=["not_run"])
    with tf.variable_scope("outer", reuse=True):
        reused = layers.batch_norm(x2 * 2.0, scope="bn")
    # (its updates are not run: two updates of one variable in one run race in TF)
    shared = layers.batch_norm(x2 + 1.0, scope="custom", reuse=True,
                               updates_collections=["not_run"])
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        step = tf.no_op()
    mine_ops = tf.get_collection("mine")
    sess.run(tf.global_variables_initializer())
    first = sess.run([unfused, seq, frozen, mine, reused, shared])
    sess.run([step] + mine_ops)
    return {"first": first, "variables": sess.run(tf.global_variables()),
            "global": _names(tf.global_variables()), "model": _names(tf.model_variables()),
            "vars": _names(tf.get_collection("vars")), "outs": len(tf.get_collection("outs")),
            "mine": len(mine_ops), "not_run": len(tf.get_collection("not_run")),
            "updates": len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)),
            "format_error": error_name(lambda: layers.batch_norm(x2, data_format="NWC"))}


# -- 4. candidate sampling and the sampled losses (word2vec) --------------------------------------
@case
def log_uniform_candidate_sampler(tf, sess):
    """TF's sampled candidates and expected counts, bit for bit: with and without rejection,
    a small range (many rejections), three runs of each op (the stream goes on)."""
    labels = tf.constant([[3], [0], [7], [5]], tf.int64)
    samplers = [tf.nn.log_uniform_candidate_sampler(labels, 1, 8, True, 50, seed=3),
                tf.nn.log_uniform_candidate_sampler([[1, 2]], 2, 6, False, 1000, seed=7),
                tf.nn.log_uniform_candidate_sampler(labels, 1, 9, True, 10, seed=11, name="few"),
                tf.nn.log_uniform_candidate_sampler(labels, 1, 64, True, 50000, seed=5)]
    runs = [sess.run([list(s) for s in samplers]) for _ in range(3)]
    first = samplers[0]
    return {"runs": runs, "dtypes": [t.dtype.name for t in first],
            "shapes": [t.shape.as_list() for t in samplers[1]],
            "names": [samplers[2][0].op.name, samplers[2][0].op.type],
            "int32_error": error_name(lambda: tf.nn.log_uniform_candidate_sampler(
                tf.constant([[1]]), 1, 2, True, 5)),
            "range_error": error_name(lambda: sess.run(tf.nn.log_uniform_candidate_sampler(
                [[9]], 1, 2, True, 5, seed=1)))}


@case
def uniform_candidate_sampler_and_accidental_hits(tf, sess):
    """TF's uniform samples bit for bit (a power-of-two range: masked words; others: rejection),
    and compute_accidental_hits' triples."""
    labels = tf.constant([[3, 1], [0, 9], [7, 7], [5, 2]], tf.int64)
    samplers = [tf.nn.uniform_candidate_sampler(labels, 2, 8, True, 10, seed=3),
                tf.nn.uniform_candidate_sampler(labels, 2, 5, False, 16, seed=4),
                tf.nn.uniform_candidate_sampler(labels, 2, 30, True, 1000003, seed=5)]
    hits = tf.nn.compute_accidental_hits(labels, samplers[0][0], num_true=2)
    runs = [sess.run([list(s) for s in samplers] + [list(hits)]) for _ in range(3)]
    return {"runs": runs, "dtypes": [t.dtype.name for t in hits],
            "hits_of_lists": list(sess.run(tf.nn.compute_accidental_hits(
                [[1], [4]], [4, 1, 4], num_true=1)))}


def _word2vec_model(tf, vocabulary=40, dim=6, batch=5):
    """word2vec_basic's graph in miniature: embeddings looked up, NCE weights and biases."""
    embeddings = tf.Variable(tf.constant(_ramp((vocabulary, dim), -1.0, 1.0)), name="embeddings")
    weights = tf.Variable(tf.constant(_ramp((vocabulary, dim), -0.5, 0.8) ** 2 - 0.3),
                          name="nce_weights")
    biases = tf.Variable(tf.constant(_ramp((vocabulary,), -0.2, 0.2)), name="nce_biases")
    inputs = tf.constant(np.array([1, 4, 9, 16, 25], np.int32)[:batch])
    labels = tf.constant(np.array([[2], [3], [0], [31], [25]], np.int64)[:batch])
    embed = tf.nn.embedding_lookup(embeddings, inputs)
    return embeddings, weights, biases, embed, labels


@case
def nce_and_sampled_softmax_given_samples(tf, sess):
    """The losses for given sampled_values (so the sampler does not matter), with accidental
    hits on and off, num_true 2, and gradients."""
    embeddings, weights, biases, embed, labels = _word2vec_model(tf)
    sampled = (tf.constant([25, 0, 7, 3, 12], tf.int64),
               tf.constant([[0.3], [0.5], [0.9], [0.05], [0.2]]),
               tf.constant([0.2, 0.9, 0.4, 0.5, 0.25]))
    nce = tf.nn.nce_loss(weights, biases, labels, embed, 5, 40, sampled_values=sampled)
    nce_hits = tf.nn.nce_loss(weights=weights, biases=biases, labels=labels, inputs=embed,
                              num_sampled=5, num_classes=40, sampled_values=sampled,
                              remove_accidental_hits=True)
    softmax = tf.nn.sampled_softmax_loss(weights, biases, labels, embed, 5, 40,
                                         sampled_values=sampled)
    softmax_all = tf.nn.sampled_softmax_loss(weights, biases, labels, embed, 5, 40,
                                             sampled_values=sampled,
                                             remove_accidental_hits=False)
    two = tf.constant([[2, 3], [3, 3], [0, 7], [31, 1], [25, 24]], tf.int64)
    two_expected = tf.constant([[0.3, 0.1], [0.5, 0.5], [0.9, 0.2], [0.05, 0.6], [0.2, 0.3]])
    nce_two = tf.nn.nce_loss(weights, biases, two, embed, 5, 40, num_true=2,
                             sampled_values=(sampled[0], two_expected, sampled[2]),
                             remove_accidental_hits=True)
    softmax_two = tf.nn.sampled_softmax_loss(weights, biases, two, embed, 5, 40, num_true=2,
                                             sampled_values=(sampled[0], two_expected,
                                                             sampled[2]))
    total = (tf.reduce_sum(nce) + tf.reduce_sum(nce_hits) + tf.reduce_sum(softmax) +
             tf.reduce_sum(nce_two) + tf.reduce_sum(softmax_two * [1.0, 2.0, 3.0, 4.0, 5.0]))
    grads = [tf.convert_to_tensor(g) for g in tf.gradients(total, [embeddings, weights, biases])]
    sess.run(tf.global_variables_initializer())
    return {"nce": nce, "nce_hits": nce_hits, "softmax": softmax, "softmax_all": softmax_all,
            "nce_two": nce_two, "softmax_two": softmax_two, "grads": grads,
            "shapes": [t.shape.as_list() for t in (nce, softmax, nce_two)]}


@case
def word2vec_training_seeded(tf, sess):
    """word2vec_basic's loop in miniature: nce_loss with its own sampler (graph seed only, as
    the tutorial sets none), SGD steps, and a sampled-softmax model beside it with an op seed."""
    tf.set_random_seed(1)
    embeddings, weights, biases, embed, labels = _word2vec_model(tf)
    loss = tf.reduce_mean(tf.nn.nce_loss(weights=weights, biases=biases, labels=labels,
                                         inputs=embed, num_sampled=6, num_classes=40))
    softmax = tf.reduce_mean(tf.nn.sampled_softmax_loss(weights, biases, labels, embed, 4, 40,
                                                        seed=9))
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss + softmax)
    sess.run(tf.global_variables_initializer())
    losses = [sess.run([loss, softmax, train])[:2] for _ in range(4)]
    return {"losses": losses, "embeddings": embeddings, "weights": weights, "biases": biases}
