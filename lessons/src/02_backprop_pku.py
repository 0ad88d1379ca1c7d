# %% [markdown]
# # Backpropagation: the 2-3-1 network of the Peking University course
#
# This lesson follows **"TensorFlow1.x的反向传播推导与实现"** ("Backpropagation in
# TensorFlow 1.x: derivation and implementation"), a chapter of Peking University's
# TensorFlow course. The article trains a tiny neural network — 2 inputs, 3 hidden units,
# 1 output — on 32 made-up examples. We run its program unchanged with `course` and get its
# numbers, then open the network up: what one training step computes, how the gradients
# flow backwards, and what the learning rate does.
#
# ## The ideas, in a few lines
#
# * **Loss**: how far the network's predictions `y` are from the known answers `y_`. Here
#   the **mean squared error**: `loss = tf.reduce_mean(tf.square(y_ - y))`.
# * **Backpropagation**: computing the gradient of the loss with respect to every parameter,
#   from the output back to the input, one layer at a time (the chain rule).
# * **Gradient descent**: moving each parameter a small step against its gradient, so the
#   loss goes down. The **learning rate** is the size of that step.
#
# The article builds a network in four steps, and so will we:
#
# 1. prepare the data (features as inputs, answers as labels);
# 2. build the forward graph, from inputs to output (nothing is computed yet);
# 3. define the loss and the training method (backpropagation);
# 4. run the training loop in a session, feeding batches of data.

# %% [markdown] lang=zh
# # 反向传播：北京大学课程里的 2-3-1 网络
#
# 这一课跟着北京大学 TensorFlow 课程的一章 **《TensorFlow1.x的反向传播推导与实现》** 来学。
# 文章在 32 个虚构的样本上训练一个很小的神经网络——2 个输入、3 个隐藏单元、1 个输出。
# 我们先用 `course` 原样运行它的程序，得到和文章一样的数字；然后把网络拆开来看：
# 一次训练到底算了什么，梯度怎样从后往前流动，学习率又起什么作用。
#
# ## 几个核心概念
#
# * **损失函数**（loss）：网络的预测值 `y` 和已知答案 `y_` 差多远。这里用**均方误差**（MSE）：
#   `loss = tf.reduce_mean(tf.square(y_ - y))`。
# * **反向传播**：从输出往输入、一层一层地，求出损失对每个参数的梯度（靠的是链式法则）。
# * **梯度下降**：让每个参数沿着梯度的反方向走一小步，损失就会变小。每一步走多远，由**学习率**决定。
#
# 文章分四步搭建一个神经网络，我们也照着做：
#
# 1. 准备数据（特征作为输入，答案作为标签）；
# 2. 搭建前向传播的计算图，从输入到输出（这时还什么都没计算）；
# 3. 定义损失函数和训练方法（反向传播）；
# 4. 在会话里运行训练循环，一批一批地喂数据。

# %%
%matplotlib inline
import numpy as np
import course as tf
import course.viz as viz

# %% [markdown]
# ## 1. The data
#
# Each example is a part with two features (think volume and weight, numbers between 0 and
# 1). A part is good (label 1) when its two features add up to less than 1. The article
# makes 32 such parts from a fixed random seed, so every reader gets the same data:

# %% [markdown] lang=zh
# ## 1. 数据
#
# 每个样本是一个零件，有两个特征（可以想成体积和重量，都是 0 到 1 之间的数）。
# 两个特征之和小于 1 的零件是合格品（标签为 1）。文章用固定的随机种子生成 32 个这样的零件，
# 所以每位读者拿到的数据都一样：

# %%
BATCH_SIZE = 8
SEED = 23455
rdm = np.random.RandomState(SEED)
X = rdm.rand(32, 2)
Y_ = [[int(x0 + x1 < 1)] for (x0, x1) in X]

print("X (the first 4 of 32 rows):")
for row in X[:4]:
    print("  [%.8f %.8f]" % tuple(row))
print("Y_:\n", Y_)

# %% [markdown]
# These are the article's numbers (its `X` starts `0.83494319 0.11482951`). `course` ships the
# same data as `course.datasets.load_pku()`:

# %% [markdown] lang=zh
# 这些正是文章里的数字（它的 `X` 以 `0.83494319 0.11482951` 开头）。`course` 也自带了同样的数据，
# 就是 `course.datasets.load_pku()`：

# %%
from course.datasets import load_pku

X_pku, Y_pku = load_pku()
print("same X:", np.array_equal(X, X_pku), "  same Y_:", Y_ == Y_pku)

# %% [markdown]
# The 32 parts, coloured by label. The line `x0 + x1 = 1` separates good from bad; the
# network will have to find it from the examples alone.

# %% [markdown] lang=zh
# 按标签着色的 32 个零件。直线 `x0 + x1 = 1` 把合格品和不合格品分开；网络只能从这些样本中自己把它找出来。

# %%
import matplotlib.pyplot as plt

labels = np.array(Y_)[:, 0]
fig, ax = plt.subplots(figsize=(5.6, 4))
ax.scatter(X[labels == 1, 0], X[labels == 1, 1], color="tab:green", label=viz.tr("good (1)"))
ax.scatter(X[labels == 0, 0], X[labels == 0, 1], color="tab:red", marker="x", label=viz.tr("bad (0)"))
ax.plot([0, 1], [1, 0], "k--", linewidth=1, label="x0 + x1 = 1")
ax.set(xlabel="x0", ylabel="x1", xlim=(0, 1), ylim=(0, 1), title=viz.tr("the 32 parts"))
ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1))  # beside the plot: it covers no point
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 2. The forward graph
#
# Inputs go in through **placeholders**: `x` takes any number of rows of 2 features, `y_`
# the matching labels. The parameters are **Variables**, started from seeded random normal
# numbers: `w1` (2 × 3) connects the 2 inputs to 3 hidden units, `w2` (3 × 1) the 3 hidden
# units to the output. The network has no biases and no activation function: it is two
# matrix products.

