# %% [markdown]
# # Losses and optimizers
#
# This lesson follows the article **"tensorflow:损失函数和优化器"** ("TensorFlow: loss
# functions and optimizers"). The article is a list of short facts about losses, optimizers,
# `Session.run`, Variables, `tf.reduce_sum`, `tf.nn.l2_loss` and two ways to add L2
# regularization to a loss. We run each of its examples with `course` — same code, same
# numbers — and then look inside with pictures and widgets.
#
# What you will learn:
#
# 1. a loss is just a tensor in the graph, and `minimize` adds the training part of the graph;
# 2. what `sess.run` gives back for an operation and for a tensor;
# 3. why a Variable needs an initial value *and* the initializer;
# 4. how `tf.reduce_sum` and `tf.reduce_mean` reduce along an axis;
# 5. what `tf.nn.l2_loss` computes, and how L2 regularization (weight decay) fights over-fitting.

# %% [markdown] lang=zh
# # 损失函数和优化器
#
# 这一课跟着文章 **《tensorflow:损失函数和优化器》** 来学。这篇文章列了一串简短的要点：损失函数、优化器、
# `Session.run`、变量、`tf.reduce_sum`、`tf.nn.l2_loss`，以及给损失加上 L2 正则化的两种写法。
# 我们用 `course` 把它的每个例子都跑一遍——代码一样，数字也一样——再用图和控件看看里面发生了什么。
#
# 你将学到：
#
# 1. 损失函数不过是计算图里的一个张量，而 `minimize` 往图里加上了负责训练的那一部分；
# 2. 把一个运算和把一个张量交给 `sess.run`，分别得到什么；
# 3. 为什么变量既需要初始值，*又*需要运行初始化；
# 4. `tf.reduce_sum` 和 `tf.reduce_mean` 怎样沿着某个轴归约；
# 5. `tf.nn.l2_loss` 算的是什么，L2 正则化（权重衰减）又是怎样对付过拟合的。

# %%
%matplotlib inline
import numpy as np
import course as tf
import course.viz as viz

# %% [markdown]
# ## 1. A loss is a tensor in the graph
#
# The article's first point: a loss function is a **tensor**, computed from other tensors by
# operations in the graph. Nothing special marks it as "the loss" — it is the tensor we later
# hand to an optimizer.
#
# To see this, we fit a line `y = w * x + b` to three points. The loss is the mean squared
# error. We put the model in a function, because we will build it more than once.

# %% [markdown] lang=zh
# ## 1. 损失函数是计算图里的一个张量
#
# 文章的第一点：损失函数是一个**张量**，由图中的运算从其他张量算出来。没有什么特别的标记说明它是"损失"——
# 它只是我们随后交给优化器的那个张量。
#
# 为了看清这一点，我们用直线 `y = w * x + b` 去拟合三个点，损失用均方误差。我们把模型写成一个函数，
# 因为后面还要不止一次地搭建它。

# %%
def build_line_model():
    """A line y = w * x + b and its mean squared error, in the default graph."""
    x = tf.placeholder(tf.float32, [None], name="x")
    y_ = tf.placeholder(tf.float32, [None], name="y_")   # the correct answers
    w = tf.Variable(0.0, name="w")
    b = tf.Variable(0.0, name="b")
    y = w * x + b
    loss = tf.reduce_mean(tf.square(y - y_), name="loss")
    return x, y_, w, b, loss


points = {"x": [1.0, 2.0, 3.0], "y_": [3.0, 5.0, 7.0]}   # on the line y = 2x + 1

tf.reset_default_graph()
x, y_, w, b, loss = build_line_model()
feed = {x: points["x"], y_: points["y_"]}
print(loss)

# %% [markdown]
# `loss` is a symbolic tensor: a name, a shape `()` (a scalar) and a dtype, but no value
# yet. This is the whole graph so far — the loss at the bottom, computed from the two
# placeholders and the two Variables:

# %% [markdown] lang=zh
# `loss` 是一个符号张量：有名字、形状 `()`（标量）和数据类型，但还没有值。到目前为止整张计算图就是这样——
# 损失在最下面，由两个占位符和两个变量算出来：

# %%
viz.draw_graph(tf.get_default_graph(), title="before minimize")

# %% [markdown]
# ## 2. `minimize` = `compute_gradients` + `apply_gradients`
#
# The loss is handed to an optimizer's `minimize` method. The article's second and third
# points: `minimize` does two things, and it returns an **operation**, usually called
# `train_step`:
#
# * `compute_gradients(loss)` adds ops that compute the gradient of the loss with respect to
#   every trainable Variable (the `gradients` name scope);
# * `apply_gradients(...)` adds ops that update each Variable with its gradient
#   (for gradient descent, `w <- w - learning_rate * gradient`), grouped into one operation.
#
# Let us count what `minimize` adds to the graph.

# %% [markdown] lang=zh
# ## 2. `minimize` = `compute_gradients` + `apply_gradients`
#
# 损失被交给优化器的 `minimize` 方法。文章的第二、三点：`minimize` 做两件事，并返回一个**运算**，
# 通常叫作 `train_step`：
#
# * `compute_gradients(loss)` 加入计算损失对每个可训练变量的梯度的运算（放在 `gradients` 命名空间里）；
# * `apply_gradients(...)` 加入用梯度更新每个变量的运算（对梯度下降来说就是
#   `w <- w - learning_rate * gradient`），并把它们合成一个运算。
#
# 我们来数一数 `minimize` 往图里加了多少东西。

# %%
graph = tf.get_default_graph()
ops_before = len(graph.get_operations())
train_step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
new_ops = graph.get_operations()[ops_before:]

print("ops before minimize:", ops_before)
print("ops added by minimize:", len(new_ops))
for scope in ("gradients", "GradientDescent"):
    print("  %-16s %2d ops" % (scope + "/", sum(op.name.startswith(scope) for op in new_ops)))
