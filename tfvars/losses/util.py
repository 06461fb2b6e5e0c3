"""The LOSSES collection and the totals of losses: add_loss, get_losses, get_total_loss..."""

from tfvars.framework import graph as _graph
from tfvars.framework.graph_keys import GraphKeys
from tfvars.ops import constant_op
from tfvars.ops import math_ops


def add_loss(loss, loss_collection=GraphKeys.LOSSES):
    """Adds `loss` to `loss_collection` (nothing if that is None or empty)."""
    if loss_collection:
        _graph.add_to_collection(loss_collection, loss)


def get_losses(scope=None, loss_collection=GraphKeys.LOSSES):
    """The losses in `loss_collection`, those whose names match `scope` if given."""
    return _graph.get_collection(loss_collection, scope)


def get_regularization_losses(scope=None):
    """The REGULARIZATION_LOSSES (variables' and layers' regularizers), matching `scope` if given."""
    return _graph.get_collection(GraphKeys.REGULARIZATION_LOSSES, scope)


def get_regularization_loss(scope=None, name="total_regularization_loss"):
    """The sum of the regularization losses (an AddN named `name`), or a constant 0.0 if there are none."""
    losses = get_regularization_losses(scope)
    if losses:
        return math_ops.add_n(losses, name=name)
    return constant_op.constant(0.0)


def get_total_loss(add_regularization_losses=True, name="total_loss", scope=None):
    """The sum (an AddN named `name`) of the LOSSES and, by default, the REGULARIZATION_LOSSES.

    Raises:
      ValueError: if there are no losses at all (from `tf.add_n`).
    """
    losses = get_losses(scope=scope)
    if add_regularization_losses:
        losses += get_regularization_losses(scope=scope)
    return math_ops.add_n(losses, name=name)
