"""TF1's tf.contrib.layers builders: fully_connected, conv2d, conv2d_transpose, flatten,
pooling, dropout.

They are tf.layers underneath (as in TF1), with contrib's defaults (ReLU, xavier weights,
'SAME' padding for conv2d, pooling stride 2) and contrib's variable names: ``<scope>/weights``
and ``<scope>/biases`` in scopes ``fully_connected``, ``fully_connected_1``, ``Conv``, ...
Weights and biases also go to MODEL_VARIABLES (contrib creates them as model variables).
"""
from ...framework import dtypes
from ...framework.ops import GraphKeys, get_default_graph, name_scope
from ...layers.convolutional import Conv2D, Conv2DTranspose, SeparableConv2D, normalize_tuple
from ...layers.base import ZEROS
from ...layers.core import Dense, Dropout, Flatten
from ...ops import array_ops, conv_ops, depthwise_conv_ops, nn_ops
from ...ops.core import to_tensor
from ...variable_scope import get_variable, variable_scope
from ..framework.arg_scope import add_arg_scope
from .initializers import xavier_initializer

_CONTRIB_NAMES = {"kernel": "weights", "bias": "biases", "depthwise_kernel": "depthwise_weights",
                  "pointwise_kernel": "pointwise_weights"}
# variables_collections given as a dict: both separable kernels go under "weights".
_COLLECTION_KEYS = {"depthwise_weights": "weights", "pointwise_weights": "weights"}
XAVIER = xavier_initializer()    # (initializers are stateless: one serves every layer)


class _ContribWeights:
    """A tf.layers layer whose variables carry contrib's names and collections."""

    def __init__(self, *args, variables_collections=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._variables_collections = variables_collections

    def add_weight(self, name, shape, dtype=None, initializer=None, regularizer=None,
                   trainable=True, constraint=None):
        contrib_name = _CONTRIB_NAMES.get(name, name)
        variable = super().add_weight(contrib_name, shape, dtype=dtype, initializer=initializer,
                                      trainable=trainable, constraint=constraint)
        if not register_model_variable(variable, self._variables_collections,
                                       _COLLECTION_KEYS.get(contrib_name, contrib_name)):
            return variable     # reused: collections and losses were set when it was made
        graph = get_default_graph()
        if regularizer is not None:
            # The loss keeps the layer's own name for the variable, as in TF1
            # ('Conv/kernel/Regularizer/l2_regularizer').
            with graph.name_scope(None), graph.name_scope(
                    "%s/%s/Regularizer/" % (self._scope.name, name)):
                loss = regularizer(variable)
            if loss is not None:
                graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)
                self._losses.append(loss)
        return variable


def register_model_variable(variable, variables_collections, name):
    """Put a contrib variable made just now in MODEL_VARIABLES and in the caller's
    ``variables_collections`` (a list, or a dict by variable name); False if it was already
    registered (a reused variable)."""
    graph = get_default_graph()
    if variable in graph.get_collection_ref(GraphKeys.MODEL_VARIABLES):
        return False
    graph.add_to_collection(GraphKeys.MODEL_VARIABLES, variable)
    collections = variables_collections
    if isinstance(collections, dict):
        collections = collections.get(name)
    if collections:
        graph.add_to_collections(list(collections), variable)
    return True


class _FullyConnected(_ContribWeights, Dense):
    pass


class _Convolution2D(_ContribWeights, Conv2D):
    pass


class _Convolution2DTranspose(_ContribWeights, Conv2DTranspose):
    pass


class _SeparableConvolution2D(_ContribWeights, SeparableConv2D):
    pass


def _collect(outputs_collections, outputs):
    if outputs_collections:
        get_default_graph().add_to_collections(list(outputs_collections), outputs)
    return outputs


def _finish(outputs, normalizer_fn, normalizer_params, activation_fn, outputs_collections):
    if normalizer_fn is not None:
        outputs = normalizer_fn(outputs, **(normalizer_params or {}))
    if activation_fn is not None:
        outputs = activation_fn(outputs)
    return _collect(outputs_collections, outputs)


