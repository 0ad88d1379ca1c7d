"""Where a left-to-right graph diagram puts each node: the forward pass in a band on top,
each gradient op in a band beneath, under the forward op whose gradient it computes, and
each update op in a third band, under the variable it writes.

TF names a gradient op after the op it differentiates: `gradients/MatMul_1_grad/MatMul` is
part of the gradient of `MatMul_1`, so it sits under `MatMul_1`. An update op's first input
is the variable it writes (ApplyGradientDescent, ApplyAdam, Assign), so it sits under it.
The gradient and update name scopes are not drawn as boxes in this layout: the bands are
their boxes, and a node's label still says which `..._grad` scope it belongs to.
"""

from __future__ import annotations

from . import graph_model as gm

FORWARD, GRADIENTS, UPDATES = 0, 1, 2
BAND_TITLES = {GRADIENTS: "gradients (the backward pass, right to left)",
               UPDATES: "updates (each under the variable it writes)"}


def band_of(unit) -> int:
    kind = unit.inner_kind if unit.kind == gm.SCOPE else unit.kind
    return {gm.GRADIENT: GRADIENTS, gm.UPDATE: UPDATES}.get(kind, FORWARD)


def has_bands(model) -> bool:
    return any(band_of(unit) != FORWARD for unit in model.units)


def gradients_folded(model) -> bool:
    """Are the gradients drawn as a folded scope node, and no gradient op on its own?"""
    kinds = {(unit.kind, band_of(unit)) for unit in model.units}
    return (gm.SCOPE, GRADIENTS) in kinds and (gm.GRADIENT, GRADIENTS) not in kinds


def forward_op_name(name: str) -> str | None:
    """'gradients/dense/MatMul_grad/MatMul' -> 'dense/MatMul' (None: not inside a `_grad`
    scope of a gradients scope)."""
    parts = name.split("/")
    start = next((i for i, part in enumerate(parts[:-1]) if gm.is_gradient_scope(part)), None)
    if start is None:
        return None
    for j in range(start + 1, len(parts) - 1):
        if parts[j].endswith("_grad"):
            return "/".join(parts[start + 1:j] + [parts[j][:-len("_grad")]])
    return None


def mirrored_units(model, unit) -> list:
    """The forward units `unit` sits under (a folded scope: of all its ops)."""
    band = band_of(unit)
    if unit.kind == gm.SCOPE and band == GRADIENTS:
        return []   # a folded gradients scope: beside the updates it feeds, not under the loss
    found = []
    for op in unit.ops:
        if band == GRADIENTS:
            name = forward_op_name(op.name)
            source = _op_named(model.graph, name) if name else None
        elif band == UPDATES and op.inputs:
            source = op.inputs[0].op
        else:
            source = None
        other = model.unit_of.get(source) if source is not None else None
        if other is not None and band_of(other) == FORWARD and other not in found:
            found.append(other)
    return found


def name_in_band(name: str) -> str:
    """'gradients/MatMul_1_grad/MatMul' -> 'MatMul_1_grad/MatMul' (other names unchanged)."""
    scope, _, rest = name.partition("/")
    return rest if rest and gm.is_gradient_scope(scope) else name


def _op_named(graph, name):
    try:
        return graph.get_operation_by_name(name)
    except (KeyError, ValueError):
        return None


BACKWARD_KINDS = (gm.GRADIENT, gm.UPDATE)


def dissolve(root, kinds=BACKWARD_KINDS):
    """({cluster: the children it is drawn with}, {item: the cluster it is drawn in}) when
    the name scopes of `kinds` (not a loop's or a branch's box) are drawn without a box,
    their nodes in the scope around them."""
    children, parent = {}, {}

    def items_of(cluster):
        for child in cluster.children:
            if isinstance(child, gm.Cluster) and child.kind in kinds and child.control is None:
                yield from items_of(child)
            else:
                yield child

    def visit(cluster):
        children[cluster] = list(items_of(cluster))
        for child in children[cluster]:
            parent[child] = cluster
            if isinstance(child, gm.Cluster):
                visit(child)

    visit(root)
    return children, parent
