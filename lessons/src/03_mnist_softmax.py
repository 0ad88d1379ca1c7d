# %% [markdown]
# # Handwritten digits with one softmax layer
#
# **Source article:** "没有博士学位，照样玩转TensorFlow深度学习(4)" (*TensorFlow and deep
# learning, without a PhD, part 4*), a Chinese translation of Martin Görner's codelab
# *TensorFlow and deep learning, without a PhD*. Its code is Görner's `mnist_1.0_softmax.py`.
#
# This lesson runs the article's program: the same model, the same zero initial weights, the
# same learning rate (0.003) and the same batches of 100 images. Then it opens the program
# up: what a graph holds before it runs, why the batches have 100 images, what the trained
# weights look like, and what other learning rates and batch sizes do.
#
# One difference: Görner trains on the full MNIST set (60,000 images). This lesson uses the
# 5,000 real MNIST digits bundled with `course` (4,000 to train, 1,000 to test), so it runs
# offline and in seconds. The numbers you see are therefore a little different from his.
#
# **You will learn:** placeholders and variables, `tf.reshape` with `-1`, softmax and
# cross-entropy, how accuracy is computed, *deferred execution*, mini-batches, and how to
# read a model's weights as pictures.

# %% [markdown] lang=zh
# # 用一层 softmax 识别手写数字
#
# **参考文章：**《没有博士学位，照样玩转TensorFlow深度学习(4)》，它是 Martin Görner 的教程
# *TensorFlow and deep learning, without a PhD* 的中文译本，代码是 Görner 的 `mnist_1.0_softmax.py`。
#
# 这一课运行文章的程序：同样的模型、同样全为 0 的初始权重、同样的学习率（0.003）、同样每批 100 张图片。
# 然后把程序拆开来看：计算图在运行之前装着什么，为什么每批是 100 张图片，训练好的权重长什么样，
# 换一个学习率或批大小又会怎样。
#
# 有一处不同：Görner 在完整的 MNIST 数据集（60,000 张图片）上训练。本课用的是 `course` 自带的 5,000 个真实
# MNIST 数字（4,000 个训练，1,000 个测试），这样不用联网，几秒钟就能跑完。所以你看到的数字会和他的略有不同。
#
# **你将学到：** 占位符和变量、带 `-1` 的 `tf.reshape`、softmax 和交叉熵、准确率怎么算、*延迟执行*、
# 小批量（mini-batch），以及怎样把模型的权重当作图片来读。

# %%
%matplotlib inline
import time

import numpy as np
import matplotlib.pyplot as plt

import course as tf
import course.viz as viz
from course.datasets import load_mnist

# %% [markdown]
# ## The data
#
# `load_mnist` returns three `DataSet`s, `train`, `validation` (empty here) and `test`.
# `one_hot=True` gives each label as ten numbers, a 1 at the digit's place and 0 elsewhere;
# `reshape=False` keeps each image as a 28 × 28 × 1 block of pixels (0 = paper, 1 = ink), the
# shape the article's placeholder expects. `seed=0` makes the shuffled order of the batches
# the same every time you run the lesson.

# %% [markdown] lang=zh
# ## 数据
#
# `load_mnist` 返回三个 `DataSet`：`train`、`validation`（这里是空的）和 `test`。`one_hot=True` 把每个标签表示成
# 十个数，对应数字的位置是 1，其余是 0；`reshape=False` 让每张图片保持 28 × 28 × 1 的像素块
# （0 是白纸，1 是墨迹），这正是文章的占位符所要的形状。`seed=0` 让每次运行本课时，各批数据的打乱顺序都相同。

# %%
mnist = load_mnist(one_hot=True, reshape=False, seed=0)
print(mnist.train)
print(mnist.test)
print("first label, one-hot:", mnist.train.labels[0], "-> the digit", mnist.train.labels[0].argmax())

# %% [markdown]
# **Switching to the full MNIST.** The same code trains on all 60,000 images: replace the
# line above with one of these.
#
# ```python
# from course.datasets import read_data_sets
# mnist = read_data_sets("MNIST_data", one_hot=True, reshape=False, seed=0)  # downloads once (11 MB)
#
# # or, if the four MNIST files (train-images-idx3-ubyte.gz, ...) are already in a folder:
# mnist = load_mnist("path/to/that/folder", one_hot=True, reshape=False, seed=0)
# ```
#
# Here are the first twelve training digits with their labels:

# %% [markdown] lang=zh
# **换成完整的 MNIST。** 同样的代码可以在全部 60,000 张图片上训练：把上面那一行换成下面两种写法之一。
#
# ```python
# from course.datasets import read_data_sets
# mnist = read_data_sets("MNIST_data", one_hot=True, reshape=False, seed=0)  # 只下载一次（11 MB）
#
# # 或者，如果四个 MNIST 文件（train-images-idx3-ubyte.gz 等）已经在某个文件夹里：
# mnist = load_mnist("path/to/that/folder", one_hot=True, reshape=False, seed=0)
# ```
#
# 下面是前十二个训练数字和它们的标签：

