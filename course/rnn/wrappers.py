"""Cells made of cells: ``MultiRNNCell`` (a stack, variables ``multi_rnn_cell/cell_0/...``),
``DropoutWrapper`` (dropout on a cell's inputs, outputs and states), ``ResidualWrapper``
(output = input + cell output) and ``DeviceWrapper``, as TF1 builds them. The three wrappers
add no variable scope of their own: the wrapped cell's variables are ``rnn/<cell>/...``."""
import hashlib

from ..framework import nest
from ..framework.ops import name_scope
from ..ops import array_ops, math_ops
from ..ops.core import constant_value, to_tensor
from ..ops.dropout_ops import dropout
from ..variable_scope import variable_scope
from .cells import LSTMStateTuple, RNNCell

__all__ = ["MultiRNNCell", "DropoutWrapper", "ResidualWrapper", "DeviceWrapper",
           "assert_like_rnncell"]


def assert_like_rnncell(cell_name, cell):
    """TypeError unless ``cell`` has what an RNN needs of a cell."""
    missing = [msg for ok, msg in [
        (hasattr(cell, "output_size"), "'output_size' property is missing"),
        (hasattr(cell, "state_size"), "'state_size' property is missing"),
        (hasattr(cell, "zero_state") or hasattr(cell, "get_initial_state"),
         "either 'zero_state' or 'get_initial_state' method is required"),
        (callable(cell), "is not callable")] if not ok]
    if missing:
        raise TypeError("The argument %r (%s) is not an RNNCell: %s."
                        % (cell_name, cell, ", ".join(missing)))


class MultiRNNCell(RNNCell):
    """Cells applied in turn at each step: cell i's output is cell i+1's input. The state is a
    tuple with one entry per cell (or, with state_is_tuple=False, one concatenated tensor)."""

    def __init__(self, cells, state_is_tuple=True):
        super().__init__()
        if not cells:
            raise ValueError("Must specify at least one cell for MultiRNNCell.")
        if not nest.is_nested(cells):
            raise TypeError("cells must be a list or tuple, but saw: %s." % (cells,))
        self._cells = list(cells)
        self._state_is_tuple = state_is_tuple
        if not state_is_tuple and any(nest.is_nested(c.state_size) for c in self._cells):
            raise ValueError("Some cells return tuples of states, but the flag state_is_tuple is "
                             "not set.  State sizes are: %s"
                             % str([c.state_size for c in self._cells]))

    @property
    def state_size(self):
        if self._state_is_tuple:
            return tuple(cell.state_size for cell in self._cells)
        return sum(cell.state_size for cell in self._cells)

    output_size = property(lambda self: self._cells[-1].output_size)

    def zero_state(self, batch_size, dtype):
        with name_scope(type(self).__name__ + "ZeroState"):
            if self._state_is_tuple:
                return tuple(cell.zero_state(batch_size, dtype) for cell in self._cells)
            return super().zero_state(batch_size, dtype)

    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        return [w for cell in self._cells for w in cell.trainable_weights]

    @property
    def non_trainable_weights(self):
        weights = [w for cell in self._cells for w in cell.non_trainable_weights]
        if not self.trainable:
            return [w for cell in self._cells for w in cell.trainable_weights] + weights
        return weights

    weights = property(lambda self: self.trainable_weights + self.non_trainable_weights)
    variables = weights
    trainable_variables = trainable_weights

    def call(self, inputs, state):
        position, current, new_states = 0, inputs, []
        for i, cell in enumerate(self._cells):
            with variable_scope("cell_%d" % i):
                if self._state_is_tuple:
                    if not nest.is_nested(state):
                        raise ValueError("Expected state to be a tuple of length %d, but received: "
                                         "%s" % (len(self.state_size), state))
                    cell_state = state[i]
                else:
                    cell_state = array_ops.slice(state, [0, position], [-1, cell.state_size])
                    position += cell.state_size
                current, new_state = cell(current, cell_state)
                new_states.append(new_state)
        return current, (tuple(new_states) if self._state_is_tuple
                         else array_ops.concat(new_states, 1))