# %% [markdown] lang=zh
# ## 2. 前向传播的计算图
#
# 输入通过**占位符**（placeholder）进入网络：`x` 接收任意多行、每行 2 个特征，`y_` 接收对应的标签。
# 参数是**变量**（Variable），初始值是带种子的正态分布随机数：`w1`（2 × 3）把 2 个输入连到 3 个隐藏单元，
# `w2`（3 × 1）把 3 个隐藏单元连到输出。这个网络没有偏置，也没有激活函数：它就是两次矩阵乘法。

# %%
x = tf.placeholder(tf.float32, shape=(None, 2))
y_ = tf.placeholder(tf.float32, shape=(None, 1))
w1 = tf.Variable(tf.random_normal([2, 3], stddev=1, seed=1))
w2 = tf.Variable(tf.random_normal([3, 1], stddev=1, seed=1))

a = tf.matmul(x, w1)
y = tf.matmul(a, w2)
print(a)
print(y)

# %% [markdown]
# `a` is the hidden layer (one row of 3 numbers per example), `y` the output. The `?` in the
# shapes is the number of rows, which is decided only when data is fed.
#
# We gave no names, so TensorFlow chose them: `x` is `Placeholder`, `y_` is `Placeholder_1`,
# `w1` is `Variable`, `w2` is `Variable_1`, `a` is `MatMul` and `y` is `MatMul_1`. The
# picture labels each node with the Python name that holds it, as in the code above, and
# TensorFlow's name in small type below it.

# %% [markdown] lang=zh
# `a` 是隐藏层（每个样本一行，3 个数），`y` 是输出。形状里的 `?` 表示行数，要等到喂入数据时才确定。
#
# 我们没有给这些张量起名字，所以 TensorFlow 自己起了：`x` 叫 `Placeholder`，`y_` 叫 `Placeholder_1`，
# `w1` 叫 `Variable`，`w2` 叫 `Variable_1`，`a` 叫 `MatMul`，`y` 叫 `MatMul_1`。图中每个节点都用
# 代码里持有它的 Python 变量名来标注，TensorFlow 起的名字用小字写在下面。

# %%
viz.draw_graph(y)

# %% [markdown]
# ## 3. The loss and the training method
#
# The article's loss and optimizer. (It lists two other optimizers in comments; we try them
# in section 5.)

# %% [markdown] lang=zh
# ## 3. 损失函数和训练方法
#
# 下面是文章的损失函数和优化器。（文章在注释里还列了另外两种优化器，我们在第 5 节试试它们。）

# %%
loss_mse = tf.reduce_mean(tf.square(y - y_))
train_step = tf.train.GradientDescentOptimizer(0.001).minimize(loss_mse)

# %% [markdown]
# ## 4. The training loop
#
# The article's session code, unchanged. It prints the weights before training, then
# trains for 3000 steps. Each step feeds the next batch of 8 examples (`start` goes 0, 8, 16,
# 24, 0, ...); every 500 steps it prints the loss on all 32 examples; at the end it prints the
# trained weights.

# %% [markdown] lang=zh
# ## 4. 训练循环
#
# 这是文章的会话代码，一字未改。它先打印训练前的权重，然后训练 3000 步。每一步喂入下一批
# 8 个样本（`start` 依次是 0、8、16、24、0……）；每 500 步打印一次全部 32 个样本上的损失；
# 最后打印训练好的权重。

# %%
with tf.Session() as sess:
    init_op = tf.global_variables_initializer()
    sess.run(init_op)
    # The weights before training.
    print("w1:\n", sess.run(w1))
    print("w2:\n", sess.run(w2))
    print("\n")
    # Train the model.
    STEPS = 3000
    for i in range(STEPS):
        start = (i * BATCH_SIZE) % 32
        end = start + BATCH_SIZE
        sess.run(train_step, feed_dict={x: X[start:end], y_: Y_[start:end]})
        if i % 500 == 0:
            total_loss = sess.run(loss_mse, feed_dict={x: X, y_: Y_})
            print("After %d training step(s), loss_mse on all data is %g" % (i, total_loss))
    # The weights after training.
    print("\n")
    w1_trained = sess.run(w1)
    w2_trained = sess.run(w2)
    print("w1:\n", w1_trained)
    print("w2:\n", w2_trained)
print("w1:\n", w1)
print("w2:\n", w2)

# %% [markdown]
# **The starting weights and the six loss lines are exactly the article's.** (The
# article's `w1` shows more digits, `-0.81131822`, because it was printed by an old numpy;
# the float32 number is the same.) Two things to notice:
#
# * `w2` starts with the same three numbers as the first row of `w1`: both were drawn with
#   `seed=1`, and a seeded random op starts the same sequence every time.
# * The last two lines print the Variables themselves, not their values: outside a session
#   a Variable is a node in the graph, with a name, shape and dtype but no value.
#
# **The trained weights agree with the article to the last digit or two.** A float32 number
# has about 7 significant digits; numbers next to each other on the float32 grid differ in
# the 8th. Adding up many numbers in a different order can land on a neighbour, and over
# 3000 steps such differences show in the last digit. TensorFlow itself does this: the
# article's build, TensorFlow 2.21 and `course` each add in their own order. (`course` adds
# the few products of these small matrix multiplications in float64 and rounds once, so its
# numbers are the same on every CPU.) How far apart are they, counted in float32 steps?

