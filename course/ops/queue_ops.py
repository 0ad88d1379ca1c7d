"""TF1's queues (``tf.FIFOQueue``, ``tf.RandomShuffleQueue``) as session-state resources.

A queue's elements live in the session (``kernel_state["queues"]``), keyed by the queue
object, as an iterator's generator does. TF fills queues from runner threads; course has no
threads. Instead a dequeue that would block asks the queue's started runners
(``kernel_state["queue_feeders"]``, registered by ``tf.train.start_queue_runners``) to run
their enqueue ops through the session, one at a time, until it can be served: the same
elements in the same FIFO order as TF's single-threaded runners give, deterministically. A
dequeue no runner can ever satisfy raises an error instead of hanging forever.
"""
import numpy as np

from ..framework import dtypes, errors
from ..framework.ops import get_default_graph, name_scope
from ..framework.random_seed import op_seed_attrs
from ..framework.registry import define_op
from ..framework.tensor_shape import TensorShape, as_shape
from .core import apply, apply_op, constant_value, to_tensor


class _QueueContents:
    """One queue's state in one session."""

    def __init__(self, queue):
        self.items = []          # a list of tuples of arrays, oldest first
        self.closed = False
        seed, seed2 = queue._seeds
        # RandomShuffleQueue: seeded picks repeat run after run (not TF's order; see DESIGN).
        self.rng = np.random.RandomState(((seed << 31) + seed2) % (2 ** 32)
                                         if (seed or seed2) else None)


def _contents(state, queue):
    queues = state.kernel_state.setdefault("queues", {})
    if queue not in queues:
        queues[queue] = _QueueContents(queue)
    return queues[queue]


def _would_block(op, queue, what):
    # Not OutOfRangeError: a loop ending on that would take a forgotten start_queue_runners
    # for the end of its input.
    return errors.FailedPreconditionError(
        None, op, "%s '%s' would block forever: %s, and no started queue runner can fill it "
        "(did you call tf.train.start_queue_runners?)\n\t [[node %s]]"
        % (queue._kind, queue.name, what, op.name))


def _refill(op, state, queue, contents, needed, fill):
    """Run the queue's runners' enqueue ops until it holds ``fill`` elements or closes; an
    error if it cannot reach ``needed``."""
    feeders = state.kernel_state.get("queue_feeders", {}).get(queue, ())
    while len(contents.items) < fill and not contents.closed:
        if not any(feeder.step() for feeder in feeders if not feeder.done):
            if len(contents.items) >= needed or contents.closed:
                return
            raise _would_block(op, queue, "it holds %d elements, needs %d and is not closed"
                               % (len(contents.items), needed))


def _check_components(op, queue, values, many):
    out = []
    for i, (value, dtype, shape) in enumerate(zip(values, queue.dtypes, queue._shapes)):
        array = np.asarray(value, dtype=dtype.np)
        element = array.shape[1:] if many else array.shape
        if shape is not None and not shape.is_compatible_with(TensorShape(element)):
            raise errors.InvalidArgumentError(
                None, op, "Shape mismatch in tuple component %d. Expected %s, got %s\n\t "
                "[[node %s]]" % (i, shape.list_str(), TensorShape(element).list_str(), op.name))
        out.append(array)
    return out


def _enqueue_kernel(many):
    def make(op, state):
        queue = op.get_attr("queue")

        def enqueue(*values):
            contents = _contents(state, queue)
            if contents.closed:
                raise errors.CancelledError(
                    None, op, "%s '%s' is closed.\n\t [[node %s]]"
                    % (queue._kind, queue.name, op.name))
            arrays = _check_components(op, queue, values, many)
            if many and len({len(a) if a.ndim else -1 for a in arrays}) != 1 or \
                    many and arrays[0].ndim == 0:
                raise errors.InvalidArgumentError(
                    None, op, "Shape mismatch in tuple components: enqueue_many needs every "
                    "component to have the same first dimension, got shapes %s\n\t [[node %s]]"
                    % ([list(a.shape) for a in arrays], op.name))
            rows = zip(*arrays) if many else [tuple(arrays)]
            new = [tuple(np.array(x) for x in row) for row in rows]
            # TF blocks an enqueue while the queue is full; course never blocks, so a queue may
            # hold more than its capacity (an input producer's whole epoch, enqueued at once).
            contents.items.extend(new)
        return enqueue
    return make


