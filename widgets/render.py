"""Rendering DOT to SVG with Graphviz's `dot` program, and restyling the SVG without laying it out again.

`render_svg(dot_text)` runs `dot -Tsvg` in a subprocess. Without `dot` on the
PATH it raises `DotNotFound`, whose message says how to install Graphviz;
`dot_missing_html()` is the same message for a view to show.

`StyledSvg` holds one rendered SVG cut at its node, edge and cluster groups
(`<g id="n:..." class="node">`), so `restyle({id: classes})` gives the same
picture with extra CSS classes on some groups: a highlight, a fade or a mark
changes colours and opacity and moves nothing. `SVG_STYLE` is the CSS those
classes refer to.
"""

import asyncio
import html
import re
import shutil
import subprocess

INSTALL_HINT = ("Install Graphviz: `apt-get install graphviz` (Debian, Ubuntu), `conda install graphviz`, "
                "or `brew install graphviz` (macOS); then restart the kernel.")


class DotNotFound(RuntimeError):
    """Graphviz's `dot` program is not on the PATH."""

    def __init__(self):
        super().__init__("Graphviz's `dot` program was not found on the PATH, so the graph cannot be drawn. "
                         + INSTALL_HINT + " widgets.to_dot(graph) still gives the DOT text.")


class RenderError(RuntimeError):
    """`dot` failed on a DOT text (its own message follows)."""


def find_dot():
    """The path of Graphviz's `dot` program, or None when it is not installed."""
    return shutil.which("dot")


def dot_missing_html():
    """What a view shows instead of a picture when `dot` is missing."""
    return '<div class="tfvars-dot-missing"><b>No picture:</b> %s</div>' % html.escape(str(DotNotFound()))


def render_svg(dot_text, timeout=120):
    """The SVG Graphviz draws for `dot_text`, without the XML prolog, DOCTYPE and comments.

    Raises:
      DotNotFound: if `dot` is not installed.
      RenderError: if `dot` fails or takes longer than `timeout` seconds.
    """
    program = find_dot()
    if program is None:
        raise DotNotFound()
    try:
        result = subprocess.run([program, "-Tsvg"], input=dot_text.encode("utf-8"), capture_output=True,
                                timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise RenderError("Graphviz's dot took more than %s s to lay the graph out." % timeout) from None
    except OSError as error:
        raise RenderError("Graphviz's dot could not be run: %s" % error) from None
    if result.returncode != 0:
        raise RenderError("Graphviz's dot failed: %s" % result.stderr.decode("utf-8", "replace").strip())
    return clean_svg(result.stdout.decode("utf-8"))


async def render_svg_async(dot_text, timeout=120):
    """`render_svg` without blocking the running event loop (in a kernel: between cells).

    `dot` runs from a worker thread, which only waits for the subprocess; the
    result comes back to the loop's thread, where the widgets are updated.
    """
    return await asyncio.get_running_loop().run_in_executor(None, render_svg, dot_text, timeout)


_PROLOG = re.compile(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*|<!--.*?-->\s*", re.S)
_GROUP = re.compile(r'<g id="([^"]*)" class="(node|edge|cluster)"')


def clean_svg(svg):
    """`svg` without the parts that vary between Graphviz versions or do not belong inline in HTML."""
    return _PROLOG.sub("", svg)


class StyledSvg:
    """One rendered SVG, restyled by adding CSS classes to its groups (by id) without a new layout."""

    def __init__(self, svg):
        self.svg = svg
        self._pieces = []  # the text between groups' class attributes
        self._groups = []  # (id, class) of each group, in document order
        start = 0
        for match in _GROUP.finditer(svg):
            self._pieces.append(svg[start:match.start(2)])
            self._groups.append((html.unescape(match.group(1)), match.group(2)))
            start = match.end(2)
        self._pieces.append(svg[start:])

    @property
    def ids(self):
        """The ids of the SVG's node, edge and cluster groups, in document order."""
        return [group_id for group_id, _ in self._groups]

    def restyle(self, classes):
        """The SVG with `classes[id]` (a string of CSS class names) added to the class of group `id`."""
        if not classes:
            return self.svg
        parts = []
        for piece, (group_id, kind) in zip(self._pieces, self._groups):
            parts.append(piece)
            extra = classes.get(group_id)
            parts.append(kind + " " + extra if extra else kind)
        parts.append(self._pieces[-1])
        return "".join(parts)


# Presentation attributes lose to CSS, so these rules restyle Graphviz's shapes (nested in a tooltip's <a>).
SVG_STYLE = """<style>
.tfvars-graph svg { max-width: 100%; height: auto; }
.tfvars-graph g.faded { opacity: 0.25; }
.tfvars-graph g.executed polygon, .tfvars-graph g.executed ellipse, .tfvars-graph g.executed path {
  stroke: #2b8a3e; stroke-width: 2.5px; }
.tfvars-graph g.edge.executed path { stroke: #2b8a3e; stroke-width: 2px; }
.tfvars-graph g.uninitialized polygon, .tfvars-graph g.uninitialized ellipse,
.tfvars-graph g.uninitialized path { stroke: #c92a2a; stroke-width: 3px; }
.tfvars-graph g.reads-uninitialized polygon, .tfvars-graph g.reads-uninitialized ellipse,
.tfvars-graph g.reads-uninitialized path { stroke: #c92a2a; stroke-dasharray: 4,2; stroke-width: 1.5px; }
.tfvars-graph g.match polygon, .tfvars-graph g.match ellipse, .tfvars-graph g.match path {
  fill: #ffe066; }
.tfvars-graph g.member polygon, .tfvars-graph g.member ellipse, .tfvars-graph g.member path {
  stroke: #5f3dc4; stroke-width: 3px; }
.tfvars-graph g.selected polygon, .tfvars-graph g.selected ellipse, .tfvars-graph g.selected path {
  stroke: #1c7ed6; stroke-width: 4px; }
.tfvars-graph g.traced polygon, .tfvars-graph g.traced ellipse, .tfvars-graph g.traced path {
  stroke: #1c7ed6; stroke-width: 2px; }
</style>"""
