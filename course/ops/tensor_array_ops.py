"""tf.TensorArray as TF1 programs use it (dynamic_rnn's inputs and outputs), built on list ops.

TF1's TensorArray is a resource in the session that ops write into, ordered by a "flow"
tensor. course makes the flow the value itself: a ``TensorList`` (a Python list of arrays)
that each write returns anew, as TF2's TensorList ops do. Every op stays a pure function, so
lists pass through loops, conds and gradients like any other value. A TF1 program sees the
same behaviour, since it must already use the TensorArray each write returns.

The gradient of a list is a list (elements never written are zeros), summed by
TensorListAddN, so the gradient of ``ta.read(i)`` flows back into the TensorArray and through
``unstack`` to the tensor it came from.
"""
import numpy as np

from ..framework import dtypes, errors
from ..framework.ops import convert_to_tensor, name_scope
from ..framework.registry import define_op
from ..framework.tensor_shape import TensorShape, as_shape, unknown_shape
from . import control_flow_ops
from .core import apply, constant_value, to_tensor


class TensorList:
    """A TensorArray's value: its elements (None where not yet written) and the element shape
    known at run time (what an unwritten element reads as: zeros of that shape)."""

    __slots__ = ("items", "element_shape", "identical")

    def __init__(self, items, element_shape=None, identical=True):
        self.items = items
        self.element_shape = element_shape
        # False for a TensorArray made with infer_shape=False: elements may differ in shape.
        self.identical = identical

    def like(self, items, element_shape):
        """A list of the same kind holding ``items``."""
        return TensorList(items, element_shape, self.identical)

    def __repr__(self):
        return "<TensorList of %d (%d written)>" % (
            len(self.items), sum(x is not None for x in self.items))


def _runtime_shape(static):
    return tuple(static.as_list()) if static.is_fully_defined() else None


def _element(lst, index, dtype, what="read from"):
    item = lst.items[index]
    if item is not None:
        return item
    if lst.element_shape is None:
        raise errors.InvalidArgumentError(
            None, None, "TensorArray: Could not %s TensorArray index %d because it has not yet "
            "been written to, and the element shape is not fully defined." % (what, index))
    return np.zeros(lst.element_shape, dtype)


def _index(lst, index, writing, dynamic_size=False):
    i = int(index)
    size = len(lst.items)
    if i < 0 or (i >= size and not (writing and dynamic_size)):
        if writing:
            raise errors.InvalidArgumentError(
                None, None, "Tried to write to index %d but array is not resizeable and size "
                "is: %d" % (i, size))
        raise errors.InvalidArgumentError(
            None, None, "Tried to read from index %d but array size is: %d" % (i, size))
    return i


def _set(items, lst, i, value, aggregate=False):
    """Write ``value`` at ``i``; a gradient list adds to what is there (TF's gradient
    TensorArrays aggregate multiple writes: a gather of one index twice)."""
    if i >= len(items):
        items.extend([None] * (i + 1 - len(items)))
    if aggregate and items[i] is not None:
        items[i] = items[i] + value
        return np.shape(value)
    if items[i] is not None:
        raise errors.InvalidArgumentError(
            None, None, "Could not write to TensorArray index %d because it has already been "
            "written to." % i)
    shape = np.shape(value)
    if not lst.identical:
        items[i] = value
        return None
    if lst.element_shape is not None and shape != lst.element_shape:
        raise errors.InvalidArgumentError(
            None, None, "Could not write to TensorArray index %d because the value shape is %s "
            "which is incompatible with the TensorArray's inferred element shape: %s (consider "
            "setting infer_shape=False)." % (i, list(shape), list(lst.element_shape)))
    items[i] = value
    return shape


def _list_spec(op):
    return [(dtypes.variant, TensorShape([]))]


def _element_spec(op, leading=()):
    shape = op.get_attr("element_shape")
    return [(op.get_attr("element_dtype"), TensorShape(leading).concatenate(shape))]


# -- the ops ---------------------------------------------------------------------------------
def _reserve(size, element_dtype, element_shape, dynamic_size, identical=True):
    return TensorList([None] * int(size), _runtime_shape(element_shape), identical)


define_op("TensorListReserve", kernel=_reserve, infer=_list_spec, differentiable=False)


def _set_item(lst, index, value, dynamic_size, aggregate):
    out = lst.like(list(lst.items), lst.element_shape)
    i = _index(out, index, writing=True, dynamic_size=dynamic_size)
    out.element_shape = _set(out.items, out, i, value, aggregate)
    return out


define_op("TensorListSetItem", kernel=_set_item, infer=_list_spec,
          grad=lambda op, g: [g, None, get_item(g, op.inputs[1], op.inputs[2].dtype,
                                                 op.inputs[2].shape)])