# %%
fig, axes = plt.subplots(1, 12, figsize=(12, 1.5))
for ax, image, label in zip(axes, mnist.train.images, mnist.train.labels):
    ax.imshow(image[:, :, 0], cmap="Greys")
    ax.set_title(str(label.argmax()))
    ax.axis("off")

# %% [markdown]
# ## The model: placeholders, variables and one line of maths
#
# A **placeholder** is a slot for data you give when you run the graph (here: images and
# their labels). A **Variable** holds a value the training will change (here: the weights
# `W` and the biases `b`). The article's model, line for line:

# %% [markdown] lang=zh
# ## 模型：占位符、变量和一行数学
#
# **占位符**是运行计算图时才填入数据的空位（这里是图片和它们的标签）。**变量**保存训练时会改变的值
# （这里是权重 `W` 和偏置 `b`）。下面逐行照搬文章的模型：

# %%
# input images: [how many images, 28 pixels high, 28 wide, 1 grey value]
X = tf.placeholder(tf.float32, [None, 28, 28, 1])
# weights W[784, 10] and biases b[10], all starting at zero
W = tf.Variable(tf.zeros([784, 10]))
b = tf.Variable(tf.zeros([10]))

# flatten each image into one row of 784 pixels
XX = tf.reshape(X, [-1, 784])

# the model: one matrix multiplication, add the biases, then softmax
Y = tf.nn.softmax(tf.matmul(XX, W) + b)

# %% [markdown]
# `None` in the placeholder's shape means "any number of images": the batch size is decided
# when you feed the images, not when you build the graph.
#
# **What does `-1` mean in `tf.reshape(X, [-1, 784])`?** The article translates it as
# "computer, figure it out: there is only one possibility". A batch of *n* images has
# *n* × 28 × 28 × 1 = *n* × 784 numbers; asked for rows of 784, only one row count fits, *n*.
# So `-1` becomes the number of images in the batch, whatever it is. The graph does not
# know it yet (`?` below); feed 3 images and it is 3, feed 100 and it is 100.

# %% [markdown] lang=zh
# 占位符形状里的 `None` 表示"任意多张图片"：批大小在喂入图片时才确定，而不是在搭建计算图时。
#
# **`tf.reshape(X, [-1, 784])` 里的 `-1` 是什么意思？** 文章的说法是"电脑，你自己算吧，只有一种可能"。
# 一批 *n* 张图片共有 *n* × 28 × 28 × 1 = *n* × 784 个数；要求每行 784 个数，行数就只能是 *n*。
# 所以不管这一批有多少张图片，`-1` 都会变成那个数。计算图此时还不知道它（下面显示为 `?`）；
# 喂 3 张就是 3，喂 100 张就是 100。

# %%
print("X :", X.shape)
print("XX:", XX.shape)
with tf.Session() as sess:
    for n in (3, 100):
        flat = sess.run(XX, feed_dict={X: mnist.train.images[:n]})
        print("fed %3d images -> XX has shape %s" % (n, flat.shape))

# %% [markdown]
# `tf.matmul(XX, W)` multiplies each row of 784 pixels by the weights and gives 10 numbers
# per image, one per digit; `+ b` adds a bias to each (broadcast over the rows); softmax
# turns the 10 numbers into probabilities (positive, summing to 1).
#
# ## How wrong is it? Cross-entropy. How often right? Accuracy.
#
# The correct answers come in through a second placeholder, `Y_`, one one-hot row per
# image. The **cross-entropy** compares the predicted probabilities `Y` with them:
# `-reduce_sum(Y_ * log(Y))` keeps, for each image, minus the log of the probability the
# model gave the *correct* digit, and adds these over the whole batch. It is 0 only when the
# model is certain and right, and large when the model is confident and wrong.

# %% [markdown] lang=zh
# `tf.matmul(XX, W)` 把每行 784 个像素乘以权重，每张图片得到 10 个数，每个数字一个；`+ b` 给每个数加上一个偏置
# （在各行上广播）；softmax 把这 10 个数变成概率（都是正数，加起来等于 1）。
#
# ## 错得有多离谱？交叉熵。对的有多频繁？准确率。
#
# 正确答案通过第二个占位符 `Y_` 进来，每张图片一行 one-hot 编码。**交叉熵**拿预测的概率 `Y` 和它们比较：
# `-reduce_sum(Y_ * log(Y))` 对每张图片取模型给*正确*数字的概率的对数的相反数，再在整批上相加。
# 只有当模型又确定又正确时它才是 0；当模型很自信却答错时，它会很大。

