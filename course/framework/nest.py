"""``tf.nest``: nested structures of tensors (tuples, lists, namedtuples, dicts) walked in TF's
order. RNN states (``LSTMStateTuple(c, h)``, a MultiRNNCell's tuple of them) and loop variables
are such structures; code flattens them to a list, works on the list, and packs it back.

Order: sequences in their own order, dicts by sorted key (as TF). Strings are leaves.
"""
import collections.abc

__all__ = ["is_nested", "is_sequence", "flatten", "pack_sequence_as", "map_structure", "assert_same_structure"]


def is_nested(structure):
    """True for the containers nest walks into: list, tuple (namedtuples too) and dict."""
    return isinstance(structure, (list, tuple, collections.abc.Mapping))


is_sequence = is_nested   # TF1's name


def _children(structure):
    if isinstance(structure, collections.abc.Mapping):
        return [structure[k] for k in sorted(structure)]
    return list(structure)


def _rebuild(like, children):
    """A container of ``like``'s kind holding ``children`` (namedtuples by field)."""
    if isinstance(like, collections.abc.Mapping):
        return type(like)((k, v) for k, v in zip(sorted(like), children))
    if isinstance(like, tuple) and hasattr(like, "_fields"):
        return type(like)(*children)
    return type(like)(children)


def flatten(structure):
    """The leaves of ``structure`` in order; a leaf alone becomes ``[leaf]``."""
    if not is_nested(structure):
        return [structure]
    leaves = []
    for child in _children(structure):
        leaves.extend(flatten(child))
    return leaves


def pack_sequence_as(structure, flat_sequence):
    """``flat_sequence`` arranged like ``structure`` (the inverse of flatten)."""
    flat_sequence = list(flat_sequence)
    if not is_nested(structure):
        if len(flat_sequence) != 1:
            raise ValueError("Structure is a scalar but len(flat_sequence) == %d > 1"
                             % len(flat_sequence))
        return flat_sequence[0]
    count = len(flatten(structure))
    if count != len(flat_sequence):
        raise ValueError("Could not pack sequence. Structure had %d elements, but flat_sequence "
                         "had %d elements.  Structure: %s, flat_sequence: %s."
                         % (count, len(flat_sequence), structure, flat_sequence))
    packed, _ = _pack(structure, flat_sequence, 0)
    return packed


def _pack(structure, flat, index):
    if not is_nested(structure):
        return flat[index], index + 1
    children = []
    for child in _children(structure):
        packed, index = _pack(child, flat, index)
        children.append(packed)
    return _rebuild(structure, children), index


def assert_same_structure(nest1, nest2, check_types=True):
    """Raise ValueError (or TypeError for differing container types) unless the two nest alike."""
    if is_nested(nest1) != is_nested(nest2):
        raise ValueError("The two structures don't have the same nested structure.\n\n"
                         "First structure: %s\n\nSecond structure: %s" % (nest1, nest2))
    if not is_nested(nest1):
        return
    if check_types and type(nest1) is not type(nest2):
        raise TypeError("The two structures don't have the same sequence type. Input structure "
                        "has type %s, while shallow structure has type %s."
                        % (type(nest1), type(nest2)))
    a, b = _children(nest1), _children(nest2)
    if len(a) != len(b):
        raise ValueError("The two structures don't have the same number of elements.\n\n"
                         "First structure: %s\n\nSecond structure: %s" % (nest1, nest2))
    for x, y in zip(a, b):
        assert_same_structure(x, y, check_types)


def map_structure(func, *structures, **kwargs):
    """``func`` applied leaf-wise across structures of the same shape, packed like the first."""
    check_types = kwargs.pop("check_types", True)
    if kwargs:
        raise ValueError("Only valid keyword argument is check_types, got %s" % sorted(kwargs))
    if not structures:
        raise ValueError("Must provide at least one structure")
    for other in structures[1:]:
        assert_same_structure(structures[0], other, check_types)
    flat = [flatten(s) for s in structures]
    return pack_sequence_as(structures[0], [func(*leaves) for leaves in zip(*flat)])