# %% [markdown] lang=zh
# **初始权重和六行损失与文章完全一致。**（文章里的 `w1` 显示了更多位数，比如 `-0.81131822`，
# 那是旧版 numpy 打印的结果；float32 数值本身是一样的。）有两点值得注意：
#
# * `w2` 开头的三个数和 `w1` 第一行一样：两者都用 `seed=1` 生成，而带种子的随机运算每次都从同一个序列开始。
# * 最后两行打印的是变量本身，而不是它们的值：在会话之外，变量只是图中的一个节点，
#   有名字、形状和数据类型，却没有值。
#
# **训练后的权重与文章相比，只在最后一两位上有出入。** float32 大约有 7 位有效数字，
# float32 网格上相邻的两个数在第 8 位上不同。把许多数按不同的顺序相加，结果可能落在相邻的数上；
# 经过 3000 步，这种差别会出现在最后一位。TensorFlow 自己也是如此：文章用的版本、TensorFlow 2.21
# 和 `course` 各有各的加法顺序。（`course` 把这些小矩阵乘法里的少量乘积用 float64 相加、最后只舍入一次，
# 所以它在每台 CPU 上的结果都相同。）它们到底差多远？用 float32 的"步数"来数一数：

# %%
article_w1 = np.array([[-0.70006633, 0.9136318, 0.08953571], [-2.3402493, -0.14641267, 0.58823055]], np.float32)
article_w2 = np.array([[-0.06024267], [0.91956186], [-0.0682071]], np.float32)
tf221_w1 = np.array([[-0.7000663, 0.91363174, 0.0895357], [-2.3402493, -0.14641266, 0.5882305]], np.float32)
tf221_w2 = np.array([[-0.06024268], [0.91956186], [-0.06820709]], np.float32)


def float32_steps(ours, theirs):
    """How many float32 grid steps apart two arrays are, at most."""
    return int(np.max(np.abs(ours.astype(np.float64) - theirs) / np.spacing(np.abs(theirs))))


CLOSE = 3   # float32 steps
for name, ours, article, tf221 in (("w1", w1_trained, article_w1, tf221_w1),
                                   ("w2", w2_trained, article_w2, tf221_w2)):
    print("%s within %d float32 steps:  course and TF 2.21: %s;  course and the article: %s;  "
          "TF 2.21 and the article: %s"
          % (name, CLOSE, float32_steps(ours, tf221) <= CLOSE, float32_steps(ours, article) <= CLOSE,
             float32_steps(tf221, article) <= CLOSE))

# %% [markdown]
# At most three float32 steps between any two of them: the same training, rounded a little
# differently. (Print `float32_steps(w1_trained, tf221_w1)` to see the count itself.)
#
# ## 5. Other optimizers: Momentum and Adam
#
# The article's comments suggest two other optimizers:
#
# ```python
# train_step = tf.train.MomentumOptimizer(0.001, 0.9).minimize(loss_mse)
# train_step = tf.train.AdamOptimizer(0.001).minimize(loss_mse)
# ```
#
# To try them we wrap the whole program in a function that takes the optimizer. Each call
# builds the network in a fresh graph, so the three runs do not share anything.

# %% [markdown] lang=zh
# 任意两者之间最多差 3 个 float32 步长：同样的训练，只是舍入方式略有不同。
# （打印 `float32_steps(w1_trained, tf221_w1)` 可以看到具体的步数。）
#
# ## 5. 其他优化器：Momentum 和 Adam
#
# 文章在注释里提到了另外两种优化器：
#
# ```python
# train_step = tf.train.MomentumOptimizer(0.001, 0.9).minimize(loss_mse)
# train_step = tf.train.AdamOptimizer(0.001).minimize(loss_mse)
# ```
#
# 为了试试它们，我们把整个程序包进一个以优化器为参数的函数。每次调用都在一张新的计算图里搭建网络，
# 所以三次运行互不干扰。

# %%
def pku_network():
    """The article's forward graph and loss, in the current default graph."""
    x = tf.placeholder(tf.float32, shape=(None, 2))
    y_ = tf.placeholder(tf.float32, shape=(None, 1))
    w1 = tf.Variable(tf.random_normal([2, 3], stddev=1, seed=1))
    w2 = tf.Variable(tf.random_normal([3, 1], stddev=1, seed=1))
    y = tf.matmul(tf.matmul(x, w1), w2)
    loss_mse = tf.reduce_mean(tf.square(y - y_))
    return x, y_, loss_mse


def train_pku(optimizer, steps=3000, report=True):
    """Train the article's network with `optimizer`; return the loss on all data at the end."""
    with tf.Graph().as_default():
        x, y_, loss_mse = pku_network()
        train_step = optimizer.minimize(loss_mse)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for i in range(steps):
                start = (i * BATCH_SIZE) % 32
                sess.run(train_step, feed_dict={x: X[start:start + BATCH_SIZE], y_: Y_[start:start + BATCH_SIZE]})
                if report and i % 500 == 0:
                    total_loss = sess.run(loss_mse, feed_dict={x: X, y_: Y_})
                    print("After %d training step(s), loss_mse on all data is %g" % (i, total_loss))
            return sess.run(loss_mse, feed_dict={x: X, y_: Y_})


print("MomentumOptimizer(0.001, 0.9):")
momentum_loss = train_pku(tf.train.MomentumOptimizer(0.001, 0.9))
print("AdamOptimizer(0.001):")
adam_loss = train_pku(tf.train.AdamOptimizer(0.001))

