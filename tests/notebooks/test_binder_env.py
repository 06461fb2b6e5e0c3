"""binder/ alone makes an environment in which every notebook validates.

No container build can run here, so this does what repo2docker does with binder/'s files in a
fresh virtualenv: from a copy of the repository's root, `pip install -r binder/requirements.txt`
(apt.txt must name graphviz; runtime.txt must name the Python it runs), then nbval over
notebooks/ with that environment's Python. pip's cache is shared with every other install, so
a second run downloads nothing. Slow (about a minute): it installs JupyterLab.
"""

import os
import re
import shutil
import subprocess
import sys
import venv
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINDER = ROOT / "binder"
# Not part of a Binder build: local environments, caches, test output.
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.egg-info", ".pytest_cache", ".hypothesis",
                                    ".benchmarks", "artifacts", ".ipynb_checkpoints", "build", "dist")


def test_apt_txt_installs_graphviz():
    assert "graphviz" in (BINDER / "apt.txt").read_text().split()


def test_runtime_txt_names_the_python_the_pins_need():
    assert re.fullmatch(r"python-3\.\d+\n?", (BINDER / "runtime.txt").read_text())


def test_requirements_pin_everything_and_install_the_checkout():
    lines = [line.strip() for line in (BINDER / "requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert "-e ." in lines
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][A-Za-z0-9.]*", line) for line in lines if line != "-e .")


def _tool_pins():
    """nbval and pytest for running the check, at the versions this environment has when it has them."""
    pins = []
    for name in ("nbval", "pytest"):
        try:
            pins.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pins.append(name)
    return pins


def _run(command, cwd, env, timeout):
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, "%s failed (exit %d):\n%s\n...\n%s\n%s" % (
        " ".join(map(str, command)), result.returncode, result.stdout[:4000], result.stdout[-2000:],
        result.stderr[-3000:])
    return result.stdout


@pytest.mark.skipif(sys.version_info < (3, 11), reason="binder/runtime.txt asks for Python 3.11; this is older")
def test_a_fresh_environment_from_binder_validates_every_notebook(tmp_path):
    checkout = tmp_path / "repo"
    shutil.copytree(ROOT, checkout, ignore=NOT_COPIED)
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(VIRTUAL_ENV=str(env_dir), PATH=f"{env_dir / 'bin'}{os.pathsep}{env['PATH']}",
               PIP_DISABLE_PIP_VERSION_CHECK="1", JUPYTER_PLATFORM_DIRS="1")

    install = [python, "-m", "pip", "install", "-q", "--no-compile"]  # byte-compiling JupyterLab costs more than it saves here
    _run([*install, "-r", "binder/requirements.txt"], checkout, env, timeout=900)
    _run([*install, *_tool_pins()], checkout, env, timeout=300)
    output = _run([python, "-m", "pytest", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env",
                   "--nbval-sanitize-with", "notebooks/nbval_sanitize.cfg", "notebooks"], checkout, env, timeout=600)

    assert re.search(r"\d+ passed", output) and "failed" not in output
    imported_from = _run([python, "-c", "import tfvars; print(tfvars.__file__)"], tmp_path, env, timeout=60)
    assert Path(imported_from.strip()).is_relative_to(checkout)
