"""Optimizers racing on a loss surface, after Ruder's overview animations and Distill's
"Why Momentum Really Works".

    race = optimizer_race("beale")           # shows as a picture (the last step)
    race.widget()                            # scrub through the steps, change the rates

Each optimizer is course's own ``tf.train`` optimizer minimising the surface, a
function written with course ops of a 2-vector Variable (one Variable per
optimizer, all in one graph, stepped together). The surface is drawn as contours
(log-spaced where its values span decades), its minimum as a star (a saddle as a
cross), and every optimizer's path up to the chosen step, its current position
marked. The widget has a step slider (and a play button), a learning-rate factor
that scales every optimizer's rate, and a momentum slider (for Momentum and
Nesterov); changing a rate re-runs the race in the same graph.

Surfaces and their default starts and learning rates: ``course.viz.surfaces``.
"""

from __future__ import annotations

import math
import time

import numpy as np

from .drawing.picture import PngPicture, figure_png
from .language import in_own_language, language_of_now, speaks, tr
from .presets import (FIRST_PART_AFTER, OPTIMIZER_NAMES, REMEMBERED, make_optimizer,
                      optimizer_choice)
from .surfaces import get_surface

MOMENTUM_OPTIMIZERS = ("Momentum", "Nesterov")

# ---------------------------------------------------------------- the race itself


class RaceTrainer:
    """Every optimizer's own Variable on the surface, in one graph; `run()` re-runs the race.

    Learning rates and the momentum are placeholders, so new values need no new graph.
    """

    def __init__(self, surface, optimizers, start):
        import course as tf

        self.surface = surface
        self.optimizers = list(optimizers)
        self.graph = tf.Graph()
        with self.graph.as_default():
            self.momentum = tf.placeholder(tf.float32, [], name="momentum")
            self.learning_rates, variables, losses, train_ops = [], [], [], []
            for name in self.optimizers:
                with tf.name_scope(name):
                    point = tf.Variable(np.asarray(start, dtype=np.float32), name="point")
                    losses.append(surface.course(point))
                    self.learning_rates.append(tf.placeholder(tf.float32, [],
                                                              name="learning_rate"))
                variables.append(point)
            # Made before the updates, so a run fetching them with a step sees the points
            # before that step.
            self.points = tf.stack([v.value() for v in variables])
            self.losses = tf.stack(losses)
            for name, point, loss, rate in zip(self.optimizers, variables, losses,
                                               self.learning_rates):
                # The momentum knob is Momentum's and Nesterov's; RMSProp keeps TF's 0.0.
                uses_momentum = name in MOMENTUM_OPTIMIZERS
                optimizer = make_optimizer(name, rate, self.momentum if uses_momentum else None)
                train_ops.append(optimizer.minimize(loss, var_list=[point]))
            initializer = tf.global_variables_initializer()
            step = tf.group(*train_ops)
        self.session = tf.Session(graph=self.graph)
        self._initialize = self.session.make_callable(initializer)
        hyper = [*self.learning_rates, self.momentum]
        self._step = self.session.make_callable([step, self.points, self.losses], hyper)
        self._look = self.session.make_callable([self.points, self.losses])

    def run(self, learning_rates: dict, steps: int, momentum: float, progress=None):
        """(positions [steps + 1, optimizers, 2], losses [steps + 1, optimizers]).

        `progress`, if given, is called once with the (positions, losses) so far when the
        race takes longer than FIRST_PART_AFTER seconds."""
        hyper = [np.float32(learning_rates[name]) for name in self.optimizers]
        hyper.append(np.float32(momentum))
        positions = np.empty((steps + 1, len(self.optimizers), 2), np.float32)
        losses = np.empty((steps + 1, len(self.optimizers)), np.float32)
        self._initialize()
        report_at = None if progress is None else time.perf_counter() + FIRST_PART_AFTER
        with np.errstate(all="ignore"):  # a diverging optimizer is part of the story
            for t in range(steps):
                _, positions[t], losses[t] = self._step(*hyper)
                if report_at is not None and time.perf_counter() >= report_at:
                    report_at = None
                    progress(positions[:t + 1].copy(), losses[:t + 1].copy())
            positions[steps], losses[steps] = self._look()
        return positions, losses

    def close(self):
        self.session.close()


