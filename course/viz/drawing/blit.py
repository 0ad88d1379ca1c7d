"""Redraw a matplotlib figure fast: draw its still parts once, then only what moves.

A slider that re-runs training must answer at once, but a full matplotlib draw (ticks,
labels, text layout) costs tens of milliseconds on its own. So a figure's still parts
(axes, contours, pinned curves) are drawn once into a cached background; each redraw
restores those pixels, draws only the moving artists (created with ``animated=True``)
on top, and encodes the result as PNG. ``savefig`` still draws everything, moving
artists included, so the same figure also gives the static picture.

matplotlib and Pillow are imported inside the functions (``import course.viz`` stays light).
"""

from __future__ import annotations

import io

from .fonts import use_cjk

DPI = 100


def new_figure(width: float, height: float):
    """A bare Agg Figure (not pyplot's, so Jupyter's inline backend never shows it twice)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


class Blitter:
    """PNGs of `figure` redrawn cheaply: `moving()` lists the artists to draw over the background.

    Call `invalidate()` after changing anything still (limits, titles, pinned lines):
    the next `png()` draws the whole figure again and caches it as the new background.
    """

    def __init__(self, figure, moving):
        self.figure = figure
        self.moving = moving
        self._background = None

    def invalidate(self) -> None:
        self._background = None

    def png(self) -> bytes:
        from PIL import Image

        canvas = self.figure.canvas
        if self._background is None:
            use_cjk(self.figure)
            canvas.draw()  # draws everything but the artists marked animated
            self._background = canvas.copy_from_bbox(self.figure.bbox)
        else:
            canvas.restore_region(self._background)
        renderer = canvas.get_renderer()
        for artist in self.moving():
            use_cjk(artist)
            if artist.get_visible():
                artist.draw(renderer)
        width, height = canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        # RGB (the figure is opaque) at level 1: several times faster to encode than
        # matplotlib's RGBA at the default level, for a slightly bigger file.
        image.convert("RGB").save(buffer, format="png", compress_level=1)
        return buffer.getvalue()