# %%
# placeholder for the correct answers
Y_ = tf.placeholder(tf.float32, [None, 10])

# loss function: cross-entropy, summed over the images of the batch
cross_entropy = -tf.reduce_sum(Y_ * tf.log(Y))

# % of correct answers found in the batch
is_correct = tf.equal(tf.argmax(Y, 1), tf.argmax(Y_, 1))
accuracy = tf.reduce_mean(tf.cast(is_correct, tf.float32))

# %% [markdown]
# The article leaves the accuracy lines "as an exercise for the reader". Here they are, one
# op at a time, on four made-up predictions: `argmax(·, 1)` picks the most likely digit of
# each row, `equal` compares with the label's digit, `cast` turns True/False into 1.0/0.0,
# and `reduce_mean` averages them.

# %% [markdown] lang=zh
# 文章把计算准确率的几行"留给读者当练习"。这里在四个虚构的预测上一个运算一个运算地算给你看：
# `argmax(·, 1)` 挑出每行最可能的数字，`equal` 和标签的数字比较，`cast` 把 True/False 变成 1.0/0.0，
# `reduce_mean` 再求平均。

# %%
probabilities = np.array([[0.1, 0.7, 0.2],     # says 1
                          [0.8, 0.1, 0.1],     # says 0
                          [0.3, 0.3, 0.4],     # says 2
                          [0.2, 0.5, 0.3]],    # says 1
                         dtype=np.float32)
labels = np.array([[0, 1, 0], [0, 0, 1], [0, 0, 1], [0, 1, 0]], dtype=np.float32)

p = tf.constant(probabilities)
l = tf.constant(labels)
steps = [("argmax(Y, 1)", tf.argmax(p, 1)), ("argmax(Y_, 1)", tf.argmax(l, 1)),
         ("equal", tf.equal(tf.argmax(p, 1), tf.argmax(l, 1))),
         ("cast to float32", tf.cast(tf.equal(tf.argmax(p, 1), tf.argmax(l, 1)), tf.float32))]
with tf.Session() as sess:
    for name, tensor in steps:
        print("%-16s %s" % (name, sess.run(tensor).tolist()))
    mean = sess.run(tf.reduce_mean(steps[-1][1]))
    print("%-16s %.2f" % ("reduce_mean", mean))

# %% [markdown]
# ## Deferred execution: building is not computing
#
# So far nothing has been computed. Every `tf.` call above only *added an operation to a
# graph*, a description of a computation. The article explains why TensorFlow works this
# way: it was built for distributed computing, so it must know the whole computation (the
# graph) before it sends pieces of it to machines. You build the graph first, then start a
# `Session` and call `Session.run` to compute.
#
# Printing a tensor shows what it *will* be, not a value:

# %% [markdown] lang=zh
# ## 延迟执行：搭建不等于计算
#
# 到目前为止什么都还没算。上面每一个 `tf.` 调用都只是*往计算图里加了一个运算*，也就是对一次计算的描述。
# 文章解释了 TensorFlow 为什么这样工作：它是为分布式计算设计的，所以在把计算的各个部分分发给各台机器之前，
# 必须先知道整个计算（也就是计算图）。你先搭建计算图，再启动一个 `Session`，调用 `Session.run` 来计算。
#
# 打印一个张量，显示的是它*将会*是什么，而不是一个值：

# %%
print(Y)
print(cross_entropy)
print(accuracy)

# %% [markdown]
# The graph is a list of operations, each with a type and inputs. The only numbers in it
# are constants written into the program (the zeros `W` and `b` start from, the shape
# `[-1, 784]`); no image, no trained weight. Since the article names no op, each op is
# named after its type: `W` is `Variable`, `b` is `Variable_1`, `X` is `Placeholder` and
# `Y_` is `Placeholder_1`.

# %% [markdown] lang=zh
# 计算图就是一串运算，每个运算有类型和输入。图里仅有的数字是写在程序里的常量（`W` 和 `b` 起始的那些 0、
# 形状 `[-1, 784]`）；没有图片，也没有训练好的权重。因为文章没有给任何运算起名字，每个运算都以它的类型命名：
# `W` 叫 `Variable`，`b` 叫 `Variable_1`，`X` 叫 `Placeholder`，`Y_` 叫 `Placeholder_1`。

# %%
graph = tf.get_default_graph()
model_ops = [op for op in graph.get_operations() if not op.name.startswith("Const")]
print(len(graph.get_operations()), "operations in the graph so far; the model's:")
for op in model_ops[:16]:
    print("  %-22s %-10s inputs: %s" % (op.name, op.type, [t.op.name for t in op.inputs]))
print("W starts from:", W.initial_value)

