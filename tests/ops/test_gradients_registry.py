"""Every registered op's gradient against central finite differences, driven by the op registry.

EXAMPLES maps an op type to one (or a list of) Example: a builder that makes a small graph
containing that op from float64 placeholders, and how to sample the placeholders' values at
points where the op is smooth. For every example we check, in float64:
  * tf.gradients(sum(w * outputs), inputs) equals central finite differences (w random);
  * the Hessian-vector product (a gradient of the gradient graph) equals finite differences of
    the first gradient, for examples with second=True;
  * every tensor in the graph (forward and backward) has the dtype and shape its op inferred.
An op registered with differentiable=True and no example fails test_every_differentiable_op_
has_an_example; an op registered differentiable=False must be on NOT_DIFFERENTIABLE, with why.

To add your op: add one line to EXAMPLES, e.g.
    "Foo": Example(lambda tf, x: tf.foo(x), [(2, 3)]),
"""
import importlib
import pkgutil

import numpy as np
import pytest

import course as tf
from course.framework.registry import all_op_defs
from course.ops import tensor_array_ops
from course.ops.core import apply

F64 = tf.float64


# -- samplers: (rng, shapes) -> list of float64 arrays, one per input ------------------------------
def uniform(lo=-2.0, hi=2.0):
    return lambda rng, shapes: [rng.uniform(lo, hi, s) for s in shapes]


def away_from(*kinks, lo=-2.0, hi=2.0, margin=0.2):
    """Uniform in [lo, hi] but at least ``margin`` from each kink (where the op is not smooth)."""
    def sample(rng, shapes):
        out = []
        for s in shapes:
            x = rng.uniform(lo, hi, s)
            for _ in range(100):
                bad = np.zeros(np.shape(x), bool)
                for k in kinks:
                    bad |= np.abs(x - k) < margin
                if not bad.any():
                    break
                x = np.where(bad, rng.uniform(lo, hi, np.shape(x)), x)
            out.append(np.asarray(x, dtype=np.float64))
        return out
    return sample


def distinct(lo=-2.0, hi=2.0):
    """All values of all inputs pairwise far apart (no ties for max/min/argmax)."""
    def sample(rng, shapes):
        n = sum(int(np.prod(s)) for s in shapes)
        step = (hi - lo) / max(n, 1)
        values = lo + step * (rng.permutation(n) + rng.uniform(0.2, 0.8, n))
        out, i = [], 0
        for s in shapes:
            k = int(np.prod(s))
            out.append(values[i:i + k].reshape(s))
            i += k
        return out
    return sample


def per_input(*samplers):
    """A different sampler for each input."""
    return lambda rng, shapes: [s(rng, [shape])[0] for s, shape in zip(samplers, shapes)]


def positive(lo=0.3, hi=2.0):
    return uniform(lo, hi)


def nonzero(lo=0.3, hi=2.0):
    def sample(rng, shapes):
        return [rng.choice([-1.0, 1.0], s) * rng.uniform(lo, hi, s) for s in shapes]
    return sample


def with_a_zero(base):
    """``base`` with one exact zero in the first input (products must stay exact there)."""
    def sample(rng, shapes):
        xs = base(rng, shapes)
        xs[0].flat[1] = 0.0
        return xs
    return sample


def floormod_operands(rng, shapes):
    """x / y well inside an integer interval, so floormod is smooth (x and y of one shape)."""
    y = rng.uniform(0.5, 2.0, shapes[1])
    q = rng.integers(-3, 3, shapes[1]) + rng.uniform(0.2, 0.8, shapes[1])
    return [q * y, y]


def separated_pair(rng, shapes):
    """x and y at least 0.2 apart everywhere (maximum/minimum without ties)."""
    y = rng.uniform(-2, 2, shapes[1])
    gap = rng.choice([-1.0, 1.0], shapes[0]) * rng.uniform(0.2, 1.0, shapes[0])
    return [np.broadcast_to(y, shapes[0]) + gap, y]


def probabilities(rng, shapes):
    logits, labels = rng.uniform(-2, 2, shapes[0]), rng.uniform(0.1, 1.0, shapes[1])
    return [logits, labels / labels.sum(-1, keepdims=True)]


def _invertible(tf, x):
    """x + 3 I: well conditioned (positive definite for x x^T) for x drawn from [-1, 1]."""
    return x + 3.0 * tf.eye(3, dtype=x.dtype)


def _spread(tf, x):
    """x + diag(0, 3, 6): distinct eigenvalues for x drawn from [-1, 1]."""
    return x + tf.diag(tf.constant([0.0, 3.0, 6.0], x.dtype))


class Example:
    """A graph around one op: build(tf, *placeholders) returns the tensor(s) to weight."""

    def __init__(self, build, shapes, sample=None, second=True, eps=1e-5, rtol=1e-6, atol=1e-8,
                 dynamic=True):
        self.build = build
        self.shapes = [tuple(s) for s in shapes]
        self.sample = sample or uniform()
        self.second = second    # also check the gradient of the gradient
        self.dynamic = dynamic  # also check with placeholders of unknown dimensions
        self.eps, self.rtol, self.atol = eps, rtol, atol


def const(value):
    return tf.constant(np.asarray(value, dtype=np.float64))


def like(*shape):
    """A float64 constant that only lends its shape (the second input of *Grad helper ops)."""
    return tf.zeros(list(shape), F64)


def index(value):
    """An int32 scalar known only when run (as a loop counter is)."""
    return tf.placeholder_with_default(np.int32(value), [])


def while_cumulative_product(tf, v):
    """cumprod(v) by a loop writing into a TensorArray (reads v[t] inside the body)."""
    def body(t, running, ta):
        running = running * v[t]
        return t + 1, running, ta.write(t, running)
    _, _, ta = tf.while_loop(lambda t, *_: t < 5, body,
                             [0, tf.constant(1.0, F64), tf.TensorArray(F64, size=5)])
    return ta.stack()


def while_nested(tf, x):
    """A loop whose body runs a loop: acc <- acc * x + j, i times, for i = 1, 2, 3."""
    def outer(i, acc):
        inner = tf.while_loop(lambda j, a: j < i, lambda j, a: (j + 1, a * x + tf.cast(j, F64)),
                              [0, acc])[1]
        return i + 1, inner
    return tf.while_loop(lambda i, acc: i < 4, outer, [1, x])[1]


