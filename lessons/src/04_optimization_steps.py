# %% [markdown]
# # The steps of optimising a network, and the optimizers
#
# **Source article:** "TensorFlow 网络优化步骤与一般方法" (*TensorFlow: the steps and
# general methods of network optimisation*). The article walks through the training part of
# TensorFlow's official ResNet model: the method `_build_train_op` that makes the training
# op in five steps, a `SessionRunHook` that lowers the learning rate as training goes on,
# and the `MonitoredTrainingSession` loop that runs it all. It ends by naming the other
# optimizers TensorFlow offers, such as Adagrad and Adam.
#
# A ResNet on CIFAR-10 takes hours, so this lesson applies the *same recipe*, line for line,
# to a **small convolutional network with batch normalisation** on the 4,000 MNIST digits
# bundled with `course`. Then it looks at the family of gradient-descent methods the article
# points to: batch, stochastic and mini-batch gradient descent, and optimizers racing on
# two difficult surfaces.
#
# **You will learn:** a learning rate that a hook can change, `tf.gradients` and
# `apply_gradients`, the global step, why batch normalisation needs extra ops in the
# training op, `tf.group`, `SessionRunHook`s, `MonitoredTrainingSession` with checkpoints
# and summaries, and what Momentum, Adagrad, RMSProp and Adam do differently.

# %%
%matplotlib inline
import collections
import logging
import sys
import tempfile

import numpy as np
import matplotlib.pyplot as plt

import course as tf
import course.viz as viz
from course.datasets import DataSet, load_mnist

# %% [markdown]
# ## The data and the settings
#
# The ResNet code keeps its settings in a named tuple `hps` ("hyperparameters"); the article
# reads `self.hps.lrn_rate` and `self.hps.optimizer` from it. Ours has the same fields, with
# a small batch. `optimizer='sgd'` picks plain gradient descent: the ResNet uses `'mom'`
# (momentum), which at this learning rate is too strong for our tiny network (an exercise
# below lets you see it).

# %%
HParams = collections.namedtuple("HParams", ["batch_size", "lrn_rate", "optimizer"])
hps = HParams(batch_size=32, lrn_rate=0.1, optimizer="sgd")

mnist = load_mnist(one_hot=True, reshape=False, seed=0)
print(hps)
print(mnist.train)

# %% [markdown]
# ## The model: a small convolutional network with batch normalisation
#
# One 3 × 3 convolution with 8 filters, batch normalisation, ReLU, 2 × 2 max pooling and a
# dense layer to the 10 digits: about 16,000 weights. The cost is the mean cross-entropy,
# the ResNet's `self.cost`. `tf.set_random_seed(0)` makes the random initial weights the same
# on every run.
#
# **Batch normalisation** (`tf.layers.batch_normalization`) rescales each filter's outputs
# to mean 0 and variance 1 over the batch, then applies a learned scale `gamma` and shift
# `beta`. It also keeps *moving averages* of the batch means and variances, to use after
# training, when there is no batch to average over. `momentum=0.9` is the ResNet's decay for
# those averages. `is_training` says which to use: batch statistics (the default, `True`) or
# the moving averages (feed `False` to evaluate).

# %%
tf.set_random_seed(0)
images = tf.placeholder(tf.float32, [None, 28, 28, 1], name="images")
labels = tf.placeholder(tf.float32, [None, 10], name="labels")
is_training = tf.placeholder_with_default(True, [], name="is_training")

hidden = tf.layers.conv2d(images, filters=8, kernel_size=3, padding="same", use_bias=False)
hidden = tf.layers.batch_normalization(hidden, momentum=0.9, training=is_training)
hidden = tf.nn.relu(hidden)
hidden = tf.layers.max_pooling2d(hidden, pool_size=2, strides=2)
logits = tf.layers.dense(tf.layers.flatten(hidden), 10)

cost = tf.reduce_mean(
    tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits), name="xent")
precision = tf.reduce_mean(
    tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(labels, 1)), tf.float32), name="precision")
