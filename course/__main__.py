"""``python -m course <command>``: dispatches to the module course/cli/<command>.py.

Each command module has a docstring (its help), ``add_arguments(parser)`` and ``run(args)``,
which returns the exit status; ``args.passthrough`` holds the arguments after a lone ``--``.
"""
import argparse
import importlib
import sys

from course.cli import split_passthrough

COMMANDS = {
    "lessons": "copy the lessons into a workspace of yours and open JupyterLab there",
    "run": "run a TF1 program unchanged, course standing in for tensorflow",
}


def _command(name):
    return importlib.import_module("course.cli." + name)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m course",
                                     description="Command-line tools of course.")
    commands = parser.add_subparsers(dest="command", metavar="command", required=True)
    for name, summary in COMMANDS.items():
        module = _command(name)
        module.add_arguments(commands.add_parser(
            name, help=summary, description=module.__doc__,
            formatter_class=argparse.RawDescriptionHelpFormatter))
    own, args_after_dashes = split_passthrough(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(own)
    args.passthrough = args_after_dashes
    return _command(args.command).run(args)


if __name__ == "__main__":
    sys.exit(main())
