"""Issue 16's edges, each against what TF 2.21 did (golden/edges.json, recorded by
scripts/record_golden_edges.py): errors and their messages, string fetches, gradients of
integer tensors, a second InteractiveSession."""
import logging

import numpy as np
import pytest
from golden_files import load_golden

import course as tf

GOLDEN = load_golden("edges")


@pytest.mark.parametrize("case, build", [
    ("constant_none", lambda: tf.constant(None)),
    ("zeros_minus_one", lambda: tf.zeros([-1, 3])),
    ("ones_minus_two", lambda: tf.ones([2, -2])),
    ("fill_minus_one", lambda: tf.fill([-1, 3], 1.0)),
])
def test_errors_are_tensorflows(case, build):
    expected = GOLDEN["errors"][case]
    with pytest.raises(Exception) as info:
        build()
    assert type(info.value).__name__ == expected["error"]
    if case in ("constant_none", "ones_minus_two"):
        assert str(info.value) == expected["message"]
    else:  # TF's text names its node in its own syntax; the facts are the same
        head, partial = "Fill dimensions must be >= 0 for", "input[0] = [?,3]."
        assert expected["message"].startswith(head) and expected["message"].endswith(partial)
        assert str(info.value).startswith(head) and str(info.value).endswith(partial)


def test_a_constant_of_a_list_holding_none_is_still_refused():
    with pytest.raises((TypeError, ValueError)):
        tf.constant([1.0, None])


def test_strings_fetch_as_bytes():
    sess = tf.Session()
    hello = sess.run(tf.constant("Hello, TensorFlow!"))
    assert type(hello) is bytes and repr(hello) == GOLDEN["strings"]["scalar"]
    assert repr(sess.run(tf.constant(["a", "bc"]))) == GOLDEN["strings"]["vector"]
    assert repr(sess.run(tf.constant([["a"], ["bc"]]))) == GOLDEN["strings"]["matrix"]
    p = tf.placeholder(tf.string)
    fed = sess.run(tf.identity(p), {p: ["héllo", b"d"]})
    assert repr(fed) == GOLDEN["strings"]["identity_of_fed"]
    assert sess.run(tf.constant("x")).decode() == "x"
    as_objects = np.array(["héllo", b"d"], dtype=object)        # even an object array of str
    assert repr(sess.run(tf.identity(p), {p: as_objects})) == GOLDEN["strings"]["identity_of_fed"]


def test_gradients_of_integer_tensors_are_none():
    x, xf = tf.constant(3), tf.constant(3.0)
    recorded = GOLDEN["gradients_of_int"]
    assert repr(tf.gradients(x * x, x)) == recorded["int_y_int_x"] == "[None]"
    assert repr(tf.gradients(tf.cast(xf, tf.int32) * 2, xf)) == recorded["int_y_float_x"]
    assert repr(tf.gradients(tf.cast(x, tf.float32) * 2.0, x)) == recorded["float_y_int_x"]
    # the float part of a mixed list still gets its gradient
    g = tf.gradients([x * x, xf * xf], [x, xf])
    assert g[0] is None and tf.Session().run(g[1]) == np.float32(6.0)


def test_second_interactive_session_logs_tensorflows_message():
    records = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append([record.levelname, record.getMessage()])
    tf.logging.get_logger().addHandler(handler)
    try:
        first = tf.InteractiveSession()
        second = tf.InteractiveSession()
        second.close()
        first.close()
        tf.InteractiveSession().close()      # none open any more: nothing to say
    finally:
        tf.logging.get_logger().removeHandler(handler)
    assert records == GOLDEN["second_interactive_session"]
