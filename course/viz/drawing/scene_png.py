"""Render a `course.viz.drawing.svg.Scene` with matplotlib, for PNG files.

The same shapes that `svg.to_svg` writes are drawn here as matplotlib patches and text,
one scene pixel = `scale` image pixels, so PNG and SVG show the same picture.
matplotlib is imported inside the functions: importing this module stays cheap.
"""

from __future__ import annotations

from .picture import figure_png
from .svg import Path, Rect, Scene, Text, rounded_rect_commands

_DPI = 100
_MPL_FONTS = {"mono": "DejaVu Sans Mono", "sans": "DejaVu Sans"}
_HA = {"start": "left", "middle": "center", "end": "right"}
MAX_PIXELS = 60_000_000  # a bigger PNG is drawn at a smaller scale (matplotlib's memory)
AUTO_PIXELS = 8_000_000  # the default scale keeps a PNG below this many pixels


def _mpl_path(commands):
    from matplotlib.path import Path as MPath

    vertices, codes = [], []
    for command in commands:
        op, values = command[0], command[1:]
        if op == "M":
            vertices.append(values), codes.append(MPath.MOVETO)
        elif op == "L":
            vertices.append(values), codes.append(MPath.LINETO)
        elif op == "C":
            vertices += [values[0:2], values[2:4], values[4:6]]
            codes += [MPath.CURVE4] * 3
        elif op == "Z":
            vertices.append(vertices[-1] if vertices else (0, 0)), codes.append(MPath.CLOSEPOLY)
    return MPath(vertices, codes)


def scene_figure(scene: Scene, scale: float = 1.0):
    """A matplotlib Figure (not registered with pyplot) showing the scene."""
    from matplotlib.figure import Figure
    from matplotlib.patches import PathPatch

    points = scale * 72 / _DPI  # one scene pixel in points
    fig = Figure(figsize=(scene.width * scale / _DPI, scene.height * scale / _DPI), dpi=_DPI)
    fig.patch.set_facecolor(scene.background)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, scene.width)
    ax.set_ylim(scene.height, 0)
    ax.axis("off")

    def style(shape):
        line_width = shape.stroke_width * points if shape.stroke != "none" else 0
        kwargs = {"facecolor": shape.fill, "edgecolor": shape.stroke, "linewidth": line_width,
                  "alpha": shape.opacity if shape.opacity < 1 else None}
        if shape.dash and line_width:
            # matplotlib scales dash patterns by the line width; SVG does not.
            kwargs["linestyle"] = (0, tuple(d * points / line_width for d in shape.dash))
        return kwargs

    for z, shape in enumerate(scene.shapes):
        if isinstance(shape, Rect):
            commands = rounded_rect_commands(shape.x, shape.y, shape.w, shape.h, shape.rx)
            ax.add_patch(PathPatch(_mpl_path(commands), zorder=z, **style(shape)))
        elif isinstance(shape, Path):
            ax.add_patch(PathPatch(_mpl_path(shape.commands), zorder=z, capstyle="butt",
                                   joinstyle="round", **style(shape)))
        elif isinstance(shape, Text):
            ax.text(shape.x, shape.y, shape.text, fontsize=shape.size * points,
                    family=_MPL_FONTS[shape.family], ha=_HA[shape.anchor], va="baseline",
                    color=shape.fill, fontweight=shape.weight, zorder=z, parse_math=False,
                    alpha=shape.opacity if shape.opacity < 1 else None)
        else:
            raise TypeError(f"not a scene shape: {shape!r}")
    return fig


def auto_scale(scene: Scene) -> float:
    """2 (crisp on high-DPI screens) for small pictures, down to 1 for big ones."""
    return max(1.0, min(2.0, (AUTO_PIXELS / max(scene.width * scene.height, 1.0)) ** 0.5))


def to_png(scene: Scene, scale: float | None = None) -> bytes:
    """PNG bytes of the scene; the same scene gives the same bytes (no date or software tags)."""
    scale = auto_scale(scene) if scale is None else scale
    pixels = scene.width * scene.height * scale * scale
    if pixels > MAX_PIXELS:
        scale *= (MAX_PIXELS / pixels) ** 0.5
    return figure_png(scene_figure(scene, scale), dpi=_DPI, facecolor=scene.background)
