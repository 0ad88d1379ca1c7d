"""``tf.contrib.slim``: TF-Slim's layer builders (tf.contrib.layers), ``arg_scope`` and variable
helpers, ``slim.losses`` (tf.contrib.losses). Not here: ``slim.learning`` (its training loop),
``slim.nets``."""
from ..framework import *  # noqa: F401,F403
from ..layers import *  # noqa: F401,F403
from ..layers import initializers, regularizers  # noqa: F401
from .. import layers, losses  # noqa: F401,E402  (slim.layers is the package, as TF-Slim's)
