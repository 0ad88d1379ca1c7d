"""Session and InteractiveSession: prune the graph to what the fetches need, order it,
compile it once per (fetches, feeds) into a plan, and run the plan.

A plan is a small generated Python function, one line per executed op:
``v12 = k12(v7, v9)``. Constant subgraphs are computed once when the plan is built and
identity ops become plain assignments, so a steady-state training step costs little more
than its numpy calls. ``Session.plan_source(fetches, feed_dict)`` shows the generated code.
"""
import collections
import re
import threading
import time

import numpy as np

from . import tf_logging
from .framework import errors, malloc_policy
from .framework.dtypes import as_string_array
from .framework.ops import Graph, Operation, Tensor, default_session, get_default_graph
from .framework.pruning import flatten_fetches, ops_needed
from .framework.sparse_tensor import SparseTensor
from .framework.unsupported import refuse_unsupported


# -- run options and metadata (tracing for the pictures) ------------------------------------
class RunOptions:
    """``tf.RunOptions``; ``trace_level=RunOptions.FULL_TRACE`` records every op's values."""

    NO_TRACE, SOFTWARE_TRACE, HARDWARE_TRACE, FULL_TRACE = 0, 1, 2, 3

    def __init__(self, trace_level=0, timeout_in_ms=0, output_partition_graphs=False, **_):
        self.trace_level = trace_level
        self.timeout_in_ms = timeout_in_ms
        self.output_partition_graphs = output_partition_graphs


class NodeExecStats:
    """One executed op in a traced run: its name, type, outputs and wall time."""

    def __init__(self, node_name, op_type, outputs, all_start_micros, op_end_rel_micros):
        self.node_name = node_name
        self.timeline_label = "%s = %s()" % (node_name, op_type)
        self.outputs = outputs
        self.all_start_micros = all_start_micros
        self.op_end_rel_micros = op_end_rel_micros


class _DevStats:
    def __init__(self):
        self.device = "/job:localhost/replica:0/task:0/device:CPU:0"
        self.node_stats = []


class _StepStats:
    def __init__(self):
        self.dev_stats = [_DevStats()]


class RunMetadata:
    """``tf.RunMetadata``. After a traced run: ``step_stats`` as TF's, plus ``values`` (tensor name
    -> ndarray, every tensor computed or fed in the run; inside a loop, its last iteration's),
    ``times`` (op name -> seconds) and ``control_flow`` (a While op's name -> how many times its
    body ran, an If op's -> 1 if true_fn ran, 0 if false_fn did)."""

    def __init__(self):
        self.step_stats = _StepStats()
        self.values = {}
        self.times = {}
        self.executed_ops = []
        self.control_flow = {}

    def _clear(self):
        self.__init__()


# -- session state ---------------------------------------------------------------------------
class SessionState:
    """What lives in a session rather than in the graph: variable values and random streams."""

    def __init__(self):
        self.variables = {}
        self.kernel_state = {}

    def compile_subplan(self, fetches, params, name, bare=False):
        """A loop body's or cond branch's ops compiled like a plan, for the While/If kernel that
        runs it: a function of ``params`` (loop variables, captured values) returning the
        values of ``fetches`` (a list; the value itself with ``bare`` and one fetch). Captured
        variables are read inside, each time, as everywhere in a plan."""
        variables = [t for t in params if _variable_behind(t, ()) is not None]
        return Plan(self, fetches, params, variables, name=name, raw="bare" if bare else True)


def _check_fetchable(element):
    op = getattr(element, "_op", element)
    if op._control_flow_context is not None:
        where = "a while loop" if op._control_flow_context.is_loop() else "a tf.cond branch"
        raise ValueError("Fetch argument %r cannot be interpreted as a Tensor. (Operation %r is "
                         "inside %s: its values exist only while the loop or branch runs. Return "
                         "it from the body or branch function to fetch it.)" % (element, op.name,
                                                                                 where))


# -- the plan ----------------------------------------------------------------------------------
_MISSING = object()


def _as_fetched(value):
    """What run() returns: a copy (fetched arrays never alias session state), scalars as numpy
    scalars like TF."""
    if type(value) is np.ndarray:
        return value[()] if value.ndim == 0 else value.copy()
    return value


