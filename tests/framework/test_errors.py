"""Tests for tfvars.framework.errors: codes, classes, messages, round trips."""

import pickle

import pytest

from tfvars.framework import errors


class FakeOp:
    """Stands in for an Operation: a name and an optional creation site."""

    def __init__(self, name, traceback=None):
        self.name = name
        self.traceback = [traceback] if traceback else []


class BrokenOp:
    """An op whose attributes fail, as a half-built op might."""

    @property
    def name(self):
        raise RuntimeError("no name yet")


EXPECTED_CODES = {
    "OK": 0, "CANCELLED": 1, "UNKNOWN": 2, "INVALID_ARGUMENT": 3,
    "DEADLINE_EXCEEDED": 4, "NOT_FOUND": 5, "ALREADY_EXISTS": 6,
    "PERMISSION_DENIED": 7, "RESOURCE_EXHAUSTED": 8, "FAILED_PRECONDITION": 9,
    "ABORTED": 10, "OUT_OF_RANGE": 11, "UNIMPLEMENTED": 12, "INTERNAL": 13,
    "UNAVAILABLE": 14, "DATA_LOSS": 15, "UNAUTHENTICATED": 16,
}

CLASS_CODES = [
    (errors.CancelledError, 1),
    (errors.UnknownError, 2),
    (errors.InvalidArgumentError, 3),
    (errors.DeadlineExceededError, 4),
    (errors.NotFoundError, 5),
    (errors.AlreadyExistsError, 6),
    (errors.PermissionDeniedError, 7),
    (errors.ResourceExhaustedError, 8),
    (errors.FailedPreconditionError, 9),
    (errors.AbortedError, 10),
    (errors.OutOfRangeError, 11),
    (errors.UnimplementedError, 12),
    (errors.InternalError, 13),
    (errors.UnavailableError, 14),
    (errors.DataLossError, 15),
    (errors.UnauthenticatedError, 16),
]


@pytest.mark.parametrize("name,code", sorted(EXPECTED_CODES.items()))
def test_error_code_constants(name, code):
    assert getattr(errors, name) == code


@pytest.mark.parametrize("cls,code", CLASS_CODES)
def test_subclass_fixes_its_code_and_keeps_its_fields(cls, code):
    op = FakeOp("x")
    e = cls("node-def", op, "went wrong")
    assert isinstance(e, errors.OpError)
    assert isinstance(e, Exception)
    assert e.error_code == code
    assert e.message == "went wrong"
    assert e.op is op
    assert e.node_def == "node-def"


@pytest.mark.parametrize("cls,code", CLASS_CODES)
def test_code_and_class_round_trip(cls, code):
    assert errors.exception_type_from_error_code(code) is cls
    assert errors.error_code_from_exception_type(cls) == code


def test_codes_without_classes_raise_key_error():
    with pytest.raises(KeyError):
        errors.exception_type_from_error_code(errors.OK)
    with pytest.raises(KeyError):
        errors.exception_type_from_error_code(99)
    with pytest.raises(KeyError):
        errors.error_code_from_exception_type(errors.OpError)
    with pytest.raises(KeyError):
        errors.error_code_from_exception_type(ValueError)


def test_op_error_takes_any_code():
    e = errors.OpError(None, None, "m", errors.ABORTED)
    assert e.error_code == 10
    assert e.op is None and e.node_def is None


def test_unknown_error_accepts_an_error_code():
    assert errors.UnknownError(None, None, "m").error_code == errors.UNKNOWN
    e = errors.UnknownError(None, None, "m", 42)
    assert e.error_code == 42
    assert type(e) is errors.UnknownError


def test_raise_and_catch_by_class_and_base():
    with pytest.raises(errors.OpError) as info:
        raise errors.FailedPreconditionError(None, None, "uninitialized value v")
    assert type(info.value) is errors.FailedPreconditionError
    with pytest.raises(errors.FailedPreconditionError, match="uninitialized value v"):
        raise errors.FailedPreconditionError(None, None, "uninitialized value v")


def test_str_without_op_is_the_message():
    e = errors.InvalidArgumentError(None, None, "Incompatible shapes: [2] vs. [3]")
    assert str(e) == "Incompatible shapes: [2] vs. [3]"


def test_str_names_the_op_and_where_it_was_defined():
    op = FakeOp("add", ("my_script.py", 12, "<module>"))
    e = errors.InvalidArgumentError(None, op, "Incompatible shapes: [2] vs. [3]")
    assert str(e) == (
        "Incompatible shapes: [2] vs. [3]\n\t [[node add (defined at my_script.py:12) ]]")
    assert e.message == "Incompatible shapes: [2] vs. [3]"


def test_str_without_traceback_names_only_the_op():
    e = errors.InvalidArgumentError(None, FakeOp("scope/add"), "bad")
    assert str(e) == "bad\n\t [[node scope/add]]"


def test_str_with_an_op_lacking_name_and_traceback():
    e = errors.InternalError(None, object(), "bad")
    assert str(e) == "bad\n\t [[node <unknown>]]"


def test_str_never_raises():
    assert str(errors.InternalError(None, BrokenOp(), "bad")) == "bad"
    assert str(errors.InternalError(None, FakeOp("a", ("f.py",)), "bad")) == (
        "bad\n\t [[node a]]")
    assert str(errors.InternalError(None, FakeOp("a", 5), "bad")) == "bad"

    class Unprintable:
        def __str__(self):
            raise RuntimeError("boom")

    assert str(errors.InternalError(None, None, Unprintable())) == (
        "<unprintable InternalError message>")


@pytest.mark.parametrize("cls,code", CLASS_CODES)
def test_pickle_round_trip(cls, code):
    e = cls("nd", FakeOp("add", ("f.py", 3, "g")), "msg")
    e.extra = "kept"
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is cls
    assert (back.node_def, back.op.name, back.message, back.error_code) == (
        "nd", "add", "msg", code)
    assert back.extra == "kept"
    assert str(back) == str(e)


def test_pickle_round_trip_of_base_class_and_custom_code():
    back = pickle.loads(pickle.dumps(errors.OpError(None, None, "m", 7)))
    assert type(back) is errors.OpError and back.error_code == 7
    back = pickle.loads(pickle.dumps(errors.UnknownError(None, None, "m", 99)))
    assert type(back) is errors.UnknownError and back.error_code == 99


def test_a_failing_op_names_the_line_that_built_it():
    import sys

    import numpy as np

    import tfvars as tf
    x = tf.placeholder(tf.float32, [None])
    line = sys._getframe().f_lineno + 1
    y = x + tf.constant([1.0, 2.0])
    with tf.Session() as sess, pytest.raises(errors.InvalidArgumentError) as info:
        sess.run(y, {x: np.ones(3, np.float32)})
    assert "[[node add (defined at test_errors.py:%d) ]]" % line in str(info.value)
