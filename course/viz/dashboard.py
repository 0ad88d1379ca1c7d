"""A training dashboard, after Martin Görner's visualisation for his MNIST tutorial.

Six panels, redrawn in place while the model trains (one picture, not a pile):

    accuracy (train and test)        cross-entropy (train and test)    training digits
    weights: percentile bands        biases: percentile bands          test digits

Digits the model gets wrong come first, on a red background, labelled
"computed/correct" (7/1: it said 7, the label is 1).

With a MonitoredTrainingSession, as a hook::

    dashboard = DashboardHook(accuracy, cross_entropy, Y, X, Y_, W, b,
                              test_images=mnist.test.images, test_labels=mnist.test.labels)
    with tf.train.MonitoredTrainingSession(hooks=[dashboard]) as sess:
        for i in range(500):
            batch_X, batch_Y = mnist.train.next_batch(100)
            sess.run(train_step, {X: batch_X, Y_: batch_Y})
    dashboard.figure()          # the final picture

The hook reads the training batch from each run's feed_dict (the values fed to X
and Y_). With a plain Session loop, call ``update`` yourself::

    for i in range(501):
        batch_X, batch_Y = mnist.train.next_batch(100)
        dashboard.update(i, sess, batch=(batch_X, batch_Y))   # before the step, as Görner
        sess.run(train_step, {X: batch_X, Y_: batch_Y})
    dashboard.refresh()

Every ``every_n_steps`` steps it evaluates accuracy, cross-entropy and the
predictions on the batch, the same on the test set, and W's and b's values;
every ``display_every_n_steps`` steps it redraws. Test values are averaged over
test chunks the size of the training batch, so a summed cross-entropy (Görner's
``-reduce_sum(Y_ * log(Y))``) is on the same scale for both curves.
"""

from __future__ import annotations

import numpy as np

from .drawing.picture import PngPicture, Snapshot, figure_png
from .language import in_own_language, language_of_now, speaks, tr

PERCENTILES = (0, 10, 25, 50, 75, 90, 100)


def _hook_base():
    # The base class comes from course.train when it exists; the dashboard also works without.
    try:
        from course.train import SessionRunHook
    except ImportError:
        return object
    return SessionRunHook


# ---------------------------------------------------------------- numbers


def class_of(values) -> np.ndarray:
    """Class indices from one-hot rows or scores [N, classes], or class indices [N]."""
    values = np.asarray(values)
    return values.argmax(axis=1) if values.ndim == 2 else values.astype(np.int64)


def misclassified_first(computed, correct) -> np.ndarray:
    """Indices that put the wrong answers first, each group keeping its original order."""
    computed, correct = np.asarray(computed), np.asarray(correct)
    return np.argsort(computed == correct, kind="stable")


def percentile_rows(values) -> np.ndarray:
    """The PERCENTILES of all the values (a tensor's value or a list of them)."""
    if isinstance(values, (list, tuple)):
        flat = np.concatenate([np.ravel(v) for v in values])
    else:
        flat = np.ravel(values)
    return np.percentile(flat, PERCENTILES)


def as_digit_images(images) -> np.ndarray:
    """Images [N, 28, 28] from [N, 784], [N, 28, 28] or [N, 28, 28, 1]."""
    images = np.asarray(images, dtype=np.float32)
    side = round(np.sqrt(images[0].size))
    return images.reshape(len(images), side, side)


# ---------------------------------------------------------------- the hook