def cond_inside_loop(tf, x):
    """A cond in a loop body: multiply on even steps, add on odd ones."""
    def body(i, v):
        return i + 1, tf.cond(tf.equal(i % 2, 0), lambda: v * x, lambda: v + tf.sin(x))
    return tf.while_loop(lambda i, v: i < 4, body, [0, x])[1]


def cast_round_trip(tf, x):
    # float64 -> float32 -> float64: the gradient is cast back at each step.
    return tf.cast(tf.cast(x, tf.float32), F64)


def window(ksize=None, strides=2, padding="SAME"):
    """Attrs of a conv/pool gradient op built directly (NHWC, square windows)."""
    attrs = {"strides": (1, strides, strides, 1), "padding": padding, "data_format": "NHWC"}
    if ksize:
        attrs["ksize"] = (1, ksize, ksize, 1)
    else:
        attrs["dilations"] = (1, 1, 1, 1)
    return attrs


EXAMPLES = {
    # -- elementwise arithmetic (broadcasting operands, so unbroadcast is checked too)
    "AddV2": Example(lambda tf, x, y: tf.add(x, y), [(2, 3), (3,)]),
    "Sub": Example(lambda tf, x, y: x - y, [(2, 1), (1, 3)]),
    "Mul": Example(lambda tf, x, y: x * y, [(2, 3), (2, 1)]),
    "RealDiv": Example(lambda tf, x, y: x / y, [(2, 3), (3,)], per_input(uniform(), nonzero())),
    "DivNoNan": Example(lambda tf, x, y: tf.div_no_nan(x, y), [(2, 3), (3,)],
                        per_input(uniform(), nonzero())),
    "FloorMod": Example(lambda tf, x, y: tf.floormod(x, y), [(2, 3), (2, 3)], floormod_operands),
    "Pow": Example(lambda tf, x, y: tf.pow(x, y), [(2, 3), (3,)],
                   per_input(positive(0.5, 2.0), uniform(-2, 2))),
    "Maximum": [Example(lambda tf, x, y: tf.maximum(x, y), [(2, 3), (3,)], separated_pair),
                Example(lambda tf, x: tf.clip_by_value(x, -1.0, 1.0), [(2, 4)],
                        away_from(-1, 1))],
    "Minimum": Example(lambda tf, x, y: tf.minimum(x, y), [(2, 3), (3,)], separated_pair),
    "SquaredDifference": Example(lambda tf, x, y: tf.squared_difference(x, y), [(2, 3), (1, 3)]),
    "AddN": Example(lambda tf, x, y, z: tf.add_n([x, y, z]), [(2, 3)] * 3),
    "MatMul": [
        Example(lambda tf, a, b: tf.matmul(a, b), [(2, 3), (3, 4)]),
        Example(lambda tf, a, b: tf.matmul(a, b, transpose_a=True), [(3, 2), (3, 4)]),
        Example(lambda tf, a, b: tf.matmul(a, b, transpose_b=True), [(2, 3), (4, 3)]),
        Example(lambda tf, a, b: tf.matmul(a, b, transpose_a=True, transpose_b=True),
                [(3, 2), (4, 3)]),
        Example(lambda tf, a, b: tf.matmul(a, b), [(2, 2, 3), (3, 2)]),   # batch, broadcast b
    ],
    # -- elementwise unary
    "Neg": Example(lambda tf, x: -x, [(2, 3)]),
    "Abs": Example(lambda tf, x: tf.abs(x), [(2, 3)], nonzero()),
    "Sign": Example(lambda tf, x: tf.sign(x) * x, [(2, 3)], nonzero()),
    "Square": Example(lambda tf, x: tf.square(x), [(2, 3)]),
    "Sqrt": Example(lambda tf, x: tf.sqrt(x), [(2, 3)], positive()),
    "Rsqrt": Example(lambda tf, x: tf.rsqrt(x), [(2, 3)], positive()),
    "Exp": Example(lambda tf, x: tf.exp(x), [(2, 3)]),
    "Log": Example(lambda tf, x: tf.log(x), [(2, 3)], positive()),
    "Log1p": Example(lambda tf, x: tf.log1p(x), [(2, 3)], uniform(-0.5, 2.0)),
    "Reciprocal": Example(lambda tf, x: tf.reciprocal(x), [(2, 3)], nonzero()),
    "Sigmoid": Example(lambda tf, x: tf.sigmoid(x), [(2, 3)]),
    "Tanh": Example(lambda tf, x: tf.tanh(x), [(2, 3)]),
    "Cos": Example(lambda tf, x: apply("Cos", [x]), [(2, 3)]),
    "Sin": Example(lambda tf, x: apply("Sin", [x]), [(2, 3)]),
    "Expm1": Example(lambda tf, x: tf.expm1(x), [(2, 3)]),
    "Erf": Example(lambda tf, x: tf.erf(x), [(2, 3)]),
    "Erfc": Example(lambda tf, x: tf.erfc(x), [(2, 3)]),
    "Tan": Example(lambda tf, x: tf.tan(x), [(2, 3)], uniform(-1.2, 1.2)),
    "Asin": Example(lambda tf, x: tf.asin(x), [(2, 3)], uniform(-0.9, 0.9)),
    "Acos": Example(lambda tf, x: tf.acos(x), [(2, 3)], uniform(-0.9, 0.9)),
    "Atan": Example(lambda tf, x: tf.atan(x), [(2, 3)]),
    "Sinh": Example(lambda tf, x: tf.sinh(x), [(2, 3)]),
    "Cosh": Example(lambda tf, x: tf.cosh(x), [(2, 3)]),
    "Cast": Example(cast_round_trip, [(2, 3)], eps=1e-2, rtol=1e-5, atol=1e-5),
    # -- activations and nn
    "Relu": Example(lambda tf, x: tf.nn.relu(x), [(2, 3)], away_from(0)),
    "ReluGrad": Example(lambda tf, g, x: apply("ReluGrad", [g, x]), [(2, 3), (2, 3)],
                        away_from(0)),
    "Relu6": Example(lambda tf, x: tf.nn.relu6(x), [(3, 4)], away_from(0, 6, lo=-2, hi=8)),
    "LeakyRelu": Example(lambda tf, x: tf.nn.leaky_relu(x, alpha=0.3), [(2, 3)], away_from(0)),
    "Softplus": Example(lambda tf, x: tf.nn.softplus(x), [(2, 3)]),
    "GatherNd": Example(lambda tf, x: tf.gather_nd(x, [[0, 1], [1, 2], [0, 1]]), [(2, 3)]),
    "ScatterNd": Example(lambda tf, u: tf.scatter_nd([[1], [0], [1]], u, [3, 2]), [(3, 2)]),
    "Diag": Example(lambda tf, x: tf.diag(x), [(2, 3)]),
    "DiagPart": Example(lambda tf, x: tf.diag_part(x), [(2, 3, 2, 3)]),
    "MatrixDiag": Example(lambda tf, x: tf.matrix_diag(x), [(2, 3)]),
    "MatrixDiagPart": Example(lambda tf, x: tf.matrix_diag_part(x), [(2, 3, 3)]),
    "MatrixDeterminant": Example(lambda tf, x: tf.matrix_determinant(_invertible(tf, x)),
                                 [(2, 3, 3)], uniform(-1, 1)),
    "MatrixInverse": [Example(lambda tf, x: tf.matrix_inverse(_invertible(tf, x)), [(3, 3)],
                              uniform(-1, 1)),
                      Example(lambda tf, x: tf.matrix_inverse(_invertible(tf, x), adjoint=True),
                              [(2, 3, 3)], uniform(-1, 1))],
    "Cholesky": Example(lambda tf, x: tf.cholesky(_invertible(tf, tf.matmul(x, x, transpose_b=True))),
                        [(3, 3)], uniform(-1, 1)),
    "MatrixSolve": [Example(lambda tf, a, b: tf.matrix_solve(_invertible(tf, a), b),
                            [(3, 3), (3, 2)], uniform(-1, 1)),
                    Example(lambda tf, a, b: tf.matrix_solve(_invertible(tf, a), b, adjoint=True),
                            [(3, 3), (3, 2)], uniform(-1, 1))],
    # eigenvalues, and squared eigenvectors (their sign cancels); distinct eigenvalues
    "SelfAdjointEigV2": [
        Example(lambda tf, x: tf.self_adjoint_eigvals(_spread(tf, x)), [(3, 3)], uniform(-1, 1)),
        Example(lambda tf, x: [tf.self_adjoint_eig(_spread(tf, x))[0],
                               tf.square(tf.self_adjoint_eig(_spread(tf, x))[1])],
                [(3, 3)], uniform(-1, 1))],
    "Cross": Example(lambda tf, a, b: tf.cross(a, b), [(2, 3), (2, 3)]),
    "TopKV2": Example(lambda tf, x: tf.nn.top_k(x, 2).values, [(3, 4)]),
    "Cumsum": [Example(lambda tf, x: tf.cumsum(x, axis=1), [(2, 3)]),
               Example(lambda tf, x: tf.cumsum(x, exclusive=True, reverse=True), [(3, 2)])],
    "Print": Example(lambda tf, x: tf.Print(x, [x], first_n=0) * x, [(2, 3)]),
    "Softsign": Example(lambda tf, x: tf.nn.softsign(x), [(2, 3)], away_from(0)),
    "Elu": Example(lambda tf, x: tf.nn.elu(x), [(2, 3)], away_from(0)),
    "Selu": Example(lambda tf, x: tf.nn.selu(x), [(2, 3)], away_from(0)),
    "Softmax": [Example(lambda tf, x: tf.nn.softmax(x), [(2, 4)]),
                Example(lambda tf, x: tf.nn.softmax(x, axis=0), [(3, 2)])],
    "LogSoftmax": Example(lambda tf, x: tf.nn.log_softmax(x), [(2, 4)]),
    "BiasAdd": Example(lambda tf, x, b: tf.nn.bias_add(x, b), [(2, 2, 3), (3,)]),
    "BiasAddGrad": Example(lambda tf, g: apply("BiasAddGrad", [g]), [(2, 2, 3)]),
    "L2Loss": Example(lambda tf, x: tf.nn.l2_loss(x), [(2, 3)]),
    "SoftmaxCrossEntropyWithLogits": [
        Example(lambda tf, logits, labels: tf.nn.softmax_cross_entropy_with_logits_v2(
            labels=labels, logits=logits), [(3, 4), (3, 4)], probabilities),
        # both outputs weighted: the backprop output is differentiable too
        Example(lambda tf, logits, labels: apply(
            "SoftmaxCrossEntropyWithLogits", [logits, labels]).op.outputs,
            [(3, 4), (3, 4)], probabilities),
    ],
    "SparseSoftmaxCrossEntropyWithLogits": [
        Example(lambda tf, logits: tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=[3, 0, 1], logits=logits), [(3, 4)]),
        # both outputs weighted: the backprop output is differentiable too
        Example(lambda tf, logits: apply("SparseSoftmaxCrossEntropyWithLogits",
                                         [logits, tf.constant([2, 0])]).op.outputs, [(2, 3)]),
    ],
    # -- reductions
    "Sum": [Example(lambda tf, x: tf.reduce_sum(x, axis=[0, 2]), [(2, 3, 2)]),
            Example(lambda tf, x: tf.reduce_sum(x, -1, keepdims=True), [(2, 3)]),
            Example(lambda tf, x: tf.reduce_sum(x), [(2, 3)])],
    "Mean": [Example(lambda tf, x: tf.reduce_mean(x, axis=1), [(2, 3, 2)]),
             Example(lambda tf, x: tf.reduce_mean(x, keepdims=True), [(2, 3)])],
    "Max": [Example(lambda tf, x: tf.reduce_max(x, axis=1), [(3, 4)], distinct()),
            Example(lambda tf, x: tf.reduce_max(x), [(3, 4)], distinct())],
    "Min": Example(lambda tf, x: tf.reduce_min(x, axis=[0], keepdims=True), [(3, 4)], distinct()),
    "Prod": [Example(lambda tf, x: tf.reduce_prod(x, axis=1), [(2, 3)]),
             Example(lambda tf, x: tf.reduce_prod(x), [(2, 3)], with_a_zero(uniform()))],
    # its gradient, ProdOfOthersGrad, is checked here; that one has no gradient (see NO_GRADIENT)
    "ProdOfOthers": Example(lambda tf, x: apply("ProdOfOthers", [x], {"axis": (1,)}), [(2, 3)],
                            with_a_zero(uniform()), second=False),
    "Unreduce": Example(lambda tf, g: apply("Unreduce", [g, like(2, 3, 4)], {
        "axis": (0, 2), "keepdims": False, "mean": True}), [(3,)]),
    "SumToShape": Example(lambda tf, g: apply("SumToShape", [g, like(3, 1)]), [(2, 3, 4)]),
    "BroadcastToShape": Example(lambda tf, g: apply("BroadcastToShape", [g, like(2, 3, 4)]),
                                [(3, 1)]),
    # -- array ops
    "Identity": Example(lambda tf, x: tf.identity(x), [(2, 3)]),
    "PlaceholderWithDefault": Example(
        lambda tf, x: tf.placeholder_with_default(x, [None, 3]) * x, [(2, 3)]),
    "Fill": Example(lambda tf, v: tf.fill([2, 3], v), [()]),
    "Reshape": Example(lambda tf, x: tf.reshape(x, [3, -1]), [(2, 3, 2)]),
    "ExpandDims": Example(lambda tf, x: tf.expand_dims(x, -1), [(2, 3)]),
    "Squeeze": Example(lambda tf, x: tf.squeeze(x, [1]), [(2, 1, 3)]),
    "Transpose": Example(lambda tf, x: tf.transpose(x, [2, 0, 1]), [(2, 3, 4)]),
    "ConcatV2": Example(lambda tf, x, y: tf.concat([x, y, x], axis=1), [(2, 3), (2, 1)]),
    "Pack": Example(lambda tf, x, y: tf.stack([x, y], axis=1), [(2, 3), (2, 3)]),
    "Unpack": [Example(lambda tf, x: tf.unstack(x, num=3, axis=1), [(2, 3)]),
               Example(lambda tf, x: tf.unstack(x, num=3)[1], [(3, 2)])],     # unused outputs
    "SplitV": [Example(lambda tf, x: tf.split(x, [1, 3], axis=1), [(2, 4)]),
               # unused outputs; an even split needs the dimension known
               Example(lambda tf, x: tf.split(x, 3)[2], [(3, 2)], dynamic=False)],
    "Tile": [Example(lambda tf, x: tf.tile(x, [2, 3]), [(2, 2)]),
             Example(lambda tf, x: tf.tile(x, [tf.shape(x)[0], 2]), [(2, 3)])],   # computed
    "TileGrad": Example(lambda tf, g: apply("TileGrad", [g, like(2, 1)], {"multiples": (2, 3)}),
                        [(4, 3)]),
    "StridedSlice": [Example(lambda tf, x: x[1:, ::-2], [(3, 5)]),
                     # indices computed in the graph (as x[t] in a loop body)
                     Example(lambda tf, x: tf.reshape(x[index(2), 1:index(2) + 1], [2]),
                             [(3, 4)]),
                     Example(lambda tf, x: x[..., 1, tf.newaxis], [(2, 3, 4)]),
                     Example(lambda tf, x: x[:, 1:3], [(2, 4)])],
    "Slice": Example(lambda tf, x: tf.slice(x, [0, 1], [-1, 2]), [(2, 4)]),
    "Pad": Example(lambda tf, x: tf.pad(x, [[1, 0], [2, 1]]), [(2, 3)]),
    "PadV2": Example(lambda tf, x: tf.pad(x, [[0, 2], [1, 1]], constant_values=3.0), [(2, 3)]),
    "MirrorPad": [Example(lambda tf, x: tf.pad(x, [[1, 1], [2, 1]], "REFLECT"), [(3, 3)]),
                  Example(lambda tf, x: tf.pad(x, [[2, 0], [1, 3]], "SYMMETRIC"), [(2, 3)])],
    "PadGrad": [Example(lambda tf, g: apply("PadGrad", [g, like(3, 3)], {
        "paddings": ((1, 1), (2, 1)), "mode": "REFLECT"}), [(5, 6)]),
                Example(lambda tf, g: apply("PadGrad", [g, like(2, 3)], {
                    "paddings": ((1, 0), (0, 2)), "mode": "CONSTANT"}), [(3, 5)])],
    "StridedSliceGrad": Example(lambda tf, g: apply("StridedSliceGrad", [g, like(4, 5)], {
        "spec": (("slice", 1, None, 2), ("index", -1))}), [(2,)]),
    "GatherV2": [Example(lambda tf, x: tf.gather(x, [2, 0, 2]), [(3, 2)]),
                 Example(lambda tf, x: tf.gather(x, [[0, 3], [1, 1]], axis=1), [(2, 4)])],
    # -- resizing (course/ops/image_ops.py): float32 kernels, so float32-sized steps and tolerances
    "ResizeBilinear": [Example(lambda tf, x: tf.image.resize_images(x, [5, 7]), [(1, 3, 4, 2)],
                               eps=1e-2, rtol=1e-3, atol=1e-4, dynamic=False),
                       Example(lambda tf, x: tf.image.resize_bilinear(x, [2, 3],
                                                                      align_corners=True),
                               [(2, 4, 5, 1)], eps=1e-2, rtol=1e-3, atol=1e-4)],
    "ResizeBilinearGrad": Example(lambda tf, g: apply("ResizeBilinearGrad", [g, like(1, 3, 4, 2)],
                                                      {"align_corners": False}),
                                  [(1, 5, 7, 2)], eps=1e-2, rtol=1e-3, atol=1e-4, dynamic=False),
    "ResizeNearestNeighbor": Example(lambda tf, x: tf.image.resize_nearest_neighbor(x, [5, 3]),
                                     [(1, 3, 4, 2)]),
    "ResizeNearestNeighborGrad": Example(
        lambda tf, g: apply("ResizeNearestNeighborGrad", [g, like(1, 3, 4, 2)],
                            {"align_corners": True}), [(1, 5, 7, 2)], dynamic=False),
    # -- local response normalization: float32 kernels (TF has no float64 LRN), so float32-sized
    # steps; no second derivative (TF registers no gradient for LRNGrad)
    "LRN": [Example(lambda tf, x: tf.cast(tf.nn.lrn(tf.cast(x, tf.float32), 2, 1.0, 0.5, 0.75),
                                          F64), [(1, 2, 2, 6)],
                    eps=1e-2, rtol=2e-3, atol=2e-4, second=False),
            Example(lambda tf, x: tf.cast(tf.nn.lrn(tf.cast(x, tf.float32)), F64), [(2, 1, 1, 3)],
                    eps=1e-2, rtol=2e-3, atol=2e-4, second=False)],
    "UnsortedSegmentSum": Example(lambda tf, x: tf.unsorted_segment_sum(x, [2, 0, 2], 4),
                                  [(3, 2)]),
    "GatherGrad": Example(lambda tf, g: apply("GatherGrad", [g, tf.constant([2, 0, 2]),
                                                             like(4, 2)], {"axis": 0}), [(3, 2)]),
    "Select": [Example(lambda tf, x, y: tf.where([[True, False, True], [False, False, True]],
                                                 x, y), [(2, 3), (2, 3)]),
               Example(lambda tf, x, y: tf.where([False, True], x, y), [(2, 3), (2, 3)])],
    # -- convolution and pooling (course/ops/conv_ops.py)
    "Conv2D": [Example(lambda tf, x, f: tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME"),
                       [(2, 4, 5, 2), (3, 3, 2, 3)]),
               Example(lambda tf, x, f: tf.nn.conv2d(x, f, [1, 2, 2, 1], "VALID"),
                       [(1, 5, 6, 2), (2, 3, 2, 2)]),
               Example(lambda tf, x, f: tf.nn.conv2d(x, f, 1, "SAME", dilations=2),
                       [(1, 5, 5, 1), (2, 2, 1, 2)])],
    "Conv2DBackpropInput": Example(lambda tf, f, dy: apply(
        "Conv2DBackpropInput", [tf.constant([2, 5, 5, 2]), f, dy], window()),
        [(3, 3, 2, 3), (2, 3, 3, 3)]),
    "Conv2DBackpropFilter": Example(lambda tf, x, dy: apply(
        "Conv2DBackpropFilter", [x, tf.constant([3, 3, 2, 3]), dy], window()),
        [(2, 5, 5, 2), (2, 3, 3, 3)]),
    "MaxPool": [Example(lambda tf, x: tf.nn.max_pool(x, 2, 2, "SAME"), [(2, 5, 5, 2)], distinct()),
                Example(lambda tf, x: tf.nn.max_pool(x, 3, 1, "VALID"), [(1, 4, 5, 2)],
                        distinct())],
    "MaxPoolGrad": Example(lambda tf, x, g: apply(
        "MaxPoolGrad", [x, tf.nn.max_pool(x, 3, 2, "SAME"), g], window(ksize=3)),
        [(1, 5, 4, 2), (1, 3, 2, 2)], distinct()),
    "MaxPoolGradGrad": Example(lambda tf, x, g: apply(
        "MaxPoolGradGrad", [x, tf.nn.max_pool(x, 3, 2, "SAME"), g], window(ksize=3)),
        [(1, 5, 4, 2), (1, 5, 4, 2)], distinct()),
    "AvgPool": Example(lambda tf, x: tf.nn.avg_pool(x, 3, 2, "SAME"), [(2, 5, 4, 2)]),
    "AvgPoolGrad": Example(lambda tf, g: apply(
        "AvgPoolGrad", [tf.constant([2, 5, 4, 2]), g], window(ksize=3)), [(2, 3, 2, 2)]),
    # -- control flow (course/ops/while_loop.py, cond.py, tensor_array_ops.py); their
    # gradients are loops and conds again, so only first derivatives are checked
    "While": [Example(lambda tf, x, w: tf.while_loop(   # y <- y * w + x, three times
                  lambda i, y: i < 3, lambda i, y: (i + 1, y * w + x), [0, x])[1],
                  [(2,), (2,)], second=False),
              Example(while_cumulative_product, [(5,)], second=False, dynamic=False),
              Example(while_nested, [(3,)], second=False),
              Example(lambda tf, x: tf.while_loop(lambda y: tf.reduce_sum(y) < 50.0,
                                                  lambda y: y * 1.5, [x],
                                                  maximum_iterations=4), [(3,)],
                      positive(1.0, 2.0), second=False)],
    "If": [Example(lambda tf, x, y: tf.cond(tf.constant(True), lambda: (x * y, tf.tanh(x)),
                                            lambda: (x - y, x)), [(2, 3), (3,)], second=False),
           Example(lambda tf, x, y: tf.cond(tf.constant(False), lambda: x * y,
                                            lambda: tf.exp(x) - y), [(2, 3), (3,)],
                   second=False),
           Example(cond_inside_loop, [(3,)], second=False)],
    "TensorListSetItem": Example(lambda tf, x, y: tf.TensorArray(F64, size=3).write(
        0, x).write(2, y).stack(), [(2,), (2,)], dynamic=False),
    "TensorListStack": Example(lambda tf, x: tf.TensorArray(F64, size=2).unstack(x).stack()
                               * x, [(2, 3)]),
    "TensorListUnstack": Example(lambda tf, x: tf.TensorArray(F64, size=4).unstack(x).read(1),
                                 [(3, 2)]),
    "TensorListGetItem": Example(lambda tf, x: tf.TensorArray(F64, size=3).unstack(x).read(2)
                                 * tf.TensorArray(F64, size=3).unstack(x).read(0), [(3, 2)]),
    "TensorListScatter": Example(lambda tf, x: tf.TensorArray(F64, size=4).scatter(
        [3, 1], x).stack(), [(2, 3)], dynamic=False),
    "TensorListGather": Example(lambda tf, x: tf.TensorArray(F64, size=3).unstack(x).gather(
        [2, 0, 2]), [(3, 2)]),
    # elements of differing lengths (infer_shape=False): no static shapes, so reshaped
    "TensorListConcat": Example(lambda tf, x, y: tf.reshape(tf.TensorArray(
        F64, size=2, infer_shape=False).write(0, x).write(1, y).concat(), [4, 2]),
        [(1, 2), (3, 2)], dynamic=False),
    "TensorListSplit": Example(lambda tf, x: tf.reshape(tf.TensorArray(
        F64, size=3, infer_shape=False).split(x, [1, 3, 2]).read(1), [3, 2]),
        [(6, 2)], dynamic=False, second=False),   # its gradient (a concat) has no static rows
    "TensorListAddN": Example(lambda tf, x, y: tensor_array_ops.stack(
        tensor_array_ops.add_lists([tf.TensorArray(F64, size=2).unstack(x).flow,
                                    tf.TensorArray(F64, size=2).unstack(y).flow]),
        F64, [2], num_elements=2), [(2, 2), (2, 2)]),
}