def _get_item(lst, index, element_dtype, element_shape):
    return _element(lst, _index(lst, index, writing=False), element_dtype.np)


define_op("TensorListGetItem", kernel=_get_item, infer=_element_spec,
          grad=lambda op, g: [set_item(zeros_like_list(op.inputs[0]), op.inputs[1], g,
                                       aggregate=True), None])


def _scatter(lst, indices, values, dynamic_size, aggregate):
    out = lst.like(list(lst.items), lst.element_shape)
    for index, value in zip(np.reshape(indices, -1), values):
        i = _index(out, index, writing=True, dynamic_size=dynamic_size)
        out.element_shape = _set(out.items, out, i, value, aggregate)
    return out


define_op("TensorListScatter", kernel=_scatter, infer=_list_spec,
          grad=lambda op, g: [g, None, gather(g, op.inputs[1], op.inputs[2].dtype,
                                              op.inputs[2].shape[1:])])


def _gather(lst, indices, element_dtype, element_shape):
    picked = [_element(lst, _index(lst, i, writing=False), element_dtype.np)
              for i in np.reshape(indices, -1)]
    if not picked:
        return np.zeros(np.shape(indices) + (lst.element_shape or ()), element_dtype.np)
    return np.stack(picked).reshape(np.shape(indices) + np.shape(picked[0]))


define_op("TensorListGather", kernel=_gather,
          infer=lambda op: _element_spec(op, op.inputs[1].shape),
          grad=lambda op, g: [scatter(zeros_like_list(op.inputs[0]), op.inputs[1], g,
                                      aggregate=True), None])


def _stack(lst, *like, element_dtype, element_shape, num_elements):
    """All elements stacked; with ``like``, only as many as ``like`` has rows (the gradient of
    an unstack into a larger TensorArray)."""
    rows = len(lst.items) if not like else len(like[0])
    if not rows:
        if lst.element_shape is None:
            raise errors.InvalidArgumentError(
                None, None, "TensorArray has size zero, but element shape %s is not fully "
                "defined. Currently only static shapes are supported when packing zero-size "
                "TensorArrays." % element_shape)
        return np.zeros((0,) + lst.element_shape, element_dtype.np)
    return np.stack([_element(lst, i, element_dtype.np) for i in range(rows)])


def _stack_infer(op):
    rows = op.inputs[1].shape[0] if len(op.inputs) > 1 else op.get_attr("num_elements")
    return _element_spec(op, [rows])


define_op("TensorListStack", kernel=_stack, infer=_stack_infer,
          grad=lambda op, g: [unstack(zeros_like_list(op.inputs[0]), g)] + [None] * (
              len(op.inputs) - 1))


def _unstack(lst, tensor, dynamic_size):
    out = lst.like(list(lst.items), lst.element_shape)
    for i, row in enumerate(tensor):
        out.element_shape = _set(out.items, out, _index(out, i, True, dynamic_size), row)
    if not len(tensor) and out.element_shape is None:
        out.element_shape = tensor.shape[1:]
    return out


define_op("TensorListUnstack", kernel=_unstack, infer=_list_spec,
          grad=lambda op, g: [g, stack(g, op.inputs[1].dtype, op.inputs[1].shape[1:],
                                       like=op.inputs[1])])

def _concat(lst, *lengths, element_dtype, element_shape):
    """The elements joined along their first axis; with ``lengths`` (the gradient of a split),
    an element never written is that many rows of zeros."""
    trailing = next((np.shape(x)[1:] for x in lst.items if x is not None),
                    None if lst.element_shape is None else lst.element_shape[1:])
    pieces = []
    for i, x in enumerate(lst.items):
        if x is None and lengths and trailing is not None:
            x = np.zeros((int(lengths[0][i]),) + tuple(trailing), element_dtype.np)
        pieces.append(x if x is not None else _element(lst, i, element_dtype.np))
    if not pieces:
        return np.zeros((0,) + tuple(trailing or ()), element_dtype.np)
    return np.concatenate(pieces, axis=0)


define_op("TensorListConcat", kernel=_concat,
          infer=lambda op: [(op.get_attr("element_dtype"),
                             TensorShape([None]).concatenate(op.get_attr("element_shape")[1:]))],
          grad=lambda op, g: [split(zeros_like_list(op.inputs[0]), g,
                                    list_lengths(op.inputs[0]))] + [None] * (len(op.inputs) - 1))


def _split(lst, value, lengths, dynamic_size):
    out = lst.like(list(lst.items), None)
    ends = np.cumsum(lengths)
    if len(lengths) and ends[-1] != len(value):
        raise errors.InvalidArgumentError(
            None, None, "Expected sum of lengths to be equal to values.shape[0], but sum of "
            "lengths is %d and value's shape is: %s" % (ends[-1], list(np.shape(value))))
    for i, (start, end) in enumerate(zip(np.concatenate([[0], ends[:-1]]), ends)):
        out.element_shape = None
        _set(out.items, out, _index(out, i, True, dynamic_size), value[start:end])
    return out


