"""tf.Variable (TF1's ref variable): a VariableV2 op holding session state, its initializer
(an Assign of the initial value) and its read snapshot (``Variable/read``)."""
from .framework import dtypes
from .framework.control_flow import context_of
from .framework.ops import (GraphKeys, Tensor, convert_to_tensor, get_default_graph,
                            get_default_session, name_scope)
from .framework.tensor_shape import as_shape, unknown_shape
from .framework.unsupported import refuse_unsupported
from .ops import array_ops, control_flow_ops, math_ops, state_ops
from .ops.core import apply
from .ops.overloads import install_operators


def _read_or_op(assigned, read_value):
    """TF1's assign methods: the new value, or with read_value=False the assign op itself."""
    return assigned if read_value else assigned.op


class Variable:
    """``tf.Variable(initial_value, trainable=True, name=None, dtype=None, ...)``."""

    def __init__(self, initial_value=None, trainable=True, collections=None, validate_shape=True,
                 caching_device=None, name=None, variable_def=None, dtype=None,
                 expected_shape=None, import_scope=None, constraint=None, use_resource=None,
                 synchronization=None, aggregation=None, shape=None):
        refuse_unsupported("tf.Variable", variable_def=variable_def, use_resource=use_resource)
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        init_from_fn = callable(initial_value)
        # As TF1's init_scope: a variable made inside a loop body or cond branch (an RNN cell's
        # weights in dynamic_rnn) is made outside it, without the surrounding control inputs.
        with get_default_graph().control_dependencies(None), \
                name_scope(name, "Variable", [] if init_from_fn else [initial_value]) as scope:
            if isinstance(initial_value, Tensor) and context_of(initial_value) is not None:
                raise ValueError("Initializer for variable %s is from inside a control-flow "
                                 "construct, such as a loop or conditional. When creating a "
                                 "variable inside a loop or conditional, use a lambda as the "
                                 "initializer." % scope.rstrip("/"))
            if init_from_fn:
                with name_scope("Initializer"):
                    initial_value = initial_value()
            self._initial_value = convert_to_tensor(initial_value, name="initial_value",
                                                    dtype=dtype)
            static = self._initial_value.shape if validate_shape else unknown_shape()
            if shape is not None:
                static = as_shape(shape)
            self._variable = apply("VariableV2", [], {"shape": static,
                                                      "dtype": self._initial_value.dtype}, scope)
            self._initializer_op = apply("Assign", [self._variable, self._initial_value],
                                         {"validate_shape": bool(validate_shape)}, "Assign")
            self._snapshot = array_ops.identity(self._variable, name="read")
        self._trainable = bool(trainable)
        self._constraint = constraint
        self._save_slice_info = None
        if collections is None:
            collections = [GraphKeys.GLOBAL_VARIABLES]
        collections = list(collections)
        if trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
            collections.append(GraphKeys.TRAINABLE_VARIABLES)
        self.graph.add_to_collections(collections, self)

    # -- identity
    name = property(lambda self: self._variable.name)
    op = property(lambda self: self._variable.op)
    graph = property(lambda self: self._variable.graph)
    dtype = property(lambda self: self._variable.dtype)
    shape = property(lambda self: self._variable.shape)
    trainable = property(lambda self: self._trainable)
    initializer = property(lambda self: self._initializer_op.op)
    initial_value = property(lambda self: self._initial_value)
    device = property(lambda self: "")
    constraint = property(lambda self: self._constraint)

    def get_shape(self):
        return self.shape

    def set_shape(self, shape):
        self._variable.set_shape(shape)
        self._snapshot.set_shape(shape)

    # -- values
    def value(self):
        return self._snapshot

    def read_value(self):
        return array_ops.identity(self._variable, name="read")

    def initialized_value(self):
        """The value, initializing the variable first if needed (TF1's cond(is_initialized))."""
        return control_flow_ops.with_dependencies([self._initializer_op], self._snapshot)

    def eval(self, session=None):
        return self._variable.eval(session=session)

    def load(self, value, session=None):
        session = session or get_default_session()
        if session is None:
            raise ValueError("Either session argument should be provided or default session "
                             "should be established")
        session.run(self._initializer_op, {self._initializer_op.op.inputs[1]: value})

    # -- updates (use_locking: one thread runs a graph here, so there is nothing to lock)
    def assign(self, value, use_locking=False, name=None, read_value=True):
        return _read_or_op(state_ops.assign(self._variable, value, name=name), read_value)

    def assign_add(self, delta, use_locking=False, name=None, read_value=True):
        return _read_or_op(state_ops.assign_add(self._variable, delta, name=name), read_value)

    def count_up_to(self, limit):
        return state_ops.count_up_to(self._variable, limit)

    def assign_sub(self, delta, use_locking=False, name=None, read_value=True):
        return _read_or_op(state_ops.assign_sub(self._variable, delta, name=name), read_value)

    # -- conversion
    def _as_graph_element(self):
        return self._variable

    def _as_tensor(self):
        return self._snapshot

    def _ref(self):
        return self._variable

    def __repr__(self):
        return "<tf.Variable '%s' shape=%s dtype=%s_ref>" % (self.name, self.shape, self.dtype.name)

    def __iter__(self):
        raise TypeError("'Variable' object is not iterable.")

    def __bool__(self):
        raise TypeError("Using a `tf.Variable` as a Python `bool` is not allowed.")

    __hash__ = object.__hash__


install_operators(Variable)


def _graph_variables(key, scope=None):
    return get_default_graph().get_collection(key, scope)


def global_variables(scope=None):
    return _graph_variables(GraphKeys.GLOBAL_VARIABLES, scope)


def trainable_variables(scope=None):
    return _graph_variables(GraphKeys.TRAINABLE_VARIABLES, scope)


def local_variables(scope=None):
    return _graph_variables(GraphKeys.LOCAL_VARIABLES, scope)


def model_variables(scope=None):
    return _graph_variables(GraphKeys.MODEL_VARIABLES, scope)


def moving_average_variables(scope=None):
    """The variables tf.train.ExponentialMovingAverage.apply has averaged."""
    return _graph_variables(GraphKeys.MOVING_AVERAGE_VARIABLES, scope)


all_variables = global_variables


def variables_initializer(var_list, name="init"):
    """One op that runs the initializers of ``var_list``."""
    if not var_list:
        return control_flow_ops.no_op(name=name)
    return control_flow_ops.group(*[v.initializer for v in var_list], name=name)


def global_variables_initializer():
    return variables_initializer(global_variables())


def local_variables_initializer():
    return variables_initializer(local_variables(), name="init")


initialize_all_variables = global_variables_initializer
initialize_variables = variables_initializer


def report_uninitialized_variables(var_list=None, name="report_uninitialized_variables"):
    """A string tensor naming the variables not yet initialized in the session."""
    var_list = global_variables() if var_list is None else var_list
    with name_scope(name):
        flags = [state_ops.is_variable_initialized(v) for v in var_list]
        if not flags:
            return array_ops.constant([], dtype=dtypes.string)
        names = array_ops.constant([v.op.name for v in var_list], dtype=dtypes.string)
        initialized = array_ops.stack(flags)
        return array_ops.gather(names, array_ops.reshape(
            array_ops.where(math_ops.logical_not(initialized)), [-1]), name=name)


