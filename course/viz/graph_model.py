"""What a graph diagram shows, before any geometry: which ops become which nodes.

A beginner's graph has more ops than ideas. This module decides how the ops of a Graph
become the boxes of a picture:

* a Variable is ONE node: its VariableV2 op, `w/Assign`, `w/read` and its initializer
  ops (everything under its name) are folded into it;
* ops are sorted into kinds (placeholder, variable, constant, op, gradient, update),
  which the picture colours apart;
* a name scope with more than `collapse_threshold` ops (`gradients` nearly always) is
  collapsed into one node unless it is asked to be expanded; the other scopes with
  two or more nodes become boxes (clusters) around their nodes;
* `show_gradients=False` hides the gradient ops, the update ops and what only they use,
  so a picture before and after `minimize` shows what minimize added.

Edges go between nodes: data edges (one per output tensor and consumer node), ref
edges (an op that writes a variable takes it as a ref input), control edges.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..framework.ops import Graph, Operation, Tensor
from ..framework.pruning import ops_run_by
from . import graph_control_flow as cf

PLACEHOLDER, VARIABLE, CONSTANT, OP, GRADIENT, UPDATE, SCOPE = (
    "placeholder", "variable", "constant", "op", "gradient", "update", "scope")
KINDS = (PLACEHOLDER, VARIABLE, CONSTANT, OP, GRADIENT, UPDATE, SCOPE)
REDUCE_TYPES = ("Sum", "Mean", "Max", "Min", "Prod")

_PLACEHOLDER_TYPES = {"Placeholder", "PlaceholderV2", "PlaceholderWithDefault"}
_VARIABLE_TYPES = {"VariableV2", "Variable", "VarHandleOp"}
_GRADIENT_SCOPE = re.compile(r"^gradients(_\d+)?$")
_UPDATE_PREFIXES = ("Apply", "ResourceApply", "Assign", "Scatter", "ResourceScatter")


@dataclass(eq=False)
class Unit:
    """One node of the picture: an op, a whole Variable, or a collapsed scope."""

    key: str                      # op name, variable name, or scope name
    kind: str                     # one of KINDS
    ops: list                     # the graph ops it stands for
    order: int                    # creation order of its first op (left-to-right hint)
    inner_kind: str = ""          # a collapsed scope: the kind most of its ops have
    parent: Cluster | None = None

    @property
    def op(self) -> Operation:
        """The op whose name and type the node shows (a variable's VariableV2 op)."""
        return self.ops[0]


@dataclass(eq=False)
class Cluster:
    """An expanded name scope drawn as a box around its children ("" is the whole graph)."""

    name: str
    children: list = field(default_factory=list)  # Units and Clusters
    parent: Cluster | None = None
    kind: str = ""                # gradient or update when all its ops are
    control: cf.ControlBox | None = None   # a while loop's body or a cond branch

    @property
    def order(self) -> int:
        return min((c.order for c in self.children), default=0)

    @property
    def key(self) -> str:
        return "\0scope:" + self.name


@dataclass(eq=False)
class Edge:
    src: Unit
    dst: Unit
    port: str                     # which output of src (edges of one port leave together)
    kind: str                     # "data", "ref" or "control"
    tensors: list                 # the tensors it carries (none for control edges)


@dataclass
class GraphModel:
    """Everything a graph diagram shows, before any geometry: its nodes and edges, and
    (when asked for) one traced run's values and what a sess.run would execute."""

    graph: Graph
    ops: list                     # the ops drawn, in creation order
    units: list                   # the nodes, in creation order
    root: Cluster
    edges: list
    unit_of: dict                 # op -> Unit drawing it
    scope_sizes: dict             # scope name -> number of drawn ops under it
    collapsed: list               # names of the scopes drawn as one node
    variables: dict               # VariableV2 op -> the ops folded into its node
    values: dict | None = None    # trace: tensor name -> value in the traced run
    executed: set | None = None   # trace: names of the ops that ran (None: not recorded)
    highlight: object = None      # the fetches asked for by `highlight`
    needed: set | None = None     # highlight: the ops sess.run(highlight) executes
    fetched: set = field(default_factory=set)    # highlight: the fetched ops
    gradients: dict = field(default_factory=dict)  # variable op -> its gradient tensor
    control_flow: dict | None = None  # trace: While op -> iterations, If op -> branch taken


# ---------------------------------------------------------------- targets


def resolve_target(target):
    """(graph, ops to draw) for a Graph, Tensor, Operation, Variable or a list of them; a
    tensor, op or variable stands for itself and everything it is computed from."""
    if isinstance(target, Graph):
        return target, target.get_operations()
    items = list(target) if isinstance(target, (list, tuple, set)) else [target]
    if not items:
        raise ValueError("draw_graph needs a Graph, a Tensor, an Operation, a Variable or a "
                         "non-empty list of them")
    roots = [graph_element(item).op if isinstance(graph_element(item), Tensor)
             else graph_element(item) for item in items]
    graph = roots[0].graph
    if any(op.graph is not graph for op in roots):
        raise ValueError("draw_graph: all targets must come from the same graph")
    return graph, sorted(ancestors(roots), key=lambda op: op._id)


def graph_element(item):
    """A Tensor or Operation for a tensor, op or Variable (anything with _as_graph_element)."""
    if isinstance(item, (Tensor, Operation)):
        return item
    convert = getattr(item, "_as_graph_element", None)
    if convert is None:
        raise TypeError(f"Can not draw a {type(item).__name__}: expected a Graph, Tensor, "
                        "Operation or Variable")
    return convert()


def ancestors(ops) -> set:
    """The ops and every op they depend on, through data, ref and control inputs."""
    seen, stack = set(), list(ops)
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        stack.extend(t.op for t in op.inputs)
        stack.extend(op.control_inputs)
        stack.extend(cf.subgraph_ops(op))   # a loop's body, a cond's branches
    return seen


# ---------------------------------------------------------------- kinds


def scope_parts(name: str) -> list[str]:
    return name.split("/")[:-1]


def is_gradient_scope(part: str) -> bool:
    """`gradients`, `gradients_1`, ...: the scopes tf.gradients puts its ops in."""
    return bool(_GRADIENT_SCOPE.match(part))


def is_gradient_op(op) -> bool:
    return any(is_gradient_scope(part) for part in scope_parts(op.name))


def is_update_type(op_type: str) -> bool:
    return op_type.startswith(_UPDATE_PREFIXES)


def fold_variables(ops) -> dict:
    """Op -> the VariableV2 op whose node it is folded into (itself for the variable).

    A variable's node stands for the ops under its name that make it work: the ops that
    read or write it directly (`w/read`, `w/Assign`) and what its initial value is computed
    from (`w/Initializer/...`). Other ops under its name use its value, like the penalty a
    `kernel_regularizer` adds as `kernel/Regularizer/...`: they get nodes of their own.
    """
    variables = {op.name: op for op in ops if op.type in _VARIABLE_TYPES}
    owner_of = {}
    for op in ops:
        parts = op.name.split("/")
        for cut in range(len(parts) - 1, 0, -1):  # the longest variable name that is a prefix
            owner = variables.get("/".join(parts[:cut]))
            if owner is not None:
                owner_of[op] = owner
                break
    folded = {op: op for op in variables.values()}
    for op, owner in owner_of.items():
        if op not in folded and any(t.op is owner for t in op.inputs):
            folded[op] = owner
    stack = [op for op in folded if op.type not in _VARIABLE_TYPES]
    while stack:  # back from the assign: the initial value's ops under the variable's name
        op = stack.pop()
        for t in op.inputs:
            if t.op not in folded and owner_of.get(t.op) is folded[op]:
                folded[t.op] = folded[op]
                stack.append(t.op)
    return folded


def classify(ops, folded) -> dict:
    """Op -> kind, for every op of the graph."""
    optimizer_scopes = set()
    for op in ops:
        if is_update_type(op.type) and op not in folded:
            parts = op.name.split("/")
            for i, part in enumerate(parts[:-1]):
                if part.startswith("update_") and i:
                    optimizer_scopes.add("/".join(parts[:i]))
    kinds = {}
    for op in ops:  # creation order: a group's inputs are classified before it
        scope = op.name
        if op in folded:
            kind = VARIABLE if folded[op] is op else kinds.get(folded[op], VARIABLE)
        elif is_gradient_op(op):
            kind = GRADIENT
        elif is_update_type(op.type) or any(scope == s or scope.startswith(s + "/")
                                            for s in optimizer_scopes):
            kind = UPDATE
        elif op.type in _PLACEHOLDER_TYPES:
            kind = PLACEHOLDER
        elif op.type == "Const":
            kind = CONSTANT
        elif op.type == "NoOp" and op.control_inputs and all(
                kinds.get(c) == UPDATE for c in op.control_inputs):
            kind = UPDATE  # tf.group of updates: the training step
        else:
            kind = OP
        kinds[op] = kind
    return kinds


def training_ops(ops, kinds) -> set:
    """Gradient and update ops, everything computed from them, and what only they use."""
    consumers = {op: [] for op in ops}
    for op in ops:
        for t in op.inputs:
            consumers.setdefault(t.op, []).append(op)
        for c in op.control_inputs:
            consumers.setdefault(c, []).append(op)
    hidden = set()
    for op in ops:
        if kinds[op] in (GRADIENT, UPDATE) or any(t.op in hidden for t in op.inputs) or any(
                c in hidden for c in op.control_inputs):
            hidden.add(op)
    for op in reversed(ops):
        users = consumers.get(op, [])
        if users and kinds[op] != VARIABLE and all(u in hidden for u in users):
            hidden.add(op)
    return hidden


# ---------------------------------------------------------------- the model


def build_model(target, trace=None, highlight=None, gradients=None, show_gradients=True,
                expand=None, collapse_threshold=10) -> GraphModel:
    """The model of `target` (see draw_graph for what each argument means)."""
    model = _structure(target, show_gradients, expand, collapse_threshold)
    if trace is not None:
        model.values, model.executed = _trace(trace)
        model.control_flow = getattr(trace, "control_flow", None)
        model.gradients = _variable_gradients(model, gradients)
    if highlight is not None:
        model.highlight = highlight
        model.needed, model.fetched = _run_by(model.graph, highlight)
    return model


def _structure(target, show_gradients, expand, collapse_threshold) -> GraphModel:
    graph, ops = resolve_target(target)
    everything = graph.get_operations()
    folded = fold_variables(everything)
    kinds = classify(everything, folded)
    drawn = set(ops)
    # A variable drawn at all is drawn whole, with the ops folded into it.
    drawn |= {op for op in everything if op in folded and folded[op] in drawn}
    if not show_gradients:
        drawn -= training_ops(everything, kinds)
    drawn_ops = [op for op in everything if op in drawn]

    units_by_key = {}
    unit_of = {}
    variables = {}
    for op in drawn_ops:
        owner = folded.get(op)
        if owner is not None and owner in drawn:
            variables.setdefault(owner, []).append(op)
            key, kind = owner.name, VARIABLE
            lead = owner
        elif cf.result_of(op) in drawn:   # a loop's or cond's named result: part of its node
            lead = cf.result_of(op)
            key, kind = cf.display_key(lead), kinds[lead]
        else:
            key, kind, lead = cf.display_key(op), kinds[op], op
        unit = units_by_key.get(key)
        if unit is None:
            unit = units_by_key[key] = Unit(key, kind, [lead], lead._id)
        if op is not lead:
            unit.ops.append(op)
        unit_of[op] = unit
    units = sorted(units_by_key.values(), key=lambda u: u.order)

    scopes = _scopes_of(units)
    sizes = Counter()
    for unit in units:
        for scope in _enclosing(unit.key, scopes):
            sizes[scope] += len(unit.ops)
    boxes = cf.control_boxes(drawn_ops)
    collapsed = _collapsed_scopes(scopes, sizes, expand, collapse_threshold, boxes)
    units, unit_of = _collapse(units, unit_of, scopes, collapsed, kinds)
    root = _cluster_tree(units, scopes, collapsed, boxes)
    edges = cf.rewire(_edges(drawn_ops, unit_of), drawn_ops, unit_of, Edge)
    _dissolve_cycles(root, edges)
    _mark_cluster_kinds(root)
    return GraphModel(graph, drawn_ops, units, root, edges, unit_of, dict(sizes),
                      sorted(collapsed), variables)


def _scopes_of(units) -> set:
    scopes = set()
    for unit in units:
        parts = scope_parts(unit.key)
        scopes.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
    return scopes


def _enclosing(key: str, scopes: set) -> list[str]:
    """The scopes a node lies in, outermost first; an op named like a scope (the NoOp a
    scope's function returns) lies inside that scope."""
    parts = key.split("/")
    inside = ["/".join(parts[:i]) for i in range(1, len(parts))]
    if key in scopes:
        inside.append(key)
    return inside


def _matches(scope: str, wanted) -> bool:
    return any(scope == w or scope.endswith("/" + w) or w.startswith(scope + "/")
               for w in wanted)


def _collapsed_scopes(scopes, sizes, expand, threshold, keep_open=()) -> set:
    """The scopes drawn folded; ``keep_open`` (loop bodies, cond branches) and the scopes
    around them stay open."""
    if threshold is None or expand is True:
        return set()
    wanted = [expand] if isinstance(expand, str) else list(expand or [])
    wanted = [w.rstrip("/") for w in wanted]
    collapsed = set()
    for scope in sorted(scopes, key=lambda s: (s.count("/"), s)):  # outermost first
        if any(scope.startswith(c + "/") for c in collapsed):
            continue
        opened = any(k == scope or k.startswith(scope + "/") for k in keep_open)
        if sizes[scope] > threshold and not _matches(scope, wanted) and not opened:
            collapsed.add(scope)
    return collapsed


def _collapse(units, unit_of, scopes, collapsed, kinds):
    if not collapsed:
        return units, unit_of
    by_scope = {}
    kept = []
    for unit in units:
        scope = next((s for s in _enclosing(unit.key, scopes) if s in collapsed), None)
        if scope is None:
            kept.append(unit)
        else:
            by_scope.setdefault(scope, []).append(unit)
    new_of = dict(unit_of)
    for scope, members in by_scope.items():
        ops = [op for m in members for op in m.ops]
        counts = Counter(kinds.get(op, OP) if m.kind != VARIABLE else VARIABLE
                         for m in members for op in m.ops)
        inner = max(sorted(counts), key=lambda k: counts[k])
        node = Unit(scope, SCOPE, ops, min(m.order for m in members), inner_kind=inner)
        for op in ops:
            new_of[op] = node
        kept.append(node)
    return sorted(kept, key=lambda u: u.order), new_of


def _cluster_tree(units, scopes, collapsed, boxes) -> Cluster:
    root = Cluster("")
    clusters = {"": root}

    def cluster(name):
        if name not in clusters:
            parent = cluster(name.rpartition("/")[0])
            clusters[name] = Cluster(name, parent=parent, control=boxes.get(name))
            parent.children.append(clusters[name])
        return clusters[name]

    for unit in units:
        inside = _enclosing(unit.key, scopes)
        if unit.kind == SCOPE:  # a collapsed scope sits in the scopes around it, not in itself
            inside = [s for s in inside if s != unit.key]
        home = cluster(inside[-1]) if inside else root
        home.children.append(unit)
        unit.parent = home
    _prune(root)
    return root


def _prune(cluster: Cluster) -> None:
    """Dissolve boxes around fewer than two nodes: a box around one node says nothing."""
    for child in list(cluster.children):
        if isinstance(child, Cluster):
            _prune(child)
    changed = True
    while changed:
        changed = False
        for child in list(cluster.children):
            if isinstance(child, Cluster) and _says_nothing(child):
                _dissolve(child)
                changed = True


def _says_nothing(cluster: Cluster) -> bool:
    """A box around one node, around one box, or around an op and its constants (the
    `mul` scope of `0.1 * x`, holding `mul/x`) adds lines, not meaning."""
    children = cluster.children
    if cluster.control is not None:        # a loop body or a branch is drawn even if small
        return False
    if _count_nodes(cluster) < 2 or len(children) == 1 and isinstance(children[0], Cluster):
        return True
    own = [c for c in children if isinstance(c, Unit) and c.key == cluster.name]
    rest = [c for c in children if c not in own]
    return bool(own) and all(isinstance(c, Unit) and c.kind == CONSTANT for c in rest)


def _count_nodes(cluster: Cluster) -> int:
    return sum(_count_nodes(c) if isinstance(c, Cluster) else 1 for c in cluster.children)


def _dissolve(cluster: Cluster) -> None:
    parent = cluster.parent
    at = parent.children.index(cluster)
    parent.children[at:at + 1] = cluster.children
    for child in cluster.children:
        child.parent = parent


def _edges(drawn_ops, unit_of) -> list:
    merged = {}
    for op in drawn_ops:
        dst = unit_of[op]
        ref_inputs = op.op_def.ref_inputs
        for i, t in enumerate(op.inputs):
            src = unit_of.get(t.op)
            if src is None or src is dst:
                continue
            kind = "ref" if i in ref_inputs else "data"
            port = "var" if src.kind == VARIABLE else t.name
            edge = merged.setdefault((src.key, port, dst.key, kind), Edge(src, dst, port, kind, []))
            if t not in edge.tensors:
                edge.tensors.append(t)
        for c in op.control_inputs:
            src = unit_of.get(c)
            if src is not None and src is not dst:
                # Leave from the node's main output, so a node has one exit, not two.
                port = "var" if src.kind == VARIABLE else (
                    c.outputs[0].name if src.kind != SCOPE and c.outputs else "^")
                merged.setdefault((src.key, port, dst.key, "control"),
                                  Edge(src, dst, port, "control", []))
    return list(merged.values())


def lineage(unit) -> list:
    """The clusters containing a unit (or cluster), outermost (the root) first."""
    chain, node = [], unit.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return chain[::-1]


def child_towards(cluster: Cluster, item):
    """The child of `cluster` that is or contains `item`."""
    while item.parent is not cluster:
        item = item.parent
    return item


def _dissolve_cycles(root: Cluster, edges) -> None:
    """A scope box whose nodes depend on outside nodes that depend on it cannot be laid out
    as one block: dissolve such boxes (their nodes stay, the box goes)."""
    while True:
        bad = _cluster_in_cycle(root, edges)
        if bad is None:
            return
        _dissolve(bad)


def _cluster_in_cycle(root, edges):
    links = {}
    for edge in edges:
        a, b = lineage(edge.src), lineage(edge.dst)
        k = 0
        while k + 1 < min(len(a), len(b)) and a[k + 1] is b[k + 1]:
            k += 1
        lca = a[k]
        links.setdefault(lca, set()).add((child_towards(lca, edge.src), child_towards(lca, edge.dst)))
    for level in _all_clusters(root):
        pairs = links.get(level, set())
        for component in _strong_components(level.children, pairs):
            if len(component) > 1:
                for item in component:
                    if isinstance(item, Cluster):
                        return item
    return None


def _all_clusters(cluster):
    yield cluster
    for child in cluster.children:
        if isinstance(child, Cluster):
            yield from _all_clusters(child)


def _strong_components(nodes, pairs):
    """Tarjan's strongly connected components, iteratively."""
    succ = {n: [] for n in nodes}
    for a, b in sorted(pairs, key=lambda p: (p[0].order, p[1].order)):
        if a in succ and b in succ:
            succ[a].append(b)
    index, low, on_stack, stack, out = {}, {}, set(), [], []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            children = succ[node]
            if i < len(children):
                work.append((node, i + 1))
                child = children[i]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            for child in children:
                if child in on_stack and index[child] > index[node]:
                    low[node] = min(low[node], low[child])
            if low[node] == index[node]:
                component = []
                while True:
                    item = stack.pop()
                    on_stack.discard(item)
                    component.append(item)
                    if item is node:
                        break
                out.append(component)
    return out


def _mark_cluster_kinds(cluster: Cluster) -> None:
    kinds = set()
    for child in cluster.children:
        if isinstance(child, Cluster):
            _mark_cluster_kinds(child)
            kinds.add(child.kind or OP)
        else:
            kinds.add(child.inner_kind if child.kind == SCOPE else child.kind)
    cluster.kind = kinds.pop() if len(kinds) == 1 and kinds <= {GRADIENT, UPDATE} else ""


# ---------------------------------------------------------------- a run: values, pruning


def _trace(trace):
    """(values by tensor name, names of the ops that ran or None) of a RunMetadata or dict."""
    values = getattr(trace, "values", trace)
    if callable(values):  # a dict's .values method: the trace is a plain dict
        values = trace
    executed = getattr(trace, "executed_ops", None)
    return dict(values), (set(executed) if executed is not None else None)


def _run_by(graph, fetches):
    """(the ops sess.run(fetches) executes, the fetched ops): the session's own pruning."""
    ops, flat = ops_run_by(fetches, graph)
    return set(ops), {e.op if hasattr(e, "value_index") else e for e in flat}


def _variable_gradients(model, explicit):
    grads = {}
    for variable_op in model.variables:
        grad = gradient_of(variable_op, model.ops)
        if grad is not None:
            grads[variable_op] = grad
    for var, grad in (explicit or {}).items():
        element = graph_element(var)
        grads[element.op if hasattr(element, "value_index") else element] = graph_element(grad)
    return grads


# ---------------------------------------------------------------- gradients of variables


def gradient_of(variable_op, graph_ops, kinds=None):
    """The gradient tensor that updates a variable: the input of the op writing it (an
    Apply* or Assign* op) that comes from a `gradients` scope, looking through a few ops
    (the `lr * grad` of a hand-written update). None when nothing computes one."""
    for t in variable_op.outputs[:1]:
        for consumer in t.consumers():
            if not is_update_type(consumer.type) or consumer.name.startswith(
                    variable_op.name + "/"):
                continue
            ref = consumer.op_def.ref_inputs
            frontier = [x for i, x in enumerate(consumer.inputs) if i not in ref]
            for _ in range(4):
                for x in frontier:
                    if is_gradient_op(x.op) and x.shape.is_compatible_with(t.shape):
                        return x
                frontier = [y for x in frontier if not is_gradient_op(x.op)
                            and x.op.type not in _VARIABLE_TYPES for y in x.op.inputs]
    return None