# %% [markdown]
# TensorFlow 2.21 prints the same lines for both (Momentum: 5.13118, 0.384391, 0.383592,
# 0.383562, ...; Adam: 5.20999, 0.617026, 0.392288, ...).
#
# * **Momentum** keeps a running "velocity": each step adds 0.9 of the previous step to the
#   new gradient step. Steps in a consistent direction build up speed: by step 500 it is at
#   0.384, lower than plain gradient descent gets in all 3000 steps (0.388).
# * **Adam** scales each parameter's step by the size of its recent gradients, so every
#   parameter moves by about the learning rate, 0.001, per step — whatever its gradient.
#   That is why its first line is *higher* (5.21 instead of 5.13). Both start from a loss of
#   5.23; plain gradient descent's first step is `0.001 × gradient`, and here the gradients
#   are as large as 7, so it moves up to 7 times further at first. Adam is behind at step
#   500 and ahead from step 1000 on.
#
# Note that the loss is printed *after* the step of the same line has run: "After 0 training
# step(s)" is really after one step.
#
# ## 6. Looking inside one training step
#
# What does one `sess.run(train_step, ...)` compute? We run the first step again, on the
# first batch, with **tracing** on: the session records every op's output. `draw_graph`
# then writes each value into its node. We fetch the loss along with `train_step`, so that
# its value is computed too.

# %% [markdown] lang=zh
# TensorFlow 2.21 对两者打印的结果相同（Momentum：5.13118、0.384391、0.383592、0.383562……；
# Adam：5.20999、0.617026、0.392288……）。
#
# * **Momentum（动量）** 保留一个"速度"：每一步都在新的梯度步上叠加上一步的 0.9 倍。
#   方向一致的步子会越走越快：到第 500 步它已经降到 0.384，比普通梯度下降走完 3000 步（0.388）还低。
# * **Adam** 按每个参数最近梯度的大小来缩放它的步长，所以不管梯度多大，每个参数每步大约只移动学习率
#   那么多，也就是 0.001。这就是它第一行反而*更高*（5.21 而不是 5.13）的原因。两者都从 5.23 的损失出发；
#   普通梯度下降第一步走的是 `0.001 × 梯度`，而这里的梯度最大有 7，所以它一开始能多走到 7 倍远。
#   Adam 在第 500 步时落后，从第 1000 步起领先。
#
# 注意：每一行打印的损失，是在同一行的那一步*运行之后*才算的："After 0 training step(s)"
# 其实是训练了一步之后。
#
# ## 6. 看看一次训练内部发生了什么
#
# 一次 `sess.run(train_step, ...)` 到底计算了什么？我们在第一批数据上把第一步重新跑一遍，
# 并打开**跟踪**（tracing）：会话会记下每个运算的输出。然后 `draw_graph` 把每个值写进它的节点里。
# 我们把损失和 `train_step` 一起取回，这样损失的值也会被计算出来。

# %%
sess = tf.Session()
sess.run(tf.global_variables_initializer())
w1_start, w2_start = sess.run([w1, w2])

first_batch = {x: X[0:8], y_: Y_[0:8]}
run_metadata = tf.RunMetadata()
options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
_, batch_loss = sess.run([train_step, loss_mse], feed_dict=first_batch,
                         options=options, run_metadata=run_metadata)
print("loss on the first batch, before the step: %.4f" % batch_loss)
print("ops that ran:", len(run_metadata.executed_ops))

# %%
viz.draw_graph([train_step, loss_mse], trace=run_metadata, title="one training step, traced")

# %% [markdown]
# Read the top row left to right, then the purple band beneath it right to left.
#
# * **Forward** (white nodes, top row): `a` (TensorFlow's `MatMul`, 8 rows × 3 units), `y`
#   (`MatMul_1`), then `sub`, `Square` and `loss_mse` (`Mean`): the batch loss, 5.583. A
#   value of up to 4 × 4 numbers is shown whole (`w1`, 2 × 3, as its two rows); a bigger one
#   as its shape and its min / mean / max.
# * **Backward** (purple band): it starts on the right from `grad_ys`, the gradient of the
#   loss with respect to itself, 1, and flows back to the left. Each gradient op sits under
#   the op it differentiates, and its small name says which `..._grad` scope it is in: each
#   `..._grad` scope turns the gradient of an op's output into the gradients of its inputs.
#   `Mean_grad` spreads the 1 over the 8 rows (0.125 each); `Square_grad` multiplies by
#   `2 × (y - y_)`; `MatMul_1_grad` produces the
#   gradient for `w2` and the gradient for `a`; `MatMul_grad` turns the latter into the
#   gradient for `w1`.
# * **Update** (orange band, each under its variable): each `ApplyGradientDescent` writes
#   `w - 0.001 × gradient` into its Variable. The Variable nodes show the value before the step and, in purple, their
#   gradient.
#
# ### Backpropagation by hand
#
# The gradients in the picture are the chain rule, applied from the loss backwards. With
# `n = 8` rows, the loss is `mean((y - y_)²)`, so:
#
# * `d loss / d y = 2 (y - y_) / n`
# * `y = a · w2`, so `d loss / d w2 = aᵀ · (d loss / d y)` and `d loss / d a = (d loss / d y) · w2ᵀ`
# * `a = x · w1`, so `d loss / d w1 = xᵀ · (d loss / d a)`
#
# Five lines of numpy, checked against the gradients TensorFlow computed in the traced run:

