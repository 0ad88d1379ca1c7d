"""What an RNN function built, kept on the graph so that pictures can find it.

static_rnn and dynamic_rnn note, for each call, the cell and the tensors of every step: the
step's input, its output and its new state (one tensor per state leaf, named ``c``/``h`` for an
LSTM, ``cell_0/h`` ... inside a MultiRNNCell). course.viz draws an RNN from this record (the cell
once with its recurrent edge, or unrolled with a traced run's values at each step). Recording
adds no op to the graph.
"""
from dataclasses import dataclass, field

from ..framework import nest

__all__ = ["RnnRecord", "record_run", "recorded_runs", "state_leaf_names"]


@dataclass(eq=False)
class RnnRecord:
    function: str                 # "static_rnn" or "dynamic_rnn"
    scope: str                    # the variable scope the call opened ("rnn")
    cell: object                  # the RNNCell
    inputs: list                  # per step: the step's first input tensor [batch, depth]
    outputs: list                 # per step: the first output tensor [batch, units]
    states: list                  # per step: the new state's leaves, in nest order
    initial_state: list           # the initial state's leaves
    state_names: list             # one name per state leaf
    sequence_length: object = None
    variables: list = field(default_factory=list)

    @property
    def steps(self):
        return len(self.outputs)


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


def record_run(function, scope, cell, step_inputs, step_outputs, step_states, initial_state,
               sequence_length=None):
    """Note one RNN call on the graph of its outputs."""
    first = nest.flatten(step_outputs[0])[0]
    record = RnnRecord(
        function=function, scope=scope, cell=cell,
        inputs=[nest.flatten(x)[0] for x in step_inputs],
        outputs=[nest.flatten(o)[0] for o in step_outputs],
        states=[nest.flatten(s) for s in step_states],
        initial_state=nest.flatten(initial_state),
        state_names=state_leaf_names(cell.state_size),
        sequence_length=sequence_length,
        variables=list(getattr(cell, "trainable_weights", [])))
    graph = first.graph
    if not hasattr(graph, "_rnn_records"):
        graph._rnn_records = []
    graph._rnn_records.append(record)
    return record


def recorded_runs(graph):
    """The RNN calls built in ``graph``, oldest first."""
    return list(getattr(graph, "_rnn_records", []))
