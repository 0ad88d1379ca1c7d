"""TensorFlow's recorded numbers (golden/*.json, written by the scripts/record_golden_*.py
scripts under a real TensorFlow) and how the tests compare course's numbers with them.

Imports neither course nor tensorflow (test_philox_golden.py loads single course modules)."""
import json
import pathlib

import numpy as np

GOLDEN_DIR = pathlib.Path(__file__).resolve().parents[2] / "golden"


def golden_path(name):
    """golden/<name>.json"""
    return GOLDEN_DIR / f"{name}.json"


def load_golden(name):
    """The parsed golden/<name>.json."""
    return json.loads(golden_path(name).read_text())


def f32(values):
    return np.asarray(values, dtype=np.float32)


def assert_tf_close(actual, expected, rtol=1e-5):
    """Float32 sums in another order: relative 1e-5, absolute 1e-6 of the largest value."""
    expected = f32(expected)
    atol = 1e-6 * max(1.0, float(np.abs(expected).max(initial=0)))
    assert np.shape(actual) == expected.shape
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol)
