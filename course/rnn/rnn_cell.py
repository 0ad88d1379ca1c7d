"""``tf.nn.rnn_cell``: the namespace of TF1's recurrent cells."""
from .cells import (  # noqa: F401
    BasicLSTMCell, BasicRNNCell, GRUCell, LSTMCell, LSTMStateTuple, RNNCell)
from .wrappers import DeviceWrapper, DropoutWrapper, MultiRNNCell, ResidualWrapper  # noqa: F401