def _take(contents, queue, count):
    if queue._min_after_dequeue is None:       # FIFO
        taken, contents.items[:count] = contents.items[:count], []
        return taken
    taken = []
    for _ in range(count):
        i = contents.rng.randint(len(contents.items))
        contents.items[i], contents.items[-1] = contents.items[-1], contents.items[i]
        taken.append(contents.items.pop())
    return taken


def dequeue_element(op, state, queue):
    """One element (a tuple of arrays) taken from ``queue`` for ``op`` (a dequeue or a reader),
    its runners run first if it is empty; OutOfRangeError once it is closed and empty."""
    return _dequeue_kernel("element")(op, state, queue)()


def _dequeue_kernel(kind):
    def make(op, state, queue=None):
        queue = queue or op.get_attr("queue")

        def dequeue(*n):
            contents = _contents(state, queue)
            count = int(n[0]) if n else 1
            # A shuffle queue keeps min_after_dequeue elements back until it is closed; its
            # runners fill it to capacity, as TF's threads keep it full.
            keep = queue._min_after_dequeue or 0
            needed = count + keep
            _refill(op, state, queue, contents, needed,
                    max(needed, queue.capacity) if keep else needed)
            size = len(contents.items)
            short = size < count + (0 if contents.closed else keep)
            if short and not (kind == "up_to" and contents.closed and size > 0):
                raise errors.OutOfRangeError(
                    None, op, "%s '%s' is closed and has insufficient elements (requested %d, "
                    "current size %d)\n\t [[node %s]]"
                    % (queue._kind, queue.name, count, size, op.name))
            taken = _take(contents, queue, min(count, size))
            if kind == "element":
                return taken[0]
            if kind == "one":
                return tuple(taken[0]) if len(taken[0]) > 1 else taken[0][0]
            stacked = tuple(np.stack(column) for column in zip(*taken))
            return stacked if len(stacked) > 1 else stacked[0]
        return dequeue
    return make


def _close_kernel(op, state):
    queue = op.get_attr("queue")

    def close():
        # Without threads no enqueue is ever pending, so cancel_pending_enqueues changes nothing.
        _contents(state, queue).closed = True
    return close


def _size_kernel(op, state):
    queue = op.get_attr("queue")
    return lambda: np.array(len(_contents(state, queue).items), dtype=np.int32)


def _dequeue_infer(leading):
    def infer(op):
        queue = op.get_attr("queue")
        lead = leading(op)
        return [(d, TensorShape(lead).concatenate(s) if s is not None else TensorShape(None))
                for d, s in zip(queue.dtypes, queue._shapes)]
    return infer


def _many_leading(op):
    value = constant_value(op.inputs[0])
    return [None if value is None else int(value)]


_STATEFUL = dict(foldable=False, differentiable=False)
define_op("QueueEnqueueV2", make_kernel=_enqueue_kernel(False), infer=lambda op: [],
          num_outputs=0, **_STATEFUL)
define_op("QueueEnqueueManyV2", make_kernel=_enqueue_kernel(True), infer=lambda op: [],
          num_outputs=0, **_STATEFUL)
define_op("QueueDequeueV2", make_kernel=_dequeue_kernel("one"), infer=_dequeue_infer(lambda op: []),
          num_outputs=lambda attrs: len(attrs["queue"].dtypes), **_STATEFUL)
define_op("QueueDequeueManyV2", make_kernel=_dequeue_kernel("many"),
          infer=_dequeue_infer(_many_leading),
          num_outputs=lambda attrs: len(attrs["queue"].dtypes), **_STATEFUL)
define_op("QueueDequeueUpToV2", make_kernel=_dequeue_kernel("up_to"),
          infer=_dequeue_infer(lambda op: [None]),
          num_outputs=lambda attrs: len(attrs["queue"].dtypes), **_STATEFUL)
define_op("QueueCloseV2", make_kernel=_close_kernel, infer=lambda op: [], num_outputs=0,
          **_STATEFUL)
define_op("QueueSizeV2", make_kernel=_size_kernel,
          infer=lambda op: [(dtypes.int32, TensorShape([]))], **_STATEFUL)


