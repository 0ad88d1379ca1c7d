"""Neural-network ops (tf.nn): activations, softmax, bias_add, l2_loss, cross-entropies,
moments and batch normalization."""
import numpy as np

from ..framework import dtypes, errors
from ..framework.batching import elementwise, per_copy
from ..framework.ops import name_scope
from ..framework.registry import define_op
from ..framework.tensor_shape import TensorShape, unknown_shape
from ..framework.unsupported import refuse_unsupported
from .core import FLOATS, apply, apply_op, check_dtype, shape_error, to_tensor
from . import array_ops, long_rows, math_ops, reduction_ops


def _float_unary_infer(op):
    check_dtype(op, op.inputs[0], FLOATS, "features")
    return [(op.inputs[0].dtype, op.inputs[0].shape)]


def _zero(x):
    return x.dtype.type(0)


# -- activations -----------------------------------------------------------------------------------
def _relu_grad_kernel(g, x):
    """TF's gradients * (features > 0): -0.0 for a negative gradient where the feature is not
    positive, nan for an infinite one (no warning, as in TF). np.where would give 0.0 there,
    and costs ten times more (it branches on the mask: ~2 ms for 100x28x28x6 random signs)."""
    with np.errstate(invalid="ignore"):
        return np.multiply(g, x > 0)


define_op("Relu", kernel=long_rows.relu, infer=_float_unary_infer,
          grad=lambda op, g: [apply("ReluGrad", [g, op.inputs[0]])], batch=elementwise)
define_op("ReluGrad", kernel=_relu_grad_kernel,
          infer=lambda op: [(op.inputs[0].dtype, op.inputs[0].shape)],
          grad=lambda op, gg: [apply("ReluGrad", [gg, op.inputs[1]]), None], batch=elementwise)


def _relu6_grad(op, g):
    x = op.inputs[0]
    inside = math_ops.logical_and(math_ops.greater(x, array_ops.zeros_like(x)),
                                  math_ops.less(x, array_ops.constant(6, dtype=x.dtype)))
    return [array_ops.where(inside, g, array_ops.zeros_like(g))]


def _leaky_relu_grad(op, g):
    x = op.inputs[0]
    alpha = array_ops.constant(_float_attr(op.get_attr("alpha")), dtype=g.dtype)
    return [array_ops.where(math_ops.greater(x, array_ops.zeros_like(x)), g, g * alpha)]


define_op("Relu6", kernel=lambda x: np.clip(x, _zero(x), x.dtype.type(6)),
          infer=_float_unary_infer, grad=_relu6_grad, batch=elementwise)
def _float_attr(value):
    """TF stores float attrs as float32: leaky_relu's alpha=0.2 is 0.2f even for float64 x."""
    return np.float32(value)


define_op("LeakyRelu", kernel=lambda x, alpha: np.where(x > 0, x, x * x.dtype.type(
    _float_attr(alpha))),
          infer=_float_unary_infer, grad=_leaky_relu_grad, batch=elementwise)


# Softplus, softsign, ELU and SELU; their gradients are built from other ops.
def _softplus_kernel(x):
    return np.logaddexp(_zero(x), x).astype(x.dtype, copy=False)


def _elu_kernel(x):
    return np.where(x > 0, x, np.expm1(np.minimum(x, _zero(x)))).astype(x.dtype, copy=False)


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _selu_kernel(x):
    scale, scaled_alpha = x.dtype.type(_SELU_SCALE), x.dtype.type(_SELU_SCALE * _SELU_ALPHA)
    return np.where(x > 0, scale * x, scaled_alpha * np.expm1(np.minimum(x, _zero(x)))).astype(
        x.dtype, copy=False)


def _positive(x):
    return math_ops.greater(x, array_ops.zeros_like(x))


def _elu_grad(op, g):
    x, y = op.inputs[0], op.outputs[0]
    return [array_ops.where(_positive(x), g, g * (y + array_ops.ones_like(y)))]


