"""``tf.contrib.losses`` (also ``slim.losses``): TF1's first loss functions, predictions or
logits FIRST (``softmax_cross_entropy(logits, onehot_labels)``), each the tf.losses function of
the same name with the arguments in tf.losses' order (the same sums: a weighted mean over the
non-zero weights, added to the LOSSES collection)."""
from ... import losses as _losses
from ...losses import (  # noqa: F401
    add_loss, compute_weighted_loss, get_losses, get_regularization_losses, get_total_loss)


def softmax_cross_entropy(logits, onehot_labels, weights=1.0, label_smoothing=0, scope=None):
    return _losses.softmax_cross_entropy(onehot_labels, logits, weights=weights,
                                         label_smoothing=label_smoothing, scope=scope)


def sparse_softmax_cross_entropy(logits, labels, weights=1.0, scope=None):
    return _losses.sparse_softmax_cross_entropy(labels, logits, weights=weights, scope=scope)


def sigmoid_cross_entropy(logits, multi_class_labels, weights=1.0, label_smoothing=0,
                          scope=None):
    return _losses.sigmoid_cross_entropy(multi_class_labels, logits, weights=weights,
                                         label_smoothing=label_smoothing, scope=scope)


def mean_squared_error(predictions, labels=None, weights=1.0, scope=None):
    return _losses.mean_squared_error(labels, predictions, weights=weights, scope=scope)


def absolute_difference(predictions, labels=None, weights=1.0, scope=None):
    return _losses.absolute_difference(labels, predictions, weights=weights, scope=scope)


def log_loss(predictions, labels=None, weights=1.0, epsilon=1e-7, scope=None):
    return _losses.log_loss(labels, predictions, weights=weights, epsilon=epsilon, scope=scope)
