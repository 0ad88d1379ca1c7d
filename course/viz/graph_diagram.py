"""Pictures of computation graphs: `draw_graph` and its widget, `graph_explorer`.

    import course as tf
    from course.viz import draw_graph
    draw_graph(loss)                          # the ops that compute loss, top to bottom
    draw_graph(tf.get_default_graph())        # the whole graph; `gradients` folded into one node
    draw_graph(graph, expand=["gradients"])   # ... opened
    draw_graph(graph, highlight=loss)         # what sess.run(loss) executes, the rest faded
    draw_graph(graph, trace=run_metadata)     # each node with its value in a traced run

Two steps. `graph_model.build_model(target, trace=, highlight=, gradients=)` makes the
model: which nodes and edges there are and what a run says about them. `draw_model` only
draws a model: drawing/layout.py places the nodes (a name scope is laid out on its own and
placed in its parent as one box), this module turns that into a scene of shapes, which
drawing/svg.py writes as SVG (shown in Jupyter) and drawing/scene_png.py draws as PNG
(`.save("g.png")`). No matplotlib or ipywidgets is imported until a PNG or a widget is
asked for.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path as FilePath

import numpy as np

from . import graph_bands as gb
from . import graph_control_flow as cf
from . import graph_model as gm
from .drawing.layout import Box, Link, layout
from .drawing.svg import Path, Rect, Scene, Text, text_width, to_svg
from .language import language_of_now, speaking, tr

# ---------------------------------------------------------------- looks

# fill, stroke, corner radius, what the legend calls it
_KIND_STYLE = {
    gm.PLACEHOLDER: ("#dbeafe", "#2563eb", 13.0, "placeholder (fed)"),
    gm.VARIABLE: ("#dcfce7", "#15803d", 2.0, "variable (state)"),
    gm.CONSTANT: ("#f1f5f9", "#94a3b8", 4.0, "constant"),
    gm.OP: ("#ffffff", "#334155", 7.0, "op"),
    gm.GRADIENT: ("#f3e8ff", "#9333ea", 7.0, "gradient op"),
    gm.UPDATE: ("#ffedd5", "#ea580c", 7.0, "update / assign op"),
}
_SCOPE_LEGEND = "scope folded into one node"
_INK, _MUTED, _VALUE, _GRAD = "#1e293b", "#64748b", "#0f766e", "#7e22ce"
_EDGE_STYLE = {  # colour, width, dash, legend text
    "data": ("#64748b", 1.3, None, "tensor, labelled with its static shape"),
    "ref": ("#ea580c", 1.3, None, "ref input: the op writes this variable"),
    "control": ("#94a3b8", 1.1, (4.0, 3.0), "control dependency (runs first)"),
}
_SCOPE_FILLS = ("#f8fafc", "#f1f5f9", "#e9eef5")
_SCOPE_STROKE = {"": "#cbd5e1", gm.GRADIENT: "#d8b4fe", gm.UPDATE: "#fdba74"}
# A loop body's box, and a cond branch's: (kind, ran in the traced run) -> stroke, width, dash,
# what its tooltip calls it.
_CONTROL_STYLE = {
    (cf.LOOP, None): ("#0f766e", 1.8, None, "while loop body"),
    (cf.BRANCH, None): ("#64748b", 1.4, None, "tf.cond branch"),
    (cf.BRANCH, True): ("#15803d", 2.6, None, "tf.cond branch (ran)"),
    (cf.BRANCH, False): ("#94a3b8", 1.2, (5.0, 4.0), "tf.cond branch (not run)"),
}
_FADED = 0.22

# At least 11 px at 100 % zoom: the smallest text must still read without squinting.
NAME_SIZE, SMALL_SIZE, LABEL_SIZE = 13.0, 11.0, 11.0
_LINE = 1.32           # line height, in font sizes
_NODE_PAD_X, _NODE_PAD_Y, _MIN_NODE_W = 10.0, 6.0, 56.0
_STACK = 4.0           # offset of the card behind a folded scope
_PAD, _PAD_TOP, _PAD_BOTTOM = 12.0, 6.0, 12.0   # inside a scope box
_TITLE_SIZE = 11.0
_MARGIN = 16.0
_ARROW_LEN, _ARROW_HALF = 8.0, 4.0
_MAX_VALUE_CHARS = 44

_TITLE_KEY, _IN, _OUT = "\0title", "\0in:", "\0out:"

# Left to right unless that is wider than this and top to bottom is narrower. JupyterLab
# does not shrink a wide SVG (its 11-px text stays 11 px): a cell scrolls it sideways, which
# reads worse than scrolling down. 1400 px is a full-width cell on a 1440-px screen; a cell
# of a 1280-px window shows about 900 px, so lesson 02's 1218-px traced step scrolls there.
FIT_WIDTH = 1400.0
_ACROSS_GAP = 50.0     # between two columns, left to right: room for a shape label
_BAND_FILLS = {gb.GRADIENTS: ("#faf5ff", "#e9d5ff"), gb.UPDATES: ("#fff7ed", "#fed7aa")}
_BAND_PAD = 8.0


# ---------------------------------------------------------------- the picture object


@dataclass
class NodeBox:
    """Where a node was drawn and what it stands for (for tests and curious readers)."""

    key: str
    kind: str
    x: float
    y: float
    w: float
    h: float
    ops: list            # names of the graph ops it stands for
    lines: list          # the text it shows
    emphasis: bool       # drawn solid (False: faded by `highlight`)


@dataclass
class EdgeLine:
    src: str
    dst: str
    kind: str
    points: list         # the routed polyline, source to target
    label: str


class GraphDiagram:
    """A drawn graph: shows as SVG in Jupyter; `.svg`, `.save(path)` (.svg or .png),
    `.to_png()`, `.figure`; `.nodes`, `.edges`, `.scopes` and `.scene` say what is where,
    `.direction` which way it flows ("right" or "down")."""

    def __init__(self, scene: Scene, nodes: dict, edges: list, scopes: dict, model,
                 direction: str = "down"):
        self.direction = direction
        self.scene = scene
        self.nodes = nodes
        self.edges = edges
        self.scopes = scopes
        self.model = model
        self._svg = None

    @property
    def svg(self) -> str:
        if self._svg is None:
            self._svg = to_svg(self.scene)
        return self._svg

    def _repr_svg_(self) -> str:
        return self.svg

    def to_png(self, scale: float | None = None) -> bytes:
        """PNG bytes; `scale` image pixels per SVG pixel (default: 2, less for big graphs)."""
        from .drawing.scene_png import to_png
        return to_png(self.scene, scale)

    @property
    def figure(self):
        """The picture as a matplotlib Figure (drawn from the same scene as the SVG)."""
        from .drawing.scene_png import scene_figure
        return scene_figure(self.scene)

    def save(self, path, scale: float | None = None) -> FilePath:
        """Write the picture to `path`: SVG for .svg, PNG for .png."""
        path = FilePath(path)
        suffix = path.suffix.lower()
        if suffix == ".svg":
            path.write_text(self.svg, encoding="utf-8")
        elif suffix == ".png":
            path.write_bytes(self.to_png(scale))
        else:
            raise ValueError(f"save() writes .svg or .png files, not {suffix or 'no suffix'!r}")
        return path

    def __repr__(self) -> str:
        return (f"<GraphDiagram: {len(self.nodes)} nodes, {len(self.edges)} edges, "
                f"{len(self.scopes)} scope boxes, {len(self.model.ops)} ops>")


# ---------------------------------------------------------------- entry points


def draw_graph(target, trace=None, highlight=None, show_gradients=True, expand=None,
               collapse_threshold=10, max_label_len=28, title=None, gradients=None,
               names=None, lang=None, direction=None):
    """Draw a computation graph: the forward pass left to right, inputs on the left, and
    its gradients in a band beneath, each under the op it is the gradient of, flowing back
    right to left; the updates in a band under that, each under its variable.

    target: a Graph (all of it), or a Tensor, Operation, Variable or list of them (the
        ops that compute them).
    trace: a RunMetadata filled by sess.run(..., options=RunOptions(trace_level=
        RunOptions.FULL_TRACE), run_metadata=md) (or a dict tensor name -> value): each
        node shows its value in that run, a variable also the gradient flowing into it.
    highlight: fetches (a tensor, op or list): the ops Session.run executes for them are
        drawn solid and the rest faded, so you see why fetching `loss` does not train.
    show_gradients: False hides gradient ops, update ops and what only they use.
    expand: scope names to draw opened although they have more than
        `collapse_threshold` ops (True: open them all; collapse_threshold=None: never fold).
    max_label_len: longer node names are shortened from the left ("…/MatMul_1").
    gradients: {variable: gradient tensor}, when they cannot be found from the graph.
    names: the Python names to label nodes with, as in your code (`x`, `w1`, `loss_mse`),
        TF's op name then in small type below: a dict such as `globals()`; None (the
        default) reads them from the code that calls draw_graph; False: op names only.
    lang: "zh" or "en" for the title, captions and legend (default: course.viz.set_language).
    direction: "right" (left to right, in bands), "down" (top to bottom, gradient scopes as
        boxes) or None: "right" unless that is wider than FIT_WIDTH px and "down" is
        narrower (a long chain of ops: a notebook cell would scroll it sideways), or the
        gradients are folded into one node (fed by every op, it tangles).
    """
    if names is None:
        names = caller_names()
    model = gm.build_model(target, trace=trace, highlight=highlight, gradients=gradients,
                           show_gradients=show_gradients, expand=expand,
                           collapse_threshold=collapse_threshold)
    with speaking(lang):
        return draw_model(model, title=title, max_label_len=max_label_len, names=names,
                          direction=direction)


def draw_model(model, title=None, max_label_len=28, names=False, direction=None):
    """The GraphDiagram of a graph_model.GraphModel (build_model makes one)."""
    if direction not in (None, "right", "down"):
        raise ValueError(f"direction must be 'right', 'down' or None, not {direction!r}")
    python_names = python_names_of_units(model, names) if names else {}
    return _Drawer(model, max_label_len, python_names, direction).draw(title, _captions(model))


def caller_names(depth: int = 2) -> dict:
    """The names visible where the picture was asked for: the calling frame's globals,
    then its locals (a local shadows a global of the same name)."""
    import sys

    frame = sys._getframe(depth)
    try:
        return {**frame.f_globals, **frame.f_locals}
    finally:
        del frame


_HIDDEN_NAME = re.compile(r"^(_.*|In|Out)$")   # private names and IPython's history


def python_names_of_ops(names: dict) -> dict:
    """{op: the Python name holding it (its tensor, it, or its Variable)}; the first name
    bound wins when two hold the same op (a dict keeps the order names were bound in)."""
    found = {}
    for name, value in names.items():
        if not isinstance(name, str) or _HIDDEN_NAME.match(name):
            continue
        try:
            element = gm.graph_element(value)
        except (TypeError, AttributeError, ValueError):
            continue
        found.setdefault(element.op if isinstance(element, gm.Tensor) else element, name)
    return found


def python_names_of_units(model, names: dict) -> dict:
    """{unit: the Python name of its op}, for the nodes of a diagram."""
    found = {}
    for op, name in python_names_of_ops(names).items():
        unit = model.unit_of.get(op)
        if unit is not None and unit.kind != gm.SCOPE and unit not in found:
            found[unit] = name
    return found


def graph_explorer(target, **options):
    """A widget: pick the folded scopes to open and whether to show gradients; the diagram
    updates in place. Carries `.scope_select`, `.gradients_checkbox`, `.output` and
    `.current` (the GraphDiagram shown)."""
    import ipywidgets as widgets

    from .drawing.display import show_in

    if options.get("names") is None:
        options["names"] = caller_names()
    # its redraws keep the language it was made in
    options["lang"] = lang = language_of_now(options.get("lang"))
    threshold = options.get("collapse_threshold", 10)
    everything = gm.build_model(target, show_gradients=options.get("show_gradients", True),
                                expand=True, collapse_threshold=None)
    choices = sorted(s for s, n in everything.scope_sizes.items()
                     if threshold is not None and n > threshold)
    scope_select = widgets.SelectMultiple(options=choices, value=(), rows=min(6, max(2, len(
        choices))), description=tr("expand", lang=lang))
    gradients_checkbox = widgets.Checkbox(value=options.pop("show_gradients", True),
                                          description=tr("show gradients", lang=lang))
    output = widgets.Output()
    box = widgets.VBox([widgets.HBox([scope_select, gradients_checkbox]), output])
    box.scope_select, box.gradients_checkbox, box.output = scope_select, gradients_checkbox, output
    options.pop("expand", None)

    def redraw(_change=None):
        box.current = draw_graph(target, expand=list(scope_select.value),
                                 show_gradients=gradients_checkbox.value, **options)
        show_in(output, box.current)

    scope_select.observe(redraw, names="value")
    gradients_checkbox.observe(redraw, names="value")
    redraw()
    return box


# ---------------------------------------------------------------- captions


def _captions(model):
    lines = []
    if model.needed is not None:
        shown = set(model.ops)
        runs = len(model.needed & shown)
        names = _fetch_names(model.highlight)
        lines.append(tr("sess.run({names}) executes the {runs} solid ops; the {faded} faded "
                        "ones do not run.", names=names, runs=runs, faded=len(shown) - runs))
    if model.values is not None:
        executed = model.executed
        ran = (tr("{n} ops ran", n=len(executed)) if executed is not None
               else tr("traced run"))
        lines.append(tr("Values from one traced run ({ran}).", ran=ran))
    return lines


def _fetch_names(fetches) -> str:
    items = fetches if isinstance(fetches, (list, tuple)) else [fetches]
    names = []
    for item in items:
        element = gm.graph_element(item) if not isinstance(item, str) else item
        name = element if isinstance(element, str) else element.name
        names.append(name.removesuffix(":0"))
    text = ", ".join(names)
    text = text if len(items) == 1 else f"[{text}]"
    return _shorten(text, 60)


# ---------------------------------------------------------------- text of nodes


def _shorten(text: str, limit: int) -> str:
    """Cut from the left, where a name is least specific: '…grad/MatMul_1'."""
    if limit and len(text) > limit:
        return "…" + text[-(limit - 1):]
    return text


def _name_lines(name: str, limit: int, split: bool = False) -> list:
    """A node's name; a long one (or any, `split`) on two lines, its scope above its own
    name in small type."""
    if "/" not in name or not split and (not limit or len(name) <= limit):
        return [(_shorten(name, limit), NAME_SIZE, _INK, "bold")]
    scope, _, own = name.rpartition("/")
    return [(_shorten(scope + "/", limit), SMALL_SIZE, _MUTED, "normal"),
            (_shorten(own, limit), NAME_SIZE, _INK, "bold")]


def format_number(x, digits: int = 4) -> str:
    if isinstance(x, (bool, np.bool_)):
        return str(bool(x))
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    if isinstance(x, (float, np.floating)):
        return f"{float(x):.{digits}g}"
    text = x.decode() if isinstance(x, bytes) else str(x)
    return repr(text)


def _compact(array: np.ndarray) -> str:
    if array.ndim == 0:
        return format_number(array.item(), 3)
    return "[" + " ".join(_compact(a) for a in array) + "]"


_MAX_MATRIX = (4, 4)   # rows, columns of a value shown whole, one row per line


def format_value(value, stacked: bool = False) -> list[str]:
    """A traced value as text lines: '0.3906'; '[1 2 3]' up to 6 elements; a matrix up to
    4 x 4 one row per line (a 2 x 3 weight reads as the array it is); else its shape and
    min/mean/max (`stacked`: one per line, for a narrow node)."""
    array = np.asarray(value)
    if array.ndim == 0:
        return [format_number(array.item())]
    if array.ndim == 1 and array.size <= 6:
        text = _compact(array)
        if len(text) <= _MAX_VALUE_CHARS:
            return [text]
    if array.ndim == 2 and array.shape[0] <= _MAX_MATRIX[0] and array.shape[1] <= _MAX_MATRIX[1]:
        rows = [_compact(row) for row in array]
        if max(len(row) for row in rows) <= _MAX_VALUE_CHARS:
            return [("[" if i == 0 else " ") + row + ("]" if i == len(rows) - 1 else "")
                    for i, row in enumerate(rows)]
    lines = [f"shape {tuple(array.shape)}"]
    if array.dtype.kind in "iufb":
        data = array.astype(np.float64)
        stats = [f"min {format_number(data.min(), 3)}", f"mean {format_number(data.mean(), 3)}",
                 f"max {format_number(data.max(), 3)}"]
        lines += stats if stacked else [" ".join(stats)]
    return lines


def shape_text(tensor) -> str:
    shape = tensor.shape
    if shape.ndims is None:
        return "<unknown>"
    dims = ["?" if d is None else str(d) for d in shape.as_list()]
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"


_INDEX_SUFFIX = re.compile(r"_\d+$")


def _clashing_labels(units) -> set:
    """The units whose name relative to their box another node shows too (MatMul_1 inside
    and outside the gradients, a loop's `while` inside another's): they show their full
    names as well, so that no two nodes read alike."""
    relative = {unit: _relative(unit.key, unit.parent) for unit in units}
    seen = Counter(relative.values())
    return {unit for unit, label in relative.items() if seen[label] > 1}


def _relative(name: str, cluster) -> str:
    if cluster is not None and cluster.name and name == cluster.name:
        return name.rsplit("/", 1)[-1]   # an op named like its scope (a loop's While node)
    prefix = cluster.name + "/" if cluster is not None and cluster.name else ""
    return name[len(prefix):] if prefix and name.startswith(prefix) else name


# ---------------------------------------------------------------- drawing


class _Drawer:
    """Draws one GraphModel: node texts and sizes, the nested layouts, then the scene."""

    def __init__(self, model, max_label_len, python_names=None, direction=None):
        self.model = model
        self.max_label_len = max_label_len
        self.python_names = python_names or {}
        self.clashing = _clashing_labels(model.units)
        self.requested = direction

    # -- what each node says -----------------------------------------------------------
    def _lines(self, unit):
        """[(text, size, colour, weight)] shown in the node."""
        label = _relative(unit.key, unit.parent)
        python_name = self.python_names.get(unit)
        band = gb.band_of(unit) if self.banded else gb.FORWARD
        if band == gb.GRADIENTS and python_name is None and unit.kind != gm.SCOPE:
            # In the gradients band (it says "gradients"): its `..._grad/` scope small above
            # its own name, which keeps the column narrow and the name unique.
            lines = _name_lines(gb.name_in_band(unit.key), self.max_label_len, split=True)
        elif (python_name is not None and python_name != label) or (
                unit in self.clashing and unit.key != label):
            # The learner's name (or the short name) first; TF's full name below, small.
            lines = [(_shorten(python_name or label, self.max_label_len), NAME_SIZE, _INK,
                      "bold"),
                     (_shorten(unit.key, self.max_label_len), SMALL_SIZE, _MUTED, "normal")]
        else:
            lines = _name_lines(label, self.max_label_len, split=band != gb.FORWARD)
        if unit.kind == gm.SCOPE:
            lines.append((f"{len(unit.ops)} ops", SMALL_SIZE, _MUTED, "normal"))
            lines.append((f"expand=[{unit.key.rsplit('/', 1)[-1]!r}]", SMALL_SIZE, _MUTED,
                          "normal"))
            return lines
        op = unit.op
        if unit.kind == gm.VARIABLE:
            lines.append(("Variable", SMALL_SIZE, _MUTED, "normal"))
        elif _INDEX_SUFFIX.sub("", op.name.rsplit("/", 1)[-1]) != op.type:
            lines.append((op.type, SMALL_SIZE, _MUTED, "normal"))
        if self.model.values is None:
            return lines
        value = self._value_of(unit)
        if value is not None:
            lines += [(text, SMALL_SIZE, _VALUE, "normal")
                      for text in format_value(value, stacked=self.flow == "right")]
        grad = self.model.gradients.get(op) if unit.kind == gm.VARIABLE else None
        if grad is not None and grad.name in self.model.values:
            texts = format_value(self.model.values[grad.name], stacked=self.flow == "right")
            lines.append(("grad " + texts[0], SMALL_SIZE, _GRAD, "normal"))
            lines += [(text, SMALL_SIZE, _GRAD, "normal") for text in texts[1:]]
        return lines

    def _value_of(self, unit):
        op = unit.op
        if unit.kind == gm.VARIABLE:
            names = [op.name + ":0", op.name + "/read:0"]
        else:
            names = [t.name for t in op.outputs[:1]]
        values = self.model.values
        return next((values[n] for n in names if n in values), None)

    def _size(self, lines, unit):
        width = max(text_width(text, size) for text, size, _, _ in lines) + 2 * _NODE_PAD_X
        if unit.kind == gm.PLACEHOLDER:
            width += 8  # room for the rounded ends
        height = sum(size * _LINE for _, size, _, _ in lines) + 2 * _NODE_PAD_Y
        width = max(width, _MIN_NODE_W)
        if unit.kind == gm.SCOPE:
            width, height = width + _STACK, height + _STACK
        return width, height

    def _emphasis(self, unit) -> bool:
        needed, executed = self.model.needed, self.model.executed
        if executed is not None and all(op._control_flow_context is not None and
                                        op.name not in executed for op in unit.ops):
            return False              # inside a loop or a branch that did not run
        if any(c.control is not None and cf.taken(c.control, self.model.control_flow) is False
               for c in gm.lineage(unit)):
            return False              # in the branch its cond did not take (the last time)
        return needed is None or any(op in needed for op in unit.ops)

    # -- geometry ----------------------------------------------------------------------
    def _levels(self):
        """Split each edge into one link per cluster it passes through (see layout.py)."""
        self.level_links = {}   # cluster -> {Link: index}
        self.pieces = []        # per edge: [(cluster, link index), ...] source to target
        for edge in self.model.edges:
            pk = f"{edge.src.key}|{edge.port}"
            a, b = self._lineage(edge.src), self._lineage(edge.dst)
            k = 0
            while k + 1 < min(len(a), len(b)) and a[k + 1] is b[k + 1]:
                k += 1
            seq = []
            for depth in range(len(a) - 1, k, -1):
                child = edge.src if depth == len(a) - 1 else a[depth + 1]
                seq.append((a[depth], Link(child.key, _OUT + pk, pk, None)))
            src_child = edge.src if k == len(a) - 1 else a[k + 1]
            dst_child = edge.dst if k == len(b) - 1 else b[k + 1]
            seq.append((a[k], Link(src_child.key, dst_child.key, pk, self._port(dst_child, pk))))
            for depth in range(k + 1, len(b)):
                child = edge.dst if depth == len(b) - 1 else b[depth + 1]
                seq.append((b[depth], Link(_IN + pk, child.key, pk, self._port(child, pk))))
            self.pieces.append([(cluster, self._register(cluster, link)) for cluster, link in seq])

    @staticmethod
    def _port(item, pk):
        return pk if isinstance(item, gm.Cluster) else None

    def _register(self, cluster, link):
        links = self.level_links.setdefault(cluster, {})
        if link not in links:
            links[link] = len(links)
        return links[link]

    def _lineage(self, item) -> list:
        """The clusters an item is drawn in, outermost (the root) first."""
        chain, node = [], self.parent.get(item)
        while node is not None:
            chain.append(node)
            node = self.parent.get(node)
        return chain[::-1]

    def _top_key(self, item) -> str:
        """The key of the root's child that is or holds `item`."""
        while self.parent.get(item) is not self.model.root:
            item = self.parent[item]
        return item.key

    def _band_box(self, child, width, height, **ports) -> Box:
        if not self.banded:
            return (Box(child.key, width, height, child.order, **ports)
                    if isinstance(child, gm.Cluster) else self._unit_box(child, width, height))
        if isinstance(child, gm.Cluster):
            band = {gm.GRADIENT: gb.GRADIENTS, gm.UPDATE: gb.UPDATES}.get(child.kind, gb.FORWARD)
            return Box(child.key, width, height, child.order, band=band, **ports)
        mirror = tuple(self._top_key(u) for u in gb.mirrored_units(self.model, child))
        return self._unit_box(child, width, height, band=gb.band_of(child), mirror=mirror)

    def _unit_box(self, unit, width, height, band=0, mirror=()) -> Box:
        """A node's box; left to right it asks for room for its edges' shape labels, after
        it (before it in the bands beneath, whose edges leave to the left)."""
        room = 0.0
        if self.flow == "right":
            room = max((text_width(label, LABEL_SIZE) + 8
                        for label in self.out_labels.get(unit, ())), default=0.0)
        return Box(unit.key, width, height, unit.order, band=band, mirror=mirror,
                   lead=room if band else 0.0, trail=0.0 if band else room)

    def _layout_cluster(self, cluster):
        """Lay out a cluster's children (clusters first, recursively); its size and ports."""
        boxes = []
        is_root = cluster is self.model.root
        for child in self.children[cluster]:
            if isinstance(child, gm.Cluster):
                width, height, ins, outs = self._layout_cluster(child)
                ports = {"in_ports": ins, "out_ports": outs}
                boxes.append(self._band_box(child, width, height, **ports) if is_root else
                             Box(child.key, width, height, child.order, **ports))
            else:
                width, height = self.sizes[child]
                boxes.append(self._band_box(child, width, height) if is_root else
                             self._unit_box(child, width, height))
        links = list(self.level_links.get(cluster, {}))
        across = self.flow == "right"
        if not is_root:
            title = _relative(cluster.name, cluster.parent)
            if cluster.control is not None:
                title = cf.title(cluster.control, title, self.model.control_flow)
            self.titles[cluster] = title
            # Top to bottom the title is a node of the first layer, left to right it is
            # set above the box's first row.
            self.top_pad[cluster] = _PAD_TOP + (_TITLE_SIZE * 1.3 + 4 if across else 0.0)
            if not across:
                boxes.append(Box(_TITLE_KEY, text_width(title, _TITLE_SIZE) + 2,
                                 _TITLE_SIZE * 1.3, -1, rank="min", first=True))
            ports = {}
            for link in links:
                if link.src.startswith(_IN):
                    ports[link.src] = "min"
                if link.dst.startswith(_OUT):
                    ports[link.dst] = "max"
            for key, rank in ports.items():
                hint = self.port_order.get((cluster, key))
                boxes.append(Box(key, 0.0, 0.0, hint if hint is not None else 0.0, rank=rank,
                                 keep_order=hint is not None))
        result = layout(boxes, links, self.flow, layer_gap=_ACROSS_GAP if across else None)
        self.layouts[cluster] = result
        if is_root:
            return result.width, result.height, None, None
        # a port's offset along the side edges enter by: the top edge, or the left one
        axis, start = (1, self.top_pad[cluster]) if across else (0, _PAD)
        ins = {key[len(_IN):]: start + result.positions[key][axis]
               for key in result.positions if key.startswith(_IN)}
        outs = {key[len(_OUT):]: start + result.positions[key][axis]
                for key in result.positions if key.startswith(_OUT)}
        width = max(result.width, text_width(self.titles[cluster], _TITLE_SIZE) if across
                    else 0.0)
        return width + 2 * _PAD, result.height + self.top_pad[cluster] + _PAD_BOTTOM, ins, outs

    def _place(self, cluster, ox, oy):
        result = self.layouts[cluster]
        self.origins[cluster] = (ox, oy)
        for child in self.children[cluster]:
            x, y = result.positions[child.key]
            if isinstance(child, gm.Cluster):
                box = self._layout_box(child)
                self.cluster_boxes[child] = (ox + x, oy + y, box[0], box[1])
                self._place(child, ox + x + _PAD, oy + y + self.top_pad[child])
            else:
                w, h = self.sizes[child]
                self.unit_boxes[child] = (ox + x, oy + y, w, h)
        if cluster in self.titles and _TITLE_KEY in result.positions:
            _, y = result.positions[_TITLE_KEY]  # the title node reserves the top-left corner
            self.title_points[cluster] = (ox, oy + y + _TITLE_SIZE)
        elif cluster in self.titles:  # above the first row
            self.title_points[cluster] = (ox, oy - self.top_pad[cluster] + _PAD_TOP + _TITLE_SIZE)

    def _layout_box(self, cluster):
        result = self.layouts[cluster]
        width = max(result.width, text_width(self.titles[cluster], _TITLE_SIZE)
                    if self.flow == "right" else 0.0)
        return width + 2 * _PAD, result.height + self.top_pad[cluster] + _PAD_BOTTOM

    def _route(self, index):
        points = []
        for cluster, link_index in self.pieces[index]:
            ox, oy = self.origins[cluster]
            points += [(x + ox, y + oy) for x, y in self.layouts[cluster].routes[link_index]]
        deduped = []
        for p in points:
            if not deduped or abs(p[0] - deduped[-1][0]) > 1e-6 or abs(p[1] - deduped[-1][1]) > 1e-6:
                deduped.append(p)
        return deduped

    # -- the scene ---------------------------------------------------------------------
    def draw(self, title, captions):
        model = self.model
        if self.requested is not None:
            graph_w, graph_h = self._arrange(self.requested)
        else:
            # A folded `gradients` node, fed by every forward op, tangles left to right.
            graph_w, graph_h = self._arrange("down" if gb.gradients_folded(model) else "right")
            if graph_w > FIT_WIDTH and self.flow == "right":
                down = self._arrange("down")
                if down[0] < graph_w:
                    graph_w, graph_h = down
                else:
                    graph_w, graph_h = self._arrange("right")

        header = _Header(title, captions, self._legend_entries())
        width = max(graph_w, header.min_width) + 2 * _MARGIN
        header_h = header.layout(width - 2 * _MARGIN)
        self._place(model.root, _MARGIN, _MARGIN + header_h)
        scene = Scene(width, _MARGIN + header_h + graph_h + _MARGIN)
        header.draw(scene, _MARGIN, _MARGIN)
        self._draw_bands(scene, graph_w)
        self._draw_scopes(scene, model.root, 0)
        edges = self._draw_edges(scene)
        nodes = self._draw_nodes(scene)
        right = max((s.x + text_width(s.text, s.size) for s in scene.of_role("edge-label")),
                    default=0.0)
        scene.width = max(scene.width, right + _MARGIN)
        scopes = {c.name: box for c, box in self.cluster_boxes.items()}
        return GraphDiagram(scene, nodes, edges, scopes, model, self.flow)

    def _arrange(self, flow):
        """Lay the graph out "right" or "down": (width, height) of the graph."""
        self.flow = flow
        self.banded = flow == "right" and gb.has_bands(self.model)
        self.children, self.parent = gb.dissolve(
            self.model.root, gb.BACKWARD_KINDS if self.banded else ())
        self.lines = {u: self._lines(u) for u in self.model.units}
        self.sizes = {u: self._size(self.lines[u], u) for u in self.model.units}
        self.out_labels = {}  # unit -> the shape labels of its outgoing edges
        for edge in self.model.edges:
            if edge.kind != "control" and edge.tensors:
                self.out_labels.setdefault(edge.src, set()).add(shape_text(edge.tensors[0]))
        self.port_order = {}
        self._levels()
        graph_w, graph_h = self._layout_all()
        if any(isinstance(c, gm.Cluster) for c in self.children[self.model.root]):
            # Second pass: order each box's ports by where their edges come from and go to
            # in the first pass, so edges do not cross where they enter or leave a box.
            self._order_ports_by_first_pass()
            graph_w, graph_h = self._layout_all()
        return graph_w, graph_h

    def _layout_all(self):
        self.layouts, self.titles, self.origins, self.top_pad = {}, {}, {}, {}
        self.cluster_boxes, self.unit_boxes, self.title_points = {}, {}, {}
        graph_w, graph_h, _, _ = self._layout_cluster(self.model.root)
        self._place(self.model.root, 0.0, 0.0)
        return graph_w, graph_h

    def _order_ports_by_first_pass(self):
        """Order a box's in-ports by where, outside, their edges come from (and out-ports by
        where they go), ties kept in the order the box's own layout chose."""
        links = {c: list(found) for c, found in self.level_links.items()}
        for pieces in self.pieces:
            for i, (cluster, link_index) in enumerate(pieces):
                link = links[cluster][link_index]
                if link.src.startswith(_IN):
                    outer, outer_index = pieces[i - 1]
                    other = links[outer][outer_index].src
                    self.port_order[(cluster, link.src)] = self._hint(outer, other, cluster,
                                                                      link.src)
                if link.dst.startswith(_OUT):
                    outer, outer_index = pieces[i + 1]
                    other = links[outer][outer_index].dst
                    self.port_order[(cluster, link.dst)] = self._hint(outer, other, cluster,
                                                                      link.dst)

    def _hint(self, outer, other, cluster, port):
        ox, _ = self.origins[outer]
        result = self.layouts[outer]
        x = ox + result.centers.get(other, 0.0)
        inner = next((layer.index(port) for layer in self.layouts[cluster].layers
                      if port in layer), 0)
        return round(x, 1) + inner / 1000

    def _legend_entries(self):
        kinds = {u.kind if u.kind != gm.SCOPE else gm.SCOPE for u in self.model.units}
        entries = [("node", kind) for kind in _KIND_STYLE if kind in kinds]
        if gm.SCOPE in kinds:
            entries.append(("node", gm.SCOPE))
        edge_kinds = {e.kind for e in self.model.edges}
        entries += [("edge", kind) for kind in _EDGE_STYLE if kind in edge_kinds]
        return entries

    def _draw_bands(self, scene, graph_w):
        """The stripes behind the gradients and the updates, each titled at its top left."""
        ox, oy = self.origins[self.model.root]
        for band, (start, end) in sorted(self.layouts[self.model.root].bands.items()):
            if band not in _BAND_FILLS:
                continue
            fill, stroke = _BAND_FILLS[band]
            scene.add(Rect(ox - _BAND_PAD, oy + start - _BAND_PAD, graph_w + 2 * _BAND_PAD,
                           end - start + 2 * _BAND_PAD, fill=fill, stroke=stroke, rx=8,
                           role="band", key=str(band)))
            scene.add(Text(ox - _BAND_PAD + 4, oy + start - _BAND_PAD - 4,
                           tr(gb.BAND_TITLES[band]), _TITLE_SIZE, fill=_MUTED, weight="bold",
                           role="band-title", key=str(band)))

    def _draw_scopes(self, scene, cluster, depth):
        for child in self.children[cluster]:
            if not isinstance(child, gm.Cluster):
                continue
            x, y, w, h = self.cluster_boxes[child]
            ops = sum(len(u.ops) for u in _units_in(child))
            stroke, width, dash, what = _SCOPE_STROKE.get(child.kind, _SCOPE_STROKE[""]), 1.2, \
                None, "name scope"
            if child.control is not None:
                stroke, width, dash, what = _CONTROL_STYLE[
                    child.control.kind, cf.taken(child.control, self.model.control_flow)]
            scene.add(Rect(x, y, w, h, fill=_SCOPE_FILLS[min(depth, len(_SCOPE_FILLS) - 1)],
                           stroke=stroke, stroke_width=width, dash=dash, rx=8, role="scope",
                           key=child.name, tooltip=f"{tr(what)} {child.name}/ ({ops} ops)"))
            tx, ty = self.title_points[child]
            scene.add(Text(tx, ty, self.titles[child], _TITLE_SIZE, fill=_MUTED, weight="bold",
                           role="scope-title", key=child.name))
            self._draw_scopes(scene, child, depth + 1)

    def _draw_edges(self, scene):
        out = []
        labels = {}
        heading = {}  # port -> (edges turning right) - (edges turning left)
        for index, edge in enumerate(self.model.edges):
            points = self._route(index)
            colour, width, dash, _ = _EDGE_STYLE[edge.kind]
            solid = self._emphasis(edge.src) and self._emphasis(edge.dst)
            if self.model.needed is not None and solid:
                width += 0.7
                colour = "#334155" if edge.kind == "data" else colour
            opacity = 1.0 if solid else _FADED
            key = f"{edge.src.key}->{edge.dst.key}"
            tensors = ", ".join(t.name for t in edge.tensors)
            across = self.flow == "right"
            scene.add(Path(_curve(points, across), stroke=colour, stroke_width=width, dash=dash,
                           opacity=opacity, role="edge", key=key,
                           tooltip=f"{tensors or 'control'}: {edge.src.key} -> {edge.dst.key}"))
            scene.add(Path(_arrowhead(points, across), fill=colour, stroke="none",
                           opacity=opacity, role="arrow", key=key))
            label = ""
            if edge.kind != "control" and edge.tensors:
                label = shape_text(edge.tensors[0])
                start = points[0]
                labels.setdefault((edge.src.key, edge.port), (start, label, opacity))
                if solid:
                    labels[(edge.src.key, edge.port)] = (start, label, 1.0)
                # Put the label on the side the edges do not turn to.
                axis = 1 if across else 0
                turn = next((p[axis] - points[0][axis] for p in points[1:3]
                             if abs(p[axis] - points[0][axis]) > 1), 0.0)
                side = heading.get((edge.src.key, edge.port), 0)
                heading[(edge.src.key, edge.port)] = side + (turn > 1) - (turn < -1)
            out.append(EdgeLine(edge.src.key, edge.dst.key, edge.kind, points, label))
        leaving = {(e.src.key, e.port): e.src for e in self.model.edges}
        for (src, port), ((x, y), label, opacity) in sorted(labels.items()):
            turns = heading.get((src, port), 0)
            if self.flow == "right":  # beside where it leaves, above or below the line
                ux, _, uw, _ = self.unit_boxes.get(leaving[(src, port)], (x, 0, 0, 0))
                left = x < ux + uw / 2  # leaves by the left side: a gradient flowing back
                lx = x - 4 - text_width(label, LABEL_SIZE) if left else x + 4
                ly = y - 4 if turns > 0 else y + LABEL_SIZE + 2
            else:
                ly = y + LABEL_SIZE + 2
                lx = x + 4 if turns <= 0 else x - 4 - text_width(label, LABEL_SIZE)
            scene.add(Rect(lx - 1, ly - LABEL_SIZE + 1, text_width(label, LABEL_SIZE) + 2,
                           LABEL_SIZE + 2, fill="#ffffff", opacity=0.85 * opacity,
                           role="edge-label-bg", key=src))
            scene.add(Text(lx, ly, label, LABEL_SIZE, fill=_MUTED, opacity=opacity,
                           role="edge-label", key=src))
        return out

    def _draw_nodes(self, scene):
        nodes = {}
        for unit in self.model.units:
            x, y, w, h = self.unit_boxes[unit]
            lines = self.lines[unit]
            emphasis = self._emphasis(unit)
            opacity = 1.0 if emphasis else _FADED
            kind = unit.inner_kind if unit.kind == gm.SCOPE else unit.kind
            fill, stroke, rx, _ = _KIND_STYLE.get(kind, _KIND_STYLE[gm.OP])
            stroke_width = 2.0 if unit.kind == gm.VARIABLE else 1.3
            if any(op in self.model.fetched for op in unit.ops):
                stroke_width = 3.0
            tooltip = self._tooltip(unit)
            if unit.kind == gm.SCOPE:
                w, h = w - _STACK, h - _STACK
                scene.add(Rect(x + _STACK, y + _STACK, w, h, fill=fill, stroke=stroke,
                               stroke_width=1.1, rx=rx, opacity=opacity, role="node-shadow",
                               key=unit.key))
            rx = min(rx, h / 2)
            scene.add(Rect(x, y, w, h, fill=fill, stroke=stroke, stroke_width=stroke_width,
                           rx=rx, dash=(5.0, 3.0) if unit.kind == gm.SCOPE else None,
                           opacity=opacity, role="node", key=unit.key, tooltip=tooltip))
            baseline = y + _NODE_PAD_Y
            for text, size, colour, weight in lines:
                baseline += size * _LINE
                scene.add(Text(x + w / 2, baseline - size * 0.32, text, size, fill=colour,
                               anchor="middle", weight=weight, opacity=opacity, role="node-text",
                               key=unit.key))
            bx, by, bw, bh = self.unit_boxes[unit]
            nodes[unit.key] = NodeBox(unit.key, unit.kind, bx, by, bw, bh,
                                      [op.name for op in unit.ops], [t for t, *_ in lines],
                                      emphasis)
        return nodes

    def _tooltip(self, unit):
        if unit.kind == gm.SCOPE:
            return f"{unit.key}/ folded: {len(unit.ops)} ops (draw_graph(..., expand=" \
                   f"[{unit.key!r}]) opens it)"
        op = unit.op
        outputs = ", ".join(f"{t.name} {shape_text(t)} {t.dtype.name}" for t in op.outputs)
        folded = f"; folds {', '.join(o.name for o in unit.ops[1:])}" if len(unit.ops) > 1 else ""
        return f"{op.name} ({op.type}) -> {outputs or 'no outputs'}{folded}"


