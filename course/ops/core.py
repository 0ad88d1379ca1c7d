"""Helpers shared by the op families: creating ops, converting inputs, shape rules."""
import numpy as np

from ..framework import dtypes
from ..framework.ops import Tensor, convert_to_tensor, get_default_graph
from ..framework.tensor_shape import TensorShape, unknown_shape


def apply_op(op_type, inputs, attrs=None, name=None):
    """Create an op in the inputs' graph (or the default graph) and return it."""
    graph = inputs[0].graph if inputs else get_default_graph()
    return graph.create_op(op_type, inputs, attrs, name)


def apply(op_type, inputs, attrs=None, name=None):
    """Create a single-output op and return its tensor."""
    return apply_op(op_type, inputs, attrs, name).outputs[0]


def to_tensor(value, dtype=None, name=None):
    return convert_to_tensor(value, dtype=dtype, name=name)


def binary_inputs(op_type, x, y):
    """Convert two operands as TF does: a Python value takes the other operand's dtype;
    two tensors must already agree."""
    x_is = isinstance(x, Tensor) or hasattr(x, "_as_tensor")
    y_is = isinstance(y, Tensor) or hasattr(y, "_as_tensor")
    if x_is:
        x = to_tensor(x)
        y = _operand(op_type, y, x.dtype, "y") if not y_is else to_tensor(y)
    elif y_is:
        y = to_tensor(y)
        x = _operand(op_type, x, y.dtype, "x")
    else:
        x = to_tensor(x)
        y = _operand(op_type, y, x.dtype, "y")
    if x.dtype != y.dtype:
        raise TypeError("Input 'y' of '%s' Op has type %s that does not match type %s of "
                        "argument 'x'." % (op_type, y.dtype.name, x.dtype.name))
    return x, y


def _operand(op_type, value, dtype, arg):
    try:
        return to_tensor(value, dtype=dtype, name=arg)
    except (TypeError, ValueError):
        raise TypeError("Expected %s passed to parameter '%s' of op '%s', got %r of type '%s' "
                        "instead." % (dtype.name, arg, op_type, value, type(value).__name__)) from None


FLOATS = (dtypes.float16, dtypes.float32, dtypes.float64)
INTS = (dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64, dtypes.uint8, dtypes.uint16)
NUMERIC = FLOATS + INTS


def check_dtype(op, tensor, allowed, arg="x"):
    if tensor.dtype not in allowed:
        raise TypeError("Value passed to parameter '%s' has DataType %s not in list of allowed "
                        "values: %s (op '%s' of type %s)" % (
                            arg, tensor.dtype.name, ", ".join(d.name for d in allowed),
                            op.name, op.type))


def shape_error(op, message, *tensors):
    """A ValueError naming the op and its input shapes, as TF's shape inference does."""
    shapes = ", ".join(t.shape.list_str() for t in tensors or op.inputs)
    return ValueError("%s for '%s' (op: '%s') with input shapes: %s." % (message, op.name, op.type,
                                                                         shapes))


def broadcast_shape(op, a, b):
    """Static broadcast of two shapes, unknown dimensions allowed; raises on a sure mismatch."""
    sa, sb = a.shape._dims, b.shape._dims
    if sa is None or sb is None:
        return unknown_shape()
    n = max(len(sa), len(sb))
    sa = (1,) * (n - len(sa)) + sa
    sb = (1,) * (n - len(sb)) + sb
    out = []
    for da, db in zip(sa, sb):
        if da == 1:
            out.append(db)
        elif db == 1:
            out.append(da)
        elif da is None or db is None:
            out.append(da if db is None else db)
        elif da == db:
            out.append(da)
        else:
            raise shape_error(op, "Dimensions must be equal, but are %d and %d" % (da, db), a, b)
    return TensorShape(out)


def normalize_axis(op, axis, rank, what="axis"):
    """A non-negative axis, checked against ``rank`` when it is known."""
    if rank is None:
        return axis
    if not -rank <= axis < rank:
        if what == "reduction":
            raise shape_error(op, "Invalid reduction dimension %d for input with %d dimensions."
                              % (axis, rank))
        raise ValueError("%s %d is out of bounds for a tensor of rank %d (op '%s' of type %s)"
                         % (what, axis, rank, op.name, op.type))
    return axis % rank


