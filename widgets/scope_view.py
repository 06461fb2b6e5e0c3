"""`ScopeView`: the variable scopes of a graph and the variables' values in one or more sessions, live.

>>> import tfvars as tf
>>> from widgets import ScopeView
>>> with tf.variable_scope("layer"):
...     w = tf.get_variable("w", [2], initializer=tf.ones_initializer())
>>> sess = tf.Session()
>>> view = ScopeView(sess)
>>> _ = sess.run(tf.global_variables_initializer())
>>> view.refresh()
>>> print(view)
ScopeView: 1 variable, 1 session
session: open, 1 run seen, 1 of 1 initialised, 1 changed in the last update
layer/
  w  float32 [2]  trainable  collections: trainable_variables, variables  get_variable: created
    = [1, 1]  initialised

Each variable shows its dtype, shape, device (when placed), whether it is
trainable, the collections holding it, how `get_variable` calls met it
("created", "reused 2x"; "tf.Variable" when no `get_variable` call made it)
and its value in each session: in full when small, else a summary and (in the
widget) a heat map. What changed in the last update (since the previous one
shown) is marked. Several sessions of one graph side by side:
`ScopeView([sess1, sess2])`.

Updates: the view follows the graph and the sessions through a `live.Binding`:
at most one update per `min_interval` seconds during a training loop, and the
last state always shows (after the cell, on `refresh()`, or at the end of
`for step in view.progress(range(n)): ...`, which also shows a progress bar).
The widget is an accordion of sections (one per top-level scope, split when
large: see `sections_of`) and renders only the open one, re-rendering only the
rows whose values changed.

Lifetime: the engine holds the view weakly. Keep a reference (`view =
ScopeView(sess)`, or a cell's last expression, which IPython keeps): a view
nobody holds stops updating. `close()` stops it at once.
"""

import html
import warnings
import weakref

import ipywidgets

from tfvars.framework import observers
from tfvars.framework.graph_keys import GraphKeys
from widgets import live
from widgets import values as _values

_TOP_LEVEL = ""  # the section of variables outside any scope
SECTION_SIZE = 100  # sections hold about this many variables at most (when scopes allow)
_GRAPH_EVENTS = (observers.OpCreated, observers.CollectionChanged, observers.VariableRequested)


class VariableInfo:
    """What the graph says about one variable (its values live in the sessions)."""

    __slots__ = ("name", "key", "dtype", "shape", "device", "trainable", "collections", "created", "reused")

    def __init__(self, op):
        self.name = op.name
        self.key = _values.cell_key(op)
        self.dtype = op.get_attr("dtype").base_dtype.name
        shape = op.get_attr("shape")
        self.shape = shape.as_list() if shape.ndims is not None else None
        self.device = op.device
        self.trainable = False
        self.collections = ()
        self.created = False
        self.reused = 0

    @property
    def origin(self):
        """'get_variable: created, reused 2x' or 'tf.Variable' (no get_variable call made it)."""
        if not self.created and not self.reused:
            return "tf.Variable"
        parts = (["created"] if self.created else []) + (["reused %dx" % self.reused] if self.reused else [])
        return "get_variable: " + ", ".join(parts)

    def describe(self):
        """The variable's line of text, without its name: 'float32 [2, 3]  trainable  collections: ...'."""
        parts = ["%s %s" % (self.dtype, _values.format_shape(self.shape))]
        if self.device:
            parts.append("device %s" % self.device)
        if self.trainable:
            parts.append("trainable")
        parts.append("collections: %s" % (", ".join(self.collections) or "none"))
        parts.append(self.origin)
        return "  ".join(parts)


def variable_infos(graph):
    """{variable op name: VariableInfo} for every variable op of `graph`, in creation order."""
    infos = {op.name: VariableInfo(op) for op in graph.get_operations() if _values.is_variable_op(op)}
    memberships = {}
    for key in graph.get_all_collection_keys():
        for item in graph.get_collection(key):
            name = _variable_op_name(item)
            if name in infos:
                memberships.setdefault(name, set()).add(key)
    for name, keys in memberships.items():
        infos[name].collections = tuple(sorted(keys))
        infos[name].trainable = GraphKeys.TRAINABLE_VARIABLES in keys
    store = getattr(graph, "_variable_store", None)
    for request in getattr(store, "requests", ()):
        # The store keeps TF's full names; an optimizer's slot is requested as "w/Momentum/".
        info = infos.get(request.name.rstrip("/"))
        if info is not None:
            if request.created:
                info.created = True
            else:
                info.reused += 1
    return infos


def _variable_op_name(item):
    """The name of the variable op a collection item stands for, or None."""
    try:
        op = item.op
        return op.name if _values.is_variable_op(op) else None
    except Exception:  # collections hold anything (strings, functions, ...)
        return None


