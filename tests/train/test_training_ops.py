"""The update ops of tfvars.ops.training_ops: values against the same formulas in numpy, shapes, names, errors."""

import numpy as np
import pytest

import tfvars as tf
from tfvars.framework import errors
from tfvars.ops import training_ops

VAR = np.array([[1.0, -2.0], [0.5, 3.0], [-1.5, 0.25]], np.float32)
GRAD = np.array([[0.1, -0.3], [0.2, 0.05], [-0.4, 0.6]], np.float32)


def _run_update(build, state, use_resource):
    """Builds variables from `state` (a list of arrays), runs `build(refs_or_handles)` once; returns the new values."""
    variables = [tf.Variable(value, name="s%d" % i, use_resource=use_resource) for i, value in enumerate(state)]
    args = [v.handle for v in variables] if use_resource else variables
    op = build(args)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(op)
        return sess.run(variables)


def _dense_cases():
    lr, rho, mom, eps = np.float32(0.1), np.float32(0.9), np.float32(0.5), np.float32(1e-3)
    accum = np.full_like(VAR, 0.3)
    ms, mg = np.full_like(VAR, 0.4), np.full_like(VAR, 0.1)
    b1, b2, b1p, b2p = np.float32(0.9), np.float32(0.99), np.float32(0.81), np.float32(0.9801)
    ftrl_linear = np.full_like(VAR, 0.2)

    def ftrl(var, accum, linear, grad, shrunk, lr, l1, l2, power):
        new_accum = accum + grad ** 2
        linear = linear + shrunk - (new_accum ** power - accum ** power) / lr * var
        quadratic = new_accum ** power / lr + 2 * l2
        var = np.where(np.abs(linear) > l1, (l1 * np.sign(linear) - linear) / quadratic, 0)
        return [var, new_accum, linear]

    m_new = b1 * accum + (1 - b1) * GRAD
    v_new = b2 * ms + (1 - b2) * GRAD ** 2
    adam_alpha = lr * np.sqrt(1 - b2p) / (1 - b1p)
    ada_accum = rho * accum + (1 - rho) * GRAD ** 2
    ada_update = np.sqrt(ms + eps) / np.sqrt(ada_accum + eps) * GRAD
    return {
        "GradientDescent": (lambda s: training_ops.apply_gradient_descent(s[0], lr, GRAD),
                            lambda s: training_ops.resource_apply_gradient_descent(s[0], lr, GRAD),
                            [VAR], [VAR - lr * GRAD]),
        "Momentum": (lambda s: training_ops.apply_momentum(s[0], s[1], lr, GRAD, mom),
                     lambda s: training_ops.resource_apply_momentum(s[0], s[1], lr, GRAD, mom),
                     [VAR, accum], [VAR - lr * (accum * mom + GRAD), accum * mom + GRAD]),
        "Nesterov": (lambda s: training_ops.apply_momentum(s[0], s[1], lr, GRAD, mom, use_nesterov=True),
                     lambda s: training_ops.resource_apply_momentum(s[0], s[1], lr, GRAD, mom, use_nesterov=True),
                     [VAR, accum], [VAR - lr * (GRAD + mom * (accum * mom + GRAD)), accum * mom + GRAD]),
        "Adagrad": (lambda s: training_ops.apply_adagrad(s[0], s[1], lr, GRAD),
                    lambda s: training_ops.resource_apply_adagrad(s[0], s[1], lr, GRAD),
                    [VAR, accum], [VAR - lr * GRAD / np.sqrt(accum + GRAD ** 2), accum + GRAD ** 2]),
        "RMSProp": (lambda s: training_ops.apply_rms_prop(s[0], s[1], s[2], lr, rho, mom, eps, GRAD),
                    lambda s: training_ops.resource_apply_rms_prop(s[0], s[1], s[2], lr, rho, mom, eps, GRAD),
                    [VAR, ms, accum],
                    [VAR - (mom * accum + lr * GRAD / np.sqrt(rho * ms + (1 - rho) * GRAD ** 2 + eps)),
                     rho * ms + (1 - rho) * GRAD ** 2,
                     mom * accum + lr * GRAD / np.sqrt(rho * ms + (1 - rho) * GRAD ** 2 + eps)]),
        "CenteredRMSProp": (
            lambda s: training_ops.apply_centered_rms_prop(s[0], s[1], s[2], s[3], lr, rho, mom, eps, GRAD),
            lambda s: training_ops.resource_apply_centered_rms_prop(s[0], s[1], s[2], s[3], lr, rho, mom, eps, GRAD),
            [VAR, mg, ms, accum],
            _centered(VAR, mg, ms, accum, lr, rho, mom, eps, GRAD)),
        "Adam": (lambda s: training_ops.apply_adam(s[0], s[1], s[2], b1p, b2p, lr, b1, b2, eps, GRAD),
                 lambda s: training_ops.resource_apply_adam(s[0], s[1], s[2], b1p, b2p, lr, b1, b2, eps, GRAD),
                 [VAR, accum, ms], [VAR - adam_alpha * m_new / (np.sqrt(v_new) + eps), m_new, v_new]),
        "AdamNesterov": (
            lambda s: training_ops.apply_adam(s[0], s[1], s[2], b1p, b2p, lr, b1, b2, eps, GRAD, use_nesterov=True),
            lambda s: training_ops.resource_apply_adam(s[0], s[1], s[2], b1p, b2p, lr, b1, b2, eps, GRAD,
                                                       use_nesterov=True),
            [VAR, accum, ms],
            [VAR - adam_alpha * (GRAD * (1 - b1) + b1 * m_new) / (np.sqrt(v_new) + eps), m_new, v_new]),
        "Adadelta": (lambda s: training_ops.apply_adadelta(s[0], s[1], s[2], lr, rho, eps, GRAD),
                     lambda s: training_ops.resource_apply_adadelta(s[0], s[1], s[2], lr, rho, eps, GRAD),
                     [VAR, accum, ms],
                     [VAR - lr * ada_update, ada_accum, rho * ms + (1 - rho) * ada_update ** 2]),
        "Ftrl": (lambda s: training_ops.apply_ftrl(s[0], s[1], s[2], GRAD, lr, np.float32(0.05), np.float32(0.1),
                                                   np.float32(-0.5)),
                 lambda s: training_ops.resource_apply_ftrl(s[0], s[1], s[2], GRAD, lr, np.float32(0.05),
                                                            np.float32(0.1), np.float32(-0.5)),
                 [VAR, accum, ftrl_linear], ftrl(VAR, accum, ftrl_linear, GRAD, GRAD, lr, 0.05, 0.1, 0.5)),
        "FtrlPower": (lambda s: training_ops.apply_ftrl(s[0], s[1], s[2], GRAD, lr, np.float32(0.05),
                                                        np.float32(0.1), np.float32(-0.3)),
                      lambda s: training_ops.resource_apply_ftrl(s[0], s[1], s[2], GRAD, lr, np.float32(0.05),
                                                                 np.float32(0.1), np.float32(-0.3)),
                      [VAR, accum, ftrl_linear], ftrl(VAR, accum, ftrl_linear, GRAD, GRAD, lr, 0.05, 0.1, 0.3)),
        "FtrlV2": (lambda s: training_ops.apply_ftrl_v2(s[0], s[1], s[2], GRAD, lr, np.float32(0.05),
                                                        np.float32(0.1), np.float32(0.2), np.float32(-0.5)),
                   lambda s: training_ops.resource_apply_ftrl_v2(s[0], s[1], s[2], GRAD, lr, np.float32(0.05),
                                                                 np.float32(0.1), np.float32(0.2), np.float32(-0.5)),
                   [VAR, accum, ftrl_linear],
                   ftrl(VAR, accum, ftrl_linear, GRAD, GRAD + 2 * 0.2 * VAR, lr, 0.05, 0.1, 0.5)),
    }