tf.summary.scalar("cost", cost)

# the global step: a counter of training steps, saved with the checkpoints
global_step = tf.train.get_or_create_global_step()

for variable in tf.global_variables():
    print("%-36s %-14s trainable: %s" % (variable.op.name, variable.shape,
                                         variable in tf.trainable_variables()))

# %% [markdown]
# The moving averages (`moving_mean`, `moving_variance`) are not trainable: no gradient
# changes them. Remember this for step 5.
#
# ## `_build_train_op`, step by step
#
# The article's method (in the ResNet these are attributes, `self.lrn_rate`, `self.cost`...;
# here they are plain names).
#
# ### 1. The learning rate: a constant that can be overridden

# %%
lrn_rate = tf.constant(hps.lrn_rate, tf.float32)
tf.summary.scalar("learning_rate", lrn_rate)
print(lrn_rate)

# %% [markdown]
# A *constant*, when the learning rate must drop during training? The trick: **any tensor
# can be fed**, not only placeholders. `Session.run` uses a value given in `feed_dict` instead
# of computing the tensor. So the constant is the default, and the learning-rate hook below
# feeds the value it wants at each step:

# %%
with tf.Session() as sess:
    print("lrn_rate as built: %g" % sess.run(lrn_rate))
    print("lrn_rate fed 0.01: %g" % sess.run(lrn_rate, feed_dict={lrn_rate: 0.01}))

# %% [markdown]
# `tf.summary.scalar('learning_rate', lrn_rate)` records its value in the summaries, so
# that TensorBoard (and the plot at the end of this section) can show it over time.
#
# ### 2. The gradients
#
# `tf.gradients(cost, trainable_variables)` adds the ops that compute the derivative of the
# cost with respect to each trainable variable: one gradient per variable, of the same
# shape. The article: "isn't the gradient just the partial derivative of the loss with
# respect to w?".

# %%
trainable_variables = tf.trainable_variables()
grads = tf.gradients(cost, trainable_variables)
for variable, grad in zip(trainable_variables, grads):
    print("%-28s %-14s its gradient: %s" % (variable.op.name, variable.shape, grad.shape))

# %% [markdown]
# ### 3. The optimizer
#
# Creating an optimizer object makes no op yet; it only remembers the method and its
# settings. `MomentumOptimizer(lrn_rate, 0.9)` takes the momentum as its second argument
# (the section "The optimizer family" below explains it).

# %%
if hps.optimizer == "sgd":
    optimizer = tf.train.GradientDescentOptimizer(lrn_rate)
elif hps.optimizer == "mom":
    optimizer = tf.train.MomentumOptimizer(lrn_rate, 0.9)
print(type(optimizer).__name__)

# %% [markdown]
# ### 4. Apply the gradients
#
# `apply_gradients` takes (gradient, variable) pairs, which `zip(grads, trainable_variables)`
# makes, and returns one op that updates every variable. Each variable is one dimension of
# the loss surface and has its own gradient, so the pairing matters. `global_step=global_step`
# makes the same op add 1 to the step counter.
#
# (`optimizer.minimize(cost)`, used in lesson 3, is exactly steps 2 and 4 together. Writing
# them apart lets you look at or change the gradients before applying them, for example to
# clip them.)

# %%
apply_op = optimizer.apply_gradients(zip(grads, trainable_variables),
                                     global_step=global_step, name="train_step")
print(apply_op.name, "runs", [op.name for op in apply_op.control_inputs])

# %% [markdown]
# ### 5. Add the batch-norm updates, group everything into one op
#
# The moving averages of batch normalisation are not trained by gradients: each call of
# `batch_normalization` adds two *update ops* that move them toward the batch's statistics,
# and puts them in the collection `tf.GraphKeys.UPDATE_OPS`. An op runs only if what you
# run depends on it, and `apply_op` does not depend on them. So the ResNet's
# `_extra_train_ops` (its own batch-norm updates) are added to the list, and `tf.group`
# makes one op that runs them all:

