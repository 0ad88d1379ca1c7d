"""``tf.linalg``: linear algebra under TF 1.13+'s names (the TF1 top-level names are in
course/__init__.py)."""
from .ops.linalg_ops import eye, norm, tensordot  # noqa: F401
from .ops.math_ops import matmul  # noqa: F401
from .ops.matrix_ops import (  # noqa: F401
    cholesky, cross, matrix_determinant as det, matrix_diag as diag,
    matrix_diag_part as diag_part, matrix_inverse as inv, matrix_solve as solve,
    matrix_transpose as adjoint, matrix_transpose as transpose, self_adjoint_eig as eigh,
    self_adjoint_eigvals as eigvalsh, diag as tensor_diag, diag_part as tensor_diag_part)
