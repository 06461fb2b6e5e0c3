"""Control flow as TF 1.x builds it: `tf.cond`, `case`, `while_loop`, `group`, `tuple`, `no_op` and `Assert`.

A cond is dataflow. `Switch(x, pred)` forwards `x` to its true or its false
output; the other output is dead, and so is every op computed from it. Ops
built inside a branch function live in that branch's `CondContext`: each
tensor they take from outside is routed through a Switch of its own, ops
without inputs get a control edge from the branch's pivot, and the two
branches' results meet in a Merge, which forwards whichever is alive:

    >>> import tfvars as tf
    >>> p = tf.placeholder(tf.bool, [], name="p")
    >>> x = tf.constant(1.0, name="x")
    >>> r = tf.cond(p, lambda: x + 1.0, lambda: x)
    >>> [op.name for op in tf.get_default_graph().get_operations()][2:6]
    ['cond/Switch', 'cond/switch_t', 'cond/switch_f', 'cond/pred_id']
    >>> r.name
    'cond/Merge:0'

Ops made outside the branch functions run whichever branch is taken.

A while loop is a frame (`WhileContext`): loop variables enter it (Enter),
meet their next values (Merge of Enter and NextIteration), go through a
Switch on the loop condition (LoopCond), and leave through Exit; tensors
from outside enter as loop invariants (constant Enters).

The ops are defined in `control_flow_primitives`, the contexts in
`cond_context` and `while_context`; this module builds TF's public functions
from them.
"""

import collections

import numpy as np

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import errors
from tfvars.framework import graph as _graph
from tfvars.framework import tensor_shape
from tfvars.framework.graph_keys import GraphKeys
from tfvars.framework.indexed_slices import IndexedSlices
from tfvars.framework.op_def_registry import TypeListAttr, apply_op, register_op
from tfvars.framework.operation import Operation
from tfvars.framework.tensor import Tensor
from tfvars.framework.tensor_conversion import convert_n_to_tensor, convert_to_tensor
from tfvars.ops import array_ops, constant_op, math_ops
from tfvars.ops.cond_context import CondContext
from tfvars.ops.control_flow_primitives import merge, no_op, switch, with_dependencies
from tfvars.ops.logging_ops import summarize_value
from tfvars.ops.while_context import WhileContext
from tfvars.util import nest

__all__ = ["Assert", "case", "cond", "group", "no_op", "tuple", "while_loop"]

# `tuple` below is tf.tuple; this module's own tuples use the builtin.
_basetuple = tuple


# The Assert op.
def _assert_kernel(op, state):
    summarize = op.get_attr("summarize")

    def assert_op(condition, *data):
        if np.ndim(condition) != 0:
            raise errors.InvalidArgumentError(None, None, "In[0] should be a scalar: [%s]"
                                              % ",".join(str(d) for d in np.shape(condition)))
        if not condition:
            raise errors.InvalidArgumentError(
                None, None, "assertion failed: " + " ".join("[%s]" % summarize_value(d, summarize) for d in data))
    return assert_op


register_op("Assert", inputs=["condition: bool", "data: T"], attrs={"T": TypeListAttr(), "summarize": 3},
            kernel=_assert_kernel, stateful=True)


# Grouping.
def group(*inputs, **kwargs):
    """A NoOp that runs after all `inputs` (tensors or ops, possibly nested in lists).

    Inputs on different devices get one NoOp per device, gathered by the returned one.
    """
    name = kwargs.pop("name", None)
    if kwargs:
        raise ValueError("Unknown keyword arguments: " + ", ".join(kwargs.keys()))
    with _graph.op_scope(name, "group_deps", inputs) as scope:
        if not inputs:
            return no_op(name=scope)
        by_device = {}
        for value in nest.flatten(inputs):
            if not hasattr(value, "device"):
                raise TypeError("Expected tf.group() expected Tensor arguments not '%s' with type '%s'"
                                % (value, type(value)))
            by_device.setdefault(value.device, []).append(value)
        if len(by_device) == 1:
            (device, deps), = by_device.items()
            return _group_control_deps(device, deps, name=scope)
        deps = [_group_control_deps(device, by_device[device]) for device in sorted(by_device)]
        with _graph.get_default_graph().control_dependencies(deps):
            return no_op(name=scope)


def _group_control_deps(device, deps, name=None):
    graph = _graph.get_default_graph()
    with graph.control_dependencies(deps), graph.device(device):
        return no_op(name=name)


