"""What an RNN picture shows, before any geometry: one RNN call of a graph (the cell, its
variables, its steps) and, from a traced run, the values at every step for one example.

static_rnn and dynamic_rnn note each call on the graph (course/rnn/records.py); this module
finds the call a target belongs to and reads a run's values of its step tensors: the input
x_t, the output h_t and every state leaf (an LSTM's c and h) after step t. dynamic_rnn's while
loop keeps no tensor per step: its inputs and outputs are read from the stacked tensors, the
state leaf that equals the output (an LSTM's h) from the outputs, and the other leaves (an
LSTM's c) are known only after the last step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..framework.nest import flatten
from ..framework.ops import Graph, get_default_graph
from ..rnn.records import output_leaf, recorded_runs
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
    steps: int | None                   # None: known only when run (and not traced)
    input_depth: int | None
    example: int = 0                    # which row of the batch the values are of
    inputs: list | None = None          # per step: x_t of the example (None: not traced)
    outputs: list | None = None         # per step: the output h_t of the example
    states: dict = field(default_factory=dict)   # state name -> per step values
    initial: dict = field(default_factory=dict)  # state name -> initial value
    lengths: object = None              # the traced sequence length of the example, if any
    loop: bool = False                  # a while loop (dynamic_rnn): no tensor per step

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
    tensors = [graph_element(t) for t in flatten(target)]
    graph = tensors[0].graph
    above = ancestors([t.op if hasattr(t, "value_index") else t for t in tensors])
    matching = [r for r in recorded_runs(graph)
                if r.last_output.op in above or any(s.op in above for s in r.final_state)]
    if not matching:
        raise ValueError("None of the targets is computed by a tf.nn.static_rnn or "
                         "tf.nn.dynamic_rnn call of this graph")
    return matching[-1]


def rnn_model(target=None, trace=None, example=0) -> RnnModel:
    """The model of the RNN call behind `target` (see draw_rnn)."""
    record = find_record(target)
    cell = record.cell
    first_input = record.inputs if record.stacked else record.inputs[0]
    depth = first_input.shape[-1] if first_input.shape.ndims else None
    model = RnnModel(
        function=record.function, scope=record.scope, cell_name=_cell_name(cell),
        units=int(np.sum(np.ravel(cell.output_size))), state_names=list(record.state_names),
        variables=[(v.op.name, v.shape.as_list()) for v in record.variables],
        steps=record.steps, input_depth=depth, example=example, loop=record.stacked)
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
    if record.last_output.name not in values:
        raise ValueError("The trace has no values for this RNN's steps: trace a sess.run that "
                         "computes its outputs (RunOptions(trace_level=FULL_TRACE))")
    if record.sequence_length is not None:
        lengths = values.get(record.sequence_length.name)
        model.lengths = None if lengths is None else int(np.asarray(lengths)[example])
    if record.stacked:
        _read_loop_values(model, record, values, example)
        return
    model.inputs = [_row(values, t, example) for t in record.inputs]
    model.outputs = [_row(values, t, example) for t in record.outputs]
    for i, name in enumerate(model.state_names):
        model.states[name] = [_row(values, step[i], example) for step in record.states]
        first = _row(values, record.initial_state[i], example)
        model.initial[name] = first if first is not None else np.zeros_like(
            model.states[name][0])


def _read_loop_values(model, record, values, example):
    """A while loop's values: x_t and h_t from the stacked tensors, the state after each step
    where it equals the output (carried past the sequence's length, as the loop carries it),
    the other state leaves after the last step only."""
    inputs, outputs = values.get(record.inputs.name), values[record.outputs.name]
    model.steps = len(outputs)
    model.inputs = [None if inputs is None else inputs[t, example] for t in range(model.steps)]
    model.outputs = [outputs[t, example] for t in range(model.steps)]
    same_as_output = output_leaf(record.cell)
    for i, name in enumerate(model.state_names):
        initial = _row(values, record.initial_state[i], example)
        final = _row(values, record.states[i], example)
        model.initial[name] = initial
        steps = [None] * model.steps
        if i == same_as_output:
            steps = list(model.outputs)
            if model.lengths is not None:
                carried = initial if model.lengths == 0 else steps[model.lengths - 1]
                steps[model.lengths:] = [carried] * (model.steps - model.lengths)
        steps[-1] = final
        model.states[name] = steps
