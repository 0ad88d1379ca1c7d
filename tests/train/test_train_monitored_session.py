"""MonitoredSession, MonitoredTrainingSession and the standard hooks; source article 4's recipe
(04_optimization_steps.txt) against TensorFlow's recorded run."""
import os

import numpy as np
import pytest
import training_programs
from train_golden import ATOL, GOLDEN, RTOL, VARIABLES, build_net

import course as tf
from course import summary, train
from course.config import ConfigProto
from course.framework import errors


@pytest.fixture(autouse=True)
def _fresh_writers():
    yield
    summary.FileWriterCache.clear()
    summary.clear_history()


# -- article 4 ---------------------------------------------------------------------------------
def _assert_state(actual, expected):
    assert sorted(actual) == sorted(expected)
    for key, value in expected.items():
        np.testing.assert_allclose(actual[key], value, rtol=RTOL, atol=ATOL, err_msg=key)


def test_article_recipe_matches_tensorflow(tmp_path):
    golden = GOLDEN["article_recipe"]
    recipe = training_programs.build_recipe(tf, GOLDEN["net"])
    apply_op = recipe["apply_op"]
    assert (apply_op.name, apply_op.type) == (golden["train_op"]["apply_op_name"],
                                              golden["train_op"]["apply_op_type"])
    for expected in golden["runs"]:
        run = training_programs.run_recipe(tf, recipe, str(tmp_path), expected["stop"])
        assert run["steps_run"] == expected["steps_run"]
        assert run["fed_learning_rates"] == expected["fed_learning_rates"]
        np.testing.assert_allclose(run["costs"], expected["costs"], rtol=RTOL, atol=ATOL)
        _assert_state(run["after_create_session"], expected["after_create_session"])
        _assert_state(run["at_end"], expected["at_end"])
    assert train.get_checkpoint_state(str(tmp_path)).to_text() == \
        golden["checkpoint_state_text"].format(checkpoint_dir=tmp_path)
    saved = sorted(p[:-len(".npz")] for p in os.listdir(tmp_path) if p.endswith(".npz"))
    assert saved == golden["checkpoints"]
    assert not tf.get_default_graph().finalized           # un-finalized on close


# -- session lifecycle -------------------------------------------------------------------------
class CallLog(train.SessionRunHook):
    def __init__(self, name, log, fetch=None):
        self.name, self.log, self.fetch = name, log, fetch

    def begin(self):
        self.log.append((self.name, "begin", tf.get_default_graph().finalized))

    def after_create_session(self, session, coord):
        self.log.append((self.name, "after_create_session", tf.get_default_graph().finalized))

    def before_run(self, run_context):
        self.log.append((self.name, "before_run"))
        return None if self.fetch is None else train.SessionRunArgs(self.fetch)

    def after_run(self, run_context, run_values):
        self.log.append((self.name, "after_run", run_values.results))

    def end(self, session):
        self.log.append((self.name, "end"))


def _counter_graph():
    step = train.get_or_create_global_step()
    increment = tf.assign_add(step, 1)
    return step, increment


def test_hook_call_order():
    step, increment = _counter_graph()
    log = []
    hooks = [CallLog("a", log), CallLog("b", log, fetch=step)]
    with train.MonitoredSession(hooks=hooks) as sess:
        assert sess.run(increment) == 1
        sess.run(increment)
    assert log == [
        ("a", "begin", False), ("b", "begin", False),
        ("a", "after_create_session", True), ("b", "after_create_session", True),
        ("a", "before_run"), ("b", "before_run"), ("a", "after_run", None), ("b", "after_run", 1),
        ("a", "before_run"), ("b", "before_run"), ("a", "after_run", None), ("b", "after_run", 2),
        ("a", "end"), ("b", "end")]


def test_graph_is_finalized_while_the_session_is_open():
    _counter_graph()
    sess = train.MonitoredSession()
    with pytest.raises(RuntimeError, match="Graph is finalized"):
        tf.constant(1.0)
    sess.close()
    tf.constant(1.0)
    with pytest.raises(RuntimeError, match="Session is already closed"):
        sess.close()


def test_end_is_skipped_when_the_loop_raises_but_stop_iteration_is_clean():
    _counter_graph()
    log = []
    with pytest.raises(ZeroDivisionError):
        with train.MonitoredSession(hooks=[CallLog("a", log)]):
            raise ZeroDivisionError
    assert ("a", "end") not in log
    log.clear()
    with train.MonitoredSession(hooks=[CallLog("a", log)]):
        raise errors.OutOfRangeError(None, None, "End of sequence")
    assert log[-1] == ("a", "end")


def test_hook_feed_overrides_a_constant_and_conflicts_are_refused():
    rate = tf.constant(0.1)
    doubled = rate * 2

    class Feeder(train.SessionRunHook):
        def before_run(self, run_context):
            return train.SessionRunArgs(None, feed_dict={rate: 0.5})

    with train.MonitoredSession(hooks=[Feeder()]) as sess:
        assert sess.run(doubled) == 1.0
        with pytest.raises(RuntimeError, match="Same tensor is fed by a SessionRunHook and user"):
            sess.run(doubled, feed_dict={rate: 0.3})
    with train.MonitoredSession(hooks=[Feeder(), Feeder()]) as sess:
        with pytest.raises(RuntimeError, match="Same tensor is fed by two hooks"):
            sess.run(doubled)


