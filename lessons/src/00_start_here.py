# %% [markdown]
# # Start here
#
# **course** is TensorFlow 1.x re-written in plain numpy, so that you can learn the TF1
# programming model *and look inside it*. Code from a TF1 tutorial runs unchanged after
#
# ```python
# import course as tf
# ```
#
# and prints the same numbers as TensorFlow, down to seeded random initial weights.
#
# ## How to use the lessons
#
# * Run a lesson top to bottom with **Run ▸ Run All Cells**; every lesson finishes in well
#   under a minute.
# * Cells marked *Try it* hold widgets (sliders, dropdowns): move them and watch the
#   pictures change.
# * Each lesson ends with exercises, each with a way to check your answer.
#
# ## The map
#
# | lesson | source article | what you learn |
# |---|---|---|
# | `01_loss_and_optimizers` | "tensorflow:损失函数和优化器" | a loss is a tensor, what `minimize` adds, `reduce_sum` axes, L2 regularization |
# | `02_backprop_pku` | Peking University, "TensorFlow1.x的反向传播推导与实现" | the 2-3-1 network, backpropagation, learning rates |
# | `03_mnist_softmax` | "没有博士学位，照样玩转TensorFlow深度学习(4)" (Martin Görner) | MNIST with softmax, mini-batches, deferred execution |
# | `04_optimization_steps` | "TensorFlow 网络优化步骤与一般方法" | the ResNet training op, hooks, MonitoredTrainingSession, optimizers |
#
# ## A first program
#
# A TF1 program has two phases: first you **build a graph** (nothing is computed), then
# you **run** parts of it in a **Session**.

# %%
import course as tf

x = tf.placeholder(tf.float32, shape=(None, 2), name="x")
w = tf.Variable([[1.0], [2.0]], name="w")
y = tf.matmul(x, w, name="y")
print(y)          # a symbolic tensor: no value yet

# %%
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: [[3.0, 4.0], [1.0, 0.5]]}))

# %% [markdown]
# ## Looking inside
#
# The graph is data you can inspect: every operation has a name, a type and inputs.

# %%
for op in tf.get_default_graph().get_operations():
    print("%-14s %-12s %s" % (op.name, op.type, [t.name for t in op.inputs]))

# %% [markdown]
# Or draw it. `w` is drawn as one node even though TF1 makes three operations for a
# Variable (the variable, its initializer and its read).

# %%
import course.viz as viz

viz.draw_graph(y)

# %% [markdown]
# ## What is supported
#
# Graphs, placeholders, Variables, `Session.run` with `feed_dict`, name and variable scopes,
# about a hundred ops with their gradients, `tf.gradients`, the `tf.train` optimizers,
# learning-rate schedules, `Saver`, `SessionRunHook` and `MonitoredTrainingSession`,
# `tf.layers`, `tf.losses`, `tf.summary`, and seeded random ops that match TensorFlow's.
# The README lists the whole subset.
#
# ## Exercise
#
# Find a value to feed for `x` so that `y` is `[[0.0]]`. Each exercise has a check: it says
# whether your answer is right, never what the answer is, and from your second wrong try on
# it gives a hint. Run the next cell once; it sets up the check.

# %%
from course.exercise import Exercise

feed_exercise = Exercise(hint="y = 1 * x0 + 2 * x1. Pick any x1, then choose x0 so that the "
                              "two terms cancel.")

# %% [markdown]
# Now replace `None` with your feed, one row of two numbers like `[[3.0, 4.0]]`, and run the
# cell. Run it again after every change.

# %%
my_feed = None          # <- your feed, e.g. [[3.0, 4.0]]
if my_feed is not None:
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        y_value = sess.run(y, feed_dict={x: my_feed})
feed_exercise.check(answered=my_feed is not None,
                    correct=my_feed is not None and y_value.shape == (1, 1) and y_value[0, 0] == 0.0,
                    feedback="" if my_feed is None else "y is %s." % y_value.tolist(),
                    solved="y is [[0.0]].")
