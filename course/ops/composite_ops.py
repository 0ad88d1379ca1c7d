"""Ops TF builds from other ops, as tutorials use them: ``tf.boolean_mask``,
``tf.sequence_mask``, ``tf.meshgrid``, ``tf.trace``, ``tf.to_double``,
``tf.confusion_matrix`` and ``tf.unique_with_counts``. Each follows TF's
construction (tensorflow/python/ops/array_ops.py, math_ops.py), so shapes, dtypes and
gradients come from the ops it is made of."""
import collections

from ..framework import dtypes
from ..framework.ops import name_scope
from ..framework.tensor_shape import TensorShape
from .core import to_tensor
from . import array_ops, gather_nd_ops, math_ops, matrix_ops, reduction_ops, scatter_ops


def boolean_mask(tensor, mask, name="boolean_mask", axis=None):
    """``tf.boolean_mask``: the entries of ``tensor`` where ``mask`` (covering the axes from
    ``axis`` on) is true, those axes flattened into one."""
    with name_scope(name, "boolean_mask", [tensor, mask]):
        tensor = to_tensor(tensor, name="tensor")
        mask = to_tensor(mask, name="mask")
        mask_rank = mask.shape.ndims
        if mask_rank == 0:
            raise ValueError("mask cannot be scalar.")
        if mask_rank is None:
            raise ValueError("Number of mask dimensions must be specified, even if some "
                             "dimensions are None.  E.g. shape=[None] is ok, but shape=None "
                             "is not.")
        axis = 0 if axis is None else axis
        static = tensor.shape
        if static.ndims is not None:
            TensorShape(static.as_list()[axis:axis + mask_rank]).assert_is_compatible_with(
                mask.shape)
        dims = array_ops.shape(tensor)
        leading = reduction_ops.reduce_prod(dims[axis:axis + mask_rank], [0])
        tensor = array_ops.reshape(tensor, array_ops.concat(
            [dims[:axis], array_ops.expand_dims(leading, 0), dims[axis + mask_rank:]], 0))
        if static.ndims is not None:
            masked = TensorShape(static.as_list()[axis:axis + mask_rank]).num_elements()
            tensor.set_shape(static.as_list()[:axis] + [masked] +
                             static.as_list()[axis + mask_rank:])
        indices = array_ops.squeeze(array_ops.where(array_ops.reshape(mask, [-1])), axis=[1])
        return array_ops.gather(tensor, indices, axis=axis)


def sequence_mask(lengths, maxlen=None, dtype=dtypes.bool_, name=None):
    """``tf.sequence_mask``: row i true at its first ``lengths[i]`` places, ``maxlen`` long
    (the largest length when not given)."""
    with name_scope(name, "SequenceMask", [lengths, maxlen]):
        lengths = to_tensor(lengths)
        if maxlen is None:
            maxlen = reduction_ops.reduce_max(lengths)
            maxlen = math_ops.maximum(array_ops.constant(0, maxlen.dtype), maxlen)
        else:
            maxlen = to_tensor(maxlen)
        if maxlen.shape.ndims is not None and maxlen.shape.ndims != 0:
            raise ValueError("maxlen must be scalar for sequence_mask")
        row = array_ops.range(array_ops.constant(0, maxlen.dtype), maxlen,
                              array_ops.constant(1, maxlen.dtype))
        matrix = array_ops.cast(array_ops.expand_dims(lengths, -1), maxlen.dtype)
        result = math_ops.less(row, matrix)
        dtype = dtypes.as_dtype(dtype) if dtype is not None else None
        return result if dtype is None or dtype == dtypes.bool_ else array_ops.cast(result, dtype)