class Plan:
    """The ops one (fetches, feeds) signature needs, compiled to a Python function.

    A loop body or cond branch is compiled the same way into a sub-plan (``raw=True``: its
    results are passed on, not copied): its parameters are the loop variables and the values it
    captures, except captured variables, which it reads itself each time (``variable_feeds``)."""

    def __init__(self, state, fetch_elements, feed_tensors, variable_feeds=(), name="plan",
                 raw=False):
        self.fetch_elements = fetch_elements
        self.feed_tensors = list(feed_tensors)
        self.name = name
        self.filename = "<course %s>" % name
        if not raw:
            for element in fetch_elements:
                _check_fetchable(element)
        self.ops = ops_needed(fetch_elements, set(self.feed_tensors) | set(variable_feeds))
        self._build(state, self.ops, variable_feeds, raw)

    def _build(self, state, ops, variable_feeds, raw):
        """Compile the plan: name the feeds, emit one line per op, name the results, compile."""
        feeds = {t: "f%d" % i for i, t in enumerate(self.feed_tensors)}
        names = dict(feeds)              # tensor -> expression naming its value
        folded = {}                      # tensor -> value known when the plan is built
        namespace = {"_fetched": _as_fetched}
        lines = []
        self.line_ops = {}
        self.steps = []                  # (op, callable or None, input tensors) for tracing
        # A variable's value (and an identity's of it) is read by each consumer when it runs,
        # as TF1's ref variables and their identities share one buffer: `v.read_value() * 2`
        # after an assign, or initialized_value(), see the assigned value.
        self.variable_reads = {}         # tensor -> read kernel of the variable it shows
        self.listings = []
        self._read_captured_variables(state, variable_feeds, names, namespace)
        for op in ops:
            self._emit(op, state, names, folded, namespace, lines)
        results = self._results(feeds, names, raw)
        if raw == "bare" and len(results) == 1:
            lines.append("    return %s" % results[0])
        else:
            lines.append("    return [%s]" % ", ".join(results))
        self._compile(lines, namespace)
        self.folded = folded

    def _read_captured_variables(self, state, variable_feeds, names, namespace):
        """A sub-plan reads the variables it captures itself, each time it runs."""
        for t in variable_feeds:
            var_op = _variable_behind(t, {})
            kname = "k%d" % var_op._id
            namespace[kname] = self.variable_reads[t] = self._kernel(var_op, state)
            names[t] = "%s()" % kname

    def _emit(self, op, state, names, folded, namespace, lines):
        """One op: a variable becomes its read kernel, an identity a second name, an op of
        constants its value (folded now), any other op one line calling its kernel."""
        opdef = op._op_def
        data_inputs = [t for i, t in enumerate(op.inputs) if i not in opdef.ref_inputs]
        kernel = self._kernel(op, state)
        self.steps.append((op, kernel, data_inputs))
        if hasattr(kernel, "listing"):
            self.listings.append(kernel.listing)   # a loop's or cond's generated code
        if op._type == "VariableV2":
            kname = "k%d" % op._id
            namespace[kname] = self.variable_reads[op.outputs[0]] = kernel
            names[op.outputs[0]] = "%s()" % kname
            return
        if opdef.alias:
            if data_inputs[0] in self.variable_reads:
                self.variable_reads[op.outputs[0]] = self.variable_reads[data_inputs[0]]
            names[op.outputs[0]] = names[data_inputs[0]]
            if data_inputs[0] in folded:
                folded[op.outputs[0]] = folded[data_inputs[0]]
            return
        if kernel is None:
            return
        if opdef.foldable and not op.control_inputs and all(t in folded for t in data_inputs):
            self._fold(op, kernel, data_inputs, folded, names, namespace)
            return
        kname = "k%d" % op._id
        namespace[kname] = kernel
        args = ", ".join(names[t] for t in data_inputs)
        outs = ["v%d_%d" % (op._id, i) for i in range(len(op.outputs))]
        for t, o in zip(op.outputs, outs):
            names[t] = o
        if len(outs) == 1:
            lines.append("    %s = %s(%s)" % (outs[0], kname, args))
        elif outs:
            lines.append("    %s, = %s(%s)" % (", ".join(outs), kname, args))
        else:
            lines.append("    %s(%s)" % (kname, args))
        self.line_ops[len(lines) + 1] = op

    def _results(self, feeds, names, raw):
        """The expression returned for each fetch. A fetched variable (or an identity of it)
        gives its value at the END of the run, as TF1's ref variables do:
        sess.run([train_op, global_step]) sees the incremented step."""
        results = []
        self.final_reads = {}
        for i, elem in enumerate(self.fetch_elements):
            if raw:
                results.append(names[elem])
                continue
            var_op = None if isinstance(elem, Operation) else _variable_behind(elem, feeds)
            if var_op is not None:
                # Its read kernel: an uninitialized variable raises FailedPreconditionError.
                self.final_reads[i] = self.variable_reads[var_op.outputs[0]]
                results.append("_fetched(%s)" % names[var_op.outputs[0]])
            else:
                results.append("None" if isinstance(elem, Operation) else
                               "_fetched(%s)" % names[elem])
        return results

    def _compile(self, lines, namespace):
        """The plan's source (values freed after their last use) compiled to self.function."""
        params = ", ".join("f%d" % i for i in range(len(self.feed_tensors)))
        self.source = "def %s(%s):\n%s\n" % (self.name.replace(" ", "_"), params,
                                               "\n".join(_free_dead_values(lines)))
        self.code = compile(self.source, self.filename, "exec")
        exec(self.code, namespace)
        self.function = namespace[self.name.replace(" ", "_")]

    @staticmethod
    def _kernel(op, state):
        return op._op_def.kernel_for(op, state)

    def _fold(self, op, kernel, data_inputs, folded, names, namespace):
        try:
            out = kernel(*[folded[t] for t in data_inputs])
        except errors.OpError as e:
            raise _at_node(e, op)
        except Exception as e:
            raise _kernel_error(op, [folded[t] for t in data_inputs], e) from e
        outs = [out] if len(op.outputs) == 1 else list(out)
        for i, (t, value) in enumerate(zip(op.outputs, outs)):
            folded[t] = value
            cname = "c%d_%d" % (op._id, i)
            namespace[cname] = value
            names[t] = cname

    @property
    def listing(self):
        """The plan's source, then the generated code of each loop and cond it runs."""
        return "\n".join([self.source] + self.listings)

    def failing_op(self, exc):
        """The op whose kernel raised ``exc`` (found from the traceback's line in the plan)."""
        tb = exc.__traceback__
        op = None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == self.filename:
                op = self.line_ops.get(tb.tb_lineno)
            tb = tb.tb_next
        return op

    def explain(self, exc, feed_values):
        """The error to raise for ``exc`` from a call with ``feed_values``: an OpError names
        its op; any other exception from a kernel becomes an InvalidArgumentError showing the
        failing op's input shapes. None if the exception did not come from this plan's ops."""
        if isinstance(exc, errors.OpError):
            return _at_node(exc, self.failing_op(exc))
        op = self.failing_op(exc)
        return None if op is None else self.kernel_error(op, feed_values, exc)

    def kernel_error(self, op, feed_values, exc):
        """Re-run the plan step by step to show the failing op's actual input shapes."""
        values = self.step_values(dict(zip(self.feed_tensors, feed_values)), stop_at=op)
        inputs = [values.get(t) for i, t in enumerate(op._inputs) if i not in op._op_def.ref_inputs]
        return _kernel_error(op, inputs, exc)

    def step_values(self, feeds, stop_at=None, record=None):
        """Run the plan op by op (for tracing and error reports): every tensor's value."""
        values = dict(self.folded)
        values.update(feeds)
        reads = self.variable_reads
        for op, kernel, data_inputs in self.steps:
            if op is stop_at:
                break
            if kernel is None and not op._op_def.alias:
                continue
            if op._outputs and op._outputs[0] in reads:
                try:                    # a variable not initialized yet has nothing to show
                    reads[op._outputs[0]]()
                except errors.FailedPreconditionError:
                    continue
            args = [reads[t]() if t in reads else values[t] for t in data_inputs]
            start = time.perf_counter()
            if op._op_def.alias:
                out = args[0]
            elif all(t in self.folded for t in op._outputs) and op._outputs:
                out = [self.folded[t] for t in op._outputs]
                out = out[0] if len(out) == 1 else out
            elif record is None:
                out = kernel(*args)
            else:
                out = _traced_call(op, kernel, args, record)
            elapsed = time.perf_counter() - start
            outs = [out] if len(op._outputs) == 1 else list(out or ())
            for t, v in zip(op._outputs, outs):
                values[t] = v
            if record is not None:
                record(op, outs, start, elapsed, kernel)
        return values


