"""Graph, Operation, Tensor: default graphs, names and scopes, control dependencies, collections,
finalize, lookups and reprs (the expected strings are TF 1.x's)."""
import numpy as np
import pytest

import course as tf


# -- default graph --------------------------------------------------------------------------------
def test_default_graph_stack():
    root = tf.get_default_graph()
    assert tf.get_default_graph() is root
    g1, g2 = tf.Graph(), tf.Graph()
    with g1.as_default() as entered:
        assert entered is g1 and tf.get_default_graph() is g1
        with g2.as_default():
            assert tf.get_default_graph() is g2
            c = tf.constant(1.0)
        assert tf.get_default_graph() is g1
    assert tf.get_default_graph() is root
    assert c.graph is g2 and c.op.graph is g2


def test_reset_default_graph_gives_a_new_empty_graph():
    old = tf.get_default_graph()
    tf.constant(1.0)
    tf.reset_default_graph()
    new = tf.get_default_graph()
    assert new is not old and new.get_operations() == []
    assert tf.constant(1.0).name == "Const:0"      # names start over


def test_ops_follow_the_graph_of_their_inputs():
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0)
    b = a * 2.0                   # made outside the with block, but from g's tensor
    assert b.graph is g


# -- names ----------------------------------------------------------------------------------------
def test_unique_names_count_up():
    names = [tf.constant(0.0).name for _ in range(3)]
    assert names == ["Const:0", "Const_1:0", "Const_2:0"]
    assert [tf.Variable(0.0).op.name for _ in range(2)] == ["Variable", "Variable_1"]


def test_unique_names_are_case_insensitive_like_tf():
    assert tf.constant(1.0, name="A").name == "A:0"
    assert tf.constant(1.0, name="a").name == "a_1:0"


def test_unique_names_skip_names_taken_explicitly():
    assert tf.constant(1.0, name="x").name == "x:0"
    assert tf.constant(1.0, name="x_1").name == "x_1:0"
    assert tf.constant(1.0, name="x").name == "x_2:0"
    with tf.name_scope("x") as scope:       # scopes and ops share one set of names
        assert scope == "x_3/"


def test_name_scopes_nest_uniquify_and_reenter():
    with tf.name_scope("s") as s1:
        with tf.name_scope("t") as s2:
            c = tf.constant(1.0)
        with tf.name_scope(None) as root:
            r = tf.constant(1.0, name="root")
    with tf.name_scope("s") as s3:
        d = tf.constant(1.0)
    with tf.name_scope("s/t/") as again:
        e = tf.constant(1.0)
    assert (s1, s2, root, s3, again) == ("s/", "s/t/", "", "s_1/", "s/t/")
    assert (c.name, r.name, d.name, e.name) == ("s/t/Const:0", "root:0", "s_1/Const:0",
                                                "s/t/Const_1:0")
    assert tf.get_default_graph().get_name_scope() == ""


def test_name_scope_with_default_name_and_values():
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0)
    with tf.name_scope(None, "helper", [a]) as scope:
        assert scope == "helper/"
        assert tf.get_default_graph() is g          # the values' graph is entered
        b = tf.constant(2.0)
    assert b.graph is g and b.name == "helper/Const:0"


def test_composite_functions_name_their_result_after_the_scope():
    x = tf.constant([-2.0, 0.5, 3.0])
    clipped = tf.clip_by_value(x, 0.0, 1.0)
    assert clipped.name == "clip_by_value:0"
    assert clipped.op.inputs[0].name == "clip_by_value/Minimum:0"
    assert tf.clip_by_value(x, 0.0, 1.0, name="clip").name == "clip:0"


def test_python_operands_are_named_inside_the_op_scope():
    x = tf.placeholder(tf.float32)
    y = x + 1.0
    z = 2.0 * x
    assert y.name == "add:0" and [t.name for t in y.op.inputs] == ["Placeholder:0", "add/y:0"]
    assert z.name == "mul:0" and z.op.inputs[0].name == "mul/x:0"


def test_variable_and_get_variable_names():
    with tf.variable_scope("layer1"):
        w = tf.get_variable("w", [2], initializer=tf.zeros_initializer())
        c = tf.constant(0.0)
    with tf.variable_scope("layer1", reuse=True):
        assert tf.get_variable("w") is w
    with tf.variable_scope("layer1"):         # the name scope is uniquified, the var scope not
        d = tf.constant(0.0)
        assert tf.get_variable_scope().name == "layer1"
    assert w.name == "layer1/w:0" and w.op.name == "layer1/w"
    assert w.value().name == "layer1/w/read:0"
    assert w.initializer.name == "layer1/w/Assign"
    assert c.name == "layer1/Const:0" and d.name == "layer1_2/Const:0"