def _units_in(cluster):
    for child in cluster.children:
        if isinstance(child, gm.Cluster):
            yield from _units_in(child)
        else:
            yield child


def _curve(points, across=False) -> tuple:
    """Path commands: straight runs stay straight, a jump between layers becomes a curve
    that leaves and arrives along the flow (vertically; `across`: horizontally), so it
    stays inside the empty gap between layers."""
    commands = [("M", *points[0])]
    for (x0, y0), (x1, y1) in pairwise(points):
        if abs(x0 - x1) < 0.5 or abs(y0 - y1) < 0.5:
            commands.append(("L", x1, y1))
        elif across:
            mid = (x1 - x0) / 2
            commands.append(("C", x0 + mid, y0, x1 - mid, y1, x1, y1))
        else:
            mid = (y1 - y0) / 2
            commands.append(("C", x0, y0 + mid, x1, y1 - mid, x1, y1))
    return tuple(commands)


def _arrowhead(points, across=False) -> tuple:
    """A route ends along the flow (down, or left or right when `across`), or straight
    across it (a link within one layer)."""
    (x0, y0), (x1, y1) = points[-2], points[-1]
    horizontal = abs(y1 - y0) < 0.5 if abs(x1 - x0) >= 0.5 else False
    if across and abs(x1 - x0) >= 0.5 and abs(y1 - y0) >= 0.5:
        horizontal = True   # a curve across a gap between columns
    if horizontal:
        base = x1 - (1.0 if x1 >= x0 else -1.0) * _ARROW_LEN
        return (("M", x1, y1), ("L", base, y1 - _ARROW_HALF), ("L", base, y1 + _ARROW_HALF),
                ("Z",))
    direction = 1.0 if y1 >= y0 else -1.0
    base = y1 - direction * _ARROW_LEN
    return (("M", x1, y1), ("L", x1 - _ARROW_HALF, base), ("L", x1 + _ARROW_HALF, base), ("Z",))


