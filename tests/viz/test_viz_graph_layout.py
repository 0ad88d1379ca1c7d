"""course.viz.drawing.layout (layered DAG layout) and course.viz.drawing.svg (the scene writer), on their own."""

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.viz.drawing.layout import Box, Link, _inversions, _project, layout
from course.viz.drawing.svg import Path, Rect, Scene, Text, to_svg


def boxes_overlap(a, b):
    return not (a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or
                a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1])


def placed(result, boxes):
    return {b.key: (*result.positions[b.key], b.width, b.height) for b in boxes}


def random_graph(n, seed, back_edges=0):
    rng = random.Random(seed)
    boxes = [Box(str(i), rng.uniform(20, 90), rng.choice([20, 30, 44]), order=i)
             for i in range(n)]
    links = []
    for i in range(1, n):
        for j in rng.sample(range(max(0, i - 12), i), min(i, rng.randint(1, 3))):
            links.append(Link(str(j), str(i), src_port=rng.randint(0, 1)))
    for _ in range(back_edges):
        a, b = sorted(rng.sample(range(n), 2))
        links.append(Link(str(b), str(a)))
    return boxes, links


@pytest.mark.parametrize("seed", range(8))
def test_no_overlaps_and_routes_go_from_source_to_target(seed):
    boxes, links = random_graph(60, seed, back_edges=3)
    result = layout(boxes, links)
    rects = placed(result, boxes)
    for a, b in itertools.combinations(rects.values(), 2):
        assert not boxes_overlap(a, b)
    for link, route in zip(links, result.routes):
        src, dst = rects[link.src], rects[link.dst]
        (sx, sy), (ex, ey) = route[0], route[-1]
        assert src[0] <= sx <= src[0] + src[2] and dst[0] <= ex <= dst[0] + dst[2]
        if sy < ey:  # drawn downward: bottom of the source to the top of the target
            assert abs(sy - (src[1] + src[3])) < 1e-6 and abs(ey - dst[1]) < 1e-6
        else:        # an edge closing a cycle points back up
            assert abs(sy - src[1]) < 1e-6 and abs(ey - (dst[1] + dst[3])) < 1e-6
        for p, q in itertools.pairwise(route):
            lo_y, hi_y = sorted((p[1], q[1]))
            lo_x, hi_x = sorted((p[0], q[0]))
            for key, (x, y, w, h) in rects.items():
                inside = lo_x < x + w - 0.5 and hi_x > x + 0.5 and lo_y < y + h - 0.5 and \
                    hi_y > y + 0.5
                assert not inside, f"link {link} crosses box {key}"


def test_edges_point_down_in_a_dag_and_constants_sit_next_to_their_user():
    boxes = [Box(k, 40, 20, order=i) for i, k in enumerate("abcdk")]
    links = [Link("a", "b"), Link("b", "c"), Link("c", "d"), Link("k", "d")]
    result = layout(boxes, links)
    layer = {key: i for i, keys in enumerate(result.layers) for key in keys}
    assert [layer[k] for k in "abcd"] == [0, 1, 2, 3]
    assert layer["k"] == 2  # a source hangs right above its only consumer


def test_fixed_ports_and_ranks():
    boxes = [Box("title", 30, 10, order=0, rank="min", first=True),
             Box("in", 0, 0, order=1, rank="min"), Box("n", 40, 20, order=2),
             Box("out", 0, 0, order=3, rank="max"),
             Box("cluster", 100, 50, order=4, in_ports={"p": 80.0}, out_ports={"q": 10.0})]
    links = [Link("in", "n"), Link("n", "out"), Link("n", "cluster", dst_port="p"),
             Link("cluster", "out", src_port="q")]
    result = layout(boxes, links)
    assert result.layers[0][0] == "title"
    assert "in" in result.layers[0] and "out" in result.layers[-1]
    cx, cy = result.positions["cluster"]
    assert result.routes[2][-1] == pytest.approx((cx + 80.0, cy))
    assert result.routes[3][0] == pytest.approx((cx + 10.0, cy + 50))


def test_a_node_with_two_outputs_orders_its_ports_by_where_they_go():
    boxes = [Box("src", 80, 20, order=0), Box("left", 40, 20, order=1),
             Box("right", 40, 20, order=2), Box("far", 200, 20, order=3)]
    # Port 1 goes left, port 0 right: the ports swap so the two edges do not cross.
    links = [Link("src", "right", src_port=0), Link("src", "left", src_port=1),
             Link("far", "right"), Link("far", "left")]
    result = layout(boxes, links)
    to_right, to_left = result.routes[0], result.routes[1]
    assert (to_left[0][0] < to_right[0][0]) == (to_left[-1][0] < to_right[-1][0])


def test_layout_is_deterministic():
    boxes, links = random_graph(80, 3)
    assert layout(boxes, links) == layout(list(reversed(boxes)), links)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 20), max_size=30))
def test_inversions_counts_crossings(values):
    brute = sum(1 for i, j in itertools.combinations(range(len(values)), 2)
                if values[i] > values[j])
    assert _inversions(values) == brute


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(-100, 100), st.floats(0, 30), st.floats(0.5, 3)),
                min_size=1, max_size=12))
def test_project_keeps_order_and_gaps_and_is_a_least_squares_fit(rows):
    desired = [d for d, _, _ in rows]
    gaps = [g for _, g, _ in rows[:-1]]
    weights = [w for _, _, w in rows]
    x = _project(desired, gaps, weights)
    for i, g in enumerate(gaps):
        assert x[i + 1] - x[i] >= g - 1e-6
    cost = sum(w * (a - d) ** 2 for a, d, w in zip(x, desired, weights))
    shifted = [a + 0.01 for a in x]  # any feasible neighbour costs at least as much
    assert cost <= sum(w * (a - d) ** 2 for a, d, w in zip(shifted, desired, weights)) + 1e-6


def test_svg_writer_escapes_text_and_prints_fixed_numbers():
    scene = Scene(100.5, 50)
    scene.add(Rect(1.004, 2, 3, 4, fill="#fff", stroke="#000", rx=2, tooltip="a<b"))
    scene.add(Text(5, 6, "x < y & z", anchor="middle"))
    scene.add(Path((("M", 0, 0), ("C", 1, 2, 3, 4, 5, 6), ("Z",)), dash=(4, 2)))
    svg = to_svg(scene)
    assert 'width="100.5"' in svg and 'x="1"' in svg
    assert "x &lt; y &amp; z" in svg and "<title>a&lt;b</title>" in svg
    assert 'd="M0 0 C1 2 3 4 5 6 Z"' in svg and 'stroke-dasharray="4 2"' in svg
    assert to_svg(scene) == svg
