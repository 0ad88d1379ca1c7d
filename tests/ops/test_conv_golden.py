"""tf.nn.conv2d, max_pool and avg_pool, forward and gradients, against TensorFlow's numbers
(golden/layers.json, written by scripts/record_golden_layers.py)."""
import numpy as np
import pytest
from golden_files import assert_tf_close, f32, load_golden

import course as tf
from course.ops.conv_ops import avg_pool, conv2d, max_pool

GOLDEN = load_golden("layers")


def _case_id(case):
    x, f = np.shape(case["input"]), np.shape(case["filter"])
    return "x%s-f%s-s%d-%s-d%d" % ("x".join(map(str, x)), "x".join(map(str, f)),
                                   case["strides"], case["padding"], case["dilations"])


@pytest.mark.parametrize("case", GOLDEN["conv2d"], ids=_case_id)
def test_conv2d_forward_and_gradients_match_tensorflow(case):
    x, f = tf.constant(f32(case["input"])), tf.constant(f32(case["filter"]))
    s, d = case["strides"], case["dilations"]
    y = conv2d(x, f, strides=[1, s, s, 1], padding=case["padding"], dilations=[1, d, d, 1])
    assert y.shape.as_list() == list(np.shape(case["output"]))    # static shape inference
    dx, df = tf.gradients(tf.reduce_sum(y * f32(case["weights"])), [x, f])
    assert [dx.op.type, df.op.type] == ["Conv2DBackpropInput", "Conv2DBackpropFilter"]
    with tf.Session() as sess:
        yv, dxv, dfv = sess.run([y, dx, df])
    assert_tf_close(yv, case["output"])
    assert_tf_close(dxv, case["d_input"])
    assert_tf_close(dfv, case["d_filter"])


def _pool_id(case):
    return "%s-x%s-k%d-s%d-%s" % (case["kind"], "x".join(map(str, np.shape(case["input"]))),
                                  case["ksize"], case["strides"], case["padding"])


@pytest.mark.parametrize("case", GOLDEN["pool"], ids=_pool_id)
def test_pooling_forward_and_gradient_match_tensorflow(case):
    pool = {"max": max_pool, "avg": avg_pool}[case["kind"]]
    x = tf.constant(f32(case["input"]))
    k, s = case["ksize"], case["strides"]
    y = pool(x, ksize=[1, k, k, 1], strides=[1, s, s, 1], padding=case["padding"])
    assert y.shape.as_list() == list(np.shape(case["output"]))
    dx, = tf.gradients(tf.reduce_sum(y * f32(case["weights"])), [x])
    with tf.Session() as sess:
        yv, dxv = sess.run([y, dx])
    assert_tf_close(yv, case["output"])
    assert_tf_close(dxv, case["d_input"])
