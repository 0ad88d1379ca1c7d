"""Shared by the tests/train/test_train_*.py files: TensorFlow's recorded numbers
(golden/training.json, written by scripts/record_golden_training.py) and the fixed 2-3-1 net
they were recorded on."""
import training_programs
from golden_files import load_golden
from training_programs import VARIABLES  # noqa: F401  (the tests import it from here)

import course as tf

GOLDEN = load_golden("training")
NET = GOLDEN["net"]
# float32: TF's Eigen kernels (tanh, matmul, rsqrt) round differently from numpy by an ulp or
# two, and 30 optimizer steps amplify that a little (most cases agree to ~2e-7 relative).
RTOL = 1e-5
ATOL = 1e-6


def build_net():
    """The golden net in the default graph: (loss, {name: Variable})."""
    return training_programs.build_net(tf, NET)