def _selu_grad(op, g):
    x, y = op.inputs[0], op.outputs[0]
    scale = array_ops.constant(_SELU_SCALE, dtype=g.dtype)
    scaled_alpha = array_ops.constant(_SELU_SCALE * _SELU_ALPHA, dtype=g.dtype)
    return [array_ops.where(_positive(x), g * scale, g * (y + scaled_alpha))]


def _softsign_grad(op, g):
    x = op.inputs[0]
    return [g / math_ops.square(array_ops.ones_like(x) + math_ops.abs(x))]


define_op("Softplus", kernel=_softplus_kernel, infer=_float_unary_infer,
          grad=lambda op, g: [g * math_ops.sigmoid(op.inputs[0])], batch=elementwise)
define_op("Softsign", kernel=lambda x: x / (x.dtype.type(1) + np.abs(x)),
          infer=_float_unary_infer, grad=_softsign_grad, batch=elementwise)
define_op("Elu", kernel=_elu_kernel, infer=_float_unary_infer, grad=_elu_grad, batch=elementwise)
define_op("Selu", kernel=_selu_kernel, infer=_float_unary_infer, grad=_selu_grad, batch=elementwise)


def softplus(features, name=None):
    return apply("Softplus", [to_tensor(features)], name=name or "Softplus")


def softsign(features, name=None):
    return apply("Softsign", [to_tensor(features)], name=name or "Softsign")


def elu(features, name=None):
    return apply("Elu", [to_tensor(features)], name=name or "Elu")


def selu(features, name=None):
    return apply("Selu", [to_tensor(features)], name=name or "Selu")


def log_sigmoid(x, name=None):
    """``tf.log_sigmoid``: -softplus(-x), stable for large |x|."""
    with name_scope(name, "LogSigmoid", [x]) as scope:
        x = to_tensor(x)
        return math_ops.negative(softplus(-x), name=scope)


def swish(features, name=None):
    """``tf.nn.swish``: x * sigmoid(x)."""
    with name_scope(name, "swish", [features]) as scope:
        features = to_tensor(features)
        return math_ops.multiply(features, math_ops.sigmoid(features), name=scope)


def xw_plus_b(x, weights, biases, name=None):
    """``tf.nn.xw_plus_b``: matmul(x, weights) + biases."""
    with name_scope(name, "xw_plus_b", [x, weights, biases]) as scope:
        return bias_add(math_ops.matmul(to_tensor(x), to_tensor(weights)), biases, name=scope)


def relu(features, name=None):
    return apply("Relu", [to_tensor(features)], name=name or "Relu")


def relu6(features, name=None):
    return apply("Relu6", [to_tensor(features)], name=name or "Relu6")


def crelu(features, name=None, axis=-1):
    """``tf.nn.crelu``: relu of ``concat([x, -x], axis)`` (twice the channels)."""
    with name_scope(name, "CRelu", [features]) as scope:
        features = to_tensor(features, name="features")
        return relu(array_ops.concat([features, -features], axis, name=scope))


def zero_fraction(value, name=None):
    """``tf.nn.zero_fraction``: the fraction of ``value``'s elements that are 0, float32 (the
    CIFAR-10 tutorial's sparsity summaries)."""
    with name_scope(name, "zero_fraction", [value]):
        value = to_tensor(value, name="value")
        size = array_ops.size(value, out_type=dtypes.int64)
        num_nonzero = reduction_ops.count_nonzero(value, dtype=dtypes.int64)
        with name_scope("counts_to_fraction"):
            fraction = array_ops.cast(size - num_nonzero, dtypes.float32) / \
                array_ops.cast(size, dtypes.float32)
        return array_ops.identity(fraction, "fraction")


def leaky_relu(features, alpha=0.2, name=None):
    return apply("LeakyRelu", [to_tensor(features)], {"alpha": float(alpha)}, name or "LeakyRelu")


