"""ScopeView: the scope tree, each variable's facts and values per session, live updates, and its text rendering."""

import doctest
import gc

import numpy as np
import pytest

pytest.importorskip("ipywidgets")  # the views need the `widgets` extra

import tfvars as tf
from widgets import scope_view as scope_view_module
from widgets import values
from widgets.scope_view import ScopeView


def small_model():
    """layer/w (get_variable, reused once), layer/inner/k (large), count (tf.Variable); returns w, k, count."""
    with tf.variable_scope("layer"):
        w = tf.get_variable("w", [2], initializer=tf.ones_initializer())
        with tf.variable_scope("inner"):
            k = tf.get_variable("k", [10, 10], initializer=tf.constant_initializer(0.5))
    with tf.variable_scope("layer", reuse=True):
        tf.get_variable("w")
    count = tf.Variable(3, name="count", trainable=False)
    return w, k, count


LINE_W = "  w  float32 [2]  trainable  collections: trainable_variables, variables  get_variable: created, reused 1x"
LINE_K = "    k  float32 [10, 10]  trainable  collections: trainable_variables, variables  get_variable: created"
LINE_COUNT = "count  int32 []  collections: variables  tf.Variable"


def test_repr_before_and_after_initialisation_and_an_assign():
    w, k, count = small_model()
    sess = tf.Session()
    view = ScopeView(sess, min_interval=0.0)
    assert repr(view) == "\n".join([
        "ScopeView: 3 variables, 1 session",
        "session: open, 0 runs seen, 0 of 3 initialised, 0 changed in the last update",
        "layer/", LINE_W, "    = uninitialised",
        "  inner/", LINE_K, "      = uninitialised",
        LINE_COUNT, "  = uninitialised"])
    sess.run(tf.global_variables_initializer())
    assert repr(view) == "\n".join([
        "ScopeView: 3 variables, 1 session",
        "session: open, 1 run seen, 3 of 3 initialised, 3 changed in the last update",
        "layer/", LINE_W, "    = [1, 1]  initialised",
        "  inner/", LINE_K, "      = shape [10, 10] min 0.5 mean 0.5 max 0.5 norm 5  initialised",
        LINE_COUNT, "  = 3  initialised"])
    sess.run(w.assign([1.5, -2.0]))
    assert repr(view).splitlines()[1] == "session: open, 2 runs seen, 3 of 3 initialised, 1 changed in the last update"
    assert repr(view).splitlines()[4] == "    = [1.5, -2]  changed (max |Δ| 3)"
    assert repr(view).splitlines()[7] == "      = shape [10, 10] min 0.5 mean 0.5 max 0.5 norm 5"
    assert view.changed() == ["layer/w"]
    sess.run(w)
    assert view.changed() == [] and "changed (" not in repr(view)
    assert str(view) == repr(view)


def test_the_tree_order_and_what_each_variable_says():
    w, k, count = small_model()
    with tf.device("/cpu:0"):
        tf.Variable(0.0, name="layer/b", collections=[tf.GraphKeys.LOCAL_VARIABLES, "mine"], trainable=False)
    view = ScopeView(tf.Session())
    assert view.variables == ["layer/w", "layer/inner/k", "layer/b", "count"]  # scopes in order of first use
    b = view.info("layer/b")
    assert (b.dtype, b.shape, b.device, b.trainable, b.collections) == (
        "float32", [], "/device:CPU:0", False, ("local_variables", "mine"))
    assert b.describe() == "float32 []  device /device:CPU:0  collections: local_variables, mine  tf.Variable"
    assert view.info("layer/w").origin == "get_variable: created, reused 1x"
    assert view.info("layer/inner/k").origin == "get_variable: created"


def test_created_and_reused_counts_follow_get_variable_calls():
    with tf.variable_scope("s", reuse=tf.AUTO_REUSE):
        for _ in range(4):
            tf.get_variable("v", [1])
    view = ScopeView(tf.Session(), min_interval=0.0)
    assert view.info("s/v").origin == "get_variable: created, reused 3x"
    with tf.variable_scope("s", reuse=True):
        tf.get_variable("v")
    assert view.info("s/v").origin == "get_variable: created, reused 4x"


def test_a_variable_that_is_also_a_scope():
    v = tf.get_variable("w", [1])
    with tf.variable_scope("w"):
        tf.get_variable("slot", [1])
    view = ScopeView(tf.Session())
    lines = repr(view).splitlines()[2:]
    assert [line[:8] for line in lines] == ["w  float", "  = unin", "w/", "  slot  ", "    = un"]
    assert view.variables == ["w", "w/slot"]
    del v


