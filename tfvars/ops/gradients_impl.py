"""`tf.gradients`: symbolic derivatives, built as ops in a "gradients" name scope.

The algorithm is TF 1.x's, in named steps:

1. `_pending_count`: mark the ops reachable forward from the xs (through float
   tensors only), then the ops between the ys and the xs; count, for each op,
   how many between-ops consume its outputs.
2. Seed the ys with their initial gradients (`_default_grad_ys`: ones, or the
   given `grad_ys` through an Identity "grad_ys_<i>").
3. Visit ops in reverse topological order (`_backprop_op`): sum the gradients
   of each output (`_aggregated_grads`: AddN, or a concat of IndexedSlices),
   call the op's gradient function in the scope "<op name>_grad", and record
   the gradient of each input. An op becomes ready when every consumer on a
   path to the ys has been visited (`_update_pending_and_enqueue_ready`).
4. Read each x's gradient (`_get_grad`): None, or zeros with
   `unconnected_gradients=tf.UnconnectedGradients.ZERO`.

Control flow plugs in through `ControlFlowState`: the traversal asks it to
enter and leave gradient contexts around each op, to make zeros for outputs
without a gradient, to process loop exits and to finish up. The base class
here has no loops; the cond/while gradient module subclasses it and installs
its factory with `set_control_flow_state_factory` (see that class).
"""

import collections
import contextlib
import enum

import numpy as np

from tfvars import resource_variables
from tfvars.framework import dtypes as _dtypes
from tfvars.framework import graph as _graph
from tfvars.framework.gradient_registry import get_gradient_function
from tfvars.framework.indexed_slices import IndexedSlices
from tfvars.framework.tensor import Tensor
from tfvars.framework.tensor_conversion import convert_to_tensor, convert_to_tensor_or_indexed_slices
from tfvars.ops import array_ops
from tfvars.ops import constant_op
from tfvars.ops import control_flow_ops
from tfvars.ops import math_ops
from tfvars.ops import resource_variable_ops

__all__ = ["gradients", "UnconnectedGradients", "AggregationMethod"]

# Tensors of these types carry gradients (TF 1.x's `_IsTrainable`, without the complex types tfvars lacks).
_TRAINABLE_TYPES = frozenset((_dtypes.float16, _dtypes.float32, _dtypes.float64, _dtypes.resource, _dtypes.variant))


class UnconnectedGradients(enum.Enum):
    """What `tf.gradients` returns for an x the ys do not depend on: None, or zeros shaped like x."""

    NONE = "none"
    ZERO = "zero"


class AggregationMethod:
    """How `tf.gradients` sums the gradients reaching one tensor from several consumers.

    ADD_N (the default) sums them in one AddN; EXPERIMENTAL_TREE adds them pairwise, in a
    "<op name>_gradient_sum" scope. TF 1.x: EXPERIMENTAL_ACCUMULATE_N adds pairwise too (TF
    uses an AccumulateNV2 op for more than two gradients of a fully known shape).
    """

    ADD_N = 0
    DEFAULT = ADD_N
    EXPERIMENTAL_TREE = 1
    EXPERIMENTAL_ACCUMULATE_N = 2