print("train_step is an operation:", train_step.name, "of type", train_step.type)

# %% [markdown]
# The same graph drawn again. Purple: the gradient ops (folded into one box, because there
# are many; `expand=["gradients"]` opens it). Orange: the update ops, which *write* the
# Variables (orange arrows). `train_step` is the `GradientDescent` operation at the bottom:
# it does nothing itself, but it depends on both updates.

# %% [markdown] lang=zh
# 再画一次同一张图。紫色：梯度运算（因为太多，折叠成了一个框；`expand=["gradients"]` 可以把它展开）。
# 橙色：更新运算，它们会*写入*变量（橙色箭头）。`train_step` 就是最下面的 `GradientDescent` 运算：
# 它自己什么也不做，但依赖于两个更新。

# %%
viz.draw_graph(graph, title="after minimize")

# %% [markdown]
# `draw_graph(graph, show_gradients=False)` hides everything `minimize` added, so it gives
# back the first picture.
#
# Now the two halves by hand. We build the model again in a fresh graph and call
# `compute_gradients` and `apply_gradients` ourselves. `compute_gradients` returns a list of
# `(gradient, variable)` pairs; between the two calls you could change the gradients (clip
# them, for example) — that is why the two halves exist.

# %% [markdown] lang=zh
# `draw_graph(graph, show_gradients=False)` 把 `minimize` 加进来的东西全部隐藏，于是又回到第一张图。
#
# 现在亲手做这两半。我们在一张新图里重新搭建模型，自己调用 `compute_gradients` 和 `apply_gradients`。
# `compute_gradients` 返回一个 `(梯度, 变量)` 对组成的列表；在两次调用之间你可以修改梯度
# （比如做梯度裁剪）——这正是把它拆成两半的原因。

# %%
def one_step(split):
    """Build the line model in a new graph, run one training step, return w and b."""
    with tf.Graph().as_default():
        x, y_, w, b, loss = build_line_model()
        optimizer = tf.train.GradientDescentOptimizer(0.1)
        if split:
            grads_and_vars = optimizer.compute_gradients(loss)
            for grad, var in grads_and_vars:
                print("  gradient %-34s for %s" % (grad.name, var.name))
            step = optimizer.apply_gradients(grads_and_vars)
        else:
            step = optimizer.minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(step, feed_dict={x: points["x"], y_: points["y_"]})
            return sess.run([w, b])


print("compute_gradients + apply_gradients:")
w_split, b_split = one_step(split=True)
w_min, b_min = one_step(split=False)
print("after one step, split:    w = %.4f, b = %.4f" % (w_split, b_split))
print("after one step, minimize: w = %.4f, b = %.4f" % (w_min, b_min))

# %% [markdown]
# Same numbers: `minimize` is exactly the two calls in a row.
#
# ## 3. What `sess.run` gives back
#
# The article's fourth point: if you pass `sess.run` an **operation**, it returns `None`; if
# you pass a **tensor**, it returns its value as a numpy array (a numpy scalar for a scalar
# tensor). So `sess.run(train_step, feed_dict)` trains, and gives nothing back.
#
# First, the article's fifth point: a Variable lives in the session, and a new session has
# no value for it until the initializer runs. Here is the error you get if you forget:

# %% [markdown] lang=zh
# 数字一样：`minimize` 就是连续做这两次调用。
#
# ## 3. `sess.run` 返回什么
#
# 文章的第四点：如果你交给 `sess.run` 的是一个**运算**，它返回 `None`；如果是一个**张量**，它返回张量的值，
# 是一个 numpy 数组（标量张量则是 numpy 标量）。所以 `sess.run(train_step, feed_dict)` 会训练，但什么也不返回。
#
# 先看文章的第五点：变量存在于会话之中，新会话里的变量在运行初始化之前没有值。忘了初始化，就会得到这个错误：

# %%
with tf.Session() as sess:
    try:
        sess.run(w)
    except tf.errors.FailedPreconditionError as error:
        print("FailedPreconditionError:", error.message.splitlines()[0])

# %% [markdown]
# `tf.global_variables_initializer()` is an operation that assigns every Variable its initial
# value *in this session*. That is also why a Variable must be given an initial value when it
# is created:

# %% [markdown] lang=zh
# `tf.global_variables_initializer()` 是一个运算，它*在当前会话里*给每个变量赋上初始值。
# 这也是创建变量时必须给出初始值的原因：

# %%
try:
    tf.Variable()
except ValueError as error:
    print("ValueError:", error)

# %% [markdown]
# Now with the initializer. We fetch an operation, a vector tensor, a scalar tensor, and a
# list mixing both:

# %% [markdown] lang=zh
# 现在加上初始化。我们分别取回一个运算、一个向量张量、一个标量张量，以及一个混合两者的列表：

# %%
sess = tf.Session()
sess.run(tf.global_variables_initializer())

result = sess.run(train_step, feed_dict=feed)
print("sess.run(train_step) ->", result)

predictions = sess.run(w * x + b, feed_dict=feed)
print("sess.run(w * x + b)  ->", type(predictions).__name__, predictions.dtype, predictions.shape,
      "values", ", ".join("%.2f" % p for p in predictions))

value = sess.run(loss, feed_dict=feed)
print("sess.run(loss)       ->", type(value).__name__, "%.4f" % value)

nothing, value = sess.run([train_step, loss], feed_dict=feed)
print("sess.run([train_step, loss]) -> [%s, %.4f]" % (nothing, value))

# %% [markdown]
# The last line is how training loops usually look: one `sess.run` trains *and* fetches the
# loss. (The loss is computed before the update in that same run.)
#
# Each session keeps its own copy of the Variables. Training in `sess` did not touch a
# second session:

