"""The recurrent programs behind golden/rnn.json, written once and run under both TensorFlow
(scripts/record_golden_rnn.py records) and course (tests/layers/test_rnn_golden.py compares).

``tf`` is ``tensorflow.compat.v1`` or ``course``. This module imports neither (the MNIST
batches come from course.datasets, which needs numpy only).
Every program sets a graph seed only, and gives the root variable scope TF1's default kernel
initializer, ``glorot_uniform_initializer()`` (a stateful RandomUniform seeded from the graph
seed and TF 2's per-graph counter). TF1's cells got it from get_variable, as course's do; TF 2's
tf_keras cells instead draw a stateless initializer's seed from Python's ``random`` module,
which no graph seed makes reproducible, so a TF 2 program without this line has no fixed
numbers to compare with.
"""
import numpy as np

GRAPH_SEED = 11
BATCH, TIME, DEPTH = 3, 4, 5
SEQUENCE_LENGTH = [4, 2, 3]


# -- cells, one forward and backward pass -----------------------------------------------------
def custom_cells(tf):
    """Cells a learner writes: an RNNCell whose call makes its variables with get_variable
    (TF's old style), and one that makes them in build with add_variable."""
    class MinimalRNNCell(tf.nn.rnn_cell.RNNCell):
        def __init__(self, num_units, **kwargs):
            super(MinimalRNNCell, self).__init__(**kwargs)
            self._num_units = num_units

        @property
        def state_size(self):
            return self._num_units

        @property
        def output_size(self):
            return self._num_units

        def call(self, inputs, state):
            w = tf.get_variable("w", [inputs.shape[1] + self._num_units, self._num_units])
            b = tf.get_variable("b", [self._num_units], initializer=tf.zeros_initializer())
            out = tf.tanh(tf.matmul(tf.concat([inputs, state], 1), w) + b)
            return out, out

    class LeakyIntegratorCell(tf.nn.rnn_cell.RNNCell):
        def __init__(self, num_units, leak=0.3, reuse=None, name=None):
            super(LeakyIntegratorCell, self).__init__(_reuse=reuse, name=name)
            self._num_units, self._leak = num_units, leak

        @property
        def state_size(self):
            return self._num_units

        @property
        def output_size(self):
            return self._num_units

        def build(self, inputs_shape):
            self._kernel = self.add_variable("kernel", [inputs_shape[1], self._num_units])
            self.built = True

        def call(self, inputs, state):
            drive = tf.nn.relu(tf.matmul(inputs, self._kernel))
            new_state = (1 - self._leak) * state + self._leak * drive
            return tf.sigmoid(new_state), new_state

    return MinimalRNNCell, LeakyIntegratorCell


CELLS = {
    "basic_rnn": lambda tf: tf.nn.rnn_cell.BasicRNNCell(6),
    "basic_rnn_relu": lambda tf: tf.nn.rnn_cell.BasicRNNCell(4, activation=tf.nn.relu),
    "basic_lstm": lambda tf: tf.nn.rnn_cell.BasicLSTMCell(6),
    "basic_lstm_concat_state": lambda tf: tf.nn.rnn_cell.BasicLSTMCell(
        5, forget_bias=0.5, state_is_tuple=False),
    "lstm": lambda tf: tf.nn.rnn_cell.LSTMCell(6),
    "lstm_peepholes_projection_clip": lambda tf: tf.nn.rnn_cell.LSTMCell(
        6, use_peepholes=True, num_proj=3, cell_clip=0.3, proj_clip=0.25),
    "gru": lambda tf: tf.nn.rnn_cell.GRUCell(6),
    "multi_lstm_gru": lambda tf: tf.nn.rnn_cell.MultiRNNCell(
        [tf.nn.rnn_cell.BasicLSTMCell(4), tf.nn.rnn_cell.GRUCell(5)]),
    "dropout_seeded": lambda tf: tf.nn.rnn_cell.DropoutWrapper(
        tf.nn.rnn_cell.BasicLSTMCell(4), input_keep_prob=0.8, output_keep_prob=0.7,
        state_keep_prob=0.6, seed=7),
    "dropout_graph_seed": lambda tf: tf.nn.rnn_cell.DropoutWrapper(
        tf.nn.rnn_cell.GRUCell(4), output_keep_prob=0.5),
    "residual_gru": lambda tf: tf.nn.rnn_cell.ResidualWrapper(tf.nn.rnn_cell.GRUCell(DEPTH)),
    "custom_rnn_cell": lambda tf: custom_cells(tf)[0](4),
    "custom_layer_cell_in_multi": lambda tf: tf.nn.rnn_cell.MultiRNNCell(
        [custom_cells(tf)[1](3), custom_cells(tf)[0](2)]),
    "device_lstm": lambda tf: tf.nn.rnn_cell.DeviceWrapper(tf.nn.rnn_cell.BasicLSTMCell(3),
                                                           "/cpu:0"),
}

