"""Learning-rate experiments: slide the learning rate, watch the loss curve change at once.

    lr_experiment(preset="pku")                       # the PKU 2-3-1 network, 3000 steps
    lr_experiment(model_fn=my_model, optimizer="Adam", learning_rate=0.01, steps=200)

The widget trains the model with course's own ``tf.train`` optimizers and redraws
the loss curve in place: a log-scale learning-rate slider, the seven optimizers,
a momentum slider (for Momentum, Nesterov and RMSProp only), the number of steps,
and a "pin" button that keeps the current curve, its settings in the legend, to
compare with the next ones. A run whose loss turns inf or NaN stops there: its
curve ends on a cross marked "diverged at step N".

Why it is fast enough for a slider: the graph is built once per optimizer with the
learning rate (and momentum) fed through placeholders; a new setting re-initialises
the variables to the values drawn the first time and re-runs the steps through
``Session.make_callable``. A setting seen before is not trained again (each trainer
remembers its runs; fewer steps are the start of a longer run). A training that takes
longer than FIRST_PART_AFTER shows the start of its curve first. The figure is drawn
once and only its moving parts are redrawn (see ``drawing/blit.py``).

A model is a function building a graph with ``course``; see ``course.viz.presets``
for the protocol (return ``loss``, ``(loss, feed)`` or ``(loss, feed, init)``).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace

import numpy as np

from .drawing.picture import SavesPng, Snapshot, figure_png
from .language import in_own_language, language_of_now, speaking, speaks, tr
from .presets import (
    FIRST_PART_AFTER,
    OPTIMIZERS,
    REMEMBERED,
    as_model,
    feed_function,
    get_preset,
    make_optimizer,
    optimizer_choice,
    optimizer_code,
    optimizer_label,
)

# ---------------------------------------------------------------- training



@dataclass(frozen=True)
class Run:
    """One training run: its settings and the loss at every step.

    `losses[i]` is the loss fetched with training step i (computed before that step's
    update). A run that diverges stops at the first inf/NaN loss, which is its last
    entry; `diverged_at` is that step, None when every loss was finite.
    """

    optimizer: str
    learning_rate: float
    momentum: float | None
    steps: int
    losses: np.ndarray
    diverged_at: int | None
    batch_size: int | None = None   # set when the model was built for a chosen batch size

    @property
    def label(self) -> str:
        label = optimizer_label(self.optimizer, self.learning_rate, self.momentum)
        return label if self.batch_size is None else f"{label} batch {self.batch_size}"

    @property
    def code(self) -> str:
        return optimizer_code(self.optimizer, self.learning_rate, self.momentum)


class Trainer:
    """A model minimised by one optimizer, in its own graph and session, ready to re-run.

    `model_fn()` is called once, in a fresh graph (`model_fn(batch_size=batch_size)` when
    a batch size is given); the optimizer gets placeholders for the learning rate and
    (where it has one) the momentum, so `run()` with new values needs no new graph.
    """

    def __init__(self, model_fn, optimizer, batch_size=None):
        import course as tf

        self.choice = optimizer_choice(optimizer)
        self.batch_size = batch_size
        self.graph = tf.Graph()
        with self.graph.as_default():
            model = as_model(model_fn() if batch_size is None else model_fn(batch_size=batch_size))
            self.loss = tf.convert_to_tensor(model.loss)
            if self.loss.shape.ndims != 0:
                raise ValueError(f"the model's loss must be a scalar tensor; {self.loss.name} "
                                 f"has shape {self.loss.shape}")
            self.learning_rate = tf.placeholder(tf.float32, [], name="learning_rate")
            self.momentum = None
            if self.choice.momentum is not None:
                self.momentum = tf.placeholder(tf.float32, [], name="momentum")
            self.train_op = train_op = make_optimizer(self.choice, self.learning_rate,
                                                      self.momentum).minimize(self.loss)
            # One tensor to fetch per step: the step's loss, once the step has run.
            with tf.control_dependencies([train_op]):
                loss_of_step = tf.identity(self.loss)
            variables = tf.global_variables()
            initializer = tf.variables_initializer(variables)
        self.session = tf.Session(graph=self.graph)
        self.session.run(initializer)
        # Every run starts from these values (random initial values are drawn only once).
        self._initial_values = self.session.run(variables)
        self._reset = self.session.make_callable(initializer,
                                                 [v.initial_value for v in variables])
        self._init = model.init
        self._feed = feed_function(model.feed)
        self._feed_keys = list(self._feed(0))
        hyper = [self.learning_rate] + ([self.momentum] if self.momentum is not None else [])
        self._step = self.session.make_callable(loss_of_step, self._feed_keys + hyper)
        self._runs: dict[tuple, Run] = {}     # (learning rate, momentum) -> the longest run

    def run(self, learning_rate: float, steps: int, momentum: float | None = None,
            progress=None) -> Run:
        """Train `steps` steps from the initial values; stop at the first inf/NaN loss.

        A setting trained before is not trained again: runs are remembered (the last
        REMEMBERED settings), and a shorter run is the start of a longer one. `progress`,
        if given, is called once with the run so far (a Run whose losses are the first
        ones) when training takes longer than FIRST_PART_AFTER seconds, so a picture can
        show the start of the curve while the rest is computed; if it returns False (too
        short to show), it is called again after the next step."""
        if self.momentum is None:
            momentum = None
        elif momentum is None:
            momentum = self.choice.momentum
        key = (float(np.float32(learning_rate)), momentum)
        known = self._runs.get(key)
        if known is not None and (known.steps >= steps or known.diverged_at is not None):
            self._runs[key] = self._runs.pop(key)          # most recently used goes last
            return _first_steps(known, steps, float(learning_rate))
        run = self._train(learning_rate, steps, momentum, progress)
        self._runs[key] = run
        while len(self._runs) > REMEMBERED:
            del self._runs[next(iter(self._runs))]
        return run

    def _train(self, learning_rate, steps, momentum, progress) -> Run:
        self._reset(*self._initial_values)
        self._run_init()
        # 0-d arrays of the placeholders' dtype: fed as they are, without conversion.
        hyper = [np.array(learning_rate, dtype=np.float32)]
        if momentum is not None:
            hyper.append(np.array(momentum, dtype=np.float32))
        losses = np.empty(steps, dtype=self.loss.dtype.np)
        diverged_at, done = None, steps
        step_fn, feed, keys = self._step, self._feed, self._feed_keys
        report_at = None if progress is None else time.perf_counter() + FIRST_PART_AFTER
        with np.errstate(all="ignore"):  # overflow is an outcome here, not a warning
            for step in range(steps):
                feed_dict = feed(step)
                try:
                    values = [feed_dict[key] for key in keys]
                except KeyError as missing:
                    raise ValueError(f"feed({step}) has no value for {missing}: the feed must "
                                     "give the same tensors at every step") from None
                loss = step_fn(*values, *hyper)
                losses[step] = loss
                if not math.isfinite(loss):
                    diverged_at, done = step, step + 1
                    break
                if report_at is not None and time.perf_counter() >= report_at:
                    first_part = Run(self.choice.name, float(learning_rate), momentum,
                                     int(steps), losses[:step + 1].copy(), None, self.batch_size)
                    if progress(first_part) is not False:   # False: too short yet, ask again
                        report_at = None
        return Run(self.choice.name, float(learning_rate), momentum, int(steps),
                   losses[:done], diverged_at, self.batch_size)

    def sweep(self, learning_rates, steps: int, momentum: float | None = None) -> list[Run]:
        """Train at every learning rate in one batched computation (course.sweep), each run
        what `run()` gives for that rate, to the bit; the runs are remembered as run()'s are,
        so a slider later moved to one of these rates answers without training."""
        from course import sweep

        if self.momentum is None:
            momentum = None
        elif momentum is None:
            momentum = self.choice.momentum
        self._reset(*self._initial_values)
        self._run_init()
        fixed = {} if momentum is None else {self.momentum: np.array(momentum, np.float32)}
        curves = sweep.learning_rates(self.train_op, self.loss, learning_rates, steps,
                                      feed_dict=lambda step: {**self._feed(step), **fixed},
                                      session=self.session, learning_rate=self.learning_rate)
        runs = []
        for rate, curve in zip(learning_rates, curves):
            bad = np.flatnonzero(~np.isfinite(curve))
            diverged_at = int(bad[0]) if bad.size else None
            run = Run(self.choice.name, float(rate), momentum, int(steps),
                      curve if diverged_at is None else curve[:diverged_at + 1], diverged_at,
                      self.batch_size)
            runs.append(run)
            self._runs[(float(np.float32(rate)), momentum)] = run
        while len(self._runs) > REMEMBERED:
            del self._runs[next(iter(self._runs))]
        return runs

    def _run_init(self):
        if self._init is None:
            return
        if callable(self._init):
            self._init(self.session)
        else:
            self.session.run(self._init)

    def close(self):
        self.session.close()


def _first_steps(run: Run, steps: int, learning_rate: float) -> Run:
    """`run` as a run of `steps` steps would have been (training is deterministic)."""
    if steps >= run.steps or (run.diverged_at is not None and run.diverged_at < steps):
        losses, diverged_at = run.losses, run.diverged_at
    else:
        losses, diverged_at = run.losses[:steps], None
    return Run(run.optimizer, learning_rate, run.momentum, steps, losses, diverged_at,
               run.batch_size)


def train_losses(model_fn, optimizer="GradientDescent", learning_rate=0.01, steps=100,
                 momentum=None, batch_size=None) -> Run:
    """One run, without a widget: `train_losses(pku_model, "Adam", 0.01, 3000).losses`.

    batch_size: build the model with `model_fn(batch_size=batch_size)` (None: `model_fn()`)."""
    trainer = Trainer(model_fn, optimizer, batch_size)
    try:
        return trainer.run(learning_rate, steps, momentum)
    finally:
        trainer.close()


def window_means(losses: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) of the curve: the mean loss of every `size` steps, at the window's middle step.

    A last partial window is averaged over the steps it has. Non-finite losses are left
    out (a diverged run's last loss is drawn as a marker, not averaged in).
    """
    finite = losses[np.isfinite(losses)].astype(np.float64)
    if size <= 1 or finite.size == 0:
        return np.arange(finite.size, dtype=np.float64), finite
    starts = np.arange(0, finite.size, size)
    sums = np.add.reduceat(finite, starts)
    counts = np.diff(np.append(starts, finite.size))
    return starts + (counts - 1) / 2.0, sums / counts


