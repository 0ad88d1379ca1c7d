"""Pictures of a recurrent network, both ways a textbook draws one.

    outputs, state = tf.nn.static_rnn(cell, tf.unstack(x, axis=1), dtype=tf.float32)
    draw_rnn(outputs, unrolled=False)        # the cell once, its state fed back to itself
    md = tf.RunMetadata()
    sess.run(loss, feed, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE),
             run_metadata=md)
    draw_rnn(outputs, trace=md)              # one copy per time step, with h (and c) values

Rolled: the cell as one box with its variables, x_t coming in, h_t going out, and the
recurrent edge carrying the state back into the next step. Unrolled: the same cell once per
step, the state passed from each copy to the next; with a trace, every step shows the example's
input x_t (grey) and its state leaves (blue < 0 < red) as strips of squares. Long sequences are
drawn with their first and last steps and "…" between.

matplotlib is imported inside the functions (`import course.viz` stays light).
"""

from __future__ import annotations

import numpy as np

from .drawing.picture import PngPicture, figure_png
from .language import speaks, tr
from .recurrent_model import rnn_model

_DPI = 100
_CELL_FILL, _CELL_EDGE = "#fde9c8", "#c47f17"
_STATE_COLOR, _INPUT_COLOR, _OUTPUT_COLOR = "#2b6cb0", "#555555", "#2f855a"


class RnnPicture(PngPicture):
    """A drawn RNN: `.model` (what was drawn), `.figure`, `_repr_png_`/`save` for Jupyter."""

    def __init__(self, model, figure):
        self.model, self.figure = model, figure
        self._png = figure_png(figure, dpi=_DPI)

    def to_png(self) -> bytes:
        return self._png

    def __repr__(self):
        return "<RnnPicture %s, %s, %s%s>" % (
            self.model.cell_name, self.model.scope, _steps_text(self.model),
            ", traced" if self.model.traced else "")


@speaks
def draw_rnn(target=None, trace=None, unrolled=True, example=0, steps=None, max_steps=8,
             max_units=12, title=None):
    """Draw the RNN call that computes `target` (its outputs or state, or a Graph: its last
    RNN), rolled (`unrolled=False`) or unrolled over its time steps.

    trace: a RunMetadata of a traced sess.run (or a dict tensor name -> value) that computed
        the RNN: each step then shows row `example` of x_t and of the state after the step.
    steps: the time steps to draw (e.g. range(10, 16)); "…" marks the ones left out.
    max_steps: without `steps`, longer sequences show their first max_steps - 2 and last 2.
    max_units: values beyond the first max_units of a vector are left out ("+n").
    lang: "zh" or "en" for the picture's words (default: course.viz.set_language).
    """
    model = rnn_model(target, trace=trace, example=example)
    return draw_rnn_model(model, unrolled, steps, max_steps, max_units, title)


@speaks
def draw_rnn_model(model, unrolled=True, steps=None, max_steps=8, max_units=12, title=None):
    """The RnnPicture of a recurrent_model.RnnModel (rnn_model makes one)."""
    if not unrolled:
        return RnnPicture(model, _draw_rolled(model, title))
    if model.steps is None:
        raise ValueError("This RNN's number of steps is known only when it runs: give draw_rnn "
                         "the trace of a run to unroll it")
    shown = _shown_steps(model.steps, max_steps) if steps is None else _chosen_steps(
        model.steps, steps)
    return RnnPicture(model, _draw_unrolled(model, shown, max_units, title))


# ---------------------------------------------------------------- shared drawing helpers


def _figure(width, height):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=_DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    return fig, ax


def _text(ax, x, y, s, size=10, color="#222222", **kwargs):
    # Explicit usetex: the user's rcParams must not change (or break) the picture.
    return ax.text(x, y, s, fontsize=size, color=color, usetex=False, **kwargs)


def _box(ax, x, y, w, h, fill=_CELL_FILL, edge=_CELL_EDGE, lw=1.6):
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.02,rounding_size=0.08",
                                facecolor=fill, edgecolor=edge, linewidth=lw))


