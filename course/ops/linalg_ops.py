"""``tf.eye``, ``tf.tensordot`` and ``tf.norm``, built from other ops as TF builds them."""
import numpy as np

from ..framework import dtypes
from ..framework.ops import name_scope
from .core import to_tensor
from . import array_ops, math_ops, reduction_ops


def eye(num_rows, num_columns=None, batch_shape=None, dtype=dtypes.float32, name=None):
    """``tf.eye``: the identity matrix [num_rows, num_columns] (batched by ``batch_shape``)."""
    with name_scope(name, "eye", [num_rows, num_columns, batch_shape]) as scope:
        columns = num_rows if num_columns is None else num_columns
        value = np.eye(int(num_rows), int(columns), dtype=dtypes.as_dtype(dtype).np)
        if batch_shape is not None:
            value = np.broadcast_to(value, tuple(int(d) for d in batch_shape) + value.shape)
        return array_ops.constant(value, dtype=dtype, name=scope)


def tensordot(a, b, axes, name=None):
    """``tf.tensordot``: sum over ``axes`` (an int: the last ``axes`` of a with the first of b;
    or a pair of lists), as a transpose, a reshape and one matmul. Static shapes needed."""
    with name_scope(name, "Tensordot", [a, b, axes]) as scope:
        a, b = to_tensor(a, name="a"), to_tensor(b, name="b")
        a_shape, b_shape = a.shape.as_list(), b.shape.as_list()
        if None in a_shape or None in b_shape:
            raise ValueError("course's tensordot needs fully known shapes, got %s and %s"
                             % (a.shape, b.shape))
        if isinstance(axes, (int, np.integer)):
            a_axes = list(range(len(a_shape) - int(axes), len(a_shape)))
            b_axes = list(range(int(axes)))
        else:
            a_axes, b_axes = ([axes_[i] % len(shape) for i in range(len(axes_))]
                              for axes_, shape in ((_as_list(axes[0]), a_shape),
                                                   (_as_list(axes[1]), b_shape)))
        a_free = [i for i in range(len(a_shape)) if i not in a_axes]
        b_free = [i for i in range(len(b_shape)) if i not in b_axes]
        inner = int(np.prod([a_shape[i] for i in a_axes]))
        a_matrix = array_ops.reshape(array_ops.transpose(a, a_free + a_axes),
                                     [int(np.prod([a_shape[i] for i in a_free])), inner])
        b_matrix = array_ops.reshape(array_ops.transpose(b, b_axes + b_free),
                                     [inner, int(np.prod([b_shape[i] for i in b_free]))])
        product = math_ops.matmul(a_matrix, b_matrix)
        return array_ops.reshape(product, [a_shape[i] for i in a_free] +
                                 [b_shape[i] for i in b_free], name=scope)


def _as_list(axes):
    return [int(axes)] if isinstance(axes, (int, np.integer)) else [int(a) for a in axes]


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None, keep_dims=None):
    """``tf.norm`` for vectors (and the Frobenius norm): ord 'euclidean'/'fro'/2, 1 or inf."""
    keepdims = bool(keepdims if keepdims is not None else keep_dims)
    with name_scope(name, "norm", [tensor]) as scope:
        tensor = to_tensor(tensor)
        if ord in ("euclidean", "fro", 2, 2.0):
            squares = reduction_ops.reduce_sum(tensor * tensor, axis, keepdims=True)
            result = math_ops.sqrt(squares)
        elif ord in (1, 1.0):
            result = reduction_ops.reduce_sum(math_ops.abs(tensor), axis, keepdims=True)
        elif ord == np.inf:
            result = reduction_ops.reduce_max(math_ops.abs(tensor), axis, keepdims=True)
        else:
            raise ValueError("'ord' must be a supported vector norm, got %r" % (ord,))
        if not keepdims:
            squeeze_axes = axis if axis is not None else None
            result = array_ops.squeeze(result, squeeze_axes)
        return array_ops.identity(result, name=scope)