# %% [markdown]
# Asking for `W`'s value before the variables are initialised fails: the graph says how to
# make `W`, but nothing has made it yet.

# %% [markdown] lang=zh
# 在变量初始化之前就要 `W` 的值，会失败：计算图说明了怎样生成 `W`，但还没有谁真的去生成它。

# %%
with tf.Session() as sess:
    try:
        sess.run(W)
    except tf.errors.FailedPreconditionError as error:
        print(type(error).__name__ + ":", error.message.splitlines()[0])

# %% [markdown]
# A picture of the graph that computes `cross_entropy`: blue rounded boxes are placeholders
# (fed), green boxes are variables, white boxes are operations; each arrow is labelled with
# the shape of the tensor it carries (`?` is the batch size, not known yet).

# %% [markdown] lang=zh
# 这是计算 `cross_entropy` 的计算图：蓝色圆角框是占位符（由 feed 喂入），绿色框是变量，白色框是运算；
# 每个箭头上标着它传递的张量的形状（`?` 是批大小，现在还不知道）。

# %%
viz.draw_graph(cross_entropy)

# %% [markdown]
# **Time it.** Building a graph costs the same whatever the data, because there is no
# data yet. Running it does the arithmetic. Below, the graph for a 1000 × 1000 matrix
# product (a billion multiply-adds) is built in a fraction of a millisecond; running it
# takes much longer. (Times depend on your computer, so your numbers will differ.)

# %% [markdown] lang=zh
# **计个时。** 无论数据是什么，搭建计算图的开销都一样，因为这时还没有数据。运行它时才真正做算术。
# 下面，一个 1000 × 1000 矩阵乘法（十亿次乘加）的计算图不到一毫秒就搭好了；运行它则要久得多。
# （耗时取决于你的电脑，所以你看到的数字会不一样。）

# %% tags=["nbval-ignore-output"]
demo_graph = tf.Graph()
start = time.perf_counter()
with demo_graph.as_default():
    m = tf.random_normal([1000, 1000], seed=1)
    product = tf.matmul(m, m)
build_seconds = time.perf_counter() - start

with tf.Session(graph=demo_graph) as sess:
    start = time.perf_counter()
    sess.run(product)
    run_seconds = time.perf_counter() - start
print("building the graph: %8.3f ms" % (build_seconds * 1000))
print("running it:         %8.3f ms" % (run_seconds * 1000))

# %% [markdown]
# ## Training: gradient descent on mini-batches
#
# The article's two lines of training:

# %% [markdown] lang=zh
# ## 训练：在小批量上做梯度下降
#
# 文章里训练只有两行：

# %%
optimizer = tf.train.GradientDescentOptimizer(0.003)
train_step = optimizer.minimize(cross_entropy)

# %% [markdown]
# `minimize` does two things. It adds the ops that compute the partial derivatives of the
# loss with respect to every weight and bias (the *gradient*, worked out by the chain rule
# from the graph, not estimated numerically), and ops that move each variable a small step
# (0.003 times its derivative) downhill. Again nothing has run; the graph just grew:

# %% [markdown] lang=zh
# `minimize` 做两件事。它加入计算损失对每个权重和偏置的偏导数的运算（也就是*梯度*，由链式法则从计算图推导出来，
# 而不是用数值方法估计的），再加入让每个变量往下坡方向走一小步（0.003 乘以它的导数）的运算。
# 同样，什么都还没运行；只是计算图变大了：

# %%
ops_now = graph.get_operations()
print(len(ops_now), "operations now")
print(sum(op.name.startswith("gradients/") for op in ops_now), "of them compute the gradient")
print([op.name for op in ops_now if op.type == "ApplyGradientDescent"])

# %% [markdown]
# ### Why mini-batches of 100 images?
#
# The article's answer, in short:
#
# * You *could* compute the gradient on one image and update the weights at once (this is
#   called *stochastic gradient descent*). A gradient computed on 100 images represents the
#   constraints of many different images better, so the steps point more reliably toward the
#   solution, and training is likely to converge faster.
# * The batch size is a setting you can tune.
# * A technical reason: a batch makes the matrices bigger, and big matrix products are what
#   GPUs do efficiently.
#
# The first reason can be measured. Take the gradient of the loss with respect to `W` on
# *all* 4,000 training images, the "true" downhill direction, and compare it with gradients
# computed on batches of 1, 10, 100 and 1000 images. The *cosine similarity* is 1 when two
# directions agree and 0 when they are unrelated:

