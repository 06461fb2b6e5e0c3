"""to_dot: clusters per name scope, node and edge styles, views, collapse, series, legend, determinism."""

import re

import pytest

import tfvars as tf
from widgets import dot
from widgets.dot import to_dot


def small_model():
    """x (on the CPU), layer/w (get_variable), layer/b (tf.Variable), r (resource), a chain of adds, an AssignAdd."""
    with tf.device("/cpu:0"):
        x = tf.placeholder(tf.float32, [None, 3], name="x")
    with tf.variable_scope("layer"):
        w = tf.get_variable("w", [3, 2])
        b = tf.Variable(tf.zeros([2]), name="b")
    y = tf.matmul(x, w) + b
    r = tf.get_variable("r", [2], use_resource=True)
    z = y * r
    for _ in range(4):
        z = z + 1.0
    increment = tf.assign_add(b, tf.ones([2]))
    with tf.control_dependencies([increment]):
        out = tf.identity(z)
    init = tf.global_variables_initializer()
    return x, out, init


def node_line(text, node_id):
    lines = [line.strip() for line in text.splitlines() if line.strip().startswith('"%s" [' % node_id)]
    assert len(lines) == 1, (node_id, lines)
    return lines[0]


def edge_line(text, src, dst):
    lines = [line.strip() for line in text.splitlines() if line.strip().startswith('"%s" -> "%s" [' % (src, dst))]
    assert len(lines) == 1, (src, dst, lines)
    return lines[0]


def cluster_tree(text):
    """{cluster scope: parent cluster scope} from the nesting of `subgraph "cluster:..."` blocks."""
    parents, stack = {}, []
    for line in text.splitlines():
        match = re.match(r'\s*subgraph "cluster:(.*)" \{$', line)
        if match:
            parents[match.group(1)] = stack[-1] if stack else None
            stack.append(match.group(1))
        elif line.strip() == "}" and stack and line.startswith("  " * len(stack) + "}"):
            stack.pop()
    return parents


def test_a_tiny_graph_as_exact_dot_text():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    v = tf.Variable(tf.ones([3]), name="v")
    with tf.control_dependencies([v.initializer]):
        tf.multiply(x, v, name="y")
    assert to_dot(tf.get_default_graph(), legend=False) == "\n".join([
        "// tfvars graph: 6 ops, 6 nodes, view=full, color_by=device",
        "digraph tfvars {",
        '  graph [rankdir=BT, compound=true, fontname="Helvetica", fontsize=11, nodesep=0.25, ranksep=0.35, '
        'margin=0.1, forcelabels=true];',
        '  node [fontname="Helvetica", fontsize=10, height=0.3, style=filled, color="#555555"];',
        '  edge [fontname="Helvetica", fontsize=8, color="#666666", arrowsize=0.6];',
        '  "x" [id="n:x", label="x", shape=invhouse, style="filled", fillcolor="#ffffff", '
        'tooltip="x (Placeholder)"];',
        '  "ones" [id="n:ones", label="ones", shape=ellipse, style="filled", fillcolor="#ffffff", '
        'tooltip="ones (Const)"];',
        '  subgraph "cluster:v" {',
        '    id="c:v"; label="v"; style="rounded"; color="#999999"; fontsize=10;',
        '    "v" [id="n:v", label="v\\n3 float32", shape=cylinder, style="filled", fillcolor="#ffffff", '
        'tooltip="v (VariableV2)"];',
        '    "v/Assign" [id="n:v/Assign", label="Assign", shape=ellipse, style="filled", fillcolor="#ffffff", '
        'tooltip="v/Assign (Assign)"];',
        '    "v/read" [id="n:v/read", label="read", shape=ellipse, style="filled", fillcolor="#ffffff", '
        'tooltip="v/read (Identity)"];',
        "  }",
        '  "y" [id="n:y", label="y", shape=ellipse, style="filled", fillcolor="#ffffff", tooltip="y (Mul)"];',
        '  "v" -> "v/Assign" [id="e:v|v/Assign|ref", color="#d9480f", penwidth=1.8, dir=back, arrowtail=normal, '
        'arrowhead=none, xlabel="3"];',
        '  "ones" -> "v/Assign" [id="e:ones|v/Assign|data", xlabel="3"];',
        '  "v" -> "v/read" [id="e:v|v/read|data", xlabel="3"];',
        '  "x" -> "y" [id="e:x|y|data", xlabel="?×3"];',
        '  "v/read" -> "y" [id="e:v/read|y|data", xlabel="3"];',
        '  "v/Assign" -> "y" [id="e:v/Assign|y|control", style=dashed];',
        "}", ""])