# ---------------------------------------------------------------- the picture

_CURRENT_COLOR = "#1a1a1a"
_PIN_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
               "#17becf", "#bcbd22")
_MAX_DECADES = 12  # below this many decades under the top, the view stops


class _Curve:
    """A run drawn: its line, and where it diverged, a cross at the top edge and a label."""

    def __init__(self, ax, color: str, width: float, moving: bool):
        self.run = None
        (self.line,) = ax.plot([], [], color=color, linewidth=width, animated=moving,
                               solid_joinstyle="round")
        (self.cross,) = ax.plot([], [], linestyle="none", marker="X", markersize=11,
                                markerfacecolor=color, markeredgecolor="white",
                                markeredgewidth=1.2, animated=moving, zorder=5,
                                clip_on=False)
        # Right of the cross, in the empty band above the highest first loss (see _view_for).
        self.note = ax.annotate("", (0, 0), xytext=(9, -4), textcoords="offset points",
                                fontsize=9.5, color=color, weight="bold", animated=moving,
                                ha="left", va="top", zorder=6, annotation_clip=False,
                                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white",
                                      "edgecolor": "none", "alpha": 0.9})
        self.cross.set_visible(False)
        self.note.set_visible(False)

    @property
    def artists(self):
        return [self.line, self.cross, self.note]

    def show(self, run: Run, average_over: int):
        self.run = run
        self.x, self.y = window_means(run.losses, average_over)
        self.line.set_data(self.x, self.y)

    def place_divergence(self, y_top: float, x_right: float, row: int = 0):
        """The cross at the top edge (the loss left every scale) at the step it stopped
        being finite; the curve climbs to it. `row` stacks the labels of several crosses."""
        run = self.run
        diverged = run is not None and run.diverged_at is not None
        self.cross.set_visible(diverged)
        self.note.set_visible(diverged)
        if not diverged:
            return
        self.cross.set_data([run.diverged_at], [y_top])
        # The curve runs on to the cross, however few points it had before.
        # Losses above the view run along its top edge (they are off the scale).
        self.line.set_data(np.append(self.x, run.diverged_at),
                           np.append(np.minimum(self.y, y_top), y_top))
        self.note.xy = (run.diverged_at, y_top)
        self.note.set_text(tr("diverged at step {step}", step=run.diverged_at))
        # Near the right edge the label goes left of the cross.
        right_side = run.diverged_at / max(x_right, 1) > 0.7
        self.note.set_ha("right" if right_side else "left")
        self.note.set_position((-9 if right_side else 9, -4 - 15 * row))

    def legend_label(self) -> str:
        run = self.run
        if run.diverged_at is not None:
            return f"{run.label}: " + tr("diverged at step {step}", step=run.diverged_at)
        return f"{run.label} → {_short(self.y[-1])}"

    def remove(self):
        for artist in self.artists:
            artist.remove()