# %% [markdown] lang=zh
# 先从左往右读上面一行，再从右往左读它下面的紫色带。
#
# * **前向**（白色节点，上面一行）：`a`（TensorFlow 叫它 `MatMul`，8 行 × 3 个单元），`y`（`MatMul_1`），
#   然后是 `sub`、`Square` 和 `loss_mse`（`Mean`）：这一批的损失，5.583。不超过 4 × 4 个数的值会完整显示
#   （`w1` 是 2 × 3，显示成两行）；更大的值只显示形状和最小值 / 平均值 / 最大值。
# * **反向**（紫色带）：从右边的 `grad_ys` 开始，也就是损失对它自己的梯度 1，然后往左流。每个梯度运算
#   都在它所求导的那个运算正下方，小字的名字说明它属于哪个 `..._grad` 命名空间：每个 `..._grad`
#   命名空间把一个运算输出的梯度变成它各个输入的梯度。`Mean_grad` 把 1 平均分给 8 行（每行 0.125）；
#   `Square_grad` 乘上 `2 × (y - y_)`；`MatMul_1_grad` 算出 `w2` 的梯度和 `a` 的梯度；
#   `MatMul_grad` 再把后者变成 `w1` 的梯度。
# * **更新**（橙色带，各在它的变量下方）：每个 `ApplyGradientDescent` 把 `w - 0.001 × 梯度` 写回它的变量。
#   变量节点显示的是这一步之前的值，紫色的是它们的梯度。
#
# ### 手算反向传播
#
# 图中的梯度就是从损失往回应用链式法则的结果。一批有 `n = 8` 行，损失是 `mean((y - y_)²)`，所以：
#
# * `d loss / d y = 2 (y - y_) / n`
# * `y = a · w2`，所以 `d loss / d w2 = aᵀ · (d loss / d y)`，`d loss / d a = (d loss / d y) · w2ᵀ`
# * `a = x · w1`，所以 `d loss / d w1 = xᵀ · (d loss / d a)`
#
# 五行 numpy 代码，和 TensorFlow 在跟踪运行中算出的梯度对一对：

# %%
x_batch = X[0:8].astype(np.float32)
y_batch = np.array(Y_[0:8], dtype=np.float32)

a_value = x_batch @ w1_start
y_value = a_value @ w2_start
d_y = 2 * (y_value - y_batch) / 8
grad_w2 = a_value.T @ d_y
grad_w1 = x_batch.T @ (d_y @ w2_start.T)

traced = run_metadata.values
tf_grad_w1 = traced["gradients/MatMul_grad/MatMul_1:0"]
tf_grad_w2 = traced["gradients/MatMul_1_grad/MatMul_1:0"]
print("gradient for w2, by hand:       ", "  ".join("%8.4f" % g for g in grad_w2.ravel()))
print("gradient for w2, by TensorFlow: ", "  ".join("%8.4f" % g for g in tf_grad_w2.ravel()))
print("gradient for w1 agrees:", np.allclose(grad_w1, tf_grad_w1, rtol=1e-5),
      "  largest difference below 1e-6:", bool(np.max(np.abs(grad_w1 - tf_grad_w1)) < 1e-6))

# %% [markdown]
# Drawn whole, the graph folds its `gradients` scope into one node; `viz.graph_explorer`
# lets you open it (pick `gradients` in the list) and hide or show the gradient ops:

# %% [markdown] lang=zh
# 整张图画出来时，`gradients` 命名空间被折叠成一个节点；`viz.graph_explorer` 让你把它展开
# （在列表里选 `gradients`），也可以隐藏或显示梯度运算：

# %% tags=["nbval-ignore-output"]
viz.graph_explorer(tf.get_default_graph())

# %% [markdown]
# ### The same step, one node at a time
#
# `viz.backprop_walkthrough` walks this first step through the graph with a **next**
# button: first the forward values, node by node; then the backward pass from
# `∂loss/∂loss_mse = 1` back to the weights, each op turning the gradient of its output
# (the "upstream" gradient) into the gradients of its inputs by the chain rule, with the
# formula and the numbers; last, the update `w -= learning_rate × ∂loss/∂w`. The numbers
# are computed by `course` on this graph, from the same starting weights.

# %% [markdown] lang=zh
# ### 同一步训练，一个节点一个节点地看
#
# `viz.backprop_walkthrough` 带着一个 **next**（下一步）按钮，把这第一步训练在计算图上走一遍：
# 先是前向传播，逐个节点给出数值；然后是反向传播，从 `∂loss/∂loss_mse = 1` 一直走回权重，
# 每个运算按链式法则把它输出的梯度（"上游"梯度）变成它各个输入的梯度，并给出公式和数字；
# 最后是更新 `w -= 学习率 × ∂loss/∂w`。这些数字都由 `course` 在这张计算图上、从同样的初始权重算出。

# %% tags=["nbval-ignore-output"]
viz.backprop_walkthrough(loss_mse, first_batch, learning_rate=0.001)

# %% [markdown]
# ### Fetching the loss does not train
#
# `sess.run` runs only the ops that the fetched tensors need. Fetching `loss_mse` needs the
# forward ops only; fetching `train_step` needs the gradients and the updates — and it does
# not even need `Mean`, the loss itself (the gradient of a mean does not use its value). In
# the two pictures below, the ops that run are solid and the rest faded.

# %% [markdown] lang=zh
# ### 取回损失并不会训练
#
# `sess.run` 只运行取回的张量所需要的运算。取回 `loss_mse` 只需要前向的运算；取回 `train_step`
# 需要梯度和更新——它甚至不需要 `Mean`，也就是损失本身（平均值的梯度用不到它的值）。
# 下面两张图里，会运行的运算画成实线，其余的变淡。

# %%
viz.draw_graph([train_step, loss_mse], highlight=loss_mse, title="sess.run(loss_mse)")

# %%
viz.draw_graph([train_step, loss_mse], highlight=train_step, title="sess.run(train_step)")

# %% [markdown]
# The same fact in numbers: fetch the loss five times and `w2` does not move; run
# `train_step` once and it does.

# %% [markdown] lang=zh
# 用数字说明同一件事：把损失取回五次，`w2` 纹丝不动；运行一次 `train_step`，它就变了。

