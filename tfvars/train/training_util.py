"""The global step: the int64 variable "global_step" that counts training steps, in the GLOBAL_STEP collection."""

import logging

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.framework.graph_keys import GraphKeys
from tfvars.framework.tensor import Tensor
from tfvars import initializers
from tfvars.ops import variable_scope
from tfvars.variables import Variable, VariableAggregation

__all__ = ["assert_global_step", "create_global_step", "get_global_step", "get_or_create_global_step",
           "global_step"]


def global_step(sess, global_step_tensor):
    """The global step's value in `sess`, as a Python int.

    >>> import tfvars as tf
    >>> step = tf.train.get_or_create_global_step()
    >>> with tf.Session() as sess:
    ...     _ = sess.run(step.initializer)
    ...     tf.train.global_step(sess, step)
    0
    """
    return int(sess.run(global_step_tensor))


def get_global_step(graph=None):
    """The global step of `graph` (default: the default graph): the one in GLOBAL_STEP, else "global_step:0".

    Returns None if there is none, or (with an error logged) several in GLOBAL_STEP.

    Raises:
      TypeError: if what is found is not an integer scalar Variable or Tensor.
    """
    graph = graph or _graph.get_default_graph()
    found = graph.get_collection(GraphKeys.GLOBAL_STEP)
    if len(found) == 1:
        global_step_tensor = found[0]
    elif not found:
        try:
            global_step_tensor = graph.get_tensor_by_name("global_step:0")
        except KeyError:
            return None
    else:
        logging.getLogger("tensorflow").error("Multiple tensors in global_step collection.")
        return None
    assert_global_step(global_step_tensor)
    return global_step_tensor


def create_global_step(graph=None):
    """Creates the global step in `graph`: get_variable("global_step", [], int64, zeros), not trainable.

    It joins GLOBAL_VARIABLES and GLOBAL_STEP; it is made outside any name
    scope, but inside the current variable scope, as TF 1.x makes it.

    Raises:
      ValueError: if the graph has a global step already.
    """
    graph = graph or _graph.get_default_graph()
    if get_global_step(graph) is not None:
        raise ValueError('"global_step" already exists.')
    with graph.as_default(), graph.name_scope(None):
        return variable_scope.get_variable(
            GraphKeys.GLOBAL_STEP, shape=[], dtype=_dtypes.int64, initializer=initializers.zeros_initializer(),
            trainable=False, aggregation=VariableAggregation.ONLY_FIRST_REPLICA,
            collections=[GraphKeys.GLOBAL_VARIABLES, GraphKeys.GLOBAL_STEP])


def get_or_create_global_step(graph=None):
    """The global step of `graph`, created if there is none."""
    graph = graph or _graph.get_default_graph()
    global_step_tensor = get_global_step(graph)
    if global_step_tensor is None:
        global_step_tensor = create_global_step(graph)
    return global_step_tensor


def assert_global_step(global_step_tensor):
    """Raises TypeError unless `global_step_tensor` is an integer scalar Variable or Tensor."""
    if not isinstance(global_step_tensor, (Variable, Tensor)):
        raise TypeError('Existing "global_step" must be a Variable or Tensor: %s.' % global_step_tensor)
    if not global_step_tensor.dtype.base_dtype.is_integer:
        raise TypeError('Existing "global_step" does not have integer type: %s' % global_step_tensor.dtype)
    shape = global_step_tensor.shape
    if shape.ndims != 0 and shape.is_fully_defined():
        raise TypeError('Existing "global_step" is not scalar: %s' % shape)