class ControlFlowState:
    """What the traversal asks of control flow; this base is for graphs without while loops.

    `gradients` makes one per call with the factory installed by
    `set_control_flow_state_factory`, called as
    `factory(between_op_list, between_ops, colocate_gradients_with_ops)`.
    Where cond and while_loop gradients plug in:

    - `enter_grad_context(op, before)` / `exit_grad_context(op, before)` wrap the
      aggregation (`before=True`) and the gradient function (`before=False`) of
      each op: a while loop enters its gradient loop's context there (TF's
      `ControlFlowState.EnterGradWhileContext`).
    - `zeros_like(op, index)` makes the gradient of an output that received none;
      a cond's Switch output needs its zeros built on the untaken branch.
    - `unused_loop_exits(pending_count, to_ops)` lists loop Exit tensors the
      traversal starts from, with the gradient `zeros_like_for_exit(exit)` if trainable.
    - `ready_with_pending(op)`: whether `op` is ready although consumers remain to
      be visited (a while loop's Switch is visited once from its Exit, once from the body).
    - `enqueue_ready(op, queue, grads)` queues an input op once it is ready; a
      while loop defers Exit ops until all exits of the loop are ready.
    - `post_processing()` runs after the traversal (TF fills loop accumulators there).

    The factory may add ops to `between_op_list`/`between_ops` (a loop's unused
    exits); pending counts are computed after it returns.

    The gradient functions of Switch, Merge, Enter, Exit and NextIteration are
    registered with `RegisterGradient` like any other.
    """

    def __init__(self, between_op_list, between_ops, colocate_gradients_with_ops):
        """Takes the ops between the xs and the ys (in visiting order, and as a set); loop-free graphs need none."""

    def enter_grad_context(self, op, before):
        """Called before aggregating (before=True) and before calling the gradient function of `op`."""

    def exit_grad_context(self, op, before):
        """Called after aggregating (before=True) and after recording the gradients of `op`'s inputs."""

    def zeros_like(self, op, index):
        """The zero gradient of output `index` of `op`, which received none."""
        output = op.outputs[index]
        if output.dtype == _dtypes.resource:
            return _zeros_for_handle(output)
        return array_ops.zeros_like(output, optimize=False)

    def unused_loop_exits(self, pending_count, to_ops):
        """Loop exits the traversal starts from: none without loops."""
        return []

    def zeros_like_for_exit(self, exit_tensor):
        """The zero gradient of an unused loop exit."""
        return array_ops.zeros_like(exit_tensor, optimize=False)

    def ready_with_pending(self, op):
        """Whether `op` is ready while some of its consumers are still to be visited: never without loops."""
        return False

    def enqueue_ready(self, op, queue, grads):
        """Queues `op`, whose consumers have all been visited."""
        queue.append(op)

    def post_processing(self):
        """Called once the traversal is done."""


_control_flow_state_factory = ControlFlowState


def set_control_flow_state_factory(factory):
    """Makes `gradients` build its `ControlFlowState` with `factory`; returns the previous factory."""
    global _control_flow_state_factory
    previous, _control_flow_state_factory = _control_flow_state_factory, factory
    return previous


def gradients(ys, xs, grad_ys=None, name="gradients", colocate_gradients_with_ops=False, gate_gradients=False,
              aggregation_method=None, stop_gradients=None, unconnected_gradients=UnconnectedGradients.NONE):
    """The symbolic derivatives of sum(ys) with respect to each x in `xs`.

    Args:
      ys: a Tensor or list of tensors to differentiate.
      xs: a Tensor, Variable (ref or resource) or list of them.
      grad_ys: the gradients received by the ys (default: ones shaped like each y).
      name: the name scope of the gradient ops ("gradients", made unique).
      colocate_gradients_with_ops: place each gradient op with the op it differentiates.
      gate_gradients: group each op's input gradients with a `tf.tuple`, so that
        none is used before all are computed.
      aggregation_method: an `AggregationMethod` value.
      stop_gradients: tensors treated as constants (no gradient flows through them).
      unconnected_gradients: `UnconnectedGradients.NONE` (None for an x that ys do
        not depend on) or `ZERO` (zeros shaped like x); or their values "none"/"zero".

    Returns:
      A list as long as `xs`: Tensors, IndexedSlices (e.g. through a gather) or None.

    Raises:
      LookupError: if an op on the path has no registered gradient.
      TypeError: for grad_ys of the wrong type.
      ValueError: for arguments of the wrong length or value, or gradients of the wrong shape.
    """
    unconnected_gradients = _as_unconnected_gradients(unconnected_gradients)
    aggregation_method = _checked_aggregation_method(aggregation_method)
    ys, xs = _as_list(ys), _as_list(xs)
    stop_gradients = [] if stop_gradients is None else _as_list(stop_gradients)
    grad_ys = [None] * len(ys) if grad_ys is None else _as_list(grad_ys)
    values = ys + xs + stop_gradients + grad_ys
    graph = _graph._get_graph_from_inputs([v for v in values if v is not None and not isinstance(v, IndexedSlices)])
    with graph.as_default(), graph._atomic(), _control_flow_context_kept(graph):
        with _graph.op_scope(name, "gradients", values):
            xs, grads, control_flow_state = _build_gradients(
                graph, ys, xs, grad_ys, stop_gradients, colocate_gradients_with_ops, gate_gradients,
                aggregation_method)
        control_flow_state.post_processing()
        return [_get_grad(grads, x, unconnected_gradients) for x in xs]


