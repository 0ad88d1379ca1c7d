"""course's modules import in one direction only: down the declared layers, and never in a
circle. The imports are read from the source (ast), those inside functions included, so a
lazy import cannot hide an upward reach or a cycle."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "course"

# Lowest first. A module may import modules of its own layer or of a layer below it.
# A module belongs to the layer of its longest matching prefix; "course" alone is the
# package's __init__ (the tf namespace), which sits above everything it gathers.
LAYERS = [
    ("framework", ["course.framework"]),
    ("ops", ["course.ops"]),
    ("graph API", ["course.session", "course.sweep", "course.gradients", "course.variables",
                   "course.variable_scope", "course.init_ops", "course.random_init_ops",
                   "course.losses", "course.summary", "course.event_file", "course.tf_logging",
                   "course.config", "course.gfile", "course.platform"]),
    ("libraries", ["course.layers", "course.rnn", "course.train", "course.contrib",
                   "course.datasets", "course.data", "course.image", "course.metrics"]),
    # Modules that only gather names for the tf namespace: tf itself, tf.nn, tf.math, ...
    ("tf namespace", ["course", "course.nn", "course.math", "course.random", "course.dtypes",
                      "course.errors", "course.compat", "course.initializers", "course.test",
                      "course.tensorflow_alias", "course.keras", "course.linalg"]),
    ("pictures", ["course.viz"]),
    # The lessons' exercise checks and the command line (python -m course ...).
    ("tools", ["course.exercise", "course.exercise_zh", "course.cli", "course.__main__"]),
]


def _module_name(path):
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules():
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _imports(name, path, modules):
    """The course modules ``name`` imports anywhere in its source (a name imported from a
    package counts as the package unless it is a submodule)."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "course"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + (node.module.split(".") if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "course":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in modules else target)
    found.discard(name)
    return found


def _import_graph():
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _layer(name):
    best, best_len = None, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            matches = name == prefix or (prefix != "course" and name.startswith(prefix + "."))
            if matches and len(prefix) > best_len:
                best, best_len = index, len(prefix)
    return best


def _cycles(graph):
    """Strongly connected components with more than one module (Tarjan, iteratively)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = [0]
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = counter[0]
                counter[0] += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def test_every_module_has_a_layer():
    # A new top-level module goes into LAYERS above, in the layer it belongs to.
    assert [name for name in _modules() if _layer(name) is None] == []


def test_no_module_imports_a_layer_above_its_own():
    graph = _import_graph()
    layered = {name for name in graph if _layer(name) is not None}
    upward = sorted(f"{name} ({LAYERS[_layer(name)][0]}) imports {target} "
                    f"({LAYERS[_layer(target)][0]})"
                    for name in layered for target in graph[name]
                    if target in layered and _layer(target) > _layer(name))
    assert upward == []


def test_no_import_circle():
    assert _cycles(_import_graph()) == []


@pytest.mark.parametrize("source, expected", [
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ({"a": {"b"}, "b": set(), "c": {"b"}}, []),
])
def test_the_cycle_finder_finds_cycles(source, expected):
    assert _cycles(source) == expected


def test_function_level_imports_are_seen(tmp_path):
    # The walk must see an import inside a function, not only at module level.
    path = tmp_path / "m.py"
    path.write_text("def f():\n    from .. import session\n    return session\n")
    assert _imports("course.framework.m", path, {"course.session"}) == {"course.session"}
