"""The Optimizer base class (``tf.train.Optimizer``): minimize = compute_gradients +
apply_gradients, slots, and the global step.

A subclass says only what is particular to its algorithm, as in TF:
  * ``_create_slots(var_list)``: make its per-variable state (``self._zeros_slot(v, ...)``);
  * ``_prepare()``: turn its hyper-parameters into tensors (named under the step's scope);
  * ``_apply_dense(grad, var)``: the update op for one variable (an Apply* op);
  * ``_apply_sparse(grad, var)``: the same for a sparse gradient (IndexedSlices, repeats summed):
    tf.gather / embedding_lookup gradients update only the rows looked up;
  * ``_finish(update_ops, name)``: group the updates (Adam also advances beta1_power/beta2_power).

``apply_gradients`` builds ONE op, named after the optimizer (``GradientDescent``) or ``name``:
it runs every variable's update and, when ``global_step`` is given, then adds 1 to it.
"""
from ..framework import dtypes
from ..framework.indexed_slices import IndexedSlices
from ..framework.ops import (
    GraphKeys,
    Tensor,
    control_dependencies,
    convert_to_tensor,
    get_default_graph,
    name_scope,
)
from ..gradients import gradients
from ..ops import array_ops, control_flow_ops, scatter_ops, state_ops
from ..variables import Variable, trainable_variables
from . import slot_creator


def _var_key(var):
    return (var.op.graph, var.op.name)


def _flatten(items):
    out = []
    for item in items:
        if isinstance(item, (list, tuple)):
            out.extend(_flatten(item))
        else:
            out.append(item)
    return out


