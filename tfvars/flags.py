"""`tf.flags` (also `tf.app.flags`): command-line flags as TF 1.x programs define them, absl-style.

    FLAGS = tf.flags.FLAGS
    tf.flags.DEFINE_integer("batch_size", 32, "Examples per step.")
    tf.flags.DEFINE_boolean("fake_data", False, "Use fake data.")
    ...
    tf.app.run()          # parses --batch_size=64 --fake_data (or --nofake_data), then calls main(argv)

Flags are parsed from `sys.argv` by `tf.app.run`, by calling `FLAGS(argv)`, or
on the first read of a flag's value; unknown flags are left in the argv that
`main` receives, as TF 1.x's `app.run` does. Syntax: `--name=value`,
`--name value`, `--bool`/`--nobool`, and `--` ends the flags.

TF 1.x: this is absl's flags module; here the common part of it, on the
standard library.
"""

import sys

__all__ = [
    "DEFINE_bool", "DEFINE_boolean", "DEFINE_enum", "DEFINE_float", "DEFINE_integer", "DEFINE_list",
    "DEFINE_string", "DuplicateFlagError", "Error", "FLAGS", "Flag", "FlagValues", "IllegalFlagValueError",
    "UnrecognizedFlagError", "mark_flag_as_required", "mark_flags_as_required",
]


class Error(Exception):
    """The base class of flag errors."""


class DuplicateFlagError(Error):
    """A flag is defined twice."""


class IllegalFlagValueError(Error):
    """A flag's value cannot be parsed or is out of bounds."""


class UnrecognizedFlagError(Error):
    """An unknown flag was given where all must be known."""


def _parse_bool(text):
    lowered = str(text).lower()
    if lowered in ("true", "t", "1", "yes", "y"):
        return True
    if lowered in ("false", "f", "0", "no", "n"):
        return False
    raise ValueError("Non-boolean argument to boolean flag %r" % text)


def _parse_list(text):
    if isinstance(text, (list, tuple)):
        return list(text)
    return [item.strip() for item in text.split(",") if item.strip()] if text else []


class Flag:
    """One flag: its name, help text, default, current value and how text becomes a value."""

    def __init__(self, name, default, help_string, parse, boolean=False, check=None):
        self.name = name
        self.help = help_string
        self.boolean = boolean
        self._parse_fn = parse
        self._check = check
        self.present = 0
        self.default = None if default is None else self.parse(default)
        self.value = self.default

    def parse(self, argument):
        """The value `argument` (text, or already a value) stands for.

        Raises:
          IllegalFlagValueError: if it cannot be parsed or fails the flag's check.
        """
        try:
            value = self._parse_fn(argument) if isinstance(argument, str) else argument
            if self._check is not None:
                self._check(value)
        except (TypeError, ValueError) as error:
            raise IllegalFlagValueError("flag --%s=%s: %s" % (self.name, argument, error)) from None
        return value


