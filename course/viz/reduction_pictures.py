"""Pictures of tf.reduce_sum and friends: which cells of x flow into which cell of the result.

    reduce_axes([[1, 1, 1], [1, 1, 1]], axis=1)

draws x as a grid of its values, colours every cell by the result element it is
reduced into, marks each axis with an arrow ("axis 1 →, summed away"), and draws
the result below with its shape, under the TF1 line that computes it.
reduce_explorer(x) puts the same picture behind dropdowns; illustrate_reduction()
is the entry point for a hook holding the values of a real Sum/Mean/Max/Min/Prod op.

The numbers come from course's own engine (a one-op graph per picture), so a picture
shows exactly what tf.reduce_* computes, TF's rules included: sums and products keep
the input dtype (integers wrap around), an integer mean is the 64-bit sum divided by
the count, truncated toward zero, nested Python lists become int32/float32 as
tf.constant makes them, and an empty axis reduces to the identity (-inf for max).

matplotlib and ipywidgets are imported inside the functions that need them, so
that `import course.viz` stays light (see course/viz/__init__.py).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from ..framework.ops import Graph
from ..ops import array_ops, reduction_ops
from ..ops.core import constant_value
from ..ops.reduction_ops import reduced_axes
from ..session import Session
from .drawing.fonts import use_cjk
from .drawing.picture import PngPicture, figure_png
from .language import language_of_now, speaking, speaks, tr

OPS = ("sum", "mean", "max", "min", "prod")
_OP_BY_TYPE = {"Sum": "sum", "Mean": "mean", "Max": "max", "Min": "min", "Prod": "prod"}


# ---------------------------------------------------------------- the numbers, from the engine
# Nothing here restates TF's rules: the array is what course's tf.constant stores and the
# result is what course's own reduction op computes, in a one-op graph of its own.

_REDUCERS = {"sum": reduction_ops.reduce_sum, "mean": reduction_ops.reduce_mean,
             "max": reduction_ops.reduce_max, "min": reduction_ops.reduce_min,
             "prod": reduction_ops.reduce_prod}


def as_tf_array(x) -> np.ndarray:
    """x as the array tf.constant(x) holds: numpy arrays keep their dtype, Python lists and
    numbers become int32 (int64 when too big) or float32."""
    with Graph().as_default():
        array = constant_value(array_ops.constant(x))
    if array.dtype.kind not in "iuf":
        raise TypeError(
            f"x must hold ints or floats, got dtype {array.dtype}; for booleans TF has "
            "tf.reduce_any / tf.reduce_all, or cast first: tf.cast(x, tf.int32)"
        )
    return array


def engine_reduce(x: np.ndarray, axis, keepdims: bool, op: str):
    """(the reduced axes, sorted and non-negative; the value of tf.reduce_<op>(x, axis,
    keepdims)), both from course's reduction op. A bad axis raises TF's error."""
    graph = Graph()
    with graph.as_default():
        result = _REDUCERS[op](array_ops.constant(x), axis=axis, keepdims=keepdims)
    with Session(graph=graph) as sess:
        return reduced_axes(result.op), sess.run(result)


def flow_ids(shape: tuple[int, ...], axes: tuple[int, ...]) -> np.ndarray:
    """For each cell of an input of `shape`, the flat index of the result element it flows into."""
    kept = [a for a in range(len(shape)) if a not in axes]
    if not kept:
        return np.zeros(shape, dtype=np.intp)
    index = np.indices(shape)
    return np.ravel_multi_index([index[a] for a in kept], [shape[a] for a in kept])


# ---------------------------------------------------------------- the TF1 line


def spell_axis(axis) -> str:
    """The axis argument as the user wrote it: 1, -1, [0, 2], (0, 2)."""
    if isinstance(axis, tuple):
        return repr(tuple(int(a) for a in axis))
    if isinstance(axis, (list, np.ndarray)) and np.ndim(axis) > 0:
        return repr([int(a) for a in np.ravel(axis)])
    return str(int(axis))


def tf_code(op: str, axis=None, keepdims: bool = False, axis_keyword: str = "axis") -> str:
    """The TF1 line, e.g. tf.reduce_sum(x, axis=1, keepdims=True); no axis argument for None."""
    args = ["x"]
    if axis is not None:
        args.append(f"{axis_keyword}={spell_axis(axis)}")
    if keepdims:
        args.append("keepdims=True")
    return f"tf.reduce_{op}({', '.join(args)})"


def format_value(value, dtype: np.dtype) -> str:
    """Compact cell text: ints as ints, floats with up to 3 decimals (2.0, 0.333, 1.23e+05)."""
    if dtype.kind in "iu":
        return str(int(value))
    value = float(value)
    if not np.isfinite(value):
        return str(value)
    if value == 0:
        return "0.0"  # also for -0.0
    if abs(value) >= 1e5 or abs(value) < 1e-3:
        return f"{value:.3g}"
    text = f"{value:.3f}".rstrip("0")
    return text + "0" if text.endswith(".") else text  # "2." reads as a typo: "2.0"


def _shape_text(shape: tuple[int, ...]) -> str:
    return repr(tuple(int(n) for n in shape))


# ---------------------------------------------------------------- the picture object


class ReductionPicture(PngPicture):
    """A reduction drawn: shows as a PNG in Jupyter; also `.figure`, `.result`, `.code`, `.save()`.

    The matplotlib figure is drawn on first use, so `.result` and `.code` are cheap.
    """

    def __init__(self, x: np.ndarray, axis, keepdims: bool, op: str, axis_keyword: str = "axis"):
        self.x = x
        self.op = op
        self.keepdims = keepdims
        self.axes, self.result = engine_reduce(x, axis, keepdims, op)
        # The user's spelling of each reduced axis (-1 for axis 2 of a rank-3 x).
        self.spellings = {} if axis is None else {a % x.ndim: a for a in np.ravel(axis).tolist()}
        self.code = tf_code(op, axis, keepdims, axis_keyword)
        self.lang = language_of_now()  # drawn later, in the language of now
        self._figure = None
        self._png = None

    @property
    def summary(self) -> str:
        """One line, as the explorer prints it: tf.reduce_sum(x, axis=1) -> [3 3]."""
        printed = " ".join(str(self.result).split())  # numpy's print, on one line
        return f"{self.code} -> {printed.replace('[ ', '[').replace(' ]', ']')}"

    @property
    def figure(self):
        """The matplotlib Figure (not registered with pyplot, so it never shows twice)."""
        if self._figure is None:
            with speaking(self.lang):
                self._figure = _draw(self)
        return self._figure

    def to_png(self) -> bytes:
        """The picture as PNG bytes; the same input gives the same bytes."""
        if self._png is None:
            self._png = figure_png(self.figure, dpi=_DPI)
        return self._png

    def save(self, path) -> Path:
        """Write the picture to `path` as PNG (another suffix, e.g. .svg: matplotlib's format)."""
        path = Path(path)
        if path.suffix.lower() in ("", ".png"):
            return super().save(path)
        self.figure.savefig(path, dpi=_DPI, facecolor="white")
        return path

    def __repr__(self) -> str:
        return f"<ReductionPicture {self.summary}>"


# ---------------------------------------------------------------- public entry points


@speaks
def reduce_axes(x, axis=None, keepdims=False, op="sum", *,
                reduction_indices=None) -> ReductionPicture:
    """Draw tf.reduce_<op>(x, axis, keepdims): which cells of x flow into which result cell.

    x: array-like or nested list (rank 0-3 is drawn; larger inputs get a message).
    axis: None (all axes), an int or a list/tuple of ints; negative axes count from the end.
    op: "sum", "mean", "max", "min" or "prod".
    reduction_indices: TF1's older name for axis; the code line then uses it.
    lang: "zh" or "en" for the picture's words (default: course.viz.set_language).
    Invalid axes raise ValueError as TF does:
    "Invalid reduction dimension 2 for input with 2 dimensions".
    """
    if op not in OPS:
        raise ValueError(f"op must be one of {', '.join(OPS)}; got {op!r}")
    axis_keyword = "axis"
    if reduction_indices is not None:
        if axis is not None:
            raise ValueError("Can not specify both 'axis' and 'reduction_indices'.")
        axis, axis_keyword = reduction_indices, "reduction_indices"
    return ReductionPicture(as_tf_array(x), axis, bool(keepdims), op, axis_keyword)


@speaks
def illustrate_reduction(op_type: str, input_value, axis, keepdims) -> ReductionPicture:
    """The picture for a traced reduction op, from its real values (for a ReduceAxisHook).

    op_type: the op's type, "Sum", "Mean", "Max", "Min" or "Prod".
    input_value: the evaluated input tensor; axis: the evaluated axis tensor (scalar or
    vector of ints) or None; keepdims: the op's keep_dims attribute.
    """
    if op_type not in _OP_BY_TYPE:
        raise ValueError(f"op_type must be one of {', '.join(_OP_BY_TYPE)}; got {op_type!r}")
    if axis is not None:
        axis = np.asarray(axis).tolist()  # an int for a scalar tensor, a list for a vector
    return reduce_axes(np.asarray(input_value), axis, bool(keepdims), _OP_BY_TYPE[op_type])


def axis_choices(rank: int) -> list[tuple[str, object]]:
    """(label, axis) pairs for the explorer: None, each axis, negative spellings, rank-3 pairs."""
    choices = [(tr("None (all axes)"), None)]
    choices += [(str(a), a) for a in range(rank)]
    choices += [(str(a), a) for a in range(-1, -rank - 1, -1)]
    if rank == 3:
        choices += [(str(list(pair)), list(pair)) for pair in ((0, 1), (0, 2), (1, 2))]
    return choices


@speaks
def reduce_explorer(x):
    """An ipywidgets VBox: pick op, axis, keepdims; the picture and printed line update in place.

    For tests and curious learners the box carries its parts: `.op_dropdown`,
    `.axis_dropdown`, `.keepdims_checkbox`, `.line` (the printed line, an HTML
    widget), `.output` (the Output widget holding the one picture) and `.current`
    (the latest ReductionPicture).
    """
    import ipywidgets as widgets

    from .drawing.display import show_in

    x = as_tf_array(x)
    lang = language_of_now()  # its redraws keep the language it was made in
    op_dropdown = widgets.Dropdown(options=[(f"reduce_{op}", op) for op in OPS], value="sum",
                                   description="op")
    # index, not value=None: ipywidgets 8 shows value None as a blank dropdown (no choice).
    axis_dropdown = widgets.Dropdown(options=axis_choices(x.ndim), index=0, description="axis")
    keepdims_checkbox = widgets.Checkbox(value=False, description="keepdims")
    line = widgets.HTML()
    output = widgets.Output()
    controls = (op_dropdown, axis_dropdown, keepdims_checkbox)
    box = widgets.VBox([widgets.HBox(controls), line, output])
    box.op_dropdown, box.axis_dropdown, box.keepdims_checkbox = controls
    box.line, box.output = line, output

    def redraw(_change=None):
        box.current = reduce_axes(x, axis_dropdown.value, keepdims_checkbox.value,
                                  op_dropdown.value, lang=lang)
        line.value = f"<pre style='margin:0'>{html.escape(box.current.summary)}</pre>"
        show_in(output, box.current)

    for control in controls:
        control.observe(redraw, names="value")
    redraw()
    return box


# ---------------------------------------------------------------- drawing
# Coordinates are data units: one unit is a cell's height, y grows downward.

_INCHES_PER_UNIT = 0.5
_DPI = 100
_MIN_SLICE_GAP = 0.9  # between the slices x[0, :, :], x[1, :, :], ... of a rank-3 array
_TITLE_CHAR_W = 0.17  # width of one 10 pt monospace character, in units
_VALUE_SIZE, _LABEL_SIZE, _TITLE_SIZE = 11, 10, 13
_INK, _MUTED, _REDUCED = "#222222", "#8c8c8c", "#b3261e"
# Beyond these the values stop being readable; such inputs get a message instead.
_MAX_ROWS, _MAX_COLS, _MAX_SLICES, _MAX_TOTAL_COLS = 8, 10, 4, 20

# tab10 without its grey (grey reads as "disabled"), lightened so black values stay readable.
_BASE_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                "#8c564b", "#e377c2", "#bcbd22", "#17becf")
_ROLES = {0: (), 1: ("cols",), 2: ("rows", "cols"), 3: ("slices", "rows", "cols")}
# What happens to a reduced axis; {} is "away", or "to size 1" with keepdims.
_FATES = {"sum": "summed {}", "mean": "averaged {}", "prod": "multiplied {}",
          "max": "reduced {} by max", "min": "reduced {} by min"}
