"""Linear algebra kernels: ``tf.diag``/``tf.diag_part``, ``tf.matrix_determinant``,
``tf.matrix_inverse``, ``tf.cholesky``, ``tf.matrix_solve``, ``tf.self_adjoint_eig`` and
``tf.cross``, with TF's gradients (tensorflow/python/ops/linalg_grad.py, array_grad.py,
math_grad.py). Matrix ops work on the last two axes, batched over the others (LAPACK through
numpy, where TF calls Eigen: the same factorisations, rounded differently in the last bits).
"""
import numpy as np

from ..framework import dtypes, errors
from ..framework.registry import define_op
from ..framework.tensor_shape import TensorShape, unknown_shape
from .core import NUMERIC, apply, apply_op, check_dtype, shape_error, to_tensor
from . import array_ops, math_ops

_LINALG_DTYPES = (dtypes.float32, dtypes.float64)


# -- Diag / DiagPart: tensors of rank k <-> rank 2k ---------------------------------------------
def _diag_kernel(x):
    flat = x.reshape(-1)
    return np.diagflat(flat).reshape(x.shape + x.shape)


def _shape_rule(min_rank, output_dims):
    """An infer function for a one-input numeric op: ``output_dims(input dims)`` once the
    input's rank (at least ``min_rank``) is known."""
    def infer(op):
        x = op.inputs[0]
        check_dtype(op, x, NUMERIC)
        if x.shape.ndims is None:
            return [(x.dtype, unknown_shape())]
        if x.shape.ndims < min_rank:
            raise shape_error(op, "Shape must be at least rank %d but is rank %d"
                              % (min_rank, x.shape.ndims))
        return [(x.dtype, TensorShape(output_dims(x.shape.as_list())))]
    return infer


_diag_infer = _shape_rule(1, lambda dims: dims + dims)


