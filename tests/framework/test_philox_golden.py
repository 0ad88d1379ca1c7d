"""course's Philox streams against TensorFlow's recorded outputs (golden/random.json).

golden/random.json is written by scripts/record_golden_random.py under a real
TensorFlow; TensorFlow itself is never imported here.  The modules under test
are loaded by file path, so a half-built course/__init__.py cannot break them.

Every comparison is exact: float values bit for bit, all successive runs.
(No libm tolerance is needed: philox.py replays glibc's logf/sincosf, and
test_glibc_replay checks that against this machine's C library.)
"""

import ctypes
import ctypes.util
import importlib.util
import math
import pathlib
import platform

import numpy as np
import pytest
from golden_files import load_golden
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _load(name):
    path = ROOT / "course" / "framework" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_under_test_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


philox = _load("philox")
random_seed = _load("random_seed")
CASES = load_golden("random")["cases"]


class FakeGraph:
    """The two attributes get_seed reads from the engine's Graph."""

    def __init__(self, seed=None, seed_counter=0):
        self.seed = seed
        self._seed_counter = seed_counter


def _case_id(index, case):
    what = case["params"].get("initializer", case["op"])
    return f"{index}-{what}-{case['dtype']}-{case['shape']}-g{case['graph_seed']}-s{case['op_seed']}"


def _stream_for(case):
    pair = tuple(case["resolved_seeds"])
    graph = FakeGraph(case["graph_seed"])   # each case: the first random op of a fresh graph
    assert random_seed.op_seed_attrs(case["op_seed"], graph) == pair
    return philox.PhiloxStream(*pair)


def _affine(kernel_output, scale, shift, dtype):
    """The Python wrapper's Mul then Add, each rounded to dtype like TF's ops."""
    return kernel_output * dtype.type(scale) + dtype.type(shift)


def _uniform_scaled(stream, shape, dtype, minval, maxval):
    """tf.random_uniform for floats: k * (maxval - minval) + minval in dtype."""
    span = dtype.type(maxval) - dtype.type(minval)
    return _affine(stream.uniform(shape, dtype), span, minval, dtype)


def _run_op(stream, op, shape, dtype, params):
    """One sess.run of the case's Python-level op, built from stream calls."""
    if op == "random_normal":
        return _affine(stream.normal(shape, dtype), params.get("stddev", 1.0),
                       params.get("mean", 0.0), dtype)
    if op == "truncated_normal":
        return _affine(stream.truncated_normal(shape, dtype), params.get("stddev", 1.0),
                       params.get("mean", 0.0), dtype)
    if op == "random_uniform" and dtype.kind == "i":
        return stream.uniform_int(shape, params["minval"], params["maxval"], dtype)
    if op == "random_uniform":
        return _uniform_scaled(stream, shape, dtype, params.get("minval", 0),
                               params.get("maxval", 1))
    if op == "random_shuffle":
        return stream.shuffle(np.array(params["value"], dtype))
    if op == "multinomial":
        return stream.multinomial(np.array(params["logits"], dtype), params["num_samples"],
                                  params.get("output_dtype", "int64"))
    mapping = params["maps_to"]                    # an initializer
    return _run_op(stream, mapping["op"], shape, dtype, mapping)


def _assert_same(ours, theirs, dtype, label):
    theirs = np.array(theirs, dtype=dtype)
    ours = np.asarray(ours).reshape(-1)
    assert ours.dtype == dtype, label
    bad = np.flatnonzero(ours.view(f"u{dtype.itemsize}") != theirs.view(f"u{dtype.itemsize}"))
    assert bad.size == 0, (f"{label}: {bad.size}/{ours.size} differ, first at {bad[:5]}: "
                           f"ours {ours[bad[:5]]} tf {theirs[bad[:5]]}")


def _expected_to_diverge(case):
    """Big Multinomial batches: TF shards rows over its thread pool (see below)."""
    return case["params"].get("may_shard", False)


@pytest.mark.parametrize("case", CASES, ids=[_case_id(i, c) for i, c in enumerate(CASES)])
def test_matches_tensorflow(case):
    if _expected_to_diverge(case):
        pytest.xfail("TF split this Multinomial over threads; one-shard result differs")
    stream = _stream_for(case)
    dtype = np.dtype(case["dtype"])
    params = dict(case["params"], maps_to=case.get("maps_to"))
    for run, theirs in enumerate(case["values"]):
        ours = _run_op(stream, case["op"], case["shape"], dtype, params)
        assert list(np.shape(ours)) == case["output_shape"]
        _assert_same(ours, theirs, np.asarray(ours).dtype, f"run {run}")


