"""`tf.estimator.ModeKeys` and `tf.estimator.EstimatorSpec`: what a model_fn is called with and returns."""

import collections

from tfvars.estimator.export.export_output import DEFAULT_SERVING_SIGNATURE_DEF_KEY, ExportOutput, PredictOutput
from tfvars.framework import graph as _graph
from tfvars.framework import tensor_shape
from tfvars.framework.operation import Operation
from tfvars.framework.tensor import Tensor
from tfvars.ops import array_ops
from tfvars.train.scaffold import Scaffold
from tfvars.train.session_run_hook import SessionRunHook
from tfvars.util import nest
from tfvars.variables import Variable

__all__ = ["EstimatorSpec", "ModeKeys"]


class ModeKeys:
    """The modes an Estimator calls its model_fn in."""

    TRAIN = "train"
    EVAL = "eval"
    PREDICT = "infer"


LOSS_METRIC_KEY = "loss"

_NOT_IN_DEFAULT_GRAPH = (
    '{0} with "{1}" must be from the default graph. Possible causes of this error include: \n\n'
    "1) {0} was created outside the context of the default graph.\n\n"
    '2) The object passed through to EstimatorSpec was not created in the most recent call to "model_fn".')


class EstimatorSpec(collections.namedtuple("EstimatorSpec", [
        "mode", "predictions", "loss", "train_op", "eval_metric_ops", "export_outputs", "training_chief_hooks",
        "training_hooks", "scaffold", "evaluation_hooks", "prediction_hooks"])):
    """What a model_fn returns: the ops of its mode, validated.

    TRAIN needs `loss` and `train_op`, EVAL needs `loss`, PREDICT needs `predictions`;
    anything else given is kept (and ignored by the Estimator in that mode).

    Args:
      mode: a ModeKeys value.
      predictions: a Tensor or a dict of Tensors.
      loss: a scalar (or [1]-shaped, reshaped to scalar) Tensor.
      train_op: the Operation or Tensor of one training step.
      eval_metric_ops: {name: (value tensor, update op)}, as `tf.metrics` functions return.
      export_outputs: {name: ExportOutput}; in PREDICT mode a PredictOutput of `predictions`
        is the default, under "serving_default".
      training_chief_hooks, training_hooks, evaluation_hooks, prediction_hooks: SessionRunHooks.
      scaffold: a tf.train.Scaffold (default: a new one).

    Raises:
      ValueError: for a missing required field, a non-scalar loss, or a tensor not in the default graph.
      TypeError: for a value of the wrong type.
    """

    def __new__(cls, mode, predictions=None, loss=None, train_op=None, eval_metric_ops=None, export_outputs=None,
                training_chief_hooks=None, training_hooks=None, scaffold=None, evaluation_hooks=None,
                prediction_hooks=None):
        train_op = _validate_train_op(train_op, mode)
        loss = _validate_loss(loss, mode)
        predictions = _validate_predictions(predictions, mode)
        if mode == ModeKeys.PREDICT:
            export_outputs = _get_export_outputs(export_outputs, predictions)
        return super().__new__(
            cls, mode=mode, predictions=predictions, loss=loss, train_op=train_op,
            eval_metric_ops=_validate_eval_metric_ops(eval_metric_ops), export_outputs=export_outputs,
            training_chief_hooks=_validate_hooks(training_chief_hooks),
            training_hooks=_validate_hooks(training_hooks), scaffold=_validate_scaffold(scaffold),
            evaluation_hooks=_validate_hooks(evaluation_hooks), prediction_hooks=_validate_hooks(prediction_hooks))

    def _replace(self, **kwds):
        """A new EstimatorSpec with some fields replaced (validated again).

        Raises:
          ValueError: if the mode changes.
        """
        if "mode" in kwds and self.mode != kwds["mode"]:
            raise ValueError("mode of EstimatorSpec cannot be changed.")
        return EstimatorSpec(*[kwds.pop(field, value) for field, value in zip(self._fields, self)])


def _is_tensor(x):
    return isinstance(x, (Tensor, Variable))


def _check_is_tensor(x, name):
    if not _is_tensor(x):
        raise TypeError("{} must be Tensor, given: {}".format(name, x))
    return x


def _check_is_tensor_or_operation(x, name):
    if not (isinstance(x, Operation) or _is_tensor(x)):
        raise TypeError("{} must be Operation or Tensor, given: {}".format(name, x))