# -- softmax -----------------------------------------------------------------------------------------
def _softmax_kernel(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _log_softmax_kernel(x):
    shifted = x - x.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _softmax_grad(op, g):
    y = op.outputs[0]
    inner = reduction_ops.reduce_sum(g * y, axis=-1, keepdims=True)
    return [(g - inner) * y]


def _log_softmax_grad(op, g):
    y = op.outputs[0]
    return [g - reduction_ops.reduce_sum(g, axis=-1, keepdims=True) * math_ops.exp(y)]


def _softmax_infer(op):
    x = op.inputs[0]
    check_dtype(op, x, FLOATS, "logits")
    if x.shape.ndims == 0:
        raise shape_error(op, "Shape must be at least rank 1 but is rank 0")
    return [(x.dtype, x.shape)]


# (Their kernels work along the last axis, so a batched run's copy axis is one more row axis.)
define_op("Softmax", kernel=_softmax_kernel, infer=_softmax_infer, grad=_softmax_grad,
          batch=elementwise)
define_op("LogSoftmax", kernel=_log_softmax_kernel, infer=_softmax_infer, grad=_log_softmax_grad,
          batch=elementwise)


def _along_last(op_type, logits, axis, name):
    logits = to_tensor(logits)
    rank = logits.shape.ndims
    if axis in (None, -1) or rank is None or axis == rank - 1:
        return apply(op_type, [logits], name=name or op_type)
    perm = list(range(rank))
    perm[axis], perm[-1] = perm[-1], perm[axis]
    moved = apply(op_type, [array_ops.transpose(logits, perm)])
    return array_ops.transpose(moved, perm, name=name or op_type)


def softmax(logits, axis=None, name=None, dim=None):
    """``tf.nn.softmax`` over the last axis (or ``axis``)."""
    return _along_last("Softmax", logits, axis if axis is not None else dim, name)


def log_softmax(logits, axis=None, name=None, dim=None):
    return _along_last("LogSoftmax", logits, axis if axis is not None else dim, name)


# -- bias_add, l2_loss ----------------------------------------------------------------------------
def _bias_add_infer(op):
    value, bias = op.inputs
    if value.dtype != bias.dtype:
        raise TypeError("Input 'bias' of 'BiasAdd' Op has type %s that does not match type %s of "
                        "argument 'value'." % (bias.dtype.name, value.dtype.name))
    if bias.shape.ndims not in (None, 1):
        raise shape_error(op, "Shape must be rank 1 but is rank %d" % bias.shape.ndims)
    if value.shape.ndims is not None and value.shape.ndims < 2:
        raise shape_error(op, "Shape must be at least rank 2 but is rank %d" % value.shape.ndims)
    channels = value.shape[-1] if value.shape.ndims else None
    if channels is not None and bias.shape.ndims == 1 and bias.shape[0] not in (None, channels):
        raise shape_error(op, "Dimensions must be equal, but are %d and %d"
                          % (channels, bias.shape[0]))
    return [(value.dtype, value.shape)]


def _bias_add_grad_kernel(g):
    return g.sum(axis=tuple(range(g.ndim - 1)), dtype=g.dtype)


define_op("BiasAdd", kernel=long_rows.add_channels, infer=_bias_add_infer,
          grad=lambda op, g: [g, apply("BiasAddGrad", [g])], batch=elementwise)
define_op("BiasAddGrad", kernel=_bias_add_grad_kernel,
          infer=lambda op: [(op.inputs[0].dtype, op.inputs[0].shape[-1:])],
          grad=lambda op, gg: [apply("BroadcastToShape", [gg, op.inputs[0]])], batch=per_copy)


def bias_add(value, bias, data_format=None, name=None):
    """``tf.nn.bias_add``: add a 1-D bias along the last (channel) axis."""
    if data_format not in (None, "NHWC", "N...C"):
        raise ValueError("course supports data_format NHWC only, got %r" % data_format)
    value = to_tensor(value)
    bias = to_tensor(bias, dtype=value.dtype) if not hasattr(bias, "op") else to_tensor(bias)
    return apply("BiasAdd", [value, bias], name=name or "BiasAdd")


def _l2_loss_infer(op):
    check_dtype(op, op.inputs[0], FLOATS, "t")
    return [(op.inputs[0].dtype, TensorShape([]))]


define_op("L2Loss", kernel=lambda x: np.sum(np.square(x), dtype=x.dtype) / x.dtype.type(2),
          infer=_l2_loss_infer, grad=lambda op, g: [op.inputs[0] * g], batch=per_copy)


def l2_loss(t, name=None):
    """``tf.nn.l2_loss``: sum(t ** 2) / 2."""
    return apply("L2Loss", [to_tensor(t)], name=name or "L2Loss")


# -- cross-entropies ----------------------------------------------------------------------------------
def _sparse_xent_kernel(logits, labels):
    classes = logits.shape[-1]
    bad = (labels < 0) | (labels >= classes)
    if np.any(bad):
        raise errors.InvalidArgumentError(
            None, None, "Received a label value of %d which is outside the valid range of [0, %d)."
            "  Label values: %s" % (labels[bad][0], classes, " ".join(map(str, labels.ravel()))))
    log_p = _log_softmax_kernel(logits)
    rows = np.arange(labels.shape[0])
    loss = -log_p[rows, labels]
    backprop = np.exp(log_p)
    backprop[rows, labels] -= logits.dtype.type(1)
    return loss, backprop


def _sparse_xent_infer(op):
    logits, labels = op.inputs
    check_dtype(op, logits, FLOATS, "features")
    if not labels.dtype.is_integer:
        raise TypeError("Value passed to parameter 'labels' has DataType %s not in list of allowed "
                        "values: int32, int64" % labels.dtype.name)
    if logits.shape.ndims not in (None, 2) or labels.shape.ndims not in (None, 1):
        raise shape_error(op, "logits must be 2-D and labels 1-D")
    if not logits.shape[:1].is_compatible_with(labels.shape):
        raise shape_error(op, "logits and labels must have the same first dimension, got logits "
                          "shape %s and labels shape %s" % (logits.shape.list_str(),
                                                            labels.shape.list_str()))
    batch = logits.shape[:1].merge_with(labels.shape) if logits.shape.ndims else unknown_shape(1)
    return [(logits.dtype, batch), (logits.dtype, logits.shape)]


def _xent_grad(op, g_loss, g_backprop=None):
    logits, backprop = op.inputs[0], op.outputs[1]
    grad = array_ops.expand_dims(g_loss, -1) * backprop
    # The backprop output (softmax - labels) is differentiable too: second derivatives of a
    # loss reach it through the first gradient. Skipped when nothing flows into it.
    flows = g_backprop is not None and g_backprop.op.type != "ZerosLike"
    if flows:
        p = apply("Softmax", [logits])
        grad = grad + (g_backprop - reduction_ops.reduce_sum(g_backprop * p, -1, keepdims=True)) * p
    if op.type == "SparseSoftmaxCrossEntropyWithLogits":
        return [grad, None]
    labels_grad = array_ops.expand_dims(g_loss, -1) * -log_softmax(logits)
    if flows:
        labels_grad = labels_grad - g_backprop
    return [grad, labels_grad]


define_op("SparseSoftmaxCrossEntropyWithLogits", kernel=_sparse_xent_kernel,
          infer=_sparse_xent_infer, grad=_xent_grad, num_outputs=2, batch=per_copy)


def _xent_kernel(logits, labels):
    log_p = _log_softmax_kernel(logits)
    loss = -np.sum(labels * log_p, axis=-1, dtype=logits.dtype)
    return loss, np.exp(log_p) - labels


def _xent_infer(op):
    logits, labels = op.inputs
    check_dtype(op, logits, FLOATS, "features")
    if labels.dtype != logits.dtype:
        raise TypeError("Input 'labels' of 'SoftmaxCrossEntropyWithLogits' Op has type %s that "
                        "does not match type %s of argument 'features'." % (
                            labels.dtype.name, logits.dtype.name))
    if not logits.shape.is_compatible_with(labels.shape):
        raise shape_error(op, "logits and labels must be broadcastable: logits_size=%s "
                          "labels_size=%s" % (logits.shape.list_str(), labels.shape.list_str()))
    shape = logits.shape.merge_with(labels.shape)
    return [(logits.dtype, shape[:-1] if shape.ndims else unknown_shape()), (logits.dtype, shape)]


define_op("SoftmaxCrossEntropyWithLogits", kernel=_xent_kernel, infer=_xent_infer,
          grad=_xent_grad, num_outputs=2, batch=elementwise)


def _check_named(sentinel, fn):
    if sentinel is not None:
        raise ValueError("Only call `%s` with named arguments (labels=..., logits=..., ...)" % fn)


def sparse_softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    """Per-example cross-entropy of integer class ``labels`` against unscaled ``logits``."""
    _check_named(_sentinel, "sparse_softmax_cross_entropy_with_logits")
    logits, labels = to_tensor(logits), to_tensor(labels)
    if logits.shape.ndims is not None and labels.shape.ndims is not None and \
            labels.shape.ndims != logits.shape.ndims - 1:
        raise ValueError("Rank mismatch: Rank of labels (received %d) should equal rank of logits "
                         "minus 1 (received %d)." % (labels.shape.ndims, logits.shape.ndims))
    if logits.shape.ndims == 2:
        return apply_op("SparseSoftmaxCrossEntropyWithLogits", [logits, labels],
                        name=name or "SparseSoftmaxCrossEntropyWithLogits").outputs[0]
    with name_scope(name, "SparseSoftmaxCrossEntropyWithLogits", [logits, labels]) as scope:
        flat_logits = array_ops.reshape(logits, [-1, logits.shape[-1]])
        flat_labels = array_ops.reshape(labels, [-1])
        loss = apply_op("SparseSoftmaxCrossEntropyWithLogits", [flat_logits, flat_labels]).outputs[0]
        return array_ops.reshape(loss, array_ops.shape(labels), name=scope)


def softmax_cross_entropy_with_logits_v2(_sentinel=None, labels=None, logits=None, axis=-1,
                                         name=None, dim=None):
    """Cross-entropy of probability ``labels`` against ``logits``; gradients reach labels too."""
    _check_named(_sentinel, "softmax_cross_entropy_with_logits_v2")
    logits = to_tensor(logits)
    labels = to_tensor(labels, dtype=logits.dtype) if not hasattr(labels, "op") else to_tensor(labels)
    if labels.dtype != logits.dtype:
        labels = array_ops.cast(labels, logits.dtype)    # int one-hot labels, as TF casts them
    axis = dim if dim is not None else axis
    if axis not in (-1, None) and logits.shape.ndims is not None and axis != logits.shape.ndims - 1:
        perm = list(range(logits.shape.ndims))
        perm[axis], perm[-1] = perm[-1], perm[axis]
        logits, labels = array_ops.transpose(logits, perm), array_ops.transpose(labels, perm)
    if labels.shape.ndims is not None and logits.shape.ndims is not None and \
            labels.shape.ndims != logits.shape.ndims:
        # TF flattens each to [rows, classes] before the op (lab-06-2 of hunkim's course passes
        # labels=[one_hot], shaped [1, ?, 7] against [?, 7] logits), and gives the cost the
        # logits' outer shape back
        outer = array_ops.shape(logits)[:-1]
        cost = apply_op("SoftmaxCrossEntropyWithLogits",
                        [_rows(logits), _rows(labels)]).outputs[0]
        result = array_ops.reshape(cost, outer, name=name or "softmax_cross_entropy_with_logits")
        result.set_shape(logits.shape[:-1])
        return result
    return apply_op("SoftmaxCrossEntropyWithLogits", [logits, labels],
                    name=name or "softmax_cross_entropy_with_logits").outputs[0]


def _rows(x):
    """x as a [rows, last axis] matrix (TF's _flatten_outer_dims)."""
    return array_ops.reshape(x, [-1, array_ops.shape(x)[-1]] if x.shape[-1] is None
                             else [-1, x.shape.as_list()[-1]])


def softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, dim=-1, name=None,
                                      axis=None):
    """TF1's deprecated version: no gradient flows into ``labels``."""
    _check_named(_sentinel, "softmax_cross_entropy_with_logits")
    return softmax_cross_entropy_with_logits_v2(labels=array_ops.stop_gradient(to_tensor(labels)),
                                                logits=logits, axis=dim if axis is None else axis,
                                                name=name)


