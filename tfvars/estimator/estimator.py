"""`tf.estimator.Estimator`: trains, evaluates and predicts with a model_fn, keeping checkpoints in model_dir.

Each call builds a new graph and runs it in a MonitoredSession, which is where the
variables get initialised for you:

    train     new graph; global step; input_fn(); model_fn(TRAIN); a Saver; then a
              MonitoredTrainingSession restores the latest checkpoint of model_dir (or runs the
              init op) and runs train_op until the input ends or a StopAtStepHook (steps or
              max_steps) stops it, saving checkpoints (CheckpointSaverHook) on the way and at the end.
    evaluate  new graph; model_fn(EVAL); the metrics' update ops, plus a mean of the loss, run
              over the input after restoring the latest checkpoint; returns the metrics' values
              with "loss" and "global_step".
    predict   new graph; model_fn(PREDICT); restores the latest checkpoint and yields the
              predictions, one example at a time.

TF 1.x: no event files are written (there is no summary writer), and there are no
distribution strategies, exports or warm-starting from another model here.
"""

import copy
import inspect
import os
import tempfile

from tfvars.estimator import evaluation
from tfvars.estimator import model_fn as model_fn_lib
from tfvars.estimator.model_fn import ModeKeys
from tfvars.estimator.run_config import RunConfig
from tfvars.framework import errors
from tfvars.framework import graph as _graph
from tfvars.framework import random_seed
from tfvars.framework.graph_keys import GraphKeys
from tfvars.ops import control_flow_ops
from tfvars.platform import tf_logging as logging
from tfvars import metrics
from tfvars.train import basic_session_run_hooks as hooks_lib
from tfvars.train import checkpoint_management, checkpoint_utils, training_util
from tfvars.train.monitored_session import MonitoredSession, MonitoredTrainingSession
from tfvars.train.saver import Saver
from tfvars.train.scaffold import ChiefSessionCreator
from tfvars.train.session_run_hook import SessionRunHook

__all__ = ["Estimator"]


