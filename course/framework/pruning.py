"""What a ``sess.run(fetches)`` executes: the fetch structure flattened to graph elements, and
the ops those need, pruned at fed tensors. The session plans its runs with these; a graph
picture uses them to show what a run would execute."""
import collections

from .indexed_slices import IndexedSlices, IndexedSlicesValue
from .sparse_tensor import SparseTensor, SparseTensorValue
from .ops import Tensor


def flatten_fetches(fetches, graph, flat):
    """Append graph elements of a nested fetch structure to ``flat``; return a rebuilder."""
    if isinstance(fetches, (list, tuple)):
        builders = [flatten_fetches(f, graph, flat) for f in fetches]
        if isinstance(fetches, tuple) and hasattr(fetches, "_fields"):
            cls = type(fetches)
            return lambda vals: cls(*[b(vals) for b in builders])
        cls = type(fetches)
        return lambda vals: cls(b(vals) for b in builders)
    if isinstance(fetches, (dict, collections.OrderedDict)):
        keys = list(fetches)
        builders = [flatten_fetches(fetches[k], graph, flat) for k in keys]
        cls = type(fetches)
        return lambda vals: cls(zip(keys, (b(vals) for b in builders)))
    if isinstance(fetches, SparseTensor):
        builders = [flatten_fetches(p, graph, flat) for p in fetches.parts()]
        return lambda vals: SparseTensorValue(*[b(vals) for b in builders])
    if isinstance(fetches, IndexedSlices):
        parts = [fetches.values, fetches.indices, fetches.dense_shape]
        builders = [flatten_fetches(p, graph, flat) if p is not None else (lambda vals: None)
                    for p in parts]
        return lambda vals: IndexedSlicesValue(*[b(vals) for b in builders])
    index = len(flat)
    flat.append(fetch_element(fetches, graph))
    return lambda vals: vals[index]


def fetch_element(fetch, graph):
    if fetch is None:
        raise TypeError("Fetch argument None has invalid type <class 'NoneType'>")
    try:
        return graph.as_graph_element(fetch, allow_tensor=True, allow_operation=True)
    except TypeError:
        raise TypeError("Fetch argument %r has invalid type %r, must be a string or Tensor. (Can "
                        "not convert a %s into a Tensor or Operation.)"
                        % (fetch, type(fetch), type(fetch).__name__)) from None
    except ValueError as e:
        raise ValueError("Fetch argument %r cannot be interpreted as a Tensor. (%s)"
                         % (fetch, e)) from None
    except KeyError as e:
        raise ValueError("Fetch argument %r cannot be interpreted as a Tensor. (%s)"
                         % (fetch, e.args[0])) from None


def ops_needed(fetch_elements, fed=()):
    """Prune: the ops the fetches depend on (through data and control inputs), stopping at fed
    tensors, in creation (= topological) order."""
    needed = set()
    stack = []
    for elem in fetch_elements:
        if isinstance(elem, Tensor):
            if elem not in fed:
                stack.append(elem._op)
        else:
            stack.append(elem)
    while stack:
        op = stack.pop()
        if op in needed:
            continue
        needed.add(op)
        ref = op._op_def.ref_inputs
        for i, t in enumerate(op.inputs):
            if i not in ref and t not in fed and t._op not in needed:
                stack.append(t._op)
        stack.extend(c for c in op.control_inputs if c not in needed)
    return sorted(needed, key=lambda o: o._id)


def ops_run_by(fetches, graph, fed=()):
    """(the ops ``sess.run(fetches)`` executes, in creation order; the fetched elements)."""
    flat = []
    flatten_fetches(fetches, graph, flat)
    return ops_needed(flat, set(fed)), flat
