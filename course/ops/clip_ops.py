"""Gradient clipping (TF1's clip_ops): ``tf.clip_by_norm``, ``tf.global_norm``,
``tf.clip_by_global_norm``, written with TF's exact formulas (so they round as TF does)."""
from ..framework.ops import name_scope
from .core import to_tensor
from . import array_ops, math_ops, nn_ops, reduction_ops


def clip_by_norm(t, clip_norm, axes=None, name=None):
    """``t * clip_norm / max(l2norm(t, axes), clip_norm)``."""
    with name_scope(name, "clip_by_norm", [t, clip_norm]) as scope:
        t = to_tensor(t, name="t")
        l2sum = reduction_ops.reduce_sum(t * t, axes, keepdims=True)
        positive = math_ops.greater(l2sum, array_ops.zeros_like(l2sum))
        l2sum_safe = array_ops.where(positive, l2sum, array_ops.ones_like(l2sum))
        l2norm = array_ops.where(positive, math_ops.sqrt(l2sum_safe), l2sum)
        clip_norm = to_tensor(clip_norm, dtype=t.dtype)
        intermediate = t * clip_norm
        return array_ops.identity(intermediate / math_ops.maximum(l2norm, clip_norm),
                                  name=scope)


def global_norm(t_list, name=None):
    """``sqrt(sum of every tensor's squared L2 norm)``; ``None`` entries are skipped."""
    values = [to_tensor(t) for t in t_list if t is not None]
    with name_scope(name, "global_norm", values) as scope:
        half_squared_norms = [nn_ops.l2_loss(v) for v in values]
        half_squared_norm = reduction_ops.reduce_sum(array_ops.stack(half_squared_norms))
        two = array_ops.constant(2.0, dtype=half_squared_norm.dtype)
        return math_ops.sqrt(half_squared_norm * two, name=scope)


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """Scale every tensor by ``clip_norm / max(global_norm, clip_norm)``: ``(clipped, norm)``.

    ``None`` entries (variables without a gradient) stay None."""
    if not isinstance(t_list, (list, tuple)):
        raise TypeError("t_list should be a sequence")
    with name_scope(name, "clip_by_global_norm", [t for t in t_list if t is not None]) as scope:
        use_norm = global_norm(t_list) if use_norm is None else to_tensor(use_norm)
        one = array_ops.constant(1.0, dtype=use_norm.dtype)
        clip_norm = to_tensor(clip_norm, dtype=use_norm.dtype)
        scale_for_finite = clip_norm * math_ops.minimum(one / use_norm, one / clip_norm)
        scale = scale_for_finite + (use_norm - use_norm)  # NaN when the norm is not finite
        clipped = [None if t is None else array_ops.identity(
            to_tensor(t) * scale, name="%s_%d" % (scope.rstrip("/"), i))
            for i, t in enumerate(t_list)]
        return clipped, use_norm