def _default_state_filter(substate):
    """Never drop the memory cell c of an LSTM state; drop everything else."""
    if isinstance(substate, LSTMStateTuple):
        return LSTMStateTuple(c=False, h=True)
    return True


def _shallow_structure(filter_fn, structure):
    """The structure of bools saying what to drop (TF's get_traverse_shallow_structure)."""
    decision = filter_fn(structure)
    if decision is True and nest.is_nested(structure):
        return nest._rebuild(structure, [_shallow_structure(filter_fn, child)
                                         for child in nest._children(structure)])
    return decision


def _leaves_up_to(shallow, structure):
    """``structure`` cut at ``shallow``'s leaves: one entry per shallow leaf."""
    if not nest.is_nested(shallow):
        return [structure]
    out = []
    for s, child in zip(nest._children(shallow), nest._children(structure)):
        out.extend(_leaves_up_to(s, child))
    return out


class _CellWrapper(RNNCell):
    """A cell around a cell: its sizes, zero state and weights are the wrapped cell's, and a call
    runs ``_call_wrapped_cell`` without a variable scope of its own (TF's _RNNCellWrapperV1)."""

    def __init__(self, cell, **kwargs):
        super().__init__(**kwargs)
        assert_like_rnncell("cell", cell)
        self.cell = cell

    wrapped_cell = property(lambda self: self.cell)
    state_size = property(lambda self: self.cell.state_size)
    output_size = property(lambda self: self.cell.output_size)
    trainable_weights = property(lambda self: self.cell.trainable_weights)
    non_trainable_weights = property(lambda self: self.cell.non_trainable_weights)
    weights = property(lambda self: self.cell.weights)
    variables = weights
    trainable_variables = trainable_weights

    def zero_state(self, batch_size, dtype):
        with name_scope(type(self).__name__ + "ZeroState"):
            return self.cell.zero_state(batch_size, dtype)

    def __call__(self, inputs, state, scope=None):
        return self._call_wrapped_cell(inputs, state, scope)

    def _call_wrapped_cell(self, inputs, state, scope):
        raise NotImplementedError


class ResidualWrapper(_CellWrapper):
    """The cell's output plus its input (``residual_fn(inputs, outputs)`` if given)."""

    def __init__(self, cell, residual_fn=None, **kwargs):
        super().__init__(cell, **kwargs)
        self._residual_fn = residual_fn

    def _call_wrapped_cell(self, inputs, state, scope):
        outputs, new_state = self.cell(inputs, state, scope=scope)

        def add(inp, out):
            inp.shape.assert_is_compatible_with(out.shape)
            return inp + out
        if self._residual_fn is not None:
            return self._residual_fn(inputs, outputs), new_state
        nest.assert_same_structure(inputs, outputs)
        return nest.map_structure(add, inputs, outputs), new_state


class DeviceWrapper(_CellWrapper):
    """The cell, built under ``tf.device(device)`` (course runs everything on the CPU)."""

    def __init__(self, cell, device, **kwargs):
        super().__init__(cell, **kwargs)
        self._device = device

    def _call_wrapped_cell(self, inputs, state, scope):
        from ..framework.ops import device
        with device(self._device):
            return self.cell(inputs, state, scope=scope)