# %%
before = sess.run(w2)
for _ in range(5):
    sess.run(loss_mse, feed_dict=first_batch)
print("after fetching loss_mse 5 times, w2 changed:", not np.array_equal(before, sess.run(w2)))
sess.run(train_step, feed_dict=first_batch)
print("after running train_step once,   w2 changed:", not np.array_equal(before, sess.run(w2)))
sess.close()

# %% [markdown]
# ### Try it: watch the whole training
#
# Hooks are objects that the session calls before and after every run (`tf.train` hooks
# come back in lesson 04). `viz.HookedSession` wraps a plain session so that hooks work with
# the article's loop. Here one hook redraws the traced graph every 500 steps, and another
# plots the loss on the batch of every 10th step. Both pictures are redrawn in place while
# the loop runs.

# %% [markdown] lang=zh
# ### 动手试试：看完整个训练过程
#
# 钩子（hook）是会话在每次运行前后都会调用的对象（`tf.train` 的钩子在第 04 课还会出现）。
# `viz.HookedSession` 包装一个普通会话，让钩子也能配合文章的循环使用。这里一个钩子每 500 步重画一次
# 跟踪的计算图，另一个每 10 步画一次当前批上的损失。循环运行时，两张图都会原地刷新。

# %% tags=["nbval-ignore-output"]
diagram_hook = viz.GraphDiagramHook([train_step, loss_mse], every_n_steps=500)
curve_hook = viz.LossCurveHook({"batch loss": loss_mse}, every_n_steps=10)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    hooked = viz.HookedSession(sess, [diagram_hook, curve_hook])
    for i in range(3000):
        start = (i * BATCH_SIZE) % 32
        hooked.run(train_step, feed_dict={x: X[start:start + BATCH_SIZE], y_: Y_[start:start + BATCH_SIZE]})
    hooked.close()

# %%
steps, losses = curve_hook.history["batch loss"]
print("the curve has %d points, from step %d to step %d" % (len(steps), steps[0], steps[-1]))
print("batch loss at step 0: %.4f, at step %d: %.4f" % (losses[0], steps[-1], losses[-1]))

# %% [markdown]
# The 3,000 steps ran in about a second: too fast to see anything move. The hooks kept
# what they drew, so `viz.training_replay` plays it back at a speed you can follow: press
# play (or drag the frame slider) and watch the loss curve grow, with the traced graph of
# the latest drawing below it, its values changing every 500 steps.

# %% [markdown] lang=zh
# 这 3000 步大约一秒就跑完了：快得什么也看不清。钩子把它们画过的东西都留了下来，
# 所以 `viz.training_replay` 可以用你看得清的速度重放：按下播放（或拖动帧滑块），
# 看损失曲线一点点变长，下面是最近一次画出的跟踪计算图，它的数值每 500 步变一次。

# %% tags=["nbval-ignore-output"]
viz.training_replay(curve_hook, diagram_hook)

# %% [markdown]
# ### Try it: the Playground
#
# What has the network learned? The Playground trains this very graph (`loss_mse`, with
# `x`, `y_`, `y` and `a`) and colours the input plane by the output `y`: green where it
# says "good", red where it says "bad", with a black line where `y = 0.5`, the decision
# boundary. The dashed line is the truth, `x0 + x1 = 1`. The big dots are the 32 parts it
# trains on, the small ones 200 more parts it never sees (the test set). On the right, each
# of the 3 hidden units over the same plane, with the line where it changes sign, and the
# accuracy on both sets. Press play, change the learning rate, add L1 or L2
# regularization. (It trains in its own session: your `w1` and `w2` do not change.)
#
# This network has no activation function, so its boundary can only be a straight line.
# `viz.playground(activation="tanh")` builds the same 2-3-1 network with a tanh hidden
# layer, and a menu to switch activations: watch the boundary bend.

# %% [markdown] lang=zh
# ### 动手试试：Playground（游乐场）
#
# 网络到底学到了什么？Playground 训练的就是这张计算图（`loss_mse`，以及 `x`、`y_`、`y` 和 `a`），
# 并按输出 `y` 给输入平面着色：绿色表示它判为"合格"，红色表示"不合格"，黑线是 `y = 0.5` 的地方，
# 也就是决策边界。虚线是真实的分界线 `x0 + x1 = 1`。大点是训练用的 32 个零件，小点是它从没见过的
# 另外 200 个零件（测试集）。右边是 3 个隐藏单元各自在同一平面上的取值，黑线是它变号的地方，
# 还有训练集和测试集上的准确率。按下播放，改改学习率，加上 L1 或 L2 正则化。
# （它在自己的会话里训练：你的 `w1` 和 `w2` 不会变。）
#
# 这个网络没有激活函数，所以它的决策边界只能是一条直线。`viz.playground(activation="tanh")`
# 搭建同样的 2-3-1 网络，但隐藏层用 tanh 激活，还有一个菜单可以切换激活函数：看边界怎样弯曲。

# %% tags=["nbval-ignore-output"]
viz.playground(loss=loss_mse, x=x, y_=y_, output=y, hidden=a)

# %% [markdown]
# ### Try it: the learning rate
#
# The learning rate is the size of each step. Too small and training crawls; too large and
# every step overshoots, until the loss explodes (the curve ends on a cross: "diverged").
# The widget below trains this very network (the preset `"pku"`: same data, same seeded
# weights, same batches of 8) every time you move the slider, and plots the loss, averaged
# over each pass through the 4 batches. Try 0.0001, 0.01, 0.1 and 0.5; pick other
# optimizers; use **pin** to keep a curve for comparison.
#
# (Your own model works too: `viz.lr_experiment(model_fn)`, where `model_fn` builds the graph
# and returns its loss — see `help(viz.lr_experiment)`.)