class _Node:
    """A scope of the tree: its sub-scopes and variables by name part, and the variable of its own name."""

    __slots__ = ("children", "variable")

    def __init__(self):
        self.children = {}
        self.variable = None


def scope_tree(names):
    """The tree of scopes of variable `names` ("a/b/w" is w in scope b in scope a), in the names' order."""
    root = _Node()
    for name in names:
        node = root
        for part in name.split("/"):
            node = node.children.setdefault(part, _Node())
        node.variable = name
    return root


def _walk(node, depth=0):
    """(depth, part, variable name or None for a scope) in display order: a scope before what it holds."""
    for part, child in node.children.items():
        if child.variable is not None:
            yield depth, part, child.variable
        if child.children:
            yield depth, part + "/", None
            yield from _walk(child, depth + 1)


def _count(node):
    return (node.variable is not None) + sum(_count(child) for child in node.children.values())


def sections_of(names, size=SECTION_SIZE):
    """{section: [variable names]}: the widget's sections, one per top-level scope, split while too large.

    A scope holding more than `size` variables is split into a section of its
    own variables and sections for its sub-scopes; a section still larger
    (variables side by side in one scope) into pages "scope#2", "scope#3"...
    ('#' is never part of an op name). So the open section, the one
    rendered, stays small. "" is the section of variables outside any scope.
    """
    placed = []

    def place(node, path):
        if path and (_count(node) <= size or not any(child.children for child in node.children.values())):
            placed.append((path, [name for _, _, name in _walk(node) if name is not None]))
            return
        own = [child.variable for child in node.children.values() if child.variable is not None]
        if own:
            placed.append((path, own))
        for part, child in node.children.items():
            if child.children:
                place(child, path + "/" + part if path else part)
    place(scope_tree(names), _TOP_LEVEL)
    sections = {}
    for path, members in placed:
        for start in range(0, len(members), size):
            sections[path if not start else "%s#%d" % (path, start // size + 1)] = members[start:start + size]
    return sections


class _SessionState:
    """What the view last showed of one session: values, what changed then, runs seen."""

    def __init__(self, session):
        self.session = session
        self.values = {}
        self.before = {}  # name -> value before the last update shown, for the names it changed
        self.runs = 0
        self.closed = session.closed


class ScopeView:
    """The variable-scope tree of a session's graph with the variables' values, updated on every run.

    Args:
      session: a tfvars Session, or a list of Sessions of one graph to show
        side by side.
      min_interval: the least time in seconds between two updates during a
        burst of runs.

    Raises:
      TypeError: if `session` is not a Session or a list of them.
      ValueError: for no session, a closed session, or sessions of different graphs.
    """

    def __init__(self, session, min_interval=0.1):
        sessions = list(session) if isinstance(session, (list, tuple)) else [session]
        if not sessions:
            raise ValueError("A ScopeView needs at least one tf.Session.")
        graph = live.check_session(sessions[0], what="ScopeView").graph
        for other in sessions[1:]:
            live.check_session(other, graph, what="ScopeView")
        if len(set(map(id, sessions))) != len(sessions):
            raise ValueError("A ScopeView was given the same Session twice.")
        self.graph = graph
        self.sessions = tuple(sessions)
        self._states = [_SessionState(s) for s in sessions]
        self._infos = {}
        self._sections = {}  # section -> [variable names]
        self._row_cache = {}  # name -> ((depth, part, changed flags), values, html)
        self._keys = []  # the variables' cell keys, in the order of self._infos
        self._error = None
        self._build_widget()
        self._sync_graph()
        for state in self._states:
            self._read(state, ran=True)
            state.before.clear()
        self._render()
        # Bound to graph and every session; graph events arriving once per binding are harmless (idempotent).
        self._bindings = [live.Binding(graph, s, self._on_event, min_interval) for s in sessions]

    # What the view shows, for code and tests.
    @property
    def variables(self):
        """The names of the variables shown, in the order of the tree."""
        return [name for _, _, name in _walk(scope_tree(self._infos)) if name is not None]

    def info(self, name):
        """The VariableInfo of variable `name`."""
        return self._infos[name]

    def value(self, name, session=0):
        """The value shown for `name` in session number `session` (None if uninitialised); read only."""
        return self._states[session].values.get(name)

    def changed(self, session=0):
        """The names of the variables the last update changed in session number `session`, sorted."""
        return sorted(self._states[session].before)

    # Live updates.
    def refresh(self):
        """Shows the current state now: events still held back by throttling, and values written without a run."""
        for binding in self._bindings:
            binding.flush()
        self._update(ran=())

    def _on_event(self, events):
        graph_changed = False
        ran = set()
        for event in events:
            kind = type(event)
            if kind is observers.RunFinished:
                ran.add(event.session)
                self._state_of(event.session).runs += 1
            elif kind is observers.VariablesChanged:
                ran.add(event.session)
            elif kind is observers.SessionClosed:
                self._state_of(event.session).closed = True
            elif kind in _GRAPH_EVENTS:
                graph_changed = True
        if graph_changed:
            self._sync_graph()
        self._update(ran)

    def _state_of(self, session):
        return next(state for state in self._states if state.session is session)

    def _update(self, ran):
        """Reads the sessions' values and renders; the sessions in `ran` ran since the last update."""
        for state in self._states:
            if not state.closed:
                self._read(state, state.session in ran)
        try:
            self._render()
            self._error = None
        except Exception as error:  # a failing render shows in the view, and never reaches the engine
            message = "%s: %s" % (type(error).__name__, error)
            self._header.value = '<b style="color:#c00">ScopeView could not render: %s</b>' % html.escape(message)
            if message != self._error:  # once, not on every run of a training loop
                warnings.warn("ScopeView could not render: %s" % message, RuntimeWarning, stacklevel=2)
            self._error = message

    def _sync_graph(self):
        old_infos, self._infos = self._infos, variable_infos(self.graph)
        for name in list(self._row_cache):
            if name not in self._infos or self._infos[name].describe() != old_infos[name].describe():
                del self._row_cache[name]
        self._keys = [info.key for info in self._infos.values()]
        sections = sections_of(self._infos)
        old, self._sections = self._sections, sections
        if list(sections) != list(old):
            self._rebuild_sections()
        elif any(len(names) != len(old[section]) for section, names in sections.items()):
            self._accordion.titles = self._titles()

    def _read(self, state, ran):
        """Reads a session's values: a name whose value is another array than last read changed.

        After a run, what it changed replaces what the previous update changed
        (possibly by nothing); otherwise only a change (a write outside `run`) does.
        """
        names = list(self._infos)
        current = _values.read_values(state.session, self._keys)
        old = state.values
        before = {name: old.get(name) for name, value in zip(names, current) if value is not old.get(name)}
        if ran or before:
            state.before = before
        state.values = dict(zip(names, current))

    # Text.
    def __repr__(self):
        lines = [self._title()] + [self._session_line(i) for i in range(len(self._states))]
        if self._error:
            lines.append("render failed: %s" % self._error)
        for depth, part, name in _walk(scope_tree(self._infos)):
            indent = "  " * depth
            if name is None:
                lines.append(indent + part)
                continue
            lines.append("%s%s  %s" % (indent, part, self._infos[name].describe()))
            for i, state in enumerate(self._states):
                label = "=" if len(self._states) == 1 else "session %d =" % i
                text = "%s  %s %s" % (indent, label, _values.format_value(state.values.get(name)))
                if name in state.before:
                    text += "  " + _values.format_change(state.before[name], state.values.get(name))
                lines.append(text)
        return "\n".join(lines)

    __str__ = __repr__

    def _title(self):
        count = len(self._infos)
        return "ScopeView: %d variable%s, %d session%s" % (count, "" if count == 1 else "s", len(self._states),
                                                         "" if len(self._states) == 1 else "s")

    def _session_line(self, i):
        state = self._states[i]
        label = "session" if len(self._states) == 1 else "session %d" % i
        initialised = sum(1 for name in self._infos if state.values.get(name) is not None)
        return "%s: %s, %d run%s seen, %d of %d initialised, %d changed in the last update" % (
            label, "closed" if state.closed else "open", state.runs, "" if state.runs == 1 else "s",
            initialised, len(self._infos), len(state.before))

    # The widget.
    def _build_widget(self):
        self._header = ipywidgets.HTML()
        self._progress = ipywidgets.IntProgress(min=0, max=1, value=0, layout=ipywidgets.Layout(display="none"))
        self._accordion = ipywidgets.Accordion()
        self.widget = ipywidgets.VBox([self._header, self._progress, self._accordion])
        view = weakref.ref(self)

        def on_select(change):
            target = view()
            if target is not None:
                target._update(ran=())
        self._accordion.observe(on_select, names="selected_index")

    def _rebuild_sections(self):
        """One (empty until opened) HTML child per section; the first opens when none was open."""
        with self._accordion.hold_sync():
            self._accordion.children = [ipywidgets.HTML() for _ in self._sections]
            self._accordion.titles = self._titles()
            if self._accordion.selected_index is None and self._sections:
                self._accordion.selected_index = 0

    def _titles(self):
        titles = []
        for section, names in self._sections.items():
            scope, _, page = section.partition("#")
            titles.append("%s%s (%d)" % ("%s/" % scope if scope else "(top level)", " part %s" % page if page else "",
                                         len(names)))
        return tuple(titles)

    def _render(self):
        """Updates the header and the open section; the closed sections render when opened."""
        with self.widget.hold_sync():
            self._header.value = "<br>".join(html.escape(line) for line in
                                              [self._title()] + [self._session_line(i)
                                                                 for i in range(len(self._states))])
            index = self._accordion.selected_index
            if index is not None and index < len(self._accordion.children):
                section = list(self._sections)[index]
                content = self.section_html(section)
                child = self._accordion.children[index]
                if child.value != content:
                    child.value = content

    def section_html(self, section=_TOP_LEVEL):
        """The HTML table of section `section` (see `sections_of`; "" for the variables outside any scope).

        Names are shown relative to the section's scope, which is the section's title.
        """
        names = self._sections.get(section, [])
        scope = section.partition("#")[0]
        prefix = len(scope) + 1 if scope else 0
        tree = scope_tree([name[prefix:] for name in names])
        rows = [self._row_html(depth, part, None if name is None else names[0][:prefix] + name)
                for depth, part, name in _walk(tree)]  # names[0][:prefix] is "scope/" (or "")
        heads = "".join("<th>%s</th>" % h for h in ("variable", "dtype", "shape", "device", "trainable",
                                                    "collections", "made by"))
        heads += "".join("<th>%s</th>" % html.escape(self._session_label(i)) for i in range(len(self._states)))
        return ('<table class="tfvars-scope-view" style="border-collapse: collapse; font-size: 12px">'
                "<tr>%s</tr>%s</table>" % (heads, "".join(rows)))

    def _session_label(self, i):
        return "value" if len(self._states) == 1 else "session %d" % i

    def _row_html(self, depth, part, name):
        pad = 'style="padding-left: %dem"' % (1 + depth)
        if name is None:
            return '<tr><td %s colspan="%d"><b>%s</b></td></tr>' % (pad, 7 + len(self._states), html.escape(part))
        values = tuple(state.values.get(name) for state in self._states)
        changed = tuple(name in state.before for state in self._states)
        signature = (depth, part, changed)
        cached = self._row_cache.get(name)
        if cached is not None and cached[0] == signature and all(a is b for a, b in zip(cached[1], values)):
            return cached[2]
        info = self._infos[name]
        facts = [info.dtype, _values.format_shape(info.shape), html.escape(info.device),
                 "✓" if info.trainable else "", html.escape(", ".join(info.collections)), html.escape(info.origin)]
        row = "<tr><td %s>%s</td>%s%s</tr>" % (pad, html.escape(part), "".join("<td>%s</td>" % f for f in facts),
                                               "".join(self._value_cell(state, name) for state in self._states))
        self._row_cache[name] = (signature, values, row)
        return row

    @staticmethod
    def _value_cell(state, name):
        value = state.values.get(name)
        if value is None:
            content = '<i style="color:#888">uninitialised</i>'
        elif _values.is_small(value):
            content = "<code>%s</code>" % html.escape(_values.format_full(value))
        else:
            content = "%s<br><code>%s</code>" % (_values.heatmap_html(value),
                                                 html.escape(_values.format_summary(_values.summarize(value))))
        if name not in state.before:
            return "<td>%s</td>" % content
        change = _values.format_change(state.before[name], value)
        return '<td style="background: #fff3bf">%s<br><small>%s</small></td>' % (content, html.escape(change))

    # Display and life cycle.
    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = repr(self)
        return bundle

    def progress(self, iterable, total=None):
        """Yields `iterable`'s items while a progress bar counts them; the view shows the final state at the end.

        The bar moves at most once per `min_interval` seconds.

        >>> for step in view.progress(range(1000)):   # doctest: +SKIP
        ...     sess.run(train_op)
        """
        if total is None and hasattr(iterable, "__len__"):
            total = len(iterable)
        bar, binding = self._progress, self._bindings[0]
        bar.max, bar.value = max(total or 0, 1), 0
        bar.layout.display = None
        shown = binding._clock()
        count = 0
        try:
            for count, item in enumerate(iterable, 1):
                yield item
                now = binding._clock()
                if now - shown >= binding.min_interval:
                    shown = now
                    self._show_progress(count, total)
        finally:
            self._show_progress(count, total)
            self.refresh()

    def _show_progress(self, count, total):
        bar = self._progress
        if total:
            bar.value, bar.description = min(count, total), "%d/%d" % (count, total)
        else:
            bar.value, bar.description = bar.max, "%d" % count

    def close(self):
        """Stops following the graph and sessions, and closes the widget."""
        for binding in self._bindings:
            binding.close()
        for child in self._accordion.children:
            child.close()
        for widget in (self._header, self._progress, self._accordion, self.widget):
            widget.close()
