"""The PNG-picture protocol every course picture speaks, written once.

A picture class defines `to_png()`; `PngPicture` adds what Jupyter and learners use:
`_repr_png_` (the notebook shows the PNG) and `save(path)` (writes it, returns the Path).
A widget that shows itself another way in Jupyter takes only `SavesPng`.
`Snapshot` is a PNG frozen with its text, for one frame of a picture that keeps changing
(what a display handle or `display.show_in` is given). `figure_png` renders a matplotlib
Figure reproducibly.

matplotlib is imported by the callers, never here (`import course.viz` stays light).
"""

from __future__ import annotations

import io
from pathlib import Path

from .fonts import use_cjk


def figure_png(figure, dpi: float = 100, facecolor: str = "white") -> bytes:
    """The whole figure as PNG; the same drawing gives the same bytes (no date, no version).
    Chinese text is drawn with a CJK font (never as empty boxes)."""
    use_cjk(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor=facecolor,
                   metadata={"Software": None})
    return buffer.getvalue()


class SavesPng:
    """Mixin: `save(path)` writes the picture's `to_png()` bytes to `path`."""

    def to_png(self) -> bytes:
        raise NotImplementedError

    def save(self, path) -> Path:
        path = Path(path)
        path.write_bytes(self.to_png())
        return path


class PngPicture(SavesPng):
    """Mixin: shows as its `to_png()` in Jupyter, and `save(path)` writes it."""

    def _repr_png_(self) -> bytes:
        return self.to_png()


class Snapshot:
    """A PNG to show, with the text a notebook prints for it."""

    def __init__(self, data: bytes, text: str):
        self.data, self.text = data, text

    def _repr_png_(self) -> bytes:
        return self.data

    def __repr__(self) -> str:
        return self.text
