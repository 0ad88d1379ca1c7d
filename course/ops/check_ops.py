"""``tf.Assert`` and the ``tf.assert_*`` checks: an op that fails the run with
InvalidArgumentError when its condition is false (TF's Assert kernel), and TF's static check
first — when both sides are constants, a failing comparison raises at graph build."""
import numpy as np

from ..framework import errors
from ..framework.ops import name_scope
from ..framework.registry import define_op
from .core import apply_op, constant_value, to_tensor
from . import math_ops, reduction_ops
from .logging_ops import _format


def _make_assert_kernel(op, state):
    summarize = op.get_attr("summarize")

    def check(condition, *data):
        if not np.all(condition):
            raise errors.InvalidArgumentError(
                None, op, "assertion failed: %s" % " ".join(_show(value, summarize)
                                                            for value in data))
    return check


def _show(value, summarize):
    # A message string shows as its text, as TF prints it: [Condition x == y did not hold].
    value = np.asarray(value)
    if value.ndim == 0 and isinstance(value.item(), bytes):
        return "[%s]" % value.item().decode("utf-8", "replace")
    return _format(value, summarize)


define_op("Assert", make_kernel=_make_assert_kernel, infer=lambda op: [], differentiable=False,
          foldable=False)


def Assert(condition, data, summarize=None, name=None):
    """``tf.Assert``: an op that, when run, fails with InvalidArgumentError printing ``data``
    (``summarize`` entries each, default 3) unless ``condition`` holds."""
    with name_scope(name, "Assert", [condition, data]) as scope:
        condition = to_tensor(condition, name="Condition")
        data = [to_tensor(d) for d in data]
        return apply_op("Assert", [condition] + data,
                        {"summarize": 3 if summarize is None else int(summarize)},
                        name=scope.rstrip("/") or "Assert")


def _binary_check(compare, symbol, default_name):
    def check(x, y, data=None, summarize=None, message=None, name=None):
        with name_scope(name, default_name, [x, y, data]):
            x, y = to_tensor(x, name="x"), to_tensor(y, name="y")
            if data is None:
                data = [message] if message else []
                data += ["Condition x %s y did not hold element-wise:" % symbol,
                         "x (%s) = " % x.name, x, "y (%s) = " % y.name, y]
            x_static, y_static = constant_value(x), constant_value(y)
            if x_static is not None and y_static is not None:
                if not np.all(compare(np.asarray(x_static), np.asarray(y_static))):
                    raise errors.InvalidArgumentError(
                        None, None, "\n".join(str(d) if not hasattr(d, "op") else
                                              str(constant_value(d)) for d in data))
            condition = reduction_ops.reduce_all(getattr(math_ops, compare.__name__)(x, y))
            return Assert(condition, data, summarize=summarize)
    return check


assert_equal = _binary_check(np.equal, "==", "assert_equal")
assert_less = _binary_check(np.less, "<", "assert_less")
assert_less_equal = _binary_check(np.less_equal, "<=", "assert_less_equal")
assert_greater = _binary_check(np.greater, ">", "assert_greater")
assert_greater_equal = _binary_check(np.greater_equal, ">=", "assert_greater_equal")


def _sign_check(compare, symbol, default_name):
    """TF's assert_positive & co.: ``x`` compared with a zero of its dtype."""
    def check(x, data=None, summarize=None, message=None, name=None):
        with name_scope(name, default_name, [x, data]):
            x = to_tensor(x, name="x")
            if data is None:
                data = ([message] if message else []) + [
                    "Condition x %s 0 did not hold element-wise:" % symbol,
                    "x (%s) = " % x.name, x]
            zero = to_tensor(0, dtype=x.dtype)
            return compare(zero, x, data=data, summarize=summarize)
    return check


assert_positive = _sign_check(assert_less, ">", "assert_positive")
assert_non_negative = _sign_check(assert_less_equal, ">=", "assert_non_negative")
assert_negative = _sign_check(assert_greater, "<", "assert_negative")
assert_non_positive = _sign_check(assert_greater_equal, "<=", "assert_non_positive")