def test_auto_reuse_and_reuse_variables():
    def layer():
        with tf.variable_scope("shared", reuse=tf.AUTO_REUSE):
            return tf.get_variable("v", [1], initializer=tf.ones_initializer())
    assert layer() is layer()
    with tf.variable_scope("scope") as scope:
        a = tf.get_variable("a", [], initializer=tf.zeros_initializer())
        scope.reuse_variables()
        assert tf.get_variable("a") is a
    assert tf.get_variable_scope().name == ""


def test_variable_scope_default_name_is_uniquified():
    with tf.variable_scope(None, default_name="block") as s1:
        pass
    with tf.variable_scope(None, default_name="block") as s2:
        pass
    assert (s1.name, s2.name) == ("block", "block_1")


# -- lookups --------------------------------------------------------------------------------------
def test_lookup_by_name():
    g = tf.get_default_graph()
    c = tf.constant([1, 2], name="c")
    assert g.get_tensor_by_name("c:0") is c
    assert g.get_operation_by_name("c") is c.op
    assert g.as_graph_element("c") is c.op and g.as_graph_element("c:0") is c
    with pytest.raises(KeyError, match="only has 1 outputs"):
        g.get_tensor_by_name("c:1")
    with pytest.raises(TypeError):
        g.get_operation_by_name(c)


def test_as_graph_element_of_a_variable_is_its_variable_tensor():
    v = tf.Variable(1.0)
    assert tf.get_default_graph().as_graph_element(v) is v.op.outputs[0]


def test_operations_and_tensors_know_each_other():
    a = tf.constant(1.0)
    b = tf.constant(2.0)
    s = tf.add(a, b, name="s")
    # TF 2's graph mode: inputs is a tuple, outputs a list, control_inputs a list.
    assert s.op.inputs == (a, b) and s.op.outputs == [s] and s.op.values() == (s,)
    assert s.op.type == "AddV2" and s.value_index == 0
    assert a.consumers() == [s.op]
    assert tf.get_default_graph().get_operations() == [a.op, b.op, s.op]
    assert tf.get_default_graph().version == 3
    unstacked = tf.unstack(tf.zeros([3, 2]), name="u")
    assert [t.name for t in unstacked] == ["u:0", "u:1", "u:2"]
    assert unstacked[0].op.outputs == unstacked
    assert type(unstacked) is list      # the caller's own list, as tf.unstack returns


def test_operation_inputs_and_outputs_are_read_only_views():
    a = tf.constant(1.0)
    b = tf.constant(2.0)
    with tf.control_dependencies([b.op]):
        s = tf.add(a, a)
    op = s.op
    # No copy per read: the gradients and the session read these in their inner loops.
    assert op.inputs is op.inputs and op.outputs is op.outputs
    assert op.control_inputs is op.control_inputs and op.control_inputs == [b.op]
    x, y = op.inputs
    assert x is a and y is a
    for change in (lambda: op.outputs.append(a), lambda: op.outputs.__setitem__(0, a),
                   lambda: op.control_inputs.clear(), lambda: op.outputs.extend([a])):
        with pytest.raises(TypeError, match="cannot be changed"):
            change()
    assert op.outputs == [s] and op.control_inputs == [b.op]
    copy = list(op.outputs)
    copy.append(a)
    assert len(copy) == 2 and op.outputs == [s]


def test_get_attr():
    c = tf.constant([1, 2])
    assert c.op.get_attr("dtype") == tf.int32
    with pytest.raises(ValueError, match="has no attr named 'nope'"):
        c.op.get_attr("nope")


# -- shapes ---------------------------------------------------------------------------------------
def test_static_shapes():
    p = tf.placeholder(tf.float32, [None, 3])
    assert p.shape.as_list() == [None, 3] and p.get_shape().ndims == 2
    assert p.shape[1] == 3 and p.shape[0] is None
    assert not p.shape.is_fully_defined() and p.shape.num_elements() is None
    p.set_shape([4, None])
    assert p.shape.as_list() == [4, 3]
    unknown = tf.placeholder(tf.float32)
    assert unknown.shape.ndims is None
    with pytest.raises(ValueError):
        unknown.shape.as_list()
    assert tf.TensorShape([2, None]).is_compatible_with([2, 5])
    assert not tf.TensorShape([2, None]).is_compatible_with([3, 5])
    assert tf.TensorShape([2, None]).merge_with([None, 5]).as_list() == [2, 5]