def _traced_call(op, kernel, args, record):
    """A kernel call in a traced run: a loop or cond runs its sub-plans op by op too (so their
    ops are recorded, once per iteration), and a failing kernel is named with its inputs."""
    try:
        traced = getattr(kernel, "traced", None)
        return traced(*args, record=record) if traced is not None else kernel(*args)
    except errors.OpError as e:
        raise _at_node(e, op)
    except Exception as e:
        raise _kernel_error(op, args, e) from e


_VALUE_NAME = re.compile(r"\bv\d+_\d+\b")


def _free_dead_values(lines):
    """Append ``del`` of each intermediate value to the line that uses it last, so numpy can
    reuse its memory within the step (as a hand-written loop does) instead of holding every
    intermediate until the step ends; a large step runs measurably faster with warm buffers.
    The ``del`` goes on the same line, so line numbers still map to ops."""
    last_use = {}
    for number, line in enumerate(lines):
        for name in _VALUE_NAME.findall(line):
            last_use[name] = number
    dead = {}
    for name, number in last_use.items():
        if number < len(lines) - 1:          # values the return line fetches stay
            dead.setdefault(number, []).append(name)
    return [line + ("; del %s" % ", ".join(sorted(dead[n])) if n in dead else "")
            for n, line in enumerate(lines)]


