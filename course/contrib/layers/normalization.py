"""``tf.contrib.layers.layer_norm``, and ``batch_norm``: tf.layers' BatchNormalization with contrib's defaults
(decay 0.999, no gamma: ``scale=False``, ``is_training=True``), its variables
``BatchNorm/beta``, ``moving_mean``, ``moving_variance`` (and ``gamma``) as model variables,
and its ``updates_collections``.

Which arithmetic TF1 uses, reproduced so the numbers match: with ``fused`` (contrib's default
is True) a 2-D or 4-D input goes through TF's fused kernel (the moving variance is fed the
unbiased batch variance, epsilon is at least 1.001e-5); other ranks, or ``fused=False``, use
``moments`` + ``batch_normalization``. ``updates_collections=None`` makes the output depend on
the moving-average updates (they run with every training step), as TF1 does.
"""
from ...framework import dtypes
from ...framework.ops import GraphKeys, control_dependencies
from ...layers.base import ONES, ZEROS
from ...layers.normalization import BatchNormalization
from ...ops import array_ops, nn_ops
from ...ops.core import to_tensor
from ...variable_scope import get_variable, variable_scope
from ..framework.arg_scope import add_arg_scope
from .layers import _collect, _ContribWeights, register_model_variable


class _ContribBatchNorm(_ContribWeights, BatchNormalization):

    def __init__(self, *args, update_collections=(), beta_first=False, **kwargs):
        super().__init__(*args, **kwargs)
        self._update_collections = tuple(update_collections)
        if beta_first:
            self._param_order = ("beta", "gamma")

    @staticmethod
    def _fusable(rank, axes):
        # contrib also sends 2-D inputs through the fused kernel (reshaped to [N, 1, 1, C]).
        return rank in (2, 4) and len(axes) == 1 and axes[0] in (1, rank - 1)


@add_arg_scope
def batch_norm(inputs, decay=0.999, center=True, scale=False, epsilon=0.001, activation_fn=None,
               param_initializers=None, param_regularizers=None,
               updates_collections=GraphKeys.UPDATE_OPS, is_training=True, reuse=None,
               variables_collections=None, outputs_collections=None, trainable=True,
               batch_weights=None, fused=None, data_format="NHWC",
               zero_debias_moving_mean=False, scope=None, renorm=False, renorm_clipping=None,
               renorm_decay=0.99, adjustment=None):
    """``tf.contrib.layers.batch_norm``. With the default ``updates_collections`` the training
    step must depend on tf.GraphKeys.UPDATE_OPS, or the moving statistics never change."""
    if batch_weights is not None or zero_debias_moving_mean:
        raise NotImplementedError("course's tf.contrib.layers.batch_norm has no batch_weights "
                                  "or zero_debias_moving_mean")
    if data_format not in ("NCHW", "NHWC"):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    inputs = to_tensor(inputs)
    rank = inputs.shape.ndims
    fused = bool(fused is None or fused) and rank in (2, 4) and not renorm
    # TF1 calls tf.layers' BatchNormalization (gamma made first) only for the default
    # collection and no 2-D fused input; its own code elsewhere (beta first).
    through_layer = updates_collections is GraphKeys.UPDATE_OPS and not (fused and rank == 2)
    if updates_collections is None:
        collections = ()
    elif isinstance(updates_collections, str):
        collections = (updates_collections,)
    else:
        collections = tuple(updates_collections)
    initializers, regularizers = param_initializers or {}, param_regularizers or {}
    with variable_scope(scope, "BatchNorm", [inputs], reuse=reuse) as sc:
        layer = _ContribBatchNorm(
            axis=1 if data_format == "NCHW" else -1, momentum=decay, epsilon=epsilon,
            center=center, scale=scale,
            beta_initializer=initializers.get("beta", ZEROS),
            gamma_initializer=initializers.get("gamma", ONES),
            moving_mean_initializer=initializers.get("moving_mean", ZEROS),
            moving_variance_initializer=initializers.get("moving_variance", ONES),
            beta_regularizer=regularizers.get("beta"), gamma_regularizer=regularizers.get("gamma"),
            renorm=renorm, renorm_clipping=renorm_clipping, renorm_momentum=renorm_decay,
            adjustment=adjustment, trainable=trainable,
            fused=fused, beta_first=not through_layer,
            variables_collections=variables_collections, update_collections=collections,
            name=sc.name, _scope=sc, _reuse=reuse)
        outputs = layer.apply(inputs, training=is_training)
        if updates_collections is None and layer.updates:
            # TF1's forced updates: the output waits for them (no-ops when not training).
            with control_dependencies(layer.updates):
                outputs = array_ops.identity(outputs)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect(outputs_collections, outputs)


@add_arg_scope
def layer_norm(inputs, center=True, scale=True, activation_fn=None, reuse=None,
               variables_collections=None, outputs_collections=None, trainable=True,
               begin_norm_axis=1, begin_params_axis=-1, scope=None):
    """``tf.contrib.layers.layer_norm``: each example normalized over its axes from
    ``begin_norm_axis`` on (epsilon 1e-12, 1e-3 for float16), then ``LayerNorm/gamma`` and
    ``LayerNorm/beta`` of shape ``inputs.shape[begin_params_axis:]``."""
    with variable_scope(scope, "LayerNorm", [inputs], reuse=reuse) as sc:
        inputs = to_tensor(inputs)
        rank = inputs.shape.ndims
        if rank is None:
            raise ValueError("Inputs %s has undefined rank." % inputs.name)
        dtype = inputs.dtype.base_dtype
        begin_norm_axis = begin_norm_axis + rank if begin_norm_axis < 0 else begin_norm_axis
        if begin_params_axis >= rank or begin_norm_axis >= rank:
            raise ValueError("begin_params_axis (%d) and begin_norm_axis (%d) must be < "
                             "rank(inputs) (%d)" % (begin_params_axis, begin_norm_axis, rank))
        params_shape = inputs.shape[begin_params_axis:]
        if not params_shape.is_fully_defined():
            raise ValueError("Inputs %s: shape(inputs)[%s:] is not fully defined: %s"
                             % (inputs.name, begin_params_axis, inputs.shape))
        params = {}
        for name, wanted, initializer in (("beta", center, ZEROS), ("gamma", scale, ONES)):
            if wanted:
                params[name] = get_variable(name, params_shape.as_list(), dtype=dtype,
                                            initializer=initializer, trainable=trainable)
                register_model_variable(params[name], variables_collections, name)
        mean, variance = nn_ops.moments(inputs, list(range(begin_norm_axis, rank)),
                                        keep_dims=True)
        outputs = nn_ops.batch_normalization(
            inputs, mean, variance, offset=params.get("beta"), scale=params.get("gamma"),
            variance_epsilon=1e-3 if dtype == dtypes.float16 else 1e-12)
        outputs.set_shape(inputs.shape)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect(outputs_collections, outputs)
