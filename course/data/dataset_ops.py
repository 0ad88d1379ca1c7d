"""tf.data.Dataset in TF1's graph mode: a pipeline described in Python, run by an iterator.

A Dataset knows its element structure (dtypes and static shapes per component) and the graph
tensors its data comes from (``from_tensor_slices`` of arrays, constants or placeholders). An
iterator's initializer op takes those tensors as inputs; when it runs, the pipeline becomes a
Python generator of elements kept in the session, and each run of ``get_next`` takes the next
element (OutOfRangeError at the end, as TF).

Functions given to ``map`` and ``filter`` are traced once into a graph of their own (as TF
traces them into a function) and run per element; they may not use tensors of the main graph.
``shuffle`` is TF's ShuffleDataset with its Philox random numbers: seeded, it gives TF's order.
"""
import itertools

import numpy as np

from ..framework import dtypes
from ..framework.ops import Graph, get_default_graph
from ..framework.philox import key_and_counter, philox_blocks
from ..framework.random_seed import op_seed_attrs
from ..framework.tensor_shape import TensorShape
from ..ops import array_ops
from . import structure as nest


class Dataset:
    """``tf.data.Dataset``: build one with a ``from_*`` or ``range`` constructor, transform it
    (``map``, ``shuffle``, ``batch``, ``repeat``, ...), read it with an iterator."""

    def __init__(self, structure, specs, inputs):
        self._structure = structure      # nested like an element, leaves unused
        self._specs = specs              # [(DType, TensorShape)] per component
        self._inputs = inputs            # graph tensors the pipeline reads

    # -- what an element looks like
    @property
    def output_types(self):
        return nest.pack(self._structure, [d for d, _ in self._specs])

    @property
    def output_shapes(self):
        return nest.pack(self._structure, [s for _, s in self._specs])

    @property
    def output_classes(self):
        from ..framework.ops import Tensor
        return nest.pack(self._structure, [Tensor] * len(self._specs))

    @property
    def element_spec(self):
        return self.output_shapes

    def _elements(self, values):
        """A generator of elements (tuples of arrays), given {input tensor: value}."""
        raise NotImplementedError

    # -- constructors
    @staticmethod
    def from_tensor_slices(tensors):
        """One element per row of the given arrays/tensors (all with the same first dimension)."""
        return _TensorSlices(tensors)

    @staticmethod
    def from_tensors(tensors):
        """A dataset of one element: the given tensors."""
        return _Tensors(tensors)

    @staticmethod
    def range(*args):
        """``range(stop)``, ``range(start, stop[, step])``: int64 scalars."""
        return _Range(*args)

    @staticmethod
    def zip(datasets):
        """Elements of several datasets side by side (as long as the shortest)."""
        return _Zip(datasets)

    # -- transformations
    def map(self, map_func, num_parallel_calls=None, deterministic=None, name=None):
        return _Map(self, map_func)

    def filter(self, predicate, name=None):
        return _Filter(self, predicate)

    def batch(self, batch_size, drop_remainder=False, num_parallel_calls=None,
              deterministic=None, name=None):
        return _Batch(self, int(batch_size), bool(drop_remainder))

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=None, name=None):
        return _Shuffle(self, int(buffer_size), seed,
                        True if reshuffle_each_iteration is None else reshuffle_each_iteration)

    def repeat(self, count=None, name=None):
        return _Repeat(self, count)

    def take(self, count, name=None):
        return _Slice(self, 0, int(count))

    def skip(self, count, name=None):
        return _Slice(self, int(count), None)

    def prefetch(self, buffer_size, name=None):
        return self         # course computes elements on demand: nothing to prefetch

    def cache(self, filename="", name=None):
        return self

    def concatenate(self, dataset, name=None):
        return _Concatenate(self, dataset)

    # -- iterators (TF1)
    def make_one_shot_iterator(self):
        from .iterator_ops import Iterator
        return Iterator._one_shot(self)

    def make_initializable_iterator(self, shared_name=None):
        from .iterator_ops import Iterator
        return Iterator._initializable(self)

    def __iter__(self):
        raise RuntimeError("__iter__() is only supported inside of tf.function or when eager "
                           "execution is enabled; course is TF1 graph mode: use "
                           "dataset.make_one_shot_iterator().get_next() and sess.run.")

    def __repr__(self):
        shapes = nest.pack(self._structure, [_ShapeText(s) for _, s in self._specs])
        return "<%s shapes: %s, types: %s>" % (type(self).__name__.lstrip("_") + "Dataset",
                                               shapes, self.output_types)


class _ShapeText:
    """A shape as TF1 prints it inside a structure: ``(?, 2)``."""

    def __init__(self, shape):
        self._shape = shape

    def __repr__(self):
        return str(self._shape)


