"""The ScopeView benchmark builds what it says and its view follows the runs. Nothing here is timed."""

import os
import sys

import pytest

pytest.importorskip("ipywidgets")  # the view needs the `widgets` extra

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from bench import run  # noqa: E402
from bench import scope_view  # noqa: E402


def test_each_step_touches_the_1000_variables_the_view_shows():
    import tfvars as tf
    program = scope_view.program(tf)
    view = program.step.view
    assert len(view.variables) == 1000 and view.changed() == []
    program.step()
    program.step()
    assert len(view.changed()) == 1000
    assert view.changed()[-1] == "outer9/inner9/v9"
    assert "2 runs seen" in repr(view).splitlines()[1]


def test_registered_and_never_timed_on_tensorflow():
    assert run.BENCHMARKS["scope_view"][0] is scope_view and scope_view.TENSORFLOW is False
    import tfvars as tf
    baseline = scope_view.numpy_baseline(tf)
    assert baseline.form == scope_view.BASELINE_FORM and baseline.step() is None
    assert scope_view.passes(60e6, 20e6) and not scope_view.passes(60e6, 5e6)
