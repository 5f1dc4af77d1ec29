"""Place the boxes of a diagram in rows: a small layered (Sugiyama-style) layout.

1. Layers: start from longest-path layers (cycles broken by the Eades greedy heuristic), then
   move boxes, one or two at a time, between layers while that lowers a cost: each arrow
   costs its length in layers, an arrow within one layer costs much more, and an arrow
   pointing up a little more than one pointing down. Most arrows end one layer long, downwards.
2. Order within layers: barycentre sweeps, down and up, so arrows cross less.
3. Coordinates: each layer a row, centred; rows as tall as their tallest box.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from itertools import combinations, product

SAME_LAYER_COST = 6.0
UPWARD_EXTRA_COST = 1.0
SWEEPS = 16
MOVE_ROUNDS = 20

Edge = tuple[str, str, float]  # source, target, weight (how many properties it stands for)


def feedback_order(nodes: list[str], edges: list[Edge]) -> list[str]:
    """Order nodes so few edges point backwards (Eades, Lin and Smyth's greedy heuristic)."""
    remaining = set(nodes)
    left: list[str] = []
    right: list[str] = []

    def degree(node: str, outgoing: bool) -> float:
        return sum(
            weight
            for source, target, weight in edges
            if (source if outgoing else target) == node
            and (target if outgoing else source) in remaining
        )

    while remaining:
        changed = True
        while changed:
            changed = False
            for node in sorted(remaining):
                if degree(node, outgoing=True) == 0:
                    right.insert(0, node)
                elif degree(node, outgoing=False) == 0:
                    left.append(node)
                else:
                    continue
                remaining.discard(node)
                changed = True
        if remaining:
            best = max(sorted(remaining), key=lambda n: degree(n, True) - degree(n, False))
            left.append(best)
            remaining.discard(best)
    return left + right


def _cost(layer: dict[str, int], edges: list[Edge]) -> float:
    total = 0.0
    for source, target, weight in edges:
        span = layer[target] - layer[source]
        if span == 0:
            total += weight * SAME_LAYER_COST
        elif span > 0:
            total += weight * span
        else:
            total += weight * (-span + UPWARD_EXTRA_COST)
    return total


def assign_layers(nodes: list[str], edges: list[Edge]) -> dict[str, int]:
    """Return each node's layer (0 at the top)."""
    rank = {node: index for index, node in enumerate(feedback_order(nodes, edges))}
    layer = dict.fromkeys(nodes, 0)
    for node in sorted(nodes, key=rank.__getitem__):
        for source, target, _ in edges:
            if source == node and rank[target] > rank[node]:
                layer[target] = max(layer[target], layer[node] + 1)
    depth = max(layer.values(), default=0) + 1
    # Move one box, or else two together, to the layers that lower the cost most; repeat.
    for _ in range(MOVE_ROUNDS):
        if not (_improve(layer, edges, [(n,) for n in nodes], depth)
                or _improve(layer, edges, list(combinations(nodes, 2)), depth)):  # fmt: skip
            break
    used = sorted(set(layer.values()))  # close up emptied layers
    return {node: used.index(value) for node, value in layer.items()}


def _improve(
    layer: dict[str, int], edges: list[Edge], groups: list[tuple[str, ...]], depth: int
) -> bool:
    """Give each group of nodes the layers that lower the cost most; return True if any did."""
    improved = False
    for group in groups:
        best = tuple(layer[node] for node in group)
        best_cost = _cost(layer, edges)
        for candidate in product(range(depth), repeat=len(group)):
            layer.update(zip(group, candidate, strict=True))
            cost = _cost(layer, edges)
            if cost < best_cost - 1e-9:
                best, best_cost, improved = candidate, cost, True
        layer.update(zip(group, best, strict=True))
    return improved


def order_layers(layers: dict[str, int], edges: list[Edge]) -> dict[int, list[str]]:
    """Return the nodes of each layer, ordered to reduce crossings (barycentre sweeps)."""
    rows: dict[int, list[str]] = defaultdict(list)
    for node in sorted(layers):
        rows[layers[node]].append(node)
    neighbours: dict[str, list[str]] = defaultdict(list)
    for source, target, _ in edges:
        neighbours[source].append(target)
        neighbours[target].append(source)
    position = {
        node: i / max(1, len(row) - 1) for row in rows.values() for i, node in enumerate(row)
    }

    def centre(node: str) -> float:
        linked = [position[n] for n in neighbours[node] if layers[n] != layers[node]]
        return sum(linked) / len(linked) if linked else position[node]

    for sweep in range(SWEEPS):
        for index in sorted(rows, reverse=sweep % 2 == 1):
            rows[index].sort(key=lambda node: (centre(node), node))
            for i, node in enumerate(rows[index]):
                position[node] = i / max(1, len(rows[index]) - 1)
    return dict(rows)


def place(
    rows: dict[int, list[str]],
    size: Callable[[str], tuple[float, float]],
    gap_x: float,
    gap_y: float,
    margin: float,
) -> tuple[dict[str, tuple[float, float]], float, float]:
    """Return each node's top-left corner, and the total width and height."""
    widths = {
        index: sum(size(n)[0] for n in row) + gap_x * (len(row) - 1) for index, row in rows.items()
    }
    total_width = max(widths.values(), default=0.0)
    corners = {}
    y = margin
    for index in sorted(rows):
        x = margin + (total_width - widths[index]) / 2
        for node in rows[index]:
            corners[node] = (x, y)
            x += size(node)[0] + gap_x
        y += max(size(n)[1] for n in rows[index]) + gap_y
    return corners, total_width + 2 * margin, y - gap_y + margin
