"""Checkpoints at the edges (issue 16): awkward names escaped as TF escapes them, TF's file
permissions, a restarted run's max_to_keep, state files that point outside their directory,
and the opt-in fallback past a damaged latest checkpoint."""
import logging
import os
import stat

import pytest
from golden_files import load_golden

import course as tf
from course.framework import errors
from course.train import checkpoint_management as cm

GOLDEN = load_golden("edges")["checkpoint"]


@pytest.fixture
def warnings_logged():
    records = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(record.getMessage())
    tf.logging.get_logger().addHandler(handler)
    yield records
    tf.logging.get_logger().removeHandler(handler)


def _saved_variable(value=1.0):
    v = tf.Variable(value, name="v")
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return v, sess


def test_awkward_name_is_escaped_as_tensorflow_does_and_restores(tmp_path):
    v, sess = _saved_variable()
    directory = str(tmp_path)
    path = tf.train.Saver().save(sess, directory + '/mo"d\nel', global_step=1)
    assert path.replace(directory, "DIR") == GOLDEN["saved_path"]
    state_text = (tmp_path / "checkpoint").read_text().replace(directory, "DIR")
    assert state_text == GOLDEN["state_file"]
    assert tf.train.latest_checkpoint(directory).replace(directory, "DIR") == GOLDEN["latest"]
    sess.run(v.assign(5.0))
    tf.train.Saver().restore(sess, tf.train.latest_checkpoint(directory))
    assert sess.run(v) == 1.0


def test_state_file_round_trips_every_character():
    name = 'a"b\\c\nd\te\'f é 漢 \x01'
    state = cm.CheckpointState(name, [name, "plain"])
    back = cm.CheckpointState.from_text(state.to_text())
    assert back.model_checkpoint_path == name
    assert back.all_model_checkpoint_paths == [name, "plain"]
    assert state.to_text().isascii() and "\n" not in state.to_text().splitlines()[0]


def test_checkpoint_files_respect_the_umask(tmp_path):
    _, sess = _saved_variable()
    old = os.umask(0o022)
    try:
        tf.train.Saver().save(sess, str(tmp_path / "m"), global_step=1)
    finally:
        os.umask(old)
    modes = {name: oct(stat.S_IMODE(os.stat(tmp_path / name).st_mode))
             for name in os.listdir(tmp_path)}
    assert modes == {"checkpoint": GOLDEN["modes_umask_022"]["checkpoint"],
                     "m-1.npz": GOLDEN["modes_umask_022"]["index"]} == {
        "checkpoint": "0o644", "m-1.npz": "0o644"}
    old = os.umask(0o077)
    try:
        tf.train.Saver().save(sess, str(tmp_path / "private"))
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "private.npz").st_mode) == 0o600


def test_max_to_keep_cleans_up_an_earlier_runs_checkpoints_after_a_restart(tmp_path):
    directory = str(tmp_path)
    for run in range(3):                          # three runs of the same script
        with tf.Graph().as_default():
            v, sess = _saved_variable(float(run))
            saver = tf.train.Saver(max_to_keep=2)
            latest = tf.train.latest_checkpoint(directory)
            if latest:
                saver.restore(sess, latest)
            for i in range(3):
                saver.save(sess, directory + "/m", global_step=run * 10 + i)
    kept = sorted(f for f in os.listdir(directory) if f.endswith(".npz"))
    assert kept == ["m-21.npz", "m-22.npz"]
    state = tf.train.get_checkpoint_state(directory)
    assert [os.path.basename(p) for p in state.all_model_checkpoint_paths] == ["m-21", "m-22"]


def test_max_to_keep_none_keeps_everything(tmp_path):
    _, sess = _saved_variable()
    for i in range(3):
        tf.train.Saver(max_to_keep=None).save(sess, str(tmp_path / "m"), global_step=i)
    assert len([f for f in os.listdir(tmp_path) if f.endswith(".npz")]) == 3


def _state_file(directory, *paths):
    text = "".join('%s: "%s"\n' % (field, p) for field, p in
                   [("model_checkpoint_path", paths[-1])] +
                   [("all_model_checkpoint_paths", p) for p in paths])
    (directory / "checkpoint").write_text(text)


