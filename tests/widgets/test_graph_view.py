"""GraphView: its state and repr before and after runs, restyling without re-layout, with and without `dot`."""

import asyncio
import shutil
import xml.etree.ElementTree as ElementTree

import pytest

import tfvars as tf

pytest.importorskip("ipywidgets")

from widgets import dot, render  # noqa: E402
from widgets.graph_view import GraphView  # noqa: E402

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")


def small_model():
    """x, layer/w (ref variable), layer/b (resource variable), y = x @ w + b, a counter and its increment."""
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    with tf.variable_scope("layer"):
        w = tf.get_variable("w", [2, 2], initializer=tf.ones_initializer())
        b = tf.get_variable("b", [2], initializer=tf.zeros_initializer(), use_resource=True)
    y = tf.add(tf.matmul(x, w), b, name="y")
    count = tf.Variable(0, name="count", trainable=False)
    increment = tf.assign_add(count, 1, name="increment")
    return x, y, increment


def svg_of(view):
    """The SVG element of the view's picture, parsed."""
    html = view._controls.picture.value
    start = html.index("<svg")
    return ElementTree.fromstring(html[start:html.rindex("</svg>") + len("</svg>")])


def group_classes(view):
    """{group id: class attribute} of the SVG's node and edge groups."""
    return {g.get("id"): g.get("class") for g in svg_of(view).iter("{http://www.w3.org/2000/svg}g")
            if g.get("class", "").split(" ")[0] in ("node", "edge")}


REPR_BEFORE = """\
GraphView: 19 ops as 19 nodes, view=full, color_by=device, series folded
session: open, 3 uninitialised variables
x (Placeholder)
layer/
  w/
    Initializer/
      ones (Const)
    w (VariableV2) 2×2 float32 [uninitialised]
    Assign (Assign)
    read (Identity) [reads uninitialised]
  b/
    Initializer/
      zeros (Const)
    b (VarHandleOp) 2 float32 (resource) [uninitialised]
    IsInitialized/
      VarIsInitializedOp (VarIsInitializedOp)
    Assign (AssignVariableOp)
    Read/
      ReadVariableOp (ReadVariableOp) [reads uninitialised]
MatMul (MatMul) [reads uninitialised]
y/
  ReadVariableOp (ReadVariableOp) [reads uninitialised]
  y (Add) [reads uninitialised]
count/
  initial_value (Const)
  count (VariableV2) scalar int32 [uninitialised]
  Assign (Assign)
  read (Identity) [reads uninitialised]
increment/
  value (Const)
  increment (AssignAdd) [reads uninitialised]
edges: 17 (13 data, 0 control, 4 ref)"""


def test_repr_before_and_after_runs():
    x, y, increment = small_model()
    sess = tf.Session()
    view = GraphView(session=sess, min_interval=0.0)
    assert repr(view) == REPR_BEFORE
    sess.run(tf.global_variables_initializer())
    lines = repr(view).splitlines()
    assert lines[1] == "session: open, 0 uninitialised variables; last run executed 10 ops"
    assert "    w (VariableV2) 2×2 float32 [run]" in lines
    assert "    read (Identity)" in lines  # not run by the initializer, and no longer marked
    sess.run(y, feed_dict={x: [[1.0, 2.0]]})
    lines = repr(view).splitlines()
    assert lines[1] == "session: open, 0 uninitialised variables; last run executed 6 ops"
    assert "MatMul (MatMul) [run]" in lines and "  increment (AssignAdd)" in lines
    assert "    w (VariableV2) 2×2 float32 [run]" in lines and "    Assign (Assign)" in lines
    assert str(view) == repr(view)
    assert "0x" not in repr(view)


def test_a_view_without_a_session_and_on_the_default_graph():
    small_model()
    view = GraphView()
    assert view.graph is tf.get_default_graph()
    assert repr(view).splitlines()[:2] == ["GraphView: 19 ops as 19 nodes, view=full, color_by=device, series folded",
                                           "x (Placeholder)"]
    assert "uninitialised" not in repr(view)
    assert view.marks() == {}


