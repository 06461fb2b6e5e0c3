"""`tf.train.Saver`: saves variables to checkpoints and restores them, through ops in the graph.

`tf.train.Saver()` builds, as TF 1.x does (for variables "v" (ref) and "r" (resource)):

    save/filename/input            Const                    "model"
    save/filename                  PlaceholderWithDefault   the checkpoint prefix, fed by save()/restore()
    save/Const                     PlaceholderWithDefault   saver_def.filename_tensor_name "save/Const:0"
    save/SaveV2/tensor_names       Const                    ["r", "v"] (sorted by name)
    save/SaveV2/shape_and_slices   Const                    ["", ""]
    save/SaveV2                    SaveV2                   saves r/Read/ReadVariableOp:0 and v:0
    save/control_dependency        Identity                 saver_def.save_tensor_name: the prefix, once saved
    save/RestoreV2/...             Const, RestoreV2         on /device:CPU:0
    save/Identity                  Identity                 the restored value of r ...
    save/AssignVariableOp          AssignVariableOp         ... assigned to r
    save/Assign                    Assign                   v = the restored value
    save/restore_all               NoOp                     saver_def.restore_op_name

`save()` runs the save tensor, feeding the prefix; `restore()` runs the restore op. Both are
ordinary session runs, so observers see a restore as a VariablesChanged event. The files are
described in `tfvars.train.checkpoint_format`; the `checkpoint` state file in
`tfvars.train.checkpoint_management`.

A partitioned variable is saved as one tensor under its full name, each shard as a slice of it
(as TF does), so it can be restored into a differently partitioned variable with
`init_from_checkpoint` or read whole with `load_variable`.

TF 1.x: `sharded=True` builds the same unsharded graph and files (every variable lives in one
process here, so there is one shard); the SaverDef still says `sharded: true`. A resource
variable restored from a tensor of another shape takes that shape (TF's AssignVariableOp does not
check shapes); a ref variable's "Assign" raises InvalidArgumentError.
"""

import os
import time

import numpy as np

from tfvars.framework import errors
from tfvars.framework import graph as _graph
from tfvars.framework.graph_keys import GraphKeys
from tfvars.ops import array_ops, control_flow_ops, io_ops
from tfvars.ops.control_flow_primitives import with_dependencies
from tfvars.train import checkpoint_management, meta_graph, saveable
from tfvars.train.meta_graph import SaverDef

__all__ = ["BaseSaverBuilder", "BulkSaverBuilder", "Saver", "SaverDef"]

_LOG = checkpoint_management._LOG


