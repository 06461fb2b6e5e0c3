"""Run plans: the pruned, topologically ordered program a Session replays.

A plan is compiled once per (fetches, feeds) and cached by the session. It
is straight-line Python, one line per op, calling each op's kernel on the
values of its inputs; `plan.source` shows it, which is how a student can see
exactly which ops a `run` executes and in what order:

    def plan(feed_0):
        v_0_0 = c_0                     # y (Const)
        v_1_0 = k_1(feed_0, v_0_0)      # add (Add)
        return (v_1_0,)

A constant's value and a variable's cell are the same in every run of a
session: the plan holds them (`c_0`) instead of calling their kernels. A
variable's ref (its cell) is read, `read(v_0_0)`, where an op takes its value
rather than the ref.

Control flow keeps that shape. A Switch forwards its input to one output and
sends DEAD down the other; only ops downstream of a Switch can see DEAD, and
only they get a guarded line that skips the kernel and passes DEAD on. A
Merge takes whichever input is live:

        v_4_0 = DEAD if v_2_1 is DEAD else k_4(v_2_1)   # cond/switch_t (Identity)

A while loop is one line calling its frame (see `executor_loops`), which
replays the loop's own plan until the loop condition is false.

Kernels run with numpy's floating-point errors ignored: like TF's, they
compute inf and nan silently, whatever numpy's error state (`np.seterr`)
outside the run.
"""

import collections
import itertools
import operator
import re

import numpy as np

from tfvars.framework import errors
from tfvars.framework import resources
from tfvars.framework.operation import Operation

# Set by the test suite: every kernel result is checked against its tensor's dtype and static shape.
CHECK_KERNEL_OUTPUTS = False


class _Dead:
    """The type of DEAD, the value of a tensor on an untaken branch."""

    __slots__ = ()

    def __repr__(self):
        return "DEAD"


DEAD = _Dead()


def _read_or_dead(cell):
    """The value of a ref that may be DEAD, as an op taking a plain tensor receives it; DEAD stays DEAD."""
    return cell if cell is DEAD else resources.read(cell)


SWITCH_TYPES = frozenset(("Switch", "RefSwitch"))
MERGE_TYPES = frozenset(("Merge", "RefMerge"))
ENTER_TYPES = frozenset(("Enter", "RefEnter"))
EXIT_TYPES = frozenset(("Exit", "RefExit"))
NEXT_ITERATION_TYPES = frozenset(("NextIteration", "RefNextIteration"))

# Ops whose kernel returns the same object on every call in a session (a constant's value, a variable's
# cell): the plan binds that object once instead of calling the kernel in every run.
BOUND_TYPES = frozenset(("Const", "VariableV2", "VarHandleOp"))
# Ops a straight-line plan runs without calling a kernel: Identity passes its input on, NoOp does nothing.
_PASS_THROUGH_TYPES = frozenset(("Identity", "NoOp"))


class _Errstate:
    """`np.errstate(all="ignore")` behind a context variable's `set`/`reset`, for a numpy without one."""

    @staticmethod
    def set(_):
        state = np.errstate(all="ignore")
        state.__enter__()
        return state

    @staticmethod
    def reset(state):
        state.__exit__(None, None, None)


def _float_error_state():
    """(numpy's error-state context variable, its value ignoring every error), or an `_Errstate` stand-in.

    `np.errstate` sets that variable; setting it directly to a value made once
    costs a tenth as much, which matters on every run. (Made at import, that
    value keeps numpy's default buffer size inside runs whatever `np.setbufsize`
    says outside: a matter of speed only.)
    """
    try:
        from numpy._core.umath import _extobj_contextvar, _make_extobj
    except ImportError:
        return _Errstate(), None
    return _extobj_contextvar, _make_extobj(all="ignore")


FLOAT_ERRORS, IGNORE_FLOAT_ERRORS = _float_error_state()

# numpy's message for two operands that do not broadcast, which TF words "Incompatible shapes: [2] vs. [3]".
_BROADCAST_ERROR = re.compile(r"operands could not be broadcast together with shapes \(([\d,]*)\) \(([\d,]*)\) ?$")


