"""course.viz.reduce_axes: its pictures compute what TF computes, say so, and render stably."""

import base64
import os
import types

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import course as tf
from course.viz.reduction_pictures import (
    OPS,
    flow_ids,
    format_value,
    illustrate_reduction,
    reduce_axes,
    reduce_explorer,
)

ONES = [[1, 1, 1], [1, 1, 1]]


# ------------------------------------------------------------ what TF computes, restated


def tf_expected(x, axis, keepdims, op):
    """TF's result, restated: input dtype kept; integer mean = 64-bit sum / count, truncated."""
    axes = None if axis is None else tuple({a % x.ndim for a in np.ravel(axis).tolist()})
    if op == "mean" and x.dtype.kind in "iu":
        total = np.sum(x, axis=axes, keepdims=keepdims, dtype=np.int64)
        count = x.size // max(total.size, 1)
        return np.trunc(total.astype(np.float64) / count).astype(x.dtype)
    if op in ("sum", "prod"):
        return getattr(np, op)(x, axis=axes, keepdims=keepdims, dtype=x.dtype)
    return getattr(np, op)(x, axis=axes, keepdims=keepdims).astype(x.dtype)


@st.composite
def reductions(draw):
    rank = draw(st.integers(1, 3))
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=rank, max_size=rank)))
    dtype = draw(st.sampled_from([np.int32, np.int64, np.float32, np.float64]))
    if np.dtype(dtype).kind == "i":
        elements = st.integers(-9, 9)
    else:
        elements = st.floats(-3, 3, allow_nan=False, width=32)
    x = draw(hnp.arrays(dtype, shape, elements=elements))
    one_axis = st.integers(-rank, rank - 1)
    axis = draw(st.one_of(
        st.none(),
        one_axis,
        st.lists(one_axis, max_size=rank, unique_by=lambda a: a % rank),
    ))
    return x, axis, draw(st.booleans()), draw(st.sampled_from(OPS))


@settings(max_examples=300, deadline=None)
@given(reductions())
def test_result_is_tf_reduction(case):
    x, axis, keepdims, op = case
    result = reduce_axes(x, axis=axis, keepdims=keepdims, op=op).result
    expected = tf_expected(x, axis, keepdims, op)
    assert result.dtype == x.dtype
    assert result.shape == expected.shape
    if x.dtype.kind == "f":
        np.testing.assert_allclose(result, expected, rtol=1e-5, atol=1e-6)
    else:
        np.testing.assert_array_equal(result, expected)


@settings(max_examples=200, deadline=None)
@given(reductions())
def test_cell_colours_group_cells_by_their_result_element(case):
    """Cells coloured alike are exactly the cells that reduce into one result element."""
    x, axis, keepdims, _ = case
    picture = reduce_axes(x, axis=axis, keepdims=keepdims, op="sum")
    ids = flow_ids(x.shape, picture.axes)
    weights = x.ravel().astype(np.float64)
    sums = np.bincount(ids.ravel(), weights=weights, minlength=picture.result.size)
    np.testing.assert_allclose(sums, picture.result.ravel(), rtol=1e-5, atol=1e-5)


@settings(max_examples=25, deadline=None)
@given(reductions())
def test_every_cell_of_input_and_result_is_drawn(case):
    from matplotlib.patches import Rectangle

    x, axis, keepdims, op = case
    picture = reduce_axes(x, axis=axis, keepdims=keepdims, op=op)
    cells = [p for p in picture.figure.axes[0].patches if isinstance(p, Rectangle)]
    assert len(cells) == x.size + picture.result.size
    input_fills = {tuple(c.get_facecolor()) for c in cells[: x.size]}
    assert len(input_fills) == picture.result.size  # one colour per result element, none reused


def test_integer_mean_truncates_toward_zero():
    picture = reduce_axes([[-7, 0, 2], [5, 4, 1]], axis=1, op="mean")
    np.testing.assert_array_equal(picture.result, [-1, 3])  # -5/3 -> -1, not floor's -2
    assert picture.result.dtype == np.int32


# Expected values below were computed by TF 2.21 (tf.compat.v1 graph mode).


def test_integer_sum_keeps_the_dtype_and_wraps_like_tf():
    x = np.array([2**31 - 1, 1], dtype=np.int32)
    assert reduce_axes(x).result == np.int32(-(2**31))
    assert reduce_axes(np.array([100, 100], np.int8)).result == -56


