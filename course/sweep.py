"""Hyper-parameter sweeps in one batched computation: K copies of a training run, one per
learning rate, computed together.

    rates = np.geomspace(1e-4, 1e-1, 32)
    losses = course.sweep.learning_rates(train_op, loss, rates, steps=3000, feed_dict=feed)
    # losses[k] is the curve K separate sessions would give, the k-th trained at rates[k]

The graph is the learner's ordinary TF1 graph. ``BatchedSession`` runs it with a leading axis
of size K on every variable (and on the swept tensors); values the copies share (fed data,
constants) keep their shape and are broadcast. Each op runs once per step, by its *batch rule*
(``framework/batching.py``, given with the op's definition), so a step costs about one
session step with wider arrays instead of K steps. The copies' numbers are those of K ordinary
sessions, to the bit (tests/session/test_sweep.py); an op without a batch rule is refused with
NotImplementedError naming its type.
"""
import numpy as np

from .framework.batching import rule_for
from .framework.ops import GraphKeys, Operation, get_default_graph
from .framework.pruning import flatten_fetches, ops_needed
from .ops.training_ops import LEARNING_RATE_INPUT
from .session import Plan, SessionState, _convert_feed_value


class BatchedPlan(Plan):
    """A plan whose ops run on K copies: each op's kernel comes from its batch rule, chosen
    from which of its inputs carry the copy axis (known when the plan is built)."""

    def __init__(self, state, fetch_elements, feed_tensors, swept):
        self.batched = dict.fromkeys(swept, True)       # tensor -> has the copy axis
        super().__init__(state, fetch_elements, feed_tensors)
        self.fetch_batched = [
            None if isinstance(e, Operation) else
            (i in self.final_reads or self.batched.get(e, False))
            for i, e in enumerate(fetch_elements)]

    def _kernel(self, op, state):
        opdef = op._op_def
        inputs = [t for i, t in enumerate(op.inputs) if i not in opdef.ref_inputs]
        batched = tuple(self.batched.get(t, False) for t in inputs)
        if opdef.alias:
            self.batched[op.outputs[0]] = batched[0]
            return None
        kernel, out = rule_for(op, batched, state)
        self.batched.update(zip(op.outputs, out))
        return kernel


def _as_tensor(graph, key):
    return graph.as_graph_element(key, allow_tensor=True, allow_operation=False)


class BatchedSession:
    """K copies of a session over one graph, run as one computation.

    ``swept`` maps tensors (a learning-rate placeholder, an optimizer's learning-rate constant)
    to K values each: copy k sees the k-th value wherever the tensor is read, as if it were fed
    in every run. ``variables_from``: an ordinary Session whose current variable values every
    copy starts from (else run the initializers here: each copy gets the same values, as K
    fresh sessions of a seeded graph would). ``run`` returns each fetched value with a leading
    axis of K (one value per copy; an IndexedSlicesValue's fields each have it)."""

    def __init__(self, swept, graph=None, variables_from=None):
        self._graph = graph if graph is not None else get_default_graph()
        self._swept = {}
        for key, values in swept.items():
            tensor = _as_tensor(self._graph, key)
            array = np.asarray(values, dtype=tensor.dtype.np)
            if array.ndim == 0 or not _fits(tensor, array.shape[1:]):
                raise ValueError("A swept tensor takes one value per copy: %s has shape %s, so "
                                 "its values must have shape [K] + %s; got %s"
                                 % (tensor.name, tensor.shape, tensor.shape, list(array.shape)))
            self._swept[tensor] = array
        sizes = {len(v) for v in self._swept.values()}
        if len(sizes) != 1:
            raise ValueError("Every swept tensor needs the same number of values (one per "
                             "copy); got %s" % sorted(sizes))
        self.size = sizes.pop()
        self._state = SessionState()
        self._state.batch_size = self.size
        if variables_from is not None:
            for name, value in variables_from._state.variables.items():
                self._state.variables[name] = np.repeat(value[np.newaxis], self.size, axis=0)
        self._plans = {}
        self._closed = False

    graph = property(lambda self: self._graph)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self._closed = True
        self._plans.clear()

    def _plan(self, flat, feed_tensors):
        key = (tuple(flat), frozenset(feed_tensors))
        plan = self._plans.get(key)
        if plan is None:
            swept = [t for t in self._swept if t not in feed_tensors]
            plan = self._plans[key] = BatchedPlan(self._state, flat, list(feed_tensors) + swept,
                                                  swept)
        return plan

    def _call(self, plan, feeds):
        if self._closed:
            raise RuntimeError("Attempted to use a closed BatchedSession.")
        values = [feeds[t] if t in feeds else self._swept[t] for t in plan.feed_tensors]
        try:
            results = plan.function(*values)
        except Exception as e:
            error = plan.explain(e, values)
            if error is None or error is e:
                raise
            raise error from e
        return [r if batched or batched is None else self._for_every_copy(r)
                for r, batched in zip(results, plan.fetch_batched)]

    def _for_every_copy(self, value):
        """A fetched value the copies share, given to each: an array gets the copy axis; any
        other value (an IndexedSlicesValue, a summary) comes as a list of K references."""
        if isinstance(value, (np.ndarray, np.generic)):
            return np.repeat(np.asarray(value)[np.newaxis], self.size, axis=0)
        return [value] * self.size

    def run(self, fetches, feed_dict=None):
        """``Session.run`` for every copy: fed values are shared by the copies; each fetched
        value comes back with a leading axis of K (None for an operation)."""
        flat = []
        rebuild = flatten_fetches(fetches, self._graph, flat)
        feeds = {}
        for key, value in (feed_dict or {}).items():
            tensor = _as_tensor(self._graph, key)
            if tensor in self._swept:
                raise ValueError("%s is swept: its values are the BatchedSession's" % tensor.name)
            feeds[tensor] = _convert_feed_value(tensor, value)
        return rebuild(self._call(self._plan(flat, feeds), feeds))

    def make_callable(self, fetches, feed_list=()):
        """A function of the feed values (in ``feed_list`` order) running ``fetches`` for every
        copy, resolved once: the loop's fast path, as ``Session.make_callable``."""
        feed_list = [_as_tensor(self._graph, k) for k in feed_list]
        flat = []
        rebuild = flatten_fetches(fetches, self._graph, flat)
        plan = self._plan(flat, feed_list)

        def call(*values):
            if len(values) != len(feed_list):
                raise TypeError("The callable takes %d feed values (one per feed_list entry), "
                                "got %d" % (len(feed_list), len(values)))
            feeds = {t: _convert_feed_value(t, v) for t, v in zip(feed_list, values)}
            return rebuild(self._call(plan, feeds))
        return call

    def plan_source(self, fetches, feed_dict=None):
        """The generated code a batched ``run(fetches, feed_dict)`` executes."""
        flat = []
        flatten_fetches(fetches, self._graph, flat)
        feeds = [_as_tensor(self._graph, k) for k in (feed_dict or {})]
        return self._plan(flat, feeds).listing