def test_run_context_original_args_and_request_stop():
    _, increment = _counter_graph()
    seen = []

    class Stopper(train.SessionRunHook):
        def after_run(self, run_context, run_values):
            seen.append(run_context.original_args)
            run_context.request_stop()

    with train.MonitoredSession(hooks=[Stopper()]) as sess:
        assert not sess.should_stop()
        sess.run(increment, feed_dict=None)
        assert sess.should_stop()
        with pytest.raises(RuntimeError, match="Run called even after should_stop requested"):
            sess.run(increment)
    assert seen == [train.SessionRunArgs(increment, None)]


def test_scaffold_init_op_and_ready_check():
    w = tf.Variable(1.0, name="w")
    with pytest.raises(RuntimeError, match="Init operations did not make model ready.*w"):
        train.MonitoredSession(session_creator=train.ChiefSessionCreator(
            scaffold=train.Scaffold(init_op=tf.no_op())))
    assert not tf.get_default_graph().finalized
    scaffold = train.Scaffold(init_fn=lambda scaffold, sess: sess.run(w.initializer))
    with train.MonitoredSession(
            session_creator=train.ChiefSessionCreator(scaffold=scaffold)) as sess:
        assert sess.run(w) == 1.0


def test_run_step_fn():
    _, increment = _counter_graph()
    with train.MonitoredSession() as sess:
        assert sess.run_step_fn(lambda step_context: step_context.run_with_hooks(increment)) == 1
        sess.run_step_fn(lambda step_context: step_context.request_stop())
        assert sess.should_stop()


# -- standard hooks ------------------------------------------------------------------------------
def test_stop_at_step_hook():
    _, increment = _counter_graph()
    with train.MonitoredSession(hooks=[train.StopAtStepHook(last_step=5)]) as sess:
        runs = 0
        while not sess.should_stop():
            sess.run(increment)
            runs += 1
    assert runs == 5
    with pytest.raises(ValueError, match="One of num_steps or last_step must be specified"):
        train.StopAtStepHook()
    with pytest.raises(ValueError, match="Only one of num_steps or last_step"):
        train.StopAtStepHook(num_steps=1, last_step=2)
    tf.reset_default_graph()
    tf.Variable(1.0)
    with pytest.raises(RuntimeError, match="Global step should be created to use StopAtStepHook"):
        train.MonitoredSession(hooks=[train.StopAtStepHook(num_steps=1)])


def test_nan_tensor_hook():
    loss = tf.placeholder(tf.float32, [])
    with train.MonitoredSession(hooks=[train.NanTensorHook(loss)]) as sess:
        sess.run(loss, {loss: 1.0})
        with pytest.raises(train.NanLossDuringTrainingError, match="NaN loss during training"):
            sess.run(loss, {loss: float("nan")})
    with train.MonitoredSession(hooks=[train.NanTensorHook(loss, fail_on_nan_loss=False)]) as s:
        s.run(loss, {loss: float("nan")})
        assert s.should_stop()


def test_logging_tensor_hook_prints_like_tensorflow(capsys):
    step, increment = _counter_graph()
    loss = tf.cast(step, tf.float32) * 0.5
    hook = train.LoggingTensorHook({"loss": loss, "step": step}, every_n_iter=2)
    with train.MonitoredSession(hooks=[hook]) as sess:
        for _ in range(4):
            sess.run(increment)
    lines = [line for line in capsys.readouterr().err.splitlines() if "loss =" in line]
    assert len(lines) == 2
    assert lines[0] == "INFO:tensorflow:loss = 0.5, step = 1"
    assert lines[1].startswith("INFO:tensorflow:loss = 1.5, step = 3 (") and \
        lines[1].endswith(" sec)")
    hook = train.LoggingTensorHook([loss.name], at_end=True,
                                   formatter=lambda values: "end %s" % values[loss.name])
    with train.MonitoredSession(hooks=[hook]) as sess:     # a new session: the step restarts
        sess.run(increment)
        sess.run(increment)
    assert capsys.readouterr().err.strip().endswith("INFO:tensorflow:end 1.0")
    with pytest.raises(ValueError, match="exactly one of every_n_iter and every_n_secs"):
        train.LoggingTensorHook([loss])


def test_step_counter_and_summary_saver_write_summaries(tmp_path, capsys):
    _, increment = _counter_graph()
    summary.scalar("three", tf.constant(3.0))
    hooks = [train.StopAtStepHook(last_step=6)]
    with train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path), hooks=hooks,
                                        save_summaries_steps=2, log_step_count_steps=2) as sess:
        while not sess.should_stop():
            sess.run(increment)
    record = summary.history(str(tmp_path))
    # SummarySaverHook: the first run, then every 2 steps; written at the step after the run
    assert record.scalars["three"] == [(1, 3.0), (3, 3.0), (5, 3.0)]
    speeds = record.scalars["global_step/sec"]
    assert [s for s, _ in speeds] == [3, 5] and all(v > 0 for _, v in speeds)
    assert "INFO:tensorflow:global_step/sec:" in capsys.readouterr().err
    assert os.path.exists(tmp_path / "graph.pbtxt")
    assert train.latest_checkpoint(str(tmp_path)).endswith("model.ckpt-6")


