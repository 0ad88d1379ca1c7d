"""`python -m course run`, course.install_as_tensorflow(), tf.app.run and tf.flags."""
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import course
from course.platform import flags as flags_module

REPO_ROOT = Path(__file__).resolve().parents[2]


def run_course(tmp_path, *args):
    env = {"PYTHONPATH": str(REPO_ROOT), "MPLBACKEND": "Agg", "COURSE_MNIST": "bundled",
           "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "course", "run", *args], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120)


def write(path, text):
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_multi_module_program_with_flags_and_app_run(tmp_path):
    write(tmp_path / "model.py", """
        import tensorflow as tf
        def inference(x):
            return tf.layers.dense(x, 1, kernel_initializer=tf.ones_initializer())
    """)
    write(tmp_path / "train.py", """
        import sys
        import tensorflow as tf
        import model
        tf.app.flags.DEFINE_integer("steps", 3, "how many steps")
        tf.flags.DEFINE_string("name", "x", "a name")
        FLAGS = tf.app.flags.FLAGS
        def main(argv):
            y = model.inference(tf.constant([[1.0, 2.0]]))
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                print("steps", FLAGS.steps, FLAGS.name, argv[1:], sess.run(y).tolist())
            print("main is", __name__)
            return 3
        if __name__ == "__main__":
            tf.app.run()
    """)
    done = run_course(tmp_path, "train.py", "--steps=7", "extra", "--name", "abc")
    assert done.returncode == 3, done.stderr
    assert done.stdout.splitlines() == ["steps 7 abc ['extra'] [[3.0]]", "main is __main__"]


def test_compat_v1_imports_and_the_tutorial_mnist_loader(tmp_path):
    write(tmp_path / "prog.py", """
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        from tensorflow.examples.tutorials.mnist import input_data
        from tensorflow.contrib.learn.python.learn.datasets.mnist import read_data_sets
        mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)
        print(mnist.train.next_batch(5)[0].shape, read_data_sets is input_data.read_data_sets)
    """)
    done = run_course(tmp_path, "prog.py")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(5, 784) True"
    assert "bundled" in done.stderr


def test_tensorflow_parts_course_lacks_fail_by_name(tmp_path):
    write(tmp_path / "prog.py", "import tensorflow.python.client.device_lib\n")
    done = run_course(tmp_path, "prog.py")
    assert done.returncode == 1
    assert "No module named 'tensorflow.python.client'" in done.stderr
    assert "course does not have this part of TensorFlow" in done.stderr


def test_tensorflow_python_modules_are_courses_of_the_same_path(tmp_path):
    # TF1 programs (e.g. nfmcclure's cookbook) clear the graph through TF's implementation
    # module: from tensorflow.python.framework import ops; ops.reset_default_graph()
    write(tmp_path / "prog.py", """
        import tensorflow as tf
        from tensorflow.python.framework import ops
        from tensorflow.python.framework import dtypes
        tf.constant(1.0, name="old")
        ops.reset_default_graph()
        print(len(tf.get_default_graph().get_operations()), dtypes.float32 is tf.float32)
    """)
    done = run_course(tmp_path, "prog.py")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0 True"


def test_graph_dashboard_and_trace_pictures_are_written_beside_the_program(tmp_path):
    write(tmp_path / "fit.py", """
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 1])
        w = tf.Variable([[0.5]])
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 2 * x), name="loss")
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(5):
                _, value = sess.run([train, loss], {x: [[1.0], [2.0]]})
        print(round(float(value), 4))
    """)
    plain = run_course(tmp_path, "fit.py")
    done = run_course(tmp_path, "--dashboard", "--trace", "3", "fit.py")
    assert done.returncode == 0, done.stderr
    assert done.stdout == plain.stdout  # looking inside does not change the numbers
    for name in ("fit_graph.png", "fit_graph.svg", "fit_loss.png", "fit_trace_3.png"):
        assert (tmp_path / name).stat().st_size > 1000, name
    assert (tmp_path / "fit_graph.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_install_as_tensorflow_in_this_process():
    saved = {name: module for name, module in sys.modules.items()
             if name == "tensorflow" or name.startswith("tensorflow.")}
    try:
        tf = course.install_as_tensorflow()
        import tensorflow
        import tensorflow.compat.v1 as v1
        from tensorflow.examples.tutorials.mnist import input_data
        assert tf is tensorflow and tf.placeholder is course.placeholder is v1.placeholder
        assert tf.__version__ == "1.15.0" and course.__version__ != "1.15.0"
        assert input_data.DataSet is course.datasets.tf1_input_data.DataSet
    finally:
        for name in [n for n in sys.modules if n == "tensorflow" or n.startswith("tensorflow.")]:
            del sys.modules[name]
        sys.modules.update(saved)
        sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "_TensorflowFinder"]


def test_flags_parse_like_absl():
    values = flags_module.FlagValues()
    flags_module.DEFINE_integer("steps", 10, "", flag_values=values)
    flags_module.DEFINE_float("lr", 0.5, "", flag_values=values)
    flags_module.DEFINE_boolean("fake", False, "", flag_values=values)
    flags_module.DEFINE_list("dims", "1,2", "", flag_values=values)
    rest = values(["prog", "--steps", "20", "--nofake", "--lr=0.1", "--other=1", "file",
                   "--dims=3,4"], known_only=True)
    assert rest == ["prog", "--other=1", "file"]
    assert (values.steps, values.lr, values.fake, values.dims) == (20, 0.1, False, ["3", "4"])
    values.fake = True
    assert values.flag_values_dict()["fake"] is True
    with pytest.raises(flags_module.IllegalFlagValueError):
        values(["prog", "--steps=many"])
    with pytest.raises(flags_module.UnrecognizedFlagError):
        values(["prog", "--other=1"])
    with pytest.raises(flags_module.Error, match="defined twice"):
        flags_module.DEFINE_integer("steps", 1, "", flag_values=values)
