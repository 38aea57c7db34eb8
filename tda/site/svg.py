"""The neighbourhood diagram of an entity: its geometry, computed when the site is built.

The template `diagram.j2` draws it as inline SVG. Two layouts are made: side by side for wide
screens, and stacked for phones, where a wide drawing would shrink its text to a few pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDE_WIDTH, NARROW_WIDTH, BOX_W, NARROW_BOX_W, BOX_H, GAP = 760, 320, 220, 300, 40, 14


@dataclass(frozen=True, slots=True)
class Node:
    label: str
    relation: str
    href: str | None


@dataclass(frozen=True, slots=True)
class Box:
    x: int
    y: int
    width: int
    node: Node
    centre: bool = False

    @property
    def text(self) -> str:
        limit = 28 if self.width <= BOX_W else 40
        label = self.node.label
        return label if len(label) <= limit else label[: limit - 1] + "\u2026"

    @property
    def mid_x(self) -> int:
        return self.x + self.width // 2


@dataclass(frozen=True, slots=True)
class Edge:
    x1: int
    y1: int
    x2: int
    y2: int


@dataclass(frozen=True, slots=True)
class Diagram:
    layout: str
    width: int
    height: int
    centre: str
    needs: int
    needed_by: int
    boxes: list[Box]
    edges: list[Edge]


def _wide(center: str, left: list[Node], right: list[Node]) -> Diagram:
    rows = max(len(left), len(right), 1)
    height = rows * (BOX_H + GAP) + GAP
    mid_x, mid_y = (WIDE_WIDTH - BOX_W) // 2, (height - BOX_H) // 2
    boxes: list[Box] = []
    edges: list[Edge] = []
    centre_mid = mid_y + BOX_H // 2
    for nodes, x, towards_centre in ((left, 10, False), (right, WIDE_WIDTH - BOX_W - 10, True)):
        top = (height - len(nodes) * (BOX_H + GAP) + GAP) // 2
        for index, node in enumerate(nodes):
            y = top + index * (BOX_H + GAP)
            boxes.append(Box(x, y, BOX_W, node))
            node_mid = y + BOX_H // 2
            if towards_centre:  # the right-hand node needs the centre
                edges.append(Edge(x, node_mid, mid_x + BOX_W, centre_mid))
            else:  # the centre needs the left-hand node
                edges.append(Edge(mid_x, centre_mid, x + BOX_W, node_mid))
    boxes.append(Box(mid_x, mid_y, BOX_W, Node(center, "this entity", None), centre=True))
    return Diagram("wide", WIDE_WIDTH, height, center, len(left), len(right), boxes, edges)


def _narrow(center: str, left: list[Node], right: list[Node]) -> Diagram:
    """Stacked: what it needs above, the entity, what needs it below; arrows run down the side."""
    x = (NARROW_WIDTH - NARROW_BOX_W) // 2
    step = BOX_H + GAP
    boxes: list[Box] = []
    edges: list[Edge] = []
    y = GAP
    for node in left:
        boxes.append(Box(x, y, NARROW_BOX_W, node))
        y += step
    centre_y = y + (GAP if left else 0)
    boxes.append(Box(x, centre_y, NARROW_BOX_W, Node(center, "this entity", None), centre=True))
    if left:
        edges.append(Edge(NARROW_WIDTH // 2, centre_y, NARROW_WIDTH // 2, centre_y - GAP * 2 + 4))
    y = centre_y + step + (GAP if right else 0)
    if right:
        edges.append(Edge(NARROW_WIDTH // 2, y, NARROW_WIDTH // 2, centre_y + BOX_H + 2))
    for node in right:
        boxes.append(Box(x, y, NARROW_BOX_W, node))
        y += step
    return Diagram("narrow", NARROW_WIDTH, y + GAP, center, len(left), len(right), boxes, edges)


def diagram(center: str, left: list[Node], right: list[Node], *, narrow: bool) -> Diagram:
    """What the entity needs on the left (or above), what needs it on the right (or below)."""
    return _narrow(center, left, right) if narrow else _wide(center, left, right)
