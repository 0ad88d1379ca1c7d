"""``tf.train.Coordinator``: how threads agree to stop. course runs no background threads
(queue runners run their enqueue ops on demand, see train/queue_runner.py), so it only
records a stop request and an exception to re-raise."""
import contextlib
import sys


class Coordinator:
    def __init__(self, clean_stop_exception_types=None):
        self._clean_stop_exception_types = tuple(clean_stop_exception_types or ())
        self._stop_requested = False
        self._exc_info = None

    def should_stop(self):
        return self._stop_requested

    def request_stop(self, ex=None):
        """Ask everyone to stop; ``ex`` (an exception or exc_info) is re-raised by join()."""
        if ex is not None and self._exc_info is None:
            exc = ex[1] if isinstance(ex, tuple) else ex
            if not isinstance(exc, self._clean_stop_exception_types):
                self._exc_info = ex if isinstance(ex, tuple) else (type(ex), ex, ex.__traceback__)
        self._stop_requested = True

    def clear_stop(self):
        self._stop_requested = False
        self._exc_info = None

    def raise_requested_exception(self):
        if self._exc_info is not None:
            raise self._exc_info[1]

    def wait_for_stop(self, timeout=None):
        return self._stop_requested

    @contextlib.contextmanager
    def stop_on_exception(self):
        try:
            yield
        except BaseException:  # noqa: B902 - recorded, then re-raised by join()
            self.request_stop(sys.exc_info())

    def register_thread(self, thread):
        pass

    def join(self, threads=None, stop_grace_period_secs=120, ignore_live_threads=False):
        self.raise_requested_exception()

    @property
    def joined(self):
        return self._stop_requested