# %%
extra_train_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
train_ops = [apply_op] + extra_train_ops
train_op = tf.group(*train_ops)
print("extra_train_ops:", [op.name for op in extra_train_ops])
print(train_op.name, "runs", [op.name for op in train_op.control_inputs])

# %% [markdown]
# ## The learning-rate hook
#
# A **`SessionRunHook`** is an object a `MonitoredTrainingSession` calls at fixed moments:
# `begin()` before the session is created, `after_create_session()` once it exists,
# `before_run()` before each `run` (it may ask for extra tensors to fetch and extra values
# to feed, through `SessionRunArgs`), `after_run()` with what it asked for, and `end()`.
#
# The article's `_LearningRateSetterHook` starts at 0.1, feeds its current rate into
# `lrn_rate` at every run, fetches the global step, and after each run picks the next rate
# from the step: 0.1 up to step 40,000, then 0.01, 0.001 from 60,000 and 0.0001 from
# 80,000. **We train 100 steps, not 100,000, so the thresholds are divided by 1,000: 40, 60
# and 80.** One line is added to the article's code (marked): it records the rate each run
# used, so we can check the schedule afterwards.

# %%
class _LearningRateSetterHook(tf.train.SessionRunHook):
    """Sets learning_rate based on global step."""

    def begin(self):
        self._lrn_rate = 0.1
        self.rates_used = []          # added: (global step after the run, rate it used)

    def before_run(self, run_context):
        return tf.train.SessionRunArgs(
            global_step,                               # ask for the global step
            feed_dict={lrn_rate: self._lrn_rate})      # feed the learning rate

    def after_run(self, run_context, run_values):
        train_step = run_values.results
        self.rates_used.append((int(train_step), self._lrn_rate))   # added
        if train_step < 40:
            self._lrn_rate = 0.1
        elif train_step < 60:
            self._lrn_rate = 0.01
        elif train_step < 80:
            self._lrn_rate = 0.001
        else:
            self._lrn_rate = 0.0001

# %% [markdown]
# ## The other hooks
#
# * **`LoggingTensorHook`** logs tensors every *n* runs; the ResNet logs the step, the cost
#   and the precision (accuracy on the batch). By default its lines end with the seconds
#   since the last line; our `formatter` writes the line itself (without the time, which
#   changes on every run).
# * **`SummarySaverHook`** evaluates the summaries every *n* steps and writes them to the
#   checkpoint directory (for TensorBoard). The article passes it in `chief_only_hooks`:
#   when several machines train together, only the "chief" writes summaries.
# * The ResNet reads its images from an input queue. We have placeholders, so a
#   **`FeedFnHook`** feeds the next batch at every run, and the loop can stay exactly
#   `mon_sess.run(train_op)`.
# * The ResNet trains until you stop it. A **`StopAtStepHook`** asks the session to stop at
#   a global step; `mon_sess.should_stop()` then returns True.
# * A small hook of ours logs the global step and two numbers of the convolution kernel
#   when the session starts and ends, to show that the second session continues the first.

# %%
conv_kernel = [v for v in tf.global_variables() if v.op.name == "conv2d/kernel"][0]


def log_tensors(values):
    return "step %(step)3d: loss %(loss).2f, precision %(precision).2f" % values


class ReportHook(tf.train.SessionRunHook):
    """Logs the global step and a fingerprint of the conv kernel at the start and the end, and
    whether the kernel is bit for bit the one an earlier report saw at the same step."""
    kernels = {}    # global step -> the conv kernel reported then, shared by every ReportHook

    def after_create_session(self, session, coord):
        self._report("session ready ", session)

    def end(self, session):
        self._report("session ending", session)

    def _report(self, when, session):
        step, kernel = session.run([global_step, conv_kernel])
        same = ""
        if step in ReportHook.kernels:
            same = ", the same kernel as before: %s" % np.array_equal(kernel, ReportHook.kernels[step])
        ReportHook.kernels[step] = kernel
        tf.logging.info("%s: global_step = %d, conv kernel sum %.3f, first weight %.4f%s",
                        when, step, kernel.sum(), kernel.flat[0], same)


