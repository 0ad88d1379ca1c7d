"""``course.install_as_tensorflow()``: make ``import tensorflow`` give course.

A TF1 program, or a notebook copied from a TF1 tutorial, then runs unchanged:

* ``import tensorflow as tf`` and ``import tensorflow.compat.v1 as tf`` give course's
  namespace (always TF1; ``tf.disable_v2_behavior()`` does nothing; ``tf.__version__`` is
  "1.15.0");
* ``from tensorflow.examples.tutorials.mnist import input_data`` gives TF1's MNIST loader,
  served offline (``course.datasets.tf1_input_data``); the tutorial's other modules there
  (``... mnist import mnist``) are the program's own files of that name beside it;
* ``tensorflow.contrib.learn.python.learn.datasets.mnist`` is the same loader;
* ``tensorflow.python.X.Y`` (TF's implementation modules, which TF1 programs reach for
  ``from tensorflow.python.framework import ops; ops.reset_default_graph()``) is course's
  module of the same path, ``course.X.Y``, when course has it;
* any other ``tensorflow.X.Y`` is ``course.X.Y`` when course has it.

Nothing is installed on import; ``python -m course run prog.py`` calls this first.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import types

_MNIST_PACKAGE = "tensorflow.examples.tutorials.mnist"
_INPUT_DATA = "course.datasets.tf1_input_data"

# tensorflow module name -> course module name (or None: an empty package of that name;
# _TENSORFLOW: course's namespace under TF1's version, see _tensorflow_module).
_TENSORFLOW = "<tensorflow>"
_ALIASES = {
    "tensorflow": _TENSORFLOW,
    "tensorflow.compat.v1": _TENSORFLOW,
    "tensorflow.compat.v2": None,
    "tensorflow.examples": None,
    "tensorflow.python": None,
    "tensorflow.examples.tutorials": None,
    _MNIST_PACKAGE: None,
    _MNIST_PACKAGE + ".input_data": _INPUT_DATA,
    "tensorflow.contrib.learn.python": None,
    "tensorflow.contrib.learn.python.learn": None,
    "tensorflow.contrib.learn.python.learn.datasets": "course.contrib.learn.datasets",
    "tensorflow.contrib.learn.python.learn.datasets.mnist": _INPUT_DATA,
}


def _target(fullname):
    """The course module name standing in for ``fullname``, '' for an empty package, or
    None when course has no such module."""
    if fullname in _ALIASES:
        return _ALIASES[fullname] or ""
    if fullname.startswith(_MNIST_PACKAGE + "."):
        # TF1's tutorial package also held the tutorial's model (mnist.py): the program's own.
        return fullname[len(_MNIST_PACKAGE) + 1:]
    prefix = "tensorflow.python" if fullname.startswith("tensorflow.python.") else "tensorflow"
    candidate = "course" + fullname[len(prefix):]
    try:
        found = importlib.util.find_spec(candidate)
    except ModuleNotFoundError:
        found = None
    return candidate if found is not None else None


class _TensorflowModule(types.ModuleType):
    """``tensorflow`` under install_as_tensorflow(): course's namespace, read through, with
    ``__version__`` "1.15.0" (programs test it to pick TF1's API; course's own version, which
    packaging reads, stays course's)."""

    def __getattr__(self, name):
        return getattr(importlib.import_module("course"), name)

    def __dir__(self):
        return dir(importlib.import_module("course"))


_tensorflow = None


def _tensorflow_module():
    global _tensorflow
    if _tensorflow is None:
        _tensorflow = _TensorflowModule("tensorflow", importlib.import_module("course").__doc__)
        _tensorflow.__version__ = "1.15.0"
        _tensorflow.__path__ = []
    return _tensorflow


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target):
        self._target = target

    def create_module(self, spec):
        if self._target == _TENSORFLOW:
            return _tensorflow_module()
        if not self._target:
            module = types.ModuleType(spec.name)
            module.__path__ = []
            return module
        return importlib.import_module(self._target)

    def exec_module(self, module):
        pass


class _TensorflowFinder(importlib.abc.MetaPathFinder):
    """Finds ``tensorflow`` and ``tensorflow.*`` as course modules."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "tensorflow" and not fullname.startswith("tensorflow."):
            return None
        target_name = _target(fullname)
        if target_name is None:
            raise ModuleNotFoundError(
                "No module named %r: course does not have this part of TensorFlow "
                "(course stands in for tensorflow here)" % fullname, name=fullname)
        return importlib.util.spec_from_loader(fullname, _AliasLoader(target_name),
                                               is_package=True)


def install_as_tensorflow():
    """Make ``import tensorflow`` (and its TF1 submodules) import course.  Idempotent.

    An already imported real ``tensorflow`` is replaced in ``sys.modules`` for code that
    imports it from now on.
    """
    if not any(isinstance(finder, _TensorflowFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _TensorflowFinder())
    for name in [name for name in sys.modules
                 if name == "tensorflow" or name.startswith("tensorflow.")]:
        del sys.modules[name]
    return importlib.import_module("tensorflow")
