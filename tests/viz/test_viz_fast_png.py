"""The slider frames' PNG encoder: the same pixels as the canvas, readable by any decoder."""

import io

import numpy as np
from PIL import Image

from course.viz.drawing.fast_png import rgb_png


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