def next_batch():
    return dict(zip((images, labels), mnist.train.next_batch(hps.batch_size)))


checkpoint_dir = tempfile.mkdtemp()    # a fresh, empty folder (its name changes every run)

logging_hook = tf.train.LoggingTensorHook(
    tensors={"step": global_step, "loss": cost, "precision": precision},
    every_n_iter=10, formatter=log_tensors)
summary_hook = tf.train.SummarySaverHook(save_steps=10, output_dir=checkpoint_dir,
                                         summary_op=tf.summary.merge_all())
feed_hook = tf.train.FeedFnHook(next_batch)

# %% [markdown]
# The log names the checkpoint directory, a random name that changes on every run. This
# filter prints it as `<checkpoint_dir>`, so the log reads the same every time:

# %%
class HideCheckpointDir(logging.Filter):
    def filter(self, record):
        record.msg, record.args = record.getMessage().replace(checkpoint_dir,
                                                              "<checkpoint_dir>"), ()
        return True


tf.logging.get_logger().addFilter(HideCheckpointDir())

# %% [markdown]
# TensorFlow writes its log to stderr, which Jupyter shows on a pink background, as if it
# were an error. These lines are ordinary progress reports, so we send them to the cell's
# normal output instead (same format: `INFO:tensorflow:...`):

# %%
to_stdout = logging.StreamHandler(sys.stdout)
to_stdout.setFormatter(logging.Formatter(logging.BASIC_FORMAT))
tf.logging.get_logger().handlers = [to_stdout]

# %% [markdown]
# ## Training with `MonitoredTrainingSession`
#
# The article's call, with two additions: our hooks stop at step 50 (a second session will
# continue to 100), and `log_step_count_steps=0` turns off the hook that logs the steps per
# second (a number that changes on every run). What the session does for us:
#
# * it initialises the variables, or **restores them from the latest checkpoint** in
#   `checkpoint_dir` if there is one;
# * it saves a checkpoint when it starts, every 10 minutes, and when it ends;
# * `save_summaries_steps=0` turns off its own summary hook (the article's comment: we use
#   ours, `summary_hook`);
# * `config=tf.ConfigProto(allow_soft_placement=True)` lets TensorFlow move an op to
#   another device if it cannot run where it was placed; `course` runs everything with
#   numpy, so the setting is accepted and changes nothing.
#
# The lines below are TensorFlow's log (`INFO:tensorflow:...`): the hooks' messages,
# in the order the session calls them.

# %%
lr_hook = _LearningRateSetterHook()
with tf.train.MonitoredTrainingSession(
        checkpoint_dir=checkpoint_dir,
        hooks=[logging_hook, lr_hook, feed_hook, tf.train.StopAtStepHook(last_step=50),
               ReportHook()],
        chief_only_hooks=[summary_hook],
        save_summaries_steps=0,            # disable the default SummarySaverHook
        log_step_count_steps=0,            # no steps-per-second lines
        config=tf.ConfigProto(allow_soft_placement=True)) as mon_sess:
    while not mon_sess.should_stop():
        mon_sess.run(train_op)

# %% [markdown]
# ## A second session continues from the checkpoint
#
# A new `MonitoredTrainingSession` with the same `checkpoint_dir` finds the checkpoint of
# step 50 and restores every variable from it, the global step included. The report when
# the session is ready shows the same global step and the same kernel as the report at the
# end of the first session, bit for bit: training continues where it stopped.

# %%
lr_hook_2 = _LearningRateSetterHook()
with tf.train.MonitoredTrainingSession(
        checkpoint_dir=checkpoint_dir,
        hooks=[logging_hook, lr_hook_2, feed_hook, tf.train.StopAtStepHook(last_step=100),
               ReportHook()],
        chief_only_hooks=[summary_hook],
        save_summaries_steps=0,
        log_step_count_steps=0,
        config=tf.ConfigProto(allow_soft_placement=True)) as mon_sess:
    while not mon_sess.should_stop():
        mon_sess.run(train_op)

