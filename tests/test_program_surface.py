"""The program surface: tf.__version__, tf.compat.v1, tf.app.run with tf.flags, tf.logging, tf.random, tf.math,
and tfvars' independence from numpy's global random generator."""

import logging
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import tfvars as tf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_version_parses_as_tf_1x():
    major, minor, patch = (int(part) for part in tf.__version__.split("."))
    assert major == 1 and minor >= 15 and patch >= 0


def test_compat_v1_is_the_tfvars_namespace():
    import tfvars.compat.v1 as tf_v1
    from tfvars.compat import v1
    assert tf_v1 is tf and v1 is tf and tf.compat.v1 is tf
    assert tf_v1.Session is tf.Session and tf_v1.compat.v1.metrics is tf.metrics


def test_compat_strings():
    assert tf.compat.as_bytes("é") == "é".encode() and tf.compat.as_bytes(bytearray(b"a")) == b"a"
    assert tf.compat.as_text(b"a") == "a" and tf.compat.as_str is tf.compat.as_text
    with pytest.raises(TypeError, match="Expected binary or unicode string"):
        tf.compat.as_bytes(1)


def _flag_values():
    return tf.flags.FlagValues()


def test_flags_parse_absl_syntax():
    flags = _flag_values()
    tf.flags.DEFINE_string("name", "x", "a string", flag_values=flags)
    tf.flags.DEFINE_integer("steps", 10, "an int", lower_bound=0, flag_values=flags)
    tf.flags.DEFINE_float("rate", 0.1, "a float", flag_values=flags)
    tf.flags.DEFINE_boolean("fake", False, "a bool", flag_values=flags)
    tf.flags.DEFINE_bool("verbose", True, "a bool", flag_values=flags)
    tf.flags.DEFINE_list("layers", "1,2", "a list", flag_values=flags)
    tf.flags.DEFINE_enum("mode", "train", ["train", "eval"], "an enum", flag_values=flags)
    rest = flags(["prog", "--name=y", "--steps", "20", "--rate=0.5", "--fake", "--noverbose", "--layers=3,4,5",
                  "--mode=eval", "file.txt", "--unknown=1", "--", "--steps=1"], known_only=True)
    assert rest == ["prog", "file.txt", "--unknown=1", "--steps=1"]
    assert flags.flag_values_dict() == {"name": "y", "steps": 20, "rate": 0.5, "fake": True, "verbose": False,
                                        "layers": ["3", "4", "5"], "mode": "eval"}
    flags.steps = 3
    assert flags.steps == 3 and flags["steps"].default == 10


def test_flag_errors():
    flags = _flag_values()
    tf.flags.DEFINE_integer("steps", 10, "an int", lower_bound=0, flag_values=flags)
    tf.flags.DEFINE_enum("mode", "train", ["train", "eval"], "an enum", flag_values=flags)
    with pytest.raises(tf.flags.DuplicateFlagError):
        tf.flags.DEFINE_integer("steps", 1, "again", flag_values=flags)
    with pytest.raises(tf.flags.IllegalFlagValueError):
        flags(["prog", "--steps=-1"])
    with pytest.raises(tf.flags.IllegalFlagValueError):
        flags(["prog", "--mode=test"])
    with pytest.raises(tf.flags.UnrecognizedFlagError, match="Unknown command line flag 'other'"):
        flags(["prog", "--other=1"])
    tf.flags.DEFINE_string("data_dir", None, "required", flag_values=flags)
    tf.flags.mark_flag_as_required("data_dir", flag_values=flags)
    with pytest.raises(tf.flags.IllegalFlagValueError, match="data_dir"):
        flags(["prog"])


def test_app_flags_is_tf_flags():
    assert tf.app.flags is tf.flags and tf.app.flags.FLAGS is tf.flags.FLAGS


def _run_program(source, *args):
    env = dict(os.environ, PYTHONPATH=ROOT)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(source), *args], capture_output=True, text=True,
                          env=env, timeout=120)


# A TF 1.x program of the tutorials' shape (flags, app.run, logging, metrics, summaries), with only the import
# line changed.
PROGRAM = """
import numpy as np
import tfvars as tf

FLAGS = tf.app.flags.FLAGS
tf.app.flags.DEFINE_integer("max_steps", 5, "Number of steps to run trainer.")
tf.app.flags.DEFINE_float("learning_rate", 0.5, "Initial learning rate.")
tf.app.flags.DEFINE_string("log_dir", "", "Summaries log directory.")


def main(argv):
    tf.logging.set_verbosity(tf.logging.INFO)
    np.random.seed(0)
    features = np.random.rand(64, 2).astype(np.float32)
    labels = (features[:, 0] > features[:, 1]).astype(np.int64)
    x = tf.placeholder(tf.float32, [None, 2], name="x-input")
    y_ = tf.placeholder(tf.int64, [None], name="y-input")
    with tf.name_scope("layer"):
        W = tf.Variable(tf.zeros([2, 2]), name="weights")
        b = tf.Variable(tf.zeros([2]), name="biases")
        y = tf.matmul(x, W) + b
    loss = tf.losses.sparse_softmax_cross_entropy(labels=y_, logits=y)
    tf.summary.scalar("cross_entropy", loss)
    train_step = tf.train.GradientDescentOptimizer(FLAGS.learning_rate).minimize(loss)
    accuracy, accuracy_op = tf.metrics.accuracy(y_, tf.argmax(y, 1))
    merged = tf.summary.merge_all()
    with tf.Session() as sess:
        writer = tf.summary.FileWriter(FLAGS.log_dir, sess.graph) if FLAGS.log_dir else None
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        for step in range(FLAGS.max_steps):
            summary, _ = sess.run([merged, train_step], {x: features, y_: labels})
            if writer:
                writer.add_summary(summary, step)
        sess.run(accuracy_op, {x: features, y_: labels})
        tf.logging.info("accuracy %.3f", sess.run(accuracy))
        if writer:
            writer.close()
    print("args", argv[1:], "steps", FLAGS.max_steps)


if __name__ == "__main__":
    tf.app.run()
"""