@add_arg_scope
def fully_connected(inputs, num_outputs, activation_fn=nn_ops.relu, normalizer_fn=None,
                    normalizer_params=None, weights_initializer=XAVIER,
                    weights_regularizer=None, biases_initializer=ZEROS,
                    biases_regularizer=None, reuse=None, variables_collections=None,
                    outputs_collections=None, trainable=True, scope=None):
    """``tf.contrib.layers.fully_connected``: ``activation_fn(inputs @ weights + biases)``,
    ReLU unless told otherwise; variables ``fully_connected/weights`` and ``.../biases``."""
    return _layer(_FullyConnected, "fully_connected", inputs, scope, reuse, normalizer_fn,
                  normalizer_params, activation_fn, outputs_collections, dict(
                      units=num_outputs, kernel_initializer=weights_initializer,
                      bias_initializer=biases_initializer, kernel_regularizer=weights_regularizer,
                      bias_regularizer=biases_regularizer, trainable=trainable,
                      variables_collections=variables_collections))


def _layer(layer_class, default_name, inputs, scope, reuse, normalizer_fn, normalizer_params,
           activation_fn, outputs_collections, layer_args):
    """A contrib layer: the tf.layers layer in scope ``default_name`` (or ``scope``), without
    a bias when normalized, then the normalizer and the activation."""
    with variable_scope(scope, default_name, [inputs], reuse=reuse) as sc:
        inputs = to_tensor(inputs)
        use_bias = normalizer_fn is None and layer_args["bias_initializer"] is not None
        layer = layer_class(activation=None, use_bias=use_bias, name=sc.name, _scope=sc,
                            _reuse=reuse, **layer_args)
        outputs = layer.apply(inputs)
        return _finish(outputs, normalizer_fn, normalizer_params, activation_fn,
                       outputs_collections)


def linear(inputs, num_outputs, **kwargs):
    """``tf.contrib.layers.linear``: fully_connected without an activation."""
    return fully_connected(inputs, num_outputs, activation_fn=None, **kwargs)


@add_arg_scope
def convolution2d(inputs, num_outputs, kernel_size, stride=1, padding="SAME", data_format=None, rate=1,
           activation_fn=nn_ops.relu, normalizer_fn=None, normalizer_params=None,
           weights_initializer=XAVIER, weights_regularizer=None,
           biases_initializer=ZEROS, biases_regularizer=None, reuse=None,
           variables_collections=None, outputs_collections=None, trainable=True, scope=None):
    """``tf.contrib.layers.conv2d``: 'SAME' padding, stride 1 and ReLU by default; variables
    ``Conv/weights`` [k_h, k_w, in, out] and ``Conv/biases``."""
    if data_format not in (None, "NHWC"):
        raise ValueError("course supports data_format='NHWC' only, got %r" % (data_format,))
    return _layer(_Convolution2D, "Conv", inputs, scope, reuse, normalizer_fn,
                  normalizer_params, activation_fn, outputs_collections, dict(
                      filters=num_outputs, kernel_size=kernel_size, strides=stride,
                      padding=padding, dilation_rate=rate, kernel_initializer=weights_initializer,
                      bias_initializer=biases_initializer, kernel_regularizer=weights_regularizer,
                      bias_regularizer=biases_regularizer, trainable=trainable,
                      variables_collections=variables_collections))


@add_arg_scope
def convolution2d_transpose(inputs, num_outputs, kernel_size, stride=1, padding="SAME",
                     data_format="NHWC", activation_fn=nn_ops.relu, normalizer_fn=None,
                     normalizer_params=None, weights_initializer=XAVIER,
                     weights_regularizer=None, biases_initializer=ZEROS,
                     biases_regularizer=None, reuse=None, variables_collections=None,
                     outputs_collections=None, trainable=True, scope=None):
    """``tf.contrib.layers.conv2d_transpose``: a transposed convolution (an upsampling by
    ``stride``), 'SAME' padding and ReLU by default; variables ``Conv2d_transpose/weights``
    [k_h, k_w, num_outputs, in_channels] and ``.../biases``."""
    if data_format not in (None, "NHWC"):
        raise ValueError("course supports data_format='NHWC' only, got %r" % (data_format,))
    return _layer(_Convolution2DTranspose, "Conv2d_transpose", inputs, scope, reuse,
                  normalizer_fn, normalizer_params, activation_fn, outputs_collections, dict(
                      filters=num_outputs, kernel_size=kernel_size, strides=stride,
                      padding=padding, kernel_initializer=weights_initializer,
                      bias_initializer=biases_initializer, kernel_regularizer=weights_regularizer,
                      bias_regularizer=biases_regularizer, trainable=trainable,
                      variables_collections=variables_collections))