# %% [markdown]
# ## Which learning rate did each step use?
#
# The hooks recorded the rate fed at every run. A run takes the global step from *n* to
# *n* + 1, and the hook sees *n* + 1 after it (`course`, like TF1's variables, fetches the
# step's value at the end of the run). So the hook that sees 40 after the run 39 → 40 picks
# 0.01 for the next run: from step 40 on the rate is 0.01, exactly the schedule.

# %%
rates = dict(lr_hook.rates_used)
rates_2 = dict(lr_hook_2.rates_used)
print("global step            learning rate")
print("before -> after the run  fed to the run  session")
for after in (1, 40, 41, 50, 51, 52, 60, 61, 80, 81, 100):
    used, session = (rates[after], 1) if after in rates else (rates_2[after], 2)
    print("%6d -> %-6d         %-10g      %d" % (after - 1, after, used, session))

# %% [markdown]
# Look at the run 50 → 51, the first of the second session: it used **0.1**, not 0.01. The
# new hook's `begin()` starts at 0.1 again, and it only learns the global step after its
# first run. One step at ten times the intended rate: harmless here, a jolt in a long
# training that is restarted from a checkpoint. Exercise 1 fixes it.
#
# The summaries the `SummarySaverHook` wrote every 10 steps, what TensorBoard would show
# (`tf.summary.history(directory)` is `course`'s way to read them back in the notebook): the
# cost falling, and the learning rate falling in steps. The grey line is the rate our hooks
# recorded at every run.

# %%
history = tf.summary.history(checkpoint_dir)
every_run = sorted(lr_hook.rates_used + lr_hook_2.rates_used)       # (step after, rate used)
fig, (ax_cost, ax_rate) = plt.subplots(1, 2, figsize=(11, 3.4), constrained_layout=True)
ax_cost.plot(*history.scalar("cost"), marker="o")
ax_cost.set(title="cost of the batch (summaries)", xlabel="global step")
ax_rate.step(*zip(*every_run), where="pre", color="lightgrey", label="fed at every run")
ax_rate.plot(*history.scalar("learning_rate"), "o", label="summaries")
ax_rate.set(title="learning_rate", xlabel="global step", yscale="log")
ax_rate.legend()
for ax in (ax_cost, ax_rate):
    ax.grid(alpha=0.3)
    ax.axvline(50, color="grey", linestyle=":")    # where the second session started

steps, values = history.scalar("learning_rate")
print("learning_rate summaries:", ", ".join("%d: %g" % (s, v) for s, v in zip(steps, values)))

# %% [markdown]
# A summary is evaluated in a run and labelled with the global step *after* that run: the
# rate summarised at step 41 is the one the run 40 → 41 used, and the spike at step 51 is
# the first run of the second session, at 0.1.
#
# Finally, the trained network on the 1,000 test digits. With `is_training: False`, batch
# normalisation uses the moving averages that the `extra_train_ops` kept up to date.
# `tf.train.Saver().restore` loads the last checkpoint into a plain session:

# %%
with tf.Session() as sess:
    tf.train.Saver().restore(sess, tf.train.latest_checkpoint(checkpoint_dir))
    test_feed = {images: mnist.test.images, labels: mnist.test.labels, is_training: False}
    test_precision, test_cost = sess.run([precision, cost], feed_dict=test_feed)
    print("global step %d: test precision %.3f, test cost %.4f"
          % (sess.run(global_step), test_precision, test_cost))

