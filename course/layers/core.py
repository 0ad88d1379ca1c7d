"""tf.layers.dense, dropout and flatten (classes and their functional forms)."""
import numpy as np

from ..ops import array_ops, dropout_ops, math_ops, nn_ops
from ..ops.cond import smart_cond
from .base import ZEROS, Layer


class Dense(Layer):
    """``outputs = activation(inputs @ kernel + bias)``, variables ``<scope>/kernel`` [in, units]
    and ``<scope>/bias`` [units]. Inputs of rank > 2 are multiplied along their last axis."""

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=ZEROS, kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, trainable=True, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.units = int(units)
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer, self.bias_initializer = kernel_initializer, bias_initializer
        self.kernel_regularizer, self.bias_regularizer = kernel_regularizer, bias_regularizer
        self.kernel_constraint, self.bias_constraint = kernel_constraint, bias_constraint
        self.kernel, self.bias = None, None

    def build(self, input_shape):
        last = input_shape[-1] if input_shape.ndims else None
        if last is None:
            raise ValueError("The last dimension of the inputs to `Dense` should be defined. "
                             "Found `None`.")
        self.kernel = self.add_weight("kernel", [last, self.units],
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        if self.use_bias:
            self.bias = self.add_weight("bias", [self.units], initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)

    def call(self, inputs):
        if inputs.shape.ndims > 2:
            outputs = _matmul_last_axis(inputs, self.kernel, self.units)
        else:
            outputs = math_ops.matmul(inputs, self.kernel)
        if self.use_bias:
            outputs = nn_ops.bias_add(outputs, self.bias)
        return self.activation(outputs) if self.activation is not None else outputs


def _matmul_last_axis(inputs, kernel, units):
    """tensordot(inputs, kernel, [[rank - 1], [0]]): flatten to 2-D, multiply, restore."""
    dims = inputs.shape.as_list()
    flat = array_ops.reshape(inputs, [-1, dims[-1]])
    product = math_ops.matmul(flat, kernel)
    if None not in dims[1:-1]:
        target = [-1] + dims[1:-1] + [units]
    else:
        target = array_ops.concat([array_ops.shape(inputs)[:-1], [units]], 0)
    outputs = array_ops.reshape(product, target)
    outputs.set_shape(dims[:-1] + [units])
    return outputs


class Dropout(Layer):
    """Drops ``rate`` of the inputs (scaling the rest by 1 / (1 - rate)) when ``training``;
    otherwise passes them through. ``training`` may be a bool tensor (a placeholder): then, as
    in TF, a tf.cond picks at run time, so the random mask is drawn only when training."""

    def __init__(self, rate=0.5, noise_shape=None, seed=None, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.rate, self.noise_shape, self.seed = rate, noise_shape, seed

    def _dropped(self, inputs):
        return dropout_ops.dropout(inputs, noise_shape=_concrete_noise_shape(inputs,
                                                                            self.noise_shape),
                                   seed=self.seed, rate=self.rate)

    def call(self, inputs, training=False):
        return smart_cond(False if training is None else training,
                          lambda: self._dropped(inputs), lambda: array_ops.identity(inputs))


def _concrete_noise_shape(inputs, noise_shape):
    """noise_shape with its None entries filled from the inputs' shape (at run time if need be)."""
    if noise_shape is None:
        return None
    static = inputs.shape.as_list()
    dims = [static[i] if d is None else d for i, d in enumerate(noise_shape)]
    if None not in dims:
        return dims
    runtime = array_ops.shape(inputs)
    return array_ops.stack([runtime[i] if d is None else d for i, d in enumerate(dims)])


class Flatten(Layer):
    """[batch, d1, d2, ...] -> [batch, d1 * d2 * ...]."""

    def __init__(self, data_format="channels_last", name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        if data_format not in ("channels_last", None):
            raise ValueError("course supports data_format='channels_last' only, got %r"
                             % (data_format,))

    def call(self, inputs):
        dims = inputs.shape.as_list()
        if len(dims) == 1:
            return array_ops.expand_dims(inputs, 1)
        if None not in dims[1:]:
            return array_ops.reshape(inputs, [-1, int(np.prod(dims[1:]))])
        outputs = array_ops.reshape(inputs, array_ops.stack([array_ops.shape(inputs)[0], -1]))
        outputs.set_shape([dims[0], None])
        return outputs


def dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None,
          bias_initializer=ZEROS, kernel_regularizer=None, bias_regularizer=None,
          activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
          trainable=True, name=None, reuse=None):
    """``tf.layers.dense``: a fully connected layer; variables ``dense/kernel``, ``dense/bias``
    (``dense_1/...`` for the next one; ``name/...`` with a name, reused when ``reuse``)."""
    layer = Dense(units, activation=activation, use_bias=use_bias,
                  kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                  kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                  activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                  bias_constraint=bias_constraint, trainable=trainable, name=name,
                  _scope=name, _reuse=reuse)
    return layer.apply(inputs)


def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None):
    """``tf.layers.dropout``: note ``rate`` is the fraction DROPPED (tf.nn.dropout's keep_prob
    is the fraction kept), and nothing is dropped unless ``training`` is true."""
    layer = Dropout(rate, noise_shape=noise_shape, seed=seed, name=name)
    return layer.apply(inputs, training=training)


def flatten(inputs, name=None, data_format="channels_last"):
    """``tf.layers.flatten``: keep the batch axis, flatten the rest."""
    return Flatten(name=name, data_format=data_format).apply(inputs)