# -- recurrent networks (course/rnn): a cell run over 4 steps. Its variables are replaced by
# placeholders through a custom getter, so the check covers d/d(input, initial state, weights)
# through every step; each example is listed under an op type its graph is made of.
def unrolled(cell_fn, n_state, runner="static"):
    """build(tf, x, *state_leaves, *weights): ``cell_fn(tf)`` run over x [2, 4, 2] by
    static_rnn, dynamic_rnn with sequence_length [4, 2], or bidirectional_dynamic_rnn."""
    def build(tf, x, *params):
        state_leaves, weights = params[:n_state], iter(params[n_state:])
        cell = cell_fn(tf)
        state = tf.nest.pack_sequence_as(cell.state_size, list(state_leaves))
        with tf.variable_scope("rnn", custom_getter=lambda getter, name, *a, **k: next(weights)):
            if runner == "static":
                outputs, final = tf.nn.static_rnn(cell, tf.unstack(x, num=4, axis=1),
                                                  initial_state=state)
            elif runner == "dynamic":
                outputs, final = tf.nn.dynamic_rnn(cell, x, sequence_length=[4, 2],
                                                   initial_state=state)
            else:
                outputs, final = tf.nn.bidirectional_dynamic_rnn(
                    cell, cell_fn(tf), x, sequence_length=[4, 2], initial_state_fw=state,
                    initial_state_bw=state)
        return tf.nest.flatten(outputs) + tf.nest.flatten(final)
    return build


