"""``tf.train.AdagradOptimizer``: accumulator += gradient^2;
var -= learning_rate * gradient / sqrt(accumulator)."""
from ..init_ops import constant_initializer
from ..ops import training_ops
from .optimizer import Optimizer, cast_like


class AdagradOptimizer(Optimizer):
    """Adagrad; one slot per variable, ``accumulator`` (``<var>/Adagrad``), starting at
    ``initial_accumulator_value`` (0.1), which must be positive."""

    def __init__(self, learning_rate, initial_accumulator_value=0.1, use_locking=False,
                 name="Adagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError("initial_accumulator_value must be positive: %s"
                             % initial_accumulator_value)
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_accumulator_value = initial_accumulator_value
        self._learning_rate_tensor = None

    def _create_slots(self, var_list):
        for v in var_list:
            init = constant_initializer(self._initial_accumulator_value, dtype=v.dtype)
            self._get_or_make_slot_with_initializer(v, init, v.shape, v.dtype, "accumulator",
                                                    self._name)

    def _prepare(self):
        self._learning_rate_tensor = self._hyper_tensor(self._learning_rate, "learning_rate")

    def _apply_dense(self, grad, var, indices=None):
        return training_ops.apply_adagrad(
            var, self.get_slot(var, "accumulator"), cast_like(self._learning_rate_tensor, var),
            grad, use_locking=self._use_locking, indices=indices)

    def _apply_sparse(self, grad, var):
        return self._apply_dense(grad.values, var, grad.indices)
