"""tf.train.Saver and checkpoint files: round trips (with optimizer slots), the checkpoint state
file, max_to_keep, atomic saves, and refusing bad restores before changing anything."""
import os

import numpy as np
import pytest
from train_golden import build_net

import course as tf
from course import train
from course.framework import errors
from course.train import checkpoint_management


def _session():
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return sess


def test_save_returns_the_prefix_and_restore_round_trips(tmp_path):
    w = tf.Variable([1.0, 2.0], name="w")
    b = tf.Variable(np.int64(7), name="b")
    saver = train.Saver()
    sess = _session()
    path = saver.save(sess, str(tmp_path / "model.ckpt"), global_step=3)
    assert path == str(tmp_path / "model.ckpt-3")
    assert os.path.isfile(path + ".npz")
    with np.load(path + ".npz", allow_pickle=False) as data:
        assert sorted(data.files) == ["b", "w"]
        np.testing.assert_array_equal(data["w"], [1.0, 2.0])
    sess.run([w.assign([5.0, 6.0]), b.assign(np.int64(0))])
    saver.restore(sess, path)
    np.testing.assert_array_equal(sess.run(w), [1.0, 2.0])
    assert sess.run(b) == 7 and sess.run(b).dtype == np.int64
    fresh = tf.Session()                       # restore initializes, no init op needed
    saver.restore(fresh, path)
    np.testing.assert_array_equal(fresh.run(w), [1.0, 2.0])


def test_var_list_as_dict_and_list(tmp_path):
    w = tf.Variable([1.0, 2.0], name="w")
    v = tf.Variable(3.0, name="v")
    sess = _session()
    path = train.Saver({"renamed": w}).save(sess, str(tmp_path / "a"))
    assert train.list_variables(path) == [("renamed", [2])]
    tf.reset_default_graph()
    other = tf.Variable([0.0, 0.0], name="other")
    sess = tf.Session()
    train.Saver({"renamed": other}).restore(sess, path)
    np.testing.assert_array_equal(sess.run(other), [1.0, 2.0])
    tf.reset_default_graph()
    w = tf.Variable([1.0, 2.0], name="w")
    v = tf.Variable(3.0, name="v")
    sess = _session()
    path = train.Saver([v]).save(sess, str(tmp_path / "b"))
    assert train.list_variables(path) == [("v", [])]
    assert train.load_variable(path, "v:0") == 3.0
    with pytest.raises(ValueError, match="At least two variables have the same name: v"):
        train.Saver([v, v])
    with pytest.raises(TypeError, match="not a Variable"):
        train.Saver([v.value()])


def test_default_saver_includes_slots_and_global_step(tmp_path):
    loss, _ = build_net()
    step = train.get_or_create_global_step()
    opt = train.AdamOptimizer(0.01)
    train_op = opt.minimize(loss, global_step=step)
    saver = train.Saver()
    sess = _session()
    for _ in range(3):
        sess.run(train_op)
    path = saver.save(sess, str(tmp_path / "model.ckpt"), global_step=step)
    assert path.endswith("model.ckpt-3")
    names = [n for n, _ in train.list_variables(path)]
    assert {"global_step", "beta1_power", "beta2_power", "W1/Adam", "W1/Adam_1"} <= set(names)
    assert len(names) == len(tf.global_variables())


def test_restored_training_continues_exactly(tmp_path):
    loss, variables = build_net()
    opt = train.MomentumOptimizer(0.1, 0.9)
    train_op = opt.minimize(loss)
    saver = train.Saver()
    sess = _session()
    for _ in range(3):
        sess.run(train_op)
    path = saver.save(sess, str(tmp_path / "m"))
    for _ in range(4):
        sess.run(train_op)
    uninterrupted = sess.run(variables)
    restored = tf.Session()
    saver.restore(restored, path)                   # weights AND momentum slots
    for _ in range(4):
        restored.run(train_op)
    for name, value in restored.run(variables).items():
        np.testing.assert_array_equal(value, uninterrupted[name])


