"""``tf.metrics``: streaming metrics over many ``sess.run`` calls (TF1's ``metrics_impl``).

Each metric keeps its running sums in local variables (``tf.local_variables_initializer()``
starts them at 0) and returns ``(value, update_op)``: running ``update_op`` adds a batch and
gives the new value; ``value`` reads the current one without adding anything.
"""

from .framework import dtypes
from .framework.ops import GraphKeys, add_to_collections, control_dependencies, convert_to_tensor
from .ops import array_ops, math_ops, reduction_ops, state_ops
from .variable_scope import variable_scope
from .variables import Variable

METRIC_VARIABLES = "metric_variables"


def _metric_variable(name):
    return Variable(lambda: array_ops.zeros([], dtypes.float32), trainable=False,
                    collections=[GraphKeys.LOCAL_VARIABLES, METRIC_VARIABLES], name=name)


def mean(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """The (weighted) mean of every value seen so far: ``(mean, update_op)``."""
    with variable_scope(name, "mean", (values, weights)):
        values = _to_float(values)
        total = _metric_variable("total")
        count = _metric_variable("count")
        if weights is None:
            num_values = array_ops.cast(array_ops.size(values), dtypes.float32)
        else:
            weights = _to_float(weights) * array_ops.ones_like(values)
            values = values * weights
            num_values = reduction_ops.reduce_sum(weights)
        update_total = state_ops.assign_add(total, reduction_ops.reduce_sum(values))
        with control_dependencies([values]):
            update_count = state_ops.assign_add(count, num_values)
        zero = array_ops.constant(0.0)
        mean_t = math_ops.div_no_nan(total, math_ops.maximum(count, zero), name="value")
        update_op = math_ops.div_no_nan(update_total, math_ops.maximum(update_count, zero),
                                        name="update_op")
        _add_to(metrics_collections, mean_t)
        _add_to(updates_collections, update_op)
        return mean_t, update_op


def accuracy(labels, predictions, weights=None, metrics_collections=None,
             updates_collections=None, name=None):
    """How often ``predictions`` equals ``labels``: ``(accuracy, update_op)``."""
    predictions, labels = convert_to_tensor(predictions), convert_to_tensor(labels)
    if not predictions.shape.is_compatible_with(labels.shape):
        raise ValueError("Shapes %s and %s are incompatible" % (predictions.shape, labels.shape))
    if labels.dtype != predictions.dtype:
        predictions = array_ops.cast(predictions, labels.dtype)
    is_correct = array_ops.cast(math_ops.equal(predictions, labels), dtypes.float32)
    return mean(is_correct, weights, metrics_collections, updates_collections,
                name or "accuracy")


def _to_float(value):
    return array_ops.cast(convert_to_tensor(value), dtypes.float32)


def _add_to(collections, value):
    if collections:
        add_to_collections(collections, value)
