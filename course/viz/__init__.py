"""Pictures of the course's ideas, made to be looked at in Jupyter.

`import course.viz` stays light: it must not import matplotlib or ipywidgets.
Public names are loaded on first use by the module-level __getattr__ below
(PEP 562): add `"name": "submodule"` to _LAZY for each picture.

No submodule shares its name with a public function (importing a submodule binds its
name on the package, which would hide a function of that name from __getattr__).
The drawing machinery (scenes, SVG, layout, PNG, fast redraws, in-place display) lives
in course.viz.drawing; the modules here each make one kind of picture.
"""

from __future__ import annotations

import importlib

# name -> submodule of course.viz that defines it, imported on first use.
_LAZY: dict[str, str] = {
    # computation-graph diagrams and the hooks that draw while training
    "draw_graph": "graph_diagram", "graph_explorer": "graph_diagram",
    "GraphDiagram": "graph_diagram", "GraphDiagramHook": "hooks", "ReduceAxisHook": "hooks",
    "LossCurveHook": "hooks", "SummaryPlotHook": "hooks", "ProgressHook": "hooks",
    "HookedSession": "hooks",
    # training pictures: learning rates, optimizers on surfaces, Görner's dashboard
    "lr_experiment": "learning_rate_experiment", "optimizer_race": "optimizer_racing",
    "learning_rate_sweep": "sweep_heat_map",
    "DashboardHook": "dashboard", "playground": "playground_widget",
    "backprop_walkthrough": "backprop_steps", "training_replay": "replay_widget",
    # what a reduction over an axis does
    "reduce_axes": "reduction_pictures", "illustrate_reduction": "reduction_pictures",
    "reduce_explorer": "reduction_pictures",
    # recurrent networks, rolled and unrolled over a traced run
    "draw_rnn": "recurrent_diagram", "draw_rnn_model": "recurrent_diagram",
    "rnn_model": "recurrent_model",
    # the language of the pictures' words: "en" or "zh" (each picture also takes lang=)
    "set_language": "language", "get_language": "language", "tr": "language",
}

__all__ = list(_LAZY)


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
