"""``tf.train.RMSPropOptimizer``: divide the gradient by a running root-mean-square of recent
gradients (centered: by their running standard deviation), with optional momentum."""
from ..init_ops import ones_initializer
from ..ops import training_ops
from .optimizer import Optimizer, cast_like


class RMSPropOptimizer(Optimizer):
    """RMSProp; slots ``rms`` (starts at ONES, ``<var>/RMSProp``), ``mg`` when centered, and
    ``momentum`` (always, even with momentum=0.0, as TF)."""

    def __init__(self, learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10, use_locking=False,
                 centered=False, name="RMSProp"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._decay = decay
        self._momentum = momentum
        self._epsilon = epsilon
        self._centered = centered

    def _create_slots(self, var_list):
        for v in var_list:
            self._get_or_make_slot_with_initializer(v, ones_initializer(dtype=v.dtype), v.shape,
                                                    v.dtype, "rms", self._name)
            if self._centered:
                self._zeros_slot(v, "mg", self._name)
            self._zeros_slot(v, "momentum", self._name)

    def _prepare(self):
        self._learning_rate_tensor = self._hyper_tensor(self._learning_rate, "learning_rate")
        self._decay_tensor = self._hyper_tensor(self._decay, "decay")
        self._momentum_tensor = self._hyper_tensor(self._momentum, "momentum")
        self._epsilon_tensor = self._hyper_tensor(self._epsilon, "epsilon")

    def _apply_dense(self, grad, var, indices=None):
        hyper = [cast_like(t, var) for t in (self._learning_rate_tensor, self._decay_tensor,
                                              self._momentum_tensor, self._epsilon_tensor)]
        rms, mom = self.get_slot(var, "rms"), self.get_slot(var, "momentum")
        if self._centered:
            return training_ops.apply_centered_rms_prop(
                var, self.get_slot(var, "mg"), rms, mom, *hyper, grad,
                use_locking=self._use_locking, indices=indices).op
        return training_ops.apply_rms_prop(var, rms, mom, *hyper, grad,
                                           use_locking=self._use_locking, indices=indices).op

    def _apply_sparse(self, grad, var):
        return self._apply_dense(grad.values, var, grad.indices)