def rnn_example(cell_fn, state_shapes, weight_shapes, runner="static"):
    # dynamic_rnn is a while loop: first derivatives only (TF1 has no second-order gradient
    # for while loops either)
    return Example(unrolled(cell_fn, len(state_shapes), runner),
                   [(2, 4, 2)] + state_shapes + weight_shapes, uniform(-1, 1), dynamic=False,
                   second=runner == "static")


RNN_EXAMPLES = {
    "Tanh": rnn_example(lambda tf: tf.nn.rnn_cell.BasicRNNCell(3), [(2, 3)], [(5, 3), (3,)]),
    "SplitV": rnn_example(lambda tf: tf.nn.rnn_cell.BasicLSTMCell(3), [(2, 3)] * 2,
                          [(5, 12), (12,)]),
    "Sigmoid": rnn_example(lambda tf: tf.nn.rnn_cell.GRUCell(3), [(2, 3)],
                           [(5, 6), (6,), (5, 3), (3,)]),
    "MatMul": rnn_example(lambda tf: tf.nn.rnn_cell.LSTMCell(3, use_peepholes=True, num_proj=2),
                          [(2, 3), (2, 2)], [(4, 12), (12,), (3,), (3,), (3,), (3, 2)]),
    "Select": rnn_example(lambda tf: tf.nn.rnn_cell.BasicLSTMCell(3), [(2, 3)] * 2,
                          [(5, 12), (12,)], runner="dynamic"),
    "ReverseSequence": rnn_example(lambda tf: tf.nn.rnn_cell.GRUCell(3), [(2, 3)],
                                   [(5, 6), (6,), (5, 3), (3,), (5, 6), (6,), (5, 3), (3,)],
                                   runner="bidirectional"),
}
EXAMPLES["ReverseV2"] = [Example(lambda tf, x: tf.reverse(x, [1]), [(2, 3, 2)]),
                         Example(lambda tf, x: tf.reverse(x, [0, -1]), [(3, 2)])]
