"""tf.gfile on the local file system: the calls TF1's official tutorials make."""
import pytest

import course as tf


def test_the_tutorial_log_dir_dance(tmp_path):
    log_dir = str(tmp_path / "logs" / "fully_connected_feed")
    assert not tf.gfile.Exists(log_dir)
    tf.gfile.MakeDirs(log_dir)
    tf.gfile.MakeDirs(log_dir)  # no error when it exists
    with tf.gfile.GFile(log_dir + "/a.txt", "w") as f:
        f.write("hello")
    assert tf.gfile.IsDirectory(log_dir) and tf.gfile.ListDirectory(log_dir) == ["a.txt"]
    assert tf.gfile.Glob(log_dir + "/*.txt") == [log_dir + "/a.txt"]
    with tf.gfile.Open(log_dir + "/a.txt") as f:
        assert f.read() == "hello"
    tf.gfile.DeleteRecursively(log_dir)
    assert not tf.gfile.Exists(log_dir)
    with pytest.raises(tf.errors.NotFoundError):
        tf.gfile.DeleteRecursively(log_dir)
    with pytest.raises(tf.errors.NotFoundError):
        tf.gfile.GFile(log_dir + "/missing.txt")
