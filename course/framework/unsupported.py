"""TF arguments course accepts but cannot honour. Ignoring one of these would change what the
program computes, so it is refused with a NotImplementedError that names it. (The arguments
that cannot matter on one CPU with numpy, such as device placement, are accepted and ignored;
docs/DESIGN.md lists both kinds.)"""

# What each refused argument would do in TF, for the message.
_WHAT_IT_DOES = {
    "partitioner": "split the variable into shards (a PartitionedVariable)",
    "custom_getter": "replace how the variable is made",
    "use_resource": "make a resource variable, whose reads are ordered differently from the "
                    "ref variables course has",
    "variable_def": "rebuild the variable from a VariableDef protocol buffer",
    "constraint": "project every variable of the scope after each update",
    "max_norm": "clip each looked-up embedding to that norm",
    "accept_options": "make a callable that takes options= and run_metadata=",
    "saver_def": "build the Saver from a SaverDef protocol buffer",
    "builder": "build the save and restore ops with a custom builder",
    "conjugate": "conjugate the complex values as it transposes them",
}


def refuse_unsupported(function, **arguments):
    """Raise NotImplementedError for the first of ``arguments`` that is given (neither None nor
    False). ``function`` is how the learner called it, e.g. "tf.get_variable"."""
    for name, value in arguments.items():
        if value is not None and value is not False:
            raise NotImplementedError(
                "%s(%s=%r): course does not implement %s (in TF it would %s). It is refused "
                "rather than ignored because ignoring it would change the results; leave it "
                "out to run this program." % (function, name, value, name, _WHAT_IT_DOES[name]))
