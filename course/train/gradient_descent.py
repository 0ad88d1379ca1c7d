"""``tf.train.GradientDescentOptimizer``: var -= learning_rate * gradient."""
from ..ops import scatter_ops, training_ops
from .optimizer import Optimizer, cast_like


class GradientDescentOptimizer(Optimizer):
    """Plain gradient descent. ``learning_rate`` may be a float, a tensor (a placeholder, a
    schedule of the global step, a tf.constant that hooks feed) or a callable returning one."""

    def __init__(self, learning_rate, use_locking=False, name="GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._learning_rate_tensor = None

    def _prepare(self):
        self._learning_rate_tensor = self._hyper_tensor(self._learning_rate, "learning_rate")

    def _apply_dense(self, grad, var):
        return training_ops.apply_gradient_descent(
            var, cast_like(self._learning_rate_tensor, var), grad,
            use_locking=self._use_locking).op

    def _apply_sparse_duplicate_indices(self, grad, var):
        # TF subtracts each looked-up row's gradient in turn (repeats are not summed first).
        delta = grad.values * cast_like(self._learning_rate_tensor, var)
        return scatter_ops.scatter_sub(var, grad.indices, delta, use_locking=self._use_locking)
