"""A Playground for the PKU network: watch its decision boundary move while it trains.

    viz.playground()                                          # the lesson's 2-3-1 network
    viz.playground(loss=loss_mse, x=x, y_=y_, output=y, hidden=a)   # your own graph

Like TensorFlow Playground, but computed by course's engine on a real graph: the main
panel colours the input plane by the network's output (green: good, red: bad), with the
line where it crosses 0.5 (the decision boundary), the true boundary x0 + x1 = 1 dashed,
the 32 training parts and a test set. Beside it, the three hidden units, each coloured
by its own value over the plane with the line where it changes sign (where it "switches"),
and the accuracy on the training and the test set over the steps.

Controls: play / pause (an ipywidgets.Play: a few frames a second, each frame trains
`steps_per_frame` steps), step (one frame), reset (back to the first weights), the
learning rate, the activation of the hidden layer and a regularization (none, L1, L2)
with its rate.

With your own graph, the playground adds its training ops (a learning-rate and a
regularization placeholder, the penalty, a GradientDescentOptimizer) under the name
scope "playground" of your graph, and trains in its own Session: your session and
weights are not touched. Your graph's activation is what it is, so the activation
control is shown only for the built-in network.
"""

from __future__ import annotations

import numpy as np

from .drawing.picture import SavesPng, Snapshot, figure_png
from .language import in_own_language, language_of_now, speaks, tr

ACTIVATIONS = ("linear", "relu", "tanh", "sigmoid")
REGULARIZATIONS = ("none", "L1", "L2")
_GRID = 61                   # points per side of the input plane
_PLANE = (-0.05, 1.05)       # the parts' features lie in [0, 1)
_TEST_SEED, _TEST_SIZE = 1, 200
_BATCH_SIZE = 8


def _activation(name: str):
    import course as tf

    return {"relu": tf.nn.relu, "tanh": tf.tanh, "sigmoid": tf.sigmoid}[name]


def pku_network(activation: str = "linear"):
    """The lesson's 2-3-1 network (seeded weights, no biases), with an activation on its
    hidden layer: (x, y_, output, hidden, loss) in the default graph."""
    import course as tf

    x = tf.placeholder(tf.float32, shape=(None, 2), name="x")
    y_ = tf.placeholder(tf.float32, shape=(None, 1), name="y_")
    w1 = tf.Variable(tf.random_normal([2, 3], stddev=1, seed=1), name="w1")
    w2 = tf.Variable(tf.random_normal([3, 1], stddev=1, seed=1), name="w2")
    if activation == "linear":      # the lesson's network exactly: no extra op
        a = tf.matmul(x, w1, name="a")
    else:
        a = _activation(activation)(tf.matmul(x, w1), name="a")
    y = tf.matmul(a, w2, name="y")
    loss = tf.reduce_mean(tf.square(y - y_), name="loss_mse")
    return x, y_, y, a, loss


class _Trainer:
    """One graph ready to train with a fed learning rate and regularization rate."""

    def __init__(self, x, y_, output, hidden, loss):
        import course as tf

        self.x, self.y_, self.output, self.hidden = x, y_, output, hidden
        self.graph = loss.graph
        with self.graph.as_default(), tf.name_scope("playground"):
            weights = [v for v in tf.trainable_variables()
                       if v.op.name in _ancestor_names(loss)]
            self.learning_rate = tf.placeholder(tf.float32, [], name="learning_rate")
            self.l1 = tf.placeholder_with_default(0.0, [], name="l1_rate")
            self.l2 = tf.placeholder_with_default(0.0, [], name="l2_rate")
            penalty = (self.l1 * tf.add_n([tf.reduce_sum(tf.abs(w)) for w in weights])
                       + self.l2 * tf.add_n([tf.reduce_sum(tf.square(w)) for w in weights]))
            self.loss = loss
            self.train = tf.train.GradientDescentOptimizer(self.learning_rate).minimize(
                loss + penalty, var_list=weights)
            variables = tf.global_variables()
            self.init = tf.variables_initializer(variables)
        self.session = tf.Session(graph=self.graph)
        self.session.run(self.init)
        # A seeded random initializer run again draws new numbers: reset feeds the first ones.
        self._initial = {v.initial_value: value
                         for v, value in zip(variables, self.session.run(variables))}

    def reset(self):
        self.session.run(self.init, self._initial)

    def steps(self, batches, start: int, count: int, learning_rate, l1, l2):
        hyper = {self.learning_rate: learning_rate, self.l1: l1, self.l2: l2}
        for step in range(start, start + count):
            xs, ys = batches[step % len(batches)]
            self.session.run(self.train, {self.x: xs, self.y_: ys, **hyper})

    def outputs(self, points):
        return self.session.run([self.output, self.hidden], {self.x: points})

    def close(self):
        self.session.close()


