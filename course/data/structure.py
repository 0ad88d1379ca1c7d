"""A dataset element's structure, as tf.data reads it: tuples, namedtuples and dicts are
structure; anything else (a list, an array, a tensor) is one component, a tensor."""
import collections.abc

from ..framework import dtypes
from ..framework.ops import convert_to_tensor
from ..framework.tensor_shape import as_shape


def flatten(structure):
    """The components in tf.data's order (dicts by sorted key)."""
    if isinstance(structure, collections.abc.Mapping):
        return [leaf for key in sorted(structure) for leaf in flatten(structure[key])]
    if isinstance(structure, tuple):
        return [leaf for item in structure for leaf in flatten(item)]
    return [structure]


def pack(structure, flat):
    """``flat`` (a list) arranged like ``structure``."""
    flat = list(flat)
    packed = _pack(structure, iter(flat))
    return packed


def _pack(structure, it):
    if isinstance(structure, collections.abc.Mapping):
        values = {key: _pack(structure[key], it) for key in sorted(structure)}
        return type(structure)((key, values[key]) for key in structure)
    if isinstance(structure, tuple):
        items = [_pack(item, it) for item in structure]
        return type(structure)(*items) if hasattr(structure, "_fields") else tuple(items)
    return next(it)


def to_tensors(structure, name):
    """The structure with every component converted to a tensor."""
    return pack(structure, [convert_to_tensor(c, name="%s_%d" % (name, i) if i else name)
                            for i, c in enumerate(flatten(structure))])


def as_specs(types, shapes):
    """[(DType, TensorShape)] for a structure of output types and shapes."""
    flat_types = flatten(types)
    flat_shapes = flatten(shapes) if shapes is not None else [None] * len(flat_types)
    return [(dtypes.as_dtype(t), as_shape(s)) for t, s in zip(flat_types, flat_shapes)]