EXAMPLES["ReverseSequence"] = Example(
    lambda tf, x: tf.reverse_sequence(x, [3, 0, 1], seq_axis=1, batch_axis=0), [(3, 4, 2)])
for _op_type, _example in RNN_EXAMPLES.items():
    EXAMPLES[_op_type] = (EXAMPLES[_op_type] if isinstance(EXAMPLES[_op_type], list)
                          else [EXAMPLES[_op_type]]) + [_example]

# Ops with no gradient, and why. An op registered with differentiable=False must be here.
NOT_DIFFERENTIABLE = {
    "DecodePng": "string input, uint8 output (TF: no gradient)",
    "EditDistance": "distances between discrete sequences (TF: ops.NotDifferentiable)",
    "InTopKV2": "a bool result (TF registers no gradient)",
    "LogUniformCandidateSampler": "random integer samples (TF registers no gradient)",
    "UniformCandidateSampler": "random integer samples (TF registers no gradient)",
    "ComputeAccidentalHits": "integer positions (TF registers no gradient)",
    "LRNGrad": "TF registers no gradient for LRNGrad (lrn has no second derivative in TF)",
    "LinSpace": "TF registers no gradient for LinSpace",
    "TruncateDiv": "integer division (integers only here)",
    "TruncateMod": "TF registers no gradient for TruncateMod",
    "PyFunc": "a Python function: TF registers no gradient for it",
    "Assert": "an op with no outputs: TF registers no gradient for Assert",
    "Add": "strings only (course adds numbers with AddV2): a string has no gradient",
    "All": "boolean reduction", "Any": "boolean reduction",
    "IsFinite": "boolean output", "IsNan": "boolean output", "IsInf": "boolean output",
    # outputs that do not depend smoothly on any float input
    "Const": "no inputs",
    "Placeholder": "no inputs; fed values are leaves",
    "VariableV2": "a leaf: gradients stop at the variable",
    "Range": "attrs only",
    "Shape": "integer metadata of its input",
    "Size": "integer metadata of its input",
    "Rank": "integer metadata of its input",
    "ZerosLike": "constant in its input",
    "OnesLike": "constant in its input",
    # piecewise constant (TF registers no gradient / None)
    "Floor": "piecewise constant",
    "Ceil": "piecewise constant",
    "Round": "piecewise constant",
    "Rint": "piecewise constant (TF: no gradient)",
    "FloorDiv": "piecewise constant (TF returns None)",
    "ArgMax": "integer output",
    "ArgMin": "integer output",
    "OneHot": "integer indices in, constants out",
    "Where": "integer coordinates out",
    # boolean outputs
    "Equal": "bool output", "NotEqual": "bool output", "Less": "bool output",
    "LessEqual": "bool output", "Greater": "bool output", "GreaterEqual": "bool output",
    "LogicalAnd": "bool", "LogicalOr": "bool", "LogicalNot": "bool",
    "IsVariableInitialized": "bool output",
    # blocking gradients is its whole job
    "StopGradient": "tf.stop_gradient",
    # state and control
    "Assign": "writes state", "AssignAdd": "writes state", "AssignSub": "writes state",
    "NoOp": "no outputs",
    "LoopVar": "a loop variable inside a body: the While op takes its gradient",
    "TensorListReserve": "an integer size in, an empty TensorArray out",
    "TensorListLength": "integer output",
    "TensorListElementLengths": "integer output",
    "TensorListZerosLike": "constant in its input",
    # random sampling (course/ops/random_ops.py): TF registers none of these
    "RandomStandardNormal": "random", "TruncatedNormal": "random", "RandomUniform": "random",
    "RandomUniformInt": "random", "RandomShuffle": "random", "Multinomial": "random",
    # optimizer updates (course/ops/training_ops.py): write variables, TF registers no gradient
    "ApplyGradientDescent": "writes state", "ApplyMomentum": "writes state",
    "ApplyAdagrad": "writes state", "ApplyAdadelta": "writes state",
    "ApplyRMSProp": "writes state", "ApplyCenteredRMSProp": "writes state",
    "ApplyAdam": "writes state",
    "SparseApplyMomentum": "writes state", "SparseApplyAdagrad": "writes state",
    "SparseApplyAdadelta": "writes state", "SparseApplyRMSProp": "writes state",
    "SparseApplyCenteredRMSProp": "writes state",
    "ScatterAdd": "writes state", "ScatterSub": "writes state", "ScatterUpdate": "writes state",
    "Unique": "outputs values picked and integer positions",
    # tf.data iterators (course/data/iterator_ops.py): elements come from the session's state
    "MakeIterator": "no outputs", "IteratorGetNext": "reads the iterator's state",
    # queues (course/ops/queue_ops.py): elements live in the session's state
    "QueueEnqueueV2": "no outputs", "QueueEnqueueManyV2": "no outputs",
    "QueueDequeueV2": "reads the queue's state", "QueueDequeueManyV2": "reads the queue's state",
    "QueueDequeueUpToV2": "reads the queue's state", "QueueCloseV2": "no outputs",
    "QueueSizeV2": "integer output", "CountUpTo": "writes state",
    "ReaderReadV2": "string outputs", "DecodeCSV": "parses strings",
    # summaries (course/summary.py): string outputs
    "ScalarSummary": "string output", "HistogramSummary": "string output",
    "MergeSummary": "string output", "ImageSummary": "string output",
}


