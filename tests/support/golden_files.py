"""TensorFlow's recorded numbers (golden/*.json, written by the scripts/record_golden_*.py
scripts under a real TensorFlow) and how the tests compare course's numbers with them.

Imports neither course nor tensorflow (test_philox_golden.py loads single course modules)."""
import json
import math
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


# Relative/absolute tolerance per dtype: TF's float kernels (Eigen) and numpy's may differ in the
# last bits of transcendental functions and in summation order.
TOLERANCE = {"float16": 1e-3, "float32": 2e-6, "float64": 1e-12}


def golden_differences(expected, got, where, tolerance=None):
    """Human-readable mismatches between a golden case result and course's (both encoded by
    tests/engine_cases.py); ``tolerance`` overrides TOLERANCE per dtype."""
    tolerance = dict(TOLERANCE, **(tolerance or {}))
    if isinstance(expected, dict) and "dtype" in expected:
        if not isinstance(got, dict) or "dtype" not in got:
            return ["%s: expected an array, got %r" % (where, got)]
        if expected["dtype"] != got["dtype"] or expected["shape"] != got["shape"]:
            return ["%s: expected %s%s, got %s%s" % (where, expected["dtype"], expected["shape"],
                                                      got["dtype"], got["shape"])]
        tol = tolerance.get(expected["dtype"])
        for i, (e, g) in enumerate(zip(expected["value"], got["value"])):
            if tol is None:
                same = e == g
            elif e is None or g is None:
                same = e is None and g is None            # NaN
            else:
                e, g = float(e), float(g)   # also reads "inf", "-inf" (stored as repr strings)
                same = e == g or (math.isfinite(e) and abs(g - e) <= tol * (1 + abs(e)))
            if not same:
                return ["%s: element %d is %r, TF gives %r (TF: %s, course: %s)" % (
                    where, i, g, e, _brief(expected["value"]), _brief(got["value"]))]
        return []
    if isinstance(expected, list):
        if not isinstance(got, list) or len(got) != len(expected):
            return ["%s: expected %r, got %r" % (where, _brief(expected), _brief(got))]
        out = []
        for i, (e, g) in enumerate(zip(expected, got)):
            out += golden_differences(e, g, "%s[%d]" % (where, i), tolerance)
        return out
    if expected != got:
        return ["%s: expected %r, got %r" % (where, expected, got)]
    return []


def case_problems(tf, golden_name, cases, name, tolerance=None):
    """How course's results for case ``name`` of ``cases`` (run by engine_cases.run_case)
    differ from TF's in golden/<golden_name>.json; [] if none."""
    from engine_cases import run_case

    expected = load_golden(golden_name)["cases"].get(name)
    if expected is None:
        return ["case %s is not in golden/%s.json: run scripts/record_golden_%s.py %s with "
                "/work/tfvenv/bin/python" % (name, golden_name, golden_name, name)]
    got = run_case(tf, name, cases)
    if sorted(got) != sorted(expected):
        return ["case %s gives keys %s, TF gave %s" % (name, sorted(got), sorted(expected))]
    return [p for key in expected
            for p in golden_differences(expected[key], got[key], key, tolerance)]


def _brief(values):
    text = repr(values)
    return text if len(text) < 300 else text[:300] + "..."