class Estimator:
    """Trains, evaluates and predicts with `model_fn`, saving and restoring checkpoints in `model_dir`.

    Args:
      model_fn: `model_fn(features, labels, mode, params, config)` returning an EstimatorSpec; it
        may leave out any argument but `features`.
      model_dir: the checkpoint directory (default: config.model_dir, else a new temporary
        directory, with a logged warning).
      config: a RunConfig.
      params: a dict handed to model_fn as `params`.
      warm_start_from: must be None here.

    Raises:
      ValueError: without model_fn or its `features` argument, for params that model_fn does not
        take, or for a model_dir that differs from config.model_dir.
    """

    def __init__(self, model_fn, model_dir=None, config=None, params=None, warm_start_from=None):
        if not model_fn:
            raise ValueError("model_fn must be provided to Estimator.")
        if warm_start_from is not None:
            raise ValueError("tfvars does not warm-start Estimators: warm_start_from must be None.")
        if config is not None and not isinstance(config, RunConfig):
            raise ValueError("config must be an instance of `RunConfig`, but provided %s." % (config,))
        _verify_model_fn_args(model_fn, params)
        self._config = _config_with_model_dir(config or RunConfig(), model_dir)
        self._model_dir = self._config.model_dir
        self._session_config = self._config.session_config
        logging.info("Using config: %s", self._config)
        self._device_fn = self._config.device_fn
        self._model_fn = model_fn
        self._params = copy.deepcopy(params or {})

    @property
    def model_dir(self):
        return self._model_dir

    @property
    def config(self):
        return copy.deepcopy(self._config)

    @property
    def params(self):
        return copy.deepcopy(self._params)

    @property
    def model_fn(self):
        """The model_fn, called with the arguments it takes."""
        def public_model_fn(features, labels, mode, config):
            return self._call_model_fn(features, labels, mode, config)
        return public_model_fn

    # Checkpoints.
    def latest_checkpoint(self):
        """The prefix of the newest checkpoint in model_dir, or None."""
        return checkpoint_management.latest_checkpoint(self.model_dir)

    def get_variable_names(self):
        """The names of the variables in the latest checkpoint.

        Raises:
          ValueError: if model_dir has no checkpoint.
        """
        _check_checkpoint_available(self.model_dir)
        return [name for name, _ in checkpoint_utils.list_variables(self.model_dir)]

    def get_variable_value(self, name):
        """The value of variable `name` in the latest checkpoint, as a numpy array.

        Raises:
          ValueError: if model_dir has no checkpoint.
        """
        _check_checkpoint_available(self.model_dir)
        return checkpoint_utils.load_variable(self.model_dir, name)

    def eval_dir(self, name=None):
        """The directory TF would write evaluation events to: model_dir/eval (or eval_<name>)."""
        return os.path.join(self._model_dir, "eval" if not name else "eval_" + name)

    # Training.
    def train(self, input_fn, hooks=None, steps=None, max_steps=None, saving_listeners=None):
        """Trains until the input ends, `steps` more steps, or global step `max_steps`; returns self.

        Raises:
          ValueError: for both steps and max_steps, a count <= 0, or saving_listeners without
            checkpoint saving.
        """
        if steps is not None and max_steps is not None:
            raise ValueError("Can not provide both steps and max_steps.")
        if steps is not None and steps <= 0:
            raise ValueError("Must specify steps > 0, given: {}".format(steps))
        if max_steps is not None and max_steps <= 0:
            raise ValueError("Must specify max_steps > 0, given: {}".format(max_steps))
        if max_steps is not None and max_steps <= _load_global_step_from_checkpoint_dir(self._model_dir):
            logging.info("Skipping training since max_steps has already saved.")
            return self
        hooks = _check_hooks_type(hooks)
        if steps is not None or max_steps is not None:
            hooks.append(hooks_lib.StopAtStepHook(steps, max_steps))
        loss = self._train_model(input_fn, hooks, _check_listeners_type(saving_listeners))
        logging.info("Loss for final step: %s.", loss)
        return self

    def _train_model(self, input_fn, hooks, saving_listeners):
        with _graph.Graph().as_default() as graph, graph.device(self._device_fn):
            random_seed.set_random_seed(self._config.tf_random_seed)
            self._create_and_assert_global_step(graph)
            hooks_lib.get_or_create_global_step_read(graph)
            features, labels = self._get_features_and_labels_from_input_fn(input_fn, ModeKeys.TRAIN)
            spec = self._call_model_fn(features, labels, ModeKeys.TRAIN, self._config)
            return self._train_with_estimator_spec(spec, hooks, training_util.get_global_step(graph),
                                                   saving_listeners)

    def _train_with_estimator_spec(self, spec, hooks, global_step_tensor, saving_listeners):
        _graph.add_to_collection(GraphKeys.LOSSES, spec.loss)
        worker_hooks = list(hooks) + [hooks_lib.NanTensorHook(spec.loss)]
        if self._config.log_step_count_steps is not None:
            worker_hooks.append(hooks_lib.LoggingTensorHook({"loss": spec.loss, "step": global_step_tensor},
                                                            every_n_iter=self._config.log_step_count_steps))
        worker_hooks.extend(spec.training_hooks)
        if not (spec.scaffold.saver or _graph.get_collection(GraphKeys.SAVERS)):
            _graph.add_to_collection(GraphKeys.SAVERS, Saver(
                sharded=True, max_to_keep=self._config.keep_checkpoint_max,
                keep_checkpoint_every_n_hours=self._config.keep_checkpoint_every_n_hours, defer_build=True,
                save_relative_paths=True))
        chief_hooks = self._checkpoint_saver_hooks(spec, worker_hooks, saving_listeners)
        with MonitoredTrainingSession(
                master=self._config.master, is_chief=self._config.is_chief, checkpoint_dir=self._model_dir,
                scaffold=spec.scaffold, hooks=worker_hooks,
                chief_only_hooks=tuple(chief_hooks) + tuple(spec.training_chief_hooks),
                save_checkpoint_secs=0,  # the CheckpointSaverHook above saves
                save_summaries_steps=self._config.save_summary_steps, config=self._session_config,
                max_wait_secs=self._config.session_creation_timeout_secs,
                log_step_count_steps=self._config.log_step_count_steps) as session:
            loss, steps_run = None, 0
            while not session.should_stop():
                steps_run += 1
                _, loss = session.run([spec.train_op, spec.loss])
        if steps_run == 0:
            logging.warning("Training with estimator made no steps. Perhaps input is empty or misspecified.")
        return loss

    def _checkpoint_saver_hooks(self, spec, worker_hooks, saving_listeners):
        """The CheckpointSaverHook to add (none if a hook saves already), with `saving_listeners` joined."""
        saver_hooks = [hook for hook in worker_hooks + list(spec.training_chief_hooks)
                       if isinstance(hook, hooks_lib.CheckpointSaverHook)]
        chief_hooks = []
        if (self._config.save_checkpoints_secs or self._config.save_checkpoints_steps) and not saver_hooks:
            chief_hooks = [hooks_lib.CheckpointSaverHook(
                self._model_dir, save_secs=self._config.save_checkpoints_secs,
                save_steps=self._config.save_checkpoints_steps, scaffold=spec.scaffold)]
            saver_hooks = chief_hooks
        if saving_listeners:
            if not saver_hooks:
                raise ValueError("There should be a CheckpointSaverHook to use saving_listeners. Please set one of "
                                 "the RunConfig.save_checkpoints_steps or RunConfig.save_checkpoints_secs.")
            for listener in saving_listeners:
                if listener not in saver_hooks[0]._listeners:
                    saver_hooks[0]._listeners.append(listener)
        return chief_hooks

    # Evaluation.
    def evaluate(self, input_fn, steps=None, hooks=None, checkpoint_path=None, name=None):
        """Runs the metrics over the input (or `steps` batches); returns {name: value, "loss", "global_step"}.

        Restores `checkpoint_path` (default: the latest in model_dir; without one the
        variables are initialised, with a logged note). "loss" is the mean of the loss over
        the batches.

        Raises:
          ValueError: for steps <= 0, or a metric named "loss" or "global_step".
        """
        hooks = _check_hooks_type(hooks)
        if steps is not None:
            if steps <= 0:
                raise ValueError("Must specify steps > 0, given: {}".format(steps))
            hooks.append(evaluation.StopAfterNEvalsHook(num_evals=steps))
        if not checkpoint_path:
            checkpoint_path = self.latest_checkpoint()
            if not checkpoint_path:
                logging.info("Could not find trained model in model_dir: {}, running initialization to evaluate."
                             .format(self._model_dir))
        with _graph.Graph().as_default():
            scaffold, update_op, eval_dict, all_hooks = self._evaluate_build_graph(input_fn, hooks)
            results = evaluation.evaluate_once(checkpoint_path, self._config.evaluation_master, scaffold, update_op,
                                               eval_dict, all_hooks, self._session_config)
        evaluation.log_results(results)
        return results

    def _evaluate_build_graph(self, input_fn, hooks):
        graph = _graph.get_default_graph()
        random_seed.set_random_seed(self._config.tf_random_seed)
        self._create_and_assert_global_step(graph)
        features, labels = self._get_features_and_labels_from_input_fn(input_fn, ModeKeys.EVAL)
        spec = self._call_model_fn(features, labels, ModeKeys.EVAL, self._config)
        if model_fn_lib.LOSS_METRIC_KEY in spec.eval_metric_ops:
            raise ValueError('Metric with name "%s" is not allowed, because Estimator already defines a default '
                             "metric with the same name." % model_fn_lib.LOSS_METRIC_KEY)
        eval_metric_ops = dict(spec.eval_metric_ops, **{model_fn_lib.LOSS_METRIC_KEY: metrics.mean(spec.loss)})
        # Sorted by name, so that the graph is the same every time.
        update_op = control_flow_ops.group(*[eval_metric_ops[key][1] for key in sorted(eval_metric_ops)])
        eval_dict = {key: eval_metric_ops[key][0] for key in sorted(eval_metric_ops)}
        if GraphKeys.GLOBAL_STEP in eval_dict:
            raise ValueError("Metric with name `global_step` is not allowed, because Estimator already defines a "
                             "default metric with the same name.")
        eval_dict[GraphKeys.GLOBAL_STEP] = training_util.get_global_step(graph)
        return spec.scaffold, update_op, eval_dict, hooks + list(spec.evaluation_hooks)

    # Prediction.
    def predict(self, input_fn, predict_keys=None, hooks=None, checkpoint_path=None, yield_single_examples=True):
        """Yields the predictions for the input: one example at a time (a dict for dict predictions).

        With `yield_single_examples=False`, yields whole batches. Restores `checkpoint_path`
        (default: the latest in model_dir; without one the variables are initialised).

        Raises:
          ValueError: for predict_keys with non-dict predictions or matching none of them, or
            dict predictions of different batch lengths.
        """
        hooks = _check_hooks_type(hooks)
        if not checkpoint_path:
            checkpoint_path = self.latest_checkpoint()
        if not checkpoint_path:
            logging.info("Could not find trained model in model_dir: {}, running initialization to predict."
                         .format(self._model_dir))
        with _graph.Graph().as_default() as graph:
            random_seed.set_random_seed(self._config.tf_random_seed)
            self._create_and_assert_global_step(graph)
            features, _ = _parse_input_fn_result(self._call_input_fn(input_fn, ModeKeys.PREDICT))
            if not graph.get_collection(GraphKeys.QUEUE_RUNNERS) and not _has_input_op(graph):
                logging.warning("Input graph does not use tf.data.Dataset or contain a QueueRunner. That means "
                                "predict yields forever. This is probably a mistake.")
            spec = self._call_model_fn(features, None, ModeKeys.PREDICT, self._config)
            predictions = _extract_keys(spec.predictions, predict_keys)
            session_creator = ChiefSessionCreator(checkpoint_filename_with_path=checkpoint_path,
                                                  master=self._config.master, scaffold=spec.scaffold,
                                                  config=self._session_config)
            with MonitoredSession(session_creator=session_creator,
                                  hooks=hooks + list(spec.prediction_hooks)) as session:
                while not session.should_stop():
                    yield from _examples(session.run(predictions), isinstance(predictions, dict),
                                         yield_single_examples)

    # Calling input_fn and model_fn.
    def _create_and_assert_global_step(self, graph):
        step = training_util.create_global_step(graph)
        assert step is training_util.get_global_step(graph)
        assert step.dtype.is_integer
        return step

    def _call_input_fn(self, input_fn, mode):
        """input_fn(), given `mode`, `params` and `config` if it takes them, with its ops on the CPU."""
        arguments = _fn_args(input_fn)
        kwargs = {}
        if "mode" in arguments:
            kwargs["mode"] = mode
        if "params" in arguments:
            kwargs["params"] = self.params
        if "config" in arguments:
            kwargs["config"] = self.config
        with _graph.device("/cpu:0"):
            return input_fn(**kwargs)

    def _get_features_and_labels_from_input_fn(self, input_fn, mode):
        return _parse_input_fn_result(self._call_input_fn(input_fn, mode))

    def _call_model_fn(self, features, labels, mode, config):
        """model_fn(features, ...) with the arguments it takes.

        Raises:
          ValueError: if model_fn takes no labels but there are some, or returns no EstimatorSpec.
        """
        arguments = _fn_args(self._model_fn)
        kwargs = {}
        if "labels" in arguments:
            kwargs["labels"] = labels
        elif labels is not None:
            raise ValueError("model_fn does not take labels, but input_fn returns labels.")
        if "mode" in arguments:
            kwargs["mode"] = mode
        if "params" in arguments:
            kwargs["params"] = self.params
        if "config" in arguments:
            kwargs["config"] = config
        logging.info("Calling model_fn.")
        spec = self._model_fn(features=features, **kwargs)
        logging.info("Done calling model_fn.")
        if not isinstance(spec, model_fn_lib.EstimatorSpec):
            raise ValueError("model_fn should return an EstimatorSpec.")
        return spec