def _variable_behind(tensor, fed):
    """The VariableV2 op whose value ``tensor`` is (through identity-like ops), else None."""
    while tensor not in fed:
        op = tensor._op
        if op._type == "VariableV2":
            return op
        if not op._op_def.alias:
            return None
        tensor = [t for i, t in enumerate(op.inputs) if i not in op._op_def.ref_inputs][0]
    return None


def _shape_text(value):
    return "[%s]" % ",".join(str(d) for d in np.shape(value))


def _at_node(exc, op):
    """An OpError from a kernel that did not know its op, with the node named (as TF's)."""
    if exc.op is not None or op is None:
        return exc
    return type(exc)(exc.node_def, op, "%s\n\t [[node %s (op %s)]]" % (exc.message, op.name,
                                                                     op.type))


def _kernel_error(op, inputs, exc):
    shapes = ", ".join(_shape_text(v) for v in inputs)
    dtypes = ", ".join(str(getattr(v, "dtype", type(v).__name__)) for v in inputs)
    message = ("%s: %s failed on inputs with shapes %s (dtypes %s)\n\t [[node %s (op %s)]]"
               % (type(exc).__name__, op.type, shapes or "()", dtypes or "()", op.name, op.type))
    detail = str(exc)
    if detail:
        message = "%s\n\t%s" % (message, detail)
    return errors.InvalidArgumentError(None, op, message)


# -- graph growth between runs -------------------------------------------------------------
class _GraphGrowth:
    """Notices a graph that grows before run after run of one session, the classic TF1 bug of
    building ops inside the training loop, and explains it once. Build-and-run in notebook cells
    is fine: only growth before every one of ``RUNS`` consecutive runs, each within ``SECONDS``
    of the last, counts. Session.run pays one integer comparison for this when nothing grew."""

    RUNS = 50
    SECONDS = 1.0

    def __init__(self):
        self.first_size = None
        self.streak = 0
        self.last_run = self.last_time = None
        self.warned = False

    def grew(self, graph, run, previous_size):
        size = graph._last_id
        if previous_size is None:
            self.first_size = size
            return size
        now = time.monotonic()
        consecutive = run == self.last_run + 1 if self.last_run is not None else False
        if consecutive and now - self.last_time < self.SECONDS:
            self.streak += 1
        else:
            self.streak = 1
        self.last_run, self.last_time = run, now
        if self.streak >= self.RUNS and not self.warned:
            self.warned = True
            tf_logging.warning(
                "The graph has grown before each of the last %d runs of this session (%d ops "
                "now, %d more than at its first run). Ops created inside a training loop (a "
                "tf.assign, tf.constant or optimizer.minimize call in the loop body) are added "
                "to the graph at every step, so each step gets slower and memory grows without "
                "end. Build every op once, before the loop, and only sess.run them inside it; "
                "calling graph.finalize() before the loop turns such an op into an error that "
                "points at it.", self.streak, size, size - self.first_size)
        return size


