"""SessionRunHooks that draw while a model trains, each updating ONE picture in place.

They work with tf.train.MonitoredTrainingSession(hooks=[...]) and, for a plain Session
loop, with `HookedSession(sess, hooks)`, which calls the hooks around each run the way
MonitoredSession does:

    hooked = HookedSession(sess, [GraphDiagramHook(loss, every_n_steps=50),
                                  LossCurveHook({"loss": loss}), ProgressHook(500)])
    for step in range(500):
        hooked.run(train, feed_dict=...)
    hooked.close()

Every hook takes `display=`: a function like IPython's `display(obj, display_id=True)`
returning a handle with `.update(obj)`. By default it is IPython's when running in
IPython; elsewhere nothing is shown and the hook keeps its last picture in `.latest`.
"""

from __future__ import annotations

import sys
import time

from ..session import RunMetadata, RunOptions
from ..train.session_run_hook import (
    SessionRunArgs,
    SessionRunContext,
    SessionRunHook,
    SessionRunValues,
)
from . import graph_model as gm
from .drawing.fonts import use_cjk
from .drawing.picture import PngPicture, figure_png
from .language import in_own_language, language_of_now, tr

_TRACE = RunOptions.FULL_TRACE


def default_display():
    """IPython's display function when running inside IPython, else None."""
    shell = sys.modules.get("IPython")
    if shell is None or shell.get_ipython() is None:
        return None
    from IPython.display import display
    return display


class _InPlace:
    """One picture that is shown once and then replaced, never appended to."""

    def __init__(self, display):
        self.display = display
        self.handle = None

    def show(self, picture):
        if self.display is None:
            return
        if self.handle is None:
            self.handle = self.display(picture, display_id=True)
        else:
            self.handle.update(picture)


class _EveryN(SessionRunHook):
    """Counts runs; acts on runs 0, n, 2n, ..."""

    def __init__(self, every_n_steps, display):
        if every_n_steps < 1:
            raise ValueError(f"every_n_steps must be at least 1, got {every_n_steps}")
        self.every_n_steps = int(every_n_steps)
        self.step = 0
        self._display = display
        self._acting = False

    def _resolve_display(self):
        return self._display if self._display is not None else default_display()

    def before_run(self, run_context):
        self._acting = self.step % self.every_n_steps == 0
        return self._request() if self._acting else None

    def after_run(self, run_context, run_values):
        if self._acting:
            self._act(run_context, run_values)
        self.step += 1

    def _request(self):
        return SessionRunArgs(None, options=RunOptions(trace_level=_TRACE))

    def _act(self, run_context, run_values):
        raise NotImplementedError


# ---------------------------------------------------------------- graph diagrams


class GraphDiagramHook(_EveryN):
    """Every n-th step, a traced run and ONE diagram of the graph with that run's values,
    redrawn in place. `.latest` is the last GraphDiagram, `.frames` all of them with
    their steps (viz.training_replay plays them back).

    target: what to draw (a Graph, fetches, or None for the session's whole graph).
    Other keyword arguments go to draw_graph (expand=, show_gradients=, ...)."""

    def __init__(self, target=None, every_n_steps=100, display=None, **draw_options):
        from .graph_diagram import caller_names

        super().__init__(every_n_steps, display)
        self.target = target
        # The learner's names where the hook is made (the drawing happens deep in a run).
        if draw_options.get("names") is None:
            draw_options["names"] = caller_names()
        self.draw_options = draw_options
        self.latest = None
        self.frames = []      # (step, GraphDiagram) of every drawing, oldest first

    def begin(self):
        self._out = _InPlace(self._resolve_display())

    def _act(self, run_context, run_values):
        from .graph_diagram import draw_graph

        target = self.target if self.target is not None else run_context.session.graph
        options = dict(self.draw_options)
        options.setdefault("title", tr("step {step}", step=self.step))
        self.latest = draw_graph(target, trace=run_values.run_metadata, **options)
        # Every frame flows the way the first one does, so a replay does not flip.
        self.draw_options.setdefault("direction", self.latest.direction)
        self.frames.append((self.step, self.latest))      # for training_replay
        self._out.show(self.latest)


# ---------------------------------------------------------------- reductions


