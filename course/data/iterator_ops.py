"""TF1's dataset iterators: one-shot, initializable, and reinitializable (from_structure).

An iterator's state (a Python generator of elements) lives in the session, keyed by the
iterator. ``MakeIterator`` (the initializer) takes the dataset's input tensors and starts a
fresh generator; ``IteratorGetNext`` takes the next element, or raises OutOfRangeError at the
end. A one-shot iterator's get_next starts the generator itself on its first run.
"""
from ..framework import errors
from ..framework.registry import define_op

from ..ops.core import apply_op
from . import structure as nest

_END = object()


def _state(state, iterator):
    return state.kernel_state.setdefault("iterators", {})


def _make_iterator_kernel(op, state):
    iterator, dataset = op.get_attr("iterator"), op.get_attr("dataset")
    inputs = dataset._inputs

    def make(*values):
        _state(state, iterator)[iterator] = dataset._elements(dict(zip(inputs, values)))
    return make


def _get_next_kernel(op, state):
    iterator = op.get_attr("iterator")
    one_shot = op.get_attr("one_shot")

    def get_next(*values):
        running = _state(state, iterator)
        if iterator not in running:
            if one_shot is None:
                raise errors.FailedPreconditionError(
                    None, op, "GetNext() failed because the iterator has not been initialized. "
                    "Ensure that you have run the initializer operation for this iterator "
                    "before getting the next element.\n\t [[node %s]]" % op.name)
            running[iterator] = one_shot._elements(dict(zip(one_shot._inputs, values)))
        element = next(running[iterator], _END)
        if element is _END:
            raise errors.OutOfRangeError(None, op, "End of sequence\n\t [[node %s]]" % op.name)
        return element if len(element) != 1 else element[0]
    return get_next


define_op("MakeIterator", make_kernel=_make_iterator_kernel, foldable=False,
          infer=lambda op: [], num_outputs=0, differentiable=False)
define_op("IteratorGetNext", make_kernel=_get_next_kernel, foldable=False,
          infer=lambda op: list(op.get_attr("specs")),
          num_outputs=lambda attrs: len(attrs["specs"]), differentiable=False)


class Iterator:
    """``tf.data.Iterator`` (TF1): ``get_next()`` gives the next element's tensors."""

    def __init__(self, structure, specs, one_shot=None):
        self._structure, self._specs, self._one_shot = structure, specs, one_shot
        self._initializer = None

    @classmethod
    def _one_shot(cls, dataset):
        return cls(dataset._structure, dataset._specs, one_shot=dataset)

    @classmethod
    def _initializable(cls, dataset):
        iterator = cls(dataset._structure, dataset._specs)
        iterator._initializer = iterator.make_initializer(dataset)
        return iterator

    @staticmethod
    def from_structure(output_types, output_shapes=None, shared_name=None, output_classes=None):
        """A reinitializable iterator: ``make_initializer(dataset)`` points it at a dataset of
        that structure (train/validation switching)."""
        return Iterator(output_types, nest.as_specs(output_types, output_shapes))

    @property
    def initializer(self):
        if self._initializer is None:
            raise ValueError("Iterator does not have an initializer.")
        return self._initializer

    output_types = property(lambda self: nest.pack(self._structure, [d for d, _ in self._specs]))
    output_shapes = property(lambda self: nest.pack(self._structure,
                                                    [s for _, s in self._specs]))

    def make_initializer(self, dataset, name=None):
        if [d for d, _ in dataset._specs] != [d for d, _ in self._specs]:
            raise TypeError("Expected output types %r but got dataset with output types %r."
                            % (self.output_types, dataset.output_types))
        for (_, mine), (_, theirs) in zip(self._specs, dataset._specs):
            if not mine.is_compatible_with(theirs):
                raise TypeError("Expected output shapes compatible with %r but got dataset with "
                                "output shapes %r." % (self.output_shapes,
                                                       dataset.output_shapes))
        return apply_op("MakeIterator", list(dataset._inputs),
                        {"iterator": self, "dataset": dataset}, name or "MakeIterator")

    def get_next(self, name=None):
        inputs = list(self._one_shot._inputs) if self._one_shot is not None else []
        op = apply_op("IteratorGetNext", inputs,
                      {"iterator": self, "one_shot": self._one_shot,
                       "specs": tuple(self._specs)}, name or "IteratorGetNext")
        return nest.pack(self._structure, op.outputs)

    def __repr__(self):
        return "<Iterator shapes: %s, types: %s>" % (self.output_shapes, self.output_types)


def make_one_shot_iterator(dataset):
    """``tf.compat.v1.data.make_one_shot_iterator(dataset)``."""
    return dataset.make_one_shot_iterator()


def make_initializable_iterator(dataset, shared_name=None):
    """``tf.compat.v1.data.make_initializable_iterator(dataset)``."""
    return dataset.make_initializable_iterator(shared_name)


def get_output_types(dataset_or_iterator):
    return dataset_or_iterator.output_types


def get_output_shapes(dataset_or_iterator):
    return dataset_or_iterator.output_shapes