@pytest.mark.parametrize("values, dtype, mean", [
    ([2**31 - 1, 1], np.int32, 1073741824),  # the sum would wrap in int32; TF's mean doesn't
    ([100, 100, -1], np.int8, 66),
    ([-100, -100, -7], np.int8, -69),
    ([250, 10, 7], np.uint8, 89),
    ([2**62, 2**62, 2**62], np.int64, -1537228672809129301),  # an int64 sum does wrap
])
def test_integer_mean_sums_in_64_bits_like_tf(values, dtype, mean):
    result = reduce_axes(np.array(values, dtype), op="mean").result
    assert result == mean and result.dtype == dtype


def test_empty_reductions_give_tfs_identities():
    empty_f, empty_i = np.zeros((0, 3), np.float32), np.zeros((0, 3), np.int32)
    np.testing.assert_array_equal(reduce_axes(empty_f, 0, op="max").result, [-np.inf] * 3)
    np.testing.assert_array_equal(reduce_axes(empty_i, 0, op="min").result, [2**31 - 1] * 3)
    np.testing.assert_array_equal(reduce_axes(empty_i, 0, op="prod").result, [1] * 3)
    np.testing.assert_array_equal(reduce_axes(empty_i, 0, op="mean").result, [0] * 3)
    assert np.isnan(reduce_axes(empty_f, 0, op="mean").result).all()


def test_python_lists_become_int32_or_float32_like_tf_constant():
    assert reduce_axes(ONES).result.dtype == np.int32
    assert reduce_axes([[1.5, 2]], axis=1, op="mean").result.dtype == np.float32
    assert reduce_axes(np.ones(3)).result.dtype == np.float64  # numpy arrays keep theirs


def test_the_articles_example():
    np.testing.assert_array_equal(reduce_axes(ONES, axis=0).result, [2, 2, 2])
    np.testing.assert_array_equal(reduce_axes(ONES, axis=1).result, [3, 3])
    np.testing.assert_array_equal(reduce_axes(ONES, axis=1, keepdims=True).result, [[3], [3]])
    np.testing.assert_array_equal(reduce_axes(ONES, axis=[0, 1]).result, 6)
    assert reduce_axes(ONES).result.shape == ()


# ------------------------------------------------------------ the TF1 line


@pytest.mark.parametrize("kwargs, code", [
    ({}, "tf.reduce_sum(x)"),
    ({"axis": 1}, "tf.reduce_sum(x, axis=1)"),
    ({"axis": -1, "op": "mean"}, "tf.reduce_mean(x, axis=-1)"),
    ({"axis": [0], "keepdims": True}, "tf.reduce_sum(x, axis=[0], keepdims=True)"),
    ({"axis": (0, -1), "op": "max"}, "tf.reduce_max(x, axis=(0, -1))"),
    ({"axis": np.int64(0), "op": "min"}, "tf.reduce_min(x, axis=0)"),
    ({"keepdims": True, "op": "prod"}, "tf.reduce_prod(x, keepdims=True)"),
    ({"reduction_indices": [0]}, "tf.reduce_sum(x, reduction_indices=[0])"),
])
def test_code_line(kwargs, code):
    picture = reduce_axes(ONES, **kwargs)
    assert picture.code == code
    assert picture.summary.startswith(code + " -> ")


def test_summary_prints_the_result_like_numpy_on_one_line():
    assert reduce_axes(ONES, axis=1).summary == "tf.reduce_sum(x, axis=1) -> [3 3]"
    assert reduce_axes(ONES, axis=1, keepdims=True).summary.endswith("-> [[3] [3]]")


@pytest.mark.parametrize("value, dtype, text", [
    (3, np.int32, "3"), (2.0, np.float32, "2.0"), (1 / 3, np.float64, "0.333"),
    (-0.0, np.float32, "0.0"), (10.5, np.float32, "10.5"), (123456.0, np.float64, "1.23e+05"),
    (0.0004, np.float64, "0.0004"), (float("nan"), np.float64, "nan"),
])
def test_values_are_written_compactly(value, dtype, text):
    assert format_value(value, np.dtype(dtype)) == text


# ------------------------------------------------------------ errors


@pytest.mark.parametrize("axis, bad", [(2, 2), (-3, -3), ([0, 5], 5)])
def test_invalid_axis_is_named_with_the_rank_like_tf(axis, bad):
    message = rf"^Invalid reduction dimension {bad} for input with 2 dimensions\. for 'Sum'"
    with pytest.raises(ValueError, match=message):
        reduce_axes(ONES, axis=axis)


def test_an_axis_given_twice_is_refused_like_tf():
    # TF builds the op and refuses it when it runs (InvalidArgumentError); so does the engine.
    with pytest.raises(tf.errors.InvalidArgumentError, match="duplicate value in 'axis'"):
        reduce_axes(ONES, axis=[1, -1])