def _short(value: float) -> str:
    return f"{value:.3g}"


class LossCurves:
    """The loss-curve figure: pinned runs stay, the current run is redrawn in place.

    The legend sits under the axes, where it covers no curve. When the current run
    diverges early (in the first tenth of the steps), the view zooms on its first steps
    and shows every step's loss, so its climb is seen instead of a sliver at step 0.
    """

    def __init__(self, title: str, loss_name: str, average_over: int):
        from .drawing import blit

        self.average_over = average_over
        self.loss_name = loss_name
        self.window = average_over       # the steps averaged per point in the current view
        self.figure = blit.new_figure(8.0, 5.3)
        # Room on the left for log-scale minor tick labels ("6×10⁰") beside a two-line
        # label; room below for the legend.
        self.ax = self.figure.add_axes((0.13, 0.28, 0.83, 0.61))
        self.ax.set_title(tr(title), fontsize=12, loc="left", pad=26)
        self.ax.set_xlabel(tr("step"))
        self.ax.grid(True, which="major", color="#e4e4e4", linewidth=0.8)
        self.ax.set_axisbelow(True)
        self._label_y_axis()
        self.code_text = self.ax.text(0, 1.015, "", transform=self.ax.transAxes, fontsize=9,
                                      family="DejaVu Sans Mono", color="#444444",
                                      va="bottom", animated=True)
        self.current = _Curve(self.ax, _CURRENT_COLOR, 2.0, moving=True)
        self.pinned: list[_Curve] = []
        self.legend = None
        self._view = None
        self._blitter = blit.Blitter(self.figure, self._moving_artists)

    def _label_y_axis(self):
        name, window = tr(self.loss_name), self.window
        if window == 1 and self.average_over > 1:
            self.ax.set_ylabel(name + "\n" + tr("(every step: zoomed on the diverged run)"))
        else:
            self.ax.set_ylabel(name if window == 1 else
                               name + "\n" + tr("(mean of every {n} steps)", n=window))

    def _moving_artists(self):
        return [*self.current.artists, self.code_text, self.legend]

    def show(self, run: Run, words: bool = True):
        """Draw `run` as the current curve (artists only; png() renders).

        words=False leaves out the code line and the legend: a first part's quick frame,
        as drawing their text costs several times what the curve does."""
        self.current.show(run, self.window)
        self._update_view(keep_if_shown=not words)
        self.code_text.set_visible(words)
        if not words:
            if self.legend is not None:
                self.legend.set_visible(False)
            return
        self.code_text.set_text(f"{run.code}.minimize(loss)")
        self._update_legend()

    def pin(self) -> bool:
        """Keep the current curve as a still one; False if there is nothing to pin."""
        run = self.current.run
        if run is None:
            return False
        color = _PIN_COLORS[len(self.pinned) % len(_PIN_COLORS)]
        curve = _Curve(self.ax, color, 1.3, moving=False)
        curve.show(run, self.window)
        self.pinned.append(curve)
        self._update_view(force=True)
        self._update_legend()
        return True

    def clear_pins(self):
        for curve in self.pinned:
            curve.remove()
        self.pinned.clear()
        self._update_view(force=True)
        self._update_legend()

    @property
    def curves(self) -> list[_Curve]:
        shown = [*self.pinned]
        if self.current.run is not None:
            shown.append(self.current)
        return shown

    def _zoom_steps(self) -> int | None:
        """The steps to show when the current run diverged early, else None."""
        run, x_max = self.current.run, max([c.run.steps for c in self.curves], default=1)
        if run is None or run.diverged_at is None or run.diverged_at >= x_max / 10:
            return None
        return max(10, 3 * run.diverged_at)

    def _update_view(self, force: bool = False, keep_if_shown: bool = False):
        """Axis limits in whole decades (log) so that most new runs keep the background.

        keep_if_shown: keep the view while it shows every point (a first part's quick
        frame: its few points would often narrow the view, only for the whole curve to
        widen it again, and each change redraws the whole figure)."""
        zoom = self._zoom_steps()
        window = 1 if zoom is not None else self.average_over
        if window != self.window:
            self.window = window
            self._label_y_axis()
            for curve in self.curves:
                curve.show(curve.run, window)
            force = True
        view = _view_for(self.curves, zoom)
        if keep_if_shown and not force and _shows_all(self._view, self.curves):
            view = self._view
        if force or view != self._view:
            self._view = view
            (x_max, scale, y_low, y_high) = view
            self.ax.set_yscale(scale)
            self.ax.set_xlim(0, x_max)
            self.ax.set_ylim(y_low, y_high)
            self._blitter.invalidate()
        crosses = [c for c in self.curves if c.run.diverged_at is not None]
        for curve in self.curves:
            row = crosses.index(curve) if curve in crosses else 0
            curve.place_divergence(self._view[3], self._view[0], row)

    def _update_legend(self):
        if self.legend is not None:
            self.legend.remove()
        curves = self.curves
        # Under the axes (below the x label): a legend inside would cover points.
        self.legend = self.ax.legend([c.line for c in curves], [c.legend_label() for c in curves],
                                     loc="upper left", bbox_to_anchor=(-0.02, -0.13),
                                     ncol=2 if len(curves) > 3 else 1, fontsize=9,
                                     frameon=False)
        self.legend.set_animated(True)

    def png(self) -> bytes:
        """The current state as PNG, fast (only the moving parts are redrawn)."""
        return self._blitter.png()

    def static_png(self) -> bytes:
        return figure_png(self.figure)


