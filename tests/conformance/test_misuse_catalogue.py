"""The misuse catalogue: what a learner does wrong, the error class TF raises for it, and a
message that names the culprit (op, tensor, shapes, dtypes).

Each case is a function that commits one misuse in the (fresh) default graph. Where course
deliberately departs from TF the case says so.
"""
import collections
import logging
import os
import socket
import tempfile

import numpy as np
import pytest

import course as tf
from course.datasets import DownloadError
from course.framework.registry import _REGISTRY

Misuse = collections.namedtuple("Misuse", "fn error mentions")
CASES = {}
Logged = collections.namedtuple("Logged", "fn level mentions")
LOGGED = {}


def misuse(error, *mentions):
    """Register the decorated function as a misuse raising ``error`` whose message contains
    every string in ``mentions``."""
    def register(fn):
        CASES[fn.__name__] = Misuse(fn, error, mentions)
        return fn
    return register


def logged(level, *mentions):
    """Register the decorated function as a misuse TF lets pass (and so does course) but which
    course explains: it must log, on the "tensorflow" logger at ``level``, a message containing
    every string in ``mentions``, and return normally."""
    def register(fn):
        LOGGED[fn.__name__] = Logged(fn, level, mentions)
        return fn
    return register


def run(fetches, feed_dict=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed_dict)


# -- feeding ---------------------------------------------------------------------------------------
@misuse(ValueError, "Cannot feed value of shape (3,) for Tensor 'Placeholder:0', which has "
                    "shape '(?, 2)'")
def feed_wrong_shape():
    x = tf.placeholder(tf.float32, [None, 2])
    run(x, {x: [1.0, 2.0, 3.0]})


@misuse(ValueError, "Cannot feed value of shape (2, 3) for Tensor 'x:0', which has shape '(2,)'")
def feed_wrong_rank():
    x = tf.placeholder(tf.float32, [2], name="x")
    run(x, {x: np.ones((2, 3))})


@misuse(tf.errors.InvalidArgumentError, "You must feed a value for placeholder tensor "
                                        "'Placeholder' with dtype float32 and shape [?,2]",
        "[[node Placeholder")
def unfed_placeholder():
    x = tf.placeholder(tf.float32, [None, 2])
    run(x * 2.0)


@misuse(tf.errors.InvalidArgumentError, "placeholder tensor 'labels' with dtype int32")
def unfed_placeholder_among_fed():
    x = tf.placeholder(tf.float32, [None], name="inputs")
    y = tf.placeholder(tf.int32, [None], name="labels")
    run(x + tf.cast(y, tf.float32), {x: [1.0]})


# course departs from TF here: TF silently truncates 1.5 to 1.
@misuse(TypeError, "fractional parts", "'Placeholder:0'", "int32")
def feed_fraction_to_int():
    x = tf.placeholder(tf.int32, [2])
    run(x, {x: [1.5, 2.0]})


@misuse(ValueError, "'abc'", "'Placeholder:0'", "float32")
def feed_string_to_float():
    x = tf.placeholder(tf.float32)
    run(x, {x: "abc"})


@misuse(TypeError, "The value of a feed cannot be a tf.Tensor object", "Placeholder:0")
def feed_a_tensor_as_value():
    x = tf.placeholder(tf.float32)
    run(x, {x: tf.constant(1.0)})


@misuse(TypeError, "Cannot interpret feed_dict key as Tensor", "'nope:0'")
def feed_key_not_in_graph():
    x = tf.placeholder(tf.float32)
    run(x, {"nope:0": 1.0, x: 2.0})


@misuse(TypeError, "Cannot interpret feed_dict key as Tensor", "int")
def feed_key_of_wrong_type():
    x = tf.placeholder(tf.float32)
    run(x, {5: 1.0})


@misuse(TypeError, "Cannot interpret feed_dict key as Tensor", "not an element of this graph")
def feed_key_from_another_graph():
    with tf.Graph().as_default():
        other = tf.placeholder(tf.float32, name="other")
    x = tf.placeholder(tf.float32)
    run(x, {other: 1.0, x: 1.0})