def _fn_args(fn):
    """The names of `fn`'s arguments (without `self`)."""
    return tuple(inspect.signature(fn).parameters)


def _verify_model_fn_args(model_fn, params):
    arguments = set(_fn_args(model_fn))
    if "features" not in arguments:
        raise ValueError("model_fn (%s) must include features argument." % model_fn)
    if params is not None and "params" not in arguments:
        raise ValueError("model_fn (%s) does not include params argument, but params (%s) are passed to Estimator."
                         % (model_fn, params))


def _config_with_model_dir(config, model_dir):
    """`config` with the model_dir to use: the one given, config's, or a new temporary directory.

    Raises:
      ValueError: if `model_dir` and config.model_dir are both set and differ.
    """
    if model_dir is not None and config.model_dir is not None and model_dir != config.model_dir:
        raise ValueError("`model_dir` are set both in constructor and `RunConfig`, but with different values. In "
                         "constructor: '{}', in `RunConfig`: '{}' ".format(model_dir, config.model_dir))
    model_dir = model_dir or config.model_dir
    if model_dir is None:
        model_dir = tempfile.mkdtemp()
        logging.warning("Using temporary folder as model directory: %s", model_dir)
    return config.replace(model_dir=model_dir)


def _check_hooks_type(hooks):
    hooks = list(hooks or [])
    for hook in hooks:
        if not isinstance(hook, SessionRunHook):
            raise TypeError("Hooks must be a SessionRunHook, given: {}".format(hook))
    return hooks


