"""The notebooks in a real browser: JupyterLab on loopback, driven in headless Chromium.

Each notebook is run top to bottom in JupyterLab; the test reads the notebook model (not the
DOM, where an error and a harmless stderr line look alike) for error outputs, checks that
every widget view rendered (no "Loading widget..." left) and keeps a screenshot per notebook in
tests/artifacts/browser/. The server runs in its own process group, on a copy of notebooks/ with
its state in a temporary folder, and is stopped at the end.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ARTIFACTS = ROOT / "tests" / "artifacts" / "browser"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

sync_playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").sync_playwright
pytest.importorskip("jupyterlab", reason="jupyterlab is not installed")
pytestmark = pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason=f"{CHROMIUM} is not installed")

# The notebook model as nbformat JSON, and the kernel's state, read through the exposed app.
_NOTEBOOK_STATE = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    if (!panel || !panel.context || !panel.context.model || !panel.sessionContext.session) return null;
    const kernel = panel.sessionContext.session.kernel;
    return {status: kernel ? kernel.status : "none", notebook: panel.context.model.toJSON()};
}"""


# The execution counts of the open notebook's cells and whether its kernel is busy: these change
# as soon as a command has sent a cell to the kernel.
_EXECUTION_COUNTS = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const cells = panel.context.model.toJSON().cells.map(cell => cell.execution_count);
    return {cells: cells, busy: panel.sessionContext.session.kernel.status === "busy"};
}"""


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _write_settings(settings_dir):
    """Autosave off (Lab never rewrites a notebook) and every cell kept in the DOM (no windowing)."""
    for plugin, values in {
        "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
        "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
        "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    }.items():
        path = settings_dir / (plugin + ".jupyterlab-settings")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a copy of notebooks/; yields its base URL and its root folder."""
    state = tmp_path_factory.mktemp("lab")
    root = state / "root"
    shutil.copytree(ROOT / "notebooks", root, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    _write_settings(state / "settings")
    port = _free_port()
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(state / "runtime"), JUPYTER_CONFIG_DIR=str(state / "config"),
               JUPYTER_PLATFORM_DIRS="1", PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
        "--port-retries=0", "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={state / 'settings'}", f"--LabApp.workspaces_dir={state / 'workspaces'}",
        "--LabApp.expose_app_in_browser=True", f"--FileCheckpoints.checkpoint_dir={state / 'checkpoints'}",
        "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    log = open(state / "server.log", "w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_server(url, server, state / "server.log")
        yield url, root
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def _wait_for_server(url, server, log_path, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail("JupyterLab exited at start:\n" + log_path.read_text()[-3000:])
        try:
            with urllib.request.urlopen(url + "/api/status", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail("JupyterLab did not answer within %d s:\n%s" % (timeout, log_path.read_text()[-3000:]))


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless Chromium (the system's), with a fresh profile."""
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_FLAGS, viewport={"width": 1280, "height": 1600})
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="module")
def page(lab, browser):
    """One JupyterLab page (in a workspace of its own) in which the tests open their notebooks."""
    url, _ = lab
    page = browser.new_page()
    page.goto(f"{url}/lab/workspaces/browser-test")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started", timeout=120_000)
    page.evaluate("() => window.jupyterapp.started")
    yield page
    page.close()


def _open(page, name):
    """Open notebook `name` in the page and wait until its kernel is started and idle."""
    page.evaluate("""async (name) => {
        const app = window.jupyterapp;
        app.shell.activateById((await app.commands.execute("docmanager:open", {path: name, factory: "Notebook"})).id);
    }""", name)
    page.wait_for_function(
        """(name) => {
            const app = window.jupyterapp;
            const panel = app && app.shell.currentWidget;
            return panel && panel.context && panel.context.path === name && panel.context.isReady
                && panel.sessionContext.session && panel.sessionContext.session.kernel
                && panel.sessionContext.session.kernel.status === "idle";
        }""", arg=name, timeout=120_000)


def _run(page, command, tries=3):
    """Execute a notebook command on the open notebook, and make sure the kernel got work from it.

    The notebook commands act on the notebook that has the focus, which a headless page may not
    have given it yet: the notebook is focused first, and the command sent again if nothing ran.
    A cell tagged raises-exception makes run-all's promise reject early, so completion is judged
    by `_wait_until_done` from the model, not by the promise.
    """
    for _ in range(tries):
        before = page.evaluate(_EXECUTION_COUNTS)
        page.evaluate("""async (command) => {
            const app = window.jupyterapp;
            const panel = app.shell.currentWidget;
            app.shell.activateById(panel.id);
            panel.content.activate();
            try { await app.commands.execute(command); } catch (error) { /* judged by the model */ }
        }""", command)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if page.evaluate(_EXECUTION_COUNTS) != before:
                return
            time.sleep(0.2)
    pytest.fail(f"{command} ran no cell")


def _wait_until_done(page, code_cells=None, timeout=120):
    """The notebook model once the first `code_cells` code cells (default all) have run and the kernel is idle."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = page.evaluate(_NOTEBOOK_STATE)
        cells = [cell for cell in state["notebook"]["cells"] if cell["cell_type"] == "code"]
        wanted = cells if code_cells is None else cells[:code_cells]
        if state["status"] == "idle" and all(cell.get("execution_count") for cell in wanted):
            return state["notebook"]
        time.sleep(0.25)
    not_run = [i for i, cell in enumerate(state["notebook"]["cells"])
               if cell["cell_type"] == "code" and not cell.get("execution_count")]
    pytest.fail("the notebook did not finish running within %d s (kernel %s; cells not run: %s)"
                % (timeout, state["status"], not_run))


def _unexpected_errors(notebook):
    errors = []
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code" or "raises-exception" in cell["metadata"].get("tags", []):
            continue
        for output in cell.get("outputs", []):
            if output["output_type"] == "error":
                errors.append("cell %d: %s: %s" % (index, output["ename"], output["evalue"]))
    return errors


def _widget_outputs(notebook):
    """(cell index, output index) of every widget view in the notebook model."""
    return [[i, j] for i, cell in enumerate(notebook["cells"]) for j, output in enumerate(cell.get("outputs", []))
            if WIDGET_MIME in output.get("data", {})]


def _widget_texts(page, places):
    """The text each widget output shows in the page, or None where no widget view is drawn yet."""
    return page.evaluate("""(places) => {
        const cells = window.jupyterapp.shell.currentWidget.content.widgets;
        return places.map(([i, j]) => {
            const child = cells[i].outputArea.widgets[j];
            const view = child && child.node.querySelector('.jupyter-widgets');
            return view && !/Loading widget/i.test(child.node.innerText) ? child.node.innerText : null;
        });
    }""", places)


def _wait_for_widgets(page, places, timeout=30):
    """The widget outputs' texts once every one is drawn (or as they are when `timeout` runs out)."""
    deadline = time.monotonic() + timeout
    texts = _widget_texts(page, places)
    while None in texts and time.monotonic() < deadline:
        time.sleep(0.25)
        texts = _widget_texts(page, places)
    return texts


def _close(page):
    """Shut the current notebook's kernel down and close it unsaved (autosave is off: the file stays as it was)."""
    page.evaluate("""async () => {
        const panel = window.jupyterapp.shell.currentWidget;
        await panel.sessionContext.shutdown();
        panel.dispose();
    }""")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_notebook_runs_in_jupyterlab(page, notebook):
    _open(page, notebook.name)
    try:
        _run(page, "notebook:run-all-cells")
        model = _wait_until_done(page)
        places = _widget_outputs(model)
        texts = _wait_for_widgets(page, places)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / (notebook.stem + ".png")))
        assert _unexpected_errors(model) == []
        assert "Loading widget" not in page.inner_text(".jp-NotebookPanel")
        assert [place for place, text in zip(places, texts) if text is None] == [], "widget views not drawn"
    finally:
        _close(page)


