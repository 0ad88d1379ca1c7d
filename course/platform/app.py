"""``tf.app``: ``tf.app.run()`` parses the flags and calls the program's ``main``."""

from __future__ import annotations

import sys

from . import flags


def run(main=None, argv=None):
    """TF1's ``tf.app.run``: parse known flags out of ``argv`` (default ``sys.argv``), call
    ``main(remaining_argv)`` (default: ``__main__.main``) and exit with what it returns."""
    remaining = flags.FLAGS(sys.argv if argv is None else argv, known_only=True)
    flags.check_required()
    main = main or sys.modules["__main__"].main
    sys.exit(main(remaining))
