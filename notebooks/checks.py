"""The notebooks' exercise checks: each says whether an answer is right, and never stops a run.

An exercise cell starts with `...` where the answer goes; until it is filled in, its check
prints "not yet" instead of raising, so that a notebook always runs from top to bottom.
"""


def check(description, test):
    """Print "✔ description" when `test()` is true, else "✘ not yet: description" and why.

    Args:
      description: what a right answer does, in a few words.
      test: a function of no arguments that returns True for a right answer; any exception it
        raises (a name not defined yet, an `...` left in place) counts as not right yet.
    """
    try:
        passed, why = bool(test()), ""
    except Exception as error:  # an unfinished answer fails in any way: report it, don't raise
        message = str(error).splitlines()[0] if str(error) else ""
        passed, why = False, " (%s: %s)" % (type(error).__name__, message[:120])
    print("✔ " + description if passed else "✘ not yet: " + description + why)