class QueueBase:
    """What FIFOQueue and RandomShuffleQueue share: TF1's queue methods."""

    _kind = "Queue"

    def __init__(self, capacity, dtypes_, shapes, names, name, min_after_dequeue=None,
                 seed=None):
        single = not isinstance(dtypes_, (list, tuple))
        self._dtypes = [dtypes.as_dtype(d) for d in ([dtypes_] if single else dtypes_)]
        if shapes is not None:
            shapes = [as_shape(s) for s in ([shapes] if single else shapes)]
            if len(shapes) != len(self._dtypes):
                raise ValueError("Queue shapes must have the same length as dtypes")
        self._shapes = shapes or [None] * len(self._dtypes)
        self._names = list(names) if names is not None else None
        self.capacity = int(capacity)
        self._min_after_dequeue = min_after_dequeue
        graph = get_default_graph()
        self._seeds = op_seed_attrs(seed, graph) if min_after_dequeue is not None else (0, 0)
        with name_scope(name) as scope:
            self._name = scope.rstrip("/")
        self._graph = graph

    name = property(lambda self: self._name)
    dtypes = property(lambda self: list(self._dtypes))
    shapes = property(lambda self: [s if s is not None else TensorShape(None)
                                    for s in self._shapes])
    names = property(lambda self: self._names)

    def _attrs(self, **extra):
        return dict(queue=self, **extra)

    def _components(self, vals):
        if self._names is not None:
            if not isinstance(vals, dict):
                raise ValueError("Queue must have names to enqueue a dictionary")
            vals = [vals[n] for n in self._names]
        elif not isinstance(vals, (list, tuple)):
            vals = [vals]
        if len(vals) != len(self._dtypes):
            raise ValueError("Expected %d tensors to enqueue, got %d"
                             % (len(self._dtypes), len(vals)))
        return [to_tensor(v, dtype=d) for v, d in zip(vals, self._dtypes)]

    def enqueue(self, vals, name=None):
        return apply_op("QueueEnqueueV2", self._components(vals), self._attrs(),
                        name or "%s_enqueue" % self._name.split("/")[-1])

    def enqueue_many(self, vals, name=None):
        return apply_op("QueueEnqueueManyV2", self._components(vals), self._attrs(),
                        name or "%s_EnqueueMany" % self._name.split("/")[-1])

    def _returned(self, outputs):
        if self._names is not None:
            return dict(zip(self._names, outputs))
        return outputs[0] if len(outputs) == 1 else list(outputs)

    def dequeue(self, name=None):
        op = apply_op("QueueDequeueV2", [], self._attrs(),
                      name or "%s_Dequeue" % self._name.split("/")[-1])
        return self._returned(op.outputs)

    def dequeue_many(self, n, name=None):
        op = apply_op("QueueDequeueManyV2", [to_tensor(n, dtype=dtypes.int32)], self._attrs(),
                      name or "%s_DequeueMany" % self._name.split("/")[-1])
        return self._returned(op.outputs)

    def dequeue_up_to(self, n, name=None):
        op = apply_op("QueueDequeueUpToV2", [to_tensor(n, dtype=dtypes.int32)], self._attrs(),
                      name or "%s_DequeueUpTo" % self._name.split("/")[-1])
        return self._returned(op.outputs)

    def close(self, cancel_pending_enqueues=False, name=None):
        return apply_op("QueueCloseV2", [], self._attrs(
            cancel_pending_enqueues=bool(cancel_pending_enqueues)),
            name or "%s_Close" % self._name.split("/")[-1])

    def size(self, name=None):
        return apply("QueueSizeV2", [], self._attrs(),
                     name or "%s_Size" % self._name.split("/")[-1])

    def __repr__(self):
        return "<%s '%s' capacity=%d>" % (type(self).__name__, self._name, self.capacity)


class FIFOQueue(QueueBase):
    """``tf.FIFOQueue(capacity, dtypes, shapes=None, names=None, ...)``."""

    _kind = "FIFOQueue"

    def __init__(self, capacity, dtypes, shapes=None, names=None, shared_name=None,
                 name="fifo_queue"):
        super().__init__(capacity, dtypes, shapes, names, name)


class RandomShuffleQueue(QueueBase):
    """``tf.RandomShuffleQueue(capacity, min_after_dequeue, dtypes, ...)``: dequeues take a
    random element, and keep ``min_after_dequeue`` back until the queue is closed."""

    _kind = "RandomShuffleQueue"

    def __init__(self, capacity, min_after_dequeue, dtypes, shapes=None, names=None, seed=None,
                 shared_name=None, name="random_shuffle_queue"):
        if int(min_after_dequeue) >= int(capacity):
            raise ValueError("min_after_dequeue (%d) must be less than capacity (%d)"
                             % (min_after_dequeue, capacity))
        super().__init__(capacity, dtypes, shapes, names, name,
                         min_after_dequeue=int(min_after_dequeue), seed=seed)
