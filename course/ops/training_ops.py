"""The optimizers' update ops (TF's core/kernels/training_ops.cc): ApplyGradientDescent,
ApplyMomentum, ApplyAdagrad, ApplyAdadelta, ApplyRMSProp, ApplyCenteredRMSProp, ApplyAdam.

Each op takes the variable (and its slot variables) as *ref* inputs: the kernel reads their
current values from the session's variable store, computes the update with exactly the
arithmetic of TF's CPU functor (same operations in the same order, in the variable's dtype),
and writes the new arrays back into the store. The op's output is the variable's new value.

Each op's arithmetic is written once, as a function of the values (``_momentum(var, accum, lr,
grad, momentum, use_nesterov)`` returns the new var and accum); one kernel, built per op by
``_kernel_maker``, reads the refs, checks the gradient's shape, calls it and stores the results.
That kernel is on the training hot path, so it is a closure holding the store and the variable
names: a step costs a dict lookup per variable plus the numpy math. New arrays are stored
(never updated in place), so a value fetched or read earlier in the same run keeps the value
it had. These ops have no gradient (as in TF).
"""
import functools

import numpy as np

from ..framework import errors
from ..framework.registry import define_op
from ..framework.tensor_shape import TensorShape
from .core import apply, shape_error
from .state_ops import _uninitialized


# -- shape and dtype inference ----------------------------------------------------------------
def _infer(names, n_refs, scalars):
    """infer for an Apply op with inputs ``names``: the first ``n_refs`` are variables, those in
    ``scalars`` must be rank 0, the others (slots, gradient) must be shaped like the variable."""
    sparse = "indices" in names

    def infer(op):
        var = op.inputs[0]
        shape = var.shape
        for i, (name, t) in enumerate(zip(names, op.inputs)):
            if name == "indices":
                if not t.dtype.is_integer or t.shape.ndims not in (None, 1):
                    raise shape_error(op, "indices must be an int vector, got %s %s"
                                      % (t.dtype.name, t.shape))
                continue
            if sparse and name == "grad":
                # a SparseApply op's gradient holds only the rows named by indices
                if var.shape.ndims is not None and not t.shape.is_compatible_with(
                        [None] + var.shape.as_list()[1:]):
                    raise shape_error(op, "var and grad do not have the same shape except for "
                                      "the first dimension: %s and %s" % (var.shape, t.shape))
                if t.dtype != var.dtype:
                    raise TypeError("Input 'grad' of '%s' Op has type %s that does not match "
                                    "type %s of argument 'var'." % (op.type, t.dtype.name,
                                                                    var.dtype.name))
                continue
            if i < n_refs and t.op.type != "VariableV2":
                raise TypeError("'%s' (op %s) needs a variable as input '%s', got %s"
                                % (op.type, op.name, name, t.name))
            if t.dtype != var.dtype:
                raise TypeError("Input '%s' of '%s' Op has type %s that does not match type %s "
                                "of argument 'var'." % (name, op.type, t.dtype.name,
                                                        var.dtype.name))
            if name in scalars:
                if t.shape.ndims not in (None, 0):
                    raise shape_error(op, "Shape must be rank 0 but is rank %d for input '%s'"
                                      % (t.shape.ndims, name))
            elif not shape.is_compatible_with(t.shape):
                raise shape_error(op, "Shapes of 'var' %s and '%s' %s are incompatible"
                                  % (shape, name, t.shape))
            else:
                shape = shape.merge_with(t.shape)
        return [(var.dtype, shape)]
    return infer


# Apply op type -> the position of its learning-rate input (course.sweep finds the rate to sweep).
LEARNING_RATE_INPUT = {}


