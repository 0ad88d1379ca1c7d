"""``tf.contrib``: the parts of TF1's contrib that the lessons and tutorials use
(``tf.contrib.layers``, ``tf.contrib.framework``'s arg_scope, ``tf.contrib.slim``,
``tf.contrib.losses``,
``tf.contrib.rnn``, ``tf.contrib.seq2seq.sequence_loss``, ``tf.contrib.learn``'s MNIST
loader)."""
import importlib

from . import framework, layers, losses, rnn, seq2seq, slim  # noqa: F401


def __getattr__(name):
    # learn loads course.datasets (urllib, http.client, gzip): only for a program that uses it,
    # not on every `import course`.
    if name == "learn":
        return importlib.import_module(".learn", __name__)
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