class SessionState:
    """What a session owns: its kernels (with their random streams) and its resources (variable values)."""

    def __init__(self, resources):
        self.resources = resources
        self._kernels = {}
        self._forwarding_kernels = {}

    def kernel(self, op):
        """The session's kernel for `op`, made once (stateful kernels keep state between runs)."""
        kernel = self._kernels.get(op)
        if kernel is None:
            make = op._op_def.kernel
            if make is None:
                raise errors.UnimplementedError(None, op, "Op type '%s' has no kernel." % op.type)
            kernel = make(op, self)
            if CHECK_KERNEL_OUTPUTS:
                kernel = _checked(op, kernel)
            self._kernels[op] = kernel
        return kernel

    def forwarding_kernel(self, op):
        """The session's kernel for `op` that may write its result into an input's array (`OpDef.forwarding`)."""
        kernel = self._forwarding_kernels.get(op)
        if kernel is None:
            kernel = op.op_def.forwarding[1](op, self)
            if CHECK_KERNEL_OUTPUTS:
                kernel = _checked(op, kernel)
            self._forwarding_kernels[op] = kernel
        return kernel


class Plan:
    """A compiled run: `run(feed_values)` returns the fetched values, in order.

    `ops` lists every op the plan may run, in order; `source` is its code.
    """

    def __init__(self, units, feeds, fetches, source, function):
        self._units = units  # what each line of `source` runs: an op, or a while loop's frame
        self.ops = units
        self.feeds = feeds
        self.fetches = fetches
        self.source = source
        self._function = function

    def executed_ops(self):
        """The ops the last run executed, in order (ops of an untaken `cond` branch excluded)."""
        return list(self.ops)

    def run(self, feed_values):
        token = FLOAT_ERRORS.set(IGNORE_FLOAT_ERRORS)
        try:
            return self._function(*feed_values)
        except Exception as error:
            raise self._op_error(error) from None
        finally:
            FLOAT_ERRORS.reset(token)

    def _op_error(self, error):
        return op_error(error, self._failed_op(error.__traceback__))

    def _failed_op(self, traceback):
        code = self._function.__code__
        line = None
        while traceback is not None:
            if traceback.tb_frame.f_code is code:
                line = traceback.tb_lineno
            traceback = traceback.tb_next
        index = None if line is None else line - 2
        if index is None or not 0 <= index < len(self._units):
            return None
        unit = self._units[index]
        return unit if isinstance(unit, Operation) else unit.op


class ControlFlowPlan(Plan):
    """A plan with control flow: its function also returns flags telling which of its ops ran.

    `executed_ops()` lists the taken branches' ops, and a loop's ops once
    per iteration they ran in.
    """

    def __init__(self, units, feeds, fetches, source, function, slots):
        super().__init__(units, feeds, fetches, source, function)
        self.ops = [op for unit in units for op in ([unit] if isinstance(unit, Operation) else unit.ops)]
        self._slots = slots  # per line: None (always runs) or its index in the function's flags
        self._flags = None

    def executed_ops(self):
        return [] if self._flags is None else self.executed_in(self._flags)

    def run(self, feed_values):
        token = FLOAT_ERRORS.set(IGNORE_FLOAT_ERRORS)
        try:
            values, self._flags = self._function(*feed_values)
        except Exception as error:
            raise self._op_error(error) from None
        finally:
            FLOAT_ERRORS.reset(token)
        for index, value in enumerate(values):
            if value is DEAD:
                raise errors.InvalidArgumentError(None, self.fetches[index].op,
                                                  "Retval[%d] does not have value" % index)
        return values

    def step(self, values):
        """One run inside a loop frame: (results, flags), numpy's error state set by the plan around the loop."""
        try:
            return self._function(*values)
        except Exception as error:
            raise self._op_error(error) from None

    def executed_in(self, flags):
        """The ops a run that returned these `flags` executed, in order."""
        ops = []
        for unit, slot in zip(self._units, self._slots):
            if slot is None:
                ops.append(unit)
            elif not isinstance(unit, Operation):  # a loop's frame, with the trace of its iterations
                if flags[slot] is not None:
                    ops.extend(unit.executed(flags[slot]))
            elif flags[slot]:
                ops.append(unit)
        return ops


def op_error(error, op):
    """A kernel's failure as a TF OpError naming `op`, the op whose kernel raised it (None if unknown)."""
    if isinstance(error, errors.OpError):
        if error.op is None:
            error._op = op  # kernels raise without knowing their op; the plan knows it
        return error
    message = "%s: %s" % (type(error).__name__, error) if op is None else _message(error)
    return errors.InvalidArgumentError(None, op, message or type(error).__name__)


