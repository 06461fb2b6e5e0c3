"""A GraphView's ipywidgets: option buttons, scope list, search box, node picker, picture and info panel.

Each control calls the view's public method of the same meaning; the view
shows its state back in the controls through `show_options`, `show_nodes` and
`show`, during which the controls' observers do nothing (so a change the view
makes does not come back to it).
"""

import ipywidgets

from widgets import info_card
from widgets.drawing import COLOR_BY, VIEWS


class GraphControls:
    """The view's ipywidgets: option buttons, scope list, search box, node picker, picture and info card."""

    def __init__(self, view):
        self.view = view
        options = view.options
        self.view_buttons = ipywidgets.ToggleButtons(options=list(VIEWS), value=options["view"], description="view")
        self.color_buttons = ipywidgets.ToggleButtons(options=list(COLOR_BY), value=options["color_by"],
                                                      description="colour by")
        self.series = ipywidgets.Checkbox(value=options["fold_series"], description="fold series")
        self.scopes = ipywidgets.SelectMultiple(options=[], description="collapsed", rows=5)
        self.collapse_all = ipywidgets.Button(description="collapse all")
        self.expand_all = ipywidgets.Button(description="expand all")
        self.search = ipywidgets.Text(placeholder="regular expression", description="search",
                                      continuous_update=False)
        self.node = ipywidgets.Dropdown(options=[], value=None, description="node")
        self.trace = ipywidgets.Checkbox(value=False, description="trace inputs")
        self.picture = ipywidgets.HTML()
        self.info = ipywidgets.HTML()
        self._showing = False  # True while the view sets the controls (their observers then do nothing)
        self.view_buttons.observe(self._on("set_view"), "value")
        self.color_buttons.observe(self._on("set_color_by"), "value")
        self.series.observe(self._on("set_fold_series"), "value")
        self.scopes.observe(self._on_scopes, "value")
        self.search.observe(self._on("search"), "value")
        self.node.observe(self._on("select"), "value")
        self.trace.observe(self._on_trace, "value")
        self.collapse_all.on_click(lambda _: self._safely(view.collapse_all))
        self.expand_all.on_click(lambda _: self._safely(view.expand_all))

    def children(self):
        row = ipywidgets.HBox
        return [row([self.view_buttons, self.series]), row([self.color_buttons]),
                row([self.scopes, ipywidgets.VBox([self.collapse_all, self.expand_all])]),
                row([self.search, self.node, self.trace]), self.picture, self.info]

    def _on(self, method):
        def observer(change):
            if not self._showing:
                self._safely(getattr(self.view, method), change["new"])
        return observer

    def _on_trace(self, change):
        selected = self.view.selected
        self._safely(self.view.trace, selected[1] if change["new"] and selected is not None else None)

    def _on_scopes(self, change):
        if not self._showing:
            self._safely(self.view._set_option, "collapsed", frozenset(change["new"]))

    def _safely(self, function, *args):
        """Calls a control's action; an error shows in the info panel instead of breaking the notebook."""
        try:
            function(*args)
        except Exception as error:  # a bad regex, an unknown name: show it, keep the view usable
            self.info.value = info_card.as_html("%s: %s" % (type(error).__name__, error))

    def show_options(self):
        options = self.view.options
        with self._setting():
            self.view_buttons.value = options["view"]
            self.color_buttons.value = options["color_by"]
            self.series.value = options["fold_series"]

    def show_nodes(self):
        """Refreshes the lists that depend on the drawing: scopes to collapse and nodes to pick."""
        view = self.view
        with self._setting():
            scopes = view.scopes()
            if list(self.scopes.options) != scopes:
                self.scopes.options = scopes
            self.scopes.value = tuple(scope for scope in scopes if scope in view.options["collapsed"])
            names = list(view.drawing.nodes)
            if list(self.node.options) != names:
                selected = view.selected[1] if view.selected is not None else None
                self.node.options = names
                self.node.value = selected if selected in names else None

    def show_selection(self):
        """Shows the view's selected node in the node list (none when nothing is selected)."""
        selected = self.view.selected
        with self._setting():
            self.node.value = selected[1] if selected is not None and selected[1] in self.node.options else None

    def show(self, picture, info):
        with self._setting():
            if self.picture.value != picture:
                self.picture.value = picture
            if self.info.value != info:
                self.info.value = info

    def _setting(self):
        return _Setting(self)

    def close(self):
        for widget in (self.view_buttons, self.color_buttons, self.series, self.scopes, self.collapse_all,
                       self.expand_all, self.search, self.node, self.trace, self.picture, self.info):
            widget.close()


class _Setting:
    """While open, changes the view makes to its controls do not call back into the view."""

    def __init__(self, controls):
        self.controls = controls

    def __enter__(self):
        self.previous, self.controls._showing = self.controls._showing, True

    def __exit__(self, *exc_info):
        self.controls._showing = self.previous