@add_arg_scope
def separable_convolution2d(inputs, num_outputs, kernel_size, depth_multiplier=1, stride=1,
                            padding="SAME", data_format="NHWC", rate=1,
                            activation_fn=nn_ops.relu, normalizer_fn=None,
                            normalizer_params=None, weights_initializer=XAVIER,
                            pointwise_initializer=None, weights_regularizer=None,
                            biases_initializer=ZEROS, biases_regularizer=None, reuse=None,
                            variables_collections=None, outputs_collections=None,
                            trainable=True, scope=None):
    """``tf.contrib.layers.separable_conv2d``: a depthwise then a 1x1 convolution (variables
    ``SeparableConv2d/depthwise_weights``, ``pointwise_weights``, ``biases``); with
    ``num_outputs=None`` the depthwise convolution only."""
    if data_format not in (None, "NHWC"):
        raise ValueError("course supports data_format='NHWC' only, got %r" % (data_format,))
    rate = normalize_tuple(rate, 2, "rate")
    if num_outputs is not None:
        return _layer(_SeparableConvolution2D, "SeparableConv2d", inputs, scope, reuse,
                      normalizer_fn, normalizer_params, activation_fn, outputs_collections, dict(
                          filters=num_outputs, kernel_size=kernel_size, strides=stride,
                          padding=padding, dilation_rate=rate,
                          depth_multiplier=depth_multiplier,
                          depthwise_initializer=weights_initializer,
                          pointwise_initializer=pointwise_initializer or weights_initializer,
                          bias_initializer=biases_initializer,
                          depthwise_regularizer=weights_regularizer,
                          pointwise_regularizer=weights_regularizer,
                          bias_regularizer=biases_regularizer, trainable=trainable,
                          variables_collections=variables_collections))
    with variable_scope(scope, "SeparableConv2d", [inputs], reuse=reuse):
        inputs = to_tensor(inputs)
        k_h, k_w = normalize_tuple(kernel_size, 2, "kernel_size")
        s_h, s_w = normalize_tuple(stride, 2, "stride")
        channels = inputs.shape[-1]
        depthwise = _model_variable("depthwise_weights", [k_h, k_w, channels, depth_multiplier],
                                    inputs.dtype, weights_initializer, weights_regularizer,
                                    trainable, variables_collections, "weights")
        outputs = depthwise_conv_ops.depthwise_conv2d(inputs, depthwise, [1, s_h, s_w, 1],
                                                      padding, rate=rate)
        if normalizer_fn is None and biases_initializer is not None:
            biases = _model_variable("biases", [channels * depth_multiplier], inputs.dtype,
                                     biases_initializer, biases_regularizer, trainable,
                                     variables_collections, "biases")
            outputs = nn_ops.bias_add(outputs, biases)
        return _finish(outputs, normalizer_fn, normalizer_params, activation_fn,
                       outputs_collections)


def _model_variable(name, shape, dtype, initializer, regularizer, trainable, collections, key):
    variable = get_variable(name, shape, dtype=dtype, initializer=initializer,
                            regularizer=regularizer, trainable=trainable)
    register_model_variable(variable, collections, key)
    return variable


@add_arg_scope
def flatten(inputs, outputs_collections=None, scope=None):
    """``tf.contrib.layers.flatten``: [batch, ...] -> [batch, k]."""
    with name_scope(scope, "Flatten", [inputs]):
        return _collect(outputs_collections, Flatten().apply(inputs))


def _pool(pool, default_name, inputs, kernel_size, stride, padding, data_format,
          outputs_collections, scope):
    if data_format not in ("NHWC", None):
        raise ValueError("course supports data_format='NHWC' only, got %r" % (data_format,))
    with name_scope(scope, default_name, [inputs]):
        outputs = pool(to_tensor(inputs), ksize=normalize_tuple(kernel_size, 2, "kernel_size"),
                       strides=normalize_tuple(stride, 2, "stride"), padding=padding.upper())
        return _collect(outputs_collections, outputs)


@add_arg_scope
def max_pool2d(inputs, kernel_size, stride=2, padding="VALID", data_format="NHWC",
               outputs_collections=None, scope=None):
    """``tf.contrib.layers.max_pool2d``: stride 2 and 'VALID' padding by default."""
    return _pool(conv_ops.max_pool, "MaxPool2D", inputs, kernel_size, stride, padding,
                 data_format, outputs_collections, scope)