def test_monitored_training_session_default_hooks(tmp_path):
    train.get_or_create_global_step()
    with train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path)) as sess:
        kinds = [type(h).__name__ for h in sess._hooks]
    assert kinds == ["StepCounterHook", "SummarySaverHook", "CheckpointSaverHook"]
    hook = [h for h in sess._hooks if isinstance(h, train.CheckpointSaverHook)][0]
    assert hook._timer._every_secs == 600 and hook._timer._every_steps is None
    with train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path), save_checkpoint_steps=10,
                                        save_summaries_steps=0, log_step_count_steps=0,
                                        chief_only_hooks=[CallLog("c", [])]) as sess:
        hooks = sess._hooks
    assert [type(h).__name__ for h in hooks] == ["CallLog", "CheckpointSaverHook"]
    assert hooks[1]._timer._every_steps == 10 and hooks[1]._timer._every_secs is None
    with train.MonitoredTrainingSession() as sess:
        assert sess._hooks == []


def test_checkpoint_saver_hook_every_n_steps_and_restore(tmp_path):
    step, increment = _counter_graph()
    w = tf.Variable(0.0, name="w")
    bump = tf.group(increment, tf.assign_add(w, 1.5))
    hooks = [train.CheckpointSaverHook(str(tmp_path), save_steps=2),
             train.StopAtStepHook(last_step=5)]
    with train.SingularMonitoredSession(hooks=hooks) as sess:
        while not sess.should_stop():
            sess.run(bump)
        assert sess.raw_session().run(w) == 7.5
    saved = sorted(int(p[len("model.ckpt-"):-len(".npz")]) for p in os.listdir(tmp_path)
                   if p.endswith(".npz"))
    assert saved == [0, 2, 4, 5]
    with train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path)) as sess:
        assert sess.run([step, w]) == [5, 7.5]


def test_feed_fn_and_final_ops_hooks():
    x = tf.placeholder(tf.float32, [])
    total = tf.Variable(0.0)
    add = tf.assign_add(total, x)
    final = train.FinalOpsHook(total * 10)
    feeds = iter([1.0, 2.0, 3.0])
    with train.MonitoredSession(hooks=[train.FeedFnHook(lambda: {x: next(feeds)}), final]) as s:
        for _ in range(3):
            s.run(add)
    assert final.final_ops_values == 60.0


def test_config_proto_fields():
    config = ConfigProto(allow_soft_placement=True, log_device_placement=False)
    config.gpu_options.allow_growth = True
    assert config.allow_soft_placement and config.gpu_options.allow_growth
    assert config.gpu_options.per_process_gpu_memory_fraction == 0.0
    with pytest.raises(ValueError, match='Protocol message ConfigProto has no "nope" field'):
        ConfigProto(nope=1)
    with pytest.raises(AttributeError, match="GPUOptions has no \"nope\""):
        config.gpu_options.nope = 1
    sess = tf.Session(config=config)
    assert sess.run(tf.constant(2.0)) == 2.0


def test_coordinator_reraises_a_requested_exception():
    coord = train.Coordinator()
    with coord.stop_on_exception():
        raise KeyError("boom")
    assert coord.should_stop()
    with pytest.raises(KeyError, match="boom"):
        coord.join()


def test_vars_of_the_golden_net_train_under_monitored_session():
    loss, variables = build_net()
    step = train.get_or_create_global_step()
    train_op = train.GradientDescentOptimizer(0.1).minimize(loss, global_step=step)
    losses = []
    with train.MonitoredSession(hooks=[train.StopAtStepHook(num_steps=30)]) as sess:
        while not sess.should_stop():
            losses.append(sess.run([loss, train_op])[0])
    np.testing.assert_allclose(losses, GOLDEN["optimizers"]["GradientDescent"]["losses"],
                               rtol=RTOL, atol=ATOL)
    assert VARIABLES == list(variables)


def test_non_chief_session_cannot_wait_for_a_chief():
    train.get_or_create_global_step()
    with pytest.raises(errors.DeadlineExceededError, match="no chief process"):
        train.MonitoredTrainingSession(is_chief=False)
    assert not tf.get_default_graph().finalized


def test_summary_saver_hook_keeps_its_cadence_over_many_steps(tmp_path):
    # save_steps=10 means the first run, then every 10 steps: 1, 11, 21 (as TF), not every 9.
    _, increment = _counter_graph()
    three = summary.scalar("three", tf.constant(3.0))
    hook = train.SummarySaverHook(save_steps=10, output_dir=str(tmp_path), summary_op=three)
    with train.MonitoredSession(hooks=[hook, train.StopAtStepHook(last_step=25)]) as sess:
        while not sess.should_stop():
            sess.run(increment)
    assert [step for step, _ in summary.history(str(tmp_path)).scalars["three"]] == [1, 11, 21]
