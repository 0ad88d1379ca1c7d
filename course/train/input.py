"""TF1's queue-based input pipelines: ``tf.train.batch``, ``shuffle_batch`` and the input
producers (``input_producer``, ``string_input_producer``, ``range_input_producer``,
``slice_input_producer``), built as TF builds them: a queue, an enqueue op, a QueueRunner
in the graph's QUEUE_RUNNERS collection and a "fraction full" summary. ``num_epochs`` counts
with a local ``epochs`` variable (``count_up_to``), so a finished input raises
OutOfRangeError, which closes the queue and then ends the program's loop.
"""
from .. import summary
from ..framework import dtypes
from ..framework.ops import GraphKeys, control_dependencies, name_scope
from ..framework.tensor_shape import as_shape, unknown_shape
from ..ops import array_ops, math_ops, random_ops
from ..ops.core import convert_to_tensor
from ..ops.queue_ops import FIFOQueue, RandomShuffleQueue
from ..variables import Variable
from .queue_runner import QueueRunner, add_queue_runner


def limit_epochs(tensor, num_epochs=None, name=None):
    """``tensor``, until it has been produced ``num_epochs`` times; then OutOfRangeError."""
    if num_epochs is None:
        return tensor
    if num_epochs <= 0:
        raise ValueError("num_epochs must be > 0 not %d." % num_epochs)
    with name_scope(name, "limit_epochs", [tensor]) as name:
        epochs = Variable(convert_to_tensor(0, dtype=dtypes.int64), name="epochs",
                          trainable=False, collections=[GraphKeys.LOCAL_VARIABLES])
        counter = epochs.count_up_to(num_epochs)
        with control_dependencies([counter]):
            return array_ops.identity(tensor, name=name.rstrip("/") or None)


def _fraction_full(queue, capacity):
    return math_ops.multiply(array_ops.cast(queue.size(), dtypes.float32), 1. / capacity)


def input_producer(input_tensor, element_shape=None, num_epochs=None, shuffle=True, seed=None,
                   capacity=32, shared_name=None, summary_name=None, name=None,
                   cancel_op=None):
    """A queue fed, one epoch at a time, with the rows of ``input_tensor``."""
    with name_scope(name, "input_producer", [input_tensor]):
        input_tensor = convert_to_tensor(input_tensor, name="input_tensor")
        element_shape = input_tensor.shape[1:].merge_with(
            as_shape(element_shape) if element_shape is not None else unknown_shape())
        if not element_shape.is_fully_defined():
            raise ValueError("Either `input_tensor` must have a fully defined shape "
                             "or `element_shape` must be specified")
        if shuffle:
            input_tensor = random_ops.random_shuffle(input_tensor, seed=seed)
        input_tensor = limit_epochs(input_tensor, num_epochs)
        queue = FIFOQueue(capacity=capacity, dtypes=[input_tensor.dtype.base_dtype],
                          shapes=[element_shape], name=name or "fifo_queue")
        add_queue_runner(QueueRunner(queue, [queue.enqueue_many([input_tensor])],
                                     cancel_op=cancel_op))
        if summary_name is not None:
            summary.scalar(summary_name, _fraction_full(queue, capacity))
        return queue


def string_input_producer(string_tensor, num_epochs=None, shuffle=True, seed=None, capacity=32,
                          shared_name=None, name=None, cancel_op=None):
    """A queue of the strings of ``string_tensor``, ``num_epochs`` times (or forever)."""
    if not hasattr(string_tensor, "op") and not len(string_tensor):
        raise ValueError("string_input_producer requires a non-null input tensor")
    with name_scope(name, "input_producer", [string_tensor]):
        string_tensor = convert_to_tensor(string_tensor, dtype=dtypes.string)
        return input_producer(string_tensor, [], num_epochs, shuffle, seed, capacity,
                              shared_name, "fraction_of_%d_full" % capacity,
                              cancel_op=cancel_op)


def range_input_producer(limit, num_epochs=None, shuffle=True, seed=None, capacity=32,
                         shared_name=None, name=None):
    """A queue of the integers 0 .. limit-1, ``num_epochs`` times (or forever)."""
    with name_scope(name, "input_producer", [limit]):
        return input_producer(array_ops.range(limit), [], num_epochs, shuffle, seed, capacity,
                              shared_name, "fraction_of_%d_full" % capacity)


