"""Views of the tfvars engine for Jupyter: live scope, graph and collection widgets.

`to_dot(graph)` needs nothing but the engine; the views need ipywidgets, and
Graphviz's `dot` program to draw (without it they say how to install it). The
views are imported when first used, so `import widgets` and `to_dot` work
where ipywidgets is not installed.
"""

import importlib

from widgets.dot import to_dot

# View name -> the module defining it.
_VIEWS = {
    "CollectionsView": "widgets.collections_view",
    "Dashboard": "widgets.dashboard",
    "GraphView": "widgets.graph_view",
    "ScopeView": "widgets.scope_view",
}

__all__ = ["CollectionsView", "Dashboard", "GraphView", "ScopeView", "to_dot"]


def __getattr__(name):
    module = _VIEWS.get(name)
    if module is None:
        raise AttributeError("module 'widgets' has no attribute %r" % name)
    try:
        view = getattr(importlib.import_module(module), name)
    except ImportError as error:
        raise ImportError("widgets.%s needs ipywidgets (%s): pip install 'tfvars[widgets]'" % (name, error)) from error
    globals()[name] = view
    return view