# ---------------------------------------------------------------- title, captions, legend


class _Header:
    """The lines above the graph: title, captions, and a legend of what is in the picture."""

    _SWATCH_W, _SWATCH_H, _GAP = 26.0, 14.0, 18.0

    def __init__(self, title, captions, entries):
        self.title = title
        self.captions = captions
        self.entries = entries
        self.items = [(e, self._SWATCH_W + 6 + text_width(self._text(e), LABEL_SIZE))
                      for e in entries]
        legend_width = sum(w + self._GAP for _, w in self.items)
        self.min_width = max([w for _, w in self.items] + [
            text_width(c, 11.0) * 0.9 for c in captions] + [min(legend_width, 640.0)])

    @staticmethod
    def _text(entry):
        group, kind = entry
        if group == "edge":
            return tr(_EDGE_STYLE[kind][3])
        return tr(_SCOPE_LEGEND if kind == gm.SCOPE else _KIND_STYLE[kind][3])

    def layout(self, width):
        y = 0.0
        self.rows = []
        if self.title:
            y += 20
        y += 15 * len(self.captions)
        row, used = [], 0.0
        for entry, w in self.items:
            if row and used + w > width:
                self.rows.append(row)
                row, used = [], 0.0
            row.append((entry, w))
            used += w + self._GAP
        if row:
            self.rows.append(row)
        self.legend_top = y + (4 if y else 0)
        return self.legend_top + len(self.rows) * 20 + (14 if self.rows else 0)

    def draw(self, scene, x0, y0):
        y = y0
        if self.title:
            scene.add(Text(x0, y + 14, self.title, 15.0, fill=_INK, weight="bold",
                           family="sans", role="title"))
            y += 20
        for caption in self.captions:
            scene.add(Text(x0, y + 11, caption, 11.0, fill=_MUTED, family="sans",
                           role="caption"))
            y += 15
        y = y0 + self.legend_top
        for row in self.rows:
            x = x0
            for entry, w in row:
                self._swatch(scene, entry, x, y + 2)
                scene.add(Text(x + self._SWATCH_W + 6, y + 13, self._text(entry), LABEL_SIZE,
                               fill=_MUTED, role="legend", key=entry[1]))
                x += w + self._GAP
            y += 20

    def _swatch(self, scene, entry, x, y):
        group, kind = entry
        w, h = self._SWATCH_W, self._SWATCH_H
        if group == "edge":
            colour, width, dash, _ = _EDGE_STYLE[kind]
            mid = y + h / 2
            scene.add(Path((("M", x, mid), ("L", x + w - 6, mid)), stroke=colour,
                           stroke_width=width, dash=dash, role="legend", key=kind))
            scene.add(Path((("M", x + w, mid), ("L", x + w - 7, mid - 3.5),
                            ("L", x + w - 7, mid + 3.5), ("Z",)), fill=colour, stroke="none",
                           role="legend", key=kind))
            return
        if kind == gm.SCOPE:
            fill, stroke, rx, _ = _KIND_STYLE[gm.GRADIENT]
            scene.add(Rect(x + 3, y + 3, w - 3, h - 3, fill=fill, stroke=stroke, rx=rx / 2,
                           role="legend", key=kind))
            scene.add(Rect(x, y, w - 3, h - 3, fill=fill, stroke=stroke, dash=(3.0, 2.0),
                           rx=rx / 2, role="legend", key=kind))
            return
        fill, stroke, rx, _ = _KIND_STYLE[kind]
        scene.add(Rect(x, y, w, h, fill=fill, stroke=stroke, rx=min(rx, h / 2),
                       stroke_width=2.0 if kind == gm.VARIABLE else 1.3, role="legend", key=kind))
