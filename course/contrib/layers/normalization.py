"""``tf.contrib.layers.batch_norm``: tf.layers' BatchNormalization with contrib's defaults
(decay 0.999, no gamma: ``scale=False``, ``is_training=True``), its variables
``BatchNorm/beta``, ``moving_mean``, ``moving_variance`` (and ``gamma``) as model variables,
and its ``updates_collections``.

Which arithmetic TF1 uses, reproduced so the numbers match: with ``fused`` (contrib's default
is True) a 2-D or 4-D input goes through TF's fused kernel (the moving variance is fed the
unbiased batch variance, epsilon is at least 1.001e-5); other ranks, or ``fused=False``, use
``moments`` + ``batch_normalization``. ``updates_collections=None`` makes the output depend on
the moving-average updates (they run with every training step), as TF1 does.
"""
from ...framework.ops import GraphKeys, control_dependencies
from ...layers.base import ONES, ZEROS
from ...layers.normalization import BatchNormalization
from ...ops import array_ops
from ...ops.core import to_tensor
from ...variable_scope import variable_scope
from .layers import _collect, _ContribWeights


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