def test_two_sessions_of_one_graph_side_by_side_disagree():
    w, _, _ = small_model()
    first, second = tf.Session(), tf.Session()
    view = ScopeView([first, second], min_interval=0.0)
    first.run(tf.global_variables_initializer())
    second.run(w.initializer)
    second.run(w.assign_add([1.0, 1.0]))
    text = repr(view).splitlines()
    assert text[:3] == [
        "ScopeView: 3 variables, 2 sessions",
        "session 0: open, 1 run seen, 3 of 3 initialised, 3 changed in the last update",
        "session 1: open, 2 runs seen, 1 of 3 initialised, 1 changed in the last update"]
    assert text[4:7] == [LINE_W, "    session 0 = [1, 1]  initialised", "    session 1 = [2, 2]  changed (max |Δ| 1)"]
    assert view.value("layer/w", 0).tolist() == [1, 1] and view.value("layer/w", 1).tolist() == [2, 2]
    assert view.value("count", 1) is None
    html = view.section_html("layer")
    assert "<th>session 0</th><th>session 1</th>" in html


def test_resource_variables_and_uninitialised_marks():
    r = tf.get_variable("r", [3], use_resource=True, initializer=tf.zeros_initializer())
    u = tf.get_variable("u", [3])
    sess = tf.Session()
    view = ScopeView(sess, min_interval=0.0)
    sess.run(r.initializer)
    sess.run(r.assign([1.0, 2.0, 3.0]))
    assert view.value("r").tolist() == [1, 2, 3] and view.value("u") is None
    assert "<i style=\"color:#888\">uninitialised</i>" in view.section_html("")
    assert repr(view).splitlines()[1] == "session: open, 2 runs seen, 1 of 2 initialised, 1 changed in the last update"
    del u


def test_a_write_outside_run_shows_on_refresh():
    target = "grpc://localhost:1"
    resources = {}
    from tfvars import session as session_module
    session_module._server_resources[target] = resources
    try:
        v = tf.Variable([1.0], name="v")
        sess = tf.Session(target)
        view = ScopeView(sess, min_interval=0.0)
        sess.run(v.initializer)
        tf.Session.reset(target)
        assert view.value("v") is not None
        view.refresh()
        assert view.value("v") is None and repr(view).endswith("  = uninitialised  uninitialised")
    finally:
        del session_module._server_resources[target]


def test_new_variables_and_collections_appear_live():
    sess = tf.Session()
    view = ScopeView(sess, min_interval=0.0)
    assert repr(view) == ("ScopeView: 0 variables, 1 session\n"
                          "session: open, 0 runs seen, 0 of 0 initialised, 0 changed in the last update")
    v = tf.get_variable("a/v", [1])
    assert view.variables == ["a/v"]
    tf.add_to_collection("extra", v)
    assert view.info("a/v").collections == ("extra", "trainable_variables", "variables")
    assert view.widget.children[2].titles == ("a/ (1)",)


def test_updates_are_throttled_during_a_burst_and_refresh_shows_the_last_state():
    v = tf.Variable(0.0, name="v")
    step = v.assign_add(1.0)
    sess = tf.Session()
    sess.run(v.initializer)
    view = ScopeView(sess, min_interval=3600.0)
    for _ in range(5):
        sess.run(step)
    assert view.value("v") == 1.0  # the first run shows at once, the rest wait for the interval
    view.refresh()
    assert view.value("v") == 5.0 and view.changed() == ["v"]
    assert "5 runs seen" in repr(view)


def test_progress_counts_the_loop_and_shows_the_final_state():
    v = tf.Variable(0.0, name="v")
    step = v.assign_add(1.0)
    sess = tf.Session()
    sess.run(v.initializer)
    view = ScopeView(sess, min_interval=3600.0)
    for _ in view.progress(range(10)):
        sess.run(step)
    bar = view.widget.children[1]
    assert (bar.value, bar.max, bar.description, bar.layout.display) == (10, 10, "10/10", None)
    assert view.value("v") == 10.0
    for _ in view.progress(iter(range(3))):
        pass
    assert bar.description == "3"


def test_the_widget_renders_only_the_open_section_and_only_changed_rows():
    with tf.variable_scope("a"):
        x = tf.get_variable("x", [2])
    with tf.variable_scope("b"):
        y = tf.get_variable("y", [2])
    sess = tf.Session()
    view = ScopeView(sess, min_interval=0.0)
    sess.run(tf.global_variables_initializer())
    accordion = view.widget.children[2]
    assert accordion.titles == ("a/ (1)", "b/ (1)") and accordion.selected_index == 0
    first, second = accordion.children
    assert "<td style=\"padding-left: 1em\">x</td>" in first.value and second.value == ""
    sess.run(y.assign([4.0, 4.0]))
    row_x = view._row_cache["a/x"][2]
    sess.run(y.assign([5.0, 6.0]))
    assert view._row_cache["a/x"][2] is row_x  # x did not change: its row was not rendered again
    accordion.selected_index = 1
    assert "<code>[5, 6]</code><br><small>changed" in second.value
    del x