def _centered(var, mg, ms, mom, lr, rho, momentum, eps, grad):
    ms = rho * ms + (1 - rho) * grad ** 2
    mg = rho * mg + (1 - rho) * grad
    mom = momentum * mom + lr * grad / np.sqrt(ms - mg ** 2 + eps)
    return [var - mom, mg, ms, mom]


DENSE = _dense_cases()


@pytest.mark.parametrize("use_resource", [False, True])
@pytest.mark.parametrize("algorithm", sorted(DENSE))
def test_dense_update_matches_numpy(algorithm, use_resource):
    ref_build, resource_build, state, expected = DENSE[algorithm]
    results = _run_update(resource_build if use_resource else ref_build, state, use_resource)
    for result, want in zip(results, expected):
        assert result.dtype == np.float32
        np.testing.assert_allclose(result, want, rtol=2e-5, atol=1e-6)


def test_ref_forms_return_the_variable_ref_and_resource_forms_the_op():
    v = tf.Variable(VAR, name="v")
    r = tf.Variable(VAR, name="r", use_resource=True)
    out = training_ops.apply_gradient_descent(v, 0.1, GRAD)
    op = training_ops.resource_apply_gradient_descent(r.handle, 0.1, GRAD)
    assert (out.name, out.op.type, out.dtype, out.shape.as_list()) == (
        "ApplyGradientDescent:0", "ApplyGradientDescent", tf.float32_ref, [3, 2])
    assert (op.name, op.type, op.outputs) == ("ResourceApplyGradientDescent", "ResourceApplyGradientDescent", [])
    assert [t.name for t in out.op.inputs] == ["v:0", "ApplyGradientDescent/alpha:0", "ApplyGradientDescent/delta:0"]
    assert out.op.get_attr("use_locking") is False