def compile_plan(state, fetch_tensors, target_ops, feed_tensors):
    """Prunes, orders and compiles a run of `fetch_tensors` and `target_ops` given `feed_tensors`."""
    fed = set(feed_tensors)
    roots = [t._op for t in fetch_tensors if t not in fed] + list(target_ops)
    controlled = []
    units = _straight_order(roots, fed, controlled)
    if units is not None:
        units = _without_unread_arithmetic(units, roots, controlled)
        return executor_steps.SteppedPlan(_Compiler(state, fed, ()), units, list(feed_tensors), list(fetch_tensors))
    compiler = _Compiler(state, fed, _needed_ops(fetch_tensors, target_ops, fed))
    return compiler.top_plan(fetch_tensors, target_ops, list(feed_tensors))


# Float arithmetic that cannot fail once its static shapes are fully known: running one whose value
# nothing reads changes nothing. (A gradient op gated only by a control edge, as the gradient of
# `x` in x @ W under `gate_gradients`, is one.)
_PURE_FLOAT_TYPES = frozenset((
    "Add", "AddV2", "Sub", "Mul", "RealDiv", "Neg", "Square", "Identity", "MatMul", "BatchMatMul",
    "BatchMatMulV2", "Relu", "ReluGrad", "Tanh", "TanhGrad", "Sigmoid", "SigmoidGrad", "Conv2DBackpropInput",
))


def _without_unread_arithmetic(units, roots, controlled):
    """`units` less the pure float arithmetic whose values no unit reads and no fetch asks for.

    Such an op is in a plan only through a control edge (of an op of
    `controlled`, the units with control inputs). It is still in the graph (and
    TF would run it); skipping it is unobservable but for the time it saves.
    """
    pending = [control for op in controlled for control in op._control_inputs if control._type in _PURE_FLOAT_TYPES]
    if not pending:
        return units
    in_plan, kept_roots, skipped = set(units), set(roots), set()

    def unread(op):
        return op not in kept_roots and not any(
            consumer in in_plan and consumer not in skipped for tensor in op._outputs for consumer in tensor._consumers)
    while pending:
        op = pending.pop()
        if op in skipped or op._type not in _PURE_FLOAT_TYPES or not unread(op) or not _pure_float(op):
            continue
        skipped.add(op)
        pending.extend(tensor._op for tensor in op._inputs)  # they may have lost their last reader
    return [op for op in units if op not in skipped] if skipped else units


def _pure_float(op):
    if op.op_def.is_stateful:
        return False
    for tensor in op._outputs + list(op._inputs):
        if not tensor._dtype.is_floating or not tensor._shape.is_fully_defined():
            return False
    return True


# Stateless ops whose kernels must still run in every run (they call the user's Python).
_NEVER_FOLDED = frozenset(("PyFuncStateless", "EagerPyFunc", "Placeholder", "PlaceholderWithDefault"))


def fold_constants(units, kernel_of, fed=frozenset()):
    """{op: its output values} for the stateless ops of a straight-line plan computable from constants alone.

    A plan computes them once, when it is made, as TF's graph optimizer folds
    constants: the shapes and fills a gradient starts from, `max - min` of a
    random_uniform. An op whose kernel fails is left to fail in the run.
    """
    values = {}
    folded = {}
    token = FLOAT_ERRORS.set(IGNORE_FLOAT_ERRORS)  # as in a run: inf and nan come silently
    try:
        for op in units:
            if op._type == "Const":
                if op._outputs[0] not in fed:
                    values[op._outputs[0]] = op._attrs["value"]
                continue
            inputs = op._inputs
            if not inputs or inputs[0] not in values or op.op_def.is_stateful or op._type in _NEVER_FOLDED:
                continue
            args = [values.get(tensor, values) for tensor in inputs]  # `values` itself marks a missing one
            if any(arg is values for arg in args) or _too_big_to_keep(op):
                continue
            try:
                result = kernel_of(op)(*args)
            except Exception:  # noqa: BLE001 (the run will raise it, naming the op)
                continue
            outputs = (result,) if len(op._outputs) == 1 else tuple(result)
            if sum(np.asarray(value).nbytes for value in outputs) > _FOLDED_BYTES_LIMIT:
                continue
            folded[op] = outputs
            values.update(zip(op._outputs, outputs))
    finally:
        FLOAT_ERRORS.reset(token)
    return folded