def sigmoid_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    """max(x, 0) - x * z + log(1 + exp(-|x|)): stable for any logits."""
    _check_named(_sentinel, "sigmoid_cross_entropy_with_logits")
    logits = to_tensor(logits)
    labels = to_tensor(labels, dtype=logits.dtype) if not hasattr(labels, "op") else to_tensor(labels)
    if not logits.shape.is_compatible_with(labels.shape):
        raise ValueError("logits and labels must have the same shape (%s vs %s)"
                         % (logits.shape, labels.shape))
    with name_scope(name, "logistic_loss", [logits, labels]) as scope:
        relu_logits = relu(logits)
        neg_abs = -math_ops.abs(logits)
        return math_ops.add(relu_logits - logits * labels, math_ops.log1p(math_ops.exp(neg_abs)),
                            name=scope)


def weighted_cross_entropy_with_logits(labels=None, logits=None, pos_weight=None, name=None,
                                       targets=None):
    """Sigmoid cross-entropy with the positive term weighted by ``pos_weight``:
    ``(1 - z) * x + (1 + (q - 1) * z) * (log1p(exp(-|x|)) + max(-x, 0))``, TF's stable form.
    ``targets`` is TF1's older name of ``labels`` (TF 1.0's signature was targets, logits,
    pos_weight)."""
    if targets is not None:
        if labels is not None:
            raise ValueError("Cannot specify both 'labels' and 'targets'")
        labels = targets
    with name_scope(name, "logistic_loss", [logits, labels]) as scope:
        logits = to_tensor(logits, name="logits")
        labels = to_tensor(labels, name="labels")
        if not labels.shape.is_compatible_with(logits.shape):
            raise ValueError("`logits` and `labels` must have the same shape, received (%s vs %s)."
                             % (logits.shape, labels.shape))
        log_weight = 1 + (pos_weight - 1) * labels
        return math_ops.add(
            (1 - labels) * logits,
            log_weight * (math_ops.log1p(math_ops.exp(-math_ops.abs(logits))) + relu(-logits)),
            name=scope)


