"""`tf.train.Scaffold` and the session creators: what a MonitoredSession initialises variables with.

`Scaffold().finalize()` completes what was not given, each from its collection if
there is one item there, else built (and added to it), then finalizes the graph:

    init_op                  "group_deps"    group(global_variables_initializer() "init", resources "init_1")
    ready_op                 "concat:0"      report_uninitialized_variables() ++ uninitialised resources
    ready_for_local_init_op  "concat_1:0"    the same for the global variables only
    local_init_op            "group_deps_1"  group(local_variables_initializer() "init_2",
                                                   tables_initializer() "init_all_tables", "init_3")
    summary_op                               merge_all() (None without summaries)
    saver                                    the Saver in SAVERS, else Saver(sharded=True, allow_empty=True)

`ChiefSessionCreator` hands these to a SessionManager: restore the latest checkpoint of
`checkpoint_dir` or run `init_op`, then `local_init_op`, then check `ready_op`.
"""

import abc

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.framework.graph_keys import GraphKeys
from tfvars.ops import array_ops, constant_op, control_flow_ops, math_ops
from tfvars.ops.control_flow_primitives import no_op
from tfvars.platform import tf_logging as logging
from tfvars.summary import summary
from tfvars.train.saver import Saver
from tfvars.train.session_manager import SessionManager
from tfvars import variable_initialization

__all__ = ["ChiefSessionCreator", "Scaffold", "SessionCreator", "WorkerSessionCreator"]


class Scaffold:
    """The ops and saver that make a model ready in a new session; unset ones are built by `finalize()`.

    Args:
      init_op, init_feed_dict: run (with its feeds) when no checkpoint is restored.
      init_fn: `init_fn(scaffold, session)`, called after init_op.
      ready_op, ready_for_local_init_op: 1-D string tensors of the names still uninitialised.
      local_init_op: run in every new session.
      summary_op: the merged summaries.
      saver: the Saver used to restore and save checkpoints.
      copy_from_scaffold: a Scaffold whose values fill in those not given here.

    Raises:
      TypeError: if copy_from_scaffold is not a Scaffold.
    """

    def __init__(self, init_op=None, init_feed_dict=None, init_fn=None, ready_op=None,
                 ready_for_local_init_op=None, local_init_op=None, summary_op=None, saver=None,
                 copy_from_scaffold=None):
        bound_init_fn = (lambda sess: init_fn(self, sess)) if init_fn else None
        if copy_from_scaffold is not None:
            if not isinstance(copy_from_scaffold, Scaffold):
                raise TypeError("copy_from_scaffold is not a Scaffold instance.")
            other = copy_from_scaffold
            init_op = _first_set(init_op, other.init_op)
            init_feed_dict = _first_set(init_feed_dict, other.init_feed_dict)
            bound_init_fn = _first_set(bound_init_fn, other.init_fn)  # already bound to `other`
            ready_op = _first_set(ready_op, other.ready_op)
            ready_for_local_init_op = _first_set(ready_for_local_init_op, other.ready_for_local_init_op)
            local_init_op = _first_set(local_init_op, other.local_init_op)
            summary_op = _first_set(summary_op, other.summary_op)
            saver = _first_set(saver, other.saver)
        self._init_fn = bound_init_fn
        self._init_op = init_op
        self._init_feed_dict = init_feed_dict
        self._ready_op = ready_op
        self._ready_for_local_init_op = ready_for_local_init_op
        self._local_init_op = local_init_op
        self._summary_op = summary_op
        self._saver = saver

    def finalize(self):
        """Builds the ops not given (see the module docstring), then finalizes the default graph."""
        if self._init_op is None:
            self._init_op = Scaffold.get_or_default("init_op", GraphKeys.INIT_OP, _default_init_op)
        if self._ready_op is None:
            self._ready_op = Scaffold.get_or_default("ready_op", GraphKeys.READY_OP, _default_ready_op)
        if self._ready_for_local_init_op is None:
            self._ready_for_local_init_op = Scaffold.get_or_default(
                "ready_for_local_init_op", GraphKeys.READY_FOR_LOCAL_INIT_OP, _default_ready_for_local_init_op)
        if self._local_init_op is None:
            self._local_init_op = Scaffold.get_or_default("local_init_op", GraphKeys.LOCAL_INIT_OP,
                                                          Scaffold.default_local_init_op)
        if self._summary_op is None:
            self._summary_op = Scaffold.get_or_default("summary_op", GraphKeys.SUMMARY_OP, summary.merge_all)
        if self._saver is None:
            self._saver = _get_saver_or_default()
        self._saver.build()
        _graph.get_default_graph().finalize()
        logging.info("Graph was finalized.")
        return self

    @property
    def init_fn(self):
        return self._init_fn

    @property
    def init_op(self):
        return self._init_op

    @property
    def ready_op(self):
        return self._ready_op

    @property
    def ready_for_local_init_op(self):
        return self._ready_for_local_init_op

    @property
    def local_init_op(self):
        return self._local_init_op

    @property
    def summary_op(self):
        return self._summary_op

    @property
    def saver(self):
        return self._saver

    @property
    def init_feed_dict(self):
        return self._init_feed_dict

    @staticmethod
    def get_or_default(arg_name, collection_key, default_constructor):
        """The one item of `collection_key`, else `default_constructor()` (added to the collection).

        Raises:
          RuntimeError: if the collection has several items.
        """
        elements = _graph.get_collection(collection_key)
        if elements:
            if len(elements) > 1:
                raise RuntimeError('More than one item in the collection "%s". Please indicate which one to use by '
                                   'passing it to the tf.Scaffold constructor as:  tf.Scaffold(%s=item to use)'
                                   % (collection_key, arg_name))
            return elements[0]
        op = default_constructor()
        if op is not None:
            _graph.add_to_collection(collection_key, op)
        return op

    @staticmethod
    def default_local_init_op():
        """group(local_variables_initializer(), tables_initializer(), local resources' initializers)."""
        return control_flow_ops.group(variable_initialization.local_variables_initializer(),
                                      _tables_initializer(),
                                      _initialize_resources(_graph.get_collection(GraphKeys.LOCAL_RESOURCES)))


