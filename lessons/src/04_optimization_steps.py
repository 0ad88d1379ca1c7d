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

# %% [markdown] lang=zh
# # 网络优化的步骤，以及各种优化器
#
# **参考文章：**《TensorFlow 网络优化步骤与一般方法》。文章讲解了 TensorFlow 官方 ResNet 模型中负责训练的部分：
# 用五步构造训练操作的方法 `_build_train_op`、随着训练进行而降低学习率的 `SessionRunHook`，以及把这一切跑起来的
# `MonitoredTrainingSession` 循环。文章最后列举了 TensorFlow 提供的其他优化器，比如 Adagrad 和 Adam。
#
# 在 CIFAR-10 上训练 ResNet 要花好几个小时，所以这一课把*同一套配方*逐行用在一个**带批归一化的小卷积网络**上，
# 数据是 `course` 自带的 4,000 个 MNIST 数字。然后再看文章提到的梯度下降家族：批量梯度下降、随机梯度下降、
# 小批量梯度下降，以及各种优化器在两个难缠的曲面上赛跑。
#
# **你将学到：** 可以被钩子修改的学习率、`tf.gradients` 和 `apply_gradients`、全局步数（global step）、
# 为什么批归一化需要在训练操作里加额外的运算、`tf.group`、`SessionRunHook`、带检查点和摘要的
# `MonitoredTrainingSession`，以及 Momentum、Adagrad、RMSProp 和 Adam 各自有什么不同。

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

# %% [markdown] lang=zh
# ## 数据和设置
#
# ResNet 的代码把设置放在一个具名元组 `hps`（"超参数"）里；文章从中读取 `self.hps.lrn_rate` 和
# `self.hps.optimizer`。我们的元组字段相同，只是批更小。`optimizer='sgd'` 选择普通的梯度下降：ResNet 用的是
# `'mom'`（动量），在这个学习率下，它对我们的小网络来说太猛了（后面有一道练习让你亲眼看看）。

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

# %% [markdown] lang=zh
# ## 模型：带批归一化的小卷积网络
#
# 一个 8 个滤波器的 3 × 3 卷积、批归一化、ReLU、2 × 2 最大池化，再接一个输出 10 个数字的全连接层：
# 大约 16,000 个权重。代价函数是平均交叉熵，即 ResNet 里的 `self.cost`。`tf.set_random_seed(0)` 让每次运行的
# 随机初始权重都相同。
#
# **批归一化**（`tf.layers.batch_normalization`）把每个滤波器的输出在这一批上缩放成均值 0、方差 1，
# 再乘上学到的缩放系数 `gamma`、加上平移 `beta`。它还保存批均值和批方差的*滑动平均*，供训练结束后使用——
# 那时已经没有一批数据可以求平均了。`momentum=0.9` 是 ResNet 给这些滑动平均用的衰减系数。`is_training`
# 决定用哪一种：批统计量（默认 `True`），还是滑动平均（评估时喂入 `False`）。

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

# %% [markdown] lang=zh
# 滑动平均（`moving_mean`、`moving_variance`）是不可训练的：没有梯度会改变它们。第 5 步会用到这一点，记住它。
#
# ## `_build_train_op`，一步一步来
#
# 这是文章里的方法（在 ResNet 里它们都是属性，`self.lrn_rate`、`self.cost`……；这里只是普通的名字）。
#
# ### 1. 学习率：一个可以被覆盖的常量

# %%
lrn_rate = tf.constant(hps.lrn_rate, tf.float32)
tf.summary.scalar("learning_rate", lrn_rate)
print(lrn_rate)

# %% [markdown]
# A *constant*, when the learning rate must drop during training? The trick: **any tensor
# can be fed**, not only placeholders. `Session.run` uses a value given in `feed_dict` instead
# of computing the tensor. So the constant is the default, and the learning-rate hook below
# feeds the value it wants at each step:

# %% [markdown] lang=zh
# 学习率要在训练中降低，却用一个*常量*？窍门在于：**任何张量都可以被喂入值**，不只是占位符。
# `Session.run` 会直接使用 `feed_dict` 里给的值，而不去计算这个张量。所以这个常量只是默认值，
# 下面的学习率钩子会在每一步喂入它想要的值：

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