@needs_dot
def test_the_svg_has_a_group_per_node_and_edge_with_stable_ids():
    small_model()
    view = GraphView()
    groups = group_classes(view)
    drawing = view.drawing
    assert {group for group in groups if group.startswith("n:")} == {"n:" + node_id for node_id in drawing.nodes}
    assert {group for group in groups if group.startswith("e:")} == {edge.id for edge in drawing.edges.values()}
    assert groups["n:layer/w"] == "node" and groups["e:x|MatMul|data"] == "edge"
    assert view.layouts == 1 and view.status == ""
    html = view._controls.picture.value
    assert html.startswith('<div class="tfvars-graph"><style>') and "<?xml" not in html and "<!--" not in html


@needs_dot
def test_runs_restyle_the_svg_without_a_new_layout():
    x, y, increment = small_model()
    init = tf.global_variables_initializer()
    sess = tf.Session()
    view = GraphView(session=sess, min_interval=0.0)
    groups = group_classes(view)
    assert groups["n:layer/w"] == "node uninitialized"
    assert groups["n:MatMul"] == "node reads-uninitialized"
    before = view._controls.picture.value
    sess.run(init)
    sess.run(y, feed_dict={x: [[1.0, 2.0]]})
    sess.run(increment)
    groups = group_classes(view)
    assert groups["n:increment"] == "node executed" and groups["n:MatMul"] == "node faded"
    assert groups["e:count|increment|ref"] == "edge executed" and groups["e:x|MatMul|data"] == "edge faded"
    assert view.layouts == 1 and view._controls.picture.value != before
    # Only the class attributes changed: the geometry is the same text.
    strip = lambda text: text.replace(" executed", "").replace(" faded", "").replace(" uninitialized", "").replace(
        " reads-uninitialized", "")
    assert strip(view._controls.picture.value) == strip(before)


@needs_dot
def test_search_select_trace_and_highlight_restyle_only():
    small_model()
    view = GraphView()
    assert view.search("^layer/w") == ["layer/w/Initializer/ones", "layer/w", "layer/w/Assign", "layer/w/read"]
    assert group_classes(view)["n:layer/w/read"] == "node match"
    card = view.select("MatMul")
    assert card.splitlines()[:4] == ["MatMul", "type: MatMul", "device: (not placed)", "inputs:"]
    assert group_classes(view)["n:MatMul"] == "node selected"
    assert view.trace("y") == ["MatMul", "y/ReadVariableOp", "x", "layer/w/read", "layer/b", "layer/w"]
    assert group_classes(view)["n:x"] == "node traced"
    view.highlight(["layer/w", "layer/b"], label="collection 'variables'")
    assert group_classes(view)["n:layer/b"] == "node member traced"
    lines = repr(view).splitlines()
    assert lines[1:5] == ["search '^layer/w': 4 nodes", "highlighted: collection 'variables' (2 ops)",
                          "selected: MatMul", "tracing the inputs of: y"]
    assert "    w (VariableV2) 2×2 float32 [match, member, input]" in lines
    view.search("")
    view.highlight(None)
    view.trace(None)
    view.select(None)
    assert set(group_classes(view).values()) == {"node", "edge"}
    assert view.layouts == 1


@needs_dot
def test_structure_changes_lay_out_again():
    small_model()
    view = GraphView(min_interval=0.0)
    view.collapse("layer")
    assert view.layouts == 2 and "n:layer/" in group_classes(view)
    assert repr(view).splitlines()[1] == "collapsed: layer"
    view.collapse("layer")  # nothing changes, nothing is laid out
    view.set_view("architecture")
    view.set_color_by("role")
    view.set_fold_series(False)
    view.expand_all()
    assert view.layouts == 5
    tf.constant(1.0, name="later")  # a new op: the live view draws it
    assert view.layouts == 6 and "later (Const)" in repr(view)
    view.refresh()
    assert view.layouts == 6