def _ancestor_names(tensor) -> set:
    from .graph_model import ancestors

    return {op.name for op in ancestors([tensor.op])}


def _accuracy(output, labels) -> float:
    return float(np.mean((np.asarray(output)[:, 0] > 0.5) == (np.asarray(labels)[:, 0] > 0.5)))


def _round_up(step: int) -> int:
    """The accuracy plot's right end: 100, 200, 500, 1000, 2000, ... at or above `step`."""
    limit = 100
    while limit < step:
        limit = limit * 5 // 2 if str(limit).startswith("2") else limit * 2
    return limit


class _PlanePanel:
    """Values over the input plane as colours, with the line where they cross a level."""

    def __init__(self, ax, cmap):
        self.ax = ax
        # Animated: redrawn over a cached background of axes, ticks and labels.
        self.image = ax.imshow(np.zeros((_GRID, _GRID)), origin="lower",
                               extent=(*_PLANE, *_PLANE), cmap=cmap, alpha=0.75,
                               interpolation="bilinear", animated=True)
        self.contour = None
        self.axis = np.linspace(*_PLANE, _GRID)
        (self.truth,) = ax.plot([0, 1], [1, 0], linestyle="--", color="#444444", linewidth=1,
                                animated=True)
        ax.set_xlim(*_PLANE)
        ax.set_ylim(*_PLANE)
        ax.set_xlabel("x0")
        ax.set_ylabel("x1")
        ax.set_aspect("equal")

    def show(self, values, level, limits):
        image = np.asarray(values, dtype=np.float64).reshape(_GRID, _GRID)
        self.image.set_data(image)
        self.image.set_clim(*limits)
        if self.contour is not None:
            self.contour.remove()
            self.contour = None
        finite = image[np.isfinite(image)]
        if finite.size and finite.min() < level < finite.max():
            self.contour = self.ax.contour(self.axis, self.axis, image, levels=[level],
                                           colors="black", linewidths=1.6)
            self.contour.set_animated(True)

    @property
    def artists(self):
        return [self.image, *([self.contour] if self.contour is not None else []), self.truth]