# %% [markdown] lang=zh
# `tf.summary.scalar('learning_rate', lrn_rate)` 把它的值记进摘要，这样 TensorBoard（以及本节最后的图）
# 就能显示它随时间的变化。
#
# ### 2. 梯度
#
# `tf.gradients(cost, trainable_variables)` 加入计算代价对每个可训练变量的导数的运算：每个变量一个梯度，
# 形状与变量相同。文章的说法是："梯度不就是损失对 w 的偏导数嘛"。

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

# %% [markdown] lang=zh
# ### 3. 优化器
#
# 创建优化器对象时还不会生成任何运算；它只是记住方法和它的设置。`MomentumOptimizer(lrn_rate, 0.9)`
# 的第二个参数是动量（下面"优化器家族"一节会解释它）。

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

# %% [markdown] lang=zh
# ### 4. 应用梯度
#
# `apply_gradients` 接收由 `zip(grads, trainable_variables)` 组成的 (梯度, 变量) 对，返回一个更新所有变量的运算。
# 每个变量都是损失曲面的一个维度，有它自己的梯度，所以一一配对很重要。`global_step=global_step`
# 让同一个运算顺便把步数计数器加 1。
#
# （第 3 课用的 `optimizer.minimize(cost)` 正好就是第 2 步和第 4 步合在一起。把它们分开写，
# 你就可以在应用梯度之前查看或修改它们，比如做梯度裁剪。）

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

# %% [markdown] lang=zh
# ### 5. 加上批归一化的更新，把一切合成一个运算
#
# 批归一化的滑动平均不是靠梯度训练的：每次调用 `batch_normalization` 都会加入两个*更新运算*，把它们往这一批的
# 统计量方向移动，并把这些运算放进集合 `tf.GraphKeys.UPDATE_OPS`。一个运算只有在你运行的东西依赖它时才会运行，
# 而 `apply_op` 并不依赖它们。所以 ResNet 把 `_extra_train_ops`（它自己的批归一化更新）加进列表，
# 再用 `tf.group` 造出一个把它们全部运行的运算：

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

# %% [markdown] lang=zh
# ## 学习率钩子
#
# **`SessionRunHook`**（钩子）是 `MonitoredTrainingSession` 在固定时刻调用的对象：创建会话之前调用 `begin()`，
# 会话创建好之后调用 `after_create_session()`，每次 `run` 之前调用 `before_run()`（它可以通过 `SessionRunArgs`
# 要求额外取回一些张量、额外喂入一些值），之后带着它要的结果调用 `after_run()`，最后调用 `end()`。
#
# 文章的 `_LearningRateSetterHook` 从 0.1 开始，每次运行都把当前学习率喂给 `lrn_rate`，同时取回全局步数，
# 并在每次运行之后根据步数选出下一个学习率：到第 40,000 步为止是 0.1，之后是 0.01，从 60,000 步起是 0.001，
# 从 80,000 步起是 0.0001。**我们只训练 100 步，而不是 100,000 步，所以阈值都除以 1,000：40、60 和 80。**
# 我们在文章的代码里只加了一行（做了标记）：它记下每次运行用的学习率，以便事后检查这个调度。

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
# * A small hook of ours logs the global step when the session starts and ends, and whether
#   a new session starts from exactly the convolution kernel the last one ended with, to show
#   that the second session continues the first.

# %% [markdown] lang=zh
# ## 其他钩子
#
# * **`LoggingTensorHook`** 每 *n* 次运行记录一次张量；ResNet 记录步数、代价和精度（这一批上的准确率）。
#   默认情况下每行末尾是距上一行的秒数；我们的 `formatter` 自己写这一行（不写时间，因为它每次运行都不同）。
# * **`SummarySaverHook`** 每 *n* 步计算一次摘要，写进检查点目录（供 TensorBoard 使用）。文章把它放在
#   `chief_only_hooks` 里：几台机器一起训练时，只有"主节点"（chief）写摘要。
# * ResNet 从输入队列读取图片。我们用的是占位符，所以由一个 **`FeedFnHook`** 在每次运行时喂入下一批，
#   循环就可以一字不差地保持为 `mon_sess.run(train_op)`。
# * ResNet 会一直训练到你叫停为止。**`StopAtStepHook`** 让会话在某个全局步数停下；这时 `mon_sess.should_stop()`
#   返回 True。
# * 我们自己的一个小钩子在会话开始和结束时记录全局步数，并检查新会话开始时的卷积核是否与上一个会话结束时逐位相同，
#   用来说明第二个会话接着第一个继续训练。

# %%
conv_kernel = [v for v in tf.global_variables() if v.op.name == "conv2d/kernel"][0]


