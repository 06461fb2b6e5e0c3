"""Straight-line plans run interpreted until they repeat: a run made once never pays for compilation.

Most runs of a session repeat (a training step, an evaluation); some are
made once (`global_variables_initializer`, whose plan may have ten
thousand ops). Compiling a plan to Python costs far more than running it
once, so a plan without control flow first runs op by op, walked by a
small loop that keeps nothing but the session's kernels; its second run
compiles it (see `executor`)
and later runs use the compiled function. Both give the same values and
the same errors; `source` compiles on demand. Compiling also folds
constants (`executor.fold_constants`): the ops computable from constants
alone run once, when the plan is compiled.

Before each run, the plan lets the random ops whose shape is a constant
draw their Philox blocks together (`random_distributions.prefetch`): a
thousand initializers then cost one vectorised pass.
"""

import contextlib
import gc

from tfvars import executor
from tfvars.framework import resources
from tfvars.ops import random_distributions

# Interpreted runs before a plan is compiled.
INTERPRETED_RUNS = 1


class SteppedPlan:
    """A plan without control flow: interpreted for its first runs, compiled when run again."""

    def __init__(self, compiler, units, feed_tensors, fetch_tensors):
        self._compiler = compiler
        self.ops = units
        self.feeds = feed_tensors
        self.fetches = fetch_tensors
        self._compiled = None
        self._runs = 0
        self._prefetches = None  # [(a kernel with a prefetch_request, its constant arguments)], found on the first run

    @property
    def source(self):
        """The plan as Python source (compiling it if it has not been yet)."""
        return self._compiled_plan().source

    def executed_ops(self):
        """The ops the last run executed, in order: all of them (a plan without control flow runs every op)."""
        return list(self.ops)

    def run(self, feed_values):
        if self._compiled is not None:
            self._prefetch()
            return self._compiled.run(feed_values)
        with _collection_paused():
            self._prefetch()
            self._runs += 1
            if self._runs > INTERPRETED_RUNS:
                return self._compiled_plan().run(feed_values)
            return self._interpret(feed_values)

    def _compiled_plan(self):
        if self._compiled is None:
            # A plan that repeats folds its constants once, as it is compiled.
            folded = executor.fold_constants(self.ops, self._compiler.kernel, self._compiler.fed)
            self._compiled = self._compiler.compile_units(self.ops, self.feeds, self.fetches, folded=folded)
        return self._compiled

    def _prefetch(self):
        """Lets the random ops whose shapes are constants draw their Philox blocks in one pass."""
        if self._prefetches is None:
            self._prefetches = self._prefetch_requests()
        if self._prefetches:
            requests = [kernel.prefetch_request(*args) for kernel, args in self._prefetches]
            random_distributions.prefetch([r for r in requests if r is not None and r[1] is not None])

    def _prefetch_requests(self):
        """Makes the session's kernels for the plan's ops, keeping the random ones that can draw ahead.

        Every kernel is made before the first op runs: an op without one fails
        the run before any other op changes a variable, as in TF.
        """
        compiler = self._compiler
        kernels, state, fed = compiler.kernels, compiler.state, compiler.fed
        plain = not executor.CHECK_KERNEL_OUTPUTS
        found = []
        for op in self.ops:
            if op._type == "Const" or op in kernels:
                continue
            make = op._op_def.kernel
            if make is not None and plain:  # `SessionState.kernel`, inlined: a first run makes thousands
                kernel = kernels[op] = make(op, state)
            else:
                kernel = state.kernel(op)
            if not op._op_def.is_stateful:  # a random op's kernel keeps a stream: it is stateful
                continue
            if getattr(kernel, "prefetch_request", None) is None:
                continue
            for tensor in op._inputs:
                if tensor._op._type != "Const" or tensor in fed:
                    break
            else:  # its shape (and any other input) is a constant
                found.append((kernel, [tensor._op._attrs["value"] for tensor in op._inputs]))
        return found if len(found) > 1 else []  # batching pays from two draws on

    def _interpret(self, feed_values):
        """One run, op by op: what the compiled plan computes, with nothing kept but the kernels."""
        kernels, bound_types, fed = self._compiler.kernels, executor.BOUND_TYPES, self._compiler.fed
        values = dict(zip(self.feeds, feed_values))
        ref_args = {}  # op type (OpDef) -> `takes_ref` of its ops, for types whose every argument is one tensor
        token = executor.FLOAT_ERRORS.set(executor.IGNORE_FLOAT_ERRORS)
        op = None
        try:
            for op in self.ops:
                op_type = op._type
                # A fed output keeps the fed value (`setdefault`), even when its op runs (for a control edge).
                if op_type in bound_types:  # Const among them
                    value = op._attrs["value"] if op_type == "Const" else kernels[op]()
                    if fed:
                        values.setdefault(op._outputs[0], value)
                    else:
                        values[op._outputs[0]] = value
                    continue
                inputs = op._inputs
                for tensor in inputs:
                    if tensor._dtype._is_ref or tensor._op._type == "Identity":
                        result = kernels[op](*_arguments(op, values, fed, ref_args))
                        break
                else:  # plain values: the usual case, called without building a list (inlined for speed)
                    if len(inputs) == 2:
                        result = kernels[op](values[inputs[0]], values[inputs[1]])
                    elif len(inputs) == 1:
                        result = kernels[op](values[inputs[0]])
                    else:
                        result = kernels[op](*map(values.__getitem__, inputs))
                outputs = op._outputs
                if len(outputs) == 1:
                    if fed:
                        values.setdefault(outputs[0], result)
                    else:
                        values[outputs[0]] = result
                else:
                    for tensor, value in zip(outputs, result or ()):
                        values.setdefault(tensor, value)
            op = None  # reading a fetched ref fails on no op, as in the compiled plan
            sources = [executor.reader_source(t, fed) for t in self.fetches]
            return tuple(resources.read(values[t]) if t._dtype._is_ref and t not in fed else values[t]
                         for t in sources)
        except Exception as error:
            raise executor.op_error(error, op) from None
        finally:
            executor.FLOAT_ERRORS.reset(token)


def _arguments(op, values, fed, ref_args):
    """The values `op`'s kernel takes: a variable's read may alias the variable, and a ref is read where the op
    takes a value, unless it was fed. `ref_args` keeps `takes_ref` by op type where it depends on the type alone."""
    args = []
    takes = None  # `takes_ref(op)`, once a ref is met
    for index, tensor in enumerate(op._inputs):
        if tensor._op._type == "Identity":  # perhaps a variable's read
            tensor = executor.reader_source(tensor, fed)
        value = values[tensor]
        if tensor._dtype._is_ref and tensor not in fed:
            if takes is None:
                takes = ref_args.get(op._op_def)
                if takes is None:
                    takes = executor.takes_ref(op)
                    if executor.one_tensor_per_argument(op._op_def):
                        ref_args[op._op_def] = takes
            if not takes[index]:
                value = resources.read(value)
        args.append(value)
    return args


@contextlib.contextmanager
def _collection_paused():
    """Python's cyclic garbage collector paused: a big plan's first runs make tens of thousands of
    objects (kernels, closures) that a collection would only promote, scanning the whole graph
    each time; those that turn out to be garbage are collected once the collector runs again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