def _check_listeners_type(saving_listeners):
    listeners = list(saving_listeners or [])
    for listener in listeners:
        if not isinstance(listener, hooks_lib.CheckpointSaverListener):
            raise TypeError("saving_listeners must be a list of CheckpointSaverListener, given: {}".format(listener))
    return listeners


def _check_checkpoint_available(model_dir):
    if not checkpoint_management.latest_checkpoint(model_dir):
        raise ValueError("Could not find trained model in model_dir: {}.".format(model_dir))


def _load_global_step_from_checkpoint_dir(checkpoint_dir):
    """The global step saved in the latest checkpoint of `checkpoint_dir`, or 0."""
    path = checkpoint_management.latest_checkpoint(checkpoint_dir)
    if not path:
        return 0
    try:
        return int(checkpoint_utils.NewCheckpointReader(path).get_tensor(GraphKeys.GLOBAL_STEP))
    except (errors.OpError, KeyError, ValueError):
        return 0


def _parse_input_fn_result(result):
    """(features, labels) from what input_fn returned: a (features, labels) pair, or the features alone.

    Raises:
      ValueError: for a tuple or list of another length.
    """
    if isinstance(result, (list, tuple)):
        if len(result) != 2:
            raise ValueError("input_fn should return (features, labels) as a len 2 tuple.")
        return result[0], result[1]
    return result, None


def _has_input_op(graph):
    """Whether the graph reads its input through an op that ends it (numpy_input_fn's), as a queue would."""
    return any(op.type == "NumpyInputBatch" for op in graph.get_operations())


def _extract_keys(predictions, predict_keys):
    if not predict_keys:
        return predictions
    if not isinstance(predictions, dict):
        raise ValueError("predict_keys argument is not valid in case of non-dict predictions.")
    existing_keys = predictions.keys()
    predictions = {key: value for key, value in predictions.items() if key in predict_keys}
    if not predictions:
        raise ValueError("Expected to run at least one output from %s, provided %s." % (existing_keys, predict_keys))
    return predictions


def _examples(batch, is_dict, yield_single_examples):
    """The examples of one batch of predictions (or the batch itself)."""
    if not yield_single_examples:
        return [batch]
    if not is_dict:
        return list(batch)
    batch_length = None
    for key, value in batch.items():
        batch_length = batch_length or value.shape[0]
        if value.shape[0] != batch_length:
            raise ValueError("Batch length of predictions should be same. %s has different batch length than "
                             "others." % key)
    return [{key: value[i] for key, value in batch.items()} for i in range(batch_length)]