# How the cell is run over the sequence. static_rnn makes one dropout op per step (with a seed,
# the same mask at every step); dynamic_rnn's while loop runs ONE dropout op at every step, its
# random stream moving on (fresh masks). TF runs up to parallel_iterations (32) iterations at
# once, so which step draws which numbers is a race and TF's own runs differ; with
# parallel_iterations=1 its steps draw in order, as course's always do.
IN_ORDER = {"parallel_iterations": 1}
RUNNERS = {
    "static": lambda tf, cell, x: tf.nn.static_rnn(cell, tf.unstack(x, axis=1),
                                                   dtype=tf.float32),
    "static_sequence_length": lambda tf, cell, x: tf.nn.static_rnn(
        cell, tf.unstack(x, axis=1), dtype=tf.float32, sequence_length=SEQUENCE_LENGTH),
    "dynamic": lambda tf, cell, x: tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, **IN_ORDER),
    "dynamic_sequence_length": lambda tf, cell, x: tf.nn.dynamic_rnn(
        cell, x, dtype=tf.float32, sequence_length=SEQUENCE_LENGTH, **IN_ORDER),
    "dynamic_time_major_initial_state": lambda tf, cell, x: tf.nn.dynamic_rnn(
        cell, tf.transpose(x, [1, 0, 2]), time_major=True,
        initial_state=_ones_state(tf, cell), **IN_ORDER),
}


def _ones_state(tf, cell):
    """A non-zero initial state shaped like the cell's state: 0.1, 0.2, ... per leaf."""
    zero = cell.zero_state(BATCH, tf.float32)
    flat = tf.nest.flatten(zero)
    return tf.nest.pack_sequence_as(zero, [z + 0.1 * (i + 1) for i, z in enumerate(flat)])


def cell_cases():
    """(case name, cell name, runner name) of every recorded cell run."""
    for cell in CELLS:
        for runner in RUNNERS:
            yield "%s/%s" % (cell, runner), cell, runner
    yield "bidirectional_dynamic/lstm_gru", "bidirectional", "dynamic_sequence_length"
    yield "bidirectional_static/lstm_gru", "bidirectional", "static_sequence_length"


def cell_input():
    return np.random.default_rng(5).uniform(-1, 1, (BATCH, TIME, DEPTH)).astype(np.float32)


def seed_graph(tf, seed):
    """The graph seed, and TF1's default kernel initializer for every variable scope."""
    tf.set_random_seed(seed)
    tf.get_variable_scope().set_initializer(tf.glorot_uniform_initializer())


def build_cell_case(tf, cell_name, runner_name):
    """The case's graph in the default graph: outputs, final state, and the gradients of a
    weighted sum of both with respect to the input and every trainable variable."""
    seed_graph(tf, GRAPH_SEED)
    x = tf.placeholder(tf.float32, [BATCH, TIME, DEPTH], name="x")
    if cell_name == "bidirectional":
        fw, bw = tf.nn.rnn_cell.BasicLSTMCell(3), tf.nn.rnn_cell.GRUCell(4)
        if runner_name.startswith("dynamic"):
            outputs, state = tf.nn.bidirectional_dynamic_rnn(
                fw, bw, x, sequence_length=SEQUENCE_LENGTH, dtype=tf.float32)
        else:
            outputs, state_fw, state_bw = tf.nn.static_bidirectional_rnn(
                fw, bw, tf.unstack(x, axis=1), sequence_length=SEQUENCE_LENGTH,
                dtype=tf.float32)
            state = (state_fw, state_bw)
    else:
        outputs, state = RUNNERS[runner_name](tf, CELLS[cell_name](tf), x)
    flat = tf.nest.flatten(outputs) + tf.nest.flatten(state)
    rng = np.random.default_rng(9)
    loss = tf.add_n([tf.reduce_sum(t * rng.uniform(0.5, 1.5, t.shape.as_list()).astype(
        np.float32)) for t in flat])
    variables = tf.trainable_variables()
    grads = tf.gradients(loss, [x] + variables)
    return {"x": x, "outputs": tf.nest.flatten(outputs), "state": tf.nest.flatten(state),
            "variables": variables, "grads": grads}


