"""variable_scope and get_variable: named, shareable variables (``layer1/w``) with reuse."""
import contextlib

from .framework import dtypes
from .framework.ops import GraphKeys, convert_to_tensor, get_default_graph
from .framework.tensor_shape import as_shape
from .framework.unsupported import refuse_unsupported
from . import init_ops
from .variables import Variable


class _ReuseMode:
    def __repr__(self):
        return "tf.AUTO_REUSE"


AUTO_REUSE = _ReuseMode()


class VariableScope:
    """A variable scope: the prefix of get_variable names, and their defaults."""

    def __init__(self, reuse, name="", initializer=None, regularizer=None, dtype=dtypes.float32,
                 name_scope="", custom_getter=None):
        self._name = name
        self._custom_getter = custom_getter
        self._reuse = reuse
        self._initializer = initializer
        self._regularizer = regularizer
        self._dtype = dtype
        self._name_scope = name_scope

    name = property(lambda self: self._name)
    reuse = property(lambda self: self._reuse)
    initializer = property(lambda self: self._initializer)
    regularizer = property(lambda self: self._regularizer)
    dtype = property(lambda self: self._dtype)
    original_name_scope = property(lambda self: self._name_scope)
    custom_getter = property(lambda self: self._custom_getter)

    def reuse_variables(self):
        self._reuse = True

    def set_initializer(self, initializer):
        self._initializer = initializer

    def set_regularizer(self, regularizer):
        self._regularizer = regularizer

    def get_variable(self, name, *args, **kwargs):
        return get_variable(name, *args, **kwargs)


def get_variable_scope():
    stack = get_default_graph()._variable_scope_stack
    if not stack:
        # The graph's root scope, kept so that its set_initializer/reuse_variables last.
        stack.append(VariableScope(False))
    return stack[-1]


@contextlib.contextmanager
def variable_scope(name_or_scope, default_name=None, values=None, initializer=None,
                   regularizer=None, caching_device=None, partitioner=None, custom_getter=None,
                   reuse=None, dtype=None, use_resource=None, constraint=None,
                   auxiliary_name_scope=True):
    """``tf.variable_scope``: prefixes get_variable names and opens a matching name scope.
    (caching_device: course has one device, so a cached read is the same read.)"""
    refuse_unsupported("tf.variable_scope", partitioner=partitioner, use_resource=use_resource,
                       constraint=constraint)
    graph = get_default_graph()
    if values:
        graph = getattr(values[0], "graph", graph)
    if name_or_scope is None and default_name is None:
        raise TypeError("If default_name is None then name_or_scope is required")
    parent = get_variable_scope()
    if reuse is False:
        reuse = parent.reuse if parent.reuse is AUTO_REUSE else False
    reuse = parent.reuse if reuse is None else reuse
    if not hasattr(graph, "_used_variable_scopes"):
        graph._used_variable_scopes = set()
    with graph.as_default():
        if isinstance(name_or_scope, VariableScope):
            full_name = name_or_scope.name
            scope_ctx = graph.name_scope(name_or_scope.original_name_scope or None)
        else:
            short = name_or_scope if name_or_scope is not None else _unique_default(graph, parent,
                                                                                  default_name)
            full_name = parent.name + "/" + short if parent.name else short
            scope_ctx = graph.name_scope(short) if auxiliary_name_scope else _nullcontext()
        graph._used_variable_scopes.add(full_name)
        reentered = isinstance(name_or_scope, VariableScope)
        used_before = set(graph._used_variable_scopes) if reentered else None
        # A re-entered VariableScope object brings back its own defaults, as in TF.
        base = name_or_scope if reentered else parent
        with scope_ctx as opened:
            scope = VariableScope(
                reuse=reuse, name=full_name,
                initializer=initializer if initializer is not None else base.initializer,
                regularizer=regularizer if regularizer is not None else base.regularizer,
                dtype=dtypes.as_dtype(dtype) if dtype is not None else base.dtype,
                name_scope=opened or "",
                custom_getter=_compose_getters(custom_getter, base.custom_getter))
            graph._variable_scope_stack.append(scope)
            try:
                yield scope
            finally:
                graph._variable_scope_stack.pop()
                _forget_subscopes(graph, full_name, used_before)


def _compose_getters(inner, outer):
    """A scope's custom getter wraps its parent's, as in TF: the inner one is called first and
    its ``getter`` argument runs the outer one around the real getter."""
    if inner is None or outer is None:
        return inner or outer
    if not callable(inner):
        raise ValueError("custom_getter must be callable, got %r" % (inner,))

    def composed(getter, *args, **kwargs):
        return inner(lambda *a, **k: outer(getter, *a, **k), *args, **kwargs)
    return composed


def _forget_subscopes(graph, full_name, used_before):
    """On leaving a scope, TF resets the default-name counters of its sub-scopes, so that
    re-entering ``net`` (e.g. with reuse=True) names its layers ``net/dense`` again, not
    ``net/dense_1``; leaving a re-entered VariableScope object restores the counters."""
    if used_before is not None:
        graph._used_variable_scopes = used_before
    else:
        prefix = full_name + "/"
        graph._used_variable_scopes = {s for s in graph._used_variable_scopes
                                       if not s.startswith(prefix)}


