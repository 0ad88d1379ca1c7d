"""tf.while_loop: one While op running its body sub-graph in a Python loop.

TF1 builds a loop from Enter/Merge/Switch/Identity/NextIteration/Exit ops in a frame, and its
executor keeps per-iteration tensors in that frame. course builds the condition and body once,
as a sub-graph (framework/control_flow.py), and the While op's kernel is a generated Python
``while`` loop over their compiled sub-plans (see course/ops/subgraphs.py). Its gradient is
another While op that runs the body's gradient over the recorded iterations in reverse.
"""
import time

from ..framework import nest
from ..framework.control_flow import SubGraph
from ..framework.ops import convert_to_tensor, get_default_graph, name_scope
from ..framework.registry import define_op
from ..framework.tensor_shape import TensorShape
from . import control_flow_grad, subgraphs
from .core import apply, apply_op
from .tensor_array_ops import TensorArray


def _while_infer(op):
    body = op.get_attr("body")
    return [(t.dtype, t.shape) for t in body.inputs] + [subgraphs.tape_spec()]


def _while_kernel(op, state):
    body = op.get_attr("body")
    name = subgraphs.driver_name(op)
    loop_vars = subgraphs.params("a", len(body.inputs))
    captured = subgraphs.params("c", len(body.captures))
    args = loop_vars + captured
    # Record the forward values a gradient reads (and the iteration count) only if a
    # gradient was built; a gradient loop reads them in the forward tape's order.
    recording = bool(op.outputs[-1]._consumers)
    fetches = body.outputs + (body.tape if recording else [])
    if op.get_attr("gradient"):
        # Runs the body's gradient once per recorded forward iteration, last one first.
        plans = {name + "_body": state.compile_subplan(fetches, body.inputs + body.captures
                                                       + body.forward.tape, name + "_body",
                                                       bare=True)}
        head = ["def %s(%s, tape):" % (name, ", ".join(args)), "    n = 0"]
        loop = ["for saved in reversed(tape.records):",
                "    %s = %s_body(%s, *saved)" % (_targets(loop_vars, False, fetches), name,
                                                  ", ".join(args)),
                "    n += 1"]
        explained = args + ["*saved"]
    else:
        plans = {name + "_cond": state.compile_subplan([body.pred], body.inputs + body.captures,
                                                       name + "_cond", bare=True),
                 name + "_body": state.compile_subplan(fetches, body.inputs + body.captures,
                                                       name + "_body", bare=True)}
        limited = op.get_attr("limited")
        head = ["def %s(%s):" % (name, ", ".join(args + (["limit"] if limited else []))),
                "    n = 0"] + (["    tape = []"] if recording else [])
        loop = ["while %s%s_cond(%s):" % ("n < limit and " if limited else "", name,
                                          ", ".join(args)),
                "    %s = %s_body(%s)" % (_targets(loop_vars, recording, fetches), name,
                                          ", ".join(args))]
        loop += ["    tape.append(saved)"] if recording else []
        loop += ["    n += 1"]
        explained = args
    tail = ["    _last[0] = n",
            "    return [%s, %s]" % (", ".join(loop_vars), "Tape(tape)" if recording and not
                                     op.get_attr("gradient") else "None")]
    source = "\n".join(head + subgraphs.guarded(loop, explained) + tail) + "\n"
    notes = [subgraphs.legend("a", body.inputs), subgraphs.legend("c", body.captures)]
    driver = subgraphs.compile_driver(state, op, source, plans, {}, notes)
    driver.traced = _traced_loop(op, plans, name, recording, driver.last)
    return driver


def _traced_loop(op, plans, name, recording, last):
    """The driver's loop for a traced run: the same iterations, each sub-plan op by op."""
    body = op.get_attr("body")
    n, count = len(body.inputs), len(body.inputs) + len(body.captures)

    def enter(values, record):
        # The loop variables' values as an iteration of the body starts (the LoopVar ops run no
        # kernel), so a picture shows one iteration's values throughout.
        for t, value in zip(body.inputs, values):
            record(t.op, [value], time.perf_counter(), 0.0, None)

    def traced(*args, record):
        values, captured = list(args[:n]), list(args[n:count])
        tape, done = [], 0
        if op.get_attr("gradient"):
            for saved in reversed(args[-1].records):
                enter(values, record)
                values = subgraphs.run_traced(plans[name + "_body"], values + captured + saved,
                                              record)
                done += 1
        else:
            limit = args[-1] if op.get_attr("limited") else None
            while limit is None or done < limit:
                (go,) = subgraphs.run_traced(plans[name + "_cond"], values + captured, record)
                if not go:
                    break
                enter(values, record)
                out = subgraphs.run_traced(plans[name + "_body"], values + captured, record)
                values = out[:n]
                tape.append(out[n:])
                done += 1
        last[0] = done
        return values + [subgraphs.Tape(tape) if recording and not op.get_attr("gradient")
                         else None]
    return traced


def _targets(loop_vars, recording, fetches):
    if recording:
        return ", ".join(loop_vars + ["*saved"])
    return ", ".join(loop_vars) + ("," if len(fetches) > 1 and len(loop_vars) == 1 else "")


define_op("While", make_kernel=_while_kernel, infer=_while_infer,
          grad=lambda op, *grads: control_flow_grad.while_loop_gradient(op, grads),
          num_outputs=lambda attrs: len(attrs["body"].inputs) + 1)


# -- tf.while_loop ----------------------------------------------------------------------------
def _shape_less_than_or_equal(shape, invariant):
    """TF's check: ``shape`` is at least as specific as the ``invariant``."""
    if invariant.ndims is None:
        return True
    if shape.ndims != invariant.ndims:
        return False
    return all(b is None or a == b for a, b in zip(shape.as_list(), invariant.as_list()))