@add_arg_scope
def avg_pool2d(inputs, kernel_size, stride=2, padding="VALID", data_format="NHWC",
               outputs_collections=None, scope=None):
    """``tf.contrib.layers.avg_pool2d``."""
    return _pool(conv_ops.avg_pool, "AvgPool2D", inputs, kernel_size, stride, padding,
                 data_format, outputs_collections, scope)


@add_arg_scope
def dropout(inputs, keep_prob=0.5, noise_shape=None, is_training=True, outputs_collections=None,
            scope=None, seed=None):
    """``tf.contrib.layers.dropout``: keeps ``keep_prob`` of the inputs while ``is_training``
    (True by default, unlike tf.layers.dropout)."""
    with variable_scope(scope, "Dropout", [inputs]) as sc:
        layer = Dropout(rate=1 - keep_prob, noise_shape=noise_shape, seed=seed, name=sc.name,
                        _scope=sc)
        return _collect(outputs_collections, layer.apply(inputs, training=is_training))


# TF-Slim's names (slim.repeat names its scopes after them: convolution2d_1, ...).
conv2d = convolution2d
conv2d_transpose = convolution2d_transpose
separable_conv2d = separable_convolution2d


@add_arg_scope
def one_hot_encoding(labels, num_classes, on_value=1.0, off_value=0.0, outputs_collections=None,
                     scope=None):
    """``tf.contrib.layers.one_hot_encoding``: float one-hot rows of (int64) ``labels``."""
    with name_scope(scope, "OneHotEncoding", [labels, num_classes]):
        labels = to_tensor(labels)
        if labels.dtype == dtypes.int32:
            labels = array_ops.cast(labels, dtypes.int64)
        return _collect(outputs_collections, array_ops.one_hot(
            labels, num_classes, on_value=on_value, off_value=off_value))


@add_arg_scope
def softmax(logits, scope=None):
    """``tf.contrib.layers.softmax``: softmax over the last axis of logits of any rank >= 2."""
    with variable_scope(scope, "softmax", [logits]):
        logits = to_tensor(logits)
        classes = logits.shape[-1] if logits.shape.ndims is not None else None
        if classes is None or logits.shape.ndims < 2:
            raise ValueError("softmax needs logits of rank >= 2 with a known last dimension, "
                             "got %s" % logits.shape)
        predictions = nn_ops.softmax(array_ops.reshape(logits, [-1, classes]))
        predictions = array_ops.reshape(predictions, array_ops.shape(logits))
        predictions.set_shape(logits.shape)
        return predictions


def _repeated(layer, inputs, scope, default_scope, layer_calls):
    """repeat/stack: ``layer`` called on its own output, in scopes ``<name>_1``, ``_2``...
    under ``scope`` (``name`` is ``scope``, else the layer function's name)."""
    with variable_scope(scope, default_scope, [inputs]):
        outputs = to_tensor(inputs)
        if scope is None:
            function = getattr(layer, "func", layer)            # a functools.partial too
            scope = getattr(function, "__name__", default_scope.lower())
        for i, (args, kwargs) in enumerate(layer_calls):
            outputs = layer(outputs, *args, **dict(kwargs, scope="%s_%d" % (scope, i + 1)))
        return outputs


@add_arg_scope
def repeat(inputs, repetitions, layer, *args, **kwargs):
    """``slim.repeat(net, 2, slim.conv2d, 64, [3, 3], scope='conv1')``: the layer applied
    ``repetitions`` times (scopes conv1/conv1_1, conv1/conv1_2)."""
    scope = kwargs.pop("scope", None)
    return _repeated(layer, inputs, scope, "Repeat", [(args, kwargs)] * repetitions)


@add_arg_scope
def stack(inputs, layer, stack_args, **kwargs):
    """``slim.stack(x, slim.fully_connected, [32, 64])``: the layer applied once per entry of
    ``stack_args`` (its positional arguments), each on the previous output."""
    scope = kwargs.pop("scope", None)
    if not isinstance(stack_args, (list, tuple)):
        raise ValueError("stack_args need to be a list or tuple")
    calls = [(tuple(a) if isinstance(a, (list, tuple)) else (a,), kwargs) for a in stack_args]
    return _repeated(layer, inputs, scope, "Stack", calls)
