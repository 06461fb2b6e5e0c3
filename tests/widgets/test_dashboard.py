"""Dashboard: the three views on one session, linked, live, with one text rendering."""

import doctest

import pytest

pytest.importorskip("ipywidgets")  # the views need the `widgets` extra

import tfvars as tf
from widgets import dashboard as dashboard_module
from widgets.dashboard import Dashboard


def model():
    with tf.variable_scope("layer"):
        w = tf.get_variable("w", [2], initializer=tf.ones_initializer())
    return w


def test_the_three_views_follow_one_session():
    w = model()
    sess = tf.Session()
    board = Dashboard(sess, min_interval=0.0)
    assert board.graph_view.session is sess and board.scope_view.sessions == (sess,)
    assert board.collections_view.graph is sess.graph
    sess.run(w.initializer)
    assert board.scope_view.value("layer/w").tolist() == [1.0, 1.0]
    assert "0 uninitialised variables; last run executed 3 ops" in repr(board.graph_view)
    sess.run(w.assign([3.0, 4.0]))
    assert board.scope_view.changed() == ["layer/w"]


def test_repr_joins_the_three_views():
    model()
    board = Dashboard(tf.Session())
    text = repr(board)
    parts = text.split("\n\n")
    assert parts[0] == "Dashboard: %d ops, open session" % len(tf.get_default_graph().get_operations())
    assert parts[1:] == [repr(board.graph_view), repr(board.collections_view), repr(board.scope_view)]
    assert str(board) == text and "0x" not in text


def test_picking_a_collection_highlights_it_in_the_graph():
    model()
    board = Dashboard(tf.Session())
    board.collections_view.select(tf.GraphKeys.TRAINABLE_VARIABLES)
    assert "highlighted: collection 'trainable_variables' (1 ops)" in repr(board.graph_view)


def test_the_widget_holds_the_three_views():
    model()
    board = Dashboard(tf.Session())
    upper, lower = board.widget.children
    assert upper is board.graph_view
    assert list(lower.children) == [board.collections_view, board.scope_view.widget]
    bundle = board._repr_mimebundle_()
    assert bundle["text/plain"] == repr(board)
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == board.widget.model_id


def test_progress_and_close():
    v = tf.Variable(0.0, name="v")
    step = v.assign_add(1.0)
    sess = tf.Session()
    sess.run(v.initializer)
    board = Dashboard(sess, min_interval=3600.0)
    for _ in board.progress(range(4)):
        sess.run(step)
    assert board.scope_view.value("v") == 4.0 and board.scope_view.widget.children[1].description == "4/4"
    board.close()
    assert len(sess._subscribers) == 0 and board.widget.comm is None
    sess.run(step)


def test_bad_input():
    with pytest.raises(TypeError, match="Dashboard needs a tf.Session"):
        Dashboard(tf.get_default_graph())
    sess = tf.Session()
    sess.close()
    with pytest.raises(ValueError, match="Dashboard cannot show a closed Session"):
        Dashboard(sess)


def test_module_doctest():
    result = doctest.testmod(dashboard_module)
    assert result.failed == 0 and result.attempted > 0