# TF's constant folding keeps no constant above 10 MB; nor does a plan.
_FOLDED_BYTES_LIMIT = 10 * 1024 * 1024


def _too_big_to_keep(op):
    """Whether a folded output of `op` would exceed the limit, as far as its static shapes tell."""
    for tensor in op._outputs:
        size = tensor._shape.num_elements()
        if size is not None and tensor._dtype.base_dtype.size * size > _FOLDED_BYTES_LIMIT:
            return True
    return False


def _straight_order(roots, fed, controlled):
    """The ops `roots` need, each after its inputs and control inputs; None if one is a Switch or inside a cond or loop.

    The order is `_Compiler.order`'s (`_post_order` over `_dependencies`), found
    in one walk made for plain ops: most runs have no control flow, and a fresh
    session's first run of a big graph is mostly this walk. An op without
    inputs (a constant, a variable) is placed as soon as it is met, without a
    visit of its own; the roots are walked as the dependencies of no op. The
    ops with control inputs are appended to `controlled` as they are met.
    """
    order = []
    place = order.append
    state = {}  # op -> 1 while on the path, 2 once placed
    mark_of = state.get
    waiting = []  # (the dependencies its parent has still to see, op) for each op on the path
    pending = iter(roots)
    while True:
        for dep in pending:
            mark = mark_of(dep)
            if mark is None:
                if not dep._inputs and not dep._control_inputs and dep._control_flow_context is None:
                    state[dep] = 2
                    place(dep)
                    continue
                if dep._control_flow_context is not None or dep._type in SWITCH_TYPES:
                    return None
                state[dep] = 1
                waiting.append((pending, dep))
                # `_dependencies(dep, fed)` as an iterator, inlined: this runs for every op with inputs.
                if dep._control_inputs:
                    controlled.append(dep)
                    pending = (iter(_dependencies(dep, fed)) if fed
                               else itertools.chain(map(_OP_OF, dep._inputs), dep._control_inputs))
                elif fed:
                    pending = iter(_dependencies(dep, fed))
                else:
                    pending = map(_OP_OF, dep._inputs)
                break
            if mark == 1:
                raise _cycle_error(dep)
        else:
            if not waiting:
                return order
            pending, op = waiting.pop()
            state[op] = 2
            place(op)


_OP_OF = operator.attrgetter("_op")  # a tensor's op, without a Python frame per tensor


def _post_order(roots, deps):
    """Every unit `roots` reach through `deps(unit)`, each after its deps, in depth-first order.

    Iterative, so deep graphs are fine; a cycle raises InvalidArgumentError.
    """
    order = []
    state = {}  # unit -> 1 while on the stack, 2 once placed
    for root in roots:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(deps(root)))]
        while stack:
            unit, pending = stack[-1]
            for dep in pending:
                mark = state.get(dep)
                if mark is None:
                    state[dep] = 1
                    stack.append((dep, iter(deps(dep))))
                    break
                if mark == 1:
                    raise _cycle_error(dep)
            else:
                stack.pop()
                state[unit] = 2
                order.append(unit)
    return order


def _cycle_error(unit):
    return errors.InvalidArgumentError(None, unit if isinstance(unit, Operation) else None,
                                       "Graph has a cycle through '%s'; the ops of a run must form a DAG." % unit.name)


def _needed_ops(fetch_tensors, target_ops, fed):
    """Every op the fetches and targets depend on through data and control edges, loop back edges included."""
    stack = [t.op for t in fetch_tensors if t not in fed] + list(target_ops)
    needed = set(stack)
    while stack:
        for dep in _dependencies(stack.pop(), fed):
            if dep not in needed:
                needed.add(dep)
                stack.append(dep)
    return needed


# Kernels whose result is always a new array (a forwarding kernel's is one its input alone had).
_FRESH_RESULT_TYPES = frozenset(("MatMul", "ReluGrad"))


