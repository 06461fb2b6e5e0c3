"""widgets.live: throttled, batched, weakly held bindings to a graph and a session, and the views' argument checks."""

import gc

import pytest

import tfvars as tf
from widgets import live


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


class Recorder:
    """A view stand-in: keeps every batch handed to it."""

    def __init__(self):
        self.batches = []

    def on_event(self, events):
        self.batches.append([type(event).__name__ for event in events])


def counter_session():
    v = tf.Variable(0.0, name="v")
    step = v.assign_add(1.0)
    sess = tf.Session()
    sess.run(v.initializer)
    return v, step, sess


def test_first_run_is_shown_at_once_and_a_burst_is_throttled_then_flushed():
    _, step, sess = counter_session()
    clock, view = FakeClock(), Recorder()
    binding = live.Binding(None, sess, view.on_event, min_interval=0.1, clock=clock)
    sess.run(step)
    assert view.batches == [["RunStarted", "VariablesChanged", "RunFinished"]]
    for _ in range(3):
        clock.now += 0.01
        sess.run(step)
    assert len(view.batches) == 1 and len(binding.pending) == 9
    clock.now += 0.1
    sess.run(step)
    assert len(view.batches) == 2 and len(view.batches[1]) == 12
    clock.now += 0.01
    sess.run(step)
    binding.flush()
    assert view.batches[2] == ["RunStarted", "VariablesChanged", "RunFinished"]
    binding.flush()
    assert len(view.batches) == 3


def test_at_most_one_hand_over_per_interval_during_a_training_loop():
    _, step, sess = counter_session()
    clock, view = FakeClock(), Recorder()
    binding = live.Binding(None, sess, view.on_event, min_interval=0.1, clock=clock)
    for _ in range(100):
        clock.now += 0.005
        sess.run(step)
    binding.flush()
    assert len(view.batches) == 6  # the first run, one per 0.1 s over 0.5 s, and the trailing flush
    assert sum(batch.count("RunFinished") for batch in view.batches) == 100


def test_graph_events_are_followed_and_a_closed_session_flushes_at_once():
    _, step, sess = counter_session()
    clock, view = FakeClock(), Recorder()
    binding = live.Binding(None, sess, view.on_event, clock=clock)  # held here: the engine holds it weakly
    tf.get_variable("w", [2])
    assert view.batches[0][0] == "OpCreated"
    sess.close()
    assert view.batches[-1][-1] == "SessionClosed" and not binding.pending


def test_a_deleted_view_stops_receiving_and_is_not_kept_alive():
    _, step, sess = counter_session()
    view = Recorder()
    view.binding = live.Binding(None, sess, view.on_event, min_interval=0.0)
    seen = view.batches
    sess.run(step)
    assert len(seen) == 1
    del view
    gc.collect()
    sess.run(step)
    assert len(seen) == 1
    assert len(sess._subscribers) == 0 and len(tf.get_default_graph()._subscribers) == 0


def test_a_plain_function_is_held_strongly():
    _, step, sess = counter_session()
    seen = []
    binding = live.Binding(None, sess, lambda events: seen.append(len(events)), min_interval=0.0)
    gc.collect()
    sess.run(step)
    assert seen == [3] and binding.pending == []


def test_close_unsubscribes_and_drops_pending_events():
    _, step, sess = counter_session()
    clock, view = FakeClock(), Recorder()
    binding = live.Binding(None, sess, view.on_event, clock=clock)
    sess.run(step)
    sess.run(step)
    binding.close()
    binding.close()
    binding.flush()
    sess.run(step)
    assert len(view.batches) == 1 and binding.closed
    assert len(sess._subscribers) == 0
    assert repr(binding) == "<Binding to a graph and session, min_interval=0.1s, closed>"


def test_a_failing_view_warns_and_the_run_goes_on():
    v, step, sess = counter_session()

    def broken(events):
        raise ValueError("render failed")
    binding = live.Binding(None, sess, broken, min_interval=0.0)
    with pytest.warns(RuntimeWarning, match="render failed"):
        assert sess.run(step) == 1.0
    with pytest.warns(RuntimeWarning, match="render failed"):
        assert sess.run(step) == 2.0
    binding.close()
    assert sess.run(v) == 2.0


def test_a_graph_only_binding():
    view = Recorder()
    graph = tf.Graph()
    binding = live.Binding(graph, None, view.on_event, min_interval=0.0)
    with graph.as_default():
        tf.constant(1.0, name="c")
    assert view.batches == [["OpCreated"]]
    assert repr(binding) == "<Binding to a graph, min_interval=0s, 0 pending>"


def test_a_trailing_flush_is_scheduled_on_a_running_event_loop():
    import asyncio
    _, step, sess = counter_session()
    view = Recorder()

    async def training_loop():
        # A clock that stands still: only the scheduled trailing flush can hand the later runs over.
        binding = live.Binding(None, sess, view.on_event, min_interval=0.05, clock=FakeClock())
        for _ in range(5):
            sess.run(step)
        assert len(view.batches) == 1
        await asyncio.sleep(0.2)
        return binding
    asyncio.run(training_loop())
    assert len(view.batches) == 2 and view.batches[1].count("RunFinished") == 4


@pytest.mark.parametrize("bad", [None, 3, "graph", object()])
def test_check_graph_rejects_what_is_not_a_graph(bad):
    with pytest.raises(TypeError, match="needs a tf.Graph"):
        live.check_graph(bad)


def test_check_graph_rejects_a_session():
    with pytest.raises(TypeError, match=r"GraphView needs a tf.Graph \(of tfvars\), got tfvars.session.Session"):
        live.check_graph(tf.Session(), "GraphView")


def test_check_session_errors():
    graph = tf.get_default_graph()
    with pytest.raises(TypeError, match="needs a tf.Session"):
        live.check_session(graph)
    sess = tf.Session()
    assert live.check_session(sess, graph) is sess
    with pytest.raises(ValueError, match="Session of another graph"):
        live.check_session(sess, tf.Graph())
    sess.close()
    with pytest.raises(ValueError, match="closed Session"):
        live.check_session(sess)
    with pytest.raises(ValueError, match="closed Session"):
        live.Binding(None, sess, print)


def test_binding_rejects_bad_input():
    with pytest.raises(TypeError, match="needs a tf.Graph"):
        live.Binding(None, None, print)
    with pytest.raises(TypeError, match="on_event must be callable"):
        live.Binding(tf.get_default_graph(), None, 42)
    with pytest.raises(ValueError, match="another graph"):
        live.Binding(tf.Graph(), tf.Session(), print)


def test_a_dead_binding_is_dropped_by_the_engine():
    _, step, sess = counter_session()
    live.Binding(None, sess, print)
    gc.collect()
    assert len(sess._subscribers) == 0
    sess.run(step)
