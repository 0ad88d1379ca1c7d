"""Cases for the API holes the conformance suite's tutorial programs found (pkmital's, instillai's
and the O'Reilly "Learning TensorFlow" programs), run under TensorFlow by
scripts/record_golden_tutorial_holes.py (golden/tutorial_holes.json) and under course by
tests/ops/test_tutorial_holes_golden.py. Same contract as engine_cases.py: ``case(tf, sess)``
returns a dict of results. This module must not import tensorflow."""
import collections

import numpy as np

from engine_cases import error_name
from golden_files import case_problems

CASES = collections.OrderedDict()


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def golden_problems(tf, name, tolerance=None):
    """How course's results for case ``name`` differ from TF's; [] if none."""
    return case_problems(tf, "tutorial_holes", CASES, name, tolerance)


@case
def string_add(tf, sess):
    """Strings concatenate under + and tf.add (Learning TensorFlow's hello_world and scan)."""
    hello = tf.constant("Hello")
    plus = hello + tf.constant(" World!")
    words = tf.constant(["a", "bc"])
    return {
        "plus": sess.run(plus).decode(), "plus_name": plus.name, "plus_type": plus.op.type,
        "add_python": [s.decode() for s in sess.run(tf.add(words, "!"))],
        "radd": [s.decode() for s in sess.run("<" + words)],
        "broadcast": [[s.decode() for s in row] for row in sess.run(
            tf.constant([["x"], ["y"]]) + words)],
        "scan": [s.decode() for s in sess.run(tf.scan(lambda a, x: a + x,
                                                        np.array(["T", "e", "n"])))],
        "number_type": (tf.constant(1.0) + 2.0).op.type,
        "string_plus_number": error_name(lambda: hello + 1),
    }