def _unique_default(graph, parent, base):
    prefix = parent.name + "/" if parent.name else ""
    name, i = base, 0
    while prefix + name in graph._used_variable_scopes:
        i += 1
        name = "%s_%d" % (base, i)
    return name


@contextlib.contextmanager
def _nullcontext():
    yield None


def _default_initializer(dtype):
    if dtype.is_floating:
        from .random_init_ops import glorot_uniform_initializer
        return glorot_uniform_initializer()
    if dtype.is_integer or dtype.is_bool:
        return init_ops.zeros_initializer()
    raise ValueError("An initializer for variable of type %s is required" % dtype.name)


def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None,
                 trainable=None, collections=None, caching_device=None, partitioner=None,
                 validate_shape=True, use_resource=None, custom_getter=None, constraint=None,
                 synchronization=None, aggregation=None):
    """``tf.get_variable``: create ``scope/name``, or return it when the scope reuses.

    A ``custom_getter`` (given here or by the enclosing scopes) is called as
    ``custom_getter(getter, full_name, shape=..., dtype=..., ...)`` and returns what it likes."""
    refuse_unsupported("tf.get_variable", partitioner=partitioner, use_resource=use_resource)
    scope = get_variable_scope()
    full_name = scope.name + "/" + name if scope.name else name
    getter_args = dict(shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                       trainable=trainable, collections=collections,
                       validate_shape=validate_shape, constraint=constraint)
    # A getter given here runs first, around the scopes' getters (TF's _maybe_wrap_custom_getter).
    getter = _compose_getters(custom_getter, scope.custom_getter)
    if getter is not None:
        return getter(_get_or_create, full_name, **getter_args)
    return _get_or_create(full_name, **getter_args)


def _get_or_create(full_name, shape=None, dtype=None, initializer=None, regularizer=None,
                   trainable=None, collections=None, validate_shape=True, constraint=None,
                   **unused):
    graph = get_default_graph()
    scope = get_variable_scope()
    store = graph._variable_store
    from_value = initializer is not None and not callable(initializer)
    if from_value and dtype is not None:
        init_dtype = convert_to_tensor(initializer).dtype
        if init_dtype != dtypes.as_dtype(dtype):
            raise ValueError("Initializer type '%s' and explicit dtype '%s' don't match."
                             % (init_dtype, dtypes.as_dtype(dtype)))
    dtype = dtypes.as_dtype(dtype) if dtype is not None else scope.dtype
    if full_name in store:
        if scope.reuse is False:
            raise ValueError("Variable %s already exists, disallowed. Did you mean to set "
                             "reuse=True or reuse=tf.AUTO_REUSE in VarScope?" % full_name)
        found = store[full_name]
        if shape is not None and not as_shape(shape).is_compatible_with(found.shape):
            raise ValueError("Trying to share variable %s, but specified shape %s and found shape "
                             "%s." % (full_name, as_shape(shape), found.shape))
        if dtype != found.dtype and dtype != scope.dtype:
            raise ValueError("Trying to share variable %s, but specified dtype %s and found dtype "
                             "%s." % (full_name, dtype.name, found.dtype.name))
        return found
    if scope.reuse is True:
        raise ValueError("Variable %s does not exist, or was not created with tf.get_variable(). "
                         "Did you mean to set reuse=tf.AUTO_REUSE in VarScope?" % full_name)
    if from_value:
        # The variable takes its shape and dtype from the value (a tensor, array or number).
        if shape is not None:
            raise ValueError("If initializer is a constant, do not specify shape.")
        dtype = None
    return _create_variable(graph, full_name, shape, dtype,
                            initializer if initializer is not None else scope.initializer,
                            regularizer if regularizer is not None else scope.regularizer,
                            True if trainable is None else trainable, collections,
                            validate_shape, constraint)


def _create_variable(graph, full_name, shape, dtype, initializer, regularizer, trainable,
                     collections, validate_shape, constraint):
    if initializer is None:
        initializer = _default_initializer(dtype)
    if callable(initializer) and not hasattr(initializer, "op") and not isinstance(
            initializer, (list, tuple)):
        if shape is None:
            raise ValueError("Shape of a new variable (%s) must be fully defined, but instead was "
                             "%s." % (full_name, shape))
        shape = as_shape(shape)
        if not shape.is_fully_defined():
            raise ValueError("Shape of a new variable (%s) must be fully defined, but instead was "
                             "%s." % (full_name, shape))

        def initial_value():
            return initializer(shape.as_list(), dtype=dtype)
    else:
        initial_value = initializer   # a tensor or a Python value: its own shape
    with graph.name_scope(None):
        variable = Variable(initial_value, trainable=trainable, collections=collections,
                            validate_shape=validate_shape, name=full_name,
                            dtype=dtype, constraint=constraint)
    graph._variable_store[full_name] = variable
    if regularizer is not None:
        with graph.name_scope(None), graph.name_scope(full_name + "/Regularizer/"):
            loss = regularizer(variable)
        if loss is not None:
            graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)
    return variable


