"""Graph, Operation and Tensor: the TF1 programming model's nouns.

Ops are created in order and only from tensors that exist already, so the creation index
(``op._id``) is a topological order; the session and tf.gradients rely on that.
"""
import contextlib
import re
import threading

from . import dtypes as _dtypes
from .control_flow import check_input_context
from .registry import get_op_def
from .tensor_shape import as_shape


class GraphKeys:
    """Standard collection names (``tf.GraphKeys``)."""

    GLOBAL_VARIABLES = "variables"
    LOCAL_VARIABLES = "local_variables"
    MODEL_VARIABLES = "model_variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    SUMMARIES = "summaries"
    QUEUE_RUNNERS = "queue_runners"
    TABLE_INITIALIZERS = "table_initializer"
    REGULARIZATION_LOSSES = "regularization_losses"
    LOSSES = "losses"
    UPDATE_OPS = "update_ops"
    GLOBAL_STEP = "global_step"
    MOVING_AVERAGE_VARIABLES = "moving_average_variables"
    INIT_OP = "init_op"
    LOCAL_INIT_OP = "local_init_op"
    READY_OP = "ready_op"
    SUMMARY_OP = "summary_op"
    SAVERS = "savers"
    TRAIN_OP = "train_op"
    ACTIVATIONS = "activations"
    WEIGHTS = "weights"
    BIASES = "biases"
    VARIABLES = GLOBAL_VARIABLES


_VALID_OP_NAME = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*$")
_VALID_SCOPE_NAME = re.compile(r"^[A-Za-z0-9_.\\/>-]*$")


class Tensor:
    """A symbolic handle to one output of an Operation; its value exists only inside Session.run."""

    # Make numpy defer to our operators (ndarray + Tensor -> Tensor.__radd__).
    __array_priority__ = 100

    def __init__(self, op, value_index, dtype, shape):
        self._op = op
        self._value_index = value_index
        self._dtype = dtype
        self._shape = shape
        self._consumers = []

    op = property(lambda self: self._op)
    value_index = property(lambda self: self._value_index)
    dtype = property(lambda self: self._dtype)
    graph = property(lambda self: self._op._graph)
    name = property(lambda self: "%s:%d" % (self._op._name, self._value_index))
    device = property(lambda self: "")

    @property
    def shape(self):
        return self._shape

    def get_shape(self):
        return self._shape

    def set_shape(self, shape):
        self._shape = self._shape.merge_with(as_shape(shape))

    def consumers(self):
        return list(self._consumers)

    def eval(self, feed_dict=None, session=None):
        """The tensor's value, computed by ``session`` or the default session."""
        return _session_for(self.graph, session, "evaluate tensor").run(self, feed_dict)

    def _as_graph_element(self):
        return self

    def __repr__(self):
        return "<tf.Tensor '%s' shape=%s dtype=%s>" % (self.name, self._shape, self._dtype.name)

    def __str__(self):
        return 'Tensor("%s", shape=%s, dtype=%s)' % (self.name, self._shape, self._dtype.name)

    def __bool__(self):
        raise TypeError("Using a `tf.Tensor` as a Python `bool` is not allowed. Use `if t is not "
                        "None:` instead of `if t:` to test if a tensor is defined, and use "
                        "TensorFlow ops such as tf.cond to execute subgraphs conditioned on the "
                        "value of a tensor.")

    def __iter__(self):
        raise TypeError("Tensor objects are only iterable when eager execution is enabled. "
                        "To iterate over this tensor use tf.unstack.")

    def __len__(self):
        raise TypeError("len is not well defined for symbolic Tensors. (%s) Please call "
                        "`x.shape` rather than `len(x)` for shape information." % self.name)

    __hash__ = object.__hash__


class _ReadOnlyList(list):
    """A list that refuses changes. ``Operation.outputs`` and ``control_inputs`` hand out the
    op's own list (TF gives lists there, so they compare equal to lists and print as lists)
    without copying it on every read; ``list(...)`` makes a copy to change."""

    def _refuse(self, *args, **kwargs):
        raise TypeError("an Operation's outputs and control inputs belong to the graph and "
                        "cannot be changed; copy them with list(...) first")

    append = extend = insert = pop = remove = clear = sort = reverse = _refuse
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse


