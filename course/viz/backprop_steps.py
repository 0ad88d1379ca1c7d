"""Backpropagation, one step at a time: `backprop_walkthrough(loss, feed_dict)`.

    viz.backprop_walkthrough(loss_mse, {x: X[0:8], y_: Y_[0:8]}, learning_rate=0.001)

A widget that walks ONE training step of gradient descent through the learner's graph,
node by node, with a Next (and a Back) button:

1. forward: each op in the order it runs, with the value it computes;
2. backward: from the loss back to the weights, each op turning the gradient of its
   output (the "upstream" gradient) into the gradients of its inputs, by the chain rule:
   the formula (upstream times the op's local derivative) and the numbers;
3. the update: each variable w becomes w - learning_rate * dloss/dw.

Nodes are labelled with the Python names that hold them (read from the calling code,
like draw_graph), TF's op name beside. The values are computed by course's engine:
one sess.run of the forward tensors and of `tf.gradients(loss, ...)`, which adds the
gradient ops under the name scope "backprop_walkthrough" of the graph.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .drawing.picture import SavesPng, Snapshot, figure_png
from .graph_diagram import _INDEX_SUFFIX, caller_names, format_value
from .language import in_own_language, language_of_now, speaking, tr

_INK, _MUTED, _VALUE, _GRAD, _NOW = "#1e293b", "#64748b", "#0f766e", "#7e22ce", "#ea580c"
_MONO = "DejaVu Sans Mono"
_SMALL = 8.5          # points: 11.8 px at 100 dpi, the smallest text of the picture


@dataclass
class Node:
    """A tensor of the walk: a placeholder, a variable or an op's output."""

    tensor: object        # what is fetched for its value
    op: object
    kind: str             # "placeholder", "variable" or "op"
    label: str            # the Python name, or TF's op name
    inputs: list          # the Nodes it reads (ops only)
    value: np.ndarray = None
    grad: np.ndarray = None


@dataclass
class Step:
    phase: str            # "forward", "backward" or "update"
    node: Node
    title: str
    blocks: list          # columns of [(text, colour)] under the title, left to right


# -- the chain rule, op by op: the formula of each input's gradient, given names


def _formula(op_type: str, out: str, inputs: list, index: int, node: Node) -> str:
    up = f"∂loss/∂{out}"
    mine = inputs[index]
    other = inputs[1 - index] if len(inputs) == 2 else None
    if op_type == "MatMul":
        return f"{up} · {other}ᵀ" if index == 0 else f"{other}ᵀ · {up}"
    if op_type in ("Add", "AddV2"):
        return up
    if op_type == "Sub":
        return up if index == 0 else f"−{up}"
    if op_type == "Mul":
        return f"{up} × {other}"
    if op_type == "Square":
        return f"{up} × 2·{mine}"
    if op_type == "Mean":
        n = int(np.size(node.inputs[0].value)) // max(int(np.size(node.value)), 1)
        return f"{up} / {n}   " + tr("(the mean of {n} numbers: each counts 1/{n})", n=n)
    if op_type == "Sum":
        return f"{up}, " + tr("copied to every element summed")
    if op_type == "Sigmoid":
        return f"{up} × {out}·(1 − {out})"
    if op_type == "Tanh":
        return f"{up} × (1 − {out}²)"
    if op_type == "Relu":
        return f"{up} × ({mine} > 0)"
    if op_type == "Identity":
        return up
    return f"{up} · ∂{out}/∂{mine}"