# -- Session -----------------------------------------------------------------------------------
class Session:
    """``tf.Session(target='', graph=None, config=None)``."""

    def __init__(self, target="", graph=None, config=None):
        if graph is not None and not isinstance(graph, Graph):
            raise TypeError("graph must be a tf.Graph, but got %s" % type(graph))
        self._graph = graph if graph is not None else get_default_graph()
        self._config = config
        self._target = target
        self._state = SessionState()
        self._plans = collections.OrderedDict()      # LRU: at most PLAN_CACHE_SIZE plans
        self._loop_plans = {}       # (single fetch, feed keys in order) -> (plan, feed order)
        self._runs = 0
        self._graph_size = None     # ops in the graph at the last run
        self._growth = _GraphGrowth()
        self._closed = False
        self._context_stack = []
        malloc_policy.use()         # freed step memory stays for the next step

    graph = property(lambda self: self._graph)
    graph_def = property(lambda self: self._graph)
    sess_str = property(lambda self: self._target)

    # -- context management
    def as_default(self):
        return default_session(self)

    def __enter__(self):
        graph_ctx = self._graph.as_default()
        session_ctx = self.as_default()
        graph_ctx.__enter__()
        session_ctx.__enter__()
        self._context_stack.append((graph_ctx, session_ctx))
        return self

    def __exit__(self, exc_type, exc, tb):
        graph_ctx, session_ctx = self._context_stack.pop()
        session_ctx.__exit__(exc_type, exc, tb)
        graph_ctx.__exit__(exc_type, exc, tb)
        self.close()

    def close(self):
        self._closed = True
        self._plans.clear()
        self._loop_plans.clear()

    def list_devices(self):
        return ["/job:localhost/replica:0/task:0/device:CPU:0"]

    # -- running
    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Compute ``fetches`` (nested lists/tuples/dicts/namedtuples of tensors, operations
        or names) with ``feed_dict`` overriding tensors' values."""
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        self._runs += 1
        if self._graph._last_id != self._graph_size:
            self._graph_size = self._growth.grew(self._graph, self._runs, self._graph_size)
        if options is None and (type(fetches) is Operation or type(fetches) is Tensor):
            # A training loop's steady state: the same single fetch and the same feed keys,
            # in the same order, every step. Skip the general path's structure building.
            entry = self._loop_plans.get((fetches, tuple(feed_dict) if feed_dict else ()))
            if entry is not None:
                plan, feed_order = entry
                return self._run_plan(plan, [_convert_feed_value(t, feed_dict[k])
                                             for t, k in feed_order])[0]
        if isinstance(fetches, (Tensor, Operation)) and fetches.graph is self._graph:
            flat, rebuild = [fetches], None
        else:
            flat = []
            rebuild = flatten_fetches(fetches, self._graph, flat)
        feeds = self._convert_feeds(feed_dict) if feed_dict else {}
        key = (tuple(flat), frozenset(feeds))
        plan = self._cached_plan(key, lambda: Plan(self._state, flat, feeds))
        if rebuild is None and options is None:
            # Only reached when the fast path missed: remember the plan for the next step.
            self._remember_loop_plan(fetches, feed_dict, plan)
        feed_values = [feeds[t] for t in plan.feed_tensors]
        if options is not None and getattr(options, "trace_level", 0) and run_metadata is not None:
            results = self._run_traced(plan, feeds, run_metadata)
        else:
            results = self._run_plan(plan, feed_values)
        return results[0] if rebuild is None else rebuild(results)

    #: Plans kept per session, least recently used dropped first: a loop that builds new ops
    #: (and so new fetches) every step would otherwise keep one plan per step forever.
    PLAN_CACHE_SIZE = 256

    def _cached_plan(self, key, build):
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = build()
            if len(self._plans) > self.PLAN_CACHE_SIZE:
                self._plans.popitem(last=False)
        else:
            self._plans.move_to_end(key)
        return plan

    def _remember_loop_plan(self, fetch, feed_dict, plan):
        keys = tuple(feed_dict) if feed_dict else ()
        if any(isinstance(k, (tuple, SparseTensor)) for k in keys):
            return                # a tuple or sparse key feeds several tensors: no fast path
        tensor_of = {self._feed_tensor(k): k for k in keys}
        if len(tensor_of) == len(keys):          # no tensor fed twice under two spellings
            if len(self._loop_plans) >= self.PLAN_CACHE_SIZE:
                del self._loop_plans[next(iter(self._loop_plans))]      # the oldest
            self._loop_plans[(fetch, keys)] = (plan, [(t, tensor_of[t])
                                                      for t in plan.feed_tensors])

    def _run_plan(self, plan, feed_values):
        try:
            return plan.function(*feed_values)
        except Exception as e:
            error = plan.explain(e, feed_values)
            if error is None or error is e:
                raise
            raise error from e

    def _run_traced(self, plan, feeds, run_metadata):
        run_metadata._clear()
        node_stats = run_metadata.step_stats.dev_stats[0].node_stats

        def record(op, outs, start, elapsed, kernel):
            node_stats.append(NodeExecStats(op.name, op.type, outs, int(start * 1e6),
                                            int(elapsed * 1e6)))
            run_metadata.times[op.name] = elapsed
            run_metadata.executed_ops.append(op.name)
            for t, v in zip(op.outputs, outs):
                run_metadata.values[t.name] = np.array(v, copy=True)
            if hasattr(kernel, "last"):        # a loop's iteration count, a cond's branch
                run_metadata.control_flow[op.name] = kernel.last[0]

        for t, v in feeds.items():
            run_metadata.values[t.name] = np.array(v, copy=True)
        values = plan.step_values(feeds, record=record)
        return [None if isinstance(e, Operation) else
                _as_fetched(plan.final_reads[i]() if i in plan.final_reads else values[e])
                for i, e in enumerate(plan.fetch_elements)]

    def _convert_feeds(self, feed_dict):
        feeds = {}
        graph = self._graph
        for key, value in feed_dict.items():
            if type(key) is Tensor and key._op._graph is graph:
                tensor = key          # the common case, without as_graph_element's checks
            elif isinstance(key, tuple):
                self._convert_nested_feed(key, value, feeds)
                continue
            elif isinstance(key, SparseTensor):
                self._convert_sparse_feed(key, value, feeds)
                continue
            else:
                tensor = self._feed_tensor(key)
            feeds[tensor] = _convert_feed_value(tensor, value)
        return feeds

    def _convert_nested_feed(self, key, value, feeds):
        """A tuple key (an LSTMStateTuple, a tuple of states) takes a value of the same
        structure, each tensor fed its part, as in TF1."""
        if isinstance(key, tuple):
            if not isinstance(value, (tuple, list)) or len(value) != len(key):
                raise ValueError("The value fed for the tuple key %r must be a sequence of %d "
                                 "values, got %r" % (key, len(key), type(value).__name__))
            for part_key, part_value in zip(key, value):
                self._convert_nested_feed(part_key, part_value, feeds)
            return
        tensor = self._feed_tensor(key)
        feeds[tensor] = _convert_feed_value(tensor, value)

    def _convert_sparse_feed(self, key, value, feeds):
        """A SparseTensor key (a tf.sparse_placeholder) takes a SparseTensorValue or an
        (indices, values, dense_shape) triple: each of its three tensors fed its part."""
        if not isinstance(value, (tuple, list)) or len(value) != 3:
            raise TypeError("The value fed for a SparseTensor must be a SparseTensorValue or a "
                            "(indices, values, dense_shape) triple, got %r"
                            % type(value).__name__)
        for tensor, part in zip(key.parts(), value):
            feeds[tensor] = _convert_feed_value(tensor, part)

    def _feed_tensor(self, key):
        try:
            tensor = self._graph.as_graph_element(key, allow_tensor=True, allow_operation=False)
        except (TypeError, KeyError, ValueError) as e:
            # TF raises TypeError for every key it cannot resolve.
            raise TypeError("Cannot interpret feed_dict key as Tensor: %s Feed keys must be "
                            "tensors, variables or tensor names." % (e.args[0] if e.args else e)
                            ) from None
        return tensor

    def plan_source(self, fetches, feed_dict=None):
        """The generated code that ``run(fetches, feed_dict)`` executes (for the curious)."""
        flat = []
        flatten_fetches(fetches, self._graph, flat)
        feeds = self._convert_feeds(feed_dict) if feed_dict else {}
        return Plan(self._state, flat, feeds).listing

    def make_callable(self, fetches, feed_list=None, accept_options=False):
        """``sess.make_callable``: a function of the feed values (in ``feed_list`` order) that
        runs ``fetches``. As in TF it is the fast path for loops: the fetch structure, the feed
        keys and the plan are resolved once, so each call pays only for its ops."""
        refuse_unsupported("Session.make_callable", accept_options=accept_options)
        feed_list = [self._feed_tensor(k) for k in (feed_list or [])]
        flat = []
        rebuild = flatten_fetches(fetches, self._graph, flat)
        key = (tuple(flat), frozenset(feed_list))
        plan = self._cached_plan(key, lambda: Plan(self._state, flat, dict.fromkeys(feed_list)))
        position = {t: i for i, t in enumerate(feed_list)}
        order = [(t, position[t]) for t in plan.feed_tensors]

        def call(*values):
            if self._closed:
                raise RuntimeError("Attempted to use a closed Session.")
            if len(values) != len(feed_list):
                raise TypeError("The callable takes %d feed values (one per feed_list entry), "
                                "got %d" % (len(feed_list), len(values)))
            feed_values = [_convert_feed_value(t, values[i]) for t, i in order]
            return rebuild(self._run_plan(plan, feed_values))
        return call


