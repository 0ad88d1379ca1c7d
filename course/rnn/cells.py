"""``tf.nn.rnn_cell``: the TF1 recurrent cells, with TF's variable names, initializers and math.

A cell is a layer (course.layers.base.Layer) called as ``output, new_state = cell(x, state)``
for ONE time step; static_rnn and dynamic_rnn call it once per step. Its variables are made on
the first call, in a variable scope named after the class (``basic_lstm_cell``), inside the
scope the caller opened (``rnn``), so they are ``rnn/basic_lstm_cell/kernel`` and ``.../bias``.
Later calls reuse them. Kernels take ``concat([inputs, h], 1)``: one matmul for all gates, with
the gates side by side in the columns (LSTM: i, j, f, o; GRU: r, u), as TF lays them out.
Kernel initializer: get_variable's default (glorot uniform); biases: zeros, except the GRU's
gate bias, 1.0.
"""
import collections

from ..framework import dtypes
from ..framework import nest
from ..framework.ops import name_scope
from ..init_ops import constant_initializer, zeros_initializer
from ..layers.base import Layer
from ..ops import array_ops, math_ops, nn_ops
from ..variable_scope import variable_scope

__all__ = ["RNNCell", "LayerRNNCell", "BasicRNNCell", "BasicLSTMCell", "LSTMCell", "GRUCell",
           "LSTMStateTuple", "check_supported_dtype"]


def check_supported_dtype(dtype):
    if dtype is not None and not dtypes.as_dtype(dtype).is_floating:
        raise ValueError("RNN cell only supports floating point inputs, but received dtype: %s"
                         % dtypes.as_dtype(dtype).name)


def _check_input_dtypes(*structures):
    for t in nest.flatten(structures):
        check_supported_dtype(t.dtype)


def _zero_state_tensor(batch_size, size, dtype):
    """zeros([batch_size, size]); batch_size may be an int or an int32 scalar tensor."""
    if not hasattr(batch_size, "op"):
        return array_ops.zeros([int(batch_size), int(size)], dtype=dtype)
    from ..ops.core import constant_value
    zeros = array_ops.fill(array_ops.stack([batch_size, int(size)]),
                           array_ops.constant(0, dtype=dtypes.as_dtype(dtype)), name="zeros")
    static = constant_value(batch_size)
    zeros.set_shape([None if static is None else int(static), int(size)])
    return zeros


class RNNCell(Layer):
    """The abstract cell: ``state_size``, ``output_size``, ``zero_state`` and ``call``.

    ``cell(inputs, state, scope=None)``: with ``scope`` (a name or VariableScope) the cell's
    variables live directly in it (``scope/kernel``), as TF's old-style calls do."""

    def __init__(self, trainable=True, name=None, dtype=None, **kwargs):
        super().__init__(trainable=trainable, name=name, dtype=dtype, **kwargs)

    def __call__(self, inputs, state, scope=None):
        if scope is not None and self._scope is None:
            with variable_scope(scope) as captured:
                self._scope = captured
        return super().__call__(inputs, state)

    @property
    def state_size(self):
        raise NotImplementedError("Abstract method")

    @property
    def output_size(self):
        raise NotImplementedError("Abstract method")

    def zero_state(self, batch_size, dtype):
        """Zeros shaped like the state: ``[batch_size, s]`` for each ``s`` in state_size."""
        with name_scope(type(self).__name__ + "ZeroState"):
            return nest.map_structure(lambda size: _zero_state_tensor(batch_size, size, dtype),
                                      self.state_size)

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        if inputs is not None:
            batch_size = inputs.shape[0] if inputs.shape[0] is not None else \
                array_ops.shape(inputs)[0]
            dtype = inputs.dtype
        if batch_size is None or dtype is None:
            raise ValueError("batch_size and dtype cannot be None while constructing initial "
                             "state: batch_size=%s, dtype=%s" % (batch_size, dtype))
        return self.zero_state(batch_size, dtype)


class LayerRNNCell(RNNCell):
    """A cell that makes its variables in ``build`` (all of TF's own cells)."""

    def _input_depth(self, input_shape):
        depth = input_shape[-1] if input_shape.ndims else None
        if depth is None:
            raise ValueError("Expected inputs.shape[-1] to be known, received shape: %s"
                             % input_shape)
        check_supported_dtype(self.dtype)
        return depth


def _activation_or_tanh(activation):
    if activation is None:
        return math_ops.tanh
    if isinstance(activation, str):
        # A tf.nn activation by name, taken from where it is defined (course.nn, which only
        # gathers names, imports this package).
        return getattr(nn_ops if hasattr(nn_ops, activation) else math_ops, activation)
    return activation