define_op("TensorListSplit", kernel=_split, infer=_list_spec,
          grad=lambda op, g: [g, concat(g, op.inputs[1].dtype, op.inputs[1].shape,
                                        lengths=op.inputs[2]), None])

define_op("TensorListElementLengths",
          kernel=lambda lst: np.array([len(x) if x is not None else 0 for x in lst.items],
                                      np.int64),
          infer=lambda op: [(dtypes.int64, TensorShape([None]))], differentiable=False)

define_op("TensorListLength", kernel=lambda lst: np.int32(len(lst.items)),
          infer=lambda op: [(dtypes.int32, TensorShape([]))], differentiable=False)


def _zeros_like_list(lst):
    shape = lst.element_shape
    if shape is None:      # known from the elements if they agree (a split's may not)
        shapes = {np.shape(x) for x in lst.items if x is not None}
        shape = shapes.pop() if len(shapes) == 1 else None
    return lst.like([None] * len(lst.items), shape)


define_op("TensorListZerosLike", kernel=_zeros_like_list, infer=_list_spec,
          differentiable=False)


def _add_lists(*lists):
    size = max(len(lst.items) for lst in lists)
    items = [None] * size
    shape = None
    for lst in lists:
        shape = shape or lst.element_shape
        for i, x in enumerate(lst.items):
            if x is not None:
                items[i] = x if items[i] is None else items[i] + x
    return TensorList(items, shape, all(lst.identical for lst in lists))


define_op("TensorListAddN", kernel=_add_lists, infer=_list_spec,
          grad=lambda op, g: [g] * len(op.inputs))


# -- functions over flows ---------------------------------------------------------------------
def _index_tensor(index):
    return to_tensor(index, dtype=dtypes.int32)


def set_item(flow, index, value, dynamic_size=True, aggregate=False, name=None):
    return apply("TensorListSetItem", [flow, _index_tensor(index), value],
                 {"dynamic_size": dynamic_size, "aggregate": aggregate},
                 name or "TensorArrayWriteV3")


def get_item(flow, index, dtype, element_shape, name=None):
    return apply("TensorListGetItem", [flow, _index_tensor(index)],
                 {"element_dtype": dtype, "element_shape": as_shape(element_shape)},
                 name or "TensorArrayReadV3")


def scatter(flow, indices, values, dynamic_size=True, aggregate=False, name=None):
    return apply("TensorListScatter", [flow, _index_tensor(indices), values],
                 {"dynamic_size": dynamic_size, "aggregate": aggregate},
                 name or "TensorArrayScatterV3")


def gather(flow, indices, dtype, element_shape, name=None):
    return apply("TensorListGather", [flow, _index_tensor(indices)],
                 {"element_dtype": dtype, "element_shape": as_shape(element_shape)},
                 name or "TensorArrayGatherV3")


def stack(flow, dtype, element_shape, num_elements=None, like=None, name=None):
    return apply("TensorListStack", [flow] + ([like] if like is not None else []),
                 {"element_dtype": dtype, "element_shape": as_shape(element_shape),
                  "num_elements": num_elements}, name or "TensorArrayGatherV3")


def unstack(flow, tensor, dynamic_size=True, name=None):
    return apply("TensorListUnstack", [flow, tensor], {"dynamic_size": dynamic_size},
                 name or "TensorArrayScatterV3")


def concat(flow, dtype, element_shape, lengths=None, name=None):
    return apply("TensorListConcat", [flow] + ([lengths] if lengths is not None else []),
                 {"element_dtype": dtype, "element_shape": as_shape(element_shape)},
                 name or "TensorArrayConcatV3")


def split(flow, value, lengths, dynamic_size=True, name=None):
    return apply("TensorListSplit", [flow, value, to_tensor(lengths, dtype=dtypes.int64)],
                 {"dynamic_size": dynamic_size}, name or "TensorArraySplitV3")


def list_lengths(flow, name=None):
    return apply("TensorListElementLengths", [flow], name=name or "lengths")


def zeros_like_list(flow, name=None):
    return apply("TensorListZerosLike", [flow], name=name or "zeros_like")


def add_lists(flows, name=None):
    return apply("TensorListAddN", list(flows), name=name or "AddN")