# Ops that are differentiable in principle but whose gradient is not written: tf.gradients
# raises LookupError("No gradient defined ...") through them, as TF does. Keep this short.
NO_GRADIENT = {
    "ProdOfOthersGrad": "third derivatives of reduce_prod; checked as ProdOfOthers' gradient",
}


def _examples():
    for op_type in sorted(EXAMPLES):
        entries = EXAMPLES[op_type]
        entries = entries if isinstance(entries, list) else [entries]
        for i, example in enumerate(entries):
            yield pytest.param(op_type, example, id="%s-%d" % (op_type, i))


# -- the registry is fully covered --------------------------------------------------------------
@pytest.fixture(scope="module")
def registry():
    """Every op type, including those in modules course/__init__.py does not import (yet).
    (Pictures and data sets define no ops and are skipped.)"""
    for info in pkgutil.walk_packages(tf.__path__, "course."):
        if not info.name.startswith(("course.viz", "course.datasets")):
            importlib.import_module(info.name)
    return all_op_defs()


def test_every_differentiable_op_has_an_example(registry):
    missing = sorted(t for t, d in registry.items()
                     if d.differentiable and t not in EXAMPLES and t not in NO_GRADIENT)
    assert not missing, (
        "These differentiable op types have no gradient example in "
        "tests/ops/test_gradients_registry.py EXAMPLES: %s. Add one line per op, e.g. "
        "'%s': Example(lambda tf, x: ..., [(2, 3)])" % (", ".join(missing), missing[0]))


