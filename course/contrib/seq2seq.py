"""``tf.contrib.seq2seq.sequence_loss``: the weighted cross-entropy of a batch of sequences
(TF1's contrib/seq2seq/python/ops/loss.py, same formulas and reductions)."""
from ..framework.ops import name_scope
from ..ops import array_ops, math_ops, nn_ops, reduction_ops
from ..ops.core import to_tensor


def sequence_loss(logits, targets, weights, average_across_timesteps=True,
                  average_across_batch=True, sum_over_timesteps=False, sum_over_batch=False,
                  softmax_loss_function=None, name=None):
    """logits [batch, time, classes], targets int [batch, time], weights [batch, time]: the
    sparse softmax cross-entropy per step, weighted, then averaged (or summed) over the time
    steps and/or the batch as asked."""
    logits, targets, weights = to_tensor(logits), to_tensor(targets), to_tensor(weights)
    if logits.shape.ndims not in (None, 3):
        raise ValueError("Logits must be a [batch_size x sequence_length x logits] tensor")
    if targets.shape.ndims not in (None, 2):
        raise ValueError("Targets must be a [batch_size x sequence_length] tensor")
    if weights.shape.ndims not in (None, 2):
        raise ValueError("Weights must be a [batch_size x sequence_length] tensor")
    if average_across_timesteps and sum_over_timesteps:
        raise ValueError("average_across_timesteps and sum_over_timesteps cannot be set to "
                         "True at same time.")
    if average_across_batch and sum_over_batch:
        raise ValueError("average_across_batch and sum_over_batch cannot be set to True at "
                         "same time.")
    with name_scope(name, "sequence_loss", [logits, targets, weights]):
        num_classes = array_ops.shape(logits)[2]
        logits_flat = array_ops.reshape(logits, array_ops.stack([-1, num_classes]))
        targets = array_ops.reshape(targets, [-1])
        loss = softmax_loss_function or nn_ops.sparse_softmax_cross_entropy_with_logits
        crossent = loss(labels=targets, logits=logits_flat)
        crossent = crossent * array_ops.reshape(weights, [-1])
        if average_across_timesteps and average_across_batch:
            return math_ops.div_no_nan(reduction_ops.reduce_sum(crossent),
                                       reduction_ops.reduce_sum(weights))
        if sum_over_timesteps and sum_over_batch:
            total = array_ops.cast(reduction_ops.count_nonzero(weights), crossent.dtype)
            return math_ops.div_no_nan(reduction_ops.reduce_sum(crossent), total)
        crossent = array_ops.reshape(crossent, array_ops.shape(logits)[0:2])
        if average_across_timesteps or average_across_batch:
            axis = [0] if average_across_batch else [1]
            return math_ops.div_no_nan(reduction_ops.reduce_sum(crossent, axis=axis),
                                       reduction_ops.reduce_sum(weights, axis=axis))
        if sum_over_timesteps or sum_over_batch:
            axis = [0] if sum_over_batch else [1]
            total = array_ops.cast(reduction_ops.count_nonzero(weights, axis=axis),
                                   crossent.dtype)
            return math_ops.div_no_nan(reduction_ops.reduce_sum(crossent, axis=axis), total)
        return crossent