def test_one_nested_cluster_per_name_scope():
    small_model()
    text = to_dot(tf.get_default_graph(), fold_series=False)
    tree = cluster_tree(text)
    assert tree["layer"] is None
    assert tree["layer/w"] == "layer"
    assert tree["layer/w/Initializer"] == "layer/w"
    assert tree["layer/w/Initializer/random_uniform"] == "layer/w/Initializer"
    assert tree["add_1"] is None and tree["r/Read"] == "r"
    assert 'id="c:layer/w"; label="w";' in text
    # An op whose name is also a scope is drawn inside that scope's cluster, labelled by its last name.
    lines = text.splitlines()
    start = lines.index('    subgraph "cluster:layer/w" {')
    end = lines.index("    }", start)
    assert any(line.startswith('      "layer/w" [') for line in lines[start:end])
    assert 'label="read"' in node_line(text, "layer/w/read")


def test_nodes_are_in_creation_order_with_op_names_as_ids():
    small_model()
    graph = tf.get_default_graph()
    text = to_dot(graph, fold_series=False)
    ids = re.findall(r'^\s*"([^"]+)" \[id="n:', text, re.M)
    assert sorted(ids) == sorted(op.name for op in graph.get_operations())
    position = {name: index for index, name in enumerate(op.name for op in graph.get_operations())}
    top_level = re.findall(r'^  "([^"]+)" \[id="n:', text, re.M)
    assert top_level == sorted(top_level, key=position.__getitem__)


def test_variables_inputs_and_noops_are_drawn_distinctly():
    small_model()
    text = to_dot(tf.get_default_graph())
    assert 'label="w\\n3×2 float32", shape=cylinder' in node_line(text, "layer/w")
    assert 'label="r\\n2 float32 (resource)", shape=cylinder' in node_line(text, "r")
    assert "shape=invhouse" in node_line(text, "x")
    assert 'tooltip="x (Placeholder) on /device:CPU:0"' in node_line(text, "x")
    assert "shape=box" in node_line(text, "init")
    assert "shape=ellipse" in node_line(text, "MatMul")


def test_a_variable_label_shows_its_device():
    with tf.device("/job:ps/task:0"):
        tf.get_variable("v", [2])
    assert 'label="v\\n2 float32\\n/job:ps/task:0"' in node_line(to_dot(tf.get_default_graph()), "v")


def test_data_control_and_reference_edges():
    small_model()
    text = to_dot(tf.get_default_graph())
    assert edge_line(text, "x", "MatMul") == '"x" -> "MatMul" [id="e:x|MatMul|data", xlabel="?×3"];'
    assert 'xlabel="scalar"' in edge_line(text, "layer/w/Initializer/random_uniform/min",
                                         "layer/w/Initializer/random_uniform/sub")
    assert "style=dashed" in edge_line(text, "AssignAdd", "Identity")
    assert "label" not in edge_line(text, "AssignAdd", "Identity")
    for src, dst in [("layer/b", "AssignAdd"), ("layer/w", "layer/w/Assign"), ("r", "r/Assign")]:
        line = edge_line(text, src, dst)
        assert '|ref"' in line and 'color="#d9480f"' in line and "dir=back" in line
    # Reads of a variable are data edges, not reference edges.
    assert '|data"' in edge_line(text, "layer/w", "layer/w/read")
    assert '|data"' in edge_line(text, "r", "r/Read/ReadVariableOp")


def test_scatter_update_and_is_variable_initialized():
    v = tf.Variable([1.0, 2.0], name="v")
    tf.scatter_update(v, [0], [5.0], name="scatter")
    tf.is_variable_initialized(v)
    text = to_dot(tf.get_default_graph())
    assert '|ref"' in edge_line(text, "v", "scatter")
    assert '|data"' in edge_line(text, "v", "IsVariableInitialized")
    assert dot.mutated_inputs(tf.get_default_graph().get_operation_by_name("scatter")) == [0]