class BasicRNNCell(LayerRNNCell):
    """``output = new_state = tanh(concat([x, h]) @ kernel + bias)``."""

    def __init__(self, num_units, activation=None, reuse=None, name=None, dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        check_supported_dtype(self.dtype)
        self._num_units = int(num_units)
        self._activation = _activation_or_tanh(activation)

    state_size = property(lambda self: self._num_units)
    output_size = property(lambda self: self._num_units)

    def build(self, input_shape):
        depth = self._input_depth(input_shape)
        self._kernel = self.add_weight("kernel", [depth + self._num_units, self._num_units])
        self._bias = self.add_weight("bias", [self._num_units],
                                     initializer=zeros_initializer(dtype=self.dtype))

    def call(self, inputs, state):
        _check_input_dtypes(inputs, state)
        gate_inputs = math_ops.matmul(array_ops.concat([inputs, state], 1), self._kernel)
        output = self._activation(nn_ops.bias_add(gate_inputs, self._bias))
        return output, output


class GRUCell(LayerRNNCell):
    """Gated recurrent unit: gates ``r, u = sigmoid(concat([x, h]) @ gates/kernel + gates/bias)``
    (gate bias initialised to 1), candidate ``c = tanh(concat([x, r * h]) @ candidate/kernel +
    candidate/bias)``, ``new_h = u * h + (1 - u) * c``."""

    def __init__(self, num_units, activation=None, reuse=None, kernel_initializer=None,
                 bias_initializer=None, name=None, dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        check_supported_dtype(self.dtype)
        self._num_units = int(num_units)
        self._activation = _activation_or_tanh(activation)
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    state_size = property(lambda self: self._num_units)
    output_size = property(lambda self: self._num_units)

    def build(self, input_shape):
        depth = self._input_depth(input_shape)
        n = self._num_units
        bias_init = self._bias_initializer
        self._gate_kernel = self.add_weight("gates/kernel", [depth + n, 2 * n],
                                            initializer=self._kernel_initializer)
        self._gate_bias = self.add_weight(
            "gates/bias", [2 * n],
            initializer=bias_init if bias_init is not None else constant_initializer(
                1.0, dtype=self.dtype))
        self._candidate_kernel = self.add_weight("candidate/kernel", [depth + n, n],
                                                 initializer=self._kernel_initializer)
        self._candidate_bias = self.add_weight(
            "candidate/bias", [n],
            initializer=bias_init if bias_init is not None else zeros_initializer(
                dtype=self.dtype))

    def call(self, inputs, state):
        _check_input_dtypes(inputs, state)
        gate_inputs = math_ops.matmul(array_ops.concat([inputs, state], 1), self._gate_kernel)
        value = math_ops.sigmoid(nn_ops.bias_add(gate_inputs, self._gate_bias))
        r, u = array_ops.split(value, 2, axis=1)
        candidate = math_ops.matmul(array_ops.concat([inputs, r * state], 1),
                                    self._candidate_kernel)
        c = self._activation(nn_ops.bias_add(candidate, self._candidate_bias))
        new_h = u * state + (1 - u) * c
        return new_h, new_h


_LSTMStateTuple = collections.namedtuple("LSTMStateTuple", ("c", "h"))


class LSTMStateTuple(_LSTMStateTuple):
    """An LSTM's state: ``(c, h)``, the memory cell and the output, in that order."""
    __slots__ = ()

    @property
    def dtype(self):
        c, h = self
        if c.dtype != h.dtype:
            raise TypeError("Inconsistent internal state: %s vs %s" % (c.dtype, h.dtype))
        return c.dtype


class _LSTMBase(LayerRNNCell):
    """What BasicLSTMCell and LSTMCell share: the state layout (a tuple or one concatenated
    tensor) and the gate order i, j, f, o in the kernel's columns."""

    def _split_state(self, state, c_size):
        if self._state_is_tuple:
            return state
        c = array_ops.slice(state, [0, 0], [-1, c_size])
        h = array_ops.slice(state, [0, c_size], [-1, -1])
        return c, h

    def _join_state(self, c, h):
        return LSTMStateTuple(c, h) if self._state_is_tuple else array_ops.concat([c, h], 1)

    def _gates(self, inputs, h):
        lstm_matrix = math_ops.matmul(array_ops.concat([inputs, h], 1), self._kernel)
        return array_ops.split(nn_ops.bias_add(lstm_matrix, self._bias), 4, axis=1)


class BasicLSTMCell(_LSTMBase):
    """LSTM without peepholes, clipping or projection: ``forget_bias`` (1.0) is added to the
    forget gate's input, so a fresh network remembers rather than forgets."""

    def __init__(self, num_units, forget_bias=1.0, state_is_tuple=True, activation=None,
                 reuse=None, name=None, dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        check_supported_dtype(self.dtype)
        self._num_units = int(num_units)
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _activation_or_tanh(activation)

    @property
    def state_size(self):
        n = self._num_units
        return LSTMStateTuple(n, n) if self._state_is_tuple else 2 * n

    output_size = property(lambda self: self._num_units)

    def build(self, input_shape):
        depth = self._input_depth(input_shape)
        n = self._num_units
        self._kernel = self.add_weight("kernel", [depth + n, 4 * n])
        self._bias = self.add_weight("bias", [4 * n],
                                     initializer=zeros_initializer(dtype=self.dtype))

    def call(self, inputs, state):
        _check_input_dtypes(inputs, state)
        c, h = self._split_state(state, self._num_units)
        i, j, f, o = self._gates(inputs, h)
        forget_bias = array_ops.constant(self._forget_bias, dtype=f.dtype)
        # TF's order of operations, so float32 results round as TF's do.
        new_c = math_ops.add(math_ops.multiply(c, math_ops.sigmoid(math_ops.add(f, forget_bias))),
                             math_ops.multiply(math_ops.sigmoid(i), self._activation(j)))
        new_h = math_ops.multiply(self._activation(new_c), math_ops.sigmoid(o))
        return new_h, self._join_state(new_c, new_h)


class LSTMCell(_LSTMBase):
    """LSTM with optional peepholes (``w_f_diag``, ``w_i_diag``, ``w_o_diag``), cell clipping
    (``cell_clip``), and a projection of the output to ``num_proj`` units (``projection/kernel``,
    clipped by ``proj_clip``). ``initializer`` is used for all of its matrices."""

    def __init__(self, num_units, use_peepholes=False, cell_clip=None, initializer=None,
                 num_proj=None, proj_clip=None, num_unit_shards=None, num_proj_shards=None,
                 forget_bias=1.0, state_is_tuple=True, activation=None, reuse=None, name=None,
                 dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        check_supported_dtype(self.dtype)
        if num_unit_shards is not None or num_proj_shards is not None:
            raise ValueError("course does not partition variables: num_unit_shards and "
                             "num_proj_shards must be None")
        self._num_units = int(num_units)
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _activation_or_tanh(activation)
        h_size = num_proj if num_proj else self._num_units
        self._state_size = (LSTMStateTuple(self._num_units, h_size) if state_is_tuple
                            else self._num_units + h_size)
        self._output_size = h_size

    state_size = property(lambda self: self._state_size)
    output_size = property(lambda self: self._output_size)

    def build(self, input_shape):
        depth = self._input_depth(input_shape)
        n = self._num_units
        h_depth = n if self._num_proj is None else self._num_proj
        self._kernel = self.add_weight("kernel", [depth + h_depth, 4 * n],
                                       initializer=self._initializer)
        self._bias = self.add_weight("bias", [4 * n],
                                     initializer=zeros_initializer(dtype=self.dtype))
        if self._use_peepholes:
            self._w_f_diag = self.add_weight("w_f_diag", [n], initializer=self._initializer)
            self._w_i_diag = self.add_weight("w_i_diag", [n], initializer=self._initializer)
            self._w_o_diag = self.add_weight("w_o_diag", [n], initializer=self._initializer)
        if self._num_proj is not None:
            self._proj_kernel = self.add_weight("projection/kernel", [n, self._num_proj],
                                                initializer=self._initializer)

    def call(self, inputs, state):
        _check_input_dtypes(inputs, state)
        sigmoid = math_ops.sigmoid
        c_prev, m_prev = self._split_state(state, self._num_units)
        if inputs.shape.with_rank(2)[1] is None:
            raise ValueError("Could not infer input size from inputs.get_shape()[-1]. Received "
                             "input shape: %s" % inputs.shape)
        i, j, f, o = self._gates(inputs, m_prev)
        if self._use_peepholes:
            c = (sigmoid(f + self._forget_bias + self._w_f_diag * c_prev) * c_prev +
                 sigmoid(i + self._w_i_diag * c_prev) * self._activation(j))
        else:
            c = sigmoid(f + self._forget_bias) * c_prev + sigmoid(i) * self._activation(j)
        if self._cell_clip is not None:
            c = math_ops.clip_by_value(c, -self._cell_clip, self._cell_clip)
        if self._use_peepholes:
            m = sigmoid(o + self._w_o_diag * c) * self._activation(c)
        else:
            m = sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            m = math_ops.matmul(m, self._proj_kernel)
            if self._proj_clip is not None:
                m = math_ops.clip_by_value(m, -self._proj_clip, self._proj_clip)
        return m, self._join_state(c, m)
