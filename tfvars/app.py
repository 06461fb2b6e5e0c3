"""`tf.app`: `run`, which parses the command-line flags and calls the program's `main`; and `flags`."""

import sys

from tfvars import flags

__all__ = ["flags", "run"]


def run(main=None, argv=None):
    """Parses the flags in `argv` (default `sys.argv`), then exits with `main(remaining_argv)`'s result.

    `main` defaults to the `main` function of the `__main__` module. Unknown
    flags are passed on to `main` in its argv. A bad flag value prints the
    error to stderr and exits with status 1, as absl's app.run does.
    """
    main = main or sys.modules["__main__"].main
    try:
        remaining = flags.FLAGS(sys.argv if argv is None else argv, known_only=True)
    except flags.Error as error:
        sys.stderr.write("FATAL Flags parsing error: %s\n" % error)
        sys.exit(1)
    sys.exit(main(remaining))
