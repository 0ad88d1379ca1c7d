"""tf.cond, tf.case and smart_cond: one If op that runs only the taken branch's sub-graph.

TF1 builds a cond from Switch ops (which send a value down the taken branch and a "dead"
signal down the other) and a Merge op (which forwards whichever input is alive). course builds
each branch once, as a sub-graph (framework/control_flow.py); the If op's kernel is a
generated ``if``/``else`` over the two compiled sub-plans, so the other branch's ops do not
run at all. Its gradient is an If op on the same predicate over the branches' gradients.
"""
from ..framework import nest
from ..framework.control_flow import SubGraph
from ..framework.ops import Operation, Tensor, convert_to_tensor, get_default_graph, name_scope
from ..framework.registry import define_op
from ..framework.tensor_shape import TensorShape
from . import control_flow_grad, control_flow_ops, subgraphs
from .core import constant_value
from .tensor_array_ops import TensorArray


def most_specific_compatible_shape(a, b):
    """TF1 Merge's static shape: dimensions the branches agree on, unknown elsewhere."""
    if a.ndims is None or b.ndims is None or a.ndims != b.ndims:
        return TensorShape(None)
    return TensorShape([x if x == y else None for x, y in zip(a.as_list(), b.as_list())])


def _if_infer(op):
    then, other = op.get_attr("then_branch"), op.get_attr("else_branch")
    return [(t.dtype, most_specific_compatible_shape(t.shape, e.shape))
            for t, e in zip(then.outputs, other.outputs)] + [subgraphs.tape_spec()]


def _if_kernel(op, state):
    then, other = op.get_attr("then_branch"), op.get_attr("else_branch")
    name = subgraphs.driver_name(op)
    captured = subgraphs.params("c", len(op.inputs) - 1 - op.get_attr("gradient"))
    recording = bool(op.outputs[-1]._consumers)
    plans = {}
    for key, branch in (("then", then), ("else", other)):
        params = op.get_attr("captures")
        fetches = branch.outputs
        if op.get_attr("gradient"):
            params = params + branch.forward.tape
        elif recording:
            fetches = fetches + branch.tape
        plans["%s_%s" % (name, key)] = state.compile_subplan(fetches, params,
                                                             "%s_%s" % (name, key))
    replay = ", *tape.records" if op.get_attr("gradient") else ""
    n = len(then.outputs)
    args = ", ".join(captured)
    lines = ["if p:",
             "    r = %s_then(%s%s)" % (name, args, replay),
             "    _last[0] = 1",
             "else:",
             "    r = %s_else(%s%s)" % (name, args, replay),
             "    _last[0] = 0"]
    params = ", ".join(["p"] + captured + (["tape"] if op.get_attr("gradient") else []))
    result = "r[:%d] + [Tape(r[%d:], _last[0])]" % (n, n) if recording else "r + [None]"
    source = "\n".join(["def %s(%s):" % (name, params)]
                       + subgraphs.guarded(lines, captured + (["*tape.records"] if replay else []))
                       + ["    return %s" % result]) + "\n"
    notes = [subgraphs.legend("c", op.get_attr("captures"))]
    driver = subgraphs.compile_driver(state, op, source, plans, {}, notes)
    driver.traced = _traced_if(op, plans, name, recording, driver.last)
    return driver


def _traced_if(op, plans, name, recording, last):
    """The driver for a traced run: the taken branch's sub-plan, op by op."""
    outputs = len(op.get_attr("then_branch").outputs)
    gradient = op.get_attr("gradient")

    def traced(p, *args, record):
        last[0] = 1 if p else 0
        captured = list(args[:-1] if gradient else args)
        replay = list(args[-1].records) if gradient else []
        r = subgraphs.run_traced(plans[name + ("_then" if p else "_else")], captured + replay,
                                 record)
        return r[:outputs] + [subgraphs.Tape(r[outputs:], last[0]) if recording else None]
    return traced


define_op("If", make_kernel=_if_kernel, infer=_if_infer,
          grad=lambda op, *grads: control_flow_grad.cond_gradient(op, grads),
          num_outputs=lambda attrs: len(attrs["then_branch"].outputs) + 1)


# -- tf.cond ------------------------------------------------------------------------------------
def _branch(graph, scope, fn, which, pred):
    """Build one branch's sub-graph by calling ``fn`` inside it."""
    sub = SubGraph(graph, "cond", scope.rstrip("/") + "/" + which)
    with sub:
        result = fn()
        if result is None:
            raise ValueError("'%s' must have a return value." % which)
        flat = [_branch_value(r, pred) for r in nest.flatten(result)]
        for t in flat:
            sub.take(t)
        sub.outputs = flat
    return sub, result


def _one_of(fn, legacy, name, legacy_name):
    """TF1's old argument names fn1/fn2 still work, but not together with the new ones."""
    if legacy is None:
        if fn is None:
            raise TypeError("cond(): '%s' argument required" % name)
        return fn
    if fn is not None:
        raise TypeError("cond(): '%s' and '%s' may not be set simultaneously."
                        % (name, legacy_name))
    return legacy


