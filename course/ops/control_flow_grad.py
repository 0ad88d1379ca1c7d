"""Gradients of While and If: the gradient of a sub-graph is another sub-graph.

For a loop, the body's gradient is built once, in a "while_grad" sub-graph whose loop
variables are the gradients of the loop variables plus one accumulator per captured tensor:

    forward:   v[t+1] = body(v[t], captured)                    for t = 0 .. n-1
    backward:  dv[t], dcaptured_t = d body / d(v[t], captured) . dv[t+1]   for t = n-1 .. 0
               dcaptured = sum over t of dcaptured_t

The backward body reads forward values of iteration t (a product's other factor, an
activation): each such tensor is put on the forward sub-graph's tape, so the forward While op
records its value on every iteration and the gradient While op replays them, last first.

For a cond, each branch's gradient is a branch of an If op on the same predicate, reading the
values the taken forward branch recorded.
"""
from ..framework import dtypes
from ..framework.control_flow import SubGraph
from . import array_ops, math_ops, subgraphs, tensor_array_ops
from .core import apply, apply_op


# tf.gradients' reverse walk (course/gradients.py, a layer above) differentiates a sub-graph
# too; it installs itself here when it is imported, as array_ops registers its conversions
# with framework.
_walk = None


def install_gradient_walk(walk):
    """``walk(ys, xs, grad_ys, leaves)``: gradients inside the current sub-graph."""
    global _walk
    _walk = walk


def differentiable(t):
    return t.dtype.is_floating or t.dtype == dtypes.variant


def zeros_like(t):
    if t.dtype == dtypes.variant:
        return tensor_array_ops.zeros_like_list(t)
    return array_ops.zeros_like(t)


def accumulate(total, grad):
    if grad is None:
        return total
    if total.dtype == dtypes.variant:
        return tensor_array_ops.add_lists([total, grad])
    return math_ops.add(total, grad)


def _reaching(tensors, sub):
    """The tensors ``tensors`` are computed from within ``sub`` (a nested loop or cond counts by
    its inputs): a captured tensor outside this set gets no gradient (None, as in TF), not
    zeros."""
    reached, stack = set(), list(tensors)
    while stack:
        t = stack.pop()
        if t not in reached:
            reached.add(t)
            if t.op._control_flow_context is sub:
                stack.extend(t.op.inputs)
    return reached


def while_loop_gradient(op, grads):
    """The gradients of a While op's inputs: loop variables, captured tensors, the limit."""
    if op.get_attr("gradient"):
        raise TypeError("Second-order gradient for while loops not supported.")
    if not op.get_attr("back_prop"):
        return [None] * len(op.inputs)
    body = op.get_attr("body")
    n = len(body.inputs)
    wanted = [i for i in range(n) if differentiable(body.inputs[i])]
    reached = _reaching([body.outputs[i] for i in wanted], body)
    captured = [c for c in body.captures if differentiable(c) and c in reached]
    starts = [grads[i] if grads[i] is not None else zeros_like(op.outputs[i]) for i in wanted]
    starts += [zeros_like(c) for c in captured]
    sub = SubGraph(op.graph, "while_grad", op.name + "_grad", forward=body)
    with sub:
        d_next = [apply("LoopVar", [], {"dtype": body.inputs[i].dtype,
                                        "shape": body.inputs[i].shape}, name="Identity")
                  for i in wanted]
        totals = [apply("LoopVar", [], {"dtype": c.dtype, "shape": c.shape}, name="Identity")
                  for c in captured]
        sub.inputs = d_next + totals
        leaves = body.inputs + body.captures
        d = _walk([body.outputs[i] for i in wanted], [body.inputs[i] for i in wanted] + captured,
                  d_next, leaves)
        d_vars = [g if g is not None else zeros_like(dv) for g, dv in zip(d[:len(wanted)], d_next)]
        sub.outputs = d_vars + [accumulate(t, g) for t, g in zip(totals, d[len(wanted):])]
        for t in sub.outputs:
            sub.take(t)
    grad_op = apply_op("While", starts + sub.captures + [op.outputs[-1]], {
        "body": sub, "back_prop": False, "gradient": True, "limited": False,
        "parallel_iterations": op.get_attr("parallel_iterations")},
        name=op.graph.get_name_scope() + "/")
    for control in sub.external_control:
        grad_op._add_control_input(control)
    sub.op = grad_op
    results = [None] * len(op.inputs)
    for k, i in enumerate(wanted):
        results[i] = grad_op.outputs[k]
    position = {c: n + j for j, c in enumerate(body.captures)}
    for k, c in enumerate(captured):
        results[position[c]] = grad_op.outputs[len(wanted) + k]
    return results


def cond_gradient(op, grads):
    """The gradients of an If op's inputs (the predicate gets None): an If op on the same
    predicate whose branches are the forward branches' gradients."""
    if op.get_attr("gradient"):
        raise TypeError("Second-order gradient for tf.cond is not supported in course.")
    then, other = op.get_attr("then_branch"), op.get_attr("else_branch")
    captures = op.get_attr("captures")
    outputs = [i for i, t in enumerate(then.outputs) if differentiable(t)]
    reached = (_reaching([then.outputs[i] for i in outputs], then) |
               _reaching([other.outputs[i] for i in outputs], other))
    wanted = [c for c in captures if differentiable(c) and c in reached]
    dys = [grads[i] if grads[i] is not None else zeros_like(op.outputs[i]) for i in outputs]
    branches = []
    for forward in (then, other):
        sub = SubGraph(op.graph, "cond_grad", forward.name + "_grad", forward=forward)
        with sub:
            d = _walk([forward.outputs[i] for i in outputs], wanted, dys, forward.captures)
            sub.outputs = [g if g is not None else zeros_like(c) for g, c in zip(d, wanted)]
            for t in sub.outputs:
                sub.take(t)
        branches.append(sub)
    grad_op = subgraphs.if_op(op.inputs[0], branches[0], branches[1], op.graph.get_name_scope() + "/",
                     gradient=True, extra_inputs=[op.outputs[-1]])
    by_capture = dict(zip(wanted, grad_op.outputs))
    return [None] + [by_capture.get(c) for c in captures]