class DashboardHook(PngPicture, _hook_base()):
    """Görner's training dashboard as a SessionRunHook (see the module docstring).

    Tensors: accuracy, cross_entropy (scalars), predictions (Y: scores or
    probabilities [N, classes]), images (X, the placeholder of the images), labels
    (Y_, one-hot or class indices), weights (W, or a list of weight tensors),
    biases (b, or a list).
    Data: test_images, test_labels (the test set, fed to X and Y_);
    train_batch: None (take X's and Y_'s values from each run's feed_dict), a fixed
    (images, labels), or a function returning the current (images, labels).
    eval_feed: extra feeds for evaluation (e.g. {pkeep: 1.0} with dropout).
    every_n_steps: evaluate every this many steps; display_every_n_steps: redraw every
    this many (a picture costs a fraction of a second).
    digits: how many digits the two grids show (a square number looks best).
    display: IPython's `display` (default, in a Jupyter kernel), or any function with
    its signature: called once with display_id=True, the handle it returns is `.update`d.
    lang: "zh" or "en" for the dashboard's words (default: course.viz.set_language).
    """

    @speaks
    def __init__(self, accuracy, cross_entropy, predictions, images, labels, weights, biases,
                 test_images, test_labels, train_batch=None, eval_feed=None, every_n_steps=10,
                 display_every_n_steps=100, digits=100, title="", display=None):
        self.tensors = {"accuracy": accuracy, "cross_entropy": cross_entropy,
                        "predictions": predictions, "weights": weights, "biases": biases}
        self.images, self.labels = images, labels
        self.test_images, self.test_labels = np.asarray(test_images), np.asarray(test_labels)
        self.train_batch = train_batch
        self.eval_feed = dict(eval_feed or {})
        self.every_n_steps = max(1, int(every_n_steps))
        self.display_every_n_steps = max(1, int(display_every_n_steps))
        self.digits = int(digits)
        self.title = title
        self.lang = language_of_now()
        self._display = display
        self._handle = None
        self.history = {"step": [], "train_accuracy": [], "train_cross_entropy": [],
                        "test_accuracy": [], "test_cross_entropy": [],
                        "weights": [], "biases": []}
        self.train_digits = None  # (images, computed, correct) of the last evaluated batch
        self.test_digits = None
        self._step = 0
        self._pending = None
        self._picture = None
        self._drawn_step = None
        self._shown_step = None

    # -- as a SessionRunHook
    def before_run(self, run_context):
        step = self._step
        self._step += 1
        if step % self.every_n_steps:
            return None
        batch = self._batch(run_context.original_args.feed_dict)
        if batch is None:
            return None
        from course.train import SessionRunArgs

        self._pending = (step, batch)
        # The batch is evaluated in this run, before its update; the test set and the
        # weights now, also before the update (Görner's order).
        self._evaluate_before_step(run_context.session, len(batch[0]))
        return SessionRunArgs(self._train_fetches(), feed_dict=self._extra_feed(batch,
                              run_context.original_args.feed_dict))

    def after_run(self, run_context, run_values):
        if self._pending is None or run_values.results is None:
            return
        step, batch = self._pending
        self._pending = None
        self._record_train(step, batch, run_values.results)
        if step % self.display_every_n_steps == 0:
            self.refresh()

    def end(self, session):
        self.refresh()

    # -- for a plain Session loop
    def update(self, step: int, session, batch=None) -> bool:
        """Evaluate at `step` (if it is one of every_n_steps) with `batch` = (images, labels)
        or the train_batch given to the constructor; redraw when due. True if it evaluated."""
        if step % self.every_n_steps:
            return False
        batch = batch if batch is not None else self._batch(None)
        if batch is None:
            raise ValueError("update() needs batch=(images, labels) or a train_batch")
        self._evaluate_before_step(session, len(batch[0]))
        feed = {self.images: batch[0], self.labels: batch[1], **self.eval_feed}
        self._record_train(step, batch, session.run(self._train_fetches(), feed))
        if step % self.display_every_n_steps == 0:
            self.refresh()
        return True

    # -- evaluation
    def _batch(self, feed_dict):
        if self.train_batch is not None:
            return self.train_batch() if callable(self.train_batch) else self.train_batch
        if feed_dict and self.images in feed_dict and self.labels in feed_dict:
            return feed_dict[self.images], feed_dict[self.labels]
        return None

    def _extra_feed(self, batch, run_feed):
        """What the hook must feed besides the caller: the batch (if the caller didn't)."""
        run_feed = run_feed or {}
        feed = {k: v for k, v in self.eval_feed.items() if k not in run_feed}
        if self.images not in run_feed:
            feed[self.images], feed[self.labels] = batch
        return feed

    def _train_fetches(self):
        return {name: self.tensors[name] for name in ("accuracy", "cross_entropy", "predictions")}

    def _record_train(self, step, batch, results):
        h = self.history
        h["step"].append(step)
        h["train_accuracy"].append(float(results["accuracy"]))
        h["train_cross_entropy"].append(float(results["cross_entropy"]))
        h["weights"].append(percentile_rows(self._parameters[0]))
        h["biases"].append(percentile_rows(self._parameters[1]))
        h["test_accuracy"].append(self._test_values[0])
        h["test_cross_entropy"].append(self._test_values[1])
        self.train_digits = (np.asarray(batch[0]), class_of(results["predictions"]),
                             class_of(batch[1]))

    def _evaluate_before_step(self, session, chunk: int):
        """W and b, and accuracy and cross-entropy on the test set, averaged over chunks of
        `chunk` images (the batch size), so that a summed loss is on the batch's scale."""
        self._parameters = session.run([self.tensors["weights"], self.tensors["biases"]])
        count = len(self.test_images)
        fetches = [self.tensors["accuracy"], self.tensors["cross_entropy"],
                   self.tensors["predictions"]]
        sizes, accuracies, cross_entropies, scores = [], [], [], []
        for start in range(0, count, max(1, chunk)):
            stop = min(start + chunk, count)
            feed = {self.images: self.test_images[start:stop],
                    self.labels: self.test_labels[start:stop], **self.eval_feed}
            accuracy, cross_entropy, predictions = session.run(fetches, feed)
            sizes.append(stop - start)
            accuracies.append(accuracy)
            cross_entropies.append(cross_entropy)
            scores.append(predictions)
        self._test_values = (float(np.average(accuracies, weights=sizes)),
                             float(np.average(cross_entropies, weights=sizes)))
        self.test_digits = (self.test_images, class_of(np.concatenate(scores)),
                            class_of(self.test_labels))

    # -- showing
    def refresh(self):
        """Redraw the one displayed picture with the latest values (no new output)."""
        if self._last_step() in (None, self._shown_step):
            return  # nothing new since the picture on screen
        display = self._display or _kernel_display()
        if display is None:
            return
        self._shown_step = self._last_step()
        snapshot = Snapshot(self.to_png(), repr(self))
        if self._handle is None:
            self._handle = display(snapshot, display_id=True)
        else:
            self._handle.update(snapshot)

    @in_own_language
    def figure(self):
        """The dashboard as a matplotlib Figure, drawn with the latest values."""
        if self._picture is None:
            self._picture = _DashboardPicture(self.title)
        if self._drawn_step != self._last_step():
            self._picture.draw(self)
            self._drawn_step = self._last_step()
        return self._picture.figure

    def _last_step(self):
        return self.history["step"][-1] if self.history["step"] else None

    def to_png(self) -> bytes:
        return figure_png(self.figure())

    def __repr__(self) -> str:
        h = self.history
        if not h["step"]:
            return "<DashboardHook: nothing recorded yet>"
        return (f"<DashboardHook step {h['step'][-1]}: train accuracy "
                f"{h['train_accuracy'][-1]:.3f}, test accuracy {h['test_accuracy'][-1]:.3f}>")


