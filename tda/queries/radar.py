"""The technology radar, as the council's decisions set it, and where the catalogue disagrees.

The latest accepted decision about a technology sets its ring and quadrant; decisions it
superseded (or that were deprecated) are its history. A product tagged with a technology the
radar puts on hold is a disagreement worth a look.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any

from pydantic import ValidationError

from tda.catalog.entity import Entity
from tda.catalogue import Catalogue
from tda.decisions.model import QUADRANTS, RINGS, Decision, Technology


def _esc(value: object) -> str:
    return escape(str(value), quote=True)


# Kinds whose tags say what they are built on.
BUILT_KINDS = ("component", "system", "resource", "api")
HISTORY_STATUSES = ("superseded", "deprecated")


@dataclass(frozen=True, slots=True)
class Placement:
    """One decision's placing of a technology on the radar."""

    decision: Decision
    technology: Technology

    @property
    def ring(self) -> str:
        return self.technology.ring

    @property
    def quadrant(self) -> str:
        return self.technology.quadrant


@dataclass
class Blip:
    name: str
    current: Placement
    history: list[Placement] = field(default_factory=list)  # oldest first, current excluded
    products: list[Entity] = field(default_factory=list)

    @property
    def ring(self) -> str:
        return self.current.ring

    @property
    def quadrant(self) -> str:
        return self.current.quadrant


@dataclass(frozen=True, slots=True)
class Disagreement:
    entity: Entity
    tag: str
    blip: Blip


@dataclass
class Radar:
    blips: list[Blip] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    conflicts: list[tuple[Placement, Placement]] = field(default_factory=list)


def technology_key(name: str) -> str:
    """`DynamoDB`, `dynamodb` and `Dynamo DB` name one technology; so does the tag `dynamo-db`."""
    return re.sub(r"[^a-z0-9+#]+", "-", name.casefold()).strip("-")


def placements(decision: Decision) -> list[Placement]:
    """The technologies a decision places, read leniently: a malformed entry is skipped here
    (TDA410 reports it) so that one typo does not empty the radar."""
    raw = [
        item
        for key in ("technologies", "radar")
        if isinstance(decision.front_matter.get(key), list)
        for item in decision.front_matter[key]
    ]
    found = []
    for item in raw:
        try:
            found.append(Placement(decision, Technology.model_validate(item)))
        except ValidationError:
            continue
    return found


def _order(placement: Placement) -> tuple[dt.date, int, str]:
    decision = placement.decision
    return (decision.date or dt.date.min, decision.number or 0, decision.id)


def build_radar(catalogue: Catalogue) -> Radar:
    radar = Radar()
    by_key: dict[str, list[Placement]] = {}
    for decision in catalogue.decisions.decisions if catalogue.decisions else []:
        if decision.status != "accepted" and decision.status not in HISTORY_STATUSES:
            continue
        for placement in placements(decision):
            by_key.setdefault(technology_key(placement.technology.name), []).append(placement)
    blips: dict[str, Blip] = {}
    for key, found in by_key.items():
        found.sort(key=_order)
        accepted = [p for p in found if p.decision.status == "accepted"]
        if not accepted:
            continue  # only superseded placements: the council no longer holds a view
        current = accepted[-1]
        blips[key] = Blip(current.technology.name, current, [p for p in found if p is not current])
        radar.conflicts += [(p, current) for p in accepted[:-1] if p.quadrant != current.quadrant]
    _attach_products(catalogue, blips, radar)
    radar.blips = sorted(
        blips.values(),
        key=lambda b: (QUADRANTS.index(b.quadrant), RINGS.index(b.ring), b.name.casefold()),
    )
    return radar


def _attach_products(catalogue: Catalogue, blips: dict[str, Blip], radar: Radar) -> None:
    table = {
        technology_key(tag): technology_key(name)
        for tag, name in catalogue.config.technologies.items()
    }
    for entity in catalogue.of_kind(*BUILT_KINDS):
        tags = entity.metadata.get("tags") or []
        seen: set[str] = set()
        for tag in tags:
            key = table.get(technology_key(str(tag)), technology_key(str(tag)))
            blip = blips.get(key)
            if blip is None or key in seen:
                continue
            seen.add(key)
            blip.products.append(entity)
            if blip.ring == "hold":
                radar.disagreements.append(Disagreement(entity, str(tag), blip))


