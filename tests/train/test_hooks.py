"""SessionRunHook and the basic hooks, run by a MonitoredSession (expected behaviour checked against TF)."""

import logging
import os
import re

import numpy as np
import pytest

import tfvars as tf


@pytest.fixture
def tf_log(caplog):
    """caplog, receiving the INFO records of the "tfvars" logger (which does not propagate)."""
    logger = logging.getLogger("tfvars")
    level = logger.level
    logger.addHandler(caplog.handler)
    logger.setLevel(logging.INFO)
    yield caplog
    logger.removeHandler(caplog.handler)
    logger.setLevel(level)


def messages(caplog):
    return [record.getMessage() for record in caplog.records]


class RecordingHook(tf.train.SessionRunHook):
    """Records each call; asks for `v` each run and stops once it reaches `stop_at`."""

    def __init__(self, v, stop_at=2.0):
        self.v, self.stop_at, self.calls = v, stop_at, []

    def begin(self):
        self.calls.append("begin")

    def after_create_session(self, session, coord):
        self.calls.append("after_create_session")

    def before_run(self, run_context):
        self.calls.append(("before_run", run_context.original_args.fetches.name))
        return tf.train.SessionRunArgs({"v": self.v})

    def after_run(self, run_context, run_values):
        self.calls.append(("after_run", float(run_values.results["v"])))
        if run_values.results["v"] >= self.stop_at:
            run_context.request_stop()

    def end(self, session):
        self.calls.append("end")


def counter_graph():
    v = tf.Variable(0.0, name="v")
    return v, tf.assign_add(v, 1.0)


def test_hooks_are_called_in_order_and_can_stop_the_loop():
    v, inc = counter_graph()
    hook = RecordingHook(v)
    with tf.train.MonitoredSession(hooks=[hook]) as sess:
        while not sess.should_stop():
            sess.run(inc)
        with pytest.raises(RuntimeError, match="Run called even after should_stop requested."):
            sess.run(inc)
    assert hook.calls == ["begin", "after_create_session", ("before_run", "AssignAdd:0"), ("after_run", 1.0),
                          ("before_run", "AssignAdd:0"), ("after_run", 2.0), "end"]


def test_end_is_not_called_after_an_error():
    v, inc = counter_graph()
    hook = RecordingHook(v, stop_at=10)
    with pytest.raises(ZeroDivisionError):
        with tf.train.MonitoredSession(hooks=[hook]) as sess:
            sess.run(inc)
            raise ZeroDivisionError
    assert "end" not in hook.calls


def test_session_run_args_and_context():
    args = tf.train.SessionRunArgs("x")
    assert (args.fetches, args.feed_dict, args.options) == ("x", None, None)
    context = tf.train.SessionRunContext(original_args=args, session="s")
    assert not context.stop_requested
    context.request_stop()
    assert context.stop_requested and context.session == "s" and context.original_args is args
    assert tf.train.SessionRunHook().before_run(context) is None


def test_hook_feeds_reach_the_run_and_may_not_collide():
    x = tf.placeholder(tf.float32, [], name="x")
    y = x * 2.0
    feeder = tf.train.FeedFnHook(lambda: {x: 3.0})
    with tf.train.MonitoredSession(hooks=[feeder]) as sess:
        assert sess.run(y) == 6.0
        with pytest.raises(RuntimeError, match="Same tensor is fed by a SessionRunHook and user."):
            sess.run(y, feed_dict={x: 1.0})
    with tf.train.MonitoredSession(hooks=[feeder, tf.train.FeedFnHook(lambda: {x: 1.0})]) as sess:
        with pytest.raises(RuntimeError, match="Same tensor is fed by two hooks."):
            sess.run(y)


def test_global_step_read_is_built_as_tf_builds_it():
    from tfvars.train.basic_session_run_hooks import get_or_create_global_step_read
    tf.train.get_or_create_global_step()
    before = len(tf.get_default_graph().get_operations())
    read = get_or_create_global_step_read()
    assert read.name == "global_step/add:0" and read.dtype == tf.int64
    assert [op.name for op in tf.get_default_graph().get_operations()[before:]] == [
        "global_step/IsVariableInitialized", "global_step/cond/Switch", "global_step/cond/switch_t",
        "global_step/cond/switch_f", "global_step/cond/pred_id", "global_step/cond/read",
        "global_step/cond/read/Switch", "global_step/cond/Switch_1", "global_step/cond/Merge", "global_step/add/y",
        "global_step/add"]
    assert get_or_create_global_step_read() is read