# %% [markdown] lang=zh
# 最后一行就是训练循环通常的写法：一次 `sess.run` 既训练、*又*取回损失。（在同一次运行里，损失是在更新之前算的。）
#
# 每个会话都保存着自己的一份变量。在 `sess` 里训练，不会影响另一个会话：

# %%
with tf.Session() as other:
    other.run(tf.global_variables_initializer())
    print("w in sess:  %.4f" % sess.run(w))
    print("w in other: %.4f" % other.run(w))
sess.close()

# %% [markdown]
# ## 4. `tf.reduce_sum` and `tf.reduce_mean`
#
# `tf.reduce_sum(x, axis)` adds up the elements of `x` along an axis, and that axis
# disappears from the result. The article's example sums a 2 × 3 matrix of ones four ways:
# with `axis` 0 and 1, and with the older keyword `reduction_indices` (TF1 accepts both).

# %% [markdown] lang=zh
# ## 4. `tf.reduce_sum` 和 `tf.reduce_mean`
#
# `tf.reduce_sum(x, axis)` 沿着一个轴把 `x` 的元素加起来，结果里这个轴就消失了。文章的例子用四种写法
# 对一个全是 1 的 2 × 3 矩阵求和：`axis` 取 0 和 1，再用旧的关键字 `reduction_indices` 各写一遍（TF1 两者都接受）。

# %%
tf.reset_default_graph()
x = tf.constant([[1, 1, 1], [1, 1, 1]])
with tf.Session() as sess:
    first = sess.run(tf.reduce_sum(x, 0))
    second = sess.run(tf.reduce_sum(x, 1))
    third = sess.run(tf.reduce_sum(x, reduction_indices=[0]))
    fourth = sess.run(tf.reduce_sum(x, reduction_indices=[1]))
    everything = sess.run(tf.reduce_sum(x))

print("tf.reduce_sum(x, 0)                     ->", first)
print("tf.reduce_sum(x, 1)                     ->", second)
print("tf.reduce_sum(x, reduction_indices=[0]) ->", third)
print("tf.reduce_sum(x, reduction_indices=[1]) ->", fourth)
print("tf.reduce_sum(x)                        ->", everything)
print("1st == 3rd:", np.array_equal(first, third), "  2nd == 4th:", np.array_equal(second, fourth))

# %% [markdown]
# As the article says, the first output equals the third and the second equals the fourth.
# With no axis, every element is added.
#
# Which way is "axis 0"? The pictures answer it. Axis 0 runs **down** the rows: summing over
# it adds each column, giving one number per column (3 of them). Axis 1 runs **across**:
# summing over it adds each row (2 numbers). Cells of the same colour flow into the result
# cell of that colour.

# %% [markdown] lang=zh
# 正如文章所说，第一个输出等于第三个，第二个等于第四个。不指定轴时，所有元素都加在一起。
#
# 哪个方向是"第 0 轴"？图会告诉你。第 0 轴沿着行**往下**走：对它求和就是把每一列加起来，每列得到一个数
# （共 3 个）。第 1 轴**横着**走：对它求和就是把每一行加起来（2 个数）。同一种颜色的格子流入结果中同色的格子。

# %%
from IPython.display import display

display(viz.reduce_axes([[1, 1, 1], [1, 1, 1]], axis=0),
        viz.reduce_axes([[1, 1, 1], [1, 1, 1]], reduction_indices=[1]))

# %% [markdown]
# `tf.reduce_mean` works the same way but averages. One trap: on an **integer** tensor the
# mean is an integer too (rounded toward zero), so use floats when you want 2.5:

# %% [markdown] lang=zh
# `tf.reduce_mean` 的用法一样，只是求平均。有一个陷阱：对**整数**张量求平均，结果也是整数（向 0 取整），
# 所以想得到 2.5 就要用浮点数：

# %%
with tf.Session() as sess:
    int_mean = sess.run(tf.reduce_mean(tf.constant([[1, 2], [4, 4]]), 0))
    float_mean = sess.run(tf.reduce_mean(tf.constant([[1., 2.], [4., 4.]]), 0))
print("reduce_mean of ints,   axis 0:", int_mean.dtype, int_mean)
print("reduce_mean of floats, axis 0:", float_mean.dtype, ", ".join("%.1f" % m for m in float_mean))

# %% [markdown]
# ### Try it: the reduce explorer
#
# Pick the operation, the axis (negative axes count from the end) and `keepdims` (keep the
# reduced axis with size 1), and watch which cells flow where.

# %% [markdown] lang=zh
# ### 动手试试：归约浏览器
#
# 选择运算、轴（负数的轴从末尾数起）和 `keepdims`（把被归约的轴保留为长度 1），看看哪些格子流向了哪里。

# %% tags=["nbval-ignore-output"]
viz.reduce_explorer([[1, 2, 3], [4, 5, 6]])

# %% [markdown]
# ## 5. `tf.nn.l2_loss`
#
# `tf.nn.l2_loss(t)` is half the sum of the squares of all elements of `t`:
# `sum(t ** 2) / 2`. It is mostly used as a **penalty** added to a loss, so that large
# weights cost something. The article's first example: for `[1, 2, 3]` it is
# `(1 + 4 + 9) / 2 = 7.0`.

# %% [markdown] lang=zh
# ## 5. `tf.nn.l2_loss`
#
# `tf.nn.l2_loss(t)` 是 `t` 所有元素平方和的一半：`sum(t ** 2) / 2`。它主要用作加在损失上的**惩罚项**，
# 让大的权重付出代价。文章的第一个例子：对 `[1, 2, 3]`，结果是 `(1 + 4 + 9) / 2 = 7.0`。

# %%
sess = tf.InteractiveSession()   # makes itself the default: .eval() can be used without a session
print(tf.nn.l2_loss(tf.constant([1.0, 2.0, 3.0])).eval())

