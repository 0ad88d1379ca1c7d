"""``tf.py_func``: a Python function as an op (run by the session each time, never folded)."""
import numpy as np

from ..framework import dtypes
from ..framework.registry import define_op
from ..framework.tensor_shape import unknown_shape
from .core import apply_op, to_tensor


def _make_py_func_kernel(op, state):
    func, types = op.get_attr("func"), op.get_attr("Tout")

    def kernel(*inputs):
        results = func(*inputs)
        if not isinstance(results, (list, tuple)):
            results = [results]
        if len(results) != len(types):
            raise ValueError("%s returned %d values, %d expected (Tout)"
                             % (getattr(func, "__name__", "func"), len(results), len(types)))
        converted = []
        for value, dtype in zip(results, types):
            array = np.asarray(value)
            if dtype == dtypes.string:
                converted.append(array.astype(object))
            elif array.dtype != dtype.np:
                raise ValueError("%s returned %s where Tout says %s"
                                 % (getattr(func, "__name__", "func"), array.dtype, dtype.name))
            else:
                converted.append(array)
        return tuple(converted) if len(converted) > 1 else converted[0]
    return kernel


define_op("PyFunc", make_kernel=_make_py_func_kernel,
          infer=lambda op: [(t, unknown_shape()) for t in op.get_attr("Tout")],
          differentiable=False, num_outputs=lambda attrs: len(attrs["Tout"]))


def py_func(func, inp, Tout, stateful=True, name=None):
    """``tf.py_func``: ``func(*numpy arrays)`` computed when the op runs; ``Tout`` a dtype (one
    result) or a list of dtypes."""
    single = not isinstance(Tout, (list, tuple))
    types = [dtypes.as_dtype(t) for t in ([Tout] if single else Tout)]
    op = apply_op("PyFunc", [to_tensor(x) for x in inp],
                  {"func": func, "Tout": types, "stateful": bool(stateful)}, name=name or "PyFunc")
    return op.outputs[0] if single else list(op.outputs)