# -- fetching and sessions -------------------------------------------------------------------------
@misuse(TypeError, "Fetch argument None has invalid type <class 'NoneType'>")
def fetch_none():
    run([tf.constant(1.0), None])


@misuse(TypeError, "Fetch argument 3 has invalid type <class 'int'>")
def fetch_a_number():
    run(3)


@misuse(ValueError, "Fetch argument 'nope:0' cannot be interpreted as a Tensor", "'nope'")
def fetch_missing_name():
    tf.constant(1.0)
    run("nope:0")


@misuse(ValueError, "Const:0", "is not an element of this graph")
def fetch_tensor_of_another_graph():
    with tf.Graph().as_default():
        t = tf.constant(1.0)
    tf.constant(2.0)
    run(t)


@misuse(RuntimeError, "Attempted to use a closed Session.")
def run_closed_session():
    c = tf.constant(1.0)
    sess = tf.Session()
    sess.close()
    sess.run(c)


@misuse(RuntimeError, "Attempted to use a closed Session.")
def run_after_with_block():
    c = tf.constant(1.0)
    with tf.Session() as sess:
        pass
    sess.run(c)


@misuse(ValueError, "No default session is registered", "eval(session=sess)")
def eval_without_default_session():
    tf.constant(1.0).eval()


@misuse(ValueError, "graph is different")
def eval_in_session_of_another_graph():
    t = tf.constant(1.0)
    with tf.Session(graph=tf.Graph()) as sess:
        t.eval(session=sess)


@misuse(TypeError, "graph must be a tf.Graph")
def session_with_bad_graph():
    tf.Session(graph="default")


# -- state -----------------------------------------------------------------------------------------
@misuse(tf.errors.FailedPreconditionError, "Attempting to use uninitialized value Variable",
        "[[node Variable")
def uninitialized_variable():
    v = tf.Variable(1.0)
    run(v * 2.0)


@misuse(tf.errors.FailedPreconditionError, "Attempting to use uninitialized value Variable")
def fetch_uninitialized_variable():
    run(tf.Variable(1.0))


@misuse(tf.errors.FailedPreconditionError, "uninitialized value counter")
def assign_add_to_uninitialized():
    v = tf.Variable(0, name="counter")
    run(tf.assign_add(v, 1))


@misuse(tf.errors.FailedPreconditionError, "uninitialized value layer/b")
def only_some_variables_initialized():
    with tf.variable_scope("layer"):
        w = tf.get_variable("w", [2], initializer=tf.zeros_initializer())
        b = tf.get_variable("b", [2], initializer=tf.zeros_initializer())
    with tf.Session() as sess:
        sess.run(w.initializer)
        sess.run(w + b)


@misuse(ValueError, "(2,)", "(3,)", "Variable")
def assign_static_shape_mismatch():
    v = tf.Variable([1.0, 2.0])
    tf.assign(v, [1.0, 2.0, 3.0])


@misuse(tf.errors.InvalidArgumentError, "Assign requires shapes of both tensors to match. lhs "
                                        "shape= [2] rhs shape= [3]", "[[node Assign")
def assign_runtime_shape_mismatch():
    v = tf.Variable([1.0, 2.0])
    p = tf.placeholder(tf.float32, [None])
    with tf.Session() as sess:
        sess.run(v.initializer)
        sess.run(tf.assign(v, p), {p: [1.0, 2.0, 3.0]})


@misuse(TypeError, "float32", "int32", "'Assign'")
def assign_wrong_dtype():
    v = tf.Variable([1, 2])
    tf.assign(v, tf.constant([1.0, 2.0]))


@misuse(TypeError, "needs a variable to assign to", "Const:0")
def assign_to_a_constant():
    tf.assign(tf.constant(1.0), 2.0)


@misuse(ValueError, "initial_value must be specified")
def variable_without_initial_value():
    tf.Variable()


