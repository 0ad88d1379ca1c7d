"""Small models the picture tests and scripts/gallery.py build: the Peking University course's
2-3-1 network with constant weights, and Martin Görner's softmax for MNIST."""
import numpy as np

import course as tf

# Four parts of the PKU data set (two features each; 1 = good), for feeding pku_network.
FEED_X = np.array([[0.7, 0.5], [0.2, 0.3], [0.3, 0.1], [0.5, 0.5]], np.float32)
FEED_Y = np.array([[1], [0], [1], [0]], np.float32)


def pku_network(minimize=True, learning_rate=0.001, row_sums=False):
    """The 2-3-1 network with constant weights (readable values), in a new Graph.

    Returns (graph, tensors): tensors x, y_, w1, w2, loss and train (gradient descent at
    ``learning_rate``; None when not ``minimize``); with ``row_sums`` also rows, the output
    summed over axis 1 (an op named "rows", made before the training ops).
    """
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, (None, 2), name="x")
        y_ = tf.placeholder(tf.float32, (None, 1), name="y_")
        w1 = tf.Variable(tf.constant([[0.2, -0.5, 0.3], [0.4, 0.1, -0.2]]), name="w1")
        w2 = tf.Variable(tf.constant([[0.6], [-0.3], [0.5]]), name="w2")
        y = tf.matmul(tf.matmul(x, w1), w2)
        loss = tf.reduce_mean(tf.square(y - y_))
        tensors = {"x": x, "y_": y_, "w1": w1, "w2": w2, "loss": loss}
        if row_sums:
            tensors["rows"] = tf.reduce_sum(y, axis=1, keepdims=True, name="rows")
        tensors["train"] = (tf.train.GradientDescentOptimizer(learning_rate).minimize(loss)
                            if minimize else None)
    return graph, tensors


def gorner_softmax(learning_rate=0.003):
    """Görner's one-layer softmax for MNIST in the default graph: X (images [N, 28, 28, 1]),
    Y_ (one-hot labels), W, b, Y (probabilities), his summed cross_entropy, accuracy and a
    gradient-descent train_step, by name."""
    X = tf.placeholder(tf.float32, [None, 28, 28, 1])
    Y_ = tf.placeholder(tf.float32, [None, 10])
    W = tf.Variable(tf.zeros([784, 10]))
    b = tf.Variable(tf.zeros([10]))
    Y = tf.nn.softmax(tf.matmul(tf.reshape(X, [-1, 784]), W) + b)
    cross_entropy = -tf.reduce_sum(Y_ * tf.log(Y))
    correct = tf.equal(tf.argmax(Y, 1), tf.argmax(Y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
    train_step = tf.train.GradientDescentOptimizer(learning_rate).minimize(cross_entropy)
    return {"X": X, "Y_": Y_, "W": W, "b": b, "Y": Y, "cross_entropy": cross_entropy,
            "accuracy": accuracy, "train_step": train_step}


def gorner_conv(learning_rate=0.003):
    """Görner's convolutional network for MNIST (mnist_3.0): three ReLU convolutions of 6, 12
    and 24 channels (strides 1, 2, 2), a 200-unit ReLU layer, softmax, Adam; in the default
    graph. Returns X, Y_, the weights W1..W5, B1..B5, Y, cross_entropy, accuracy and
    train_step, by name."""
    X = tf.placeholder(tf.float32, [None, 28, 28, 1])
    Y_ = tf.placeholder(tf.float32, [None, 10])
    shapes = [[6, 6, 1, 6], [5, 5, 6, 12], [4, 4, 12, 24], [7 * 7 * 24, 200], [200, 10]]
    found = {"X": X, "Y_": Y_}
    for i, shape in enumerate(shapes, start=1):
        found[f"W{i}"] = tf.Variable(tf.truncated_normal(shape, stddev=0.1, seed=i))
        found[f"B{i}"] = tf.Variable(tf.ones([shape[-1]]) / 10)
    W, B = [found[f"W{i}"] for i in range(1, 6)], [found[f"B{i}"] for i in range(1, 6)]
    Y1 = tf.nn.relu(tf.nn.conv2d(X, W[0], strides=[1, 1, 1, 1], padding="SAME") + B[0])
    Y2 = tf.nn.relu(tf.nn.conv2d(Y1, W[1], strides=[1, 2, 2, 1], padding="SAME") + B[1])
    Y3 = tf.nn.relu(tf.nn.conv2d(Y2, W[2], strides=[1, 2, 2, 1], padding="SAME") + B[2])
    YY = tf.reshape(Y3, shape=[-1, 7 * 7 * 24])
    Y4 = tf.nn.relu(tf.matmul(YY, W[3]) + B[3])
    Ylogits = tf.matmul(Y4, W[4]) + B[4]
    Y = tf.nn.softmax(Ylogits)
    cross_entropy = tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits(logits=Ylogits, labels=Y_)) * 100
    correct = tf.equal(tf.argmax(Y, 1), tf.argmax(Y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
    train_step = tf.train.AdamOptimizer(learning_rate).minimize(cross_entropy)
    found.update(Y1=Y1, Y2=Y2, Y3=Y3, Y4=Y4, Ylogits=Ylogits, Y=Y, cross_entropy=cross_entropy,
                 accuracy=accuracy, train_step=train_step)
    return found