class Playground(SavesPng):
    """The widget (see the module docstring). Parts for tests and the curious: `.play`,
    `.step_button`, `.reset_button`, `.lr_slider`, `.activation_dropdown`,
    `.regularization_dropdown`, `.regularization_slider`, `.output`, `.widget`;
    state: `.step`, `.history` ({"step", "train_accuracy", "test_accuracy", "loss"})."""

    def __init__(self, build, learning_rate, activation, steps_per_frame, own_graph: bool):
        import ipywidgets as widgets

        from course.datasets import load_pku

        self._build = build
        self._trainers: dict[str, _Trainer] = {}
        X, Y_ = load_pku(as_array=True)
        self.train_data = (X.astype(np.float32), Y_)
        X_test, Y_test = load_pku(seed=_TEST_SEED, n=_TEST_SIZE, as_array=True)
        self.test_data = (X_test.astype(np.float32), Y_test)
        self._batches = [(self.train_data[0][s:s + _BATCH_SIZE], Y_[s:s + _BATCH_SIZE])
                         for s in range(0, len(X), _BATCH_SIZE)]
        axis = np.linspace(*_PLANE, _GRID, dtype=np.float32)
        gx, gy = np.meshgrid(axis, axis)
        self._plane = np.stack([gx.ravel(), gy.ravel()], axis=1)
        self.steps_per_frame = int(steps_per_frame)
        self.lang = language_of_now()      # its words, whatever set_language says later

        layout = {"style": {"description_width": "initial"}}
        self.play = widgets.Play(value=0, min=0, max=10**6, step=1, interval=250,
                                 description=tr("play"), show_repeat=False)
        self.step_button = widgets.Button(description=tr("step (+{n})", n=self.steps_per_frame),
                                          icon="step-forward")
        self.reset_button = widgets.Button(description=tr("reset"), icon="undo")
        self.lr_slider = widgets.FloatLogSlider(value=learning_rate, base=10, min=-4, max=0,
                                                step=0.1, description=tr("learning rate"),
                                                readout_format=".3g", **layout)
        self.activation_dropdown = widgets.Dropdown(options=ACTIVATIONS, value=activation,
                                                    description=tr("activation"))
        if own_graph:
            self.activation_dropdown.layout.display = "none"   # the learner's graph has its own
        self.regularization_dropdown = widgets.Dropdown(options=REGULARIZATIONS, value="none",
                                                        description=tr("regularization"),
                                                        **layout)
        self.regularization_slider = widgets.FloatLogSlider(
            value=0.001, base=10, min=-4, max=-0.5, step=0.1, description=tr("rate"),
            readout_format=".3g")
        self.output = widgets.Output()
        self.widget = widgets.VBox([
            widgets.HBox([self.play, self.step_button, self.reset_button]),
            widgets.HBox([self.lr_slider, self.activation_dropdown]),
            widgets.HBox([self.regularization_dropdown, self.regularization_slider]),
            self.output,
        ])
        self.figure = None
        self.reset()
        self.play.observe(lambda change: self.advance() if change["new"] else None,
                          names="value")
        self.step_button.on_click(lambda _button: self.advance())
        self.reset_button.on_click(lambda _button: self.reset())
        self.activation_dropdown.observe(lambda _change: self.reset(), names="value")

    # -- training
    @property
    def trainer(self) -> _Trainer:
        activation = self.activation_dropdown.value
        if activation not in self._trainers:
            self._trainers[activation] = _Trainer(*self._build(activation))
        return self._trainers[activation]

    def reset(self):
        """Back to step 0: the first weights, an empty history."""
        self.trainer.reset()
        self.step = 0
        self.history = {"step": [], "train_accuracy": [], "test_accuracy": [], "loss": []}
        self._measure()
        self._refresh()

    def advance(self, steps: int | None = None):
        """Train `steps` steps (default: one frame's) with the controls' settings, redraw."""
        steps = self.steps_per_frame if steps is None else int(steps)
        kind, rate = self.regularization_dropdown.value, self.regularization_slider.value
        with np.errstate(all="ignore"):   # a learning rate too large is an outcome to see
            self.trainer.steps(self._batches, self.step, steps, self.lr_slider.value,
                               rate if kind == "L1" else 0.0, rate if kind == "L2" else 0.0)
        self.step += steps
        self._measure()
        self._refresh()

    def _measure(self):
        trainer = self.trainer
        (X, Y_), (X_test, Y_test) = self.train_data, self.test_data
        train_out = trainer.session.run(trainer.output, {trainer.x: X})
        test_out = trainer.session.run(trainer.output, {trainer.x: X_test})
        loss = trainer.session.run(trainer.loss, {trainer.x: X, trainer.y_: Y_})
        h = self.history
        h["step"].append(self.step)
        h["train_accuracy"].append(_accuracy(train_out, Y_))
        h["test_accuracy"].append(_accuracy(test_out, Y_test))
        h["loss"].append(float(loss))

    @property
    def train_accuracy(self) -> float:
        return self.history["train_accuracy"][-1]

    @property
    def test_accuracy(self) -> float:
        return self.history["test_accuracy"][-1]

    # -- the picture
    @in_own_language
    def _draw(self):
        """Update the figure's artists to the current state (built on first use)."""
        if self.figure is None:
            self._build_figure()
        output, hidden = self.trainer.outputs(self._plane)
        self._main.show(output[:, 0], 0.5, (0.0, 1.0))
        level = 0.5 if self.activation_dropdown.value == "sigmoid" else 0.0
        for j, panel in enumerate(self._units):
            values = hidden[:, j] if j < hidden.shape[1] else np.zeros(len(self._plane))
            finite = values[np.isfinite(values)]
            spread = float(np.max(np.abs(finite - level), initial=0.0)) or 1e-6
            panel.show(values, level, (level - spread, level + spread))
        h = self.history
        self._train_line.set_data(h["step"], h["train_accuracy"])
        self._test_line.set_data(h["step"], h["test_accuracy"])
        x_max = _round_up(self.step)
        if self._curve_ax.get_xlim()[1] != x_max:
            self._curve_ax.set_xlim(0, x_max)     # in round steps: the background stays
            self._blitter.invalidate()
        regularization = self.regularization_dropdown.value
        if regularization != "none":
            regularization += f" {self.regularization_slider.value:.3g}"
        settings = tr("learning rate {rate}, activation {activation}, regularization {kind}",
                      rate=f"{self.lr_slider.value:.3g}", activation=self.activation_dropdown.value,
                      kind=regularization)
        self._title.set_text(tr("Playground, step {step}: train accuracy {train}, test accuracy "
                                "{test}, loss {loss}", step=self.step,
                                train=f"{self.train_accuracy:.2f}",
                                test=f"{self.test_accuracy:.2f}", loss=f"{h['loss'][-1]:.4g}")
                             + "\n" + settings)
        return self.figure

    def _build_figure(self):
        from .drawing import blit

        figure = self.figure = blit.new_figure(12.0, 6.4)
        grid = figure.add_gridspec(2, 4, left=0.05, right=0.98, bottom=0.09, top=0.86,
                                   wspace=0.35, hspace=0.45, width_ratios=(2.2, 1, 1, 1))
        main = figure.add_subplot(grid[:, 0])
        self._main = _PlanePanel(main, "RdYlGn")
        self._draw_points(main)
        main.set_title(tr("output y over the input plane") + "\n"
                       + tr("(line: y = 0.5, the decision boundary)"),
                       loc="left", fontsize=11)
        self._units = []
        for j in range(3):
            ax = figure.add_subplot(grid[0, 1 + j])
            self._units.append(_PlanePanel(ax, "PuOr"))
            ax.set_title(tr("hidden unit {n}: a[:, {j}]", n=j + 1, j=j), loc="left", fontsize=11)
            ax.tick_params(labelsize=9)
        curve = self._curve_ax = figure.add_subplot(grid[1, 1:])
        (self._train_line,) = curve.plot([], [], color="#1f77b4", marker=".", label=tr("train"),
                                         animated=True)
        (self._test_line,) = curve.plot([], [], color="#d62728", marker=".", label=tr("test"),
                                        animated=True)
        curve.set_ylim(0, 1.05)
        curve.set_xlabel(tr("step"))
        curve.set_ylabel(tr("accuracy"))
        curve.set_title(tr("accuracy (output > 0.5 means good)"), loc="left", fontsize=11)
        curve.grid(True, color="#e6e6e6")
        # Above the plot, right of its title: inside it would cover the curves.
        curve.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2, fontsize=10,
                     frameon=False, borderaxespad=0.1)
        # A text of an axes, not a suptitle: savefig draws an axes' animated artists only.
        self._title = main.text(0.05, 0.975, "", transform=figure.transFigure, ha="left",
                                va="top", fontsize=12, animated=True)
        self._blitter = blit.Blitter(figure, self._moving_artists)

    def _moving_artists(self):
        return [*self._main.artists, *self._points, *(a for p in self._units for a in p.artists),
                self._train_line, self._test_line, self._title]

    def _draw_points(self, ax):
        (X, Y_), (X_test, Y_test) = self.train_data, self.test_data
        self._points = []
        for data, labels, size, alpha, good_label, bad_label in (
                (X_test, Y_test, 14, 0.55, tr("test: good (1)"), tr("test: bad (0)")),
                (X, Y_, 46, 1.0, tr("train: good (1)"), tr("train: bad (0)"))):
            good = labels[:, 0] > 0.5
            self._points.append(ax.scatter(
                data[good, 0], data[good, 1], s=size, color="#1a7f37", edgecolor="white",
                linewidth=0.6, alpha=alpha, animated=True, label=good_label))
            self._points.append(ax.scatter(
                data[~good, 0], data[~good, 1], s=size, color="#b42318", marker="X",
                edgecolor="white", linewidth=0.6, alpha=alpha, animated=True,
                label=bad_label))
        ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.1), ncol=2, fontsize=9,
                  frameon=False)

    def _refresh(self):
        from .drawing.display import show_in

        show_in(self.output, Snapshot(self.frame_png(), repr(self)))

    # -- showing
    def frame_png(self) -> bytes:
        """The current state as PNG, quickly (for the frames while playing)."""
        self._draw()
        return self._blitter.png()

    def to_png(self) -> bytes:
        """The current state as PNG (reproducible bytes)."""
        return figure_png(self._draw())

    def _repr_mimebundle_(self, **kwargs):
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["image/png"] = self.frame_png()
        bundle["text/plain"] = repr(self)
        return bundle

    def __repr__(self) -> str:
        return (f"<Playground step {self.step}: train accuracy {self.train_accuracy:.2f}, "
                f"test accuracy {self.test_accuracy:.2f}>")

    def close(self):
        self.play.playing = False
        for trainer in self._trainers.values():
            trainer.close()


@speaks
def playground(loss=None, x=None, y_=None, output=None, hidden=None, learning_rate=0.05,
               activation="linear", steps_per_frame=20) -> Playground:
    """A TensorFlow-Playground-like widget for the PKU network (see the module docstring).

    Without arguments it builds the lesson's 2-3-1 network itself (once per activation).
    To play with your own graph, give its tensors: `loss` (to minimise), `x` and `y_`
    (the placeholders of the features and the labels), `output` (the network's output,
    one column) and `hidden` (the hidden layer, whose units get a panel each).
    lang: "zh" for Chinese words in the picture and on the controls (default: the language
    set by course.viz.set_language).
    """
    mine = (loss, x, y_, output, hidden)
    if any(t is not None for t in mine):
        if any(t is None for t in mine):
            raise ValueError("give all of loss, x, y_, output and hidden for your own graph, "
                             "or none of them for the built-in PKU network")
        return Playground(lambda _activation: (x, y_, output, hidden, loss), learning_rate,
                          "linear", steps_per_frame, own_graph=True)
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}; got {activation!r}")

    def build(name):
        import course as tf

        with tf.Graph().as_default():
            return pku_network(name)

    return Playground(build, learning_rate, activation, steps_per_frame, own_graph=False)
