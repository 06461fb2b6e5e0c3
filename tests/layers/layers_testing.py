"""What the layer tests share: graph listings, variable names and runs."""

import pytest

import tfvars as tf


def op_names():
    return [op.name for op in tf.get_default_graph().get_operations()]


def non_initializer_ops():
    """(name, type) of each op outside the variables' initializers, as the oracle listed them."""
    return [(op.name, op.type) for op in tf.get_default_graph().get_operations()
            if "/Initializer/" not in op.name]


def names(items):
    return [item.name for item in items]


def collection_names(key):
    return names(tf.get_collection(key))


def unchanged_after_failure(build, error, match=None):
    """Runs `build`, expecting `error`, and checks that the graph, its collections and its scopes are as they were."""
    graph = tf.get_default_graph()
    before = (op_names(), {key: list(graph.get_collection(key)) for key in graph.get_all_collection_keys()})
    with pytest.raises(error, match=match):
        build()
    after = (op_names(), {key: list(graph.get_collection(key)) for key in graph.get_all_collection_keys()})
    assert after == before


def run_initialized(fetches, feed_dict=None):
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        return session.run(fetches, feed_dict)