def _learning_rates(surface, optimizers, learning_rates) -> dict:
    """Each optimizer's rate: the surface's default unless given (one float for all, or a dict)."""
    if learning_rates is None:
        learning_rates = {}
    elif not isinstance(learning_rates, dict):
        learning_rates = {name: float(learning_rates) for name in optimizers}
    given = {optimizer_choice(name).name: float(rate) for name, rate in learning_rates.items()}
    return {name: given.get(name, surface.learning_rates.get(name, 0.01)) for name in optimizers}


class OptimizerRace(PngPicture):
    """A race computed: trajectories and losses per optimizer, and the picture at `.step`.

    `.trajectories[name]` is [steps + 1, 2] (the start, then the point after each step),
    `.losses[name]` the surface's value there. Shows as a PNG in Jupyter (`.figure`,
    `.to_png()`, `.save()`); `.widget()` makes the interactive version.
    """

    def __init__(self, surface, optimizers, steps, learning_rates, start, momentum, step):
        self.surface = surface
        self.optimizers = [optimizer_choice(name).name for name in optimizers]
        if not self.optimizers:
            raise ValueError("optimizers must name at least one optimizer")
        self.steps = int(steps)
        self.start = tuple(float(v) for v in start)
        self.base_learning_rates = _learning_rates(surface, self.optimizers, learning_rates)
        self.learning_rate_factor = 1.0
        self.momentum = float(momentum)
        self._trainer = RaceTrainer(surface, self.optimizers, self.start)
        self._raced = {}          # (learning-rate factor, momentum) -> (positions, losses)
        self._picture = None
        self.lang = language_of_now()  # its picture is drawn later, in the language of now
        self.step = self.steps if step is None else int(step)
        self.recompute()

    @property
    def learning_rates(self) -> dict:
        return {name: rate * self.learning_rate_factor
                for name, rate in self.base_learning_rates.items()}

    def recompute(self, learning_rate_factor=None, momentum=None, first_part=None):
        """Re-run the race (same graph) with a new learning-rate factor and/or momentum.

        A setting raced before is not raced again (the last REMEMBERED are kept).
        `first_part`, if given, is called (with no arguments) once the first steps are
        known, when the race takes longer than FIRST_PART_AFTER: the race then holds the
        steps so far, and its picture shows the last of them."""
        if learning_rate_factor is not None:
            self.learning_rate_factor = float(learning_rate_factor)
        if momentum is not None:
            self.momentum = float(momentum)
        key = (self.learning_rate_factor, self.momentum)
        result = self._raced.pop(key, None)
        if result is None:
            def progress(positions, losses):
                self._hold(positions, losses)
                if self._picture is not None:
                    self._picture.show(min(self.step, len(positions) - 1), legend=False)
                first_part()
            result = self._trainer.run(self.learning_rates, self.steps, self.momentum,
                                       progress if first_part is not None else None)
        self._raced[key] = result
        while len(self._raced) > REMEMBERED:
            del self._raced[next(iter(self._raced))]
        self._hold(*result)
        if self._picture is not None:
            self._picture.show(self.step)

    def _hold(self, positions, losses):
        self.trajectories = {name: positions[:, i] for i, name in enumerate(self.optimizers)}
        self.losses = {name: losses[:, i] for i, name in enumerate(self.optimizers)}

    def diverged_at(self, name: str) -> int | None:
        """The first step after which the optimizer's point is inf/NaN, or None."""
        bad = ~np.all(np.isfinite(self.trajectories[name]), axis=1)
        return int(np.argmax(bad)) if bad.any() else None

    def left_view_at(self, name: str) -> int | None:
        """The first step after which the optimizer's point is outside the surface's view."""
        (x0, x1), (y0, y1) = self.surface.bounds
        x, y = self.trajectories[name].T
        with np.errstate(invalid="ignore"):
            inside = (x0 <= x) & (x <= x1) & (y0 <= y) & (y <= y1)
        return int(np.argmax(~inside)) if not inside.all() else None

    # -- the picture
    @property
    @in_own_language
    def picture(self) -> _RacePicture:
        if self._picture is None:
            self._picture = _RacePicture(self)
            self._picture.show(self.step)
        return self._picture

    @property
    def figure(self):
        """The matplotlib Figure at `.step` (not registered with pyplot)."""
        self.picture.show(self.step)
        return self.picture.figure

    def to_png(self) -> bytes:
        """The picture at `.step` as PNG; the same race gives the same bytes."""
        return figure_png(self.figure)

    def __repr__(self) -> str:
        step = min(self.step, len(self.losses[self.optimizers[0]]) - 1)   # a first part: its last
        ends = ", ".join(f"{name} f={_value(self.losses[name][step])}"
                         for name in self.optimizers)
        return f"<OptimizerRace {self.surface.name}, step {step}/{self.steps}: {ends}>"

    # -- the widget
    @in_own_language
    def widget(self):
        """An ipywidgets VBox: step slider (with play), learning-rate factor, momentum.

        Its parts: `.step_slider`, `.play`, `.lr_slider` (the factor on every optimizer's
        rate), `.momentum_slider`, `.picture` (two stacked Images: `.background`, the
        contours and axes, sent once, and `.layer`, the paths and legend on a transparent
        ground, sent on every change); `.race` is this race.
        """
        import ipywidgets as widgets

        from .drawing.display import wait_until_sent

        picture = self.picture
        step_slider = widgets.IntSlider(value=self.step, min=0, max=self.steps,
                                        description=tr("step"), continuous_update=True,
                                        layout=widgets.Layout(width="420px"))
        play = widgets.Play(value=self.step, min=0, max=self.steps,
                            step=max(1, self.steps // 100), interval=60)
        widgets.jslink((play, "value"), (step_slider, "value"))
        lr_slider = widgets.FloatLogSlider(value=self.learning_rate_factor, base=10, min=-1,
                                           max=1, step=0.05, readout_format=".3g",
                                           description=tr("learning rate ×"),
                                           continuous_update=False,
                                           style={"description_width": "initial"})
        momentum_slider = widgets.FloatSlider(value=self.momentum, min=0.0, max=0.99,
                                              step=0.01, description=tr("momentum"),
                                              continuous_update=False)
        uses_momentum = any(name in MOMENTUM_OPTIMIZERS for name in self.optimizers)
        momentum_slider.layout.display = None if uses_momentum else "none"
        # A frame encodes only the transparent layer: the contours are most of the pixels
        # and never move. Both images sit in one grid cell, the layer on top.
        background = widgets.Image(value=picture.background_png(), format="png",
                                   layout=widgets.Layout(grid_area="picture"))
        layer = widgets.Image(value=picture.layer_png(), format="png",
                              layout=widgets.Layout(grid_area="picture"))
        stacked = widgets.GridBox([background, layer], layout=widgets.Layout(
            grid_template_areas='"picture"', width="fit-content"))
        box = widgets.VBox([widgets.HBox([play, step_slider]),
                            widgets.HBox([lr_slider, momentum_slider]), stacked])
        box.step_slider, box.play, box.lr_slider = step_slider, play, lr_slider
        box.momentum_slider, box.picture, box.race = momentum_slider, stacked, self
        box.background, box.layer = background, layer

        def refresh():
            layer.value = picture.layer_png()

        def show_first_part():
            refresh()
            wait_until_sent()     # the rest of the race would hold the first part back

        def on_step(change):
            self.step = int(change["new"])
            picture.show(self.step)
            refresh()

        def on_rates(_change):
            self.recompute(lr_slider.value, momentum_slider.value, first_part=show_first_part)
            refresh()

        step_slider.observe(on_step, names="value")
        lr_slider.observe(on_rates, names="value")
        momentum_slider.observe(on_rates, names="value")
        return box


def _value(v) -> str:
    v = float(v)
    return f"{v:.3g}" if math.isfinite(v) else tr("diverged")


# ---------------------------------------------------------------- the picture

_COLORS = {"GradientDescent": "#d62728", "Momentum": "#1f77b4", "Nesterov": "#17becf",
           "Adagrad": "#2ca02c", "Adadelta": "#ff7f0e", "RMSProp": "#9467bd", "Adam": "#e377c2"}
_GRID = 300  # contour grid points per axis


def contour_levels(values: np.ndarray, log: bool, count: int = 30) -> np.ndarray:
    """Levels for the contour plot: log-spaced over the decades the values span, or even."""
    finite = values[np.isfinite(values)]
    if not log:
        return np.linspace(finite.min(), finite.max(), count)
    top = finite.max()
    positive = finite[finite > 0]
    # The lowest tenth of a percent sets the bottom: a minimum of exactly 0 has no log.
    bottom = max(np.quantile(positive, 0.001), top * 1e-7)
    return np.logspace(np.log10(bottom), np.log10(top), count)


class _RacePicture:
    """The race drawn: contours and markers still, paths and positions moving."""

    def __init__(self, race: OptimizerRace):
        from matplotlib.colors import LogNorm

        from .drawing import blit

        self.lang = race.lang

        self.race = race
        surface = race.surface
        (x0, x1), (y0, y1) = surface.bounds
        # The axes get the view's shape (equal scales on x and y), the legend a column beside.
        width = 5.6
        height = min(max(width * (y1 - y0) / (x1 - x0), 3.0), 7.0)
        left, right, bottom, top = 0.75, 3.3, 0.6, 0.75
        self.figure = blit.new_figure(left + width + right, bottom + height + top)
        fig_w, fig_h = left + width + right, bottom + height + top
        ax = self.ax = self.figure.add_axes((left / fig_w, bottom / fig_h, width / fig_w,
                                             height / fig_h))
        xs, ys = np.linspace(x0, x1, _GRID), np.linspace(y0, y1, _GRID)
        grid_x, grid_y = np.meshgrid(xs, ys)
        with np.errstate(all="ignore"):
            heights = surface.numpy(grid_x, grid_y) - surface.minimum_value
        levels = contour_levels(heights, surface.log_levels)
        norm = LogNorm(levels[0], levels[-1]) if surface.log_levels else None
        ax.contourf(grid_x, grid_y, heights, levels=levels, norm=norm, cmap="Greys_r",
                    alpha=0.4, extend="both")
        ax.contour(grid_x, grid_y, heights, levels=levels, norm=norm, cmap="Greys",
                   linewidths=0.6, alpha=0.7)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal", adjustable="box")
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax.set_title(surface.formula, fontsize=11, loc="left", pad=22)
        if surface.optimum is not None:
            (self.goal,) = ax.plot(*surface.optimum, linestyle="none", marker="*", markersize=20,
                                   markerfacecolor="gold", markeredgecolor="black", zorder=6,
                                   label=tr("minimum"))
        else:
            (self.goal,) = ax.plot(*surface.saddle, linestyle="none", marker="P", markersize=13,
                                   markerfacecolor="white", markeredgecolor="black", zorder=6,
                                   label=tr("saddle point"))
        (self.start,) = ax.plot(*race.start, linestyle="none", marker="o", markersize=8,
                                markerfacecolor="white", markeredgecolor="black", zorder=6,
                                label=tr("start"))
        self.paths, self.heads = {}, {}
        for name in race.optimizers:
            color = _COLORS.get(name, "black")
            (self.paths[name],) = ax.plot([], [], color=color, linewidth=2.0, animated=True,
                                          solid_capstyle="round")
            (self.heads[name],) = ax.plot([], [], linestyle="none", marker="o", markersize=8,
                                          markerfacecolor=color, markeredgecolor="black",
                                          markeredgewidth=0.8, animated=True, zorder=7)
        self.step_text = ax.text(0, 1.015, "", transform=ax.transAxes, fontsize=10,
                                 va="bottom", animated=True)
        self.legend = None
        self._blitter = blit.Blitter(self.figure, self._moving)

    def _moving(self):
        return [*self.paths.values(), *self.heads.values(), self.step_text, self.legend]

    @in_own_language
    def show(self, step: int, legend: bool = True):
        """Paths up to `step`, positions at `step`, values in the legend (none with
        legend=False: a first part's quick frame, as the legend's text is most of a frame's
        drawing time)."""
        race = self.race
        step = max(0, min(int(step), race.steps))
        for name in race.optimizers:
            path = race.trajectories[name][:step + 1]
            self.paths[name].set_data(path[:, 0], path[:, 1])
            self.heads[name].set_data(path[-1:, 0], path[-1:, 1])
        self.step_text.set_text(tr("step {step} of {steps}", step=step, steps=race.steps))
        if not legend:
            if self.legend is not None:
                self.legend.set_visible(False)
            return
        if self.legend is not None:
            self.legend.remove()
        handles = [*self.heads.values(), self.goal, self.start]
        labels = [self._legend_label(name, step) for name in race.optimizers]
        labels += [self.goal.get_label(), self.start.get_label()]
        self.legend = self.ax.legend(handles, labels, loc="upper left",
                                     bbox_to_anchor=(1.03, 1.0), borderaxespad=0.0,
                                     fontsize=9, frameon=False, handlelength=1.2)
        self.legend.set_animated(True)

    def _legend_label(self, name: str, step: int) -> str:
        race = self.race
        choice = optimizer_choice(name)
        text = f"{choice.label}\n  lr={race.learning_rates[name]:.3g}"
        if name in MOMENTUM_OPTIMIZERS:
            text += f" m={race.momentum:.2g}"
        diverged = race.diverged_at(name)
        if diverged is not None and diverged <= step:
            return text + ", " + tr("diverged at step {step}", step=diverged)
        point = race.trajectories[name][step]
        (x0, x1), (y0, y1) = race.surface.bounds
        if not (x0 <= point[0] <= x1 and y0 <= point[1] <= y1):
            return text + ", " + tr("out of view since step {step}", step=race.left_view_at(name))
        return text + f", f={_value(race.losses[name][step])}"

    def background_png(self) -> bytes:
        """The contours, axes, title, minimum and start: what never moves (drawn once)."""
        return self._blitter.background_png()

    def layer_png(self) -> bytes:
        """The paths, positions, step and legend on a transparent ground, the figure's size:
        over `background_png()` it is `png()`."""
        return self._blitter.layer_png()


@speaks
def optimizer_race(surface="beale", optimizers=OPTIMIZER_NAMES, steps=None, learning_rates=None,
                   start=None, momentum=None, step=None) -> OptimizerRace:
    """Race course's optimizers on a surface; returns an OptimizerRace (a picture; `.widget()`).

    surface: "beale", "saddle", "rosenbrock" or "valley" (an ill-conditioned quadratic),
        or a course.viz.surfaces.Surface.
    optimizers: names among GradientDescent, Momentum, Nesterov, Adagrad, Adadelta,
        RMSProp, Adam.
    steps: how many steps each takes (default: the surface's).
    learning_rates: None (the surface's rate for each), one float for all, or a dict
        {name: rate} overriding some.
    start: the (x, y) every optimizer starts from (default: the surface's).
    momentum: for Momentum and Nesterov (default: the surface's, 0.9).
    step: the step the picture shows (default: the last).
    lang: "zh" or "en" for the picture's words (default: course.viz.set_language).
    """
    chosen = get_surface(surface)
    return OptimizerRace(
        chosen,
        optimizers,
        steps=chosen.steps if steps is None else steps,
        learning_rates=learning_rates,
        start=chosen.start if start is None else start,
        momentum=chosen.momentum if momentum is None else momentum,
        step=step,
    )
