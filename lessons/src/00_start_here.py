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
# The same lessons in Simplified Chinese are in the `zh/` folder (中文课程在 `zh/` 文件夹里):
# the same code, the prose in Chinese, and the pictures' words too.
#
# ## A first program
#
# A TF1 program has two phases: first you **build a graph** (nothing is computed), then
# you **run** parts of it in a **Session**.

# %% [markdown] lang=zh
# # 从这里开始
#
# **course** 用纯 numpy 重新实现了 TensorFlow 1.x，让你既能学会 TF1 的编程模型，又能*看清它内部是怎么运转的*。
# TF1 教程里的代码，只要把开头换成
#
# ```python
# import course as tf
# ```
#
# 就能原样运行，打印出和 TensorFlow 一样的数字——连用随机种子生成的初始权重都一模一样。
#
# ## 怎样使用这些课程
#
# * 用 **Run ▸ Run All Cells** 从头到尾运行一课；每一课都能在一分钟之内跑完。
# * 标着*动手试试*的单元格里有控件（滑块、下拉菜单）：拖动它们，看图怎样变化。
# * 每一课最后都有练习，每道练习都能自动检查你的答案。
#
# ## 课程地图
#
# | 课程 | 参考文章 | 学到什么 |
# |---|---|---|
# | `01_loss_and_optimizers` | 《tensorflow:损失函数和优化器》 | 损失函数也是一个张量、`minimize` 往图里加了什么、`reduce_sum` 的轴、L2 正则化 |
# | `02_backprop_pku` | 北京大学《TensorFlow1.x的反向传播推导与实现》 | 2-3-1 网络、反向传播、学习率 |
# | `03_mnist_softmax` | 《没有博士学位，照样玩转TensorFlow深度学习(4)》（Martin Görner） | 用 softmax 识别 MNIST 手写数字、小批量训练、延迟执行 |
# | `04_optimization_steps` | 《TensorFlow 网络优化步骤与一般方法》 | ResNet 的训练操作、钩子（hook）、MonitoredTrainingSession、各种优化器 |
#
# 中文课程在 `zh/` 文件夹里，英文课程在上一层；两者的代码完全相同，只有讲解的文字不同。
#
# ## 第一个程序
#
# 一个 TF1 程序分两个阶段：先**搭建计算图**（这时什么都不计算），再在**会话**（Session）里**运行**图的一部分。

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

# %% [markdown] lang=zh
# ## 看看图的内部
#
# 计算图本身就是可以查看的数据：每个运算（operation）都有名字、类型和输入。

# %%
for op in tf.get_default_graph().get_operations():
    print("%-14s %-12s %s" % (op.name, op.type, [t.name for t in op.inputs]))

# %% [markdown]
# Or draw it. `w` is drawn as one node even though TF1 makes three operations for a
# Variable (the variable, its initializer and its read).

# %% [markdown] lang=zh
# 也可以把它画出来。虽然 TF1 为一个变量（Variable）建了三个运算（变量本身、它的初始化、读取它的值），
# 图中的 `w` 只画成一个节点。

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

# %% [markdown] lang=zh
# ## 支持哪些功能
#
# 计算图、占位符（placeholder）、变量、带 `feed_dict` 的 `Session.run`、名字作用域和变量作用域、
# 大约一百个运算及其梯度、`tf.gradients`、`tf.train` 里的优化器、学习率衰减、`Saver`、
# `SessionRunHook` 和 `MonitoredTrainingSession`、`tf.layers`、`tf.losses`、`tf.summary`，
# 还有与 TensorFlow 结果一致的带种子随机运算。完整的列表见 README。
#
# ## 练习
#
# 给 `x` 喂一个值，使 `y` 等于 `[[0.0]]`。每道练习都有检查：它只告诉你答得对不对，从不直接说出答案；
# 从你第二次答错开始，它会给出提示。先运行一次下一个单元格，它负责准备检查。

# %%
from course.exercise import Exercise

feed_exercise = Exercise(hint="y = 1 * x0 + 2 * x1. Pick any x1, then choose x0 so that the "
                              "two terms cancel.")

# %% [markdown]
# Now replace `None` with your feed, one row of two numbers like `[[3.0, 4.0]]`, and run the
# cell. Run it again after every change.

# %% [markdown] lang=zh
# 现在把 `None` 换成你要喂的值——一行两个数，比如 `[[3.0, 4.0]]`——然后运行这个单元格。
# 每改一次都要重新运行。

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