class Optimizer:
    """Base class for optimizers. Use a subclass, e.g. ``GradientDescentOptimizer(0.1)``."""

    GATE_NONE = 0
    GATE_OP = 1
    GATE_GRAPH = 2

    def __init__(self, use_locking, name):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        self._slots = {}          # slot name -> {variable key: slot Variable}
        self._non_slot_dict = {}  # (name, graph) -> Variable (Adam's beta1_power...)

    def get_name(self):
        return self._name

    # -- the two halves of minimize ------------------------------------------------------------
    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=GATE_OP,
                 aggregation_method=None, colocate_gradients_with_ops=False, name=None,
                 grad_loss=None):
        """Add ops that update ``var_list`` (default: the trainable variables) to decrease
        ``loss``; returns the training op. It increments ``global_step`` if one is given."""
        grads_and_vars = self.compute_gradients(
            loss, var_list=var_list, gate_gradients=gate_gradients,
            aggregation_method=aggregation_method,
            colocate_gradients_with_ops=colocate_gradients_with_ops, grad_loss=grad_loss)
        vars_with_grad = [v for g, v in grads_and_vars if g is not None]
        if not vars_with_grad:
            raise ValueError(
                "No gradients provided for any variable, check your graph for ops that do not "
                "support gradients, between variables %s and loss %s."
                % ([str(v) for _, v in grads_and_vars], loss))
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def compute_gradients(self, loss, var_list=None, gate_gradients=GATE_OP,
                          aggregation_method=None, colocate_gradients_with_ops=False,
                          grad_loss=None):
        """A list of (gradient, variable) pairs; the gradient is None for a variable the loss
        does not depend on."""
        if callable(loss):
            loss = loss()
        loss = convert_to_tensor(loss)
        if gate_gradients not in (Optimizer.GATE_NONE, Optimizer.GATE_OP, Optimizer.GATE_GRAPH):
            raise ValueError("gate_gradients must be one of: Optimizer.GATE_NONE, "
                             "Optimizer.GATE_OP, Optimizer.GATE_GRAPH.  Not %s" % gate_gradients)
        self._assert_valid_dtypes([loss])
        if grad_loss is not None:
            self._assert_valid_dtypes([convert_to_tensor(grad_loss)])
        if var_list is None:
            var_list = trainable_variables()
        else:
            var_list = _flatten(list(var_list))
        for v in var_list:
            _check_variable(v)
        if not var_list:
            raise ValueError("No variables to optimize.")
        # The whole step is computed from one snapshot of the variables (course runs ops one
        # at a time and updates never alias reads), which is what TF's gating guarantees.
        grads = gradients(loss, var_list, grad_ys=grad_loss,
                          gate_gradients=(gate_gradients == Optimizer.GATE_OP),
                          aggregation_method=aggregation_method,
                          colocate_gradients_with_ops=colocate_gradients_with_ops)
        if gate_gradients == Optimizer.GATE_GRAPH:
            grads = control_flow_ops.tuple(grads)
        grads_and_vars = list(zip(grads, var_list))
        self._assert_valid_dtypes([v for g, v in grads_and_vars if g is not None])
        return grads_and_vars

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """One op applying each (gradient, variable) pair (pairs with a None gradient are
        skipped), then incrementing ``global_step`` if given. Named ``name`` or the optimizer's
        name."""
        grads_and_vars = tuple(grads_and_vars)
        if not grads_and_vars:
            raise ValueError("No variables provided.")
        converted = []
        for g, v in grads_and_vars:
            if g is not None and not isinstance(g, IndexedSlices):
                try:
                    g = convert_to_tensor(g)
                except (TypeError, ValueError):
                    raise TypeError("Gradient must be convertible to a Tensor or IndexedSlices, "
                                    "or None: %s" % (g,)) from None
            _check_variable(v)
            converted.append((g, v))
        var_list = [v for g, v in converted if g is not None]
        if not var_list:
            raise ValueError("No gradients provided for any variable: %s."
                             % ([str(v) for _, v in converted],))
        graph = var_list[0].graph
        with graph.as_default(), control_dependencies(None):
            self._create_slots(var_list)
        update_ops = []
        with name_scope(name, self._name) as scope:
            self._prepare()
            for grad, var in converted:
                if grad is None:
                    continue
                with name_scope("update_" + var.op.name):
                    if isinstance(grad, IndexedSlices):
                        update = self._apply_sparse_duplicate_indices(grad, var)
                    else:
                        update = self._apply_dense(grad, var)
                    if var.constraint is not None:
                        update = _constrain(var, update)
                    update_ops.append(_as_op(update))
            if global_step is None:
                apply_updates = self._finish(update_ops, scope)
            else:
                with control_dependencies([self._finish(update_ops, "update")]):
                    apply_updates = state_ops.assign_add(global_step, 1, name=scope)
            apply_updates = _as_op(apply_updates)
            train_ops = get_default_graph().get_collection_ref(GraphKeys.TRAIN_OP)
            if apply_updates not in train_ops:
                train_ops.append(apply_updates)
            return apply_updates

    # -- slots -----------------------------------------------------------------------------------
    def get_slot(self, var, name):
        """The slot Variable ``name`` (see get_slot_names) made for ``var``, or None."""
        named = self._slots.get(name)
        if not named:
            return None
        return named.get(_var_key(var))

    def get_slot_names(self):
        return sorted(self._slots)

    def variables(self):
        """The optimizer's own variables in the default graph: non-slot ones (Adam's
        beta1_power...) and every slot, sorted by name."""
        graph = get_default_graph()
        found = [v for v in self._non_slot_dict.values() if v.graph is graph]
        for named in self._slots.values():
            found.extend(v for v in named.values() if v.graph is graph)
        return sorted(found, key=lambda v: v.name)

    def _slot_dict(self, slot_name):
        return self._slots.setdefault(slot_name, {})

    def _zeros_slot(self, var, slot_name, op_name):
        named = self._slot_dict(slot_name)
        if _var_key(var) not in named:
            named[_var_key(var)] = slot_creator.create_zeros_slot(var, op_name)
        return named[_var_key(var)]

    def _get_or_make_slot(self, var, val, slot_name, op_name):
        named = self._slot_dict(slot_name)
        if _var_key(var) not in named:
            named[_var_key(var)] = slot_creator.create_slot(var, val, op_name)
        return named[_var_key(var)]

    def _get_or_make_slot_with_initializer(self, var, initializer, shape, dtype, slot_name,
                                           op_name):
        named = self._slot_dict(slot_name)
        if _var_key(var) not in named:
            named[_var_key(var)] = slot_creator.create_slot_with_initializer(
                var, initializer, shape, dtype, op_name)
        return named[_var_key(var)]

    def _create_non_slot_variable(self, initial_value, name, colocate_with):
        """A variable of the optimizer itself (not per variable), made once per graph in the
        current name scope."""
        graph = colocate_with.graph
        key = (name, graph)
        if key not in self._non_slot_dict:
            with graph.as_default(), control_dependencies(None):
                self._non_slot_dict[key] = Variable(initial_value, name=name, trainable=False)
        return self._non_slot_dict[key]

    def _get_non_slot_variable(self, name, graph=None):
        return self._non_slot_dict.get((name, graph or get_default_graph()))

    def _non_slot_variables(self):
        return self._non_slot_dict.values()

    # -- what subclasses provide -----------------------------------------------------------------
    def _create_slots(self, var_list):
        pass

    def _prepare(self):
        pass

    def _apply_dense(self, grad, var):
        raise NotImplementedError()

    def _apply_sparse_duplicate_indices(self, grad, var):
        """A sparse gradient (IndexedSlices) with each row's repeats summed first, then
        ``_apply_sparse``: only the rows a step looked up are updated, as in TF."""
        unique_indices, positions = scatter_ops.unique(grad.indices)
        summed = scatter_ops.unsorted_segment_sum(
            grad.values, positions, array_ops.strided_slice_py(array_ops.shape(unique_indices),
                                                               (0,)))
        return self._apply_sparse(IndexedSlices(summed, unique_indices, grad.dense_shape), var)

    def _apply_sparse(self, grad, var):
        raise NotImplementedError()

    def _finish(self, update_ops, name_scope):
        return control_flow_ops.group(*update_ops, name=name_scope)

    # -- helpers ---------------------------------------------------------------------------------
    @staticmethod
    def _call_if_callable(param):
        return param() if callable(param) else param

    def _hyper_tensor(self, value, name):
        """A hyper-parameter (a number, a tensor, or a callable returning one) as a tensor.
        Called in ``_prepare``: named under the step's scope (``GradientDescent/learning_rate``)."""
        return convert_to_tensor(self._call_if_callable(value), name=name)

    def _valid_dtypes(self):
        return {dtypes.float16, dtypes.float32, dtypes.float64}

    def _assert_valid_dtypes(self, tensors):
        valid = self._valid_dtypes()
        for t in tensors:
            if t.dtype not in valid:
                raise ValueError("Invalid type %r for %s, expected: %s." % (
                    t.dtype, t.name, sorted(valid, key=lambda d: d.name)))


def _check_variable(v):
    if not isinstance(v, Variable):
        raise NotImplementedError("Trying to optimize unsupported type ", v)


def _constrain(var, update):
    """As TF1's optimizers: once updated, the variable is set to its constraint of the new value
    (a read made after the update, so the projection sees the stepped value)."""
    with control_dependencies([update]):
        return var.assign(var.constraint(var.read_value()))


def _as_op(x):
    return x.op if isinstance(x, Tensor) else x


def cast_like(tensor, var):
    """A hyper-parameter tensor in the variable's dtype (TF's math_ops.cast in _apply_dense)."""
    return array_ops.cast(tensor, var.dtype)
