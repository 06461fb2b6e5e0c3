"""Drawing a 1,000-op graph (issue 5): `to_dot`, and a full `GraphView` render, against `dot -Tsvg` alone.

The graph is a 59-layer perceptron (`layer<i>/w`, `layer<i>/b`, MatMul, add,
Relu in each layer's scope) with a loss and the variables' initializer: 1,007
ops, 118 variables with their machinery. Two benchmarks, each an object with a
benchmark module's interface (see `bench.harness`):

- `TO_DOT`: `widgets.to_dot(graph)`; reported only.
- `GRAPH_VIEW`: a full `GraphView(graph)`: drawing, DOT text, the layout by
  Graphviz, cutting the SVG for restyling and the widgets. Target: within
  1.3x of the layout itself.

The baseline of both is Graphviz's `dot -Tsvg` alone on the same DOT text, in
a subprocess (as a view runs it). Without `dot` there is no baseline and no
verdict. A view is a tfvars-only thing: TensorFlow is not timed.
"""

import shutil
import subprocess

from bench.harness import Program, Settings

LAYERS = 59
WIDTH = 8
SETTINGS = Settings(warmup=1, repeat=5, number=1)  # a layout takes about a second
QUICK_SETTINGS = Settings(warmup=0, repeat=1, number=1)
TARGET_RATIO = 1.3


def build_graph(tf, layers=LAYERS):
    """The perceptron's graph (see the module docstring)."""
    graph = tf.Graph()
    with graph.as_default():
        h = tf.placeholder(tf.float32, [None, WIDTH], name="x")
        for index in range(layers):
            with tf.variable_scope("layer%d" % index):
                w = tf.get_variable("w", [WIDTH, WIDTH])
                b = tf.get_variable("b", [WIDTH], initializer=tf.zeros_initializer())
                h = tf.nn.relu(tf.matmul(h, w) + b)
        tf.reduce_sum(h, name="loss")
        tf.global_variables_initializer()
    return graph


def _form(graph, what):
    return "%s of a %d-layer perceptron (%d ops)" % (what, LAYERS, len(graph.get_operations()))


class _Benchmark:
    """One benchmark: what a benchmark module defines (TITLE, TARGET, program, numpy_baseline, passes)."""

    TENSORFLOW = False  # nothing to compare with: TF has no view
    QUICK_SETTINGS = QUICK_SETTINGS

    def __init__(self, title, target, what, make_step):
        self.TITLE = title
        self.TARGET = target
        self._what = what
        self._make_step = make_step

    def program(self, tf, form=None):
        graph = build_graph(tf)
        return Program(step=self._make_step(graph), units=1, form=_form(graph, self._what))

    def numpy_baseline(self, tf):
        """`dot -Tsvg` alone on the graph's DOT text; None without Graphviz."""
        from widgets import to_dot
        program = shutil.which("dot")
        if program is None:
            return None
        graph = build_graph(tf)
        text = to_dot(graph).encode("utf-8")

        def layout():
            subprocess.run([program, "-Tsvg"], input=text, capture_output=True, check=True)
        return Program(step=layout, units=1, form=_form(graph, "dot -Tsvg alone on the DOT"))

    def passes(self, tfvars_ns, baseline_ns):
        return baseline_ns is not None and tfvars_ns <= TARGET_RATIO * baseline_ns


def _to_dot_step(graph):
    from widgets import to_dot
    return lambda: to_dot(graph)


def _graph_view_step(graph):
    from widgets import GraphView

    def render():
        GraphView(graph).close()
    return render


TO_DOT = _Benchmark("widgets: to_dot of 1,000 ops", None, "to_dot", _to_dot_step)
GRAPH_VIEW = _Benchmark("widgets: GraphView render of 1,000 ops", "within %.1fx of dot -Tsvg" % TARGET_RATIO,
                        "GraphView(graph)", _graph_view_step)
