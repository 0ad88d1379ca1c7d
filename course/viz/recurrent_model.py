"""What an RNN picture shows, before any geometry: one RNN call of a graph (the cell, its
variables, its steps) and, from a traced run, the values at every step for one example.

static_rnn and dynamic_rnn note each call on the graph (course/rnn/records.py); this module
finds the call a target belongs to and reads a run's values of its step tensors: the input
x_t, the output h_t and every state leaf (an LSTM's c and h) after step t.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..framework.ops import Graph, get_default_graph
from ..rnn.records import recorded_runs
from .graph_model import ancestors, graph_element


@dataclass
class RnnModel:
    """One RNN call: what the cell is, how it is unrolled, and (traced) its step values."""

    function: str                       # "static_rnn" / "dynamic_rnn"
    scope: str                          # its variable scope, e.g. "rnn"
    cell_name: str                      # "BasicLSTMCell"
    units: int                          # the cell's output size
    state_names: list                   # ["c", "h"], ["h"], ["cell_0/c", ...]
    variables: list                     # [(name, shape list)]
    steps: int
    input_depth: int | None
    example: int = 0                    # which row of the batch the values are of
    inputs: list | None = None          # per step: x_t of the example (None: not traced)
    outputs: list | None = None         # per step: the output h_t of the example
    states: dict = field(default_factory=dict)   # state name -> per step values
    initial: dict = field(default_factory=dict)  # state name -> initial value
    lengths: object = None              # the traced sequence length of the example, if any

    @property
    def traced(self) -> bool:
        return self.outputs is not None

    @property
    def is_lstm(self) -> bool:
        return any(name.split("/")[-1] == "c" for name in self.state_names)


def find_record(target=None):
    """The recorded RNN call that `target` (a Graph, or tensors computed from an RNN's
    outputs or state) comes from; the latest one when several do."""
    if target is None or isinstance(target, Graph):
        graph = target or get_default_graph()
        records = recorded_runs(graph)
        if not records:
            raise ValueError("No RNN in this graph: build one with tf.nn.static_rnn or "
                             "tf.nn.dynamic_rnn first")
        return records[-1]
    items = list(target) if isinstance(target, (list, tuple)) else [target]
    tensors = [graph_element(t) for t in _leaves(items)]
    graph = tensors[0].graph
    above = ancestors([t.op if hasattr(t, "value_index") else t for t in tensors])
    matching = [r for r in recorded_runs(graph)
                if r.outputs[-1].op in above or any(s.op in above for s in r.states[-1])]
    if not matching:
        raise ValueError("None of the targets is computed by a tf.nn.static_rnn or "
                         "tf.nn.dynamic_rnn call of this graph")
    return matching[-1]


def _leaves(items):
    out = []
    for item in items:
        if isinstance(item, (list, tuple)):
            out.extend(_leaves(item))
        else:
            out.append(item)
    return out


def rnn_model(target=None, trace=None, example=0) -> RnnModel:
    """The model of the RNN call behind `target` (see draw_rnn)."""
    record = find_record(target)
    cell = record.cell
    depth = record.inputs[0].shape[-1] if record.inputs[0].shape.ndims else None
    model = RnnModel(
        function=record.function, scope=record.scope, cell_name=_cell_name(cell),
        units=int(np.sum(np.ravel(cell.output_size))), state_names=list(record.state_names),
        variables=[(v.op.name, v.shape.as_list()) for v in record.variables],
        steps=record.steps, input_depth=depth, example=example)
    if trace is not None:
        _read_values(model, record, _values_of(trace), example)
    return model


def _cell_name(cell) -> str:
    name = type(cell).__name__
    inner = getattr(cell, "_cells", None) or ([cell.cell] if hasattr(cell, "cell") else None)
    if inner:
        return "%s(%s)" % (name, ", ".join(_cell_name(c) for c in inner))
    return name


def _values_of(trace) -> dict:
    values = getattr(trace, "values", trace)
    return dict(trace if callable(values) else values)


def _row(values, tensor, example):
    value = values.get(tensor.name)
    if value is None:
        return None
    value = np.asarray(value)
    return value[example] if value.ndim >= 2 else value


def _read_values(model, record, values, example):
    if record.outputs[-1].name not in values:
        raise ValueError("The trace has no values for this RNN's steps: trace a sess.run that "
                         "computes its outputs (RunOptions(trace_level=FULL_TRACE))")
    model.inputs = [_row(values, t, example) for t in record.inputs]
    model.outputs = [_row(values, t, example) for t in record.outputs]
    for i, name in enumerate(model.state_names):
        model.states[name] = [_row(values, step[i], example) for step in record.states]
        first = _row(values, record.initial_state[i], example)
        model.initial[name] = first if first is not None else np.zeros_like(
            model.states[name][0])
    if record.sequence_length is not None:
        lengths = values.get(record.sequence_length.name)
        model.lengths = None if lengths is None else int(np.asarray(lengths)[example])