def log_tensors(values):
    return "step %(step)3d: loss %(loss).2f, precision %(precision).2f" % values


class ReportHook(tf.train.SessionRunHook):
    """Logs the global step when a session starts and ends, and whether a session starts from
    exactly (bit for bit) the conv kernel that an earlier session ended with at that step."""
    kernels = {}    # global step -> the conv kernel at a session's end, shared by every ReportHook

    def after_create_session(self, session, coord):
        step, kernel = session.run([global_step, conv_kernel])
        if step in ReportHook.kernels:
            tf.logging.info("session ready : global_step = %d, the conv kernel saved at step %d: %s",
                            step, step, np.array_equal(kernel, ReportHook.kernels[step]))
        else:
            tf.logging.info("session ready : global_step = %d", step)

    def end(self, session):
        step, kernel = session.run([global_step, conv_kernel])
        ReportHook.kernels[step] = kernel
        tf.logging.info("session ending: global_step = %d", step)


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

# %% [markdown] lang=zh
# 日志里会出现检查点目录的名字，这是个随机名字，每次运行都不同。这个过滤器把它打印成 `<checkpoint_dir>`，
# 让日志每次读起来都一样：

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

# %% [markdown] lang=zh
# TensorFlow 把日志写到 stderr，Jupyter 会把它显示在粉红色的背景上，看起来像出错了一样。这些行只是普通的进度报告，
# 所以我们把它们改送到单元格的普通输出（格式不变：`INFO:tensorflow:...`）：

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

# %% [markdown] lang=zh
# ## 用 `MonitoredTrainingSession` 训练
#
# 这是文章里的调用，只加了两处：我们的钩子在第 50 步停下（第二个会话会继续训练到 100 步），
# `log_step_count_steps=0` 关掉记录每秒步数的钩子（这个数每次运行都不同）。会话替我们做了这些事：
#
# * 初始化变量；如果 `checkpoint_dir` 里有检查点，就**从最新的检查点恢复变量**；
# * 在开始时、每 10 分钟、以及结束时各保存一次检查点；
# * `save_summaries_steps=0` 关掉它自带的摘要钩子（文章的注释说：我们用自己的 `summary_hook`）；
# * `config=tf.ConfigProto(allow_soft_placement=True)` 允许 TensorFlow 在某个运算无法在指定设备上运行时，
#   把它挪到别的设备上；`course` 全部用 numpy 计算，所以这个设置会被接受，但不起任何作用。
#
# 下面这些行是 TensorFlow 的日志（`INFO:tensorflow:...`）：各个钩子的消息，按会话调用它们的顺序排列。

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
# the session is ready shows the global step at which the first session ended, and that the
# kernel is, bit for bit, the one it ended with: training continues where it stopped.

# %% [markdown] lang=zh
# ## 第二个会话从检查点继续
#
# 一个使用同一 `checkpoint_dir` 的新 `MonitoredTrainingSession` 找到第 50 步的检查点，并从中恢复每一个变量，
# 包括全局步数。会话就绪时的报告显示的全局步数和卷积核，与第一个会话结束时的报告逐位相同：训练从停下的地方接着进行。

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

# %% [markdown] lang=zh
# ## 每一步用的是哪个学习率？
#
# 钩子记录了每次运行喂入的学习率。一次运行把全局步数从 *n* 变成 *n* + 1，钩子在运行之后看到的是 *n* + 1
# （`course` 和 TF1 的变量一样，在运行结束时取回步数的值）。所以在 39 → 40 这次运行之后看到 40 的钩子，
# 会为下一次运行选择 0.01：从第 40 步起学习率是 0.01，和调度完全一致。

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

# %% [markdown] lang=zh
# 看看 50 → 51 这次运行，也就是第二个会话的第一次运行：它用的是 **0.1**，而不是 0.01。新钩子的 `begin()`
# 又从 0.1 开始，而它要在第一次运行之后才知道全局步数。用十倍于预期的学习率走了一步：在这里无伤大雅，
# 但在一次从检查点重启的长时间训练里，就是一次颠簸。练习 1 会修好它。
#
# `SummarySaverHook` 每 10 步写下的摘要，也就是 TensorBoard 会显示的内容（`tf.summary.history(directory)`
# 是 `course` 在笔记本里读回它们的办法）：代价在下降，学习率一级一级地下降。灰线是我们的钩子在每次运行时记录的学习率。

