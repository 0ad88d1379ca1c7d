"""The op registry: every op type is defined once, with its kernel, shape function and gradient.

An op definition says everything about an op type:
  * ``kernel(*inputs, **attrs)``: the numpy computation (pure: never mutates its inputs), or
    ``bind(**attrs)`` returning such a computation specialised to the attrs (used instead of
    ``kernel`` when given), or
    ``make_kernel(op, state)`` for ops that touch session state (variables, random streams),
    returning a callable of the inputs; and optionally ``specialize(op)``, a faster kernel
    for the op's static input shapes (or None), which must compute what ``kernel`` does;
  * ``infer(op)``: the static ``[(dtype, TensorShape), ...]`` of its outputs, raising ValueError
    at graph-build time when the inputs cannot fit;
  * ``grad(op, *output_grads)``: the gradients of its inputs, built as graph ops (so gradients
    are graphs and second derivatives work), or ``differentiable=False``;
  * optionally ``batch(op, batched, state)``: its rule for a batched run (course.sweep: K copies
    of a computation at once, a leading axis of size K on some values), returning the kernel
    for that layout and which outputs have the axis (see ``framework/batching.py``).
The session compiles kernels into plans; tf.gradients calls ``grad``; the tests enumerate
``all_op_defs()`` to check every gradient numerically.
"""
import functools


class OpDef:
    __slots__ = ("type", "kernel", "make_kernel", "bind", "specialize", "infer", "grad",
                 "differentiable", "foldable", "alias", "ref_inputs", "num_outputs", "batch")

    def __init__(self, type, kernel=None, infer=None, grad=None, differentiable=True,
                 make_kernel=None, bind=None, specialize=None, foldable=None, alias=False,
                 ref_inputs=(), num_outputs=1, batch=None):
        self.type = type
        self.kernel = kernel
        self.make_kernel = make_kernel
        # Optional bind(**attrs) -> callable(*inputs): a kernel specialised to the op's attrs,
        # for hot ops where a generic kernel's attribute branching would cost per run.
        self.bind = bind
        # Optional specialize(op) -> callable(*inputs) or None: a kernel chosen for the op's
        # static input shapes (a bias added to short NHWC channels), where checking the shapes
        # on every run would cost more than the general kernel saves on small inputs.
        self.specialize = specialize
        self.infer = infer
        self.grad = grad
        self.differentiable = differentiable
        # Pure ops whose inputs are all constant are computed once per plan, not every run.
        self.foldable = (make_kernel is None) if foldable is None else foldable
        # Identity-like ops: the plan passes the input value through without a call.
        self.alias = alias
        # Inputs that name a variable to write rather than a value to read (Assign's ref).
        self.ref_inputs = tuple(ref_inputs)
        # An int, or a callable of the op's attrs for ops like Split and Unpack.
        self.num_outputs = num_outputs
        # The op's rule for batched runs (None: batched runs refuse it, naming its type).
        self.batch = batch

    def kernel_for(self, op, state):
        """The callable a plan runs for ``op`` (None for identity-like ops and ops without a
        kernel, such as NoOp): its state-bound kernel, its kernel for the op's static shapes,
        its attrs bound, or its plain kernel."""
        if self.alias:
            return None
        if self.make_kernel is not None:
            return self.make_kernel(op, state)
        if self.specialize is not None:
            special = self.specialize(op)
            if special is not None:
                return special
        attrs = {k: v for k, v in op._attrs.items() if not k.startswith("_")}
        if self.bind is not None:
            return self.bind(**attrs)
        if self.kernel is None:
            return None
        if not attrs:
            return self.kernel
        return functools.partial(self.kernel, **attrs)

    def __repr__(self):
        return "<OpDef %s>" % self.type


_REGISTRY = {}


def define_op(type, **kwargs):
    """Register an op type; each type may be defined only once."""
    if type in _REGISTRY:
        raise KeyError("Op type %r is already defined" % type)
    opdef = OpDef(type, **kwargs)
    _REGISTRY[type] = opdef
    return opdef


def get_op_def(type):
    try:
        return _REGISTRY[type]
    except KeyError:
        raise KeyError("No op named %r is registered" % type) from None


def all_op_defs():
    return dict(_REGISTRY)
