"""``tf.flags`` / ``tf.app.flags``: TF1's command-line flags (absl's flags, numpy-only here).

A program defines flags at import time (``tf.app.flags.DEFINE_integer("max_steps", 2000,
"...")``) and reads ``FLAGS.max_steps`` later.  As in TF1, the first read of a flag parses
``sys.argv`` (unknown arguments are left alone), ``tf.app.run()`` parses too and passes the
arguments it did not understand on to ``main``, and ``FLAGS.name = value`` overrides a value.
"""

from __future__ import annotations

import sys


class Error(Exception):
    """absl's ``flags.Error``."""


class UnrecognizedFlagError(Error):
    pass


class IllegalFlagValueError(Error):
    pass


class _Flag:
    def __init__(self, name, default, help, parse, boolean=False):
        self.name = name
        self.default = default
        self.help = help
        self._parse = parse
        self.boolean = boolean
        self.value = default
        self.present = False

    def parse(self, text):
        try:
            self.value = self._parse(text)
        except (TypeError, ValueError) as error:
            raise IllegalFlagValueError(
                "flag --%s=%s: %s" % (self.name, text, error)) from None
        self.present = True


def _parse_bool(text):
    if isinstance(text, bool):
        return text
    lowered = str(text).lower()
    if lowered in ("true", "t", "1", "yes", "y"):
        return True
    if lowered in ("false", "f", "0", "no", "n"):
        return False
    raise ValueError("Non-boolean argument to boolean flag")


def _parse_list(text):
    if isinstance(text, (list, tuple)):
        return list(text)
    return [item.strip() for item in str(text).split(",") if item.strip()]


class FlagValues:
    """``FLAGS``: flag values by attribute; parses ``sys.argv`` on the first read."""

    def __init__(self):
        object.__setattr__(self, "_flags", {})
        object.__setattr__(self, "_parsed", False)

    # -- definition -------------------------------------------------------------------------
    def _define(self, flag):
        if flag.name in self._flags:
            raise Error("The flag '%s' is defined twice." % flag.name)
        self._flags[flag.name] = flag

    # -- parsing ----------------------------------------------------------------------------
    def __call__(self, argv, known_only=False):
        """Parse flags out of ``argv``; return ``[argv[0]] + arguments not consumed``."""
        argv = list(argv)
        rest = argv[:1]
        args = iter(argv[1:])
        for arg in args:
            if arg == "--":
                rest.extend(args)
                break
            if not arg.startswith("-") or arg == "-":
                rest.append(arg)
                continue
            name, has_value, value = arg.lstrip("-").partition("=")
            flag = self._flags.get(name)
            if flag is None and name.startswith("no") and not has_value:
                negated = self._flags.get(name[2:])
                if negated is not None and negated.boolean:
                    negated.parse(False)
                    continue
            if flag is None:
                if known_only:
                    rest.append(arg)
                    continue
                raise UnrecognizedFlagError("Unknown command line flag '%s'" % name)
            if not has_value:
                if flag.boolean:
                    value = True
                else:
                    try:
                        value = next(args)
                    except StopIteration:
                        raise Error("Flag --%s must have a value other than None." % name) \
                            from None
            flag.parse(value)
        object.__setattr__(self, "_parsed", True)
        return rest

    def is_parsed(self):
        return self._parsed

    def mark_as_parsed(self):
        object.__setattr__(self, "_parsed", True)

    def _parse_flags(self, args=None):
        # TF 1.0-1.4's FLAGS._parse_flags(): parse sys.argv, keep unknown arguments.
        return self(sys.argv if args is None else [sys.argv[0]] + list(args), known_only=True)

    # -- values -----------------------------------------------------------------------------
    def __getattr__(self, name):
        flags = self.__dict__["_flags"]
        if name == "__flags":  # TF <= 1.4 programs read FLAGS.__flags
            return self.flag_values_dict()
        if name not in flags:
            raise AttributeError(name)
        if not self._parsed:
            self(sys.argv, known_only=True)
        return flags[name].value

    def __setattr__(self, name, value):
        if name not in self._flags:
            raise AttributeError("Unknown flag '%s'" % name)
        self._flags[name].value = value

    def __contains__(self, name):
        return name in self._flags

    def __getitem__(self, name):
        return self._flags[name]

    def __iter__(self):
        return iter(self._flags)

    def flag_values_dict(self):
        return {name: flag.value for name, flag in self._flags.items()}


FLAGS = FlagValues()


def _define(name, default, help, parse, flag_values, boolean=False):
    flag_values = FLAGS if flag_values is None else flag_values
    flag = _Flag(name, None if default is None else parse(default), help, parse, boolean)
    flag_values._define(flag)
    return flag


def DEFINE_string(name, default, help, flag_values=None, **_):
    return _define(name, default, help, str, flag_values)


def DEFINE_integer(name, default, help, lower_bound=None, upper_bound=None, flag_values=None,
                   **_):
    return _define(name, default, help, int, flag_values)


def DEFINE_float(name, default, help, lower_bound=None, upper_bound=None, flag_values=None,
                 **_):
    return _define(name, default, help, float, flag_values)


def DEFINE_boolean(name, default, help, flag_values=None, **_):
    return _define(name, default, help, _parse_bool, flag_values, boolean=True)


DEFINE_bool = DEFINE_boolean


def DEFINE_enum(name, default, enum_values, help, flag_values=None, **_):
    def parse(text):
        if text not in enum_values:
            raise ValueError("value should be one of <%s>" % "|".join(enum_values))
        return text
    return _define(name, default, help, parse, flag_values)


def DEFINE_list(name, default, help, flag_values=None, **_):
    return _define(name, default, help, _parse_list, flag_values)


def mark_flag_as_required(name, flag_values=None):
    """Checked when ``tf.app.run`` parses the command line."""
    _REQUIRED.append((FLAGS if flag_values is None else flag_values, name))


def mark_flags_as_required(names, flag_values=None):
    for name in names:
        mark_flag_as_required(name, flag_values)


_REQUIRED: list = []


def check_required():
    for flag_values, name in _REQUIRED:
        if flag_values[name].value is None:
            raise IllegalFlagValueError("Flag --%s must have a value other than None." % name)
