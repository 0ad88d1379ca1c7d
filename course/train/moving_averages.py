"""tf.train.ExponentialMovingAverage and assign_moving_average, as TF1 builds them.

Each averaged variable ``w`` gets a non-trainable shadow variable ``w/ExponentialMovingAverage``
(initialized to w's initial value); ``apply`` returns one op that moves every shadow toward its
variable: ``shadow -= (shadow - w) * (1 - decay)``. With ``num_updates`` the decay used is
``min(decay, (1 + num_updates) / (10 + num_updates))``, so early averages move faster.
``variables_to_restore`` maps the shadows' names to the model's variables, so a Saver restores
the averaged weights into the model for evaluation.
"""
from ..framework import dtypes
from ..framework.ops import GraphKeys, Tensor, get_default_graph, init_scope, name_scope
from ..ops import array_ops, control_flow_ops, math_ops, state_ops
from ..ops.core import to_tensor
from ..variable_scope import get_variable, get_variable_scope, variable_scope
from ..init_ops import zeros_initializer
from ..variables import Variable, global_variables, moving_average_variables, trainable_variables
from . import slot_creator

_FLOATS = (dtypes.float16, dtypes.float32, dtypes.float64)


def assign_moving_average(variable, value, decay, zero_debias=True, name=None):
    """``variable -= (variable - value) * (1 - decay)``; with ``zero_debias`` the average is
    divided by ``1 - decay ** steps`` (Adam's bias correction), kept in two extra variables."""
    with name_scope(name, "AssignMovingAvg", [variable, value, decay]) as scope:
        # A Python decay gives 1 - decay in double, then float32; a tensor decay subtracts in
        # its own dtype, as TF does (the two round differently).
        decay = to_tensor(1.0 - decay, name="decay")
        if decay.dtype != variable.dtype:
            decay = math_ops.cast(decay, variable.dtype)
        if zero_debias:
            return _zero_debias(variable, value, decay)
        return state_ops.assign_sub(variable, (to_tensor(variable) - value) * decay, name=scope)


def _zero_debias(unbiased_var, value, decay):
    with variable_scope(unbiased_var.op.name):
        biased = get_variable(_unused_name("biased"), initializer=zeros_initializer(),
                              shape=unbiased_var.shape, dtype=unbiased_var.dtype,
                              trainable=False)
        local_step = get_variable(_unused_name("local_step"), shape=[], dtype=unbiased_var.dtype,
                                  initializer=zeros_initializer(), trainable=False)
    update_biased = state_ops.assign_sub(biased, (to_tensor(biased) - value) * decay)
    update_local_step = local_step.assign_add(1)
    # decay here is 1 - the decay the caller gave
    bias_factor = 1 - math_ops.pow(1.0 - decay, update_local_step)
    return state_ops.assign(unbiased_var, update_biased / bias_factor,
                            name=get_default_graph().get_name_scope() + "/")


def _unused_name(name):
    """``name``, or ``name_1``, ... when the scope already has a variable of that name."""
    scope = get_variable_scope()
    existing = {v.op.name for v in global_variables()}
    full = scope.name + "/" + name
    if full not in existing:
        return name
    i = 1
    while "%s_%d" % (full, i) in existing:
        i += 1
    return "%s_%d" % (name, i)


class ExponentialMovingAverage:
    """``tf.train.ExponentialMovingAverage(decay, num_updates=None, zero_debias=False,
    name="ExponentialMovingAverage")``."""

    def __init__(self, decay, num_updates=None, zero_debias=False,
                 name="ExponentialMovingAverage"):
        self._decay = decay
        self._num_updates = num_updates
        self._zero_debias = zero_debias
        self._name = name
        self._averages = {}

    @property
    def name(self):
        return self._name

    def apply(self, var_list=None):
        """Create the shadow variables (first time) and return the op that updates them all."""
        var_list = trainable_variables() if var_list is None else list(var_list)
        debiased = set()
        for var in var_list:
            if var.dtype not in _FLOATS:
                raise TypeError("The variables must be half, float, or double: %s" % var.name)
            if var in self._averages:
                continue
            if isinstance(var, Variable):
                with init_scope():
                    initial = var.initialized_value()
                avg = slot_creator.create_slot(var, initial, self._name)
                var.graph.add_to_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, var)
            elif isinstance(var, Tensor):
                avg = slot_creator.create_zeros_slot(var, self._name)
                if self._zero_debias:
                    debiased.add(avg)
            else:
                raise TypeError("ExponentialMovingAverage averages Variables and Tensors, got %r"
                                % (var,))
            self._averages[var] = avg
        with name_scope(self._name) as scope:
            decay = to_tensor(self._decay, name="decay")
            if self._num_updates is not None:
                num_updates = array_ops.cast(self._num_updates, dtypes.float32, name="num_updates")
                decay = math_ops.minimum(decay, (1.0 + num_updates) / (10.0 + num_updates))
            updates = [assign_moving_average(self._averages[var], var, decay,
                                             zero_debias=self._averages[var] in debiased)
                       for var in var_list]
            return control_flow_ops.group(*updates, name=scope)

    def average(self, var):
        """The shadow variable of ``var`` (None if ``apply`` has not seen it)."""
        return self._averages.get(var)

    def average_name(self, var):
        """The name the shadow of ``var`` has (or would have: ``<var op name>/<EMA name>``)."""
        if var in self._averages:
            return self._averages[var].op.name
        return get_default_graph().unique_name(var.op.name + "/" + self._name,
                                               mark_as_used=False)

    def variables_to_restore(self, moving_avg_variables=None):
        """{checkpoint name: variable}: averaged variables are read from their shadows' names,
        every other global variable from its own name."""
        if moving_avg_variables is None:
            moving_avg_variables = trainable_variables() + moving_average_variables()
        averaged = list(dict.fromkeys(moving_avg_variables))
        name_map = {self.average_name(v): v for v in averaged}
        averaged_names = {v.name for v in averaged}
        for v in global_variables():
            if v.name not in averaged_names and v.op.name not in name_map:
                name_map[v.op.name] = v
        return name_map
