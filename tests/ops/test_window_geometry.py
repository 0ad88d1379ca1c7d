"""im2col gives the same numbers in both layouts (ROWS and COLUMNS), and the conv kernels built
on im2col/col2im agree with the definition: a convolution is the sum over kernel offsets of
shifted slices times the filter, and its backprops are the gradients of <dy, conv(x, f)>.
(The layout a shape takes is a speed choice; TF's numbers are in test_conv_golden.)"""
import numpy as np
import pytest

from course.ops import window_geometry
from course.ops.conv_ops import (_conv2d_backprop_filter_kernel, _conv2d_backprop_input_kernel,
                                 _conv2d_kernel)
from course.ops.window_geometry import COLUMNS, ROWS, Geometry

CASES = [  # input NHWC, filter HWIO, stride, padding, dilation
    ((2, 6, 9, 1), (5, 5, 1, 4), 1, "SAME", 1),
    ((2, 7, 8, 3), (3, 3, 3, 2), 2, "SAME", 1),
    ((1, 9, 7, 2), (4, 4, 2, 3), 2, "VALID", 1),
    ((1, 8, 8, 2), (3, 2, 2, 2), 1, "SAME", 2),
    ((3, 5, 5, 4), (2, 2, 4, 1), 3, "SAME", 1),
    ((2, 9, 8, 2), (3, 3, 2, 2), 2, "SAME", 2),     # stride and dilation: phases interleave
    ((1, 8, 9, 3), (4, 3, 3, 2), 3, "VALID", 1),    # the grid is larger than the input
]


def _reference_conv(x, f, stride, padding, dilation):
    """The definition, one kernel offset at a time, in float64."""
    geo = Geometry(x.shape[1:3], f.shape[:2], (1, stride, stride, 1),
                   (1, dilation, dilation, 1), padding)
    padded = geo.pad(x.astype(np.float64))
    return sum(padded[window_slice] @ f[i, j].astype(np.float64)
               for i, j, window_slice in geo.offsets())


@pytest.mark.parametrize("layout", [ROWS, COLUMNS])
@pytest.mark.parametrize("case", CASES, ids=str)
def test_both_layouts_compute_the_convolution_and_its_gradients(monkeypatch, case, layout):
    monkeypatch.setattr(Geometry, "im2col_layout", lambda self, channels: layout)
    xs, fs, s, padding, d = case
    rng = np.random.default_rng(7)
    x = rng.normal(size=xs).astype(np.float32)
    f = rng.normal(size=fs).astype(np.float32)
    attrs = dict(strides=(1, s, s, 1), padding=padding, dilations=(1, d, d, 1),
                 data_format="NHWC")
    y = _conv2d_kernel(x, f, **attrs)
    np.testing.assert_allclose(y, _reference_conv(x, f, s, padding, d), rtol=1e-5, atol=1e-5)
    assert y.flags.c_contiguous
    dy = rng.normal(size=y.shape).astype(np.float32)
    dx = _conv2d_backprop_input_kernel(np.array(xs), f, dy, **attrs)
    df = _conv2d_backprop_filter_kernel(x, np.array(fs), dy, **attrs)
    assert dx.shape == xs and dx.flags.c_contiguous and df.shape == fs
    # <dy, conv(x, f)> is bilinear: its gradients are the backprops.
    eps = 1e-3
    for value, grad, which in ((x, dx, 0), (f, df, 1)):
        direction = rng.normal(size=value.shape)
        args = [x.astype(np.float64), f.astype(np.float64)]
        args[which] = args[which] + eps * direction
        moved = np.sum(dy * _reference_conv(*args, s, padding, d))
        base = np.sum(dy * _reference_conv(x, f, s, padding, d))
        np.testing.assert_allclose((moved - base) / eps, np.sum(grad * direction), rtol=1e-4)


def test_layout_follows_the_longer_contiguous_run():
    mnist_first = Geometry((28, 28), (5, 5), (1, 1, 1, 1), (1, 1, 1, 1), "SAME")
    assert mnist_first.im2col_layout(1) == COLUMNS      # runs of 5 (k_w * C) against 28
    deeper = Geometry((14, 14), (4, 4), (1, 2, 2, 1), (1, 1, 1, 1), "SAME")
    assert deeper.im2col_layout(8) == ROWS              # runs of 32 against 7


def test_zero_padding_reads_the_input_itself():
    x = np.ones((1, 5, 5, 2), np.float32)
    geo = Geometry((5, 5), (2, 2), (1, 2, 2, 1), (1, 1, 1, 1), "VALID")
    assert geo.pad(x) is x and not geo.padded
    assert window_geometry.out_and_pads(5, 2, 2, 1, "VALID") == (2, 0, 0)
