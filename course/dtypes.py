"""``tf.dtypes``: the dtype objects, ``as_dtype`` and ``cast`` under TF's module name."""
from .framework.dtypes import (  # noqa: F401
    DType, as_dtype, bool_ as bool, complex64, complex128, double, float16, float32, float64, half,
    int8, int16, int32, int64, string, uint8, uint16, uint32, uint64)
from .ops.array_ops import cast  # noqa: F401