@contextlib.contextmanager
def _control_flow_context_kept(graph):
    """Leaves the graph in its control-flow context, also when a gradient function raises inside a loop's."""
    context = graph._control_flow_context
    try:
        yield
    finally:
        graph._control_flow_context = context


def _build_gradients(graph, ys, xs, grad_ys, stop_gradients, colocate, gate_gradients, aggregation_method):
    """Steps 1-3 of the module docstring; returns (xs as tensors, the gradients by op, the control flow state)."""
    ys = [convert_to_tensor_or_indexed_slices(y, name="y_%d" % i) for i, y in enumerate(ys)]
    xs = _xs_as_tensors(xs)
    grad_ys = _default_grad_ys(graph, grad_ys, ys, colocate)
    to_ops = [t.op for t in ys]
    from_ops = [t.op for t in xs]
    stop_gradient_ops = [convert_to_tensor(t).op for t in stop_gradients]
    reachable_to_ops, pending_count, control_flow_state = _pending_count(to_ops, from_ops, colocate)

    grads = {}
    for y, grad_y in zip(ys, grad_ys):
        _set_grad(grads, y, grad_y)
    queue = collections.deque()
    queued = set()
    for op in to_ops:
        if pending_count[op] == 0 and op not in queued and op in reachable_to_ops:
            queued.add(op)
            queue.append(op)
    for exit_tensor in control_flow_state.unused_loop_exits(pending_count, queued):
        if _is_trainable(exit_tensor):
            _set_grad(grads, exit_tensor, control_flow_state.zeros_like_for_exit(exit_tensor))
        queue.append(exit_tensor.op)
    stop_ops = _stop_ops(from_ops, stop_gradient_ops, pending_count)
    while queue:
        op = queue.popleft()
        with _maybe_colocate_with(graph, op, colocate):
            _backprop_op(graph, op, grads, stop_ops, control_flow_state, gate_gradients, aggregation_method)
        _update_pending_and_enqueue_ready(grads, op, queue, pending_count, control_flow_state)
    return xs, grads, control_flow_state