# %%
history = tf.summary.history(checkpoint_dir)
every_run = sorted(lr_hook.rates_used + lr_hook_2.rates_used)       # (step after, rate used)
fig, (ax_cost, ax_rate) = plt.subplots(1, 2, figsize=(11, 3.4), constrained_layout=True)
ax_cost.plot(*history.scalar("cost"), marker="o")
ax_cost.set(title=viz.tr("cost of the batch (summaries)"), xlabel=viz.tr("global step"),
            ylabel=viz.tr("cost"))
ax_rate.step(*zip(*every_run), where="pre", color="lightgrey", label=viz.tr("fed at every run"))
ax_rate.plot(*history.scalar("learning_rate"), "o", label=viz.tr("summaries"))
ax_rate.set(title="learning_rate", xlabel=viz.tr("global step"), ylabel=viz.tr("learning rate"),
            yscale="log")
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

# %% [markdown] lang=zh
# 摘要是在一次运行中计算的，并标上这次运行*之后*的全局步数：第 41 步的学习率摘要，是 40 → 41 这次运行用的学习率；
# 第 51 步的尖峰是第二个会话的第一次运行，用的是 0.1。
#
# 最后，在 1,000 个测试数字上检验训练好的网络。`is_training: False` 时，批归一化使用 `extra_train_ops`
# 一直在更新的滑动平均。`tf.train.Saver().restore` 把最后一个检查点载入一个普通会话：

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

# %% [markdown] lang=zh
# 在每批 32 张图片上走了 100 小步之后，大约 88% 的测试数字认对了。
#
# ## 优化器家族
#
# 文章里的每一种方法都是*梯度下降*：求出损失的梯度，沿着它的反方向走一步。它们的区别在于每个梯度用**多少数据**来算，
# 以及**怎样**用梯度迈出这一步。
#
# ### 批量、随机和小批量梯度下降
#
# * **批量梯度下降**每一步都在*整个*训练集上算梯度：方向是真正的下坡方向，但走一步就要把所有数据过一遍。
# * **随机梯度下降**（SGD）每一步只用*一个*样本：步子便宜，但很嘈杂。
# * **小批量梯度下降**用一小批（32、100……）：花很小的代价就得到接近真实的方向，矩阵也大到足以让快速硬件发挥作用。
#   大家都用它，ResNet 和第 3 课也是（TensorFlow 仍把这个类叫作 `GradientDescentOptimizer`：批大小就是你喂入多少）。
#
# 用和第 3 课相同的 softmax 模型（采用平均交叉熵），学习率 0.1，在 500 个训练数字上分别以每批 1、32 和全部 500
# 个来训练。每隔几步，我们在全部 500 个数字上测一次损失（测量不是训练：它什么都不改变）。
# 每批 1 个的走 500 步，也就是把这些数字过一遍；其他两种走 150 步。

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
    ax_steps.plot(steps[shown], losses[shown], label=viz.tr(names[size]))
    ax_seen.plot(steps[1:] * size, losses[1:], label=viz.tr(names[size]))
ax_steps.set(xlabel=viz.tr("step"), ylabel=viz.tr("loss on all 500 digits"), title=viz.tr("per step"))
ax_seen.set(xlabel=viz.tr("examples looked at (log scale)"), xscale="log",
            title=viz.tr("per example looked at"))
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

# %% [markdown] lang=zh
# *按步数*看（左图），整批下降得很平稳，每批 32 个的几乎完全跟得上，而工作量只有它的十六分之一；每批 1 个的
# 走得七扭八歪，而且落在后面。*按看过的样本数*看（右图），随机梯度下降最先降下来：把 500 个数字过一遍之后，
# 它已经走了 500 小步，而批量梯度下降只走了一步。小批量兼得了两者的大部分好处：进展平稳，每步又便宜。
#
# ### 怎样迈出这一步：Momentum、Adagrad、RMSProp、Adam
#
# 这些都在 `tf.train` 里，用法和 `GradientDescentOptimizer` 一模一样：
#
# | 类 | 这一步怎么走 |
# |---|---|
# | `GradientDescentOptimizer(lr)` | `-lr * gradient` |
# | `MomentumOptimizer(lr, momentum)` | 保留一个速度：`v = momentum * v + gradient`，这一步是 `-lr * v`。它像一个沉重的球那样滚动：沿着长坡越滚越快，在狭窄的山谷里横向的摆动会被抑制。`use_nesterov=True` 会先往前看一步再算梯度。 |
# | `AdagradOptimizer(lr)` | 把每个权重的步长除以它迄今所有梯度平方之和的平方根：梯度大的权重慢下来，梯度少见的权重保持大步。步子只会越来越小。 |
# | `AdadeltaOptimizer(lr)` | 和 Adagrad 类似，但只看一个滑动窗口而不是全部历史，步长也以权重本身的单位来度量。 |
# | `RMSPropOptimizer(lr)` | 除以梯度平方的*滑动平均*，所以步子不会无止境地缩小。 |
# | `AdamOptimizer(lr)` | 动量（梯度的滑动平均）**加上** RMSProp 的缩放：如今最常用的默认选择。 |
#
# 为了看出它们的区别，让它们在两个变量的曲面上赛跑，这样就能画出每一个走过的路径。每个选手都在一个二维向量变量上
# 运行 `course` 自己的优化器类，学习率各自选定（见图例），从同一个起点出发走 300 步。
#
# **Beale 函数**有一块平坦的高原，和一条又长又弯的山谷，通向位于 (3, 0.5) 的最小值点（星号）：

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