_NOUNS = {"sum": "sum", "mean": "mean", "prod": "product", "max": "max", "min": "min"}


def cell_palette(count: int) -> list[tuple[tuple[float, ...], tuple[float, ...]]]:
    """(fill, edge) for each of `count` result elements, no two alike.

    Up to nine, tab10's colours; beyond, hues evenly around the circle with the
    lightness alternating, so that neighbours differ in two ways."""
    import colorsys

    from matplotlib.colors import to_rgb

    if count <= len(_BASE_COLORS):
        bases = [to_rgb(color) for color in _BASE_COLORS[:count]]
    else:
        bases = [colorsys.hls_to_rgb(k / count, (0.32, 0.45, 0.58)[k % 3], 0.75)
                 for k in range(count)]
    # The fill is 55% of the way to white: black values stay readable on it.
    return [(tuple(0.55 + 0.45 * c for c in base), tuple(base)) for base in bases]


@dataclass(frozen=True)
class _Block:
    """Where an array's cells go: rank 0-3 laid out as slices x rows x cols, slices side by side."""

    shape: tuple
    left: float
    top: float
    cell_w: float
    gap: float = _MIN_SLICE_GAP

    @property
    def grid(self) -> tuple[int, int, int]:
        return (1,) * (3 - len(self.shape)) + tuple(self.shape)

    @property
    def slice_w(self) -> float:
        return self.grid[2] * self.cell_w

    @property
    def width(self) -> float:
        return self.grid[0] * self.slice_w + (self.grid[0] - 1) * self.gap

    @property
    def bottom(self) -> float:
        return self.top + self.grid[1]

    def slice_left(self, s: int) -> float:
        return self.left + s * (self.slice_w + self.gap)

    def cell_corner(self, index: tuple) -> tuple[float, float]:
        s, r, c = (0,) * (3 - len(index)) + tuple(index)
        return self.slice_left(s) + c * self.cell_w, self.top + r