# -- variable scopes -------------------------------------------------------------------------------
@misuse(ValueError, "Variable layer/w does not exist", "reuse=tf.AUTO_REUSE")
def reuse_a_variable_that_does_not_exist():
    with tf.variable_scope("layer", reuse=True):
        tf.get_variable("w", [2])


@misuse(ValueError, "Variable layer/w already exists, disallowed", "reuse=True")
def create_a_variable_twice():
    for _ in range(2):
        with tf.variable_scope("layer"):
            tf.get_variable("w", [2], initializer=tf.zeros_initializer())


@misuse(ValueError, "Trying to share variable layer/w", "(3,)", "(2,)")
def reuse_with_another_shape():
    with tf.variable_scope("layer"):
        tf.get_variable("w", [2], initializer=tf.zeros_initializer())
    with tf.variable_scope("layer", reuse=True):
        tf.get_variable("w", [3])


@misuse(ValueError, "Shape of a new variable (w) must be fully defined", "None")
def get_variable_without_shape():
    tf.get_variable("w", initializer=tf.zeros_initializer())


@misuse(ValueError, "Shape of a new variable (w) must be fully defined", "(?, 3)")
def get_variable_with_unknown_dimension():
    tf.get_variable("w", [None, 3], initializer=tf.zeros_initializer())


# -- names and graphs ------------------------------------------------------------------------------
@misuse(ValueError, "'bad name!' is not a valid scope name")
def invalid_name_scope():
    with tf.name_scope("bad name!"):
        pass


@misuse(ValueError, "'my op' is not a valid node name")
def invalid_op_name():
    tf.constant(1.0, name="my op")


@misuse(RuntimeError, "Graph is finalized and cannot be modified.")
def add_to_finalized_graph():
    tf.constant(1.0)
    tf.get_default_graph().finalize()
    tf.constant(2.0)


@misuse(ValueError, "must be from the same graph", "Const:0")
def combine_tensors_of_two_graphs():
    with tf.Graph().as_default():
        a = tf.constant(1.0)
    tf.add(a, tf.constant(2.0))


@misuse(AssertionError, "Do not use tf.reset_default_graph() to clear nested graphs")
def reset_default_graph_inside_a_graph():
    with tf.Graph().as_default():
        tf.reset_default_graph()


@misuse(KeyError, "'nope'", "does not exist")
def tensor_by_missing_name():
    tf.get_default_graph().get_tensor_by_name("nope:0")


@misuse(ValueError, "'c'", "Operation", "'c:0'")
def tensor_by_op_name():
    tf.constant(1.0, name="c")
    tf.get_default_graph().get_tensor_by_name("c")


# -- Python protocol on symbolic tensors -----------------------------------------------------------
@misuse(TypeError, "Using a `tf.Tensor` as a Python `bool` is not allowed")
def tensor_as_bool():
    if tf.constant(1.0) > 0:
        pass


@misuse(TypeError, "Tensor objects are only iterable when eager execution is enabled",
        "tf.unstack")
def iterate_a_tensor():
    for _ in tf.constant([1, 2]):
        pass


@misuse(TypeError, "len is not well defined for symbolic Tensors", "Const:0")
def len_of_a_tensor():
    len(tf.constant([1, 2]))


@misuse(TypeError, "Using a `tf.Variable` as a Python `bool` is not allowed")
def variable_as_bool():
    if tf.Variable(1.0):
        pass


# -- dtypes ---------------------------------------------------------------------------------------
@misuse(TypeError, "Expected int32 passed to parameter 'y' of op 'AddV2'", "1.5")
def int_tensor_plus_float():
    tf.constant([1, 2]) + 1.5


@misuse(TypeError, "Input 'y' of 'AddV2' Op has type float64 that does not match type float32")
def float32_plus_float64():
    tf.constant([1.0], tf.float32) + tf.constant([1.0], tf.float64)


@misuse(TypeError, "Input 'b' of 'MatMul' Op has type int32 that does not match type float32")
def matmul_mixed_dtypes():
    tf.matmul(tf.ones([2, 2]), tf.ones([2, 2], tf.int32))