def _branch_value(r, pred):
    """A branch result as a tensor: a TensorArray gives its flow, and an Operation (a
    branch that only assigns) the predicate, once the op has run (TF1's pivot)."""
    if isinstance(r, TensorArray):
        return r.flow
    if isinstance(r, Operation):
        return control_flow_ops.with_dependencies([r], pred, name="pivot")
    return convert_to_tensor(r)


def _unpack_if_singleton(x):
    if isinstance(x, (list, tuple)) and len(x) == 1:
        return x[0]
    return x


def cond(pred, true_fn=None, false_fn=None, strict=False, name=None, fn1=None, fn2=None):
    """``tf.cond(pred, true_fn, false_fn)``: the result of ``true_fn()`` if the scalar bool
    tensor ``pred`` is true when run, else of ``false_fn()``. Only the taken branch's ops run.
    The branches return the same nested structure of tensors; a one-element list or tuple is
    unpacked unless ``strict=True`` (TF1's legacy behaviour)."""
    true_fn = _one_of(true_fn, fn1, "true_fn", "fn1")
    false_fn = _one_of(false_fn, fn2, "false_fn", "fn2")
    if not callable(true_fn):
        raise TypeError("'true_fn' must be callable.")
    if not callable(false_fn):
        raise TypeError("'false_fn' must be callable.")
    graph = get_default_graph()
    with name_scope(name, "cond", [pred]) as scope:
        if isinstance(pred, bool):
            raise TypeError("'pred' must not be a Python bool.")
        pred = subgraphs.scalar_bool(pred, scope + "Switch", "Switch", "pred", shape_inputs=2)
        then, res_t = _branch(graph, scope, true_fn, "true_fn", pred)
        other, res_f = _branch(graph, scope, false_fn, "false_fn", pred)
        if not strict:
            res_t, res_f = _unpack_if_singleton(res_t), _unpack_if_singleton(res_f)
        try:
            nest.assert_same_structure(res_t, res_f)
        except TypeError as e:
            raise TypeError("Incompatible return types of 'true_fn' and 'false_fn': %s" % e)
        except ValueError as e:
            raise ValueError("Incompatible return values of 'true_fn' and 'false_fn': %s" % e)
        if not then.outputs:
            raise ValueError("'true_fn' and 'false_fn' must return at least one result.")
        for x, y in zip(then.outputs, other.outputs):
            if x.dtype != y.dtype:
                raise ValueError("Outputs of 'true_fn' and 'false_fn' must have the same "
                                 "type(s). Received %s from 'true_fn' and %s from 'false_fn'."
                                 % (x.dtype.name, y.dtype.name))
        op = subgraphs.if_op(pred, then, other, scope, gradient=False)
        outputs = [r._with_flow(t) if isinstance(r, TensorArray) else t
                   for r, t in zip(nest.flatten(res_t), subgraphs.named_outputs(op, "Merge"))]
        return nest.pack_sequence_as(res_t, outputs)


def smart_cond(pred, true_fn=None, false_fn=None, name=None):
    """``tf.smart_cond`` / layers' training switch: a Python bool or a constant predicate
    picks its branch when the graph is built; a tensor known only when run makes a tf.cond."""
    value = constant_value(pred) if isinstance(pred, Tensor) else pred
    if isinstance(pred, Tensor) and value is None:
        return cond(pred, true_fn=true_fn, false_fn=false_fn, name=name)
    if value not in (True, False, 0, 1):
        raise TypeError("`pred` must be a Tensor, or a Python bool, or 1 or 0. Found instead: %s"
                        % (pred,))
    return true_fn() if value else false_fn()


def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """``tf.case``: the function of the first true predicate (all of them with exclusive=True,
    where more than one true one is an error when run), else ``default``. Built, as in TF1,
    from nested conds."""
    if isinstance(pred_fn_pairs, dict):
        pred_fn_pairs = list(pred_fn_pairs.items())
    pairs = list(pred_fn_pairs)
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError("Each entry in pred_fn_pairs must be a 2-tuple")
        if not callable(pair[1]):
            raise TypeError("fn for pred %s must be callable." % pair[0].name)
    if default is None:
        if not pairs:
            raise ValueError("pred_fn_pairs must not be empty when no default is given.")
        *pairs, (_, default) = pairs
    if exclusive and len(pairs) > 1:
        # TF checks at run time that at most one predicate holds; course has no Assert op yet.
        raise NotImplementedError("course's tf.case does not check exclusive=True at run time; "
                                  "call it with exclusive=False (the first true predicate wins)")
    with name_scope(name, "case", [p for p, _ in pairs]):
        def build(i):
            if i == len(pairs):
                return default
            pred, fn = pairs[i]
            return lambda: cond(pred, fn, build(i + 1), strict=strict)
        return build(0)()