def test_multinomial_shards_explain_big_batches():
    """Some shard size reproduces TF's threaded result exactly, every run."""
    case = next(c for c in CASES if _expected_to_diverge(c))
    logits = np.array(case["params"]["logits"], case["dtype"])
    num_samples = case["params"]["num_samples"]

    def reproduces(shard_rows):
        stream = philox.PhiloxStream(*case["resolved_seeds"])
        return all(np.array_equal(stream.multinomial(logits, num_samples,
                                                     shard_rows=shard_rows).ravel(), theirs)
                   for theirs in case["values"])

    assert not reproduces(None)
    assert any(reproduces(rows) for rows in range(1, len(logits)))


def test_key_check_from_the_brief():
    expected_23 = np.array([[-0.8113182, 1.4845988, 0.06532937],
                            [-2.4427042, 0.0992484, 0.5912243]], np.float32)
    seeds = random_seed.op_seed_attrs(1, FakeGraph())
    assert seeds == (87654321, 1)
    np.testing.assert_array_equal(philox.PhiloxStream(*seeds).normal([2, 3]), expected_23)
    np.testing.assert_array_equal(philox.PhiloxStream(*seeds).normal([3, 1]),
                                  expected_23[0].reshape(3, 1))


# Random123's known-answer vectors for philox4x32_10.
KAT = [
    ([0, 0, 0, 0], [0, 0], [0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8]),
    ([0xFFFFFFFF] * 4, [0xFFFFFFFF] * 2, [0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD]),
    ([0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344], [0xA4093822, 0x299F31D0],
     [0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1]),
]


@pytest.mark.parametrize("counter, key, expected", KAT)
def test_philox_known_answers(counter, key, expected):
    assert philox.philox4x32_10(counter, key).tolist() == expected


def test_counter_carries_across_words():
    key = 0x0123456789ABCDEF
    start = (1 << 64) - 1                     # the next block carries into word 2
    ours = philox.philox_blocks(key, start, [0, 1])
    np.testing.assert_array_equal(ours[1], philox.philox4x32_10([0, 0, 1, 0], [0x89ABCDEF, 0x01234567]))
    wrapped = philox.philox_blocks(key, (1 << 128) - 1, [1])
    np.testing.assert_array_equal(wrapped[0], philox.philox4x32_10([0, 0, 0, 0], [0x89ABCDEF, 0x01234567]))


def test_key_and_counter_layout():
    assert philox.key_and_counter(87654321, 1) == (87654321, 1 << 64)
    assert philox.key_and_counter(-1, 3) == ((1 << 64) - 1, 3 << 64)


def test_one_run_reserves_256_blocks_per_output():
    stream = philox.PhiloxStream(5, 6)
    start = stream.counter
    stream.truncated_normal([7])
    stream.uniform_int([2, 3], 0, 4, np.int64)
    assert stream.counter - start == (7 + 6) * 256
    stream.shuffle(np.arange(10))
    assert stream.counter - start == (7 + 6) * 256 + 3


def test_unseeded_streams_differ():
    assert not np.array_equal(philox.PhiloxStream(0, 0).normal([4]),
                              philox.PhiloxStream(None, None).normal([4]))


@pytest.mark.parametrize("graph_seed, op_seed, counter, expected", [
    (None, None, 5, (None, None)),
    (None, 7, 5, (87654321, 7)),
    (3, 7, 5, (3, 7)),
    (3, None, 5, (3, 5)),
    (0, 0, 5, (0, 2 ** 31 - 1)),
    (0, None, 0, (0, 2 ** 31 - 1)),
    (None, 2 ** 31 - 1, 0, (87654321, 0)),
    (None, -1, 0, (87654321, 2 ** 31 - 2)),
    (2 ** 40, 2 ** 33, 0, (2 ** 40 % (2 ** 31 - 1), 2 ** 33 % (2 ** 31 - 1))),
])
def test_get_seed_rules(graph_seed, op_seed, counter, expected):
    graph = FakeGraph(graph_seed, counter)
    assert random_seed.get_seed(op_seed, graph) == expected
    took_graph_seed = graph_seed is not None and op_seed is None
    assert graph._seed_counter == counter + took_graph_seed


