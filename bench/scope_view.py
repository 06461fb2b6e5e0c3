"""A `ScopeView` refresh after a run touching 1,000 variables (issue 5): target under 50 ms.

The graph is `bench.variables`' 1,000 `get_variable`s ([10, 10] each, in 10 x 10
scopes) and one op grouping an `assign_add` to each. The tfvars column times
that run in a session a live `ScopeView` follows (with no throttling, so each
run refreshes the view at once: it reads the 1,000 values and re-renders what
changed in its open section); the baseline column times the same run in a
session no view follows. Their difference is the refresh, engine-side
observation included. A view is a tfvars-only thing: TensorFlow is not timed.
"""

import numpy as np

from bench.harness import Program, Settings
from bench.variables import build_variables

TITLE = "ScopeView refresh after a run touching 1,000 variables"
TARGET = "refresh < 50 ms"
TARGET_NS = 50e6
TENSORFLOW = False  # nothing to compare with: TF has no view
SETTINGS = Settings(warmup=3, repeat=15, number=3)  # a step takes milliseconds
FORM = "sess.run(group of 1,000 assign_add) + a live ScopeView's refresh"
BASELINE_FORM = "the same run in a session no view follows"


def _session(tf):
    """(session with initialised variables, the update op) on a fresh 1,000-variable graph."""
    graph = build_variables(tf)[0]
    with graph.as_default():
        delta = tf.constant(np.full([10, 10], 0.01, np.float32), name="delta")
        update = tf.group(*[tf.assign_add(v, delta) for v in tf.global_variables()], name="update")
        init = tf.global_variables_initializer()
    sess = tf.Session(graph=graph)
    sess.run(init)
    return sess, update


def program(tf, form=None):
    """The run with a live view; the view is kept on the step function so it lives as long as the program."""
    from widgets.scope_view import ScopeView
    sess, update = _session(tf)
    view = ScopeView(sess, min_interval=0.0)

    def step():
        sess.run(update)
    step.view = view
    return Program(step=step, units=1, form=FORM)


def numpy_baseline(tf):
    sess, update = _session(tf)
    return Program(step=lambda: sess.run(update), units=1, form=BASELINE_FORM)


def passes(tfvars_ns, baseline_ns):
    return tfvars_ns - baseline_ns < TARGET_NS
