"""`import course.viz` and every module in it (drawing included) load neither matplotlib nor
ipywidgets: those come lazily, when a picture is rendered to PNG or a widget is shown."""
from helpers import run_fresh_python


def test_importing_every_viz_module_and_drawing_an_svg_needs_no_matplotlib():
    code = ("import importlib, pkgutil, sys, types, course as tf, course.viz as viz\n"
            "for package in ('course.viz', 'course.viz.drawing'):\n"
            "    for module in pkgutil.iter_modules(importlib.import_module(package).__path__):\n"
            "        importlib.import_module(package + '.' + module.name)\n"
            "for name in ('lr_experiment', 'optimizer_race', 'reduce_axes'):\n"
            "    assert not isinstance(getattr(viz, name), types.ModuleType), "
            "'module hides function ' + name\n"
            "assert viz.DashboardHook.__name__ == 'DashboardHook'\n"
            "x = tf.placeholder(tf.float32, (None, 2))\n"
            "assert viz.draw_graph(tf.reduce_sum(x * 2.0)).svg.startswith('<svg')\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('matplotlib', 'ipywidgets')))")
    out = run_fresh_python(code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