def _slice_title(name: str, s: int) -> str:
    return f"{name}[{s}, :, :]"


def _centered_block(shape, top: float, cell_w: float, name: str) -> _Block:
    """A block centred on x = 0, its slices far enough apart for their titles."""
    block = _Block(tuple(shape), 0.0, top, cell_w)
    title_w = len(_slice_title(name, block.grid[0] - 1)) * _TITLE_CHAR_W
    block = replace(block, gap=max(_MIN_SLICE_GAP, title_w - block.slice_w + 0.8))
    return replace(block, left=-block.width / 2)


def _text(ax, x, y, s, size=_LABEL_SIZE, color=_INK, **kwargs):
    # Explicit font and usetex: the user's rcParams must not change (or break) the picture.
    kwargs.setdefault("family", "DejaVu Sans")
    return ax.text(x, y, s, fontsize=size, color=color, usetex=False, **kwargs)


def _arrow(ax, start, end, color, width=1.2):
    from matplotlib.patches import FancyArrowPatch

    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=11, color=color,
                                 linewidth=width, shrinkA=0, shrinkB=0))


def _draw_cells(ax, block: _Block, values: np.ndarray, ids: np.ndarray, colors,
                edge_width: float):
    from matplotlib.patches import Rectangle

    for index in np.ndindex(values.shape):
        x, y = block.cell_corner(index)
        fill, edge = colors[int(ids[index])]
        ax.add_patch(Rectangle((x, y), block.cell_w, 1, facecolor=fill, edgecolor=edge,
                               linewidth=edge_width))
        _text(ax, x + block.cell_w / 2, y + 0.5, format_value(values[index], values.dtype),
              size=_VALUE_SIZE, ha="center", va="center")


