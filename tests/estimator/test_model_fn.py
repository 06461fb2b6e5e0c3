"""EstimatorSpec's validation, ModeKeys and RunConfig (messages as TF 1.x words them)."""

import pytest

import tfvars as tf

ModeKeys = tf.estimator.ModeKeys


def test_mode_keys():
    assert (ModeKeys.TRAIN, ModeKeys.EVAL, ModeKeys.PREDICT) == ("train", "eval", "infer")


def test_required_fields_per_mode():
    loss = tf.constant(1.0)
    with pytest.raises(ValueError, match="Missing train_op."):
        tf.estimator.EstimatorSpec(ModeKeys.TRAIN, loss=loss)
    with pytest.raises(ValueError, match="Missing loss."):
        tf.estimator.EstimatorSpec(ModeKeys.EVAL)
    with pytest.raises(ValueError, match="Missing predictions."):
        tf.estimator.EstimatorSpec(ModeKeys.PREDICT)
    spec = tf.estimator.EstimatorSpec(ModeKeys.EVAL, loss=loss)
    assert spec.predictions == {} and spec.eval_metric_ops == {} and spec.training_hooks == ()
    assert isinstance(spec.scaffold, tf.train.Scaffold)


def test_loss_must_be_a_scalar_tensor():
    with pytest.raises(TypeError, match="loss must be Tensor, given: 1.0"):
        tf.estimator.EstimatorSpec(ModeKeys.EVAL, loss=1.0)
    with pytest.raises(ValueError, match="Loss must be scalar, given: "):
        tf.estimator.EstimatorSpec(ModeKeys.EVAL, loss=tf.zeros([2]))
    spec = tf.estimator.EstimatorSpec(ModeKeys.EVAL, loss=tf.zeros([1]))
    assert spec.loss.shape.ndims == 0 and spec.loss.op.type == "Reshape"


def test_tensors_must_be_in_the_default_graph():
    other = tf.Graph()
    with other.as_default():
        loss = tf.constant(1.0)
    with pytest.raises(ValueError, match='loss with "Const:0" must be from the default graph'):
        tf.estimator.EstimatorSpec(ModeKeys.EVAL, loss=loss)


def test_predictions_and_export_outputs():
    with pytest.raises(TypeError, match=r"predictions\[y\] must be Tensor, given: 3"):
        tf.estimator.EstimatorSpec(ModeKeys.PREDICT, predictions={"y": 3})
    y = tf.constant([1.0])
    spec = tf.estimator.EstimatorSpec(ModeKeys.PREDICT, predictions=y)
    assert list(spec.export_outputs) == ["serving_default"]
    assert spec.export_outputs["serving_default"].outputs == {"output": y}
    with pytest.raises(TypeError, match="Values in export_outputs must be ExportOutput objects."):
        tf.estimator.EstimatorSpec(ModeKeys.PREDICT, predictions=y, export_outputs={"a": y})


def test_train_op_hooks_metrics_and_scaffold_types():
    loss = tf.constant(1.0)
    with pytest.raises(TypeError, match="train_op must be Operation or Tensor, given: 1"):
        tf.estimator.EstimatorSpec(ModeKeys.TRAIN, loss=loss, train_op=1)
    with pytest.raises(TypeError, match="All hooks must be SessionRunHook instances, given: 1"):
        tf.estimator.EstimatorSpec(ModeKeys.EVAL, loss=loss, training_hooks=[1])
    with pytest.raises(TypeError, match="eval_metric_ops must be a dict, given: 1"):
        tf.estimator.EstimatorSpec(ModeKeys.EVAL, loss=loss, eval_metric_ops=1)
    with pytest.raises(TypeError, match="Values of eval_metric_ops must be \\(metric_value, update_op\\) tuples"):
        tf.estimator.EstimatorSpec(ModeKeys.EVAL, loss=loss, eval_metric_ops={"m": loss})
    with pytest.raises(TypeError, match="scaffold must be tf.train.Scaffold. Given: 1"):
        tf.estimator.EstimatorSpec(ModeKeys.EVAL, loss=loss, scaffold=1)
    spec = tf.estimator.EstimatorSpec(ModeKeys.EVAL, loss=loss, eval_metric_ops={"m": (loss, loss.op)})
    with pytest.raises(ValueError, match="mode of EstimatorSpec cannot be changed."):
        spec._replace(mode=ModeKeys.TRAIN)
    assert spec._replace(loss=tf.constant(2.0)).eval_metric_ops == {"m": (loss, loss.op)}


def test_run_config_defaults_and_intervals():
    config = tf.estimator.RunConfig()
    assert (config.save_checkpoints_secs, config.save_checkpoints_steps) == (600, None)
    assert (config.keep_checkpoint_max, config.log_step_count_steps, config.save_summary_steps) == (5, 100, 100)
    assert config.is_chief and config.master == "" and config.model_dir is None
    config = tf.estimator.RunConfig(save_checkpoints_steps=10)
    assert (config.save_checkpoints_secs, config.save_checkpoints_steps) == (None, 10)
    with pytest.raises(ValueError, match="`save_checkpoints_steps` and `save_checkpoints_secs` cannot be both set."):
        tf.estimator.RunConfig(save_checkpoints_steps=1, save_checkpoints_secs=1)
    with pytest.raises(ValueError, match="keep_checkpoint_max should be >= 0"):
        tf.estimator.RunConfig(keep_checkpoint_max=-1)
    assert config.replace(tf_random_seed=3).tf_random_seed == 3
    with pytest.raises(ValueError, match="Replacing is_chief is not supported."):
        config.replace(is_chief=False)