@misuse(TypeError, "DataType int32 not in list of allowed values", "'Log'")
def log_of_int():
    tf.log(tf.constant([1, 2]))


@misuse(TypeError, "DataType int32 not in list of allowed values", "'Sqrt'")
def sqrt_of_int():
    tf.sqrt(tf.constant(4))


@misuse(TypeError, "Value passed to parameter 'indices' has DataType float32", "OneHot")
def one_hot_of_floats():
    tf.one_hot([1.0, 2.0], 3)


@misuse(TypeError, "Expected int32, got 1.5 of type 'float' instead.")
def int_constant_with_fraction():
    tf.constant(1.5, tf.int32)


@misuse(TypeError, "'values' of 'ConcatV2' Op have types [float32, int32]")
def concat_mixed_dtypes():
    tf.concat([tf.ones([2]), tf.ones([2], tf.int32)], 0)


@misuse(TypeError, "'reduction_indices' has DataType float64")
def reduce_over_a_float_axis():
    tf.reduce_sum(tf.ones([2]), 0.5)


@misuse(TypeError, "Input 'condition' of 'Select' Op has type float32")
def where_with_float_condition():
    tf.where(tf.ones([2]), tf.ones([2]), tf.zeros([2]))


@misuse(TypeError, "'labels' has DataType float32", "int32, int64")
def sparse_xent_with_float_labels():
    tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([0.0, 1.0]),
                                                   logits=tf.ones([2, 3]))


# -- static shapes --------------------------------------------------------------------------------
@misuse(ValueError, "Dimensions must be equal, but are 3 and 4 for 'MatMul' (op: 'MatMul') "
                    "with input shapes: [2,3], [4,5].")
def matmul_static_mismatch():
    tf.matmul(tf.ones([2, 3]), tf.ones([4, 5]))


@misuse(ValueError, "Shape must be rank 2 but is rank 1", "'MatMul'", "[3]")
def matmul_of_a_vector():
    tf.matmul(tf.ones([3]), tf.ones([3, 2]))


@misuse(ValueError, "Dimensions must be equal, but are 2 and 3", "'add'", "[2], [3]")
def add_static_mismatch():
    tf.ones([2]) + tf.ones([3])


@misuse(ValueError, "Cannot reshape a tensor with 6 elements to shape [4] (4 elements)",
        "'Reshape'", "[2,3]")
def reshape_to_wrong_size():
    tf.reshape(tf.ones([2, 3]), [4])


@misuse(ValueError, "Cannot infer multiple unknown dimensions", "'Reshape'")
def reshape_with_two_minus_ones():
    tf.reshape(tf.ones([2, 3]), [-1, -1])


@misuse(ValueError, "Invalid reduction dimension 2 for input with 2 dimensions", "'Sum'", "[2,3]")
def reduce_over_a_missing_axis():
    tf.reduce_sum(tf.ones([2, 3]), 2)


@misuse(ValueError, "Invalid reduction dimension -3", "'Mean'")
def reduce_over_a_missing_negative_axis():
    tf.reduce_mean(tf.ones([2, 3]), -3)


@misuse(ValueError, "Invalid reduction dimension 2", "'ArgMax'")
def argmax_over_a_missing_axis():
    tf.argmax(tf.ones([2, 3]), 2)


@misuse(ValueError, "Can not specify both 'axis' and 'reduction_indices'")
def axis_and_reduction_indices():
    tf.reduce_sum(tf.ones([2]), axis=0, reduction_indices=0)


@misuse(ValueError, "Shape must be rank 2 but is rank 1 for 'concat'", "[2,3], [3]")
def concat_rank_mismatch():
    tf.concat([tf.ones([2, 3]), tf.ones([3])], 0)


@misuse(ValueError, "Dimension 1 in both shapes must be equal, but are 3 and 2", "'concat'")
def concat_other_dimension_mismatch():
    tf.concat([tf.ones([2, 3]), tf.ones([2, 2])], 0)


