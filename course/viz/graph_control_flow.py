"""How a graph diagram shows tf.while_loop and tf.cond (used by graph_model.py).

A While op's body and an If op's branches are sub-graphs (course/framework/control_flow.py):
their ops live in the graph but only run inside the op. The picture draws

* a loop as a box around its body (the loop variables at the top, the condition and the body
  below, the While node taking the next values at the bottom), titled with how many times the
  body ran in a traced run;
* a cond as one box per branch (``true_fn``, ``false_fn``) inside the cond's box; in a traced
  run the branch that ran is outlined and the other is faded.

Edges follow the values: a loop variable's initial value goes into the box to the loop
variable, captured tensors go straight to the ops that read them, and the body's results (and
a branch's) go to the While (If) node.
"""
from __future__ import annotations

from dataclasses import dataclass

from .language import tr

LOOP, BRANCH = "loop", "branch"


@dataclass(eq=False)
class ControlBox:
    """What a cluster of the picture is when it is a loop body or a cond branch."""

    kind: str                     # LOOP or BRANCH
    op: object                    # the While or If op
    branch: int | None = None     # 1 for true_fn, 0 for false_fn


def subgraphs_of(op) -> list:
    """The sub-graphs a While op (its body) or an If op (its two branches) runs."""
    attrs = op._attrs
    if "body" in attrs:
        return [attrs["body"]]
    if "then_branch" in attrs:
        return [attrs["then_branch"], attrs["else_branch"]]
    return []


def subgraph_ops(op) -> list:
    return [inner for sub in subgraphs_of(op) for inner in sub.ops]


def result_of(op):
    """The While or If op whose result ``op`` names (its ``while/Exit_1`` or ``cond/Merge``
    identity, drawn as part of that op's node), else None."""
    if op.type != "Identity" or not op.inputs:
        return None
    source = op.inputs[0].op
    return source if source.type in ("While", "If") else None


def display_key(op) -> str:
    """The name a node is filed under: a cond branch's ops go into a ``true_fn`` or
    ``false_fn`` box inside their cond's scope (TF1 names both branches' ops ``cond/...``)."""
    sub = op._control_flow_context
    if sub is None or sub.is_loop():
        return op.name
    parent = sub.name.rpartition("/")[0]
    prefix = parent + "/" if parent else ""
    if not op.name.startswith(prefix):
        return op.name
    return sub.name + "/" + op.name[len(prefix):]


def control_boxes(ops) -> dict:
    """{scope name: ControlBox} for the loops and conds among ``ops``."""
    boxes = {}
    for op in ops:
        subs = subgraphs_of(op)
        if subs and op._attrs.get("gradient"):
            continue                  # a gradient's loop stays inside the gradients scope
        if op.type == "While":
            boxes[subs[0].name] = ControlBox(LOOP, op)
        elif op.type == "If":
            boxes[subs[0].name] = ControlBox(BRANCH, op, 1)
            boxes[subs[1].name] = ControlBox(BRANCH, op, 0)
    return boxes


def rewire(edges, ops, unit_of, edge_class):
    """The diagram's edges with a loop's and a cond's drawn as the values flow (see above)."""
    for op in ops:
        subs = subgraphs_of(op)
        node = unit_of.get(op)
        if not subs or node is None:
            continue
        passing = {t for sub in subs for t in sub.captures}
        entering = []
        if op.type == "While":
            body = subs[0]
            passing |= set(op.inputs[:len(body.inputs)])
            entering = list(zip(op.inputs, body.inputs))
        edges = [e for e in edges if e.dst is not node or not set(e.tensors) <= passing]
        for outer, inner in entering:
            _add(edges, edge_class, unit_of.get(outer.op), unit_of.get(inner.op), outer)
        for sub in subs:
            for t in sub.outputs + ([sub.pred] if sub.pred is not None else []):
                if t.op._control_flow_context is sub:
                    _add(edges, edge_class, unit_of.get(t.op), node, t)
    return edges


def _add(edges, edge_class, src, dst, tensor):
    if src is None or dst is None or src is dst:
        return
    for e in edges:
        if e.src is src and e.dst is dst and e.kind == "data" and e.port == tensor.name:
            return
    edges.append(edge_class(src, dst, tensor.name, "data", [tensor]))


def title(box: ControlBox, name: str, control_flow: dict | None) -> str:
    """A loop box's or branch box's title, with what a traced run did."""
    ran = (control_flow or {}).get(box.op.name)
    if box.kind == LOOP:
        if ran is None:
            return tr("{name}: while loop", name=name)
        if ran == 1:
            return tr("{name}: while loop, 1 iteration", name=name)
        return tr("{name}: while loop, {n} iterations (values: the last)", name=name, n=ran)
    if ran is None:
        return name
    again = tr(" (the last time)") if box.op._control_flow_context is not None else ""
    return "%s: %s%s" % (name, tr("ran") if ran == box.branch else tr("not run"), again)


def taken(box: ControlBox, control_flow: dict | None):
    """True/False when a traced run shows whether this branch ran, else None."""
    ran = (control_flow or {}).get(box.op.name)
    if box.kind != BRANCH or ran is None:
        return None
    return ran == box.branch