def test_every_non_differentiable_op_is_listed_with_a_reason(registry):
    unlisted = sorted(t for t, d in registry.items()
                      if not d.differentiable and t not in NOT_DIFFERENTIABLE)
    assert not unlisted, (
        "These op types are registered with differentiable=False but are not on "
        "NOT_DIFFERENTIABLE in tests/ops/test_gradients_registry.py: %s. Add each with the reason it "
        "has no gradient (TF's), or give it a gradient." % ", ".join(unlisted))


def test_lists_do_not_contradict_the_registry(registry):
    defs = registry
    stale = sorted(t for t in NOT_DIFFERENTIABLE if t in defs and defs[t].differentiable)
    assert not stale, "Listed as not differentiable but registered with a gradient: %s" % stale
    unknown = sorted(t for t in EXAMPLES if t not in defs)
    assert not unknown, "EXAMPLES names op types that are not registered: %s" % unknown
    no_grad = sorted(t for t in EXAMPLES if not defs[t].differentiable)
    assert not no_grad, "EXAMPLES for ops registered differentiable=False: %s" % no_grad
    has_grad = sorted(t for t in NO_GRADIENT if t in defs and defs[t].grad is not None)
    assert not has_grad, "On NO_GRADIENT but registered with a gradient (add an example): %s" \
        % has_grad


def test_an_op_without_gradient_fails_loudly():
    x = tf.placeholder(F64, [2, 3])
    first = tf.gradients(tf.reduce_prod(x), x)[0]
    second = tf.gradients(tf.reduce_sum(first * first), x)[0]
    with pytest.raises(LookupError, match=r"No gradient defined for operation '.*ProdOfOthersGrad"
                                          r"' \(op type: ProdOfOthersGrad\)"):
        tf.gradients(second, x)


# -- numerics --------------------------------------------------------------------------------------
def _as_list(outputs):
    return list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]