# %% [markdown]
# The article's second example compares `tf.nn.l2_loss` with
# `tf.contrib.layers.l2_regularizer(scale)`, which returns a *function* computing
# `scale * l2_loss(weights)`. With `scale=1.` both give
# `(1 + 4 + 9 + 16 + 25 + 36) / 2 = 45.5`:

# %% [markdown] lang=zh
# 文章的第二个例子比较了 `tf.nn.l2_loss` 和 `tf.contrib.layers.l2_regularizer(scale)`，后者返回一个*函数*，
# 计算 `scale * l2_loss(weights)`。当 `scale=1.` 时，两者都得到 `(1 + 4 + 9 + 16 + 25 + 36) / 2 = 45.5`：

# %%
weights = tf.constant([[1, 2, 3], [4, 5, 6]], dtype=tf.float32)
print(tf.nn.l2_loss(weights).eval())
print(tf.contrib.layers.l2_regularizer(1.)(weights).eval())

# %% [markdown]
# A small slip in the article: it prints `tf.nn.l2_loss(weights).eval()()`, with one pair of
# parentheses too many. `.eval()` already returns the value, a number, and a number cannot
# be called:

# %% [markdown] lang=zh
# 文章里有个小笔误：它打印的是 `tf.nn.l2_loss(weights).eval()()`，多了一对括号。`.eval()` 已经返回了值，
# 也就是一个数，而数是不能被调用的：

# %%
try:
    tf.nn.l2_loss(weights).eval()()
except TypeError as error:
    print("TypeError:", error)
sess.close()

# %% [markdown]
# ## 6. L2 regularization, two ways
#
# Regularization adds a penalty for large weights to the loss. A model with large weights can
# bend itself around every training point, noise included (**over-fitting**); the penalty
# pushes it toward smaller weights and a smoother fit. The article shows two ways to add an
# L2 penalty.
#
# ### (a) Loop over the trainable variables
#
# Sum `tf.nn.l2_loss` over every trainable variable, multiply by a small `weight_decay`, and
# add the result to the base loss. We try it on a small classifier: two inputs, a hidden
# layer of 64 units, two classes. It learns from only 20 points, and 3 of their labels are
# wrong (noise, as real data has). 400 more points with their true labels test what it
# learned.

# %% [markdown] lang=zh
# ## 6. L2 正则化的两种写法
#
# 正则化就是在损失上加一个惩罚大权重的项。权重很大的模型可以把自己弯来弯去，贴合每一个训练点，
# 连噪声也不放过（**过拟合**）；惩罚项把它推向更小的权重、更平滑的拟合。文章给出了加 L2 惩罚的两种写法。
#
# ### (a) 遍历所有可训练变量
#
# 对每个可训练变量求 `tf.nn.l2_loss` 再相加，乘上一个小的 `weight_decay`，加到基础损失上。
# 我们在一个小分类器上试试：两个输入，一个 64 单元的隐藏层，两个类别。它只从 20 个点学习，
# 其中 3 个点的标签是错的（噪声，真实数据里也会有）。另外 400 个带真实标签的点用来测试它学到了什么。

# %%
def true_class(points):
    """The rule to learn: class 1 above the curve x1 = 0.2 - x0², class 0 below."""
    return (points[:, 1] > 0.2 - points[:, 0] ** 2).astype(np.int32)


def make_points(n, rng, flip_fraction):
    """n points in the square [-1, 1]², labelled by the rule, about flip_fraction of them wrongly."""
    points = rng.uniform(-1, 1, (n, 2)).astype(np.float32)
    classes = true_class(points)
    flipped = rng.rand(n) < flip_fraction
    classes[flipped] = 1 - classes[flipped]
    return points, classes


rng = np.random.RandomState(2)
train_points, train_labels = make_points(20, rng, flip_fraction=0.1)
test_points, test_labels = make_points(400, rng, flip_fraction=0.0)
wrong_label = train_labels != true_class(train_points)
print("wrong training labels:", int(np.sum(wrong_label)))

tf.reset_default_graph()
inputs = tf.placeholder(tf.float32, [None, 2], name="inputs")
labels = tf.placeholder(tf.int32, [None], name="labels")
hidden = tf.layers.dense(inputs, 64, tf.nn.relu,
                         kernel_initializer=tf.glorot_uniform_initializer(seed=1))
logits = tf.layers.dense(hidden, 2, kernel_initializer=tf.glorot_uniform_initializer(seed=3))

# The article's lines, with the weight decay fed, so one graph serves every value we try:
weight_decay = tf.placeholder(tf.float32, [], name="weight_decay")   # the article: 0.001
base_loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
l2_loss = weight_decay * tf.add_n([tf.nn.l2_loss(tf.cast(v, tf.float32)) for v in tf.trainable_variables()])
loss = base_loss + l2_loss

train_step = tf.train.AdamOptimizer(0.02).minimize(loss)

for v in tf.trainable_variables():
    print("penalised: %-16s shape %s" % (v.name, v.shape))

# %% [markdown]
# `tf.trainable_variables()` holds **every** variable made with `trainable=True` (the
# default): the kernels (weight matrices) *and* the biases. The article warns that penalising
# the biases too may make the model **under-fit**. The reason: a bias only shifts a unit's
# output; it does not multiply any input, so a large bias does not make the fit wiggly. Its
# penalty only pulls outputs toward zero.
#
# You can see that pull on the line model from the beginning, fitted to points on
# `y = 0.5 x + 3` with a strong decay of 0.5 (0.001, the article's value, would barely move
# it):