class Operation:
    """A node of the graph: an op type applied to input tensors, producing output tensors.

    ``inputs`` is the stored tuple (as in TF 2's graph mode) and ``outputs``/``control_inputs``
    read-only lists: reading them costs nothing, so gradients and the session use them freely.
    """

    def __init__(self, graph, op_type, name, inputs, attrs, control_inputs):
        self._graph = graph
        self._type = op_type
        self._name = name
        self._inputs = tuple(inputs)
        self._attrs = dict(attrs)
        self._control_inputs = _ReadOnlyList(control_inputs)
        self._op_def = get_op_def(op_type)
        self._outputs = _ReadOnlyList()
        self._id = None
        # The loop body or cond branch it was created in (framework/control_flow.py), or None.
        self._control_flow_context = graph._control_flow_context

    name = property(lambda self: self._name)
    type = property(lambda self: self._type)
    graph = property(lambda self: self._graph)
    inputs = property(lambda self: self._inputs)
    outputs = property(lambda self: self._outputs)
    control_inputs = property(lambda self: self._control_inputs)
    attrs = property(lambda self: dict(self._attrs))
    op_def = property(lambda self: self._op_def)
    device = property(lambda self: "")

    def values(self):
        return tuple(self._outputs)

    def get_attr(self, name):
        try:
            return self._attrs[name]
        except KeyError:
            raise ValueError("Operation '%s' has no attr named '%s'." % (self._name, name)) from None

    def _add_control_input(self, op):
        if op not in self._control_inputs:
            self._control_inputs = _ReadOnlyList([*self._control_inputs, op])

    def run(self, feed_dict=None, session=None):
        """Run this operation in ``session`` or the default session."""
        _session_for(self._graph, session, "run operation").run(self, feed_dict)

    def _as_graph_element(self):
        return self

    @property
    def node_def(self):
        return _NodeDef(self)

    def __repr__(self):
        return "<tf.Operation '%s' type=%s>" % (self._name, self._type)

    def __str__(self):
        return str(self.node_def)


class _NodeDef:
    """A readable stand-in for TF's NodeDef proto, for printing an op."""

    def __init__(self, op):
        self.name = op.name
        self.op = op.type
        self.input = [t.name.replace(":0", "") for t in op.inputs]
        self.input += ["^" + c.name for c in op.control_inputs]
        self.attr = {k: v for k, v in op._attrs.items() if not k.startswith("_")}

    def __str__(self):
        lines = ['name: "%s"' % self.name, 'op: "%s"' % self.op]
        lines += ['input: "%s"' % i for i in self.input]
        lines += ["attr { key: %r value: %r }" % (k, v) for k, v in sorted(self.attr.items())
                  if not hasattr(v, "shape")]
        return "\n".join(lines) + "\n"


class _GraphDef:
    """A readable stand-in for TF's GraphDef proto (``graph.as_graph_def()``): ``node`` is the
    list of NodeDefs; printing it gives TF's text layout, one ``node { ... }`` per op."""

    def __init__(self, graph):
        self.node = [op.node_def for op in graph.get_operations()]

    def __str__(self):
        lines = []
        for node in self.node:
            lines.append("node {")
            lines.extend("  " + line for line in str(node).splitlines())
            lines.append("}")
        return "\n".join(lines) + "\n"


def _session_for(graph, session, what):
    session = session or get_default_session()
    if session is None:
        raise ValueError("Cannot %s using `eval()`/`run()`: No default session is registered. "
                         "Use `with sess.as_default()` or pass an explicit session to "
                         "`eval(session=sess)`" % what)
    if session.graph is not graph:
        raise ValueError("Cannot use the given session to %s: the tensor's graph is different "
                         "from the session's graph." % what)
    return session


