"""Redraw a matplotlib figure fast: draw its still parts once, then only what moves.

A slider that re-runs training must answer at once, but a full matplotlib draw (ticks,
labels, text layout) costs tens of milliseconds on its own. So a figure's still parts
(axes, contours, pinned curves) are drawn once into a cached background; each redraw
restores those pixels, draws only the moving artists (created with ``animated=True``)
on top, and encodes the result as PNG (``fast_png``). ``savefig`` still draws everything,
moving artists included, so the same figure also gives the static picture.

A widget can go further and show the background and the moving artists as two stacked
images (`background_png()` once, `layer_png()` per frame): a frame then encodes only a
transparent layer, mostly one repeated pixel, instead of every pixel of the background.

matplotlib is imported inside the functions (``import course.viz`` stays light).
"""

from __future__ import annotations

from .fast_png import rgb_png, rgba_png
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
        """The whole figure: the background with the moving artists drawn over it."""
        self._restore_background()
        self._draw_moving()
        return rgb_png(self.figure.canvas.buffer_rgba())

    def background_png(self) -> bytes:
        """The still parts alone (opaque): what `layer_png()` is shown over."""
        self._restore_background()
        return rgb_png(self.figure.canvas.buffer_rgba())

    def layer_png(self) -> bytes:
        """The moving artists alone on a transparent canvas the size of the figure. Shown
        over `background_png()` it looks as `png()` does: Agg blends the artists' edges
        into the transparency as the browser then blends them into the background."""
        self.figure.canvas.get_renderer().clear()   # every pixel transparent
        self._draw_moving()
        return rgba_png(self.figure.canvas.buffer_rgba())

    def _restore_background(self) -> None:
        canvas = self.figure.canvas
        if self._background is None:
            use_cjk(self.figure)
            canvas.draw()  # draws everything but the artists marked animated
            self._background = canvas.copy_from_bbox(self.figure.bbox)
        else:
            canvas.restore_region(self._background)

    def _draw_moving(self) -> None:
        renderer = self.figure.canvas.get_renderer()
        for artist in self.moving():
            if artist is not None and artist.get_visible():   # None: not made yet (a legend)
                use_cjk(artist)
                artist.draw(renderer)
