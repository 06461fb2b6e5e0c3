"""The benchmarks run end to end (a few calls each). Nothing here is timed: no assertion reads a duration."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from bench import run  # noqa: E402


def test_every_benchmark_runs_and_reports():
    rows = run.run_all(quick=True, with_tensorflow=False)
    assert [row["name"] for row in rows] == ["assign_add", "elementwise_chain", "graph_building", "variables_build",
                                             "variables_first_init", "scope_view", "training", "widgets_to_dot",
                                             "widgets_graph_view"]
    for row in rows:
        assert row["tfvars"] > 0 and row["form"]
        assert (row["verdict"] is None) == (row["target"] is None)
    table = run.format_table(rows)
    assert all(row["title"] in table for row in rows)


def test_programs_compute_what_the_numpy_baselines_compute():
    import tfvars as tf
    from bench import elementwise_chain
    program = elementwise_chain.program(tf)
    assert program.step().tolist() == elementwise_chain.numpy_baseline(tf).step().tolist()


def test_graph_building_builds_999_ops():
    import tfvars as tf
    from bench import graph_building
    assert graph_building.program(tf).units == 999


def test_assign_add_program_adds_one_per_run():
    import tfvars as tf
    from bench import assign_add
    program = assign_add.program(tf)
    values = [float(program.step()) for _ in range(3)]
    assert values == ([1.0, 2.0, 3.0] if program.form == assign_add.VARIABLE_FORM else [1.0, 1.0, 1.0])


def test_variables_benchmark_builds_1000_variables_of_10_ops():
    import tfvars as tf
    from bench import variables
    graph, ops = variables.build_variables(tf)
    assert ops == 10000
    names = [v.op.name for v in graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)]
    assert len(names) == 1000 and names[0] == "outer0/inner0/v0" and names[-1] == "outer9/inner9/v9"