def test_edges_can_go_without_labels():
    small_model()
    assert edge_line(to_dot(tf.get_default_graph(), edge_labels=False), "x", "MatMul") == \
        '"x" -> "MatMul" [id="e:x|MatMul|data"];'


def test_a_collapsed_scope_is_one_node_with_aggregated_edges():
    small_model()
    graph = tf.get_default_graph()
    text = to_dot(graph, collapsed=["layer"])
    assert "cluster:layer" not in text and '"layer/w"' not in text
    line = node_line(text, "layer/")
    assert 'label="layer/\\n14 ops"' in line and 'style="rounded,filled,bold"' in line and "shape=box" in line
    assert edge_line(text, "layer/", "MatMul") == '"layer/" -> "MatMul" [id="e:layer/|MatMul|data", xlabel="3×2"];'
    assert "|ref" in edge_line(text, "layer/", "AssignAdd")
    assert "style=dashed" in edge_line(text, "layer/", "init")
    # "layer/" with the slash is the same scope; several edges between two nodes become one with a count.
    assert to_dot(graph, collapsed=["layer/"]) == text
    two = to_dot(graph, collapsed=["layer", "r"], fold_series=False)
    assert edge_line(two, "layer/", "init") == '"layer/" -> "init" [id="e:layer/|init|control", style=dashed];'
    assert edge_line(two, "r/", "init") == '"r/" -> "init" [id="e:r/|init|control", style=dashed];'


def test_aggregated_data_edges_count_their_tensors():
    a = tf.placeholder(tf.float32, [2], name="a")
    with tf.name_scope("block"):
        p = tf.add(a, 1.0, name="p")
        q = tf.multiply(a, 2.0, name="q")
    tf.add(p, q, name="sum")
    tf.add(a, a, name="twice")
    text = to_dot(tf.get_default_graph(), collapsed=["block"])
    assert edge_line(text, "block/", "sum") == '"block/" -> "sum" [id="e:block/|sum|data", xlabel="2 tensors"];'
    assert edge_line(text, "a", "block/").endswith('xlabel="2"];')  # one tensor, used twice inside
    assert edge_line(text, "a", "twice").endswith('xlabel="2"];')


def test_the_outermost_collapsed_scope_wins():
    small_model()
    graph = tf.get_default_graph()
    assert to_dot(graph, collapsed=["layer", "layer/w"]) == to_dot(graph, collapsed=["layer"])
    inner = to_dot(graph, collapsed=["layer/w"])
    assert 'label="w/\\n10 ops"' in node_line(inner, "layer/w/")
    assert cluster_tree(inner) == {"layer": None, "layer/b": "layer", "r": None, "r/Initializer": "r",
                                   "r/Initializer/random_uniform": "r/Initializer", "r/IsInitialized": "r",
                                   "r/Read": "r", "mul": None}


def test_series_are_folded_and_can_be_kept():
    small_model()
    graph = tf.get_default_graph()
    text = to_dot(graph)
    line = node_line(text, "add_[0-4]")
    assert 'label="add_[0-4]\\n9 ops", shape=box, style="filled,dashed"' in line
    assert "cluster:add_1" not in text and '"add_1"' not in text
    assert edge_line(text, "add_[0-4]", "Identity").endswith('xlabel="?×2"];')
    unfolded = to_dot(graph, fold_series=False)
    assert '"add_[' not in unfolded and node_line(unfolded, "add_3")
    assert '"add_[' not in to_dot(graph, min_series=6)
    drawing = dot.draw(graph)
    assert drawing.nodes["add_[0-4]"].series_of == (5, "Add")
    assert drawing.owner["add_2/y"] == "add_[0-4]"


def test_series_fold_same_type_ops_only_and_number_ranges():
    x = tf.placeholder(tf.float32, [], name="x")
    for index in range(6):
        tf.identity(x, name="t")
    tf.square(x, name="t_9")  # another type: not in the series
    graph = tf.get_default_graph()
    drawing = dot.draw(graph)
    assert [node for node in drawing.nodes] == ["x", "t_[0-5]", "t_9"]
    graph2 = tf.Graph()
    with graph2.as_default():
        x = tf.placeholder(tf.float32, [], name="x")
        for name in ["s_1", "s_2", "s_3", "s_5"]:
            tf.identity(x, name=name)
    assert "s_[1-3,5]" in dot.draw(graph2).nodes


