"""API holes found by the tutorial programs of the conformance suite, against TensorFlow
(golden/tutorial_holes.json, scripts/record_golden_tutorial_holes.py)."""
import pytest
import tutorial_holes_cases

import course as tf


@pytest.mark.parametrize("name", list(tutorial_holes_cases.CASES))
def test_matches_tensorflow(name):
    assert tutorial_holes_cases.golden_problems(tf, name) == []


def test_strings_have_no_gradient():
    hello = tf.constant("Hello")
    assert tf.gradients(hello + "!", hello) == [None]
