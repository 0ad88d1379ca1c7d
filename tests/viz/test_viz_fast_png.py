"""The slider frames' PNG encoder: the same pixels as the canvas, readable by any decoder."""

import io

import numpy as np
from PIL import Image

from course.viz.drawing.fast_png import rgb_png, rgba_png


def test_rgb_png_holds_exactly_the_pixels_without_alpha():
    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    rgba[2:4] = 255                                   # flat rows too, as plots have
    png = rgb_png(rgba)
    image = Image.open(io.BytesIO(png))
    assert image.mode == "RGB" and image.size == (5, 7)
    np.testing.assert_array_equal(np.asarray(image), rgba[..., :3])


def test_rgb_png_of_a_matplotlib_canvas():
    from course.viz.drawing.blit import new_figure

    figure = new_figure(2.0, 1.5)
    figure.add_subplot().plot([0, 1, 2], [2, 0, 1])
    figure.canvas.draw()
    rgba = np.asarray(figure.canvas.buffer_rgba())
    decoded = np.asarray(Image.open(io.BytesIO(rgb_png(figure.canvas.buffer_rgba()))))
    np.testing.assert_array_equal(decoded, rgba[..., :3])


def test_rgba_png_holds_exactly_the_pixels_with_alpha():
    rng = np.random.default_rng(1)
    rgba = rng.integers(0, 256, size=(6, 9, 4), dtype=np.uint8)
    rgba[1:3] = 0                                     # transparent rows, as a layer has
    image = Image.open(io.BytesIO(rgba_png(rgba)))
    assert image.mode == "RGBA" and image.size == (9, 6)
    np.testing.assert_array_equal(np.asarray(image), rgba)


def test_a_layer_over_its_background_is_the_whole_frame():
    """What a widget shows as two stacked images (the still background, the moving artists
    on a transparent layer) is what one blitted frame shows, up to the rounding of blending
    an edge twice."""
    from course.viz.drawing.blit import Blitter, new_figure

    figure = new_figure(3.0, 2.0)
    axes = figure.add_subplot()
    axes.contourf(*np.meshgrid(np.arange(5), np.arange(4)), np.arange(20).reshape(4, 5))
    (line,) = axes.plot([0, 2, 4], [0, 3, 1], linewidth=3, animated=True)
    text = axes.text(1, 1, "moving", animated=True)
    blitter = Blitter(figure, lambda: [line, text])
    background = Image.open(io.BytesIO(blitter.background_png())).convert("RGBA")
    layer = Image.open(io.BytesIO(blitter.layer_png()))
    whole = np.asarray(Image.open(io.BytesIO(blitter.png()))).astype(int)
    stacked = np.asarray(Image.alpha_composite(background, layer).convert("RGB")).astype(int)
    assert np.asarray(layer)[..., 3].min() == 0 < np.asarray(layer)[..., 3].max()
    assert np.abs(stacked - whole).max() <= 8
    assert (np.abs(stacked - whole).max(axis=-1) > 2).mean() < 0.001
    assert not np.array_equal(whole, np.asarray(background.convert("RGB")))  # it drew the line