class _TensorSlices(Dataset):
    def __init__(self, tensors):
        tensors = nest.to_tensors(tensors, "component")
        flat = nest.flatten(tensors)
        first = {t.shape[0] for t in flat if t.shape.ndims}
        if any(t.shape.ndims == 0 for t in flat):
            raise ValueError("Unbatching a tensor is only supported for rank >= 1")
        if len(first - {None}) > 1:
            raise ValueError("Dimensions %s in from_tensor_slices components are not "
                             "compatible" % sorted(first - {None}))
        super().__init__(tensors, [(t.dtype, TensorShape(t.shape.as_list()[1:])
                                    if t.shape.ndims else t.shape) for t in flat], flat)

    def _elements(self, values):
        arrays = [values[t] for t in self._inputs]
        rows = {a.shape[0] for a in arrays}
        if len(rows) > 1:
            from ..framework import errors
            raise errors.InvalidArgumentError(None, None, "Dimensions of components do not "
                                              "match: %s" % sorted(rows))
        for i in range(rows.pop()):
            yield tuple(a[i] for a in arrays)


class _Tensors(Dataset):
    def __init__(self, tensors):
        tensors = nest.to_tensors(tensors, "component")
        flat = nest.flatten(tensors)
        super().__init__(tensors, [(t.dtype, t.shape) for t in flat], flat)

    def _elements(self, values):
        yield tuple(values[t] for t in self._inputs)


class _Range(Dataset):
    def __init__(self, *args):
        self._range = builtin_range(*[int(a) for a in args])
        super().__init__(0, [(dtypes.int64, TensorShape([]))], [])

    def _elements(self, values):
        for i in self._range:
            yield (np.int64(i),)


builtin_range = range


class _Unary(Dataset):
    """A transformation of one input dataset, with the same inputs."""

    def __init__(self, source, structure=None, specs=None):
        super().__init__(source._structure if structure is None else structure,
                         source._specs if specs is None else specs, source._inputs)
        self._source = source


class _Batch(_Unary):
    def __init__(self, source, batch_size, drop_remainder):
        if batch_size <= 0:
            raise ValueError("batch_size must be greater than zero")
        lead = batch_size if drop_remainder else None
        super().__init__(source, specs=[(d, TensorShape([lead]).concatenate(s))
                                        for d, s in source._specs])
        self._size, self._drop = batch_size, drop_remainder

    def _elements(self, values):
        it = self._source._elements(values)
        while True:
            chunk = list(itertools.islice(it, self._size))
            if not chunk or (self._drop and len(chunk) < self._size):
                return
            yield tuple(_stack([e[k] for e in chunk]) for k in range(len(chunk[0])))


def _stack(parts):
    shapes = {np.shape(p) for p in parts}
    if len(shapes) > 1:
        from ..framework import errors
        raise errors.InvalidArgumentError(
            None, None, "Cannot batch tensors with different shapes in component 0. First "
            "element had shape %s and element %d had shape %s." % (
                list(np.shape(parts[0])), next(i for i, p in enumerate(parts)
                                               if np.shape(p) != np.shape(parts[0])),
                list(next(np.shape(p) for p in parts if np.shape(p) != np.shape(parts[0])))))
    return np.stack(parts)


class _Repeat(_Unary):
    def __init__(self, source, count):
        super().__init__(source)
        self._count = None if count is None or int(count) < 0 else int(count)

    def _elements(self, values):
        epochs = itertools.count() if self._count is None else builtin_range(self._count)
        for _ in epochs:
            produced = False
            for element in self._source._elements(values):
                produced = True
                yield element
            if not produced:
                return      # an empty dataset repeated forever is still empty


class _Slice(_Unary):
    def __init__(self, source, start, stop):
        super().__init__(source)
        self._start, self._stop = start, (None if stop is not None and stop < 0 else stop)

    def _elements(self, values):
        return itertools.islice(self._source._elements(values), self._start,
                                None if self._stop is None else self._start + self._stop)


class _Concatenate(Dataset):
    def __init__(self, first, second):
        if [d for d, _ in first._specs] != [d for d, _ in second._specs]:
            raise TypeError("Two datasets to concatenate have different types %s and %s"
                            % (first.output_types, second.output_types))
        specs = [(d, _common_shape(a, b))
                 for (d, a), (_, b) in zip(first._specs, second._specs)]
        super().__init__(first._structure, specs, first._inputs + second._inputs)
        self._first, self._second = first, second

    def _elements(self, values):
        yield from self._first._elements(values)
        yield from self._second._elements(values)


def _common_shape(a, b):
    """The most specific shape both fit: dimensions that differ become unknown."""
    if a.ndims is None or b.ndims is None or a.ndims != b.ndims:
        return TensorShape(None)
    return TensorShape([x if x == y else None for x, y in zip(a.as_list(), b.as_list())])