def _draw_slice_titles(ax, block: _Block, name: str, y: float):
    if len(block.shape) != 3:
        return
    for s in range(block.grid[0]):
        _text(ax, block.slice_left(s) + block.slice_w / 2, y, _slice_title(name, s),
              family="DejaVu Sans Mono", ha="center", va="bottom")


# Vertical places above an input grid (negative: upward from its top edge).
_COLS_ARROW_Y, _COLS_LABEL_Y = -0.3, -0.5
_SLICE_TITLE_Y, _SLICES_ARROW_Y, _SLICES_LABEL_Y = -1.0, -1.55, -1.75
_HEADER_HEIGHT = {0: 0.0, 1: 0.85, 2: 0.85, 3: 2.1}


def _axis_label(picture: ReductionPicture, axis: int, role: str) -> tuple[str, str]:
    """(what the axis is, what happens to it), e.g. ("axis 1 →", "summed away")."""
    spelled = picture.spellings.get(axis, axis)
    name = (tr("axis {axis}", axis=axis) if spelled == axis
            else tr("axis {axis} (= {spelled})", axis=axis, spelled=spelled))
    name += " ↓" if role == "rows" else " →"
    if role == "slices":
        name += tr(" across slices")
    if axis not in picture.axes:
        return name, tr("kept")
    return name, tr(_FATES[picture.op]).format(tr("to size 1") if picture.keepdims
                                                else tr("away"))