class Graph:
    """A TF1 computation graph: ops, unique names, name scopes, collections and control scopes."""

    def __init__(self):
        self._ops = []
        self._ops_by_name = {}
        self._names_in_use = {}
        self._name_stack = ""
        self._collections = {}
        self._control_dependencies_stack = []
        self._finalized = False
        self._last_id = 0
        self._variable_scope_stack = []
        self._variable_store = {}
        self.seed = None
        self._version = 0
        self._control_flow_context = None

    # -- default graph -------------------------------------------------------------------
    @contextlib.contextmanager
    def as_default(self):
        _default_graph_stack.append(self)
        try:
            yield self
        finally:
            _default_graph_stack.remove_last(self)

    # -- ops and names -------------------------------------------------------------------
    @property
    def finalized(self):
        return self._finalized

    @property
    def version(self):
        return self._last_id

    def finalize(self):
        self._finalized = True

    def as_graph_def(self, from_version=None, add_shapes=False):
        """The graph as a (readable stand-in for a) GraphDef: ``.node``, and TF's text layout
        when printed."""
        return _GraphDef(self)

    def get_operations(self):
        return list(self._ops)

    def get_operation_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError("Operation names are strings (or similar), not %s."
                            % type(name).__name__)
        op = self._ops_by_name.get(name)
        if op is None:
            raise KeyError("The name %r refers to an Operation not in the graph." % name)
        return op

    def get_tensor_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError("Tensor names are strings (or similar), not %s." % type(name).__name__)
        return self.as_graph_element(name, allow_tensor=True, allow_operation=False)

    def as_graph_element(self, obj, allow_tensor=True, allow_operation=True):
        """Resolve a Tensor, Operation, Variable or name to an element of this graph."""
        if isinstance(obj, str):
            return self._element_by_name(obj, allow_tensor, allow_operation)
        conv = getattr(obj, "_as_graph_element", None)
        if conv is None:
            raise TypeError("Can not convert a %s into a %s." % (
                type(obj).__name__, _kinds(allow_tensor, allow_operation)))
        elem = conv()
        if isinstance(elem, Tensor) and allow_tensor or isinstance(elem, Operation) and allow_operation:
            if elem.graph is not self:
                raise ValueError("%s is not an element of this graph." % _describe(elem))
            return elem
        raise TypeError("Can not convert a %s into a %s." % (
            type(obj).__name__, _kinds(allow_tensor, allow_operation)))

    def _element_by_name(self, name, allow_tensor, allow_operation):
        if ":" in name and allow_tensor:
            op_name, _, index = name.rpartition(":")
            op = self._ops_by_name.get(op_name)
            if op is None or not index.isdigit():
                raise KeyError("The name %r refers to a Tensor which does not exist. The "
                               "operation, %r, does not exist in the graph." % (name, op_name))
            if int(index) >= len(op.outputs):
                raise KeyError("The name %r refers to a Tensor which does not exist. The "
                               "operation, %r, exists but only has %d outputs."
                               % (name, op_name, len(op.outputs)))
            return op.outputs[int(index)]
        op = self._ops_by_name.get(name)
        if op is None or not allow_operation:
            hint = (" Did you mean %r?" % (name + ":0")) if op is not None and allow_tensor else ""
            raise (ValueError if op is not None else KeyError)(
                "The name %r refers to an Operation%s.%s" % (
                    name, "" if op is not None else " not in the graph", hint))
        return op

    def unique_name(self, name, mark_as_used=True):
        """TF's uniquifying rule: ``Variable``, ``Variable_1``, ... inside the current scope."""
        if self._name_stack:
            name = self._name_stack + "/" + name
        key = name.lower()
        count = self._names_in_use.get(key, 0)
        if mark_as_used:
            self._names_in_use[key] = count + 1
        if count > 0:
            base_key = key
            while key in self._names_in_use:
                key = "%s_%d" % (base_key, count)
                count += 1
            if mark_as_used:
                self._names_in_use[key] = 1
            name = "%s_%d" % (name, count - 1)
        return name

    def get_name_scope(self):
        return self._name_stack

    @contextlib.contextmanager
    def name_scope(self, name):
        """Open a name scope; a name ending in '/' re-enters an existing scope as is."""
        if name and not _VALID_SCOPE_NAME.match(name):
            raise ValueError("'%s' is not a valid scope name" % name)
        old = self._name_stack
        if not name:
            new = ""
        elif name.endswith("/"):
            new = name[:-1]
        else:
            new = self.unique_name(name)
        self._name_stack = new
        try:
            yield "" if not new else new + "/"
        finally:
            self._name_stack = old

    def create_op(self, op_type, inputs, attrs=None, name=None):
        """Add an op: check names and graphs, infer the output dtypes and shapes."""
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")
        for t in inputs:
            if t.graph is not self:
                raise ValueError("Tensor %s must be from the same graph as the op being created "
                                 "(op type %s)." % (t.name, op_type))
        op_name = self._op_name(name or op_type)
        op = Operation(self, op_type, op_name, inputs, attrs or {}, self._current_control_inputs(inputs))
        try:
            if op._control_flow_context is None:
                for t in inputs:
                    check_input_context(op, t)
            specs = op._op_def.infer(op)
        except ValueError:
            self._names_in_use.pop(op_name.lower(), None)
            raise
        op._outputs = _ReadOnlyList(Tensor(op, i, dt, as_shape(sh))
                                   for i, (dt, sh) in enumerate(specs))
        self._last_id += 1
        op._id = self._last_id
        self._ops.append(op)
        self._ops_by_name[op_name] = op
        for t in inputs:
            t._consumers.append(op)
        if op._control_flow_context is not None:
            op._control_flow_context.add_op(op)
        return op

    def _op_name(self, name):
        if name.endswith("/"):
            # A scope name used as the op's own name (TF's composite-function convention).
            name = name[:-1]
            if name in self._ops_by_name:
                raise ValueError("Duplicate node name in graph: '%s'" % name)
            self._names_in_use.setdefault(name.lower(), 1)
            return name
        if not _VALID_OP_NAME.match(name.split("/")[-1] or "x"):
            raise ValueError("'%s' is not a valid node name" % name)
        return self.unique_name(name)

    # -- control dependencies ------------------------------------------------------------
    def _current_control_inputs(self, inputs):
        ops = []
        input_ops = {t._op for t in inputs}
        for frame in self._control_dependencies_stack:
            for op in frame:
                if op not in ops and op not in input_ops:
                    ops.append(op)
        return ops

    @contextlib.contextmanager
    def control_dependencies(self, control_inputs):
        """Ops created inside run only after ``control_inputs``; None clears the outer ones and,
        as in TF1, leaves any loop body or cond branch (so variables made inside one are not)."""
        if control_inputs is None:
            saved = self._control_dependencies_stack, self._control_flow_context
            self._control_dependencies_stack, self._control_flow_context = [], None
            try:
                yield
            finally:
                self._control_dependencies_stack, self._control_flow_context = saved
            return
        ops = []
        for c in control_inputs:
            elem = self.as_graph_element(c)
            ops.append(elem.op if isinstance(elem, Tensor) else elem)
        self._control_dependencies_stack.append(ops)
        try:
            yield
        finally:
            self._control_dependencies_stack.pop()

    # -- collections ---------------------------------------------------------------------
    def add_to_collection(self, name, value):
        self._collections.setdefault(name, []).append(value)

    def add_to_collections(self, names, value):
        names = (names,) if isinstance(names, str) else set(names)
        for name in names:
            self.add_to_collection(name, value)

    def get_collection_ref(self, name):
        return self._collections.setdefault(name, [])

    def get_collection(self, name, scope=None):
        items = self._collections.get(name, [])
        if scope is None:
            return list(items)
        pattern = re.compile(scope)
        return [i for i in items if getattr(i, "name", None) and pattern.match(i.name)]

    def get_all_collection_keys(self):
        return [k for k, v in self._collections.items() if v]

    def clear_collection(self, name):
        self._collections.pop(name, None)

    # -- no-op placement contexts, accepted for TF1 code compatibility --------------------
    @contextlib.contextmanager
    def device(self, device_name_or_function):
        yield

    @contextlib.contextmanager
    def colocate_with(self, op, ignore_existing=False):
        yield

    def __repr__(self):
        return "<course.Graph with %d ops>" % len(self._ops)


