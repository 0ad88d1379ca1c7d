"""tf.SparseTensor: the ``values`` at ``indices`` (an [N, rank] int64 matrix) of a tensor
shaped ``dense_shape``, elsewhere empty. Three tensors travel together: a session returns a
SparseTensorValue for a SparseTensor fetched, and a SparseTensor used as a feed key (a
``tf.sparse_placeholder``) takes a SparseTensorValue or an (indices, values, shape) triple."""
import collections

SparseTensorValue = collections.namedtuple("SparseTensorValue",
                                           ["indices", "values", "dense_shape"])


class SparseTensor:
    """``tf.SparseTensor(indices, values, dense_shape)``."""

    def __init__(self, indices, values, dense_shape):
        from .dtypes import int64
        from .ops import Tensor, convert_to_tensor
        from .tensor_shape import TensorShape, unknown_shape
        # The static dense shape: the Python value's, else as far as the tensor's shape says.
        if isinstance(dense_shape, Tensor):
            rank = dense_shape.shape
            self._static_shape = (TensorShape([None] * rank.as_list()[0])
                                  if rank.is_fully_defined() else unknown_shape())
        else:
            self._static_shape = TensorShape([int(d) for d in dense_shape])
        self._indices = convert_to_tensor(indices, dtype=int64, name="indices")
        self._values = convert_to_tensor(values, name="values")
        self._dense_shape = convert_to_tensor(dense_shape, dtype=int64, name="dense_shape")

    indices = property(lambda self: self._indices)
    values = property(lambda self: self._values)
    dense_shape = property(lambda self: self._dense_shape)
    dtype = property(lambda self: self._values.dtype)
    op = property(lambda self: self._values.op)
    graph = property(lambda self: self._values.graph)

    shape = property(lambda self: self._static_shape)

    def get_shape(self):
        return self._static_shape

    def parts(self):
        return self._indices, self._values, self._dense_shape

    def __repr__(self):
        return "SparseTensor(indices=%s, values=%s, dense_shape=%s)" % self.parts()