def test_dtypes():
    assert tf.as_dtype("float32") is tf.float32 and tf.as_dtype(np.int64) is tf.int64
    assert tf.float32.as_numpy_dtype is np.float32 and tf.float32.is_floating
    assert tf.int32.is_integer and not tf.int32.is_floating and tf.bool.is_bool
    assert tf.float64 == "float64" and tf.double is tf.float64 and tf.float32 != tf.float64
    with pytest.raises(TypeError):
        tf.as_dtype("float31")


# -- reprs -----------------------------------------------------------------------------------------
def test_reprs_match_tf1():
    p = tf.placeholder(tf.float32, [None, 3], name="p")
    v = tf.Variable([1.0, 2.0])
    assert repr(p) == "<tf.Tensor 'p:0' shape=(?, 3) dtype=float32>"
    assert str(p) == 'Tensor("p:0", shape=(?, 3), dtype=float32)'
    assert repr(p.op) == "<tf.Operation 'p' type=Placeholder>"
    assert (repr(tf.float32), str(tf.float32)) == ("tf.float32", "<dtype: 'float32'>")
    assert str(p.shape) == "(?, 3)" and str(tf.constant(1.0).shape) == "()"
    assert str(tf.constant([1]).shape) == "(1,)"
    assert repr(v) == "<tf.Variable 'Variable:0' shape=(2,) dtype=float32_ref>"
    assert 'op: "Placeholder"' in str(p.op) and 'name: "p"' in str(p.op)
    s = tf.add(p, p, name="twice")
    assert 'input: "p"' in str(s.op)


# -- control dependencies ---------------------------------------------------------------------------
def test_control_dependencies_attach_to_new_ops():
    a = tf.constant(1.0, name="a")
    b = tf.constant(2.0, name="b")
    with tf.control_dependencies([a]):
        through_input = tf.add(a, b)          # a is already an input: no control edge
        other = tf.identity(b)
        with tf.control_dependencies(None):  # clears the outer dependencies
            free = tf.identity(b)
        with tf.control_dependencies([b.op]):
            both = tf.identity(a)
    assert through_input.op.control_inputs == []
    assert other.op.control_inputs == [a.op]
    assert free.op.control_inputs == []
    assert [o.name for o in both.op.control_inputs] == ["b"]     # a is an input of both
    outside = tf.identity(b)
    assert outside.op.control_inputs == []


def test_control_dependencies_accept_tensors_ops_and_variables():
    v = tf.Variable(0.0)
    c = tf.constant(1.0)
    with tf.control_dependencies([v.initializer, c, v]):
        d = tf.identity(tf.constant(5.0))
    assert set(d.op.control_inputs) == {v.initializer, c.op, v.op}


def test_group_and_tuple_names():
    a, b = tf.constant(1.0), tf.constant(2.0)
    g = tf.group(a, b)
    assert g.name == "group_deps" and g.type == "NoOp"
    assert set(g.control_inputs) == {a.op, b.op}
    t = tf.tuple([a, b])
    assert [x.name for x in t] == ["tuple/control_dependency:0", "tuple/control_dependency_1:0"]
    gate = t[0].op.control_inputs[0]
    assert gate.type == "NoOp" and set(gate.control_inputs) == {a.op, b.op}
    assert gate.name == "tuple/group_deps"  # TF's tuple gates with a default-named group
    assert tf.tuple([a, None])[1] is None


def test_with_dependencies():
    a = tf.constant(1.0)
    v = tf.Variable(0.0)
    out = tf.with_dependencies([v.initializer], a)
    assert out.op.type == "Identity" and out.op.control_inputs == [v.initializer]
    assert out.name == "control_dependency:0"


# -- collections --------------------------------------------------------------------------------------
def test_collections():
    tf.add_to_collection("k", 1)
    tf.add_to_collections(["k", "m"], 2)
    assert tf.get_collection("k") == [1, 2] and tf.get_collection("m") == [2]
    assert tf.get_collection("nope") == []
    copy = tf.get_collection("k")
    copy.append(3)
    assert tf.get_collection("k") == [1, 2]                 # get_collection is a copy
    ref = tf.get_collection_ref("k")
    ref.append(3)
    assert tf.get_collection("k") == [1, 2, 3]              # get_collection_ref is not
    g = tf.get_default_graph()
    assert {"k", "m"} <= set(g.get_all_collection_keys())
    g.clear_collection("m")
    assert tf.get_collection("m") == []


