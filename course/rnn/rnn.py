"""Running a cell over a sequence: ``tf.nn.static_rnn``, ``dynamic_rnn`` and the bidirectional
forms, with TF1's scopes (``rnn``, ``bidirectional_rnn/fw``, ``.../bw``) and its
``sequence_length`` semantics: for a sequence of length L, steps t >= L output zeros and carry
the state of step L - 1 through, so the final state is the state after the sequence's own end.
"""
from ..framework import dtypes, nest
from ..framework.ops import name_scope
from ..ops import array_ops, math_ops, reduction_ops
from ..ops.core import to_tensor
from ..ops.reverse_ops import reverse, reverse_sequence
from ..variable_scope import get_variable_scope, variable_scope
from .records import record_loop, record_run
from .wrappers import assert_like_rnncell

__all__ = ["static_rnn", "static_bidirectional_rnn", "dynamic_rnn", "bidirectional_dynamic_rnn"]


# -- shared pieces ------------------------------------------------------------------------------
def _initial_state(cell, initial_state, batch_size, dtype):
    if initial_state is not None:
        return initial_state
    if not dtype:
        raise ValueError("If no initial_state is provided, argument `dtype` must be specified")
    return cell.zero_state(batch_size, dtype)


def _state_dtype(explicit_dtype, state):
    if explicit_dtype is not None:
        return dtypes.as_dtype(explicit_dtype)
    found = {t.dtype for t in nest.flatten(state)}
    if len(found) != 1:
        raise ValueError("State has tensors of different inferred_dtypes. Unable to infer a "
                         "single representative dtype.")
    return found.pop()


def _zero_output(cell, batch_size, static_batch, dtype):
    """Zeros like one step's output: what a finished sequence outputs."""
    def zeros(size):
        out = array_ops.fill(array_ops.stack([batch_size, int(size)]),
                             array_ops.constant(0, dtype=dtype), name="zeros")
        out.set_shape([static_batch, int(size)])
        return out
    return nest.map_structure(zeros, cell.output_size)


def _copy_through_finished(time, sequence_length, zero_output, state, output, new_state):
    """TF's _rnn_step without its shortcuts: rows whose sequence ended (time >= length) output
    zeros and keep their old state; the others take the cell's new output and state."""
    finished = math_ops.greater_equal(time, sequence_length)

    def pick(old, new):
        if new.shape.ndims == 0:
            return new
        picked = array_ops.where(finished, old, new)
        picked.set_shape(old.shape)
        return picked
    nest.assert_same_structure(zero_output, output)
    nest.assert_same_structure(state, new_state)
    return (nest.map_structure(pick, zero_output, output),
            nest.map_structure(pick, state, new_state))


def _sequence_length(sequence_length):
    if sequence_length is None:
        return None
    sequence_length = _int32(to_tensor(sequence_length, name="sequence_length"))
    if sequence_length.shape.ndims not in (None, 1):
        raise ValueError("sequence_length must be a vector of length batch_size, but saw shape: "
                         "%s" % sequence_length.shape)
    return sequence_length


def _int32(x):
    return x if x.dtype == dtypes.int32 else array_ops.cast(x, dtypes.int32)


def _run_steps(function, cell, step_inputs, state, sequence_length, zero_output, varscope=None):
    """The cell applied at each step in turn: lists of outputs and the final state (noted on
    the graph for pictures, see records.py)."""
    outputs, states, initial_state = [], [], state
    scope = get_variable_scope().name
    for time, input_ in enumerate(step_inputs):
        if time > 0 and varscope is not None:
            varscope.reuse_variables()
        output, new_state = cell(input_, state)
        if sequence_length is not None:
            output, new_state = _copy_through_finished(
                array_ops.constant(time, dtype=dtypes.int32, name="time"), sequence_length,
                zero_output, state, output, new_state)
        outputs.append(output)
        states.append(new_state)
        state = new_state
    record_run(function, scope, cell, step_inputs, outputs, states, initial_state,
               sequence_length)
    return outputs, state


