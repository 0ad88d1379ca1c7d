"""TF1's seed rules: from a graph seed and an op seed to a random op's seeds.

Every stateful random op carries two integer attrs, ``seed`` and ``seed2``;
its kernel turns them into a Philox key and counter (``philox.key_and_counter``).
This module is the Python half, ``tensorflow/python/framework/random_seed.py``
of TF 1.x.  Depends on the standard library only; the graph is a parameter.

API
---
``get_seed(op_seed, graph) -> (seed, seed2)``
    ``graph`` needs ``graph.seed`` (None or int, set by ``set_random_seed``);
    ``graph._seed_counter`` (created on first use) counts the ops that took
    their seed from the graph.  With M = 2**31 - 1 (Python ``%``, so negative
    seeds land in [0, M)):

    ==============  ===========  ==========================================
    graph.seed      op_seed      result
    ==============  ===========  ==========================================
    set             set          (graph.seed % M, op_seed % M)
    None            set          (DEFAULT_GRAPH_SEED, op_seed % M)
    set             None         (graph.seed % M, counter % M), counter += 1
    None            None         (None, None): unseeded, nondeterministic
    ==============  ===========  ==========================================

    A result of (0, 0) becomes (0, M): to the kernels (0, 0) means "unseeded".

``op_seed_attrs(op_seed, graph) -> (int, int)``
    The ``seed``/``seed2`` attrs the op is built with (None -> 0), i.e. what
    ``PhiloxStream(seed, seed2)`` takes.

From attrs to Philox (C++ GuardedPhiloxRandom::Init, see philox.py): if both
attrs are 0 the kernel draws two fresh 64-bit seeds (nondeterministic, a new
stream per session); otherwise key = seed as a uint64 (low word first) and
counter = [0, 0, low word of seed2, high word of seed2].

Graph seed set, op seed not: course follows TF 2's ``tf.compat.v1`` (the oracle
its golden numbers come from), which counts ``get_seed`` calls per graph
(0, 1, 2, ...), so a program that sets only ``tf.set_random_seed`` draws TF's
numbers as long as it creates its random ops in TF's order (one get_seed call
per random op, as TF's wrappers make).  TF 1.x used ``graph._last_id`` instead
(every op built before, including the wrapper's own constants).
"""

DEFAULT_GRAPH_SEED = 87654321
MAXINT32 = 2 ** 31 - 1

__all__ = ["DEFAULT_GRAPH_SEED", "MAXINT32", "get_seed", "op_seed_attrs"]


def _truncate_seed(seed):
    """Fold any Python int into [0, 2**31 - 1), as TF does (seeds are int64 attrs)."""
    return int(seed) % MAXINT32


def get_seed(op_seed, graph):
    """The (seed, seed2) pair TF1 gives a random op; see the module doc."""
    graph_seed = getattr(graph, "seed", None)
    if graph_seed is not None:
        if op_seed is None:
            op_seed = getattr(graph, "_seed_counter", 0)   # TF 2: per-graph get_seed count
            graph._seed_counter = op_seed + 1
        seeds = _truncate_seed(graph_seed), _truncate_seed(op_seed)
    elif op_seed is not None:
        seeds = DEFAULT_GRAPH_SEED, _truncate_seed(op_seed)
    else:
        return None, None
    # (0, 0) would read as "unseeded" in the kernel, so TF moves it.
    return (0, MAXINT32) if seeds == (0, 0) else seeds


def op_seed_attrs(op_seed, graph):
    """The op's seed/seed2 attrs: get_seed with None written as 0, as TF does."""
    seed, seed2 = get_seed(op_seed, graph)
    return seed or 0, seed2 or 0
