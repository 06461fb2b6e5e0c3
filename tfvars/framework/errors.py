"""TF 1.x's `tf.errors`: status codes and the exceptions a failing op raises.

Each code is a module constant (`tf.errors.INVALID_ARGUMENT == 3`) and, except
`OK`, has an `OpError` subclass that fixes it:

    try:
        sess.run(y)
    except tf.errors.InvalidArgumentError as e:
        e.error_code, e.op.name, e.message
"""

OK = 0
CANCELLED = 1
UNKNOWN = 2
INVALID_ARGUMENT = 3
DEADLINE_EXCEEDED = 4
NOT_FOUND = 5
ALREADY_EXISTS = 6
PERMISSION_DENIED = 7
RESOURCE_EXHAUSTED = 8
FAILED_PRECONDITION = 9
ABORTED = 10
OUT_OF_RANGE = 11
UNIMPLEMENTED = 12
INTERNAL = 13
UNAVAILABLE = 14
DATA_LOSS = 15
UNAUTHENTICATED = 16


class OpError(Exception):
    """A generic error raised when TensorFlow execution fails.

    Sessions raise one of the more specific subclasses below whenever they
    can. `str(e)` is the message followed, when the failing op is known, by
    the line TF 1.x adds to name the op and where it was created (a tab
    starts that line):

        Incompatible shapes: [2] vs. [3]
             [[node add (defined at my_script.py:12) ]]
    """

    def __init__(self, node_def, op, message, error_code):
        """Creates a new `OpError` for a failure of `op` (None when unknown).

        Args:
          node_def: the description of the failing op, or None.
          op: the failing `Operation`, or None.
          message: the message describing the failure.
          error_code: one of this module's error code constants.
        """
        super().__init__(message)
        self._node_def = node_def
        self._op = op
        self._message = message
        self._error_code = error_code

    @property
    def message(self):
        """The error message that describes the error, without the op's line."""
        return self._message

    @property
    def op(self):
        """The operation that failed, or None if it is not known.

        For an error raised by `Session.run`, this is the op whose execution
        failed.
        """
        return self._op

    @property
    def error_code(self):
        """The integer error code that describes the error."""
        return self._error_code

    @property
    def node_def(self):
        """The description of the failing op, or None."""
        return self._node_def

    def __str__(self):
        # str() runs while another failure is being reported, so a broken op
        # object must degrade the text rather than replace the real error.
        try:
            message = str(self._message)
        except Exception:
            return "<unprintable %s message>" % type(self).__name__
        if self._op is None:
            return message
        try:
            return message + _describe_op(self._op)
        except Exception:
            return message

    def __reduce__(self):
        # Subclasses take three arguments and OpError four, so the default
        # pickling (calling the class with `self.args`) cannot rebuild them.
        return (
            _rebuild_op_error,
            (type(self), self._node_def, self._op, self._message, self._error_code),
            self.__dict__,
        )


def _describe_op(op):
    """The `"\\n\\t [[node NAME (defined at FILE:LINE) ]]"` line TF 1.x appends."""
    name = getattr(op, "name", None)
    if name is None:
        name = "<unknown>"
    defined_at = ""
    frames = getattr(op, "traceback", None)
    location = frames[-1] if frames else None
    if location is not None and len(location) >= 2:
        defined_at = " (defined at %s:%s) " % (location[0], location[1])
    return "\n\t [[node %s%s]]" % (name, defined_at)


def _rebuild_op_error(cls, node_def, op, message, error_code):
    """Unpickles an `OpError` of class `cls` whatever its constructor takes."""
    error = cls.__new__(cls)
    OpError.__init__(error, node_def, op, message, error_code)
    return error


class CancelledError(OpError):
    """Raised when an operation or step is cancelled.

    For example, a long-running enqueue is cancelled when its queue is closed
    with `cancel_pending_enqueues=True`, or a session is closed mid-step.
    """

    def __init__(self, node_def, op, message):
        super().__init__(node_def, op, message, CANCELLED)


class UnknownError(OpError):
    """Unknown error, or an error from another system with too little detail.

    Unlike the other subclasses it also takes an `error_code`, so an error
    with a code this module has no class for can still be raised.
    """

    def __init__(self, node_def, op, message, error_code=UNKNOWN):
        super().__init__(node_def, op, message, error_code)


class InvalidArgumentError(OpError):
    """Raised when an operation receives an invalid argument.

    For example, a matmul of incompatible shapes, or a placeholder left
    unfed. Some operations raise it when given an argument of the wrong
    shape or value at run time.
    """

    def __init__(self, node_def, op, message):
        super().__init__(node_def, op, message, INVALID_ARGUMENT)


