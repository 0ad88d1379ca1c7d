"""The words of the pictures in Simplified Chinese, keyed by their English wording.

`course.viz.language.tr` looks texts up here. A key with {fields} is a format string: the
translation keeps the same fields (the numbers are filled in after translating). A text
missing here stays English; tests/viz/test_viz_language.py fails for any text the
pictures pass to `tr` that has no entry.
"""

ZH = {
    # -- words used by several pictures
    "step": "步数",
    "steps": "步数",
    "step {step}": "第 {step} 步",
    "step {step} of {steps}": "第 {step} 步（共 {steps} 步）",
    "diverged": "发散",
    "diverged at step {step}": "第 {step} 步发散",
    "learning rate": "学习率",
    "learning rate ×": "学习率 ×",
    "momentum": "动量",
    "optimizer": "优化器",
    "loss": "损失",
    "training": "训练中",
    "value": "数值",
    "values": "数值",
    " and ": "、",
    "{names} during training": "训练中的{names}",

    # -- computation-graph diagrams (legend, captions, widget, control flow)
    "placeholder (fed)": "占位符（由 feed 喂入）",
    "variable (state)": "变量（保存状态）",
    "constant": "常量",
    "op": "运算",
    "gradient op": "梯度运算",
    "update / assign op": "更新 / 赋值运算",
    "scope folded into one node": "折叠成一个节点的命名空间",
    "tensor, labelled with its static shape": "张量（标出它的静态形状）",
    "ref input: the op writes this variable": "引用输入：这个运算会改写该变量",
    "control dependency (runs first)": "控制依赖（先运行）",
    "while loop body": "while 循环体",
    "tf.cond branch": "tf.cond 分支",
    "tf.cond branch (ran)": "tf.cond 分支（已运行）",
    "tf.cond branch (not run)": "tf.cond 分支（未运行）",
    "sess.run({names}) executes the {runs} solid ops; the {faded} faded ones do not run.":
        "sess.run({names}) 会执行实线框的 {runs} 个运算；淡色的 {faded} 个不会运行。",
    "{n} ops ran": "运行了 {n} 个运算",
    "traced run": "一次跟踪运行",
    "Values from one traced run ({ran}).": "图中的数值来自一次跟踪运行（{ran}）。",
    "expand": "展开",
    "show gradients": "显示梯度",
    "{name}: while loop": "{name}：while 循环",
    "{name}: while loop, 1 iteration": "{name}：while 循环，迭代 1 次",
    "{name}: while loop, {n} iterations (values: the last)":
        "{name}：while 循环，迭代 {n} 次（显示最后一次的值）",
    "ran": "已运行",
    "not run": "未运行",
    " (the last time)": "（最后一次）",

    # -- recurrent networks
    "scope {scope}, {steps}": "作用域 {scope}，{steps}",
    "T steps": "T 个时间步",
    "{n} steps": "{n} 个时间步",
    "example {n} of the batch: x_t (grey) and the state after each step (blue < 0 < red)":
        "这一批里的第 {n} 个样本：x_t（灰色）和每个时间步之后的状态（蓝 < 0 < 红）",
    "{name} within ±{limit}": "{name} 在 ±{limit} 以内",
    "sequence length {n}: later steps output 0 and keep the state":
        "序列长度 {n}：之后的时间步输出 0，状态保持不变",
    "inside the loop": "在循环内部",
    "not computed": "未计算",
    "cell": "单元",
    "past its length": "超出序列长度",
    "final\nstate": "最终\n状态",

    # -- reduction pictures
    "None (all axes)": "None（所有轴）",
    "axis {axis}": "第 {axis} 轴",
    "axis {axis} (= {spelled})": "第 {axis} 轴（= {spelled}）",
    "axes {axes} and {last}": "第 {axes} 和 {last} 轴",
    " across slices": "，跨切片",
    "kept": "保留",
    "away": "该轴消失",
    "to size 1": "长度变为 1",
    "summed {}": "求和，{}",
    "averaged {}": "求平均，{}",
    "multiplied {}": "连乘，{}",
    "reduced {} by max": "取最大值，{}",
    "reduced {} by min": "取最小值，{}",
    "sum": "和",
    "mean": "平均值",
    "product": "积",
    "max": "最大值",
    "min": "最小值",
    "x is a scalar: nothing to reduce": "x 是标量：没有可以归约的轴",
    "no axis given: nothing reduced": "没有指定轴：什么也没有归约",
    "{noun} of all {size} values": "全部 {size} 个值的{noun}",
    "{noun} of its one value": "唯一一个值的{noun}",
    "{noun} over {axes}": "沿{axes}求{noun}",
    "(integer mean: truncated toward 0)": "（整数平均：向 0 截断）",
    " with keepdims": "，keepdims",
    "{axes} kept as size 1": "{axes}保留为长度 1",
    " (a scalar)": "（标量）",
    "every axis is gone": "所有轴都消失了",
    "{axes} is gone": "{axes}消失了",
    "{axes} are gone": "{axes}消失了",
    "result: shape {shape}": "结果：形状 {shape}",
    "x: shape {shape}": "x：形状 {shape}",

    # -- learning-rate experiment
    "pin": "固定",
    "clear pins": "清除固定",
    "keep this curve to compare with the next": "保留这条曲线，和下一条比较",
    "batch size": "批大小",
    "(mean of every {n} steps)": "（每 {n} 步的平均）",
    "(every step: zoomed on the diverged run)": "（每一步：放大显示发散的那次）",
    "mean squared error": "均方误差",
    "cross-entropy per 100 images": "每 100 张图片的交叉熵",
    "PKU 2-3-1 network: MSE on 32 parts, batches of 8":
        "北大 2-3-1 网络：32 个零件上的均方误差，每批 8 个",
    "Görner's softmax on MNIST (4,000 digits)": "Görner 的 softmax 分类 MNIST（4000 个数字）",
    "f(w) = (w − 2)², from w = 5": "f(w) = (w − 2)²，从 w = 5 出发",
    "ill-conditioned quadratic 0.05 (x + y)² + 2.5 (x − y)²":
        "病态二次函数 0.05 (x + y)² + 2.5 (x − y)²",

    # -- optimizer race
    "minimum": "最小值点",
    "saddle point": "鞍点",
    "start": "起点",
    "out of view since step {step}": "第 {step} 步起离开视野",

    # -- Görner's dashboard
    "training dashboard": "训练仪表盘",
    "accuracy": "准确率",
    "cross-entropy": "交叉熵",
    "weights (W)": "权重 (W)",
    "biases (b)": "偏置 (b)",
    "training digits (last batch)": "训练数字（最后一批）",
    "test digits": "测试数字",
    "step {step}: test accuracy {test}, train accuracy {train}":
        "第 {step} 步：测试准确率 {test}，训练准确率 {train}",
    "train (batch)": "训练（当前批）",
    "test {value}": "测试 {value}",
    "median": "中位数",
    "percentiles of the values": "数值的百分位数",
    "{wrong} of {total} wrong": "{total} 个中错了 {wrong} 个",
    "wrong first, on red, labelled computed/correct": "错的排在前面，红底，标注“预测/正确”",

    # -- the Playground
    "play": "播放",
    "step (+{n})": "前进（+{n} 步）",
    "reset": "重来",
    "activation": "激活函数",
    "regularization": "正则化",
    "rate": "系数",
    "learning rate {rate}, activation {activation}, regularization {kind}":
        "学习率 {rate}，激活函数 {activation}，正则化 {kind}",
    "Playground, step {step}: train accuracy {train}, test accuracy {test}, loss {loss}":
        "游乐场，第 {step} 步：训练集准确率 {train}，测试集准确率 {test}，损失 {loss}",
    "output y over the input plane": "输出 y 在输入平面上的取值",
    "(line: y = 0.5, the decision boundary)": "（黑线：y = 0.5，即决策边界）",
    "hidden unit {n}: a[:, {j}]": "隐藏单元 {n}：a[:, {j}]",
    "train": "训练集",
    "test": "测试集",
    "accuracy (output > 0.5 means good)": "准确率（输出 > 0.5 即判为合格）",
    "test: good (1)": "测试集：合格 (1)",
    "test: bad (0)": "测试集：不合格 (0)",
    "train: good (1)": "训练集：合格 (1)",
    "train: bad (0)": "训练集：不合格 (0)",

    "frame": "帧",

    # -- backpropagation, step by step
    "placeholder": "占位符",
    "next": "下一步",
    "back": "上一步",
    "forward pass": "前向传播",
    "backward pass (chain rule)": "反向传播（链式法则）",
    "the update": "更新参数",
    "{name}: a Variable, its current value": "{name}：变量，它当前的值",
    "{name}: fed by the feed_dict": "{name}：由 feed_dict 喂入",
    "start: ∂loss/∂{name} = 1": "起点：∂loss/∂{name} = 1",
    "The gradient of the loss with respect to itself is 1:": "损失对它自己的梯度是 1：",
    "every other gradient is this 1 passed back through the ops.":
        "其他所有梯度，都是这个 1 沿着运算一路往回传出来的。",
    "upstream: ∂loss/∂{name} =": "上游梯度：∂loss/∂{name} =",
    "back through {name} ({type})": "反向经过 {name}（{type}）",
    "before: {name} =": "更新前：{name} =",
    "after: {name} - {rate} × ∂loss/∂{name} =": "更新后：{name} - {rate} × ∂loss/∂{name} =",
    "(the mean of {n} numbers: each counts 1/{n})": "（{n} 个数的平均：每个数占 1/{n}）",
    "copied to every element summed": "复制给参与求和的每个元素",
}