def _kinds(allow_tensor, allow_operation):
    return " or ".join(k for k, ok in (("Tensor", allow_tensor), ("Operation", allow_operation)) if ok)


def _describe(elem):
    if isinstance(elem, Tensor):
        return "Tensor %s" % elem
    return "Operation %s" % elem.name


class _DefaultGraphStack(threading.local):
    def __init__(self):
        self.stack = []
        self.global_default = None

    def append(self, graph):
        self.stack.append(graph)

    def remove_last(self, graph):
        if self.stack and self.stack[-1] is graph:
            self.stack.pop()

    def get(self):
        if self.stack:
            return self.stack[-1]
        if self.global_default is None:
            self.global_default = Graph()
        return self.global_default


_default_graph_stack = _DefaultGraphStack()


def get_default_graph():
    return _default_graph_stack.get()


def reset_default_graph():
    """Forget the global default graph (TF1: not allowed inside a ``with g.as_default()``)."""
    if _default_graph_stack.stack:
        raise AssertionError("Do not use tf.reset_default_graph() to clear nested graphs. If you "
                             "need a cleared graph, exit the nesting and create a new graph.")
    _default_session_stack.stack = [s for s in _default_session_stack.stack if not s._closed]
    _default_graph_stack.global_default = Graph()


# -- the default session (kept here, as in TF, so that Tensor.eval and Operation.run find it
# without the graph layer importing the session that sits above it) ---------------------------
class _DefaultSessionStack(threading.local):
    def __init__(self):
        self.stack = []


_default_session_stack = _DefaultSessionStack()