# %% [markdown] lang=zh
# `tf.trainable_variables()` 包含用 `trainable=True`（默认值）创建的**所有**变量：既有卷积核/权重矩阵（kernel），
# *也*有偏置。文章提醒说，连偏置也惩罚可能会让模型**欠拟合**。原因是：偏置只是平移一个单元的输出，
# 它不和任何输入相乘，所以大的偏置并不会让拟合曲线变得弯弯曲曲。惩罚它只会把输出往 0 拉。
#
# 在开头那个直线模型上就能看到这种拉扯：用它拟合 `y = 0.5 x + 3` 上的点，衰减系数取很大的 0.5
# （文章用的 0.001 几乎拉不动它）：

# %%
def fit_line(decay_bias, decay=0.5, steps=300):
    with tf.Graph().as_default():
        x, y_, w, b, mse = build_line_model()
        penalised = [w, b] if decay_bias else [w]
        total = mse + decay * tf.add_n([tf.nn.l2_loss(v) for v in penalised])
        step = tf.train.GradientDescentOptimizer(0.1).minimize(total)
        xs = np.linspace(-1, 1, 21, dtype=np.float32)
        line_feed = {x: xs, y_: 0.5 * xs + 3}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(steps):
                sess.run(step, line_feed)
            return sess.run([w, b, mse], line_feed)


for decay_bias in (False, True):
    w_fit, b_fit, mse_fit = fit_line(decay_bias)
    print("decay on %-6s -> w = %.3f, b = %.3f, mean squared error %.3f"
          % ("w and b" if decay_bias else "w only", w_fit, b_fit, mse_fit))

# %% [markdown]
# With the bias penalised, the whole line sits 0.6 too low (`b = 2.4` instead of 3): a
# systematic error that no amount of training removes. Both fits have a smaller slope than
# 0.5 — that is the penalty on `w` doing its job.
#
# Now train the classifier with several weight decays, from none to a lot. For each we keep
# the training and test cross-entropy (`base_loss`, without the penalty), the test accuracy,
# the kernel weights, and the class-1 probability on a grid, for the widget below.

# %% [markdown] lang=zh
# 偏置被惩罚时，整条直线低了 0.6（`b = 2.4`，而不是 3）：这是一个系统误差，训练再久也消除不了。
# 两次拟合的斜率都比 0.5 小——那是对 `w` 的惩罚在起作用。
#
# 现在用几个不同的权重衰减系数训练分类器，从不衰减到衰减很多。对每一个，我们记下训练集和测试集上的交叉熵
# （`base_loss`，不含惩罚项）、测试准确率、权重矩阵的值，以及网格上属于类别 1 的概率，供下面的控件使用。

# %%
DECAYS = [0.0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1]
grid_x0, grid_x1 = np.meshgrid(np.linspace(-1, 1, 61), np.linspace(-1, 1, 61))
grid_points = np.stack([grid_x0.ravel(), grid_x1.ravel()], axis=1).astype(np.float32)
probability = tf.nn.softmax(logits)[:, 1]
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1, output_type=tf.int32), labels), tf.float32))
kernels = [v for v in tf.trainable_variables() if "kernel" in v.name]
initializer = tf.global_variables_initializer()

sess = tf.Session()
step = sess.make_callable(train_step, [inputs, labels, weight_decay])   # a fast sess.run(train_step, ...)
results = {}
print("weight decay   train loss   test loss   test accuracy   kernel L2 norm")
for decay in DECAYS:
    sess.run(initializer)   # every run starts from the same seeded weights
    for _ in range(600):
        step(train_points, train_labels, np.float32(decay))
    train_loss = sess.run(base_loss, {inputs: train_points, labels: train_labels})
    test_loss, test_accuracy = sess.run([base_loss, accuracy], {inputs: test_points, labels: test_labels})
    kernel_values = np.concatenate([k.ravel() for k in sess.run(kernels)])
    results[decay] = dict(train=train_loss, test=test_loss, accuracy=test_accuracy, kernels=kernel_values,
                          grid=sess.run(probability, {inputs: grid_points}).reshape(grid_x0.shape))
    print("%12g   %10.3f   %9.3f   %13.3f   %14.2f" % (decay, train_loss, test_loss, test_accuracy,
                                                       np.sqrt(np.sum(kernel_values ** 2))))
sess.close()

# %% [markdown]
# Read the table from top to bottom:
#
# * **No decay**: the training loss is nearly 0 — the net has memorised the 20 points,
#   wrong labels included — but the test loss is large. That is over-fitting.
# * **Moderate decay** (0.01 is best here): the weights are much smaller, the training loss
#   goes up, and the test loss goes *down*; test accuracy rises from 0.84 to 0.94. The net
#   learns the trend instead of the noise.
# * **Too much decay** (0.3): the penalty wins, every weight is pushed to zero, and the net
#   says 50/50 for every point (a loss of ln 2 = 0.693): under-fitting, bad on both sets.
#
# (The numbers do not move perfectly smoothly — at 0.0001 the test accuracy dips a little —
# because each run is one particular training, from one start, on 20 points.)
#
# ### Try it: the weight-decay slider
#
# Left: the probability of class 1 (red) that the net learned, its boundary (where that
# probability is 0.5) as a solid line, the true boundary dashed, and the training points
# coloured by their label (the three wrong labels circled). Middle: training and test loss
# for every decay, the current one marked. Right: the kernel weights.

# %% [markdown] lang=zh
# 从上往下读这张表：
#
# * **不衰减**：训练损失几乎为 0——网络把 20 个点连同错误的标签都背了下来——但测试损失很大。这就是过拟合。
# * **适度衰减**（这里 0.01 最好）：权重小了很多，训练损失上升，测试损失却*下降*；测试准确率从 0.84
#   升到 0.94。网络学到的是趋势，而不是噪声。
# * **衰减过大**（0.3）：惩罚项占了上风，所有权重都被压到 0，网络对每个点都说五五开
#   （损失为 ln 2 = 0.693）：欠拟合，在两个数据集上都很差。
#
# （这些数字的变化并不完全平滑——在 0.0001 时测试准确率略有下降——因为每次运行都只是一次特定的训练：
# 从一个特定的起点出发，只用 20 个点。）
#
# ### 动手试试：权重衰减滑块
#
# 左图：网络学到的类别 1 的概率（红色），它的分界线（概率为 0.5 处）画成实线，真实的分界线画成虚线，
# 训练点按标签着色（三个错误标签用圆圈标出）。中图：每个衰减系数下的训练损失和测试损失，当前的那个做了标记。
# 右图：权重矩阵的值。

