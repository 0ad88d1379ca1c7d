"""``tf.sparse_placeholder`` and ``tf.edit_distance`` (TF's EditDistance op: Levenshtein
distances between the sequences of two SparseTensors, grouped by all but their last index)."""
import numpy as np

from ..framework import dtypes
from ..framework.registry import define_op
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor_shape import unknown_shape
from .array_ops import placeholder
from .core import apply


def sparse_placeholder(dtype, shape=None, name=None):
    """``tf.sparse_placeholder``: a SparseTensor of three placeholders (indices, values,
    dense_shape; the shape a constant when ``shape`` is fully known), fed as one with a
    SparseTensorValue."""
    dtype = dtypes.as_dtype(dtype)
    prefix = name or "Placeholder"
    rank = None if shape is None else len(shape)
    values = placeholder(dtype, [None], name=prefix + "/values")
    indices = placeholder(dtypes.int64, [None, rank], name=prefix + "/indices")
    if shape is not None and all(d is not None and d >= 0 for d in shape):
        return SparseTensor(indices, values, [int(d) for d in shape])
    dense_shape = placeholder(dtypes.int64, [rank], name=prefix + "/shape")
    return SparseTensor(indices, values, dense_shape)


def _levenshtein(a, b):
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def _sequences(indices, values):
    """{group (all but the last index): its values in the order given} (TF's kernel does not
    reorder them by their last index)."""
    groups = {}
    for index, value in zip(indices, values):
        groups.setdefault(tuple(int(v) for v in index[:-1]), []).append(value)
    return groups


def _edit_distance_kernel(hyp_indices, hyp_values, hyp_shape, truth_indices, truth_values,
                          truth_shape, normalize):
    if len(hyp_shape) != len(truth_shape):
        raise ValueError("hypothesis and truth must have the same rank: %d vs %d"
                         % (len(hyp_shape), len(truth_shape)))
    out = np.zeros(np.maximum(hyp_shape[:-1], truth_shape[:-1]), dtype=np.float32)
    hypotheses = _sequences(hyp_indices, hyp_values)
    truths = _sequences(truth_indices, truth_values)
    for group in set(hypotheses) | set(truths):
        hypothesis, truth = hypotheses.get(group), truths.get(group)
        if hypothesis is not None and truth is not None:
            distance = np.float32(_levenshtein(hypothesis, truth))
            out[group] = distance / np.float32(len(truth)) if normalize else distance
        elif hypothesis is not None:      # an empty truth: infinitely far when normalized
            out[group] = np.inf if normalize else len(hypothesis)
        else:                             # an empty hypothesis
            out[group] = 1.0 if normalize else len(truth)
    return out


def _edit_distance_infer(op):
    # TF's shape function knows the output shape only from constant dense shapes, which
    # edit_distance() sets; otherwise not even the rank
    if op.inputs[1].dtype != op.inputs[4].dtype:
        raise TypeError("Input 'truth_values' of 'EditDistance' Op has type %s that does not "
                        "match type %s of argument 'hypothesis_values'."
                        % (op.inputs[4].dtype.name, op.inputs[1].dtype.name))
    return [(dtypes.float32, unknown_shape())]


define_op("EditDistance", kernel=_edit_distance_kernel, infer=_edit_distance_infer,
          differentiable=False)


def edit_distance(hypothesis, truth, normalize=True, name="edit_distance"):
    """``tf.edit_distance``: the Levenshtein distance of each hypothesis sequence to its truth
    (divided by the truth's length when ``normalize``), as a dense float32 tensor over the
    groups (the inputs' dense shapes without their last axis)."""
    if not isinstance(hypothesis, SparseTensor) or not isinstance(truth, SparseTensor):
        raise TypeError("Hypothesis and truth must be SparseTensors, got %s and %s"
                        % (type(hypothesis).__name__, type(truth).__name__))
    result = apply("EditDistance", list(hypothesis.parts()) + list(truth.parts()),
                   {"normalize": bool(normalize)}, name=name)
    if hypothesis.shape.is_fully_defined() and truth.shape.is_fully_defined():
        result.set_shape([max(a, b) for a, b in zip(hypothesis.shape.as_list()[:-1],
                                                    truth.shape.as_list()[:-1])])
    return result