def _shows_all(view, curves) -> bool:
    """Whether `view` (see _view_for) holds every finite point of `curves`."""
    if view is None:
        return False
    (x_max, _scale, y_low, y_high) = view
    for curve in curves:
        if curve.run.steps != x_max:
            return False
        shown = curve.y[np.isfinite(curve.y)]
        if shown.size and (shown.min() < y_low or shown.max() > y_high):
            return False
    return True


def _view_for(curves, zoom: int | None = None) -> tuple:
    """(x_max, y scale, y_low, y_high) showing every curve (its first `zoom` steps if given)."""
    x_max = zoom or max([c.run.steps for c in curves], default=1)
    ys = [c.y[c.x <= x_max] for c in curves if c.y.size]
    ys = [y for y in ys if y.size]
    if not ys:
        return (max(x_max, 1), "log", 0.1, 10.0)
    values = np.concatenate(ys)
    # A diverging run climbs toward the float maximum; the view stops a decade above the
    # highest first loss and the run's cross is drawn at the top edge instead.
    firsts = [float(c.run.losses[0]) for c in curves if np.isfinite(c.run.losses[0])]
    first = max(firsts, default=float(values.max()))
    if values.min() <= 0:
        low = float(values.min())
        high = min(float(values.max()), abs(first) * 10)
        pad = 0.05 * ((high - low) or 1.0)
        return (max(x_max, 1), "linear", low - pad, high + pad)
    top = 10.0 ** (math.ceil(math.log10(first) + 1e-9) + 1)
    high = min(10.0 ** math.ceil(math.log10(values.max()) - 1e-9), top)
    if any(c.run.diverged_at is not None for c in curves):
        high = top   # room above the curves for the crosses and their labels
    low = max(10.0 ** math.floor(math.log10(values.min())), high / 10.0 ** _MAX_DECADES)
    if high / low < 10:
        low = high / 10
    return (max(x_max, 1), "log", low, high)


