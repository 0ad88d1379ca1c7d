"""tf.layers.batch_normalization, with TF1's moving averages updated through UPDATE_OPS.

In training, each call normalizes with the batch's mean and variance and adds two update ops,
    moving_mean     -= (moving_mean - batch_mean) * (1 - momentum)
    moving_variance -= (moving_variance - batch_variance) * (1 - momentum)
(TF's assign_moving_average), to tf.GraphKeys.UPDATE_OPS: they run only if the training step
depends on them (``with tf.control_dependencies(update_ops): train_op = ...``). In inference
the moving statistics are used.

TF takes its *fused* kernel for 4-D inputs normalized over the channel axis; that kernel hands
the moving average the unbiased batch variance (times n / (n - 1), n = N * H * W) and
enforces epsilon >= 1.001e-5. Both quirks are reproduced so the numbers match TF's.
"""
from ..ops import array_ops, math_ops, nn_ops
from ..ops.core import to_tensor
from ..train.moving_averages import assign_moving_average
from ..ops.cond import smart_cond
from .base import ONES, ZEROS, Layer, python_bool

_FUSED_MIN_EPSILON = nn_ops.FUSED_MIN_EPSILON


class BatchNormalization(Layer):
    """Normalize over the batch (and spatial axes), then scale by gamma and shift by beta.
    Variables: gamma, beta (trainable), moving_mean, moving_variance (not trainable)."""

    _param_order = ("gamma", "beta")    # the order TF's layer creates them in

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer=ZEROS, gamma_initializer=ONES,
                 moving_mean_initializer=ZEROS,
                 moving_variance_initializer=ONES, beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 renorm=False, renorm_clipping=None, renorm_momentum=0.99, fused=None,
                 trainable=True, virtual_batch_size=None, adjustment=None, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        if renorm or virtual_batch_size is not None or adjustment is not None:
            raise NotImplementedError("course's batch_normalization has no renorm, "
                                      "virtual_batch_size or adjustment")
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else [axis]
        self.momentum, self.epsilon = momentum, epsilon
        self.center, self.scale = center, scale
        self.beta_initializer, self.gamma_initializer = beta_initializer, gamma_initializer
        self.moving_mean_initializer = moving_mean_initializer
        self.moving_variance_initializer = moving_variance_initializer
        self.beta_regularizer, self.gamma_regularizer = beta_regularizer, gamma_regularizer
        self.beta_constraint, self.gamma_constraint = beta_constraint, gamma_constraint
        self.fused = fused
        self.gamma = self.beta = self.moving_mean = self.moving_variance = None

    def build(self, input_shape):
        rank = input_shape.ndims
        if rank is None:
            raise ValueError("Input has undefined rank.")
        axes = []
        for a in self.axis:
            if not -rank <= a < rank:
                raise ValueError("Invalid axis: %d for input with rank %d" % (a, rank))
            axes.append(a % rank)
        self.axis = axes
        for a in axes:
            if input_shape[a] is None:
                raise ValueError("Input has undefined `axis` dimension. Received input with "
                                 "shape %s and axis=%s" % (input_shape, tuple(axes)))
        fusable = self._fusable(rank, axes)
        if self.fused and not fusable:
            raise ValueError("Passing `fused=True` is only supported when axis is 1 or 3 of a "
                             "4-D input; got axis=%s with rank %d" % (axes, rank))
        self.fused = fusable if self.fused is None else self.fused
        if len(axes) == 1:
            param_shape = [input_shape[axes[0]]]
        else:
            param_shape = [input_shape[i] if i in axes else 1 for i in range(rank)]
        for name in self._param_order:
            if getattr(self, {"gamma": "scale", "beta": "center"}[name]):
                setattr(self, name, self.add_weight(
                    name, param_shape, initializer=getattr(self, name + "_initializer"),
                    regularizer=getattr(self, name + "_regularizer"),
                    constraint=getattr(self, name + "_constraint")))
        self.moving_mean = self.add_weight("moving_mean", param_shape,
                                           initializer=self.moving_mean_initializer,
                                           trainable=False)
        self.moving_variance = self.add_weight("moving_variance", param_shape,
                                               initializer=self.moving_variance_initializer,
                                               trainable=False)

    @staticmethod
    def _fusable(rank, axes):
        """Whether TF's fused kernel serves this input: 4-D, normalized over the channel axis."""
        return rank == 4 and axes in ([1], [3])

    def call(self, inputs, training=False):
        rank = inputs.shape.ndims
        reduction_axes = [i for i in range(rank) if i not in self.axis]
        training_value = python_bool(training)
        if training_value is False:
            mean, variance = to_tensor(self.moving_mean), to_tensor(self.moving_variance)
        else:
            mean, variance = self._batch_moments(inputs, reduction_axes, training)
        epsilon = max(self.epsilon, _FUSED_MIN_EPSILON) if self.fused else self.epsilon
        return self._normalize(inputs, mean, variance, epsilon)

    def _batch_moments(self, inputs, reduction_axes, training):
        """The batch's mean and variance (the moving ones when ``training`` turns out False at
        run time), and the two moving-average updates."""
        mean, variance = nn_ops.moments(inputs, reduction_axes, keep_dims=len(self.axis) > 1)
        moving_mean, moving_variance = to_tensor(self.moving_mean), to_tensor(self.moving_variance)
        variance_for_average = variance
        if self.fused:
            count = array_ops.cast(array_ops.size(inputs), variance.dtype) / \
                array_ops.cast(array_ops.size(variance), variance.dtype)
            variance_for_average = variance * (count / (count - 1))
        if python_bool(training) is None:
            # Not known until run time: a tf.cond picks (TF's smart_cond), so the updates leave
            # the moving averages as they are when not training.
            mean = smart_cond(training, lambda: mean, lambda: moving_mean)
            variance = smart_cond(training, lambda: variance, lambda: moving_variance)
            variance_for_average = smart_cond(training, lambda: variance_for_average,
                                              lambda: moving_variance)
        self.add_update(self._assign_moving_average(self.moving_mean, mean))
        self.add_update(self._assign_moving_average(self.moving_variance, variance_for_average))
        return mean, variance

    def _assign_moving_average(self, variable, value):
        return assign_moving_average(variable, value, self.momentum, zero_debias=False)

    def _normalize(self, inputs, mean, variance, epsilon):
        rank = inputs.shape.ndims
        offset, scale = self.beta, self.gamma
        if len(self.axis) == 1 and self.axis[0] != rank - 1:
            # One channel axis that is not last: make the 1-D statistics broadcast along it.
            shape = [1] * rank
            shape[self.axis[0]] = inputs.shape[self.axis[0]]
            mean, variance = array_ops.reshape(mean, shape), array_ops.reshape(variance, shape)
            offset = array_ops.reshape(offset, shape) if offset is not None else None
            scale = array_ops.reshape(scale, shape) if scale is not None else None
        if self.fused:
            # The fused kernel's arrangement: (x - mean) * (rsqrt(var + eps) * gamma) + beta.
            factor = math_ops.rsqrt(variance + epsilon)
            if scale is not None:
                factor = factor * scale
            outputs = (inputs - mean) * factor
            return outputs + offset if offset is not None else outputs
        return nn_ops.batch_normalization(inputs, mean, variance, offset, scale, epsilon)


def batch_normalization(inputs, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                        beta_initializer=ZEROS, gamma_initializer=ONES,
                        moving_mean_initializer=ZEROS,
                        moving_variance_initializer=ONES, beta_regularizer=None,
                        gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                        training=False, trainable=True, name=None, reuse=None, renorm=False,
                        renorm_clipping=None, renorm_momentum=0.99, fused=None,
                        virtual_batch_size=None, adjustment=None):
    """``tf.layers.batch_normalization``. With ``training=True`` remember to run
    tf.get_collection(tf.GraphKeys.UPDATE_OPS), or the moving statistics never change."""
    layer = BatchNormalization(
        axis=axis, momentum=momentum, epsilon=epsilon, center=center, scale=scale,
        beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
        moving_mean_initializer=moving_mean_initializer,
        moving_variance_initializer=moving_variance_initializer,
        beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer,
        beta_constraint=beta_constraint, gamma_constraint=gamma_constraint, renorm=renorm,
        renorm_clipping=renorm_clipping, renorm_momentum=renorm_momentum, fused=fused,
        trainable=trainable, virtual_batch_size=virtual_batch_size, adjustment=adjustment,
        name=name, _scope=name, _reuse=reuse)
    return layer.apply(inputs, training=training)