@misuse(ValueError, "Can not squeeze dim[1], expected a dimension of 1, got 3", "'Squeeze'")
def squeeze_a_real_dimension():
    tf.squeeze(tf.ones([2, 3]), [1])


@misuse(ValueError, "Tried to expand dim index 3 for tensor with 1 dimensions", "'ExpandDims'")
def expand_dims_out_of_range():
    tf.expand_dims(tf.ones([2]), 3)


@misuse(ValueError, "Dimension size must be evenly divisible by 2 but is 5", "'split'")
def uneven_split():
    tf.split(tf.ones([5]), 2)


@misuse(ValueError, "Cannot infer num from shape (?, 2)")
def unstack_unknown_dimension():
    tf.unstack(tf.placeholder(tf.float32, [None, 2]))


@misuse(ValueError, "not a permutation", "'transpose'")
def transpose_with_a_bad_perm():
    tf.transpose(tf.ones([2, 3]), [0, 0])


@misuse(ValueError, "slice index 5 of dimension 0 out of bounds", "'strided_slice'", "[2,3]")
def index_out_of_range():
    tf.ones([2, 3])[5]


@misuse(ValueError, "Dimensions must be equal, but are 3 and 4", "'BiasAdd'")
def bias_add_wrong_size():
    tf.nn.bias_add(tf.ones([2, 3]), tf.ones([4]))


@misuse(ValueError, "logits_size=[2,3] labels_size=[2,4]")
def softmax_xent_shape_mismatch():
    tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.ones([2, 4]), logits=tf.ones([2, 3]))


@misuse(ValueError, "Rank mismatch: Rank of labels (received 2) should equal rank of logits "
                    "minus 1 (received 2).")
def sparse_xent_with_one_hot_labels():
    tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.ones([2, 3], tf.int32),
                                                   logits=tf.ones([2, 3]))


@misuse(ValueError, "Only call `softmax_cross_entropy_with_logits_v2` with named arguments")
def xent_with_positional_arguments():
    tf.nn.softmax_cross_entropy_with_logits_v2(tf.ones([2, 3]), tf.ones([2, 3]))


@misuse(ValueError, "'AddN'", "[2], [3]")
def add_n_shape_mismatch():
    tf.add_n([tf.ones([2]), tf.ones([3])])


@misuse(ValueError, "Shapes (?, 2) and (3, 3) are not compatible")
def set_shape_incompatible():
    tf.placeholder(tf.float32, [None, 2]).set_shape([3, 3])


# -- shapes and values only known at run time -------------------------------------------------------
@misuse(tf.errors.InvalidArgumentError, "[[node add (op AddV2)]]", "[2], [3]")
def runtime_broadcast_mismatch():
    a = tf.placeholder(tf.float32, [None])
    b = tf.placeholder(tf.float32, [None])
    run(a + b, {a: [1.0, 2.0], b: [1.0, 2.0, 3.0]})


@misuse(tf.errors.InvalidArgumentError, "[[node MatMul (op MatMul)]]", "[2,3], [2,3]")
def runtime_matmul_mismatch():
    p = tf.placeholder(tf.float32, [None, None])
    run(tf.matmul(p, p), {p: np.ones((2, 3))})


@misuse(tf.errors.InvalidArgumentError, "[[node Reshape (op Reshape)]]", "size 3")
def runtime_reshape_mismatch():
    p = tf.placeholder(tf.float32, [None])
    run(tf.reshape(p, [2, 2]), {p: [1.0, 2.0, 3.0]})


@misuse(tf.errors.InvalidArgumentError, "indices[1] = 5 is not in [0, 3)", "[[node GatherV2")
def gather_out_of_range():
    i = tf.placeholder(tf.int32, [None])
    run(tf.gather(tf.constant([1.0, 2.0, 3.0]), i), {i: [0, 5]})


@misuse(tf.errors.InvalidArgumentError, "indices[0,1] = -1 is not in [0, 3)")
def gather_negative_index_in_a_constant():
    run(tf.gather(tf.constant([1.0, 2.0, 3.0]), [[0, -1]]))