def tuple(tensors, name=None, control_inputs=None):  # noqa: A001 (TF's name)
    """The `tensors` (None entries kept), each available only once all of them, and `control_inputs`, are computed.

    Raises:
      ValueError: if `tensors` holds no tensor.
      TypeError: if a control input is neither an Operation nor a Tensor.
    """
    with _graph.op_scope(name, "tuple", tensors):
        tensors = [t if isinstance(t, (Operation, Tensor, IndexedSlices)) or t is None else convert_to_tensor(t)
                   for t in tensors]
        gating = [t if isinstance(t, Operation) else t.op for t in tensors if t is not None]
        for control in control_inputs or ():
            if isinstance(control, Tensor):
                control = control.op
            elif not isinstance(control, Operation):
                raise TypeError("Control input must be Operation or Tensor: %s" % (control,))
            gating.append(control)
        gating = sorted(set(gating), key=lambda op: op._id)
        if not gating:
            raise ValueError("Must have at least one Tensor: %s" % (tensors,))
        gate = group(*gating)
        result = []
        for tensor in tensors:
            if isinstance(tensor, (Tensor, IndexedSlices)):
                result.append(with_dependencies([gate], tensor))
            elif isinstance(tensor, Operation):
                with _graph.get_default_graph().control_dependencies([gate]):
                    result.append(group(tensor))
            else:
                result.append(None)
        return result


# cond and case.
def cond(pred, true_fn=None, false_fn=None, strict=False, name=None, fn1=None, fn2=None):
    """`true_fn()` if the scalar bool `pred` is true, else `false_fn()`, as a Switch/Merge graph.

    Both functions are called once, now; at run time only the taken branch's
    ops run. Ops made outside the functions (even if a branch returns them)
    run either way. The branches must return the same nested structure of
    tensors of the same types; a singleton list or tuple is unpacked unless
    `strict`. Returning an op returns the branch's pivot after it.

    Raises:
      TypeError: if `pred` is a Python bool, a function is missing or not
        callable, or the results differ in sequence types.
      ValueError: if a function returns None, nothing, or results of another
        structure or dtype than the other.
    """
    if fn1 is not None:
        if true_fn is not None:
            raise TypeError("cond(): true_fn and fn1 may not be set simultaneously.")
        true_fn = fn1
    elif true_fn is None:
        raise TypeError("cond(): true_fn argument required")
    if fn2 is not None:
        if false_fn is not None:
            raise TypeError("cond(): false_fn and fn2 may not be set simultaneously.")
        false_fn = fn2
    elif false_fn is None:
        raise TypeError("cond(): false_fn argument required")
    if not callable(true_fn):
        raise TypeError("true_fn must be callable.")
    if not callable(false_fn):
        raise TypeError("false_fn must be callable.")
    if isinstance(pred, bool):
        raise TypeError("pred must not be a Python bool")
    with _graph.op_scope(name, "cond", [pred]):
        p_false, p_true = switch(pred, pred)
        pivot_true = array_ops.identity(p_true, name="switch_t")
        pivot_false = array_ops.identity(p_false, name="switch_f")
        pred = array_ops.identity(pred, name="pred_id")
        graph = pred.graph
        for tensor in (p_true, p_false, pivot_true, pivot_false, pred):
            graph.prevent_fetching(tensor.op)
        context_true = CondContext(pred, pivot_true, branch=1)
        original_true, result_true = _build_branch(context_true, true_fn, "true_fn")
        context_false = CondContext(pred, pivot_false, branch=0)
        original_false, result_false = _build_branch(context_false, false_fn, "false_fn")
        if not strict:
            original_true = _unpack_if_singleton(original_true)
            original_false = _unpack_if_singleton(original_false)
        nest.assert_same_structure(original_true, original_false)
        if not result_true:
            raise ValueError("true_fn and false_fn must return at least one result.")
        flat_true, flat_false = nest.flatten(result_true), nest.flatten(result_false)
        for x, y in zip(flat_true, flat_false):
            if x.dtype.base_dtype != y.dtype.base_dtype:
                raise ValueError("Outputs of true_fn and false_fn must have the same type: %s, %s"
                                 % (x.dtype.name, y.dtype.name))
        merges = [merge([y, x])[0] for x, y in zip(flat_true, flat_false)]
        if context_true.outer_context is None:
            graph.add_to_collection(GraphKeys.COND_CONTEXT, context_true)
            graph.add_to_collection(GraphKeys.COND_CONTEXT, context_false)
        merges = nest.pack_sequence_as(original_true, merges)
        return merges if strict else _unpack_if_singleton(merges)