def _define(op_type, refs, data, scalars, update, attrs=(), sparse=False):
    """Register an Apply op: inputs are ``refs + data``; ``scalars`` name the rank-0 inputs.

    ``update(*ref_values, *data_values, **attrs)`` is the op's arithmetic: it returns the new
    values of the refs, the variable's first. ``attrs`` are (name, default) pairs passed to it.
    Ops with slots also get their sparse twin (SparseApplyMomentum, ...): the gradient's rows
    come with an ``indices`` input after it, and the same arithmetic updates just those rows of
    the variable and its slots (TF's SparseApply* kernels, row by row).
    """
    grad = "delta" if "delta" in data else "grad"
    rate = len(refs) + data.index("alpha" if "alpha" in data else "lr")
    LEARNING_RATE_INPUT[op_type] = rate
    if sparse:      # the sparse twin's indices come after the gradient, behind the rate
        LEARNING_RATE_INPUT["Sparse" + op_type] = rate
    define_op(op_type, make_kernel=_kernel_maker(update, len(refs), data.index(grad), grad, attrs),
              infer=_infer(tuple(refs) + tuple(data), len(refs), frozenset(scalars)),
              ref_inputs=tuple(range(len(refs))), differentiable=False,
              batch=_batch_rule(update, len(refs), data.index(grad), grad, attrs))
    if sparse:
        at = data.index(grad)
        define_op("Sparse" + op_type,
                  make_kernel=_sparse_kernel_maker(update, len(refs), at, attrs),
                  infer=_infer(tuple(refs) + tuple(data[:at + 1]) + ("indices",) +
                               tuple(data[at + 1:]), len(refs), frozenset(scalars)),
                  ref_inputs=tuple(range(len(refs))), differentiable=False)


def _sparse_kernel_maker(update, n_refs, grad_at, attrs):
    """make_kernel for a SparseApply op: the dense arithmetic on the rows ``indices`` names."""
    def make_kernel(op, state):
        store, names = state.variables, _ref_names(op, n_refs)
        arithmetic = _with_attrs(update, op, attrs)

        def apply_rows(*inputs):
            old = _read_refs(op, store, names)
            inputs = list(inputs)
            rows = inputs.pop(grad_at + 1)
            if rows.size and (rows.min() < 0 or rows.max() >= old[0].shape[0]):
                raise errors.InvalidArgumentError(
                    None, op, "Index %d at offset 0 in indices is out of range"
                    % rows[(rows < 0) | (rows >= old[0].shape[0])][0])
            if inputs[grad_at].shape != (rows.size,) + old[0].shape[1:]:
                raise _shape_mismatch(op, old[0], inputs[grad_at])
            new_rows = arithmetic(*[v[rows] for v in old], *inputs)
            new = []
            for value, updated in zip(old, new_rows):
                value = value.copy()        # stored arrays are never changed in place
                value[rows] = updated
                new.append(value)
            for name, value in zip(names, new):
                store[name] = value
            return new[0]
        return apply_rows
    return make_kernel


def _kernel_maker(update, n_refs, grad_at, grad_name, attrs):
    """make_kernel(op, state) for an Apply op: read the refs from the store, check that the
    gradient (data input ``grad_at``, called ``grad_name``) is shaped like the variable, call
    ``update``, store the new values (fresh arrays), return the variable's."""
    def make_kernel(op, state):
        store, names = state.variables, _ref_names(op, n_refs)
        arithmetic = _with_attrs(update, op, attrs)
        if n_refs == 1:
            return _single_ref_kernel(op, store, names[0], arithmetic, grad_at, grad_name)

        def apply_update(*inputs):
            old = _read_refs(op, store, names)
            if inputs[grad_at].shape != old[0].shape:
                raise _shape_mismatch(op, old[0], inputs[grad_at], grad_name)
            new = arithmetic(*old, *inputs)
            for name, value in zip(names, new):
                store[name] = value
            return new[0]
        return apply_update
    return make_kernel


def _batch_rule(update, n_refs, grad_at, grad_name, attrs):
    """Batch rule of an Apply op (course.sweep): the same arithmetic on every copy's variable
    and slots at once, (K, ...) arrays. An input that differs between the copies (the swept
    learning rate: K scalars) gets size-1 axes after its copy axis, so copy k's update uses
    copy k's value; an input shared by the copies broadcasts as it is."""
    def rule(op, batched, state):
        store, names = state.variables, _ref_names(op, n_refs)
        arithmetic = _with_attrs(update, op, attrs)

        def apply_update(*inputs):
            old = _read_refs(op, store, names)
            rank = old[0].ndim
            inputs = [x.reshape(x.shape[:1] + (1,) * (rank - x.ndim)) if b and x.ndim < rank
                      else x for x, b in zip(inputs, batched)]
            grad = inputs[grad_at]
            if grad.shape != (old[0].shape if batched[grad_at] else old[0].shape[1:]):
                raise _shape_mismatch(op, old[0][0], grad[0] if batched[grad_at] else grad,
                                      grad_name)
            new = arithmetic(*old, *inputs)
            for name, value in zip(names, new):
                store[name] = value
            return new[0]
        return apply_update, (True,)
    return rule