class ReduceAxisHook(_EveryN):
    """Every n-th step, for each reduce op (Sum/Mean/Max/Min/Prod) that ran, the picture of
    that reduction with its real input values (course.viz.illustrate_reduction), one
    picture per op, each updated in place. `.latest` maps op name -> picture.

    ops: only these ops (or op names); default every reduction outside gradient scopes."""

    def __init__(self, ops=None, every_n_steps=100, display=None):
        super().__init__(every_n_steps, display)
        self.only = None if ops is None else {getattr(op, "name", op) for op in ops}
        self.latest = {}
        self._outs = {}

    def begin(self):
        self._display_fn = self._resolve_display()

    def _act(self, run_context, run_values):
        from .reduction_pictures import illustrate_reduction

        metadata = run_values.run_metadata
        graph = run_context.session.graph
        for name in metadata.executed_ops:
            op = graph.get_operation_by_name(name)
            if op.type not in gm.REDUCE_TYPES or not self._wanted(op):
                continue
            value = metadata.values.get(op.inputs[0].name)
            if value is None:
                continue
            picture = illustrate_reduction(op.type, value, op.get_attr("axis"),
                                           op.get_attr("keepdims"))
            self.latest[name] = picture
            self._outs.setdefault(name, _InPlace(self._display_fn)).show(picture)

    def _wanted(self, op):
        if self.only is not None:
            return op.name in self.only
        return not gm.is_gradient_op(op)


# ---------------------------------------------------------------- curves


class CurvePicture(PngPicture):
    """Scalar curves over steps: `.figure`, PNG in Jupyter, `.save(path)`."""

    def __init__(self, history: dict, title: str = "", logy: bool = False, limits=None):
        self.history = {name: (list(steps), list(values))
                        for name, (steps, values) in history.items()}
        self.title = title
        self.logy = logy
        self.limits = limits   # ((x0, x1), (y0, y1)) to keep fixed, as a replay does
        self.lang = language_of_now()  # drawn later, in the language of now

    @property
    @in_own_language
    def figure(self):
        from matplotlib.figure import Figure

        fig = Figure(figsize=(6.4, 3.4), dpi=100)
        ax = fig.add_subplot(1, 1, 1)
        for name, (steps, values) in self.history.items():
            ax.plot(steps, values, label=f"{name} = {values[-1]:.4g}" if values else name)
        if self.logy:
            ax.set_yscale("log")
        if self.limits is not None:
            ax.set_xlim(*self.limits[0])
            ax.set_ylim(*self.limits[1])
        ax.set_xlabel(tr("step"))
        # Every curve picture says what it shows: a title and a y label even when not given.
        names = list(self.history)
        ax.set_ylabel(", ".join(names) if names else tr("value"))
        ax.grid(alpha=0.3)
        if self.history:
            ax.legend(loc="best")
        ax.set_title(self.title or tr("{names} during training",
                                      names=tr(" and ").join(names) or tr("values")), loc="left")
        use_cjk(fig)  # before tight_layout measures the labels
        fig.tight_layout()
        return fig

    def to_png(self) -> bytes:
        return figure_png(self.figure)

    def __repr__(self) -> str:
        last = ", ".join(f"{n}={v[-1]:.4g}" for n, (_, v) in self.history.items() if v)
        return f"<CurvePicture {last}>"


class LossCurveHook(SessionRunHook):
    """Fetch scalar tensors every n steps and plot them against the step, redrawn in place
    at most every `redraw_secs` (and once more at the end). `.history` is
    {name: (steps, values)}, `.latest` the last CurvePicture."""

    def __init__(self, tensors, every_n_steps=1, redraw_secs=0.5, display=None, logy=False,
                 title="", clock=time.monotonic):
        if every_n_steps < 1:
            raise ValueError(f"every_n_steps must be at least 1, got {every_n_steps}")
        self.tensors = dict(tensors) if tensors is not None else {}
        self.every_n_steps = int(every_n_steps)
        self.redraw_secs = redraw_secs
        self.logy = logy
        self.title = title
        self._display = display
        self._clock = clock
        self.step = 0
        self.history = {}
        self.latest = None
        self._last_draw = None
        self._dirty = False

    def begin(self):
        self._out = _InPlace(self._display if self._display is not None else default_display())
        self.history = {name: ([], []) for name in self.tensors}

    def before_run(self, run_context):
        if self.tensors and self.step % self.every_n_steps == 0:
            return SessionRunArgs(self.tensors)
        return None

    def after_run(self, run_context, run_values):
        if run_values.results is not None:
            for name, value in run_values.results.items():
                steps, values = self.history[name]
                steps.append(self.step)
                values.append(float(value))
            self._dirty = True
            if self._last_draw is None or self._clock() - self._last_draw >= self.redraw_secs:
                self._redraw()
        self.step += 1

    def end(self, session):
        if self._dirty:
            self._redraw()

    def _redraw(self):
        self.latest = CurvePicture(self.history, self.title, self.logy)
        self._out.show(self.latest)
        # Timed from the end of the drawing: a picture slower to draw than redraw_secs
        # must not turn into a redraw at every step.
        self._last_draw = self._clock()
        self._dirty = False