def _build_branch(context, fn, fn_name):
    context.enter()
    try:
        original, result = context.build_branch(fn)
        if original is None:
            raise ValueError("%s must have a return value." % fn_name)
        context.exit_result(result)
    finally:
        context.exit()
    return original, result


def _unpack_if_singleton(value):
    if isinstance(value, (list, _basetuple)) and len(value) == 1:
        return value[0]
    return value


def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """The result of the first pair whose predicate is true, else of `default`: nested conds, as TF builds them.

    `pred_fn_pairs` is a list of (scalar bool tensor, callable) pairs, or a
    dict (ordered by the predicates' names). Without `default`, the last
    pair's function serves as default, guarded by asserts that no other
    predicate is true and its own is. With `exclusive`, an assert checks that
    at most one predicate is true.

    Raises:
      TypeError: if `pred_fn_pairs` is not a list, tuple or dict of
        (bool tensor, callable) pairs.
    """
    predicates, actions = _case_verify_and_canonicalize_args(pred_fn_pairs, exclusive, name)
    with _graph.op_scope(name, "case", [predicates]):
        if default is None:
            default, predicates, actions = _case_create_default_action(predicates, actions)
        fn = default
        # The conds are made in the predicates' order: the first is the outermost.
        for predicate, action in reversed(list(zip(predicates, actions))):
            fn = _case_branch(predicate, action, fn, strict)
        if exclusive:
            with _graph.get_default_graph().control_dependencies(
                    [_assert_at_most_n_true(predicates, n=1, msg="Input error: exclusive=True")]):
                return fn()
        return fn()


def _case_branch(predicate, action, otherwise, strict):
    return lambda: cond(predicate, true_fn=action, false_fn=otherwise, strict=strict)


def _case_verify_and_canonicalize_args(pred_fn_pairs, exclusive, name):
    if not isinstance(pred_fn_pairs, (list, _basetuple, dict)):
        raise TypeError("fns must be a list, tuple, or dict")
    if isinstance(pred_fn_pairs, collections.OrderedDict):
        pred_fn_pairs = list(pred_fn_pairs.items())
    elif isinstance(pred_fn_pairs, dict):
        pred_fn_pairs = sorted(pred_fn_pairs.items(), key=lambda item: item[0].name)
    for pair in pred_fn_pairs:
        if not isinstance(pair, _basetuple) or len(pair) != 2:
            raise TypeError("Each entry in pred_fn_pairs must be a 2-tuple")
        pred, fn = pair
        if not isinstance(pred, Tensor):
            raise TypeError("pred must be a Tensor, got: %s" % (pred,))
        if pred.dtype != _dtypes.bool_:
            raise TypeError("pred must be Tensor of type bool: %s" % pred.name)
        if not callable(fn):
            raise TypeError("fn for pred %s must be callable." % pred.name)
    predicates, actions = zip(*pred_fn_pairs)
    return list(predicates), list(actions)


def _case_create_default_action(predicates, actions):
    """The last action as default, run after asserts that its predicate is the only true one."""
    k = len(predicates) - 1
    predicate, action = predicates[k], actions[k]
    other_predicates, other_actions = predicates[:k], actions[:k]

    def default_action():
        others_msg = ("Implementation error: selected default action #%d was called, but some of other "
                      "predicates are True: " % k)
        default_msg = ("Input error: None of conditions evaluated as True:",
                       array_ops.stack(predicates, name="preds_c"))
        with _graph.get_default_graph().control_dependencies([
                _assert_at_most_n_true(other_predicates, n=0, msg=others_msg),
                Assert(predicate, data=default_msg)]):
            return action()
    return default_action, other_predicates, other_actions


def _assert_at_most_n_true(predicates, n, msg):
    """An Assert that at most `n` of the bool scalars `predicates` are true."""
    stacked = array_ops.stack(predicates, name="preds_c")
    num_true = math_ops.reduce_sum(math_ops.cast(stacked, _dtypes.int32), name="num_true_conds")
    condition = math_ops.less_equal(num_true, constant_op.constant(n, name="n_true_conds"))
    names = ", ".join(getattr(p, "name", "?") for p in predicates)
    data = ["%s: more than %d conditions (%s) evaluated as True:" % (msg, n, names), stacked]
    return Assert(condition, data=data, summarize=len(predicates))