def _forwarding_ops(units, feeds, fetches, folded):
    """The ops of a plan without control flow that may write their result into an input's array.

    As TF forwards a buffer whose reference count is one: the input (`OpDef.forwarding`) must hold a
    fresh result of another op of the plan (not folded, fed, a constant's or a variable's), which no
    other op of the plan reads (Identity passes an array on without reading it) and no fetch returns.
    """
    candidates = [op for op in units if op._op_def.forwarding is not None]
    if not candidates:
        return frozenset()
    fed = set(feeds)

    def array_of(tensor):  # the tensor whose result array `tensor` holds
        while tensor not in fed and tensor._op._type == "Identity" and not tensor._op._inputs[0]._dtype._is_ref:
            tensor = tensor._op._inputs[0]
        return tensor
    readers = collections.Counter(array_of(t) for op in units if op._type != "Identity" for t in op._inputs)
    kept = {array_of(t) for t in fetches} | fed
    in_plan = set(units)
    return frozenset(op for op in candidates for array in [array_of(op._inputs[op._op_def.forwarding[0]])]
                     if array._op._type in _FRESH_RESULT_TYPES and array._op in in_plan and array._op not in folded
                     and array not in kept and readers[array] == 1)


def _dependencies(op, fed):
    # Private attributes: a plan's compilation visits every op of the run twice.
    deps = [t._op for t in op._inputs if t not in fed] if fed else [t._op for t in op._inputs]
    deps.extend(op._control_inputs)
    return deps


class _Compiler:
    """Compiles the needed ops level by level: the top level, then each while loop's frame inside it.

    At a level, a loop nested one deeper is a single unit; its inner ops are
    compiled into the loop's own iteration plan.
    """

    def __init__(self, state, fed, needed):
        self._fed = fed
        self.state = state  # the session's SessionState
        self.kernel = state.kernel  # the session's kernel for an op (made once)
        self._chains = {}
        self._members = {}  # loop -> needed ops inside it, at any depth, in creation order
        for op in sorted(needed, key=lambda op: op._id):
            for loop in self.chain(op):
                self._members.setdefault(loop, []).append(op)

    def chain(self, op):
        """The while loops `op` is in, outermost first."""
        context = op._control_flow_context
        if context is None:
            return ()
        chain = self._chains.get(context)
        if chain is None:
            chain = self._chains[context] = executor_loops.loops_of(context)
        return chain

    # Units and their order.
    def _unit(self, op, consumer, level):
        """What stands for `op` at `level` (a tuple of loops): the op itself, or the loop one deeper it exits."""
        if not level and op._control_flow_context is None:
            return op  # the usual case, as below with chain == level == ()
        chain = self.chain(op)
        depth = len(level)
        if chain == level:
            return op
        if len(chain) == depth + 1 and chain[:depth] == level and op.type in EXIT_TYPES:
            return chain[depth]
        raise executor_loops.context_error(op, consumer, consumer is not None and bool(self.chain(consumer)))

    def _sources(self, unit, level):
        """The ops `unit` needs first: inputs and control inputs, a loop's taken from outside it."""
        if isinstance(unit, Operation):
            return [(dep, unit) for dep in self._op_sources(unit, level)]
        sources = {}
        for member in self._members[unit]:
            for dep in _dependencies(member, self._fed):
                # An Enter of this level (an invariant entering the inner loop from here) is a parameter.
                if unit not in self.chain(dep) and not (level and self._is_frame_edge(member, dep, level)):
                    sources.setdefault(dep, member)
        return list(sources.items())

    def _op_sources(self, op, level):
        deps = _dependencies(op, self._fed)
        if level:
            # In a loop's plan its Enter values are parameters, and a Merge reads NextIteration from the last step.
            deps = [dep for dep in deps if not self._is_frame_edge(op, dep, level)]
        return deps

    def _is_frame_edge(self, op, dep, level):
        if dep.type in ENTER_TYPES:
            return self.chain(dep) == level
        return op.type in MERGE_TYPES and dep.type in NEXT_ITERATION_TYPES and self.chain(dep) == level

    def order(self, roots, level):
        """The units `roots` need at `level`, each after what it needs."""
        return _post_order(roots, lambda unit: [self._unit(dep, consumer, level)
                                                for dep, consumer in self._sources(unit, level)])

    # Plans.
    def top_plan(self, fetch_tensors, target_ops, feed_tensors):
        roots = [self._unit(t.op, None, ()) for t in fetch_tensors if t not in self._fed]
        roots += [self._unit(op, None, ()) for op in target_ops]
        units = self.order(roots, ())
        control_flow = any(not isinstance(u, Operation) or u.type in SWITCH_TYPES for u in units)
        return self.compile_units(units, feed_tensors, list(fetch_tensors), control_flow)

    def compile_units(self, units, feed_tensors, fetch_tensors, control_flow=False, folded=None):
        """The compiled top-level plan running `units` (in order) from the feeds to the fetches.

        `folded` holds the values of ops computed once (`fold_constants`), bound into the plan.
        """
        names = {tensor: "feed_%d" % i for i, tensor in enumerate(feed_tensors)}
        writer = self.writer(names, set(), {})
        writer.folded = folded or {}
        if not control_flow:
            writer.forwarding = _forwarding_ops(units, feed_tensors, fetch_tensors, writer.folded)
        return writer.plan(units, feed_tensors, [names[t] for t in feed_tensors], fetch_tensors, "plan",
                           control_flow, read_refs=True)

    def loop(self, context):
        """The `executor_loops.LoopFrame` running the needed part of `context`'s frame."""
        return executor_loops.compile_frame(self, context)

    def members(self, loop):
        """The needed ops inside `loop`, at any depth, in creation order."""
        return self._members[loop]

    def writer(self, names, maybe_dead, back_names):
        return _Writer(self, names, maybe_dead, back_names)

    def forwarding_kernel(self, op):
        return self.state.forwarding_kernel(op)

    @property
    def fed(self):
        """The run's fed tensors."""
        return self._fed

    @property
    def kernels(self):
        """The session's kernels made so far, by op (read only: `kernel(op)` makes a missing one)."""
        return self.state._kernels