# -- tf.TensorArray ---------------------------------------------------------------------------
class TensorArray:
    """``tf.TensorArray(dtype, size=None, dynamic_size=None, clear_after_read=None,
    tensor_array_name=None, handle=None, flow=None, infer_shape=True, element_shape=None)``.

    Each write returns a new TensorArray (use it: the old one does not see the write).
    TensorArrays made from one another share what is known of the element shape, as in TF1,
    so a shape learnt from a write inside a loop body is known after the loop."""

    def __init__(self, dtype, size=None, dynamic_size=None, clear_after_read=None,
                 tensor_array_name=None, handle=None, flow=None, infer_shape=True,
                 element_shape=None, colocate_with_first_write_call=True, name=None):
        self._dtype = dtypes.as_dtype(dtype)
        self._dynamic_size = bool(dynamic_size)
        self._infer_shape = infer_shape
        self._element_shape = [as_shape(element_shape) if element_shape is not None
                               else unknown_shape()]
        self._size = None
        if flow is not None or handle is not None:
            self._flow = convert_to_tensor(flow if flow is not None else handle)
            return
        if size is None:
            raise ValueError("Size must be provided if handle is not provided")
        with name_scope(name, "TensorArray", [size]) as scope:
            self._size = convert_to_tensor(size, dtype=dtypes.int32)
            self._flow = apply("TensorListReserve", [self._size], {
                "element_dtype": self._dtype, "element_shape": self._element_shape[0],
                "dynamic_size": self._dynamic_size, "identical": bool(infer_shape)},
                tensor_array_name or scope)

    def _with_flow(self, flow):
        """A TensorArray like this one whose value is ``flow`` (TF's build_ta_with_new_flow:
        the element shape is shared, not copied)."""
        ta = TensorArray.__new__(TensorArray)
        ta.__dict__.update(self.__dict__)
        ta._flow = flow
        return ta

    flow = property(lambda self: self._flow)
    handle = property(lambda self: self._flow)
    dtype = property(lambda self: self._dtype)
    dynamic_size = property(lambda self: self._dynamic_size)
    element_shape = property(lambda self: self._element_shape[0])

    def _check_element_shape(self, shape):
        if not shape.is_compatible_with(self.element_shape):
            raise ValueError("Inconsistent shapes: saw %s but expected %s "
                             % (shape, self.element_shape))
        if self._infer_shape:
            self._element_shape[0] = self.element_shape.merge_with(shape)

    def _value(self, value):
        value = convert_to_tensor(value, preferred_dtype=self._dtype, name="value")
        if value.dtype != self._dtype:
            raise TypeError("TensorArray dtype is %s but Op is trying to write dtype %s "
                            % (self._dtype.name, value.dtype.name))
        return value

    def read(self, index, name=None):
        value = get_item(self._flow, index, self._dtype, self.element_shape, name)
        if self.element_shape:
            value.set_shape(self.element_shape)
        return value

    def write(self, index, value, name=None):
        with name_scope(name, "TensorArrayWrite", [self._flow, index, value]):
            value = self._value(value)
            self._check_element_shape(value.shape)
            flow = set_item(self._flow, index, value, self._dynamic_size)
        return self._with_flow(flow)

    def gather(self, indices, name=None):
        return gather(self._flow, indices, self._dtype, self.element_shape,
                      name=name or "TensorArrayGatherV3")

    def stack(self, name=None):
        with name_scope(name, "TensorArrayStack", [self._flow]):
            size = None
            if self.element_shape and not self._dynamic_size and self._size is not None:
                size = constant_value(self._size)
            return stack(self._flow, self._dtype, self.element_shape,
                         None if size is None else int(size))

    def scatter(self, indices, value, name=None):
        with name_scope(name, "TensorArrayScatter", [self._flow, value, indices]):
            value = self._value(value)
            self._check_element_shape(value.shape[1:])
            flow = scatter(self._flow, indices, value, self._dynamic_size)
        return self._with_flow(flow)

    def unstack(self, value, name=None):
        with name_scope(name, "TensorArrayUnstack", [self._flow, value]):
            value = self._value(value)
            self._check_element_shape(value.shape[1:])
            flow = unstack(self._flow, value, self._dynamic_size)
        return self._with_flow(flow)

    def concat(self, name=None):
        """The elements joined along their first axis (they may differ in length)."""
        shape = self.element_shape
        return concat(self._flow, self._dtype,
                      shape if shape.ndims else unknown_shape(), name=name or "TensorArrayConcatV3")

    def split(self, value, lengths, name=None):
        """Element i is the next ``lengths[i]`` rows of ``value``."""
        with name_scope(name, "TensorArraySplit", [self._flow, value, lengths]):
            value = self._value(value)
            if value.shape.ndims is not None:
                self._check_element_shape(TensorShape([None]).concatenate(value.shape[1:]))
            flow = split(self._flow, value, lengths, self._dynamic_size)
        return self._with_flow(flow)

    def size(self, name=None):
        return apply("TensorListLength", [self._flow], name=name or "TensorArraySizeV3")

    def identity(self):
        return self._with_flow(self._flow)

    def close(self, name=None):
        return control_flow_ops.no_op(name=name or "TensorArrayCloseV3")