def test_truncated_normal_retry_path(monkeypatch):
    """Force the slow path (groups short of values after the first blocks)."""
    case = next(c for c in CASES if c["op"] == "truncated_normal"
                and c["shape"] == [784, 10] and c["dtype"] == "float32")
    monkeypatch.setattr(philox, "_TRUNCATED_FIRST_BLOCKS", 1)
    stream = philox.PhiloxStream(*case["resolved_seeds"])
    for theirs in case["values"]:
        _assert_same(stream.truncated_normal(case["shape"]), theirs, np.dtype(np.float32), "")


def _glibc():
    if platform.libc_ver()[0] != "glibc":
        pytest.skip("the replayed float functions are glibc's")
    libm = ctypes.CDLL(ctypes.util.find_library("m"))
    libm.logf.restype, libm.logf.argtypes = ctypes.c_float, [ctypes.c_float]
    libm.sincosf.argtypes = [ctypes.c_float, ctypes.POINTER(ctypes.c_float),
                             ctypes.POINTER(ctypes.c_float)]
    return libm


def test_glibc_replay():
    """_glibc_logf/_glibc_sincosf equal this C library on Box-Muller's inputs."""
    libm = _glibc()
    words = np.random.default_rng(0).integers(0, 2 ** 32, 20000, dtype=np.uint64)
    unit = philox.unit_float32(words.astype(np.uint32))
    radius_in = np.maximum(unit, np.float32(1e-7))
    angle = (2 * math.pi * unit.astype(np.float64)).astype(np.float32)
    sin, cos = ctypes.c_float(), ctypes.c_float()
    theirs = []
    for x, a in zip(radius_in.tolist(), angle.tolist()):
        libm.sincosf(a, ctypes.byref(sin), ctypes.byref(cos))
        theirs.append((libm.logf(x), sin.value, cos.value))
    theirs = np.array(theirs, np.float32)
    ours = np.stack([philox._glibc_logf(radius_in), *philox._glibc_sincosf(angle)], axis=1)
    np.testing.assert_array_equal(ours, theirs)


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(1, 2 ** 40), seed2=st.integers(0, 2 ** 40),
       sizes=st.lists(st.integers(0, 40), min_size=1, max_size=4),
       dtype=st.sampled_from(["float32", "float64"]))
def test_truncated_normal_matches_a_plain_loop(seed, seed2, sizes, dtype):
    """The vectorised kernel equals TF's per-group loop, written out naively."""
    stream = philox.PhiloxStream(seed, seed2)
    for size in sizes:
        start = stream.counter
        ours = stream.truncated_normal([size], dtype)
        np.testing.assert_array_equal(ours, _naive_truncated(stream.key, start, size, dtype))


def _naive_truncated(key, start, size, dtype):
    """TF's TruncatedNormal loop, one group and one Box-Muller pair at a time."""
    wide = dtype == "float64"
    group = 2 if wide else 4                        # outputs per group
    box_muller = philox.box_muller_float64 if wide else philox.box_muller_float32
    words_per_pair = 4 if wide else 2
    out = []
    for g in range(-(-size // group)):
        first_block = g * group * 256 // 4          # each group's own region
        blocks = philox.philox_blocks(key, start, np.arange(first_block, first_block + 64))
        words = iter(blocks.reshape(-1, 1))         # one word at a time
        values = []
        while len(values) < group:
            pair = box_muller(*(next(words) for _ in range(words_per_pair)))
            for value in pair:
                if abs(value[0]) < 2 and len(values) < group:
                    values.append(value[0])
        out += values
    return np.array(out[:size], dtype)


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(1, 2 ** 31), lo=st.integers(-2 ** 31, 2 ** 31 - 2),
       width=st.integers(1, 2 ** 32 - 1), dtype=st.sampled_from(["int32", "int64"]))
def test_uniform_int_stays_in_range(seed, lo, width, dtype):
    hi = min(lo + width, 2 ** 31 - 1)
    values = philox.PhiloxStream(seed, 0).uniform_int([64], lo, hi, dtype)
    assert values.dtype == np.dtype(dtype)
    assert ((values >= lo) & (values < hi)).all()


def test_uniform_is_in_unit_interval_and_shuffle_permutes():
    stream = philox.PhiloxStream(9, 9)
    for dtype in ("float16", "float32", "float64"):
        values = stream.uniform([4096], dtype)
        assert values.dtype == np.dtype(dtype) and values.min() >= 0 and values.max() < 1
    assert sorted(stream.shuffle(np.arange(100)).tolist()) == list(range(100))
