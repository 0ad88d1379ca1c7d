"""``tf.nn.nce_loss`` and ``tf.nn.sampled_softmax_loss`` (word2vec's losses), built as TF1's
``_compute_sampled_logits`` builds them, from ops course already has.

The true classes' logits and ``num_sampled`` sampled classes' logits (log-uniform candidates,
unless ``sampled_values`` gives them) each lose the log of their expected count; NCE scores
each with a sigmoid cross-entropy (true: 1 / num_true), sampled softmax with one softmax over
them. A sampled class that is also a true class of an example ("accidental hit") gets
``-FLT_MAX`` added to its logit when ``remove_accidental_hits`` (an equality mask here, where
TF scatters -FLT_MAX with SparseToDense: the same sums).
"""
import numpy as np

from ..framework import dtypes
from ..framework.ops import name_scope
from . import array_ops, math_ops, nn_ops, reduction_ops
from .candidate_sampling_ops import log_uniform_candidate_sampler
from .core import to_tensor

_FLT_MAX = float(np.finfo(np.float32).max)


def _sum_rows(x):
    """Row sums as TF's _sum_rows takes them: x @ ones([cols, 1])."""
    cols = array_ops.shape(x)[1]
    ones = array_ops.ones(array_ops.stack([cols, 1]), x.dtype)
    return array_ops.reshape(math_ops.matmul(x, ones), [-1])


def _single_params(params, what):
    if isinstance(params, (list, tuple)):
        if len(params) != 1:
            raise ValueError("course's sampled losses take one %s tensor, got %d (no "
                             "partitioned variables)" % (what, len(params)))
        return params[0]
    return params


def _accidental_hits(labels, sampled, dtype):
    """-FLT_MAX where a sampled class is one of the example's true classes, else 0:
    [batch, num_sampled]."""
    hits = reduction_ops.reduce_any(math_ops.equal(array_ops.expand_dims(labels, 2),
                                              array_ops.reshape(sampled, [1, 1, -1])), 1)
    return array_ops.where(hits, array_ops.fill(array_ops.shape(hits),
                                                array_ops.constant(-_FLT_MAX, dtype)),
                           array_ops.zeros_like(hits, dtype=dtype))


def _compute_sampled_logits(weights, biases, labels, inputs, num_sampled, num_classes,
                            num_true, sampled_values, remove_accidental_hits, name, seed=None):
    weights = _single_params(weights, "weights")
    biases = _single_params(biases, "biases")
    with name_scope(name, "compute_sampled_logits", [weights, biases, inputs, labels]):
        labels = to_tensor(labels)
        inputs = to_tensor(inputs)
        if labels.dtype != dtypes.int64:
            labels = array_ops.cast(labels, dtypes.int64)
        labels_flat = array_ops.reshape(labels, [-1])
        if sampled_values is None:
            sampled_values = log_uniform_candidate_sampler(
                true_classes=labels, num_true=num_true, num_sampled=num_sampled, unique=True,
                range_max=num_classes, seed=seed)
        sampled, true_expected_count, sampled_expected_count = (
            array_ops.stop_gradient(s) for s in sampled_values)
        sampled = array_ops.cast(sampled, dtypes.int64)
        all_ids = array_ops.concat([labels_flat, sampled], 0)

        all_w = nn_ops.embedding_lookup(weights, all_ids)
        if all_w.dtype != inputs.dtype:
            all_w = array_ops.cast(all_w, inputs.dtype)
        num_labels = array_ops.shape(labels_flat)[0]
        # (TF slices with sizes computed in the graph; course's tf.slice wants them known when
        # the graph is built, so the rows are split with tensor slice bounds instead.)
        true_w, sampled_w = all_w[:num_labels], all_w[num_labels:]
        sampled_logits = math_ops.matmul(inputs, sampled_w, transpose_b=True)

        all_b = nn_ops.embedding_lookup(biases, all_ids)
        if all_b.dtype != inputs.dtype:
            all_b = array_ops.cast(all_b, inputs.dtype)
        true_b, sampled_b = all_b[:num_labels], all_b[num_labels:]

        dim = array_ops.shape(true_w)[1:2]
        row_wise_dots = math_ops.multiply(
            array_ops.expand_dims(inputs, 1),
            array_ops.reshape(true_w, array_ops.concat([[-1, num_true], dim], 0)))
        dots_as_matrix = array_ops.reshape(row_wise_dots, array_ops.concat([[-1], dim], 0))
        true_logits = array_ops.reshape(_sum_rows(dots_as_matrix), [-1, num_true])
        true_logits += array_ops.reshape(true_b, [-1, num_true])
        sampled_logits += sampled_b

        if remove_accidental_hits:
            sampled_logits += _accidental_hits(labels, sampled, sampled_logits.dtype)

        # Subtract the log of Q(class), the expected count of the class in the sample.
        true_logits -= math_ops.log(true_expected_count)
        sampled_logits -= math_ops.log(sampled_expected_count)

        out_logits = array_ops.concat([true_logits, sampled_logits], 1)
        out_labels = array_ops.concat([array_ops.ones_like(true_logits) / num_true,
                                       array_ops.zeros_like(sampled_logits)], 1)
        return out_logits, out_labels


def nce_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1,
             sampled_values=None, remove_accidental_hits=False, partition_strategy="mod",
             name="nce_loss"):
    """``tf.nn.nce_loss``: per example, the noise-contrastive estimation loss over its true
    classes and ``num_sampled`` sampled classes, [batch_size].
    (partition_strategy only matters for several weight tensors, which course refuses.)"""
    logits, labels = _compute_sampled_logits(
        weights, biases, labels, inputs, num_sampled, num_classes, num_true, sampled_values,
        remove_accidental_hits, name)
    sampled_losses = nn_ops.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits,
                                                              name="sampled_losses")
    return _sum_rows(sampled_losses)


def sampled_softmax_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1,
                         sampled_values=None, remove_accidental_hits=True,
                         partition_strategy="mod", name="sampled_softmax_loss", seed=None):
    """``tf.nn.sampled_softmax_loss``: per example, the softmax cross-entropy over its true
    classes and ``num_sampled`` sampled classes, [batch_size]."""
    logits, labels = _compute_sampled_logits(
        weights, biases, labels, inputs, num_sampled, num_classes, num_true, sampled_values,
        remove_accidental_hits, name, seed=seed)
    labels = array_ops.stop_gradient(labels, name="labels_stop_gradient")
    return nn_ops.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
