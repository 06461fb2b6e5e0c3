"""Public TF 1.x tutorial programs, run on tfvars, print what they print on TensorFlow (issue 7).

Each program in this directory is a tutorial script from a public repository (its header names
the source, the licence and every change made to it), run with only its import line swapped
(`run_program.py`). Its output on TensorFlow is stored next to it as `<name>.tf.out`. Here each
program runs on tfvars in a subprocess, in a fresh temporary directory (for the files it writes),
and its output must match: the text of each line exactly, and the numbers in it within the
tolerance its header declares (`# tolerance: exact` or `# tolerance: rtol=..., atol=...`).
A number must also be printed in the same form (an int as an int, a float32 with float32's
digits), so that a wrong dtype shows even when the value is close.
"""

import difflib
import os
import re
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from run_program import program_names  # noqa: E402

_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|[-+]?\b(?:nan|inf)\b")
_TOLERANCE = re.compile(r"^# tolerance: (.*)$", re.MULTILINE)
_TIMEOUT_SECONDS = 120
# BLAS threads fighting over a few shared cores make numpy's matmul ten times slower.
_ONE_BLAS_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def declared_tolerance(name):
    """(rtol, atol) from the program's `# tolerance:` header line; (0, 0) for `exact`."""
    with open(os.path.join(HERE, name + ".py")) as f:
        found = _TOLERANCE.search(f.read())
    assert found, "%s.py declares no '# tolerance:' line" % name
    spec = found.group(1).split("(")[0].strip()
    if spec == "exact":
        return 0.0, 0.0
    values = dict(item.strip().split("=") for item in spec.split(","))
    return float(values.get("rtol", 0.0)), float(values.get("atol", 0.0))


def _decimals(token):
    mantissa = re.split(r"[eE]", token)[0]
    return len(mantissa.split(".")[1]) if "." in mantissa else 0


def _significant_digits(token):
    mantissa = re.split(r"[eE]", token)[0].lstrip("+-").replace(".", "").lstrip("0")
    return len(mantissa)


def _number_mismatch(expected, actual, rtol, atol):
    """Why the printed number `actual` does not stand for `expected`, or None."""
    if ("." in expected or "e" in expected.lower()) != ("." in actual or "e" in actual.lower()):
        return "printed as another kind of number"
    if _decimals(expected) != _decimals(actual) and (
            abs(_significant_digits(expected) - _significant_digits(actual)) > 2):
        return "printed with another precision (a different dtype?)"
    x, y = float(expected), float(actual)
    if x != x or y != y:
        return None if (x != x) == (y != y) else "NaN on one side only"
    if abs(x - y) > atol + rtol * abs(x):
        return "differs by %.3g (allowed %.3g)" % (abs(x - y), atol + rtol * abs(x))
    return None


def line_mismatch(expected, actual, rtol, atol):
    """Why the output line `actual` differs from TensorFlow's `expected`, or None."""
    if _NUMBER.sub("#", expected) != _NUMBER.sub("#", actual):
        return "text differs"
    for x, y in zip(_NUMBER.findall(expected), _NUMBER.findall(actual)):
        reason = _number_mismatch(x, y, rtol, atol)
        if reason:
            return "%s vs %s: %s" % (x, y, reason)
    return None


def output_mismatch(expected, actual, rtol, atol):
    """A readable report of how the output `actual` departs from `expected`, or None."""
    expected_lines, actual_lines = expected.splitlines(), actual.splitlines()
    problems = []
    if len(expected_lines) != len(actual_lines):
        problems.append("%d lines instead of %d" % (len(actual_lines), len(expected_lines)))
    for number, (x, y) in enumerate(zip(expected_lines, actual_lines), 1):
        reason = line_mismatch(x, y, rtol, atol)
        if reason:
            problems.append("line %d: %s\n  tensorflow: %s\n  tfvars:     %s" % (number, reason, x, y))
    if not problems:
        return None
    diff = difflib.unified_diff(expected_lines, actual_lines, "tensorflow", "tfvars", lineterm="")
    return "\n".join(problems[:10] + ["", "full diff:"] + list(diff))


def run_on_tfvars(name, cwd):
    """(exit code, stdout, stderr) of the program run on tfvars in `cwd`."""
    result = subprocess.run(
        [sys.executable, os.path.join(HERE, "run_program.py"), "tfvars", os.path.join(HERE, name + ".py")],
        cwd=str(cwd), env=dict(os.environ, **_ONE_BLAS_THREAD), capture_output=True, text=True,
        timeout=_TIMEOUT_SECONDS)
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize("name", program_names())
def test_program_prints_what_tensorflow_prints(name, tmp_path):
    with open(os.path.join(HERE, name + ".tf.out")) as f:
        expected = f.read()
    code, actual, errors = run_on_tfvars(name, tmp_path)
    if code != 0:
        pytest.fail("%s.py failed on tfvars (exit %d); its output so far:\n%s\nstderr (end):\n%s"
                    % (name, code, actual, "\n".join(errors.splitlines()[-25:])), pytrace=False)
    rtol, atol = declared_tolerance(name)
    report = output_mismatch(expected, actual, rtol, atol)
    if report:
        pytest.fail("%s.py prints differently on tfvars (rtol=%g, atol=%g):\n%s" % (name, rtol, atol, report),
                    pytrace=False)


@pytest.mark.parametrize("expected, actual, same", [
    ("Epoch: 0050 cost= 0.213137463 W= 0.4558863", "Epoch: 0050 cost= 0.213137470 W= 0.45588633", True),
    ("Epoch: 0050 cost= 0.213137463", "Epoch: 0050 cost= 0.223137463", False),
    ("Accuracy: 1.0", "Accuracy: 1", False),
    ("W= 0.4558863", "W= 0.45588630437850952", False),
    ("Loss= 36.5815", "Loss= 36.5816", True),
    ("Loss= 0.0000", "Loss= 0.0000", True),
    ("[[12.]]", "[[12.]]", True),
    ("b'Hello, TensorFlow!'", "Hello, TensorFlow!", False),
    ("loss nan", "loss nan", True),
])
def test_line_comparison(expected, actual, same):
    assert (line_mismatch(expected, actual, 1e-4, 0.0) is None) == same
