"""A scene is a list of plain shapes; this module describes them and writes them as SVG.

Pictures are drawn once, as a scene, and rendered by two backends that read the same
shapes: `to_svg` here (pure Python, for Jupyter) and `course.viz.drawing.scene_png` (matplotlib,
for PNG files). So the SVG and the PNG of a picture cannot drift apart.

Coordinates are pixels, y grows downward, text `y` is the baseline. The SVG is
deterministic: no ids, no timestamps, numbers printed with fixed precision, shapes in
the order given, so the same scene always gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from .fonts import is_wide

# Font stacks: DejaVu is what matplotlib draws the PNG with; the others have the same
# 0.6 em monospace advance, so text measured for one fits the others. Chinese text falls
# back to the CJK fonts (one em per character), which the PNG renderer finds in fonts.py.
_CJK_FONTS = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', " \
             "'WenQuanYi Micro Hei'"
FONTS = {
    "mono": f"DejaVu Sans Mono, Menlo, Consolas, {_CJK_FONTS}, monospace",
    "sans": f"DejaVu Sans, Helvetica, Arial, {_CJK_FONTS}, sans-serif",
}
MONO_ADVANCE = 0.602  # width of one monospace character, in ems


def text_width(text: str, size: float) -> float:
    """Width in pixels of `text` set in the monospace font at `size` px (a CJK character
    takes a whole em)."""
    return sum(1.0 if is_wide(c) else MONO_ADVANCE for c in text) * size


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str = "none"
    stroke: str = "none"
    stroke_width: float = 1.0
    rx: float = 0.0
    dash: tuple | None = None
    opacity: float = 1.0
    role: str = ""      # what the shape shows ("node", "scope", "legend", ...), for tests
    key: str = ""       # which thing it shows (a node's name), for tests and tooltips
    tooltip: str = ""


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    size: float = 12.0
    fill: str = "#222222"
    anchor: str = "start"  # "start", "middle" or "end"
    weight: str = "normal"
    family: str = "mono"
    opacity: float = 1.0
    role: str = ""
    key: str = ""


@dataclass(frozen=True)
class Path:
    """Commands: ("M", x, y), ("L", x, y), ("C", x1, y1, x2, y2, x, y), ("Z",)."""

    commands: tuple
    fill: str = "none"
    stroke: str = "#000000"
    stroke_width: float = 1.0
    dash: tuple | None = None
    opacity: float = 1.0
    role: str = ""
    key: str = ""
    tooltip: str = ""


@dataclass
class Scene:
    width: float
    height: float
    shapes: list = field(default_factory=list)
    background: str = "#ffffff"

    def add(self, shape) -> None:
        self.shapes.append(shape)

    def of_role(self, role: str) -> list:
        return [s for s in self.shapes if s.role == role]


# ---------------------------------------------------------------- SVG writer


def _num(v: float) -> str:
    """Fixed precision, no trailing zeros, no '-0': the same number always prints the same."""
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _style(shape) -> str:
    parts = [f'fill="{shape.fill}"']
    if shape.stroke != "none":
        parts.append(f'stroke="{shape.stroke}" stroke-width="{_num(shape.stroke_width)}"')
        if shape.dash:
            parts.append(f'stroke-dasharray="{" ".join(_num(d) for d in shape.dash)}"')
    if shape.opacity < 1:
        parts.append(f'opacity="{_num(shape.opacity)}"')
    return " ".join(parts)


def _close(shape) -> str:
    if shape.tooltip:
        return f"><title>{escape(shape.tooltip)}</title></{type(shape).__name__.lower()}>"
    return "/>"


def path_data(commands) -> str:
    out = []
    for command in commands:
        out.append(command[0] + " ".join(_num(v) for v in command[1:]))
    return " ".join(out)


def _shape_svg(shape) -> str:
    if isinstance(shape, Rect):
        rx = f' rx="{_num(shape.rx)}"' if shape.rx else ""
        return (f'<rect x="{_num(shape.x)}" y="{_num(shape.y)}" width="{_num(shape.w)}" '
                f'height="{_num(shape.h)}"{rx} {_style(shape)}{_close(shape)}')
    if isinstance(shape, Path):
        return f'<path d="{path_data(shape.commands)}" {_style(shape)}{_close(shape)}'
    if isinstance(shape, Text):
        attrs = [f'x="{_num(shape.x)}" y="{_num(shape.y)}"', f'font-size="{_num(shape.size)}"']
        if shape.family != "mono":
            attrs.append(f'font-family="{FONTS[shape.family]}"')
        if shape.anchor != "start":
            attrs.append(f'text-anchor="{shape.anchor}"')
        if shape.weight != "normal":
            attrs.append(f'font-weight="{shape.weight}"')
        if shape.opacity < 1:
            attrs.append(f'opacity="{_num(shape.opacity)}"')
        attrs.append(f'fill="{shape.fill}"')
        return f'<text {" ".join(attrs)}>{escape(shape.text, quote=False)}</text>'
    raise TypeError(f"not a scene shape: {shape!r}")


def to_svg(scene: Scene) -> str:
    """The scene as an SVG document (a str); identical scenes give identical text."""
    w, h = _num(scene.width), _num(scene.height)
    lines = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
         f'viewBox="0 0 {w} {h}" font-family="{FONTS["mono"]}">'),
        f'<rect x="0" y="0" width="{w}" height="{h}" fill="{scene.background}"/>',
    ]
    lines += [_shape_svg(shape) for shape in scene.shapes]
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- shared geometry

_KAPPA = 0.5523  # cubic Bezier handle length that approximates a quarter circle


def rounded_rect_commands(x: float, y: float, w: float, h: float, r: float) -> tuple:
    """A rounded rectangle as path commands (for backends without a native rounded rect)."""
    r = max(0.0, min(r, w / 2, h / 2))
    if r == 0:
        return (("M", x, y), ("L", x + w, y), ("L", x + w, y + h), ("L", x, y + h), ("Z",))
    k = r * _KAPPA
    return (
        ("M", x + r, y), ("L", x + w - r, y),
        ("C", x + w - r + k, y, x + w, y + r - k, x + w, y + r), ("L", x + w, y + h - r),
        ("C", x + w, y + h - r + k, x + w - r + k, y + h, x + w - r, y + h), ("L", x + r, y + h),
        ("C", x + r - k, y + h, x, y + h - r + k, x, y + h - r), ("L", x, y + r),
        ("C", x, y + r - k, x + r - k, y, x + r, y), ("Z",),
    )
