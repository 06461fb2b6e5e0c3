"""`tf.estimator.inputs.numpy_input_fn`: an input_fn giving successive batches of numpy arrays.

Each run of the returned tensors takes the next `batch_size` rows. The rows
flow as one stream of `num_epochs` epochs (each epoch in order, or in a fresh
random order with `shuffle=True`), so a batch may span two epochs; the last one
may be short; the run after it raises OutOfRangeError, which ends a
MonitoredSession's loop (and so an Estimator's train, evaluate or predict).

    >>> import numpy as np
    >>> import tfvars as tf
    >>> input_fn = tf.estimator.inputs.numpy_input_fn({"x": np.arange(5.)}, np.arange(5.),
    ...                                                batch_size=2, shuffle=False)
    >>> features, labels = input_fn()
    >>> labels.name
    'fifo_queue_DequeueUpTo:2'
    >>> with tf.Session() as sess:
    ...     print(sess.run(labels), sess.run(labels), sess.run(labels))
    [0. 1.] [2. 3.] [4.]

TF 1.x: the batches come from a FIFOQueue (RandomShuffleQueue with shuffle) filled
by queue-runner threads, dequeued by a "QueueDequeueUpToV2" op (or
"QueueDequeueManyV2" with `num_epochs=None`). Here one op of type
"NumpyInputBatch", with the dequeue op's name and outputs (the row indices at
":0", then each array), keeps each session's position in the stream itself:
`queue_capacity` and `num_threads` are accepted and unused, and a shuffled epoch
is a permutation of all rows rather than a shuffle within a queue's buffer.
"""

import collections
import itertools
import weakref

import numpy as np

from tfvars.framework import dtypes as _dtypes
from tfvars.framework import errors
from tfvars.framework import graph as _graph
from tfvars.framework import tensor_shape
from tfvars.framework.op_def_registry import REQUIRED, TypeListAttr, apply_op, register_op
from tfvars.framework.random_seed import get_seed

__all__ = ["numpy_input_fn"]

# The key `y` (an array) travels under with the features, as TF names it.
_TARGET_KEY = "__target_key__"

# The arrays of each NumpyInputBatch op, by its "token" attr; each goes when its graph does.
_sources = {}
_tokens = itertools.count()


def numpy_input_fn(x, y=None, batch_size=128, num_epochs=1, shuffle=None, queue_capacity=1000, num_threads=1):
    """An input_fn returning (features, labels) tensors that take the next batch of `x` and `y` each run.

    Args:
      x: a numpy array (features is then a tensor) or a dict of arrays (features is a dict).
      y: an array (labels is a tensor), a dict of arrays (labels is a dict), or None (the
        input_fn then returns the features alone).
      batch_size: the rows per batch.
      num_epochs: passes over the data before OutOfRangeError; None repeats forever (every
        batch is then full, and the batch dimension static).
      shuffle: required: whether each epoch takes the rows in a random order.
      queue_capacity, num_threads: accepted for TF's signature (see the module docstring).

    Raises:
      ValueError: if `shuffle` is not a bool; when the input_fn is called, if x or y is
        empty, their lengths differ, or a key is in both.
      TypeError: when the input_fn is called, if x is neither an array nor a dict.
    """
    if not isinstance(shuffle, bool):
        raise ValueError("shuffle must be provided and explicitly set as boolean (it is recommended to set it as "
                         "True for training); got {}".format(shuffle))

    def input_fn():
        """Numpy input function."""
        columns = _validate_and_convert_features(x)
        feature_keys = list(columns)
        target_keys = _add_targets(columns, y)
        _check_lengths(columns, feature_keys, target_keys, y)
        batch = _dequeue_op(columns, batch_size, num_epochs, shuffle).outputs[1:]
        features = batch[0] if isinstance(x, np.ndarray) else dict(zip(feature_keys, batch[:len(feature_keys)]))
        if target_keys is None:
            return features
        if isinstance(target_keys, str):
            return features, batch[-1]
        return features, dict(zip(target_keys, batch[-len(target_keys):]))

    return input_fn


def _validate_and_convert_features(x):
    """`x` as an ordered dict of arrays (sorted by key; a lone array under "__direct_np_input__")."""
    if isinstance(x, dict):
        if not x:
            raise ValueError("x cannot be an empty dict")
        return collections.OrderedDict(sorted(x.items(), key=lambda item: item[0]))
    if isinstance(x, np.ndarray):
        if x.size == 0:
            raise ValueError("x cannot be an empty array")
        return collections.OrderedDict({"__direct_np_input__": x})
    raise TypeError("x must be a dict or array; got {}".format(type(x).__name__))


