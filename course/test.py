"""``tf.test``: TF1's test harness (``tf.test.TestCase``, ``tf.test.main``) and the device
questions programs ask before they pick a device. course computes on the CPU with numpy:
there is no GPU.

Tutorials show ops with a ``tf.test.TestCase`` run by ``tf.test.main()``. As in TF, each test
starts on a fresh default graph whose seed is ``DEFAULT_GRAPH_SEED`` (numpy and ``random``
seeded alike), and ``test_session()`` is a session on that graph, set as the default.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import sys
import tempfile
import unittest

import numpy as np

from .framework import ops
from .framework.errors import OpError
from .framework.random_seed import DEFAULT_GRAPH_SEED
from .ops.random_ops import set_random_seed
from .session import Session


def is_gpu_available(cuda_only=False, min_cuda_compute_capability=None):
    return False


def gpu_device_name():
    return ""


def is_built_with_cuda():
    return False


def get_temp_dir():
    """A temp dir for the test run (TF's ``tf.test.get_temp_dir``: $TEST_TMPDIR when set)."""
    global _temp_dir
    if _temp_dir is None:
        _temp_dir = os.environ.get("TEST_TMPDIR") or tempfile.mkdtemp(prefix="course-test-")
    return _temp_dir


_temp_dir = None


def main(argv=None):
    """Run the ``__main__`` module's tests (TF's ``tf.test.main``); exits 0 when they pass."""
    print("Running tests under Python %s: %s" % (sys.version.split()[0], sys.executable),
          file=sys.stderr)
    unittest.main(module="__main__", argv=argv if argv is not None else sys.argv[:1])


class TestCase(unittest.TestCase):
    """``tf.test.TestCase``: unittest's, plus sessions on the test's graph and array asserts."""

    def setUp(self):
        super().setUp()
        self._cached_session = None
        random.seed(DEFAULT_GRAPH_SEED)
        np.random.seed(DEFAULT_GRAPH_SEED)
        ops.reset_default_graph()
        set_random_seed(DEFAULT_GRAPH_SEED)

    def tearDown(self):
        if self._cached_session is not None:
            self._cached_session.close()
            self._cached_session = None
        super().tearDown()

    def get_temp_dir(self):
        return get_temp_dir()

    # -- sessions
    @contextlib.contextmanager
    def session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """A new session on ``graph`` (the default graph when None), the default meanwhile."""
        graph = graph if graph is not None else ops.get_default_graph()
        with Session(graph=graph, config=config) as sess:
            yield sess

    @contextlib.contextmanager
    def cached_session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """The test's one session on the default graph (a new one for another ``graph``)."""
        if graph is not None and graph is not ops.get_default_graph():
            with self.session(graph, config) as sess:
                yield sess
            return
        if self._cached_session is None or self._cached_session.graph is not ops.get_default_graph():
            self._cached_session = Session(graph=ops.get_default_graph(), config=config)
        sess = self._cached_session
        with sess.graph.as_default(), sess.as_default():
            yield sess

    def test_session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """TF1's name for ``cached_session``. Its name starts with ``test``, so unittest also
        collects it as a test, which TF skips."""
        if self.id().endswith(".test_session"):
            self.skipTest("Not a test.")
        return self.cached_session(graph, config)

    def evaluate(self, tensors):
        """The values of ``tensors`` (any nest) in the default session, or a new one."""
        sess = ops.get_default_session()
        if sess is not None:
            return sess.run(tensors)
        with self.cached_session() as sess:
            return sess.run(tensors)

    # -- asserts
    def _array(self, value):
        if hasattr(value, "graph") and hasattr(value, "dtype"):  # a tensor or a variable
            value = self.evaluate(value)
        return np.asarray(value)

    def assertAllEqual(self, a, b, msg=None):
        a, b = self._array(a), self._array(b)
        self.assertEqual(a.shape, b.shape, "Shape mismatch: expected %s, got %s. %s"
                         % (a.shape, b.shape, msg or ""))
        np.testing.assert_array_equal(a, b, err_msg=msg or "")

    def assertAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):
        if isinstance(a, dict) and isinstance(b, dict):
            self.assertEqual(set(a), set(b), msg)
            for key in a:
                self.assertAllClose(a[key], b[key], rtol, atol, msg)
            return
        if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)) and any(
                isinstance(x, (list, tuple, dict, np.ndarray)) for x in list(a) + list(b)) and \
                not _is_rectangular(a):
            self.assertEqual(len(a), len(b), msg)
            for x, y in zip(a, b):
                self.assertAllClose(x, y, rtol, atol, msg)
            return
        a, b = self._array(a), self._array(b)
        self.assertEqual(a.shape, b.shape, "Shape mismatch: expected %s, got %s. %s"
                         % (a.shape, b.shape, msg or ""))
        np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, err_msg=msg or "",
                                   equal_nan=True)

    def assertAllCloseAccordingToType(self, a, b, rtol=1e-6, atol=1e-6, float_rtol=1e-6,
                                      float_atol=1e-6, half_rtol=1e-3, half_atol=1e-3,
                                      bfloat16_rtol=1e-2, bfloat16_atol=1e-2, msg=None):
        a, b = self._array(a), self._array(b)
        if a.dtype == np.float32 or b.dtype == np.float32:
            rtol, atol = max(rtol, float_rtol), max(atol, float_atol)
        if a.dtype == np.float16 or b.dtype == np.float16:
            rtol, atol = max(rtol, half_rtol), max(atol, half_atol)
        self.assertAllClose(a, b, rtol, atol, msg)

    def assertNear(self, f1, f2, err, msg=None):
        self.assertTrue(f1 == f2 or abs(f1 - f2) <= err,
                        "%f != %f +/- %f%s" % (f1, f2, err, " (%s)" % msg if msg else ""))

    def assertArrayNear(self, farray1, farray2, err, msg=None):
        self.assertEqual(len(farray1), len(farray2), msg)
        for f1, f2 in zip(farray1, farray2):
            self.assertNear(float(f1), float(f2), err, msg)

    def assertNDArrayNear(self, ndarray1, ndarray2, err, msg=None):
        self.assertTrue(np.linalg.norm(ndarray1 - ndarray2) < err, msg)

    def assertShapeEqual(self, np_array, tf_tensor, msg=None):
        self.assertAllEqual(np_array.shape, tf_tensor.get_shape().as_list(), msg)

    def assertAllGreater(self, a, comparison_target):
        self.assertTrue(np.all(self._array(a) > comparison_target))

    def assertAllLess(self, a, comparison_target):
        self.assertTrue(np.all(self._array(a) < comparison_target))

    def assertAllGreaterEqual(self, a, comparison_target):
        self.assertTrue(np.all(self._array(a) >= comparison_target))

    def assertAllLessEqual(self, a, comparison_target):
        self.assertTrue(np.all(self._array(a) <= comparison_target))

    def assertAllInSet(self, target, expected_set):
        values = set(np.unique(self._array(target)).tolist())
        self.assertTrue(values <= set(expected_set),
                        "%s has values outside %s" % (sorted(values), expected_set))

    def assertRaisesWithPredicateMatch(self, exception_type, expected_err_re_or_predicate):
        if callable(expected_err_re_or_predicate):
            predicate = expected_err_re_or_predicate
        else:
            pattern = expected_err_re_or_predicate
            predicate = lambda error: re.search(pattern, str(error)) is not None  # noqa: E731
        return _RaisesWithPredicate(self, exception_type, predicate)

    def assertRaisesOpError(self, expected_err_re_or_predicate):
        return self.assertRaisesWithPredicateMatch(OpError, expected_err_re_or_predicate)


def _is_rectangular(values):
    try:
        np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        return False
    return True


class _RaisesWithPredicate:
    def __init__(self, case, exception_type, predicate):
        self._case, self._type, self._predicate = case, exception_type, predicate

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self._case.fail("%s not raised" % self._type.__name__)
        if not issubclass(exc_type, self._type):
            return False
        if not self._predicate(exc):
            self._case.fail("Exception of type %s: %s does not match" % (exc_type.__name__, exc))
        return True
