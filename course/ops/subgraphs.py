"""What tf.cond and tf.while_loop share: the LoopVar op, the Tape of forward values a gradient
reads, and compiling the small generated "driver" that runs sub-plans for a While/If op.

A driver is real Python, compiled once per plan like the plan itself, e.g. for a loop:

    def while_loop(f0, f1, f2):          # loop variables f0, f1; captured f2
        n = 0
        while while_cond(f0, f1, f2):
            f0, f1 = while_body(f0, f1, f2)
            n += 1
        ...

where ``while_cond`` and ``while_body`` are the sub-plans the session compiled from the loop's
sub-graph. ``Session.plan_source`` shows the plan, then each driver and its sub-plans.
"""
from ..framework import dtypes
from ..framework.ops import convert_to_tensor
from ..framework.registry import define_op
from . import array_ops
from .core import apply_op

# A loop variable as the body sees it (TF1's while/Identity after Enter, Merge and Switch).
# Its value is a parameter of the body's sub-plan: it has no kernel of its own.
define_op("LoopVar", infer=lambda op: [(op.get_attr("dtype"), op.get_attr("shape"))],
          differentiable=False)


class Tape:
    """Forward values recorded for a gradient: for a loop, one list per iteration; for a cond,
    the values of the branch that ran (``branch`` 1 for true_fn, 0 for false_fn)."""

    __slots__ = ("records", "branch")

    def __init__(self, records, branch=None):
        self.records = records
        self.branch = branch

    def __repr__(self):
        if self.branch is not None:
            return "<Tape of branch %d: %d values>" % (self.branch, len(self.records))
        return "<Tape of %d iterations>" % len(self.records)


def tape_spec():
    """The static type of a While/If op's last output, its tape."""
    return dtypes.variant, []


def legend(prefix, tensors):
    """``a0 = while/Identity:0, a1 = ...``: what a driver's parameters hold, for its listing."""
    return ", ".join("%s%d = %s" % (prefix, i, t.name) for i, t in enumerate(tensors))


def compile_driver(state, op, source, plans, namespace, notes=()):
    """Compile a driver's ``source`` (a function named like ``op``) with its sub-plans.

    Returns the function; it carries ``listing`` (``notes``, its source and its sub-plans', for
    plan_source) and ``last`` (a one-item list the driver fills with its iteration count or
    taken branch, for traced runs)."""
    name = driver_name(op)
    last = [None]

    def explain(exc, args):
        for plan in plans.values():
            error = plan.explain(exc, args)
            if error is not None and error is not exc:
                return error
        return exc

    namespace = dict(namespace, _explain=explain, _last=last, Tape=Tape)
    for key, plan in plans.items():
        namespace[key] = plan.function
    exec(compile(source, "<course %s>" % name, "exec"), namespace)
    function = namespace[name]
    function.last = last
    function.listing = "\n".join(["# %s %r" % (op.type, op.name)]
                                 + ["#   " + note for note in notes if note] + [source]
                                 + [plan.listing for plan in plans.values()])
    return function


def run_traced(plan, args, record):
    """A sub-plan run op by op with ``record`` (a traced Session.run): its fetched values."""
    seen = plan.step_values(dict(zip(plan.feed_tensors, args)), record=record)
    return [seen[t] for t in plan.fetch_elements]


def driver_name(op):
    return "%s_%d" % (op.type.lower(), op._id)


def params(prefix, count):
    return ["%s%d" % (prefix, i) for i in range(count)]


def guarded(body_lines, args):
    """Driver lines wrapped so a failing kernel inside is reported with its op and inputs."""
    return (["    try:"] + ["        " + line for line in body_lines] +
            ["    except Exception as e:",
             "        error = _explain(e, [%s])" % ", ".join(args),
             "        if error is e:",
             "            raise",
             "        raise error from e"])


def scalar_bool(pred, op_name, op_type, input_name, shape_inputs=1):
    """``pred`` as a tensor, checked as TF1 checks a LoopCond's or Switch's predicate."""
    pred = convert_to_tensor(pred)
    if pred.dtype != dtypes.bool_:
        raise TypeError("Input '%s' of '%s' Op has type %s that does not match expected type of "
                        "bool." % (input_name, op_type, pred.dtype.name))
    if pred.shape.ndims not in (None, 0):
        raise ValueError("Shape must be rank 0 but is rank %d for '%s' (op: '%s') with input "
                         "shapes: %s." % (pred.shape.ndims, op_name, op_type,
                                          ", ".join([pred.shape.list_str()] * shape_inputs)))
    return pred


def if_op(pred, then, other, name, gradient, extra_inputs=()):
    """The If op running ``then``/``other`` on ``pred``; its inputs are the predicate, the
    tensors either branch captures, and (for a gradient) the forward op's tape."""
    captures = list(then.captures) + [c for c in other.captures if c not in then.captures]
    op = apply_op("If", [pred] + captures + list(extra_inputs), {
        "then_branch": then, "else_branch": other, "captures": captures,
        "gradient": gradient}, name)
    for control in then.external_control + other.external_control:
        op._add_control_input(control)
    then.op = other.op = op
    return op


def named_outputs(op, name, skip=0):
    """The op's results (not its tape) as identities named as TF1 names them (``while/Exit``,
    ``while/Exit_1``, ``cond/Merge``, ...), so a printed result reads as in TF. Identities are
    name aliases in a plan: they cost nothing. ``skip`` names are taken first (the counter TF1
    adds as loop variable 0 with maximum_iterations)."""
    graph = op.graph
    for _ in range(skip):
        graph.unique_name(name)
    return [array_ops.identity(t, name=name) for t in op.outputs[:-1]]