def _draw_axis_marks(ax, block: _Block, picture: ReductionPicture):
    """An arrow along each axis of x, in the direction its index grows; reduced axes stand out."""
    for axis, role in enumerate(_ROLES[len(block.shape)]):
        reduced = axis in picture.axes
        color = _REDUCED if reduced else _MUTED
        weight = "bold" if reduced else "normal"
        name, fate = _axis_label(picture, axis, role)
        top, left = block.top, block.left
        if role == "rows":  # down the left edge of the first slice
            _arrow(ax, (left - 0.3, top + 0.1), (left - 0.3, block.bottom - 0.1), color)
            _text(ax, left - 0.5, (top + block.bottom) / 2, f"{name}\n{fate}", color=color,
                  weight=weight, ha="right", va="center", linespacing=1.4)
            continue
        if role == "cols":  # along the top edge of the first slice
            y_arrow, y_label, x_end = top + _COLS_ARROW_Y, top + _COLS_LABEL_Y, left + block.slice_w
        else:  # across all slices, above their titles
            y_arrow, y_label = top + _SLICES_ARROW_Y, top + _SLICES_LABEL_Y
            x_end = left + block.width
        _arrow(ax, (left + 0.1, y_arrow), (x_end - 0.1, y_arrow), color)
        _text(ax, (left + x_end) / 2, y_label, f"{name}, {fate}", color=color, weight=weight,
              ha="center", va="bottom")


def _axes_phrase(axes: tuple[int, ...]) -> str:
    """ "axis 1", "axes 0 and 2", "axes 0, 1 and 2"."""
    if len(axes) == 1:
        return tr("axis {axis}", axis=axes[0])
    return tr("axes {axes} and {last}", axes=", ".join(map(str, axes[:-1])), last=axes[-1])


