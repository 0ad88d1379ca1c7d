"""How compact and how tangled the graph diagrams are: edge crossings and size, per graph.

    python scripts/graph_layout_figures.py            # a table
    python scripts/graph_layout_figures.py --png DIR  # and each diagram as DIR/<name>.png

tests/support/diagram_measure.py says how crossings are counted (on the drawn curves).
Width x height are the diagram's in SVG pixels (= CSS pixels at 100 % zoom).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "support"))

from diagram_measure import measure  # noqa: E402  (tests/support, after the path is set)


def _direction(direction):
    """draw_graph's direction option, when one is asked for (so that this script also
    measures a checkout from before the option, for a before/after table)."""
    return {} if direction is None else {"direction": direction}


def pku_traced(expand=None, direction=None):
    """Lesson 02's traced training step: draw_graph([train_step, loss_mse], trace=...) of
    the lesson's 2-3-1 network on its first batch of 8."""
    import course as tf
    from course.datasets import load_pku
    from course.viz import draw_graph
    from course.viz.playground_widget import pku_network

    X, Y_ = load_pku(as_array=True)
    with tf.Graph().as_default():
        x, y_, y, a, loss_mse = pku_network()
        train_step = tf.train.GradientDescentOptimizer(0.001).minimize(loss_mse)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            metadata = tf.RunMetadata()
            sess.run([train_step, loss_mse], {x: X[0:8], y_: Y_[0:8]},
                     options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE),
                     run_metadata=metadata)
        return draw_graph([train_step, loss_mse], trace=metadata, expand=expand,
                          title="one training step, traced", **_direction(direction))


def mnist_softmax(expand=None, direction=None):
    """Görner's softmax for MNIST with its training step, the whole graph."""
    import course as tf
    from course.viz import draw_graph
    from example_models import gorner_softmax

    with tf.Graph().as_default() as graph:
        m = gorner_softmax()
        return draw_graph(graph, names=m, expand=expand, title="MNIST softmax",
                          **_direction(direction))


def gorner_conv(expand=None, direction=None):
    """Görner's three-layer convolutional network (mnist_3.0) with Adam, the whole graph."""
    import course as tf
    from course.viz import draw_graph
    from example_models import gorner_conv as build

    with tf.Graph().as_default() as graph:
        m = build()
        return draw_graph(graph, names=m, expand=expand, title="Görner's convolutional network",
                          **_direction(direction))


CASES = {
    "pku_traced": pku_traced,
    "mnist_softmax": mnist_softmax,
    "mnist_softmax_gradients_open": lambda direction: mnist_softmax(["gradients"], direction),
    "gorner_conv": gorner_conv,
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--png", type=Path, help="also save each diagram as PNG here")
    parser.add_argument("--only", default="")
    parser.add_argument("--direction", default=None, help="right or down (default: draw_graph's choice)")
    args = parser.parse_args(argv)
    print(f"{'graph':32} {'nodes':>5} {'edges':>5} {'crossings':>9} {'through':>7} "
          f"{'width x height':>15}")
    for name, make in CASES.items():
        if args.only not in name:
            continue
        diagram = make(direction=args.direction)
        m = measure(diagram)
        print(f"{name:32} {m['nodes']:5} {m['edges']:5} {m['crossings']:9} "
              f"{m['through_nodes']:7} {m['width']:>7} x {m['height']:<6}")
        if args.png:
            args.png.mkdir(parents=True, exist_ok=True)
            diagram.save(args.png / f"{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
