"""``tf.train.MomentumOptimizer``: accumulation = momentum * accumulation + gradient;
var -= learning_rate * accumulation (Nesterov: var -= lr * (gradient + momentum * accumulation))."""
from ..ops import training_ops
from .optimizer import Optimizer, cast_like


class MomentumOptimizer(Optimizer):
    """Momentum; one zero-initialized slot per variable, ``momentum`` (``<var>/Momentum``)."""

    def __init__(self, learning_rate, momentum, use_locking=False, name="Momentum",
                 use_nesterov=False):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._momentum = momentum
        self._use_nesterov = use_nesterov

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "momentum", self._name)

    def _prepare(self):
        self._learning_rate_tensor = self._hyper_tensor(self._learning_rate, "learning_rate")
        self._momentum_tensor = self._hyper_tensor(self._momentum, "momentum")

    def _apply_dense(self, grad, var, indices=None):
        return training_ops.apply_momentum(
            var, self.get_slot(var, "momentum"), cast_like(self._learning_rate_tensor, var), grad,
            cast_like(self._momentum_tensor, var), use_locking=self._use_locking,
            use_nesterov=self._use_nesterov, indices=indices).op

    def _apply_sparse(self, grad, var):
        return self._apply_dense(grad.values, var, grad.indices)