def _sparse_expectations(var, accum, rows, indices, lr, mom):
    var, accum = var.copy(), accum.copy()
    for row, index in zip(rows, indices):
        accum[index] = accum[index] * mom + row
        var[index] -= lr * accum[index]
    return var, accum


@pytest.mark.parametrize("use_resource", [False, True])
def test_sparse_momentum_updates_only_the_given_rows(use_resource):
    accum = np.full_like(VAR, 0.3)
    rows, indices = GRAD[:2], np.array([2, 0], np.int32)
    apply = training_ops.resource_sparse_apply_momentum if use_resource else training_ops.sparse_apply_momentum
    results = _run_update(lambda s: apply(s[0], s[1], np.float32(0.1), rows, indices, np.float32(0.5)),
                          [VAR, accum], use_resource)
    want = _sparse_expectations(VAR, accum, rows, indices, 0.1, 0.5)
    np.testing.assert_allclose(results[0], want[0], rtol=1e-6)
    np.testing.assert_allclose(results[1], want[1], rtol=1e-6)
    np.testing.assert_array_equal(results[0][1], VAR[1])


def test_sparse_kernel_applies_repeated_indices_one_at_a_time():
    accum = np.full_like(VAR, 0.3)
    rows, indices = GRAD, np.array([1, 1, 0], np.int64)
    results = _run_update(lambda s: training_ops.sparse_apply_momentum(s[0], s[1], np.float32(0.1), rows, indices,
                                                                       np.float32(0.5)), [VAR, accum], False)
    want = _sparse_expectations(VAR, accum, rows, indices, 0.1, 0.5)
    np.testing.assert_allclose(results[0], want[0], rtol=1e-6)


@pytest.mark.parametrize("op_type,build", [
    ("SparseApplyAdagrad", lambda s, g, i: training_ops.sparse_apply_adagrad(s[0], s[1], np.float32(0.1), g, i)),
    ("SparseApplyRMSProp", lambda s, g, i: training_ops.sparse_apply_rms_prop(
        s[0], s[1], s[2], np.float32(0.1), np.float32(0.9), np.float32(0.0), np.float32(1e-3), g, i)),
    ("SparseApplyAdadelta", lambda s, g, i: training_ops.sparse_apply_adadelta(
        s[0], s[1], s[2], np.float32(1.0), np.float32(0.9), np.float32(1e-3), g, i)),
    ("SparseApplyFtrl", lambda s, g, i: training_ops.sparse_apply_ftrl(
        s[0], s[1], s[2], g, i, np.float32(0.1), np.float32(0.0), np.float32(0.0), np.float32(-0.5))),
])
def test_sparse_forms_equal_the_dense_rule_on_the_rows(op_type, build):
    """Rows updated sparsely end as a dense update of those rows would leave them; other rows stay."""
    state = [VAR, np.full_like(VAR, 0.3), np.full_like(VAR, 0.2)]
    indices = np.array([0, 2], np.int32)
    sparse = _run_update(lambda s: build(s, GRAD[indices], indices), state, False)
    tf.reset_default_graph()
    dense_grad = np.zeros_like(GRAD)
    dense_grad[indices] = GRAD[indices]
    dense = _run_update(lambda s: build_dense(op_type, s, dense_grad), state, False)
    for got, want, start in zip(sparse, dense, state):
        np.testing.assert_allclose(got[indices], want[indices], rtol=1e-5)
        np.testing.assert_array_equal(got[1], start[1])