def get_default_session():
    """The innermost session entered with ``with sess:`` / ``sess.as_default()``, or None."""
    return _default_session_stack.stack[-1] if _default_session_stack.stack else None


@contextlib.contextmanager
def default_session(session):
    """Make ``session`` the default session inside the block (``Session.as_default``)."""
    _default_session_stack.stack.append(session)
    try:
        yield session
    finally:
        if _default_session_stack.stack and _default_session_stack.stack[-1] is session:
            _default_session_stack.stack.pop()


def _graph_of(values):
    for v in values:
        g = getattr(v, "graph", None)
        if isinstance(g, Graph):
            return g
    return get_default_graph()


@contextlib.contextmanager
def name_scope(name, default_name=None, values=None):
    """``tf.name_scope(name, default_name=None, values=None)``."""
    graph = _graph_of(values or [])
    if name is None and default_name is None and values is not None:
        raise ValueError("At least one of name (%s) and default_name (%s) must be provided."
                         % (name, default_name))
    with graph.as_default(), graph.name_scope(name if name is not None else default_name) as scope:
        yield scope


def control_dependencies(control_inputs):
    return get_default_graph().control_dependencies(control_inputs)


@contextlib.contextmanager
def init_scope():
    """``tf.init_scope``: build state (variables and their initial values) outside the caller's
    control dependencies, keeping the name scope."""
    with get_default_graph().control_dependencies(None):
        yield


def add_to_collection(name, value):
    get_default_graph().add_to_collection(name, value)


def add_to_collections(names, value):
    get_default_graph().add_to_collections(names, value)


def get_collection(key, scope=None):
    return get_default_graph().get_collection(key, scope)


def get_collection_ref(key):
    return get_default_graph().get_collection_ref(key)


def device(name):
    return get_default_graph().device(name)


def colocate_with(op, ignore_existing=False):
    return get_default_graph().colocate_with(op, ignore_existing)


# -- conversion of Python values to tensors -------------------------------------------------
# The graph layer knows Tensors only; the ops layer registers how other values become tensors
# (array_ops: a list or tuple holding tensors is stacked, anything else becomes a constant),
# as TF's register_tensor_conversion_function does.
_conversion_functions = []     # (priority, registration order, base types, function)
_conversion_cache = {}         # type -> [function], in the order they are tried


def register_tensor_conversion_function(base_type, conversion_func, priority=100):
    """``conversion_func(value, dtype, name, preferred_dtype)`` makes a Tensor of a value of
    ``base_type`` (a type or tuple of types), or returns NotImplemented to pass it on. Lower
    priorities are tried first."""
    base_types = base_type if isinstance(base_type, tuple) else (base_type,)
    if not all(isinstance(t, type) for t in base_types):
        raise TypeError("base_type must be a type or a tuple of types.")
    if not callable(conversion_func):
        raise TypeError("conversion_func must be callable.")
    _conversion_functions.append((priority, len(_conversion_functions), base_types,
                                  conversion_func))
    _conversion_functions.sort(key=lambda entry: entry[:2])
    _conversion_cache.clear()


def _conversions_for(value_type):
    found = _conversion_cache.get(value_type)
    if found is None:
        found = _conversion_cache[value_type] = [
            func for _, _, types, func in _conversion_functions if issubclass(value_type, types)]
    return found


def convert_to_tensor(value, dtype=None, name=None, preferred_dtype=None, dtype_hint=None):
    """A Tensor for ``value``: Tensors pass through, Variables give their value, Python and numpy
    values become constants (ints -> int32, floats -> float32), lists of tensors are stacked."""
    if dtype is not None:
        dtype = _dtypes.as_dtype(dtype)
    preferred_dtype = preferred_dtype or dtype_hint
    to_tensor = getattr(value, "_as_tensor", None)
    if to_tensor is not None:
        value = to_tensor()
    if isinstance(value, Tensor):
        if dtype is not None and value.dtype != dtype:
            raise ValueError("Tensor conversion requested dtype %s for Tensor with dtype %s: %r"
                             % (dtype.name, value.dtype.name, value))
        return value
    for convert in _conversions_for(type(value)):
        tensor = convert(value, dtype, name, preferred_dtype)
        if tensor is not NotImplemented:
            return tensor
    raise TypeError("Failed to convert object of type %s to Tensor. Contents: %r. Consider "
                    "casting elements to a supported type." % (type(value), value))


def convert_n_to_tensor(values, dtype=None):
    return [convert_to_tensor(v, dtype) for v in values]


def is_tensor(x):
    return isinstance(x, Tensor)
