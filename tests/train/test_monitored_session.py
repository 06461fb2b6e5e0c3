"""Scaffold, SessionManager and the monitored sessions: what initialises, restores and saves for you.

Op names and checkpoint files are those TF builds and writes for the same programs.
"""

import numpy as np
import pytest

import tfvars as tf


def training_graph():
    step = tf.train.get_or_create_global_step()
    w = tf.get_variable("w", [], initializer=tf.constant_initializer(3.0))
    loss = tf.square(w)
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=step)
    return step, loss, train_op


def test_scaffold_finalize_builds_tf_ops_and_finalizes_the_graph():
    tf.get_variable("w", [2])
    tf.train.get_or_create_global_step()
    scaffold = tf.train.Scaffold().finalize()
    graph = tf.get_default_graph()
    assert graph.finalized
    assert scaffold.init_op.name == "group_deps"
    assert scaffold.ready_op.name == "concat:0"
    assert scaffold.ready_for_local_init_op.name == "concat_1:0"
    assert scaffold.local_init_op.name == "group_deps_1"
    assert scaffold.summary_op is None
    assert sorted(op.name for op in scaffold.init_op.control_inputs) == ["init", "init_1"]
    assert sorted(op.name for op in scaffold.local_init_op.control_inputs) == ["init_2", "init_3", "init_all_tables"]
    assert tf.get_collection(tf.GraphKeys.SAVERS) == [scaffold.saver]
    assert tf.get_collection(tf.GraphKeys.INIT_OP) == [scaffold.init_op]
    with pytest.raises(RuntimeError, match="Graph is finalized and cannot be modified."):
        tf.constant(1)


def test_scaffold_takes_ops_from_collections_and_copies():
    tf.get_variable("w", [2])
    custom_init = tf.no_op(name="custom_init")
    tf.add_to_collection(tf.GraphKeys.INIT_OP, custom_init)
    base = tf.train.Scaffold(init_fn=lambda scaffold, sess: None)
    scaffold = tf.train.Scaffold(copy_from_scaffold=base)
    assert scaffold.init_fn is base.init_fn
    assert scaffold.finalize().init_op is custom_init
    with pytest.raises(TypeError, match="copy_from_scaffold is not a Scaffold instance."):
        tf.train.Scaffold(copy_from_scaffold=object())


def test_scaffold_refuses_several_items_in_a_collection():
    tf.add_to_collection(tf.GraphKeys.READY_OP, tf.constant([], tf.string))
    tf.add_to_collection(tf.GraphKeys.READY_OP, tf.constant([], tf.string))
    with pytest.raises(RuntimeError, match='More than one item in the collection "ready_op"'):
        tf.train.Scaffold().finalize()


def test_monitored_session_initialises_global_and_local_variables():
    w = tf.get_variable("w", [], initializer=tf.constant_initializer(2.0))
    local = tf.get_variable("local", [], initializer=tf.constant_initializer(5.0),
                            collections=[tf.GraphKeys.LOCAL_VARIABLES])
    with tf.train.MonitoredSession() as sess:
        assert sess.run([w, local]) == [2.0, 5.0]
        assert sess.graph is tf.get_default_graph()
    assert not tf.get_default_graph().finalized
    assert sess.should_stop()
    with pytest.raises(RuntimeError, match="Session is already closed."):
        sess.close()


def test_init_fn_runs_with_the_scaffold_and_session():
    w = tf.get_variable("w", [], initializer=tf.constant_initializer(2.0))
    assign = w.assign(7.0)  # built now: init_fn runs once the graph is finalized
    seen = []

    def init_fn(scaffold, session):
        seen.append(scaffold)
        session.run(assign)
    scaffold = tf.train.Scaffold(init_fn=init_fn)
    with tf.train.SingularMonitoredSession(scaffold=scaffold) as sess:
        assert sess.run(w) == 7.0
        assert isinstance(sess.raw_session(), tf.Session)
    assert seen == [scaffold]


def test_a_graph_finalized_before_stays_finalized():
    tf.get_variable("w", [])
    tf.train.Scaffold().finalize()
    with tf.train.MonitoredSession():
        pass
    assert tf.get_default_graph().finalized