class DeadlineExceededError(OpError):
    """Raised when a deadline expires before an operation could complete."""

    def __init__(self, node_def, op, message):
        super().__init__(node_def, op, message, DEADLINE_EXCEEDED)


class NotFoundError(OpError):
    """Raised when a requested entity (a file, a checkpoint, ...) was not found."""

    def __init__(self, node_def, op, message):
        super().__init__(node_def, op, message, NOT_FOUND)


class AlreadyExistsError(OpError):
    """Raised when an entity that we attempted to create already exists."""

    def __init__(self, node_def, op, message):
        super().__init__(node_def, op, message, ALREADY_EXISTS)


class PermissionDeniedError(OpError):
    """Raised when the caller does not have permission to run an operation."""

    def __init__(self, node_def, op, message):
        super().__init__(node_def, op, message, PERMISSION_DENIED)


class UnauthenticatedError(OpError):
    """Raised when the request does not have valid authentication credentials."""

    def __init__(self, node_def, op, message):
        super().__init__(node_def, op, message, UNAUTHENTICATED)


class ResourceExhaustedError(OpError):
    """Raised when some resource has been exhausted (memory, a quota, ...)."""

    def __init__(self, node_def, op, message):
        super().__init__(node_def, op, message, RESOURCE_EXHAUSTED)


class FailedPreconditionError(OpError):
    """Raised when the system is not in a state to run an operation.

    The most common case in TF 1.x: reading a variable that has not been
    initialized yet.
    """

    def __init__(self, node_def, op, message):
        super().__init__(node_def, op, message, FAILED_PRECONDITION)


class AbortedError(OpError):
    """Raised when an operation was aborted, typically by a concurrency conflict."""

    def __init__(self, node_def, op, message):
        super().__init__(node_def, op, message, ABORTED)


class OutOfRangeError(OpError):
    """Raised when an operation iterates past the valid input range.

    For example, a dequeue from a closed, empty queue; input loops catch it
    to detect the end of the data.
    """

    def __init__(self, node_def, op, message):
        super().__init__(node_def, op, message, OUT_OF_RANGE)


class UnimplementedError(OpError):
    """Raised when an operation has not been implemented for its arguments."""

    def __init__(self, node_def, op, message):
        super().__init__(node_def, op, message, UNIMPLEMENTED)


class InternalError(OpError):
    """Raised when the system experiences an internal error: a broken invariant."""

    def __init__(self, node_def, op, message):
        super().__init__(node_def, op, message, INTERNAL)


class UnavailableError(OpError):
    """Raised when the runtime is currently unavailable; retrying may succeed."""

    def __init__(self, node_def, op, message):
        super().__init__(node_def, op, message, UNAVAILABLE)


class DataLossError(OpError):
    """Raised when unrecoverable data loss or corruption is encountered.

    For example, reading a truncated or corrupted checkpoint file.
    """

    def __init__(self, node_def, op, message):
        super().__init__(node_def, op, message, DATA_LOSS)


_CODE_TO_EXCEPTION_CLASS = {
    CANCELLED: CancelledError,
    UNKNOWN: UnknownError,
    INVALID_ARGUMENT: InvalidArgumentError,
    DEADLINE_EXCEEDED: DeadlineExceededError,
    NOT_FOUND: NotFoundError,
    ALREADY_EXISTS: AlreadyExistsError,
    PERMISSION_DENIED: PermissionDeniedError,
    UNAUTHENTICATED: UnauthenticatedError,
    RESOURCE_EXHAUSTED: ResourceExhaustedError,
    FAILED_PRECONDITION: FailedPreconditionError,
    ABORTED: AbortedError,
    OUT_OF_RANGE: OutOfRangeError,
    UNIMPLEMENTED: UnimplementedError,
    INTERNAL: InternalError,
    UNAVAILABLE: UnavailableError,
    DATA_LOSS: DataLossError,
}

_EXCEPTION_CLASS_TO_CODE = {cls: code for code, cls in _CODE_TO_EXCEPTION_CLASS.items()}


def exception_type_from_error_code(error_code):
    """Returns the `OpError` subclass for `error_code`; KeyError if there is none.

    `OK` has no exception class, so it raises KeyError too, as in TF 1.x.
    """
    return _CODE_TO_EXCEPTION_CLASS[error_code]


def error_code_from_exception_type(cls):
    """Returns the error code of the `OpError` subclass `cls`; KeyError if none.

    Only the classes defined here have a code: `OpError` itself and classes
    derived from the subclasses raise KeyError, as in TF 1.x.
    """
    return _EXCEPTION_CLASS_TO_CODE[cls]
