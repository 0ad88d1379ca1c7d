"""The global step: an int64 variable named ``global_step`` that counts training steps.

Optimizers increment it (``minimize(loss, global_step=...)``), learning-rate schedules are
functions of it, and hooks read it to decide when to log, save or stop.
"""
from ..framework import dtypes
from ..framework.ops import GraphKeys, Tensor, get_default_graph
from ..variables import Variable

GLOBAL_STEP_READ_KEY = "global_step_read_op_cache"


def global_step(sess, global_step_tensor):
    """``tf.train.global_step(sess, tensor)``: the step's value as a Python int."""
    return int(sess.run(global_step_tensor))


def get_global_step(graph=None):
    """The global step variable: the one in the GLOBAL_STEP collection, else the tensor named
    ``global_step:0``, else None."""
    graph = graph or get_default_graph()
    found = graph.get_collection(GraphKeys.GLOBAL_STEP)
    if len(found) > 1:
        from ..tf_logging import error
        error("Multiple tensors in global_step collection.")
        return None
    if found:
        step = found[0]
    else:
        try:
            step = graph.get_tensor_by_name("global_step:0")
        except KeyError:
            return None
    assert_global_step(step)
    return step


def create_global_step(graph=None):
    """Create ``global_step``: a scalar int64 variable starting at 0, not trainable, in the
    GLOBAL_VARIABLES and GLOBAL_STEP collections. Raises if one exists already."""
    graph = graph or get_default_graph()
    if get_global_step(graph) is not None:
        raise ValueError('"global_step" already exists.')
    from ..init_ops import zeros_initializer
    from ..variable_scope import get_variable
    with graph.as_default(), graph.name_scope(None):
        return get_variable(GraphKeys.GLOBAL_STEP, shape=[], dtype=dtypes.int64,
                            initializer=zeros_initializer(), trainable=False,
                            collections=[GraphKeys.GLOBAL_VARIABLES, GraphKeys.GLOBAL_STEP])


def get_or_create_global_step(graph=None):
    graph = graph or get_default_graph()
    step = get_global_step(graph)
    return step if step is not None else create_global_step(graph)


def assert_global_step(global_step_tensor):
    """Raise TypeError unless ``global_step_tensor`` is a scalar integer Variable or Tensor."""
    if not isinstance(global_step_tensor, (Variable, Tensor)):
        raise TypeError('Existing "global_step" must be a Variable or Tensor: %s.'
                        % (global_step_tensor,))
    if not global_step_tensor.dtype.is_integer:
        raise TypeError('Existing "global_step" does not have integer type: %s'
                        % global_step_tensor.dtype)
    shape = global_step_tensor.shape
    if shape.ndims not in (None, 0) and shape.is_fully_defined():
        raise TypeError('Existing "global_step" is not scalar: %s' % shape)


def _get_or_create_global_step_read(graph=None):
    """A tensor holding a copy of the global step (``global_step/add``: the step + 0), made once
    per graph; hooks fetch it. None when the graph has no global step."""
    graph = graph or get_default_graph()
    cached = graph.get_collection(GLOBAL_STEP_READ_KEY)
    if len(cached) > 1:
        raise RuntimeError("There are multiple items in collection %s. There should be only one."
                           % GLOBAL_STEP_READ_KEY)
    if cached:
        return cached[0]
    step = get_global_step(graph)
    if step is None:
        return None
    from ..ops import math_ops
    with graph.as_default(), graph.name_scope(None), graph.name_scope(step.op.name + "/"):
        value = step.value() if isinstance(step, Variable) else step
        read = math_ops.add(value, 0)
    graph.add_to_collection(GLOBAL_STEP_READ_KEY, read)
    return read


def write_graph(graph_or_graph_def, logdir, name, as_text=True):
    """``tf.train.write_graph``: the graph as text, one ``node { ... }`` per op (TF's pbtxt
    layout), written atomically to ``logdir/name``. Returns the path."""
    import os

    from .checkpoint_management import atomic_write_text
    graph_def = graph_or_graph_def
    if hasattr(graph_def, "as_graph_def"):
        graph_def = graph_def.as_graph_def()
    os.makedirs(logdir, exist_ok=True)
    path = os.path.join(logdir, name)
    atomic_write_text(path, str(graph_def))
    return path