def test_checkpoint_state_file_and_latest_checkpoint(tmp_path):
    tf.Variable(1.0, name="w")
    saver = train.Saver()
    sess = _session()
    for step in (1, 2):
        saver.save(sess, str(tmp_path / "model.ckpt"), global_step=step)
    text = (tmp_path / "checkpoint").read_text()
    assert text == ('model_checkpoint_path: "{d}/model.ckpt-2"\n'
                    'all_model_checkpoint_paths: "{d}/model.ckpt-1"\n'
                    'all_model_checkpoint_paths: "{d}/model.ckpt-2"\n').format(d=tmp_path)
    assert train.latest_checkpoint(str(tmp_path)) == str(tmp_path / "model.ckpt-2")
    state = train.get_checkpoint_state(str(tmp_path))
    assert state.all_model_checkpoint_paths == [str(tmp_path / "model.ckpt-1"),
                                                str(tmp_path / "model.ckpt-2")]
    assert train.latest_checkpoint(str(tmp_path / "nowhere")) is None


def test_relative_directory_stores_relative_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkdir("ckpts")
    tf.Variable(1.0, name="w")
    path = train.Saver().save(_session(), "ckpts/model", global_step=5)
    assert path == "ckpts/model-5"
    assert (tmp_path / "ckpts" / "checkpoint").read_text().splitlines()[0] == \
        'model_checkpoint_path: "model-5"'
    assert train.latest_checkpoint("ckpts") == os.path.join("ckpts", "model-5")


def test_golden_state_file_format_is_tensorflows(tmp_path):
    from train_golden import GOLDEN
    recipe = GOLDEN["article_recipe"]
    state = checkpoint_management.CheckpointState.from_text(recipe["checkpoint_state_text"])
    assert state.to_text() == recipe["checkpoint_state_text"]


def test_max_to_keep_deletes_the_oldest(tmp_path):
    tf.Variable(1.0, name="w")
    saver = train.Saver(max_to_keep=2)
    sess = _session()
    for step in range(4):
        saver.save(sess, str(tmp_path / "model.ckpt"), global_step=step)
    kept = sorted(p for p in os.listdir(tmp_path) if p.endswith(".npz"))
    assert kept == ["model.ckpt-2.npz", "model.ckpt-3.npz"]
    assert saver.last_checkpoints == [str(tmp_path / "model.ckpt-2"),
                                      str(tmp_path / "model.ckpt-3")]
    assert train.get_checkpoint_state(str(tmp_path)).all_model_checkpoint_paths == \
        saver.last_checkpoints
    saver.save(sess, str(tmp_path / "model.ckpt"), global_step=3)    # same step again
    assert saver.last_checkpoints[-1] == str(tmp_path / "model.ckpt-3")
    assert len(saver.last_checkpoints) == 2


def test_crash_during_save_keeps_the_previous_checkpoint(tmp_path, monkeypatch):
    w = tf.Variable([1.0, 2.0], name="w")
    saver = train.Saver()
    sess = _session()
    first = saver.save(sess, str(tmp_path / "model.ckpt"), global_step=1)
    state_before = (tmp_path / "checkpoint").read_text()
    sess.run(w.assign([9.0, 9.0]))

    def crash(src, dst):
        raise OSError("disk full (simulated crash mid-save)")
    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="simulated crash"):
        saver.save(sess, str(tmp_path / "model.ckpt"), global_step=2)
    monkeypatch.undo()
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "model.ckpt-1.npz"]   # no temp files
    assert (tmp_path / "checkpoint").read_text() == state_before
    assert train.latest_checkpoint(str(tmp_path)) == first
    fresh = tf.Session()
    train.Saver().restore(fresh, train.latest_checkpoint(str(tmp_path)))
    np.testing.assert_array_equal(fresh.run(w), [1.0, 2.0])


def test_crash_while_writing_the_state_file(tmp_path, monkeypatch):
    tf.Variable([1.0, 2.0], name="w")
    saver = train.Saver()
    sess = _session()
    first = saver.save(sess, str(tmp_path / "model.ckpt"), global_step=1)
    real_replace = os.replace

    def crash_on_state(src, dst):
        if os.path.basename(dst) == "checkpoint":
            raise OSError("simulated crash")
        real_replace(src, dst)
    monkeypatch.setattr(os, "replace", crash_on_state)
    with pytest.raises(OSError):
        saver.save(sess, str(tmp_path / "model.ckpt"), global_step=2)
    monkeypatch.undo()
    assert train.latest_checkpoint(str(tmp_path)) == first
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def _saved(tmp_path, **variables):
    for name, value in variables.items():
        tf.Variable(value, name=name)
    path = train.Saver().save(_session(), str(tmp_path / "model.ckpt"))
    tf.reset_default_graph()
    return path


