"""tf.test.TestCase and tf.test.main, as tutorials use them to show an op (instillai's
TensorFlow_Test.py in the conformance suite): run under ``python -m course run`` like TF."""
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import course as tf

REPO_ROOT = Path(__file__).resolve().parents[2]


def run_course(tmp_path, source):
    (tmp_path / "prog.py").write_text(textwrap.dedent(source), encoding="utf-8")
    env = {"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "course", "run", "prog.py"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120)


def test_main_runs_the_programs_tests_and_skips_test_session_as_tf_does(tmp_path):
    done = run_course(tmp_path, """
        import tensorflow as tf

        class SquareTest(tf.test.TestCase):
            def testSquare(self):
                with self.test_session():
                    x = tf.square([2, 3])
                    self.assertAllEqual(x.eval(), [4, 9])

            def testClose(self):
                with self.cached_session() as sess:
                    self.assertAllClose(sess.run(tf.sqrt([4.0, 2.0])), [2.0, 1.4142135])
                    self.assertAllClose(tf.constant([1.0]), [1.0])

        if __name__ == '__main__':
            tf.test.main()
    """)
    assert done.returncode == 0, done.stderr
    assert "Ran 3 tests" in done.stderr and "OK (skipped=1)" in done.stderr


def test_a_failing_assert_fails_the_run(tmp_path):
    done = run_course(tmp_path, """
        import tensorflow as tf

        class T(tf.test.TestCase):
            def testWrong(self):
                with self.test_session():
                    self.assertAllEqual(tf.constant([1, 2]).eval(), [1, 3])

        tf.test.main()
    """)
    assert done.returncode == 1
    assert "FAILED (failures=1, skipped=1)" in done.stderr


class GraphPerTest(tf.test.TestCase):
    def testFreshGraphWithTheDefaultSeed(self):
        tf.constant(1.0, name="c")
        assert [op.name for op in tf.get_default_graph().get_operations()] == ["c"]
        assert tf.get_default_graph().seed == 87654321
        assert np.random.get_state()[1][0] == np.random.RandomState(87654321).get_state()[1][0]

    def testSessionIsTheDefaultOnTheDefaultGraph(self):
        x = tf.constant([1.0, 2.0])
        with self.test_session() as sess:
            assert tf.get_default_session() is sess and sess.graph is tf.get_default_graph()
            self.assertAllClose(self.evaluate(x * 2), [2.0, 4.0])
        self.assertShapeEqual(np.zeros([2]), x)
        self.assertNear(1.0, 1.05, 0.1)
        self.assertArrayNear([1.0, 2.0], [1.01, 2.0], 0.02)
        with pytest.raises(AssertionError):
            self.assertAllClose([1.0, 2.0], [1.0, 2.1])
        with pytest.raises(AssertionError, match="Shape mismatch"):
            self.assertAllEqual([1, 2], [[1, 2]])

    def testRaisesOpError(self):
        x = tf.placeholder(tf.float32)
        with self.assertRaisesOpError("must feed a value"):
            with self.test_session() as sess:
                sess.run(x)