def _kernel_display():
    """IPython's display inside a Jupyter kernel; None elsewhere (a script prints nothing)."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return None
    return display


# ---------------------------------------------------------------- drawing

_TRAIN, _TEST = "#1f77b4", "#d62728"
_WEIGHTS, _BIASES = "#1f77b4", "#ff7f0e"
_WRONG_BACKGROUND = np.array([1.0, 0.78, 0.78])
_WRONG_TEXT = "#8b0000"
# Under each digit, a white strip for the label of a wrong answer: beside the digit,
# never over it, and dark on white (legible at the dashboard's size).
LABEL_STRIP = 11


def digit_grid(images, computed, correct, count: int, columns: int | None = None):
    """(RGB image of the first `count` digits, misclassified first, and their placement).

    Returns (pixels [rows * (28 + LABEL_STRIP), cols * 28, 3], order, columns): ink is
    dark on white, wrong answers dark on pink, each digit over a white strip for its
    label; `order` are the indices shown, row by row.
    """
    digits = as_digit_images(images)
    order = misclassified_first(computed, correct)[:count]
    # Wider than tall by default: the digits get the room their labels need.
    cols = columns or int(np.ceil(np.sqrt(1.75 * len(order)))) or 1
    rows = int(np.ceil(len(order) / cols)) or 1
    side = digits.shape[1]
    height = side + LABEL_STRIP
    canvas = np.ones((rows * height, cols * side, 3), dtype=np.float32)
    for k, i in enumerate(order):
        r, c = divmod(k, cols)
        ink = np.clip(digits[i], 0.0, 1.0)[..., None]
        background = _WRONG_BACKGROUND if computed[i] != correct[i] else np.ones(3)
        tile = background * (1 - ink) + 0.05 * ink  # ink nearly black on either background
        canvas[r * height:r * height + side, c * side:(c + 1) * side] = tile
    return canvas, order, cols


class _DashboardPicture:
    """The six panels; draw() replaces their contents with the hook's latest values."""

    def __init__(self, title: str):
        from .drawing import blit

        self.figure = blit.new_figure(16.0, 10.0)
        # The digit grids get the widest column: their labels need the room.
        grid = self.figure.add_gridspec(2, 3, left=0.045, right=0.99, bottom=0.055, top=0.9,
                                        wspace=0.2, hspace=0.3, width_ratios=(1, 1, 1.25))
        self.axes = {
            "accuracy": self.figure.add_subplot(grid[0, 0]),
            "cross_entropy": self.figure.add_subplot(grid[0, 1]),
            "train_digits": self.figure.add_subplot(grid[0, 2]),
            "weights": self.figure.add_subplot(grid[1, 0]),
            "biases": self.figure.add_subplot(grid[1, 1]),
            "test_digits": self.figure.add_subplot(grid[1, 2]),
        }
        self.title = self.figure.suptitle(title or tr("training dashboard"), x=0.05, ha="left",
                                          fontsize=14)

    def draw(self, hook: DashboardHook):
        for ax in self.axes.values():
            ax.clear()
        h = hook.history
        steps = np.asarray(h["step"])
        self._curves(self.axes["accuracy"], steps, h["train_accuracy"], h["test_accuracy"],
                     tr("accuracy"), best=max)
        self._curves(self.axes["cross_entropy"], steps, h["train_cross_entropy"],
                     h["test_cross_entropy"], tr("cross-entropy"), best=min)
        self._bands(self.axes["weights"], steps, np.array(h["weights"]), tr("weights (W)"),
                    _WEIGHTS)
        self._bands(self.axes["biases"], steps, np.array(h["biases"]), tr("biases (b)"), _BIASES)
        self._digits(self.axes["train_digits"], hook.train_digits, tr("training digits (last batch)"),
                     hook.digits)
        self._digits(self.axes["test_digits"], hook.test_digits, tr("test digits"), hook.digits)
        self.title.set_text(
            (f"{hook.title}: " if hook.title else "")
            + tr("step {step}: test accuracy {test}, train accuracy {train}", step=steps[-1],
                 test=f"{h['test_accuracy'][-1]:.4f}", train=f"{h['train_accuracy'][-1]:.2f}"))

    @staticmethod
    def _curves(ax, steps, train, test, name, best):
        ax.plot(steps, train, color=_TRAIN, linewidth=1.0, alpha=0.8, label=tr("train (batch)"))
        ax.plot(steps, test, color=_TEST, linewidth=2.0, label=tr("test"))
        ax.set_title(f"{name}: " + tr("test {value}", value=f"{test[-1]:.4g}"), loc="left",
                     fontsize=11)
        ax.set_xlabel(tr("step"))
        ax.set_ylabel(name)
        ax.grid(True, color="#e6e6e6")
        ax.set_axisbelow(True)
        ax.legend(loc="lower right" if best is max else "upper right", fontsize=9)
        if best is max:
            ax.set_ylim(max(0.0, min(min(train), min(test)) - 0.02), 1.0)

    @staticmethod
    def _bands(ax, steps, rows, name, color):
        if rows.size == 0:
            return
        p = {q: rows[:, i] for i, q in enumerate(PERCENTILES)}
        ax.fill_between(steps, p[0], p[100], color=color, alpha=0.15, linewidth=0,
                        label="0–100%")
        ax.fill_between(steps, p[10], p[90], color=color, alpha=0.3, linewidth=0,
                        label="10–90%")
        ax.fill_between(steps, p[25], p[75], color=color, alpha=0.5, linewidth=0,
                        label="25–75%")
        ax.plot(steps, p[50], color=color, linewidth=1.5, label=tr("median"))
        ax.set_title(f"{name}: " + tr("percentiles of the values"), loc="left", fontsize=11)
        ax.set_xlabel(tr("step"))
        ax.set_ylabel(tr("value"))
        ax.grid(True, color="#e6e6e6")
        ax.set_axisbelow(True)
        ax.legend(loc="upper left", fontsize=8.5, ncol=2)

    @staticmethod
    def _digits(ax, digits, name, count):
        ax.set_xticks([])
        ax.set_yticks([])
        if digits is None:
            ax.set_title(name, loc="left", fontsize=11)
            return
        images, computed, correct = digits
        canvas, order, cols = digit_grid(images, computed, correct, count)
        ax.imshow(canvas, interpolation="nearest")
        side = canvas.shape[1] // cols
        height = canvas.shape[0] // int(np.ceil(len(order) / cols))
        wrong = int(np.sum(computed != correct))
        for k, i in enumerate(order):
            if computed[i] == correct[i]:
                break  # the rest are right (misclassified come first)
            r, c = divmod(k, cols)
            ax.text((c + 0.5) * side - 0.5, r * height + side + LABEL_STRIP / 2 - 0.5,
                    f"{computed[i]}/{correct[i]}", ha="center", va="center", fontsize=9.5,
                    color=_WRONG_TEXT, weight="bold")
        ax.set_title(f"{name}: " + tr("{wrong} of {total} wrong", wrong=wrong, total=len(computed))
                     + "\n" + tr("wrong first, on red, labelled computed/correct"), loc="left",
                     fontsize=11)