def test_collapse_all_and_expand():
    small_model()
    view = GraphView()
    assert view.scopes() == ["layer", "layer/w", "layer/w/Initializer", "layer/b", "layer/b/Initializer",
                             "layer/b/IsInitialized", "layer/b/Read", "y", "count", "increment"]
    view.collapse_all()
    assert view.options["collapsed"] == {"layer", "y", "count", "increment"}
    assert repr(view).splitlines()[2:5] == ["x (Placeholder)", "layer/ (scope, 9 ops)", "MatMul (MatMul)"]
    view.expand("layer/", "y")
    assert view.options["collapsed"] == {"count", "increment"}
    assert view._controls.scopes.value == ("count", "increment")


def test_info_cards():
    x, y, increment = small_model()
    sess = tf.Session()
    view = GraphView(session=sess, min_interval=0.0)
    assert view.info("layer/w").splitlines() == [
        "layer/w", "type: VariableV2", "device: (not placed)", "inputs: (none)", "outputs:",
        "  layer/w:0  float32_ref 2×2 -> layer/w/Assign, layer/w/read", "control inputs: (none)",
        "collections: trainable_variables, variables", "variable: 2×2 float32", "value: uninitialised"]
    sess.run(tf.global_variables_initializer())
    assert view.info("layer/w").splitlines()[-1] == "value: [[1, 1], [1, 1]]"
    assert view.info("count").splitlines()[-1] == "value: 0"
    assert view.info("MatMul").splitlines()[3:8] == [
        "inputs:", "  x:0  float32 ?×2", "  layer/w/read:0  float32 2×2", "outputs:", "  MatMul:0  float32 ?×2 -> y"]
    view.collapse("layer")
    card = view.info("layer/").splitlines()
    assert card[:3] == ["layer/ (scope, 9 ops)",
                        "op types: Assign ×1, AssignVariableOp ×1, Const ×2, Identity ×1, ReadVariableOp ×1, "
                        "VarHandleOp ×1, VarIsInitializedOp ×1, VariableV2 ×1",
                        "devices: (no device) 100%"]
    assert card[3:7] == ["inputs from outside: (none)", "outputs to outside:", "  layer/w/read:0  float32 2×2",
                         "  layer/b:0  resource scalar"]
    # An op inside a collapsed scope still has its own card, which says where it is drawn.
    assert "drawn as: layer/" in view.info("layer/w/read")
    sess.close()
    assert view.info("count").splitlines()[-1] == "value: (session closed)"
    with pytest.raises(ValueError, match="no node or op named 'nope'"):
        view.info("nope")
    with pytest.raises(ValueError, match="no node or op named 'nope'"):
        view.select("nope")


def test_the_info_panel_shows_the_selected_card():
    small_model()
    view = GraphView()
    view._controls.node.value = "MatMul"
    assert view.selected == ("MatMul", "MatMul")
    assert view._controls.info.value.startswith('<pre class="tfvars-info">MatMul\ntype: MatMul')
    view._controls.trace.value = True
    assert view.traced == "MatMul"


def test_a_selection_made_in_code_shows_in_the_node_list():
    small_model()
    view = GraphView()
    view.select("MatMul")
    assert view._controls.node.value == "MatMul"
    assert view._controls.info.value.startswith('<pre class="tfvars-info">MatMul\ntype: MatMul')
    view.select(None)
    assert view._controls.node.value is None and view.selected is None


def test_the_controls_drive_the_view():
    small_model()
    view = GraphView()
    controls = view._controls
    controls.view_buttons.value = "architecture"
    controls.color_buttons.value = "role"
    controls.series.value = False
    controls.scopes.value = ("y",)
    controls.search.value = "Mat"
    assert view.options == {"view": "architecture", "color_by": "role", "collapsed": {"y"}, "fold_series": False}
    assert view.matches == ["MatMul"]
    controls.search.value = "("  # a bad regular expression: said in the info panel, the view keeps working
    assert "error" in controls.info.value and view.matches == ["MatMul"]
    view.set_view("state")
    assert controls.view_buttons.value == "state"


