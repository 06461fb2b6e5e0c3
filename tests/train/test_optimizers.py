"""tf.train optimizers: several steps against the same formulas in numpy, the graph TF 1.x builds, slots, errors.

Expected op names were read off TensorFlow (tf.compat.v1) building the same programs.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tfvars as tf
from tfvars.framework import observers

W0 = np.array([[1.0, -2.0], [0.5, 3.0]], np.float32)
GRADS = [np.array([[0.1, -0.3], [0.2, 0.05]], np.float32) * (k + 1) * (-1) ** k for k in range(4)]


# The optimizers' updates, written in numpy: step(state, grad) -> state, state = {"var": ..., slot: ...}.
def gd_reference(lr):
    def step(s, g):
        s["var"] = s["var"] - lr * g
    return {}, step


def momentum_reference(lr, momentum, nesterov=False):
    def step(s, g):
        s["momentum"] = momentum * s["momentum"] + g
        s["var"] = s["var"] - lr * (g + momentum * s["momentum"] if nesterov else s["momentum"])
    return {"momentum": 0.0}, step


def adagrad_reference(lr, initial):
    def step(s, g):
        s["accumulator"] = s["accumulator"] + g * g
        s["var"] = s["var"] - lr * g / np.sqrt(s["accumulator"])
    return {"accumulator": initial}, step


def rmsprop_reference(lr, decay, momentum, epsilon, centered):
    def step(s, g):
        s["rms"] = decay * s["rms"] + (1 - decay) * g * g
        denominator = s["rms"] + epsilon
        if centered:
            s["mg"] = decay * s["mg"] + (1 - decay) * g
            denominator = denominator - s["mg"] ** 2
        s["momentum"] = momentum * s["momentum"] + lr * g / np.sqrt(denominator)
        s["var"] = s["var"] - s["momentum"]
    return ({"rms": 1.0, "momentum": 0.0, "mg": 0.0} if centered else {"rms": 1.0, "momentum": 0.0}), step


def adam_reference(lr, beta1, beta2, epsilon):
    def step(s, g):
        s["t"] += 1
        s["m"] = beta1 * s["m"] + (1 - beta1) * g
        s["v"] = beta2 * s["v"] + (1 - beta2) * g * g
        lr_t = lr * np.sqrt(1 - beta2 ** s["t"]) / (1 - beta1 ** s["t"])
        s["var"] = s["var"] - lr_t * s["m"] / (np.sqrt(s["v"]) + epsilon)
    return {"m": 0.0, "v": 0.0, "t": 0}, step


def adadelta_reference(lr, rho, epsilon):
    def step(s, g):
        s["accum"] = rho * s["accum"] + (1 - rho) * g * g
        update = np.sqrt(s["accum_update"] + epsilon) / np.sqrt(s["accum"] + epsilon) * g
        s["accum_update"] = rho * s["accum_update"] + (1 - rho) * update * update
        s["var"] = s["var"] - lr * update
    return {"accum": 0.0, "accum_update": 0.0}, step


def ftrl_reference(lr, l1, l2, initial, shrinkage=0.0):
    def step(s, g):
        w, n = s["var"], s["accum"]
        new_n = n + g * g
        sigma = (np.sqrt(new_n) - np.sqrt(n)) / lr
        s["linear"] = s["linear"] + g + 2 * shrinkage * w - sigma * w
        z = s["linear"]
        s["var"] = np.where(np.abs(z) > l1, (l1 * np.sign(z) - z) / (np.sqrt(new_n) / lr + 2 * l2), 0.0)
        s["accum"] = new_n
    return {"accum": initial, "linear": 0.0}, step


def run_steps(optimizer, reference, use_resource, steps=4):
    """Applies GRADS[:steps] with `optimizer` (through a fed placeholder) and with the numpy `reference`."""
    w = tf.Variable(W0, name="w", use_resource=use_resource)
    grad = tf.placeholder(tf.float32, [2, 2])
    train = optimizer.apply_gradients([(grad, w)])
    slots, step = reference
    state = {name: (np.full_like(W0, value, np.float64) if name != "t" else value) for name, value in slots.items()}
    state["var"] = W0.astype(np.float64)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for g in GRADS[:steps]:
            sess.run(train, {grad: g})
            step(state, g.astype(np.float64))
        got = {name: sess.run(optimizer.get_slot(w, name)) for name in optimizer.get_slot_names()}
        got["var"] = sess.run(w)
    return got, state


def assert_matches(got, want, rtol=1e-4):
    for name, value in got.items():
        assert value.dtype == np.float32
        np.testing.assert_allclose(value, want[name], rtol=rtol, atol=1e-5, err_msg=name)


CASES = {
    "GradientDescent": (lambda: tf.train.GradientDescentOptimizer(0.1), gd_reference(0.1)),
    "Momentum": (lambda: tf.train.MomentumOptimizer(0.1, 0.9), momentum_reference(0.1, 0.9)),
    "Nesterov": (lambda: tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True),
                 momentum_reference(0.1, 0.9, nesterov=True)),
    "Adagrad": (lambda: tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.2), adagrad_reference(0.1, 0.2)),
    "RMSProp": (lambda: tf.train.RMSPropOptimizer(0.01, decay=0.8, momentum=0.5, epsilon=1e-6),
                rmsprop_reference(0.01, 0.8, 0.5, 1e-6, False)),
    "CenteredRMSProp": (lambda: tf.train.RMSPropOptimizer(0.01, decay=0.8, momentum=0.5, epsilon=1e-6,
                                                          centered=True),
                        rmsprop_reference(0.01, 0.8, 0.5, 1e-6, True)),
    "Adam": (lambda: tf.train.AdamOptimizer(0.1), adam_reference(0.1, 0.9, 0.999, 1e-8)),
    "Adadelta": (lambda: tf.train.AdadeltaOptimizer(1.0, rho=0.9, epsilon=1e-6), adadelta_reference(1.0, 0.9, 1e-6)),
    "Ftrl": (lambda: tf.train.FtrlOptimizer(0.1, l1_regularization_strength=0.01, l2_regularization_strength=0.1),
             ftrl_reference(0.1, 0.01, 0.1, 0.1)),
    "FtrlShrinkage": (lambda: tf.train.FtrlOptimizer(0.1, l1_regularization_strength=0.01,
                                                     l2_shrinkage_regularization_strength=0.3),
                      ftrl_reference(0.1, 0.01, 0.0, 0.1, shrinkage=0.3)),
}


@pytest.mark.parametrize("use_resource", [False, True])
@pytest.mark.parametrize("case", sorted(CASES))
def test_steps_match_numpy(case, use_resource):
    make, reference = CASES[case]
    got, want = run_steps(make(), reference, use_resource)
    assert_matches(got, want)


@settings(max_examples=6, deadline=None)
@given(lr=st.floats(0.001, 0.5), momentum=st.floats(0.0, 0.99), nesterov=st.booleans())
def test_momentum_over_hyperparameters(lr, momentum, nesterov):
    tf.reset_default_graph()
    got, want = run_steps(tf.train.MomentumOptimizer(lr, momentum, use_nesterov=nesterov),
                          momentum_reference(lr, momentum, nesterov), use_resource=False)
    assert_matches(got, want)


@settings(max_examples=6, deadline=None)
@given(lr=st.floats(0.001, 0.5), beta1=st.floats(0.5, 0.95), beta2=st.floats(0.9, 0.9999),
       epsilon=st.sampled_from([1e-8, 1e-4, 0.1]))
def test_adam_over_hyperparameters(lr, beta1, beta2, epsilon):
    tf.reset_default_graph()
    got, want = run_steps(tf.train.AdamOptimizer(lr, beta1, beta2, epsilon), adam_reference(lr, beta1, beta2, epsilon),
                          use_resource=True)
    assert_matches(got, want, rtol=1e-3)


@settings(max_examples=6, deadline=None)
@given(lr=st.floats(0.001, 0.1), decay=st.floats(0.5, 0.99), momentum=st.floats(0.0, 0.9), centered=st.booleans())
def test_rmsprop_over_hyperparameters(lr, decay, momentum, centered):
    tf.reset_default_graph()
    got, want = run_steps(tf.train.RMSPropOptimizer(lr, decay, momentum, 1e-6, centered=centered),
                          rmsprop_reference(lr, decay, momentum, 1e-6, centered), use_resource=False)
    assert_matches(got, want, rtol=1e-3)


def test_learning_rate_may_be_a_tensor_or_a_callable():
    rate = tf.placeholder_with_default(0.5, [])
    got, want = run_steps(tf.train.GradientDescentOptimizer(lambda: rate), gd_reference(0.5), use_resource=False)
    assert_matches(got, want)


# The graph.
def _ops_after(count):
    return [(op.name, op.type) for op in tf.get_default_graph().get_operations()[count:]]


def test_adam_builds_the_graph_tf_builds():
    w = tf.Variable([1.0, 2.0], name="w")
    global_step = tf.train.get_or_create_global_step()
    grad = tf.constant([0.5, 0.5])
    count = len(tf.get_default_graph().get_operations())
    optimizer = tf.train.AdamOptimizer(0.1)
    train = optimizer.apply_gradients([(grad, w)], global_step=global_step)
    assert (train.name, train.type) == ("Adam", "AssignAdd")
    assert _ops_after(count) == [
        ("beta1_power/initial_value", "Const"), ("beta1_power", "VariableV2"), ("beta1_power/Assign", "Assign"),
        ("beta1_power/read", "Identity"),
        ("beta2_power/initial_value", "Const"), ("beta2_power", "VariableV2"), ("beta2_power/Assign", "Assign"),
        ("beta2_power/read", "Identity"),
        ("w/Adam/Initializer/zeros", "Const"), ("w/Adam", "VariableV2"), ("w/Adam/Assign", "Assign"),
        ("w/Adam/read", "Identity"),
        ("w/Adam_1/Initializer/zeros", "Const"), ("w/Adam_1", "VariableV2"), ("w/Adam_1/Assign", "Assign"),
        ("w/Adam_1/read", "Identity"),
        ("Adam/learning_rate", "Const"), ("Adam/beta1", "Const"), ("Adam/beta2", "Const"), ("Adam/epsilon", "Const"),
        ("Adam/update_w/ApplyAdam", "ApplyAdam"),
        ("Adam/mul", "Mul"), ("Adam/Assign", "Assign"), ("Adam/mul_1", "Mul"), ("Adam/Assign_1", "Assign"),
        ("Adam/update", "NoOp"), ("Adam/value", "Const"), ("Adam", "AssignAdd"),
    ]
    graph = tf.get_default_graph()
    apply_adam = graph.get_operation_by_name("Adam/update_w/ApplyAdam")
    assert [t.name for t in apply_adam.inputs] == [
        "w:0", "w/Adam:0", "w/Adam_1:0", "beta1_power/read:0", "beta2_power/read:0", "Adam/learning_rate:0",
        "Adam/beta1:0", "Adam/beta2:0", "Adam/epsilon:0", "Const:0"]
    assert [op.name for op in graph.get_operation_by_name("Adam/update").control_inputs] == [
        "Adam/update_w/ApplyAdam", "Adam/Assign", "Adam/Assign_1"]
    assert [op.name for op in graph.get_operation_by_name("Adam/value").control_inputs] == ["Adam/update"]
    assert graph.get_operation_by_name("Adam").colocation_groups() == [b"loc:@global_step"]
    assert graph.get_operation_by_name("beta1_power").colocation_groups() == [b"loc:@w"]
    assert optimizer.get_slot_names() == ["m", "v"]
    assert [v.name for v in optimizer.variables()] == ["beta1_power:0", "beta2_power:0", "w/Adam:0", "w/Adam_1:0"]
    assert tf.get_collection(tf.GraphKeys.TRAIN_OP) == [train]
    assert [v.name for v in tf.global_variables()] == [
        "w:0", "global_step:0", "beta1_power:0", "beta2_power:0", "w/Adam:0", "w/Adam_1:0"]
    assert [v.name for v in tf.trainable_variables()] == ["w:0"]


def test_resource_variables_get_resource_updates_and_slots():
    w = tf.Variable([1.0, 2.0], name="w", use_resource=True)
    count = len(tf.get_default_graph().get_operations())
    train = tf.train.MomentumOptimizer(0.1, 0.9).apply_gradients([(tf.constant([0.5, 0.5]), w)])
    assert (train.name, train.type) == ("Momentum", "NoOp")
    assert _ops_after(count) == [
        ("Const", "Const"), ("w/Momentum/Initializer/zeros", "Const"), ("w/Momentum", "VarHandleOp"),
        ("w/Momentum/IsInitialized/VarIsInitializedOp", "VarIsInitializedOp"),
        ("w/Momentum/Assign", "AssignVariableOp"), ("w/Momentum/Read/ReadVariableOp", "ReadVariableOp"),
        ("Momentum/learning_rate", "Const"), ("Momentum/momentum", "Const"),
        ("Momentum/update_w/ResourceApplyMomentum", "ResourceApplyMomentum"), ("Momentum", "NoOp")]


def test_gradient_descent_names_and_name_argument():
    w = tf.Variable([1.0, 2.0], name="w")
    first = tf.train.GradientDescentOptimizer(0.1).apply_gradients([(tf.constant([1.0, 1.0]), w)])
    second = tf.train.GradientDescentOptimizer(0.1).apply_gradients([(tf.constant([1.0, 1.0]), w)], name="step")
    third = tf.train.GradientDescentOptimizer(0.1).apply_gradients([(tf.constant([1.0, 1.0]), w)])
    assert [first.name, second.name, third.name] == ["GradientDescent", "step", "GradientDescent_1"]
    graph = tf.get_default_graph()
    assert graph.get_operation_by_name("GradientDescent/update_w/ApplyGradientDescent").type == "ApplyGradientDescent"
    assert graph.get_operation_by_name("step/learning_rate").type == "Const"


# Slots.
def test_slots_are_non_trainable_global_colocated_and_on_the_variable_device():
    with tf.device("/job:ps/task:0"):
        w = tf.Variable([1.0, 2.0], name="w")
    optimizer = tf.train.RMSPropOptimizer(0.1, centered=True)
    with tf.device("/job:worker/task:0"):
        optimizer.apply_gradients([(tf.constant([1.0, 1.0]), w)])
    slots = [optimizer.get_slot(w, name) for name in ("rms", "mg", "momentum")]
    assert [s.name for s in slots] == ["w/RMSProp:0", "w/RMSProp_1:0", "w/RMSProp_2:0"]
    assert optimizer.get_slot_names() == ["mg", "momentum", "rms"]
    for slot in slots:
        assert not slot.trainable
        assert slot in tf.global_variables() and slot not in tf.trainable_variables()
        assert slot.op.colocation_groups() == [b"loc:@w"]
        assert slot.device == w.device == "/job:ps/task:0"
    assert optimizer.get_slot(w, "nope") is None
    assert optimizer.get_slot(tf.Variable(1.0), "rms") is None


def test_slots_take_the_current_variable_scope_and_its_reuse():
    w = tf.Variable([1.0, 2.0], name="w")
    with tf.variable_scope("train"):
        optimizer = tf.train.MomentumOptimizer(0.1, 0.9)
        optimizer.apply_gradients([(tf.constant([1.0, 1.0]), w)])
    assert optimizer.get_slot(w, "momentum").name == "train/w/Momentum:0"
    grad = tf.constant([1.0, 1.0])
    count = len(tf.get_default_graph().get_operations())
    with tf.variable_scope("s", reuse=True):
        reused = tf.train.MomentumOptimizer(0.1, 0.9)
        with pytest.raises(ValueError, match=r"^Variable s/w/Momentum/ does not exist, or was not created with "
                                             r"tf\.get_variable\(\)"):
            reused.apply_gradients([(grad, w)])
    assert len(tf.get_default_graph().get_operations()) == count
    assert reused.get_slot(w, "momentum") is None


def test_two_optimizers_get_unique_slot_names():
    w = tf.Variable([1.0, 2.0], name="w")
    first, second = tf.train.AdagradOptimizer(0.1), tf.train.AdagradOptimizer(0.1)
    first.apply_gradients([(tf.constant([1.0, 1.0]), w)])
    second.apply_gradients([(tf.constant([1.0, 1.0]), w)])
    assert first.get_slot(w, "accumulator").name == "w/Adagrad:0"
    assert second.get_slot(w, "accumulator").name == "w/Adagrad_1:0"


def test_slots_are_made_once_per_variable():
    w = tf.Variable([1.0, 2.0], name="w")
    optimizer = tf.train.AdamOptimizer()
    optimizer.apply_gradients([(tf.constant([1.0, 1.0]), w)])
    optimizer.apply_gradients([(tf.constant([1.0, 1.0]), w)])
    assert [v.name for v in optimizer.variables()] == ["beta1_power:0", "beta2_power:0", "w/Adam:0", "w/Adam_1:0"]


def test_ftrl_slot_names():
    w = tf.Variable([1.0, 2.0], name="w")
    optimizer = tf.train.FtrlOptimizer(0.1, accum_name="acc")
    optimizer.apply_gradients([(tf.constant([1.0, 1.0]), w)])
    assert optimizer.get_slot(w, "accum").name == "w/acc:0"
    assert optimizer.get_slot(w, "linear").name == "w/Ftrl:0"


# Global step and constraints.
@pytest.mark.parametrize("use_resource", [False, True])
def test_global_step_counts_steps(use_resource):
    w = tf.Variable([1.0, 2.0], name="w")
    global_step = tf.Variable(0, dtype=tf.int64, name="global_step", trainable=False, use_resource=use_resource)
    train = tf.train.GradientDescentOptimizer(0.5).apply_gradients([(tf.constant([1.0, 1.0]), w)],
                                                                   global_step=global_step)
    assert (train.name, train.type) == ("GradientDescent",
                                        "AssignAddVariableOp" if use_resource else "AssignAdd")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train)
        assert tf.train.global_step(sess, global_step) == 3
        assert sess.run(w).tolist() == [-0.5, 0.5]


def test_constraint_projects_the_variable_after_each_update():
    w = tf.Variable([1.0, -2.0], name="w", constraint=lambda v: tf.clip_by_value(v, -1.0, 1.0))
    r = tf.Variable([1.0, -2.0], name="r", constraint=lambda v: tf.clip_by_value(v, -1.0, 1.0), use_resource=True)
    train = tf.train.GradientDescentOptimizer(1.0).apply_gradients(
        [(tf.constant([-0.5, 0.5]), w), (tf.constant([-0.5, 0.5]), r)])
    assert tf.get_default_graph().get_operation_by_name("GradientDescent/update_w/Assign").type == "Assign"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        assert sess.run(w).tolist() == [1.0, -1.0]
        assert sess.run(r).tolist() == [1.0, -1.0]


# Sparse gradients.
def _slices(values, indices, dense_shape):
    from tfvars.framework.indexed_slices import IndexedSlices
    return IndexedSlices(tf.constant(values), tf.constant(indices), tf.constant(dense_shape))


ROWS = np.array([[1.0, 2.0], [3.0, 4.0], [0.5, -1.0]], np.float32)
INDICES = [2, 0, 2]


def _summed_dense_grad():
    dense = np.zeros((3, 2), np.float32)
    np.add.at(dense, INDICES, ROWS)
    return dense


@pytest.mark.parametrize("use_resource", [False, True])
def test_sparse_gradient_descent_scatters(use_resource):
    start = np.arange(6, dtype=np.float32).reshape(3, 2)
    w = tf.Variable(start, name="w", use_resource=use_resource)
    train = tf.train.GradientDescentOptimizer(0.1).apply_gradients([(_slices(ROWS, INDICES, [3, 2]), w)])
    op_type = "ResourceScatterAdd" if use_resource else "ScatterSub"
    assert tf.get_default_graph().get_operation_by_name("GradientDescent/update_w/" + op_type).type == op_type
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        np.testing.assert_allclose(sess.run(w), start - 0.1 * _summed_dense_grad(), rtol=1e-6)


@pytest.mark.parametrize("use_resource", [False, True])
@pytest.mark.parametrize("case", ["Momentum", "Adagrad", "RMSProp", "Adadelta", "Ftrl"])
def test_sparse_updates_equal_dense_updates_on_the_touched_rows(case, use_resource):
    """Repeated indices are summed first, so the touched rows move as under the summed dense gradient."""
    make = CASES[case][0]
    start = np.arange(6, dtype=np.float32).reshape(3, 2) / 4
    sparse_w = tf.Variable(start, name="sparse", use_resource=use_resource)
    dense_w = tf.Variable(start, name="dense", use_resource=use_resource)
    sparse_step = make().apply_gradients([(_slices(ROWS, INDICES, [3, 2]), sparse_w)])
    dense_step = make().apply_gradients([(tf.constant(_summed_dense_grad()), dense_w)])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(2):
            sess.run([sparse_step, dense_step])
        sparse, dense = sess.run([sparse_w, dense_w])
    np.testing.assert_allclose(sparse[[0, 2]], dense[[0, 2]], rtol=1e-5)
    np.testing.assert_array_equal(sparse[1], start[1])


@pytest.mark.parametrize("use_resource", [False, True])
def test_sparse_adam_decays_all_moments_as_tf_1x_does(use_resource):
    start = np.arange(6, dtype=np.float32).reshape(3, 2) / 4
    w = tf.Variable(start, name="w", use_resource=use_resource)
    optimizer = tf.train.AdamOptimizer(0.1)
    train = optimizer.apply_gradients([(_slices(ROWS[:2], [2, 0], [3, 2]), w)])
    grad = np.zeros((3, 2))
    grad[[2, 0]] = ROWS[:2]
    m, v, var = np.zeros((3, 2)), np.zeros((3, 2)), start.astype(np.float64)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for t in (1, 2):
            sess.run(train)
            m = 0.9 * m + 0.1 * grad
            v = 0.999 * v + 0.001 * grad ** 2
            var = var - 0.1 * np.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t) * m / (np.sqrt(v) + 1e-8)
        np.testing.assert_allclose(sess.run(w), var, rtol=1e-5)
        np.testing.assert_allclose(sess.run(optimizer.get_slot(w, "m")), m, rtol=1e-5)


def test_constraint_on_a_sparse_update_is_refused():
    w = tf.Variable(np.zeros((3, 2), np.float32), name="w", constraint=lambda v: v)
    with pytest.raises(RuntimeError, match="^Cannot use a constraint function on a sparse variable.$"):
        tf.train.GradientDescentOptimizer(0.1).apply_gradients([(_slices(ROWS, INDICES, [3, 2]), w)])


# Errors and failed construction.
def test_argument_errors():
    w = tf.Variable([1.0, 2.0], name="w")
    with pytest.raises(ValueError, match="^Must specify the optimizer name$"):
        tf.train.Optimizer(False, "")
    optimizer = tf.train.GradientDescentOptimizer(0.1)
    with pytest.raises(ValueError, match="^No variables provided.$"):
        optimizer.apply_gradients([])
    with pytest.raises(ValueError, match=r"^No gradients provided for any variable: "
                                         r"\[\"<tf.Variable 'w:0' shape=\(2,\) dtype=float32_ref>\"\]\.$"):
        optimizer.apply_gradients([(None, w)])
    with pytest.raises(TypeError, match="^Gradient must be convertible to a Tensor or IndexedSlices, or None: "):
        optimizer.apply_gradients([(object(), w)])
    with pytest.raises(ValueError, match="^initial_accumulator_value must be positive: 0.0$"):
        tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.0)
    with pytest.raises(ValueError, match="^learning_rate_power 0.500000 needs to be negative or zero$"):
        tf.train.FtrlOptimizer(0.1, learning_rate_power=0.5)
    with pytest.raises(ValueError, match="^l1_regularization_strength -1.000000 needs to be positive or zero$"):
        tf.train.FtrlOptimizer(0.1, l1_regularization_strength=-1.0)


def test_a_failed_apply_leaves_no_trace_and_can_be_retried():
    w = tf.Variable([1.0, 2.0], name="w")
    graph = tf.get_default_graph()
    count = len(graph.get_operations())
    collections = {key: list(graph.get_collection(key)) for key in graph.get_all_collection_keys()}
    optimizer = tf.train.AdamOptimizer(0.1)
    wrong = tf.constant([1.0, 2.0, 3.0])
    count += 1
    with pytest.raises(ValueError, match="Dimension 0 in both shapes must be equal"):
        optimizer.apply_gradients([(wrong, w)])
    assert len(graph.get_operations()) == count
    assert {key: list(graph.get_collection(key)) for key in collections} == collections
    assert optimizer.variables() == [] and optimizer.get_slot(w, "m") is None
    optimizer.apply_gradients([(tf.constant([1.0, 2.0]), w)])
    assert [v.name for v in optimizer.variables()][:2] == ["beta1_power:0", "beta2_power:0"]


def test_a_failed_apply_leaves_the_slot_names_free():
    w = tf.Variable([1.0, 2.0], name="w")
    optimizer = tf.train.AdamOptimizer(0.1)
    with pytest.raises(ValueError):
        optimizer.apply_gradients([(tf.constant([1.0, 2.0, 3.0]), w)])
    optimizer.apply_gradients([(tf.constant([1.0, 2.0]), w)])
    assert optimizer.get_slot(w, "m").name == "w/Adam:0"


# Observers see optimizer steps.
def test_a_step_reaches_observers_with_the_variable_and_its_slots():
    w = tf.Variable([1.0, 2.0], name="w")
    train = tf.train.MomentumOptimizer(0.1, 0.9).apply_gradients([(tf.constant([1.0, 1.0]), w)])
    events = []

    def record(event):
        events.append(event)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.subscribe(record)
        sess.run(train)
    changed = [event for event in events if isinstance(event, observers.VariablesChanged)]
    assert len(changed) == 1
    by_name = {change.name: change for change in changed[0].changes}
    assert sorted(by_name) == ["w", "w/Momentum"]
    np.testing.assert_allclose(by_name["w"].new, [0.9, 1.9], rtol=1e-6)
    assert by_name["w"].old.tolist() == [1.0, 2.0]
    assert by_name["w/Momentum"].new.tolist() == [1.0, 1.0]


@pytest.mark.parametrize("use_resource", [False, True])
def test_constraint_projects_the_updated_value_for_both_kinds_of_variable(use_resource):
    # Values checked against TensorFlow: the projection applies to the value after each step.
    p = tf.get_variable("p", initializer=[0.2, 0.5, 0.9], use_resource=use_resource,
                        constraint=lambda v: tf.clip_by_value(v, 0., 1.))
    train = tf.train.GradientDescentOptimizer(0.3).minimize(-tf.reduce_sum(p * [1., -1., 2.]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        steps = []
        for _ in range(3):
            sess.run(train)
            steps.append(sess.run(p))
    np.testing.assert_allclose(steps, [[0.5, 0.2, 1.0], [0.8, 0.0, 1.0], [1.0, 0.0, 1.0]], atol=1e-6)
