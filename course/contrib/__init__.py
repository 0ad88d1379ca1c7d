"""``tf.contrib``: the parts of TF1's contrib that the lessons and tutorials use
(``tf.contrib.layers``, ``tf.contrib.rnn``, ``tf.contrib.seq2seq.sequence_loss``,
``tf.contrib.learn``'s MNIST loader)."""
from . import layers, learn, rnn, seq2seq  # noqa: F401