class FlagValues:
    """The registry of flags: `FLAGS.name` reads a value (parsing `sys.argv` first if needed)."""

    def __init__(self):
        self.__dict__["_flags"] = {}
        self.__dict__["_parsed"] = False
        self.__dict__["_required"] = []

    def _define(self, flag):
        if flag.name in self._flags:
            raise DuplicateFlagError("The flag '%s' is defined twice." % flag.name)
        self._flags[flag.name] = flag
        return flag

    def __getattr__(self, name):
        flags = self.__dict__["_flags"]
        if name not in flags:
            raise AttributeError(name)
        if not self.__dict__["_parsed"]:
            self(sys.argv, known_only=True)  # as TF 1.x's FLAGS wrapper: parse on first use
        return flags[name].value

    def __setattr__(self, name, value):
        if name not in self._flags:
            raise AttributeError("Unknown flag %s" % name)
        self._flags[name].value = self._flags[name].parse(value)

    def __getitem__(self, name):
        return self._flags[name]

    def __contains__(self, name):
        return name in self._flags

    def __iter__(self):
        return iter(self._flags)

    def is_parsed(self):
        return self._parsed

    def mark_as_parsed(self):
        self.__dict__["_parsed"] = True

    def unparse_flags(self):
        """Resets every flag to its default and marks the flags unparsed."""
        for flag in self._flags.values():
            flag.value, flag.present = flag.default, 0
        self.__dict__["_parsed"] = False

    def flag_values_dict(self):
        """{name: value} of every flag."""
        return {name: flag.value for name, flag in self._flags.items()}

    def __call__(self, argv, known_only=False):
        """Parses the flags in `argv[1:]`; returns `argv[0]` followed by the arguments that are not flags.

        Raises:
          UnrecognizedFlagError: for an unknown flag, unless `known_only`.
          IllegalFlagValueError: for a bad value, or a required flag left None.
        """
        argv = list(argv)
        remaining = argv[:1]
        args = iter(argv[1:])
        for arg in args:
            if arg == "--":
                remaining.extend(args)
                break
            if not arg.startswith("-") or arg == "-":
                remaining.append(arg)
                continue
            if not self._parse_arg(arg, args):
                if not known_only:
                    raise UnrecognizedFlagError("Unknown command line flag '%s'" % arg.lstrip("-").split("=")[0])
                remaining.append(arg)
        self.mark_as_parsed()
        for name in self._required:
            if self._flags[name].value is None:
                raise IllegalFlagValueError("flag --%s must have a value other than None." % name)
        return remaining

    def _parse_arg(self, arg, args):
        """Sets the flag `arg` names (taking its value from `args` if needed); False if it names no flag."""
        name, has_value, value = arg.lstrip("-").partition("=")
        flag = self._flags.get(name)
        if flag is None and name.startswith("no") and not has_value:
            negated = self._flags.get(name[2:])
            if negated is not None and negated.boolean:
                negated.value, negated.present = False, negated.present + 1
                return True
        if flag is None:
            return False
        if not has_value:
            if flag.boolean:
                value = "true"
            else:
                value = next(args, None)
                if value is None:
                    raise IllegalFlagValueError("Missing value for flag --%s" % name)
        flag.value, flag.present = flag.parse(value), flag.present + 1
        return True


FLAGS = FlagValues()


def _bounds_check(lower_bound, upper_bound):
    def check(value):
        if value is None:
            return
        if lower_bound is not None and value < lower_bound:
            raise ValueError("%s is not >= %s" % (value, lower_bound))
        if upper_bound is not None and value > upper_bound:
            raise ValueError("%s is not <= %s" % (value, upper_bound))
    return check


def DEFINE_string(name, default, help, flag_values=FLAGS, **kwargs):  # noqa: N802,A002 (absl's names)
    """Defines a flag holding a string."""
    return flag_values._define(Flag(name, default, help, str))


def DEFINE_integer(name, default, help, lower_bound=None, upper_bound=None, flag_values=FLAGS,  # noqa: N802,A002
                   **kwargs):
    """Defines a flag holding an int (within the optional bounds)."""
    return flag_values._define(Flag(name, default, help, int, check=_bounds_check(lower_bound, upper_bound)))


def DEFINE_float(name, default, help, lower_bound=None, upper_bound=None, flag_values=FLAGS,  # noqa: N802,A002
                 **kwargs):
    """Defines a flag holding a float (within the optional bounds)."""
    return flag_values._define(Flag(name, default, help, float, check=_bounds_check(lower_bound, upper_bound)))


def DEFINE_boolean(name, default, help, flag_values=FLAGS, **kwargs):  # noqa: N802,A002 (absl's names)
    """Defines a boolean flag: `--name`, `--noname`, `--name=false`."""
    return flag_values._define(Flag(name, default, help, _parse_bool, boolean=True))


DEFINE_bool = DEFINE_boolean


def DEFINE_list(name, default, help, flag_values=FLAGS, **kwargs):  # noqa: N802,A002 (absl's names)
    """Defines a flag holding a list of strings, given comma-separated."""
    return flag_values._define(Flag(name, default, help, _parse_list))


def DEFINE_enum(name, default, enum_values, help, flag_values=FLAGS, **kwargs):  # noqa: N802,A002
    """Defines a flag holding one of the strings `enum_values`."""
    def check(value):
        if value is not None and value not in enum_values:
            raise ValueError("value should be one of <%s>" % "|".join(enum_values))
    return flag_values._define(Flag(name, default, help, str, check=check))


def mark_flag_as_required(flag_name, flag_values=FLAGS):
    """Makes parsing fail unless the flag ends up with a value other than None."""
    flag_values._required.append(flag_name)


def mark_flags_as_required(flag_names, flag_values=FLAGS):
    for flag_name in flag_names:
        mark_flag_as_required(flag_name, flag_values)