# -- moments and batch normalization ----------------------------------------------------------------
def moments(x, axes, shift=None, name=None, keep_dims=None, keepdims=None):
    """Mean and variance of ``x`` over ``axes`` (TF1's formula: variance around a
    gradient-stopped mean)."""
    keep = bool(keepdims if keepdims is not None else keep_dims)
    x = to_tensor(x)
    with name_scope(name, "moments", [x]):
        mean = reduction_ops.reduce_mean(x, axes, keepdims=True, name="mean")
        variance = reduction_ops.reduce_mean(
            math_ops.squared_difference(x, array_ops.stop_gradient(mean)), axes, keepdims=True,
            name="variance")
        if not keep:
            mean = array_ops.squeeze(mean, axes)
            variance = array_ops.squeeze(variance, axes)
        return mean, variance


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """(x - mean) / sqrt(variance + eps) * scale + offset, in TF's arrangement of the terms."""
    x = to_tensor(x)
    with name_scope(name, "batchnorm", [x, mean, variance, scale, offset]):
        inv = math_ops.rsqrt(to_tensor(variance) + variance_epsilon)
        if scale is not None:
            inv = inv * scale
        shifted = (offset - to_tensor(mean) * inv) if offset is not None else -to_tensor(mean) * inv
        return x * inv + shifted




