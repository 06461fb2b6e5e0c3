"""tf.estimator.Estimator on a tiny linear regression fed by numpy_input_fn: train, evaluate, predict, resume."""

import logging
import os

import numpy as np
import pytest

import tfvars as tf

X = np.linspace(0.0, 1.0, 40, dtype=np.float32).reshape(-1, 1)
Y = 3.0 * X + 1.0


def model_fn(features, labels, mode, params):
    w = tf.get_variable("w", [1, 1], initializer=tf.zeros_initializer())
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
    predictions = tf.matmul(features["x"], w) + b
    if mode == tf.estimator.ModeKeys.PREDICT:
        return tf.estimator.EstimatorSpec(mode, predictions={"y": predictions, "twice": 2.0 * predictions})
    loss = tf.reduce_mean(tf.square(predictions - labels))
    train_op = tf.train.GradientDescentOptimizer(params["learning_rate"]).minimize(
        loss, global_step=tf.train.get_global_step())
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op,
                                      eval_metric_ops={"mae": tf.metrics.mean_absolute_error(labels, predictions)})


def train_input(num_epochs=5):
    return tf.estimator.inputs.numpy_input_fn({"x": X}, Y, batch_size=8, num_epochs=num_epochs, shuffle=True)


def eval_input():
    return tf.estimator.inputs.numpy_input_fn({"x": X}, Y, batch_size=8, shuffle=False)


@pytest.fixture
def estimator(tmp_path):
    config = tf.estimator.RunConfig(tf_random_seed=1, log_step_count_steps=10)
    return tf.estimator.Estimator(model_fn, model_dir=str(tmp_path), config=config, params={"learning_rate": 0.5})


@pytest.fixture
def tf_log(caplog):
    logger = logging.getLogger("tfvars")
    level = logger.level
    logger.addHandler(caplog.handler)
    logger.setLevel(logging.INFO)
    yield caplog
    logger.removeHandler(caplog.handler)
    logger.setLevel(level)


def test_train_evaluate_predict(estimator, tf_log):
    before = estimator.evaluate(eval_input())  # no checkpoint yet: the variables are initialised
    assert before["global_step"] == 0
    assert estimator.train(train_input()) is estimator
    # 40 rows, 5 epochs, batches of 8: the input ends after 25 steps, saved at the end.
    assert estimator.latest_checkpoint() == os.path.join(estimator.model_dir, "model.ckpt-25")
    assert sorted(f for f in os.listdir(estimator.model_dir) if f.endswith(".index")) == [
        "model.ckpt-0.index", "model.ckpt-25.index"]
    after = estimator.evaluate(eval_input())
    assert sorted(after) == ["global_step", "loss", "mae"] and after["global_step"] == 25
    assert after["loss"] < before["loss"] / 10
    logged = [record.getMessage() for record in tf_log.records]
    assert any(m.startswith("loss = ") and ", step = 1" in m for m in logged)
    assert "Saving checkpoints for 25 into %s." % os.path.join(estimator.model_dir, "model.ckpt") in logged
    predictions = list(estimator.predict(tf.estimator.inputs.numpy_input_fn({"x": X[:3]}, shuffle=False)))
    assert len(predictions) == 3 and sorted(predictions[0]) == ["twice", "y"]
    np.testing.assert_allclose([p["y"][0] for p in predictions], Y[:3, 0], atol=0.3)
    w = estimator.get_variable_value("w")
    assert estimator.get_variable_names() == ["b", "global_step", "w"] and w.shape == (1, 1)


def test_training_resumes_from_the_checkpoint(estimator):
    estimator.train(train_input(num_epochs=None), steps=4)
    assert estimator.get_variable_value("global_step") == 4
    estimator.train(train_input(num_epochs=None), steps=3)
    assert estimator.get_variable_value("global_step") == 7
    estimator.train(train_input(num_epochs=None), max_steps=9)
    assert estimator.get_variable_value("global_step") == 9
    estimator.train(train_input(num_epochs=None), max_steps=5)  # already past: skipped
    assert estimator.get_variable_value("global_step") == 9


def test_evaluate_steps_and_predict_options(estimator):
    estimator.train(train_input(), steps=2)
    assert estimator.evaluate(eval_input(), steps=2)["global_step"] == 2
    batches = list(estimator.predict(eval_input(), predict_keys=["y"], yield_single_examples=False))
    assert [sorted(b) for b in batches] == [["y"]] * 5 and batches[0]["y"].shape == (8, 1)
    with pytest.raises(ValueError, match="Expected to run at least one output from"):
        next(estimator.predict(eval_input(), predict_keys=["nothing"]))


def test_argument_errors(estimator, tmp_path):
    with pytest.raises(ValueError, match="Can not provide both steps and max_steps."):
        estimator.train(train_input(), steps=1, max_steps=1)
    with pytest.raises(ValueError, match="Must specify steps > 0, given: 0"):
        estimator.train(train_input(), steps=0)
    with pytest.raises(ValueError, match="Must specify steps > 0, given: -1"):
        estimator.evaluate(eval_input(), steps=-1)
    with pytest.raises(ValueError, match="Could not find trained model in model_dir"):
        estimator.get_variable_names()
    with pytest.raises(ValueError, match="must include features argument"):
        tf.estimator.Estimator(lambda x, mode: None)
    with pytest.raises(ValueError, match="does not include params argument, but params"):
        tf.estimator.Estimator(lambda features: None, params={"a": 1})
    with pytest.raises(ValueError, match="`model_dir` are set both in constructor and `RunConfig`"):
        tf.estimator.Estimator(model_fn, model_dir="a", config=tf.estimator.RunConfig(model_dir="b"))


def test_model_fn_must_return_a_spec_and_take_labels(tmp_path):
    bad = tf.estimator.Estimator(lambda features, labels: None, model_dir=str(tmp_path))
    with pytest.raises(ValueError, match="model_fn should return an EstimatorSpec."):
        bad.train(train_input(), steps=1)
    no_labels = tf.estimator.Estimator(lambda features: None, model_dir=str(tmp_path))
    with pytest.raises(ValueError, match="model_fn does not take labels, but input_fn returns labels."):
        no_labels.train(train_input(), steps=1)


def test_a_temporary_model_dir_is_made_with_a_warning(tf_log):
    estimator = tf.estimator.Estimator(model_fn, params={"learning_rate": 0.1})
    assert os.path.isdir(estimator.model_dir)
    assert "Using temporary folder as model directory: %s" % estimator.model_dir in [
        record.getMessage() for record in tf_log.records]


def test_saving_listeners_and_a_metric_named_loss(estimator):
    saved = []

    class Listener(tf.train.CheckpointSaverListener):
        def after_save(self, session, global_step_value):
            saved.append(int(global_step_value))
    estimator.train(train_input(), steps=2, saving_listeners=[Listener()])
    assert saved == [0, 2]

    def loss_metric_fn(features, labels, mode):
        loss = tf.reduce_mean(labels) + 0 * tf.get_variable("w", [])
        return tf.estimator.EstimatorSpec(mode, loss=loss, eval_metric_ops={"loss": tf.metrics.mean(loss)})
    other = tf.estimator.Estimator(loss_metric_fn, model_dir=estimator.model_dir + "_other")
    with pytest.raises(ValueError, match='Metric with name "loss" is not allowed'):
        other.evaluate(eval_input())
