"""CollectionsView: every collection with its members, live, and highlighting them in a GraphView."""

import pytest

import tfvars as tf

pytest.importorskip("ipywidgets")

from widgets.collections_view import CollectionsView, member_name, member_op  # noqa: E402
from widgets.graph_view import GraphView  # noqa: E402


def small_model():
    with tf.variable_scope("layer"):
        w = tf.get_variable("w", [2])
    step = tf.Variable(0, name="step", trainable=False)
    loss = tf.reduce_sum(w, name="loss")
    tf.add_to_collection("losses", loss)
    tf.add_to_collection("notes", "a note")
    init = tf.global_variables_initializer()
    tf.add_to_collection("init_ops", init)
    return w, step, loss, init


def test_repr_lists_every_collection_and_its_members():
    small_model()
    view = CollectionsView()
    assert repr(view) == "\n".join([
        "CollectionsView: 5 collections",
        "  init_ops (1): init",
        "  losses (1): loss:0",
        "  notes (1): 'a note'",
        "  trainable_variables (1): layer/w:0",
        "  variables (2): layer/w:0, step:0"])
    view.select("variables")
    assert repr(view).splitlines()[-1] == "* variables (2): layer/w:0, step:0"
    assert view.listing.value == "<pre>layer/w:0\nstep:0</pre>"
    assert [option for option, _ in view.picker.options] == ["init_ops (1)", "losses (1)", "notes (1)",
                                                              "trainable_variables (1)", "variables (2)"]


def test_selecting_a_collection_highlights_its_ops_in_a_graph_view():
    small_model()
    graph_view = GraphView()
    view = CollectionsView(graph_view=graph_view)
    view.select("variables")
    assert graph_view.members == ["layer/w", "step"]
    assert graph_view.members_label == "collection 'variables'"
    marked = {node for node, words in graph_view.marks().items() if "member" in words}
    assert marked == {"layer/w", "step"}
    assert "highlighted: collection 'variables' (2 ops)" in repr(graph_view)
    view.picker.value = "losses"
    assert view.selected == "losses" and graph_view.members == ["loss"]
    view.select("notes")  # members without an op highlight nothing
    assert graph_view.members == [] and graph_view.members_label is None
    view.select(None)
    assert "highlighted" not in repr(graph_view)


def test_a_view_linked_later_shows_the_current_selection():
    small_model()
    view = CollectionsView()
    view.select("trainable_variables")
    graph_view = GraphView()
    view.link(graph_view)
    assert graph_view.members == ["layer/w"]


def test_collections_follow_the_graph():
    small_model()
    view = CollectionsView(min_interval=0.0)
    view.select("losses")
    tf.add_to_collection("losses", tf.constant(2.0, name="extra"))
    assert "  losses (2): loss:0, extra:0" in repr(view).replace("* ", "  ")
    assert view.listing.value == "<pre>loss:0\nextra:0</pre>"
    tf.get_default_graph().clear_collection("losses")
    assert "losses" not in repr(view) and view.selected is None


def test_member_names_and_ops():
    w, step, loss, init = small_model()
    assert member_name(w) == "layer/w:0" and member_op(w) is w.op
    assert member_name(init) == "init" and member_op(init) is init
    assert member_name(loss) == "loss:0" and member_op(loss) is loss.op
    assert member_name("a note") == "'a note'" and member_op("a note") is None
    assert member_name(object()) == "<object>"


def test_bad_input_is_a_clear_error():
    small_model()
    with pytest.raises(TypeError, match="CollectionsView needs a tf.Graph"):
        CollectionsView(42)
    view = CollectionsView()
    with pytest.raises(KeyError, match="no collection 'nope'"):
        view.select("nope")
    with pytest.raises(TypeError, match="needs a GraphView"):
        view.link("a view")
    other = tf.Graph()
    with other.as_default():
        tf.constant(1.0)
    with pytest.raises(ValueError, match="another graph"):
        view.link(GraphView(other))
    with pytest.raises(TypeError, match="needs a GraphView"):
        CollectionsView(graph_view=42)
