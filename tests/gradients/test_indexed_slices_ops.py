"""Ops meeting IndexedSlices as TF 1.x does: add_n, tuple, with_dependencies, and gather on a resource variable."""

import numpy as np

import tfvars as tf
from tfvars.ops import control_flow_ops


def slices():
    return tf.IndexedSlices(tf.constant([[1.0, 2.0]]), tf.constant([1]), tf.constant([2, 2]))


def test_add_n_of_one_indexed_slices_is_its_dense_tensor():
    total = tf.add_n([slices()])
    named = tf.add_n([slices()], name="total")
    assert isinstance(total, tf.Tensor) and total.op.type == "UnsortedSegmentSum"
    assert (named.op.name, named.op.type) == ("total", "Identity")
    with tf.Session() as sess:
        assert sess.run(total).tolist() == [[0.0, 0.0], [1.0, 2.0]]


def test_tuple_keeps_indexed_slices_gating_their_values():
    value = slices()
    gated, scalar = tf.tuple([value, tf.constant(1.0)])
    assert isinstance(gated, tf.IndexedSlices)
    assert gated.values.name == "tuple/control_dependency:0"
    assert gated.indices is value.indices and gated.dense_shape is value.dense_shape
    assert scalar.name == "tuple/control_dependency_1:0"
    assert [op.name for op in gated.values.op.control_inputs] == ["tuple/group_deps"]
    group = tf.get_default_graph().get_operation_by_name("tuple/group_deps")
    assert value.values.op in group.control_inputs


def test_with_dependencies_keeps_indexed_slices():
    value = slices()
    dependency = tf.no_op(name="first")
    result = control_flow_ops.with_dependencies([dependency], value)
    assert isinstance(result, tf.IndexedSlices)
    assert (result.values.op.name, result.values.op.type) == ("control_dependency", "Identity")
    assert result.values.op.control_inputs == [dependency]
    assert result.indices is value.indices


def test_gather_on_a_resource_variable_reads_sparsely():
    r = tf.get_variable("r", initializer=tf.constant([[1.0, 2.0], [3.0, 4.0]]), use_resource=True)
    rows = tf.gather(r, [1, 0])
    tf.gather(r, [1, 0], name="gg")
    graph = tf.get_default_graph()
    assert rows.op.type == "Identity" and rows.op.inputs[0].op.name == "Gather"
    assert graph.get_operation_by_name("Gather").type == "ResourceGather"
    assert graph.get_operation_by_name("gg").type == "ResourceGather"
    grad = tf.gradients(rows, r)[0]
    assert isinstance(grad, tf.IndexedSlices)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(rows).tolist() == [[3.0, 4.0], [1.0, 2.0]]
        value = sess.run(grad)
    assert value.indices.tolist() == [1, 0] and value.dense_shape.tolist() == [2, 2]


def test_gather_on_other_axes_and_ref_variables_builds_gather_v2():
    r = tf.get_variable("r", initializer=tf.constant([[1.0, 2.0], [3.0, 4.0]]), use_resource=True)
    v = tf.Variable(np.ones((2, 2), np.float32), name="v")
    assert tf.gather(r, [1], axis=1).op.type == "GatherV2"
    by_ref = tf.gather(v, [1])
    assert by_ref.op.type == "GatherV2" and by_ref.op.inputs[0].name == "v/read:0"
