"""The neighbourhood diagram of an entity, drawn as inline SVG when the site is built."""

from __future__ import annotations

from dataclasses import dataclass

from tda.site.html import esc

WIDTH, BOX_W, BOX_H, GAP = 760, 220, 40, 14


@dataclass(frozen=True, slots=True)
class Node:
    label: str
    relation: str
    href: str | None


def _box(x: int, y: int, node: Node, css: str) -> str:
    text = node.label if len(node.label) <= 28 else node.label[:27] + "\u2026"
    inner = (
        f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" class="{css}"/>'
        f'<text x="{x + BOX_W // 2}" y="{y + 17}" text-anchor="middle" class="tda-svg-label">'
        f"{esc(text)}</text>"
        f'<text x="{x + BOX_W // 2}" y="{y + 32}" text-anchor="middle" class="tda-svg-relation">'
        f"{esc(node.relation)}</text>"
    )
    if node.href:
        return f'<a href="{esc(node.href)}" aria-label="{esc(node.label)}">{inner}</a>'
    return f"<g>{inner}</g>"


def neighbourhood(center: str, left: list[Node], right: list[Node], describedby: str) -> str:
    """What the entity needs on the left, what needs it on the right; arrows mean "needs".

    The diagram is a group of links with a title, described by the relations table that lists
    the same links, so no one needs to see it to learn what it shows.
    """
    rows = max(len(left), len(right), 1)
    height = rows * (BOX_H + GAP) + GAP
    mid_x, mid_y = (WIDTH - BOX_W) // 2, (height - BOX_H) // 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="tda-diagram" viewBox="0 0 {WIDTH} '
        f'{height}" width="100%" role="group" aria-labelledby="tda-diagram-title" '
        f'aria-describedby="{esc(describedby)}">',
        f'<title id="tda-diagram-title">Neighbourhood of {esc(center)}: {len(left)} entities it '
        f"needs or belongs to, {len(right)} that need it</title>",
        '<defs><marker id="tda-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
        'class="tda-svg-arrowhead"/></marker></defs>',
    ]

    def column(nodes: list[Node], x: int, towards_center: bool) -> None:
        top = (height - len(nodes) * (BOX_H + GAP) + GAP) // 2
        for index, node in enumerate(nodes):
            y = top + index * (BOX_H + GAP)
            parts.append(_box(x, y, node, "tda-svg-node"))
            node_mid, centre_mid = y + BOX_H // 2, mid_y + BOX_H // 2
            if towards_center:  # the right-hand node needs the centre
                x1, y1, x2, y2 = x, node_mid, mid_x + BOX_W, centre_mid
            else:  # the centre needs the left-hand node
                x1, y1, x2, y2 = mid_x, centre_mid, x + BOX_W, node_mid
            parts.append(
                f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" '
                'class="tda-svg-edge" marker-end="url(#tda-arrow)"/>'
            )

    column(left, 10, towards_center=False)
    column(right, WIDTH - BOX_W - 10, towards_center=True)
    parts.append(_box(mid_x, mid_y, Node(center, "this entity", None), "tda-svg-center"))
    parts.append("</svg>")
    return "".join(parts)