# %%
import io

import ipywidgets as widgets
from matplotlib.figure import Figure


def decay_picture(decay):
    """The three panels for one weight decay, as PNG bytes."""
    result = results[decay]
    fig = Figure(figsize=(13, 4.2))
    left, middle, right = fig.subplots(1, 3)
    left.contourf(grid_x0, grid_x1, result["grid"], levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.6)
    if result["grid"].min() < 0.5 < result["grid"].max():
        left.contour(grid_x0, grid_x1, result["grid"], levels=[0.5], colors="k", linewidths=1.5)
    curve = np.linspace(-1, 1, 50)
    left.plot(curve, 0.2 - curve ** 2, "k--", linewidth=1, label=viz.tr("true boundary"))
    left.scatter(train_points[:, 0], train_points[:, 1], c=np.where(train_labels == 1, "tab:red", "tab:blue"),
                 edgecolors="white", s=45, zorder=3)
    left.scatter(train_points[wrong_label, 0], train_points[wrong_label, 1], s=160, facecolors="none",
                 edgecolors="k", zorder=3, label=viz.tr("wrong label"))
    left.legend(loc="lower right", fontsize=8)
    left.set(xlim=(-1, 1), ylim=(-1, 1), xlabel="x0", ylabel="x1",
             title=viz.tr("weight decay {decay}: test accuracy {accuracy}",
                          decay="%g" % decay, accuracy="%.2f" % result["accuracy"]))
    positions = np.arange(len(DECAYS))
    middle.plot(positions, [results[d]["train"] for d in DECAYS], "o-", label=viz.tr("train"))
    middle.plot(positions, [results[d]["test"] for d in DECAYS], "o-", label=viz.tr("test"))
    middle.axvline(DECAYS.index(decay), color="gray", linestyle=":")
    middle.set_xticks(positions, ["%g" % d for d in DECAYS], rotation=45)
    middle.set(xlabel=viz.tr("weight decay"), ylabel=viz.tr("cross-entropy"),
               title=viz.tr("base loss (without the penalty)"))
    middle.legend()
    right.hist(result["kernels"], bins=np.linspace(-3, 3, 41), color="tab:green")
    right.set(xlabel=viz.tr("kernel weight"), ylabel=viz.tr("count"),
              title=viz.tr("L2 norm of the kernels: {norm}",
                           norm="%.2f" % np.sqrt(np.sum(result["kernels"] ** 2))))
    fig.tight_layout()
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=80)
    return png.getvalue()


# %% tags=["nbval-ignore-output"]
decay_slider = widgets.SelectionSlider(options=[("%g" % d, d) for d in DECAYS], value=0.0,
                                       description=viz.tr("weight decay"), continuous_update=False,
                                       style={"description_width": "initial"})
# Each picture is drawn once, here: moving the slider then only swaps one PNG for another.
pictures = {decay: decay_picture(decay) for decay in DECAYS}
decay_image = widgets.Image(value=pictures[decay_slider.value], format="png")
decay_slider.observe(lambda change: setattr(decay_image, "value", pictures[change["new"]]),
                     names="value")
widgets.VBox([decay_slider, decay_image])

# %% [markdown]
# Things to look for: with no decay the learned boundary bends far out of its way to put the
# three wrong labels on "their" side, and the weights spread wide (up to ±3); as the decay
# grows the boundary straightens toward the true one and the histogram narrows around 0; at
# 0.3 every weight is 0 and the picture is one flat colour.
#
# ### (b) Give each layer a `kernel_regularizer`
#
# The second way leaves the biases alone. When a layer is built with
# `kernel_regularizer=tf.contrib.layers.l2_regularizer(0.001)`, the layer computes
# `0.001 * l2_loss(kernel)` and adds that tensor to the graph collection
# `tf.GraphKeys.REGULARIZATION_LOSSES`. The loss then collects them with `tf.get_collection`.
#
# The article uses convolution layers with 512 filters; we keep its arguments but use 4
# filters on 8 × 8 images so that it runs in an instant, and we seed the initializers so
# that the numbers below are always the same. Three slips in the article, for the record:
#
# * its text says to set `kernel_initializer` to the L2 function; the parameter it means —
#   and uses in its code — is `kernel_regularizer` (`kernel_initializer` sets the *starting*
#   values of the kernel);
# * its `tf.layers.conv2d(...` call lacks its closing parenthesis;
# * its text spells the key `REGULARIZATOIN_LOSSES`, which does not exist (its code spells it
#   correctly). The misspelling is caught at once:

# %% [markdown] lang=zh
# 可以留意这些：不衰减时，学到的分界线为了把三个错误标签划到"它们那一边"，绕了很大的弯，权重也分布得很开
# （最大到 ±3）；随着衰减增大，分界线逐渐变直、靠近真实分界线，直方图也收窄到 0 附近；到 0.3 时所有权重都是 0，
# 整张图只剩一种颜色。
#
# ### (b) 给每一层一个 `kernel_regularizer`
#
# 第二种写法不碰偏置。用 `kernel_regularizer=tf.contrib.layers.l2_regularizer(0.001)` 搭建一层时，
# 这一层会计算 `0.001 * l2_loss(kernel)`，并把这个张量加入图的集合 `tf.GraphKeys.REGULARIZATION_LOSSES`。
# 之后损失用 `tf.get_collection` 把它们收集起来。
#
# 文章用的是 512 个滤波器的卷积层；我们保留它的参数，但在 8 × 8 的图像上只用 4 个滤波器，让它瞬间跑完，
# 并给初始化器设定种子，让下面的数字每次都一样。顺便记下文章里的三处笔误：
#
# * 正文说要把 `kernel_initializer` 设成 L2 函数；它真正的意思——代码里也是这么用的——是
#   `kernel_regularizer`（`kernel_initializer` 设定的是卷积核的*初始*值）；
# * 它的 `tf.layers.conv2d(...` 调用少了右括号；
# * 正文把这个键拼成了 `REGULARIZATOIN_LOSSES`，这个键并不存在（代码里拼对了）。拼错会被立刻发现：