def _convert_feed_value(tensor, value):
    """A fed value as an ndarray of the tensor's dtype, checked against its static shape."""
    np_dtype = tensor._dtype.np
    if type(value) is np.ndarray and value.dtype == np_dtype and np_dtype.kind != "O":
        array = value                     # the common case: nothing to convert
    else:
        if isinstance(value, (Tensor, Operation)) or hasattr(value, "_as_tensor"):
            raise TypeError("The value of a feed cannot be a tf.Tensor object. Acceptable feed "
                            "values include Python scalars, strings, lists, numpy ndarrays, or "
                            "TensorHandles. For reference, the tensor object was %s which was "
                            "passed to the feed with key %s." % (value, tensor))
        raw = np.asarray(value)
        if raw.dtype.kind == "f" and np_dtype.kind in "iub" and raw.size and np.any(
                raw != np.round(raw)):
            raise TypeError("Cannot feed a value of dtype %s with fractional parts to Tensor '%s' "
                            "of dtype %s: it would be truncated." % (raw.dtype, tensor.name,
                                                                     tensor.dtype.name))
        if raw.dtype.kind in "OSU" and np_dtype.kind != "O":
            raise ValueError("Cannot feed value %r to Tensor '%s' of dtype %s."
                             % (value, tensor.name, tensor.dtype.name))
        try:
            array = (raw.astype(np_dtype, copy=False) if np_dtype.kind != "O"
                     else as_string_array(raw))
        except (TypeError, ValueError) as e:
            raise TypeError("Cannot convert the feed for Tensor '%s' to %s: %s"
                            % (tensor.name, tensor.dtype.name, e)) from None
    static = tensor._shape._dims
    if static is not None and not _fits(static, array.shape):
        raise ValueError("Cannot feed value of shape %s for Tensor '%s', which has shape '%s'"
                         % (array.shape, tensor.name, tensor._shape))
    return array