def _flow_label(picture: ReductionPicture) -> str:
    """What happens between x and the result, e.g. "sum over axis 1"."""
    noun, axes, size = tr(_NOUNS[picture.op]), picture.axes, picture.x.size
    if picture.x.ndim == 0:
        label = tr("x is a scalar: nothing to reduce")
    elif not axes:
        label = tr("no axis given: nothing reduced")
    elif len(axes) == picture.x.ndim:
        label = (tr("{noun} of all {size} values", noun=noun, size=size) if size > 1
                 else tr("{noun} of its one value", noun=noun))
    else:
        label = tr("{noun} over {axes}", noun=noun, axes=_axes_phrase(axes))
    if picture.op == "mean" and picture.x.dtype.kind in "iu" and axes:
        label += "\n" + tr("(integer mean: truncated toward 0)")
    return label


def _result_caption(picture: ReductionPicture) -> str:
    """E.g. "result: shape (2, 1) with keepdims, int32" and what became of the reduced axes."""
    result, axes = picture.result, picture.axes
    if not axes:
        shape, fate = "", ""
    elif picture.keepdims:
        shape, fate = tr(" with keepdims"), tr("{axes} kept as size 1", axes=_axes_phrase(axes))
    elif result.ndim == 0:
        shape, fate = tr(" (a scalar)"), tr("every axis is gone")
    else:
        shape, fate = "", tr("{axes} is gone" if len(axes) == 1 else "{axes} are gone",
                             axes=_axes_phrase(axes))
    lines = [tr("result: shape {shape}", shape=_shape_text(result.shape))
             + f"{shape}, {result.dtype}", fate]
    return "\n".join(line for line in lines if line)


def _cell_width(picture: ReductionPicture) -> float:
    """Wide enough for the longest value, in either array, so the grids line up."""
    texts = [format_value(v, a.dtype) for a in (picture.x, picture.result) for v in a.ravel()]
    longest = max((len(t) for t in texts), default=1)
    return max(1.0, 0.35 + 0.19 * longest)


def _too_big_reason(x: np.ndarray) -> str | None:
    """Why x can't be drawn cell by cell, or None if it can."""
    if x.ndim > 3:
        return f"x has rank {x.ndim}: only ranks 0 to 3 can be drawn flat."
    if x.size == 0:
        return f"x is empty (shape {_shape_text(x.shape)}): there are no cells to draw."
    slices, rows, cols = (1,) * (3 - x.ndim) + x.shape
    too_wide = cols > _MAX_COLS or slices > _MAX_SLICES or slices * cols > _MAX_TOTAL_COLS
    if rows > _MAX_ROWS or too_wide:
        return f"x has shape {_shape_text(x.shape)}: too many cells to read."
    return None


def _smaller_slice(x: np.ndarray) -> str:
    """An indexing expression that cuts x down to a drawable size, e.g. x[:8, :10]."""
    limits = {1: (_MAX_COLS,), 2: (_MAX_ROWS, _MAX_COLS), 3: (_MAX_SLICES, _MAX_ROWS, 5)}
    leading = ["0"] * max(x.ndim - 3, 0)  # integer indices drop the extra axes
    parts = leading + [f":{limit}" for limit in limits[min(x.ndim, 3)]]
    return f"x[{', '.join(parts)}]"


