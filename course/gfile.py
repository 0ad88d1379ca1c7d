"""``tf.gfile``: TF1's file API, on the local file system (TF's other file systems, such as
``gs://``, are not available in course)."""

import glob as _glob
import os
import shutil

from .framework import errors


class GFile:
    """``tf.gfile.GFile`` / ``tf.gfile.Open``: a file object (``mode`` as for ``open``)."""

    def __init__(self, name, mode="r"):
        try:
            self._file = open(name, mode)
        except FileNotFoundError:
            raise errors.NotFoundError(None, None, "%s; No such file or directory" % name) \
                from None

    def __getattr__(self, name):
        return getattr(self._file, name)

    def __iter__(self):
        return iter(self._file)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._file.close()

    def size(self):
        return os.fstat(self._file.fileno()).st_size


Open = FastGFile = GFile


def Exists(filename):
    return os.path.exists(filename)


def IsDirectory(dirname):
    return os.path.isdir(dirname)


def MakeDirs(dirname):
    """Create ``dirname`` and its parents; no error when it exists."""
    os.makedirs(dirname, exist_ok=True)


def MkDir(dirname):
    if os.path.exists(dirname):
        raise errors.AlreadyExistsError(None, None, "%s; File exists" % dirname)
    os.mkdir(dirname)


def _not_found(path):
    return errors.NotFoundError(None, None, "%s; No such file or directory" % path)


def DeleteRecursively(dirname):
    if not os.path.exists(dirname):
        raise _not_found(dirname)
    shutil.rmtree(dirname)


def Remove(filename):
    if not os.path.exists(filename):
        raise _not_found(filename)
    os.remove(filename)


def ListDirectory(dirname):
    if not os.path.isdir(dirname):
        raise _not_found(dirname)
    return os.listdir(dirname)


def Glob(pattern):
    return _glob.glob(pattern)


def Copy(oldpath, newpath, overwrite=False):
    if not overwrite and os.path.exists(newpath):
        raise errors.AlreadyExistsError(None, None, "%s; File exists" % newpath)
    shutil.copyfile(oldpath, newpath)


def Rename(oldname, newname, overwrite=False):
    if not overwrite and os.path.exists(newname):
        raise errors.AlreadyExistsError(None, None, "%s; File exists" % newname)
    os.replace(oldname, newname)


def Walk(top, in_order=True):
    for dirpath, dirnames, filenames in os.walk(top, topdown=in_order):
        yield dirpath, dirnames, filenames


def Stat(filename):
    return os.stat(filename)
