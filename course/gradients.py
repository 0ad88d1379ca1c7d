"""tf.gradients: reverse-mode differentiation that builds the backward pass as graph ops.

Ops are visited in reverse creation order (creation order is topological), so every
consumer of a tensor has contributed its gradient before the tensor's producer is
differentiated. Contributions from several paths and several ys are summed with AddN.
"""
from . import tf_logging as logging
from .framework import dtypes
from .framework.indexed_slices import IndexedSlices
from .framework.ops import convert_to_tensor, name_scope
from .ops import array_ops, control_flow_grad, math_ops, tensor_array_ops


def _as_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def _as_x(x):
    """Variables are differentiated at their VariableV2 output, as TF1's ref variables."""
    ref = getattr(x, "_ref", None)
    return ref() if ref is not None else convert_to_tensor(x)


def _ops_reachable_from(tensors):
    reached = set()
    stack = [op for t in tensors for op in t._consumers]
    while stack:
        op = stack.pop()
        if op in reached:
            continue
        reached.add(op)
        for out in op.outputs:
            stack.extend(out._consumers)
    return reached


def _ops_leading_to(tensors, stop):
    reached = set()
    stack = [t.op for t in tensors if t not in stop]
    while stack:
        op = stack.pop()
        if op in reached:
            continue
        reached.add(op)
        stack.extend(t.op for t in op.inputs if t not in stop)
    return reached


def _initial_grad(y, grad_y):
    if grad_y is not None:
        grad_y = convert_to_tensor(grad_y, dtype=y.dtype)
        if not grad_y.shape.is_compatible_with(y.shape):
            raise ValueError("Incompatible shapes between op input and calculated input gradient. "
                             "Forward operation: %s. Input index: 0. Original input shape: %s. "
                             "Calculated input gradient shape: %s" % (y.op.name, y.shape,
                                                                      grad_y.shape))
        return grad_y
    if y.shape.is_fully_defined():
        return array_ops.ones(y.shape.as_list(), y.dtype, name="grad_ys")
    return array_ops.ones_like(y, name="grad_ys")


def _differentiable(t):
    """Float tensors, and TensorArray values (their gradient is a list of gradients)."""
    return t.dtype.is_floating or t.dtype == dtypes.variant


def gradients(ys, xs, grad_ys=None, name="gradients", colocate_gradients_with_ops=False,
              gate_gradients=False, aggregation_method=None, stop_gradients=None):
    """Symbolic d(sum of ys)/d(x) for each x: a list with None where ys do not depend on x."""
    ys = [convert_to_tensor(y) for y in _as_list(ys)]
    xs = [_as_x(x) for x in _as_list(xs)]
    grad_ys = _as_list(grad_ys) if grad_ys is not None else [None] * len(ys)
    if len(grad_ys) != len(ys):
        raise ValueError("Passed %d grad_ys for %d ys" % (len(grad_ys), len(ys)))
    stop = {convert_to_tensor(s) for s in _as_list(stop_gradients)} if stop_gradients else set()
    graph = ys[0].graph
    for t in ys + xs:
        if t.graph is not graph:
            raise ValueError("%s must be from the same graph as %s." % (t, ys[0]))
    with graph.as_default(), name_scope(name):
        return _walk(ys, xs, grad_ys, stop, set())


def subgraph_gradients(ys, xs, grad_ys, leaves):
    """The gradients of a loop body's or cond branch's outputs ``ys`` (weighted by ``grad_ys``)
    with respect to ``xs``, built in the current (gradient) sub-graph. The walk stops at
    ``leaves`` (the sub-graph's loop variables and captured tensors): what lies beyond them is
    the enclosing graph's gradient to take."""
    return _walk(ys, xs, grad_ys, set(), set(leaves))


control_flow_grad.install_gradient_walk(subgraph_gradients)


def _walk(ys, xs, grad_ys, stop, leaves):
    between = _ops_reachable_from(xs) & _ops_leading_to(ys, stop | leaves)
    pending = {}
    for y, gy in zip(ys, grad_ys):
        if not _differentiable(y):
            # TF returns None for it; say why, since a learner meets it as a bare None.
            logging.warning("tf.gradients: %s is %s, and gradients flow only through "
                            "floating-point tensors, so its gradients are None. Cast "
                            "to float32 before the computation to differentiate it."
                            % (y.name, y.dtype.name))
            continue
        pending.setdefault(y, []).append(_initial_grad(y, gy))
    for op in sorted(between, key=lambda o: o._id, reverse=True):
        _backprop_op(op, pending, stop)
    return [_sum(pending.get(x)) for x in xs]


def _backprop_op(op, pending, stop):
    out_grads = [_sum(pending.get(t)) if t not in stop else None for t in op.outputs]
    if all(g is None for g in out_grads):
        return
    opdef = op.op_def
    if not opdef.differentiable:
        return
    if opdef.grad is None:
        raise LookupError("No gradient defined for operation '%s' (op type: %s)"
                          % (op.name, op.type))
    out_grads = [g if g is not None or not t.dtype.is_floating else array_ops.zeros_like(t)
                 for g, t in zip(out_grads, op.outputs)]
    if op.type not in _SPARSE_GRAD_PASSING:
        # Other gradient functions take the dense tensor a sparse gradient stands for.
        out_grads = [convert_to_tensor(g) if isinstance(g, IndexedSlices) else g
                     for g in out_grads]
    with name_scope(op.name + "_grad"):
        in_grads = opdef.grad(op, *out_grads)
    if len(in_grads) != len(op.inputs):
        raise ValueError("Gradient function of %s returned %d gradients for %d inputs"
                         % (op.type, len(in_grads), len(op.inputs)))
    for t, g in zip(op.inputs, in_grads):
        if g is not None and _differentiable(t) and t not in stop:
            pending.setdefault(t, []).append(g)


# Ops whose gradient function passes a sparse gradient on as it is (a variable's read).
_SPARSE_GRAD_PASSING = frozenset(["Identity"])


def _sum(grads):
    if not grads:
        return None
    if len(grads) == 1:
        return grads[0]
    if grads[0].dtype == dtypes.variant:
        return tensor_array_ops.add_lists(grads)
    if all(isinstance(g, IndexedSlices) for g in grads):
        # Sparse gradients from several lookups stay sparse: their rows side by side, as TF.
        return IndexedSlices(array_ops.concat([g.values for g in grads], 0),
                             array_ops.concat([g.indices for g in grads], 0),
                             grads[0].dense_shape)
    return math_ops.add_n([convert_to_tensor(g) if isinstance(g, IndexedSlices) else g
                           for g in grads])


