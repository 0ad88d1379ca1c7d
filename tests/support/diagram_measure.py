"""How tangled a drawn graph diagram is: edge crossings and edges through nodes.

Crossings are counted on the drawn picture, not on the layout's internal order: every edge
is the curve the SVG draws (sampled finely), and two edges that share no node cross where
their curves meet (as in graph drawing's crossing number: edges of one node fan out or in
together, they do not cross). "through nodes" counts edges whose curve passes
through a node box that is neither its source nor its target.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from course.viz.graph_diagram import _curve

def _sample(points, across, per_curve=16):
    """The drawn curve of a routed edge as a fine polyline (graph_diagram._curve's commands)."""
    out = []
    for command in (_curve(points, True) if across else _curve(points)):
        op, *xy = command
        if op == "M" or op == "L":
            out.append(tuple(xy))
        elif op == "C":
            p0 = np.array(out[-1])
            p1, p2, p3 = np.array(xy[0:2]), np.array(xy[2:4]), np.array(xy[4:6])
            for t in np.linspace(0, 1, per_curve + 1)[1:]:
                s = 1 - t
                out.append(tuple(s**3 * p0 + 3 * s * s * t * p1 + 3 * s * t * t * p2 + t**3 * p3))
    return out


def _segment_hits(a, b):
    """Points where polyline a meets polyline b (proper intersections of their segments)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    p, r = a[:-1, None, :], a[1:, None, :] - a[:-1, None, :]
    q, s = b[None, :-1, :], b[None, 1:, :] - b[None, :-1, :]
    d = r[..., 0] * s[..., 1] - r[..., 1] * s[..., 0]
    qp = q - p
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (qp[..., 0] * s[..., 1] - qp[..., 1] * s[..., 0]) / d
        u = (qp[..., 0] * r[..., 1] - qp[..., 1] * r[..., 0]) / d
    hit = (np.abs(d) > 1e-12) & (t >= 0) & (t <= 1) & (u >= 0) & (u <= 1)
    i, j = np.nonzero(hit)
    points = p[i, 0, :] + t[i, j, None] * r[i, 0, :]
    return [tuple(point) for point in points]


def _near(point, box, margin=3.0):
    x, y, w, h = box
    return x - margin <= point[0] <= x + w + margin and y - margin <= point[1] <= y + h + margin


def measure(diagram):
    """Crossings, edges through nodes, and size of a GraphDiagram."""
    boxes = {key: (n.x, n.y, n.w, n.h) for key, n in diagram.nodes.items()}
    across = getattr(diagram, "direction", "down") == "right"
    curves = [(e, _sample(e.points, across)) for e in diagram.edges]
    crossings = 0
    for (e, a), (f, b) in combinations(curves, 2):
        if {e.src, e.dst} & {f.src, f.dst}:
            continue   # edges of one node fan out or in together: adjacent, not crossing
        ends = [boxes[k] for k in {e.src, e.dst, f.src, f.dst} if k in boxes]
        points = []
        for hit in _segment_hits(a, b):
            if any(_near(hit, box) for box in ends):
                continue   # edges meeting where they leave or enter a node
            if all(abs(hit[0] - p[0]) + abs(hit[1] - p[1]) > 4 for p in points):
                points.append(hit)
        crossings += len(points)
    through = 0
    for e, curve in curves:
        for key, (x, y, w, h) in boxes.items():
            if key in (e.src, e.dst):
                continue
            c = np.asarray(curve)
            if np.any((c[:, 0] > x + 1) & (c[:, 0] < x + w - 1) & (c[:, 1] > y + 1) &
                      (c[:, 1] < y + h - 1)):
                through += 1
    return {"crossings": crossings, "through_nodes": through,
            "width": round(diagram.scene.width), "height": round(diagram.scene.height),
            "nodes": len(diagram.nodes), "edges": len(diagram.edges)}


