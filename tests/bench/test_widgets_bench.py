"""The widgets benchmarks run (a few calls each). Nothing here is timed: no assertion reads a duration."""

import os
import shutil
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from bench import widgets as widgets_bench  # noqa: E402


def test_the_graph_has_about_1000_ops():
    import tfvars as tf
    graph = widgets_bench.build_graph(tf)
    assert len(graph.get_operations()) == 1007
    assert len(widgets_bench.build_graph(tf, layers=2).get_operations()) == 1 + 2 * 17 + 3


def test_to_dot_program_gives_the_dot_text():
    import tfvars as tf
    program = widgets_bench.TO_DOT.program(tf)
    assert program.step().startswith("// tfvars graph: 1007 ops")
    assert program.form == "to_dot of a 59-layer perceptron (1007 ops)"
    assert widgets_bench.TO_DOT.TARGET is None and widgets_bench.TO_DOT.TENSORFLOW is False


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_graph_view_program_and_the_dot_baseline_run():
    pytest.importorskip("ipywidgets")
    import tfvars as tf
    view = widgets_bench.GRAPH_VIEW
    view.program(tf).step()
    baseline = view.numpy_baseline(tf)
    baseline.step()
    assert baseline.form == "dot -Tsvg alone on the DOT of a 59-layer perceptron (1007 ops)"
    assert view.passes(1.2, 1.0) and not view.passes(1.4, 1.0) and not view.passes(1.0, None)


def test_without_dot_there_is_no_baseline(monkeypatch):
    import tfvars as tf
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
    assert widgets_bench.GRAPH_VIEW.numpy_baseline(tf) is None