def _add_targets(columns, y):
    """Adds `y` to `columns`; returns its key(s): None, one key (y an array) or a list (y a dict)."""
    if y is None:
        return None
    if isinstance(y, dict):
        if not y:
            raise ValueError("y cannot be empty dict, use None instead.")
        targets = collections.OrderedDict(sorted(y.items(), key=lambda item: item[0]))
        duplicate_keys = set(columns).intersection(targets)
        if duplicate_keys:
            raise ValueError("{} duplicate keys are found in both x and y: {}".format(len(duplicate_keys),
                                                                                    duplicate_keys))
        columns.update(targets)
        return list(targets)
    target_key = _TARGET_KEY
    while target_key in columns:
        target_key += "_n"
    columns[target_key] = y
    return target_key


def _check_lengths(columns, feature_keys, target_keys, y):
    if len({value.shape[0] for value in columns.values()}) == 1:
        return
    shapes_of_x = {key: columns[key].shape for key in feature_keys}
    if target_keys is None:
        shape_of_y = None
    elif isinstance(target_keys, str):
        shape_of_y = y.shape
    else:
        shape_of_y = {key: columns[key].shape for key in target_keys}
    raise ValueError("Length of tensors in x and y is mismatched. All elements in x and y must have the same "
                     "length.\nShapes in x: {}\nShapes in y: {}\n".format(shapes_of_x, shape_of_y))


class _Source:
    """The arrays one NumpyInputBatch op reads, and the static shapes of its outputs."""

    def __init__(self, columns, batch_size, num_epochs):
        self.arrays = [np.asarray(value) for value in columns.values()]
        batch_dim = batch_size if num_epochs is None else None  # only a stream that never ends has full batches
        self.shapes = [tensor_shape.TensorShape([batch_dim])] + [
            tensor_shape.TensorShape([batch_dim] + list(array.shape[1:])) for array in self.arrays]


def _dequeue_op(columns, batch_size, num_epochs, shuffle):
    """The NumpyInputBatch op, named as TF's dequeue op from the queue it would have built."""
    source = _Source(columns, batch_size, num_epochs)
    token = "numpy_input_%d" % next(_tokens)
    seed, seed2 = get_seed(None) if shuffle else (0, 0)
    queue_name = "random_shuffle_queue" if shuffle else "fifo_queue"
    _sources[token] = source
    op = apply_op("NumpyInputBatch", name=queue_name + ("_DequeueUpTo" if num_epochs is not None else "_DequeueMany"),
                  token=token.encode(), component_types=[_dtypes.int64] + [_dtypes.as_dtype(a.dtype)
                                                                            for a in source.arrays],
                  batch_size=batch_size, num_epochs=-1 if num_epochs is None else num_epochs, shuffle=shuffle,
                  seed=seed or 0, seed2=seed2 or 0)
    weakref.finalize(op.graph, _sources.pop, token, None)
    return op


def _shape_fn(op):
    return list(_sources[op.get_attr("token").decode()].shapes)


class _Stream:
    """One session's position in the stream of rows, and the row order of the epoch it is in."""

    def __init__(self, length, total_rows, shuffle, rng):
        self._length = length
        self._total_rows = total_rows
        self._shuffle = shuffle
        self._rng = rng
        self._position = 0
        self._epoch = 0
        self._order = self._new_order()

    def _new_order(self):
        return self._rng.permutation(self._length) if self._shuffle else np.arange(self._length)

    def take(self, count):
        """The row indices of the next `count` rows (fewer at the end); OutOfRangeError once none are left."""
        start = self._position
        stop = start + count if self._total_rows is None else min(start + count, self._total_rows)
        if stop <= start:
            raise errors.OutOfRangeError(None, None, "Already emitted %s epochs." % (self._total_rows // self._length))
        epochs, rows = np.divmod(np.arange(start, stop, dtype=np.int64), self._length)
        indices = np.empty(stop - start, dtype=np.int64)
        for epoch in range(int(epochs[0]), int(epochs[-1]) + 1):
            if epoch != self._epoch:
                self._epoch, self._order = epoch, self._new_order()
            in_epoch = epochs == epoch
            indices[in_epoch] = self._order[rows[in_epoch]]
        self._position = stop
        return indices


def _kernel(op, state):
    """Each session reads its own stream: the kernel is made once per session and holds it."""
    source = _sources[op.get_attr("token").decode()]
    batch_size = op.get_attr("batch_size")
    num_epochs = op.get_attr("num_epochs")
    seeds = [op.get_attr("seed"), op.get_attr("seed2")]
    # An unseeded shuffle draws fresh entropy; none of this touches numpy's global generator.
    rng = np.random.default_rng(seeds if any(seeds) else None)
    length = len(source.arrays[0])
    stream = _Stream(length, None if num_epochs < 0 else num_epochs * length, op.get_attr("shuffle"), rng)

    def next_batch():
        indices = stream.take(batch_size)
        return (indices,) + tuple(array[indices] for array in source.arrays)
    return next_batch


register_op("NumpyInputBatch", outputs=["components: component_types"],
            attrs={"token": REQUIRED, "component_types": TypeListAttr(), "batch_size": REQUIRED,
                   "num_epochs": -1, "shuffle": False, "seed": 0, "seed2": 0},
            shape_fn=_shape_fn, kernel=_kernel, stateful=True)