class _Writer:
    """Writes one level's plan: a line per unit, guarded where a value may be DEAD."""

    def __init__(self, compiler, names, maybe_dead, back_names):
        self._compiler = compiler
        self._names = names  # tensor -> the Python name holding its value in the plan
        self._maybe_dead = maybe_dead  # tensors that may hold DEAD
        self._back_names = back_names  # a NextIteration's output, as the next iteration's Merge reads it
        self._dead_tests = {}  # op that may not run -> expression true when it did not
        self._alive_tests = {}  # ... and the expression true when it did
        self._namespace = {"DEAD": DEAD, "read": resources.read, "read_or_dead": _read_or_dead}
        self._flags = []
        self.folded = {}  # op -> its output values, computed when the plan was made
        self.forwarding = frozenset()  # ops that run their forwarding kernel (`_forwarding_ops`)

    def plan(self, units, params, param_names, returns, function_name, control_flow, read_refs):
        """Compiles `units` into `def function_name(*param_names)` returning the values of `returns`.

        With `control_flow`, the function also returns its flags and the plan
        is a ControlFlowPlan; with `read_refs`, returned refs are read.
        """
        lines = ["def %s(%s):" % (function_name, ", ".join(param_names))]
        slots = []
        line_units = []  # ops, and a `LoopFrame` for each loop
        for index, unit in enumerate(units):
            if isinstance(unit, Operation):
                line, slot = self._op_line(index, unit)
            else:
                unit = self._compiler.loop(unit)
                line, slot = self._loop_line(index, unit)
            lines.append(line)
            slots.append(slot)
            line_units.append(unit)
        result = "(%s)" % "".join(self._value(t, not read_refs) + ", " for t in returns)
        if control_flow:
            result += ", (%s)" % "".join(flag + ", " for flag in self._flags)
        lines.append("    return %s" % result)
        source = "\n".join(lines) + "\n"
        namespace = self._namespace
        exec(compile(source, "<tfvars run plan>", "exec"), namespace)  # noqa: S102 (our own generated code)
        function = namespace[function_name]
        if control_flow:
            return ControlFlowPlan(line_units, params, returns, source, function, slots)
        return Plan(line_units, params, returns, source, function)

    def _value(self, tensor, takes_ref):
        """The expression passing `tensor` to an argument: a ref is read unless the argument takes the ref.

        A read of a variable (an Identity of its ref, as `v/read`) aliases it, as in TF: whoever takes
        the read later in the run takes the variable as it is then.
        """
        source = reader_source(tensor, self._compiler.fed)
        if source in self._names and source not in self._maybe_dead:
            tensor = source
        name = self._names[tensor]
        if not tensor._dtype._is_ref or takes_ref or name.startswith("feed_"):  # a fed ref is a value
            return name
        return ("read_or_dead(%s)" if tensor in self._maybe_dead else "read(%s)") % name

    def _op_line(self, index, op):
        folded = self.folded.get(op)
        if folded is not None:
            return self._folded_line(index, op, folded), None
        kernel = self._compiler.kernel(op)
        op_type = op._type
        straight = not self._maybe_dead and not self._dead_tests
        comment = "  # %s (%s)" % (op._name, op_type)
        if op_type in BOUND_TYPES:
            call = "c_%d" % index
            self._namespace[call] = kernel()
        elif straight and op_type in _PASS_THROUGH_TYPES and not CHECK_KERNEL_OUTPUTS:
            # Identity's kernel returns its input, and NoOp's does nothing: no call is needed.
            call = self._arguments(op)[0] if op._inputs else "None"
        else:
            if op in self.forwarding:
                kernel = self._compiler.forwarding_kernel(op)
                comment += ", result into input %d's array" % op._op_def.forwarding[0]
            self._namespace["k_%d" % index] = kernel
            call = "k_%d(%s)" % (index, ", ".join(self._arguments(op)))
        outputs = op._outputs
        for i, tensor in enumerate(outputs):
            self._names.setdefault(tensor, "v_%d_%d" % (index, i))
        if op_type in MERGE_TYPES:
            # A Merge takes whichever input is alive; a loop's Merge always has one.
            guard = []
            dead_out = (not set(op.inputs) & set(self._back_names)
                        and all(t in self._maybe_dead for t in op.inputs))
        else:
            # Nothing can be DEAD before a plan's first Switch: no guard then. A ControlTrigger is never DEAD (TF's).
            guard = (self._guard(op._inputs, op._control_inputs)
                     if (self._maybe_dead or self._dead_tests) and op_type != "ControlTrigger" else [])
            dead_out = bool(guard) or op_type in SWITCH_TYPES
        if dead_out:
            self._maybe_dead.update(outputs)
        if not guard and not (op_type in MERGE_TYPES and dead_out):
            targets = [self._names[t] if self._names[t].startswith("v_") else "_" for t in outputs]
            return "    %s%s%s" % (_assignment(targets), call, comment), None
        if not outputs:
            target = "r_%d" % index
            self._set_tests(op, "%s is DEAD" % target, "%s is not DEAD" % target)
            targets = [target]
        else:
            targets = ["v_%d_%d" % (index, i) for i in range(len(outputs))]
            if op.type in SWITCH_TYPES:  # a Switch that ran sends DEAD down one output only
                self._set_tests(op, "(%s)" % " and ".join("%s is DEAD" % t for t in targets),
                                "(%s)" % " or ".join("%s is not DEAD" % t for t in targets))
            else:
                self._set_tests(op, "%s is DEAD" % targets[0], "%s is not DEAD" % targets[0])
        if guard:
            call = "%s if %s else %s" % (self._dead_value(index, len(targets)), " or ".join(guard), call)
        self._flags.append(self._alive_tests[op])
        return "    %s%s%s" % (_assignment(targets), call, comment), len(self._flags) - 1

    def _folded_line(self, index, op, values):
        names = []
        for i, (tensor, value) in enumerate(zip(op._outputs, values)):
            name = self._names.setdefault(tensor, "v_%d_%d" % (index, i))
            self._namespace["c_%d_%d" % (index, i)] = value
            names.append((name, "c_%d_%d" % (index, i)))
        assignments = "; ".join("%s = %s" % pair for pair in names) or "pass"
        return "    %s  # %s (%s, folded)" % (assignments, op._name, op._type)

    def _arguments(self, op):
        is_merge = op.type in MERGE_TYPES
        return [self._back_names[t] if is_merge and t in self._back_names else self._value(t, takes_ref)
                for t, takes_ref in zip(op.inputs, takes_ref(op))]

    def _loop_line(self, index, loop):
        function_name = "f_%d" % index
        self._namespace[function_name] = loop
        inputs = [enter.inputs[0] for enter in loop.enters]
        guard = self._guard(inputs, loop.control_inputs)
        outputs = [exit_op.outputs[0] for exit_op in loop.exits]
        for i, tensor in enumerate(outputs):
            self._names.setdefault(tensor, "v_%d_%d" % (index, i))
        trace = "t_%d" % index
        targets = [self._names[t] if self._names[t].startswith("v_") else "_" for t in outputs] + [trace]
        call = "%s(%s)" % (function_name, ", ".join(
            self._value(t, enter.type == "RefEnter") for t, enter in zip(inputs, loop.enters)))
        if guard:
            dead = "d_%d" % index
            self._namespace[dead] = (DEAD,) * len(outputs) + (None,)
            call = "%s if %s else %s" % (dead, " or ".join(guard), call)
            self._maybe_dead.update(outputs)
        for exit_op in loop.exits:
            self._set_tests(exit_op, "%s is None" % trace, None)
        self._flags.append(trace)
        line = "    %s = %s  # %s (while loop)" % (", ".join(targets), call, loop.context.name)
        return line, len(self._flags) - 1

    def _guard(self, inputs, control_inputs):
        """The tests, one per input or control input that may be DEAD, any of which kills the op."""
        guard = []
        for tensor in inputs:
            if tensor in self._maybe_dead:
                test = "%s is DEAD" % self._names[tensor]
                if test not in guard:
                    guard.append(test)
        for op in control_inputs:
            test = self._dead_tests.get(op)
            if test is not None and test not in guard:
                guard.append(test)
        return guard

    def _dead_value(self, index, count):
        if count == 1:
            return "DEAD"
        name = "d_%d" % index
        self._namespace[name] = (DEAD,) * count
        return name

    def _set_tests(self, op, dead, alive):
        self._dead_tests[op] = dead
        self._alive_tests[op] = alive


