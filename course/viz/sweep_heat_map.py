"""The whole learning-rate sweep at once: a model trained at many learning rates in ONE batched
computation (course.sweep), every loss curve drawn as a row of a heat map, beside the loss
each rate ends with.

    learning_rate_sweep(preset="pku")                    # 32 rates, 3000 steps each
    learning_rate_sweep(my_model, rates=np.geomspace(1e-3, 1, 16), steps=200)

Each curve is the one the learning-rate slider (``lr_experiment``) draws for that rate, to the
bit: the sweep trains with the slider's own Trainer (``Trainer.sweep``). Too small a rate
leaves the loss high, too large a one diverges (grey: inf or NaN); the best ones sit just
below the edge.
"""

from __future__ import annotations

import numpy as np

from .drawing.picture import PngPicture, figure_png
from .language import in_own_language, language_of_now, speaks, tr
from .learning_rate_experiment import Trainer
from .presets import get_preset, optimizer_choice

_DIVERGED_COLOR = "#c8c8c8"


class LearningRateSweep(PngPicture):
    """The picture, and its numbers: ``rates``, ``losses`` (one row per rate, NaN after a run
    diverged), ``final_losses`` (the mean of each run's last tenth; NaN when it diverged),
    ``diverged_at`` (the step, or None) and ``best_rate`` (the lowest final loss)."""

    def __init__(self, runs, title, loss_name, average_over, marked_rate=None):
        self.rates = np.array([run.learning_rate for run in runs])
        self.steps = runs[0].steps
        self.optimizer = runs[0].optimizer
        self.losses = np.full((len(runs), self.steps), np.nan, np.float64)
        for row, run in zip(self.losses, runs):
            row[:len(run.losses)] = run.losses
            if run.diverged_at is not None:
                row[run.diverged_at:] = np.nan
        self.diverged_at = [run.diverged_at for run in runs]
        tail = max(1, self.steps // 10)
        with np.errstate(all="ignore"):
            self.final_losses = self.losses[:, -tail:].mean(axis=1)
        finite = np.isfinite(self.final_losses)
        self.best_rate = float(self.rates[np.nanargmin(np.where(finite, self.final_losses,
                                                                np.nan))]) if finite.any() \
            else None
        self.title, self.loss_name = title, loss_name
        self.average_over = max(1, int(average_over))
        self.marked_rate = marked_rate
        self.lang = language_of_now()

    def window_means(self) -> np.ndarray:
        """The heat map's cells: each row's mean over windows of ``average_over`` steps (NaN
        where the window holds a diverged step)."""
        size = self.average_over
        starts = np.arange(0, self.steps, size)
        counts = np.diff(np.append(starts, self.steps))
        return np.add.reduceat(self.losses, starts, axis=1) / counts

    @in_own_language
    def to_png(self) -> bytes:
        return figure_png(self._figure())

    def _figure(self):
        from matplotlib import colors
        from matplotlib.figure import Figure
        from matplotlib.patches import Patch

        figure = Figure(figsize=(10.5, 5.4))
        heat = figure.add_axes((0.09, 0.13, 0.50, 0.68))
        ends = figure.add_axes((0.70, 0.13, 0.26, 0.68), sharey=heat)
        figure.text(0.09, 0.955, tr(self.title), fontsize=13, va="top")
        figure.text(0.09, 0.895, tr("{count} learning rates, {steps} steps each, trained at "
                                    "once: one batched computation ({optimizer})",
                                    count=len(self.rates), steps=self.steps,
                                    optimizer=optimizer_choice(self.optimizer).label),
                    fontsize=10, color="#444444", va="top")

        cells = np.ma.masked_invalid(self.window_means())
        edges = _rate_edges(self.rates)
        columns = np.minimum(np.arange(cells.shape[1] + 1) * self.average_over, self.steps)
        top = float(np.nanmax(np.where(np.isfinite(self.losses[:, 0]), self.losses[:, 0],
                                       np.nan)))
        low = float(cells.min()) if cells.count() else top / 10
        norm = colors.LogNorm(vmin=max(low, top * 1e-6), vmax=top * 3, clip=True)
        cmap = _colormap()
        mesh = heat.pcolormesh(columns, edges, cells, cmap=cmap, norm=norm, shading="flat")
        heat.set_yscale("log")
        heat.set_xlabel(tr("step"))
        heat.set_ylabel(tr("learning rate"))
        bar = figure.colorbar(mesh, ax=heat, pad=0.015, fraction=0.05, extend="max")
        bar.set_label(tr(self.loss_name) + (" " + tr("(mean of every {n} steps)",
                                                     n=self.average_over)
                                            if self.average_over > 1 else ""))
        if any(d is not None for d in self.diverged_at):
            heat.legend(handles=[Patch(color=_DIVERGED_COLOR, label=tr("diverged (inf or NaN)"))],
                        loc="lower left", bbox_to_anchor=(0, 1.0), fontsize=9, frameon=False,
                        borderaxespad=0.2)

        self._draw_ends(ends)
        for ax in (heat, ends):
            if self.marked_rate is not None:
                ax.axhline(self.marked_rate, color="#d62728", linewidth=1.2, linestyle="--")
        if self.marked_rate is not None:
            heat.text(self.steps * 0.99, self.marked_rate * 1.08, tr("the lesson's rate"),
                      color="#d62728", fontsize=8, va="bottom", ha="right",
                      bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none",
                            "pad": 1.5})
        return figure

    def _draw_ends(self, ax):
        """Final loss against the rate; losses past 3x the first one sit on the right edge,
        beside the diverged rates' crosses, a loss of exactly 0 on the left edge."""
        finite = np.isfinite(self.final_losses)
        start = self.losses[:, 0]
        cap = 3 * float(np.max(start[np.isfinite(start)])) if np.isfinite(start).any() else None
        shown = self.final_losses if cap is None else np.minimum(self.final_losses, cap)
        positive = shown[finite & (shown > 0)]
        floor = positive.min() / 1.15 if positive.size else 1e-12
        shown = np.maximum(shown, floor)
        ax.plot(shown[finite], self.rates[finite], color="#1a1a1a", linewidth=1.2,
                marker="o", markersize=3.5, clip_on=False)
        ax.set_xscale("log")
        if finite.any():
            low, high = shown[finite].min(), shown[finite].max()
            ax.set_xlim(min(low, floor), high * 1.3 if high > low * 1.5 else low * 2.4)
        right = ax.get_xlim()[1]
        _plain_log_ticks(ax.xaxis, *ax.get_xlim())
        ax.set_xlabel(tr("loss at the end (mean of the last tenth)"))
        ax.grid(True, which="major", color="#e4e4e4", linewidth=0.8)
        ax.tick_params(labelleft=False)
        if not finite.all():
            ax.plot(np.full((~finite).sum(), right), self.rates[~finite], linestyle="none",
                    marker="x", color="#d62728", markersize=6, clip_on=False)
            first = self.rates[~finite].min()
            ax.text(right, first, tr("diverged") + " ", color="#d62728", fontsize=9,
                    ha="right", va="center")
        if self.best_rate is not None:
            best = shown[self.rates == self.best_rate][0]
            ax.plot([best], [self.best_rate], marker="*", color="#2ca02c", markersize=13,
                    linestyle="none")
            ax.set_title(tr("lowest: learning rate {rate}", rate="%.3g" % self.best_rate),
                         fontsize=10, loc="left", color="#2ca02c")

    def __repr__(self) -> str:
        best = "none finite" if self.best_rate is None else "%.3g" % self.best_rate
        return ("<LearningRateSweep: %d learning rates %.3g to %.3g, %d steps each, %d diverged, "
                "lowest final loss at %s>" % (len(self.rates), self.rates.min(),
                                               self.rates.max(), self.steps,
                                               sum(d is not None for d in self.diverged_at),
                                               best))