def test_other_bad_arguments():
    with pytest.raises(ValueError, match="op must be one of"):
        reduce_axes(ONES, op="avg")
    with pytest.raises(ValueError, match="both 'axis' and 'reduction_indices'"):
        reduce_axes(ONES, axis=0, reduction_indices=[0])
    with pytest.raises(TypeError, match="reduce_any"):
        reduce_axes([[True, False]])
    with pytest.raises(TypeError, match="'reduction_indices' has DataType float"):
        reduce_axes(ONES, axis=1.0)


# ------------------------------------------------------------ rendering


def test_png_bytes_are_identical_across_renders():
    for make in (lambda: reduce_axes(ONES, axis=1, keepdims=True),
                 lambda: reduce_axes(np.arange(24.0).reshape(2, 3, 4) / 7, axis=(0, 2), op="mean")):
        first, second = make()._repr_png_(), make()._repr_png_()
        assert first.startswith(b"\x89PNG\r\n\x1a\n")
        assert first == second
        assert b"tEXt" not in first  # no Software/date stamp


def test_save_writes_the_png(tmp_path):
    picture = reduce_axes(ONES, axis=0)
    path = picture.save(tmp_path / "sum.png")
    assert path.read_bytes() == picture.to_png()


def test_figure_is_not_registered_with_pyplot():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    _ = reduce_axes(ONES, axis=0).figure
    assert plt.get_fignums() == before  # so Jupyter's inline backend doesn't show it twice


@pytest.mark.parametrize("x, reason", [
    (np.ones((20, 30)), "too many cells"),
    (np.ones((2, 2, 2, 2)), "rank 4"),
    (np.zeros((0, 3)), "empty"),
])
def test_undrawable_inputs_get_a_message_and_still_a_result(x, reason):
    picture = reduce_axes(x, axis=1)
    texts = " ".join(t.get_text() for t in picture.figure.axes[0].texts)
    assert reason in texts and "Try a smaller piece" in texts
    assert picture.result.shape == np.sum(x, axis=1).shape
    assert picture.to_png().startswith(b"\x89PNG")


# ------------------------------------------------------------ the explorer


def test_explorer_updates_one_output_in_place():
    explorer = reduce_explorer(ONES)
    explorer.axis_dropdown.value = 1
    np.testing.assert_array_equal(explorer.current.result, [3, 3])
    assert "tf.reduce_sum(x, axis=1) -&gt; [3 3]" in explorer.line.value

    explorer.keepdims_checkbox.value = True
    explorer.op_dropdown.value = "mean"
    explorer.axis_dropdown.value = -2
    assert len(explorer.output.outputs) == 1
    shown = base64.b64decode(explorer.output.outputs[0]["data"]["image/png"])
    assert shown == explorer.current.to_png()
    assert explorer.current.code == "tf.reduce_mean(x, axis=-2, keepdims=True)"
    np.testing.assert_array_equal(explorer.current.result, [[1, 1, 1]])


def test_explorer_rank3_pairs_match_a_direct_computation():
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    explorer = reduce_explorer(x)
    labels = [label for label, _ in explorer.axis_dropdown.options]
    assert labels[:7] == ["None (all axes)", "0", "1", "2", "-1", "-2", "-3"]
    explorer.op_dropdown.value = "max"
    explorer.axis_dropdown.value = [0, 2]
    np.testing.assert_array_equal(explorer.current.result, np.max(x, axis=(0, 2)))
    np.testing.assert_array_equal(explorer.current.result, reduce_axes(x, [0, 2], op="max").result)
    assert len(explorer.output.outputs) == 1


# ------------------------------------------------------------ the hook's entry point


def test_illustrate_reduction_takes_a_traced_ops_values():
    x = np.array([[-7, 0, 2], [5, 4, 1]], dtype=np.int32)
    picture = illustrate_reduction("Mean", x, np.array([1], dtype=np.int32), False)
    assert picture.code == "tf.reduce_mean(x, axis=[1])"
    np.testing.assert_array_equal(picture.result, [-1, 3])
    scalar_axis = illustrate_reduction("Max", x, np.array(0, dtype=np.int32), True)
    assert scalar_axis.code == "tf.reduce_max(x, axis=0, keepdims=True)"
    assert illustrate_reduction("Sum", x, None, False).result == 5
    with pytest.raises(ValueError, match="op_type must be one of"):
        illustrate_reduction("ArgMax", x, 0, False)


# ------------------------------------------------------------ the package


def test_course_viz_reduce_axes_is_the_function():
    import course.viz

    assert not isinstance(course.viz.reduce_axes, types.ModuleType)
    assert course.viz.reduce_axes(ONES, axis=0).code == "tf.reduce_sum(x, axis=0)"