class SummaryPlotHook(LossCurveHook):
    """LossCurveHook for the scalar summaries of the graph (tf.summary.scalar): the curves
    are the tensors the summaries watch, named by their tags."""

    def __init__(self, summaries=None, every_n_steps=1, redraw_secs=0.5, display=None,
                 **options):
        super().__init__(None, every_n_steps, redraw_secs, display, **options)
        self.summaries = summaries

    def begin(self):
        from ..framework.ops import GraphKeys, get_default_graph

        found = self.summaries
        if found is None:
            found = get_default_graph().get_collection(GraphKeys.SUMMARIES)
        self.tensors = dict(_scalar_summaries(found if isinstance(found, (list, tuple))
                                              else [found]))
        super().begin()


def _scalar_summaries(items):
    for item in items:
        op = getattr(item, "op", item)
        if op.type == "ScalarSummary":
            yield op.get_attr("tag"), op.inputs[0]
        elif op.type == "MergeSummary":
            yield from _scalar_summaries(op.inputs)


# ---------------------------------------------------------------- progress


class ProgressHook(SessionRunHook):
    """A progress bar with steps per second: an ipywidgets bar in Jupyter, else one text
    line rewritten in place on `stream`. `.text` is the latest line."""

    def __init__(self, total_steps, display=None, stream=None, widget=None, update_secs=0.2,
                 clock=time.monotonic):
        self.total_steps = int(total_steps)
        self._display = display
        self._stream = stream
        self._widget = widget  # None: a widget when a display exists, else text
        self.update_secs = update_secs
        self._clock = clock
        self.step = 0
        self.text = ""
        self.bar = None

    def begin(self):
        display = self._display if self._display is not None else default_display()
        use_widget = self._widget if self._widget is not None else display is not None
        if use_widget:
            import ipywidgets as widgets

            self.bar = widgets.IntProgress(value=0, min=0, max=max(self.total_steps, 1),
                                           description=tr("training"))
            self.label = widgets.Label()
            if display is not None:
                display(widgets.HBox([self.bar, self.label]))
        self._start = self._last = None

    def after_run(self, run_context, run_values):
        now = self._clock()
        if self._start is None:
            self._start = now
        self.step += 1
        if self._last is None or now - self._last >= self.update_secs or \
                self.step >= self.total_steps:
            self._show(now)

    def end(self, session):
        self._show(self._clock(), final=True)

    def _show(self, now, final=False):
        elapsed = now - self._start if self._start is not None else 0.0
        rate = (self.step - 1) / elapsed if elapsed > 0 and self.step > 1 else 0.0
        self.text = f"step {self.step}/{self.total_steps}  {rate:.1f} steps/s"
        self._last = now
        if self.bar is not None:
            self.bar.value = min(self.step, self.bar.max)
            self.label.value = self.text
            return
        stream = self._stream if self._stream is not None else sys.stderr
        stream.write("\r" + self.text + ("\n" if final else ""))
        stream.flush()


# ---------------------------------------------------------------- a plain Session with hooks


class HookedSession:
    """Run a plain Session with SessionRunHooks, as MonitoredSession does: begin() and
    after_create_session() now, before_run/after_run around every run (their fetches,
    feeds and trace options merged into the run), end() at close()."""

    def __init__(self, session, hooks):
        self.session = session
        self.hooks = list(hooks)
        self._stop = False
        self._closed = False
        with session.graph.as_default():
            for hook in self.hooks:
                hook.begin()
        for hook in self.hooks:
            hook.after_create_session(session, None)

    graph = property(lambda self: self.session.graph)

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        if self._closed:
            raise RuntimeError("Attempted to use a closed HookedSession.")
        context = SessionRunContext(SessionRunArgs(fetches, feed_dict), self.session)
        wanted = {"caller": fetches}
        feeds = dict(feed_dict or {})
        trace_level = getattr(options, "trace_level", 0)
        for index, hook in enumerate(self.hooks):
            request = hook.before_run(context)
            if request is None:
                continue
            if request.fetches is not None:
                wanted[index] = request.fetches
            for key, value in (request.feed_dict or {}).items():
                if key in feeds:
                    raise RuntimeError(f"{key!r} is fed twice (by a hook and another feed)")
                feeds[key] = value
            if request.options is not None:
                trace_level = max(trace_level, request.options.trace_level)
        run_options = options
        if trace_level:
            run_options = RunOptions(trace_level=trace_level)
            run_metadata = run_metadata if run_metadata is not None else RunMetadata()
        results = self.session.run(wanted, feed_dict=feeds or None, options=run_options,
                                   run_metadata=run_metadata)
        for index, hook in enumerate(self.hooks):
            hook.after_run(context, SessionRunValues(results.get(index), run_options,
                                                     run_metadata))
        self._stop = self._stop or context.stop_requested
        return results["caller"]

    def should_stop(self) -> bool:
        return self._stop

    def close(self):
        if not self._closed:
            self._closed = True
            for hook in self.hooks:
                hook.end(self.session)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