# tf.layers' fused batch normalization raises epsilon to at least this (cuDNN's minimum).
FUSED_MIN_EPSILON = 1.001e-5


def fused_batch_norm(x, scale, offset, mean=None, variance=None, epsilon=0.001,
                     data_format="NHWC", is_training=True, name=None,
                     exponential_avg_factor=1.0):
    """``tf.nn.fused_batch_norm`` of a 4-D NHWC ``x`` over N, H, W: ``(y, mean, variance)``.
    Training: the batch's statistics (a given mean/variance is ignored), the returned variance
    unbiased (times n / (n - 1)) as TF's kernel returns it; otherwise the given ``mean`` and
    ``variance``. TF's arithmetic: ``(x - mean) * (rsqrt(variance + epsilon) * scale) +
    offset``. ``epsilon`` is used as given, as by TF 2's tf.compat.v1 (the oracle); TF 1.15's
    wrapper raised it to 1.001e-5."""
    if exponential_avg_factor != 1.0:
        raise NotImplementedError("course's fused_batch_norm has no exponential_avg_factor")
    if data_format != "NHWC":
        raise ValueError("course computes on the CPU, where TF's fused_batch_norm supports "
                         "the NHWC data format, got %r" % (data_format,))
    if not is_training and (mean is None or variance is None):
        raise ValueError("Both `mean` and `variance` must be a 1D tensor when `is_training` is "
                         "False or `exponential_avg_factor` != 1.0. Received: `mean` %r and "
                         "`variance` %r" % (mean, variance))
    with name_scope(name, "FusedBatchNormV3", [x, scale, offset]):
        x = to_tensor(x, name="input")
        if x.shape.ndims not in (None, 4):
            raise ValueError("fused_batch_norm: x must be 4-D (NHWC), got shape %s" % x.shape)
        if is_training:
            mean, variance = moments(x, [0, 1, 2])
            count = array_ops.cast(array_ops.size(x), x.dtype) / \
                array_ops.cast(array_ops.size(mean), x.dtype)
            reported_variance = variance * (count / (count - 1))
        else:
            mean, variance = to_tensor(mean, name="mean"), to_tensor(variance, name="variance")
            reported_variance = variance
        factor = math_ops.rsqrt(variance + epsilon) * scale
        y = (x - mean) * factor + offset
        return y, mean, reported_variance


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """x / sqrt(max(sum(x**2, axis), epsilon)), as TF."""
    axis = dim if axis is None else axis
    x = to_tensor(x)
    with name_scope(name, "l2_normalize", [x]) as scope:
        square_sum = reduction_ops.reduce_sum(math_ops.square(x), axis, keepdims=True)
        inv_norm = math_ops.rsqrt(math_ops.maximum(square_sum, array_ops.constant(
            epsilon, dtype=x.dtype)))
        return math_ops.multiply(x, inv_norm, name=scope)


def embedding_lookup(params, ids, partition_strategy="mod", name=None, validate_indices=True,
                     max_norm=None):
    """Rows of ``params`` (one tensor; course has no partitioned variables) for ``ids``.
    (partition_strategy only matters for several params tensors; validate_indices is ignored
    by TF too.)"""
    refuse_unsupported("tf.nn.embedding_lookup", max_norm=max_norm)
    if isinstance(params, (list, tuple)):
        if len(params) != 1:
            raise ValueError("course's embedding_lookup takes one params tensor, got %d"
                             % len(params))
        params = params[0]
    with name_scope(name, "embedding_lookup", [params, ids]) as scope:
        return array_ops.gather(params, ids, name=scope)
