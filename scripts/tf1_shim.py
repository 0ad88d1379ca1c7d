"""Run a TF1 program under TensorFlow 2.x as TF1: ``python tf1_shim.py prog.py [args]``.

Used by scripts/record_golden_conformance.py (with /work/tfvenv's python) to record what
TensorFlow prints for each program of the conformance suite. ``import tensorflow`` gives
``tf.compat.v1`` with v2 behaviour disabled, and ``tensorflow.examples.tutorials.mnist``
serves the same offline MNIST as course (course/datasets/tf1_input_data.py), its numpy
seeding following TensorFlow's default graph, so both runs see identical batches.
"""

import importlib
import os
import runpy
import sys
import types
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def install():
    # tf.layers (tf.compat.v1.layers) needs Keras 2 (tf_keras) under TF 2.16+.
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    import tensorflow as real_tf

    v1 = real_tf.compat.v1
    v1.disable_v2_behavior()
    sys.path.insert(0, str(REPO_ROOT))
    input_data = importlib.import_module("course.datasets.tf1_input_data")
    input_data.graph_seed = lambda: v1.get_default_graph().seed
    sys.path.remove(str(REPO_ROOT))

    sys.modules["tensorflow"] = v1
    package = "tensorflow.examples.tutorials.mnist"
    parent = v1
    for name in ("tensorflow.examples", "tensorflow.examples.tutorials", package):
        module = types.ModuleType(name)
        module.__path__ = []
        sys.modules[name] = module
        # ``import tensorflow.examples.tutorials.mnist.input_data as input_data`` walks the
        # attributes from ``tensorflow`` down.
        setattr(parent, name.rsplit(".", 1)[1], module)
        parent = module
    sys.modules[package + ".input_data"] = input_data
    sys.modules[package].input_data = input_data
    # TF1's tutorial package held the tutorial's model too: the program's own mnist.py.
    sys.modules[package].__getattr__ = lambda name: importlib.import_module(name)
    install_contrib(v1)


def install_contrib(v1):
    """TF1's tf.contrib.rnn and tf.contrib.layers, from where TF 2.x keeps them: the RNN
    cells and static RNNs of tf.compat.v1.nn, and tf_slim (TF1's contrib.layers, split out)."""
    contrib = types.ModuleType("tensorflow.contrib")
    contrib.__path__ = []
    rnn = types.ModuleType("tensorflow.contrib.rnn")
    for name in dir(v1.nn.rnn_cell):
        if not name.startswith("_"):
            setattr(rnn, name, getattr(v1.nn.rnn_cell, name))
    for name in ("static_rnn", "static_bidirectional_rnn", "static_state_saving_rnn"):
        setattr(rnn, name, getattr(v1.nn, name))
    contrib.rnn = rnn
    sys.modules["tensorflow.contrib.rnn"] = rnn
    try:
        import tf_slim
    except ImportError:
        tf_slim = None
    if tf_slim is not None:
        layers = types.ModuleType("tensorflow.contrib.layers")
        for source in (tf_slim.layers, tf_slim.initializers, tf_slim.regularizers, tf_slim):
            for name in dir(source):
                if not name.startswith("_") and not hasattr(layers, name):
                    setattr(layers, name, getattr(source, name))
        contrib.layers = layers
        sys.modules["tensorflow.contrib.layers"] = layers
    sys.modules["tensorflow.contrib"] = contrib
    v1.contrib = contrib


def main():
    program = Path(sys.argv[1]).resolve()
    install()
    sys.argv = sys.argv[1:]
    sys.path.insert(0, str(program.parent))
    runpy.run_path(str(program), run_name="__main__")


if __name__ == "__main__":
    main()