# %% [markdown] lang=zh
# ### 为什么每批用 100 张图片？
#
# 文章的回答，简单说就是：
#
# * 你*可以*只在一张图片上算梯度，然后马上更新权重（这叫*随机梯度下降*）。在 100 张图片上算出的梯度更能代表
#   许多不同图片的约束，所以每一步都更可靠地指向解，训练也可能收敛得更快。
# * 批大小是一个可以调的设置。
# * 还有一个技术上的原因：批次让矩阵变大，而大矩阵乘法正是 GPU 擅长的。
#
# 第一条理由是可以测量的。在*全部* 4,000 张训练图片上求损失对 `W` 的梯度，这就是"真正的"下坡方向；
# 再拿它和在 1、10、100、1000 张图片的批次上算出的梯度比较。两个方向一致时*余弦相似度*为 1，毫不相关时为 0：

# %%
gradient_W = tf.gradients(cross_entropy, W)[0]
shuffled = load_mnist(one_hot=True, reshape=False, seed=1).train   # its own batch order


def cosine(a, b):
    return float(np.sum(a * b) / np.sqrt(np.sum(a * a) * np.sum(b * b)))


with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    full = sess.run(gradient_W, {X: mnist.train.images, Y_: mnist.train.labels})
    print("batch size   cosine with the full gradient (mean, worst, best of 20 batches)")
    for batch_size in (1, 10, 100, 1000):
        cosines = [cosine(sess.run(gradient_W, dict(zip((X, Y_), shuffled.next_batch(batch_size)))),
                          full) for _ in range(20)]
        print("%10d   %.2f   %.2f   %.2f" % (batch_size, np.mean(cosines), min(cosines),
                                              max(cosines)))

# %% [markdown]
# A single image's gradient has little to do with the full one (a cosine near 0.1): a step
# on one image mostly serves that image. With 100 images the direction is mostly right;
# with 1000 it is nearly exact, but each step costs ten times more work. 100 is a good
# compromise.
#
# ## The training loop, with Görner's dashboard
#
# Now we run. `Session.run(train_step, feed_dict)` feeds one batch and makes one step.
# Görner's program shows a dashboard while it trains; `course.viz.DashboardHook` draws the
# same six panels: accuracy and cross-entropy on the training batch and on the test set,
# the spread of the weights and biases, and digits, the misclassified ones first on red.
# `dashboard.update(i, sess, batch)` evaluates every 10 steps (before the step, as Görner
# does) and redraws every 150. Görner trains for 2,000 steps on 60,000 images; we train
# 300 steps on our 4,000 (7.5 passes over them).
#
# *(The picture below updates in place while the cell runs.)*

# %% [markdown] lang=zh
# 单张图片的梯度和完整梯度几乎没有关系（余弦约 0.1）：在一张图片上走一步，主要只是在迁就这张图片。
# 用 100 张图片时方向基本正确；用 1000 张几乎完全准确，但每一步要多花十倍的工作量。100 是个不错的折中。
#
# ## 训练循环，配上 Görner 的仪表盘
#
# 现在开始运行。`Session.run(train_step, feed_dict)` 喂入一批数据，走一步。Görner 的程序在训练时会显示一个仪表盘；
# `course.viz.DashboardHook` 画出同样的六个面板：训练批和测试集上的准确率与交叉熵、权重和偏置的分布，
# 以及一些数字图片，分错的排在前面、红底显示。`dashboard.update(i, sess, batch)` 每 10 步评估一次
# （和 Görner 一样，在这一步之前），每 150 步重画一次。Görner 在 60,000 张图片上训练 2,000 步；
# 我们在自己的 4,000 张上训练 300 步（相当于把它们过 7.5 遍）。
#
# *（下面的图会在单元格运行时原地刷新。）*

# %% tags=["nbval-ignore-output"]
sess = tf.Session()
sess.run(tf.global_variables_initializer())

dashboard = viz.DashboardHook(accuracy, cross_entropy, Y, X, Y_, W, b,
                              test_images=mnist.test.images, test_labels=mnist.test.labels,
                              every_n_steps=10, display_every_n_steps=150,
                              title="mnist_1.0_softmax on 4,000 digits")
for i in range(301):
    batch_X, batch_Y = mnist.train.next_batch(100)
    dashboard.update(i, sess, batch=(batch_X, batch_Y))
    sess.run(train_step, feed_dict={X: batch_X, Y_: batch_Y})

# %% [markdown]
# The numbers behind the curves. The test cross-entropy is summed over 100 test images at a
# time (and averaged over the 10 such groups), so it compares with the training batch's.

# %% [markdown] lang=zh
# 曲线背后的数字。测试集的交叉熵是每 100 张测试图片求一次和（再对这样的 10 组取平均），所以可以和训练批的相比较。

# %%
history = dashboard.history
print("step  train acc  test acc  test cross-entropy")
for k in range(0, len(history["step"]), 5):
    print("%4d  %9.2f  %8.3f  %18.2f" % (history["step"][k], history["train_accuracy"][k],
                                         history["test_accuracy"][k],
                                         history["test_cross_entropy"][k]))