def _weighted_sum(rng, outputs):
    """sum_i sum(w_i * output_i) with fixed random weights, in the outputs' dtype."""
    terms = []
    for out in outputs:
        w = rng.uniform(0.5, 1.5, out.shape.as_list()).astype(out.dtype.np)
        terms.append(tf.reduce_sum(out * tf.constant(w)))
    total = terms[0] if len(terms) == 1 else tf.add_n(terms)
    return tf.cast(total, F64)


def _numeric_grad(sess, y, xs, values, eps):
    """Central differences of scalar ``y`` with respect to each placeholder in ``xs``."""
    feed = dict(zip(xs, values))
    grads = []
    for x, v in zip(xs, values):
        g = np.zeros_like(v)
        for idx in np.ndindex(v.shape):
            plus, minus = v.copy(), v.copy()
            plus[idx] += eps
            minus[idx] -= eps
            g[idx] = (sess.run(y, {**feed, x: plus}) - sess.run(y, {**feed, x: minus})) / (2 * eps)
        grads.append(g)
    return grads


def _symbolic_values(sess, grads, xs, values):
    feed = dict(zip(xs, values))
    fetched = sess.run([g for g in grads if g is not None], feed)
    it = iter(fetched)
    # None means "does not depend": compared as zeros against the numbers.
    return [np.zeros_like(v) if g is None else next(it) for g, v in zip(grads, values)]


def _build(op_type, example, seed, dynamic=False):
    rng = np.random.default_rng(seed)
    xs = [tf.placeholder(F64, [None] * len(shape) if dynamic else shape, name="x%d" % i)
          for i, shape in enumerate(example.shapes)]
    outputs = _as_list(example.build(tf, *xs))
    graph = tf.get_default_graph()
    assert op_type in {op.type for op in graph.get_operations()}, (
        "the example for %s builds no %s op" % (op_type, op_type))
    values = example.sample(rng, example.shapes)
    values = [np.array(v, dtype=np.float64).reshape(s) for v, s in zip(values, example.shapes)]
    return rng, xs, outputs, values


def _dense(grads):
    """Sparse gradients (tf.gather's IndexedSlices) as the dense tensors they stand for."""
    return [tf.convert_to_tensor(g) if isinstance(g, tf.IndexedSlices) else g for g in grads]


def _assert_matches_finite_differences(grads, y, xs, values, example, what="d/dx"):
    """``grads`` of scalar ``y`` (wrt ``xs``) equal its central differences at ``values``."""
    with tf.Session() as sess:
        symbolic = _symbolic_values(sess, grads, xs, values)
        numeric = _numeric_grad(sess, y, xs, values, example.eps)
    for i, (s, n) in enumerate(zip(symbolic, numeric)):
        assert s.shape == n.shape, "%s of input %d: shape %s, expected %s" % (what, i, s.shape,
                                                                             n.shape)
        np.testing.assert_allclose(s, n, rtol=example.rtol, atol=example.atol,
                                   err_msg="%s of input %d" % (what, i))


@pytest.mark.parametrize("op_type,example", list(_examples()))
def test_gradient_matches_finite_differences(op_type, example):
    rng, xs, outputs, values = _build(op_type, example, seed=sum(map(ord, op_type)))
    y = _weighted_sum(rng, outputs)
    grads = _dense(tf.gradients(y, xs))
    assert any(g is not None for g in grads), "no gradient reached any input"
    _assert_matches_finite_differences(grads, y, xs, values, example)


DYNAMIC = [p for p in _examples() if p.values[1].dynamic]


@pytest.mark.parametrize("op_type,example", DYNAMIC)
def test_gradient_with_dimensions_known_only_at_run_time(op_type, example):
    """The same check with placeholders of shape (?, ?, ...): the gradient graph must get its
    shapes at run time (Shape ops) where they are not known statically."""
    rng, xs, outputs, values = _build(op_type, example, seed=3, dynamic=True)
    terms = [tf.reduce_sum(out * tf.constant(rng.uniform(0.5, 1.5), dtype=out.dtype))
             for out in outputs]
    y = tf.cast(terms[0] if len(terms) == 1 else tf.add_n(terms), F64)
    grads = _dense(tf.gradients(y, xs))
    _assert_matches_finite_differences(grads, y, xs, values, example)


SECOND_ORDER = [p for p in _examples() if p.values[1].second]


@pytest.mark.parametrize("op_type,example", SECOND_ORDER)
def test_second_derivative_matches_finite_differences(op_type, example):
    """Gradients are graphs: differentiate v . grad(y) again (a Hessian-vector product)."""
    rng, xs, outputs, values = _build(op_type, example, seed=1 + sum(map(ord, op_type)))
    y = _weighted_sum(rng, outputs)
    grads = _dense(tf.gradients(y, xs))
    terms = [tf.reduce_sum(g * tf.constant(rng.uniform(0.5, 1.5, g.shape.as_list())))
             for g in grads if g is not None]
    z = tf.add_n(terms)
    second = tf.gradients(z, xs)
    _assert_matches_finite_differences(second, z, xs, values, example, "d2/dx2 . v")


@pytest.mark.parametrize("op_type,example", list(_examples()))
def test_kernels_match_inferred_dtypes_and_shapes(op_type, example):
    """Every tensor of the forward and backward graph has the dtype and shape inferred for it."""
    rng, xs, outputs, values = _build(op_type, example, seed=2)
    y = _weighted_sum(rng, outputs)
    tf.gradients(y, xs)
    graph = tf.get_default_graph()
    tensors = [t for op in graph.get_operations() for t in op.outputs
               if op._control_flow_context is None]
    # A traced run also records the tensors inside loop bodies and cond branches that ran.
    meta = tf.RunMetadata()
    with tf.Session() as sess:
        sess.run(tensors, dict(zip(xs, values)), run_metadata=meta,
                 options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE))
    recorded = [t for op in graph.get_operations() for t in op.outputs if t.name in meta.values]
    assert set(tensors) <= set(recorded)
    for t, value in ((t, meta.values[t.name]) for t in recorded):
        value = np.asarray(value)
        assert value.dtype == t.dtype.np, "%s (op %s): kernel gave %s, inferred %s" % (
            t.name, t.op.type, value.dtype, t.dtype.name)
        assert t.shape.is_compatible_with(value.shape), (
            "%s (op %s): kernel gave shape %s, inferred %s" % (t.name, t.op.type, value.shape,
                                                               t.shape))
