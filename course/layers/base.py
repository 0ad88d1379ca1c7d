"""tf.layers.Layer: a callable that makes its variables on its first call, with get_variable,
inside a variable scope named after the layer ("dense", then "dense_1", ...), as TF1 does.

A layer is built once (``build`` creates the variables from the first input's shape) and then
called any number of times (``call`` builds the ops); later calls reuse the variables. Losses
from regularizers go to REGULARIZATION_LOSSES and update ops (batch normalization's moving
averages) to UPDATE_OPS, where tf.losses and the training code look for them.
"""
import re

from ..framework import dtypes
from ..framework.ops import GraphKeys, get_default_graph, name_scope
from ..init_ops import ones_initializer, zeros_initializer
from ..ops import array_ops
from ..ops.core import constant_value, to_tensor
from ..variable_scope import get_variable, variable_scope

# Shared default initializers (stateless, so one instance serves every layer).
ZEROS = zeros_initializer()
ONES = ones_initializer()


def _snake_case(name):
    """Dense -> dense, Conv2D -> conv2d, MaxPooling2D -> max_pooling2d (keras' to_snake_case)."""
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()


def _unique_layer_name(base):
    """``dense``, ``dense_1``, ... per graph: the name a layer object reports (its variable
    scope is uniquified separately, by variable_scope)."""
    graph = get_default_graph()
    if not hasattr(graph, "_layer_name_uids"):
        graph._layer_name_uids = {}
    count = graph._layer_name_uids.get(base, 0)
    graph._layer_name_uids[base] = count + 1
    return base if count == 0 else "%s_%d" % (base, count)


def python_bool(flag):
    """A Python bool for ``training`` when it is known while building (a bool or a constant
    tensor), else None: then the layer builds both branches and selects at run time."""
    if flag is None:
        return False
    if hasattr(flag, "op") or hasattr(flag, "_as_tensor"):
        known = constant_value(to_tensor(flag))
        return None if known is None else bool(known)
    return bool(flag)


class Layer:
    """Base class of tf.layers: subclasses define ``build(input_shape)`` and ``call(inputs)``."""

    # Where a call's update ops go (tf.contrib.layers.batch_norm's updates_collections differ).
    _update_collections = (GraphKeys.UPDATE_OPS,)

    def __init__(self, trainable=True, name=None, dtype=None, activity_regularizer=None,
                 _scope=None, _reuse=None, **kwargs):
        if kwargs:
            raise TypeError("Keyword argument not understood: %s" % ", ".join(sorted(kwargs)))
        self.trainable = trainable
        self._base_name = name or _snake_case(type(self).__name__)
        self._name = name or _unique_layer_name(self._base_name)
        self.dtype = dtypes.as_dtype(dtype) if dtype is not None else None
        self.activity_regularizer = activity_regularizer
        self._reuse = _reuse
        self._scope = None
        if _scope:
            # The functional forms (tf.layers.dense(..., name="fc")) use exactly that scope.
            with variable_scope(_scope) as captured:
                self._scope = captured
        self.built = False
        self._trainable_weights, self._non_trainable_weights = [], []
        self._updates, self._losses = [], []

    # -- what the layer owns
    name = property(lambda self: self._name)
    trainable_weights = property(lambda self: list(self._trainable_weights) if self.trainable
                                 else [])
    non_trainable_weights = property(
        lambda self: list(self._non_trainable_weights) + (
            [] if self.trainable else list(self._trainable_weights)))
    weights = property(lambda self: self.trainable_weights + self.non_trainable_weights)
    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights
    variables = weights
    updates = property(lambda self: list(self._updates))
    losses = property(lambda self: list(self._losses))

    @property
    def scope_name(self):
        if self._scope is None:
            raise ValueError('No name available for layer scope because the layer "%s" has not '
                             "been used yet. The scope name is determined the first time the "
                             "layer instance is called." % self._name)
        return self._scope.name

    # -- calling
    def _set_scope(self):
        if self._scope is None:
            if self._reuse:
                with variable_scope(self._base_name) as captured:
                    self._scope = captured
            else:
                with variable_scope(None, default_name=self._base_name) as captured:
                    self._scope = captured

    def __call__(self, inputs, *args, **kwargs):
        self._set_scope()
        reuse = True if self.built else (self._reuse or self._scope.reuse)
        updates_before = len(self._updates)
        with variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False):
            inputs = to_tensor(inputs)
            if not self.built:
                if self.dtype is None:
                    self.dtype = inputs.dtype.base_dtype
                self.build(inputs.shape)
                self.built = True
            outputs = self.call(inputs, *args, **kwargs)
            if self.activity_regularizer is not None:
                self._regularize_activity(outputs)
        for name in self._update_collections:
            collection = get_default_graph().get_collection_ref(name)
            for update in self._updates[updates_before:]:
                if update not in collection:
                    collection.append(update)
        return outputs

    def apply(self, inputs, *args, **kwargs):
        return self(inputs, *args, **kwargs)

    def build(self, input_shape):
        pass

    def call(self, inputs):
        return inputs

    # -- for subclasses
    def add_weight(self, name, shape, dtype=None, initializer=None, regularizer=None,
                   trainable=True, constraint=None):
        """get_variable(name) in the layer's scope; the regularizer's loss (added only when
        the variable is created, not when it is reused) is kept in ``losses``."""
        graph = get_default_graph()
        n_before = len(graph.get_collection_ref(GraphKeys.REGULARIZATION_LOSSES))
        variable = get_variable(name, shape, dtype=dtype or self.dtype, initializer=initializer,
                                regularizer=regularizer, trainable=trainable and self.trainable,
                                constraint=constraint)
        self._losses.extend(graph.get_collection(GraphKeys.REGULARIZATION_LOSSES)[n_before:])
        (self._trainable_weights if trainable else self._non_trainable_weights).append(variable)
        return variable

    add_variable = add_weight   # TF1's older name (TF 1.x's own cells call it)

    def add_update(self, update):
        self._updates.append(update)

    def _regularize_activity(self, outputs):
        """The activity regularizer's loss per example (divided by the batch size, as TF)."""
        with name_scope("ActivityRegularizer"):
            loss = to_tensor(self.activity_regularizer(outputs))
            batch_size = array_ops.cast(array_ops.shape(outputs)[0], loss.dtype)
            loss = loss / batch_size
        self._losses.append(loss)
        get_default_graph().add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)

    def __repr__(self):
        return "<tf.layers.%s '%s'>" % (type(self).__name__, self._name)