def test_stop_at_step_hook_arguments():
    with pytest.raises(ValueError, match="One of num_steps or last_step must be specified."):
        tf.train.StopAtStepHook()
    with pytest.raises(ValueError, match="Only one of num_steps or last_step can be specified."):
        tf.train.StopAtStepHook(num_steps=1, last_step=2)
    with pytest.raises(RuntimeError, match="Global step should be created to use StopAtStepHook."):
        tf.train.StopAtStepHook(num_steps=1).begin()


def training_graph():
    step = tf.train.get_or_create_global_step()
    w = tf.Variable(3.0, name="w")
    loss = tf.square(w, name="loss")
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=step)
    return step, loss, train_op


@pytest.mark.parametrize("kwargs, steps", [({"last_step": 4}, [1, 2, 3, 4]), ({"num_steps": 2}, [1, 2])])
def test_stop_at_step_hook_stops_at_the_step(kwargs, steps):
    step, _, train_op = training_graph()
    seen = []
    with tf.train.MonitoredSession(hooks=[tf.train.StopAtStepHook(**kwargs)]) as sess:
        while not sess.should_stop():
            seen.append(sess.run([train_op, step])[1])
    assert seen == steps


def test_logging_tensor_hook_logs_every_n_iter_and_at_end(tf_log):
    v, inc = counter_graph()
    step = tf.train.get_or_create_global_step()
    hook = tf.train.LoggingTensorHook({"v": v, "step": step}, every_n_iter=2, at_end=True)
    with tf.train.MonitoredSession(hooks=[hook]) as sess:
        for _ in range(3):
            sess.run(inc)
    lines = [re.sub(r"\(\d+\.\d{3} sec\)", "(T sec)", m) for m in messages(tf_log) if m.startswith("step")]
    # Tags of a dict are sorted; the first line has no time, the others the time since the previous one.
    assert lines == ["step = 0, v = 1.0", "step = 0, v = 3.0 (T sec)", "step = 0, v = 3.0 (T sec)"]


def test_logging_tensor_hook_names_and_formatter(tf_log):
    v, inc = counter_graph()
    hook = tf.train.LoggingTensorHook(["v", "AssignAdd:0"], every_n_iter=1,
                                      formatter=lambda values: "got %s" % sorted(values))
    with tf.train.MonitoredSession(hooks=[hook]) as sess:
        sess.run(inc)
    assert "got ['AssignAdd:0', 'v']" in messages(tf_log)


def test_logging_tensor_hook_errors():
    with pytest.raises(ValueError, match="either at_end and/or exactly one of every_n_iter and every_n_secs"):
        tf.train.LoggingTensorHook(["x"])
    with pytest.raises(ValueError, match="invalid every_n_iter=0."):
        tf.train.LoggingTensorHook(["x"], every_n_iter=0)
    tf.split(tf.zeros([2]), 2, name="two")
    with pytest.raises(ValueError, match="Name two is ambiguous"):
        tf.train.LoggingTensorHook(["two"], every_n_iter=1).begin()
    other = tf.Graph()
    with other.as_default():
        elsewhere = tf.constant(1.0)
    with pytest.raises(ValueError, match="should have graph attribute that is equal to current graph"):
        tf.train.LoggingTensorHook([elsewhere], every_n_iter=1).begin()


def test_second_or_step_timer():
    with pytest.raises(ValueError, match="Either every_secs or every_steps should be provided."):
        tf.train.SecondOrStepTimer()
    with pytest.raises(ValueError, match="Can not provide both every_secs and every_steps."):
        tf.train.SecondOrStepTimer(every_secs=1, every_steps=1)
    timer = tf.train.SecondOrStepTimer(every_steps=3)
    assert timer.should_trigger_for_step(0)
    assert timer.update_last_triggered_step(0) == (None, None)
    assert [timer.should_trigger_for_step(s) for s in range(5)] == [False, False, False, True, True]
    assert timer.update_last_triggered_step(3)[1] == 3 and timer.last_triggered_step() == 3


