"""Keep the memory a training step frees for the next step, as TensorFlow's own allocator does.

Why: a step allocates and frees the same few large arrays (feature maps, im2col matrices,
their gradients) every time. glibc's malloc gives memory above its trim threshold back to the
kernel when the top of the heap is free, and serves arrays above its mmap threshold with
fresh mappings; both thresholds follow the largest block freed so far (a few MB here), so a
step whose working set swings by more than that gets its pages back from the kernel, zeroed,
every time. LeNet-5 at batch 100: 1,100 page faults per step and 19 ms instead of 14 (on a
virtual machine a page fault costs several microseconds). TF never meets this: its BFC
allocator keeps its pools.

The policy, applied once when the first Session is created (``use``): arrays up to MMAP
bytes come from the heap, and up to TRIM bytes of free heap stay with the process. Set
``COURSE_MALLOC=default`` to leave glibc's own rules. Other C libraries (macOS, musl) have no
``mallopt``: nothing is done.
"""
import ctypes
import os

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
MMAP = 32 << 20            # glibc's largest allowed mmap threshold on 64-bit systems
TRIM = 128 << 20

_applied = None


def use():
    """Apply the policy (once); return whether glibc accepted it."""
    global _applied
    if _applied is None:
        _applied = os.environ.get("COURSE_MALLOC", "").strip().lower() != "default" and _set()
    return _applied


def _set():
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    # Setting either threshold stops glibc's adjusting both, so the mmap threshold goes first:
    # a value glibc refuses (a 32-bit build caps it lower) changes nothing, and then neither
    # is set (a fixed trim threshold with the default 128 KB mmap threshold is far worse).
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP)) and bool(mallopt(_M_TRIM_THRESHOLD, TRIM))
