"""Straight-line plans run interpreted until they repeat: a run made once never pays for compilation.

Most runs of a session repeat (a training step, an evaluation); some are
made once (`global_variables_initializer`, whose plan may have ten
thousand ops). Compiling a plan to Python costs far more than running it
once, so a plan without control flow starts as a list of steps, one per
op, walked by a small loop; its second run compiles it (see `executor`)
and later runs use the compiled function. Both give the same values and
the same errors; `source` compiles on demand. Compiling also folds
constants (`executor.fold_constants`): the ops computable from constants
alone run once, when the plan is compiled.

Before each run, the plan lets the random ops whose shape is a constant
draw their Philox blocks together (`random_distributions.prefetch`): a
thousand initializers then cost one vectorised pass.
"""

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
        self._build_steps(compiler, units, feed_tensors, fetch_tensors)

    def _build_steps(self, compiler, units, feed_tensors, fetch_tensors):
        from tfvars import executor
        bound_types, takes_ref, aliased_ref = executor.BOUND_TYPES, executor.takes_ref, executor.aliased_ref
        slots = {tensor: i for i, tensor in enumerate(feed_tensors)}
        fed_count = len(feed_tensors)
        initial = [None] * len(feed_tensors)
        steps = []
        step_ops = []
        prefetchers = []
        bound_slots = set()
        kernels = compiler.kernels
        for op in units:
            outputs = op._outputs
            if op._type in bound_types:
                # A Const's value needs no kernel; a variable's cell is the session's.
                value = op._attrs["value"] if op._type == "Const" else (kernels.get(op) or compiler.kernel(op))()
                slots[outputs[0]] = len(initial)
                bound_slots.add(len(initial))
                initial.append(value)
                continue
            kernel = kernels.get(op) or compiler.kernel(op)
            # A variable's read aliases the variable (see `executor.aliased_ref`): its readers read the ref.
            inputs = [_reader_source(tensor, slots, fed_count, aliased_ref) for tensor in op._inputs]
            args = tuple([slots[tensor] for tensor in inputs])
            reads = None
            for tensor in inputs:
                if tensor._dtype._is_ref:
                    # A ref is read where the op takes a value, unless it was fed (a fed ref is a value).
                    reads = tuple(t._dtype._is_ref and not ref and slots[t] >= fed_count
                                  for t, ref in zip(inputs, takes_ref(op)))
                    reads = reads if any(reads) else None
                    break
            if len(outputs) == 1:
                out = slots[outputs[0]] = len(initial)
                initial.append(None)
            elif outputs:
                out = tuple(range(len(initial), len(initial) + len(outputs)))
                slots.update(zip(outputs, out))
                initial.extend([None] * len(outputs))
            else:
                out = None
            steps.append((kernel, args, reads, out))
            step_ops.append(op)
            request = getattr(kernel, "prefetch_request", None)
            if request is not None and bound_slots.issuperset(args):
                prefetchers.append((request, args))
        self._initial = initial
        self._steps = steps
        self._step_ops = step_ops
        returned = [_reader_source(tensor, slots, fed_count, aliased_ref) for tensor in fetch_tensors]
        self._returns = [(slots[t], t._dtype._is_ref and slots[t] >= fed_count) for t in returned]
        # Batching pays from two draws on; one draw is as fast alone.
        self._prefetchers = prefetchers if len(prefetchers) > 1 else []

    @property
    def source(self):
        """The plan as Python source (compiling it if it has not been yet)."""
        return self._compiled_plan().source

    def executed_ops(self):
        """The ops the last run executed, in order: all of them (a plan without control flow runs every op)."""
        return list(self.ops)

    def run(self, feed_values):
        if self._prefetchers:
            self._prefetch()
        if self._compiled is not None:
            return self._compiled.run(feed_values)
        self._runs += 1
        if self._runs > INTERPRETED_RUNS:
            return self._compiled_plan().run(feed_values)
        return self._interpret(feed_values)

    def _compiled_plan(self):
        if self._compiled is None:
            from tfvars import executor
            # A plan that repeats folds its constants once, as it is compiled.
            folded = executor.fold_constants(self.ops, self._compiler.kernel)
            self._compiled = self._compiler.compile_units(self.ops, self.feeds, self.fetches, folded=folded)
        return self._compiled

    def _prefetch(self):
        initial = self._initial
        requests = [request(*[initial[a] for a in args]) for request, args in self._prefetchers]
        random_distributions.prefetch([r for r in requests if r is not None and r[1] is not None])

    def _interpret(self, feed_values):
        from tfvars import executor
        values = self._initial.copy()
        values[:len(feed_values)] = feed_values
        read = resources.read
        token = executor.FLOAT_ERRORS.set(executor.IGNORE_FLOAT_ERRORS)
        index = -1
        try:
            for index, (kernel, args, reads, out) in enumerate(self._steps):
                if reads is None:
                    result = kernel(*[values[a] for a in args])
                else:
                    result = kernel(*[read(values[a]) if r else values[a] for a, r in zip(args, reads)])
                if out is None:
                    continue
                if out.__class__ is int:
                    values[out] = result
                else:
                    for slot, value in zip(out, result):
                        values[slot] = value
            index = -1  # reading a fetched ref fails on no op, as in the compiled plan
            return tuple(read(values[slot]) if is_ref else values[slot] for slot, is_ref in self._returns)
        except Exception as error:
            op = self._step_ops[index] if 0 <= index < len(self._step_ops) else None
            raise executor.op_error(error, op) from None
        finally:
            executor.FLOAT_ERRORS.reset(token)


def _reader_source(tensor, slots, fed_count, aliased_ref):
    """What a reader of `tensor` takes: the variable's ref for a read of it (neither fed), else `tensor`."""
    alias = aliased_ref(tensor)
    if alias is None or slots[tensor] < fed_count or slots.get(alias, -1) < fed_count:
        return tensor
    return alias
