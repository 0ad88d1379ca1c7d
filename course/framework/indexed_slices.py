"""tf.IndexedSlices: a sparse gradient, rows ``values`` at ``indices`` of a tensor shaped
``dense_shape`` (what tf.gather's and tf.nn.embedding_lookup's gradients are, so an optimizer
updates only the rows a step looked up). A session returns an IndexedSlicesValue for it; an op
given one uses it as the dense tensor it stands for (summed rows)."""
import collections

IndexedSlicesValue = collections.namedtuple("IndexedSlicesValue",
                                            ["values", "indices", "dense_shape"])


class IndexedSlices:
    """``tf.IndexedSlices(values, indices, dense_shape=None)``."""

    def __init__(self, values, indices, dense_shape=None):
        self._values, self._indices, self._dense_shape = values, indices, dense_shape

    values = property(lambda self: self._values)
    indices = property(lambda self: self._indices)
    dense_shape = property(lambda self: self._dense_shape)
    name = property(lambda self: self._values.name)
    dtype = property(lambda self: self._values.dtype)
    op = property(lambda self: self._values.op)
    graph = property(lambda self: self._values.graph)
    device = property(lambda self: "")

    @property
    def shape(self):
        """The dense tensor's static shape: the values' rows, their count unknown."""
        from .tensor_shape import TensorShape
        rows = self._values.shape
        if rows.ndims is None:
            return rows
        return TensorShape([None] + rows.as_list()[1:])

    def __neg__(self):
        return IndexedSlices(-self._values, self._indices, self._dense_shape)

    def __repr__(self):
        return "IndexedSlices(indices=%s, values=%s%s)" % (
            self._indices, self._values,
            "" if self._dense_shape is None else ", dense_shape=%s" % self._dense_shape)