class _Zip(Dataset):
    def __init__(self, datasets):
        parts = nest.flatten(datasets) if isinstance(datasets, (tuple, dict)) else None
        if not parts or not all(isinstance(d, Dataset) for d in parts):
            raise TypeError("The argument to `Dataset.zip()` must be a (nested) structure of "
                            "`Dataset` objects.")
        structure = nest.pack(datasets, [d._structure for d in parts])
        super().__init__(structure, [s for d in parts for s in d._specs],
                         [t for d in parts for t in d._inputs])
        self._parts = parts

    def _elements(self, values):
        for elements in zip(*[d._elements(values) for d in self._parts]):
            yield tuple(c for e in elements for c in e)


class _Shuffle(_Unary):
    """TF's ShuffleDataset, random numbers included: a ring buffer of buffer_size elements;
    each output is buffer[start + r % filled] (r the next uint32 of a Philox stream), swapped
    with the oldest, whose place the next input fills. With reshuffle_each_iteration, every
    epoch's stream is seeded by two uint32s drawn from a Philox stream of the op's seeds (TF's
    RandomSeedGenerator); without it, every epoch uses the op's seeds."""

    def __init__(self, source, buffer_size, seed, reshuffle):
        if buffer_size <= 0:
            raise ValueError("buffer_size must be greater than zero.")
        super().__init__(source)
        self._buffer_size, self._reshuffle = buffer_size, reshuffle
        self._seeds = op_seed_attrs(seed, get_default_graph())

    def _epoch_stream(self, run):
        """The Philox words for this epoch; ``run`` holds this initialization's seed stream."""
        if not self._reshuffle:
            return _PhiloxWords(*self._seeds)
        parent = run.setdefault((self, "seeds"), _PhiloxWords(*self._seeds))
        return _PhiloxWords(parent(), parent())

    def _elements(self, values):
        random = self._epoch_stream(values)
        size = self._buffer_size
        buffer, start, end = [None] * size, 0, 0
        source = self._source._elements(values)
        exhausted = False
        while True:
            while not exhausted and end - start < size:
                element = next(source, None)
                if element is None:
                    exhausted = True
                    break
                buffer[end % size] = element
                end += 1
            if end == start:
                return
            index = (start + random() % (end - start)) % size
            out = buffer[index]
            buffer[index], buffer[start % size] = buffer[start % size], None
            start += 1
            yield out


class _PhiloxWords:
    """TF's SingleSampleAdapter<PhiloxRandom>: the stream's uint32 words one at a time."""

    def __init__(self, seed, seed2):
        self._key, self._counter = key_and_counter(seed, seed2)
        self._block, self._words = 0, []

    def __call__(self):
        if not self._words:
            self._words = [int(w) for w in philox_blocks(self._key, self._counter,
                                                         [self._block]).reshape(-1)]
            self._block += 1
        return self._words.pop(0)


class _Traced:
    """A function of one element traced into a graph of its own, run once per element."""

    def __init__(self, source, func, what):
        self._graph = graph = Graph()
        graph.seed = get_default_graph().seed
        with graph.as_default():
            self._params = [array_ops.placeholder(d, s, name="arg%d" % i)
                            for i, (d, s) in enumerate(source._specs)]
            args = nest.pack(source._structure, self._params)
            try:
                result = func(*args) if isinstance(args, tuple) and not hasattr(
                    args, "_fields") else func(args)
            except ValueError as e:
                if "must be from the same graph" in str(e):
                    raise ValueError("course runs a Dataset.%s function in a graph of its own: "
                                     "it cannot use tensors of the main graph (%s)"
                                     % (what, e)) from None
                raise
            self.structure = result
            self.outputs = nest.flatten(nest.to_tensors(result, "output"))
        self._session = None

    def __call__(self, element):
        if self._session is None:
            from ..session import Session
            self._session = Session(graph=self._graph)
        return tuple(self._session.run(self.outputs, dict(zip(self._params, element))))


class _Map(_Unary):
    def __init__(self, source, func):
        traced = _Traced(source, func, "map")
        super().__init__(source, structure=traced.structure,
                         specs=[(t.dtype, t.shape) for t in traced.outputs])
        self._func = traced

    def _elements(self, values):
        for element in self._source._elements(values):
            yield self._func(element)


class _Filter(_Unary):
    def __init__(self, source, predicate):
        traced = _Traced(source, predicate, "filter")
        if len(traced.outputs) != 1 or traced.outputs[0].dtype != dtypes.bool_ or \
                traced.outputs[0].shape.ndims not in (None, 0):
            raise ValueError("`predicate` return type must be convertible to a scalar boolean "
                             "tensor. Was %s." % (traced.outputs,))
        super().__init__(source)
        self._predicate = traced

    def _elements(self, values):
        for element in self._source._elements(values):
            if self._predicate(element)[0]:
                yield element
