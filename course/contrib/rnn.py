"""``tf.contrib.rnn``: the cells and static RNN functions under their contrib names, and
contrib's projection wrappers."""
from ..rnn.cells import (  # noqa: F401
    BasicLSTMCell, BasicRNNCell, GRUCell, LayerRNNCell, LSTMCell, LSTMStateTuple, RNNCell)
from ..rnn.rnn import static_bidirectional_rnn, static_rnn  # noqa: F401
from ..rnn.projection import InputProjectionWrapper, OutputProjectionWrapper  # noqa: F401
from ..rnn.wrappers import (  # noqa: F401
    DeviceWrapper, DropoutWrapper, MultiRNNCell, ResidualWrapper)
