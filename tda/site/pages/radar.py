"""The technology radar page: an inline SVG whose blips link to decisions, and the same
radar as a table; and the technologies a product or decision touches, with their rings.

The radar's geometry is computed here from `tda.queries.radar`; `radar.j2` draws it.
"""

from __future__ import annotations

from dataclasses import dataclass

from tda.catalog.entity import Entity
from tda.decisions.model import RINGS, Decision
from tda.queries.radar import (
    QUADRANT_LABELS,
    RING_RADII,
    SIZE,
    Blip,
    Radar,
    blip_positions,
    blips_of_decision,
    build_radar,
    technologies_of,
)
from tda.site import urls
from tda.site.pages import Link, Page, SiteContext, render_page

SRC = "radar/index.md"
CORNERS = {  # where each quadrant's name sits: x, y, text-anchor
    "techniques": (8, 24, "start"),
    "tools": (8, SIZE - 10, "start"),
    "platforms": (SIZE - 8, 24, "end"),
    "languages-and-frameworks": (SIZE - 8, SIZE - 10, "end"),
}


@dataclass(frozen=True, slots=True)
class Technology:
    """A technology named on a product or decision page, linked to its row on the radar."""

    link: Link
    ring: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Dot:
    """A numbered blip on the drawing, named for its technology, ring and decision."""

    number: int
    x: float
    y: float
    ring: str
    label: str
    href: str


@dataclass(frozen=True, slots=True)
class Row:
    anchor: str
    number: int
    name: str
    ring: str
    quadrant: str
    decision: Link
    history: str
    products: list[Link]


@dataclass(frozen=True, slots=True)
class Drawing:
    size: int
    center: float
    rings: list[tuple[int, int]]  # (index, radius), outermost first so inner ones paint over
    ring_labels: list[tuple[str, float]]  # (ring, y)
    quadrants: list[tuple[str, int, int, str]]  # (label, x, y, text-anchor)
    dots: list[Dot]
    count: int

    @property
    def reach(self) -> int:
        return RING_RADII[-1]


def radar_of(ctx: SiteContext) -> Radar:
    """The radar, built once per site: every product and decision page shows part of it."""
    cached = ctx.__dict__.get("_tda_radar")
    if cached is None:
        cached = build_radar(ctx.catalogue)
        ctx.__dict__["_tda_radar"] = cached
    return cached


def _technology(src: str, blip: Blip, note: str = "") -> Technology:
    href = urls.href(src, SRC, "tech-" + urls.slug(blip.name))
    return Technology(Link(blip.name, href), blip.ring, note)


def entity_technologies(ctx: SiteContext, entity: Entity) -> list[Technology]:
    src = urls.entity_page(entity.ref)
    return [_technology(src, blip) for blip in technologies_of(radar_of(ctx), entity)]


def decision_technologies(ctx: SiteContext, decision: Decision) -> list[Technology]:
    src = urls.decision_page(decision.id)
    return [
        _technology(src, blip, "" if blip.current.decision is decision else "(its ring now)")
        for blip in blips_of_decision(radar_of(ctx), decision)
    ]


def drawing(radar: Radar) -> Drawing:
    center = SIZE / 2
    labels = []
    for index, ring in enumerate(RINGS):
        inner = RING_RADII[index - 1] if index else 0
        labels.append((ring, round(center - (inner + RING_RADII[index]) / 2)))
    dots = []
    for blip, number, x, y in blip_positions(radar):
        decision = blip.current.decision
        label = (
            f"{number}. {blip.name}: {blip.ring}, {QUADRANT_LABELS[blip.quadrant]}, {decision.id}"
        )
        href = urls.href(SRC, urls.decision_page(decision.id))
        dots.append(Dot(number, round(x, 1), round(y, 1), blip.ring, label, href))
    return Drawing(
        size=SIZE,
        center=center,
        rings=[(index, RING_RADII[index]) for index in reversed(range(len(RINGS)))],
        ring_labels=labels,
        quadrants=[(QUADRANT_LABELS[q], x, y, anchor) for q, (x, y, anchor) in CORNERS.items()],
        dots=dots,
        count=len(radar.blips),
    )


def _rows(ctx: SiteContext, radar: Radar) -> list[Row]:
    rows = []
    for blip, number, _x, _y in blip_positions(radar):
        history = "; ".join(
            f"{p.ring} by {p.decision.id} ({p.decision.status})" for p in reversed(blip.history)
        )
        rows.append(
            Row(
                anchor="tech-" + urls.slug(blip.name),
                number=number,
                name=blip.name,
                ring=blip.ring,
                quadrant=QUADRANT_LABELS[blip.quadrant],
                decision=ctx.decision_link(SRC, blip.current.decision),
                history=history or "-",
                products=[ctx.entity_link(SRC, e.ref) for e in blip.products],
            )
        )
    return rows


def build(ctx: SiteContext) -> Page:
    radar = radar_of(ctx)
    disagreements = [
        (
            ctx.entity_link(SRC, d.entity.ref),
            d.tag,
            d.blip.name,
            ctx.decision_link(SRC, d.blip.current.decision, with_title=False),
        )
        for d in radar.disagreements
    ]
    return render_page(
        "radar.j2",
        SRC,
        "Technology radar",
        wide=True,
        drawing=drawing(radar) if radar.blips else None,
        rows=_rows(ctx, radar),
        disagreements=disagreements,
    )
