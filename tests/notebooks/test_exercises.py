"""The notebooks' exercises: each has a solution, and with the solutions filled in every check passes.

An exercise is a code cell tagged `exercise`; its solution is the first ```python block of the
next markdown cell with a "Solution" summary. The notebook runs with each exercise cell replaced
by its solution, and every `check(...)` must then print "✔" (unsolved, as saved, they print
"✘ not yet", which nbval holds them to).
"""

import copy
import json
import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed (./dev test installs it)")
nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed (./dev test installs it)")
pytest.importorskip("ipykernel", reason="ipykernel is not installed (./dev test installs it)")

NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
_SOLUTION = re.compile(r"<summary>Solution</summary>.*?```python\n(.*?)```", re.S)


def solved(notebook):
    """A copy of `notebook` whose exercise cells hold their solutions, and how many exercises it has."""
    notebook = copy.deepcopy(notebook)
    cells = notebook.cells
    exercises = [i for i, cell in enumerate(cells) if "exercise" in cell.metadata.get("tags", [])]
    for i in exercises:
        solution = next(_SOLUTION.search(cell.source) for cell in cells[i + 1:]
                        if cell.cell_type == "markdown" and _SOLUTION.search(cell.source))
        cells[i].source = solution.group(1)
    return notebook, len(exercises)


def check_lines(notebook):
    """What the notebook's check cells printed, one line per check."""
    lines = []
    for cell in notebook.cells:
        if cell.cell_type == "code" and "check(" in cell.source:
            text = "".join(output.get("text", "") for output in cell.outputs if output.output_type == "stream")
            lines += [line for line in text.splitlines() if line.startswith(("✔", "✘"))]
    return lines


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_every_exercise_is_solved_by_its_solution(path):
    notebook, exercises = solved(nbformat.read(path, as_version=4))
    assert exercises >= 1, "every notebook has exercises"
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK_DIR)}}).execute()
    lines = check_lines(notebook)
    assert len(lines) >= exercises and all(line.startswith("✔") for line in lines), "\n".join(lines)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_unsolved_checks_say_not_yet(path):
    lines = check_lines(nbformat.read(path, as_version=4))
    assert lines and all(line.startswith("✘ not yet") for line in lines), json.dumps(lines)