LIVE_VIEW_CELLS = [
    "import tfvars as tf\nimport widgets\n\ntf.reset_default_graph()\n"
    "v = tf.get_variable(\"v\", initializer=1.0)\nbump = v.assign_add(41.0)\nsess = tf.Session()\nsess.run(v.initializer)",
    "view = widgets.ScopeView(sess)\nview",
    "sess.run(bump)",
]


def test_a_later_run_changes_an_earlier_view(lab, page):
    try:
        import widgets  # noqa: F401
    except ImportError:
        pytest.skip("widgets not built yet")
    _, root = lab
    cells = [{"cell_type": "code", "execution_count": None, "id": f"live-{i}", "metadata": {}, "outputs": [],
              "source": source} for i, source in enumerate(LIVE_VIEW_CELLS)]
    notebook = {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                            "language": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
    (root / "live_view.ipynb").write_text(json.dumps(notebook))
    _open(page, "live_view.ipynb")
    try:
        page.evaluate("() => { window.jupyterapp.shell.currentWidget.content.activeCellIndex = 0; }")
        for _ in range(2):
            _run(page, "notebook:run-cell-and-select-next")
        model = _wait_until_done(page, code_cells=2)
        places = _widget_outputs(model)
        assert places == [[1, 0]], "the ScopeView cell shows no widget view"
        [before] = _wait_for_widgets(page, places)
        assert before is not None, "the ScopeView was not drawn"
        _run(page, "notebook:run-cell-and-select-next")
        model = _wait_until_done(page, code_cells=3)
        assert _unexpected_errors(model) == []
        deadline = time.monotonic() + 15
        after = before
        while after == before and time.monotonic() < deadline:
            time.sleep(0.25)
            [after] = _widget_texts(page, places)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "live_view.png"))
        assert after != before, "the ScopeView did not change after a later cell ran the session"
    finally:
        _close(page)