def _single_ref_kernel(op, store, name, arithmetic, grad_at, grad_name):
    """The same kernel for updates without slots (gradient descent), minus the loops: it runs
    once per variable per step of the most common training loop."""
    def apply_update(*inputs):
        try:
            old = store[name]
        except KeyError:
            raise _uninitialized_ref(op, name) from None
        if inputs[grad_at].shape != old.shape:
            raise _shape_mismatch(op, old, inputs[grad_at], grad_name)
        store[name] = new = arithmetic(old, *inputs)[0]
        return new
    return apply_update


# -- kernel helpers ----------------------------------------------------------------------------
def _ref_names(op, count):
    return [t.op.name for t in op.inputs[:count]]


def _with_attrs(update, op, attrs):
    """The op's arithmetic with its attrs (use_nesterov, ...) bound."""
    options = {name: op._attrs.get(name, default) for name, default in attrs}
    return functools.partial(update, **options) if options else update


def _read_refs(op, store, names):
    try:
        return [store[name] for name in names]
    except KeyError as e:
        raise _uninitialized_ref(op, e.args[0]) from None


def _uninitialized_ref(op, name):
    """FailedPreconditionError for the ref input whose variable ``name`` has no value yet."""
    for t in op.inputs:
        if t.op.name == name:
            return _uninitialized(t.op)
    return _uninitialized(op)


def _shape_mismatch(op, var, grad, what="grad"):
    return errors.InvalidArgumentError(
        None, op, "var and %s do not have the same shape%s %s\n\t [[node %s (op %s)]]"
        % (what, TensorShape(var.shape).list_str(), TensorShape(grad.shape).list_str(), op.name,
           op.type))


# -- the updates: TF's CPU functors, operation for operation --------------------------------------
def _gradient_descent(var, alpha, delta):
    """var -= alpha * delta"""
    return (var - delta * alpha,)


_define("ApplyGradientDescent", ["var"], ["alpha", "delta"], ["alpha"], _gradient_descent)


def _momentum(var, accum, lr, grad, momentum, use_nesterov):
    """accum = accum * momentum + grad; var -= accum * lr
    (Nesterov: var -= grad * lr + accum * momentum * lr)"""
    accum = accum * momentum + grad
    if use_nesterov:
        return var - (grad * lr + accum * momentum * lr), accum
    return var - accum * lr, accum


_define("ApplyMomentum", ["var", "accum"], ["lr", "grad", "momentum"], ["lr", "momentum"],
        _momentum, attrs=[("use_nesterov", False)], sparse=True)


def _adagrad(var, accum, lr, grad, update_slots):
    """accum += grad^2; var -= grad * lr * rsqrt(accum)"""
    if update_slots:
        accum = accum + grad * grad
    one = accum.dtype.type(1)
    return var - grad * lr * (one / np.sqrt(accum)), accum


_define("ApplyAdagrad", ["var", "accum"], ["lr", "grad"], ["lr"], _adagrad,
        attrs=[("update_slots", True)], sparse=True)


def _adadelta(var, accum, accum_update, lr, rho, epsilon, grad):
    """accum = accum * rho + grad^2 * (1 - rho);
    update = sqrt(accum_update + eps) * rsqrt(accum + eps) * grad; var -= update * lr;
    accum_update = accum_update * rho + update^2 * (1 - rho)"""
    one_minus_rho = rho.dtype.type(1) - rho
    accum = accum * rho + grad * grad * one_minus_rho
    rsqrt_accum = rho.dtype.type(1) / np.sqrt(accum + epsilon)
    update = np.sqrt(accum_update + epsilon) * rsqrt_accum * grad
    return var - update * lr, accum, accum_update * rho + update * update * one_minus_rho


_define("ApplyAdadelta", ["var", "accum", "accum_update"], ["lr", "rho", "epsilon", "grad"],
        ["lr", "rho", "epsilon"], _adadelta, sparse=True)


def _rms_prop(var, ms, mom, lr, rho, momentum, epsilon, grad):
    """ms += (grad^2 - ms) * (1 - rho); mom = mom * momentum + grad * lr / sqrt(ms + eps);
    var -= mom"""
    ms = ms + (grad * grad - ms) * (rho.dtype.type(1) - rho)
    mom = mom * momentum + (grad * lr) / np.sqrt(ms + epsilon)
    return var - mom, ms, mom


