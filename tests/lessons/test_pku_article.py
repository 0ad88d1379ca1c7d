"""Source article 2 (Peking University, "TensorFlow1.x的反向传播推导与实现"): its program, run
unchanged under ``import course as tf``, prints the article's initial weights and loss lines."""
import contextlib
import io

import pytest

ARTICLE_PROGRAM = '''
import course as tf
import numpy as np
BATCH_SIZE = 8
SEED = 23455
rdm = np.random.RandomState(SEED)
X = rdm.rand(32,2)
Y_ = [[int(x0 + x1 < 1)] for (x0, x1) in X]
x = tf.placeholder(tf.float32, shape=(None, 2))
y_= tf.placeholder(tf.float32, shape=(None, 1))
w1= tf.Variable(tf.random_normal([2, 3], stddev=1, seed=1))
w2= tf.Variable(tf.random_normal([3, 1], stddev=1, seed=1))
a = tf.matmul(x, w1)
y = tf.matmul(a, w2)
loss_mse = tf.reduce_mean(tf.square(y-y_))
train_step = OPTIMIZER.minimize(loss_mse)
with tf.Session() as sess:
    init_op = tf.global_variables_initializer()
    sess.run(init_op)
    print("w1:\\n", sess.run(w1))
    print("w2:\\n", sess.run(w2))
    STEPS = 3000
    for i in range(STEPS):
        start = (i*BATCH_SIZE) % 32
        end = start + BATCH_SIZE
        sess.run(train_step, feed_dict={x: X[start:end], y_: Y_[start:end]})
        if i % 500 == 0:
            total_loss = sess.run(loss_mse, feed_dict={x: X, y_: Y_})
            print("After %d training step(s), loss_mse on all data is %g" % (i, total_loss))
'''

ARTICLE_WEIGHTS = """w1:
 [[-0.8113182   1.4845988   0.06532937]
 [-2.4427042   0.0992484   0.5912243 ]]
w2:
 [[-0.8113182 ]
 [ 1.4845988 ]
 [ 0.06532937]]
"""


def _run(optimizer):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(ARTICLE_PROGRAM.replace("OPTIMIZER", optimizer), {})
    return out.getvalue()


def _loss_lines(printed):
    return [line.rsplit(" ", 1)[1] for line in printed.splitlines() if line.startswith("After")]


def test_gradient_descent_prints_the_article_lines():
    printed = _run("tf.train.GradientDescentOptimizer(0.001)")
    assert printed.startswith(ARTICLE_WEIGHTS)
    assert _loss_lines(printed) == ["5.13118", "0.429111", "0.409789", "0.399923", "0.394146",
                                    "0.390597"]


@pytest.mark.parametrize("optimizer, expected", [
    # TensorFlow's own output for the article's commented-out alternatives.
    ("tf.train.MomentumOptimizer(0.001, 0.9)",
     ["5.13118", "0.384391", "0.383592", "0.383562", "0.383561", "0.383561"]),
    ("tf.train.AdamOptimizer(0.001)",
     ["5.20999", "0.617026", "0.392288", "0.386432", "0.384254", "0.383676"]),
])
def test_other_optimizers_print_tensorflows_lines(optimizer, expected):
    assert _loss_lines(_run(optimizer)) == expected
