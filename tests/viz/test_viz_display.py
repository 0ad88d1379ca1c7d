"""A picture leaves the kernel before more work starts: `wait_until_sent`."""

import queue
import threading
from types import SimpleNamespace

import IPython

from course.viz.drawing import display


def test_outside_a_kernel_it_returns_at_once():
    display.wait_until_sent()     # plain Python: no IPython shell, nothing to wait for


def test_it_waits_for_the_sending_thread_to_reach_what_was_queued(monkeypatch):
    """The wait ends when the IOPub thread runs the callback queued after the picture."""
    scheduled, done = queue.Queue(), []

    def sender():                     # the IOPub thread: sends in order, then runs the callback
        callback = scheduled.get()
        done.append("picture sent")
        callback()

    thread = SimpleNamespace(schedule=scheduled.put)
    shell = SimpleNamespace(kernel=SimpleNamespace(iopub_thread=thread))
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    worker = threading.Thread(target=sender)
    worker.start()
    display.wait_until_sent(timeout=60)
    assert done == ["picture sent"]
    worker.join()
