"""`SaverDef` and `MetaGraphDef`: a Saver and its graph as TF's protocol buffers (the ".meta" file).

`Saver.export_meta_graph` writes a MetaGraphDef in protobuf's binary wire format (or text format
with `as_text=True`): the graph's GraphDef (with "_output_shapes", as TF exports it), the Saver's
SaverDef, and the collections TF knows how to serialize: variables as VariableDef protos, ops and
tensors as their names, and lists of strings, ints or floats. Other collections are left out
with a warning, as TF does.

TF 1.x: `meta_info_def.stripped_op_list` (the OpDefs the graph uses) is not written; TF's
`import_meta_graph` does not need it.
"""

import logging

import numpy as np

from tfvars.framework.graph_def import GraphDef, Message, _Field, _shortest_float32, c_escape
from tfvars.framework.operation import Operation
from tfvars.framework.tensor import Tensor

_LOG = logging.getLogger("tfvars")
_VERSION_NAMES = {0: "LEGACY", 1: "V1", 2: "V2"}


class SaverDef(Message):
    """TF's SaverDef: the names of a Saver's filename tensor, save tensor and restore op, and its settings."""

    LEGACY, V1, V2 = 0, 1, 2
    FIELDS = (
        _Field("filename_tensor_name", 1, "string"),
        _Field("save_tensor_name", 2, "string"),
        _Field("restore_op_name", 3, "string"),
        _Field("max_to_keep", 4, "int32"),
        _Field("sharded", 5, "bool"),
        _Field("keep_checkpoint_every_n_hours", 6, "float"),
        _Field("version", 7, "int32"),  # the CheckpointFormatVersion enum
    )

    def __str__(self):
        lines = []
        for field, value in self.ListFields():
            if field.name == "version":
                text = _VERSION_NAMES.get(value, str(value))
            elif field.kind == "float":
                text = "%.9g" % _shortest_float32(value)
            elif field.kind == "string":
                text = '"%s"' % c_escape(value)
            elif field.kind == "bool":
                text = "true" if value else "false"
            else:
                text = str(value)
            lines.append("%s: %s\n" % (field.name, text))
        return "".join(lines)

    __repr__ = __str__


class SaveSliceInfoDef(Message):
    FIELDS = (
        _Field("full_name", 1, "string"),
        _Field("full_shape", 2, "int64", repeated=True),
        _Field("var_offset", 3, "int64", repeated=True),
        _Field("var_shape", 4, "int64", repeated=True),
    )


class VariableDefProto(Message):
    """TF's VariableDef proto (tfvars' `VariableDef` namedtuple, as the bytes TF's collections hold)."""

    FIELDS = (
        _Field("variable_name", 1, "string"),
        _Field("initializer_name", 2, "string"),
        _Field("snapshot_name", 3, "string"),
        _Field("save_slice_info_def", 4, SaveSliceInfoDef),
        _Field("is_resource", 5, "bool"),
        _Field("initial_value_name", 6, "string"),
        _Field("trainable", 7, "bool"),
    )


class CollectionDef(Message):
    """One collection: exactly one of `node_list`, `bytes_list`, `int64_list`, `float_list` (each has `value`)."""

    class NodeList(Message):
        FIELDS = (_Field("value", 1, "string", repeated=True),)

    class BytesList(Message):
        FIELDS = (_Field("value", 1, "bytes", repeated=True),)

    class Int64List(Message):
        FIELDS = (_Field("value", 1, "int64", repeated=True),)

    class FloatList(Message):
        FIELDS = (_Field("value", 1, "float", repeated=True),)


CollectionDef.FIELDS = (
    _Field("node_list", 1, CollectionDef.NodeList, oneof=True),
    _Field("bytes_list", 2, CollectionDef.BytesList, oneof=True),
    _Field("int64_list", 3, CollectionDef.Int64List, oneof=True),
    _Field("float_list", 4, CollectionDef.FloatList, oneof=True),
)