# ---------------------------------------------------------------- the widget


class LRExperiment(SavesPng):
    """The learning-rate experiment: controls over one loss-curve picture that updates in place.

    Parts, for tests and the curious: `.lr_slider`, `.optimizer_dropdown`,
    `.momentum_slider`, `.steps_slider`, `.batch_slider` (shown when the model offers
    more than one batch size), `.pin_button`, `.clear_button`, `.output`
    (the Output widget showing the picture), `.widget` (the whole box), `.figure`,
    `.run` (the latest Run), `.result` (its loss array), `.pinned` (the pinned Runs).
    In Jupyter it shows as the widget; `.to_png()` / `.save()` give the picture.
    """

    def __init__(self, model_fn, title: str, loss_name: str, steps: int, max_steps: int,
                 learning_rate: float, optimizer: str, momentum: float | None,
                 average_over: int, batch_sizes=(), batch_size: int | None = None):
        import ipywidgets as widgets

        self.model_fn = model_fn
        self.lang = language_of_now()
        self._trainers: dict[tuple, Trainer] = {}
        with speaking(self.lang):
            self.curves = LossCurves(title, loss_name, average_over)
        choice = optimizer_choice(optimizer)
        # Each optimizer remembers its own momentum (Momentum's 0.9 is not RMSProp's 0.0).
        self._momenta = {c.name: c.momentum for c in OPTIMIZERS if c.momentum is not None}
        if momentum is not None and choice.momentum is not None:
            self._momenta[choice.name] = float(momentum)

        exponent = math.log10(learning_rate)
        self.lr_slider = widgets.FloatLogSlider(
            value=learning_rate, base=10, min=min(-5.0, math.floor(exponent) - 1),
            max=max(1.0, math.ceil(exponent) + 1), step=0.05, description=tr("learning rate"),
            readout_format=".3g", continuous_update=False,
            style={"description_width": "initial"}, layout=widgets.Layout(width="420px"))
        self.optimizer_dropdown = widgets.Dropdown(
            options=[(c.label, c.name) for c in OPTIMIZERS], value=choice.name,
            description=tr("optimizer"))
        self.momentum_slider = widgets.FloatSlider(
            value=self._momenta.get(choice.name, 0.9), min=0.0, max=0.99, step=0.01,
            description=tr("momentum"), continuous_update=False, readout_format=".2f")
        step_size = max(1, max_steps // 200)
        self.steps_slider = widgets.IntSlider(
            value=steps, min=step_size, max=max(max_steps, steps), step=step_size,
            description=tr("steps"), continuous_update=False)
        # The model is rebuilt for each batch size (its batches are fixed when it is built).
        sizes = [int(size) for size in batch_sizes]
        self.batch_slider = widgets.SelectionSlider(
            # A SelectionSlider can't hold None: 0 stands for "the model's own batch size".
            options=[(str(size), size) for size in sizes] or [("-", 0)],
            index=sizes.index(batch_size) if sizes else 0,
            description=tr("batch size"), continuous_update=False)
        if len(batch_sizes) < 2:
            self.batch_slider.layout.display = "none"
        self.pin_button = widgets.Button(description=tr("pin"), icon="thumb-tack",
                                         tooltip=tr("keep this curve to compare with the next"))
        self.clear_button = widgets.Button(description=tr("clear pins"), icon="trash")
        self.output = widgets.Output()
        self.widget = widgets.VBox([
            widgets.HBox([self.optimizer_dropdown, self.lr_slider]),
            widgets.HBox([self.steps_slider, self.batch_slider, self.momentum_slider]),
            widgets.HBox([self.pin_button, self.clear_button]),
            self.output,
        ])
        self.run = None
        self._show_momentum_if_used()
        self.rerun()
        self.lr_slider.observe(self._on_change, names="value")
        self.steps_slider.observe(self._on_change, names="value")
        self.batch_slider.observe(self._on_change, names="value")
        self.momentum_slider.observe(self._on_momentum, names="value")
        self.optimizer_dropdown.observe(self._on_optimizer, names="value")
        self.pin_button.on_click(lambda _button: self.pin())
        self.clear_button.on_click(lambda _button: self.clear_pins())

    # -- state
    @property
    def figure(self):
        return self.curves.figure

    @property
    def result(self) -> np.ndarray:
        return self.run.losses

    @property
    def pinned(self) -> list[Run]:
        return [curve.run for curve in self.curves.pinned]

    def trainer(self, optimizer: str, batch_size: int | None = None) -> Trainer:
        """The optimizer's graph and session (for this batch size), built on first use and kept."""
        key = (optimizer_choice(optimizer).name, batch_size)
        if key not in self._trainers:
            self._trainers[key] = Trainer(self.model_fn, key[0], batch_size)
        return self._trainers[key]

    # -- actions
    @in_own_language
    def rerun(self) -> Run:
        """Train with the controls' settings and redraw the picture."""
        optimizer = self.optimizer_dropdown.value
        momentum = self._momenta.get(optimizer)
        trainer = self.trainer(optimizer, self.batch_slider.value or None)
        self.run = trainer.run(self.lr_slider.value, self.steps_slider.value, momentum,
                               progress=self._show_first_part)
        self.curves.show(self.run)
        self._refresh()
        return self.run

    def _show_first_part(self, run: Run) -> bool:
        """A long training shows its curve's start first (then the whole curve replaces it);
        False while the start is too short to draw a line (two points)."""
        window = self.curves.window
        if len(run.losses) < 2 * window:
            return False
        # Whole windows only: a last partial window's mean would dip or jump at the end.
        self.curves.show(replace(run, losses=run.losses[:len(run.losses) // window * window]),
                         words=False)
        self._refresh()
        return True

    @in_own_language
    def pin(self):
        if self.curves.pin():
            self._refresh()

    @in_own_language
    def clear_pins(self):
        self.curves.clear_pins()
        self._refresh()

    def _refresh(self):
        from .drawing.display import show_in

        show_in(self.output, Snapshot(self.curves.png(), repr(self)))

    # -- control callbacks
    def _on_change(self, _change):
        self.rerun()

    def _on_momentum(self, change):
        optimizer = self.optimizer_dropdown.value
        if optimizer in self._momenta:
            self._momenta[optimizer] = float(change["new"])
            self.rerun()

    def _on_optimizer(self, change):
        self._show_momentum_if_used()
        new = change["new"]
        if new in self._momenta and self.momentum_slider.value != self._momenta[new]:
            # Setting the slider would rerun through _on_momentum; rerun once, here.
            self.momentum_slider.unobserve(self._on_momentum, names="value")
            self.momentum_slider.value = self._momenta[new]
            self.momentum_slider.observe(self._on_momentum, names="value")
        self.rerun()

    def _show_momentum_if_used(self):
        used = self.optimizer_dropdown.value in self._momenta
        self.momentum_slider.layout.display = None if used else "none"

    # -- showing
    def to_png(self) -> bytes:
        """The picture as PNG (all of it drawn; the same state gives the same bytes)."""
        return self.curves.static_png()

    def _repr_mimebundle_(self, **kwargs):
        # The live widget where there is a kernel; the picture and a line of text elsewhere.
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["image/png"] = self.curves.png()
        bundle["text/plain"] = repr(self)
        return bundle

    def __repr__(self) -> str:
        run = self.run
        if run is None:
            return "<LRExperiment>"
        outcome = (f"diverged at step {run.diverged_at}" if run.diverged_at is not None
                   else f"final loss {float(run.losses[-1]):.4g}")
        return f"<LRExperiment {run.label}, {run.steps} steps: {outcome}>"


def _given(value, default):
    return default if value is None else value


@speaks
def lr_experiment(model_fn=None, preset=None, steps=None, learning_rate=None,
                  optimizer="GradientDescent", momentum=None, average_over=None,
                  title=None, loss_name=None, max_steps=None, batch_sizes=None,
                  batch_size=None) -> LRExperiment:
    """A learning-rate slider over a model's loss curve (see the module docstring).

    Give either a `preset` ("pku", "mnist_softmax", "quadratic_1d", "quadratic_2d";
    the default is "pku") or your own `model_fn`: a function that builds the graph
    with course and returns its loss, or `(loss, feed)`, or `(loss, feed, init)`.
    `feed` is None, one feed_dict, or a function `feed(step) -> feed_dict` that depends
    on the step only. For example, a line fit by batches of 10::

        import numpy as np, course as tf
        xs = np.linspace(-1, 1, 100, dtype=np.float32)
        ys = 3 * xs + 1

        def line_fit():
            x = tf.placeholder(tf.float32, [None])
            y = tf.placeholder(tf.float32, [None])
            w = tf.Variable(0.0)
            b = tf.Variable(0.0)
            loss = tf.reduce_mean(tf.square(w * x + b - y))

            def feed(step):                      # batches of 10, in turn
                start = step * 10 % 100
                return {x: xs[start:start + 10], y: ys[start:start + 10]}
            return loss, feed

        lr_experiment(line_fit, steps=200, learning_rate=0.1)

    Don't call an optimizer in `model_fn`: the experiment adds it (the dropdown's).
    Seed random initialisers (`tf.random_normal(..., seed=1)`) so that every
    optimizer starts from the same point; each run re-uses the values first drawn.

    steps, learning_rate: the sliders' starting values (default: the preset's, or 100
    and 0.01). optimizer: "GradientDescent", "Momentum", "Nesterov", "Adagrad",
    "Adadelta", "RMSProp" or "Adam". momentum: its starting momentum where it has one.
    average_over: plot the mean loss of every this many steps (batch losses of a model
    that cycles through batches zigzag; the PKU preset averages each pass over its data).
    batch_sizes: the batch sizes a slider offers, for a `model_fn` that takes a
    `batch_size=` argument (the "mnist_softmax" preset offers 1 to 4000); batch_size: the
    one to start with (default: the preset's, or the first). A model is built once for
    each batch size the slider visits.
    """
    if model_fn is not None and preset is not None:
        raise ValueError("give model_fn or preset, not both")
    if model_fn is None:
        chosen = get_preset(preset or "pku")
        model_fn = chosen.model_fn
        defaults = {"title": chosen.title, "loss_name": chosen.loss_name,
                    "steps": chosen.steps, "learning_rate": chosen.learning_rate,
                    "average_over": chosen.average_over, "max_steps": chosen.max_steps,
                    "batch_sizes": chosen.batch_sizes, "batch_size": chosen.batch_size}
    else:
        name = getattr(model_fn, "__name__", "model")
        defaults = {"title": name, "loss_name": "loss", "steps": 100, "learning_rate": 0.01,
                    "average_over": 1, "max_steps": None, "batch_sizes": (),
                    "batch_size": None}
    # None means "the default"; 0 is a value (and refused below), not a request for the default.
    steps = int(_given(steps, defaults["steps"]))
    learning_rate = float(_given(learning_rate, defaults["learning_rate"]))
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate}")
    max_steps = _given(max_steps, defaults["max_steps"])
    max_steps = max(4 * steps, 100) if max_steps is None else int(max_steps)
    average_over = int(_given(average_over, defaults["average_over"]))
    if max_steps < 1 or average_over < 1:
        raise ValueError(f"max_steps and average_over must be at least 1, got {max_steps} and "
                         f"{average_over}")
    batch_sizes = tuple(defaults["batch_sizes"] if batch_sizes is None else batch_sizes)
    batch_size = _given(batch_size, defaults["batch_size"]) or (batch_sizes[0] if batch_sizes
                                                                   else None)
    if batch_size is not None and batch_size not in batch_sizes:
        batch_sizes = tuple(sorted((*batch_sizes, batch_size)))
    return LRExperiment(
        model_fn,
        title=title or defaults["title"],
        loss_name=loss_name or defaults["loss_name"],
        steps=steps,
        max_steps=max_steps,
        learning_rate=learning_rate,
        optimizer=optimizer,
        momentum=momentum,
        average_over=average_over,
        batch_sizes=batch_sizes,
        batch_size=batch_size,
    )
