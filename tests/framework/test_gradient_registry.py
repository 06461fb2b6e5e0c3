"""RegisterGradient, NotDifferentiable and gradient_override_map: which gradient function an op gets."""

import pytest

import tfvars as tf
from tfvars.framework import gradient_registry


def _fresh_type(name):
    return "TestOnly%s%d" % (name, id(object()))


def test_registered_function_is_found_by_op_type():
    op_type = _fresh_type("Grad")

    @gradient_registry.RegisterGradient(op_type)
    def _grad(op, grad):
        return grad

    g = tf.get_default_graph()
    x = tf.constant(1.0)
    with g.gradient_override_map({"Square": op_type}):
        y = tf.square(x)
    assert y.op.get_attr("_gradient_op_type") == op_type.encode()
    assert gradient_registry.get_gradient_function(y.op) is _grad


def test_override_map_applies_only_inside_and_only_to_named_types():
    g = tf.get_default_graph()
    x = tf.constant(1.0)
    with g.gradient_override_map({"Square": "Other"}):
        inside_other = tf.negative(x)
    outside = tf.square(x)
    for op in (inside_other.op, outside.op):
        with pytest.raises(ValueError):
            op.get_attr("_gradient_op_type")


def test_override_is_exported_in_the_node_def():
    g = tf.get_default_graph()
    with g.gradient_override_map({"Square": "MyGrad"}):
        y = tf.square(tf.constant(1.0))
    assert 'key: "_gradient_op_type"' in str(y.op.node_def)
    assert 's: "MyGrad"' in str(y.op.node_def)


def test_registering_twice_raises_key_error():
    op_type = _fresh_type("Twice")
    gradient_registry.RegisterGradient(op_type)(lambda op, grad: grad)
    with pytest.raises(KeyError, match="Registering two gradient with name '%s'" % op_type):
        gradient_registry.RegisterGradient(op_type)(lambda op, grad: grad)


def test_not_differentiable_gives_none_and_missing_gives_lookup_error():
    op_type = _fresh_type("NoGrad")
    gradient_registry.NotDifferentiable(op_type)
    g = tf.get_default_graph()
    x = tf.constant(1.0)
    with g.gradient_override_map({"Square": op_type}):
        y = tf.square(x)
    assert gradient_registry.get_gradient_function(y.op) is None
    with g.gradient_override_map({"Square": _fresh_type("Missing")}):
        z = tf.square(x)
    with pytest.raises(LookupError, match=r"No gradient defined for operation 'Square_1' \(op type: TestOnlyMissing"):
        gradient_registry.get_gradient_function(z.op)


def test_ops_without_inputs_have_no_gradient_function():
    assert gradient_registry.get_gradient_function(tf.constant(1.0).op) is None


@pytest.mark.parametrize("bad", [["Square"], {"Square": 1}, {1: "x"}])
def test_override_map_rejects_non_string_maps(bad):
    with pytest.raises(TypeError, match="op_type_map must be a dictionary mapping strings to strings"):
        tf.get_default_graph().gradient_override_map(bad)
