"""Watch a training again, at a speed an eye can follow: `training_replay(curve_hook, ...)`.

A loop of 3,000 steps ends in under a second, so the pictures its hooks redraw in place
are a blur. The hooks keep what they drew (a LossCurveHook its history, a
GraphDiagramHook its `.frames`); the replay plays it back with an ipywidgets.Play, a few
frames a second: the loss curve grows point by point on fixed axes, and the traced graph
below it shows the values of the latest drawing at that step.
"""

from __future__ import annotations

import numpy as np

from .drawing.picture import SavesPng
from .language import language_of_now, tr

FRAMES = 60             # at most this many frames, evenly spread over the training
INTERVAL_MS = 300       # between frames while playing: about 3 a second


class TrainingReplay(SavesPng):
    """`.play`, `.slider` (the frame), `.curve_output`, `.diagram_output`, `.widget`;
    `.frame` the frame shown, `.step` its training step, `.curve` its CurvePicture."""

    def __init__(self, curve_hook, diagram_hook=None, frames: int = FRAMES):
        import ipywidgets as widgets

        self.lang = language_of_now()
        self.history = curve_hook.history
        self.title = curve_hook.title
        self.logy = curve_hook.logy
        steps = sorted({s for s_list, _ in self.history.values() for s in s_list})
        if not steps:
            raise ValueError("the curve hook has recorded nothing yet: run the training first")
        picks = np.unique(np.linspace(0, len(steps) - 1, min(frames, len(steps))).round())
        self.steps = [steps[int(i)] for i in picks]
        self.diagrams = list(diagram_hook.frames) if diagram_hook is not None else []
        values = [v for _, vs in self.history.values() for v in vs if np.isfinite(v)]
        low, high = min(values), max(values)
        pad = 0.05 * ((high - low) or 1.0)
        self.limits = ((steps[0], max(steps[-1], steps[0] + 1)),
                       (low - pad if not self.logy else low / 1.2,
                        high + pad if not self.logy else high * 1.2))
        last = len(self.steps) - 1
        self.play = widgets.Play(value=0, min=0, max=last, step=1, interval=INTERVAL_MS,
                                 description=tr("play"), show_repeat=False)
        self.slider = widgets.IntSlider(value=0, min=0, max=last, description=tr("frame"),
                                        continuous_update=True)
        widgets.jslink((self.play, "value"), (self.slider, "value"))
        self.curve_output = widgets.Output()
        self.diagram_output = widgets.Output()
        self.widget = widgets.VBox([widgets.HBox([self.play, self.slider]), self.curve_output,
                                    self.diagram_output])
        self._diagram_shown = None
        self.slider.observe(lambda change: self.show(change["new"]), names="value")
        self.show(0)

    def show(self, frame: int):
        """Show frame `frame` (0 .. len(steps) - 1)."""
        from .drawing.display import show_in
        from .hooks import CurvePicture

        self.frame = max(0, min(int(frame), len(self.steps) - 1))
        self.step = self.steps[self.frame]
        shown = {name: ([s for s in steps if s <= self.step],
                        [v for s, v in zip(steps, values) if s <= self.step])
                 for name, (steps, values) in self.history.items()}
        self.curve = CurvePicture(shown, self.title, self.logy, limits=self.limits)
        self.curve.lang = self.lang
        show_in(self.curve_output, self.curve)
        diagram = self.diagram
        if diagram is not None and diagram is not self._diagram_shown:
            self._diagram_shown = diagram
            show_in(self.diagram_output, diagram)

    @property
    def diagram(self):
        """The latest GraphDiagram drawn at or before the step shown (None if none)."""
        earlier = [d for step, d in self.diagrams if step <= self.step]
        return earlier[-1] if earlier else (self.diagrams[0][1] if self.diagrams else None)

    def to_png(self) -> bytes:
        return self.curve.to_png()

    def _repr_mimebundle_(self, **kwargs):
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["image/png"] = self.curve.to_png()
        bundle["text/plain"] = repr(self)
        return bundle

    def __repr__(self) -> str:
        return f"<TrainingReplay frame {self.frame + 1} of {len(self.steps)}, step {self.step}>"


def training_replay(curve_hook, diagram_hook=None, frames: int = FRAMES) -> TrainingReplay:
    """Play back a finished training (see the module docstring): `curve_hook` a
    LossCurveHook that recorded it, `diagram_hook` an optional GraphDiagramHook."""
    return TrainingReplay(curve_hook, diagram_hook, frames)