# %% [markdown] lang=zh
# ### 动手试试：学习率
#
# 学习率就是每一步的步长。太小，训练慢得像爬；太大，每一步都冲过头，直到损失爆炸
# （曲线以一个叉结束，标着"发散"）。下面的控件每当你拖动滑块，就把这个网络重新训练一遍
# （预设 `"pku"`：同样的数据、同样带种子的权重、同样每批 8 个样本），并画出损失——
# 每走完一遍 4 个批次取一次平均。试试 0.0001、0.01、0.1 和 0.5；换换别的优化器；
# 用**固定**按钮留下一条曲线来比较。
#
# （你自己的模型也可以：`viz.lr_experiment(model_fn)`，其中 `model_fn` 搭建计算图并返回损失——
# 见 `help(viz.lr_experiment)`。）

# %% tags=["nbval-ignore-output"]
viz.lr_experiment(preset="pku")

# %% [markdown]
# ### Every learning rate at once
#
# The slider trains one learning rate at a time. `course.sweep` trains many in ONE
# computation: it runs your graph with a leading axis of K copies on every variable, one
# copy per learning rate, so each op of a step runs once for all K trainings (the data fed
# is shared by the copies). Your `train_step` was built with
# `GradientDescentOptimizer(0.001)`; `sweep.learning_rates` finds that 0.001 and trains 32
# copies with 32 other rates instead, 3000 steps each, the article's batches:

# %% [markdown] lang=zh
# ### 一次看遍所有学习率
#
# 滑块一次只训练一个学习率。`course.sweep` 在**一次**计算里训练许多个：它给你的计算图里每个变量
# 加上一个长度为 K 的前导轴，每个学习率一份副本，这样一步里的每个运算只运行一次，就同时完成了
# K 个训练（喂入的数据由各副本共用）。你的 `train_step` 是用 `GradientDescentOptimizer(0.001)`
# 搭建的；`sweep.learning_rates` 会找到这个 0.001，换成 32 个别的学习率，训练 32 份副本，
# 每份 3000 步，批次与文章相同：

# %%
from course import sweep


def batch(i):
    start = (i * BATCH_SIZE) % 32
    return {x: X[start:start + BATCH_SIZE], y_: Y_[start:start + BATCH_SIZE]}


rates = np.geomspace(1e-5, 1.0, 32)
curves = sweep.learning_rates(train_step, loss_mse, rates, 3000, feed_dict=batch)
print("curves:", curves.shape, "(one row of 3000 batch losses per learning rate)")
print("the rate %s is swept: %s" % (sweep.learning_rate_of(train_step).name,
                                    sweep.learning_rate_of(train_step).op.type))

# %% [markdown]
# Is each row really the training you would get from an ordinary session at that rate? A
# fed tensor is never computed, so feeding the optimizer's learning-rate constant trains
# `train_step` at another rate in a plain `tf.Session`. Two rates, checked bit for bit:

# %% [markdown] lang=zh
# 每一行真的就是普通会话用那个学习率训练出来的结果吗？被喂入的张量不会再被计算，
# 所以给优化器的学习率常量喂一个值，就能在普通的 `tf.Session` 里用别的学习率训练 `train_step`。
# 挑两个学习率，逐位比较：

# %%
rate_tensor = sweep.learning_rate_of(train_step)
for k in (8, 24):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        alone = [sess.run([train_step, loss_mse], {**batch(i), rate_tensor: rates[k]})[1]
                 for i in range(3000)]
    print("learning rate %.3g: the same 3000 losses, bit for bit: %s"
          % (rates[k], np.array_equal(np.array(alone, np.float32), curves[k])))

# %% [markdown]
# All 32 trainings in one picture: each row of the heat map is one learning rate's loss
# curve (dark = low loss, grey = diverged), and the right panel is the loss each rate ends
# with. The dashed line is the article's 0.001. Small rates crawl, rates near 0.5 explode,
# and the best ones lie a little below the edge. (`viz.learning_rate_sweep(preset="pku")`
# trains the preset of the slider above, which is this network; on this course's 2-core
# machine the 32 trainings take about as long as 2 done one by one:
# `benchmarks/bench_lr_sweep.py`.)

# %% [markdown] lang=zh
# 32 个训练画在一张图里：热图的每一行是一个学习率的损失曲线（越暗损失越低，灰色表示发散），
# 右边是每个学习率最后的损失。虚线是文章用的 0.001。学习率太小，训练慢得像爬；接近 0.5 就爆炸了；
# 最好的学习率就在爆炸边缘稍下方。（`viz.learning_rate_sweep(preset="pku")` 训练的是上面滑块的预设，
# 也就是这个网络；在本课程的双核机器上，这 32 个训练一共只花了逐个训练 2 个的时间：
# 见 `benchmarks/bench_lr_sweep.py`。）

# %%
viz.learning_rate_sweep(preset="pku")

# %% [markdown]
# ## Summary: the recipe
#
# Every TF1 training program in this course has the article's four parts:
#
# 1. **Prepare the data**: arrays of features `X` and labels `Y_`.
# 2. **Build the forward graph**: placeholders for the inputs (`x`, `y_`), Variables for the
#    parameters (`w1`, `w2`), ops from inputs to output (`a`, `y`). Nothing runs yet.
# 3. **Loss and backpropagation**: `loss = tf.reduce_mean(tf.square(y - y_))`,
#    `train_step = tf.train.GradientDescentOptimizer(learning_rate).minimize(loss)`.
#    `minimize` adds the gradient ops (backpropagation) and the update ops.
# 4. **The session loop**: `sess.run(tf.global_variables_initializer())`, then
#    `sess.run(train_step, feed_dict={...})` once per batch; now and then fetch the loss to
#    see progress.
#
# ## Exercises
#
# Run the next cell first: it defines the checks. Each says whether your answer is right,
# never what it is, and gives a hint from your second wrong try on.