# -- an LSTM classifier of MNIST rows, in the style of the common tutorials ---------------------
MNIST_HIDDEN = 32
MNIST_BATCH = 64
MNIST_SEED = 1


def mnist_batches(steps, batch_size=MNIST_BATCH):
    """The same batches on both sides: the bundled subset's shuffled next_batch, seeded."""
    from course.datasets import load_mnist
    data = load_mnist(one_hot=True, seed=MNIST_SEED)
    return [data.train.next_batch(batch_size) for _ in range(steps)], data.test


def build_mnist_lstm(tf, num_hidden=MNIST_HIDDEN, learning_rate=0.01, optimizer="Adam",
                     dynamic=False):
    """aymericdamien's recurrent_network.py: 28 rows of 28 pixels, BasicLSTMCell + static_rnn
    (or dynamic_rnn), the last output through a random_normal dense layer, softmax
    cross-entropy."""
    seed_graph(tf, MNIST_SEED)
    timesteps, num_input, num_classes = 28, 28, 10
    X = tf.placeholder("float", [None, timesteps, num_input])
    Y = tf.placeholder("float", [None, num_classes])
    weights = {"out": tf.Variable(tf.random_normal([num_hidden, num_classes]))}
    biases = {"out": tf.Variable(tf.random_normal([num_classes]))}
    lstm_cell = tf.nn.rnn_cell.BasicLSTMCell(num_hidden, forget_bias=1.0)
    if dynamic:
        outputs, states = tf.nn.dynamic_rnn(lstm_cell, X, dtype=tf.float32)
        last = states.h
    else:
        x = tf.unstack(X, timesteps, 1)
        outputs, states = tf.nn.static_rnn(lstm_cell, x, dtype=tf.float32)
        last = outputs[-1]
    logits = tf.matmul(last, weights["out"]) + biases["out"]
    prediction = tf.nn.softmax(logits)
    loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y))
    if optimizer == "Adam":
        opt = tf.train.AdamOptimizer(learning_rate=learning_rate)
    else:
        opt = tf.train.GradientDescentOptimizer(learning_rate=learning_rate)
    train_op = opt.minimize(loss_op)
    correct_pred = tf.equal(tf.argmax(prediction, 1), tf.argmax(Y, 1))
    accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))
    return {"X": X, "Y": Y, "loss": loss_op, "train": train_op, "accuracy": accuracy}


def run_mnist_lstm(tf, steps, eval_every=None, **kwargs):
    """Train for ``steps`` batches: the loss at each step (before its update), the test
    accuracy every ``eval_every`` steps and at the end, and the final kernel."""
    batches, test = mnist_batches(steps)
    graph = tf.Graph()
    with graph.as_default():
        m = build_mnist_lstm(tf, **kwargs)
        kernel = [v for v in tf.global_variables() if v.name.endswith("basic_lstm_cell/kernel:0")]
        test_feed = {m["X"]: test.images.reshape(-1, 28, 28), m["Y"]: test.labels}
        losses, accuracies = [], []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for step, (bx, by) in enumerate(batches, 1):
                loss, _ = sess.run([m["loss"], m["train"]],
                                   {m["X"]: bx.reshape(-1, 28, 28), m["Y"]: by})
                losses.append(float(loss))
                if eval_every and step % eval_every == 0:
                    accuracies.append(float(sess.run(m["accuracy"], test_feed)))
            final_accuracy = float(sess.run(m["accuracy"], test_feed))
            final_kernel = sess.run(kernel[0])
    return {"losses": losses, "accuracies": accuracies, "final_accuracy": final_accuracy,
            "kernel_variables": [v.name for v in kernel], "final_kernel": final_kernel}