class Walkthrough(SavesPng):
    """The widget: `.steps` (every Step), `.index` (the one shown), `.next_button`,
    `.back_button`, `.output`, `.widget`; `.to_png()` / `.save()` give the current picture."""

    def __init__(self, nodes, steps):
        import ipywidgets as widgets

        self.nodes, self.steps, self.index = nodes, steps, 0
        self.lang = language_of_now()      # its words, whatever set_language says later
        self.next_button = widgets.Button(description=tr("next"), icon="arrow-right",
                                          button_style="primary")
        self.back_button = widgets.Button(description=tr("back"), icon="arrow-left")
        self.position = widgets.Label()
        self.output = widgets.Output()
        self.widget = widgets.VBox([
            widgets.HBox([self.back_button, self.next_button, self.position]), self.output])
        self.next_button.on_click(lambda _button: self.go(self.index + 1))
        self.back_button.on_click(lambda _button: self.go(self.index - 1))
        self.go(0)

    def go(self, index: int):
        from .drawing.display import show_in

        self.index = max(0, min(int(index), len(self.steps) - 1))
        self.position.value = tr("step {step} of {steps}", lang=self.lang, step=self.index + 1,
                                 steps=len(self.steps))
        self.back_button.disabled = self.index == 0
        self.next_button.disabled = self.index == len(self.steps) - 1
        show_in(self.output, Snapshot(self.to_png(), repr(self)))

    @property
    def current(self) -> Step:
        return self.steps[self.index]

    # -- the picture
    @in_own_language
    def figure(self):
        from .drawing import blit

        step = self.current
        figure = blit.new_figure(15.0, 5.4)
        ax = figure.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, 1500)
        ax.set_ylim(540, 0)
        ax.axis("off")
        self._draw_chain(ax, step)
        phase = tr({"forward": "forward pass", "backward": "backward pass (chain rule)",
                    "update": "the update"}[step.phase])
        ax.text(20, 300, f"{self.index + 1}/{len(self.steps)} · {phase}", fontsize=11,
                color=_MUTED)
        ax.text(20, 330, step.title, fontsize=14, weight="bold", color=_INK, va="center")
        for column, block in enumerate(step.blocks):
            y = 365
            for text, colour in block:
                ax.text(20 + 490 * column, y, text, fontsize=11.5, family=_MONO, color=colour,
                        va="top")
                y += 19.5 * (text.count("\n") + 1) + 4
        return figure

    def _draw_chain(self, ax, step: Step):
        """Every node in a row, in the order they run; the current one outlined."""
        from matplotlib.patches import FancyBboxPatch

        order = {id(n): i for i, n in enumerate(self.nodes)}
        done = self.steps[:self.index + 1]
        has_value = {id(s.node) for s in done} | {id(n) for n in self.nodes
                                                 if n.kind != "op" and done}
        has_grad = {id(s.node) for s in done if s.phase in ("backward", "update")}
        for s in done:
            if s.phase == "backward":
                has_grad.update(id(n) for n in s.node.inputs if n.kind != "placeholder")
        width = 1460 / len(self.nodes)
        for node in self.nodes:
            x = 20 + order[id(node)] * width
            current = node is step.node
            fill = {"placeholder": "#dbeafe", "variable": "#dcfce7", "op": "#ffffff"}[node.kind]
            ax.add_patch(FancyBboxPatch((x + 4, 16), width - 8, 250,
                                        boxstyle="round,pad=0,rounding_size=8", facecolor=fill,
                                        edgecolor=_NOW if current else "#94a3b8",
                                        linewidth=3 if current else 1))
            ax.text(x + width / 2, 38, node.label, ha="center", fontsize=13, weight="bold",
                    color=_INK)
            ax.text(x + width / 2, 58, _kind_text(node), ha="center", fontsize=11,
                    color=_MUTED)
            y = 80
            if id(node) in has_value:
                for line in format_value(node.value)[:5]:
                    ax.text(x + width / 2, y, line, ha="center", va="top", fontsize=_SMALL,
                            family=_MONO, color=_VALUE)
                    y += 17
            if id(node) in has_grad and node.grad is not None:
                ax.text(x + width / 2, y + 2, "∂loss/∂" + node.label, ha="center", va="top",
                        fontsize=11, color=_GRAD)
                y += 19
                for line in format_value(node.grad)[:4]:
                    ax.text(x + width / 2, y, line, ha="center", va="top", fontsize=_SMALL,
                            family=_MONO, color=_GRAD)
                    y += 17

    def to_png(self) -> bytes:
        return figure_png(self.figure())

    def _repr_mimebundle_(self, **kwargs):
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["image/png"] = self.to_png()
        bundle["text/plain"] = repr(self)
        return bundle

    def __repr__(self) -> str:
        return f"<Walkthrough step {self.index + 1} of {len(self.steps)}: {self.current.title}>"


def _kind_text(node: Node) -> str:
    if node.kind == "placeholder":
        return tr("placeholder")          # short: the boxes are narrow
    if node.kind == "variable":
        return "Variable"
    op = node.op
    if _INDEX_SUFFIX.sub("", op.name.rsplit("/", 1)[-1]) == op.type:
        return op.name                       # "MatMul_1" says its type already
    return f"{op.name} ({op.type})"


def _numbers(array) -> str:
    return "\n".join(format_value(array)[:6])


def backprop_walkthrough(loss, feed_dict, learning_rate=0.001, session=None,
                         names=None, lang=None) -> Walkthrough:
    """Walk one gradient-descent step through `loss`'s graph (see the module docstring).

    feed_dict: the batch (what sess.run(train_step, feed_dict) would be given).
    learning_rate: the rate of the update shown last.
    session: a Session holding the variables' values (default: the default session,
        else a new one that runs their initializers: seeded weights start alike).
    names: {name: tensor} for the labels, like draw_graph's (default: the caller's names).
    lang: "zh" for Chinese words (default: the language set by course.viz.set_language).
    """
    if names is None:
        names = caller_names()      # here: a decorator would put its own frame between
    with speaking(lang):
        return _walkthrough(loss, feed_dict, learning_rate, session, names)