# %% [markdown] lang=zh
# ## 小结：一份配方
#
# 本课程里的每个 TF1 训练程序都有文章中的这四个部分：
#
# 1. **准备数据**：特征数组 `X` 和标签数组 `Y_`。
# 2. **搭建前向计算图**：输入用占位符（`x`、`y_`），参数用变量（`w1`、`w2`），
#    再用运算从输入连到输出（`a`、`y`）。这时什么都还没运行。
# 3. **损失函数和反向传播**：`loss = tf.reduce_mean(tf.square(y - y_))`，
#    `train_step = tf.train.GradientDescentOptimizer(learning_rate).minimize(loss)`。
#    `minimize` 往图里加入梯度运算（反向传播）和更新运算。
# 4. **会话循环**：`sess.run(tf.global_variables_initializer())`，然后每一批运行一次
#    `sess.run(train_step, feed_dict={...})`；隔一阵取回损失，看看训练进展如何。
#
# ## 练习
#
# 先运行下一个单元格：它定义了检查。检查只告诉你答得对不对，从不说出答案；从你第二次答错起，它会给出提示。

# %%
from course.exercise import Exercise, fingerprint

rate_exercise = Exercise("Larger rates take larger steps: try 0.005, 0.01, 0.02, ... and watch "
                         "the loss (the slider above shows the curves).")
w2_exercise = Exercise("One step of gradient descent is: new value = old value - learning rate "
                       "* gradient. Use w2_start and grad_w2.",
                       not_answered="Not answered yet: replace None with your numpy expression "
                                    "and run the cell again.")
train_exercise = Exercise("Look again at the two highlighted diagrams: which fetches need the "
                          "update ops?",
                          not_answered="Not answered yet: replace None with a set of letters, "
                                       "e.g. {'a'}.")


def check_learning_rate(learning_rate):
    if learning_rate is None:
        rate_exercise.check(answered=False, correct=False)
        return
    with np.errstate(all="ignore"):
        final = train_pku(tf.train.GradientDescentOptimizer(learning_rate), report=False)
    if not np.isfinite(final):
        print("The loss became %s: with learning rate %g every step overshoots and training "
              "diverges. That answers the second part; for the first, try a smaller rate."
              % (final, learning_rate))
        return
    rate_exercise.check(
        answered=True, correct=final < 0.385,
        feedback="With learning rate %g the loss after 3000 steps is %.4f, not below 0.385."
                 % (learning_rate, final),
        solved="With learning rate %g the loss after 3000 steps is %.4f." % (learning_rate, final))


def check_updated_w2(new_w2):
    expected = None
    if new_w2 is not None:
        with tf.Graph().as_default():
            x, y_, loss_mse = pku_network()
            train_step = tf.train.GradientDescentOptimizer(0.001).minimize(loss_mse)
            w2_variable = tf.trainable_variables()[1]
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                sess.run(train_step, feed_dict={x: X[0:8], y_: Y_[0:8]})
                expected = sess.run(w2_variable)
    w2_exercise.check(answered=new_w2 is not None,
                      correct=new_w2 is not None and np.shape(new_w2) == np.shape(expected)
                      and np.allclose(new_w2, expected, atol=1e-6))


def check_which_train(answer):
    train_exercise.check(
        answered=answer is not None,
        correct=answer is not None and fingerprint(sorted(set(answer))) == "70a6eac79cdbc195",
        solved="A run updates the weights exactly when train_step is among its fetches.")

# %% [markdown]
# **Exercise 1.** Find a learning rate for which plain gradient descent gets the loss on all
# data below 0.385 after 3000 steps (the article's 0.001 gets 0.3883). The check trains the
# network with your rate. Then find one so large that the loss becomes `nan`.

# %% [markdown] lang=zh
# **练习 1.** 找一个学习率，让普通梯度下降训练 3000 步后，全部数据上的损失低于 0.385
# （文章的 0.001 得到 0.3883）。检查会用你的学习率训练这个网络。然后再找一个大到让损失变成 `nan` 的学习率。

# %%
my_learning_rate = None    # <- a learning rate, e.g. 0.002
check_learning_rate(my_learning_rate)

# %% [markdown]
# **Exercise 2.** Using `w2_start` and `grad_w2` from section 6 (the starting value of `w2`
# and its gradient on the first batch), compute by hand the value of `w2` after the first
# training step with learning rate 0.001.

# %% [markdown] lang=zh
# **练习 2.** 用第 6 节里的 `w2_start` 和 `grad_w2`（`w2` 的初始值和它在第一批上的梯度），
# 手算学习率为 0.001 时第一步训练之后 `w2` 的值。

# %%
new_w2 = None    # <- your numpy expression
check_updated_w2(new_w2)

# %% [markdown]
# **Exercise 3.** Which of these runs change the weights? Answer with a set of letters.
#
# * (a) `sess.run(loss_mse, feed_dict=feed)`
# * (b) `sess.run(train_step, feed_dict=feed)`
# * (c) `sess.run(w1)`
# * (d) `sess.run([train_step, loss_mse], feed_dict=feed)`

# %% [markdown] lang=zh
# **练习 3.** 下面哪几次运行会改变权重？用字母组成的集合作答。
#
# * (a) `sess.run(loss_mse, feed_dict=feed)`
# * (b) `sess.run(train_step, feed_dict=feed)`
# * (c) `sess.run(w1)`
# * (d) `sess.run([train_step, loss_mse], feed_dict=feed)`

# %%
my_answer = None    # <- e.g. {"a", "c"}
check_which_train(my_answer)