def _plain_log_ticks(axis, low, high):
    """Ticks at 1, 2, 5 times powers of ten (only the powers over a wide range), written
    plainly ("0.5", "200"), none on the minor ticks: log axes' own labels crowd."""
    from matplotlib import ticker

    subs = (1.0,) if high / low > 300 else (1.0, 2.0, 5.0)
    axis.set_major_locator(ticker.LogLocator(base=10, subs=subs, numticks=5))
    axis.set_major_formatter(ticker.FuncFormatter(lambda value, _: "%g" % value))
    axis.set_minor_formatter(ticker.NullFormatter())


def _rate_edges(rates):
    """Cell edges in log space: halfway (geometrically) between neighbouring rates."""
    logs = np.log(np.sort(rates))
    if len(logs) == 1:
        return np.exp([logs[0] - 0.5, logs[0] + 0.5])
    middle = (logs[1:] + logs[:-1]) / 2
    return np.exp(np.concatenate([[2 * logs[0] - middle[0]], middle,
                                  [2 * logs[-1] - middle[-1]]]))


def _colormap():
    from matplotlib import colormaps

    viridis = colormaps["viridis"]
    return viridis.with_extremes(bad=_DIVERGED_COLOR, over=viridis(1.0))


@speaks
def learning_rate_sweep(model_fn=None, preset=None, rates=None, steps=None,
                        optimizer="GradientDescent", momentum=None, average_over=None,
                        title=None, loss_name=None) -> LearningRateSweep:
    """Train a model at many learning rates at once and draw them all (module docstring).

    model_fn / preset: as ``lr_experiment`` (default preset "pku"). rates: the learning
    rates (default: 32 from 1/100 to 1000 times the preset's rate, or 1e-4 to 10); they are
    sorted. steps: per rate (default: the preset's). optimizer, momentum: as in
    ``lr_experiment``. average_over: the heat map's cells are means of this many steps
    (default: the preset's, or about a 150th of the steps)."""
    if model_fn is not None and preset is not None:
        raise ValueError("give model_fn or preset, not both")
    chosen = get_preset(preset or "pku") if model_fn is None else None
    if chosen is not None:
        model_fn = chosen.model_fn
    steps = int(steps if steps is not None else chosen.steps if chosen else 100)
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    if rates is None:
        lesson = chosen.learning_rate if chosen else 0.01
        rates = np.geomspace(lesson / 100, lesson * 1000, 32) if chosen else \
            np.geomspace(1e-4, 10, 32)
    rates = np.sort(np.asarray(rates, dtype=np.float64).ravel())
    if rates.size == 0 or not np.all(rates > 0):
        raise ValueError(f"rates must be positive learning rates, got {rates}")
    if average_over is None:
        average_over = chosen.average_over if chosen else max(1, steps // 150)
    trainer = Trainer(model_fn, optimizer)
    try:
        runs = trainer.sweep(rates, steps, momentum)
    finally:
        trainer.close()
    return LearningRateSweep(
        runs, title or (chosen.title if chosen else getattr(model_fn, "__name__", "model")),
        loss_name or (chosen.loss_name if chosen else "loss"), average_over,
        marked_rate=chosen.learning_rate if chosen else None)
