"""What an RNN function built, kept on the graph so that pictures can find it.

static_rnn notes, for each call, the cell and the tensors of every step: the step's input, its
output and its new state (one tensor per state leaf, named ``c``/``h`` for an LSTM,
``cell_0/h`` ... inside a MultiRNNCell). dynamic_rnn runs its steps inside a tf.while_loop, so
it has no tensor per step: it notes the time-major inputs and stacked outputs, and the initial
and final state (``stacked=True``). course.viz draws an RNN from this record (the cell once with
its recurrent edge, or unrolled with a traced run's values at each step). Recording adds no op
to the graph.
"""
from dataclasses import dataclass, field

from ..framework import nest

__all__ = ["RnnRecord", "record_loop", "record_run", "recorded_runs", "state_leaf_names",
           "output_leaf"]


@dataclass(eq=False)
class RnnRecord:
    function: str                 # "static_rnn" or "dynamic_rnn"
    scope: str                    # the variable scope the call opened ("rnn")
    cell: object                  # the RNNCell
    inputs: object                # per step: the first input [batch, depth]; stacked: [time, ...]
    outputs: object               # per step: the first output [batch, units]; stacked: [time, ...]
    states: list                  # per step: the new state's leaves; stacked: the final leaves
    initial_state: list           # the initial state's leaves
    state_names: list             # one name per state leaf
    sequence_length: object = None
    variables: list = field(default_factory=list)
    stacked: bool = False         # a while loop: inputs/outputs are time-major tensors
    steps: object = None          # the number of steps when known while building

    @property
    def final_state(self):
        return self.states if self.stacked else self.states[-1]

    @property
    def last_output(self):
        return self.outputs if self.stacked else self.outputs[-1]


def state_leaf_names(state_size):
    """Names of the leaves of a state structure: ``["c", "h"]`` for an LSTMStateTuple,
    ``["h"]`` for one tensor, ``["cell_0/c", "cell_0/h", "cell_1/h"]`` for a MultiRNNCell."""
    if not nest.is_nested(state_size):
        return ["h"]
    if hasattr(state_size, "_fields"):
        names = []
        for field_name, child in zip(state_size._fields, state_size):
            inner = state_leaf_names(child)
            names += [field_name] if inner == ["h"] else [field_name + "/" + n for n in inner]
        return names
    names = []
    for i, child in enumerate(state_size):
        names += ["cell_%d/%s" % (i, n) for n in state_leaf_names(child)]
    return names


def output_leaf(cell):
    """The index of the state leaf that equals the cell's output at every step (h of an LSTM,
    the state of a GRU or basic RNN, the last cell's for a MultiRNNCell), or None."""
    name = type(cell).__name__
    if name in ("BasicRNNCell", "GRUCell"):
        return 0
    if name in ("BasicLSTMCell", "LSTMCell"):
        return 1 if cell._state_is_tuple else None
    if name == "MultiRNNCell" and cell._state_is_tuple:
        inner = output_leaf(cell._cells[-1])
        before = sum(len(nest.flatten(c.state_size)) for c in cell._cells[:-1])
        return None if inner is None else before + inner
    return None


def _keep(record, graph):
    if not hasattr(graph, "_rnn_records"):
        graph._rnn_records = []
    graph._rnn_records.append(record)
    return record


def record_run(function, scope, cell, step_inputs, step_outputs, step_states, initial_state,
               sequence_length=None):
    """Note one unrolled RNN call (a tensor per step) on the graph of its outputs."""
    record = RnnRecord(
        function=function, scope=scope, cell=cell,
        inputs=[nest.flatten(x)[0] for x in step_inputs],
        outputs=[nest.flatten(o)[0] for o in step_outputs],
        states=[nest.flatten(s) for s in step_states],
        initial_state=nest.flatten(initial_state),
        state_names=state_leaf_names(cell.state_size),
        sequence_length=sequence_length,
        variables=list(getattr(cell, "trainable_weights", [])), steps=len(step_outputs))
    return _keep(record, nest.flatten(step_outputs[0])[0].graph)


def record_loop(function, scope, cell, inputs, stacked_outputs, initial_state, final_state,
                sequence_length=None):
    """Note one RNN call run by a while loop: time-major inputs and stacked outputs."""
    first = nest.flatten(stacked_outputs)[0]
    record = RnnRecord(
        function=function, scope=scope, cell=cell, inputs=nest.flatten(inputs)[0],
        outputs=first, states=nest.flatten(final_state),
        initial_state=nest.flatten(initial_state),
        state_names=state_leaf_names(cell.state_size), sequence_length=sequence_length,
        variables=list(getattr(cell, "trainable_weights", [])), stacked=True,
        steps=first.shape[0])
    return _keep(record, first.graph)


def recorded_runs(graph):
    """The RNN calls built in ``graph``, oldest first."""
    return list(getattr(graph, "_rnn_records", []))