def test_large_values_get_a_deterministic_summary_and_heat_map():
    k = tf.get_variable("k", [20, 50], initializer=tf.random_normal_initializer(seed=1))
    sessions = [tf.Session(), tf.Session()]
    for sess in sessions:
        sess.run(k.initializer)
    first, second = ScopeView(sessions[0]), ScopeView(sessions[1])
    assert first.section_html() == second.section_html()
    assert repr(first) == repr(second)
    html = first.section_html()
    assert html.count('<img class="tfvars-heatmap" width="64" height="40"') == 1
    assert "<code>shape [20, 50] min" in html


def test_heat_map_colours_and_png():
    image = values.heatmap_rgb(np.array([[-2.0, 0.0], [1.0, np.nan]]))
    assert image.tolist() == [[[0, 0, 255], [255, 255, 255]], [[255, 129, 129], [160, 160, 160]]]
    png = values.encode_png(image)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png[16:24] == b"\x00\x00\x00\x02\x00\x00\x00\x02"
    assert values.heatmap_rgb(np.zeros([3])).tolist() == [[[255, 255, 255]] * 3]
    assert values.heatmap_rgb(np.ones([100, 7])).shape == (32, 7, 3)
    assert values.heatmap_rgb(np.ones([2, 3, 4])).shape == (6, 4, 3)


def test_value_formatting():
    assert values.format_value(None) == "uninitialised"
    assert values.format_value(np.array(0.25, np.float32)) == "0.25"
    assert values.format_value(np.array([[1, 2], [3, 4]], np.int64)) == "[[1, 2], [3, 4]]"
    assert values.format_value(np.array([True, False])) == "[ True, False]"
    assert values.format_value(np.arange(20.0)) == "shape [20] min 0 mean 9.5 max 19 norm 49.7"
    assert values.format_value(np.array([b"a"] * 20, dtype=object)) == "shape [20]"
    assert values.format_change(None, np.zeros(1)) == "initialised"
    assert values.format_change(np.zeros(1), None) == "uninitialised"
    assert values.format_change(np.zeros(1), np.zeros(2)) == "reshaped"
    assert values.format_change(np.zeros(2), np.array([0.5, -1.0])) == "changed (max |Δ| 1)"


def test_a_failing_render_shows_in_the_view_and_never_breaks_a_run(monkeypatch):
    k = tf.get_variable("k", [10, 10])
    sess = tf.Session()
    view = ScopeView(sess, min_interval=0.0)

    def broken(value):
        raise MemoryError("no room for a heat map")
    monkeypatch.setattr(values, "heatmap_html", broken)
    with pytest.warns(RuntimeWarning, match="no room for a heat map"):
        sess.run(k.initializer)
    assert sess.run(tf.reduce_sum(k) * 0.0) == 0.0
    assert "render failed: MemoryError: no room for a heat map" in repr(view)
    assert "could not render" in view.widget.children[0].value
    monkeypatch.undo()
    sess.run(k.initializer)
    assert "render failed" not in repr(view) and "<img" in view.section_html()


def test_a_closed_session_is_marked_and_keeps_its_last_values():
    v = tf.Variable(1.0, name="v")
    sess = tf.Session()
    view = ScopeView(sess, min_interval=0.0)
    sess.run(v.initializer)
    sess.close()
    assert repr(view).splitlines()[1].startswith("session: closed, 1 run seen, 1 of 1 initialised")
    assert view.value("v") == 1.0


def test_a_view_nobody_holds_stops_following_the_session():
    v = tf.Variable(1.0, name="v")
    sess = tf.Session()
    ScopeView(sess, min_interval=0.0)
    gc.collect()
    assert len(sess._subscribers) == 0 and len(sess.graph._subscribers) == 0
    sess.run(v.initializer)


def test_close_unsubscribes_and_closes_the_widgets():
    sess = tf.Session()
    view = ScopeView(sess)
    view.close()
    assert len(sess._subscribers) == 0 and view.widget.comm is None


def test_mimebundle_has_the_widget_and_the_text():
    tf.Variable(1.0, name="v")
    view = ScopeView(tf.Session())
    bundle = view._repr_mimebundle_()
    assert bundle["text/plain"] == repr(view)
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == view.widget.model_id


@pytest.mark.parametrize("bad, error, message", [
    (None, TypeError, "ScopeView needs a tf.Session"),
    ("sess", TypeError, "ScopeView needs a tf.Session"),
    ([], ValueError, "at least one tf.Session"),
])
def test_bad_input(bad, error, message):
    with pytest.raises(error, match=message):
        ScopeView(bad)


