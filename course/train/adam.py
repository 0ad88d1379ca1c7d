"""``tf.train.AdamOptimizer`` (Kingma & Ba), in TF's form: the bias correction is folded into
the step size, lr_t = learning_rate * sqrt(1 - beta2^t) / (1 - beta1^t), and epsilon is the
paper's "epsilon hat". beta1^t and beta2^t are kept in two non-slot Variables, ``beta1_power``
and ``beta2_power``, multiplied by beta1 and beta2 after every step."""
from ..framework.ops import control_dependencies, get_default_graph
from ..ops import control_flow_ops, math_ops, scatter_ops, state_ops, training_ops
from .optimizer import Optimizer, cast_like


class AdamOptimizer(Optimizer):
    """Adam; slots ``m`` (``<var>/Adam``) and ``v`` (``<var>/Adam_1``)."""

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 use_locking=False, name="Adam"):
        super().__init__(use_locking, name)
        self._lr = learning_rate
        self._beta1 = beta1
        self._beta2 = beta2
        self._epsilon = epsilon

    def _get_beta_accumulators(self):
        graph = get_default_graph()
        return (self._get_non_slot_variable("beta1_power", graph=graph),
                self._get_non_slot_variable("beta2_power", graph=graph))

    def _create_slots(self, var_list):
        first_var = min(var_list, key=lambda x: x.name)
        self._create_non_slot_variable(self._beta1, "beta1_power", first_var)
        self._create_non_slot_variable(self._beta2, "beta2_power", first_var)
        for v in var_list:
            self._zeros_slot(v, "m", self._name)
            self._zeros_slot(v, "v", self._name)

    def _prepare(self):
        self._lr_t = self._hyper_tensor(self._lr, "learning_rate")
        self._beta1_t = self._hyper_tensor(self._beta1, "beta1")
        self._beta2_t = self._hyper_tensor(self._beta2, "beta2")
        self._epsilon_t = self._hyper_tensor(self._epsilon, "epsilon")

    def _apply_dense(self, grad, var):
        beta1_power, beta2_power = self._get_beta_accumulators()
        return training_ops.apply_adam(
            var, self.get_slot(var, "m"), self.get_slot(var, "v"),
            cast_like(beta1_power, var), cast_like(beta2_power, var),
            cast_like(self._lr_t, var), cast_like(self._beta1_t, var),
            cast_like(self._beta2_t, var), cast_like(self._epsilon_t, var), grad,
            use_locking=self._use_locking).op

    def _apply_sparse(self, grad, var):
        """TF1's sparse Adam: every row's m and v decay, the looked-up rows add their gradient,
        and every row moves by lr * m / (sqrt(v) + epsilon)."""
        beta1_power, beta2_power = (cast_like(b, var) for b in self._get_beta_accumulators())
        lr_t, beta1_t, beta2_t, epsilon_t = (cast_like(t, var) for t in (
            self._lr_t, self._beta1_t, self._beta2_t, self._epsilon_t))
        lr = lr_t * math_ops.sqrt(1 - beta2_power) / (1 - beta1_power)
        m, v = self.get_slot(var, "m"), self.get_slot(var, "v")
        m_t = state_ops.assign(m, m * beta1_t, use_locking=self._use_locking)
        with control_dependencies([m_t]):
            m_t = scatter_ops.scatter_add(m, grad.indices, grad.values * (1 - beta1_t),
                                          use_locking=self._use_locking)
        v_t = state_ops.assign(v, v * beta2_t, use_locking=self._use_locking)
        with control_dependencies([v_t]):
            v_t = scatter_ops.scatter_add(v, grad.indices,
                                          (grad.values * grad.values) * (1 - beta2_t),
                                          use_locking=self._use_locking)
        var_update = state_ops.assign_sub(var, lr * m_t / (math_ops.sqrt(v_t) + epsilon_t),
                                          use_locking=self._use_locking)
        return control_flow_ops.group(var_update, m_t, v_t)

    def _finish(self, update_ops, name_scope):
        # Advance beta1^t and beta2^t only after every variable has used this step's values.
        with control_dependencies(update_ops):
            beta1_power, beta2_power = self._get_beta_accumulators()
            update_beta1 = state_ops.assign(beta1_power, beta1_power * self._beta1_t,
                                            use_locking=self._use_locking)
            update_beta2 = state_ops.assign(beta2_power, beta2_power * self._beta2_t,
                                            use_locking=self._use_locking)
        return control_flow_ops.group(*update_ops + [update_beta1, update_beta2],
                                      name=name_scope)
