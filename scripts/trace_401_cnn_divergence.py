"""Where course and TensorFlow part on the conformance program morvan_401_cnn (the evidence
of docs/CONFORMANCE_401_CNN.md).

    python scripts/trace_401_cnn_divergence.py [--steps 51] [--perturb N]
        [--tf-python /work/tfvenv/bin/python]

Runs 401_CNN.py's graph (tf.layers conv/pool/dense, softmax cross-entropy, Adam 0.001, the
same MNIST batches, tf.set_random_seed(1)) under TensorFlow (scripts/tf1_shim.py) and under
course (python -m course run), dumping every variable, gradient, Adam slot and activation per
step, then reports:

* what must be identical (batches, initial weights) and the first step's differences;
* Adam: each engine's update against TF's ApplyAdam formula on its own gradients;
* teacher forcing: course computing each step from TF's weights (each op's own error);
* the free runs: how far the weights drift per step, and the first ReLU gate or max-pool
  route that differs;
* with ``--perturb N``: TF's and course's step-50 loss when one conv1 weight starts one
  float32 ulp away (N seeds), which shows the two outcomes the loss can take.

The same file is the TF1 program both engines run (``--dump OUT``) and the teacher-forcing
program (``--force REF``); both modes import ``tensorflow``, which the runners provide.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
KERNELS = ("conv2d/kernel", "conv2d_1/kernel", "dense/kernel")


# -- the program (run under either engine) -------------------------------------------------------
def build(tf):
    """401_CNN.py's graph. Its ``tf_x`` is the placeholder divided by 255, and the program feeds
    ``tf_x`` itself, so the division never runs: the images enter in [0, 1]."""
    tf_x = tf.placeholder(tf.float32, [None, 28 * 28]) / 255.
    image = tf.reshape(tf_x, [-1, 28, 28, 1])
    tf_y = tf.placeholder(tf.int32, [None, 10])
    conv1 = tf.layers.conv2d(inputs=image, filters=16, kernel_size=5, strides=1,
                             padding='same', activation=tf.nn.relu)
    pool1 = tf.layers.max_pooling2d(conv1, pool_size=2, strides=2)
    conv2 = tf.layers.conv2d(pool1, 32, 5, 1, 'same', activation=tf.nn.relu)
    pool2 = tf.layers.max_pooling2d(conv2, 2, 2)
    output = tf.layers.dense(tf.reshape(pool2, [-1, 7 * 7 * 32]), 10)
    loss = tf.losses.softmax_cross_entropy(onehot_labels=tf_y, logits=output)
    acts = {"conv1": conv1, "conv2": conv2, "output": output}
    return tf_x, tf_y, acts, loss


def dump_run(out, steps, perturb):
    import tensorflow as tf
    from tensorflow.examples.tutorials.mnist import input_data

    tf.set_random_seed(1)
    np.random.seed(1)
    mnist = input_data.read_data_sets('./mnist', one_hot=True)
    tf_x, tf_y, acts, loss = build(tf)
    opt = tf.train.AdamOptimizer(0.001)
    grads_and_vars = opt.compute_gradients(loss)
    train_op = opt.apply_gradients(grads_and_vars)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    variables = [v for _, v in grads_and_vars]
    names = [v.name.split(':')[0] for v in variables]
    if perturb is not None:  # one conv1 weight one ulp away; its own stream keeps the batches
        stream = np.random.RandomState(perturb)
        value = sess.run(variables[0])
        index = tuple(stream.randint(size) for size in value.shape)
        value[index] = np.nextafter(value[index], np.float32(np.inf if stream.rand() < .5
                                                              else -np.inf))
        variables[0].load(value, sess)
    slots = [opt.get_slot(v, s) for v in variables for s in ("m", "v")]
    slot_names = ["%s/%s" % (n, s) for n in names for s in ("m", "v")]
    dump = {}
    for step in range(steps):
        b_x, b_y = mnist.train.next_batch(50)
        feed = {tf_x: b_x, tf_y: b_y}
        record = {"batch_x": b_x, "batch_y": b_y}
        record.update(("var/" + n, v) for n, v in zip(names, sess.run(variables)))
        record.update(("act/" + k, v) for k, v in zip(acts, sess.run(list(acts.values()), feed)))
        done = sess.run([train_op, loss] + [g for g, _ in grads_and_vars], feed)
        record["loss"] = np.float32(done[1])
        record.update(("grad/" + n, g) for n, g in zip(names, done[2:]))
        record.update(("slot/" + n, v) for n, v in zip(slot_names, sess.run(slots)))
        dump.update(("step%d/%s" % (step, k), v) for k, v in record.items())
    print("loss after %d steps: %.7f" % (steps - 1, dump["step%d/loss" % (steps - 1)]))
    if out != "-":
        np.savez(out, **dump)


def force_run(ref_path, steps):
    """From TF's weights and batch at each step: this engine's activations and gradients, and
    their distance from TF's in float32 ulps of the tensor's largest element."""
    import tensorflow as tf

    ref = np.load(ref_path)
    tf_x, tf_y, acts, loss = build(tf)
    variables = tf.trainable_variables()
    names = [v.name.split(':')[0] for v in variables]
    grads = tf.gradients(loss, variables)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    worst = {}
    for step in range(steps):
        for n, v in zip(names, variables):
            v.load(ref["step%d/var/%s" % (step, n)], sess)
        feed = {tf_x: ref["step%d/batch_x" % step], tf_y: ref["step%d/batch_y" % step]}
        got = sess.run(list(acts.values()) + [loss] + grads, feed)
        keys = ["act/" + k for k in acts] + ["loss"] + ["grad/" + n for n in names]
        for key, value in zip(keys, got):
            distance = ulps(value, ref["step%d/%s" % (step, key)])
            if distance > worst.get(key, (-1, 0))[0]:
                worst[key] = (distance, step)
    for key, (distance, step) in worst.items():
        print("  %-22s at most %6.1f ulps (step %d)" % (key, distance, step))


def ulps(got, want):
    scale = np.abs(want).max()
    error = np.abs(np.asarray(got, np.float64) - want).max()
    return error / np.spacing(np.float32(scale)) if scale else error


# -- the driver ----------------------------------------------------------------------------------
def run_engine(engine, args, workdir, tf_python, env=None):
    script = str(Path(__file__).resolve())
    command = ([tf_python, str(ROOT / "scripts" / "tf1_shim.py"), script] if engine == "tf"
               else [sys.executable, "-m", "course", "run", script])
    environment = dict(os.environ, PYTHONPATH=str(ROOT), COURSE_MNIST="bundled",
                       TF_CPP_MIN_LOG_LEVEL="3", PYTHONHASHSEED="0", **(env or {}))
    done = subprocess.run(command + args, cwd=workdir, env=environment, capture_output=True,
                          text=True)
    if done.returncode:
        raise SystemExit("%s failed:\n%s" % (engine, done.stderr[-2000:]))
    return done.stdout


def gate_and_route_changes(a, b, step, layer):
    x, y = a["step%d/act/%s" % (step, layer)], b["step%d/act/%s" % (step, layer)]
    n, h, w, c = x.shape

    def routes(t):  # each 2x2 window's first maximum, as TF's MaxPoolGrad routes it
        windows = t.reshape(n, h // 2, 2, w // 2, 2, c).transpose(0, 1, 3, 5, 2, 4)
        return windows.reshape(n, h // 2, w // 2, c, 4).argmax(-1)
    return (np.count_nonzero((x > 0) != (y > 0)), np.count_nonzero(routes(x) != routes(y)))


def report(tf_run, course_run, steps):
    print("identical inputs: batches %s, initial weights %s" % (
        all(np.array_equal(tf_run[k], course_run[k]) for k in tf_run.files if "/batch_" in k),
        all(np.array_equal(tf_run[k], course_run[k]) for k in tf_run.files
            if k.startswith("step0/var/"))))
    print("step 0, course against TF (ulps of each tensor's largest element):")
    for key in sorted(k for k in tf_run.files if k.startswith("step0/") and "/batch" not in k
                      and "/var/" not in k):
        print("  %-36s %6.1f" % (key, ulps(course_run[key], tf_run[key])))
    print("Adam, each engine's step-0 update against TF's ApplyAdam formula on its own "
          "gradient (lr_t = lr*sqrt(1-b2)/(1-b1), epsilon added to sqrt(v)):")
    for name in KERNELS:
        for label, run in (("tf", tf_run), ("course", course_run)):
            m, v = run["step0/slot/%s/m" % name], run["step0/slot/%s/v" % name]
            lr_t = np.float32(0.001) * np.sqrt(np.float32(0.001)) / np.float32(0.1)
            want = run["step0/var/" + name] - lr_t * m / (np.sqrt(v) + np.float32(1e-8))
            print("  %-16s %-6s max |w1 - formula| = %.2g" % (
                name, label, np.abs(run["step1/var/" + name] - want).max()))
    print("free runs: course's weights against TF's (max |diff| / max |w|), loss difference, "
          "and ReLU gates / max-pool routes that differ:")
    for step in range(steps):
        drift = [np.abs(course_run["step%d/var/%s" % (step, n)] - tf_run["step%d/var/%s" % (
            step, n)]).max() / np.abs(tf_run["step%d/var/%s" % (step, n)]).max() for n in KERNELS]
        changes = [gate_and_route_changes(course_run, tf_run, step, layer)
                   for layer in ("conv1", "conv2")]
        print("  step %2d  %s  loss %+.1e  conv1 gates/routes %d/%d  conv2 %d/%d" % (
            step, " ".join("%.1e" % d for d in drift),
            float(course_run["step%d/loss" % step]) - float(tf_run["step%d/loss" % step]),
            *changes[0], *changes[1]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=51)
    parser.add_argument("--perturb", type=int, default=0, metavar="N")
    parser.add_argument("--tf-python", default="/work/tfvenv/bin/python")
    parser.add_argument("--dump")
    parser.add_argument("--force")
    parser.add_argument("--seed", type=int)
    options = parser.parse_args()
    if options.dump:
        return dump_run(options.dump, options.steps, options.seed)
    if options.force:
        return force_run(options.force, options.steps)
    with tempfile.TemporaryDirectory(prefix="cnn-divergence-") as workdir:
        steps = ["--steps", str(options.steps)]
        for engine in ("tf", "course"):
            print(engine, run_engine(engine, ["--dump", engine + ".npz"] + steps, workdir,
                                     options.tf_python).strip())
        tf_run, course_run = (np.load(Path(workdir) / (e + ".npz")) for e in ("tf", "course"))
        report(tf_run, course_run, options.steps)
        print("teacher forcing: course from TF's weights and batch at every step")
        print(run_engine("course", ["--force", "tf.npz"] + steps, workdir, options.tf_python))
        print("teacher forcing, control: TF's Eigen kernels (TF_ENABLE_ONEDNN_OPTS=0) from "
              "TF's default (oneDNN) run")
        print(run_engine("tf", ["--force", "tf.npz"] + steps, workdir, options.tf_python,
                         {"TF_ENABLE_ONEDNN_OPTS": "0"}))
    for seed in range(1, options.perturb + 1):
        for engine in ("tf", "course"):
            print("one conv1 weight one ulp away (seed %d), %-6s %s" % (seed, engine, run_engine(
                engine, ["--dump", "-", "--seed", str(seed)] + steps, tempfile.gettempdir(),
                options.tf_python).strip()))


if __name__ == "__main__":
    main()
