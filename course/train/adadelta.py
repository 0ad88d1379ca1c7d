"""``tf.train.AdadeltaOptimizer`` (Zeiler 2012): step sizes from running averages of squared
gradients (``accum``) and squared updates (``accum_update``)."""
from ..ops import training_ops
from .optimizer import Optimizer, cast_like


class AdadeltaOptimizer(Optimizer):
    """Adadelta; slots ``accum`` (``<var>/Adadelta``) and ``accum_update``
    (``<var>/Adadelta_1``). The paper's exact form is ``learning_rate=1.0``."""

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-8, use_locking=False,
                 name="Adadelta"):
        super().__init__(use_locking, name)
        self._lr = learning_rate
        self._rho = rho
        self._epsilon = epsilon

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "accum", self._name)
            self._zeros_slot(v, "accum_update", self._name)

    def _prepare(self):
        self._lr_t = self._hyper_tensor(self._lr, "lr")
        self._rho_t = self._hyper_tensor(self._rho, "rho")
        self._epsilon_t = self._hyper_tensor(self._epsilon, "epsilon")

    def _apply_dense(self, grad, var, indices=None):
        return training_ops.apply_adadelta(
            var, self.get_slot(var, "accum"), self.get_slot(var, "accum_update"),
            cast_like(self._lr_t, var), cast_like(self._rho_t, var),
            cast_like(self._epsilon_t, var), grad, use_locking=self._use_locking, indices=indices)

    def _apply_sparse(self, grad, var):
        return self._apply_dense(grad.values, var, grad.indices)