# %%
try:
    tf.GraphKeys.REGULARIZATOIN_LOSSES
except AttributeError as error:
    print("AttributeError:", error)

# %%
tf.reset_default_graph()
images = tf.placeholder(tf.float32, [None, 8, 8, 1], name="images")
labels = tf.placeholder(tf.int32, [None], name="labels")

x = tf.layers.conv2d(images, 4, (3, 3),
                     padding='same',
                     activation=tf.nn.relu,
                     kernel_initializer=tf.truncated_normal_initializer(stddev=0.01, seed=1),
                     kernel_regularizer=tf.contrib.layers.l2_regularizer(0.001))
x = tf.layers.conv2d(x, 4, (3, 3),
                     padding='same',
                     activation=tf.nn.relu,
                     kernel_initializer=tf.truncated_normal_initializer(stddev=0.01, seed=2),
                     kernel_regularizer=tf.contrib.layers.l2_regularizer(0.001))
logits = tf.layers.dense(tf.layers.flatten(x), 3, kernel_initializer=tf.glorot_uniform_initializer(seed=3))

base_loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
l2_loss = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
loss = tf.add_n([base_loss] + l2_loss, name="loss")

print("trainable variables:    ", ", ".join(v.name for v in tf.trainable_variables()))
print("regularization losses:  ", ", ".join(t.name for t in l2_loss))

# %% [markdown]
# Only the two convolution kernels are penalised: not the biases, and not the dense layer,
# which was built without a regularizer. `l2_loss` is a Python *list* of scalar tensors,
# which is why the article writes `[base_loss] + l2_loss` — list concatenation — before
# `tf.add_n` sums them. One regularizer, drawn: the kernel's `L2Loss` times the scale 0.001.
# (`expand=True` opens every name scope; by default a scope of more than 10 ops is drawn
# folded, and `conv2d` has 12.)

# %% [markdown] lang=zh
# 只有两个卷积核受到惩罚：偏置不受惩罚，全连接层也不受，因为它搭建时没有指定正则化器。`l2_loss` 是一个
# 由标量张量组成的 Python *列表*，所以文章写成 `[base_loss] + l2_loss`——列表拼接——然后再用 `tf.add_n`
# 求和。把其中一个正则化项画出来：卷积核的 `L2Loss` 乘以系数 0.001。（`expand=True` 会展开所有命名空间；
# 默认情况下超过 10 个运算的命名空间会折叠起来，而 `conv2d` 有 12 个。）

# %%
viz.draw_graph(l2_loss[0], expand=True)

# %% [markdown]
# The numbers, on six random images, checked against `0.001 * tf.nn.l2_loss(kernel)`:

# %% [markdown] lang=zh
# 在六张随机图像上的数字，和 `0.001 * tf.nn.l2_loss(kernel)` 对一对：

# %%
image_batch = np.random.RandomState(1).rand(6, 8, 8, 1).astype(np.float32)
batch_feed = {images: image_batch, labels: [0, 1, 2, 0, 1, 2]}
kernels = [v for v in tf.trainable_variables() if "kernel" in v.name][:2]
by_hand = [0.001 * tf.nn.l2_loss(k) for k in kernels]

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    terms, hand, base, total = sess.run([l2_loss, by_hand, base_loss, loss], batch_feed)
for kernel, term, check in zip(kernels, terms, hand):
    print("%-18s regularizer %.6g   0.001 * l2_loss(kernel) %.6g" % (kernel.name, term, check))
print("base_loss %.6f + regularizers %.6g = loss %.6f" % (base, sum(terms), total))

# %% [markdown]
# The penalties are tiny here because the kernels start tiny (standard deviation 0.01); they
# grow as training makes the kernels larger, and then they push back.
#
# ## Summary
#
# * A loss is an ordinary tensor; `optimizer.minimize(loss)` adds the gradient ops
#   (`compute_gradients`) and the update ops (`apply_gradients`) and returns the update as an
#   operation, `train_step`.
# * `sess.run(operation)` returns `None`; `sess.run(tensor)` returns its value.
# * Variables need an initial value, and `tf.global_variables_initializer()` must run in each
#   session before they are used (else `FailedPreconditionError`).
# * `tf.reduce_sum(x, axis)` removes `axis` by adding along it; `reduction_indices` is the
#   old name of `axis`. `tf.reduce_mean` of integers stays an integer.
# * `tf.nn.l2_loss(t) = sum(t ** 2) / 2`; `l2_regularizer(scale)(t) = scale * l2_loss(t)`.
# * L2 regularization: (a) `weight_decay * add_n([l2_loss(v) for v in trainable_variables()])`
#   penalises biases too; (b) `kernel_regularizer=` penalises kernels only, collected from
#   `tf.GraphKeys.REGULARIZATION_LOSSES`. Too little decay over-fits, too much under-fits.
#
# ## Exercises
#
# Run the next cell first: it defines the checks. Each says whether your answer is right,
# never what it is, and gives a hint from your second wrong try on.