# %% [markdown]
# About 88 % of the test digits right, after 100 small steps on batches of 32.
#
# ## The optimizer family
#
# Every method in the article is *gradient descent*: compute the gradient of the loss,
# step against it. They differ in **how much data** each gradient is computed on and **how
# the step is made** from the gradients.
#
# ### Batch, stochastic and mini-batch gradient descent
#
# * **Batch gradient descent** computes the gradient on the *whole* training set for every
#   step: the true downhill direction, but one step costs a pass over all the data.
# * **Stochastic gradient descent** (SGD) uses *one* example per step: cheap, noisy steps.
# * **Mini-batch gradient descent** uses a small batch (32, 100...): nearly the true
#   direction for a small price, and big enough matrices for fast hardware. It is what
#   everyone uses, and what the ResNet and lesson 3 do (TensorFlow still calls its class
#   `GradientDescentOptimizer`: the batch size is simply what you feed).
#
# The same softmax model as lesson 3 (with the mean cross-entropy), trained with learning
# rate 0.1 on 500 training digits, with batches of 1, 32 and all 500. Every few steps we
# measure the loss on all 500 digits (measuring is not training: it changes nothing).
# Batch 1 gets 500 steps, one pass over the digits; the others 150.

# %%
digits = load_mnist(one_hot=True, reshape=False, seed=0).train
digit_images, digit_labels = digits.images[:500], digits.labels[:500]


def full_losses(batch_size, steps, every, learning_rate=0.1):
    """The loss on all 500 digits at step 0, every, 2 * every, ... up to steps."""
    data = DataSet(digit_images, digit_labels, seed=0)        # shuffled batches, reproducible
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 28, 28, 1])
        y_ = tf.placeholder(tf.float32, [None, 10])
        W = tf.Variable(tf.zeros([784, 10]))
        b = tf.Variable(tf.zeros([10]))
        y_logits = tf.matmul(tf.reshape(x, [-1, 784]), W) + b
        loss = tf.reduce_mean(
            tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=y_logits))
        step = tf.train.GradientDescentOptimizer(learning_rate).minimize(loss)
        everything = {x: digit_images, y_: digit_labels}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            measured = [(0, sess.run(loss, everything))]
            for i in range(1, steps + 1):
                sess.run(step, dict(zip((x, y_), data.next_batch(batch_size))))
                if i % every == 0:
                    measured.append((i, sess.run(loss, everything)))
    return np.array(measured).T          # (steps, losses)


curves = {1: full_losses(1, steps=500, every=5),
          32: full_losses(32, steps=150, every=2),
          500: full_losses(500, steps=150, every=1)}
