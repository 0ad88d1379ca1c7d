"""Dtypes given by name ("float", "double", "int32", ...) wherever TF accepts a dtype, as TF's
as_dtype reads them (golden/api.json, scripts/record_golden_api.py)."""
import api_cases
import pytest

import course as tf


@pytest.mark.parametrize("name", ["dtype_names", "dtype_names_rejected",
                                  "dtype_names_in_builders"])
def test_dtype_names_match_tensorflow(name):
    assert api_cases.golden_problems(tf, name) == []


def test_ref_and_unsupported_dtype_names_say_course_lacks_them():
    for name in ("float32_ref", "bfloat16", "qint8", "resource"):
        with pytest.raises(TypeError, match="course does not support the TensorFlow dtype"):
            tf.as_dtype(name)


def test_placeholder_named_float_is_fed_and_checked():
    x = tf.placeholder("float", [None, 784])
    assert x.dtype == tf.float32 and x.shape.as_list() == [None, 784]
    y = tf.reduce_sum(tf.cast(x, "double"))
    with tf.Session() as sess:
        assert sess.run(y, {x: [[1.0] * 784]}) == 784.0
        assert sess.run(y, {x: [[1.0] * 784]}).dtype.name == "float64"
