"""The malloc policy (course/framework/malloc_policy.py): once a Session exists, memory a step
frees is reused by the next step instead of coming back from the kernel as fresh pages."""
import platform
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"

# A step's pattern: several feature-map-sized arrays written, then all freed, many times.
STEPS = textwrap.dedent("""
    import resource, sys
    import numpy as np
    import course as tf
    tf.Session()
    from course.framework import malloc_policy
    def step():
        maps = [np.ones((100, 28, 28, 6), np.float32) * k for k in range(6)]
        return sum(float(m[0, 0, 0, 0]) for m in maps)
    step()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(30):
        step()
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
    print(malloc_policy.use(), faults)
""")


def _run(env_setting):
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    if env_setting is not None:
        env["COURSE_MALLOC"] = env_setting
    out = subprocess.run([sys.executable, "-c", STEPS], env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    return out[0] == "True", int(out[1])


@pytest.mark.skipif(not GLIBC, reason="the policy uses glibc's mallopt")
def test_a_session_keeps_freed_step_memory_for_the_next_step():
    applied, faults = _run(None)
    # 30 steps of 11 MB each would be ~85,000 page faults if every step got fresh pages.
    assert applied and faults < 1000


@pytest.mark.skipif(not GLIBC, reason="the policy uses glibc's mallopt")
def test_course_malloc_default_leaves_glibc_alone():
    applied, _ = _run("default")
    assert not applied