def constant_value(tensor):
    """The value of ``tensor`` when it can be computed without a session (constants and pure
    ops of constants), else None. Used for shape inference on shape-valued inputs. It knows
    the ops TF's constant_value knows (not slices: their partial values are read by
    shape_from_tensor, as TF's constant_value_as_shape does)."""
    op = tensor.op
    if op.type == "Const":
        return op.get_attr("value")
    if op.type == "Shape" and op.inputs[0].shape.is_fully_defined():
        return np.array(op.inputs[0].shape.as_list(), dtype=tensor.dtype.np)
    if op.type == "Pack":
        parts = [constant_value(t) for t in op.inputs]
        if all(p is not None for p in parts):
            return np.stack(parts, axis=op.get_attr("axis"))
    if op.type == "Cast":
        v = constant_value(op.inputs[0])
        return None if v is None else v.astype(tensor.dtype.np)
    if op.type == "ConcatV2":
        parts = [constant_value(t) for t in op.inputs]
        if all(p is not None for p in parts):
            return np.concatenate(parts, axis=op.get_attr("axis"))
    if op.type == "Size" and op.inputs[0].shape.is_fully_defined():
        return np.array(op.inputs[0].shape.num_elements(), dtype=tensor.dtype.np)
    return None


def is_dynamic(part):
    """A slice spec part computed in the graph: ("input", k) names the op's input k + 1."""
    return isinstance(part, tuple)


def index_key(spec, dynamic=()):
    """The numpy index for a normalised slice spec; ``dynamic`` holds the values of the parts
    computed in the graph (``x[t]`` inside a loop)."""
    def part(p):
        return int(dynamic[p[1]]) if is_dynamic(p) else p
    key = []
    for item in spec:
        kind = item[0]
        if kind == "slice":
            key.append(slice(*[part(p) for p in item[1:]]))
        elif kind == "index":
            key.append(part(item[1]))
        elif kind == "newaxis":
            key.append(None)
        else:
            key.append(Ellipsis)
    return tuple(key)


def shape_from_tensor(tensor):
    """The shape a shape-valued int vector describes, as far as it is known without a session
    (TF's constant_value_as_shape): ``tf.stack([tf.shape(x)[0], 5])`` is ``[?, 5]`` when x's first
    dimension is unknown. Elements that are -1 or not known become None."""
    known = constant_value(tensor)
    if known is not None:
        return TensorShape([None if d == -1 else int(d) for d in np.ravel(known)])
    op = tensor.op
    if op.type == "Shape":
        return op.inputs[0].shape
    if op.type == "Pack" and all(t.shape.ndims == 0 for t in op.inputs):
        return TensorShape([known_scalar(t) for t in op.inputs])
    if op.type == "ConcatV2":
        parts = [shape_from_tensor(t) for t in op.inputs]
        if all(p.ndims is not None for p in parts):
            return TensorShape([d for p in parts for d in p.as_list()])
    picked = _dims_picked_from_shape(tensor)
    if picked is not None and np.ndim(picked) == 1:
        return TensorShape(list(picked))
    if op.type == "Cast":
        return shape_from_tensor(op.inputs[0])
    return unknown_shape(tensor.shape[0] if tensor.shape.ndims == 1 else None)


def known_scalar(t):
    """A scalar's value when known without a session: a constant, or a static dimension read
    from a shape (tf.shape(x)[1] when x's dimension 1 is known)."""
    value = constant_value(t)
    if value is not None:
        value = int(value)
        return None if value == -1 else value
    picked = _dims_picked_from_shape(t)
    return picked if picked is not None and np.ndim(picked) == 0 else None


def _dims_picked_from_shape(t):
    """For ``tf.shape(x)[i]`` or ``tf.shape(x)[1:]`` (or a slice of another shape-valued
    tensor): the static dims it picks (None inside for unknown ones), as an object array; else
    None."""
    op = t.op
    if op.type != "StridedSlice" or len(op.inputs) > 1:
        return None
    dims = shape_from_tensor(op.inputs[0])
    if dims.ndims is None:
        return None
    return np.array(dims.as_list(), dtype=object)[index_key(op.get_attr("spec"))]


def same_shape(op):
    """infer for ops whose single output is like their first input."""
    x = op.inputs[0]
    return [(x.dtype, x.shape)]