def technologies_of(radar: Radar, entity: Entity) -> list[Blip]:
    return [blip for blip in radar.blips if entity in blip.products]


def blips_of_decision(radar: Radar, decision: Decision) -> list[Blip]:
    return [
        blip
        for blip in radar.blips
        if blip.current.decision is decision or any(p.decision is decision for p in blip.history)
    ]


def placement_lines(decision: Decision) -> list[str]:
    """The technologies a decision places on the radar, for `tda adr show`."""
    found = placements(decision)
    lines = [f"  {p.technology.name}: {p.ring} ({p.quadrant})" for p in found]
    return ["radar:", *lines] if lines else []


# --- output -------------------------------------------------------------------------------------


def _placed(placement: Placement) -> str:
    decision = placement.decision
    return f"{placement.ring} by {decision.id} ({decision.date or 'undated'}, {decision.status})"


def render_text(radar: Radar) -> str:
    if not radar.blips:
        return "no technologies on the radar: accepted decisions list none under `technologies`"
    lines: list[str] = []
    for quadrant in QUADRANTS:
        rows = [b for b in radar.blips if b.quadrant == quadrant]
        if not rows:
            continue
        lines.append(quadrant)
        for blip in rows:
            lines.append(f"  {blip.ring:<7} {blip.name}  ({blip.current.decision.id})")
            lines += [f"          was {_placed(p)}" for p in reversed(blip.history)]
    if radar.disagreements:
        lines += ["", "disagreements (products built on a technology on hold):"]
        lines += [
            f"  {d.entity.ref.short()}: tagged {d.tag}, and {d.blip.name} is on hold "
            f"({d.blip.current.decision.id})"
            for d in radar.disagreements
        ]
    return "\n".join(lines)


def _placement_json(placement: Placement) -> dict[str, Any]:
    decision = placement.decision
    return {
        "ring": placement.ring,
        "quadrant": placement.quadrant,
        "decision": decision.id,
        "status": decision.status,
        "date": decision.date.isoformat() if decision.date else None,
    }


