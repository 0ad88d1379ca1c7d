"""The training programs behind golden/training.json, written once and run under both
TensorFlow (scripts/record_golden_training.py records) and course (the tests/train/test_train_*.py
files compare): the fixed 2-3-1 net, and source article 4's recipe (04_optimization_steps.txt).

``tf`` is ``tensorflow.compat.v1`` or ``course``. This module imports neither.
"""
import numpy as np

VARIABLES = ["W1", "b1", "W2", "b2"]


def build_net(tf, net):
    """The fixed 2-3-1 tanh net on ``net``'s data and weights in the default graph, MSE loss:
    (loss, {name: Variable})."""
    def f32(values):
        return np.asarray(values, np.float32)

    variables = {n: tf.Variable(f32(net[n]), name=n) for n in VARIABLES}
    h = tf.tanh(tf.matmul(tf.constant(f32(net["x"])), variables["W1"]) + variables["b1"])
    pred = tf.matmul(h, variables["W2"]) + variables["b2"]
    loss = tf.reduce_mean(tf.square(pred - tf.constant(f32(net["y"]))))
    return loss, variables


# -- article 4's recipe -------------------------------------------------------------------------
def build_recipe(tf, net, gate_gradients=False):
    """tf.gradients over the trainable variables, MomentumOptimizer with a tf.constant learning
    rate that a hook feeds, a moving-average assign grouped with
    apply_gradients(name='train_step'). A dict of the parts the runs use."""
    global_step = tf.train.get_or_create_global_step()
    lrn_rate = tf.constant(0.1, tf.float32)
    tf.summary.scalar("learning_rate", lrn_rate)
    cost, variables = build_net(tf, net)
    trainable_variables = tf.trainable_variables()
    grads = tf.gradients(cost, trainable_variables, gate_gradients=gate_gradients)
    optimizer = tf.train.MomentumOptimizer(lrn_rate, 0.9)
    apply_op = optimizer.apply_gradients(zip(grads, trainable_variables),
                                         global_step=global_step, name="train_step")
    moving_cost = tf.Variable(0.0, trainable=False, name="moving_cost")
    extra_train_ops = [tf.assign(moving_cost, 0.9 * moving_cost + 0.1 * cost)]
    train_op = tf.group(*([apply_op] + extra_train_ops))
    state = dict(variables)
    state.update({"global_step": global_step, "moving_cost": moving_cost})
    state.update({n + "/Momentum": optimizer.get_slot(v, "momentum")
                  for n, v in variables.items()})
    return {"global_step": global_step, "lrn_rate": lrn_rate, "cost": cost,
            "apply_op": apply_op, "train_op": train_op, "state": state}


def run_recipe(tf, recipe, checkpoint_dir, stop):
    """One MonitoredTrainingSession over ``checkpoint_dir`` (restoring what an earlier run saved)
    until StopAtStepHook(**stop) stops it: how many steps ran, the learning rates fed, the cost
    of every run and the state (values of ``recipe["state"]``) after creation and at the end."""
    learning_rate_setter_class, recorder_class = _hook_classes(tf)
    fed = []
    recorder = recorder_class(recipe["cost"], recipe["state"])
    hooks = [learning_rate_setter_class(recipe["global_step"], recipe["lrn_rate"], fed),
             tf.train.StopAtStepHook(**stop), recorder]
    with tf.train.MonitoredTrainingSession(
            checkpoint_dir=checkpoint_dir, hooks=hooks, save_summaries_steps=0,
            config=tf.ConfigProto(allow_soft_placement=True)) as mon_sess:
        steps = 0
        while not mon_sess.should_stop():
            mon_sess.run(recipe["train_op"])
            steps += 1
    return {"stop": stop, "steps_run": steps, "fed_learning_rates": fed,
            "costs": recorder.costs, "after_create_session": recorder.after_create,
            "at_end": recorder.at_end}


def _hook_classes(tf):
    """The recipe's two hooks, subclassing ``tf``'s SessionRunHook."""

    class LearningRateSetter(tf.train.SessionRunHook):
        """The article's _LearningRateSetterHook with its thresholds scaled down to a few
        steps."""

        def __init__(self, global_step, lrn_rate, fed):
            self._global_step, self._lrn_rate_tensor, self._fed = global_step, lrn_rate, fed

        def begin(self):
            self._lrn_rate = 0.1

        def before_run(self, run_context):
            self._fed.append(self._lrn_rate)
            return tf.train.SessionRunArgs(self._global_step,
                                           feed_dict={self._lrn_rate_tensor: self._lrn_rate})

        def after_run(self, run_context, run_values):
            train_step = run_values.results
            if train_step < 4:
                self._lrn_rate = 0.1
            elif train_step < 8:
                self._lrn_rate = 0.01
            elif train_step < 14:
                self._lrn_rate = 0.001
            else:
                self._lrn_rate = 0.0001

    class Recorder(tf.train.SessionRunHook):
        """Fetches the cost with every run; records the state after creation and at the end."""

        def __init__(self, cost, state):
            self._cost, self._state = cost, state
            self.costs, self.after_create, self.at_end = [], None, None

        def after_create_session(self, session, coord):
            self.after_create = session.run(self._state)

        def before_run(self, run_context):
            return tf.train.SessionRunArgs(self._cost)

        def after_run(self, run_context, run_values):
            self.costs.append(float(run_values.results))

        def end(self, session):
            self.at_end = session.run(self._state)

    return LearningRateSetter, Recorder