class BaseSaverBuilder:
    """Builds a Saver's ops: one "SaveV2" of all saveables, and one "RestoreV2" per saveable."""

    SaveSpec = saveable.SaveSpec
    SaveableObject = saveable.SaveableObject

    def __init__(self, write_version=SaverDef.V2):
        self._write_version = write_version

    def save_op(self, filename_tensor, saveables):
        """The "SaveV2" op writing every spec of `saveables` to the prefix `filename_tensor`.

        Raises:
          RuntimeError: for a write_version other than V2.
        """
        if self._write_version != SaverDef.V2:
            raise RuntimeError("Unexpected write_version: %s" % self._write_version)
        names, slices, tensors = [], [], []
        for item in saveables:
            for spec in item.specs:
                names.append(spec.name)
                slices.append(spec.slice_spec)
                tensors.append(spec.tensor)
        return io_ops.save_v2(filename_tensor, names, slices, tensors)

    def restore_op(self, filename_tensor, saveable_object, preferred_shard):
        """The restored tensors of one saveable, one "RestoreV2" per spec."""
        return [io_ops.restore_v2(filename_tensor, [spec.name], [spec.slice_spec], [spec.dtype])[0]
                for spec in saveable_object.specs]

    def bulk_restore(self, filename_tensor, saveables, preferred_shard, restore_sequentially):
        """The restored tensors of all `saveables`, each read on its variable's CPU."""
        tensors = []
        for item in saveables:
            with _graph.device(_cpu0(item.device) if item.device else None):
                tensors.extend(self.restore_op(filename_tensor, item, preferred_shard))
        return tensors

    def _AddSaveOps(self, filename_tensor, saveables):  # noqa: N802 (TF's name)
        save = self.save_op(filename_tensor, saveables)
        return with_dependencies([save], filename_tensor)

    def _AddRestoreOps(self, filename_tensor, saveables, restore_sequentially, reshape,  # noqa: N802
                       preferred_shard=-1, name="restore_all"):
        tensors = self.bulk_restore(filename_tensor, saveables, preferred_shard, restore_sequentially)
        assign_ops, position = [], 0
        for item in saveables:
            shapes = _restored_shapes(item) if reshape else None
            count = len(item.specs)
            assign_ops.append(item.restore(tensors[position:position + count], shapes))
            position += count
        return control_flow_ops.group(*assign_ops, name=name)

    def _build_internal(self, names_to_saveables, reshape=False, sharded=False, max_to_keep=5,
                        keep_checkpoint_every_n_hours=10000.0, name=None, restore_sequentially=False,
                        filename="model", build_save=True, build_restore=True):
        """Builds the save and restore ops under the scope `name` ("save"); returns the SaverDef.

        Raises:
          ValueError: if save and restore are not built together, or a variable is saved twice.
        """
        if not build_save or not build_restore:
            raise ValueError("save and restore operations need to be built together  when eager execution is not "
                             "enabled.")
        saveables = saveable.validate_and_slice_inputs(names_to_saveables)
        graph = _graph.get_default_graph()
        with graph._atomic(), _graph.op_scope(name, "save", [item.op for item in saveables
                                                              if hasattr(item.op, "graph")]):
            filename_tensor = array_ops.placeholder_with_default(filename or "model", shape=(), name="filename")
            # TF keeps the name "Const" for backwards compatibility.
            filename_tensor = array_ops.placeholder_with_default(filename_tensor, shape=(), name="Const")
            save_tensor = self._AddSaveOps(filename_tensor, saveables)
            restore_op = self._AddRestoreOps(filename_tensor, saveables, restore_sequentially, reshape)
        return SaverDef(filename_tensor_name=filename_tensor.name, save_tensor_name=save_tensor.name,
                        restore_op_name=restore_op.name, max_to_keep=max_to_keep or 0, sharded=sharded,
                        keep_checkpoint_every_n_hours=keep_checkpoint_every_n_hours, version=self._write_version)

    def build(self, names_to_saveables, reshape=False, sharded=False, max_to_keep=5,
              keep_checkpoint_every_n_hours=10000.0, name=None, restore_sequentially=False, filename=None):
        """Builds the ops for `names_to_saveables` (a list or {name: variable} dict); returns the SaverDef."""
        return self._build_internal(names_to_saveables, reshape=reshape, sharded=sharded, max_to_keep=max_to_keep,
                                    keep_checkpoint_every_n_hours=keep_checkpoint_every_n_hours, name=name,
                                    restore_sequentially=restore_sequentially, filename=filename)


class BulkSaverBuilder(BaseSaverBuilder):
    """The builder Savers use: one "RestoreV2" for all saveables, on /device:CPU:0."""

    def bulk_restore(self, filename_tensor, saveables, preferred_shard, restore_sequentially):
        specs = [spec for item in saveables for spec in item.specs]
        with _graph.device("cpu:0"):
            return io_ops.restore_v2(filename_tensor, [spec.name for spec in specs],
                                     [spec.slice_spec for spec in specs], [spec.dtype for spec in specs])


def _cpu0(device):
    """`device` moved to its machine's CPU 0 (where TF restores tensors)."""
    from tfvars.framework.device import DeviceSpec
    spec = DeviceSpec.from_string(device)
    spec.device_type, spec.device_index = "CPU", 0
    return spec.to_string()


def _restored_shapes(item):
    """The static shape each spec's tensor should be reshaped to (with reshape=True), or its runtime shape."""
    shapes = []
    for spec in item.specs:
        tensor = spec.tensor
        shape = tensor.get_shape()
        shapes.append(shape.as_list() if shape.is_fully_defined() else array_ops.shape(tensor))
    return shapes


def _all_saveable_objects():
    graph = _graph.get_default_graph()
    return graph.get_collection(GraphKeys.GLOBAL_VARIABLES) + graph.get_collection(GraphKeys.SAVEABLE_OBJECTS)