@pytest.mark.parametrize("how", ["dotdot", "absolute", "symlink"])
def test_state_file_pointing_outside_its_directory_is_refused(tmp_path, how, warnings_logged):
    v, sess = _saved_variable(42.0)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    tf.train.Saver().save(sess, str(elsewhere / "secret"))
    run = tmp_path / "run"
    run.mkdir()
    if how == "dotdot":
        _state_file(run, "../elsewhere/secret")
    elif how == "absolute":
        _state_file(run, str(elsewhere / "secret"))
    else:
        os.symlink(elsewhere / "secret.npz", run / "model.npz")
        _state_file(run, "model")
    assert tf.train.latest_checkpoint(str(run)) is None
    assert tf.train.get_checkpoint_state(str(run)) is None
    assert any("points outside" in m and "ignored" in m for m in warnings_logged)


def test_outside_entries_are_dropped_and_a_moved_directory_still_restores(tmp_path,
                                                                          warnings_logged):
    _, sess = _saved_variable()
    run = tmp_path / "run"
    run.mkdir()
    tf.train.Saver().save(sess, str(run / "m"), global_step=1)
    tf.train.Saver().save(sess, str(run / "m"), global_step=2)
    # the state file of a directory moved from /old/place, plus an entry that escapes
    _state_file(run, "../../etc/passwd", "/old/place/m-1", "/old/place/m-2")
    state = tf.train.get_checkpoint_state(str(run))
    assert state.model_checkpoint_path == str(run / "m-2")
    assert state.all_model_checkpoint_paths == [str(run / "m-1"), str(run / "m-2")]
    assert sum("points outside" in m for m in warnings_logged) == 3


def _train_and_checkpoint(directory, steps):
    with tf.Graph().as_default():
        step = tf.train.get_or_create_global_step()
        tick = tf.assign_add(step, 1)
        with tf.train.MonitoredTrainingSession(checkpoint_dir=directory, save_checkpoint_steps=1,
                                               save_summaries_steps=None,
                                               log_step_count_steps=None) as sess:
            for _ in range(steps):
                sess.run(tick)


def _resume(directory, **kwargs):
    with tf.Graph().as_default():
        step = tf.train.get_or_create_global_step()
        with tf.train.MonitoredTrainingSession(checkpoint_dir=directory, save_summaries_steps=None,
                                               save_checkpoint_secs=None,
                                               log_step_count_steps=None, **kwargs) as sess:
            return sess.run(step)


def test_damaged_latest_checkpoint_raises_data_loss_by_default(tmp_path):
    directory = str(tmp_path)
    _train_and_checkpoint(directory, 3)
    latest = tf.train.latest_checkpoint(directory)
    with open(latest + ".npz", "r+b") as f:
        f.truncate(20)
    with pytest.raises(errors.DataLossError, match="model.ckpt-3"):
        _resume(directory)


def test_fallback_restores_the_newest_readable_checkpoint(tmp_path, warnings_logged):
    directory = str(tmp_path)
    _train_and_checkpoint(directory, 3)          # checkpoints at steps 1, 2, 3 (kept: 5)
    for step in (3, 2):
        with open(os.path.join(directory, "model.ckpt-%d.npz" % step), "r+b") as f:
            f.write(b"garbage!" * 4)
    assert _resume(directory, fall_back_to_earlier_checkpoint=True) == 1
    assert [m for m in warnings_logged if "falling back" in m] == [
        "Checkpoint %s/model.ckpt-3 cannot be read (DataLossError); falling back to the "
        "earlier checkpoint %s/model.ckpt-2" % (directory, directory),
        "Checkpoint %s/model.ckpt-2 cannot be read (DataLossError); falling back to the "
        "earlier checkpoint %s/model.ckpt-1" % (directory, directory)]


def test_fallback_with_nothing_readable_raises_the_latest_ones_data_loss(tmp_path):
    directory = str(tmp_path)
    _train_and_checkpoint(directory, 1)
    for name in os.listdir(directory):
        if name.endswith(".npz"):
            (tmp_path / name).write_bytes(b"not a checkpoint")
    with pytest.raises(errors.DataLossError, match="model.ckpt-1"):
        _resume(directory, fall_back_to_earlier_checkpoint=True)


def test_monitored_training_session_resumes_in_an_awkwardly_named_directory(tmp_path):
    directory = str(tmp_path / 'run "1"\nwith é')
    _train_and_checkpoint(directory, 2)
    assert _resume(directory) == 2          # restored, not restarted from scratch