@misuse(tf.errors.InvalidArgumentError, "Received a label value of 5 which is outside the valid "
                                        "range of [0, 3)",
        "[[node SparseSoftmaxCrossEntropyWithLogits")
def sparse_label_out_of_range():
    labels = tf.placeholder(tf.int32, [None])
    run(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=tf.ones([1, 3])),
        {labels: [5]})


@misuse(tf.errors.InvalidArgumentError, "Integer division by zero", "[[node floordiv")
def integer_division_by_zero():
    d = tf.placeholder(tf.int32, [1])
    run(tf.floordiv(tf.constant([1]), d), {d: [0]})


# -- gradients ------------------------------------------------------------------------------------
@misuse(ValueError, "must be from the same graph")
def gradients_across_graphs():
    with tf.Graph().as_default():
        x = tf.constant(1.0)
    tf.gradients(tf.constant(2.0), x)


@misuse(ValueError, "Passed 2 grad_ys for 1 ys")
def gradients_with_too_many_grad_ys():
    x = tf.constant([1.0, 2.0])
    tf.gradients(x * 2.0, x, grad_ys=[tf.ones([2]), tf.ones([2])])


@misuse(ValueError, "Incompatible shapes between op input and calculated input gradient", "(3,)")
def gradients_with_wrong_grad_ys_shape():
    x = tf.constant([1.0, 2.0])
    tf.gradients(x * 2.0, x, grad_ys=tf.ones([3]))


@pytest.fixture
def op_without_gradient():
    """A throwaway op type registered differentiable but with no gradient function."""
    from course.framework.registry import define_op
    from course.ops.core import same_shape
    define_op("_MisuseNoGrad", kernel=lambda x: x, infer=same_shape)
    yield "_MisuseNoGrad"
    del _REGISTRY["_MisuseNoGrad"]


def test_gradient_through_an_op_without_one(op_without_gradient):
    from course.ops.core import apply
    x = tf.constant([1.0, 2.0])
    y = apply(op_without_gradient, [x * 2.0], name="mystery")
    with pytest.raises(LookupError, match=r"No gradient defined for operation 'mystery' "
                                          r"\(op type: _MisuseNoGrad\)"):
        tf.gradients(y, x)


# -- edges: what TF accepts or rejects where course once did otherwise (issue 16) -----------------
@misuse(ValueError, "None values not supported.")
def constant_of_none():
    tf.constant(None)


@misuse(ValueError, "Fill dimensions must be >= 0 for 'zeros'", "input[0] = [?,3]")
def zeros_with_minus_one():
    tf.zeros([-1, 3])


@misuse(ValueError, "Invalid value in tensor used for shape: -2")
def ones_with_a_negative_dimension():
    tf.ones([2, -2])


@misuse(ValueError, "Fill dimensions must be >= 0 for 'Fill'", "input[0] = [?,3]")
def fill_with_minus_one():
    tf.fill([-1, 3], 1.0)


# TF returns [None] silently; course returns [None] too, and says why.
@logged("WARNING", "mul:0 is int32", "gradients flow only through floating-point tensors",
        "Cast to float32")
def gradients_of_an_int_tensor():
    x = tf.constant(3)
    assert tf.gradients(x * x, x) == [None]


@logged("ERROR", "An interactive session is already active",
        "You must explicitly call `InteractiveSession.close()`")
def second_interactive_session():
    first = tf.InteractiveSession()
    second = tf.InteractiveSession()
    second.close()
    first.close()


@misuse(tf.errors.DataLossError, "Unable to read checkpoint file", "truncated or corrupted")
def restore_a_damaged_checkpoint():
    tf.Variable(1.0)
    directory = tempfile.mkdtemp()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = tf.train.Saver().save(sess, directory + "/model")
        with open(path + ".npz", "r+b") as f:
            f.truncate(30)
        tf.train.Saver().restore(sess, path)