class MetaInfoDef(Message):
    FIELDS = (
        _Field("meta_graph_version", 1, "string"),
        _Field("tags", 4, "string", repeated=True),
        _Field("tensorflow_version", 5, "string"),
        _Field("tensorflow_git_version", 6, "string"),
        _Field("stripped_default_attrs", 7, "bool"),
    )


class MetaGraphDef(Message):
    """TF's MetaGraphDef: what `import_meta_graph` needs to rebuild a graph and its Saver."""

    FIELDS = (
        _Field("meta_info_def", 1, MetaInfoDef),
        _Field("graph_def", 2, GraphDef),
        _Field("saver_def", 3, SaverDef),
        _Field("collection_def", 4, ("map", CollectionDef)),
    )


def variable_def_proto(variable):
    """The VariableDef proto of a tfvars variable."""
    spec = variable.to_proto()
    proto = VariableDefProto(variable_name=spec.variable_name, initializer_name=spec.initializer_name,
                             snapshot_name=spec.snapshot_name, is_resource=spec.is_resource,
                             initial_value_name=spec.initial_value_name, trainable=spec.trainable)
    info = variable._get_save_slice_info()
    if info is not None:
        proto.save_slice_info_def = SaveSliceInfoDef(full_name=info.full_name, full_shape=list(info.full_shape),
                                                     var_offset=list(info.var_offset),
                                                     var_shape=list(info.var_shape))
    return proto


def collection_def(items):
    """The CollectionDef of a collection's items, or None if TF has no proto form for them."""
    from tfvars.variables import Variable
    if all(isinstance(item, Variable) for item in items):
        return CollectionDef(bytes_list=CollectionDef.BytesList(
            value=[variable_def_proto(item).SerializeToString() for item in items]))
    if all(callable(getattr(item, "to_proto", None)) and hasattr(item, "as_saver_def") for item in items):
        return CollectionDef(bytes_list=CollectionDef.BytesList(
            value=[item.to_proto().SerializeToString() for item in items]))
    if all(isinstance(item, (Operation, Tensor)) for item in items):
        return CollectionDef(node_list=CollectionDef.NodeList(value=[item.name for item in items]))
    if all(isinstance(item, (str, bytes)) for item in items):
        return CollectionDef(bytes_list=CollectionDef.BytesList(
            value=[item.encode() if isinstance(item, str) else item for item in items]))
    if all(isinstance(item, (int, np.integer)) and not isinstance(item, bool) for item in items):
        return CollectionDef(int64_list=CollectionDef.Int64List(value=[int(item) for item in items]))
    if all(isinstance(item, (float, np.floating)) for item in items):
        return CollectionDef(float_list=CollectionDef.FloatList(value=[float(item) for item in items]))
    return None


_CONTEXT_COLLECTIONS = frozenset(("cond_context", "while_context"))


def meta_graph_def(graph, saver_def=None, collection_list=None, clear_devices=False):
    """The MetaGraphDef of `graph` with `saver_def` and the collections `collection_list` (default: all)."""
    from tfvars import __version__
    graph_def = graph.as_graph_def(add_shapes=True)
    if clear_devices:
        for node in graph_def.node:
            node.device = ""
    collections = {}
    for key in (collection_list if collection_list is not None else graph.get_all_collection_keys()):
        items = graph.get_collection(key)
        if not items or not isinstance(key, str):
            continue
        if key in _CONTEXT_COLLECTIONS:
            # TF 1.x exports cond and while contexts as CondContextDef/WhileContextDef, for
            # import_meta_graph to rebuild them; tfvars imports no meta graph, so it leaves them out.
            continue
        proto = collection_def(items)
        if proto is None:
            _LOG.warning("Issue encountered when serializing %s. Type is unsupported, or the types of the items "
                         "don't match field type in CollectionDef.", key)
            continue
        collections[key] = proto
    info = MetaInfoDef(tensorflow_version=__version__)
    return MetaGraphDef(meta_info_def=info, graph_def=graph_def, saver_def=saver_def, collection_def=collections)