def test_nan_tensor_hook():
    x = tf.placeholder(tf.float32, [])
    with tf.train.MonitoredSession(hooks=[tf.train.NanTensorHook(x)]) as sess:
        sess.run(x, {x: 1.0})
        with pytest.raises(tf.train.NanLossDuringTrainingError, match="NaN loss during training."):
            sess.run(x, {x: np.nan})
    with tf.train.MonitoredSession(hooks=[tf.train.NanTensorHook(x, fail_on_nan_loss=False)]) as sess:
        sess.run(x, {x: np.nan})
        assert sess.should_stop()


def test_checkpoint_saver_hook_saves_first_every_n_steps_and_last(tmp_path):
    step, _, train_op = training_graph()
    listener_calls = []

    class Listener(tf.train.CheckpointSaverListener):
        def before_save(self, session, global_step_value):
            listener_calls.append(("before", int(global_step_value)))

        def after_save(self, session, global_step_value):
            listener_calls.append(("after", int(global_step_value)))

        def end(self, session, global_step_value):
            listener_calls.append(("end", int(global_step_value)))

    saver_hook = tf.train.CheckpointSaverHook(str(tmp_path), save_steps=2, listeners=[Listener()])
    tf.add_to_collection(tf.GraphKeys.SAVERS, tf.train.Saver())
    with tf.train.MonitoredSession(hooks=[saver_hook, tf.train.StopAtStepHook(last_step=5)]) as sess:
        while not sess.should_stop():
            sess.run(train_op)
    assert tf.train.get_checkpoint_state(str(tmp_path)).all_model_checkpoint_paths == [
        str(tmp_path / ("model.ckpt-%d" % n)) for n in (0, 2, 4, 5)]
    assert os.path.exists(tmp_path / "graph.pbtxt") and os.path.exists(tmp_path / "model.ckpt-5.meta")
    assert listener_calls[:2] == [("before", 0), ("after", 0)] and listener_calls[-1] == ("end", 5)


def test_checkpoint_saver_listener_can_stop_training(tmp_path):
    step, _, train_op = training_graph()

    class StopAtTwo(tf.train.CheckpointSaverListener):
        def after_save(self, session, global_step_value):
            return global_step_value >= 2

    hook = tf.train.CheckpointSaverHook(str(tmp_path), save_steps=1, saver=tf.train.Saver(), listeners=[StopAtTwo()])
    steps = []
    with tf.train.MonitoredSession(hooks=[hook]) as sess:
        while not sess.should_stop():
            steps.append(sess.run([train_op, step])[1])
    assert steps == [1, 2]


def test_checkpoint_saver_hook_errors(tmp_path):
    with pytest.raises(ValueError, match="You cannot provide both saver and scaffold."):
        tf.train.CheckpointSaverHook(str(tmp_path), save_steps=1, saver=object(), scaffold=object())
    with pytest.raises(ValueError, match="Either every_secs or every_steps should be provided."):
        tf.train.CheckpointSaverHook(str(tmp_path))
    with pytest.raises(RuntimeError, match="Global step should be created to use CheckpointSaverHook."):
        tf.train.CheckpointSaverHook(str(tmp_path), save_steps=1).begin()


def test_step_counter_hook_logs_steps_per_second(tf_log):
    step, _, train_op = training_graph()
    hook = tf.train.StepCounterHook(every_n_steps=2)
    with tf.train.MonitoredSession(hooks=[hook, tf.train.StopAtStepHook(last_step=5)]) as sess:
        while not sess.should_stop():
            sess.run(train_op)
    assert any(re.match(r"global_step/sec: [\d.e+-]+$", m) for m in messages(tf_log))
    with pytest.raises(ValueError, match="exactly one of every_n_steps and every_n_secs should be provided."):
        tf.train.StepCounterHook(every_n_steps=None)


def test_final_ops_hook_runs_at_the_end():
    v, inc = counter_graph()
    hook = tf.train.FinalOpsHook({"v": v})
    with tf.train.MonitoredSession(hooks=[hook]) as sess:
        sess.run(inc)
        sess.run(inc)
        assert hook.final_ops_values is None
    assert hook.final_ops_values == {"v": 2.0}
