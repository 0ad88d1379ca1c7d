"""The engine against TensorFlow: tests/support/engine_cases.py run with ``import course as tf`` must give
the values, dtypes, shapes and names TF gave (golden/engine.json, from
scripts/record_golden_engine.py)."""
import math

import engine_cases
import pytest
from golden_files import load_golden

import course as tf

GOLDEN = load_golden("engine")["cases"]

# Relative/absolute tolerance per dtype: TF's float kernels (Eigen) and numpy's may differ in the
# last bits of transcendental functions and in summation order.
TOLERANCE = {"float16": 1e-3, "float32": 2e-6, "float64": 1e-12}


def _float(v):
    return float(v)     # also reads "inf", "-inf" (non-finite values are stored as repr strings)


def _differences(expected, got, where):
    """A list of human-readable mismatches between a golden result and course's."""
    if isinstance(expected, dict) and "dtype" in expected:
        if not isinstance(got, dict) or "dtype" not in got:
            return ["%s: expected an array, got %r" % (where, got)]
        if expected["dtype"] != got["dtype"] or expected["shape"] != got["shape"]:
            return ["%s: expected %s%s, got %s%s" % (where, expected["dtype"], expected["shape"],
                                                      got["dtype"], got["shape"])]
        tol = TOLERANCE.get(expected["dtype"])
        for i, (e, g) in enumerate(zip(expected["value"], got["value"])):
            if tol is None:
                same = e == g
            elif e is None or g is None:
                same = e is None and g is None            # NaN
            else:
                e, g = _float(e), _float(g)
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
            out += _differences(e, g, "%s[%d]" % (where, i))
        return out
    if expected != got:
        return ["%s: expected %r, got %r" % (where, expected, got)]
    return []


def _brief(values):
    text = repr(values)
    return text if len(text) < 300 else text[:300] + "..."


@pytest.mark.parametrize("name", list(engine_cases.CASES))
def test_case_matches_tensorflow(name):
    assert name in GOLDEN, "case %s is not in golden/engine.json: run " \
                           "scripts/record_golden_engine.py with /opt/tfenv/bin/python" % name
    expected = GOLDEN[name]
    got = engine_cases.run_case(tf, name)
    assert sorted(got) == sorted(expected)
    problems = []
    for key in expected:
        problems += _differences(expected[key], got[key], key)
    assert not problems, "\n".join(problems)


def test_every_golden_case_still_exists():
    assert sorted(GOLDEN) == sorted(engine_cases.CASES)


def test_the_required_numbers():
    """The numbers the course text quotes, spelled out."""
    cases = GOLDEN
    assert cases["l2_loss_values"]["vector"]["value"] == [7.0]
    assert cases["l2_loss_values"]["matrix"]["value"] == [45.5]
    sums = cases["reduce_sum_int_axes"]
    assert sums["axis0"] == {"dtype": "int32", "shape": [3], "value": [2, 2, 2]}
    assert sums["indices0"] == sums["axis0"]
    assert sums["axis1"] == {"dtype": "int32", "shape": [2], "value": [3, 3]}
    assert sums["all"] == {"dtype": "int32", "shape": [], "value": [6]}