def _flow(x):
    return x.flow if isinstance(x, TensorArray) else x


def _like(original, flow):
    """``flow`` as the kind of loop variable ``original`` was (a TensorArray gets its flow)."""
    return original._with_flow(flow) if isinstance(original, TensorArray) else flow


def _as_loop_var(x):
    return x if isinstance(x, TensorArray) else convert_to_tensor(x)


def _invariants(loop_vars, shape_invariants):
    """The shape each flat loop variable keeps: its own, or the one given for it."""
    if shape_invariants is None:
        return [None] * len(nest.flatten(loop_vars))
    nest.assert_same_structure(loop_vars, shape_invariants, check_types=False)
    flat = []
    for var, shape in zip(nest.flatten(loop_vars), nest.flatten(shape_invariants)):
        if shape is not None and not isinstance(shape, TensorShape):
            raise TypeError("'shape' must be one of TypeSpec, TensorShape or None. Received: %s"
                            % type(shape))
        if isinstance(var, TensorArray):
            shape = None                  # its flow is a scalar handle whatever it holds
        elif shape is not None and not _shape_less_than_or_equal(var.shape, shape):
            raise ValueError("The shape invariant specified for %s is not compatible with the "
                             "initial shape of the loop variable. It enters the loop with shape "
                             "%s, but the specified shape invariant is %s."
                             % (var.name, var.shape, shape))
        flat.append(shape)
    return flat


def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10,
               back_prop=True, swap_memory=False, name=None, maximum_iterations=None,
               return_same_structure=False):
    """``tf.while_loop``: repeat ``body`` while ``cond`` holds; both take the loop variables
    (a nested structure of tensors and TensorArrays) and body returns their next values.
    parallel_iterations and swap_memory are accepted and have no effect (course runs one
    iteration after the other)."""
    if not callable(cond):
        raise TypeError("'cond' must be callable.")
    if not callable(body):
        raise TypeError("'body' must be callable.")
    if parallel_iterations < 1:
        raise TypeError("'parallel_iterations' must be a positive integer.")
    graph = get_default_graph()
    with name_scope(name, "while", [v for v in nest.flatten(loop_vars)
                                    if not isinstance(v, TensorArray)]) as scope:
        if not loop_vars:
            raise ValueError("'loop_vars' must be provided.")
        single = len(loop_vars) == 1 and not return_same_structure
        limit = None
        if maximum_iterations is not None:
            limit = convert_to_tensor(maximum_iterations, name="maximum_iterations")
            if limit.shape.ndims != 0:
                raise ValueError("'maximum_iterations' must be a scalar. Received shape: %s"
                                 % limit.shape)
        loop_vars = nest.map_structure(_as_loop_var, loop_vars)
        flat_vars = nest.flatten(loop_vars)
        invariants = _invariants(loop_vars, shape_invariants)
        entering = [_flow(v) for v in flat_vars]
        sub = SubGraph(graph, "while", scope.rstrip("/"))
        with sub:
            inside = [apply("LoopVar", [], {"dtype": t.dtype, "shape": t.shape if shape is None
                                            else shape}, name="Identity")
                      for t, shape in zip(entering, invariants)]
            sub.inputs = inside
            packed = nest.pack_sequence_as(loop_vars, [_like(v, t) for v, t in
                                                       zip(flat_vars, inside)])
            sub.pred = subgraphs.scalar_bool(cond(*packed), scope + "LoopCond", "LoopCond", "input")
            result = body(*packed)
            # The structures TF1 compares (with maximum_iterations it wraps the loop variables
            # in (counter, loop_vars) and compares the inner part as given).
            if maximum_iterations is None:
                structure = result if nest.is_sequence(result) else [result]
                nest.assert_same_structure(list(packed), list(structure))
            else:
                structure = result
                nest.assert_same_structure(packed[0] if single else packed, structure)
            flat_result = nest.flatten(structure)
            if len(flat_result) != len(inside):
                raise ValueError("Number of inputs and outputs of 'body' must match "
                                 "'loop_vars'. Got %d for the number of inputs/outputs, and %d "
                                 "for 'loop_vars'." % (len(inside), len(flat_result)))
            nexts = [_as_loop_var(_flow(r)) for r in flat_result]
            for enter, start, nxt in zip(inside, entering, nexts):
                _check_next(enter, start, nxt)
                sub.take(nxt)
            sub.outputs = nexts
        inputs = entering + sub.captures + ([limit] if limit is not None else [])
        op = apply_op("While", inputs, {"body": sub, "back_prop": bool(back_prop),
                                         "gradient": False, "limited": limit is not None,
                                         "parallel_iterations": parallel_iterations}, scope)
        for control in sub.external_control:
            op._add_control_input(control)
        sub.op = op
        exits = subgraphs.named_outputs(op, "Exit", skip=int(limit is not None))
        outputs = [_like(r, t) for r, t in zip(flat_result, exits)]
        packed_out = nest.pack_sequence_as(structure, outputs)
        if maximum_iterations is not None or return_same_structure:
            return packed_out
        return packed_out[0] if len(outputs) == 1 else packed_out


def _check_next(enter, start, nxt):
    if nxt.dtype != enter.dtype:
        raise TypeError("Loop variable %s enters the loop as %s, but the body returns %s for it "
                        "(%s)." % (start.name, enter.dtype.name, nxt.dtype.name, nxt.name))
    if not _shape_less_than_or_equal(nxt.shape, enter.shape):
        raise ValueError("Input tensor '%s' enters the loop with shape %s, but has shape %s after "
                         "one iteration. To allow the shape to vary across iterations, use the "
                         "`shape_invariants` argument of tf.while_loop to specify a "
                         "less-specific shape." % (start.name, enter.shape, nxt.shape))