def test_series_of_scopes_fold_with_everything_inside():
    x = tf.placeholder(tf.float32, [2], name="x")
    for _ in range(3):
        with tf.name_scope("dense"):
            tf.add(x, 1.0, name="out")
    drawing = dot.draw(tf.get_default_graph())
    assert list(drawing.nodes) == ["x", "dense_[0-2]"]
    assert drawing.nodes["dense_[0-2]"].series_of == (3, "scope")
    assert drawing.describe(drawing.nodes["dense_[0-2]"]) == "(series of 3 scopes, 6 ops)"


def test_variables_are_never_folded_into_series():
    for _ in range(4):
        tf.Variable(1.0, name="v")
    nodes = dot.draw(tf.get_default_graph(), view="architecture").nodes
    assert [node_id for node_id in nodes] == ["v", "v_1", "v_2", "v_3"]


def test_architecture_view_folds_the_variable_machinery():
    small_model()
    graph = tf.get_default_graph()
    drawing = dot.draw(graph, view="architecture")
    assert drawing.owner["layer/w/Initializer/random_uniform/mul"] == "layer/w"
    assert drawing.owner["layer/zeros"] == "layer/b"  # the initial value, made outside the variable's scope
    assert drawing.owner["mul/ReadVariableOp"] == "r"  # a resource read where the variable is used
    assert drawing.owner["MatMul"] == "MatMul"
    text = drawing.to_dot()
    assert edge_line(text, "layer/w", "MatMul").endswith('xlabel="3×2"];')
    assert "|ref" in edge_line(text, "layer/b", "AssignAdd")
    assert "cluster:layer/w" not in text and '"layer/w/read"' not in text
    assert cluster_tree(text) == {"layer": None}
    assert drawing.to_text().splitlines()[:4] == ["x (Placeholder)", "layer/", "  w (VariableV2) 3×2 float32 +9 ops",
                                                  "  b (VariableV2) 2 float32 +3 ops"]


def test_state_view_brings_the_variable_machinery_forward():
    small_model()
    text = to_dot(tf.get_default_graph(), view="state")
    assert node_line(text, "layer/w").endswith("penwidth=2];")
    assert node_line(text, "layer/w/Assign").endswith("penwidth=2];")
    assert node_line(text, "layer/w/Initializer/random_uniform/mul").endswith("penwidth=2];")
    assert 'color="#bbbbbb", fontcolor="#888888"' in node_line(text, "MatMul")


def test_colour_by_device_with_a_legend():
    small_model()
    graph = tf.get_default_graph()
    text = to_dot(graph)
    assert 'fillcolor="#a6cee3"' in node_line(text, "x")
    assert 'fillcolor="#ffffff"' in node_line(text, "MatMul")
    legend = text[text.index('subgraph "cluster legend"'):]
    assert '"legend:0" [id="legend:0", label="/device:CPU:0", shape=box, style=filled, fillcolor="#a6cee3"];' \
        in legend
    assert 'label="(no device)"' in legend and 'label="device"' in legend
    assert "cluster legend" not in to_dot(graph, legend=False)


def test_a_collapsed_scope_on_two_devices_is_striped_by_share():
    with tf.name_scope("block"):
        with tf.device("/cpu:0"):
            a = tf.constant(1.0, name="a")
        with tf.device("/gpu:0"):
            tf.add(a, a, name="b")
            tf.add(a, a, name="c")
            tf.add(a, a, name="d")
    line = node_line(to_dot(tf.get_default_graph(), collapsed=["block"]), "block/")
    assert 'style="filled,bold,striped"' in line
    assert 'fillcolor="#a6cee3;0.25:#b2df8a;0.75"' in line


def test_colour_by_role_with_a_legend():
    small_model()
    text = to_dot(tf.get_default_graph(), color_by="role")
    assert 'fillcolor="#9ecae1"' in node_line(text, "layer/w")
    assert 'fillcolor="#fdae6b"' in node_line(text, "AssignAdd")
    assert 'fillcolor="#c6dbef"' in node_line(text, "layer/w/read")
    assert 'fillcolor="#e5f5e0"' in node_line(text, "layer/w/Initializer/random_uniform/mul")
    assert 'fillcolor="#fff3bf"' in node_line(text, "x")
    labels = re.findall(r'"legend:\d+" \[id="legend:\d+", label="([a-z]+)"', text)
    assert labels == ["variable", "assign", "read", "initializer", "input", "constant", "compute", "control"]
    assert 'label="role"' in text


