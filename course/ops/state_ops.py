"""Variable state ops: the variable itself, and assignments that write the session's copy."""
import numpy as np

from ..framework import dtypes, errors
from ..framework.batching import same_in_every_copy
from ..framework.registry import define_op
from ..framework.tensor_shape import TensorShape
from .core import apply, to_tensor


def _uninitialized(op):
    return errors.FailedPreconditionError(
        None, op, "Attempting to use uninitialized value %s\n\t [[node %s]]" % (op.name, op.name))


def _variable_kernel(op, state):
    store, name = state.variables, op.name

    def read():
        try:
            return store[name]
        except KeyError:
            raise _uninitialized(op) from None
    return read


# In a batched run (course.sweep) every variable holds one value per copy: (K, ...) arrays.
define_op("VariableV2", make_kernel=_variable_kernel,
          infer=lambda op: [(op.get_attr("dtype"), op.get_attr("shape"))], differentiable=False,
          batch=lambda op, batched, state: (_variable_kernel(op, state), (True,)))


def _value_checker(op, copies=0):
    """A function making the value an assignment stores: the variable's dtype, and its shape
    when validated. Built once per plan, since it runs on every training step. In a batched
    run (``copies`` 1) the shape checked is each copy's."""
    ref = op.inputs[0]
    np_dtype = ref.dtype.np
    static = ref.shape
    validate = op._attrs.get("validate_shape", True) and static.ndims is not None
    exact = tuple(static.as_list()) if static.is_fully_defined() else None

    def checked(value, fresh):
        array = value if fresh and value.dtype == np_dtype else np.array(value, dtype=np_dtype)
        shape = array.shape[copies:]
        if validate and shape != exact and not static.is_compatible_with(TensorShape(shape)):
            raise errors.InvalidArgumentError(
                None, op, "Assign requires shapes of both tensors to match. lhs shape= %s rhs "
                "shape= %s\n\t [[node %s]]" % (static.list_str(),
                                                TensorShape(shape).list_str(), op.name))
        return array
    return checked


def _assign_kernel(op, state):
    store, name = state.variables, op.inputs[0].op.name
    checked = _value_checker(op)

    def assign(value):
        # A copy: the fed or computed value may be an array the caller still holds.
        store[name] = array = checked(value, fresh=False)
        return array
    return assign


def _update_kernel(combine):
    def make(op, state):
        store, var_op = state.variables, op.inputs[0].op
        checked = _value_checker(op)

        def update(value):
            try:
                current = store[var_op.name]
            except KeyError:
                raise _uninitialized(var_op) from None
            store[var_op.name] = array = checked(combine(current, value), fresh=True)
            return array
        return update
    return make


def _assign_infer(op):
    ref, value = op.inputs
    if ref.op.type != "VariableV2":
        raise TypeError("'%s' needs a variable to assign to, got %s" % (op.type, ref.name))
    if ref.dtype != value.dtype:
        raise TypeError("Input 'value' of '%s' Op has type %s that does not match type %s of "
                        "argument 'ref'." % (op.type, value.dtype.name, ref.dtype.name))
    validate = op._attrs.get("validate_shape", True)
    if validate and not ref.shape.is_compatible_with(value.shape):
        raise ValueError("Shapes %s and %s are incompatible (assigning to %s in op '%s')"
                         % (ref.shape, value.shape, ref.op.name, op.name))
    return [(ref.dtype, ref.shape if validate else value.shape)]


def _assign_batch(combine):
    """Batch rule of Assign (``combine`` None), AssignAdd and AssignSub: every copy's variable
    gets its copy of the value; a value shared by the copies is stored once per copy."""
    def rule(op, batched, state):
        store, var_op = state.variables, op.inputs[0].op
        checked, copies = _value_checker(op, copies=1), state.batch_size

        def assign(value):
            if combine is None:
                new = value if batched[0] else np.broadcast_to(value, (copies,) + value.shape)
                store[var_op.name] = array = checked(new, fresh=False)
                return array
            try:
                current = store[var_op.name]
            except KeyError:
                raise _uninitialized(var_op) from None
            if batched[0] and value.ndim < current.ndim:   # a scalar added to every element
                value = value.reshape(value.shape[:1] + (1,) * (current.ndim - value.ndim))
            store[var_op.name] = array = checked(combine(current, value), fresh=True)
            return array
        return assign, (True,)
    return rule


for _type, _make, _combine in (("Assign", _assign_kernel, None),
                               ("AssignAdd", _update_kernel(np.add), np.add),
                               ("AssignSub", _update_kernel(np.subtract), np.subtract)):
    define_op(_type, make_kernel=_make, infer=_assign_infer, ref_inputs=(0,), differentiable=False,
              batch=_assign_batch(_combine))


def _is_initialized_kernel(op, state):
    store, name = state.variables, op.inputs[0].op.name
    return lambda: np.array(name in store)


define_op("IsVariableInitialized", make_kernel=_is_initialized_kernel, ref_inputs=(0,),
          infer=lambda op: [(dtypes.bool_, TensorShape([]))], differentiable=False,
          batch=same_in_every_copy)


def _ref_of(ref):
    """The variable tensor an assignment writes to (a Variable or its VariableV2 output)."""
    return getattr(ref, "_variable", ref)


def _assign_op(op_type, ref, value, name, validate_shape=True):
    ref = _ref_of(ref)
    value = to_tensor(value, dtype=ref.dtype) if not hasattr(value, "op") else to_tensor(value)
    attrs = {"validate_shape": bool(validate_shape)} if op_type == "Assign" else {}
    return apply(op_type, [ref, value], attrs, name or op_type)


def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    """``tf.assign``: store ``value`` in the variable when run; returns the new value."""
    return _assign_op("Assign", ref, value, name, True if validate_shape is None else validate_shape)


def assign_add(ref, value, use_locking=None, name=None):
    return _assign_op("AssignAdd", ref, value, name)


def assign_sub(ref, value, use_locking=None, name=None):
    return _assign_op("AssignSub", ref, value, name)


def is_variable_initialized(variable):
    return apply("IsVariableInitialized", [_ref_of(variable)])


def _count_up_to_kernel(op, state):
    store, var_op, limit = state.variables, op.inputs[0].op, op.get_attr("limit")

    def count_up_to():
        try:
            current = store[var_op.name]
        except KeyError:
            raise _uninitialized(var_op) from None
        if current >= limit:
            raise errors.OutOfRangeError(
                None, op, "Reached limit of %d\n\t [[node %s]]" % (limit, op.name))
        store[var_op.name] = current + np.ones((), current.dtype)
        return current   # the value before the increment, as TF returns
    return count_up_to


def _count_up_to_infer(op):
    ref = op.inputs[0]
    if ref.dtype not in (dtypes.int32, dtypes.int64):
        raise TypeError("Value passed to parameter 'ref' has DataType %s not in list of allowed "
                        "values: int32, int64" % ref.dtype.name)
    return [(ref.dtype, ref.shape)]


define_op("CountUpTo", make_kernel=_count_up_to_kernel, infer=_count_up_to_infer,
          ref_inputs=(0,), differentiable=False)


def count_up_to(ref, limit, name=None):
    """``tf.count_up_to(ref, limit)``: increment ``ref`` until it reaches ``limit``, then raise
    OutOfRangeError; returns the value before the increment."""
    return apply("CountUpTo", [_ref_of(ref)], {"limit": int(limit)}, name or "CountUpTo")