def _new_axes(width_units: float, height_units: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # A bare Figure, not pyplot's: Jupyter's inline backend would display it a second time.
    inches = (width_units * _INCHES_PER_UNIT, height_units * _INCHES_PER_UNIT)
    fig = Figure(figsize=inches, dpi=_DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(-width_units / 2, width_units / 2)
    ax.set_ylim(height_units - 4, -4)  # y grows downward, like rows
    return fig, ax


def _fit_to_content(fig, ax, pad: float = 0.3):
    """Crop or grow the figure to exactly what was drawn, keeping one unit = _INCHES_PER_UNIT."""
    from matplotlib.transforms import Bbox

    use_cjk(fig)  # measured in the font they will be drawn with
    renderer = fig.canvas.get_renderer()
    artists = [*ax.texts, *ax.patches]
    box = Bbox.union([a.get_window_extent(renderer) for a in artists])
    (x0, y_low), (x1, y_high) = ax.transData.inverted().transform(box.get_points())
    y0, y1 = min(y_low, y_high), max(y_low, y_high)
    x0, x1, y0, y1 = x0 - pad, x1 + pad, y0 - pad, y1 + pad
    fig.set_size_inches((x1 - x0) * _INCHES_PER_UNIT, (y1 - y0) * _INCHES_PER_UNIT)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y1, y0)


def _draw(picture: ReductionPicture):
    """x on top, an arrow down, the result below; each block centred on x = 0."""
    reason = _too_big_reason(picture.x)
    if reason is not None:
        return _draw_message(picture, reason)
    cell_w = _cell_width(picture)
    source = _centered_block(picture.x.shape, 0.0, cell_w, "x")
    fig, ax = _new_axes(max(source.width, 4) + 16, source.bottom + 16)
    _draw_input(ax, picture, source)
    flow_bottom = _draw_flow(ax, picture, source.bottom + 0.95)
    _draw_result(ax, picture, flow_bottom + 0.35, cell_w)
    _fit_to_content(fig, ax)
    return fig


def _draw_input(ax, picture: ReductionPicture, source: _Block):
    x = picture.x
    _text(ax, 0, source.top - _HEADER_HEIGHT[x.ndim] - 0.4, picture.code, size=_TITLE_SIZE,
          family="DejaVu Sans Mono", weight="bold", ha="center", va="bottom")
    _draw_cells(ax, source, x, flow_ids(x.shape, picture.axes), cell_palette(picture.result.size),
                edge_width=1.0)
    _draw_slice_titles(ax, source, "x", source.top + _SLICE_TITLE_Y)
    _draw_axis_marks(ax, source, picture)
    _text(ax, 0, source.bottom + 0.3, tr("x: shape {shape}", shape=_shape_text(x.shape))
          + f", {x.dtype}",
          ha="center", va="top")


def _draw_flow(ax, picture: ReductionPicture, top: float) -> float:
    """The arrow from x down to the result, saying what it does; returns where it ends."""
    bottom = top + 1.1
    _arrow(ax, (0, top), (0, bottom), _INK, width=2.0)
    _text(ax, 0.35, (top + bottom) / 2, _flow_label(picture), ha="left", va="center",
          style="italic")
    return bottom


def _draw_result(ax, picture: ReductionPicture, top: float, cell_w: float):
    result = picture.result
    titles_room = 0.55 if result.ndim == 3 else 0.0
    target = _centered_block(result.shape, top + titles_room, cell_w, "result")
    # Result element i gets colour i, like the input cells that flow into it.
    _draw_cells(ax, target, result, np.arange(result.size).reshape(result.shape),
                cell_palette(result.size), edge_width=2.2)
    _draw_slice_titles(ax, target, "result", target.top - 0.2)
    _text(ax, 0, target.bottom + 0.3, _result_caption(picture), ha="center", va="top",
          linespacing=1.4)


def _draw_message(picture: ReductionPicture, reason: str):
    """For inputs that can't be drawn cell by cell: say why, what to try, and the result's shape."""
    fig, ax = _new_axes(20, 10)
    _text(ax, 0, 0, picture.code, size=_TITLE_SIZE, family="DejaVu Sans Mono", weight="bold",
          ha="left", va="bottom")
    lines = [reason,
             (f"Pictures stay readable up to {_MAX_ROWS} rows x {_MAX_COLS} columns "
              f"(rank 3: {_MAX_SLICES} slices, {_MAX_TOTAL_COLS} columns in all)."),
             f"Try a smaller piece, such as {_smaller_slice(picture.x)}.",
             f"result: shape {_shape_text(picture.result.shape)}, {picture.result.dtype}"]
    _text(ax, 0, 0.4, "\n".join(lines), ha="left", va="top", linespacing=1.6)
    _fit_to_content(fig, ax)
    return fig