test_feed = {X: mnist.test.images, Y_: mnist.test.labels}
final_accuracy, final_cross_entropy = sess.run([accuracy, cross_entropy], feed_dict=test_feed)
print("after 301 steps: test accuracy %.3f, cross-entropy %.1f summed over the 1,000 test "
      "images" % (final_accuracy, final_cross_entropy))

# %% [markdown]
# About 92 % of the test digits right, after a few seconds of training. Görner reports about
# 92 % for this model on the full data set too: one layer cannot do much better, which is
# why the next parts of his codelab add layers.
#
# ## What did it learn? The weights as pictures
#
# Each digit's score is a weighted sum of the 784 pixels: column *k* of `W` holds one weight
# per pixel for digit *k*. Put the 784 weights back into a 28 × 28 square and you see what
# the model looks for. Red pixels are positive weights (ink there makes the digit more
# likely), blue ones negative (ink there speaks against it), white ones near zero.

# %% [markdown] lang=zh
# 训练几秒钟之后，大约 92% 的测试数字认对了。Görner 报告这个模型在完整数据集上也是大约 92%：
# 一层网络很难做得更好，所以他的教程后面几部分会加更多的层。
#
# ## 它学到了什么？把权重当作图片
#
# 每个数字的得分都是 784 个像素的加权和：`W` 的第 *k* 列为数字 *k* 给每个像素一个权重。把这 784 个权重
# 重新排成 28 × 28 的方块，就能看出模型在找什么。红色像素是正权重（那里有墨迹，就更像这个数字），
# 蓝色是负权重（那里有墨迹，就不像），白色接近 0。

# %%
learned_W = sess.run(W)
limit = np.abs(learned_W).max()
fig, axes = plt.subplots(2, 5, figsize=(11, 4.8), constrained_layout=True)
for digit, ax in enumerate(axes.flat):
    picture = ax.imshow(learned_W[:, digit].reshape(28, 28), cmap="RdBu_r",
                        vmin=-limit, vmax=limit)
    ax.set_title(viz.tr("digit {digit}", digit=digit))
    ax.axis("off")
colorbar = fig.colorbar(picture, ax=axes, shrink=0.8, label=viz.tr("weight"))

# %% [markdown]
# You can make out the 0 as a red ring around a blue centre (ink in the middle argues
# against a 0), the 1 as a red vertical stroke with blue on both sides, the 7's red top
# right with blue where a 7 has no ink. Each digit has one template, and an image's score
# is how well it lines up with it: that is all one layer can do, and why it confuses digits
# written at a slant or off-centre (look at the red test digits on the dashboard).
#
# How well each digit is recognised on the test set:

# %% [markdown] lang=zh
# 你能认出 0：一个红色的圆环围着蓝色的中心（中间有墨迹，就不像 0）；1 是一道红色竖笔，两侧是蓝色；
# 7 的右上方是红色，7 不落笔的地方是蓝色。每个数字只有一个模板，一张图片的得分就是它和模板对得有多齐：
# 一层网络能做的仅此而已，这也是它会把写歪或写偏的数字认错的原因（看看仪表盘上那些红底的测试数字）。
#
# 每个数字在测试集上的识别情况：

# %%
predicted = sess.run(tf.argmax(Y, 1), feed_dict=test_feed)
actual = mnist.test.labels.argmax(axis=1)
print("digit     " + "  ".join("%4d" % d for d in range(10)))
print("accuracy  " + "  ".join("%4.2f" % np.mean(predicted[actual == d] == d) for d in range(10)))

# %% [markdown]
# ## Try it: learning rate and batch size
#
# Move the sliders: each setting trains the same model again from zero weights, on the
# same data, and redraws the loss curve (the mean of every 10 steps). **pin** keeps the
# current curve to compare with the next. The batch-size slider rebuilds the model with
# batches of 1, 10, 100 (the article's), 1000 or all 4000 images. So that the curves
# compare, the loss is counted for 100 images whatever the batch size (the summed
# cross-entropy times 100 / batch size; Görner's later code does the same).

# %% [markdown] lang=zh
# ## 动手试试：学习率和批大小
#
# 拖动滑块：每一种设置都会用同样的数据、从全 0 的权重开始重新训练同一个模型，并重画损失曲线
# （每 10 步的平均）。**固定**按钮会留下当前曲线，和下一条比较。批大小滑块会按每批 1、10、100（文章的取值）、
# 1000 或全部 4000 张图片重新搭建模型。为了让曲线可以相互比较，无论批大小是多少，损失都按 100 张图片来计
# （把求和得到的交叉熵乘以 100 / 批大小；Görner 后面的代码也是这样做的）。

# %% tags=["nbval-ignore-output"]
viz.lr_experiment(preset="mnist_softmax")

