"""TF1's ``arg_scope`` (tf.contrib.framework, tf.contrib.slim): default keyword arguments for
the layer builders called inside a ``with arg_scope([...], **defaults):`` block.

A builder takes part when it is decorated with ``add_arg_scope``. Scopes nest (an inner one adds
to and overrides the outer one's defaults), a call's own keyword arguments win over both, and
``with arg_scope(...) as sc:`` gives a dict that ``with arg_scope(sc):`` re-enters later.
"""
import contextlib
import functools

_STACK = [{}]                 # the current scope is the last: {builder key: {arg: value}}
_DECORATED = {}               # builder key -> the keyword arguments it takes


def _key(function):
    return getattr(function, "_key_op", str(function))


def current_arg_scope():
    """The innermost scope: ``{builder key: {argument: default}}``."""
    return _STACK[-1]


def has_arg_scope(function):
    """Whether ``function`` was decorated with ``add_arg_scope``."""
    return _key(function) in _DECORATED


def arg_scoped_arguments(function):
    """The keyword arguments an arg_scope may set for ``function``."""
    assert has_arg_scope(function)
    return _DECORATED[_key(function)]


def add_arg_scope(function):
    """Let ``function`` take its keyword defaults from the current arg_scope."""
    key = _key(function)

    @functools.wraps(function)
    def with_scope_defaults(*args, **kwargs):
        defaults = current_arg_scope().get(key)
        if defaults:
            kwargs = dict(defaults, **kwargs)
        return function(*args, **kwargs)

    count = len(function.__defaults__ or ())
    code = function.__code__
    _DECORATED[key] = code.co_varnames[code.co_argcount - count:code.co_argcount]
    with_scope_defaults._key_op = key
    return with_scope_defaults


@contextlib.contextmanager
def arg_scope(list_ops_or_scope, **kwargs):
    """Defaults ``kwargs`` for each builder of ``list_ops_or_scope`` (a list or tuple of
    decorated builders), or re-enter a scope dict yielded by an earlier arg_scope."""
    if isinstance(list_ops_or_scope, dict):
        if kwargs:
            raise ValueError("When attempting to re-use a scope by suppling a dictionary, "
                             "kwargs must be empty.")
        scope = list_ops_or_scope.copy()
    else:
        if not isinstance(list_ops_or_scope, (list, tuple)):
            raise TypeError("list_ops_or_scope must either be a list/tuple or reused scope "
                            "(i.e. dict)")
        scope = current_arg_scope().copy()
        for op in list_ops_or_scope:
            if not has_arg_scope(op):
                raise ValueError("%s is not decorated with @add_arg_scope"
                                 % ((getattr(op, "__module__", None),
                                     getattr(op, "__name__", op)),))
            scope[_key(op)] = dict(scope.get(_key(op), {}), **kwargs)
    _STACK.append(scope)
    try:
        yield scope
    finally:
        _STACK.pop()