# Arguments.
def _as_list(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _as_unconnected_gradients(value):
    """`value` (an UnconnectedGradients or its string value) as an UnconnectedGradients."""
    try:
        return UnconnectedGradients(value.value if isinstance(value, UnconnectedGradients) else value)
    except ValueError:
        raise ValueError("Unknown value for unconnected_gradients: %r" % (value,)) from None


def _checked_aggregation_method(method):
    method = AggregationMethod.DEFAULT if method is None else method
    if method not in (AggregationMethod.ADD_N, AggregationMethod.EXPERIMENTAL_TREE,
                      AggregationMethod.EXPERIMENTAL_ACCUMULATE_N):
        raise ValueError("Invalid aggregation_method specified %s." % (method,))
    return method


def _xs_as_tensors(xs):
    """The xs as tensors: a resource variable is its handle; a ref variable its ref tensor (as_ref, as TF)."""
    tensors = []
    for i, x in enumerate(xs):
        if isinstance(x, resource_variables.BaseResourceVariable):
            x = x.handle
        tensors.append(convert_to_tensor(x, name="x_%d" % i, as_ref=True))
    return tensors


def _default_grad_ys(graph, grad_ys, ys, colocate):
    """The initial gradient of each y: Fill(Shape(y), 1), or the given one through an Identity "grad_ys_<i>".

    Raises:
      ValueError: if `grad_ys` and `ys` differ in length.
      TypeError: if a grad_y's type does not suit its y.
    """
    if len(grad_ys) != len(ys):
        raise ValueError("Passed %d grad_ys for %d ys" % (len(grad_ys), len(ys)))
    grad_ys = [None if g is None else convert_to_tensor_or_indexed_slices(g, name="grad_y_%d" % i)
               for i, g in enumerate(grad_ys)]
    result = []
    for i, (grad_y, y) in enumerate(zip(grad_ys, ys)):
        with _maybe_colocate_with(graph, y.op, colocate):
            if grad_y is None:
                shape = array_ops.shape(y)
                dtype = y.dtype.base_dtype
                one = constant_op.constant(np.ones((), dtype.as_numpy_dtype), dtype=dtype, name="grad_ys_%d" % i)
                result.append(array_ops.fill(shape, one))
                continue
            _check_grad_y_type(grad_y, y)
            result.append(_named_grad_y(grad_y, i))
    return result


def _check_grad_y_type(grad_y, y):
    """TF's TypeErrors for a grad_y that is not real for a real y, or a y that is not numeric."""
    if y.dtype.is_floating or y.dtype.is_integer:
        if not grad_y.dtype.is_floating and not grad_y.dtype.is_integer:
            raise TypeError("Gradient type %s generated for real or integer-valued tensor %s with type %s must be "
                            "real or integer" % (grad_y.dtype.name, y, y.dtype.name))
    elif y.dtype.base_dtype not in (_dtypes.resource, _dtypes.variant):
        raise TypeError("Tensor %s with type %s must be numeric to obtain a default gradient" % (y, y.dtype.name))


def _named_grad_y(grad_y, i):
    """The given grad_y through Identity ops named in the gradient scope, as TF names them."""
    if not isinstance(grad_y, IndexedSlices):
        return array_ops.identity(grad_y, name="grad_ys_%d" % i)
    dense_shape = grad_y.dense_shape
    if isinstance(dense_shape, Tensor):
        dense_shape = array_ops.identity(dense_shape, name="grad_ys_%d_shape" % i)
    return IndexedSlices(array_ops.identity(grad_y.values, name="grad_ys_%d_values" % i),
                         array_ops.identity(grad_y.indices, name="grad_ys_%d_indices" % i), dense_shape)


def _maybe_colocate_with(graph, op, colocate):
    return graph.colocate_with(op) if colocate else contextlib.nullcontext()


# Step 1: the ops between the xs and the ys.
def _is_trainable(tensor):
    return tensor.dtype.base_dtype in _TRAINABLE_TYPES


def _marked_reached_ops(from_ops):
    """The ops reachable from `from_ops` through float (or resource) tensors."""
    reached = set()
    queue = collections.deque(from_ops)
    while queue:
        op = queue.popleft()
        if op in reached:
            continue
        reached.add(op)
        for output in op.outputs:
            if _is_trainable(output):
                queue.extend(output.consumers())
    return reached


def _pending_count(to_ops, from_ops, colocate):
    """(reachable to_ops, pending count by op, the `ControlFlowState` made for the ops between)."""
    reached = _marked_reached_ops(from_ops)
    reachable_to_ops = {op for op in to_ops if op in reached}
    between_ops = set()
    between_op_list = []
    queue = collections.deque(to_ops)
    while queue:
        op = queue.popleft()
        if op in reached:
            between_ops.add(op)
            between_op_list.append(op)
            reached.remove(op)
            queue.extend(t.op for t in op.inputs)
    control_flow_state = _control_flow_state_factory(between_op_list, between_ops, colocate)
    pending_count = collections.defaultdict(int)
    for op in between_op_list:
        for tensor in op.inputs:
            if tensor.op in between_ops:
                pending_count[tensor.op] += 1
    return reachable_to_ops, pending_count, control_flow_state


def _stop_ops(from_ops, stop_gradient_ops, pending_count):
    """The ops to stop at: xs' ops with no between-op input, and the `stop_gradients` ops."""
    stop_ops = {op for op in from_ops if all(pending_count[t.op] <= 0 for t in op.inputs)}
    stop_ops.update(stop_gradient_ops)
    return stop_ops


# Step 3: one op.
def _backprop_op(graph, op, grads, stop_ops, control_flow_state, gate_gradients, aggregation_method):
    """Sums the gradients of `op`'s outputs, calls its gradient function and records its inputs' gradients."""
    control_flow_state.enter_grad_context(op, before=True)
    out_grads = _aggregated_grads(grads, op, aggregation_method)
    control_flow_state.exit_grad_context(op, before=True)
    has_out_grads = any(g is not None for g in out_grads)
    grad_fn = get_gradient_function(op) if has_out_grads and op not in stop_ops else None
    control_flow_state.enter_grad_context(op, before=False)
    if grad_fn is not None:
        for i, out_grad in enumerate(out_grads):
            if out_grad is None and _is_trainable(op.outputs[i]):
                out_grads[i] = control_flow_state.zeros_like(op, i)
        with graph.name_scope(op.name + "_grad"):
            in_grads = _as_list(grad_fn(op, *out_grads))
            _verify_generated_gradients(in_grads, op)
            if gate_gradients and len([g for g in in_grads if g is not None]) > 1:
                with graph.device(None), graph.colocate_with(None, ignore_existing=True):
                    in_grads = control_flow_ops.tuple(in_grads)
    else:
        in_grads = [None] * len(op.inputs)
    for i, (t_in, in_grad) in enumerate(zip(op.inputs, in_grads)):
        if in_grad is None:
            continue
        if isinstance(in_grad, Tensor) and t_in.dtype != _dtypes.resource:
            _narrow_shape(op, i, t_in, in_grad)
        _set_grad(grads, t_in, in_grad)
    control_flow_state.exit_grad_context(op, before=False)


def _verify_generated_gradients(in_grads, op):
    if len(in_grads) != len(op.inputs):
        raise ValueError("Num gradients %d generated for op %s do not match num inputs %d"
                         % (len(in_grads), op.node_def, len(op.inputs)))


def _narrow_shape(op, index, t_in, in_grad):
    try:
        in_grad.set_shape(t_in.shape)
    except ValueError:
        raise ValueError("Incompatible shapes between op input and calculated input gradient.  Forward "
                         "operation: %s.  Input index: %d. Original input shape: %s.  Calculated input gradient "
                         "shape: %s" % (op.name, index, t_in.shape, in_grad.shape)) from None


def _update_pending_and_enqueue_ready(grads, op, queue, pending_count, control_flow_state):
    for tensor in op.inputs:
        pending_count[tensor.op] -= 1
        count = pending_count[tensor.op]
        if count == 0 or (count > 0 and control_flow_state.ready_with_pending(tensor.op)):
            control_flow_state.enqueue_ready(tensor.op, queue, grads)


# Gradients by tensor.
def _set_grad(grads, tensor, grad):
    """Adds `grad` to the gradients received by `tensor`.

    A while loop's Switch, visited a second time, already holds its summed
    gradients: the new one replaces the (None) sum of its body output.
    """
    op_grads = grads.get(tensor.op)
    if op_grads is None:
        op_grads = grads[tensor.op] = [[] for _ in tensor.op.outputs]
    received = op_grads[tensor.value_index]
    if isinstance(received, list):
        received.append(grad)
    else:
        op_grads[tensor.value_index] = grad


def _has_any_not_none_grads(grads, op):
    """Whether any output of `op` has received a gradient."""
    for out_grad in grads.get(op) or ():
        if isinstance(out_grad, (Tensor, IndexedSlices)) or (isinstance(out_grad, list) and any(
                g is not None for g in out_grad)):
            return True
    return False


def _aggregated_grads(grads, op, aggregation_method):
    """One gradient (or None) per output of `op`: the sum of the gradients it received.

    The sums replace the lists in `grads`, where `_get_grad` reads an x's gradient.

    Raises:
      TypeError: if the gradients are neither Tensors nor IndexedSlices.
    """
    out_grads = grads.get(op) or [[] for _ in op.outputs]
    for i, out_grad in enumerate(out_grads):
        if not isinstance(out_grad, list):
            continue  # summed on a loop Switch's first visit
        received = [g for g in out_grad if g is not None]
        if not all(isinstance(g, (Tensor, IndexedSlices)) for g in received):
            raise TypeError("gradients have to be either all Tensors or all IndexedSlices")
        if not received:
            out_grads[i] = None
        elif len(received) == 1:
            out_grads[i] = received[0]
        elif all(isinstance(g, Tensor) for g in received):
            out_grads[i] = _sum_tensors(op, received, aggregation_method)
        else:
            out_grads[i] = _aggregate_indexed_slices(received)
    return list(out_grads)


def _sum_tensors(op, tensors, aggregation_method):
    if aggregation_method == AggregationMethod.ADD_N:
        return _multi_device_add_n(tensors)
    with _graph.get_default_graph().name_scope(op.name + "_gradient_sum"):
        running_sum = tensors[0]
        for tensor in tensors[1:]:
            running_sum = math_ops.add_n([running_sum, tensor])
        return running_sum


def _multi_device_add_n(tensors):
    """An AddN per device (placed with its first gradient), then an AddN of those, as TF 1.x sums gradients."""
    graph = _graph.get_default_graph()
    by_device = collections.defaultdict(list)
    for tensor in tensors:
        by_device[tensor.device].append(tensor)
    summands = []
    for device in sorted(by_device):
        group = by_device[device]
        with graph.colocate_with(group[0].op, ignore_existing=True):
            summands.append(math_ops.add_n(group))
    return math_ops.add_n(summands)


def _aggregate_indexed_slices(grads):
    """Several gradients of one tensor, some IndexedSlices, as one IndexedSlices of the concatenated rows."""
    slices = [g if isinstance(g, IndexedSlices) else _as_indexed_slices(g) for g in grads]
    if len({s.indices.dtype for s in slices}) > 1:
        slices = [IndexedSlices(s.values, math_ops.cast(s.indices, _dtypes.int64), s.dense_shape) for s in slices]
    return IndexedSlices(array_ops.concat([s.values for s in slices], axis=0),
                         array_ops.concat([s.indices for s in slices], axis=0), slices[0].dense_shape)


def _as_indexed_slices(tensor):
    """A dense gradient as IndexedSlices of all its rows."""
    shape = array_ops.shape(tensor)
    return IndexedSlices(tensor, math_ops.range(0, shape[0]), shape)


# Step 4.
def _get_grad(grads, tensor, unconnected_gradients):
    """The gradient of `tensor` (an x): what it received, or None/zeros if nothing reached it."""
    op_grads = grads.get(tensor.op)
    grad = op_grads[tensor.value_index] if op_grads else None
    if grad is not None:
        return grad
    if unconnected_gradients == UnconnectedGradients.NONE:
        return None
    if tensor.dtype == _dtypes.resource:
        return _zeros_for_handle(tensor)
    return array_ops.zeros_like(tensor, dtype=tensor.dtype.base_dtype)


def _zeros_for_handle(handle):
    """Zeros shaped like the variable behind a resource handle (of its dtype, and static shape when known)."""
    data = resource_variable_ops.handle_shape_and_dtype(handle)
    if data is None:
        return array_ops.zeros(resource_variable_ops.variable_shape(handle))
    zeros = array_ops.zeros(resource_variable_ops.variable_shape(handle), dtype=data[1])
    zeros.set_shape(data[0])
    return zeros