def test_a_graph_closed_or_foreign_sessions_are_refused():
    with pytest.raises(TypeError, match="ScopeView needs a tf.Session \\(of tfvars\\), got tfvars.framework.graph"):
        ScopeView(tf.get_default_graph())
    closed = tf.Session()
    closed.close()
    with pytest.raises(ValueError, match="closed Session"):
        ScopeView(closed)
    sess = tf.Session()
    with pytest.raises(ValueError, match="another graph"):
        ScopeView([sess, tf.Session(graph=tf.Graph())])
    with pytest.raises(ValueError, match="same Session twice"):
        ScopeView([sess, sess])


def test_module_doctest():
    result = doctest.testmod(scope_view_module)
    assert result.failed == 0 and result.attempted > 0


def test_a_large_scope_is_split_into_sections_of_its_sub_scopes():
    with tf.variable_scope("model"):
        tf.get_variable("bias", [1])
        for layer in range(3):
            with tf.variable_scope("layer%d" % layer):
                for index in range(50):
                    tf.get_variable("v%d" % index, [1])
    tf.get_variable("top", [1])
    names = [v.op.name for v in tf.global_variables()]
    sections = scope_view_module.sections_of(names)
    assert list(sections) == ["", "model", "model/layer0", "model/layer1", "model/layer2"]  # own variables first
    assert sections["model"] == ["model/bias"] and sections[""] == ["top"]
    assert len(sections["model/layer1"]) == 50 and sections["model/layer1"][0] == "model/layer1/v0"
    assert scope_view_module.sections_of(names, size=1000) == {"": ["top"], "model": names[:-1]}
    sess = tf.Session()
    view = ScopeView(sess, min_interval=0.0)
    assert view.widget.children[2].titles == (
        "(top level) (1)", "model/ (1)", "model/layer0/ (50)", "model/layer1/ (50)", "model/layer2/ (50)")
    sess.run(tf.global_variables_initializer())
    assert len(view._row_cache) == 1  # only the open section (top level: "top") was rendered
    view.widget.children[2].selected_index = 3
    assert len(view._row_cache) == 51
    assert '<td style="padding-left: 1em">v7</td>' in view.widget.children[2].children[3].value


def test_many_variables_side_by_side_are_paged():
    names = ["v%d" % i for i in range(250)] + ["s/w%d" % i for i in range(101)]
    sections = scope_view_module.sections_of(names)
    assert [(key, len(members)) for key, members in sections.items()] == [
        ("", 100), ("#2", 100), ("#3", 50), ("s", 100), ("s#2", 1)]
    assert sections["s#2"] == ["s/w100"]
    for i in range(3):
        tf.Variable(float(i), name="s/w%d" % i)
    tf.Variable(0.0, name="s/w3")
    tf.Variable(0.0, name="s/w4")
    view = ScopeView(tf.Session())
    view._sections = scope_view_module.sections_of(view._infos, size=2)
    view._rebuild_sections()
    assert view.widget.children[2].titles == ("s/ (2)", "s/ part 2 (2)", "s/ part 3 (1)")
    assert '<td style="padding-left: 1em">w4</td>' in view.section_html("s#3")


def test_optimizer_steps_show_their_slots_and_updates():
    w = tf.get_variable("w", [2], initializer=tf.ones_initializer())
    train = tf.train.GradientDescentOptimizer(0.25).minimize(tf.reduce_sum(w * w))
    sess = tf.Session()
    view = ScopeView(sess, min_interval=0.0)
    sess.run(tf.global_variables_initializer())
    sess.run(train)
    assert view.value("w").tolist() == [0.5, 0.5] and view.changed() == ["w"]
    assert repr(view).splitlines()[3] == "  = [0.5, 0.5]  changed (max |Δ| 0.5)"


def test_a_restore_shows_as_a_change(tmp_path):
    v = tf.get_variable("v", [2], initializer=tf.zeros_initializer())
    saver = tf.train.Saver()
    sess = tf.Session()
    sess.run(v.initializer)
    sess.run(v.assign([1.0, 2.0]))
    path = saver.save(sess, str(tmp_path / "model"))
    other = tf.Session()
    view = ScopeView(other, min_interval=0.0)
    assert view.value("v") is None
    saver.restore(other, path)
    assert view.value("v").tolist() == [1.0, 2.0] and view.changed() == ["v"]
    assert repr(view).endswith("  = [1, 2]  initialised")


def test_an_optimizers_slots_show_as_made_by_get_variable():
    w = tf.get_variable("w", [2])
    tf.train.MomentumOptimizer(0.1, 0.9).minimize(tf.reduce_sum(w * w))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        view = ScopeView(sess)
        assert view.info("w/Momentum").origin.startswith("get_variable: created")
        view.close()
