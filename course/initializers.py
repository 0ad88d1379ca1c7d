"""``tf.initializers`` (TF 1.13+ names for the ``tf.*_initializer`` classes)."""
from .init_ops import Constant as constant, Ones as ones, Zeros as zeros  # noqa: F401
from .random_init_ops import (  # noqa: F401
    RandomNormal as random_normal, RandomUniform as random_uniform,
    TruncatedNormal as truncated_normal, VarianceScaling as variance_scaling,
    glorot_normal_initializer as glorot_normal, glorot_uniform_initializer as glorot_uniform,
    he_normal, he_uniform)
from .variables import (  # noqa: F401
    global_variables_initializer as global_variables,
    local_variables_initializer as local_variables, variables_initializer as variables)
