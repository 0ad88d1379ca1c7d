"""``tf.math``: the TF 1.13+ home of the math ops (the same functions as at the top level).

The names tf.math shares with the top level are listed here only: course/__init__.py takes
them with ``from .math import *``."""
from .ops.math_ops import (  # noqa: F401
    abs, add, add_n, ceil, cos, div_no_nan, divide, equal, exp, floor, floordiv, floormod,
    greater, greater_equal, is_finite, is_inf, is_nan, less, less_equal, log, log1p, logical_and,
    logical_not, logical_or, logical_xor, maximum, minimum, multiply, negative, not_equal, pow,
    reciprocal, round, rsqrt, sigmoid, sign, sin, sqrt, square, squared_difference, subtract,
    tanh, truediv)
from .ops.math_ops import cumsum  # noqa: F401
from .ops.math_ops import acos, asin, atan, cosh, sinh, tan  # noqa: F401
from .ops.math_ops import erf, erfc, expm1, rint  # noqa: F401
from .ops.math_ops import floormod as mod  # noqa: F401
from .ops.nn_ops import log_sigmoid  # noqa: F401
from .ops.reduction_ops import (  # noqa: F401
    argmax, argmin, count_nonzero, reduce_all, reduce_any, reduce_logsumexp, reduce_max,
    reduce_mean, reduce_min, reduce_prod, reduce_sum)
from .ops.scatter_ops import unsorted_segment_sum  # noqa: F401

# Every name above is a top-level name too; those below are tf.math's (and tf.nn's) only.
__all__ = sorted(name for name in dir() if not name.startswith("_"))

from .ops.nn_ops import log_softmax, softmax, softplus, softsign  # noqa: E402, F401
from .ops.topk_ops import in_top_k, top_k  # noqa: E402, F401
from .ops.linalg_ops import tensordot  # noqa: E402, F401
from .ops.composite_ops import confusion_matrix  # noqa: E402, F401