names = {1: "stochastic (batch 1)", 32: "mini-batch (32)", 500: "batch (all 500)"}
print("                       loss after 10, 50, 150 steps    after one pass over the digits")
for size, (steps, losses) in curves.items():
    after = dict(zip(steps.astype(int), losses))
    one_pass = -(-500 // size)                           # steps to look at 500 examples
    print("%-22s %8.3f %8.3f %8.3f %12.3f (step %d)" % (names[size], after[10], after[50],
                                                        after[150], after[one_pass], one_pass))

fig, (ax_steps, ax_seen) = plt.subplots(1, 2, figsize=(11, 3.6), constrained_layout=True)
for size, (steps, losses) in curves.items():
    shown = steps <= 150
    ax_steps.plot(steps[shown], losses[shown], label=names[size])
    ax_seen.plot(steps[1:] * size, losses[1:], label=names[size])
ax_steps.set(xlabel="step", ylabel="loss on all 500 digits", title="per step")
ax_seen.set(xlabel="examples looked at (log scale)", xscale="log", title="per example looked at")
for ax in (ax_steps, ax_seen):
    ax.grid(alpha=0.3)
    ax.legend()

# %% [markdown]
# *Per step* (left), the whole batch descends smoothly and batch 32 follows it almost
# exactly, for a sixteenth of the work; batch 1 zigzags and lags. *Per example looked at*
# (right), stochastic gradient descent gets down first: after one pass over the 500
# digits it has made 500 small steps, where batch gradient descent has made one.
# Mini-batches take most of both advantages: smooth progress, cheap steps.
#
# ### How the step is made: Momentum, Adagrad, RMSProp, Adam
#
# All of these are in `tf.train`, used exactly like `GradientDescentOptimizer`:
#
# | class | the step |
# |---|---|
# | `GradientDescentOptimizer(lr)` | `-lr * gradient` |
# | `MomentumOptimizer(lr, momentum)` | keeps a velocity: `v = momentum * v + gradient`, step `-lr * v`. It rolls like a heavy ball: faster along a long slope, damped across a narrow valley. `use_nesterov=True` looks ahead before computing the gradient. |
# | `AdagradOptimizer(lr)` | divides each weight's step by the square root of the sum of all its squared gradients so far: weights with large gradients slow down, rare ones keep big steps. The steps only ever shrink. |
# | `AdadeltaOptimizer(lr)` | like Adagrad with a moving window instead of the whole past, and a step measured in the units of the weights. |
# | `RMSPropOptimizer(lr)` | divides by a *moving average* of squared gradients, so the steps do not shrink forever. |
# | `AdamOptimizer(lr)` | momentum (a moving average of the gradients) **and** RMSProp's scaling: the most used default today. |
#
# To see them differ, let them race on surfaces of two variables, where we can draw the
# path each one takes. Each runs `course`'s own optimizer class on a 2-vector variable,
# with a learning rate chosen for it (in the legend), 300 steps from the same start.
#
# **Beale's function** has a flat plateau and a long, curved valley down to its minimum at
# (3, 0.5) (the star):

# %%
beale = viz.optimizer_race("beale")
for name in beale.optimizers:
    x_end, y_end = beale.trajectories[name][-1]
    print("%-16s lr %-6g ends at (%5.2f, %5.2f), f = %.2g"
          % (name, beale.learning_rates[name], x_end, y_end, beale.losses[name][-1]))
beale

# %% [markdown]
# Momentum and Nesterov swing wide below the valley, carried by their velocity, yet end
# closest to the minimum (the lowest f). Gradient descent, Adagrad, RMSProp and Adam follow
# the valley more directly and end a little short of the star. Adadelta, with TensorFlow's
# default settings, has hardly moved in 300 steps.
#
# **Try it:** drag the step slider (or press play) to watch the race; the learning-rate
# slider multiplies every optimizer's rate.

# %% tags=["nbval-ignore-output"]
viz.optimizer_race("beale").widget()

# %% [markdown]
# **A saddle point**, f = x² − y²: downhill in y, uphill in x. Everyone starts almost on the
# ridge (y = 0.001). There the gradient along y is tiny, so plain gradient descent rolls
# down x into the saddle point and stays stuck there. Momentum and Nesterov roll in too,
# overshoot, and escape once their velocity along y has built up. The methods that divide
# by the gradient's size turn even the tiny gradient along y into a real step, so they turn
# upward before reaching the saddle: Adadelta (learning rate 1.0, TensorFlow's default, the
# largest here) climbs straight up from the start, and Adagrad (0.1) is out of view first.
# Adam and RMSProp move about their learning rate (0.01) per step, so they need a hundred
# steps and more.

# %%
saddle = viz.optimizer_race("saddle")
for name in saddle.optimizers:
    left = saddle.left_view_at(name)
    print("%-16s %s" % (name, "still in view after %d steps" % saddle.steps if left is None
                        else "leaves the view at step %d" % left))
saddle

# %% tags=["nbval-ignore-output"]
viz.optimizer_race("saddle").widget()

# %% [markdown]
# ## Exercises
#
# Each check says whether your answer is right, never what it is, and gives a hint from your
# second wrong try on. Run this cell once first:

# %%
from course.exercise import Exercise

hook_exercise = Exercise("Read the step with session.run(global_step) and choose the rate as "
                         "after_run does.",
                         not_answered="Not answered yet: write after_create_session in place of "
                                      "`raise NotImplementedError` and run the cell again.")
moving_mean_exercise = Exercise("apply_op is what minimize's apply_gradients returns. Which ops "
                                "does it depend on, and is the batch-norm update among them?",
                                not_answered="Not answered yet: replace None with True or False.")
saddle_exercise = Exercise("Print saddle.left_view_at(name) for each name in saddle.optimizers.",
                           not_answered="Not answered yet: replace None with an optimizer's name.")

# %% [markdown]
# **1. A learning-rate hook that survives a restart.** After a restore, the article's hook
# used 0.1 for one run. Give the subclass below an `after_create_session(self, session,
# coord)` that reads the global step (`session.run(global_step)`) and sets `self._lrn_rate`
# to the right rate for it. The check restores the last checkpoint (step 100) and asks your
# hook what it would feed first: it should be 0.0001.

# %%
class RestartSafeLearningRateSetterHook(_LearningRateSetterHook):
    def after_create_session(self, session, coord):
        raise NotImplementedError          # <- replace this line with your code


def check_1(hook_class):
    hook = hook_class()
    hook.begin()
    with tf.Session() as sess:
        tf.logging.set_verbosity(tf.logging.WARN)     # no "Restoring parameters" line here
        tf.train.Saver().restore(sess, tf.train.latest_checkpoint(checkpoint_dir))
        tf.logging.set_verbosity(tf.logging.INFO)
        try:
            hook.after_create_session(sess, None)
        except NotImplementedError:
            hook_exercise.check(answered=False, correct=False)
            return
        fed = hook.before_run(None).feed_dict[lrn_rate]
    hook_exercise.check(answered=True, correct=fed == 0.0001,
                        feedback="The first run after the restore would be fed %g." % fed,
                        solved="At step 100 the first run is fed 0.0001.")


check_1(RestartSafeLearningRateSetterHook)

# %% [markdown]
# **2. Forget the extra train ops.** Suppose step 5 were left out and we trained with
# `apply_op` alone. Would the batch-norm `moving_mean` change during training? Answer `True`
# or `False`; the check runs `apply_op` once and looks.

# %%
answer_2 = None          # <- True or False


def check_2(answer):
    moving_mean = [v for v in tf.global_variables() if "moving_mean" in v.op.name][0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        before = sess.run(moving_mean)
        sess.run(apply_op, feed_dict=next_batch())
        changed = not np.array_equal(before, sess.run(moving_mean))
    moving_mean_exercise.check(
        answered=answer is not None, correct=answer == changed,
        solved="apply_op does not depend on the update ops, so they never run: the moving "
               "averages stay at their initial values, and evaluation with is_training=False "
               "would use them.")


check_2(answer_2)

# %% [markdown]
# **3. The saddle race.** Which optimizer leaves the saddle's view first? Answer with its
# name as in the race (`"GradientDescent"`, `"Momentum"`, `"Nesterov"`, `"Adagrad"`,
# `"Adadelta"`, `"RMSProp"` or `"Adam"`); `saddle.left_view_at(name)` gives the step where
# one leaves. Then, in the widget, find the learning-rate factor at which plain gradient
# descent escapes within 200 steps.

# %%
answer_3 = None          # <- a name


def check_3(answer):
    left = {name: saddle.left_view_at(name) for name in saddle.optimizers}
    first = min((step, name) for name, step in left.items() if step is not None)[1]
    saddle_exercise.check(
        answered=answer is not None, correct=answer == first,
        feedback="%s is not the first to leave." % answer,
        solved="%s leaves at step %d: dividing by the size of its gradients turns the tiny slope "
               "along y into full-size steps at once." % (first, left[first]))


check_3(answer_3)

# %% [markdown]
# **Going further.** Set `hps = HParams(batch_size=32, lrn_rate=0.1, optimizer="mom")` at the
# top and run the lesson again: with momentum 0.9 the effective step is about ten times
# bigger, and the loss stays near 2.30 = ln 10, the loss of a network that has given up
# and predicts 1/10 for every digit. Which learning rate makes momentum work here?
