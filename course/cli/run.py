"""``python -m course run prog.py [args]``: run a TF1 program unchanged, course standing in for
``tensorflow``.

The program runs as ``__main__`` with its own directory first on ``sys.path`` (so its sibling
modules import) and ``sys.argv = [prog.py, args...]``, after ``install_as_tensorflow()``.
Options to look inside it, written beside the program:

* ``--graph``: the graph as it is at the program's first real ``Session.run`` (initializers
  aside), that run's fetches drawn solid: ``<prog>_graph.png`` and ``.svg``;
* ``--dashboard``: that diagram, and the loss curve of the scalar losses the program fetched
  (tensors named like loss/cost/entropy): ``<prog>_loss.png``;
* ``--trace N``: the program's N-th ``Session.run`` traced, every value drawn on the graph:
  ``<prog>_trace_N.png``.
"""

from __future__ import annotations

import argparse
import runpy
import sys
from pathlib import Path

import numpy as np

from ..framework.nest import flatten
from ..tensorflow_alias import install_as_tensorflow

_LOSS_WORDS = ("loss", "cost", "entropy", "error", "mse")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--graph", action="store_true",
                        help="draw the graph at the first run: <prog>_graph.png/.svg")
    parser.add_argument("--dashboard", action="store_true",
                        help="the graph diagram and the loss curve: <prog>_loss.png")
    parser.add_argument("--trace", type=int, metavar="N",
                        help="trace the N-th Session.run and draw it: <prog>_trace_N.png")
    parser.add_argument("program", help="the TF1 program (a .py file)")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="the program's own arguments")


def run(options: argparse.Namespace) -> int:
    """Run ``options.program`` with its arguments (those after a lone ``--`` too); return its
    exit status."""
    observer = None
    if options.graph or options.dashboard or options.trace is not None:
        observer = SessionObserver(Path(options.program), graph=options.graph or
                                   options.dashboard, curve=options.dashboard,
                                   trace_step=options.trace)
    try:
        run_program(options.program, list(options.args) + list(getattr(options, "passthrough", [])),
                    observer)
    except SystemExit as exit_:
        return _exit_status(exit_.code)
    return 0


def run_program(program, args=(), observer=None) -> None:
    """Run ``program`` as ``__main__`` with course as ``tensorflow`` (raises what it raises,
    SystemExit included)."""
    path = Path(program).resolve()
    if not path.is_file():
        raise SystemExit("course run: no such program: %s" % program)
    install_as_tensorflow()
    sys.argv = [str(program)] + list(args)
    sys.path.insert(0, str(path.parent))
    if observer is not None:
        observer.install()
    try:
        runpy.run_path(str(path), run_name="__main__")
    finally:
        if observer is not None:
            observer.finish()


def _exit_status(code) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


class SessionObserver:
    """Watches every ``Session.run`` of the program to draw its graph, loss and a trace."""

    def __init__(self, program: Path, graph=True, curve=False, trace_step=None):
        self.stem = program.resolve().with_suffix("")
        self.want_graph = graph
        self.want_curve = curve
        self.trace_step = trace_step
        self.calls = 0
        self.graph_drawn = False
        self.scalars: dict[str, tuple[list, list]] = {}
        self.written: list[Path] = []
        self._original_run = None

    def install(self) -> None:
        from ..session import Session

        observer = self
        original = self._original_run = Session.run

        def run(session, fetches, feed_dict=None, options=None, run_metadata=None):
            return observer.observe(original, session, fetches, feed_dict, options, run_metadata)

        Session.run = run

    def observe(self, original, session, fetches, feed_dict, options, run_metadata):
        self.calls += 1
        traced = self.calls == self.trace_step
        if traced:
            from ..session import RunMetadata, RunOptions

            options = options or RunOptions()
            options.trace_level = RunOptions.FULL_TRACE
            run_metadata = run_metadata if run_metadata is not None else RunMetadata()
        flat = flatten(fetches)
        if self.want_graph and not self.graph_drawn and not _only_initializers(flat):
            self.graph_drawn = True
            self._save_diagram(session.graph, "graph", highlight=flat)
        results = original(session, fetches, feed_dict, options, run_metadata)
        if traced:
            self._save_diagram(session.graph, "trace_%d" % self.calls, highlight=flat,
                               trace=run_metadata)
        if self.want_curve:
            self._record_scalars(flat, flatten(results))
        return results

    def finish(self) -> None:
        from ..session import Session

        if self._original_run is not None:
            Session.run = self._original_run
        if self.want_curve:
            self._save_curve()
        for path in self.written:
            print("course run: wrote %s" % path, file=sys.stderr)

    def _save_diagram(self, graph, suffix, highlight, trace=None) -> None:
        from ..viz import draw_graph

        wanted = [item for item in highlight if _is_graph_element(item)]
        diagram = draw_graph(graph, trace=trace, highlight=wanted or None,
                             title="%s: %s" % (self.stem.name, suffix.replace("_", " ")))
        png = Path("%s_%s.png" % (self.stem, suffix))
        diagram.save(png)
        self.written.append(png)
        if suffix == "graph":
            svg = png.with_suffix(".svg")
            svg.write_text(diagram.svg)
            self.written.append(svg)

    def _record_scalars(self, fetches, values) -> None:
        for fetch, value in zip(fetches, values):
            name = getattr(fetch, "name", None)
            if name is None or not _is_float_scalar(value):
                continue
            steps, series = self.scalars.setdefault(name, ([], []))
            steps.append(self.calls)
            series.append(float(value))

    def _save_curve(self) -> None:
        from ..viz.hooks import CurvePicture

        losses = {name: points for name, points in self.scalars.items()
                  if any(word in name.lower() for word in _LOSS_WORDS)}
        if not losses and self.scalars:
            longest = max(self.scalars, key=lambda name: len(self.scalars[name][0]))
            losses = {longest: self.scalars[longest]}
        if not losses:
            print("course run: the program fetched no scalar loss; no loss curve drawn",
                  file=sys.stderr)
            return
        picture = CurvePicture(losses, title="%s: scalars fetched, by Session.run call"
                               % self.stem.name)
        png = Path("%s_loss.png" % self.stem)
        picture.save(png)
        self.written.append(png)


def _is_graph_element(item) -> bool:
    from ..framework.ops import Operation, Tensor

    return isinstance(item, (Operation, Tensor))


def _only_initializers(fetches) -> bool:
    from ..framework.ops import Operation

    return all(isinstance(f, Operation) and f.type == "NoOp" and "init" in f.name.lower()
               for f in fetches)


def _is_float_scalar(value) -> bool:
    return isinstance(value, (float, np.floating)) or (
        isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind == "f")


