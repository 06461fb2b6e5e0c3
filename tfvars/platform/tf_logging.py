"""`tf.logging`: TF 1.x's logging functions, on the standard library's `logging` (logger "tfvars").

Messages go to stderr as "WARNING:tfvars:message"; the verbosity starts at
WARN, as in TF 1.x, so `tf.logging.info` prints only after
`tf.logging.set_verbosity(tf.logging.INFO)`.

TF 1.x: the logger is named "tensorflow"; here it is "tfvars", so that a
program importing both does not print every message twice.
"""

import logging as _logging
import sys as _sys
import threading as _threading

__all__ = [
    "DEBUG", "ERROR", "FATAL", "INFO", "WARN", "TaskLevelStatusMessage", "debug", "error", "fatal", "flush",
    "get_logger", "get_verbosity", "info", "log", "log_every_n", "log_first_n", "log_if", "set_verbosity", "vlog",
    "warn", "warning",
]

DEBUG = _logging.DEBUG
INFO = _logging.INFO
WARN = _logging.WARN
ERROR = _logging.ERROR
FATAL = _logging.FATAL

_logger = None
_logger_lock = _threading.Lock()
_log_counter_per_token = {}


def get_logger():
    """The "tfvars" logger, given a stderr handler and verbosity WARN on first use unless it has handlers."""
    global _logger
    with _logger_lock:
        if _logger is None:
            logger = _logging.getLogger("tfvars")
            if not logger.handlers:
                handler = _logging.StreamHandler(_sys.stderr)
                handler.setFormatter(_logging.Formatter(_logging.BASIC_FORMAT))
                logger.addHandler(handler)
                logger.propagate = False  # the root logger's handlers would print it again
            if logger.level == _logging.NOTSET:
                logger.setLevel(WARN)
            _logger = logger
        return _logger


def log(level, msg, *args, **kwargs):
    get_logger().log(level, msg, *args, **kwargs)


def debug(msg, *args, **kwargs):
    get_logger().debug(msg, *args, **kwargs)


def info(msg, *args, **kwargs):
    get_logger().info(msg, *args, **kwargs)


def warning(msg, *args, **kwargs):
    get_logger().warning(msg, *args, **kwargs)


warn = warning


def error(msg, *args, **kwargs):
    get_logger().error(msg, *args, **kwargs)


def fatal(msg, *args, **kwargs):
    """Logs at FATAL. TF 1.x: this logs only; it does not end the program."""
    get_logger().fatal(msg, *args, **kwargs)


def vlog(level, msg, *args, **kwargs):
    """Logs at the numeric `level` (`tf.logging.vlog(1, ...)` is below DEBUG, so usually hidden)."""
    get_logger().log(level, msg, *args, **kwargs)


def log_if(level, msg, condition, *args):
    """Logs `msg % args` at `level` if `condition` holds."""
    if condition:
        vlog(level, msg, *args)


def _next_count_at_caller():
    """How many times the caller's caller (a log_every_n/log_first_n call site) has been reached before."""
    frame = _sys._getframe(2)
    token = (frame.f_code.co_filename, frame.f_lineno)
    with _logger_lock:
        count = _log_counter_per_token.get(token, -1) + 1
        _log_counter_per_token[token] = count
    return count


def log_every_n(level, msg, n, *args):
    """Logs on the 1st, (n+1)th, (2n+1)th... time this line runs."""
    log_if(level, msg, not _next_count_at_caller() % n, *args)


def log_first_n(level, msg, n, *args):
    """Logs only the first `n` times this line runs."""
    log_if(level, msg, _next_count_at_caller() < n, *args)


def TaskLevelStatusMessage(msg):  # noqa: N802 (TF's name)
    error(msg)


def flush():
    """Flushes the logger's handlers."""
    for handler in get_logger().handlers:
        handler.flush()


def get_verbosity():
    """The logger's effective level (WARN unless set)."""
    return get_logger().getEffectiveLevel()


def set_verbosity(v):
    """Logs only messages at level `v` (DEBUG, INFO, WARN, ERROR, FATAL or a number) and above."""
    get_logger().setLevel(v)