def reader_source(tensor, fed):
    """What a reader of `tensor` takes: for a read of a variable (an Identity of its ref), the ref it
    aliases, unless either was fed; else `tensor` itself."""
    op = tensor._op
    if op._type == "Identity" and not tensor._dtype._is_ref and op._inputs[0]._dtype._is_ref:
        alias = op._inputs[0]
        if tensor not in fed and alias not in fed:
            return alias
    return tensor


def _assignment(targets):
    """`a = `, `a, b, = ` or nothing, for an op with these outputs."""
    if not targets:
        return ""
    return "%s = " % (targets[0] if len(targets) == 1 else ", ".join(targets) + ",")


def _message(error):
    """A kernel's exception as TF words it: numpy's broadcasting failure becomes "Incompatible shapes"."""
    match = _BROADCAST_ERROR.match(str(error)) if isinstance(error, ValueError) else None
    if match is None:
        return str(error)
    return "Incompatible shapes: [%s] vs. [%s]" % tuple(shape.rstrip(",") for shape in match.groups())


def takes_ref(op):
    """For each input of `op`, whether its argument takes a ref (Ref(T)) rather than a value."""
    for tensor in op._inputs:
        if tensor._dtype._is_ref:
            break
    else:
        return [False] * len(op._inputs)
    takes = []
    for arg in op._op_def.input_arg:
        if arg.number_attr:
            takes.extend([arg.is_ref] * op.get_attr(arg.number_attr))
        elif arg.type_list_attr:
            takes.extend([arg.is_ref] * len(op.get_attr(arg.type_list_attr)))
        else:
            takes.append(arg.is_ref)
    return takes