class Saver:
    """Saves and restores variables (see the module docstring).

    Args:
      var_list: the variables to save: a list (each saved under its name, `v.op.name`) or a
        {checkpoint name: variable} dict. Default: every global variable and saveable object.
      reshape: restore tensors saved with another shape of the same size (a "Reshape" before each assign).
      sharded: recorded in the SaverDef (see the module docstring).
      max_to_keep: how many recent checkpoints to keep; older ones are deleted after each save
        (None or 0 keeps all and records none in the state file but the newest).
      keep_checkpoint_every_n_hours: keep one checkpoint in every this many hours besides the recent ones.
      name: the name scope of the ops (default "save").
      restore_sequentially: accepted for TF's signature; one RestoreV2 reads every tensor.
      saver_def: a SaverDef of ops already in the graph (e.g. imported) instead of building new ones.
      builder: a SaverBuilder (default: `BulkSaverBuilder()`).
      defer_build: build the ops only on `build()` (for var_list=None, to include variables made later).
      allow_empty: with no variables, make a Saver that does nothing instead of raising.
      write_version: only `SaverDef.V2`.
      pad_step_number: name checkpoints "model.ckpt-00000100" instead of "model.ckpt-100".
      save_relative_paths: write the state file's paths relative to its directory.
      filename: the default prefix of the save and restore ops.

    Raises:
      ValueError: "No variables to save" (without allow_empty), duplicate names, or var_list with defer_build.
      TypeError: if var_list is neither a list nor a dict, or holds something that is not a variable.
    """

    def __init__(self, var_list=None, reshape=False, sharded=False, max_to_keep=5,
                 keep_checkpoint_every_n_hours=10000.0, name=None, restore_sequentially=False, saver_def=None,
                 builder=None, defer_build=False, allow_empty=False, write_version=SaverDef.V2,
                 pad_step_number=False, save_relative_paths=False, filename=None):
        if defer_build and var_list:
            raise ValueError("If `var_list` is provided then build cannot be deferred. Either set defer_build=False "
                             "or var_list=None.")
        self._var_list = var_list
        self._reshape = reshape
        self._sharded = sharded
        self._max_to_keep = max_to_keep
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._name = name
        self._restore_sequentially = restore_sequentially
        self.saver_def = saver_def
        self._builder = builder
        self._is_built = False
        self._allow_empty = allow_empty
        self._is_empty = None
        self._write_version = write_version
        self._pad_step_number = pad_step_number
        self._filename = filename
        self._last_checkpoints = []
        self._checkpoints_to_be_deleted = []
        self._save_relative_paths = save_relative_paths
        if not defer_build:
            self.build()
        if self.saver_def:
            self._check_saver_def()
            self._write_version = self.saver_def.version

    # Building.
    def build(self):
        """Builds the save and restore ops (once)."""
        if self._is_built:
            return
        self._is_built = True
        if not self.saver_def:
            if self._builder is None:
                self._builder = BulkSaverBuilder(self._write_version)
            if self._var_list is None:
                self._var_list = _all_saveable_objects()
            if not self._var_list:
                if self._allow_empty:
                    self._is_empty = True
                    return
                raise ValueError("No variables to save")
            self._is_empty = False
            self.saver_def = self._builder._build_internal(
                self._var_list, reshape=self._reshape, sharded=self._sharded, max_to_keep=self._max_to_keep,
                keep_checkpoint_every_n_hours=self._keep_checkpoint_every_n_hours, name=self._name,
                restore_sequentially=self._restore_sequentially, filename=self._filename)
        elif self._name:
            self.saver_def.filename_tensor_name = _prepend_name_scope(self.saver_def.filename_tensor_name,
                                                                            self._name)
            self.saver_def.save_tensor_name = _prepend_name_scope(self.saver_def.save_tensor_name,
                                                                        self._name)
            self.saver_def.restore_op_name = _prepend_name_scope(self.saver_def.restore_op_name, self._name)
        self._check_saver_def()
        self._next_checkpoint_time = time.time() + self.saver_def.keep_checkpoint_every_n_hours * 3600

    def _check_saver_def(self):
        if not isinstance(self.saver_def, SaverDef):
            raise ValueError("saver_def must be a saver_pb2.SaverDef: %s" % (self.saver_def,))
        if not self.saver_def.save_tensor_name:
            raise ValueError("saver_def must specify the save_tensor_name: %s" % self.saver_def)
        if not self.saver_def.restore_op_name:
            raise ValueError("saver_def must specify the restore_op_name: %s" % self.saver_def)

    def as_saver_def(self):
        """The SaverDef: the names of the filename tensor, save tensor and restore op."""
        return self.saver_def

    def to_proto(self, export_scope=None):
        """The SaverDef (names relative to `export_scope`, if given)."""
        if export_scope is None:
            return self.saver_def
        if not self.saver_def.filename_tensor_name.startswith(export_scope):
            return None
        return SaverDef(filename_tensor_name=_strip_name_scope(self.saver_def.filename_tensor_name,
                                                                     export_scope),
                        save_tensor_name=_strip_name_scope(self.saver_def.save_tensor_name, export_scope),
                        restore_op_name=_strip_name_scope(self.saver_def.restore_op_name, export_scope),
                        max_to_keep=self.saver_def.max_to_keep, sharded=self.saver_def.sharded,
                        keep_checkpoint_every_n_hours=self.saver_def.keep_checkpoint_every_n_hours,
                        version=self.saver_def.version)

    @staticmethod
    def from_proto(saver_def, import_scope=None):
        """A Saver for the ops a SaverDef names (under `import_scope`)."""
        return Saver(saver_def=saver_def, name=import_scope)

    # Which checkpoints are kept.
    @property
    def last_checkpoints(self):
        """The prefixes of the checkpoints not yet deleted, oldest first."""
        return [path for path, _ in self._last_checkpoints]

    def set_last_checkpoints(self, last_checkpoints):
        """Deprecated: sets the list of kept checkpoints (they never count as kept for their age)."""
        if not isinstance(last_checkpoints, list):
            raise TypeError("last_checkpoints must be a list: %s" % (last_checkpoints,))
        self._last_checkpoints = [(path, np.inf) for path in last_checkpoints]

    def set_last_checkpoints_with_time(self, last_checkpoints_with_time):
        """Sets the list of kept checkpoints as (prefix, timestamp) pairs, oldest first."""
        if not isinstance(last_checkpoints_with_time, list):
            raise TypeError("last_checkpoints_with_time must be a list: %s" % (last_checkpoints_with_time,))
        self._last_checkpoints = list(last_checkpoints_with_time)

    def recover_last_checkpoints(self, checkpoint_paths):
        """Takes up the existing checkpoints of `checkpoint_paths` (e.g. after a restart), with their mtimes.

        TF 1.x pairs paths and times by position, so a missing checkpoint shifts the times; here
        the missing ones are left out.
        """
        existing = [path for path in checkpoint_paths if checkpoint_management.checkpoint_exists(path)]
        mtimes = checkpoint_management.get_checkpoint_mtimes(existing)
        self.set_last_checkpoints_with_time(list(zip(existing, mtimes)))

    def _record_last_checkpoint(self, latest_save_path):
        if not self.saver_def.max_to_keep:
            return
        self._last_checkpoints = [(path, stamp) for path, stamp in self._last_checkpoints
                                  if path != latest_save_path]
        self._last_checkpoints.append((latest_save_path, time.time()))
        if len(self._last_checkpoints) > self.saver_def.max_to_keep:
            self._checkpoints_to_be_deleted.append(self._last_checkpoints.pop(0))

    def _maybe_delete_old_checkpoints(self, meta_graph_suffix="meta"):
        """Deletes the oldest checkpoint beyond max_to_keep, unless keep_checkpoint_every_n_hours keeps it."""
        if not self._checkpoints_to_be_deleted:
            return
        path, stamp = self._checkpoints_to_be_deleted.pop(0)
        if stamp > self._next_checkpoint_time:
            self._next_checkpoint_time += self.saver_def.keep_checkpoint_every_n_hours * 3600
            return
        try:
            checkpoint_management.remove_checkpoint(path, self.saver_def.version, meta_graph_suffix)
        except OSError as error:
            _LOG.warning("Ignoring: %s", error)

    # Saving and restoring.
    def save(self, sess, save_path, global_step=None, latest_filename=None, meta_graph_suffix="meta",
             write_meta_graph=True, write_state=True, strip_default_attrs=False, save_debug_info=False):
        """Saves the variables to the checkpoint `save_path` (with "-<global_step>" appended); returns its prefix.

        Then (with write_state) rewrites the state file `latest_filename` ("checkpoint") beside it
        and deletes checkpoints beyond `max_to_keep`, and (with write_meta_graph) writes
        "<prefix>.<meta_graph_suffix>". Returns None for an empty Saver.

        Raises:
          TypeError: if `sess` is not a Session.
          ValueError: if the directory of `save_path` does not exist, or `latest_filename` is a path
            or collides with `save_path`.
          RuntimeError: if the Saver was built with defer_build and never built.
        """
        if not self._is_built:
            raise RuntimeError("`build()` should be called before save if defer_build==True")
        latest_filename = latest_filename or "checkpoint"
        if os.path.split(latest_filename)[0]:
            raise ValueError("'latest_filename' must not contain path components")
        checkpoint_file = self._checkpoint_file(sess, save_path, global_step, latest_filename)
        _check_session(sess)
        save_path_parent = os.path.dirname(save_path)
        model_checkpoint_path = None
        if not self._is_empty:
            try:
                model_checkpoint_path = _as_text(sess.run(self.saver_def.save_tensor_name,
                                                          {self.saver_def.filename_tensor_name: checkpoint_file}))
            except (errors.FailedPreconditionError, errors.NotFoundError) as error:
                if not os.path.isdir(save_path_parent or "."):
                    raise ValueError("Parent directory of {} doesn't exist, can't save.".format(save_path)) from None
                raise error
            if write_state:
                self._record_last_checkpoint(model_checkpoint_path)
                checkpoint_management.update_checkpoint_state(
                    save_path_parent, model_checkpoint_path, self.last_checkpoints, latest_filename,
                    save_relative_paths=self._save_relative_paths)
                self._maybe_delete_old_checkpoints(meta_graph_suffix)
        if write_meta_graph:
            filename = checkpoint_management.meta_graph_filename(checkpoint_file, meta_graph_suffix)
            with sess.graph.as_default():
                self.export_meta_graph(filename, strip_default_attrs=strip_default_attrs)
        return model_checkpoint_path

    def _checkpoint_file(self, sess, save_path, global_step, latest_filename):
        if global_step is None:
            if os.path.basename(save_path) == latest_filename and not self._sharded:
                raise ValueError("'latest_filename' collides with 'save_path': '%s' and '%s'"
                                 % (latest_filename, save_path))
            return save_path
        if not isinstance(global_step, (int, np.integer)):
            global_step = int(sess.run(global_step))
        if self._pad_step_number:
            return "%s-%08d" % (save_path, global_step)
        return "%s-%d" % (save_path, global_step)

    def restore(self, sess, save_path):
        """Restores the variables from the checkpoint `save_path` by running the restore op.

        Variables not in this Saver are left as they are (uninitialised ones stay uninitialised).

        Raises:
          ValueError: if `save_path` is None or not an existing checkpoint.
          NotFoundError: if a variable is missing from the checkpoint (TF's "Restoring from checkpoint
            failed..." message around "Key w not found in checkpoint").
          InvalidArgumentError: if a variable's dtype or (ref variables) shape differs from the saved one.
          DataLossError: if the checkpoint is corrupt.
        """
        if self._is_empty:
            return
        if save_path is None:
            raise ValueError("Can't load save_path when it is None.")
        checkpoint_prefix = _as_text(save_path)
        if not checkpoint_management.checkpoint_exists(checkpoint_prefix):
            raise ValueError("The passed save_path is not a valid checkpoint: " + checkpoint_prefix)
        try:
            sess.run(self.saver_def.restore_op_name, {self.saver_def.filename_tensor_name: checkpoint_prefix})
        except errors.NotFoundError as error:
            raise _wrap_restore_error(error, "a Variable name or other graph key that is missing") from None
        except errors.InvalidArgumentError as error:
            raise _wrap_restore_error(error, "a mismatch between the current graph and the graph") from None

    def export_meta_graph(self, filename=None, collection_list=None, as_text=False, export_scope=None,
                          clear_devices=False, clear_extraneous_savers=False, strip_default_attrs=False,
                          save_debug_info=False):
        """The MetaGraphDef of the default graph and this Saver, written to `filename` if given.

        TF 1.x: `export_scope` must be None; default-valued attrs are kept whatever
        `strip_default_attrs` says; `clear_extraneous_savers` and `save_debug_info` are ignored.

        Raises:
          ValueError: if `export_scope` is given.
        """
        if export_scope is not None:
            raise ValueError("export_scope is not supported by tfvars: export the whole graph")
        proto = meta_graph.meta_graph_def(_graph.get_default_graph(), saver_def=self.saver_def,
                                          collection_list=collection_list, clear_devices=clear_devices)
        if filename:
            data = str(proto) if as_text else proto.SerializeToString()
            checkpoint_management.atomic_write_string_to_file(filename, data)
        return proto


def _prepend_name_scope(name, scope):
    """"a/b:0" under `scope` ("s/a/b:0"), as TF's ops.prepend_name_scope."""
    return "%s/%s" % (scope, name) if scope else name


def _strip_name_scope(name, scope):
    """"s/a/b:0" without its leading `scope` ("a/b:0"), as TF's ops.strip_name_scope."""
    return name[len(scope) + 1:] if scope and name.startswith(scope + "/") else name


def _check_session(sess):
    from tfvars.session import Session
    if not isinstance(sess, Session):
        raise TypeError("'sess' must be a Session; %s" % (sess,))


def _as_text(value):
    if isinstance(value, np.ndarray):
        value = value.item()
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _wrap_restore_error(error, extra_verbiage):
    """`error` with TF's explanation of what most likely went wrong in a restore."""
    message = ("Restoring from checkpoint failed. This is most likely due to {} from the checkpoint. Please ensure "
               "that you have not altered the graph expected based on the checkpoint. Original error:\n\n{}"
               ).format(extra_verbiage, error.message)
    return type(error)(error.node_def, error.op, message)