# -- a GRU sequence regression ------------------------------------------------------------------
def gru_regression_data():
    """Noisy sine windows: predict each step's next value (16 sequences of 12 steps)."""
    rng = np.random.default_rng(3)
    phase = rng.uniform(0, 2 * np.pi, (16, 1))
    t = np.arange(13)[None, :] * 0.5
    wave = np.sin(t + phase) + 0.05 * rng.standard_normal((16, 13))
    return wave[:, :-1, None].astype(np.float32), wave[:, 1:, None].astype(np.float32)


def run_gru_regression(tf, steps=20):
    """GRUCell(8) in dynamic_rnn, tf.layers.dense on its outputs, MSE, Adam: losses per step
    and the final predictions."""
    inputs, targets = gru_regression_data()
    graph = tf.Graph()
    with graph.as_default():
        seed_graph(tf, 4)
        x = tf.placeholder(tf.float32, [None, 12, 1])
        y = tf.placeholder(tf.float32, [None, 12, 1])
        outputs, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(8), x, dtype=tf.float32)
        prediction = tf.layers.dense(outputs, 1)
        loss = tf.reduce_mean(tf.square(prediction - y))
        train = tf.train.AdamOptimizer(0.05).minimize(loss)
        names = [v.name for v in tf.trainable_variables()]
        losses = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(steps):
                value, _ = sess.run([loss, train], {x: inputs, y: targets})
                losses.append(float(value))
            final = sess.run(prediction, {x: inputs})
    return {"losses": losses, "variables": names, "final_prediction": final}


# -- traced runs for the pictures (course only: they use RunMetadata's recorded values) --------
def traced_run(tf, build, feed_of):
    """Build with ``build(tf) -> (target, fetch, feeds)`` in a new graph, run ``fetch`` once
    traced: (graph, target, run_metadata)."""
    graph = tf.Graph()
    with graph.as_default():
        target, fetch, placeholders = build(tf)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            metadata = tf.RunMetadata()
            sess.run(fetch, feed_of(placeholders),
                     options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE),
                     run_metadata=metadata)
    return graph, target, metadata


def traced_small_lstm(tf):
    """BasicLSTMCell(4) over 6 steps of 3 features (static_rnn), traced."""
    def build(tf):
        seed_graph(tf, 3)
        x = tf.placeholder(tf.float32, [2, 6, 3], name="x")
        outputs, state = tf.nn.static_rnn(tf.nn.rnn_cell.BasicLSTMCell(4),
                                          tf.unstack(x, axis=1), dtype=tf.float32)
        return outputs, [outputs, state], x
    values = np.random.default_rng(0).uniform(-1, 1, (2, 6, 3)).astype(np.float32)
    return traced_run(tf, build, lambda x: {x: values})


def traced_stacked_gru_lstm(tf):
    """MultiRNNCell([GRUCell(3), BasicLSTMCell(2)]) in static_rnn, lengths [5, 3], traced."""
    def build(tf):
        seed_graph(tf, 5)
        x = tf.placeholder(tf.float32, [2, 5, 2], name="x")
        lengths = tf.placeholder(tf.int32, [2], name="lengths")
        cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(3),
                                            tf.nn.rnn_cell.BasicLSTMCell(2)])
        outputs, state = tf.nn.static_rnn(cell, tf.unstack(x, axis=1), sequence_length=lengths,
                                          dtype=tf.float32)
        return outputs, [outputs, state], (x, lengths)
    values = np.random.default_rng(2).uniform(-1, 1, (2, 5, 2)).astype(np.float32)
    return traced_run(tf, build, lambda p: {p[0]: values, p[1]: [5, 3]})


def traced_dynamic_lstm(tf):
    """BasicLSTMCell(3) in dynamic_rnn (a while loop), lengths [6, 4], traced."""
    def build(tf):
        seed_graph(tf, 7)
        x = tf.placeholder(tf.float32, [2, 6, 2], name="x")
        outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(3), x,
                                           sequence_length=[6, 4], dtype=tf.float32)
        return outputs, [outputs, state], x
    values = np.random.default_rng(4).uniform(-1, 1, (2, 6, 2)).astype(np.float32)
    return traced_run(tf, build, lambda x: {x: values})


def traced_mnist_lstm(tf):
    """The tutorial classifier's loss on its first batch, traced."""
    (images, labels), = mnist_batches(1)[0]

    def build(tf):
        m = build_mnist_lstm(tf)
        return tf.get_default_graph(), m["loss"], m
    return traced_run(tf, build, lambda m: {m["X"]: images.reshape(-1, 28, 28),
                                            m["Y"]: labels})