# Assert.
def Assert(condition, data, summarize=None, name=None):  # noqa: N802 (TF's name)
    """An "Assert" op: when run, InvalidArgumentError "assertion failed: [data]..." unless `condition` is true.

    `data` (tensors or Python values) is printed as tf.Print prints it. Unless
    all of `data` is int32 or string, the Assert sits in the false branch of
    a cond on `condition` ("AssertGuard"), so its data is only computed when
    it fails; the returned op is then that cond's Merge.
    """
    with _graph.op_scope(name, "Assert", [condition, data]):
        tensors = convert_n_to_tensor(data)
        if all(t.dtype.base_dtype in (_dtypes.string, _dtypes.int32) for t in tensors):
            return apply_op("Assert", condition=condition, data=data, summarize=summarize, name="Assert")
        condition = convert_to_tensor(condition, name="Condition")

        def true_assert():
            return apply_op("Assert", condition=condition, data=data, summarize=summarize, name="Assert")
        return cond(condition, no_op, true_assert, name="AssertGuard").op


# while_loop.
def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10, back_prop=True,
               swap_memory=False, name=None, maximum_iterations=None, return_same_structure=False):
    """Repeats `body` while `cond` is true, as one frame of Enter/Merge/Switch/NextIteration/Exit ops.

    `cond` and `body` are called once, now, on the loop variables' Merge
    (condition) and Identity (body) tensors; `body` returns the next values,
    in the structure of `loop_vars`. Each loop variable must keep its shape
    (or fit its entry in `shape_invariants`) from one iteration to the next.
    With `maximum_iterations`, a counter stops the loop after that many
    iterations. Returns the Exit tensors, packed like `loop_vars` (a single
    loop variable unpacked unless `return_same_structure`).

    Raises:
      TypeError: if `cond` or `body` is not callable, or `parallel_iterations` < 1.
      ValueError: if `loop_vars` is empty, or a loop variable's shape changes
        beyond its invariant.
    """
    if not callable(cond):
        raise TypeError("cond must be callable.")
    if not callable(body):
        raise TypeError("body must be callable.")
    if parallel_iterations < 1:
        raise TypeError("parallel_iterations must be a positive integer.")
    with _graph.op_scope(name, "while", loop_vars):
        if not loop_vars:
            raise ValueError("No loop variables provided")
        try_to_pack = len(loop_vars) == 1 and not return_same_structure
        if maximum_iterations is not None:
            cond, body, loop_vars = _counted_loop(cond, body, loop_vars, maximum_iterations, try_to_pack)
            if shape_invariants is not None:
                shape_invariants = (tensor_shape.scalar(), shape_invariants)
        if shape_invariants is not None:
            nest.assert_same_structure(loop_vars, shape_invariants)
            shape_invariants = nest.flatten(shape_invariants)
        context = WhileContext(maximum_iterations=maximum_iterations, parallel_iterations=parallel_iterations,
                               back_prop=back_prop, swap_memory=swap_memory)
        if context.outer_context is None:
            _graph.get_default_graph().add_to_collection(GraphKeys.WHILE_CONTEXT, context)
        result = context.build_loop(cond, body, loop_vars, shape_invariants, return_same_structure)
        return result if maximum_iterations is None else result[1]


def _counted_loop(cond, body, loop_vars, maximum_iterations, try_to_pack):
    """(cond, body, loop_vars) with an iteration counter ANDed into the condition, as TF adds it."""
    maximum_iterations = convert_to_tensor(maximum_iterations, name="maximum_iterations")
    if maximum_iterations.shape.ndims != 0:
        raise ValueError("maximum_iterations must be a scalar, saw shape: %s" % maximum_iterations.shape)
    counter = constant_op.constant(0, dtype=maximum_iterations.dtype, name="iteration_counter")
    if try_to_pack:
        return (lambda i, lv: math_ops.logical_and(i < maximum_iterations, cond(lv)),
                lambda i, lv: (i + 1, body(lv)), (counter, loop_vars[0]))
    return (lambda i, lv: math_ops.logical_and(i < maximum_iterations, cond(*lv)),
            lambda i, lv: (i + 1, body(*lv)), (counter, loop_vars))