def one_tensor_per_argument(op_def):
    """Whether each input argument of `op_def` is one tensor (no list): `takes_ref` then depends on the type alone."""
    return not any(arg.number_attr or arg.type_list_attr for arg in op_def.input_arg)


def _checked(op, kernel):
    """Wraps a kernel to fail loudly when its result disagrees with the op's static signature."""
    outputs = op.outputs

    def checked_kernel(*args):
        result = kernel(*args)
        values = (result,) if len(outputs) == 1 else (() if not outputs else result)
        if len(values) != len(outputs):
            raise AssertionError("%s returned %d values for %d outputs" % (op.name, len(values), len(outputs)))
        for tensor, value in zip(outputs, values):
            if value is DEAD or tensor.dtype.is_ref_dtype or tensor.dtype.base_dtype.name in ("resource", "variant"):
                continue
            value = np.asarray(value)
            expected = np.dtype(tensor.dtype.base_dtype.as_numpy_dtype)
            if value.dtype != expected:
                raise AssertionError("%s (%s) output %d has dtype %s, expected %s"
                                     % (op.name, op.type, tensor.value_index, value.dtype, expected))
            if not tensor.shape.is_compatible_with(value.shape):
                raise AssertionError("%s (%s) output %d has shape %s, static shape %s"
                                     % (op.name, op.type, tensor.value_index, value.shape, tensor.shape))
        return result
    request = getattr(kernel, "prefetch_request", None)  # a random kernel's, for a plan to batch its draws
    if request is not None:
        checked_kernel.prefetch_request = request
    return checked_kernel


from tfvars import executor_loops  # noqa: E402 (they build on the names above)
from tfvars import executor_steps  # noqa: E402
