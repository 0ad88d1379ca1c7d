"""The commands of ``python -m course``, one module each (see course/__main__.py)."""


def split_passthrough(argv):
    """(the command's own arguments, the ones after a lone "--", which it hands on)."""
    argv = list(argv)
    if "--" in argv:
        at = argv.index("--")
        return argv[:at], argv[at + 1:]
    return argv, []