@logged("WARNING", "checkpoint path '../elsewhere/model' points outside", "ignored")
def checkpoint_state_file_pointing_outside_its_directory():
    directory = tempfile.mkdtemp()
    with open(os.path.join(directory, "checkpoint"), "w") as f:
        f.write('model_checkpoint_path: "../elsewhere/model"\n')
    assert tf.train.latest_checkpoint(directory) is None


@misuse(TypeError, "Expected a Summary (the value of a summary op)", "Tensor",
        "run it first: writer.add_summary(sess.run(summary_op), step)")
def add_summary_of_the_summary_tensor_itself():
    merged = tf.summary.merge([tf.summary.scalar("loss", tf.constant(1.0))])
    writer = tf.summary.FileWriter(tempfile.mkdtemp())
    writer.add_summary(merged, 0)          # meant: writer.add_summary(sess.run(merged), 0)


# TF says nothing while every step gets slower; course explains, once.
@logged("WARNING", "The graph has grown before each of the last 50 runs",
        "Build every op once, before the loop")
def ops_built_inside_the_training_loop():
    x = tf.Variable(0.0)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(120):
            sess.run(tf.assign_add(x, 1.0))


# The header claims 3 x (2**32 - 1) bytes: the message gives the true count, not an overflow.
@misuse(ValueError, "(79,228,162,458,924,105,385,300,197,375 bytes of data) but the file holds "
                    "0 bytes")
def idx_header_claiming_huge_dimensions():
    path = os.path.join(tempfile.mkdtemp(), "huge-images-idx3-ubyte")
    with open(path, "wb") as f:
        f.write(bytes([0, 0, 8, 3]) + b"\xff\xff\xff\xff" * 3)
    from course.datasets import read_idx
    read_idx(path)


@misuse(DownloadError, "Could not download", "(2 attempts, timeout 0.1 s each)",
        "no answer within 0.1 s")
def download_from_a_server_that_never_answers():
    from course.datasets import download_mnist
    server = socket.create_server(("127.0.0.1", 0))     # accepts (backlog), never answers
    try:
        url = "http://127.0.0.1:%d/" % server.getsockname()[1]
        download_mnist(tempfile.mkdtemp(), base_url=url, sha256={"f.gz": None},
                       progress=False, timeout=0.1, retries=1, backoff=0.01)
    finally:
        server.close()


# -- the catalogue itself -------------------------------------------------------------------------
def test_the_catalogue_has_at_least_forty_cases():
    assert len(CASES) + len(LOGGED) + 1 >= 40


@pytest.mark.parametrize("name", sorted(CASES))
def test_misuse_raises_tf_error_naming_the_culprit(name):
    case = CASES[name]
    with pytest.raises(case.error) as info:
        case.fn()
    assert type(info.value) is case.error or case.error in (ValueError, TypeError, KeyError), (
        "expected exactly %s, got %s" % (case.error.__name__, type(info.value).__name__))
    message = info.value.args[0] if isinstance(info.value, KeyError) else str(info.value)
    for text in case.mentions:
        assert text in message, "message %r does not mention %r" % (message, text)


class _Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.mark.parametrize("name", sorted(LOGGED))
def test_tolerated_misuse_logs_an_explanation(name):
    case = LOGGED[name]
    handler = _Records()
    logger = tf.logging.get_logger()
    logger.addHandler(handler)
    try:
        case.fn()
    finally:
        logger.removeHandler(handler)
    messages = [r.getMessage() for r in handler.records if r.levelname == case.level]
    assert len(messages) == 1, [r.getMessage() for r in handler.records]
    for text in case.mentions:
        assert text in messages[0], "message %r does not mention %r" % (messages[0], text)


def test_op_errors_carry_the_failing_op():
    x = tf.placeholder(tf.float32, [None], name="x")
    y = tf.add(x, x, name="double")
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        run(y)
    assert info.value.op is x.op
    assert info.value.error_code == 3
    labels = tf.placeholder(tf.int32, [None])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=tf.ones([1, 3]))
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        run(loss, {labels: [7]})
    assert info.value.op is loss.op
