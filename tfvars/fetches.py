"""Fetch structures: any nesting of lists, tuples, dicts and namedtuples of graph elements.

`FetchMapper` flattens a fetch into its unique graph elements and rebuilds the
same structure from their values (an Operation's value is None).
"""

import collections

from tfvars.framework.indexed_slices import IndexedSlices, IndexedSlicesValue
from tfvars.framework.operation import Operation
from tfvars.framework.tensor import Tensor


class FetchMapper:
    """Unique `elements` of a fetch structure, and `build(values)` to rebuild it."""

    def __init__(self, graph, fetches):
        self.elements = []
        self._index = {}
        self._build = self._map(graph, fetches)

    def build(self, values):
        return self._build(values)

    def _slot(self, element):
        index = self._index.get(element)
        if index is None:
            index = self._index[element] = len(self.elements)
            self.elements.append(element)
        return index

    def _map(self, graph, fetch):
        if fetch is None:
            raise TypeError("Fetch argument None has invalid type %s" % type(None))
        if isinstance(fetch, (list, tuple)) and not isinstance(fetch, Tensor):
            builders = [self._map(graph, item) for item in fetch]
            if hasattr(fetch, "_fields"):
                kind = type(fetch)
                return lambda values: kind(*[b(values) for b in builders])
            kind = type(fetch)
            return lambda values: kind(b(values) for b in builders)
        if isinstance(fetch, collections.abc.Mapping):
            keys = list(fetch.keys())
            builders = [self._map(graph, fetch[key]) for key in keys]
            kind = type(fetch)

            def build_mapping(values):
                result = kind() if kind is not dict else {}
                for key, builder in zip(keys, builders):
                    result[key] = builder(values)
                return result
            return build_mapping
        if isinstance(fetch, IndexedSlices):
            return self._map_indexed_slices(graph, fetch)
        element = _as_fetch_element(graph, fetch)
        index = self._slot(element)
        return lambda values: values[index]

    def _map_indexed_slices(self, graph, fetch):
        """An IndexedSlices is fetched as an IndexedSlicesValue (dense_shape None if it has none)."""
        parts = [fetch.values, fetch.indices] + ([fetch.dense_shape] if fetch.dense_shape is not None else [])
        builders = [self._map(graph, part) for part in parts]
        return lambda values: IndexedSlicesValue(*[b(values) for b in builders], *([None] * (3 - len(builders))))


def _as_fetch_element(graph, fetch):
    try:
        element = graph.as_graph_element(fetch, allow_tensor=True, allow_operation=True)
    except TypeError as error:
        raise TypeError("Fetch argument %r has invalid type %r, must be a string or Tensor. (%s)"
                        % (fetch, type(fetch), error)) from None
    except (ValueError, KeyError) as error:
        raise ValueError("Fetch argument %r cannot be interpreted as a Tensor. (%s)"
                         % (fetch, error.args[0] if error.args else error)) from None
    if not graph.is_fetchable(element):
        raise ValueError("Fetch argument %r cannot be fetched: it has been marked unfetchable." % (fetch,))
    return element


def split_elements(elements):
    """The Tensors to compute and the Operations to run, from a list of fetch elements."""
    tensors = [e for e in elements if isinstance(e, Tensor)]
    ops = [e for e in elements if isinstance(e, Operation)]
    return tensors, ops
