"""How many threads OpenBLAS may use for one matrix product: the policy that keeps small
training steps steady when another program competes for the cores.

Why: OpenBLAS splits every product above a tiny size over all cores, and its threads
spin-wait for each other. When a second process (a browser, JupyterLab, another notebook)
holds one of the cores, a 784->10 softmax step that costs ~75 us with one thread costs
150 us to 11 ms with two: whichever thread is descheduled stalls the other. Tutorial-scale
products gain little from a second thread even on a quiet machine.

The policy (``matmul`` below, used by MatMul and the convolution GEMMs), chosen by the
environment variable ``COURSE_BLAS_THREADS``:
  * ``1`` (the default): every product runs on ONE thread. Steady under load, and the same
    numbers on every run: the thread count can change float32 results in the last bits (with
    OpenBLAS 0.3.31's Haswell and Zen kernels a 300x200 @ 200x100 product differs between one
    and two threads; SkylakeX and Sandybridge: it does not), so a count that followed the
    machine's load would let a seeded program print other digits from one run to the next.
  * ``auto`` (opt-in, for speed on a quiet multi-core machine): products under SMALL
    multiply-adds on one thread; larger ones on every core while the machine is not busy (at
    most once a second the 1-minute load average, less this process's own threads, is
    compared with half the cores), else on one. The last bits of large products may then
    follow the load, as said above.
  * ``N`` fixes the count (N >= 1); ``off`` leaves OpenBLAS alone (every core).
OpenBLAS is reached with ctypes, in the copy numpy itself loaded (found in /proc/self/maps,
or next to numpy's package); nothing is imported beyond the standard library. With another
BLAS (MKL, Accelerate) the policy does nothing.
"""
import ctypes
import glob
import os
import time

import numpy as np

DEFAULT = "1"                # see above: the same digits on every run
SMALL = 1 << 22              # multiply-adds: ~0.1-0.3 ms on one core
_CHECK_EVERY = 1.0           # seconds between looks at the load average


class _OpenBlas:
    """set(n) / get() of numpy's OpenBLAS, or None when it cannot be found."""

    SETTERS = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads",
               "openblas_set_num_threads64_", "openblas_set_num_threads")

    @classmethod
    def find(cls):
        for path in cls._candidates():
            try:
                lib = ctypes.CDLL(path)
            except OSError:
                continue
            for setter in cls.SETTERS:
                getter = setter.replace("set_", "get_")
                if hasattr(lib, setter) and hasattr(lib, getter):
                    return cls(getattr(lib, setter), getattr(lib, getter))
        return None

    @staticmethod
    def _candidates():
        try:
            with open("/proc/self/maps") as maps:
                loaded = {line.split()[-1] for line in maps if "openblas" in line.lower()}
        except OSError:
            loaded = set()
        numpy_dir = os.path.dirname(np.__file__)
        bundled = [p for pattern in ("numpy.libs/*openblas*", "numpy/.dylibs/*openblas*")
                   for p in glob.glob(os.path.join(os.path.dirname(numpy_dir), pattern))]
        return sorted(p for p in loaded if p.startswith("/")) + bundled

    def __init__(self, setter, getter):
        setter.argtypes, setter.restype = [ctypes.c_int], None
        getter.argtypes, getter.restype = [], ctypes.c_int
        self.set, self.get = setter, getter


class _Policy:
    def __init__(self):
        self.blas = None
        self.found = False
        self.current = None          # the count OpenBLAS was last set to by us
        self.cores = os.cpu_count() or 1
        self.fixed = None            # COURSE_BLAS_THREADS=N
        self.large = self.cores      # threads for large products, revised once a second
        self.checked = -_CHECK_EVERY
        self.small_ready = False     # a small product needs nothing done first

    def _setup(self):
        self.found = True
        self.configure(os.environ.get("COURSE_BLAS_THREADS", DEFAULT))

    def configure(self, setting):
        setting = str(setting).strip().lower()
        if setting not in ("auto", "off") and not (setting.isdigit() and int(setting) >= 1):
            raise ValueError("COURSE_BLAS_THREADS must be 'auto', 'off' or a count >= 1, got %r"
                             % setting)
        if self.blas is None:
            self.blas = _OpenBlas.find()
            if self.blas is not None:
                self.cores = max(1, self.blas.get())
        if self.blas is not None and setting == "off":
            self.blas.set(self.cores)              # OpenBLAS's own default: every core
            self.blas = None
        self.fixed = int(setting) if setting.isdigit() else None
        self.current = None
        self.checked = -_CHECK_EVERY
        self.small_ready = self.blas is None

    def threads_for(self, multiply_adds):
        if multiply_adds < SMALL:
            return 1
        now = time.monotonic()
        if now - self.checked >= _CHECK_EVERY:
            self.checked = now
            load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
            others = load - (self.current or 1)
            self.large = 1 if others >= self.cores / 2 else self.cores
        return self.large

    def use(self, multiply_adds):
        if not self.found:
            self._setup()
        if self.blas is not None:
            n = self.fixed or self.threads_for(multiply_adds)
            if n != self.current:
                self.blas.set(n)
                self.current = n
        self.small_ready = self.blas is None or self.fixed is not None or self.current == 1


_policy = _Policy()


def matmul(a, b, out=None):
    """``a @ b`` (into ``out`` if given) with the thread policy applied first (a, b at least
    2-D)."""
    work = a.size * b.shape[-1]
    if work >= SMALL or not _policy.small_ready:
        _policy.use(work)
    return np.matmul(a, b, out=out)


def configure(setting):
    """A fixed thread count (the default, 1), 'auto' (follow the load, see above) or 'off'
    (OpenBLAS decides, using every core) — as the COURSE_BLAS_THREADS environment variable
    does."""
    _policy.found = True
    _policy.configure(setting)


def threads_in_use():
    """The count the policy last gave OpenBLAS (None before the first product, or when the
    policy is off or OpenBLAS was not found)."""
    return _policy.current
