"""Layered (Sugiyama-style) layout of a directed graph, drawn top to bottom or left to right.

The classic four steps, each kept simple enough to read:

1. Break cycles: edges that close a cycle (found by depth-first search) are laid out
   reversed and drawn pointing back up.
2. Layering: longest path from the sources, then a few passes that move each node to
   the end of its free range that shortens more edges (a light network simplex): a
   constant sits right above the op that uses it, not at the top of the picture.
3. Ordering: edges longer than one layer get a dummy node in every layer they cross;
   barycentre sweeps (down, up, repeated) reorder each layer, and the order with the
   fewest crossings seen is kept.
4. Coordinates: every node is pulled toward the mean position of its neighbours, layer
   by layer, and pushed apart again by a least-squares projection onto "in this order,
   at least this far apart" (pool-adjacent-violators), so nothing overlaps.

Edges are routed through their dummy nodes: straight down through each layer's band
(in their own column, so they never pass through a node) and across the empty gap
between bands. Nodes are top-aligned in their band, except sources (nothing points into
them), which hang at its bottom, right above what uses them.

Left to right (`direction="right"`) is the same algorithm on the boxes turned a quarter
turn, the result turned back: layers become columns, "top" becomes "left".

Bands (`Box.band` > 0) put a second flow beneath the first, as a backward pass sits under a
forward pass: band 0 is laid out as above; a box of band 1 or more takes the layer of the
box it mirrors (`Box.mirror`, e.g. the op whose gradient it computes) and its links among
bands >= 1 run the other way (right to left), each at least one layer apart; in every layer
the boxes of band 0 come first, then band 1, then band 2, and each band is moved as a block
until it clears the bands before it, so the bands read as stripes. Links between two boxes
of one layer are drawn straight across when nothing stands between them, else as a U
through the gap after the layer.

Boxes may have fixed ports (x offsets on their top and bottom edges), which is how a
cluster laid out on its own (a name scope drawn as a box) is placed as one node of its
parent, with edges entering it exactly where its inner edges begin.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field, replace
from itertools import pairwise

NODE_SEP = 22.0     # horizontal space between two boxes of a layer
DUMMY_SEP = 10.0    # ... when one of them is an edge passing through
LAYER_GAP = 42.0    # vertical space between two layers (edge labels and curves live here)
PORT_GAP = 24.0     # ... next to a layer of only ports (a cluster's first and last layers)
BAND_GAP = 30.0     # space between two bands (a forward pass and its gradients)
_ORDER_SWEEPS = 8
_COORD_PASSES = 8


@dataclass
class Box:
    key: str
    width: float
    height: float
    order: float = 0.0            # initial left-to-right order (e.g. creation order)
    rank: str = ""                # "min": first layer, "max": last layer (cluster ports)
    first: bool = False           # kept leftmost in its layer (a cluster's title)
    keep_order: bool = False      # a layer of such nodes keeps the left-to-right `order`
    in_ports: dict | None = None  # port key -> fixed x offset of an in-port on the top edge
    out_ports: dict | None = None  # port key -> fixed x offset of an out-port on the bottom
    band: int = 0                 # 0: the forward flow; 1, 2: stripes beneath, flowing back
    lead: float = 0.0             # room it needs before its layer, along the flow (labels)
    trail: float = 0.0            # ... and after it
    mirror: tuple = ()            # keys of band-0 boxes it sits under (the rightmost is taken)


@dataclass(frozen=True)
class Link:
    src: str
    dst: str
    src_port: object = None  # links with the same src and src_port leave from one point
    dst_port: object = None  # a key of dst's fixed in_ports, when it has them


@dataclass
class Layout:
    width: float
    height: float
    positions: dict                # box key -> (x, y) of its top-left corner
    centers: dict                  # box key -> its centre across the flow (x; y when "right")
    routes: list                   # per link: [(x, y), ...] from its source to its target
    out_points: dict = field(default_factory=dict)  # (box key, src_port) -> (x, y) it leaves at
    layers: list = field(default_factory=list)      # box keys per layer, left to right
    bands: dict = field(default_factory=dict)       # band -> (start, end) across the flow
    crossings: int = 0                              # of links between layers, as ordered


def layout(boxes: list[Box], links: list[Link], direction: str = "down",
           layer_gap: float | None = None) -> Layout:
    """Place `boxes` in layers top to bottom ("down") or left to right ("right") and route
    `links` between them; `layer_gap` between two layers (default LAYER_GAP)."""
    gap = LAYER_GAP if layer_gap is None else layer_gap
    if direction == "down":
        return _Layered(boxes, links, gap).run()
    if direction != "right":
        raise ValueError(f"direction must be 'down' or 'right', not {direction!r}")
    turned = [replace(b, width=b.height, height=b.width) for b in boxes]
    return _turned(_Layered(turned, links, gap).run())


def _turned(result: Layout) -> Layout:
    """A layout of quarter-turned boxes, turned back: x and y swap everywhere."""
    def flip(point):
        return (point[1], point[0])
    return Layout(result.height, result.width,
                  {k: flip(p) for k, p in result.positions.items()}, dict(result.centers),
                  [[flip(p) for p in route] for route in result.routes],
                  {k: flip(p) for k, p in result.out_points.items()}, result.layers,
                  dict(result.bands), result.crossings)


# ---------------------------------------------------------------- the algorithm


class _Layered:
    def __init__(self, boxes, links, layer_gap=LAYER_GAP):
        self.layer_gap = layer_gap
        self.boxes = sorted(boxes, key=lambda b: (b.order, b.key))
        self.index = {b.key: i for i, b in enumerate(self.boxes)}
        self.links = links
        self.n_real = len(self.boxes)
        self.banded = any(b.band for b in self.boxes)
        self.flat = []  # (a, b, link index): links within one layer (bands only)

    # -- step 1: orient edges so the graph is acyclic ------------------------------------
    def _orient(self):
        n = self.n_real
        succ = [[] for _ in range(n)]
        for li, link in enumerate(self.links):
            a, b = self.index[link.src], self.index[link.dst]
            if a != b:
                succ[a].append((b, li))
        for s in succ:
            s.sort()
        reversed_links = set()
        state = [0] * n  # 0 new, 1 on the DFS stack, 2 done
        for root in range(n):
            if state[root]:
                continue
            state[root] = 1
            stack = [(root, iter(succ[root]))]
            while stack:
                node, children = stack[-1]
                for child, li in children:
                    if state[child] == 1:
                        reversed_links.add(li)      # closes a cycle: lay it out upside down
                    elif state[child] == 0:
                        state[child] = 1
                        stack.append((child, iter(succ[child])))
                        break
                else:
                    state[node] = 2
                    stack.pop()
        self.reversed = reversed_links
        self.edges = []  # (upper, lower, link index) in layout orientation
        for li, link in enumerate(self.links):
            a, b = self.index[link.src], self.index[link.dst]
            if a == b:
                continue
            self.edges.append((b, a, li) if li in reversed_links else (a, b, li))

    # -- step 2: layers --------------------------------------------------------------------
    def _assign_layers(self):
        n = self.n_real
        preds = [[] for _ in range(n)]
        succs = [[] for _ in range(n)]
        for a, b, _ in self.edges:
            preds[b].append(a)
            succs[a].append(b)
        indegree = [len(p) for p in preds]
        heap = [i for i in range(n) if indegree[i] == 0]
        heapq.heapify(heap)
        topo = []
        while heap:
            node = heapq.heappop(heap)
            topo.append(node)
            for s in succs[node]:
                indegree[s] -= 1
                if indegree[s] == 0:
                    heapq.heappush(heap, s)
        ranks = [b.rank for b in self.boxes]
        floor = 1 if "min" in ranks else 0
        layer = [0] * n
        for node in topo:
            if ranks[node] == "min":
                continue
            low = max((layer[p] + 1 for p in preds[node]), default=floor)
            layer[node] = max(low, floor)
        free = [i for i in topo if not ranks[i]]
        fixed_max = {i for i in range(n) if ranks[i] == "max"}
        for _ in range(4):
            moved = False
            for node in free[::-1] + free:
                up = [layer[p] for p in preds[node]]
                down = [layer[s] for s in succs[node] if s not in fixed_max]
                lo = max((u + 1 for u in up), default=floor)
                hi = min((d - 1 for d in down), default=lo)
                if hi < lo:
                    continue
                target = hi if len(down) > len(up) else lo if len(up) > len(down) else layer[node]
                target = min(max(target, lo), hi)
                if target != layer[node]:
                    layer[node], moved = target, True
            if not moved:
                break
        last = max((layer[i] for i in range(n) if i not in fixed_max), default=0)
        for i in fixed_max:
            layer[i] = last + 1
        self.layer = layer

    def _assign_banded_layers(self):
        """Band 0 as usual; a box of a later band under the box it mirrors, at least one
        layer left of what it feeds in those bands (they flow right to left)."""
        n = self.n_real
        band = [b.band for b in self.boxes]
        everything = self.edges
        self.edges = [(a, b, li) for a, b, li in everything if not band[a] and not band[b]]
        self._assign_layers()
        layer = self.layer
        back = [i for i in range(n) if band[i]]
        consumers = {i: [] for i in back}
        producers = {i: [] for i in back}
        for li, link in enumerate(self.links):
            a, b = self.index[link.src], self.index[link.dst]
            if a != b and band[a] and band[b] and li not in self.reversed:
                consumers[a].append(b)
                producers[b].append(a)
        target = {}
        for i in back:
            cols = [layer[self.index[k]] for k in self.boxes[i].mirror
                    if k in self.index and not band[self.index[k]]]
            target[i] = max(cols) if cols else None
        column = {}
        waiting = {i: len(consumers[i]) for i in back}
        heap = [i for i in back if not waiting[i]]
        heapq.heapify(heap)
        while heap:  # consumers first: a producer sits right of everything it feeds
            i = heapq.heappop(heap)
            options = [column[c] + 1 for c in consumers[i] if column[c] is not None]
            if target[i] is not None:
                options.append(target[i])
            column[i] = max(options) if options else None
            for p in producers[i]:
                waiting[p] -= 1
                if not waiting[p]:
                    heapq.heappush(heap, p)
        for i in back:
            if column.get(i) is None:  # mirrors nothing, feeds nothing: under its first input
                fed_by = [column[p] for p in producers[i] if column.get(p) is not None]
                column[i] = min(fed_by) if fed_by else (target[i] or 0)
            layer[i] = column[i]
        low = min(layer)
        self.layer = [v - low for v in layer]
        self.reversed, self.edges, self.flat = set(), [], []
        for li, link in enumerate(self.links):
            a, b = self.index[link.src], self.index[link.dst]
            if a == b:
                continue
            if self.layer[a] < self.layer[b]:
                self.edges.append((a, b, li))
            elif self.layer[a] > self.layer[b]:
                self.edges.append((b, a, li))
                self.reversed.add(li)
            else:
                self.flat.append((a, b, li))

    # -- step 3: dummies and order ---------------------------------------------------------
    def _add_dummies(self):
        self.node_layer = list(self.layer)
        self.width = [b.width for b in self.boxes]
        self.height = [b.height for b in self.boxes]
        self.order_key = [float(i) for i in range(self.n_real)]
        self.band = [b.band for b in self.boxes]
        self.chains = {}  # link index -> [upper node, dummies..., lower node]
        for a, b, li in self.edges:
            chain = [a]
            for lay in range(self.layer[a] + 1, self.layer[b]):
                dummy = len(self.node_layer)
                self.node_layer.append(lay)
                self.width.append(0.0)
                self.height.append(0.0)
                self.order_key.append(a + (b + 1) / (self.n_real + 2))
                self.band.append((self.band[a] + self.band[b]) / 2)  # between the two bands
                chain.append(dummy)
            chain.append(b)
            self.chains[li] = chain
        total = len(self.node_layer)
        self.up = [[] for _ in range(total)]
        self.down = [[] for _ in range(total)]
        # A link within a layer between two bands (a variable and its update) is drawn
        # straight when its ends meet: its upper end goes last in its band, the lower first.
        self.flat_pull = [0] * total
        for a, b, _ in self.flat:
            if self.band[a] != self.band[b]:
                upper, lower = (a, b) if self.band[a] < self.band[b] else (b, a)
                self.flat_pull[upper], self.flat_pull[lower] = 1, -1
        for chain in self.chains.values():
            for u, v in pairwise(chain):
                self.down[u].append(v)
                self.up[v].append(u)
        n_layers = max(self.node_layer, default=-1) + 1
        self.layers = [[] for _ in range(n_layers)]
        for node in sorted(range(total),
                           key=lambda i: (self.band[i], self.flat_pull[i], self.order_key[i])):
            self.layers[self.node_layer[node]].append(node)
        self.first = [i < self.n_real and self.boxes[i].first for i in range(total)]
        self.ported = [i < self.n_real and bool(self.boxes[i].rank) for i in range(total)]
        self.kept = [i < self.n_real and self.boxes[i].keep_order for i in range(total)]

    def _positions(self):
        pos = [0] * len(self.node_layer)
        for nodes in self.layers:
            for i, node in enumerate(nodes):
                pos[node] = i
        return pos

    def _sort_layer(self, nodes, neighbours, pos):
        def barycentre(node):
            near = neighbours[node] if neighbours is not None else ()
            return sum(pos[m] for m in near) / len(near) if near else pos[node]
        if all(self.first[v] or self.kept[v] for v in nodes):
            return nodes  # a layer of ports keeps the order it was given
        ranked = sorted(nodes, key=lambda v: (not self.first[v], self.band[v],
                                              self.flat_pull[v], barycentre(v), pos[v]))
        for i, node in enumerate(ranked):
            pos[node] = i
        return ranked

    def _crossings(self, pos):
        total = 0
        for nodes in self.layers[:-1]:
            pairs = sorted((pos[u], pos[v]) for u in nodes for v in self.down[u])
            total += _inversions([v for _, v in pairs])
        return total

    def _order(self):
        pos = self._positions()
        for lay, nodes in enumerate(self.layers):
            self.layers[lay] = self._sort_layer(nodes, None, pos) if any(
                self.first[v] for v in nodes) else nodes
        best = [list(nodes) for nodes in self.layers]
        best_crossings = self._crossings(pos)
        for sweep in range(_ORDER_SWEEPS):
            if best_crossings == 0:
                break
            if sweep % 2 == 0:
                for lay in range(1, len(self.layers)):
                    self.layers[lay] = self._sort_layer(self.layers[lay], self.up, pos)
            else:
                for lay in range(len(self.layers) - 2, -1, -1):
                    self.layers[lay] = self._sort_layer(self.layers[lay], self.down, pos)
            crossings = self._crossings(pos)
            if crossings < best_crossings:
                best, best_crossings = [list(nodes) for nodes in self.layers], crossings
        self.layers = best
        if best_crossings:
            pos = self._positions()
            self._transpose(pos)
            best_crossings = min(best_crossings, self._crossings(pos))
        self.crossings = best_crossings

    def _transpose(self, pos):
        """Swap neighbours in a layer while that removes crossings (barycentres alone can
        get stuck when several nodes tie)."""
        for _ in range(4):
            improved = False
            for nodes in self.layers:
                for i in range(len(nodes) - 1):
                    u, v = nodes[i], nodes[i + 1]
                    if self.first[u] or self.first[v] or self.kept[u] or self.kept[v] or \
                            self.band[u] != self.band[v] or self.flat_pull[u] != self.flat_pull[v]:
                        continue
                    if self._pair_crossings(v, u, pos) < self._pair_crossings(u, v, pos):
                        nodes[i], nodes[i + 1] = v, u
                        pos[u], pos[v] = i + 1, i
                        improved = True
            if not improved:
                return

    def _pair_crossings(self, left, right, pos):
        count = 0
        for near in (self.up, self.down):
            for a in near[left]:
                for b in near[right]:
                    if pos[a] > pos[b]:
                        count += 1
        return count

    # -- step 4: x coordinates -------------------------------------------------------------
    def _port_offsets(self):
        """Per link: (offset of its start from the upper node's centre, of its end from the
        lower node's centre), for the fixed ports of cluster boxes and spread out-ports."""
        spread = {}
        for link in self.links:
            spread.setdefault(link.src, set()).add(link.src_port)
        self.out_rank = {key: {p: i for i, p in enumerate(sorted(ports, key=repr))}
                         for key, ports in spread.items()}
        offsets = {}
        for a, b, li in self.edges:
            if li in self.reversed:
                offsets[li] = (0.0, 0.0)
                continue
            link = self.links[li]
            offsets[li] = (self._out_offset(a, link.src_port), self._in_offset(b, link.dst_port))
        self.offsets = offsets

    def _out_offset(self, node, port):
        box = self.boxes[node]
        if box.out_ports is not None and port in box.out_ports:
            return box.out_ports[port] - box.width / 2
        ranks = self.out_rank.get(box.key, {})
        if len(ranks) <= 1:
            return 0.0
        return box.width * (ranks[port] + 1) / (len(ranks) + 1) - box.width / 2

    def _in_offset(self, node, port):
        box = self.boxes[node]
        if box.in_ports is not None and port in box.in_ports:
            return box.in_ports[port] - box.width / 2
        return 0.0

    def _coordinates(self):
        self._port_offsets()
        total = len(self.node_layer)
        # (neighbour, how far my centre should sit from the neighbour's centre)
        above = [[] for _ in range(total)]
        below = [[] for _ in range(total)]
        for li, chain in self.chains.items():
            start, end = self.offsets[li]
            for k, (u, v) in enumerate(pairwise(chain)):
                du = start if k == 0 else 0.0
                dv = end if k == len(chain) - 2 else 0.0
                above[v].append((u, du - dv))
                below[u].append((v, dv - du))
        weight = [1.0 if i < self.n_real else 2.0 for i in range(total)]
        x = [0.0] * total
        for nodes in self.layers:
            cursor = 0.0
            for i, node in enumerate(nodes):
                if i:
                    cursor += self._gap(nodes[i - 1], node)
                x[node] = cursor
        order = list(range(len(self.layers)))
        for sweep in range(_COORD_PASSES):
            if sweep % 2 == 0:
                passes = [(lay, above) for lay in order[1:]]
            else:
                passes = [(lay, below) for lay in order[-2::-1]]
            if sweep >= _COORD_PASSES - 2:  # last passes: listen to both sides
                passes = [(lay, None) for lay in order]
            for lay, side in passes:
                nodes = self.layers[lay]
                desired = []
                for node in nodes:
                    near = (above[node] + below[node]) if side is None else side[node]
                    desired.append(sum(x[m] + d for m, d in near) / len(near) if near else x[node])
                gaps = [self._gap(a, b) for a, b in pairwise(nodes)]
                for i, node in enumerate(nodes):
                    if not above[node] and not below[node]:
                        # Unconnected (a cluster's title): sit next to a neighbour, so it
                        # does not stretch the layer.
                        if i + 1 < len(nodes):
                            desired[i] = x[nodes[i + 1]] - gaps[i]
                        elif i:
                            desired[i] = x[nodes[i - 1]] + gaps[i - 1]
                placed = _project(desired, gaps, [weight[v] for v in nodes])
                for node, value in zip(nodes, placed):
                    x[node] = value
        if self.banded:
            self._stack_bands(x)
        left = min((x[v] - self.width[v] / 2 for v in range(total)), default=0.0)
        self.x = [value - left for value in x]

    def _stack_bands(self, x):
        """Move each band as one block until it clears every band before it (and the
        links running between them), BAND_GAP apart: the bands read as stripes."""
        total = len(x)
        for k in sorted({b for b in self.band if b and b == int(b)}):
            before = [x[v] + self.width[v] / 2 for v in range(total) if self.band[v] < k]
            after = [x[v] - self.width[v] / 2 for v in range(total) if self.band[v] >= k]
            if before and after:
                shift = max(before) + BAND_GAP - min(after)
                for v in range(total):
                    if self.band[v] >= k:
                        x[v] += shift

    def _reorder_out_ports(self):
        """A node with several outputs: order its out-ports by where their edges go, so
        the edges leaving it do not cross each other."""
        heading = {}
        for li, chain in self.chains.items():
            if li not in self.reversed:
                link = self.links[li]
                end = self.offsets[li][1] if len(chain) == 2 else 0.0  # a box's fixed in-port
                heading.setdefault(link.src, {}).setdefault(link.src_port, []).append(
                    self.x[chain[1]] + end)
        for key, ports in heading.items():
            box = self.boxes[self.index[key]]
            if len(ports) > 1 and box.out_ports is None:
                ranked = sorted(ports, key=lambda p: (sum(ports[p]) / len(ports[p]), repr(p)))
                self.out_rank[key] = {p: i for i, p in enumerate(ranked)}
        for a, b, li in self.edges:
            if li not in self.reversed:
                _, end = self.offsets[li]
                self.offsets[li] = (self._out_offset(a, self.links[li].src_port), end)

    def _gap(self, a, b):
        sep = NODE_SEP if a < self.n_real and b < self.n_real else DUMMY_SEP
        return (self.width[a] + self.width[b]) / 2 + sep

    # -- routing ---------------------------------------------------------------------------
    def _route(self):
        top, y = [], 0.0
        band = []
        for lay, nodes in enumerate(self.layers):
            if lay:
                only_ports = all(self.ported[v] for v in self.layers[lay - 1]) or all(
                    self.ported[v] for v in nodes)
                room = max([self.boxes[v].trail for v in self.layers[lay - 1] if v < self.n_real]
                           + [self.boxes[v].lead for v in nodes if v < self.n_real])
                y += PORT_GAP if only_ports else max(self.layer_gap, room)
            top.append(y)
            h = max((self.height[v] for v in nodes), default=0.0)
            band.append(h)
            y += h
        self.total_height = y
        bottom = [t + h for t, h in zip(top, band)]
        positions = {}
        node_y = {}
        for i, box in enumerate(self.boxes):
            lay = self.node_layer[i]
            node_y[i] = top[lay] if self.up[i] or self.ported[i] else bottom[lay] - box.height
            positions[box.key] = (self.x[i] - box.width / 2, node_y[i])
        routes = [[] for _ in self.links]
        out_points = {}
        arriving = {}  # lower real node -> [(x it comes from, link index)]
        for li, chain in self.chains.items():
            upper, lower = chain[0], chain[-1]
            start, _ = self.offsets[li]
            sx = self.x[upper] + start
            points = [(sx, node_y[upper] + self.height[upper])]
            points.append((sx, bottom[self.node_layer[upper]]))
            if li not in self.reversed:
                out_points[(self.links[li].src, self.links[li].src_port)] = points[0]
            for dummy in chain[1:-1]:
                lay = self.node_layer[dummy]
                points += [(self.x[dummy], top[lay]), (self.x[dummy], bottom[lay])]
            routes[li] = points
            arriving.setdefault(lower, []).append((points[-1][0], li))
        for lower, incoming in arriving.items():
            box = self.boxes[lower]
            y_top = top[self.node_layer[lower]]
            fixed = box.in_ports is not None
            if not fixed:
                incoming.sort()
                k = len(incoming)
                step = min(12.0, 0.8 * box.width / k) if k > 1 else 0.0
            for i, (_, li) in enumerate(incoming):
                _, end = self.offsets[li]
                if fixed or li in self.reversed:
                    ex = self.x[lower] + end
                else:
                    ex = self.x[lower] + (i - (k - 1) / 2) * step
                routes[li].append((ex, y_top))
        for li in self.reversed:
            routes[li].reverse()
        for a, b, li in self.flat:
            routes[li] = self._flat_route(a, b, node_y, bottom)
        if any(self.node_layer[a] == len(self.layers) - 1 for a, _, _ in self.flat):
            self.total_height += self.layer_gap / 2   # room for a U after the last layer
        routes = [_dedupe(points) for points in routes]
        width = max((self.x[v] + self.width[v] / 2 for v in range(len(self.x))), default=0.0)
        layers = [[self.boxes[v].key for v in nodes if v < self.n_real] for nodes in self.layers]
        centers = {box.key: self.x[i] for i, box in enumerate(self.boxes)}
        bands = {}
        for i, box in enumerate(self.boxes):
            lo, hi = self.x[i] - box.width / 2, self.x[i] + box.width / 2
            old = bands.get(box.band, (lo, hi))
            bands[box.band] = (min(old[0], lo), max(old[1], hi))
        return Layout(width, self.total_height, positions, centers, routes, out_points, layers,
                      bands if self.banded else {}, self.crossings + self._flat_crossings())

    def _flat_crossings(self):
        """Links within a layer cross every link leaving the part of the layer they span
        (a U runs through the gap after it), counted as such."""
        pos = self._positions()
        count = 0
        for a, b, _ in self.flat:
            lo, hi = sorted((pos[a], pos[b]))
            count += sum(1 for v in self.layers[self.node_layer[a]][lo + 1:hi]
                         for _ in self.down[v])
        return count

    def _flat_route(self, a, b, node_y, bottom):
        """A link within one layer: straight across when nothing stands between its ends
        and they face each other, else a U through the gap after the layer."""
        nodes = self.layers[self.node_layer[a]]
        i, j = sorted((nodes.index(a), nodes.index(b)))
        side = 1.0 if nodes.index(a) < nodes.index(b) else -1.0
        top = max(node_y[a], node_y[b])
        low = min(node_y[a] + self.height[a], node_y[b] + self.height[b])
        if low - top > 4 and not any(v < self.n_real for v in nodes[i + 1:j]):
            y = (top + low) / 2
            return [(self.x[a] + side * self.width[a] / 2, y),
                    (self.x[b] - side * self.width[b] / 2, y)]
        turn = bottom[self.node_layer[a]] + self.layer_gap / 2
        return [(self.x[a], node_y[a] + self.height[a]), (self.x[a], turn), (self.x[b], turn),
                (self.x[b], node_y[b] + self.height[b])]

    def run(self) -> Layout:
        if not self.boxes:
            return Layout(0.0, 0.0, {}, {}, [[] for _ in self.links])
        self._orient()
        if self.banded:
            self._assign_banded_layers()
        else:
            self._assign_layers()
        self._add_dummies()
        self._order()
        self._coordinates()
        self._reorder_out_ports()
        return self._route()


# ---------------------------------------------------------------- small helpers


def _dedupe(points):
    out = []
    for p in points:
        if not out or abs(out[-1][0] - p[0]) > 1e-9 or abs(out[-1][1] - p[1]) > 1e-9:
            out.append(p)
    return out


def _inversions(values) -> int:
    """Pairs i < j with values[i] > values[j] (= crossings between two layers), O(n log n)."""
    if len(values) < 2:
        return 0
    size = max(values) + 2
    tree = [0] * (size + 1)
    count = 0
    for seen, v in enumerate(values):
        i, not_greater = v + 1, 0
        while i > 0:
            not_greater += tree[i]
            i -= i & -i
        count += seen - not_greater
        i = v + 1
        while i <= size:
            tree[i] += 1
            i += i & -i
    return count


def _project(desired, gaps, weights):
    """Closest positions (weighted least squares) to `desired` that keep the given order with
    x[i+1] - x[i] >= gaps[i]: isotonic regression by pool-adjacent-violators."""
    offsets = [0.0]
    for g in gaps:
        offsets.append(offsets[-1] + g)
    blocks = []  # [weighted sum, weight, count]
    for d, off, w in zip(desired, offsets, weights):
        blocks.append([w * (d - off), w, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, w2, c = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += w2
            blocks[-1][2] += c
    out = []
    for s, w, c in blocks:
        out += [s / w] * c
    return [y + off for y, off in zip(out, offsets)]
