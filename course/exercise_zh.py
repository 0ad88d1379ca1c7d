"""The exercise checks' words in Simplified Chinese, keyed by their English wording.

The Chinese lessons run the same code cells as the English ones, hints and all; while
`course.viz.set_language("zh")` is in effect, `course.exercise` prints these instead. A key
with %-directives (%s, %d, %g, %.4f) is matched against the finished English text, and
what filled each directive fills the same place in the Chinese. tests/lessons checks that
every text the lessons give an Exercise has an entry.
"""

ZH = {
    # -- course.exercise's own words
    "Not answered yet: replace None with your answer and run the cell again.":
        "还没有作答：把 None 换成你的答案，再运行这个单元格。",
    "Right!": "答对了！",
    "Not yet right.": "还不对。",
    "Hint:": "提示：",
    "Try again; the next check gives a hint.": "再试一次；下一次检查会给出提示。",

    # -- 00_start_here
    "y = 1 * x0 + 2 * x1. Pick any x1, then choose x0 so that the two terms cancel.":
        "y = 1 * x0 + 2 * x1。随便选一个 x1，再选一个 x0，让两项正好抵消。",
    "y is %s.": "y 等于 %s。",
    "y is [[0.0]].": "y 等于 [[0.0]]。",

    # -- 01_loss_and_optimizers
    "Square each element, add the squares, halve the sum.": "把每个元素平方，加起来，再除以 2。",
    "Look at v.name for each trainable variable: keep the ones whose name ends in 'kernel:0', "
    "wherever they come from.":
        "看看每个可训练变量的 v.name：留下名字以 'kernel:0' 结尾的，不管它们来自哪一层。",
    "Not answered yet: replace None with your list and run the cell again.":
        "还没有作答：把 None 换成你的列表，再运行这个单元格。",
    "Axis 0 runs down the rows: one sum per column.": "第 0 轴沿着行往下走：每一列得到一个和。",
    "Axis 1 runs across: one sum per row.": "第 1 轴横着走：每一行得到一个和。",
    "x holds integers, so the mean is an integer too, rounded toward zero.":
        "x 里是整数，所以平均值也是整数，向 0 取整。",
    "Your list has %d variables.": "你的列表里有 %d 个变量。",

    # -- 02_backprop_pku
    "Larger rates take larger steps: try 0.005, 0.01, 0.02, ... and watch the loss (the slider "
    "above shows the curves).":
        "学习率越大，步子越大：试试 0.005、0.01、0.02……看损失怎样变化（上面的滑块能画出曲线）。",
    "One step of gradient descent is: new value = old value - learning rate * gradient. Use "
    "w2_start and grad_w2.":
        "梯度下降的一步是：新值 = 旧值 - 学习率 * 梯度。用 w2_start 和 grad_w2 来算。",
    "Not answered yet: replace None with your numpy expression and run the cell again.":
        "还没有作答：把 None 换成你的 numpy 表达式，再运行这个单元格。",
    "Look again at the two highlighted diagrams: which fetches need the update ops?":
        "再看看那两张高亮的图：取回哪些东西时需要运行更新运算？",
    "Not answered yet: replace None with a set of letters, e.g. {'a'}.":
        "还没有作答：把 None 换成一个字母集合，比如 {'a'}。",
    "With learning rate %g the loss after 3000 steps is %.4f, not below 0.385.":
        "学习率为 %g 时，3000 步后的损失是 %.4f，没有低于 0.385。",
    "With learning rate %g the loss after 3000 steps is %.4f.":
        "学习率为 %g 时，3000 步后的损失是 %.4f。",
    "A run updates the weights exactly when train_step is among its fetches.":
        "只有当取回的东西里有 train_step 时，这次运行才会更新权重。",

    # -- 03_mnist_softmax
    "Each row holds one image's 784 pixels. How many rows do 250 images make?":
        "每一行是一张图片的 784 个像素。250 张图片有多少行？",
    "Not answered yet: replace None with a tuple (number of rows, number of columns).":
        "还没有作答：把 None 换成一个元组（行数, 列数）。",
    "Take np.argmax of both arrays along axis=1 (one digit per image), compare them, and take "
    "the mean of the matches.":
        "对两个数组都沿 axis=1 取 np.argmax（每张图片一个数字），比较它们，再对相等的结果求平均。",
    "my_accuracy returns None: write its numpy code and run the cell again.":
        "my_accuracy 返回了 None：写好它的 numpy 代码，再运行这个单元格。",
    "reduce_mean of a [100, 10] tensor divides the sum by how many numbers? The rate must make "
    "up for that factor.":
        "对一个 [100, 10] 的张量求 reduce_mean，是把和除以多少个数？学习率要把这个倍数补回来。",
    "-1 became 250: 250 x 28 x 28 x 1 numbers make 250 rows of 784.":
        "-1 变成了 250：250 x 28 x 28 x 1 个数正好排成 250 行、每行 784 个。",
    "The same as the graph's accuracy.": "和计算图算出的准确率一样。",
    "Your rate takes a different step from the article's.": "你的学习率走出的一步和文章的不一样。",
    "reduce_mean divides by 100 x 10 = 1000, so the rate must be 1000 times bigger. (Görner's "
    "later code multiplies the mean by 1000 instead.)":
        "reduce_mean 除以 100 x 10 = 1000，所以学习率要大 1000 倍。（Görner 后面的代码则是把平均值乘以 1000。）",

    # -- 04_optimization_steps
    "Read the step with session.run(global_step) and choose the rate as after_run does.":
        "用 session.run(global_step) 读出步数，再像 after_run 那样选出学习率。",
    "Not answered yet: write after_create_session in place of `raise NotImplementedError` and "
    "run the cell again.":
        "还没有作答：把 `raise NotImplementedError` 换成你写的 after_create_session，再运行这个单元格。",
    "apply_op is what minimize's apply_gradients returns. Which ops does it depend on, and is "
    "the batch-norm update among them?":
        "apply_op 就是 minimize 里 apply_gradients 返回的运算。它依赖哪些运算？批归一化的更新在其中吗？",
    "Not answered yet: replace None with True or False.": "还没有作答：把 None 换成 True 或 False。",
    "Print saddle.left_view_at(name) for each name in saddle.optimizers.":
        "对 saddle.optimizers 里的每个 name 打印 saddle.left_view_at(name)。",
    "Not answered yet: replace None with an optimizer's name.": "还没有作答：把 None 换成一个优化器的名字。",
    "The first run after the restore would be fed %g.": "恢复之后的第一次运行会被喂入 %g。",
    "At step 100 the first run is fed 0.0001.": "在第 100 步，第一次运行被喂入 0.0001。",
    "apply_op does not depend on the update ops, so they never run: the moving averages stay at "
    "their initial values, and evaluation with is_training=False would use them.":
        "apply_op 不依赖这些更新运算，所以它们从不运行：滑动平均一直停在初始值，"
        "而 is_training=False 的评估用的正是它们。",
    "%s is not the first to leave.": "%s 不是第一个离开的。",
    "%s leaves at step %d: dividing by the size of its gradients turns the tiny slope along y "
    "into full-size steps at once.":
        "%s 在第 %d 步离开：除以梯度的大小，让沿 y 方向那一点点坡度立刻变成了完整大小的步子。",
}
