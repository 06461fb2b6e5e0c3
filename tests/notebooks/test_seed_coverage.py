"""Every code snippet of the two seed documents appears in some notebook's code cells.

The seeds are text dumps (see shared/seeds/README.md): the guide lost its capitals and keeps its
code at the start of lines, while its prose is indented three spaces; the docstring lost its
line breaks, so its code blocks run together (its first copy, with `?` for lost whitespace,
still shows where each comment ends). A snippet counts as present when the notebooks' code,
ignoring case, whitespace, comments and the `import tensorflow as tf` line, contains it;
`<placeholders>` and `...placeholders...` in the docstring match any short piece of code.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
GUIDE = SEEDS / "000_eb001a1a4adbbeb3.txt"
DOCSTRING = SEEDS / "004_2b60618583e93ad8.txt"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

# The snippets as last extracted from the seeds, kept here so that the check runs where the seed
# documents are not beside the repository (a CI clone elsewhere); checked against the seeds where they are.
STORED = Path(__file__).with_name("seed_snippets.json")
SEEDS_HERE = GUIDE.exists() and DOCSTRING.exists()

_PROSE = re.compile(r"^   \S")  # prose is indented three spaces; code starts at the margin
_PLACEHOLDER = re.compile(r"<[^<>]*>|\.\.\.[^.]+\.\.\.")


def guide_snippets():
    """The guide's code blocks: runs of non-blank, non-prose lines in its body."""
    lines = GUIDE.read_text().splitlines()
    start = lines.index("variables")
    end = next(i for i, line in enumerate(lines) if line.startswith("   except as otherwise noted"))
    blocks, current = [], []
    for line in lines[start + 1:end] + [""]:
        starts_code = line[:1].strip() != ""
        continues_code = current and line.strip() and not _PROSE.match(line)
        if starts_code or continues_code:
            current.append(line)
        elif current:
            blocks.append("\n".join(current))
            current = []
    return [block for block in blocks if not re.fullmatch(r"[a-z ]+", block)]  # drop section headings


def docstring_snippets():
    """The docstring's fenced code blocks, from its copy that kept its fences."""
    text = DOCSTRING.read_text()
    compact = next(line for line in text.splitlines() if line.startswith("class Variable(") and "```" in line)
    spaced = text[:text.index(compact)]
    comments = {comment.strip() for comment in re.findall(r"#[^?\n]*", spaced) if len(comment.strip()) > 2}
    blocks = re.findall(r"```(?:python)?(.*?)```", compact)
    for comment in sorted(comments, key=len, reverse=True):
        blocks = [block.replace(comment, "\n") for block in blocks]
    return blocks


def normalise(code):
    """Code without comments, the TensorFlow import, whitespace or case."""
    lines = [line.split("#", 1)[0] for line in code.splitlines()]
    lines = [line for line in lines if line.strip() != "import tensorflow as tf"]
    return re.sub(r"\s+", "", "\n".join(lines)).lower()


def pattern(snippet):
    """A regex for the normalised snippet, its placeholders matching any short code."""
    pieces = _PLACEHOLDER.split(snippet)
    return ".{0,80}?".join(re.escape(normalise(piece)) for piece in pieces)


def notebook_code(path):
    """The normalised code of a notebook's code cells, in order."""
    cells = json.loads(path.read_text())["cells"]
    return "".join(normalise("".join(cell["source"])) for cell in cells if cell["cell_type"] == "code")


def seed_snippets():
    """[(source, snippet)] extracted from the seed documents."""
    return [("guide", s) for s in guide_snippets()] + [("docstring", s) for s in docstring_snippets()]


SNIPPETS = [tuple(pair) for pair in json.loads(STORED.read_text())] if STORED.exists() else []


def test_the_seeds_yield_their_snippets():
    kinds = [kind for kind, _ in SNIPPETS]
    assert kinds.count("guide") == 22 and kinds.count("docstring") == 4


@pytest.mark.skipif(not SEEDS_HERE, reason="the seed documents (shared/seeds/ beside the repository) are not here")
def test_the_stored_snippets_are_the_seeds_current_ones():
    assert seed_snippets() == SNIPPETS, "re-extract them: python3 tests/notebooks/test_seed_coverage.py"


@pytest.mark.parametrize("snippet", [s for _, s in SNIPPETS], ids=[f"{k}-{i}" for i, (k, _) in enumerate(SNIPPETS)])
def test_snippet_appears_in_a_notebook(snippet):
    code = {path.name: notebook_code(path) for path in NOTEBOOKS}
    found = [name for name, text in code.items() if re.search(pattern(snippet), text)]
    assert found, "no notebook's code cells contain this seed snippet:\n" + snippet


if __name__ == "__main__":  # re-extracts the snippets from the seeds into seed_snippets.json
    STORED.write_text(json.dumps(seed_snippets(), indent=1) + "\n")