# %% [markdown] lang=zh
# Momentum 和 Nesterov 被速度带着，在山谷下方绕了一个大弯，最后却离最小值点最近（f 最小）。梯度下降、Adagrad、
# RMSProp 和 Adam 更直接地沿着山谷走，最后停在星号前面一点。Adadelta 用 TensorFlow 的默认设置，300 步几乎没动。
#
# **动手试试：** 拖动步数滑块（或者按播放）来观看比赛；学习率滑块会把每个优化器的学习率都乘上同一个倍数。

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

# %% [markdown] lang=zh
# **鞍点**，f = x² − y²：沿 y 方向下坡，沿 x 方向上坡。所有选手都几乎从山脊上出发（y = 0.001）。那里沿 y 方向的
# 梯度非常小，所以普通梯度下降沿着 x 滚进鞍点，就卡在那里了。Momentum 和 Nesterov 也滚了进去，冲过了头，
# 等沿 y 方向的速度积累起来之后才逃出去。那些除以梯度大小的方法，即使沿 y 方向的梯度很小，也会把它变成实实在在的一步，
# 所以它们在到达鞍点之前就转向了：Adadelta（学习率 1.0，TensorFlow 的默认值，也是这里最大的）一开始就径直往上爬，
# Adagrad（0.1）最先离开视野。Adam 和 RMSProp 每步大约移动它们的学习率（0.01）那么远，所以需要一百多步。

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

# %% [markdown] lang=zh
# ## 练习
#
# 检查只告诉你答得对不对，从不说出答案；从你第二次答错起，它会给出提示。先运行一次这个单元格：

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

# %% [markdown] lang=zh
# **1. 重启之后也不出错的学习率钩子。** 恢复检查点之后，文章的钩子有一次运行用了 0.1。给下面的子类写一个
# `after_create_session(self, session, coord)`，读取全局步数（`session.run(global_step)`），并把 `self._lrn_rate`
# 设成与之相符的学习率。检查会恢复最后一个检查点（第 100 步），再问你的钩子它第一次会喂入什么：应该是 0.0001。

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

# %% [markdown] lang=zh
# **2. 忘了额外的训练运算。** 假设漏掉了第 5 步，只用 `apply_op` 训练。训练时批归一化的 `moving_mean` 会变吗？
# 回答 `True` 或 `False`；检查会运行一次 `apply_op` 看看。

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

# %% [markdown] lang=zh
# **3. 鞍点上的比赛。** 哪个优化器最先离开鞍点图的视野？用比赛中的名字作答（`"GradientDescent"`、`"Momentum"`、
# `"Nesterov"`、`"Adagrad"`、`"Adadelta"`、`"RMSProp"` 或 `"Adam"`）；`saddle.left_view_at(name)` 给出某个选手离开视野的步数。
# 然后在控件里找出一个学习率倍数，让普通梯度下降在 200 步之内逃出鞍点。

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

# %% [markdown] lang=zh
# **更进一步。** 在开头设置 `hps = HParams(batch_size=32, lrn_rate=0.1, optimizer="mom")`，再运行一遍本课：
# 动量为 0.9 时，实际步长大约大了十倍，损失停在 2.30 = ln 10 附近——这是一个已经放弃、对每个数字都预测 1/10
# 的网络的损失。用哪个学习率，动量在这里才管用？
