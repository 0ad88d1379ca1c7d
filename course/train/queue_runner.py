"""``tf.train.QueueRunner``, ``add_queue_runner`` and ``start_queue_runners``.

TF starts one thread per enqueue op, each running it in a loop. course starts no threads:
``start_queue_runners`` registers each runner with the session as a *feeder* of its queue,
and a dequeue that would block runs the feeders' enqueue ops through the session, one step
at a time (see ops/queue_ops.py). An enqueue op that raises OutOfRangeError (its input's
epochs are used up) is finished; when all of a runner's are, it runs the close op, as TF's
last thread does. Other errors go to the coordinator (re-raised by ``coord.join()``) and
propagate, as they would stop TF's program.
"""
from ..framework import errors
from ..framework.ops import GraphKeys, get_default_graph, get_default_session


class QueueRunner:
    """``tf.train.QueueRunner(queue, enqueue_ops, close_op=None, cancel_op=None, ...)``."""

    def __init__(self, queue=None, enqueue_ops=None, close_op=None, cancel_op=None,
                 queue_closed_exception_types=None, queue_runner_def=None, import_scope=None):
        if queue_runner_def is not None:
            raise NotImplementedError("QueueRunner(queue_runner_def=...) is not supported by "
                                      "course")
        if queue is None or not enqueue_ops:
            raise ValueError("Queue and enqueue_ops are required.")
        self._queue = queue
        self._enqueue_ops = list(enqueue_ops)
        self._close_op = close_op if close_op is not None else queue.close()
        self._cancel_op = cancel_op if cancel_op is not None else queue.close(
            cancel_pending_enqueues=True)
        self._queue_closed_exception_types = tuple(queue_closed_exception_types
                                                   or (errors.OutOfRangeError,))

    queue = property(lambda self: self._queue)
    enqueue_ops = property(lambda self: list(self._enqueue_ops))
    close_op = property(lambda self: self._close_op)
    cancel_op = property(lambda self: self._cancel_op)
    queue_closed_exception_types = property(lambda self: self._queue_closed_exception_types)
    name = property(lambda self: self._queue.name)

    def create_threads(self, sess, coord=None, daemon=False, start=False):
        """Register this runner with ``sess``; returns one stand-in thread per enqueue op (for
        ``coord.join(threads)``)."""
        feeder = _Feeder(self, sess, coord)
        feeders = sess._state.kernel_state.setdefault("queue_feeders", {})
        feeders.setdefault(self._queue, []).append(feeder)
        return [_FeederThread(feeder, i) for i in range(len(self._enqueue_ops))]


class _Feeder:
    """One runner's enqueue ops in one session, run on demand, round-robin."""

    def __init__(self, runner, sess, coord):
        self._runner, self._sess, self._coord = runner, sess, coord
        self._live = list(runner._enqueue_ops)
        self._next = 0
        self.done = False

    def step(self):
        """Run one enqueue op; False once every op is finished (the queue is then closed)."""
        if self.done or (self._coord is not None and self._coord.should_stop()):
            return False
        op = self._live[self._next % len(self._live)]
        try:
            self._sess.run(op)
            self._next += 1
            return True
        except self._runner._queue_closed_exception_types:
            self._live.remove(op)
            if not self._live:
                self.done = True
                self._sess.run(self._runner._close_op)
            return not self.done
        except Exception as exc:
            self.done = True
            if self._coord is not None:
                self._coord.request_stop(exc)
            raise


class _FeederThread:
    """What ``start_queue_runners`` returns in place of a thread."""

    def __init__(self, feeder, index):
        self._feeder, self.name = feeder, "QueueRunnerThread-%s-%d" % (
            feeder._runner.name, index)
        self.daemon = True

    def is_alive(self):
        return not self._feeder.done

    def join(self, timeout=None):
        pass

    def start(self):
        pass


def add_queue_runner(qr, collection=GraphKeys.QUEUE_RUNNERS):
    """``tf.train.add_queue_runner(qr)``: add ``qr`` to the graph's queue runners."""
    get_default_graph().add_to_collection(collection, qr)


def start_queue_runners(sess=None, coord=None, daemon=True, start=True,
                        collection=GraphKeys.QUEUE_RUNNERS):
    """``tf.train.start_queue_runners(sess, coord)``: start the graph's queue runners."""
    if sess is None:
        sess = get_default_session()
        if sess is None:
            raise ValueError("Cannot start queue runners: No default session is registered. "
                             "Use `with sess.as_default()` or pass an explicit session to "
                             "tf.start_queue_runners(sess=sess)")
    threads = []
    for qr in sess.graph.get_collection(collection):
        threads.extend(qr.create_threads(sess, coord=coord, daemon=daemon, start=start))
    return threads