def _check_in_default_graph(value, what, label):
    if value.graph is not _graph.get_default_graph():
        raise ValueError(_NOT_IN_DEFAULT_GRAPH.format(what, label))


def _validate_train_op(train_op, mode):
    if train_op is None:
        if mode == ModeKeys.TRAIN:
            raise ValueError("Missing train_op.")
        return None
    _check_is_tensor_or_operation(train_op, "train_op")
    _check_in_default_graph(train_op, "train_op", train_op.name)
    return train_op


def _validate_loss(loss, mode):
    if loss is None:
        if mode in (ModeKeys.TRAIN, ModeKeys.EVAL):
            raise ValueError("Missing loss.")
        return None
    loss = _check_is_tensor(loss, "loss")
    shape = loss.get_shape()
    if shape.num_elements() not in (None, 1):
        raise ValueError("Loss must be scalar, given: {}".format(loss))
    if not shape.is_compatible_with(tensor_shape.scalar()):
        loss = array_ops.reshape(loss, [])
    _check_in_default_graph(loss, "loss", loss.name)
    return loss


def _validate_predictions(predictions, mode):
    if predictions is None:
        if mode == ModeKeys.PREDICT:
            raise ValueError("Missing predictions.")
        return {}
    if isinstance(predictions, dict):
        predictions = {key: _check_is_tensor(value, "predictions[{}]".format(key))
                       for key, value in predictions.items()}
        for key, value in predictions.items():
            _check_in_default_graph(value, "prediction values", "{0}: {1}".format(key, value.name))
        return predictions
    predictions = _check_is_tensor(predictions, "predictions")
    _check_in_default_graph(predictions, "prediction values", predictions.name)
    return predictions


def _get_export_outputs(export_outputs, predictions):
    """`export_outputs`, or {"serving_default": PredictOutput(predictions)}; one is always "serving_default"."""
    if export_outputs is None:
        export_outputs = {DEFAULT_SERVING_SIGNATURE_DEF_KEY: PredictOutput(predictions)}
    if not isinstance(export_outputs, dict):
        raise TypeError("export_outputs must be dict, given: {}".format(export_outputs))
    for value in export_outputs.values():
        if not isinstance(value, ExportOutput):
            raise TypeError("Values in export_outputs must be ExportOutput objects. Given: {}".format(export_outputs))
    if len(export_outputs) == 1:
        (value,) = export_outputs.values()
        export_outputs.setdefault(DEFAULT_SERVING_SIGNATURE_DEF_KEY, value)
    elif DEFAULT_SERVING_SIGNATURE_DEF_KEY not in export_outputs:
        raise ValueError("Multiple export_outputs were provided, but none of them is specified as the default.  Do "
                         "this by naming one of them with signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY.")
    return export_outputs


def _validate_hooks(hooks):
    hooks = tuple(hooks or [])
    for hook in hooks:
        if not isinstance(hook, SessionRunHook):
            raise TypeError("All hooks must be SessionRunHook instances, given: {}".format(hook))
    return hooks


def _validate_eval_metric_ops(eval_metric_ops):
    if eval_metric_ops is None:
        return {}
    if not isinstance(eval_metric_ops, dict):
        raise TypeError("eval_metric_ops must be a dict, given: {}".format(eval_metric_ops))
    for key, value in eval_metric_ops.items():
        if not isinstance(value, tuple) or len(value) != 2:
            raise TypeError("Values of eval_metric_ops must be (metric_value, update_op) tuples, given: {} for key: "
                            "{}".format(value, key))
        metric_value, metric_update = value
        for member in nest.flatten(metric_value):
            _check_is_tensor_or_operation(member, "eval_metric_ops[{}]".format(key))
        _check_is_tensor_or_operation(metric_update, "eval_metric_ops[{}]".format(key))
    for key, value in eval_metric_ops.items():
        for member in nest.flatten(value):
            _check_in_default_graph(member, "eval_metric_ops", "{0}: {1}".format(key, member.name))
    return eval_metric_ops


def _validate_scaffold(scaffold):
    scaffold = scaffold or Scaffold()
    if not isinstance(scaffold, Scaffold):
        raise TypeError("scaffold must be tf.train.Scaffold. Given: {}".format(scaffold))
    return scaffold