def _diag_part_kernel(x):
    half = x.shape[:x.ndim // 2]
    size = int(np.prod(half))
    return np.ascontiguousarray(x.reshape(size, size).diagonal()).reshape(half)


def _diag_part_infer(op):
    x = op.inputs[0]
    check_dtype(op, x, NUMERIC)
    if x.shape.ndims is None:
        return [(x.dtype, unknown_shape())]
    rank = x.shape.ndims
    if rank == 0 or rank % 2:
        raise shape_error(op, "Input must have even rank <= 6, input rank is %d" % rank)
    dims = x.shape.as_list()
    half, other = dims[:rank // 2], dims[rank // 2:]
    for a, b in zip(half, other):
        if a is not None and b is not None and a != b:
            raise shape_error(op, "Invalid shape %s: dimensions %d and %d do not match"
                              % (x.shape.list_str(), a, b))
    return [(x.dtype, TensorShape([a if a is not None else b for a, b in zip(half, other)]))]


define_op("Diag", kernel=_diag_kernel, infer=_diag_infer,
          grad=lambda op, g: [diag_part(g)])
define_op("DiagPart", kernel=_diag_part_kernel, infer=_diag_part_infer,
          grad=lambda op, g: [diag(g)])


def diag(diagonal, name=None):
    """``tf.diag`` (``tf.linalg.tensor_diag``): a tensor of rank 2k with ``diagonal`` on its
    diagonal: ``out[i1..ik, i1..ik] = diagonal[i1..ik]``."""
    return apply("Diag", [to_tensor(diagonal)], name=name or "Diag")


def diag_part(input, name=None):
    """``tf.diag_part`` (``tf.linalg.tensor_diag_part``): the inverse of ``tf.diag``."""
    return apply("DiagPart", [to_tensor(input)], name=name or "DiagPart")


# -- square matrices -----------------------------------------------------------------------------
def _square_infer(op, arg="input"):
    """The input's dtype and static shape, checked to be [..., M, M] of float32/float64."""
    x = op.inputs[0]
    check_dtype(op, x, _LINALG_DTYPES, arg)
    if x.shape.ndims is not None:
        if x.shape.ndims < 2:
            raise shape_error(op, "Shape must be at least rank 2 but is rank %d" % x.shape.ndims)
        rows, columns = x.shape.as_list()[-2:]
        if rows is not None and columns is not None and rows != columns:
            raise shape_error(op, "Dimensions must be equal, but are %d and %d"
                              % (rows, columns))
    return x


def _same_infer(op):
    x = _square_infer(op)
    return [(x.dtype, x.shape)]


def _batch_infer(op):
    x = _square_infer(op)
    shape = unknown_shape() if x.shape.ndims is None else TensorShape(x.shape.as_list()[:-2])
    return [(x.dtype, shape)]


def _invertible(x):
    # TF's Eigen kernels refuse a singular matrix with InvalidArgumentError; LAPACK raises
    # LinAlgError (or gives infinities), so say it as TF does.
    try:
        return np.linalg.inv(x)
    except np.linalg.LinAlgError:
        raise errors.InvalidArgumentError(None, None, "Input is not invertible.") from None


def _determinant_grad(op, g):
    # d det(A) / dA = det(A) * inv(A)^T
    a, det = op.inputs[0], op.outputs[0]
    a_inverse_t = matrix_inverse(a, adjoint=True)
    scale = array_ops.expand_dims(array_ops.expand_dims(g * det, -1), -1)
    return [scale * a_inverse_t]


define_op("MatrixDeterminant", kernel=lambda x: np.linalg.det(x).astype(x.dtype),
          infer=_batch_infer, grad=_determinant_grad)


def matrix_determinant(input, name=None):
    """``tf.matrix_determinant`` (``tf.linalg.det``): determinants of [..., M, M] matrices."""
    return apply("MatrixDeterminant", [to_tensor(input)], name=name or "MatrixDeterminant")


def _inverse_kernel(x, adjoint):
    return _invertible(x.swapaxes(-1, -2) if adjoint else x).astype(x.dtype)


def _inverse_grad(op, g):
    # d inv(A) = -inv(A) dA inv(A)
    inverse = op.outputs[0]
    if op.get_attr("adjoint"):
        return [-math_ops.matmul(inverse, math_ops.matmul(g, inverse, adjoint_a=True),
                                 adjoint_b=False)]
    return [-math_ops.matmul(inverse, math_ops.matmul(g, inverse, adjoint_b=True),
                             adjoint_a=True)]


define_op("MatrixInverse", kernel=_inverse_kernel, infer=_same_infer, grad=_inverse_grad)


def matrix_inverse(input, adjoint=False, name=None):
    """``tf.matrix_inverse`` (``tf.linalg.inv``): inverses of [..., M, M] matrices (of their
    adjoints when ``adjoint``)."""
    return apply("MatrixInverse", [to_tensor(input)], {"adjoint": bool(adjoint)},
                 name=name or "MatrixInverse")


def _cholesky_kernel(x):
    try:
        return np.linalg.cholesky(x).astype(x.dtype)
    except np.linalg.LinAlgError:
        raise errors.InvalidArgumentError(
            None, None, "Cholesky decomposition was not successful. The input might not be "
            "valid.") from None


def _lower_mask(like, diagonal):
    """A constant [M, M] mask of ``like``'s dtype: 1 below the diagonal, ``diagonal`` on it
    (TF's matrix_band_part(x, -1, 0) and matrix_set_diag, as a product: needs M known)."""
    size = like.shape.as_list()[-1] if like.shape.ndims is not None else None
    if size is None:
        raise ValueError("course needs the matrix size of %r known to differentiate it"
                         % like.name)
    mask = np.tril(np.ones((size, size)), -1) + diagonal * np.eye(size)
    return array_ops.constant(mask, dtype=like.dtype)


def _cholesky_grad(op, g):
    # TF's _CholeskyGrad (Murray, "Differentiation of the Cholesky decomposition", 2016).
    lower = op.outputs[0]
    lower_inverse = matrix_inverse(lower)
    middle = math_ops.matmul(lower, g, adjoint_a=True) * _lower_mask(lower, 0.5)
    grad_a = math_ops.matmul(math_ops.matmul(lower_inverse, middle, adjoint_a=True),
                             lower_inverse)
    grad_a = grad_a + matrix_transpose(grad_a)
    return [grad_a * array_ops.constant(0.5, dtype=grad_a.dtype)]


define_op("Cholesky", kernel=_cholesky_kernel, infer=_same_infer, grad=_cholesky_grad)


def cholesky(input, name=None):
    """``tf.cholesky`` (``tf.linalg.cholesky``): the lower-triangular L with L L^T = input
    (only input's lower triangle is read, as TF's Eigen kernel does)."""
    return apply("Cholesky", [to_tensor(input)], name=name or "Cholesky")


def _solve_kernel(matrix, rhs, adjoint):
    if adjoint:
        matrix = matrix.swapaxes(-1, -2)
    try:
        return np.linalg.solve(matrix, rhs).astype(rhs.dtype)
    except np.linalg.LinAlgError:
        raise errors.InvalidArgumentError(None, None, "Input matrix is not invertible.") \
            from None


def _solve_infer(op):
    matrix = _square_infer(op, "matrix")
    rhs = op.inputs[1]
    if rhs.dtype != matrix.dtype:
        raise TypeError("Input 'rhs' of 'MatrixSolve' Op has type %s that does not match type "
                        "%s of argument 'matrix'." % (rhs.dtype.name, matrix.dtype.name))
    if matrix.shape.ndims is not None and rhs.shape.ndims is not None:
        if rhs.shape.ndims != matrix.shape.ndims:
            raise shape_error(op, "Shape must be rank %d but is rank %d"
                              % (matrix.shape.ndims, rhs.shape.ndims))
        rows, rhs_rows = matrix.shape.as_list()[-2], rhs.shape.as_list()[-2]
        if rows is not None and rhs_rows is not None and rows != rhs_rows:
            raise shape_error(op, "Dimensions must be equal, but are %d and %d"
                              % (rows, rhs_rows))
    return [(rhs.dtype, rhs.shape)]


def _solve_grad(op, g):
    matrix, solution = op.inputs[0], op.outputs[0]
    adjoint = op.get_attr("adjoint")
    grad_rhs = matrix_solve(matrix, g, adjoint=not adjoint)
    if adjoint:
        grad_matrix = -math_ops.matmul(solution, grad_rhs, adjoint_b=True)
    else:
        grad_matrix = -math_ops.matmul(grad_rhs, solution, adjoint_b=True)
    return [grad_matrix, grad_rhs]


define_op("MatrixSolve", kernel=_solve_kernel, infer=_solve_infer, grad=_solve_grad)


def matrix_solve(matrix, rhs, adjoint=False, name=None):
    """``tf.matrix_solve`` (``tf.linalg.solve``): X with matrix X = rhs (matrix^T X = rhs when
    ``adjoint``), for [..., M, M] matrices and [..., M, K] right-hand sides."""
    return apply("MatrixSolve", [to_tensor(matrix), to_tensor(rhs)], {"adjoint": bool(adjoint)},
                 name=name or "MatrixSolve")


def _eig_kernel(x, compute_v):
    # Eigen's SelfAdjointEigenSolver reads the lower triangle, as LAPACK's UPLO='L' does;
    # eigenvalues ascending. An eigenvector's sign is the solver's choice (LAPACK's here).
    values, vectors = np.linalg.eigh(x, UPLO="L")
    values = values.astype(x.dtype)
    if not compute_v:
        return values, np.zeros([0], dtype=x.dtype)
    return values, vectors.astype(x.dtype)


def _eig_infer(op):
    x = _square_infer(op)
    if x.shape.ndims is None:
        return [(x.dtype, unknown_shape()), (x.dtype, unknown_shape())]
    dims = x.shape.as_list()
    vectors = TensorShape(dims) if op.get_attr("compute_v") else TensorShape([0])
    return [(x.dtype, TensorShape(dims[:-1])), (x.dtype, vectors)]


def _eig_grad(op, grad_e, grad_v):
    # TF's _SelfAdjointEigV2Grad: A = V diag(e) V^T, only the lower triangle of A read.
    values, vectors = op.outputs
    if op.get_attr("compute_v"):
        gaps = array_ops.expand_dims(values, -2) - array_ops.expand_dims(values, -1)
        size = _lower_mask(vectors, 1.0).shape.as_list()[-1]
        off_diagonal = array_ops.constant(1 - np.eye(size), dtype=values.dtype)
        # 1 / (e_j - e_i) off the diagonal, 0 on it (where the gap is 0)
        inverse_gaps = off_diagonal / (gaps + (1 - off_diagonal))
        inner = matrix_diag(grad_e) + inverse_gaps * math_ops.matmul(vectors, grad_v,
                                                                     adjoint_a=True)
    else:
        # eigenvalues only: the eigenvectors are computed again for the gradient, as TF does
        vectors = self_adjoint_eig(op.inputs[0])[1]
        inner = matrix_diag(grad_e)
    grad_a = math_ops.matmul(vectors, math_ops.matmul(inner, vectors, adjoint_b=True))
    grad_a = grad_a + matrix_transpose(grad_a)
    return [grad_a * _lower_mask(grad_a, 0.5)]


define_op("SelfAdjointEigV2", kernel=_eig_kernel, infer=_eig_infer, grad=_eig_grad,
          num_outputs=2)


def self_adjoint_eig(tensor, name=None):
    """``tf.self_adjoint_eig`` (``tf.linalg.eigh``): (eigenvalues ascending, eigenvectors as
    columns) of symmetric [..., M, M] matrices, read from their lower triangles."""
    op = apply_op("SelfAdjointEigV2", [to_tensor(tensor)], {"compute_v": True},
                  name=name or "self_adjoint_eig")
    return op.outputs[0], op.outputs[1]


def self_adjoint_eigvals(tensor, name=None):
    """``tf.self_adjoint_eigvals`` (``tf.linalg.eigvalsh``): the eigenvalues only."""
    op = apply_op("SelfAdjointEigV2", [to_tensor(tensor)], {"compute_v": False},
                  name=name or "self_adjoint_eigvals")
    return op.outputs[0]


# -- MatrixDiag: a batch of vectors -> a batch of diagonal matrices (for the gradients) ------------
def _matrix_diag_kernel(x):
    out = np.zeros(x.shape + x.shape[-1:], dtype=x.dtype)
    index = np.arange(x.shape[-1])
    out[..., index, index] = x
    return out


_matrix_diag_infer = _shape_rule(1, lambda dims: dims + dims[-1:])


def _matrix_diag_part_kernel(x):
    return np.ascontiguousarray(np.diagonal(x, axis1=-2, axis2=-1))


def _diagonal_length(rows, columns):
    return None if rows is None or columns is None else min(rows, columns)


_matrix_diag_part_infer = _shape_rule(
    2, lambda dims: dims[:-2] + [_diagonal_length(*dims[-2:])])


define_op("MatrixDiag", kernel=_matrix_diag_kernel, infer=_matrix_diag_infer,
          grad=lambda op, g: [matrix_diag_part(g)])
define_op("MatrixDiagPart", kernel=_matrix_diag_part_kernel, infer=_matrix_diag_part_infer,
          grad=lambda op, g: [matrix_diag(g)])


def matrix_diag(diagonal, name=None):
    """``tf.matrix_diag`` (``tf.linalg.diag``): [..., M] -> diagonal [..., M, M] matrices."""
    return apply("MatrixDiag", [to_tensor(diagonal)], name=name or "MatrixDiag")


def matrix_diag_part(input, name=None):
    """``tf.matrix_diag_part`` (``tf.linalg.diag_part``): the main diagonals of [..., M, N]."""
    return apply("MatrixDiagPart", [to_tensor(input)], name=name or "MatrixDiagPart")


def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    """``tf.matrix_transpose`` (``tf.linalg.transpose``, ``tf.linalg.adjoint`` for real
    values): swap the last two axes (the rank must be known)."""
    a = to_tensor(a, name="a")
    if a.shape.ndims is None or a.shape.ndims < 2:
        raise ValueError("Argument 'a' should be a (batch) matrix, with rank >= 2.  Found: %s"
                         % a.shape)
    rank = a.shape.ndims
    return array_ops.transpose(a, list(range(rank - 2)) + [rank - 1, rank - 2], name=name,
                               conjugate=conjugate)


# -- Cross -----------------------------------------------------------------------------------------
def _cross_infer(op):
    a, b = op.inputs
    check_dtype(op, a, NUMERIC, "a")
    if a.dtype != b.dtype:
        raise TypeError("Input 'b' of 'Cross' Op has type %s that does not match type %s of "
                        "argument 'a'." % (b.dtype.name, a.dtype.name))
    if a.shape.is_fully_defined() and b.shape.is_fully_defined() and a.shape != b.shape:
        raise shape_error(op, "Dimensions must be equal")
    for x in (a, b):
        if x.shape.ndims is not None:
            last = x.shape.as_list()[-1] if x.shape.ndims else None
            if x.shape.ndims == 0 or (last is not None and last != 3):
                raise shape_error(op, "Dimension must be 3 but is %s" % last)
    return [(a.dtype, a.shape if a.shape.ndims is not None else b.shape)]


define_op("Cross", kernel=lambda a, b: np.cross(a, b).astype(a.dtype), infer=_cross_infer,
          grad=lambda op, g: [cross(op.inputs[1], g), cross(g, op.inputs[0])])


def cross(a, b, name=None):
    """``tf.cross`` (``tf.linalg.cross``): cross products of 3-vectors along the last axis."""
    return apply("Cross", [to_tensor(a), to_tensor(b)], name=name or "Cross")