def _first_set(value, fallback):
    return fallback if value is None else value


def _default_init_op():
    return control_flow_ops.group(variable_initialization.global_variables_initializer(),
                                  _initialize_resources(_graph.get_collection(GraphKeys.RESOURCES)))


def _default_ready_op():
    return array_ops.concat([variable_initialization.report_uninitialized_variables(),
                             _report_uninitialized_resources()], 0)


def _default_ready_for_local_init_op():
    return array_ops.concat([
        variable_initialization.report_uninitialized_variables(variable_initialization.global_variables()),
        _report_uninitialized_resources(_graph.get_collection(GraphKeys.RESOURCES))], 0)


def _initialize_resources(resource_list, name="init"):
    """TF's resources.initialize_resources: one op running each resource's `create` op (a NoOp if none)."""
    if resource_list:
        return control_flow_ops.group(*[resource.create for resource in resource_list], name=name)
    return no_op(name=name)


def _report_uninitialized_resources(resource_list=None, name="report_uninitialized_resources"):
    """TF's resources.report_uninitialized_resources: the handle names of the uninitialised resources."""
    if resource_list is None:
        resource_list = _graph.get_collection(GraphKeys.RESOURCES) + _graph.get_collection(GraphKeys.LOCAL_RESOURCES)
    with _graph.name_scope(name):
        if not resource_list:
            return constant_op.constant([], dtype=_dtypes.string)
        mask = math_ops.logical_not(array_ops.stack([resource.is_initialized for resource in resource_list]))
        names = constant_op.constant([resource.handle.name for resource in resource_list])
        return array_ops.boolean_mask(names, mask)


def _tables_initializer(name="init_all_tables"):
    """TF's tf.tables_initializer: one op running the TABLE_INITIALIZERS collection (a NoOp if empty)."""
    initializers = _graph.get_collection(GraphKeys.TABLE_INITIALIZERS)
    if initializers:
        return control_flow_ops.group(*initializers, name=name)
    return no_op(name=name)


def _get_saver_or_default():
    """The Saver in the SAVERS collection, else a new Saver(sharded=True, allow_empty=True) added to it.

    Raises:
      RuntimeError: if the collection has several Savers.
    """
    savers = _graph.get_collection(GraphKeys.SAVERS)
    if savers:
        if len(savers) > 1:
            raise RuntimeError("More than one item in collection {}. Please indicate which one to use by passing it "
                               "to the constructor.".format(GraphKeys.SAVERS))
        return savers[0]
    saver = Saver(sharded=True, allow_empty=True)
    _graph.add_to_collection(GraphKeys.SAVERS, saver)
    return saver


class SessionCreator(abc.ABC):
    """Makes a `tf.Session` for a MonitoredSession: subclasses define `create_session()`."""

    @abc.abstractmethod
    def create_session(self):
        """A new, ready `tf.Session`."""


class _ScaffoldSessionCreator(SessionCreator):
    """What the chief's and the workers' session creators share: a scaffold, a target and one SessionManager."""

    def __init__(self, scaffold, master, config):
        self._scaffold = scaffold or Scaffold()
        self._session_manager = None
        self._master = master
        self._config = config

    def _get_session_manager(self):
        if self._session_manager is None:
            self._session_manager = SessionManager(
                local_init_op=self._scaffold.local_init_op, ready_op=self._scaffold.ready_op,
                ready_for_local_init_op=self._scaffold.ready_for_local_init_op,
                graph=_graph.get_default_graph())
        return self._session_manager


class ChiefSessionCreator(_ScaffoldSessionCreator):
    """Makes the chief's session: finalizes the scaffold, then restores or initialises (see SessionManager).

    Args:
      scaffold: the Scaffold (default: a new one).
      master: the session target.
      config: a ConfigProto.
      checkpoint_dir: restore its latest checkpoint, if any.
      checkpoint_filename_with_path: restore this checkpoint (not with checkpoint_dir).
    """

    def __init__(self, scaffold=None, master="", config=None, checkpoint_dir=None,
                 checkpoint_filename_with_path=None):
        super().__init__(scaffold, master, config)
        self._checkpoint_dir = checkpoint_dir
        self._checkpoint_filename_with_path = checkpoint_filename_with_path

    def create_session(self):
        self._scaffold.finalize()
        return self._get_session_manager().prepare_session(
            self._master, saver=self._scaffold.saver, checkpoint_dir=self._checkpoint_dir,
            checkpoint_filename_with_path=self._checkpoint_filename_with_path, config=self._config,
            init_op=self._scaffold.init_op, init_feed_dict=self._scaffold.init_feed_dict,
            init_fn=self._scaffold.init_fn)


class WorkerSessionCreator(_ScaffoldSessionCreator):
    """Makes a non-chief worker's session: waits (up to `max_wait_secs`) for the chief to make the model ready."""

    def __init__(self, scaffold=None, master="", config=None, max_wait_secs=30 * 60):
        super().__init__(scaffold, master, config)
        self._max_wait_secs = max_wait_secs

    def create_session(self):
        self._scaffold.finalize()
        return self._get_session_manager().wait_for_session(self._master, config=self._config,
                                                            max_wait_secs=self._max_wait_secs)