# %% [markdown]
# The same experiment without the sliders, so its numbers stay in the notebook: four
# learning rates, 300 steps each. Setting a slider's value from code re-trains, as moving
# it does; the last run stays the current (black) curve.

# %% [markdown] lang=zh
# 同样的实验，不用滑块，这样数字就留在了笔记本里：四个学习率，各训练 300 步。在代码里设置滑块的值会重新训练，
# 就和拖动它一样；最后一次运行保留为当前（黑色）的曲线。

# %%
experiment = viz.lr_experiment(preset="mnist_softmax", learning_rate=0.001)
for rate in (0.003, 0.01, 0.03):
    experiment.pin()                           # keep the current curve...
    experiment.lr_slider.value = rate          # ...and train with the next rate
for run in experiment.pinned + [experiment.run]:
    if run.diverged_at is None:
        print("learning rate %-6g loss over the last 10 steps: %6.2f" % (
            run.learning_rate, run.losses[-10:].mean()))
    else:
        print("learning rate %-6g loss became NaN at step %d" % (run.learning_rate,
                                                                  run.diverged_at))
experiment.curves.figure

# %% [markdown]
# From 0.001 to 0.01 the bigger steps learn faster. At 0.03 the loss becomes NaN (not a
# number) after two steps: the first steps are so big that some probability in `Y` becomes
# exactly 0, and `log(0)` is minus infinity. Görner's naive `log(Y)` has this weakness; his
# later code uses `tf.nn.softmax_cross_entropy_with_logits`, which avoids it.
#
# Now the batch size, at the article's learning rate 0.003, for 150 steps:

# %% [markdown] lang=zh
# 从 0.001 到 0.01，步子越大学得越快。到 0.03，两步之后损失就变成了 NaN（不是一个数）：最初几步迈得太大，
# `Y` 里的某个概率变成了正好 0，而 `log(0)` 是负无穷。Görner 这种直接写 `log(Y)` 的做法就有这个弱点；
# 他后面的代码改用 `tf.nn.softmax_cross_entropy_with_logits`，避开了这个问题。
#
# 再来看批大小，用文章的学习率 0.003，训练 150 步：

# %%
experiment = viz.lr_experiment(preset="mnist_softmax", batch_size=1, steps=150)
for size in (10, 100, 1000):
    experiment.pin()
    experiment.batch_slider.value = size
for run in experiment.pinned + [experiment.run]:
    print("batch size %4d: %7d images seen in %d steps, loss over the last 10 steps %6.2f"
          % (run.batch_size, run.steps * run.batch_size, run.steps, run.losses[-10:].mean()))
experiment.curves.figure

# %% [markdown]
# * **Batch 1** never settles at this learning rate: each step follows one image, and the
#   next image undoes part of it. (Try a smaller rate for it with the sliders.)
# * **Batch 10** learns, but its curve is noisy and stays above.
# * **Batch 100 and batch 1000** give nearly the same curve. Per step, the bigger batch
#   hardly helps: the direction from 100 images is already good (the cosines above), and
#   the step has the same size. Yet each of its steps costs ten times the work: by step 150
#   it has looked at 150,000 images, more than 37 passes over the training set.
#
# This is the article's point: 100 images give a good direction at a small price.
#
# ## Exercises
#
# Each check says whether your answer is right, never what it is, and gives a hint from your
# second wrong try on. Run this cell once first:

# %% [markdown] lang=zh
# * **每批 1 张**在这个学习率下始终安定不下来：每一步都只迁就一张图片，下一张图片又把它抵消掉一部分。
#   （用滑块给它试一个更小的学习率。）
# * **每批 10 张**能学会，但曲线很嘈杂，而且一直偏高。
# * **每批 100 张和 1000 张**的曲线几乎一样。按步数算，更大的批几乎没有帮助：100 张图片给出的方向已经很好了
#   （见上面的余弦），而步长是一样的。可它的每一步都要多花十倍的工作量：到第 150 步，它已经看过 150,000 张图片，
#   相当于把训练集过了 37 遍多。
#
# 这正是文章的观点：100 张图片就能以很小的代价给出一个好方向。
#
# ## 练习
#
# 检查只告诉你答得对不对，从不说出答案；从你第二次答错起，它会给出提示。先运行一次这个单元格：

# %%
from course.exercise import Exercise

shape_exercise = Exercise("Each row holds one image's 784 pixels. How many rows do 250 images "
                          "make?",
                          not_answered="Not answered yet: replace None with a tuple (number of "
                                       "rows, number of columns).")
accuracy_exercise = Exercise("Take np.argmax of both arrays along axis=1 (one digit per image), "
                             "compare them, and take the mean of the matches.",
                             not_answered="my_accuracy returns None: write its numpy code and "
                                          "run the cell again.")
