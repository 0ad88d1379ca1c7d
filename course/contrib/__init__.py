"""``tf.contrib``: the parts of TF1's contrib the lessons use (``tf.contrib.layers``,
``tf.contrib.rnn``)."""
from . import layers, rnn  # noqa: F401