def _arrow(ax, start, end, color, lw=1.5, style="-|>", connection="arc3", label=None,
           label_at=None, label_color=None, size=9):
    from matplotlib.patches import FancyArrowPatch

    ax.add_patch(FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=12,
                                 color=color, linewidth=lw, connectionstyle=connection,
                                 shrinkA=0, shrinkB=0))
    if label:
        lx, ly = label_at or ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
        _text(ax, lx, ly, label, size=size, color=label_color or color, ha="center",
              va="center", bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none"))


def _title(model, title):
    if title:
        return title
    return "tf.nn.%s(%s) — %s" % (model.function, model.cell_name, tr(
        "scope {scope}, {steps}", scope=repr(model.scope), steps=_steps_text(model)))


def _steps_text(model):
    return tr("T steps") if model.steps is None else tr("{n} steps", n=model.steps)


def _cell_equations(model):
    name = model.cell_name
    if name.startswith(("BasicLSTMCell", "LSTMCell")):
        return ["i, j, f, o = split([x_t, h_{t-1}] · kernel + bias)",
                "c_t = σ(f + forget_bias)·c_{t-1} + σ(i)·tanh(j)",
                "h_t = σ(o)·tanh(c_t)"]
    if name.startswith("GRUCell"):
        return ["r, u = σ([x_t, h_{t-1}] · gates/kernel + gates/bias)",
                "c = tanh([x_t, r·h_{t-1}] · candidate/kernel + candidate/bias)",
                "h_t = u·h_{t-1} + (1 − u)·c"]
    if name.startswith("BasicRNNCell"):
        return ["h_t = tanh([x_t, h_{t-1}] · kernel + bias)"]
    return []


def _state_label(model):
    names = [n.split("/")[-1] for n in model.state_names]
    if len(model.state_names) == 1:
        return "h"
    if len(set(names)) == len(names):
        return "(" + ", ".join(names) + ")"
    return "state"


# ---------------------------------------------------------------- rolled


def _draw_rolled(model, title):
    equations = _cell_equations(model)
    variables = ["%s  %s" % (name, shape) for name, shape in model.variables]
    lines = variables + ([""] + equations if equations else [])
    bw = max(3.6, 0.35 + 0.072 * max(len(line) for line in lines))
    bh = 0.75 + 0.22 * len(lines)
    width = max(7.4, bw + 3.8, 0.09 * len(_title(model, title)))
    height = bh + 2.9
    fig, ax = _figure(width, height)
    _text(ax, width / 2, height - 0.35, _title(model, title), size=11.5, ha="center",
          va="center", weight="bold")
    bx = (width - bw) / 2
    by = (height - bh) / 2 - 0.15
    _box(ax, bx, by, bw, bh)
    _text(ax, bx + bw / 2, by + bh - 0.28, model.cell_name, size=11, ha="center", va="center",
          weight="bold", color="#7a4a05")
    for i, line in enumerate(lines):
        _text(ax, bx + 0.15, by + bh - 0.62 - 0.22 * i, line, size=7.8, va="center",
              family="DejaVu Sans Mono" if i < len(variables) else "DejaVu Sans")
    cx = bx + bw / 2
    depth = "" if model.input_depth is None else " [batch, %d]" % model.input_depth
    _arrow(ax, (cx, 0.35), (cx, by - 0.05), _INPUT_COLOR, label="x_t" + depth,
           label_at=(cx, 0.6))
    _arrow(ax, (cx, by + bh + 0.05), (cx, height - 0.75), _OUTPUT_COLOR,
           label="h_t [batch, %d]" % model.units, label_at=(cx, by + bh + 0.3))
    # the recurrent edge: out of the right side, round, back into the left side
    right, left = (bx + bw + 0.03, by + bh * 0.5), (bx - 0.03, by + bh * 0.5)
    _arrow(ax, right, (bx + bw + 0.9, by + bh * 0.5), _STATE_COLOR, style="-", lw=2)
    _arrow(ax, (bx + bw + 0.9, by + bh * 0.5), (bx + bw + 0.9, by - 0.45), _STATE_COLOR,
           style="-", lw=2)
    _arrow(ax, (bx + bw + 0.9, by - 0.45), (bx - 0.9, by - 0.45), _STATE_COLOR, style="-", lw=2)
    _arrow(ax, (bx - 0.9, by - 0.45), (bx - 0.9, by + bh * 0.5), _STATE_COLOR, style="-", lw=2)
    _arrow(ax, (bx - 0.9, by + bh * 0.5), left, _STATE_COLOR, lw=2)
    _text(ax, bx + bw / 2 + 1.2, by - 0.3, "%s_{t-1} → next step" % _state_label(model),
          size=9, color=_STATE_COLOR, ha="center", va="bottom")
    _text(ax, bx + bw + 1.0, by + bh * 0.5 + 0.12, "× " + _steps_text(model), size=9,
          color=_STATE_COLOR, ha="left", va="bottom")
    return fig


# ---------------------------------------------------------------- unrolled


def _shown_steps(steps, max_steps):
    """The step indices drawn, with None where "…" stands for the ones left out."""
    if steps <= max_steps:
        return list(range(steps))
    head = max(1, max_steps - 2)
    return list(range(head)) + [None] + list(range(steps - 2, steps))


def _strip(ax, x, y, values, limit, cmap, max_units, cell=0.13, show_numbers=False,
           diverging=True):
    """A row of squares coloured by value (x is the row's centre; a diverging map centres 0,
    a sequential one runs from 0 to limit); returns its width."""
    from matplotlib.patches import Rectangle

    values = np.ravel(values)
    shown = values[:max_units]
    width = cell * len(shown)
    left = x - width / 2
    for i, v in enumerate(shown):
        level = float(np.clip(v / limit, -1, 1))
        ax.add_patch(Rectangle((left + i * cell, y), cell, cell,
                               facecolor=cmap(0.5 + 0.5 * level if diverging else level),
                               edgecolor="#e4e4e4", linewidth=0.5))
        if show_numbers:
            _text(ax, left + (i + 0.5) * cell, y + cell / 2, "%.2f" % v, size=5.5,
                  ha="center", va="center", color="white" if abs(level) > 0.6 else "black")
    if len(values) > max_units:
        _text(ax, left + width + 0.03, y + cell / 2, "+%d" % (len(values) - max_units),
              size=6.5, va="center", color="#777777")
    return width


def _chosen_steps(steps, chosen):
    chosen = sorted(set(int(t) for t in chosen))
    if not chosen or chosen[0] < 0 or chosen[-1] >= steps:
        raise ValueError("steps must be time steps of this RNN, 0 to %d; got %s"
                         % (steps - 1, chosen))
    shown = [] if chosen[0] == 0 else [None]
    for t in chosen:
        if shown and shown[-1] is not None and t != shown[-1] + 1:
            shown.append(None)
        shown.append(t)
    return shown + ([None] if chosen[-1] != steps - 1 else [])


def _limit(arrays):
    arrays = [np.ravel(a) for a in arrays if a is not None]
    if not arrays:
        return 1.0
    top = float(np.max(np.abs(np.concatenate(arrays))))
    return top if top > 0 else 1.0


def _draw_unrolled(model, shown, max_units, title):
    from matplotlib import colormaps

    leaves = model.state_names if model.traced else []
    n_units = min(model.units, max_units)
    unit_cell = min(0.34, max(0.15, 1.4 / max(n_units, 1)))
    column = max(1.75, n_units * unit_cell + 0.6)
    n_inputs = min(model.input_depth or 1, 32)
    input_cell = min(0.3, (column - 0.35) / n_inputs)
    numbers = unit_cell >= 0.33
    row = unit_cell + 0.1
    box_w, box_h = 1.05, 0.62
    box_y = 1.0 if model.traced else 0.85
    strips_y = box_y + box_h + 0.45
    # x centres: the initial state, then one column per step ("…" columns are narrow)
    centres, x = [], 0.4 + column / 2
    initial_x = x
    for t in shown:
        step = 0.8 if t is None else column
        x += (column + step) / 2 if not centres or shown[len(centres) - 1] is not None \
            else (0.8 + step) / 2
        centres.append(x)
    width = centres[-1] + column / 2 + 0.75
    height = strips_y + (row * len(leaves) if leaves else 0.35) + 1.05
    fig, ax = _figure(width, height)
    _text(ax, width / 2, height - 0.3, _title(model, title), size=11.5, ha="center",
          va="center", weight="bold")
    diverging, greys = colormaps["RdBu_r"], colormaps["Greys"]
    limits = {name: _limit(model.states[name]) for name in leaves}
    x_limit = _limit(model.inputs) if model.traced else 1.0
    if model.traced:
        _text(ax, width / 2, height - 0.6,
              tr("example {n} of the batch: x_t (grey) and the state after each step "
                 "(blue < 0 < red)", n=model.example), size=8, ha="center", va="center",
              color="#555555")
        _text(ax, width / 2, height - 0.8, "; ".join(
            [tr("{name} within ±{limit}", name=n, limit="%.2g" % limits[n]) for n in leaves] +
            ([] if model.lengths is None else
             [tr("sequence length {n}: later steps output 0 and keep the state",
                 n=model.lengths)])),
            size=7.5, ha="center", va="center", color="#777777")
        for r, name in enumerate(leaves):
            _text(ax, 0.12, strips_y + row * r + unit_cell / 2, name, size=8.5,
                  color=_STATE_COLOR, va="center")
        _text(ax, 0.12, 0.2 + input_cell / 2, "x", size=8.5, color=_INPUT_COLOR, va="center")

    def strips(cx, values_of):
        for r, name in enumerate(leaves):
            values = values_of(name)
            if values is None:   # pruned from the traced run, or inside a while loop
                _text(ax, cx, strips_y + row * r + unit_cell / 2,
                      tr("inside the loop") if model.loop else tr("not computed"), size=6.5,
                      ha="center", va="center", color="#999999")
                continue
            _strip(ax, cx, strips_y + row * r, values, limits[name], diverging,
                   max_units, unit_cell, numbers)

    # the initial state comes in from the left
    start_x = initial_x
    _text(ax, start_x, box_y + box_h / 2, "%s_0" % _state_label(model), size=9,
          color=_STATE_COLOR, ha="center", va="center")
    if model.traced:
        strips(start_x, lambda name: model.initial[name])
    previous_right = start_x + 0.4
    for k, t in enumerate(shown):
        cx = centres[k]
        if t is None:
            _text(ax, cx, box_y + box_h / 2, "…", size=18, ha="center", va="center",
                  color=_STATE_COLOR)
            _arrow(ax, (previous_right, box_y + box_h / 2), (cx - 0.3, box_y + box_h / 2),
                   _STATE_COLOR, lw=1.8, style="-")
            previous_right = cx + 0.3
            continue
        finished = model.lengths is not None and t >= model.lengths
        _box(ax, cx - box_w / 2, box_y, box_w, box_h,
             fill="#eeeeee" if finished else _CELL_FILL,
             edge="#aaaaaa" if finished else _CELL_EDGE)
        _text(ax, cx, box_y + box_h / 2 + 0.1, "t = %d" % t if finished else tr("cell"), size=9,
              ha="center", va="center", color="#7a4a05")
        _text(ax, cx, box_y + box_h / 2 - 0.14, tr("past its length") if finished else "t = %d" % t,
              size=6.5 if finished else 8, ha="center", va="center", color="#7a4a05")
        _arrow(ax, (previous_right, box_y + box_h / 2),
               (cx - box_w / 2 - 0.02, box_y + box_h / 2), _STATE_COLOR, lw=1.8)
        previous_right = cx + box_w / 2 + 0.02
        # x_t in from below, the step's output and state out above
        _arrow(ax, (cx, box_y - 0.3), (cx, box_y - 0.02), _INPUT_COLOR, lw=1.2)
        _text(ax, cx + 0.08, box_y - 0.2, "x_%d" % t, size=8.5, ha="left", va="center",
              color=_INPUT_COLOR)
        _arrow(ax, (cx, box_y + box_h + 0.02), (cx, strips_y - 0.08), _OUTPUT_COLOR, lw=1.2)
        if model.traced:
            if model.inputs[t] is not None:
                _strip(ax, cx, 0.2, model.inputs[t], x_limit, greys, 32, input_cell,
                       diverging=False)
            strips(cx, lambda name: model.states[name][t])
        else:
            _text(ax, cx + 0.08, strips_y - 0.2, "h_%d" % t, size=8.5, ha="left",
                  va="center", color=_OUTPUT_COLOR)
    # the final state leaves the last copy
    end_x = width - 0.55
    _arrow(ax, (previous_right, box_y + box_h / 2), (end_x, box_y + box_h / 2), _STATE_COLOR,
           lw=1.8)
    _text(ax, end_x + 0.05, box_y + box_h / 2 + 0.12, tr("final\nstate"), size=8,
          color=_STATE_COLOR, ha="center", va="bottom")
    return fig
