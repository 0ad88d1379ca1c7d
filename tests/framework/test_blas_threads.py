"""The OpenBLAS thread policy (course/framework/blas_threads.py): small products on one thread,
and COURSE_BLAS_THREADS's settings."""
import os

import numpy as np
import pytest

from course.framework import blas_threads


@pytest.fixture(autouse=True)
def _restore_policy():
    yield
    blas_threads.configure(os.environ.get("COURSE_BLAS_THREADS", blas_threads.DEFAULT))


def _openblas_found():
    blas_threads.configure("auto")
    return blas_threads._policy.blas is not None


@pytest.mark.parametrize("setting", ["0", "-1", "two", "1.5"])
def test_a_bad_setting_is_refused_by_name(setting):
    with pytest.raises(ValueError, match="COURSE_BLAS_THREADS must be 'auto', 'off' or a count"):
        blas_threads.configure(setting)


def test_small_products_run_on_one_thread():
    if not _openblas_found():
        pytest.skip("numpy's BLAS is not OpenBLAS: the policy does nothing")
    a = np.ones((8, 8), np.float32)
    blas_threads.matmul(a, a)
    assert blas_threads.threads_in_use() == 1


def test_a_fixed_count_is_used_for_large_products_too():
    if not _openblas_found():
        pytest.skip("numpy's BLAS is not OpenBLAS: the policy does nothing")
    blas_threads.configure("1")
    a = np.ones((256, 256), np.float32)
    assert a.size * a.shape[1] >= blas_threads.SMALL
    blas_threads.matmul(a, a)
    assert blas_threads.threads_in_use() == 1


def test_off_leaves_openblas_alone():
    blas_threads.configure("off")
    blas_threads.matmul(np.ones((4, 4)), np.ones((4, 4)))
    assert blas_threads.threads_in_use() is None


def test_by_default_large_products_run_on_one_thread_whatever_the_load():
    # The thread count can change float32 digits (Haswell/Zen kernels): the default must not
    # follow the machine's load, or a seeded program could print other numbers run to run.
    if not _openblas_found():
        pytest.skip("numpy's BLAS is not OpenBLAS: the policy does nothing")
    blas_threads.configure(blas_threads.DEFAULT)
    a = np.ones((256, 256), np.float32)
    assert a.size * a.shape[1] >= blas_threads.SMALL
    blas_threads.matmul(a, a)
    assert blas_threads.threads_in_use() == 1