# -- the tutorial's script, run as text ---------------------------------------------------------
# aymericdamien-style recurrent_network.py (its structure and prints); only the import lines
# and the MNIST loader (the bundled subset, seeded) are filled in per side. Its default kernel
# initializer is left alone: under TF 2.21 it is unseedable (see seed_graph), so TF's side gives
# an accuracy band over several runs rather than digits.
TUTORIAL_PROGRAM = '''
from __future__ import print_function

IMPORTS

# Import MNIST data
from course.datasets import load_mnist
mnist = load_mnist(one_hot=True, seed=1)

# Training Parameters
learning_rate = 0.01
training_steps = 300
batch_size = 64
display_step = 100

# Network Parameters
num_input = 28 # MNIST data input (img shape: 28*28)
timesteps = 28 # timesteps
num_hidden = 32 # hidden layer num of features
num_classes = 10 # MNIST total classes (0-9 digits)

# tf Graph input
X = tf.placeholder("float", [None, timesteps, num_input])
Y = tf.placeholder("float", [None, num_classes])

# Define weights
weights = {
    'out': tf.Variable(tf.random_normal([num_hidden, num_classes]))
}
biases = {
    'out': tf.Variable(tf.random_normal([num_classes]))
}


def RNN(x, weights, biases):

    # Prepare data shape to match `rnn` function requirements
    # Current data input shape: (batch_size, timesteps, n_input)
    # Required shape: 'timesteps' tensors list of shape (batch_size, n_input)

    # Unstack to get a list of 'timesteps' tensors of shape (batch_size, n_input)
    x = tf.unstack(x, timesteps, 1)

    # Define a lstm cell with tensorflow
    lstm_cell = rnn.BasicLSTMCell(num_hidden, forget_bias=1.0)

    # Get lstm cell output
    outputs, states = rnn.static_rnn(lstm_cell, x, dtype=tf.float32)

    # Linear activation, using rnn inner loop last output
    return tf.matmul(outputs[-1], weights['out']) + biases['out']

logits = RNN(X, weights, biases)
prediction = tf.nn.softmax(logits)

# Define loss and optimizer
loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(
    logits=logits, labels=Y))
optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate)
train_op = optimizer.minimize(loss_op)

# Evaluate model (with test logits, for dropout to be disabled)
correct_pred = tf.equal(tf.argmax(prediction, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))

# Initialize the variables (i.e. assign their default value)
init = tf.global_variables_initializer()

# Start training
with tf.Session() as sess:

    # Run the initializer
    sess.run(init)

    for step in range(1, training_steps+1):
        batch_x, batch_y = mnist.train.next_batch(batch_size)
        # Reshape data to get 28 seq of 28 elements
        batch_x = batch_x.reshape((batch_size, timesteps, num_input))
        # Run optimization op (backprop)
        sess.run(train_op, feed_dict={X: batch_x, Y: batch_y})
        if step % display_step == 0 or step == 1:
            # Calculate batch loss and accuracy
            loss, acc = sess.run([loss_op, accuracy], feed_dict={X: batch_x,
                                                                 Y: batch_y})
            print("Step " + str(step) + ", Minibatch Loss= " + \\
                  "{:.4f}".format(loss) + ", Training Accuracy= " + \\
                  "{:.3f}".format(acc))

    print("Optimization Finished!")

    # Calculate accuracy for the test images
    test_len = 1000
    test_data = mnist.test.images[:test_len].reshape((-1, timesteps, num_input))
    test_label = mnist.test.labels[:test_len]
    print("Testing Accuracy:", \\
        sess.run(accuracy, feed_dict={X: test_data, Y: test_label}))
'''

COURSE_IMPORTS = "import course as tf\nfrom course.contrib import rnn"


def run_tutorial(imports, namespace=None):
    """Run the tutorial text with ``imports`` in a fresh namespace: what it printed."""
    import contextlib
    import io
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(TUTORIAL_PROGRAM.replace("IMPORTS", imports), dict(namespace or {}))
    return printed.getvalue()


def tutorial_accuracy(printed):
    return float(printed.strip().splitlines()[-1].split(":")[1])