# -- static_rnn ---------------------------------------------------------------------------------
def static_rnn(cell, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
    """``tf.nn.static_rnn``: ``inputs`` is a Python list of [batch, depth] tensors, one per step
    (``tf.unstack(x, axis=1)``); returns (list of outputs, final state). The graph holds one copy
    of the cell per step, all sharing the variables ``rnn/<cell>/...``."""
    assert_like_rnncell("cell", cell)
    if not nest.is_nested(inputs):
        raise TypeError("inputs must be a sequence")
    if not inputs:
        raise ValueError("inputs must not be empty")
    with variable_scope(scope or "rnn") as varscope:
        first = inputs
        while nest.is_nested(first):
            first = first[0]
        first = to_tensor(first)
        if first.shape.ndims == 1:
            static_batch = first.shape[0]
        else:
            for flat_input in nest.flatten(inputs):
                shape = to_tensor(flat_input).shape.with_rank_at_least(2)
                for i, size in enumerate(shape.as_list()[1:]):
                    if size is None:
                        raise ValueError("Input size (dimension %d of inputs) must be accessible "
                                         "via shape inference, but saw value None." % i)
            static_batch = first.shape[0]
        batch_size = static_batch if static_batch is not None else array_ops.shape(first)[0]
        state = _initial_state(cell, initial_state, batch_size, dtype)
        sequence_length = _sequence_length(sequence_length)
        zero_output = None
        if sequence_length is not None:
            zero_output = _zero_output(cell, batch_size, static_batch, _state_dtype(dtype, state))
        return _run_steps("static_rnn", cell, list(inputs), state, sequence_length, zero_output,
                          varscope)


def _reverse_sequences(steps, lengths):
    """The list of steps reversed; with lengths, each row reversed within its own length
    (tf.reverse_sequence), the padding left where it was."""
    if lengths is None:
        return list(reversed(steps))
    flat_steps = [nest.flatten(s) for s in steps]
    columns = []
    for sequence in zip(*flat_steps):
        stacked = array_ops.stack(sequence)
        columns.append(array_ops.unstack(reverse_sequence(stacked, lengths, 0, 1)))
        for step, original in zip(columns[-1], sequence):
            step.set_shape(original.shape)
    return [nest.pack_sequence_as(steps[t], [col[t] for col in columns])
            for t in range(len(steps))]


def static_bidirectional_rnn(cell_fw, cell_bw, inputs, initial_state_fw=None,
                             initial_state_bw=None, dtype=None, sequence_length=None,
                             scope=None):
    """``tf.nn.static_bidirectional_rnn``: a forward and a backward static_rnn (scopes
    ``bidirectional_rnn/fw``, ``/bw``); each step's output is concat([fw, bw], 1)."""
    assert_like_rnncell("cell_fw", cell_fw)
    assert_like_rnncell("cell_bw", cell_bw)
    if not nest.is_nested(inputs):
        raise TypeError("inputs must be a sequence")
    if not inputs:
        raise ValueError("inputs must not be empty")
    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, state_fw = static_rnn(cell_fw, inputs, initial_state_fw, dtype,
                                             sequence_length, scope=fw_scope)
        with variable_scope("bw") as bw_scope:
            reversed_inputs = _reverse_sequences(list(inputs), sequence_length)
            tmp, state_bw = static_rnn(cell_bw, reversed_inputs, initial_state_bw, dtype,
                                       sequence_length, scope=bw_scope)
    output_bw = _reverse_sequences(tmp, sequence_length)
    flat_outputs = [array_ops.concat([fw, bw], 1)
                    for fw, bw in zip(nest.flatten(output_fw), nest.flatten(output_bw))]
    return nest.pack_sequence_as(output_fw, flat_outputs), state_fw, state_bw


# -- dynamic_rnn --------------------------------------------------------------------------------
def _transpose_batch_time(x):
    """[batch, time, ...] <-> [time, batch, ...]."""
    if x.shape.ndims is not None and x.shape.ndims < 2:
        return x
    if x.shape.ndims is None:
        raise ValueError("course's dynamic_rnn needs inputs of known rank, got %s" % x)
    return array_ops.transpose(x, [1, 0] + list(range(2, x.shape.ndims)))


def _best_effort_batch_size(flat_input):
    """The batch size of time-major inputs: static when known, else a scalar tensor."""
    for x in flat_input:
        if x.shape.ndims is None:
            continue
        if x.shape.ndims < 2:
            raise ValueError("Expected input tensor %s to have rank at least 2" % x)
        if x.shape[1] is not None:
            return x.shape[1]
    return array_ops.shape(flat_input[0])[1]


def dynamic_rnn(cell, inputs, sequence_length=None, initial_state=None, dtype=None,
                parallel_iterations=None, swap_memory=False, time_major=False, scope=None):
    """``tf.nn.dynamic_rnn``: ``inputs`` is [batch, time, depth] ([time, batch, depth] with
    time_major); returns (outputs shaped like inputs with depth = cell.output_size, final state).

    ``sequence_length`` [batch]: rows stop at their length (outputs zero after it, the final
    state is the state at the length). Variables ``rnn/<cell>/...`` as in TF."""
    assert_like_rnncell("cell", cell)
    with variable_scope(scope or "rnn"):
        flat_input = [to_tensor(x) for x in nest.flatten(inputs)]
        if not time_major:
            flat_input = [_transpose_batch_time(x) for x in flat_input]
        if sequence_length is not None:
            sequence_length = array_ops.identity(_sequence_length(sequence_length),
                                                 name="sequence_length")
        batch_size = _best_effort_batch_size(flat_input)
        if sequence_length is not None and isinstance(batch_size, int) and \
                sequence_length.shape[0] not in (None, batch_size):
            raise ValueError("Expected shape for Tensor %s is [%d] but saw shape: %s"
                             % (sequence_length.name, batch_size, sequence_length.shape))
        state = _initial_state(cell, initial_state, batch_size, dtype)
        inputs = nest.pack_sequence_as(inputs, flat_input)
        outputs, final_state = _dynamic_rnn_loop(cell, inputs, state, sequence_length, dtype)
        if not time_major:
            outputs = nest.map_structure(_transpose_batch_time, outputs)
        return outputs, final_state


def _dynamic_rnn_loop(cell, inputs, state, sequence_length, dtype):
    """TF's loop: the inputs unstacked into TensorArrays, a tf.while_loop whose body reads step
    ``time``, calls the cell and writes its output, and the outputs stacked after the loop.
    The body is built once, so a random op in the cell (dropout) draws fresh values at every
    step, as in TF. With sequence_length the loop stops after the longest sequence (the
    outputs after it stay zero)."""
    from ..ops.tensor_array_ops import TensorArray
    from ..ops.while_loop import while_loop

    flat_input = nest.flatten(inputs)
    flat_output_size = nest.flatten(cell.output_size)
    shapes = [x.shape.with_rank_at_least(3) for x in flat_input]
    time_steps, static_batch = shapes[0].as_list()[:2]
    for shape in shapes:
        if not shape[2:].is_fully_defined():
            raise ValueError("Input size (depth of inputs) must be accessible via shape "
                             "inference, but saw value None.")
        if shape[0] != time_steps:
            raise ValueError("Time steps is not the same for all the elements in the input in "
                             "a batch.")
        if shape[1] != static_batch:
            raise ValueError("Batch_size is not the same for all the elements in the input.")
    steps = array_ops.shape(flat_input[0])[0] if time_steps is None else time_steps
    batch_size = static_batch if static_batch is not None else array_ops.shape(flat_input[0])[1]
    state_dtype = _state_dtype(dtype, state)
    zero_output = None
    if sequence_length is not None:
        zero_output = _zero_output(cell, batch_size, static_batch, state_dtype)
        loop_bound = math_ops.minimum(steps, math_ops.maximum(
            1, reduction_ops.reduce_max(sequence_length)))
    else:
        loop_bound = steps
    time = array_ops.constant(0, dtype=dtypes.int32, name="time")
    with name_scope("dynamic_rnn") as base_name:
        pass
    output_ta = tuple(
        TensorArray(state_dtype, size=steps, element_shape=[static_batch, int(size)],
                    tensor_array_name=base_name + "output_%d" % i)
        for i, size in enumerate(flat_output_size))
    input_ta = tuple(
        TensorArray(x.dtype, size=steps, element_shape=x.shape[1:],
                    tensor_array_name=base_name + "input_%d" % i).unstack(x)
        for i, x in enumerate(flat_input))

    def time_step(time, output_ta_t, state):
        input_t = tuple(ta.read(time) for ta in input_ta)
        for x, shape in zip(input_t, shapes):
            x.set_shape(shape[1:])
        input_t = nest.pack_sequence_as(inputs, list(input_t))
        output, new_state = cell(input_t, state)
        if sequence_length is not None:
            output, new_state = _copy_through_finished(time, sequence_length, zero_output,
                                                       state, output, new_state)
        output_ta_t = tuple(ta.write(time, out)
                            for ta, out in zip(output_ta_t, nest.flatten(output)))
        return time + 1, output_ta_t, new_state

    _, final_ta, final_state = while_loop(lambda time, *_: time < loop_bound, time_step,
                                          (time, output_ta, state), maximum_iterations=steps)
    final_outputs = [ta.stack() for ta in final_ta]
    for output, size in zip(final_outputs, flat_output_size):
        output.set_shape([time_steps, static_batch, int(size)])
    record_loop("dynamic_rnn", get_variable_scope().name, cell, inputs, final_outputs,
                state, final_state, sequence_length)
    return nest.pack_sequence_as(cell.output_size, final_outputs), final_state


def bidirectional_dynamic_rnn(cell_fw, cell_bw, inputs, sequence_length=None,
                              initial_state_fw=None, initial_state_bw=None, dtype=None,
                              parallel_iterations=None, swap_memory=False, time_major=False,
                              scope=None):
    """``tf.nn.bidirectional_dynamic_rnn``: dynamic_rnn forward (scope ``bidirectional_rnn/fw``)
    and over the reversed sequences (``.../bw``, each row reversed within its length); returns
    ((output_fw, output_bw), (state_fw, state_bw)), output_bw back in forward time order."""
    assert_like_rnncell("cell_fw", cell_fw)
    assert_like_rnncell("cell_bw", cell_bw)
    time_axis, batch_axis = (0, 1) if time_major else (1, 0)

    def _reverse(x):
        if sequence_length is not None:
            return reverse_sequence(x, sequence_length, seq_axis=time_axis, batch_axis=batch_axis)
        return reverse(x, axis=[time_axis])

    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, state_fw = dynamic_rnn(cell_fw, inputs, sequence_length, initial_state_fw,
                                              dtype, time_major=time_major, scope=fw_scope)
        with variable_scope("bw") as bw_scope:
            inputs_reverse = nest.map_structure(_reverse, inputs)
            tmp, state_bw = dynamic_rnn(cell_bw, inputs_reverse, sequence_length,
                                        initial_state_bw, dtype, time_major=time_major,
                                        scope=bw_scope)
    output_bw = nest.map_structure(_reverse, tmp)
    return (output_fw, output_bw), (state_fw, state_bw)