def _fits(tensor, shape):
    static = tensor.shape._dims
    return static is None or (len(static) == len(shape) and all(
        s is None or s == d for s, d in zip(static, shape)))


def learning_rate_of(train_op):
    """The tensor holding the learning rate of the optimizer behind ``train_op`` (its
    placeholder or constant, before the casts the optimizer adds); ValueError when the update
    ops read more than one."""
    graph = train_op.graph
    op = train_op if isinstance(train_op, Operation) else graph.as_graph_element(train_op).op
    found = []
    for needed in ops_needed([op]):
        position = LEARNING_RATE_INPUT.get(needed.type)
        if position is not None:
            rate = needed.inputs[position]
            while rate.op.type in ("Cast", "Identity") and len(rate.op.inputs) == 1:
                rate = rate.op.inputs[0]
            if rate not in found:
                found.append(rate)
    if len(found) != 1:
        raise ValueError("%s updates variables with %s; pass learning_rate= the tensor to sweep"
                         % (op.name, "no learning rate" if not found else
                            "%d learning rates (%s)" % (len(found),
                                                        ", ".join(t.name for t in found))))
    return found[0]


def learning_rates(train_op, loss, rates, steps, feed_dict=None, session=None,
                   learning_rate=None):
    """Train one copy of the graph per learning rate in ``rates``, ``steps`` steps, as ONE
    batched computation; return the loss curves, an array [len(rates), steps].

    ``losses[k, i]`` is ``loss`` as ``sess.run([train_op, loss], feed_dict)`` gives it at step
    i of a session training with ``rates[k]`` (computed before that step's update), to the bit.
    ``feed_dict`` is one feed for every step or a function of the step returning one.
    ``session``: start every copy from that session's variable values (else the graph's
    initializers are run). ``learning_rate``: the tensor to sweep (default: the one
    ``train_op``'s updates read, see ``learning_rate_of``). A copy that diverges gives inf or
    NaN from then on, without a warning: divergence is a result here."""
    graph = train_op.graph
    rate = learning_rate if learning_rate is not None else learning_rate_of(train_op)
    feed = feed_dict if callable(feed_dict) else (lambda step: feed_dict or {})
    keys = list(feed(0))
    with BatchedSession({rate: rates}, graph, variables_from=session) as batched:
        if session is None:
            batched.run([v.initializer for v in graph.get_collection(GraphKeys.GLOBAL_VARIABLES)])
        step = batched.make_callable([train_op, loss], keys)
        curves = np.empty((batched.size, steps), dtype=loss.dtype.np)
        with np.errstate(all="ignore"):
            for i in range(steps):
                values = feed(i)
                curves[:, i] = step(*[values[k] for k in keys])[1]
    return curves


__all__ = ["BatchedSession", "learning_rate_of", "learning_rates"]