def build_dense(op_type, s, grad):
    lr = np.float32(1.0 if op_type == "SparseApplyAdadelta" else 0.1)
    return {
        "SparseApplyAdagrad": lambda: training_ops.apply_adagrad(s[0], s[1], lr, grad),
        "SparseApplyRMSProp": lambda: training_ops.apply_rms_prop(s[0], s[1], s[2], lr, np.float32(0.9),
                                                                  np.float32(0.0), np.float32(1e-3), grad),
        "SparseApplyAdadelta": lambda: training_ops.apply_adadelta(s[0], s[1], s[2], lr, np.float32(0.9),
                                                                   np.float32(1e-3), grad),
        "SparseApplyFtrl": lambda: training_ops.apply_ftrl(s[0], s[1], s[2], grad, lr, np.float32(0.0),
                                                           np.float32(0.0), np.float32(-0.5)),
    }[op_type]()


def test_shape_errors_are_worded_as_tf():
    v = tf.Variable([1.0, 2.0], name="w")
    a = tf.Variable([1.0, 2.0], name="a")
    before = len(tf.get_default_graph().get_operations())
    with pytest.raises(ValueError, match=r"^Shape must be rank 0 but is rank 1 for 'ApplyGradientDescent' "
                                         r"\(op: 'ApplyGradientDescent'\) with input shapes: \[2\], \[1\], \[2\]\.$"):
        training_ops.apply_gradient_descent(v, [0.1], [1.0, 1.0])
    with pytest.raises(ValueError, match=r"^Dimension 0 in both shapes must be equal, but are 2 and 3\. Shapes are "
                                         r"\[2\] and \[3\]\. for 'ApplyMomentum' \(op: 'ApplyMomentum'\) with input "
                                         r"shapes: \[2\], \[2\], \[\], \[3\], \[\]\.$"):
        training_ops.apply_momentum(v, a, 0.1, [1.0, 1.0, 3.0], 0.9)
    with pytest.raises(ValueError, match=r"^Shape must be rank 1 but is rank 2 for 'SparseApplyAdagrad'"):
        training_ops.sparse_apply_adagrad(v, a, 0.1, [1.0, 2.0], [[0]])
    assert len(tf.get_default_graph().get_operations()) == before


def test_runtime_errors():
    v = tf.Variable([1.0, 2.0], name="w")
    a = tf.Variable([1.0, 2.0], name="a")
    r = tf.Variable([1.0, 2.0], name="r", use_resource=True)
    ra = tf.Variable([1.0, 2.0], name="ra", use_resource=True)
    descent = training_ops.apply_gradient_descent(v, 0.1, [1.0, 1.0])
    sparse = training_ops.sparse_apply_adagrad(v, a, 0.1, [1.0], [5])
    resource_sparse = training_ops.resource_sparse_apply_adagrad(r.handle, ra.handle, 0.1, [1.0], [5])
    with tf.Session() as sess:
        with pytest.raises(errors.FailedPreconditionError, match="Attempting to use uninitialized value w"):
            sess.run(descent)
        with pytest.raises(errors.NotFoundError):
            sess.run(training_ops.resource_apply_gradient_descent(r.handle, 0.1, [1.0, 1.0]))
        sess.run(tf.global_variables_initializer())
        for op in (sparse, resource_sparse):
            with pytest.raises(errors.InvalidArgumentError, match="Index 5 at offset 0 in indices is out of range"):
                sess.run(op)


def test_update_rebinds_the_cell_value_so_observers_see_it():
    v = tf.Variable([1.0, 2.0], name="w")
    step = training_ops.apply_gradient_descent(v, 0.5, [1.0, 1.0])
    events = []
    with tf.Session() as sess:
        sess.run(v.initializer)
        callback = sess.subscribe(events.append)
        sess.run(step)
        changes = [e for e in events if type(e).__name__ == "VariablesChanged"]
        assert len(changes) == 1
        (change,) = changes[0].changes
        assert change.name == "w" and change.old.tolist() == [1.0, 2.0] and change.new.tolist() == [0.5, 1.5]
        del callback
