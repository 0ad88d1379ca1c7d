"""The engine against TensorFlow: tests/support/engine_cases.py run with ``import course as tf`` must give
the values, dtypes, shapes and names TF gave (golden/engine.json, from
scripts/record_golden_engine.py)."""
import engine_cases
import pytest
from golden_files import case_problems, load_golden

import course as tf

GOLDEN = load_golden("engine")["cases"]


@pytest.mark.parametrize("name", list(engine_cases.CASES))
def test_case_matches_tensorflow(name):
    problems = case_problems(tf, "engine", engine_cases.CASES, name)
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
