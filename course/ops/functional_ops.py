"""tf.map_fn, tf.scan, tf.foldl and tf.foldr: tf.while_loop over the first dimension of their
elements, which are unstacked into TensorArrays, as TF1's functional_ops.py builds them (the
same loops, so the same values, gradients and static shapes)."""
from ..framework import dtypes, nest
from ..framework.ops import convert_to_tensor, name_scope
from ..framework.tensor_shape import TensorShape
from . import array_ops
from .tensor_array_ops import TensorArray
from .while_loop import while_loop


def _check_callable(fn):
    if not callable(fn):
        raise TypeError("%s is not callable. Please provide a callable function."
                        % getattr(fn, "__name__", fn))


def _length(tensor):
    """The first dimension: a Python int when known, else a tensor."""
    known = tensor.shape[0] if tensor.shape.ndims else None
    return known if known is not None else array_ops.shape(tensor)[0]


def _unstacked(elems_flat, size, element_shapes=False):
    return [TensorArray(e.dtype, size=size, dynamic_size=False, infer_shape=True,
                        element_shape=e.shape[1:] if element_shapes else None).unstack(e)
            for e in elems_flat]


def _with_leading(result, elems_flat):
    """TF's static shapes of a stacked result: the elements' first dimension, then its own."""
    first = None
    for e in elems_flat:
        dim = e.shape[0] if e.shape.ndims else None
        first = dim if first is None else first
    result.set_shape(TensorShape([first]).concatenate(result.shape[1:]))
    return result


def map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop=True, swap_memory=False,
           infer_shape=True, name=None, fn_output_signature=None):
    """``tf.map_fn``: ``fn`` applied to each slice ``elems[i]`` (a nested structure of tensors
    sliced together), the results stacked. ``dtype`` gives the results' structure and dtypes
    when they differ from the elements'."""
    signature = dtype if fn_output_signature is None else fn_output_signature
    _check_callable(fn)
    elems_flat = nest.flatten(elems)
    if not elems_flat:
        raise ValueError("elems must be a Tensor or (possibly nested) sequence of Tensors. Got "
                         "{}, which does not contain any Tensors.".format(elems))
    with name_scope(name, "map", elems_flat):
        elems_flat = [convert_to_tensor(t, name="elem") for t in elems_flat]
        if elems_flat[0].shape.ndims is not None and elems_flat[0].shape.ndims < 1:
            raise ValueError("Elements in elems must be 1+ dimensional Tensors, not scalars")
        n = _length(elems_flat[0])
        elems_ta = _unstacked(elems_flat, n)
        if signature is None:
            out_dtypes, structure = [e.dtype for e in elems_flat], elems
        else:
            out_dtypes = [dtypes.as_dtype(d) for d in nest.flatten(signature)]
            structure = signature
        results_ta = [TensorArray(d, size=n, dynamic_size=False, infer_shape=infer_shape)
                      for d in out_dtypes]

        def compute(i, tas):
            value = nest.pack_sequence_as(elems, [ta.read(i) for ta in elems_ta])
            result = fn(value)
            nest.assert_same_structure(structure, result)
            return i + 1, [ta.write(i, r) for ta, r in zip(tas, nest.flatten(result))]
        _, results_ta = while_loop(lambda i, _: i < n, compute,
                                   (array_ops.constant(0), results_ta),
                                   parallel_iterations=parallel_iterations or 10,
                                   back_prop=back_prop, swap_memory=swap_memory,
                                   maximum_iterations=n)
        results = [_with_leading(ta.stack(), elems_flat) for ta in results_ta]
        return nest.pack_sequence_as(structure, results)


def scan(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
         infer_shape=True, reverse=False, name=None):
    """``tf.scan``: the running values a <- fn(a, elems[i]) for each i (from the last with
    ``reverse``), stacked; without an initializer a starts as the first element."""
    _check_callable(fn)
    nested_in = nest.is_sequence(elems)
    structure = elems if initializer is None else initializer
    nested_out = nest.is_sequence(structure)

    def pack(like, nested, flat):
        return nest.pack_sequence_as(like, flat) if nested else flat[0]
    elems_flat = nest.flatten(elems)
    with name_scope(name, "scan", elems_flat):
        elems_flat = [convert_to_tensor(e, name="elem") for e in elems_flat]
        n = _length(elems_flat[0])
        elems_ta = _unstacked(elems_flat, n, element_shapes=True)
        if initializer is None:
            a_flat = [ta.read(n - 1 if reverse else 0) for ta in elems_ta]
            start = 1
        else:
            a_flat = [convert_to_tensor(a) for a in nest.flatten(initializer)]
            start = 0
        accs_ta = [TensorArray(a.dtype, size=n, dynamic_size=False, infer_shape=infer_shape,
                               element_shape=a.shape if infer_shape else None) for a in a_flat]
        if initializer is None:
            accs_ta = [ta.write(n - 1 if reverse else 0, a) for ta, a in zip(accs_ta, a_flat)]

        def compute(i, a_flat, tas):
            a_out = fn(pack(structure, nested_out, a_flat),
                       pack(elems, nested_in, [ta.read(i) for ta in elems_ta]))
            nest.assert_same_structure(structure, a_out)
            flat_out = nest.flatten(a_out)
            tas = [ta.write(i, value) for ta, value in zip(tas, flat_out)]
            return (i - 1 if reverse else i + 1), flat_out, tas
        if reverse:
            first, condition = n - 1 - start, (lambda i, _1, _2: i >= 0)
        else:
            first, condition = start, (lambda i, _1, _2: i < n)
        _, _, accs_ta = while_loop(condition, compute, (first, a_flat, accs_ta),
                                   parallel_iterations=parallel_iterations,
                                   back_prop=back_prop, swap_memory=swap_memory,
                                   maximum_iterations=n)
        results = [_with_leading(ta.stack(), elems_flat) for ta in accs_ta]
        return pack(structure, nested_out, results)


def _fold(fn, elems, initializer, parallel_iterations, back_prop, swap_memory, name, kind):
    _check_callable(fn)
    with name_scope(name, kind, [elems]):
        elems_flat = [convert_to_tensor(e, name="elem") for e in nest.flatten(elems)]
        n = _length(elems_flat[0])
        elems_ta = nest.pack_sequence_as(elems, _unstacked(elems_flat, n))

        def read(i):
            return nest.map_structure(lambda ta: ta.read(i), elems_ta)
        if kind == "foldl":
            if initializer is None:
                i, a = array_ops.constant(1), read(0)
            else:
                i, a = array_ops.constant(0), initializer

            def compute(i, a):
                return [i + 1, fn(a, read(i))]
            condition = (lambda i, a: i < n)
        else:
            if initializer is None:
                i = n - 1
                a = read(i)
            else:
                i, a = n, initializer

            def compute(i, a):
                i -= 1
                return [i, fn(a, read(i))]
            condition = (lambda i, a: i > 0)
        _, result = while_loop(condition, compute, [i, a],
                               parallel_iterations=parallel_iterations, back_prop=back_prop,
                               swap_memory=swap_memory, maximum_iterations=n)
        return result


def foldl(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
          name=None):
    """``tf.foldl``: a <- fn(a, elems[i]) for i = 0, 1, ...; the last a."""
    return _fold(fn, elems, initializer, parallel_iterations, back_prop, swap_memory, name,
                 "foldl")


def foldr(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
          name=None):
    """``tf.foldr``: a <- fn(a, elems[i]) for i = n-1, n-2, ...; the last a."""
    return _fold(fn, elems, initializer, parallel_iterations, back_prop, swap_memory, name,
                 "foldr")