def meshgrid(*args, **kwargs):
    """``tf.meshgrid``: coordinate arrays from 1-D ones ('xy' indexing swaps the first two
    axes, as numpy's does)."""
    indexing = kwargs.pop("indexing", "xy")
    name = kwargs.pop("name", "meshgrid")
    if kwargs:
        raise TypeError("'{}' is an invalid keyword argument for this function"
                        .format(list(kwargs)[0]))
    if indexing not in ("xy", "ij"):
        raise ValueError("indexing parameter must be either 'xy' or 'ij'")
    with name_scope(name, "meshgrid", args):
        ndim = len(args)
        ones_shape = (1,) * ndim
        # TF stacks each argument: a list of tensors becomes one, a tensor stays itself.
        vectors = [array_ops.stack(x) if isinstance(x, (list, tuple)) else to_tensor(x)
                   for x in args]
        output = [array_ops.reshape(x, ones_shape[:i] + (-1,) + ones_shape[i + 1:])
                  for i, x in enumerate(vectors)]
        sizes = [array_ops.size(x) for x in vectors]
        output_dtype = vectors[0].dtype
        if indexing == "xy" and ndim > 1:
            output[0] = array_ops.reshape(output[0], (1, -1) + (1,) * (ndim - 2))
            output[1] = array_ops.reshape(output[1], (-1, 1) + (1,) * (ndim - 2))
            sizes[0], sizes[1] = sizes[1], sizes[0]
        ones = array_ops.ones(array_ops.stack(sizes), output_dtype)
        return [x * ones for x in output]


def trace(x, name=None):
    """``tf.trace``: the sum of each matrix's diagonal (over the last two axes)."""
    with name_scope(name, "Trace", [x]) as scope:
        x = to_tensor(x, name="x")
        return reduction_ops.reduce_sum(matrix_ops.matrix_diag_part(x), [-1], name=scope)


def to_double(x, name="ToDouble"):
    """``tf.to_double``: ``x`` cast to float64."""
    return array_ops.cast(x, dtypes.float64, name=name)



def confusion_matrix(labels, predictions, num_classes=None, dtype=dtypes.int32, name=None,
                     weights=None):
    """``tf.confusion_matrix``: entry [i, j] counts (or sums ``weights`` over) the examples
    labelled i and predicted j; ``num_classes`` defaults to the largest class seen + 1. TF adds
    the ones into a zero matrix through a SparseTensor; scatter_nd adds them the same way."""
    with name_scope(name, "confusion_matrix", (predictions, labels, num_classes, weights)):
        labels = to_tensor(labels, name="labels")
        predictions = to_tensor(predictions, name="predictions")
        labels, predictions = _remove_squeezable_dimensions(labels, predictions)
        labels = array_ops.cast(labels, dtypes.int64)
        predictions = array_ops.cast(predictions, dtypes.int64)
        if num_classes is None:
            num_classes = math_ops.maximum(reduction_ops.reduce_max(predictions),
                                           reduction_ops.reduce_max(labels)) + 1
        else:
            num_classes = array_ops.cast(num_classes, dtypes.int64)
        dtype = dtypes.as_dtype(dtype)
        if weights is not None:
            weights = to_tensor(weights, name="weights")
            predictions.shape.assert_is_compatible_with(weights.shape)
            values = array_ops.cast(weights, dtype)
        else:
            values = array_ops.ones_like(predictions, dtype)
        indices = array_ops.stack([labels, predictions], axis=1)
        return gather_nd_ops.scatter_nd(indices, values,
                                        array_ops.stack([num_classes, num_classes]))


def _remove_squeezable_dimensions(labels, predictions):
    """TF's rule: a trailing axis of size 1 that only one of the two has is squeezed away."""
    labels_rank, predictions_rank = labels.shape.ndims, predictions.shape.ndims
    if labels_rank is not None and predictions_rank is not None:
        if labels_rank - predictions_rank == 1 and labels.shape.as_list()[-1] == 1:
            labels = array_ops.squeeze(labels, [-1])
        elif predictions_rank - labels_rank == 1 and predictions.shape.as_list()[-1] == 1:
            predictions = array_ops.squeeze(predictions, [-1])
    return labels, predictions


def unique_with_counts(x, out_idx=dtypes.int32, name=None):
    """``tf.unique_with_counts``: ``tf.unique``'s (y, idx) and how often each of y occurs."""
    with name_scope(name, "UniqueWithCounts", [x]):
        y, idx = scatter_ops.unique(x, out_idx=out_idx)
        count = scatter_ops.unsorted_segment_sum(array_ops.ones_like(idx), idx,
                                                 array_ops.size(y, out_type=idx.dtype))
        return UniqueWithCounts(y, idx, count)


UniqueWithCounts = collections.namedtuple("UniqueWithCounts", ["y", "idx", "count"])