def test_missing_variable_is_not_found_and_nothing_changes(tmp_path):
    path = _saved(tmp_path, w0=np.float32([1.0, 2.0]))
    w0 = tf.Variable([5.0, 5.0], name="w0")
    w1 = tf.Variable([7.0], name="w1")
    sess = _session()
    with pytest.raises(errors.NotFoundError, match="Key w1 not found in checkpoint"):
        train.Saver().restore(sess, path)
    np.testing.assert_array_equal(sess.run(w0), [5.0, 5.0])     # not half restored
    np.testing.assert_array_equal(sess.run(w1), [7.0])


def test_shape_mismatch_names_variable_and_shapes(tmp_path):
    path = _saved(tmp_path, a=np.float32([1.0]), w=np.float32([1.0, 2.0]))
    a = tf.Variable([0.0], name="a")
    tf.Variable([0.0, 0.0, 0.0], name="w")
    sess = _session()
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"Variable w has shape \[3\] in the graph but the checkpoint holds "
                             r"shape \[2\]"):
        train.Saver().restore(sess, path)
    assert sess.run(a) == 0.0


def test_dtype_mismatch(tmp_path):
    path = _saved(tmp_path, w=np.float64([1.0]))
    tf.Variable(np.float32([0.0]), name="w")
    with pytest.raises(errors.InvalidArgumentError,
                       match="expected dtype float32 does not equal original dtype float64"):
        train.Saver().restore(_session(), path)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_corrupt_file_is_data_loss_naming_the_file(tmp_path, damage):
    path = _saved(tmp_path, w=np.arange(100, dtype=np.float32))
    data = path + ".npz"
    with open(data, "rb") as f:
        content = f.read()
    with open(data, "wb") as f:
        f.write({"truncate": content[:len(content) // 2], "garbage": b"not a checkpoint" * 20,
                 "empty": b""}[damage])
    w = tf.Variable(np.zeros(100, np.float32), name="w")
    sess = _session()
    with pytest.raises(errors.DataLossError, match="Unable to read checkpoint file %s" % data):
        train.Saver().restore(sess, path)
    assert not sess.run(w).any()


def test_restore_and_save_argument_errors(tmp_path):
    tf.Variable(1.0, name="w")
    saver = train.Saver()
    sess = _session()
    with pytest.raises(ValueError, match="Can't load save_path when it is None"):
        saver.restore(sess, None)
    with pytest.raises(ValueError, match="not a valid checkpoint"):
        saver.restore(sess, str(tmp_path / "nothing"))
    with pytest.raises(ValueError, match="Parent directory of .* doesn't exist"):
        saver.save(sess, str(tmp_path / "no" / "dir" / "model"))
    with pytest.raises(TypeError, match="'sess' must be a Session"):
        saver.save("not a session", str(tmp_path / "m"))
    with tf.Graph().as_default(), pytest.raises(ValueError, match="not an element of the "
                                                                  "session's graph"):
        saver.save(tf.Session(), str(tmp_path / "m"))
    uninitialized = tf.Session()
    with pytest.raises(errors.FailedPreconditionError, match="uninitialized value w"):
        saver.save(uninitialized, str(tmp_path / "m"))
    tf.reset_default_graph()
    with pytest.raises(ValueError, match="No variables to save"):
        train.Saver()
    assert train.Saver(allow_empty=True).save(tf.Session(), str(tmp_path / "e")) is None


def test_saver_adds_no_ops_and_works_on_a_finalized_graph(tmp_path):
    tf.Variable(1.0, name="w")
    graph = tf.get_default_graph()
    sess = _session()
    before = len(graph.get_operations())
    graph.finalize()
    saver = train.Saver()
    saver.restore(sess, saver.save(sess, str(tmp_path / "m")))
    assert len(graph.get_operations()) == before
