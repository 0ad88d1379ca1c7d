"""``tf.contrib.rnn``'s projection wrappers: a dense layer after the cell's output
(``OutputProjectionWrapper``, the many-to-many regression of Géron's chapter 14) or before its
input (``InputProjectionWrapper``). Each is a cell with a scope of its own:
``rnn/output_projection_wrapper/kernel`` and ``.../bias`` beside the wrapped cell's
``rnn/output_projection_wrapper/basic_rnn_cell/...``, made with get_variable as TF1's _Linear
makes them (kernel: the scope's default initializer; bias: zeros)."""
from ..framework import nest
from ..framework.ops import name_scope
from ..init_ops import constant_initializer
from ..ops import array_ops, math_ops, nn_ops
from ..variable_scope import get_variable
from .cells import RNNCell
from .wrappers import assert_like_rnncell

__all__ = ["OutputProjectionWrapper", "InputProjectionWrapper"]


class _Linear:
    """TF1's core_rnn_cell._Linear: ``concat(args, 1) @ kernel + bias`` with ``kernel`` and
    ``bias`` made in the current variable scope."""

    def __init__(self, args, output_size, build_bias, bias_initializer=None,
                 kernel_initializer=None):
        args = nest.flatten(args)
        depth = sum(a.shape[1] for a in args)
        dtype = args[0].dtype
        self._kernel = get_variable("kernel", [depth, output_size], dtype=dtype,
                                    initializer=kernel_initializer)
        self._bias = None
        if build_bias:
            self._bias = get_variable("bias", [output_size], dtype=dtype,
                                      initializer=bias_initializer or constant_initializer(
                                          0.0, dtype=dtype))

    variables = property(lambda self: [self._kernel] + ([self._bias] if self._bias is not None
                                                        else []))

    def __call__(self, args):
        args = nest.flatten(args)
        joined = args[0] if len(args) == 1 else array_ops.concat(args, 1)
        result = math_ops.matmul(joined, self._kernel)
        return nn_ops.bias_add(result, self._bias) if self._bias is not None else result


class _ProjectionWrapper(RNNCell):
    def __init__(self, cell, reuse=None):
        super().__init__(_reuse=reuse)
        assert_like_rnncell("cell", cell)
        self._cell = cell
        self._linear = None

    state_size = property(lambda self: self._cell.state_size)

    def zero_state(self, batch_size, dtype):
        with name_scope(type(self).__name__ + "ZeroState"):
            return self._cell.zero_state(batch_size, dtype)

    @property
    def trainable_weights(self):
        own = self._linear.variables if self._linear is not None else []
        return list(self._cell.trainable_weights) + own

    weights = trainable_variables = variables = trainable_weights


class OutputProjectionWrapper(_ProjectionWrapper):
    """The cell, then its output through a dense layer of ``output_size`` units."""

    def __init__(self, cell, output_size, activation=None, reuse=None):
        super().__init__(cell, reuse)
        if output_size < 1:
            raise ValueError("Parameter output_size must be > 0: %d." % output_size)
        self._output_size = int(output_size)
        self._activation = activation

    output_size = property(lambda self: self._output_size)

    def call(self, inputs, state):
        output, new_state = self._cell(inputs, state)
        if self._linear is None:
            self._linear = _Linear(output, self._output_size, True)
        projected = self._linear(output)
        return (self._activation(projected) if self._activation else projected), new_state


class InputProjectionWrapper(_ProjectionWrapper):
    """The input through a dense layer of ``num_proj`` units, then the cell."""

    def __init__(self, cell, num_proj, activation=None, input_size=None, reuse=None):
        super().__init__(cell, reuse)
        self._num_proj = int(num_proj)
        self._activation = activation

    output_size = property(lambda self: self._cell.output_size)

    def call(self, inputs, state):
        if self._linear is None:
            self._linear = _Linear(inputs, self._num_proj, True)
        projected = self._linear(inputs)
        if self._activation:
            projected = self._activation(projected)
        return self._cell(projected, state)
