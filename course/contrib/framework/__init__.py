"""``tf.contrib.framework``: ``arg_scope`` and the variable helpers TF1 programs use with
``tf.contrib.layers`` / ``tf.contrib.slim``."""
from .arg_scope import (  # noqa: F401
    add_arg_scope, arg_scope, arg_scoped_arguments, current_arg_scope, has_arg_scope)
from .variables import (  # noqa: F401
    get_global_step, get_model_variables, get_or_create_global_step, get_trainable_variables,
    get_variables, get_variables_by_name, get_variables_to_restore, model_variable, variable)