_define("ApplyRMSProp", ["var", "ms", "mom"], ["lr", "rho", "momentum", "epsilon", "grad"],
        ["lr", "rho", "momentum", "epsilon"], _rms_prop, sparse=True)


def _centered_rms_prop(var, mg, ms, mom, lr, rho, momentum, epsilon, grad):
    """RMSProp that also tracks mg += (grad - mg) * (1 - rho); denominator ms - mg^2 + eps"""
    one_minus_rho = rho.dtype.type(1) - rho
    ms = ms + (grad * grad - ms) * one_minus_rho
    mg = mg + (grad - mg) * one_minus_rho
    denom = (ms - mg * mg) + epsilon
    mom = mom * momentum + (grad * lr) / np.sqrt(denom)
    return var - mom, mg, ms, mom


_define("ApplyCenteredRMSProp", ["var", "mg", "ms", "mom"],
        ["lr", "rho", "momentum", "epsilon", "grad"], ["lr", "rho", "momentum", "epsilon"],
        _centered_rms_prop, sparse=True)


def _adam(var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad, use_nesterov):
    """The bias correction is folded into the step size,
    alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)"""
    one = lr.dtype.type(1)
    alpha = lr * np.sqrt(one - beta2_power) / (one - beta1_power)
    m = m + (grad - m) * (one - beta1)
    v = v + (grad * grad - v) * (one - beta2)
    if use_nesterov:
        return var - ((grad * (one - beta1) + beta1 * m) * alpha) / (np.sqrt(v) + epsilon), m, v
    return var - (m * alpha) / (np.sqrt(v) + epsilon), m, v


_define("ApplyAdam", ["var", "m", "v"],
        ["beta1_power", "beta2_power", "lr", "beta1", "beta2", "epsilon", "grad"],
        ["beta1_power", "beta2_power", "lr", "beta1", "beta2", "epsilon"], _adam,
        attrs=[("use_nesterov", False)])


# -- graph-building functions (gen_training_ops) -----------------------------------------------
def _ref(x):
    return getattr(x, "_variable", x)


def _build(op_type, refs, data, grad_at, indices, attrs, name):
    """The Apply op, or with ``indices`` its sparse twin (the indices follow the gradient)."""
    if indices is not None:
        op_type = "Sparse" + op_type
        data = data[:grad_at + 1] + [indices] + data[grad_at + 1:]
    return apply(op_type, [_ref(r) for r in refs] + data, attrs, name or op_type)


def apply_gradient_descent(var, alpha, delta, use_locking=False, name=None):
    return _build("ApplyGradientDescent", [var], [alpha, delta], 1, None,
                  {"use_locking": use_locking}, name)


def apply_momentum(var, accum, lr, grad, momentum, use_locking=False, use_nesterov=False,
                   name=None, indices=None):
    return _build("ApplyMomentum", [var, accum], [lr, grad, momentum], 1, indices,
                  {"use_locking": use_locking, "use_nesterov": bool(use_nesterov)}, name)


def apply_adagrad(var, accum, lr, grad, use_locking=False, update_slots=True, name=None,
                  indices=None):
    return _build("ApplyAdagrad", [var, accum], [lr, grad], 1, indices,
                  {"use_locking": use_locking, "update_slots": bool(update_slots)}, name)


def apply_adadelta(var, accum, accum_update, lr, rho, epsilon, grad, use_locking=False,
                   name=None, indices=None):
    return _build("ApplyAdadelta", [var, accum, accum_update], [lr, rho, epsilon, grad], 3,
                  indices, {"use_locking": use_locking}, name)


def apply_rms_prop(var, ms, mom, lr, rho, momentum, epsilon, grad, use_locking=False, name=None,
                   indices=None):
    return _build("ApplyRMSProp", [var, ms, mom], [lr, rho, momentum, epsilon, grad], 4, indices,
                  {"use_locking": use_locking}, name)


def apply_centered_rms_prop(var, mg, ms, mom, lr, rho, momentum, epsilon, grad,
                            use_locking=False, name=None, indices=None):
    return _build("ApplyCenteredRMSProp", [var, mg, ms, mom], [lr, rho, momentum, epsilon, grad],
                  4, indices, {"use_locking": use_locking}, name)


def apply_adam(var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad,
               use_locking=False, use_nesterov=False, name=None):
    return _build("ApplyAdam", [var, m, v],
                  [beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad], 6, None,
                  {"use_locking": use_locking, "use_nesterov": bool(use_nesterov)}, name)