def slice_input_producer(tensor_list, num_epochs=None, shuffle=True, seed=None, capacity=32,
                         shared_name=None, name=None):
    """One row of every tensor in ``tensor_list`` (the same row), each run."""
    with name_scope(name, "input_producer", list(tensor_list)):
        tensor_list = [convert_to_tensor(t) for t in tensor_list]
        if not tensor_list:
            raise ValueError("Expected at least one tensor in slice_input_producer().")
        range_size = array_ops.shape(tensor_list[0])[0]
        queue = range_input_producer(range_size, num_epochs=num_epochs, shuffle=shuffle,
                                     seed=seed, capacity=capacity, shared_name=shared_name)
        index = queue.dequeue()
        return [array_ops.gather(t, index) for t in tensor_list]


# -- batching ---------------------------------------------------------------------------------
def _as_tensor_list(tensors):
    if isinstance(tensors, dict):
        return [tensors[k] for k in sorted(tensors, key=str)]
    if hasattr(tensors, "op"):
        return [tensors]
    return list(tensors)


def _as_original_type(original, dequeued):
    if isinstance(original, dict):
        if len(original) == 1:      # a one-component dequeue is a bare tensor (TF's b/28117485)
            dequeued = [dequeued]
        return {k: dequeued[i] for i, k in enumerate(sorted(original, key=str))}
    return dequeued


def _shapes(tensor_list, shapes, enqueue_many):
    if shapes is not None:
        return [as_shape(s) for s in shapes]
    found = []
    for t in tensor_list:
        shape = t.shape[1:] if enqueue_many and t.shape.ndims is not None else t.shape
        if not shape.is_fully_defined():
            raise ValueError("All shapes must be fully defined: %s"
                             % [t.shape for t in tensor_list])
        found.append(shape)
    return found


def _batch_queue(queue, tensor_list, num_threads, enqueue_many, batch_size,
                 allow_smaller_final_batch):
    enqueue = queue.enqueue_many if enqueue_many else queue.enqueue
    add_queue_runner(QueueRunner(queue, [enqueue(tensor_list)] * num_threads))
    if allow_smaller_final_batch:
        return queue.dequeue_up_to(batch_size)
    return queue.dequeue_many(batch_size)


def batch(tensors, batch_size, num_threads=1, capacity=32, enqueue_many=False, shapes=None,
          dynamic_pad=False, allow_smaller_final_batch=False, shared_name=None, name=None):
    """``tf.train.batch``: ``batch_size`` elements of ``tensors``, in order, each run."""
    if dynamic_pad:
        raise NotImplementedError("tf.train.batch(dynamic_pad=True) (a PaddingFIFOQueue) is "
                                  "not supported by course")
    tensor_list = [convert_to_tensor(t) for t in _as_tensor_list(tensors)]
    if not tensor_list:
        raise ValueError("Expected at least one tensor in batch().")
    with name_scope(name, "batch", tensor_list):
        queue = FIFOQueue(capacity=capacity, dtypes=[t.dtype.base_dtype for t in tensor_list],
                          shapes=_shapes(tensor_list, shapes, enqueue_many))
        summary.scalar("fraction_of_%d_full" % capacity, _fraction_full(queue, capacity))
        dequeued = _batch_queue(queue, tensor_list, num_threads, enqueue_many, batch_size,
                                allow_smaller_final_batch)
        return _as_original_type(tensors, dequeued)


def shuffle_batch(tensors, batch_size, capacity, min_after_dequeue, num_threads=1, seed=None,
                  enqueue_many=False, shapes=None, allow_smaller_final_batch=False,
                  shared_name=None, name=None):
    """``tf.train.shuffle_batch``: ``batch_size`` elements drawn at random from a queue that
    keeps at least ``min_after_dequeue`` (until its input ends)."""
    tensor_list = [convert_to_tensor(t) for t in _as_tensor_list(tensors)]
    if not tensor_list:
        raise ValueError("Expected at least one tensor in shuffle_batch().")
    with name_scope(name, "shuffle_batch", tensor_list):
        if capacity <= min_after_dequeue:
            raise ValueError("capacity %d must be bigger than min_after_dequeue %d."
                             % (capacity, min_after_dequeue))
        queue = RandomShuffleQueue(
            capacity=capacity, min_after_dequeue=min_after_dequeue, seed=seed,
            dtypes=[t.dtype.base_dtype for t in tensor_list],
            shapes=_shapes(tensor_list, shapes, enqueue_many))
        over = math_ops.maximum(0, queue.size() - min_after_dequeue)
        summary.scalar("fraction_over_%d_of_%d_full" % (min_after_dequeue,
                                                         capacity - min_after_dequeue),
                       math_ops.multiply(array_ops.cast(over, dtypes.float32),
                                         1. / (capacity - min_after_dequeue)))
        dequeued = _batch_queue(queue, tensor_list, num_threads, enqueue_many, batch_size,
                                allow_smaller_final_batch)
        return _as_original_type(tensors, dequeued)