def _walkthrough(loss, feed_dict, learning_rate, session, names) -> Walkthrough:
    import course as tf

    from .graph_diagram import python_names_of_ops
    from .graph_model import ancestors

    graph = loss.graph
    wanted = ancestors([loss.op])
    label_of = python_names_of_ops(names or {})

    nodes, node_of = [], {}
    for op in graph.get_operations():
        if op not in wanted:
            continue
        if op.type in ("VariableV2", "Variable", "VarHandleOp"):
            kind, tensor = "variable", op.outputs[0]
        elif op.type in ("Placeholder", "PlaceholderV2", "PlaceholderWithDefault"):
            kind, tensor = "placeholder", op.outputs[0]
        elif op.type == "Identity" and op.inputs and op.inputs[0].op in node_of and \
                node_of[op.inputs[0].op].kind == "variable":
            node_of[op] = node_of[op.inputs[0].op]      # a variable's read: the variable
            node_of[op].tensor = op.outputs[0]
            continue
        elif op.type == "Const":
            continue
        else:
            kind, tensor = "op", op.outputs[0]
        node = Node(tensor, op, kind, label_of.get(op, op.name),
                    [node_of[t.op] for t in op.inputs if t.op in node_of])
        node_of[op] = node
        nodes.append(node)

    with graph.as_default(), tf.name_scope("backprop_walkthrough"):
        targets = [n for n in nodes if n.kind != "placeholder"]
        grads = tf.gradients(loss, [n.tensor for n in targets])
        init = tf.variables_initializer(tf.global_variables())
    own = session is None and tf.get_default_session() is None
    session = session or tf.get_default_session() or tf.Session(graph=graph)
    try:
        if own:
            session.run(init)
        fetches = [n.tensor for n in nodes] + [g for g in grads if g is not None]
        values = session.run(fetches, feed_dict)
    finally:
        if own:
            session.close()
    for node, value in zip(nodes, values):
        node.value = np.asarray(value)
    rest = iter(values[len(nodes):])
    for node, grad in zip(targets, grads):
        node.grad = None if grad is None else np.asarray(next(rest))
    return Walkthrough(nodes, _steps(nodes, loss, learning_rate))


def _steps(nodes, loss, learning_rate) -> list:
    steps = []
    loss_node = next(n for n in nodes if n.op is loss.op)
    for node in nodes:
        if node.kind == "op":
            args = ", ".join(n.label for n in node.inputs)
            title = f"{node.label} = {node.op.type}({args})"
        elif node.kind == "variable":
            title = tr("{name}: a Variable, its current value", name=node.label)
        else:
            title = tr("{name}: fed by the feed_dict", name=node.label)
        steps.append(Step("forward", node, title,
                          [[(f"{node.label} =\n{_numbers(node.value)}", _VALUE)]]))
    steps.append(Step("backward", loss_node, tr("start: ∂loss/∂{name} = 1", name=loss_node.label),
                      [[(tr("The gradient of the loss with respect to itself is 1:"), _INK),
                        (tr("every other gradient is this 1 passed back through the ops."),
                         _INK)]]))
    for node in reversed([n for n in nodes if n.kind == "op"]):
        names = [n.label for n in node.inputs]
        blocks = [[(tr("upstream: ∂loss/∂{name} =", name=node.label), _INK),
                   (_numbers(node.grad), _GRAD)]]
        for index, source in enumerate(node.inputs):
            if source.kind == "placeholder":
                continue
            formula = _formula(node.op.type, node.label, names, index, node)
            blocks.append([(f"∂loss/∂{source.label} = {formula}", _INK),
                           (f"= {_inline(source.grad)}", _GRAD)])
        if len(blocks) > 1:
            steps.append(Step("backward", node, tr("back through {name} ({type})",
                                                   name=node.label, type=node.op.type), blocks))
    for node in nodes:
        if node.kind == "variable" and node.grad is not None:
            rate = np.float32(learning_rate)
            after = node.value - rate * node.grad
            steps.append(Step("update", node,
                              f"{node.label} -= learning_rate × ∂loss/∂{node.label}",
                              [[(tr("before: {name} =", name=node.label), _INK),
                                (_numbers(node.value), _VALUE)],
                               [(f"∂loss/∂{node.label} =", _INK), (_numbers(node.grad), _GRAD)],
                               [(tr("after: {name} - {rate} × ∂loss/∂{name} =",
                                    name=node.label, rate=f"{learning_rate:g}"), _INK),
                                (_numbers(after), _NOW)]]))
    return steps


def _inline(array) -> str:
    """A value after "= ": its rows one per line, aligned under the first."""
    return "\n  ".join(format_value(array)[:6])
