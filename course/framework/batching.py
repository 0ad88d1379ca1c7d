"""Batched runs: K copies of one computation evaluated at once (course.sweep's learning-rate
sweeps). A value that differs between the copies carries a leading axis of size K; a value
that is the same in every copy (a fed batch of data, a constant) does not, and is shared.

Each op says how it runs on that layout with a *batch rule* given to ``define_op(batch=)``,
next to its kernel: ``rule(op, batched, state) -> (kernel, out_batched)``, where ``batched``
holds one bool per data input (ref inputs left out, as the kernels see them), ``state`` is the
batched session's state (``state.batch_size`` is K) and ``out_batched`` one bool per output.
The rules below are built from the op's own kernel (``OpDef.kernel_for``), so no arithmetic is
written twice; a batched run computes, copy for copy, what K ordinary runs compute, to the bit
(tests/session/test_sweep.py compares them).

An op with no rule is refused with NotImplementedError naming its type. An op whose inputs
are all shared and which keeps no session state needs no rule: its plain kernel runs once for
every copy.
"""
import numpy as np


def rule_for(op, batched, state):
    """The kernel ``op`` runs in a batched plan and which of its outputs carry the copy axis."""
    opdef = op._op_def
    if opdef.make_kernel is None and not any(batched):
        return opdef.kernel_for(op, state), (False,) * len(op.outputs)
    if opdef.batch is None:
        raise refused(op, "it has no batching rule%s" % (
            "" if opdef.make_kernel is None else " (it keeps session state)"))
    return opdef.batch(op, batched, state)


def refused(op, why):
    """The NotImplementedError a batched run raises for ``op``, naming its type."""
    return NotImplementedError(
        "course cannot run op type '%s' (op '%s') in a batched run (course.sweep): %s. Sweep a "
        "graph without it, or run the copies one by one with tf.Session." % (op.type, op.name,
                                                                             why))


def _outputs(op, flag=True):
    return (flag,) * len(op.outputs)


def _static_ranks(op, inputs):
    ranks = [t.shape.ndims for t in inputs]
    return None if None in ranks else ranks


def aligner(ranks, batched):
    """A function lining up the copy axis of batched inputs with numpy broadcasting: a batched
    input of lower rank than the others gets size-1 axes after its copy axis, so a shared
    input broadcasts against the copy's dimensions, never against K. ``ranks`` are the ranks
    of one copy's inputs (None: read each call). None when nothing needs moving."""
    if ranks is None:
        def align(inputs):
            per_copy = [x.ndim - 1 if b else np.ndim(x) for x, b in zip(inputs, batched)]
            return _aligned(inputs, batched, per_copy)
        return align
    top = max(ranks, default=0)
    if all(r == top for r, b in zip(ranks, batched) if b):
        return None
    return lambda inputs: _aligned(inputs, batched, ranks)


def _aligned(inputs, batched, ranks):
    top = max(ranks, default=0)
    return [x.reshape(x.shape[:1] + (1,) * (top - r) + x.shape[1:]) if b and r < top else x
            for x, r, b in zip(inputs, ranks, batched)]


def data_inputs(op):
    return [t for i, t in enumerate(op.inputs) if i not in op._op_def.ref_inputs]


def elementwise(op, batched, state):
    """For kernels that broadcast their inputs and treat leading axes as independent (the
    arithmetic ops, softmax along the last axis, cross-entropy per row): the kernel itself,
    batched inputs lined up. Each element is computed by the same numpy loop from the same
    operands as in one copy."""
    kernel = op._op_def.kernel_for(op, state)
    align = aligner(_static_ranks(op, data_inputs(op)), batched)
    if align is None:
        return kernel, _outputs(op)
    return (lambda *inputs: kernel(*align(inputs))), _outputs(op)


def per_copy(op, batched, state):
    """The op's kernel once per copy, the results stacked: exact by construction, for kernels
    whose numbers depend on the layout (tf.exp's Eigen packets of 8) or that are rarely hot."""
    kernel = op._op_def.kernel_for(op, state)
    single = len(op.outputs) == 1

    def run(*inputs):
        results = [kernel(*[x[k] if b else x for x, b in zip(inputs, batched)])
                   for k in range(state.batch_size)]
        if single:
            return np.stack(results)
        return [np.stack(parts) for parts in zip(*results)]
    return run, _outputs(op)


def shape_readers(*positions, then=None):
    """A rule for ops that read only the shape of the inputs at ``positions`` (ZerosLike, the
    gradient helpers' ``like`` operands): those get copy 0's value, which has every copy's
    shape, and count as shared; the op's other inputs decide with ``then`` (default: none may
    be batched, so the result is shared)."""
    def rule(op, batched, state):
        take = tuple(b and i in positions for i, b in enumerate(batched))
        rest = tuple(b and i not in positions for i, b in enumerate(batched))
        if not any(rest):
            kernel, out = op._op_def.kernel_for(op, state), _outputs(op, False)
        elif then is None:
            raise refused(op, "its values differ between the copies")
        else:
            kernel, out = then(op, rest, state)
        if not any(take):
            return kernel, out
        return (lambda *inputs: kernel(*[x[0] if t else x for x, t in zip(inputs, take)])), out
    return rule


def shifted_axes(make):
    """A rule for single-input ops with an ``axis`` attr (reductions, argmax): the kernel made
    by ``make(**attrs)`` with each non-negative axis moved past the copy axis, and "all axes"
    (None) meaning all of a copy's axes. numpy visits the elements of each copy in the same
    order as for one copy's array, so the sums are the same."""
    def rule(op, batched, state):
        attrs = {k: v for k, v in op._attrs.items() if not k.startswith("_")}
        axis = attrs.get("axis")
        if axis is None:
            rank = op.inputs[0].shape.ndims
            if rank is None:
                return per_copy(op, batched, state)
            attrs["axis"] = tuple(range(1, rank + 1))
        elif isinstance(axis, (list, tuple)):
            attrs["axis"] = tuple(a + 1 if a >= 0 else a for a in axis)
        else:
            attrs["axis"] = axis + 1 if axis >= 0 else axis
        return make(**attrs), _outputs(op)
    return rule


def same_in_every_copy(op, batched, state):
    """For state-bound ops that read no batched value (placeholders, seeded random ops): every
    copy, a fresh session of its own, would compute the same value, so it is computed once and
    shared."""
    if any(batched):
        raise refused(op, "its inputs differ between the copies")
    return op._op_def.kernel_for(op, state), _outputs(op, False)