def test_variable_collections_and_scope_filter():
    with tf.variable_scope("vs"):
        w = tf.get_variable("w", [1], initializer=tf.zeros_initializer())
    frozen = tf.Variable(1.0, trainable=False, name="frozen")
    local = tf.Variable(1.0, collections=[tf.GraphKeys.LOCAL_VARIABLES], name="local")
    assert tf.global_variables() == [w, frozen]
    assert tf.trainable_variables() == [w, local]     # TF adds trainable ones there too
    assert tf.local_variables() == [local] and local.trainable
    assert tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope="vs") == [w]
    assert tf.global_variables(scope="fro") == [frozen]


def test_regularizer_losses_are_collected():
    with tf.variable_scope("layer", regularizer=lambda w: tf.reduce_sum(w * w)):
        tf.get_variable("w", [2], initializer=tf.ones_initializer())
    (loss,) = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert loss.name.startswith("layer/w/Regularizer/")
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        assert s.run(loss) == 2.0


# -- finalize ---------------------------------------------------------------------------------------
def test_finalize_blocks_new_ops_but_not_runs():
    v = tf.Variable(1.0)
    init = tf.global_variables_initializer()
    g = tf.get_default_graph()
    g.finalize()
    assert g.finalized
    with pytest.raises(RuntimeError, match="finalized"):
        v + 1.0
    with tf.Session() as s:
        s.run(init)
        assert s.run(v) == 1.0
    assert not tf.Graph().finalized


def test_a_failed_op_leaves_no_trace_in_the_graph():
    g = tf.get_default_graph()
    before = g.get_operations()
    with pytest.raises(ValueError):
        tf.matmul(tf.ones([2, 3]), tf.ones([4, 5]), name="bad")
    assert [op.name for op in g.get_operations()[len(before):]] == ["ones", "ones_1"]
    assert tf.constant(0.0, name="bad").name == "bad:0"       # the name was not taken


# -- conversion ----------------------------------------------------------------------------------------
def test_convert_to_tensor():
    c = tf.constant(1.0)
    v = tf.Variable(2.0)
    assert tf.convert_to_tensor(c) is c
    assert tf.convert_to_tensor(v).name == "Variable/read:0"
    packed = tf.convert_to_tensor([c, 2.0])
    assert packed.name == "packed:0" and packed.op.type == "Pack"
    assert tf.convert_to_tensor(3).dtype == tf.int32
    assert tf.convert_to_tensor(3.0).dtype == tf.float32
    assert tf.convert_to_tensor(np.float64(3.0)).dtype == tf.float64
    assert tf.convert_to_tensor(3, dtype=tf.float32).dtype == tf.float32
    assert tf.convert_to_tensor(2 ** 40).dtype == tf.int64
    with pytest.raises(ValueError, match="requested dtype int32 for Tensor with dtype float32"):
        tf.convert_to_tensor(c, dtype=tf.int32)
    assert tf.is_tensor(c) and not tf.is_tensor(v) and not tf.is_tensor(1.0)


def test_device_and_colocate_are_accepted_and_ignored():
    with tf.device("/cpu:0"), tf.colocate_with(tf.constant(1.0)):
        c = tf.constant(2.0)
    assert c.device == ""


def test_tensor_conversion_registry():
    class Meters:
        def __init__(self, value):
            self.value = value

    def to_tensor(value, dtype, name, preferred_dtype):
        return tf.constant(value.value, dtype=dtype or tf.float32, name=name or "meters")

    tf.register_tensor_conversion_function(Meters, to_tensor)
    t = tf.convert_to_tensor(Meters(3))
    assert t.dtype == tf.float32 and t.op.name == "meters"
    assert tf.add(Meters(1), 2.0).dtype == tf.float32
    # What array_ops registers: lists holding tensors are stacked, other values are constants.
    packed = tf.convert_to_tensor([tf.constant(1.0), 2.0])
    assert packed.op.type == "Pack" and packed.shape.as_list() == [2]
    assert tf.convert_to_tensor([1, 2]).op.type == "Const"
    with pytest.raises(TypeError, match="types"):
        tf.register_tensor_conversion_function("Meters", to_tensor)