def test_same_graph_same_text_in_two_graphs_and_two_calls():
    texts = []
    for _ in range(2):
        graph = tf.Graph()
        with graph.as_default():
            small_model()
        texts.append(to_dot(graph))
        texts.append(to_dot(graph, view="architecture", collapsed=["layer"], color_by="role"))
    assert texts[0] == texts[2] and texts[1] == texts[3]
    assert to_dot(graph) == texts[2]
    assert dot.draw(graph).to_text() == dot.draw(graph).to_text()


def test_a_session_marks_uninitialised_variables_and_their_readers():
    x, out, init = small_model()
    graph = tf.get_default_graph()
    with tf.Session() as sess:
        text = to_dot(graph, sess)
        assert 'color="#c92a2a", penwidth=2.5' in node_line(text, "layer/w")
        assert 'style="filled,dashed"' in node_line(text, "MatMul")
        assert 'color="#c92a2a"' in node_line(text, "layer/w/read")
        # Overwriting and checking initialisation do not read the old value.
        assert "#c92a2a" not in node_line(text, "layer/w/Assign")
        assert "#c92a2a" not in node_line(text, "r/IsInitialized/VarIsInitializedOp")
        sess.run(init)
        assert "#c92a2a" not in to_dot(graph, sess)
        assert to_dot(graph, sess) == to_dot(graph)


def test_the_session_helpers():
    x, out, init = small_model()
    graph = tf.get_default_graph()
    ops = graph.get_operations()
    with tf.Session() as sess:
        assert dot.uninitialized(sess, ops) == ["layer/w", "layer/b", "r"]
        readers = dot.readers_of(ops, ["r"])
        assert readers[:3] == ["r/Read/ReadVariableOp", "mul/ReadVariableOp", "mul"] and "Identity" in readers
        sess.run(graph.get_operation_by_name("r/Assign"))
        assert dot.uninitialized(sess, ops) == ["layer/w", "layer/b"]


def test_to_text_outlines_the_drawing():
    small_model()
    text = dot.draw(tf.get_default_graph(), collapsed=["layer", "r"]).to_text({"MatMul": ["run"]})
    assert text.splitlines() == [
        "x (Placeholder)", "layer/ (scope, 14 ops)", "MatMul (MatMul) [run]", "add_[0-4] (series of 5 Add, 9 ops)",
        "r/ (scope, 11 ops)", "mul/", "  ReadVariableOp (ReadVariableOp)", "  mul (Mul)", "ones (Const)",
        "AssignAdd (AssignAdd)", "Identity (Identity)", "init (NoOp)", "edges: 14 (10 data, 3 control, 1 ref)"]


def test_format_shape():
    assert dot.format_shape(tf.TensorShape([None, 3])) == "?×3"
    assert dot.format_shape(tf.TensorShape([])) == "scalar"
    assert dot.format_shape(tf.TensorShape(None)) == "?"


def test_an_empty_graph():
    text = to_dot(tf.Graph())
    assert text.startswith("// tfvars graph: 0 ops, 0 nodes") and text.endswith("}\n")
    assert "cluster legend" not in text


@pytest.mark.parametrize("bad", [None, 42, "graph", tf.Session])
def test_something_else_than_a_graph_is_a_type_error(bad):
    with pytest.raises(TypeError, match="tf.Graph"):
        to_dot(bad)


def test_bad_sessions_and_options():
    small_model()
    graph = tf.get_default_graph()
    with pytest.raises(TypeError, match="tf.Session"):
        to_dot(graph, session="sess")
    other = tf.Graph()
    with other.as_default():
        tf.constant(1.0)
    with tf.Session(graph=other) as sess:
        with pytest.raises(ValueError, match="another graph"):
            to_dot(graph, sess)
    sess = tf.Session(graph=graph)
    sess.close()
    with pytest.raises(ValueError, match="closed Session"):
        to_dot(graph, sess)
    with pytest.raises(ValueError, match="view must be one of 'full', 'architecture', 'state', got 'pretty'"):
        to_dot(graph, view="pretty")
    with pytest.raises(ValueError, match="color_by"):
        to_dot(graph, color_by="size")
    with pytest.raises(TypeError, match="unexpected keyword"):
        to_dot(graph, colour="device")