mean_rate_exercise = Exercise("reduce_mean of a [100, 10] tensor divides the sum by how many "
                              "numbers? The rate must make up for that factor.")

# %% [markdown]
# **1. The `-1`.** What is the shape of `XX` when you feed 250 images? Write it as a tuple.

# %% [markdown] lang=zh
# **1. 那个 `-1`。** 喂入 250 张图片时，`XX` 的形状是什么？写成一个元组。

# %%
answer_1 = None          # <- your answer, e.g. (10, 20)


def check_1(answer):
    with tf.Session() as s:
        expected = s.run(XX, {X: mnist.test.images[:250]}).shape
    shape_exercise.check(answered=answer is not None,
                         correct=answer is not None and tuple(answer) == expected,
                         solved="-1 became 250: 250 x 28 x 28 x 1 numbers make 250 rows of 784.")


check_1(answer_1)

# %% [markdown]
# **2. Accuracy by hand.** Write `my_accuracy(probabilities, labels)` with numpy only: the
# fraction of rows where the most likely digit is the labelled one (`np.argmax(..., axis=1)`
# helps). It is checked against the graph's `accuracy` on the first 50 test digits.

# %% [markdown] lang=zh
# **2. 手写准确率。** 只用 numpy 写一个 `my_accuracy(probabilities, labels)`：最可能的数字和标签一致的行所占的比例
# （`np.argmax(..., axis=1)` 会有帮助）。检查会在前 50 个测试数字上把它和计算图的 `accuracy` 比较。

# %%
def my_accuracy(probabilities, labels):
    return None          # <- your numpy code


def check_2(function):
    images, onehot = mnist.test.images[:50], mnist.test.labels[:50]
    expected = sess.run(accuracy, {X: images, Y_: onehot})
    mine = function(sess.run(Y, {X: images}), onehot)
    accuracy_exercise.check(answered=mine is not None,
                            correct=mine is not None and abs(float(mine) - float(expected)) < 1e-6,
                            solved="The same as the graph's accuracy.")


check_2(my_accuracy)

# %% [markdown]
# **3. Sum or mean?** Many programs write the loss as
# `-tf.reduce_mean(Y_ * tf.log(Y))` instead of `-tf.reduce_sum(...)`. With batches of 100
# images, what learning rate makes the mean-loss version take *exactly* the same steps as
# the article's 0.003 with the sum? The check trains both versions one step and compares `W`.

# %% [markdown] lang=zh
# **3. 求和还是求平均？** 很多程序把损失写成 `-tf.reduce_mean(Y_ * tf.log(Y))`，而不是 `-tf.reduce_sum(...)`。
# 每批 100 张图片时，学习率取多少，才能让平均版本走出的每一步和文章用求和、学习率 0.003 时*完全*一样？
# 检查会把两个版本各训练一步，再比较 `W`。

# %%
mean_learning_rate = None          # <- your answer


def check_3(rate):
    weights = []
    if rate is not None:
        batch_X, batch_Y = mnist.test.images[:100], mnist.test.labels[:100]
        for loss_of, learning_rate in ((tf.reduce_sum, 0.003), (tf.reduce_mean, rate)):
            with tf.Graph().as_default():
                x = tf.placeholder(tf.float32, [None, 28, 28, 1])
                y_ = tf.placeholder(tf.float32, [None, 10])
                w = tf.Variable(tf.zeros([784, 10]))
                bias = tf.Variable(tf.zeros([10]))
                y = tf.nn.softmax(tf.matmul(tf.reshape(x, [-1, 784]), w) + bias)
                step = tf.train.GradientDescentOptimizer(learning_rate).minimize(
                    -loss_of(y_ * tf.log(y)))
                with tf.Session() as s:
                    s.run(tf.global_variables_initializer())
                    s.run(step, {x: batch_X, y_: batch_Y})
                    weights.append(s.run(w))
    mean_rate_exercise.check(
        answered=rate is not None,
        correct=rate is not None and np.allclose(weights[0], weights[1], rtol=1e-4, atol=1e-9),
        feedback="Your rate takes a different step from the article's.",
        solved="reduce_mean divides by 100 x 10 = 1000, so the rate must be 1000 times bigger. "
               "(Görner's later code multiplies the mean by 1000 instead.)")


check_3(mean_learning_rate)

# %% [markdown]
# **Going further.** Set `mnist = read_data_sets(...)` at the top (see "The data") and run
# the lesson on all 60,000 images; compare the final accuracy with the one above.

# %% [markdown] lang=zh
# **更进一步。** 在开头设置 `mnist = read_data_sets(...)`（见"数据"一节），在全部 60,000 张图片上运行本课；
# 把最终的准确率和上面的比一比。