class DropoutWrapper(_CellWrapper):
    """Dropout on the wrapped cell's inputs, outputs and (except an LSTM's c) new states.

    Each step draws fresh masks (tf.nn.dropout with rate = 1 - keep_prob), unless
    ``variational_recurrent``: then one mask per run is made here and used at every step.
    A keep probability may be a tensor (a placeholder fed 1.0 at test time). With ``seed``, each
    dropout's op seed is TF's: md5 of ``str(seed) + "input_0"`` (``"output_0"``, ``"state_1"``...)."""

    def __init__(self, cell, input_keep_prob=1.0, output_keep_prob=1.0, state_keep_prob=1.0,
                 variational_recurrent=False, input_size=None, dtype=None, seed=None,
                 dropout_state_filter_visitor=None, **kwargs):
        super().__init__(cell, dtype=dtype, **kwargs)
        if dropout_state_filter_visitor is not None and not callable(
                dropout_state_filter_visitor):
            raise TypeError("dropout_state_filter_visitor must be callable")
        self._dropout_state_filter = dropout_state_filter_visitor or _default_state_filter
        with name_scope("DropoutWrapperInit"):
            for prob, attr in [(input_keep_prob, "input_keep_prob"),
                               (state_keep_prob, "state_keep_prob"),
                               (output_keep_prob, "output_keep_prob")]:
                tensor = to_tensor(prob)
                known = constant_value(tensor)
                if known is not None:
                    if known < 0 or known > 1:
                        raise ValueError("Parameter %s must be between 0 and 1: %d"
                                         % (attr, known))
                    setattr(self, "_" + attr, float(known))
                else:
                    setattr(self, "_" + attr, tensor)
        self._variational_recurrent = variational_recurrent
        self._seed = seed
        self._noise = {"input": None, "state": None, "output": None}
        if variational_recurrent:
            if dtype is None:
                raise ValueError("When variational_recurrent=True, dtype must be provided")
            if not isinstance(self._input_keep_prob, float) or self._input_keep_prob < 1.0:
                if input_size is None:
                    raise ValueError("When variational_recurrent=True and input_keep_prob < 1.0 "
                                     "or is unknown, input_size must be provided")
                self._noise["input"] = self._batch_noise("input", input_size, dtype)
            self._noise["state"] = self._batch_noise("state", cell.state_size, dtype)
            self._noise["output"] = self._batch_noise("output", cell.output_size, dtype)

    def _gen_seed(self, salt_prefix, index):
        if self._seed is None:
            return None
        salt = "%s_%d" % (salt_prefix, index)
        string = (str(self._seed) + salt).encode("utf-8")
        return int(hashlib.md5(string).hexdigest()[:8], 16) & 0x7FFFFFFF

    def _batch_noise(self, salt_prefix, sizes, dtype):
        """One [1, size] uniform sample per leaf: the same mask for the whole batch and run."""
        from ..ops.random_ops import random_uniform
        flat = [random_uniform([1, int(size)], seed=self._gen_seed(salt_prefix, i), dtype=dtype)
                for i, size in enumerate(nest.flatten(sizes))]
        return nest.pack_sequence_as(sizes, flat)

    def _dropout(self, values, salt_prefix, keep_prob, shallow=None):
        shallow = values if shallow is None else shallow
        leaves = _leaves_up_to(shallow, values)
        decisions = nest.flatten(shallow)
        noise = self._noise[salt_prefix]
        noise = _leaves_up_to(shallow, noise) if noise is not None else [None] * len(leaves)
        out = []
        for i, (do_dropout, value, n) in enumerate(zip(decisions, leaves, noise)):
            if isinstance(do_dropout, bool) and not do_dropout:
                out.append(value)
            elif n is None:
                out.append(dropout(value, rate=1.0 - keep_prob,
                                   seed=self._gen_seed(salt_prefix, i)))
            else:
                # uniform in [keep_prob, 1 + keep_prob), floored: 1 with probability keep_prob
                kept = math_ops.floor(keep_prob + n)
                dropped = math_ops.divide(value, keep_prob) * kept
                dropped.set_shape(value.shape)
                out.append(dropped)
        return nest.pack_sequence_as(shallow, out) if nest.is_nested(shallow) else out[0]

    def _call_wrapped_cell(self, inputs, state, scope):
        def should_dropout(p):
            return not isinstance(p, float) or p < 1
        if should_dropout(self._input_keep_prob):
            inputs = self._dropout(inputs, "input", self._input_keep_prob)
        output, new_state = self.cell(inputs, state, scope=scope)
        if should_dropout(self._state_keep_prob):
            shallow = _shallow_structure(self._dropout_state_filter, new_state)
            new_state = self._dropout(new_state, "state", self._state_keep_prob, shallow)
        if should_dropout(self._output_keep_prob):
            output = self._dropout(output, "output", self._output_keep_prob)
        return output, new_state
