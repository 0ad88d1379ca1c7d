"""tf.cond, tf.while_loop and TensorArray against TensorFlow's numbers (golden/control_flow.json,
recorded by scripts/record_golden_control_flow.py): forward values, gradients, static shapes,
result structures and error messages."""
import pytest

import control_flow_cases
import course as tf


@pytest.mark.parametrize("name", list(control_flow_cases.CASES))
def test_matches_tensorflow(name):
    assert control_flow_cases.golden_problems(tf, name) == []