# %% [markdown] lang=zh
# 这里的惩罚很小，因为卷积核一开始就很小（标准差 0.01）；训练让卷积核变大时，惩罚也跟着变大，然后就会往回推。
#
# ## 小结
#
# * 损失是一个普通的张量；`optimizer.minimize(loss)` 加入梯度运算（`compute_gradients`）和更新运算
#   （`apply_gradients`），并把更新作为一个运算 `train_step` 返回。
# * `sess.run(运算)` 返回 `None`；`sess.run(张量)` 返回它的值。
# * 变量需要初始值，而且在每个会话里使用之前都必须运行 `tf.global_variables_initializer()`
#   （否则会报 `FailedPreconditionError`）。
# * `tf.reduce_sum(x, axis)` 沿着 `axis` 相加并去掉这个轴；`reduction_indices` 是 `axis` 的旧名字。
#   对整数用 `tf.reduce_mean`，结果仍是整数。
# * `tf.nn.l2_loss(t) = sum(t ** 2) / 2`；`l2_regularizer(scale)(t) = scale * l2_loss(t)`。
# * L2 正则化：(a) `weight_decay * add_n([l2_loss(v) for v in trainable_variables()])` 连偏置也惩罚；
#   (b) `kernel_regularizer=` 只惩罚卷积核/权重矩阵，从 `tf.GraphKeys.REGULARIZATION_LOSSES` 收集。
#   衰减太小会过拟合，太大会欠拟合。
#
# ## 练习
#
# 先运行下一个单元格：它定义了检查。检查只告诉你答得对不对，从不说出答案；从你第二次答错起，它会给出提示。

# %%
from course.exercise import Exercise


def _session_value(tensor):
    with tf.Session(graph=tensor.graph) as sess:
        return sess.run(tensor)


def _same(answer, expected):
    return answer is not None and np.shape(answer) == np.shape(expected) and np.allclose(
        answer, expected)


reduction_exercises = [
    Exercise("Axis 0 runs down the rows: one sum per column."),
    Exercise("Axis 1 runs across: one sum per row."),
    Exercise("x holds integers, so the mean is an integer too, rounded toward zero."),
]
l2_exercise = Exercise("Square each element, add the squares, halve the sum.")
kernels_exercise = Exercise("Look at v.name for each trainable variable: keep the ones whose "
                            "name ends in 'kernel:0', wherever they come from.",
                            not_answered="Not answered yet: replace None with your list and "
                                         "run the cell again.")


def check_reductions(sum_axis_0, sum_axis_1, mean_axis_1):
    with tf.Graph().as_default():
        x = tf.constant([[1, 0, 2], [3, 1, 1]])
        expected = [_session_value(t) for t in (tf.reduce_sum(x, 0), tf.reduce_sum(x, 1),
                                                tf.reduce_mean(x, 1))]
    for name, answer, want, exercise in zip(
            ("sum over axis 0", "sum over axis 1", "mean over axis 1"),
            (sum_axis_0, sum_axis_1, mean_axis_1), expected, reduction_exercises):
        print(name + ": ", end="")
        exercise.check(answered=answer is not None, correct=_same(answer, want))


def check_l2(answer):
    with tf.Graph().as_default():
        expected = _session_value(tf.nn.l2_loss(tf.constant([3.0, 4.0])))
    l2_exercise.check(answered=answer is not None, correct=_same(answer, expected))


def check_kernels_only(chosen):
    wanted = {v.name for v in tf.trainable_variables() if v.name.endswith("kernel:0")}
    got = None if chosen is None else {v.name for v in chosen}
    kernels_exercise.check(answered=chosen is not None, correct=got == wanted,
                           feedback="" if got is None else "Your list has %d variables." % len(got))

# %% [markdown]
# **Exercise 1.** `x = tf.constant([[1, 0, 2], [3, 1, 1]])`. Without running TensorFlow, what
# are `tf.reduce_sum(x, 0)`, `tf.reduce_sum(x, 1)` and `tf.reduce_mean(x, 1)`? Write each as
# a list, e.g. `[1, 2]`. (Check your thinking with the reduce explorer above afterwards.)

# %% [markdown] lang=zh
# **练习 1.** `x = tf.constant([[1, 0, 2], [3, 1, 1]])`。不运行 TensorFlow，说出 `tf.reduce_sum(x, 0)`、
# `tf.reduce_sum(x, 1)` 和 `tf.reduce_mean(x, 1)` 的值。每个都写成列表，比如 `[1, 2]`。
# （做完之后，可以用上面的归约浏览器验证你的想法。）

# %%
sum_axis_0 = None    # <- your answer, e.g. [1, 2, 3]
sum_axis_1 = None
mean_axis_1 = None
check_reductions(sum_axis_0, sum_axis_1, mean_axis_1)

# %% [markdown]
# **Exercise 2.** What is `tf.nn.l2_loss(tf.constant([3.0, 4.0]))`? Work it out by hand.

# %% [markdown] lang=zh
# **练习 2.** `tf.nn.l2_loss(tf.constant([3.0, 4.0]))` 等于多少？用手算出来。

# %%
l2_answer = None     # <- a number
check_l2(l2_answer)

# %% [markdown]
# **Exercise 3.** Way (a) penalises every trainable variable, biases included. Using the
# graph of section 6 (b), which is still the default graph, make a list of the variables to
# penalise that leaves the biases out — every kernel, the dense layer's too. Hint: look at
# `v.name` for `v in tf.trainable_variables()`.

# %% [markdown] lang=zh
# **练习 3.** 写法 (a) 惩罚所有可训练变量，包括偏置。利用第 6 节 (b) 的计算图（它仍是默认图），
# 列出要惩罚的变量，把偏置排除在外——所有的卷积核/权重矩阵，包括全连接层的。提示：看看
# `tf.trainable_variables()` 里每个 `v` 的 `v.name`。

# %%
kernels_only = None  # <- e.g. [v for v in tf.trainable_variables() if ...]
check_kernels_only(kernels_only)
