"""``tf.nn``: the neural-network namespace."""
from .ops.math_ops import sigmoid, tanh  # noqa: F401
from .ops.nn_ops import (  # noqa: F401
    batch_normalization, bias_add, crelu, embedding_lookup, fused_batch_norm, l2_loss, l2_normalize, leaky_relu,
    elu, log_softmax, moments, relu, relu6, selu, softplus, softsign,
    sigmoid_cross_entropy_with_logits, softmax, softmax_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits_v2, sparse_softmax_cross_entropy_with_logits,
    weighted_cross_entropy_with_logits, zero_fraction)
from .ops.lrn_ops import local_response_normalization, lrn  # noqa: F401
from .ops.depthwise_conv_ops import depthwise_conv2d, separable_conv2d  # noqa: F401
from .ops.conv1d_ops import conv1d  # noqa: F401
from .ops.convolution_ops import atrous_conv2d, convolution  # noqa: F401
from .ops.candidate_sampling_ops import (  # noqa: F401
    compute_accidental_hits, log_uniform_candidate_sampler, uniform_candidate_sampler)
from .ops.sampled_loss_ops import nce_loss, sampled_softmax_loss  # noqa: F401
from .ops.conv_ops import avg_pool, conv2d, conv2d_transpose, max_pool  # noqa: F401
from .ops.dropout_ops import dropout  # noqa: F401
from .rnn import rnn_cell  # noqa: F401
from .rnn.rnn import (  # noqa: F401
    bidirectional_dynamic_rnn, dynamic_rnn, static_bidirectional_rnn, static_rnn)

max_pool2d = max_pool
avg_pool2d = avg_pool
from .ops.nn_ops import log_sigmoid, swish, xw_plus_b  # noqa: F401,E402
from .ops.topk_ops import in_top_k, top_k  # noqa: F401,E402
