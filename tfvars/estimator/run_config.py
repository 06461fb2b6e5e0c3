"""`tf.estimator.RunConfig`: where an Estimator keeps its checkpoints, and how often it saves and logs.

TF 1.x: the cluster comes from the TF_CONFIG environment variable; here an Estimator
always runs as the single chief worker of a local, one-process "cluster", so the
cluster properties are constants and distribution strategies are refused.
"""

from tfvars.session import ConfigProto
from tfvars.train.server_lib import ClusterSpec

__all__ = ["RunConfig"]

_USE_DEFAULT = object()

# The properties `replace()` may set, as TF lists them.
_DEFAULT_REPLACEABLE_LIST = [
    "model_dir", "tf_random_seed", "save_summary_steps", "save_checkpoints_steps", "save_checkpoints_secs",
    "session_config", "keep_checkpoint_max", "keep_checkpoint_every_n_hours", "log_step_count_steps",
    "train_distribute", "device_fn", "protocol", "eval_distribute", "experimental_distribute",
    "experimental_max_worker_delay_secs", "session_creation_timeout_secs",
]


class TaskType:
    MASTER = "master"
    PS = "ps"
    WORKER = "worker"
    CHIEF = "chief"
    EVALUATOR = "evaluator"


class RunConfig:
    """An Estimator's settings; read-only properties (make a changed copy with `replace`).

    Args:
      model_dir: where checkpoints are saved and restored (the Estimator's, if None).
      tf_random_seed: the graph-level seed of each graph the Estimator builds.
      save_summary_steps: accepted for TF's signature (no summaries are written here).
      save_checkpoints_steps, save_checkpoints_secs: the checkpoint interval; by default
        every 600 seconds. Giving one turns the other off; both None turns saving off.
      session_config: a ConfigProto for the sessions.
      keep_checkpoint_max: how many recent checkpoints to keep (0 or None: all).
      keep_checkpoint_every_n_hours: also keep one checkpoint per this many hours.
      log_step_count_steps: how often (in steps) to log the loss and global_step/sec.
      device_fn: a device function for the model's ops.
      session_creation_timeout_secs: how long a non-chief waits for its session.

    Raises:
      ValueError: for both checkpoint intervals, a negative count, or a distribution strategy.
    """

    def __init__(self, model_dir=None, tf_random_seed=None, save_summary_steps=100,
                 save_checkpoints_steps=_USE_DEFAULT, save_checkpoints_secs=_USE_DEFAULT, session_config=None,
                 keep_checkpoint_max=5, keep_checkpoint_every_n_hours=10000, log_step_count_steps=100,
                 train_distribute=None, device_fn=None, protocol=None, eval_distribute=None,
                 experimental_distribute=None, experimental_max_worker_delay_secs=None,
                 session_creation_timeout_secs=7200):
        if save_checkpoints_steps is _USE_DEFAULT and save_checkpoints_secs is _USE_DEFAULT:
            save_checkpoints_steps, save_checkpoints_secs = None, 600
        elif save_checkpoints_secs is _USE_DEFAULT:
            save_checkpoints_secs = None
        elif save_checkpoints_steps is _USE_DEFAULT:
            save_checkpoints_steps = None
        elif save_checkpoints_steps is not None and save_checkpoints_secs is not None:
            raise ValueError("`save_checkpoints_steps` and `save_checkpoints_secs` cannot be both set.")
        for name, strategy in (("train_distribute", train_distribute), ("eval_distribute", eval_distribute),
                               ("experimental_distribute", experimental_distribute)):
            if strategy is not None:
                raise ValueError("tfvars has no distribution strategies: %s must be None." % name)
        self._model_dir = model_dir
        self._tf_random_seed = tf_random_seed
        self._save_summary_steps = save_summary_steps
        self._save_checkpoints_steps = save_checkpoints_steps
        self._save_checkpoints_secs = save_checkpoints_secs
        self._session_config = session_config
        self._keep_checkpoint_max = keep_checkpoint_max
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._log_step_count_steps = log_step_count_steps
        self._train_distribute = train_distribute
        self._device_fn = device_fn
        self._protocol = protocol
        self._eval_distribute = eval_distribute
        self._experimental_distribute = experimental_distribute
        self._experimental_max_worker_delay_secs = experimental_max_worker_delay_secs
        self._session_creation_timeout_secs = session_creation_timeout_secs
        self._validate()

    def _validate(self):
        checks = (
            ("model_dir", lambda value: value, "model_dir should be non-empty"),
            ("save_summary_steps", lambda value: value >= 0, "save_summary_steps should be >= 0"),
            ("save_checkpoints_steps", lambda value: value >= 0, "save_checkpoints_steps should be >= 0"),
            ("save_checkpoints_secs", lambda value: value >= 0, "save_checkpoints_secs should be >= 0"),
            ("session_config", lambda value: isinstance(value, ConfigProto),
             "session_config must be instance of ConfigProto"),
            ("keep_checkpoint_max", lambda value: value >= 0, "keep_checkpoint_max should be >= 0"),
            ("keep_checkpoint_every_n_hours", lambda value: value > 0, "keep_checkpoint_every_n_hours should be > 0"),
            ("log_step_count_steps", lambda value: value >= 0, "log_step_count_steps should be >= 0"),
            ("tf_random_seed", lambda value: isinstance(value, int), "tf_random_seed must be integer."),
            ("device_fn", callable, "device_fn must be callable with exactly one argument \"op\"."),
        )
        for name, is_valid, message in checks:
            value = getattr(self, "_" + name)
            if value is not None and not is_valid(value):
                raise ValueError(message)

    def replace(self, **kwargs):
        """A copy with the properties in `kwargs` replaced.

        Raises:
          ValueError: for a property `replace` may not set, or an invalid value.
        """
        for key in kwargs:
            if key not in _DEFAULT_REPLACEABLE_LIST:
                raise ValueError("Replacing {} is not supported. Allowed properties are {}.".format(
                    key, _DEFAULT_REPLACEABLE_LIST))
        arguments = {name: getattr(self, "_" + name) for name in _DEFAULT_REPLACEABLE_LIST}
        arguments.update(kwargs)
        return RunConfig(**arguments)

    def __repr__(self):
        return "RunConfig(%s)" % ", ".join("%s=%r" % (name, getattr(self, "_" + name))
                                           for name in _DEFAULT_REPLACEABLE_LIST)

    model_dir = property(lambda self: self._model_dir)
    tf_random_seed = property(lambda self: self._tf_random_seed)
    save_summary_steps = property(lambda self: self._save_summary_steps)
    save_checkpoints_steps = property(lambda self: self._save_checkpoints_steps)
    save_checkpoints_secs = property(lambda self: self._save_checkpoints_secs)
    session_config = property(lambda self: self._session_config)
    keep_checkpoint_max = property(lambda self: self._keep_checkpoint_max)
    keep_checkpoint_every_n_hours = property(lambda self: self._keep_checkpoint_every_n_hours)
    log_step_count_steps = property(lambda self: self._log_step_count_steps)
    train_distribute = property(lambda self: self._train_distribute)
    eval_distribute = property(lambda self: self._eval_distribute)
    experimental_distribute = property(lambda self: self._experimental_distribute)
    experimental_max_worker_delay_secs = property(lambda self: self._experimental_max_worker_delay_secs)
    device_fn = property(lambda self: self._device_fn)
    protocol = property(lambda self: self._protocol)
    session_creation_timeout_secs = property(lambda self: self._session_creation_timeout_secs)

    # The one-process cluster every Estimator here runs in.
    cluster_spec = property(lambda self: ClusterSpec({}))
    is_chief = property(lambda self: True)
    master = property(lambda self: "")
    evaluation_master = property(lambda self: "")
    task_type = property(lambda self: TaskType.WORKER)
    task_id = property(lambda self: 0)
    global_id_in_cluster = property(lambda self: 0)
    num_ps_replicas = property(lambda self: 0)
    num_worker_replicas = property(lambda self: 1)
    service = property(lambda self: None)