def test_a_closed_session_is_said_and_keeps_the_view():
    x, y, increment = small_model()
    sess = tf.Session()
    view = GraphView(session=sess, min_interval=0.0)
    sess.run(tf.global_variables_initializer())
    sess.close()
    assert repr(view).splitlines()[1] == "session: closed"
    assert "[run]" not in repr(view) and "uninitialised" not in repr(view)


def test_updates_are_throttled_during_a_loop():
    x, y, increment = small_model()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    view = GraphView(session=sess, min_interval=3600)
    restyles = view.restyles
    for _ in range(50):
        sess.run(increment)
    assert view.restyles <= restyles + 1
    view._binding.flush()
    assert view.executed == ["count", "increment/value", "increment"]
    assert view.info("count").splitlines()[-1] == "value: 50"


def test_without_dot_the_view_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
    assert render.find_dot() is None
    x, y, increment = small_model()
    sess = tf.Session()
    view = GraphView(session=sess, min_interval=0.0)
    html = view._controls.picture.value
    assert "apt-get install graphviz" in html and "conda install graphviz" in html
    assert view.layouts == 0
    lines = repr(view).splitlines()
    assert lines[2] == ("picture: Graphviz's dot not found (Install Graphviz: `apt-get install graphviz` (Debian, "
                        "Ubuntu), `conda install graphviz`, or `brew install graphviz` (macOS); then restart the "
                        "kernel.)")
    assert lines[3:] == REPR_BEFORE.splitlines()[2:]
    sess.run(tf.global_variables_initializer())
    assert "[run]" in repr(view)
    with pytest.raises(render.DotNotFound, match="apt-get install graphviz"):
        render.render_svg("digraph {}")
    assert dot.to_dot(tf.get_default_graph()).startswith("// tfvars graph: 20 ops")


def test_a_failing_render_is_shown_and_breaks_nothing(monkeypatch):
    def fail(text, timeout=120):
        raise render.RenderError("Graphviz's dot failed: syntax error in line 1")
    monkeypatch.setattr(render, "find_dot", lambda: "/usr/bin/dot")
    monkeypatch.setattr(render, "render_svg", fail)
    x, y, increment = small_model()
    sess = tf.Session()
    view = GraphView(session=sess, min_interval=0.0)
    assert view.status == "Graphviz's dot failed: syntax error in line 1"
    assert "syntax error" in view._controls.picture.value
    sess.run(tf.global_variables_initializer())
    assert sess.run(increment) == 1
    assert "picture: Graphviz's dot failed" in repr(view)


@needs_dot
def test_in_an_event_loop_the_layout_runs_without_blocking():
    small_model()

    async def scenario():
        view = GraphView(min_interval=0.0)
        assert view.layouts == 0 and view._layout_task is not None
        tf.constant(1.0, name="c1")
        tf.constant(2.0, name="c2")
        await view._layout_task
        return view
    view = asyncio.run(scenario())
    assert view.layouts == 1 and "n:c2" in group_classes(view)


def test_bad_input_is_a_clear_error():
    small_model()
    graph = tf.get_default_graph()
    with pytest.raises(TypeError, match="GraphView needs a tf.Graph"):
        GraphView(42)
    with pytest.raises(TypeError, match="GraphView needs a tf.Session"):
        GraphView(graph, "session")
    sess = tf.Session()
    sess.close()
    with pytest.raises(ValueError, match="closed Session"):
        GraphView(graph, sess)
    other = tf.Graph()
    with other.as_default():
        tf.constant(1.0)
    with pytest.raises(ValueError, match="another graph"):
        GraphView(graph, tf.Session(graph=other))
    with pytest.raises(ValueError, match="view must be one of"):
        GraphView(graph, view="pretty")
    view = GraphView(graph)
    with pytest.raises(ValueError, match="color_by must be one of"):
        view.set_color_by("size")
    assert view.options["color_by"] == "device"


def test_closing_the_view_stops_following_the_graph():
    small_model()
    view = GraphView(min_interval=0.0)
    view.close()
    tf.constant(1.0, name="after")
    assert "after" not in repr(view)
