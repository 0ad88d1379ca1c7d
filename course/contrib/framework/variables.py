"""tf.contrib.framework's variable helpers (also tf.contrib.slim's): model variables and the
variable lists a Saver restores."""
from ...framework.ops import GraphKeys, get_collection
from ...train.training_util import get_global_step, get_or_create_global_step  # noqa: F401
from ...variable_scope import VariableScope, get_variable
from .arg_scope import add_arg_scope


@add_arg_scope
def variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=True,
             collections=None, caching_device=None, device=None, partitioner=None,
             custom_getter=None, use_resource=None):
    """``slim.variable``: ``get_variable`` that also puts the variable in ``collections``
    (GLOBAL_VARIABLES when none are given)."""
    collections = list(collections if collections is not None
                       else [GraphKeys.GLOBAL_VARIABLES])
    return get_variable(name, shape=shape, dtype=dtype, initializer=initializer,
                        regularizer=regularizer, trainable=trainable,
                        collections=list(dict.fromkeys(collections)), partitioner=partitioner,
                        custom_getter=custom_getter, use_resource=use_resource)


@add_arg_scope
def model_variable(name, shape=None, dtype=None, initializer=None, regularizer=None,
                   trainable=True, collections=None, caching_device=None, device=None,
                   partitioner=None, custom_getter=None, use_resource=None):
    """``slim.model_variable``: a variable in GLOBAL_VARIABLES and MODEL_VARIABLES."""
    collections = list(collections or []) + [GraphKeys.GLOBAL_VARIABLES,
                                             GraphKeys.MODEL_VARIABLES]
    return variable(name, shape=shape, dtype=dtype, initializer=initializer,
                    regularizer=regularizer, trainable=trainable, collections=collections,
                    partitioner=partitioner, custom_getter=custom_getter,
                    use_resource=use_resource)


def get_variables(scope=None, suffix=None, collection=GraphKeys.GLOBAL_VARIABLES):
    """The variables of ``collection`` whose names match ``scope`` (and end with ``suffix``)."""
    if isinstance(scope, VariableScope):
        scope = scope.name
    if suffix is not None:
        suffix = suffix if ":" in suffix else suffix + ":"
        scope = (scope or "") + ".*" + suffix
    return get_collection(collection, scope)


def get_model_variables(scope=None, suffix=None):
    return get_variables(scope, suffix, GraphKeys.MODEL_VARIABLES)


def get_trainable_variables(scope=None, suffix=None):
    return get_variables(scope, suffix, GraphKeys.TRAINABLE_VARIABLES)


def get_variables_to_restore(include=None, exclude=None):
    """The global variables under the ``include`` scopes (all without it), minus those under
    the ``exclude`` scopes."""
    if include is None:
        chosen = get_variables()
    else:
        chosen = [v for scope in include for v in get_variables(scope)]
    excluded = {id(v) for scope in (exclude or []) for v in get_variables(scope)}
    return [v for v in chosen if id(v) not in excluded]


def get_variables_by_name(given_name, scope=None):
    return get_variables(scope=scope, suffix=given_name)