def _fits(static, shape):
    if len(static) != len(shape):
        return False
    for s, a in zip(static, shape):
        if s is not None and s != a:
            return False
    return True


class InteractiveSession(Session):
    """A Session that installs itself as the default, so ``t.eval()`` and ``op.run()`` work."""

    _active = 0                  # interactive sessions open now, across threads, as TF counts
    _active_lock = threading.Lock()

    def __init__(self, target="", graph=None, config=None):
        super().__init__(target, graph, config)
        with InteractiveSession._active_lock:
            if InteractiveSession._active:
                tf_logging.error(
                    "An interactive session is already active. This can cause out-of-memory "
                    "errors or some other unexpected errors (due to the unpredictable timing of "
                    "garbage collection) in some cases. You must explicitly call "
                    "`InteractiveSession.close()` to release resources held by the other "
                    "session(s). Please use `tf.Session()` if you intend to productionize.")
            InteractiveSession._active += 1
        self._counted = True
        self._default_ctx = self.as_default()
        self._default_ctx.__enter__()

    def close(self):
        if not self._closed and self._default_ctx is not None:
            self._default_ctx.__exit__(None, None, None)
            self._default_ctx = None
        with InteractiveSession._active_lock:
            if self._counted:
                InteractiveSession._active -= 1
                self._counted = False
        super().close()