def test_model_not_ready_raises():
    tf.get_variable("w", [])
    scaffold = tf.train.Scaffold(init_op=tf.no_op(name="nothing"))
    with pytest.raises(RuntimeError, match="Init operations did not make model ready.*Variables not initialized: w"):
        tf.train.MonitoredSession(session_creator=tf.train.ChiefSessionCreator(scaffold=scaffold))


def test_session_manager_needs_something_to_initialise_with():
    tf.get_variable("w", [])
    manager = tf.train.SessionManager(ready_op=tf.report_uninitialized_variables())
    with pytest.raises(RuntimeError, match="Model is not initialized and no init_op or init_fn or local_init_op"):
        manager.prepare_session("")
    with pytest.raises(ValueError, match="If you pass a ready_for_local_init_op you must also pass a local_init_op"):
        tf.train.SessionManager(ready_for_local_init_op=tf.report_uninitialized_variables())


def test_out_of_range_error_ends_the_with_block_and_calls_end():
    values = iter([1.0, 2.0])
    x = tf.py_func(lambda: np.float32(next(values)), [], tf.float32)  # StopIteration is OutOfRangeError
    final = tf.train.FinalOpsHook(tf.constant(9.0))
    seen = []
    with tf.train.MonitoredSession(hooks=[final]) as sess:
        while not sess.should_stop():
            seen.append(sess.run(x))
    assert seen == [1.0, 2.0] and final.final_ops_values == 9.0
    assert not tf.get_default_graph().finalized


def test_monitored_training_session_saves_and_resumes(tmp_path):
    step, loss, train_op = training_graph()
    directory = str(tmp_path)
    losses = []
    with tf.train.MonitoredTrainingSession(checkpoint_dir=directory, save_checkpoint_steps=3,
                                           hooks=[tf.train.StopAtStepHook(last_step=7)]) as sess:
        while not sess.should_stop():
            losses.append(sess.run([train_op, loss])[1])
    np.testing.assert_allclose(losses, [9.0, 5.76, 3.6864, 2.359296, 1.5099496, 0.9663677, 0.6184753], rtol=1e-6)
    state = tf.train.get_checkpoint_state(directory)
    assert state.all_model_checkpoint_paths == ["%s/model.ckpt-%d" % (directory, n) for n in (0, 3, 6, 7)]
    assert (tmp_path / "graph.pbtxt").exists()
    steps = []
    with tf.train.MonitoredTrainingSession(checkpoint_dir=directory,
                                           hooks=[tf.train.StopAtStepHook(num_steps=2)]) as sess:
        while not sess.should_stop():
            steps.append(sess.run([train_op, step])[1])
    assert steps == [8, 9]
    assert tf.train.latest_checkpoint(directory) == directory + "/model.ckpt-9"


def test_monitored_training_session_without_checkpoint_dir_saves_nothing(tmp_path):
    _, _, train_op = training_graph()
    with tf.train.MonitoredTrainingSession(hooks=[tf.train.StopAtStepHook(last_step=2)]) as sess:
        while not sess.should_stop():
            sess.run(train_op)
    assert tf.train.latest_checkpoint(str(tmp_path)) is None


def test_monitored_training_session_adds_chief_hooks_first(tmp_path):
    _, _, train_op = training_graph()
    order = []

    class Named(tf.train.SessionRunHook):
        def __init__(self, name):
            self.name = name

        def begin(self):
            order.append(self.name)
    with tf.train.MonitoredTrainingSession(hooks=[Named("worker")], chief_only_hooks=[Named("chief")]):
        pass
    assert order == ["chief", "worker"]
    order.clear()
    tf.reset_default_graph()
    training_graph()
    server = tf.train.Server.create_local_server()
    with tf.train.MonitoredTrainingSession(master=server.target, is_chief=True):
        pass
    with tf.train.MonitoredTrainingSession(master=server.target, is_chief=False, hooks=[Named("worker")],
                                           chief_only_hooks=[Named("chief")]):
        pass
    assert order == ["worker"]