def test_tf_1x_program_with_app_run_flags_and_logging(tmp_path):
    pytest.importorskip("tensorboard", reason="the program writes summaries: pip install tfvars[summary]")
    result = _run_program(PROGRAM, "--max_steps=20", "--learning_rate", "1.0", "extra", "--log_dir=%s" % tmp_path)
    assert result.returncode == 0, result.stderr
    assert "args ['extra'] steps 20" in result.stdout
    assert "INFO:tfvars:accuracy" in result.stderr
    accuracy = float(result.stderr.split("accuracy ")[1].split()[0])
    assert accuracy > 0.8
    assert any(name.startswith("events.out.tfevents") for name in os.listdir(str(tmp_path)))


def test_app_run_exits_with_mains_status_and_reports_bad_flags():
    source = """
    import tfvars as tf
    tf.flags.DEFINE_integer("n", 1, "a number")
    tf.app.run(main=lambda argv: tf.flags.FLAGS.n)
    """
    assert _run_program(source, "--n=3").returncode == 3
    bad = _run_program(source, "--n=x")
    assert bad.returncode == 1 and "FATAL Flags parsing error" in bad.stderr


@pytest.fixture
def verbosity():
    level = tf.logging.get_verbosity()
    yield
    tf.logging.set_verbosity(level)


def test_logging_levels_and_counts(verbosity, caplog):
    assert (tf.logging.DEBUG, tf.logging.INFO, tf.logging.WARN, tf.logging.ERROR, tf.logging.FATAL) == (
        10, 20, 30, 40, 50)
    logger = tf.logging.get_logger()
    logger.addHandler(caplog.handler)
    try:
        tf.logging.set_verbosity(tf.logging.INFO)
        assert tf.logging.get_verbosity() == tf.logging.INFO
        tf.logging.debug("hidden")
        tf.logging.info("shown %d", 1)
        tf.logging.warn("warned")
        for i in range(5):
            tf.logging.log_every_n(tf.logging.INFO, "every %d", 2, i)
            tf.logging.log_first_n(tf.logging.INFO, "first %d", 2, i)
        tf.logging.vlog(tf.logging.ERROR, "vlogged")
        tf.logging.log_if(tf.logging.INFO, "if", False)
    finally:
        logger.removeHandler(caplog.handler)
    messages = [record.getMessage() for record in caplog.records]
    assert messages == ["shown 1", "warned", "every 0", "first 0", "first 1", "every 2", "every 4", "vlogged"]
    assert caplog.records[1].levelno == logging.WARNING


def test_get_seed_and_random_namespace():
    assert tf.get_seed is tf.random.get_seed and tf.random.set_random_seed is tf.set_random_seed
    assert tf.get_seed(None) == (None, None)
    tf.set_random_seed(1)
    assert tf.get_seed(5) == (1, 5)
    assert tf.random.normal is tf.random_normal and tf.random.uniform is tf.random_uniform
    assert tf.random.shuffle is tf.random_shuffle and tf.random.truncated_normal is tf.truncated_normal
    samples = tf.random.categorical(tf.constant([[0.0, -np.inf]]), 4, dtype=tf.int32, seed=3)
    assert samples.op.name == "categorical/Multinomial" and samples.dtype == tf.int32
    assert tf.Session().run(samples).tolist() == [[0, 0, 0, 0]]


def test_math_namespace_holds_the_same_functions():
    for name in ("add", "subtract", "multiply", "divide", "log", "exp", "reduce_sum", "reduce_mean", "argmax",
                 "sigmoid", "unsorted_segment_sum", "confusion_matrix"):
        assert getattr(tf.math, name) is getattr(tf, name)
    assert tf.math.softmax is tf.nn.softmax and tf.math.top_k is tf.nn.top_k
    assert tf.math.divide_no_nan is tf.div_no_nan


def _seeded_draws():
    tf.reset_default_graph()
    tf.set_random_seed(42)
    v = tf.get_variable("v", [3], initializer=tf.glorot_uniform_initializer())
    draws = [tf.random_normal([4]), tf.random_uniform([4]), tf.truncated_normal([2]),
             tf.random_shuffle(tf.range(5)), tf.nn.dropout(tf.ones([4]), rate=0.5)]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return [np.asarray(x) for x in sess.run([v] + draws)]


def test_numpy_global_random_state_is_untouched_and_ignored():
    np.random.seed(123)
    state = np.random.get_state()
    first = _seeded_draws()
    after = np.random.get_state()
    assert after[0] == state[0] and np.array_equal(after[1], state[1]) and after[2:] == state[2:]
    np.random.seed(999)
    np.random.rand(10)
    second = _seeded_draws()
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
