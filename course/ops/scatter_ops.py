"""Row updates of variables (tf.scatter_add, scatter_sub, scatter_update), tf.unsorted_segment_sum,
and IndexedSlices used as the dense tensor it stands for (its rows summed into place)."""
import numpy as np

from ..framework import dtypes, errors
from ..framework.indexed_slices import IndexedSlices
from ..framework.ops import register_tensor_conversion_function
from ..framework.registry import define_op
from ..framework.tensor_shape import TensorShape, unknown_shape
from .core import apply, apply_op, known_scalar, shape_error, to_tensor
from .state_ops import _ref_of, _uninitialized


def _check_rows(op, indices, first_dim):
    if indices.size and (indices.min() < 0 or indices.max() >= first_dim):
        bad = indices.ravel()[(indices.ravel() < 0) | (indices.ravel() >= first_dim)][0]
        raise errors.InvalidArgumentError(
            None, op, "indices[%d] = %d is not in [0, %d)" % (
                int(np.argmax(indices.ravel() == bad)), bad, first_dim))


def _scatter_kernel(combine):
    def make(op, state):
        store, var_op = state.variables, op.inputs[0].op

        def scatter(indices, updates):
            try:
                current = store[var_op.name]
            except KeyError:
                raise _uninitialized(var_op) from None
            _check_rows(op, indices, current.shape[0])
            updated = current.copy()        # stored arrays are never changed in place
            combine(updated, indices, updates.astype(current.dtype, copy=False))
            store[var_op.name] = updated
            return updated
        return scatter
    return make


def _scatter_infer(op):
    ref, indices, updates = op.inputs
    if ref.op.type != "VariableV2":
        raise TypeError("'%s' needs a variable to update, got %s" % (op.type, ref.name))
    if updates.dtype != ref.dtype:
        raise TypeError("Input 'updates' of '%s' Op has type %s that does not match type %s of "
                        "argument 'ref'." % (op.type, updates.dtype.name, ref.dtype.name))
    if ref.shape.ndims is not None and indices.shape.ndims is not None:
        expected = TensorShape(indices.shape.as_list() + ref.shape.as_list()[1:])
        if not updates.shape.is_compatible_with(expected):
            raise shape_error(op, "Shapes must be equal rank, but are %s and %s"
                              % (updates.shape, expected))
    return [(ref.dtype, ref.shape)]


def _assign_rows(array, indices, updates):
    array[indices] = updates


for _type, _combine in (("ScatterAdd", np.add.at), ("ScatterSub", np.subtract.at),
                        ("ScatterUpdate", _assign_rows)):
    define_op(_type, make_kernel=_scatter_kernel(_combine), infer=_scatter_infer,
              ref_inputs=(0,), differentiable=False)


def _scatter(op_type, ref, indices, updates, name):
    ref = _ref_of(ref)
    updates = to_tensor(updates, dtype=ref.dtype) if not hasattr(updates, "op") else updates
    return apply(op_type, [ref, to_tensor(indices), to_tensor(updates)], {}, name or op_type)


def scatter_add(ref, indices, updates, use_locking=False, name=None):
    """``tf.scatter_add``: ``ref[indices[i]] += updates[i]`` (repeated indices all add)."""
    return _scatter("ScatterAdd", ref, indices, updates, name)


def scatter_sub(ref, indices, updates, use_locking=False, name=None):
    """``tf.scatter_sub``: ``ref[indices[i]] -= updates[i]``."""
    return _scatter("ScatterSub", ref, indices, updates, name)


def scatter_update(ref, indices, updates, use_locking=True, name=None):
    """``tf.scatter_update``: ``ref[indices[i]] = updates[i]``."""
    return _scatter("ScatterUpdate", ref, indices, updates, name)


# -- unsorted_segment_sum ------------------------------------------------------------------------
def _segment_sum_kernel(data, segment_ids, num_segments):
    n = int(num_segments)
    if segment_ids.size and (segment_ids.max() >= n):
        raise errors.InvalidArgumentError(
            None, None, "segment_ids[%d] = %d is out of range [0, %d)" % (
                int(np.argmax(segment_ids.ravel() >= n)), segment_ids.max(), n))
    out = np.zeros((n,) + data.shape[segment_ids.ndim:], dtype=data.dtype)
    keep = segment_ids >= 0                 # negative ids are dropped, as TF
    np.add.at(out, segment_ids[keep], data[keep])
    return out


def _segment_sum_infer(op):
    data, ids, num = op.inputs
    n = known_scalar(num)
    if data.shape.ndims is None or ids.shape.ndims is None:
        return [(data.dtype, unknown_shape())]
    if not data.shape[:ids.shape.ndims].is_compatible_with(ids.shape):
        raise shape_error(op, "data.shape = %s does not start with segment_ids.shape = %s"
                          % (data.shape, ids.shape))
    return [(data.dtype, TensorShape([n] + data.shape.as_list()[ids.shape.ndims:]))]


def _segment_sum_grad(op, g):
    from .array_ops import gather
    return [gather(g, op.inputs[1]), None, None]


define_op("UnsortedSegmentSum", kernel=_segment_sum_kernel, infer=_segment_sum_infer,
          grad=_segment_sum_grad)


def unsorted_segment_sum(data, segment_ids, num_segments, name=None):
    """``tf.unsorted_segment_sum``: ``out[segment_ids[i]] += data[i]`` into ``num_segments``
    rows."""
    return apply("UnsortedSegmentSum", [to_tensor(data), to_tensor(segment_ids),
                                        to_tensor(num_segments)], name=name or
                 "UnsortedSegmentSum")


def _indexed_slices_to_dense(value, dtype=None, name=None, preferred_dtype=None):
    if dtype is not None and dtype != value.dtype:
        raise ValueError("Tensor conversion requested dtype %s for IndexedSlices with dtype %s"
                         % (dtype.name, value.dtype.name))
    if value.dense_shape is None:
        raise ValueError("Tensor conversion requested for IndexedSlices without dense_shape: %s"
                         % (value,))
    from .array_ops import strided_slice_py
    return unsorted_segment_sum(value.values, value.indices,
                                strided_slice_py(value.dense_shape, (0,)), name=name)


register_tensor_conversion_function(IndexedSlices, _indexed_slices_to_dense)


# -- unique ------------------------------------------------------------------------------------------
def _unique_kernel(x, out_idx):
    values, first, inverse = np.unique(x, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")          # TF keeps first-occurrence order
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return values[order], rank[inverse.ravel()].astype(out_idx.np)


def _unique_infer(op):
    x = op.inputs[0]
    if x.shape.ndims not in (None, 1):
        raise shape_error(op, "unique expects a 1D vector, got rank %d" % x.shape.ndims)
    return [(x.dtype, TensorShape([None])), (op.get_attr("out_idx"), x.shape)]


define_op("Unique", kernel=_unique_kernel, infer=_unique_infer, num_outputs=2,
          differentiable=False)


def unique(x, out_idx=None, name=None):
    """``tf.unique``: the distinct values in order of first appearance, and for each element the
    position of its value among them."""
    out_idx = dtypes.int32 if out_idx is None else dtypes.as_dtype(out_idx)
    return tuple(apply_op("Unique", [to_tensor(x)], {"out_idx": out_idx},
                          name or "Unique").outputs)
