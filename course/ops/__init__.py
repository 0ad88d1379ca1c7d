"""Op families. Importing this package registers every op type and the tensor operators."""
from . import (  # noqa: F401
    array_ops, candidate_sampling_ops, control_flow_ops, conv_ops, image_ops, lrn_ops,
    math_ops, nn_ops, pad_ops, random_ops, reduction_ops, scatter_ops, state_ops)
from .overloads import install_operators
from ..framework.ops import Tensor

install_operators(Tensor)
