"""course: the TensorFlow 1.x programming model in numpy, made to be looked inside.

``import course as tf`` and TF1 code runs: graphs, placeholders, Variables, Session.run with
feed_dict, tf.gradients, optimizers, hooks. Pictures live in ``course.viz`` (imported lazily).
"""
from .framework.dtypes import (  # noqa: F401
    DType, as_dtype, bool_ as bool, complex64, complex128, double, float16, float32, float64, half,
    int8, int16, int32, int64, string, uint8, uint16, uint32, uint64)
from .framework.ops import (  # noqa: F401
    Graph, GraphKeys, Operation, Tensor, add_to_collection, add_to_collections, colocate_with,
    control_dependencies, convert_to_tensor, device, get_collection, get_collection_ref,
    get_default_graph, get_default_session, init_scope, is_tensor, name_scope,
    register_tensor_conversion_function, reset_default_graph)
from .framework.tensor_shape import Dimension, TensorShape  # noqa: F401
from .ops.array_ops import (  # noqa: F401
    cast, concat, constant, expand_dims, fill, gather, identity, one_hot, ones, ones_like,
    placeholder, placeholder_with_default, range, rank, reshape, shape, size, slice, split,
    squeeze, stack, stop_gradient, strided_slice, tile, to_float, to_int32, to_int64, transpose,
    unstack, where, zeros, zeros_like)
from .ops.pad_ops import pad  # noqa: F401
from .image.image_ops import random_crop  # noqa: F401
from .ops.scatter_ops import (  # noqa: F401
    scatter_add, scatter_sub, scatter_update, unique, unsorted_segment_sum)
from .framework.indexed_slices import IndexedSlices, IndexedSlicesValue  # noqa: F401
from .framework.sparse_tensor import SparseTensor, SparseTensorValue  # noqa: F401
from .ops.sparse_ops import edit_distance, sparse_placeholder  # noqa: F401
from .ops.control_flow_ops import group, no_op, tuple, with_dependencies  # noqa: F401
from .ops.cond import case, cond  # noqa: F401
from .ops.functional_ops import foldl, foldr, map_fn, scan  # noqa: F401
from .ops.tensor_array_ops import TensorArray  # noqa: F401
from .ops.while_loop import while_loop  # noqa: F401
from .math import *  # noqa: F401,F403  (the tf.math names are top-level names too)
from .math import multiply, negative, subtract  # the TF1 aliases below
from .ops.math_ops import clip_by_value, div, matmul, scalar_mul  # noqa: F401
from .ops.math_ops import lin_space, linspace  # noqa: F401
from .ops.math_ops import floordiv as floor_div, real_div as realdiv  # noqa: F401
from .ops.math_ops import truncatediv, truncatemod  # noqa: F401
from .ops.clip_ops import clip_by_global_norm, clip_by_norm, global_norm  # noqa: F401
from .ops.linalg_ops import eye, norm, tensordot  # noqa: F401
from .ops.composite_ops import (  # noqa: F401
    boolean_mask, confusion_matrix, meshgrid, sequence_mask, to_double, trace,
    unique_with_counts)
from .ops.matrix_ops import (  # noqa: F401
    cholesky, cross, diag, diag_part, matrix_determinant, matrix_diag, matrix_diag_part,
    matrix_inverse, matrix_solve, matrix_transpose, self_adjoint_eig, self_adjoint_eigvals)
from .ops.logging_ops import Print  # noqa: F401
from .ops.check_ops import (  # noqa: F401
    Assert, assert_equal, assert_greater, assert_greater_equal, assert_less, assert_less_equal,
    assert_negative, assert_non_negative, assert_non_positive, assert_positive)
from .ops.gather_nd_ops import gather_nd, scatter_nd  # noqa: F401
from .ops.script_ops import py_func  # noqa: F401
from .ops.reduction_ops import arg_max, arg_min  # noqa: F401
from .ops.reverse_ops import reverse, reverse_sequence  # noqa: F401
from .ops.state_ops import (  # noqa: F401
    assign, assign_add, assign_sub, count_up_to, is_variable_initialized)
from .ops.parsing_ops import decode_csv  # noqa: F401
from .ops.queue_ops import FIFOQueue, QueueBase, RandomShuffleQueue  # noqa: F401
from .ops.reader_ops import TextLineReader  # noqa: F401
from .gradients import gradients  # noqa: F401
from .session import (  # noqa: F401
    InteractiveSession, RunMetadata, RunOptions, Session)
from .variables import (  # noqa: F401
    Variable, all_variables, global_variables, global_variables_initializer,
    initialize_all_variables, local_variables, local_variables_initializer, model_variables,
    moving_average_variables,
    report_uninitialized_variables, trainable_variables, variables_initializer)
from .variable_scope import (  # noqa: F401
    AUTO_REUSE, VariableScope, get_variable, get_variable_scope, variable_scope)
from .init_ops import (  # noqa: F401
    constant_initializer, ones_initializer, zeros_initializer)
from .ops.random_ops import (  # noqa: F401
    multinomial, random_normal, random_shuffle, random_uniform, set_random_seed,
    truncated_normal)
from .random_init_ops import (  # noqa: F401
    glorot_normal_initializer, glorot_uniform_initializer, he_normal, he_uniform,
    random_normal_initializer, random_uniform_initializer, truncated_normal_initializer,
    variance_scaling_initializer)
from . import (  # noqa: F401
    compat, contrib, data, dtypes, errors, gfile, image, initializers, keras, layers, linalg,
    losses, math, metrics, nn, random, summary, test, train)
from .framework import nest  # noqa: F401
from . import tf_logging as logging  # noqa: F401
from .platform import app, flags  # noqa: F401
from .tensorflow_alias import install_as_tensorflow  # noqa: F401
from .config import ConfigProto, GPUOptions, GraphOptions, OptimizerOptions  # noqa: F401
from .summary import SessionLog, Summary  # noqa: F401

from .compat import disable_eager_execution, disable_v2_behavior, executing_eagerly  # noqa: F401

sub = subtract
mul = multiply
neg = negative
newaxis = None
__version__ = "0.1.0"       # the one place course's version is written (pyproject reads it)
VERSION = "1.15.0 (course %s)" % __version__


_INTERNAL_MODULES = {"framework", "init_ops", "ops", "random_init_ops", "session", "tf_logging",
                     "variables", "config", "cli", "exercise", "platform", "tensorflow_alias",
                     "install_as_tensorflow", "datasets"}


def __dir__():
    # TF's namespace, without course's implementation modules (they stay importable).
    return sorted(n for n in globals() if n not in _INTERNAL_MODULES and not n.startswith("_")) + [
        "viz"]


def __getattr__(name):
    # Pictures are imported only when asked for, so `import course` stays light.
    if name == "viz":
        import importlib
        return importlib.import_module(".viz", __name__)
    raise AttributeError("module 'course' has no attribute %r" % name)