def render_json(radar: Radar) -> str:
    payload = {
        "blips": [
            {
                "name": blip.name,
                "ring": blip.ring,
                "quadrant": blip.quadrant,
                "decision": blip.current.decision.id,
                "history": [_placement_json(p) for p in blip.history],
                "products": [entity.ref.short() for entity in blip.products],
            }
            for blip in radar.blips
        ],
        "disagreements": [
            {
                "entity": d.entity.ref.short(),
                "tag": d.tag,
                "technology": d.blip.name,
                "decision": d.blip.current.decision.id,
            }
            for d in radar.disagreements
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


SIZE = 640
RING_RADII = (110, 180, 245, 300)  # adopt, trial, assess, hold: outer edge of each band
QUADRANT_ANGLES = {  # where each quadrant's quarter of the circle starts, in degrees
    "techniques": 180.0,
    "tools": 270.0,
    "platforms": 90.0,
    "languages-and-frameworks": 0.0,
}
QUADRANT_LABELS = {
    "techniques": "Techniques",
    "tools": "Tools",
    "platforms": "Platforms",
    "languages-and-frameworks": "Languages and frameworks",
}


def blip_positions(radar: Radar) -> list[tuple[Blip, int, float, float]]:
    """(blip, number, x, y): blips spread evenly through their quadrant's share of their ring."""
    placed = []
    number = 0
    center = SIZE / 2
    for quadrant in QUADRANTS:
        for ring_index, ring in enumerate(RINGS):
            members = [b for b in radar.blips if b.quadrant == quadrant and b.ring == ring]
            inner = RING_RADII[ring_index - 1] if ring_index else 0
            outer = RING_RADII[ring_index]
            for index, blip in enumerate(members):
                number += 1
                share = (index + 1) / (len(members) + 1)
                angle = math.radians(QUADRANT_ANGLES[quadrant] + 90 * share)
                # Alternate the distance so blips in a crowded band do not overlap.
                radius = inner + (outer - inner) * (0.35 if index % 2 else 0.65)
                placed.append(
                    (
                        blip,
                        number,
                        center + radius * math.cos(angle),
                        center - radius * math.sin(angle),
                    )
                )
    return placed


def decision_file_link(catalogue: Catalogue) -> Callable[[Decision], str | None]:
    """Links from an SVG saved at the repository's root to each decision's file."""

    def link(decision: Decision) -> str | None:
        try:
            return decision.file.resolve().relative_to(catalogue.root).as_posix()
        except ValueError:
            return None

    return link


def render_svg(
    radar: Radar,
    href: Callable[[Decision], str | None] = lambda _decision: None,
    *,
    describedby: str | None = None,
) -> str:
    """The radar as inline SVG: rings, quadrants, and a numbered blip per technology.

    Each blip is a link (when href gives one) named for its technology, ring and decision, so a
    screen reader reads the same as the table that goes with it.
    """
    center = SIZE / 2
    described = f' aria-describedby="{_esc(describedby)}"' if describedby else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="tda-radar" viewBox="0 0 {SIZE} {SIZE}" '
        f'width="100%" role="group" aria-labelledby="tda-radar-title"{described}>',
        f'<title id="tda-radar-title">Technology radar: {len(radar.blips)} technologies in '
        "four rings (adopt, trial, assess, hold) and four quadrants</title>",
    ]
    for ring_index in reversed(range(len(RINGS))):
        parts.append(
            f'<circle cx="{center:.0f}" cy="{center:.0f}" r="{RING_RADII[ring_index]}" '
            f'class="tda-radar-ring tda-radar-ring-{ring_index}"/>'
        )
    parts.append(
        f'<line x1="{center - RING_RADII[-1]:.0f}" y1="{center:.0f}" '
        f'x2="{center + RING_RADII[-1]:.0f}" y2="{center:.0f}" class="tda-radar-axis"/>'
        f'<line x1="{center:.0f}" y1="{center - RING_RADII[-1]:.0f}" x2="{center:.0f}" '
        f'y2="{center + RING_RADII[-1]:.0f}" class="tda-radar-axis"/>'
    )
    for ring_index, ring in enumerate(RINGS):
        inner = RING_RADII[ring_index - 1] if ring_index else 0
        y = center - (inner + RING_RADII[ring_index]) / 2
        parts.append(
            f'<text x="{center + 4:.0f}" y="{y:.0f}" class="tda-radar-ring-label" '
            f'aria-hidden="true">{ring}</text>'
        )
    corners = {
        "techniques": (8, 24, "start"),
        "tools": (8, SIZE - 10, "start"),
        "platforms": (SIZE - 8, 24, "end"),
        "languages-and-frameworks": (SIZE - 8, SIZE - 10, "end"),
    }
    for quadrant, (x, y, anchor) in corners.items():
        parts.append(
            f'<text x="{x}" y="{y}" text-anchor="{anchor}" class="tda-radar-quadrant" '
            f'aria-hidden="true">{QUADRANT_LABELS[quadrant]}</text>'
        )
    for blip, number, x, y in blip_positions(radar):
        decision = blip.current.decision
        label = (
            f"{number}. {blip.name}: {blip.ring}, {QUADRANT_LABELS[blip.quadrant]}, {decision.id}"
        )
        inner = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="11" class="tda-radar-blip '
            f'tda-radar-{blip.ring}"/>'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" '
            f'class="tda-radar-number">{number}</text>'
        )
        link = href(decision)
        if link:
            parts.append(
                f'<a href="{_esc(link)}" aria-label="{_esc(label)}"><title>{_esc(label)}</title>'
                f"{inner}</a>"
            )
        else:
            parts.append(
                f'<g role="img" aria-label="{_esc(label)}"><title>{_esc(label)}</title>{inner}</g>'
            )
    parts.append("</svg>")
    return "".join(parts)
