"""Every test starts with an empty default graph and no default session.

Tests live in one folder per layer of course (framework, ops, session, train, layers, viz,
datasets, lessons, conformance, browser). The modules they share (golden files, engine cases,
example models, ...) live in tests/support and are imported by bare name, so that folder goes
on sys.path here. Test file names must stay unique across the folders: pytest's default
("prepend") import mode imports each test module by its basename.
"""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "support"))


@pytest.fixture(autouse=True)
def fresh_default_graph():
    try:
        import course as tf
        from course.framework import ops as ops_module
    except ImportError:
        # Tests that load single modules by path must still run while course/ is half-built.
        yield
        return
    # A test that failed inside `with g.as_default()` or left an InteractiveSession open
    # must not leak its graph or session into the next test.
    ops_module._default_graph_stack.stack.clear()
    ops_module._default_session_stack.stack.clear()
    tf.reset_default_graph()
    yield
    ops_module._default_graph_stack.stack.clear()
    ops_module._default_session_stack.stack.clear()
