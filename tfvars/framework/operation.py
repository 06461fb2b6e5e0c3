"""`tf.Operation`: a node of the graph, with typed inputs and outputs."""

import os
import sys

from tfvars.framework.tensor import Tensor

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_SKIPPED_FILES = ("contextlib.py",)
# The co_filenames seen on the stack that are tfvars' own (every op walks the stack past them), and the
# basenames of the others.
_PACKAGE_FILES = set()
_USER_FILES = {}


def _user_frame():
    """(file basename, code, instruction offset) of the innermost caller outside tfvars, or None.

    The line number is found only when asked (`_origin`): every op records
    where it was made, few are ever shown.
    """
    frame = sys._getframe(2)
    package_files = _PACKAGE_FILES
    while True:
        try:
            while frame.f_code.co_filename in package_files:  # the tight loop: every op runs it
                frame = frame.f_back
        except AttributeError:  # past the outermost frame: every caller is tfvars'
            return None
        filename = frame.f_code.co_filename
        basename = _USER_FILES.get(filename)
        if basename is None:
            if filename.startswith(_PACKAGE_DIR) or filename.endswith(_SKIPPED_FILES):
                package_files.add(filename)
                continue
            basename = _USER_FILES[filename] = os.path.basename(filename)
        return (basename, frame.f_code, frame.f_lasti)


def _origin(where):
    """A `_user_frame()` result as (file basename, line, function); None stays None."""
    if where is None:
        return None
    basename, code, offset = where
    line = code.co_firstlineno
    for start, end, found in code.co_lines():
        if start <= offset < end:
            line = found if found is not None else line
            break
    return (basename, line, code.co_name)


class Operation:
    """A node that computes `outputs` from `inputs` once `control_inputs` have run.

    Operations are made by `Graph.create_op` (through the op library), never
    directly; the op's `type` names its kernel ("Add", "MatMul", "VariableV2").
    """

    # A graph holds thousands of these: slots keep each op one object (no attribute dict to allocate or to
    # scan when the garbage collector runs).
    __slots__ = ("_graph", "_type", "_name", "_inputs", "_output_types", "_attrs", "_control_inputs", "_op_def",
                 "_device", "_outputs", "_id", "_control_flow_context", "_traceback", "__weakref__")

    def __init__(self, graph, op_type, name, inputs, output_types, attrs, control_inputs, op_def):
        self._graph = graph
        self._type = op_type
        self._name = name
        self._inputs = tuple(inputs)
        self._output_types = tuple(output_types)
        self._attrs = dict(attrs or {})
        self._control_inputs = tuple(control_inputs)  # most ops have none: the shared empty tuple
        self._op_def = op_def
        self._device = ""
        self._outputs = []
        self._id = None
        self._control_flow_context = graph._control_flow_context
        self._traceback = _user_frame()

    def _create_outputs(self, shapes):
        self._outputs = [Tensor(self, i, dtype, shape)
                         for i, (dtype, shape) in enumerate(zip(self._output_types, shapes))]

    @property
    def name(self):
        return self._name

    @property
    def type(self):
        return self._type

    @property
    def graph(self):
        return self._graph

    @property
    def inputs(self):
        return self._inputs

    @property
    def outputs(self):
        return list(self._outputs)

    @property
    def control_inputs(self):
        return list(self._control_inputs)

    @property
    def device(self):
        return self._device

    @property
    def op_def(self):
        return self._op_def

    @property
    def node_def(self):
        """This op as a plain-data NodeDef (name, op, inputs with `^control`, device, attrs)."""
        from tfvars.framework import graph_def
        return graph_def.node_def(self)

    @property
    def traceback(self):
        """Where the op was created: [(file, line, function)] of the user's code."""
        return [_origin(self._traceback)] if self._traceback else []

    def values(self):
        return tuple(self._outputs)

    def get_attr(self, name):
        try:
            return self._attrs[name]
        except KeyError:
            raise ValueError("No attr named '%s' in NodeDef: %s" % (name, self._name)) from None

    def colocation_groups(self):
        """The `loc:@name` groups this op must be placed with (itself when none were set)."""
        groups = self._attrs.get("_class")
        return list(groups) if groups else [("loc:@%s" % self._name).encode()]

    def _set_device(self, device):
        self._device = device

    def _add_control_input(self, op):
        """Adds a control input after creation (used by control flow and the graph's journal)."""
        self._add_control_inputs([op])

    def _add_control_inputs(self, ops):
        if not all(isinstance(op, Operation) for op in ops):
            raise TypeError("op must be an Operation: %r" % (ops,))
        added = [op for op in ops if op not in self._control_inputs]
        if not added:
            return
        old = self._control_inputs
        self._control_inputs = old + tuple(added)
        self._graph._structure_changed()
        self._graph._record_undo(lambda: setattr(self, "_control_inputs", old))

    def _remove_all_control_inputs(self):
        """Drops every control input (as control flow does); undone with a failed construction."""
        old = self._control_inputs
        self._control_inputs = ()
        self._graph._structure_changed()
        self._graph._record_undo(lambda: setattr(self, "_control_inputs", old))

    def _update_input(self, index, tensor):
        """Makes `tensor` input `index` (as control flow does); undone with a failed construction."""
        old_inputs = self._inputs
        old = old_inputs[index]
        self._inputs = old_inputs[:index] + (tensor,) + old_inputs[index + 1:]
        old._consumers.remove(self)
        tensor._consumers.append(self)
        self._graph._structure_changed()

        def undo():
            self._inputs = old_inputs
            tensor._consumers.remove(self)
            old._consumers.append(self)
        self._graph._record_undo(undo)

    def run(self, feed_dict=None, session=None):
        """Runs this op in `session` (default: the default session)."""
        from tfvars import session as session_lib
        session_lib._run_using_default_session(self, feed_dict, self._graph, session)

    def __repr__(self):
        return "<tf.Operation '%s' type=%s>" % (self._name, self._type)

    def __str__(self):
        return str(self.node_def)
